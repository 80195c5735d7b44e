/* The sqlite3 driver module, through the loader and its function table. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver_load.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "rt_test_driver.h"

static rt_driver_module *mod;
static const struct rt_driver *drv;
static void *h;
/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir

static void setup(void)
{
    h = rt_test_driver_open(&mod, &drv, "sqlite3");
    rt_test_dir_setup();
}

static void teardown(void)
{
    rt_test_driver_close(mod, drv, h);
    rt_test_dir_teardown();
}

static int connect_params(const char *database, const struct rt_driver_param *params,
                          size_t n)
{
    struct rt_driver_connect_args a = {
        .struct_size = sizeof a,
        .dialect = "sqlite",
        .database = database,
        .params = params,
        .nparams = n,
    };
    return drv->connect(h, &a);
}

static char *file_db(const char *name)
{
    return rt_xasprintf("%s/%s", dir, name);
}

/* Collects rows as "a|b|NULL;" with column names on the first call. */
struct rows {
    rt_buf text;
    rt_buf names;
    int calls;
    int stop_after;
};

static int collect(void *ctx, size_t n, const char *const *names, const char *const *values)
{
    struct rows *r = ctx;
    if (r->calls++ == 0)
        for (size_t i = 0; i < n; i++)
            rt_buf_printf(&r->names, "%s%s", i ? "," : "", names[i]);
    for (size_t i = 0; i < n; i++)
        rt_buf_printf(&r->text, "%s%s", i ? "|" : "", values[i] ? values[i] : "NULL");
    rt_buf_putc(&r->text, ';');
    return r->stop_after && r->calls >= r->stop_after;
}

/* The suite's handle, bound once for the shared checks. */
static void exec_ok(const char *sql)
{
    rt_test_driver_exec_ok(drv, h, sql);
}

static void assert_query(const char *sql, const char *expect)
{
    rt_test_driver_assert_query(drv, h, sql, expect);
}

TestSuite(driver_sqlite3, .init = setup, .fini = teardown);

Test(driver_sqlite3, table_describes_the_driver)
{
    cr_assert_str_eq(drv->name, "sqlite3");
    cr_assert_eq(drv->caps, RT_DRV_CAP_TRANSACTIONS | RT_DRV_CAP_TRANSACTIONAL_DDL |
                                RT_DRV_CAP_SAVEPOINTS);
    cr_assert_not_null(strstr(drv->description, "SQLite"));
}

Test(driver_sqlite3, in_memory_text_and_null_values)
{
    cr_assert_eq(connect_params(NULL, NULL, 0), RT_DRV_OK);
    exec_ok("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(10), n REAL)");
    exec_ok("INSERT INTO t (name, n) VALUES ('a''b', 1.5), (NULL, NULL), ('ü', 2)");
    struct rows r = {RT_BUF_INIT, RT_BUF_INIT, 0, 0};
    cr_assert_eq(drv->query(h, "SELECT id, name, n AS num FROM t ORDER BY id", collect, &r),
                 RT_DRV_OK);
    cr_assert_str_eq(rt_buf_cstr(&r.text), "1|a'b|1.5;2|NULL|NULL;3|ü|2.0;");
    cr_assert_str_eq(rt_buf_cstr(&r.names), "id,name,num");
    rt_buf_free(&r.text);
    rt_buf_free(&r.names);
    /* "" is in memory too: nothing of the first connection is left. */
    cr_assert_eq(connect_params("", NULL, 0), RT_DRV_OK);
    assert_query("SELECT count(*) FROM sqlite_master", "0;");
}

Test(driver_sqlite3, file_database_persists_across_connections)
{
    char *path = file_db("app.db");
    cr_assert_eq(connect_params(path, NULL, 0), RT_DRV_OK);
    exec_ok("CREATE TABLE t (x TEXT)");
    exec_ok("INSERT INTO t VALUES ('kept')");
    drv->destroy(h);
    h = drv->create();
    cr_assert_eq(connect_params(path, NULL, 0), RT_DRV_OK);
    assert_query("SELECT x FROM t", "kept;");
    free(path);
}

Test(driver_sqlite3, syntax_error_reports_sqlite_message_and_code)
{
    cr_assert_eq(connect_params(NULL, NULL, 0), RT_DRV_OK);
    cr_assert_eq(drv->exec(h, "CREATE TABL t (x INTEGER)"), RT_DRV_ERROR);
    const struct rt_driver_diag *d = drv->error(h);
    cr_assert_eq(d->status, RT_DRV_ERROR);
    cr_assert_str_eq(d->message, "near \"TABL\": syntax error");
    cr_assert_eq(d->native_code, 1 /* SQLITE_ERROR */);
    cr_assert_str_eq(d->sqlstate, "");

    cr_assert_eq(drv->query(h, "SELECT * FROM missing", collect, NULL), RT_DRV_ERROR);
    cr_assert_str_eq(drv->error(h)->message, "no such table: missing");
}

Test(driver_sqlite3, constraint_violation_has_extended_code)
{
    cr_assert_eq(connect_params(NULL, NULL, 0), RT_DRV_OK);
    exec_ok("CREATE TABLE t (x INTEGER UNIQUE)");
    exec_ok("INSERT INTO t VALUES (1)");
    cr_assert_eq(drv->exec(h, "INSERT INTO t VALUES (1)"), RT_DRV_ERROR);
    cr_assert_eq(drv->error(h)->native_code, 2067 /* SQLITE_CONSTRAINT_UNIQUE */);
    cr_assert_not_null(strstr(drv->error(h)->message, "UNIQUE constraint failed: t.x"));
}

