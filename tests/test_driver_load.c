/* The driver loader: search path order, refusals, and the one-line messages
 * a user sees when a module or its client library is missing. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend_registry.h"
#include "driver_load.h"
#include "rt_mem.h"
#include "rt_test.h"

#define FIXTURES RT_BINARY_DIR "/tests/fixtures"

static void assert_one_line(const rt_error *err)
{
    cr_assert_null(strchr(err->message, '\n'), "message spans lines: %s", err->message);
    cr_assert_gt(strlen(err->message), 20);
}

static void assert_refused(const char *fixture, const char *expect)
{
    rt_driver_module *m = (rt_driver_module *)1;
    rt_error err;
    rt_error_clear(&err);
    char *path = rt_xasprintf("%s/retort_driver_broken_%s.so", FIXTURES, fixture);
    int rc = rt_driver_load_path(&m, fixture, path, NULL, &err);
    cr_assert_eq(rc, RT_EDRIVER, "%s: rc %d", fixture, rc);
    cr_assert_eq(err.code, RT_EDRIVER);
    cr_assert_eq(rt_exit_status(err.code), 2);
    cr_assert_null(m);
    cr_assert_not_null(strstr(err.message, expect), "%s: %s", fixture, err.message);
    cr_assert_not_null(strstr(err.message, path), "%s", err.message);
    assert_one_line(&err);
    free(path);
}

Test(driver_load, loads_sqlite3_from_driver_path)
{
    setenv("RETORT_DRIVER_PATH", RT_DRIVER_BUILD_DIR, 1);
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_driver_load(&m, "sqlite3", rt_backend_client_package("sqlite3"), &err), RT_OK, "%s", err.message);
    const struct rt_driver *t = rt_driver_module_table(m);
    cr_assert_str_eq(t->name, "sqlite3");
    cr_assert_eq(t->abi_version, RT_DRIVER_ABI_VERSION);
    cr_assert(t->caps & RT_DRV_CAP_TRANSACTIONAL_DDL);
    cr_assert_str_eq(rt_driver_module_path(m), RT_DRIVER_BUILD_DIR "/retort_driver_sqlite3.so");
    rt_driver_unload(m);
    rt_driver_unload(NULL);
}

Test(driver_load, refuses_newer_abi_version)
{
    assert_refused("wrong_abi", "built for driver ABI 3, newer than the ABI 2 of this "
                                "retort; upgrade retort");
}

/* An ABI 1 module (its table ends after error) still loads; the slots ABI 2
 * added are absent for it, whatever lies past its end. */
Test(driver_load, accepts_older_abi_1_module)
{
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_driver_load_path(&m, "old_abi1", FIXTURES "/retort_driver_old_abi1.so", NULL,
                                 &err);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    const struct rt_driver *t = rt_driver_module_table(m);
    cr_assert_eq(t->abi_version, 1);
    cr_assert_eq(t->struct_size, RT_DRIVER_ABI1_SIZE);
    cr_assert(!RT_DRIVER_HAS(t, exec_params));
    cr_assert(!RT_DRIVER_HAS(t, query_params));
    cr_assert(!RT_DRIVER_HAS(t, server_info));
    rt_driver_unload(m);
}

Test(driver_load, refuses_module_without_entry_symbol)
{
    assert_refused("no_entry", "exports no rt_driver_entry");
}

Test(driver_load, refuses_null_table)
{
    assert_refused("null_table", "refused driver ABI 2");
}

Test(driver_load, refuses_too_small_table)
{
    assert_refused("small_table", "smaller than the");
    assert_refused("small_table", "of ABI 1");
}

Test(driver_load, unknown_driver_lists_searched_folders)
{
    char *dir = rt_test_tmpdir();
    setenv("RETORT_DRIVER_PATH", dir, 1);
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_driver_load(&m, "nosuchdriver", rt_backend_client_package("nosuchdriver"), &err), RT_EDRIVER);
    cr_assert_null(m);
    cr_assert_not_null(strstr(err.message, "driver 'nosuchdriver' is not installed"), "%s",
                       err.message);
    cr_assert_not_null(strstr(err.message, dir), "%s", err.message);
    cr_assert_not_null(strstr(err.message, RT_DRIVER_BUILD_DIR), "%s", err.message);
    cr_assert_null(strstr(err.message, "Debian"), "%s", err.message);
    assert_one_line(&err);
    rt_test_rmtree(dir);
    free(dir);
}

