#include "rt_test_db.h"
#include "db.h"
#include "dialect.h"
#include "rt_mem.h"
#include "url.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void tdb_unlink_sqlite(const char *path)
{
    static const char *const suffixes[] = {"", "-journal", "-wal", "-shm"};
    if (!path || !*path)
        return; /* in memory: nothing outlives the connection */
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        char *p = rt_xasprintf("%s%s", path, suffixes[i]);
        unlink(p);
        free(p);
    }
}

static int tdb_collect_tables(void *ctx, size_t ncols, const char *const *names,
                              const char *const *values)
{
    (void)names;
    rt_strv *stmts = ctx;
    if (ncols < 2 || !values[0])
        return 0;
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, values[1] && strcmp(values[1], "VIEW") == 0 ? "DROP VIEW `" : "DROP TABLE `");
    for (const char *p = values[0]; *p; p++) {
        if (*p == '`')
            rt_buf_putc(&b, '`');
        rt_buf_putc(&b, *p);
    }
    rt_buf_putc(&b, '`');
    rt_strv_push_owned(stmts, rt_buf_steal(&b));
    return 0;
}

static void tdb_run(rt_db *db, const char *sql, const char *url)
{
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_db_exec(db, sql, &err);
    cr_assert_eq(rc, RT_OK, "resetting %s: %s: %s", url, sql, err.message);
}

int rt_test_db_reset(const char *text)
{
    rt_error err;
    rt_error_clear(&err);
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, text, &err), RT_OK, "%s", err.message);
    if (strcmp(url->dialect, "sqlite") == 0) {
        tdb_unlink_sqlite(url->database);
        rt_url_free(url);
        return 0;
    }
    rt_db *db = NULL;
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK,
                 "test database unreachable (run `bash ci/servers.sh start`): %s", err.message);
    if (strcmp(url->dialect, "postgresql") == 0) {
        tdb_run(db, "DROP SCHEMA IF EXISTS public CASCADE", text);
        tdb_run(db, "CREATE SCHEMA public", text);
    } else if (strcmp(url->dialect, "mysql") == 0) {
        rt_strv stmts = RT_STRV_INIT;
        tdb_run(db, "SET FOREIGN_KEY_CHECKS = 0", text);
        int rc = rt_db_query(db,
                             "SELECT table_name, table_type FROM information_schema.tables "
                             "WHERE table_schema = DATABASE()",
                             tdb_collect_tables, &stmts, &err);
        cr_assert_eq(rc, RT_OK, "listing tables of %s: %s", text, err.message);
        for (size_t i = 0; i < stmts.n; i++)
            tdb_run(db, stmts.items[i], text);
        tdb_run(db, "SET FOREIGN_KEY_CHECKS = 1", text);
        rt_strv_free(&stmts);
    } else {
        cr_assert_fail("rt_test_db_reset: no reset for dialect %s", url->dialect);
    }
    rt_db_close(db);
    rt_url_free(url);
    return 0;
}

void rt_test_db_drop_schemas(const char *text, const char *const *schemas)
{
    rt_error err;
    rt_error_clear(&err);
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, text, &err), RT_OK, "%s", err.message);
    bool pg = strcmp(url->dialect, "postgresql") == 0;
    if (!pg && strcmp(url->dialect, "mysql") != 0) {
        rt_url_free(url);
        return; /* SQLite has no schemas */
    }
    rt_db *db = NULL;
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK,
                 "test database unreachable (run `bash ci/servers.sh start`): %s", err.message);
    for (const char *const *s = schemas; *s; s++) {
        rt_buf sql = RT_BUF_INIT;
        rt_buf_append(&sql, pg ? "DROP SCHEMA IF EXISTS " : "DROP DATABASE IF EXISTS ");
        rt_db_dialect(db)->quote_ident(&sql, *s);
        if (pg)
            rt_buf_append(&sql, " CASCADE");
        tdb_run(db, rt_buf_cstr(&sql), text);
        rt_buf_free(&sql);
    }
    rt_db_close(db);
    rt_url_free(url);
}
