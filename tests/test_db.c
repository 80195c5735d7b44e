/* rt_db over the three native drivers, and rt_test_db_reset. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dialect.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "rt_test_db.h"

static rt_db *open_url(const char *text)
{
    rt_error err;
    rt_error_clear(&err);
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, text, &err), RT_OK, "%s", err.message);
    rt_db *db = NULL;
    int rc = rt_db_open(&db, url, &err);
    rt_url_free(url);
    cr_assert_eq(rc, RT_OK, "%s: %s", text, err.message);
    return db;
}

/* Opening must fail; returns the error. */
static rt_error open_fails(const char *text)
{
    rt_error err;
    rt_error_clear(&err);
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, text, &err), RT_OK, "%s", err.message);
    rt_db *db = (rt_db *)1;
    int rc = rt_db_open(&db, url, &err);
    rt_url_free(url);
    cr_assert_neq(rc, RT_OK, "%s opened", text);
    cr_assert_eq(rc, err.code);
    cr_assert_null(db);
    return err;
}

static void exec_ok(rt_db *db, const char *sql)
{
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_db_exec(db, sql, &err), RT_OK, "%s: %s", sql, err.message);
}

static char *value(rt_db *db, const char *sql)
{
    rt_error err;
    rt_error_clear(&err);
    char *v = (char *)1;
    cr_assert_eq(rt_db_query_value(db, sql, &v, &err), RT_OK, "%s: %s", sql, err.message);
    return v;
}

static void assert_value(rt_db *db, const char *sql, const char *expect)
{
    char *v = value(db, sql);
    if (expect)
        cr_assert_str_eq(v ? v : "(null)", expect, "%s", sql);
    else
        cr_assert_null(v, "%s gave %s", sql, v);
    free(v);
}

/* postgresql://user:wrong-secret-pw@host:port/db from the test URL. */
static char *with_bad_password(const char *text)
{
    return rt_test_url_variant(text, NULL, "wrong-secret-pw", NULL);
}

/* The same statements on every backend. */
static void common_checks(const char *text, const char *dialect, const char *driver)
{
    rt_db *db = open_url(text);
    cr_assert_str_eq(rt_db_dialect(db)->name, dialect);
    cr_assert_str_eq(rt_db_driver(db)->name, driver);
    cr_assert_str_eq(rt_db_url(db)->dialect, dialect);
    cr_assert_str_eq(rt_db_url(db)->driver, driver);

    exec_ok(db, "DROP TABLE IF EXISTS db_common");
    exec_ok(db, "CREATE TABLE db_common (id INTEGER PRIMARY KEY, name VARCHAR(20))");
    exec_ok(db, "INSERT INTO db_common VALUES (1, 'one'), (2, NULL)");
    assert_value(db, "SELECT name FROM db_common WHERE id = 1", "one");
    assert_value(db, "SELECT name FROM db_common WHERE id = 2", NULL);
    assert_value(db, "SELECT name FROM db_common WHERE id = 3", NULL);
    assert_value(db, "SELECT count(*) FROM db_common", "2");

    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_db_begin(db, &err), RT_OK, "%s", err.message);
    exec_ok(db, "INSERT INTO db_common VALUES (3, 'three')");
    cr_assert_eq(rt_db_rollback(db, &err), RT_OK, "%s", err.message);
    assert_value(db, "SELECT count(*) FROM db_common", "2");

    cr_assert_eq(rt_db_exec(db, "INSERT INTO db_common_missing VALUES (1)", &err), RT_EDB);
    cr_assert_eq(err.code, RT_EDB);
    cr_assert_eq(rt_exit_status(err.code), 2);
    cr_assert_not_null(strstr(err.message, "db_common_missing"), "%s", err.message);

    exec_ok(db, "DROP TABLE db_common");
    rt_db_close(db);
    rt_db_close(NULL);
}

