/* The unixODBC driver module against the real servers, through the driver
 * ABI. Needs the registration made by ci/odbc.sh (ODBCSYSINI). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "driver_load.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "rt_test_driver.h"
#include "url.h"

static rt_driver_module *mod;
static const struct rt_driver *drv;

static void load(void)
{
    rt_test_require_odbc();
    rt_test_driver_load(&mod, &drv, "odbc");
}

static void unload(void)
{
    rt_driver_unload(mod);
}

TestSuite(driver_odbc, .init = load, .fini = unload);

typedef struct rows {
    rt_strv cells; /* "NULL" for SQL NULL */
    size_t ncols;
} rows;

static int collect(void *ctx, size_t ncols, const char *const *names, const char *const *values)
{
    rows *r = ctx;
    (void)names;
    r->ncols = ncols;
    for (size_t i = 0; i < ncols; i++)
        rt_strv_push(&r->cells, values[i] ? values[i] : "NULL");
    return 0;
}

static struct rt_driver_connect_args args(const char *dialect, const char *host, int port,
                                          const char *user, const char *password,
                                          const char *database,
                                          const struct rt_driver_param *params, size_t n)
{
    struct rt_driver_connect_args a = {
        .struct_size = sizeof a, .dialect = dialect, .host = host, .port = port,
        .user = user, .password = password, .database = database,
        .params = params, .nparams = n,
    };
    return a;
}

static void *connect_ok(const struct rt_driver_connect_args *a)
{
    void *h = drv->create();
    cr_assert_not_null(h);
    int rc = drv->connect(h, a);
    cr_assert_eq(rc, RT_DRV_OK, "connect: %s", drv->error(h)->message);
    return h;
}

static void exec_ok(void *h, const char *sql)
{
    rt_test_driver_exec_ok(drv, h, sql);
}

/* Host and port of the servers the environment names (RETORT_TEST_*_URL),
 * never a hardcoded port: several server sets run side by side. */
static rt_url *server(const char *text)
{
    static rt_url *pg, *my;
    rt_url **slot = strcmp(text, rt_test_pg_url()) == 0 ? &pg : &my;
    if (!*slot) {
        rt_error err;
        cr_assert_eq(rt_url_parse(slot, text, &err), RT_OK, "%s", err.message);
    }
    return *slot;
}

static const char *pg_host(void)
{
    return server(rt_test_pg_url())->host;
}

static int pg_port(void)
{
    return server(rt_test_pg_url())->port;
}

static const char *my_host(void)
{
    return server(rt_test_mysql_url())->host;
}

static int my_port(void)
{
    return server(rt_test_mysql_url())->port;
}

static const struct rt_driver_param pg_driver[] = { { "driver", "PostgreSQL Unicode" } };
static const struct rt_driver_param my_driver[] = { { "driver", "MariaDB Unicode" } };

/* Text, NULL and a value longer than one SQLGetData chunk come back intact. */
static void roundtrip(void *h, const char *create)
{
    exec_ok(h, "DROP TABLE IF EXISTS odbc_t");
    exec_ok(h, create);
    rt_buf big = RT_BUF_INIT;
    rt_buf_append(&big, "INSERT INTO odbc_t (id, v) VALUES (1, '");
    for (int i = 0; i < 10000; i++)
        rt_buf_putc(&big, (char)('a' + i % 26));
    rt_buf_append(&big, "')");
    exec_ok(h, rt_buf_cstr(&big));
    rt_buf_free(&big);
    exec_ok(h, "INSERT INTO odbc_t (id, v) VALUES (2, NULL)");
    exec_ok(h, "DELETE FROM odbc_t WHERE id = 99"); /* no row: SQL_NO_DATA is fine */

    rows r = { RT_STRV_INIT, 0 };
    cr_assert_eq(drv->query(h, "SELECT id, v FROM odbc_t ORDER BY id", collect, &r), RT_DRV_OK,
                 "%s", drv->error(h)->message);
    cr_assert_eq(r.ncols, 2);
    cr_assert_eq(r.cells.n, 4);
    cr_assert_str_eq(r.cells.items[0], "1");
    cr_assert_eq(strlen(r.cells.items[1]), 10000);
    cr_assert_eq(strncmp(r.cells.items[1], "abcdef", 6), 0);
    cr_assert_eq(r.cells.items[1][9999], (char)('a' + 9999 % 26));
    cr_assert_str_eq(r.cells.items[3], "NULL");
    rt_strv_free(&r.cells);
    exec_ok(h, "DROP TABLE odbc_t");
}

