/* The libpq driver against the real PostgreSQL server (ci/servers.sh). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "driver_load.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "rt_test_driver.h"
#include "url.h"

static rt_driver_module *mod;
static const struct rt_driver *drv;
static void *h;
static rt_url *url;

static void setup(void)
{
    h = rt_test_driver_open(&mod, &drv, "libpq");
    url = rt_test_url(rt_test_pg_url());
}

static void teardown(void)
{
    rt_test_driver_close(mod, drv, h);
    rt_url_free(url);
}

static int connect_with(const char *password, const struct rt_driver_param *params,
                        size_t n)
{
    return rt_test_driver_connect(drv, h, url, url->host, password, params, n);
}

static void connect_ok(void)
{
    int rc = connect_with(url->password, NULL, 0);
    cr_assert_eq(rc, RT_DRV_OK,
                 "PostgreSQL unreachable (run `bash ci/servers.sh start`): %s",
                 drv->error(h)->message);
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

static void assert_fails(const char *sql, const char *sqlstate, const char *text)
{
    cr_assert_eq(drv->exec(h, sql), RT_DRV_ERROR, "%s succeeded", sql);
    const struct rt_driver_diag *d = drv->error(h);
    cr_assert_eq(d->status, RT_DRV_ERROR);
    cr_assert_str_eq(d->sqlstate, sqlstate, "%s: %s", sql, d->message);
    cr_assert_not_null(strstr(d->message, text), "%s: %s", sql, d->message);
}

TestSuite(driver_libpq, .init = setup, .fini = teardown);

Test(driver_libpq, text_and_null_values_with_column_names)
{
    connect_ok();
    cr_assert_eq(drv->caps, RT_DRV_CAP_TRANSACTIONS | RT_DRV_CAP_TRANSACTIONAL_DDL |
                                RT_DRV_CAP_SAVEPOINTS);
    exec_ok("DROP TABLE IF EXISTS drv_pg_values");
    exec_ok("CREATE TABLE drv_pg_values (id INTEGER PRIMARY KEY, name VARCHAR(10), "
            "ok BOOLEAN, n NUMERIC(5,2))");
    exec_ok("INSERT INTO drv_pg_values VALUES (1, 'a''b', TRUE, 1.5), (2, NULL, NULL, NULL), "
            "(3, 'ü', FALSE, -2)");
    assert_query("SELECT id, name, ok, n FROM drv_pg_values ORDER BY id",
                 "1|a'b|t|1.50;2|NULL|NULL|NULL;3|ü|f|-2.00;");
    assert_query("SELECT id FROM drv_pg_values WHERE id > 10", "");
    /* query() of a statement without rows is not an error. */
    cr_assert_eq(drv->query(h, "UPDATE drv_pg_values SET n = 0 WHERE id = 2", rt_test_collect_rows, NULL),
                 RT_DRV_OK);
    exec_ok("DROP TABLE drv_pg_values");
}

Test(driver_libpq, bad_password_is_28P01_without_the_password)
{
    int rc = connect_with("wrong-secret-pw", NULL, 0);
    cr_assert_eq(rc, RT_DRV_CONNECT);
    const struct rt_driver_diag *d = drv->error(h);
    cr_assert_eq(d->status, RT_DRV_CONNECT);
    cr_assert_str_eq(d->sqlstate, "28P01", "%s", d->message);
    cr_assert_not_null(strstr(d->message, "FATAL:  password authentication failed for user"),
                       "%s", d->message);
    cr_assert_null(strstr(d->message, "wrong-secret-pw"));
    cr_assert_null(strstr(d->message, "LOCATION"), "%s", d->message);
    cr_assert_null(strstr(d->message, "28P01"), "%s", d->message);
    cr_assert_eq(drv->exec(h, "SELECT 1"), RT_DRV_ERROR);
    cr_assert_str_eq(drv->error(h)->message, "not connected");
}

Test(driver_libpq, unknown_database_and_refused_port)
{
    struct rt_driver_connect_args a = {
        .struct_size = sizeof a, .dialect = "postgresql", .host = url->host,
        .port = url->port, .user = url->user, .password = url->password,
        .database = "drv_no_such_db",
    };
    cr_assert_eq(drv->connect(h, &a), RT_DRV_CONNECT);
    cr_assert_str_eq(drv->error(h)->sqlstate, "3D000", "%s", drv->error(h)->message);
    cr_assert_not_null(strstr(drv->error(h)->message, "\"drv_no_such_db\" does not exist"));

    a.database = url->database;
    a.port = 1;
    cr_assert_eq(drv->connect(h, &a), RT_DRV_CONNECT);
    cr_assert_str_eq(drv->error(h)->sqlstate, "08001");
    cr_assert_not_null(strstr(drv->error(h)->message, "Connection refused"), "%s",
                       drv->error(h)->message);
}

Test(driver_libpq, syntax_error_has_sqlstate_and_message)
{
    connect_ok();
    assert_fails("SELEC 1", "42601", "syntax error at or near \"SELEC\"");
    assert_fails("SELECT * FROM drv_pg_missing", "42P01",
                 "relation \"drv_pg_missing\" does not exist");
    cr_assert_eq(drv->query(h, "SELECT 1/0", rt_test_collect_rows, NULL), RT_DRV_ERROR);
    cr_assert_str_eq(drv->error(h)->sqlstate, "22012");
    cr_assert_str_eq(drv->error(h)->message, "division by zero");
}

