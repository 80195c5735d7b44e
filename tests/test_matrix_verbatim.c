/* Backend-only syntax in `-- dialect:` blocks (issue #10 §2, docs/portable-sql.md
 * "Statements for some backends only"), through the built binary on SQLite,
 * PostgreSQL and MariaDB: each backend's block uses syntax only it knows
 * (table options, a sequence, an extension, a dollar-quoted function, a
 * procedure written without DELIMITER), `upgrade head`, `check` and
 * autogenerate find nothing, each revision bounces, and `downgrade base`
 * leaves only the version table. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_mem.h"
#include "rt_test.h"
#include "matrix_helpers.h"

#define ACCOUNT_MODEL                                                                     \
    "CREATE TABLE \"Account\" (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL,\n"      \
    "    note TEXT);\n"                                                                   \
    "CREATE INDEX ix_account_name ON \"Account\" (name);\n"

#define BASE_UP                                                                           \
    ACCOUNT_MODEL                                                                         \
    "-- dialect: postgresql\n"                                                            \
    "CREATE EXTENSION IF NOT EXISTS pgcrypto;\n"                                          \
    "CREATE SEQUENCE account_seq START 100;\n"                                            \
    "SET LOCAL statement_timeout = '60s';\n"                                              \
    "ALTER TABLE ONLY \"Account\" SET (fillfactor = 70),\n"                               \
    "    ALTER COLUMN note SET STATISTICS 200, OWNER TO CURRENT_USER;\n"                  \
    "COMMENT ON SEQUENCE account_seq IS 'ids from 100';\n"                                \
    "CREATE FUNCTION account_next() RETURNS bigint AS $fn$\n"                             \
    "BEGIN RETURN nextval('account_seq'); END;\n"                                         \
    "$fn$ LANGUAGE plpgsql;\n"                                                            \
    "ANALYZE \"Account\";\n"                                                              \
    "-- dialect: mariadb\n"                                                               \
    "ALTER TABLE \"Account\" ROW_FORMAT=DYNAMIC, ENGINE=InnoDB;\n"                        \
    "DROP PROCEDURE IF EXISTS account_fill;\n"                                            \
    "CREATE PROCEDURE account_fill(IN n INTEGER)\n"                                       \
    "BEGIN\n"                                                                             \
    "    DECLARE i INTEGER DEFAULT 0;\n"                                                  \
    "    WHILE i < n DO\n"                                                                \
    "        INSERT INTO \"Account\" (id, name) VALUES (100 + i, 'n' || i);\n"            \
    "        SET i = i + 1;\n"                                                            \
    "    END WHILE;\n"                                                                    \
    "END;\n"                                                                              \
    "ANALYZE TABLE \"Account\";\n"                                                        \
    "-- dialect: sqlite\n"                                                                \
    "PRAGMA user_version = 7;\n"                                                          \
    "-- dialect: all\n"                                                                   \
    "INSERT INTO \"Account\" (id, name) VALUES (1, 'one');"

#define BASE_DOWN                                                                         \
    "-- dialect: postgresql\n"                                                            \
    "DROP FUNCTION account_next();\n"                                                     \
    "DROP SEQUENCE account_seq;\n"                                                        \
    "DROP EXTENSION pgcrypto;\n"                                                          \
    "-- dialect: mysql\n"                                                                 \
    "DROP PROCEDURE account_fill;\n"                                                      \
    "-- dialect: sqlite\n"                                                                \
    "PRAGMA user_version = 0;\n"                                                          \
    "-- dialect: all\n"                                                                   \
    "DROP INDEX ix_account_name;\n"                                                       \
    "DROP TABLE \"Account\";"

/* Each backend fills row 100 with what the first revision made. */
#define USE_UP                                                                            \
    "-- dialect: postgresql\n"                                                            \
    "INSERT INTO \"Account\" (id, name) VALUES (account_next(), encode(digest('n0', "     \
    "'sha1'), 'hex'));\n"                                                                 \
    "UPDATE \"Account\" SET name = 'n0' WHERE id = 100;\n"                                \
    "-- dialect: mysql\n"                                                                 \
    "CALL account_fill(1);\n"                                                             \
    "-- dialect: sqlite\n"                                                                \
    "INSERT INTO \"Account\" (id, name) VALUES (100, 'n0');"

#define USE_DOWN "DELETE FROM \"Account\" WHERE id >= 100;"

static mx_project vb_project(rt_test_backend b)
{
    mx_project p = mx_open_project(b, "models = models/*.sql\n");
    cr_assert_eq(rt_test_sh(NULL, p.dir, "mkdir -p models"), 0);
    mx_write_file(&p, "models/account.sql", ACCOUNT_MODEL);
    return p;
}