Test(db, sqlite_file_database)
{
    char *dir = rt_test_tmpdir();
    char *url = rt_xasprintf("sqlite:///%s/db.sqlite", dir);
    common_checks(url, "sqlite", "sqlite3");

    rt_db *db = open_url(url);
    cr_assert(rt_db_transactional_ddl(db));
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_db_exec(db, "CREATE TABL x (y INTEGER)", &err), RT_EDB);
    cr_assert_str_eq(err.message, "near \"TABL\": syntax error (error 1)");
    cr_assert_str_eq(err.sqlstate, "");
    cr_assert_eq(err.native, 1);
    cr_assert_eq(rt_db_commit(db, &err), RT_EDB);
    cr_assert_not_null(strstr(err.message, "cannot commit: "), "%s", err.message);

    /* Rollback undoes DDL on SQLite. */
    cr_assert_eq(rt_db_begin(db, &err), RT_OK);
    exec_ok(db, "CREATE TABLE kept_not (x INTEGER)");
    cr_assert_eq(rt_db_rollback(db, &err), RT_OK);
    assert_value(db, "SELECT count(*) FROM sqlite_master", "0");
    exec_ok(db, "CREATE TABLE survives (x INTEGER)");
    rt_db_close(db);

    cr_assert_eq(rt_test_db_reset(url), 0);
    char *path = rt_xasprintf("%s/db.sqlite", dir);
    cr_assert_null(rt_test_read_file(path), "reset left %s", path);
    free(path);
    rt_test_rmtree(dir);
    free(url);
    free(dir);
}

Test(db, sqlite_in_memory)
{
    rt_db *db = open_url("sqlite://");
    exec_ok(db, "CREATE TABLE t (x INTEGER)");
    assert_value(db, "SELECT count(*) FROM t", "0");
    rt_db_close(db);
}

Test(db, postgresql)
{
    rt_test_db_reset(rt_test_pg_url());
    common_checks(rt_test_pg_url(), "postgresql", "libpq");
    rt_db *db = open_url(rt_test_pg_url());
    cr_assert(rt_db_transactional_ddl(db));

    rt_error err;
    rt_error_clear(&err);
    exec_ok(db, "CREATE TABLE db_dup (x INTEGER)");
    exec_ok(db, "INSERT INTO db_dup VALUES (1), (1)");
    cr_assert_eq(rt_db_exec(db, "CREATE UNIQUE INDEX db_dup_x ON db_dup (x)", &err), RT_EDB);
    cr_assert_str_eq(err.sqlstate, "23505");
    cr_assert_str_eq(err.message, "could not create unique index \"db_dup_x\"\n"
                                  "DETAIL:  Key (x)=(1) is duplicated.\n(SQLSTATE 23505)");

    /* Rollback undoes DDL on PostgreSQL. */
    cr_assert_eq(rt_db_begin(db, &err), RT_OK);
    exec_ok(db, "CREATE TABLE db_rolled_back (x INTEGER)");
    cr_assert_eq(rt_db_rollback(db, &err), RT_OK);
    assert_value(db, "SELECT to_regclass('db_rolled_back')", NULL);
    rt_db_close(db);

    rt_test_db_reset(rt_test_pg_url());
    db = open_url(rt_test_pg_url());
    assert_value(db, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", "0");
    rt_db_close(db);
}

Test(db, mysql)
{
    rt_test_db_reset(rt_test_mysql_url());
    common_checks(rt_test_mysql_url(), "mysql", "mysqlclient");
    rt_db *db = open_url(rt_test_mysql_url());
    cr_assert_not(rt_db_transactional_ddl(db));

    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_db_exec(db, "SELEC 1", &err), RT_EDB);
    cr_assert_str_eq(err.sqlstate, "42000");
    cr_assert_eq(err.native, 1064);
    cr_assert_not_null(strstr(err.message, " (SQLSTATE 42000, error 1064)"), "%s", err.message);

    /* Reset drops tables tied by a foreign key, and views. */
    exec_ok(db, "CREATE TABLE db_parent (id INT PRIMARY KEY) ENGINE=InnoDB");
    exec_ok(db, "CREATE TABLE db_child (pid INT, FOREIGN KEY (pid) REFERENCES db_parent (id)) "
                "ENGINE=InnoDB");
    exec_ok(db, "CREATE VIEW db_view AS SELECT id FROM db_parent");
    rt_db_close(db);
    rt_test_db_reset(rt_test_mysql_url());
    db = open_url(rt_test_mysql_url());
    assert_value(db, "SELECT count(*) FROM information_schema.tables "
                     "WHERE table_schema = DATABASE()",
                 "0");
    assert_value(db, "SELECT @@FOREIGN_KEY_CHECKS", "1");
    rt_db_close(db);
}