Test(driver_odbc, postgresql_by_driver_name)
{
    struct rt_driver_connect_args a = args("postgresql", pg_host(), pg_port(), "test", "test",
                                           "test", pg_driver, 1);
    void *h = connect_ok(&a);
    roundtrip(h, "CREATE TABLE odbc_t (id INTEGER PRIMARY KEY, v TEXT)");
    drv->destroy(h);
}

Test(driver_odbc, mariadb_by_driver_name)
{
    struct rt_driver_connect_args a = args("mysql", my_host(), my_port(), "test", "test", "test",
                                           my_driver, 1);
    void *h = connect_ok(&a);
    roundtrip(h, "CREATE TABLE odbc_t (id INT PRIMARY KEY, v LONGTEXT)");
    drv->destroy(h);
}

Test(driver_odbc, sqlite_by_driver_name)
{
    char *dir = rt_test_tmpdir();
    char *db = rt_xasprintf("%s/odbc.db", dir);
    static const struct rt_driver_param p[] = { { "driver", "SQLite3" } };
    struct rt_driver_connect_args a = args("sqlite", NULL, 0, NULL, NULL, db, p, 1);
    void *h = connect_ok(&a);
    roundtrip(h, "CREATE TABLE odbc_t (id INTEGER PRIMARY KEY, v TEXT)");
    drv->destroy(h);
    free(db);
    rt_test_rmtree(dir);
    free(dir);
}

Test(driver_odbc, dsn_form)
{
    /* postgresql+odbc://test:test@retort_pg: the host part names a DSN. */
    struct rt_driver_connect_args a = args("postgresql", "retort_pg", 0, "test", "test", NULL,
                                           NULL, 0);
    void *h = connect_ok(&a);
    rows r = { RT_STRV_INIT, 0 };
    cr_assert_eq(drv->query(h, "SELECT current_user", collect, &r), RT_DRV_OK);
    cr_assert_str_eq(r.cells.items[0], "test");
    rt_strv_free(&r.cells);
    drv->destroy(h);
}

Test(driver_odbc, odbc_connect_string_verbatim)
{
    char *cs = rt_xasprintf("DRIVER={MariaDB Unicode};SERVER=%s;PORT=%d;DATABASE=test;UID=test;"
                            "PWD=test",
                            my_host(), my_port());
    const struct rt_driver_param p[] = { { "odbc_connect", cs } };
    struct rt_driver_connect_args a = args("mysql", NULL, 0, NULL, NULL, NULL, p, 1);
    void *h = connect_ok(&a);
    rows r = { RT_STRV_INIT, 0 };
    cr_assert_eq(drv->query(h, "SELECT DATABASE()", collect, &r), RT_DRV_OK);
    cr_assert_str_eq(r.cells.items[0], "test");
    rt_strv_free(&r.cells);
    drv->destroy(h);
    free(cs);
}