static void vb_expect_base(mx_project *p, const char *after)
{
    char *live = rt_test_live_summary(p->url);
    cr_assert_str_eq(live, "", "[%s] after %s:\n%s", rt_test_matrix_name(p->backend), after,
                     live);
    free(live);
}

/* What only the backend's own block made, by the backend's catalogs. */
static void vb_expect_extras(mx_project *p, const char *want)
{
    if (p->backend == RT_TB_POSTGRESQL) {
        mx_expect_value(p, "SELECT COUNT(*) FROM pg_class WHERE relname = 'account_seq'", want);
        mx_expect_value(p, "SELECT COUNT(*) FROM pg_extension WHERE extname = 'pgcrypto'", want);
        mx_expect_value(p, "SELECT COUNT(*) FROM pg_proc WHERE proname = 'account_next'", want);
    } else if (p->backend == RT_TB_MYSQL) {
        mx_expect_value(p, "SELECT COUNT(*) FROM information_schema.routines WHERE "
                           "routine_schema = DATABASE() AND routine_name = 'account_fill'",
                        want);
    } else {
        mx_expect_value(p, "PRAGMA user_version", strcmp(want, "1") == 0 ? "7" : "0");
    }
}

static void backend_only_blocks(rt_test_backend b)
{
    mx_project p = vb_project(b);
    mx_write_revision(&p, "v00000000001", "", "base", BASE_UP, BASE_DOWN);
    mx_write_revision(&p, "v00000000002", "v00000000001", "use", USE_UP, USE_DOWN);

    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "upgrade head", ACCOUNT_MODEL);
    vb_expect_extras(&p, "1");
    mx_expect_value(&p, "SELECT name FROM \"Account\" WHERE id = 100", "n0");
    if (b == RT_TB_MYSQL)
        mx_expect_value(&p, "SELECT row_format FROM information_schema.tables WHERE "
                            "table_schema = DATABASE() AND table_name = 'Account'",
                        "Dynamic");
    if (b == RT_TB_POSTGRESQL)
        mx_expect_value(&p, "SELECT array_to_string(reloptions, ',') FROM pg_class "
                            "WHERE relname = 'Account'",
                        "fillfactor=70");
    mx_expect_check_clean(&p, "upgrade head");
    mx_expect_autogenerate_empty(&p);

    /* Bounce each revision: down, up, down. */
    mx_run_ok(&p, "downgrade -1");
    mx_expect_value(&p, "SELECT COUNT(*) FROM \"Account\"", "1");
    mx_run_ok(&p, "upgrade +1");
    mx_expect_value(&p, "SELECT COUNT(*) FROM \"Account\"", "2");
    mx_run_ok(&p, "downgrade -1");
    mx_run_ok(&p, "downgrade -1");
    vb_expect_base(&p, "downgrade -1 twice");
    vb_expect_extras(&p, "0");
    mx_run_ok(&p, "upgrade +1");
    vb_expect_extras(&p, "1");
    mx_run_ok(&p, "upgrade head");
    mx_run_ok(&p, "downgrade base");
    vb_expect_base(&p, "downgrade base");
    vb_expect_extras(&p, "0");
    mx_free(&p);
}

/* Outside a block the same syntax is an error with file:line:col, and
 * nothing runs. */
static void outside_a_block_refused(rt_test_backend b)
{
    mx_project p = vb_project(b);
    mx_write_revision(&p, "v00000000001", "", "base",
                      ACCOUNT_MODEL "ALTER TABLE \"Account\" ROW_FORMAT=DYNAMIC;",
                      "DROP TABLE \"Account\";");
    char *out = NULL;
    int rc = mx_run(&p, &out, "upgrade head");
    cr_assert_eq(rc, 2, "%s", out);
    cr_assert(strstr(out, "v00000000001_rev.sql:12:23: expected ADD, DROP, RENAME or ALTER, "
                          "found 'ROW_FORMAT'."),
              "%s", out);
    free(out);
    vb_expect_base(&p, "a refused upgrade");
    mx_free(&p);
}

/* DROP INDEX IF EXISTS of an index no revision made: with ON table it runs
 * everywhere; without, MySQL/MariaDB (which drop an index only with its
 * table) refuse it before anything runs, naming the fix. */
