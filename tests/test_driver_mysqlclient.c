/* The mysqlclient driver against the real MariaDB server (ci/servers.sh). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    h = rt_test_driver_open(&mod, &drv, "mysqlclient");
    url = rt_test_url(rt_test_mysql_url());
}

static void teardown(void)
{
    rt_test_driver_close(mod, drv, h);
    rt_url_free(url);
}

static int connect_with(const char *host, const char *password,
                        const struct rt_driver_param *params, size_t n)
{
    return rt_test_driver_connect(drv, h, url, host, password, params, n);
}

static void connect_ok(void)
{
    int rc = connect_with(url->host, url->password, NULL, 0);
    cr_assert_eq(rc, RT_DRV_OK, "MariaDB unreachable (run `bash ci/servers.sh start`): %s",
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

TestSuite(driver_mysqlclient, .init = setup, .fini = teardown);

Test(driver_mysqlclient, text_and_null_values_in_utf8mb4)
{
    connect_ok();
    cr_assert_eq(drv->caps, RT_DRV_CAP_TRANSACTIONS | RT_DRV_CAP_SAVEPOINTS);
    exec_ok("DROP TABLE IF EXISTS drv_my_values");
    exec_ok("CREATE TABLE drv_my_values (id INT PRIMARY KEY, name VARCHAR(10), "
            "n DECIMAL(5,2)) CHARACTER SET utf8mb4");
    exec_ok("INSERT INTO drv_my_values VALUES (1, 'a''b', 1.5), (2, NULL, NULL), "
            "(3, '\xf0\x9f\x98\x80', -2)");
    assert_query("SELECT id, name, n FROM drv_my_values ORDER BY id",
                 "1|a'b|1.50;2|NULL|NULL;3|\xf0\x9f\x98\x80|-2.00;");
    assert_query("SELECT id FROM drv_my_values WHERE id > 10", "");
    assert_query("SELECT @@character_set_client, @@character_set_results",
                 "utf8mb4|utf8mb4;");
    cr_assert_eq(drv->query(h, "UPDATE drv_my_values SET n = 0 WHERE id = 2", rt_test_collect_rows, NULL),
                 RT_DRV_OK);
    exec_ok("DROP TABLE drv_my_values");
}

Test(driver_mysqlclient, bad_password_is_28000_without_the_password)
{
    cr_assert_eq(connect_with(url->host, "wrong-secret-pw", NULL, 0), RT_DRV_CONNECT);
    const struct rt_driver_diag *d = drv->error(h);
    cr_assert_eq(d->status, RT_DRV_CONNECT);
    cr_assert_str_eq(d->sqlstate, "28000", "%s", d->message);
    cr_assert_eq(d->native_code, 1045);
    cr_assert_not_null(strstr(d->message, "Access denied for user 'test'"), "%s", d->message);
    cr_assert_null(strstr(d->message, "wrong-secret-pw"));
    cr_assert_eq(drv->exec(h, "SELECT 1"), RT_DRV_ERROR);
    cr_assert_str_eq(drv->error(h)->message, "not connected");
}

Test(driver_mysqlclient, refused_port_and_unknown_database)
{
    struct rt_driver_connect_args a = {
        .struct_size = sizeof a, .dialect = "mysql", .host = url->host, .port = 1,
        .user = url->user, .password = url->password, .database = url->database,
    };
    cr_assert_eq(drv->connect(h, &a), RT_DRV_CONNECT);
    cr_assert_eq(drv->error(h)->native_code, 2002, "%s", drv->error(h)->message);
    cr_assert_not_null(strstr(drv->error(h)->message, "Can't connect"), "%s",
                       drv->error(h)->message);

    a.port = url->port;
    a.database = "drv_no_such_db";
    cr_assert_eq(drv->connect(h, &a), RT_DRV_CONNECT);
    cr_assert_eq(drv->error(h)->native_code, 1049, "%s", drv->error(h)->message);
    cr_assert_str_eq(drv->error(h)->sqlstate, "42000");
}

Test(driver_mysqlclient, syntax_error_has_sqlstate_errno_and_message)
{
    connect_ok();
    cr_assert_eq(drv->exec(h, "SELEC 1"), RT_DRV_ERROR);
    const struct rt_driver_diag *d = drv->error(h);
    cr_assert_str_eq(d->sqlstate, "42000");
    cr_assert_eq(d->native_code, 1064);
    cr_assert_not_null(strstr(d->message, "You have an error in your SQL syntax"), "%s",
                       d->message);
    cr_assert_not_null(strstr(d->message, "near 'SELEC 1' at line 1"), "%s", d->message);

    cr_assert_eq(drv->query(h, "SELECT * FROM drv_my_missing", rt_test_collect_rows, NULL), RT_DRV_ERROR);
    cr_assert_str_eq(drv->error(h)->sqlstate, "42S02");
    cr_assert_eq(drv->error(h)->native_code, 1146);
    cr_assert_not_null(strstr(drv->error(h)->message, "drv_my_missing' doesn't exist"));

    /* One statement per call: no multi-statement mode. */
    cr_assert_eq(drv->exec(h, "SELECT 1; SELECT 2"), RT_DRV_ERROR);
    cr_assert_eq(drv->error(h)->native_code, 1064);
}