Test(driver_odbc, rollback_undoes_ddl_on_postgresql)
{
    struct rt_driver_connect_args a = args("postgresql", pg_host(), pg_port(), "test", "test",
                                           "test", pg_driver, 1);
    void *h = connect_ok(&a);
    exec_ok(h, "DROP TABLE IF EXISTS odbc_tx");
    cr_assert_eq(drv->begin(h), RT_DRV_OK, "%s", drv->error(h)->message);
    exec_ok(h, "CREATE TABLE odbc_tx (id INTEGER)");
    cr_assert_eq(drv->rollback(h), RT_DRV_OK, "%s", drv->error(h)->message);
    rows r = { RT_STRV_INIT, 0 };
    cr_assert_eq(drv->query(h, "SELECT count(*) FROM information_schema.tables "
                               "WHERE table_name = 'odbc_tx'", collect, &r), RT_DRV_OK);
    cr_assert_str_eq(r.cells.items[0], "0");
    rt_strv_free(&r.cells);

    /* and commit keeps it */
    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok(h, "CREATE TABLE odbc_tx (id INTEGER)");
    cr_assert_eq(drv->commit(h), RT_DRV_OK, "%s", drv->error(h)->message);
    exec_ok(h, "DROP TABLE odbc_tx");
    drv->destroy(h);
}

Test(driver_odbc, statement_error_has_sqlstate_and_server_text)
{
    struct rt_driver_connect_args a = args("postgresql", pg_host(), pg_port(), "test", "test",
                                           "test", pg_driver, 1);
    void *h = connect_ok(&a);
    cr_assert_eq(drv->exec(h, "SELECT * FROM no_such_table_here"), RT_DRV_ERROR);
    const struct rt_driver_diag *d = drv->error(h);
    cr_assert_str_eq(d->sqlstate, "42P01");
    cr_assert(strstr(d->message, "no_such_table_here"), "%s", d->message);
    drv->destroy(h);
}

Test(driver_odbc, wrong_driver_name)
{
    static const struct rt_driver_param p[] = { { "driver", "No Such Driver" } };
    struct rt_driver_connect_args a = args("postgresql", pg_host(), pg_port(), "test", "test",
                                           "test", p, 1);
    void *h = drv->create();
    cr_assert_eq(drv->connect(h, &a), RT_DRV_CONNECT);
    /* unixODBC 2.3 answers 01000 "Can't open lib"; older ones IM002. */
    const struct rt_driver_diag *d = drv->error(h);
    cr_assert(strcmp(d->sqlstate, "01000") == 0 || strcmp(d->sqlstate, "IM002") == 0,
              "%s: %s", d->sqlstate, d->message);
    cr_assert(strstr(d->message, "No Such Driver"), "%s", d->message);
    cr_assert(strstr(d->message, "odbcinst -q -d"), "%s", d->message);
    drv->destroy(h);
}

Test(driver_odbc, unreachable_server)
{
    struct rt_driver_connect_args a = args("postgresql", "127.0.0.1", 1, "test", "test", "test",
                                           pg_driver, 1);
    void *h = drv->create();
    cr_assert_eq(drv->connect(h, &a), RT_DRV_CONNECT);
    const struct rt_driver_diag *d = drv->error(h);
    cr_assert_str_eq(d->sqlstate, "08001", "%s: %s", d->sqlstate, d->message);
    drv->destroy(h);
}

Test(driver_odbc, bad_credentials)
{
    struct rt_driver_connect_args a = args("mysql", my_host(), my_port(), "test", "wrong-secret",
                                           "test", my_driver, 1);
    void *h = drv->create();
    cr_assert_eq(drv->connect(h, &a), RT_DRV_CONNECT);
    const struct rt_driver_diag *d = drv->error(h);
    cr_assert_str_eq(d->sqlstate, "28000", "%s: %s", d->sqlstate, d->message);
    cr_assert_null(strstr(d->message, "wrong-secret"));
    drv->destroy(h);
}

Test(driver_odbc, url_without_driver_or_dsn_is_refused)
{
    struct rt_driver_connect_args a = args("postgresql", pg_host(), pg_port(), "test", "test",
                                           "test", NULL, 0);
    void *h = drv->create();
    cr_assert_eq(drv->connect(h, &a), RT_DRV_CONNECT);
    cr_assert(strstr(drv->error(h)->message, "?driver="), "%s", drv->error(h)->message);
    drv->destroy(h);
}