static void assert_masked_connect_failure(const char *good_url, const char *sqlstate)
{
    char *bad = with_bad_password(good_url);
    rt_error err = open_fails(bad);
    cr_assert_eq(err.code, RT_ECONNECT);
    cr_assert_eq(rt_exit_status(err.code), 2);
    cr_assert_str_eq(err.sqlstate, sqlstate, "%s", err.message);
    cr_assert_null(strstr(err.message, "wrong-secret-pw"), "%s", err.message);
    cr_assert_not_null(strstr(err.message, "cannot connect to "), "%s", err.message);
    cr_assert_not_null(strstr(err.message, ":***@"), "%s", err.message);
    free(bad);
}

Test(db, bad_password_is_masked_postgresql)
{
    assert_masked_connect_failure(rt_test_pg_url(), "28P01");
}

Test(db, bad_password_is_masked_mysql)
{
    assert_masked_connect_failure(rt_test_mysql_url(), "28000");
}

Test(db, native_driver_cannot_serve_another_dialect)
{
    /* rt_url_parse refuses this pairing already; an rt_url built by other
     * code must be refused as well. */
    rt_url url = {.dialect = "postgresql", .driver = "mysqlclient", .user = "u",
                  .password = "secret-pw", .host = "localhost", .database = "db"};
    rt_error err;
    rt_error_clear(&err);
    rt_db *db = NULL;
    cr_assert_eq(rt_db_open(&db, &url, &err), RT_ECONFIG);
    cr_assert_null(db);
    cr_assert_not_null(strstr(err.message, "driver 'mysqlclient' cannot connect to a postgresql"),
                       "%s", err.message);
    cr_assert_null(strstr(err.message, "secret-pw"));
}

Test(db, missing_client_library_is_a_driver_error)
{
    setenv("RETORT_DRIVER_PATH", RT_BINARY_DIR "/tests/fixtures/missing_client", 1);
    rt_error err = open_fails("postgresql://u:secret-pw@localhost/db");
    cr_assert_eq(err.code, RT_EDRIVER);
    cr_assert_eq(rt_exit_status(err.code), 2);
    cr_assert_not_null(strstr(err.message, "libpq5"), "%s", err.message);
}

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

Test(db, unix_sockets_from_url_query)
{
    /* The socket file's name carries the port: take it from the TCP URL. */
    rt_url *tcp = NULL;
    rt_error err;
    cr_assert_eq(rt_url_parse(&tcp, rt_test_pg_url(), &err), RT_OK, "%s", err.message);
    char *pg = rt_xasprintf("postgresql://test:test@/test?host=%s&port=%d&application_name=retort-db",
                            env_or("RETORT_TEST_PG_SOCKET_DIR", "/tmp/retort-ci/pg/sock"),
                            tcp->port ? tcp->port : 5432);
    rt_url_free(tcp);
    rt_db *db = open_url(pg);
    assert_value(db, "SELECT inet_server_addr() IS NULL", "t");
    assert_value(db, "SELECT current_setting('application_name')", "retort-db");
    rt_db_close(db);
    free(pg);

    char *my = rt_xasprintf("mysql://test:test@localhost/test?unix_socket=%s&charset=utf8mb4",
                            env_or("RETORT_TEST_MYSQL_SOCKET",
                                   "/tmp/retort-ci/mariadb/mysqld.sock"));
    db = open_url(my);
    assert_value(db, "SELECT SUBSTRING_INDEX(USER(), '@', -1)", "localhost");
    rt_db_close(db);
    free(my);
}
