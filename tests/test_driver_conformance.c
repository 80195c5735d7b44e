/* One contract, every driver (rt_driver.h): the same tests run against
 * sqlite3, libpq, mysqlclient, and odbc to each of SQLite, PostgreSQL and
 * MariaDB, through the driver table as core/db.c uses it (and through
 * rt_db for the ABI 2 calls). What only one driver does (conninfo options,
 * sockets, pysqlite options, DSNs) stays in its own test_driver_*.c. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "driver_load.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "rt_test_driver.h"
#include "url.h"

typedef struct target {
    const char *id;
    const char *url_env;  /* NULL: a SQLite file in a tmpdir */
    const char *odbc_sqlite_driver; /* sqlite+odbc: the ODBC driver's name */
    bool server;          /* has a password to get wrong */
    const char *server_info; /* expected in server_info() */
    const char *missing_table_state; /* SQLSTATE of a missing table, "" none */
    long missing_table_native; /* its native code; -1: the ODBC driver's own */
} target;

static const target targets[] = {
    {"sqlite3", NULL, NULL, false, "SQLite 3.", "", 1},
    {"libpq", "RETORT_TEST_PG_URL", NULL, true, "PostgreSQL 15", "42P01", 0},
    {"mysqlclient", "RETORT_TEST_MYSQL_URL", NULL, true, "MariaDB", "42S02", 1146},
    {"odbc_sqlite", NULL, "SQLite3", false, "SQLite", "HY000", -1},
    {"odbc_postgresql", "RETORT_TEST_PG_ODBC_URL", NULL, true, "PostgreSQL", "42P01", -1},
    {"odbc_mysql", "RETORT_TEST_MYSQL_ODBC_URL", NULL, true, "MariaDB", "42S02", 1146},
};

static char *tmpdir;

typedef struct conn {
    const target *t;
    rt_url *url;
    rt_driver_module *mod;
    const struct rt_driver *drv;
    void *h;
} conn;

static const target *find_target(const char *id)
{
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++)
        if (strcmp(targets[i].id, id) == 0)
            return &targets[i];
    cr_assert_fail("no target %s", id);
    return NULL;
}

static rt_url *target_url(const target *t)
{
    char *text;
    if (t->url_env) {
        const char *v = getenv(t->url_env);
        cr_assert(v && *v, "%s is not set: source the CI server environment", t->url_env);
        text = rt_xstrdup(v);
    } else if (t->odbc_sqlite_driver) {
        text = rt_xasprintf("sqlite+odbc:///%s/conf.db?driver=%s", tmpdir,
                            t->odbc_sqlite_driver);
    } else {
        text = rt_xasprintf("sqlite:///%s/conf.db", tmpdir);
    }
    rt_url *u = rt_test_url(text);
    free(text);
    return u;
}

/* Connects h as core/db.c does; password overrides the URL's when set. */
static int do_connect(conn *c, const char *password)
{
    struct rt_driver_param *params = rt_xcalloc(c->url->nquery + 1, sizeof *params);
    for (size_t i = 0; i < c->url->nquery; i++) {
        params[i].key = c->url->query_keys[i];
        params[i].value = c->url->query_values[i];
    }
    struct rt_driver_connect_args a = {
        .struct_size = sizeof a, .dialect = c->url->dialect, .host = c->url->host,
        .port = c->url->port, .user = c->url->user,
        .password = password ? password : c->url->password,
        .database = c->url->database, .params = params, .nparams = c->url->nquery,
    };
    int rc = c->drv->connect(c->h, &a);
    free(params);
    return rc;
}

static conn open_conn(const char *id, bool connect)
{
    conn c = {find_target(id), NULL, NULL, NULL, NULL};
    c.url = target_url(c.t);
    c.h = rt_test_driver_open(&c.mod, &c.drv, c.url->driver);
    if (connect)
        cr_assert_eq(do_connect(&c, NULL), RT_DRV_OK, "%s: %s", id,
                     c.drv->error(c.h)->message);
    return c;
}

static void close_conn(conn *c)
{
    rt_test_driver_close(c->mod, c->drv, c->h);
    rt_url_free(c->url);
}