static void drop_unknown_index_if_exists(rt_test_backend b)
{
    mx_project p = vb_project(b);
    mx_write_revision(&p, "v00000000001", "", "base", ACCOUNT_MODEL,
                      "DROP INDEX ix_account_name;\nDROP TABLE \"Account\";");
    mx_write_revision(&p, "v00000000002", "v00000000001", "gone",
                      "DROP INDEX IF EXISTS ix_gone ON \"Account\";", "");
    mx_write_revision(&p, "v00000000003", "v00000000002", "bare", "DROP INDEX IF EXISTS ix_gone;",
                      "");
    mx_run_ok(&p, "upgrade v00000000002");
    char *out = NULL;
    int rc = mx_run(&p, &out, "upgrade head");
    if (b == RT_TB_MYSQL) {
        cr_assert_eq(rc, 2, "%s", out);
        cr_assert(strstr(out, "v00000000003_rev.sql:9:1: DROP INDEX IF EXISTS ix_gone needs ON "
                              "<table> on MySQL/MariaDB"),
                  "%s", out);
        mx_expect_value(&p, "SELECT version_num FROM retort_version", "v00000000002");
    } else {
        cr_assert_eq(rc, 0, "%s", out);
    }
    free(out);
    mx_run_ok(&p, "downgrade base");
    vb_expect_base(&p, "downgrade base");
    mx_free(&p);
}

/* Refused before anything runs, on the backends that would fail or change
 * a key silently: one column of a multi-column UNIQUE (all three), a type
 * change PostgreSQL has no cast for. */
static void refused_before_anything_runs(rt_test_backend b)
{
    mx_project p = vb_project(b);
    mx_write_revision(&p, "v00000000001", "", "base",
                      "CREATE TABLE pair (a INTEGER, b INTEGER, d DATE,\n"
                      "    CONSTRAINT uq_pair_ab UNIQUE (a, b));\n"
                      "ALTER TABLE pair DROP COLUMN b;",
                      "DROP TABLE pair;");
    char *out = NULL;
    cr_assert_eq(mx_run(&p, &out, "upgrade head"), 2, "%s", out);
    cr_assert(strstr(out, "v00000000001_rev.sql:11:1: cannot drop column \"b\" of table \"pair\": "
                          "it is one of the columns of unique constraint \"uq_pair_ab\" (a, b)"),
              "%s", out);
    free(out);
    vb_expect_base(&p, "a refused DROP COLUMN");

    mx_write_revision(&p, "v00000000001", "", "base",
                      "CREATE TABLE pair (a INTEGER, b INTEGER, d DATE);\n"
                      "ALTER TABLE pair ALTER COLUMN d TYPE INTEGER;",
                      "DROP TABLE pair;");
    int rc = mx_run(&p, &out, "upgrade head");
    if (b == RT_TB_POSTGRESQL) {
        cr_assert_eq(rc, 2, "%s", out);
        cr_assert(strstr(out, "v00000000001_rev.sql:10:1: column \"d\" of table \"pair\": "
                              "PostgreSQL cannot change DATE to INTEGER"),
                  "%s", out);
        vb_expect_base(&p, "a refused ALTER TYPE");
        free(out);
        /* what the message says: PostgreSQL's USING in its block */
        mx_write_revision(&p, "v00000000001", "", "base",
                          "CREATE TABLE pair (a INTEGER, b INTEGER, d DATE);\n"
                          "INSERT INTO pair (a, b, d) VALUES (1, 2, '2024-01-31');\n"
                          "-- dialect: postgresql\n"
                          "ALTER TABLE pair ALTER COLUMN d TYPE INTEGER\n"
                          "    USING CAST(to_char(d, 'YYYYMMDD') AS INTEGER);\n"
                          "-- dialect: mysql, sqlite\n"
                          "ALTER TABLE pair ALTER COLUMN d TYPE INTEGER;",
                          "DROP TABLE pair;");
        rc = mx_run(&p, &out, "upgrade head");
        cr_assert_eq(rc, 0, "%s", out);
        mx_expect_value(&p, "SELECT d + 1 FROM pair", "20240132");
        mx_run_ok(&p, "downgrade base");
    } else {
        cr_assert_eq(rc, 0, "%s", out);
        mx_run_ok(&p, "downgrade base");
    }
    free(out);
    mx_free(&p);
}

#define MATRIX(suite, backend)                                                   \
    Test(suite, backend_only_blocks) { backend_only_blocks(backend); }         \
    Test(suite, outside_a_block_refused) { outside_a_block_refused(backend); } \
    Test(suite, drop_unknown_index_if_exists) { drop_unknown_index_if_exists(backend); } \
    Test(suite, refused_before_anything_runs) { refused_before_anything_runs(backend); }

MATRIX(verbatim_sqlite, RT_TB_SQLITE)
MATRIX(verbatim_postgresql, RT_TB_POSTGRESQL)
MATRIX(verbatim_mysql, RT_TB_MYSQL)
