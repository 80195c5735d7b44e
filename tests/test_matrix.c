/* One history, every backend: the same migrations folder runs unchanged on
 * SQLite, PostgreSQL and MariaDB, natively and through ODBC, selected only by
 * --url, and after every step the live schema read back from the catalog
 * equals the same portable expectation on each of them.
 *
 * Everything runs through the built `retort` binary, as a user would. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "matrix_helpers.h"
#include "url.h"

typedef mx_project project;

static project project_new(rt_test_backend b)
{
    return mx_open_project(b, "");
}

static void copy_history(project *p, const char *name)
{
    cr_assert_eq(rt_test_sh(NULL, p->dir, "cp '%s'/tests/resources/histories/%s/versions/*.sql "
                                          "migrations/versions/", RT_SOURCE_DIR, name), 0);
}

/* `current` names want_id (with " (head)" only when it is a graph head, as
 * Alembic prints it); want_id NULL: no revision at all. */
static void expect_current(project *p, const char *want_id, bool is_head)
{
    char *out = NULL;
    int rc = mx_run(p, &out, "current");
    cr_assert_eq(rc, 0, "%s", out);
    if (want_id) {
        char *line = rt_xasprintf(is_head ? "%s (head)" : "%s\n", want_id);
        cr_assert(strstr(out, line), "[%s] current: want '%s' in:\n%s",
                  rt_test_matrix_name(p->backend), line, out);
        free(line);
    } else {
        /* every id of these histories has a run of zeros */
        cr_assert_null(strstr(out, "0000000"), "[%s] current should be empty:\n%s",
                       rt_test_matrix_name(p->backend), out);
    }
    free(out);
}

/* ---- the seed walkthrough ------------------------------------------------ */

#define AB_BASE                                                                \
    "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);"      \
    "CREATE TABLE \"B\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);"
#define A_THING "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, thing VARCHAR(50));"
#define B_THING "CREATE TABLE \"B\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, thing VARCHAR(50));"
#define A_BASE "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);"
#define B_BASE "CREATE TABLE \"B\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);"

static void walkthrough(rt_test_backend b)
{
    project p = project_new(b);
    mx_write_revision(&p, "a00000000001", "", "baseline", AB_BASE,
                      "DROP TABLE \"A\";\nDROP TABLE \"B\";");
    mx_write_revision(&p, "a00000000002", "a00000000001", "add thing to A",
                      "ALTER TABLE \"A\" ADD COLUMN thing VARCHAR(50);",
                      "ALTER TABLE \"A\" DROP COLUMN thing;");
    mx_write_revision(&p, "a00000000003", "a00000000002", "add thing to B",
                      "ALTER TABLE \"B\" ADD COLUMN thing VARCHAR(50);",
                      "ALTER TABLE \"B\" DROP COLUMN thing;");

    expect_current(&p, NULL, false);
    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "upgrade head", A_THING B_THING);
    expect_current(&p, "a00000000003", true);

    mx_run_ok(&p, "downgrade -1");
    mx_expect_schema(&p, "downgrade -1", A_THING B_BASE);
    expect_current(&p, "a00000000002", false);

    mx_run_ok(&p, "downgrade -2");
    mx_expect_schema(&p, "downgrade -2", "");
    expect_current(&p, NULL, false);

    mx_run_ok(&p, "upgrade +1");
    mx_expect_schema(&p, "upgrade +1", AB_BASE);
    expect_current(&p, "a00000000001", false);

    char *out = NULL;
    cr_assert_eq(mx_run(&p, &out, "history"), 0, "%s", out);
    cr_assert(strstr(out, "a00000000002 -> a00000000003 (head), add thing to B"), "%s", out);
    cr_assert(strstr(out, "a00000000001 -> a00000000002, add thing to A"), "%s", out);
    cr_assert(strstr(out, "<base> -> a00000000001"), "%s", out);
    free(out);

    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "upgrade head again", A_THING B_THING);
    mx_free(&p);
}

/* ---- a long history: every operation and type, data kept ------------------ */

static const char full_head_schema[] =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(120) NOT NULL UNIQUE,"
    " name VARCHAR, active BOOLEAN NOT NULL DEFAULT TRUE,"
    " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, age SMALLINT DEFAULT 18);"
    "CREATE TABLE posts (id BIGINT PRIMARY KEY,"
    " user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    " title VARCHAR(300) NOT NULL, body TEXT, score NUMERIC(10, 2), rating REAL,"
    " weight DOUBLE PRECISION, views BIGINT DEFAULT 0, published DATE, at_time TIME,"
    " updated TIMESTAMP WITH TIME ZONE, payload BLOB, meta JSON, uid UUID);"
    "CREATE UNIQUE INDEX ux_posts_user_title ON posts (user_id, title);"
    "CREATE TABLE labels (id INTEGER PRIMARY KEY, label VARCHAR(40) NOT NULL);"
    "CREATE TABLE post_tags (post_id BIGINT NOT NULL, tag_id INTEGER NOT NULL,"
    " PRIMARY KEY (post_id, tag_id),"
    " FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE,"
    " CONSTRAINT fk_post_tags_tag FOREIGN KEY (tag_id) REFERENCES labels (id));";