static void exec_ok(conn *c, const char *sql)
{
    rt_test_driver_exec_ok(c->drv, c->h, sql);
}

static void query_is(conn *c, const char *sql, const char *expect)
{
    rt_test_driver_assert_query(c->drv, c->h, sql, expect);
}

static void fresh_table(conn *c)
{
    exec_ok(c, "DROP TABLE IF EXISTS conf_t");
    exec_ok(c, "CREATE TABLE conf_t (id INTEGER PRIMARY KEY, v VARCHAR(40))");
}

static void setup(void)
{
    tmpdir = rt_test_tmpdir();
}

static void teardown(void)
{
    rt_test_rmtree(tmpdir);
    free(tmpdir);
}

static void t_exec_query_nulls_utf8(const char *id)
{
    conn c = open_conn(id, true);
    fresh_table(&c);
    exec_ok(&c, "INSERT INTO conf_t (id, v) VALUES (1, 'plain')");
    exec_ok(&c, "INSERT INTO conf_t (id, v) VALUES (2, NULL)");
    exec_ok(&c, "INSERT INTO conf_t (id, v) VALUES (3, 'h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x90\x98')");
    query_is(&c, "SELECT id, v FROM conf_t ORDER BY id",
             "1|plain;2|NULL;3|h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x90\x98;");
    query_is(&c, "SELECT id FROM conf_t WHERE id > 100", "");
    /* A statement without rows through query, and rows through exec. */
    query_is(&c, "UPDATE conf_t SET v = 'x' WHERE id = 1", "");
    exec_ok(&c, "SELECT id FROM conf_t");
    exec_ok(&c, "DROP TABLE conf_t");
    close_conn(&c);
}

typedef struct seen {
    size_t rows;
    char names[2][16];
    size_t stop_after;
} seen;

static int note_row(void *ctx, size_t n, const char *const *names, const char *const *values)
{
    (void)values;
    seen *s = ctx;
    cr_assert_eq(n, 2);
    for (size_t i = 0; i < 2; i++)
        snprintf(s->names[i], sizeof s->names[i], "%s", names[i]);
    return ++s->rows == s->stop_after;
}

static void t_column_names_and_early_stop(const char *id)
{
    conn c = open_conn(id, true);
    fresh_table(&c);
    exec_ok(&c, "INSERT INTO conf_t (id, v) VALUES (1, 'a')");
    exec_ok(&c, "INSERT INTO conf_t (id, v) VALUES (2, 'b')");
    exec_ok(&c, "INSERT INTO conf_t (id, v) VALUES (3, 'c')");
    seen s = {.stop_after = 2};
    cr_assert_eq(c.drv->query(c.h, "SELECT id AS first_col, v AS second_col FROM conf_t "
                                   "ORDER BY id",
                              note_row, &s),
                 RT_DRV_OK, "%s", c.drv->error(c.h)->message);
    cr_assert_eq(s.rows, 2, "%s: the callback asked to stop after 2 rows", id);
    cr_assert_str_eq(s.names[0], "first_col");
    cr_assert_str_eq(s.names[1], "second_col");
    /* A NULL callback reads and drops the rows. */
    cr_assert_eq(c.drv->query(c.h, "SELECT id, v FROM conf_t", NULL, NULL), RT_DRV_OK, "%s",
                 c.drv->error(c.h)->message);
    /* The connection is usable after an early stop. */
    query_is(&c, "SELECT COUNT(*) FROM conf_t", "3;");
    exec_ok(&c, "DROP TABLE conf_t");
    close_conn(&c);
}