Test(driver_load, missing_module_names_the_debian_package)
{
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_driver_load_path(&m, "mysqlclient", "/nonexistent/retort_driver_mysqlclient.so",
                                     "libmariadb3", &err),
                 RT_EDRIVER);
    cr_assert_not_null(strstr(err.message, "driver 'mysqlclient' is not installed"), "%s",
                       err.message);
    cr_assert_not_null(strstr(err.message, "libmariadb3"), "%s", err.message);
    /* dlerror()'s own words are kept. */
    cr_assert_not_null(strstr(err.message, "No such file or directory"), "%s", err.message);
    assert_one_line(&err);
}

Test(driver_load, missing_client_library_names_the_debian_package)
{
    setenv("RETORT_DRIVER_PATH", FIXTURES "/missing_client:" RT_DRIVER_BUILD_DIR, 1);
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_driver_load(&m, "libpq", rt_backend_client_package("libpq"), &err), RT_EDRIVER);
    cr_assert_null(m);
    cr_assert_eq(rt_exit_status(err.code), 2);
    cr_assert_not_null(strstr(err.message, "driver 'libpq' cannot be loaded: its client "
                                           "library is missing"),
                       "%s", err.message);
    cr_assert_not_null(strstr(err.message, "apt-get install libpq5"), "%s", err.message);
    cr_assert_not_null(strstr(err.message, "libretort_fixture_client.so"), "%s", err.message);
    cr_assert_not_null(strstr(err.message, "cannot open shared object file"), "%s",
                       err.message);
    assert_one_line(&err);
}

Test(driver_load, rejects_names_that_are_not_module_names)
{
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_driver_load(&m, "../sqlite3", rt_backend_client_package("../sqlite3"), &err), RT_EDRIVER);
    cr_assert_not_null(strstr(err.message, "not a valid driver name"), "%s", err.message);
    cr_assert_eq(rt_driver_load(&m, "", rt_backend_client_package(""), &err), RT_EDRIVER);
}

/* A folder holding a refused module named retort_driver_sqlite3.so shows
 * which folder the loader looked at first. */
static char *decoy_sqlite3_dir(void)
{
    char *dir = rt_test_tmpdir();
    int rc = rt_test_sh(NULL, NULL, "cp '%s/retort_driver_broken_wrong_abi.so' "
                                    "'%s/retort_driver_sqlite3.so'",
                        FIXTURES, dir);
    cr_assert_eq(rc, 0);
    return dir;
}

Test(driver_load, driver_path_folders_are_searched_in_order)
{
    char *decoy = decoy_sqlite3_dir();
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);

    char *path = rt_xasprintf("::%s:%s", decoy, RT_DRIVER_BUILD_DIR);
    setenv("RETORT_DRIVER_PATH", path, 1);
    cr_assert_eq(rt_driver_load(&m, "sqlite3", rt_backend_client_package("sqlite3"), &err), RT_EDRIVER);
    cr_assert_not_null(strstr(err.message, decoy), "%s", err.message);
    cr_assert_not_null(strstr(err.message, "ABI 2"), "%s", err.message);
    free(path);

    path = rt_xasprintf("%s:%s", RT_DRIVER_BUILD_DIR, decoy);
    setenv("RETORT_DRIVER_PATH", path, 1);
    cr_assert_eq(rt_driver_load(&m, "sqlite3", rt_backend_client_package("sqlite3"), &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(rt_driver_module_table(m)->name, "sqlite3");
    rt_driver_unload(m);
    free(path);

    rt_test_rmtree(decoy);
    free(decoy);
}

Test(driver_load, install_folder_beside_executable_comes_before_build_tree)
{
    /* <exe dir>/../lib/retort/drivers, as `cmake --install` lays it out. */
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    cr_assert_gt(n, 0);
    exe[n] = '\0';
    *strrchr(exe, '/') = '\0';
    char *inst = rt_xasprintf("%s/../lib/retort/drivers", exe);
    cr_assert_eq(rt_test_sh(NULL, NULL, "mkdir -p '%s' && cp '%s/retort_driver_broken_wrong_abi.so' "
                                        "'%s/retort_driver_sqlite3.so'",
                            inst, FIXTURES, inst),
                 0);
    unsetenv("RETORT_DRIVER_PATH");
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_driver_load(&m, "sqlite3", rt_backend_client_package("sqlite3"), &err);
    rt_test_sh(NULL, NULL, "rm -f '%s/retort_driver_sqlite3.so'", inst);
    cr_assert_eq(rc, RT_EDRIVER, "the build tree's module was picked");
    cr_assert_not_null(strstr(err.message, "lib/retort/drivers/retort_driver_sqlite3.so"), "%s",
                       err.message);

    /* With the install folder empty, the build tree's module is found. */
    cr_assert_eq(rt_driver_load(&m, "sqlite3", rt_backend_client_package("sqlite3"), &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(rt_driver_module_path(m), RT_DRIVER_BUILD_DIR "/retort_driver_sqlite3.so");
    rt_driver_unload(m);
    free(inst);
}