static void full_history(rt_test_backend b)
{
    project p = project_new(b);
    copy_history(&p, "full");

    mx_run_ok(&p, "upgrade head");
    expect_current(&p, "f00000000017", true);
    mx_expect_schema(&p, "upgrade head", full_head_schema);
    mx_expect_value(&p, "SELECT COUNT(*) FROM users", "2");
    mx_expect_value(&p, "SELECT title FROM posts WHERE id = 1", "Hello");
    mx_expect_value(&p, "SELECT body FROM posts WHERE id = 1", "first post");
    mx_expect_value(&p, "SELECT age FROM users WHERE email = 'ann@example.com'", "30");
    mx_expect_value(&p, "SELECT name FROM users WHERE email = 'bob@example.com'", "Bob");
    mx_expect_value(&p, "SELECT label FROM labels WHERE id = 1", "news");
    mx_expect_value(&p, "SELECT COUNT(*) FROM post_tags", "1");

    /* Down past the rename and the type changes, and up again: the rows
     * written by revision 3 and 11 survive both ways. */
    mx_run_ok(&p, "downgrade f00000000006");
    expect_current(&p, "f00000000006", false);
    mx_expect_value(&p, "SELECT title FROM posts WHERE id = 1", "Hello");
    mx_expect_value(&p, "SELECT COUNT(*) FROM users", "2");
    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "upgrade head after downgrade", full_head_schema);
    mx_expect_value(&p, "SELECT title FROM posts WHERE id = 2", "Second");

    mx_run_ok(&p, "downgrade base");
    expect_current(&p, NULL, false);
    mx_expect_schema(&p, "downgrade base", "");
    mx_free(&p);
}

/* ---- a failing statement in revision 3 of 5 -------------------------------- */

static bool transactional(rt_test_backend b)
{
    return b != RT_TB_MYSQL && b != RT_TB_MYSQL_ODBC;
}

static void failure(rt_test_backend b)
{
    project p = project_new(b);
    copy_history(&p, "failing");

    char *out = NULL;
    int rc = mx_run(&p, &out, "upgrade head");
    cr_assert_eq(rc, 1, "[%s] want exit 1, got %d:\n%s", rt_test_matrix_name(b), rc, out);
    cr_assert(strstr(out, "e00000000003_three_fails.sql"), "%s", out);
    cr_assert(strstr(out, "no_such_table"), "%s", out);
    cr_assert_null(strstr(out, ":test@"), "password leaked:\n%s", out);
    expect_current(&p, "e00000000002", false);
    if (transactional(b)) {
        /* nothing of revision 3 */
        mx_expect_schema(&p, "failed upgrade",
                      "CREATE TABLE t1 (id INTEGER PRIMARY KEY);"
                      "CREATE TABLE t2 (id INTEGER PRIMARY KEY);");
    } else {
        /* MySQL commits DDL: the report names what was already applied. */
        cr_assert(strstr(out, "CREATE TABLE t3"), "%s", out);
        cr_assert(strstr(out, "applied"), "%s", out);
        mx_expect_schema(&p, "failed upgrade",
                      "CREATE TABLE t1 (id INTEGER PRIMARY KEY);"
                      "CREATE TABLE t2 (id INTEGER PRIMARY KEY);"
                      "CREATE TABLE t3 (id INTEGER PRIMARY KEY);");
    }
    free(out);
    mx_free(&p);
}

#define MATRIX(suite, backend)                                                 \
    Test(suite, walkthrough) { walkthrough(backend); }                         \
    Test(suite, full_history) { full_history(backend); }                       \
    Test(suite, failing_revision) { failure(backend); }

MATRIX(matrix_sqlite, RT_TB_SQLITE)
MATRIX(matrix_postgresql, RT_TB_POSTGRESQL)
MATRIX(matrix_mysql, RT_TB_MYSQL)
MATRIX(matrix_sqlite_odbc, RT_TB_SQLITE_ODBC)
MATRIX(matrix_postgresql_odbc, RT_TB_POSTGRESQL_ODBC)
MATRIX(matrix_mysql_odbc, RT_TB_MYSQL_ODBC)

/* A dialect's setting in retort.ini (core/dialect.h: rt_dialect_setting)
 * reaches the statements an upgrade runs. */
Test(matrix_mysql, dialect_setting_reaches_the_upgrade)
{
    project p = mx_open_project(RT_TB_MYSQL, "mysql_default_varchar_length = 100\n");
    mx_write_revision(&p, "f00000000001", "", "one", "CREATE TABLE t (v VARCHAR);",
                      "DROP TABLE t;");
    char *out = NULL;
    cr_assert_eq(mx_run(&p, &out, "upgrade head"), 0, "%s", out);
    free(out);
    char *live = rt_test_live_summary(p.url);
    cr_assert_not_null(strstr(live, "v VARCHAR(100)"), "%s", live);
    free(live);
    mx_free(&p);
}