static void t_transactions(const char *id)
{
    conn c = open_conn(id, true);
    fresh_table(&c);
    cr_assert_eq(c.drv->begin(c.h), RT_DRV_OK, "%s", c.drv->error(c.h)->message);
    exec_ok(&c, "INSERT INTO conf_t (id, v) VALUES (1, 'gone')");
    cr_assert_eq(c.drv->rollback(c.h), RT_DRV_OK, "%s", c.drv->error(c.h)->message);
    query_is(&c, "SELECT COUNT(*) FROM conf_t", "0;");
    cr_assert_eq(c.drv->begin(c.h), RT_DRV_OK, "%s", c.drv->error(c.h)->message);
    exec_ok(&c, "INSERT INTO conf_t (id, v) VALUES (2, 'kept')");
    cr_assert_eq(c.drv->commit(c.h), RT_DRV_OK, "%s", c.drv->error(c.h)->message);
    query_is(&c, "SELECT id, v FROM conf_t", "2|kept;");
    exec_ok(&c, "DROP TABLE conf_t");
    close_conn(&c);
}

static void t_errors(const char *id)
{
    conn c = open_conn(id, true);
    cr_assert_eq(c.drv->query(c.h, "SELECT x FROM conf_no_such_table", NULL, NULL),
                 RT_DRV_ERROR);
    const struct rt_driver_diag *d = c.drv->error(c.h);
    cr_assert_eq(d->status, RT_DRV_ERROR);
    cr_assert_not_null(strstr(d->message, "conf_no_such_table"), "%s: %s", id, d->message);
    cr_assert_str_eq(d->sqlstate, c.t->missing_table_state, "%s: %s", id, d->message);
    if (c.t->missing_table_native >= 0)
        cr_assert_eq(d->native_code, c.t->missing_table_native, "%s: %s", id, d->message);
    cr_assert_eq(c.drv->exec(c.h, "CREATE TABLEX conf_bad (id INTEGER)"), RT_DRV_ERROR);
    cr_assert_gt(strlen(c.drv->error(c.h)->message), 5);
    /* Still usable after errors. */
    query_is(&c, "SELECT 1", "1;");
    close_conn(&c);
}

static void t_not_connected(const char *id)
{
    conn c = open_conn(id, false);
    int rcs[] = {c.drv->exec(c.h, "SELECT 1"), c.drv->query(c.h, "SELECT 1", NULL, NULL),
                 c.drv->begin(c.h), c.drv->commit(c.h), c.drv->rollback(c.h)};
    for (size_t i = 0; i < sizeof rcs / sizeof *rcs; i++)
        cr_assert_eq(rcs[i], RT_DRV_ERROR, "%s: call %zu", id, i);
    cr_assert_str_eq(c.drv->error(c.h)->sqlstate, "08003", "%s", id);
    cr_assert_str_eq(c.drv->exec(c.h, "SELECT 1") == RT_DRV_ERROR ? c.drv->error(c.h)->message
                                                                  : "",
                     "not connected");
    char buf[64];
    cr_assert_eq(c.drv->server_info(c.h, buf, sizeof buf), RT_DRV_ERROR, "%s", id);
    cr_assert_str_eq(c.drv->error(c.h)->sqlstate, "08003", "%s", id);
    close_conn(&c);
}

/* A second connect on the same handle replaces the first (valgrind and ASan
 * see a leak if it does not free it). */
static void t_second_connect(const char *id)
{
    conn c = open_conn(id, true);
    cr_assert_eq(do_connect(&c, NULL), RT_DRV_OK, "%s", c.drv->error(c.h)->message);
    query_is(&c, "SELECT 1", "1;");
    close_conn(&c);
}

static void t_bad_password(const char *id)
{
    conn c = open_conn(id, false);
    if (!c.t->server) {
        close_conn(&c);
        return;
    }
    cr_assert_eq(do_connect(&c, "conf-wrong-secret"), RT_DRV_CONNECT, "%s", id);
    const struct rt_driver_diag *d = c.drv->error(c.h);
    cr_assert_eq(d->status, RT_DRV_CONNECT);
    cr_assert_gt(strlen(d->message), 10, "%s: %s", id, d->message);
    cr_assert_null(strstr(d->message, "conf-wrong-secret"), "%s: %s", id, d->message);
    cr_assert_eq(strlen(d->sqlstate), 5, "%s: %s", id, d->message);
    /* The handle stays valid: the right password connects. */
    cr_assert_eq(do_connect(&c, NULL), RT_DRV_OK, "%s", c.drv->error(c.h)->message);
    query_is(&c, "SELECT 1", "1;");
    close_conn(&c);
}