Test(driver_mysqlclient, rollback_undoes_insert_but_not_ddl)
{
    connect_ok();
    exec_ok("DROP TABLE IF EXISTS drv_my_tx");
    exec_ok("CREATE TABLE drv_my_tx (x INT) ENGINE=InnoDB");
    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok("INSERT INTO drv_my_tx VALUES (1)");
    cr_assert_eq(drv->rollback(h), RT_DRV_OK);
    assert_query("SELECT count(*) FROM drv_my_tx", "0;");

    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok("INSERT INTO drv_my_tx VALUES (2)");
    exec_ok("SAVEPOINT s1");
    exec_ok("INSERT INTO drv_my_tx VALUES (3)");
    exec_ok("ROLLBACK TO SAVEPOINT s1");
    cr_assert_eq(drv->commit(h), RT_DRV_OK);
    assert_query("SELECT x FROM drv_my_tx", "2;");

    /* Why the driver does not claim TRANSACTIONAL_DDL: DDL commits. */
    cr_assert_eq(drv->begin(h), RT_DRV_OK);
    exec_ok("INSERT INTO drv_my_tx VALUES (4)");
    exec_ok("CREATE TABLE drv_my_tx_ddl (y INT)");
    cr_assert_eq(drv->rollback(h), RT_DRV_OK);
    assert_query("SELECT count(*) FROM drv_my_tx", "2;");
    exec_ok("DROP TABLE drv_my_tx_ddl");
    exec_ok("DROP TABLE drv_my_tx");
}

static const char *my_socket(void)
{
    const char *s = getenv("RETORT_TEST_MYSQL_SOCKET");
    return s && *s ? s : "/tmp/retort-ci/mariadb/mysqld.sock";
}

Test(driver_mysqlclient, unix_socket_option_wins_over_host)
{
    struct rt_driver_param p[] = {{"unix_socket", my_socket()}, {"connect_timeout", "5"}};
    cr_assert_eq(connect_with(url->host, url->password, p, 2), RT_DRV_OK, "%s",
                 drv->error(h)->message);
    /* Socket clients are 'user'@'localhost'; TCP ones from 127.0.0.1. */
    assert_query("SELECT SUBSTRING_INDEX(USER(), '@', -1)", "localhost;");
}

Test(driver_mysqlclient, charset_and_option_errors)
{
    struct rt_driver_param latin[] = {{"charset", "latin1"}};
    cr_assert_eq(connect_with(url->host, url->password, latin, 1), RT_DRV_OK, "%s",
                 drv->error(h)->message);
    assert_query("SELECT @@character_set_client", "latin1;");

    struct rt_driver_param bad_cs[] = {{"charset", "klingon"}};
    cr_assert_eq(connect_with(url->host, url->password, bad_cs, 1), RT_DRV_CONNECT);
    cr_assert_not_null(strstr(drv->error(h)->message, "klingon"), "%s", drv->error(h)->message);

    struct rt_driver_param unknown[] = {{"sslmode", "disable"}};
    cr_assert_eq(connect_with(url->host, url->password, unknown, 1), RT_DRV_CONNECT);
    cr_assert_not_null(strstr(drv->error(h)->message, "unknown mysqlclient URL option 'sslmode'"));

    struct rt_driver_param bad_timeout[] = {{"connect_timeout", "soon"}};
    cr_assert_eq(connect_with(url->host, url->password, bad_timeout, 1), RT_DRV_CONNECT);
    cr_assert_not_null(strstr(drv->error(h)->message, "connect_timeout=soon"));
}