Test(driver_libpq, detail_and_hint_lines_are_appended)
{
    connect_ok();
    exec_ok("DROP TABLE IF EXISTS drv_pg_dup");
    exec_ok("CREATE TABLE drv_pg_dup (x INTEGER)");
    exec_ok("INSERT INTO drv_pg_dup VALUES (1), (1)");
    assert_fails("CREATE UNIQUE INDEX drv_pg_dup_x ON drv_pg_dup (x)", "23505",
                 "could not create unique index \"drv_pg_dup_x\"\n"
                 "DETAIL:  Key (x)=(1) is duplicated.");
    assert_fails("SELECT drv_pg_nofn(1)", "42883",
                 "function drv_pg_nofn(integer) does not exist\nHINT:  No function matches");
    exec_ok("DROP TABLE drv_pg_dup");
}

Test(driver_libpq, rollback_undoes_insert_and_create_table)
{
    connect_ok();
    exec_ok("DROP TABLE IF EXISTS drv_pg_tx");
    exec_ok("DROP TABLE IF EXISTS drv_pg_tx_new");
    exec_ok("CREATE TABLE drv_pg_tx (x INTEGER)");
    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok("INSERT INTO drv_pg_tx VALUES (1)");
    exec_ok("CREATE TABLE drv_pg_tx_new (y INTEGER)");
    cr_assert_eq(drv->rollback(h), RT_DRV_OK);
    assert_query("SELECT count(*) FROM drv_pg_tx", "0;");
    assert_query("SELECT to_regclass('drv_pg_tx_new') IS NULL", "t;");

    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok("INSERT INTO drv_pg_tx VALUES (2)");
    exec_ok("SAVEPOINT s1");
    exec_ok("INSERT INTO drv_pg_tx VALUES (3)");
    exec_ok("ROLLBACK TO SAVEPOINT s1");
    cr_assert_eq(drv->commit(h), RT_DRV_OK);
    assert_query("SELECT x FROM drv_pg_tx", "2;");

    /* A failed statement poisons the transaction: COMMIT must not look
     * like success. */
    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok("INSERT INTO drv_pg_tx VALUES (4)");
    cr_assert_eq(drv->exec(h, "SELEC 1"), RT_DRV_ERROR);
    cr_assert_eq(drv->commit(h), RT_DRV_ERROR);
    cr_assert_str_eq(drv->error(h)->sqlstate, "25P02");
    assert_query("SELECT x FROM drv_pg_tx", "2;");
    exec_ok("DROP TABLE drv_pg_tx");
}

static const char *pg_socket_dir(void)
{
    const char *d = getenv("RETORT_TEST_PG_SOCKET_DIR");
    return d && *d ? d : "/tmp/retort-ci/pg/sock";
}

Test(driver_libpq, unix_socket_host_from_query_option)
{
    struct rt_driver_param p[] = {{"host", pg_socket_dir()}};
    cr_assert_eq(connect_with(url->password, p, 1), RT_DRV_OK, "%s", drv->error(h)->message);
    /* inet_server_addr() is NULL exactly on a Unix-domain socket. */
    assert_query("SELECT inet_server_addr() IS NULL", "t;");
}

Test(driver_libpq, query_options_are_conninfo_keywords)
{
    struct rt_driver_param p[] = {
        {"application_name", "retort-drv-test"},
        {"options", "-c statement_timeout=1234"},
        {"sslmode", "disable"},
        {"connect_timeout", "5"},
    };
    cr_assert_eq(connect_with(url->password, p, 4), RT_DRV_OK, "%s", drv->error(h)->message);
    assert_query("SELECT current_setting('application_name'), current_setting('statement_timeout')",
                 "retort-drv-test|1234ms;");
    assert_query("SELECT inet_server_addr() IS NULL", "f;");

    struct rt_driver_param bad[] = {{"no_such_option", "1"}};
    cr_assert_eq(connect_with(url->password, bad, 1), RT_DRV_CONNECT);
    cr_assert_not_null(strstr(drv->error(h)->message, "invalid connection option \"no_such_option\""),
                       "%s", drv->error(h)->message);
}

Test(driver_libpq, connect_timeout_bounds_the_wait)
{
    /* A TEST-NET-1 address (RFC 5737): never answers. */
    struct rt_driver_param p[] = {{"connect_timeout", "2"}};
    struct rt_driver_connect_args a = {
        .struct_size = sizeof a, .dialect = "postgresql", .host = "192.0.2.1",
        .port = url->port, .user = "test", .password = "test", .database = "test",
        .params = p, .nparams = 1,
    };
    time_t t0 = time(NULL);
    cr_assert_eq(drv->connect(h, &a), RT_DRV_CONNECT);
    cr_assert_lt(time(NULL) - t0, 6);
    cr_assert_str_eq(drv->error(h)->sqlstate, "08001", "%s", drv->error(h)->message);
}

static void setup_capturing_stderr(void)
{
    cr_redirect_stderr();
    setup();
}

Test(driver_libpq_stderr, notices_are_not_printed, .init = setup_capturing_stderr,
     .fini = teardown)
{
    connect_ok();
    exec_ok("DROP TABLE IF EXISTS drv_pg_never_there");
    exec_ok("DO $$ BEGIN RAISE NOTICE 'drv-notice'; RAISE WARNING 'drv-warning'; END $$");
    fflush(stderr);
    cr_assert_stderr_eq_str("");
}