static void t_abi2_through_db(const char *id)
{
    const target *t = find_target(id);
    rt_url *url = target_url(t);
    rt_db *db = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);

    char *ver = NULL;
    cr_assert_eq(rt_db_server_version(db, &ver, &err), RT_OK, "%s", err.message);
    cr_assert_not_null(strstr(ver, t->server_info), "%s: '%s'", id, ver);
    free(ver);

    cr_assert_eq(rt_db_exec(db, "DROP TABLE IF EXISTS conf_p", &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_exec(db, "CREATE TABLE conf_p (id INTEGER, v VARCHAR(40))", &err), RT_OK,
                 "%s", err.message);
    const char *const ins[] = {"7", "it's \xc3\xa9"};
    int rc = rt_db_exec_params(db, "INSERT INTO conf_p (id, v) VALUES ($1, $2)", 2, ins, &err);
    cr_assert_eq(rc, RT_OK, "%s: %s", id, err.message);
    const char *const nul[] = {"8", NULL};
    cr_assert_eq(rt_db_exec_params(db, "INSERT INTO conf_p (id, v) VALUES ($1, $2)", 2, nul,
                                   &err),
                 RT_OK, "%s", err.message);
    /* $2 before $1: binding follows the number, not the position. */
    rt_buf b = RT_BUF_INIT;
    const char *const sel[] = {"8", "7"};
    cr_assert_eq(rt_db_query_params(db, "SELECT id, v FROM conf_p WHERE id = $2 OR id = $1 "
                                        "ORDER BY id",
                                    2, sel, rt_test_collect_rows, &b, &err),
                 RT_OK, "%s", err.message);
    cr_assert_str_eq(rt_buf_cstr(&b), "7|it's \xc3\xa9;8|NULL;");
    /* Quotes and backslashes are data; a $1 inside a literal is text. */
    rt_buf_reset(&b);
    const char *const odd[] = {"a\\'b\"c"};
    cr_assert_eq(rt_db_query_params(db, "SELECT '$1 -- ?', $1", 1, odd, rt_test_collect_rows,
                                    &b, &err),
                 RT_OK, "%s", err.message);
    cr_assert_str_eq(rt_buf_cstr(&b), "$1 -- ?|a\\'b\"c;");
    rt_buf_free(&b);
    /* Many parameters, in order, in reverse, one of them twice (the
     * sqlite3 driver binds a long in-order run positionally). */
    const char *many[40];
    char names[40][8];
    for (int i = 0; i < 40; i++) {
        snprintf(names[i], sizeof names[i], "a%d", i + 1);
        many[i] = names[i];
    }
    static const int order[][42] = {
        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
         25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 0},
        {40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19,
         18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
         25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 1, 0},
    };
    for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
        rt_buf q = RT_BUF_INIT, want = RT_BUF_INIT;
        rt_buf_append(&q, "SELECT ");
        for (int i = 0; order[k][i]; i++) {
            rt_buf_printf(&q, "%s$%d", i ? " || " : "", order[k][i]);
            rt_buf_append(&want, names[order[k][i] - 1]);
        }
        rt_buf_putc(&want, ';');
        rt_buf_reset(&b);
        cr_assert_eq(rt_db_query_params(db, rt_buf_cstr(&q), 40, many, rt_test_collect_rows,
                                        &b, &err),
                     RT_OK, "%s: %s", id, err.message);
        cr_assert_str_eq(rt_buf_cstr(&b), rt_buf_cstr(&want), "%s, order %zu", id, k);
        rt_buf_free(&q);
        rt_buf_free(&want);
    }
    rt_buf_free(&b);
    /* A placeholder without a value is refused. */
    rt_error_clear(&err);
    cr_assert_eq(rt_db_query_params(db, "SELECT $1, $3", 2, sel, NULL, NULL, &err), RT_EDB);
    /* A value is data, never SQL. */
    const char *const evil[] = {"1; DROP TABLE conf_p"};
    rt_db_query_params(db, "SELECT v FROM conf_p WHERE v = $1", 1, evil, NULL, NULL, &err);
    char *n = NULL;
    cr_assert_eq(rt_db_query_value(db, "SELECT COUNT(*) FROM conf_p", &n, &err), RT_OK,
                 "%s", err.message);
    cr_assert_str_eq(n, "2");
    free(n);
    /* Errors carry the server's text like any statement's. */
    rt_error_clear(&err);
    cr_assert_eq(rt_db_query_params(db, "SELECT x FROM conf_no_such_p WHERE x = $1", 1, sel,
                                    NULL, NULL, &err),
                 RT_EDB);
    cr_assert_not_null(strstr(err.message, "conf_no_such_p"), "%s", err.message);
    cr_assert_eq(rt_db_exec(db, "DROP TABLE conf_p", &err), RT_OK, "%s", err.message);
    rt_db_close(db);
    rt_url_free(url);
}