Test(driver_sqlite3, rollback_undoes_insert_and_create_table)
{
    char *path = file_db("tx.db");
    cr_assert_eq(connect_params(path, NULL, 0), RT_DRV_OK);
    exec_ok("CREATE TABLE t (x INTEGER)");
    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok("INSERT INTO t VALUES (1)");
    exec_ok("CREATE TABLE u (y INTEGER)");
    assert_query("SELECT count(*) FROM t", "1;");
    cr_assert_eq(drv->rollback(h), RT_DRV_OK);
    assert_query("SELECT count(*) FROM t", "0;");
    assert_query("SELECT name FROM sqlite_master ORDER BY name", "t;");

    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok("CREATE TABLE u (y INTEGER)");
    exec_ok("INSERT INTO t VALUES (2)");
    cr_assert_eq(drv->commit(h), RT_DRV_OK);
    assert_query("SELECT name FROM sqlite_master ORDER BY name", "t;u;");
    assert_query("SELECT x FROM t", "2;");

    /* Savepoints nest inside a transaction. */
    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok("SAVEPOINT s1");
    exec_ok("INSERT INTO t VALUES (3)");
    exec_ok("ROLLBACK TO SAVEPOINT s1");
    cr_assert_eq(drv->commit(h), RT_DRV_OK);
    assert_query("SELECT count(*) FROM t", "1;");

    cr_assert_eq(drv->commit(h), RT_DRV_ERROR);
    cr_assert_not_null(strstr(drv->error(h)->message, "no transaction is active"), "%s",
                       drv->error(h)->message);
    free(path);
}

Test(driver_sqlite3, foreign_keys_stay_off)
{
    cr_assert_eq(connect_params(NULL, NULL, 0), RT_DRV_OK);
    assert_query("PRAGMA foreign_keys", "0;");
}

Test(driver_sqlite3, read_only_mode_and_timeout_option)
{
    char *path = file_db("ro.db");
    struct rt_driver_param ro[] = {{"mode", "ro"}, {"timeout", "0.5"}};
    cr_assert_eq(connect_params(path, ro, 2), RT_DRV_CONNECT);
    cr_assert_not_null(strstr(drv->error(h)->message, "unable to open database file"));
    cr_assert_not_null(strstr(drv->error(h)->message, path));

    cr_assert_eq(connect_params(path, NULL, 0), RT_DRV_OK);
    exec_ok("CREATE TABLE t (x INTEGER)");
    cr_assert_eq(connect_params(path, ro, 2), RT_DRV_OK, "%s", drv->error(h)->message);
    assert_query("SELECT count(*) FROM t", "0;");
    cr_assert_eq(drv->exec(h, "INSERT INTO t VALUES (1)"), RT_DRV_ERROR);
    cr_assert_not_null(strstr(drv->error(h)->message, "readonly"), "%s",
                       drv->error(h)->message);
    free(path);
}

Test(driver_sqlite3, bad_options_and_paths_are_refused)
{
    struct rt_driver_param bad_mode[] = {{"mode", "rx"}};
    cr_assert_eq(connect_params(NULL, bad_mode, 1), RT_DRV_CONNECT);
    cr_assert_not_null(strstr(drv->error(h)->message, "mode=rx"));

    struct rt_driver_param bad_timeout[] = {{"timeout", "soon"}};
    cr_assert_eq(connect_params(NULL, bad_timeout, 1), RT_DRV_CONNECT);
    cr_assert_not_null(strstr(drv->error(h)->message, "timeout=soon"));

    struct rt_driver_param unknown[] = {{"check_same_thread", "false"}, {"jounal", "wal"}};
    cr_assert_eq(connect_params(NULL, unknown, 2), RT_DRV_CONNECT);
    cr_assert_str_eq(drv->error(h)->message,
                     "unknown sqlite3 URL option 'jounal' (supported: mode, timeout, uri)");

    char *path = file_db("no/such/folder/x.db");
    cr_assert_eq(connect_params(path, NULL, 0), RT_DRV_CONNECT);
    cr_assert_not_null(strstr(drv->error(h)->message, path));
    free(path);

    /* Not connected: a clear refusal, never a crash. */
    cr_assert_eq(drv->exec(h, "SELECT 1"), RT_DRV_ERROR);
    cr_assert_str_eq(drv->error(h)->message, "not connected");
}

/* The contract of rt_driver.h: one statement per call; a second one is
 * refused before the first runs. */
Test(driver_sqlite3, exec_runs_one_statement_and_refuses_a_second)
{
    cr_assert_eq(connect_params(NULL, NULL, 0), RT_DRV_OK);
    cr_assert_eq(drv->exec(h, "CREATE TABLE a (x INTEGER); -- first\nCREATE TABLE b (y "
                              "INTEGER);\n/* end */ "),
                 RT_DRV_ERROR);
    cr_assert_not_null(strstr(drv->error(h)->message, "more than one SQL statement"), "%s",
                       drv->error(h)->message);
    cr_assert_eq(drv->query(h, "SELECT 1; SELECT 2", collect, NULL), RT_DRV_ERROR);
    assert_query("SELECT name FROM sqlite_master ORDER BY name", "");
    exec_ok("CREATE TABLE a (x INTEGER); -- first\n/* end */ ");
    exec_ok("   ");
    assert_query("SELECT name FROM sqlite_master ORDER BY name", "a;");
    cr_assert_eq(drv->query(h, "-- nothing", collect, NULL), RT_DRV_ERROR);
}