/* An ABI 1 module: the ABI 2 calls refuse cleanly, nothing runs. */
Test(abi1, new_calls_are_not_supported, .init = setup, .fini = teardown)
{
    setenv("RETORT_DRIVER_PATH", RT_BINARY_DIR "/tests/fixtures:" RT_DRIVER_BUILD_DIR, 1);
    rt_url *url = target_url(find_target("sqlite3"));
    free(url->driver);
    url->driver = rt_xstrdup("old_abi1");
    rt_db *db = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    char *ver = (char *)1;
    cr_assert_eq(rt_db_server_version(db, &ver, &err), RT_ENOSLOT);
    cr_assert_null(ver);
    cr_assert_not_null(strstr(err.message, "driver ABI 1"), "%s", err.message);
    const char *const v[] = {"1"};
    cr_assert_eq(rt_db_exec_params(db, "CREATE TABLE conf_never (id INTEGER)", 1, v, &err),
                 RT_ENOSLOT);
    cr_assert_eq(rt_db_query_params(db, "SELECT $1", 1, v, NULL, NULL, &err), RT_ENOSLOT);
    char *n = NULL;
    cr_assert_eq(rt_db_query_value(db, "SELECT COUNT(*) FROM sqlite_master", &n, &err), RT_OK,
                 "%s", err.message);
    cr_assert_str_eq(n, "0");
    free(n);
    rt_db_close(db);
    rt_url_free(url);
}

#define CONFORMANCE(id)                                                                  \
    Test(id, exec_query_nulls_utf8, .init = setup, .fini = teardown)                     \
    {                                                                                    \
        t_exec_query_nulls_utf8(#id);                                                    \
    }                                                                                    \
    Test(id, column_names_and_early_stop, .init = setup, .fini = teardown)               \
    {                                                                                    \
        t_column_names_and_early_stop(#id);                                              \
    }                                                                                    \
    Test(id, transactions, .init = setup, .fini = teardown)                              \
    {                                                                                    \
        t_transactions(#id);                                                             \
    }                                                                                    \
    Test(id, errors_have_sqlstate_or_native_code, .init = setup, .fini = teardown)       \
    {                                                                                    \
        t_errors(#id);                                                                   \
    }                                                                                    \
    Test(id, calls_before_connect_are_08003, .init = setup, .fini = teardown)            \
    {                                                                                    \
        t_not_connected(#id);                                                            \
    }                                                                                    \
    Test(id, second_connect_replaces_the_first, .init = setup, .fini = teardown)         \
    {                                                                                    \
        t_second_connect(#id);                                                           \
    }                                                                                    \
    Test(id, bad_password, .init = setup, .fini = teardown)                              \
    {                                                                                    \
        t_bad_password(#id);                                                             \
    }                                                                                    \
    Test(id, abi2_params_and_server_version, .init = setup, .fini = teardown)            \
    {                                                                                    \
        t_abi2_through_db(#id);                                                          \
    }

CONFORMANCE(sqlite3)
CONFORMANCE(libpq)
CONFORMANCE(mysqlclient)
CONFORMANCE(odbc_sqlite)
CONFORMANCE(odbc_postgresql)
CONFORMANCE(odbc_mysql)
