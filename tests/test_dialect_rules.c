/* The checks rt_dialect_render makes before any dialect renders, and the
 * backend data they read (identifier limit, default primary key name), on
 * all three dialects. No server here: the same revisions run through the
 * binary on every backend in test_matrix_ddl.c. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "naming.h"
#include "rt_mem.h"
#include "sql_parse.h"

static const rt_dialect *const all[] = { &rt_dialect_sqlite, &rt_dialect_postgresql,
                                         &rt_dialect_mysql };

/* Renders every statement of sql on d against a model that replays the
 * ops as it goes; returns the rc of the first failure (message in err) and
 * the statements of the last op in *last (caller frees; may be NULL). */
static int render_sql(const rt_dialect *d, const char *sql, char **last, rt_error *err)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_schema model = RT_SCHEMA_INIT;
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    rt_error_clear(err);
    int rc = rt_sql_parse(&ops, sql, "v.sql", 1, err);
    cr_assert_eq(rc, RT_OK, "%s", err->message);
    rt_strv out = RT_STRV_INIT;
    for (size_t i = 0; i < ops.n && rc == RT_OK; i++) {
        rt_strv_clear(&out);
        rc = rt_dialect_render(d, &opts, &model, &ops.items[i], &out, err);
        if (rc == RT_OK)
            rc = rt_schema_apply(&model, &ops.items[i], false, err);
    }
    if (last)
        *last = rc == RT_OK ? rt_strv_join(&out, ";\n") : NULL;
    rt_strv_free(&out);
    rt_schema_free(&model);
    rt_oplist_free(&ops);
    return rc;
}

static char *name_of(char ch, size_t n)
{
    char *s = rt_xmalloc(n + 1);
    memset(s, ch, n);
    s[n] = '\0';
    return s;
}

/* #14 §5: PostgreSQL cut long names silently, MariaDB said only "Incorrect
 * table name". Each backend's limit is data of its dialect. */
Test(dialect_rules, names_over_the_backend_limit_are_refused_naming_it)
{
    cr_assert_eq(rt_dialect_postgresql.max_ident_len, 63);
    cr_assert_eq(rt_dialect_mysql.max_ident_len, 64);
    cr_assert_eq(rt_dialect_sqlite.max_ident_len, 0);
    char *n64 = name_of('t', 64), *n65 = name_of('t', 65);
    static const char *const shapes[] = {
        "CREATE TABLE %s (id INTEGER PRIMARY KEY);",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, %s INTEGER);",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, CONSTRAINT %s CHECK (a > 0));",
        "CREATE TABLE t (id INTEGER PRIMARY KEY); ALTER TABLE t ADD COLUMN %s INTEGER;",
        "CREATE TABLE t (id INTEGER PRIMARY KEY); ALTER TABLE t RENAME TO %s;",
        "CREATE TABLE t (id INTEGER PRIMARY KEY); ALTER TABLE t RENAME COLUMN id TO %s;",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER); CREATE INDEX %s ON t (a);",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER); "
        "ALTER TABLE t ADD CONSTRAINT %s UNIQUE (a);",
    };
    for (size_t k = 0; k < sizeof shapes / sizeof *shapes; k++) {
        char *at64 = rt_xasprintf(shapes[k], n64), *at65 = rt_xasprintf(shapes[k], n65);
        rt_error err;
        cr_expect_eq(render_sql(&rt_dialect_sqlite, at65, NULL, &err), RT_OK, "%s", err.message);
        cr_expect_eq(render_sql(&rt_dialect_mysql, at64, NULL, &err), RT_OK, "%s", err.message);
        cr_expect_eq(render_sql(&rt_dialect_mysql, at65, NULL, &err), RT_ENOTSUPPORTED, "%s", at65);
        cr_expect(strstr(err.message, "is 65 bytes long; mysql allows at most 64 bytes"), "%s",
                  err.message);
        cr_expect_eq(render_sql(&rt_dialect_postgresql, at64, NULL, &err), RT_ENOTSUPPORTED,
                     "%s", at64);
        cr_expect(strstr(err.message, "is 64 bytes long; postgresql allows at most 63 bytes"),
                  "%s", err.message);
        free(at64);
        free(at65);
    }
    free(n64);
    free(n65);
}

/* #10 §4: the unnamed primary key's name was computed in four places and
 * only PostgreSQL cut it to 63 bytes, so DROP CONSTRAINT <table>_pkey of a
 * 60-character table failed there. */
Test(dialect_rules, unnamed_primary_key_name_is_the_dialects_and_portable_everywhere)
{
    char *table = name_of('p', 60);
    char *pg = rt_dialect_pkey_name(&rt_dialect_postgresql, table);
    cr_assert_eq(strlen(pg), 63);
    cr_assert(strncmp(pg, table, 58) == 0 && strcmp(pg + 58, "_pkey") == 0, "%s", pg);
    cr_assert_null(rt_dialect_pkey_name(&rt_dialect_mysql, table));
    cr_assert_null(rt_dialect_pkey_name(&rt_dialect_sqlite, table));
    char *pk = rt_dialect_pkey_name(&rt_dialect_postgresql, "t");
    cr_assert_str_eq(pk, "t_pkey");
    free(pk);

    char *portable = rt_naming_primary_key(table);
    char *sql = rt_xasprintf("CREATE TABLE %s (code VARCHAR(10) PRIMARY KEY, n INTEGER);\n"
                             "ALTER TABLE %s DROP CONSTRAINT %s;", table, table, portable);
    static const char *const want[] = { NULL, NULL, "DROP PRIMARY KEY" };
    for (size_t k = 0; k < 3; k++) {
        char *last = NULL;
        rt_error err;
        cr_assert_eq(render_sql(all[k], sql, &last, &err), RT_OK, "%s: %s", all[k]->name,
                     err.message);
        if (all[k] == &rt_dialect_postgresql) {
            char *w = rt_xasprintf("ALTER TABLE %s DROP CONSTRAINT %s", table, pg);
            cr_expect_str_eq(last, w);
            free(w);
        } else if (want[k]) {
            cr_expect(strstr(last, want[k]), "%s: %s", all[k]->name, last);
        }
        free(last);
    }
    free(sql);
    free(portable);
    free(pg);
    free(table);
}

/* #10 §4: refused in models, an index name reused on another table was
 * accepted in revisions (MariaDB took it, a later DROP INDEX picked one). */
Test(dialect_rules, index_name_reused_on_another_table_is_refused)
{
    const char *sql = "CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER);\n"
                      "CREATE TABLE b (id INTEGER PRIMARY KEY, x INTEGER);\n"
                      "CREATE INDEX ix_x ON a (x);\n"
                      "CREATE INDEX IF NOT EXISTS ix_x ON b (x);";
    for (size_t k = 0; k < 3; k++) {
        rt_error err;
        cr_expect_eq(render_sql(all[k], sql, NULL, &err), RT_EPARSE, "%s", all[k]->name);
        cr_expect(strstr(err.message, "index \"ix_x\" already exists on table \"a\""), "%s",
                  err.message);
    }
    /* the same table again is IF NOT EXISTS doing its job */
    for (size_t k = 0; k < 3; k++) {
        rt_error err;
        char *last = NULL;
        cr_expect_eq(render_sql(all[k], "CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER);\n"
                                        "CREATE INDEX ix_x ON a (x);\n"
                                        "CREATE INDEX IF NOT EXISTS ix_x ON a (x);",
                                &last, &err),
                     RT_OK, "%s", err.message);
        cr_expect(strstr(last, "CREATE INDEX IF NOT EXISTS ix_x ON a (x)"), "%s: %s",
                  all[k]->name, last);
        free(last);
    }
}

/* #10: one column of a multi-column key: PostgreSQL dropped the whole key
 * silently, MariaDB refused with 1072, the model kept the key shrunk. */
Test(dialect_rules, drop_column_of_a_multi_column_key_is_refused_naming_it)
{
    static const struct {
        const char *sql, *want;
    } cases[] = {
        { "CREATE TABLE t (a INTEGER, b INTEGER, CONSTRAINT uq_ab UNIQUE (a, b));\n"
          "ALTER TABLE t DROP COLUMN b;",
          "cannot drop column \"b\" of table \"t\": it is one of the columns of unique "
          "constraint \"uq_ab\" (a, b), which PostgreSQL would drop whole and MySQL/MariaDB "
          "refuse to change. Write ALTER TABLE t DROP CONSTRAINT uq_ab first (and add a new "
          "UNIQUE constraint on the remaining columns if they must stay unique)." },
        { "CREATE TABLE t (a INTEGER, b INTEGER, c INTEGER, PRIMARY KEY (a, b));\n"
          "ALTER TABLE t DROP COLUMN a;",
          "cannot drop column \"a\" of table \"t\": it is one of the columns of primary key "
          "\"t_pkey\" (a, b), which PostgreSQL would drop whole and MySQL/MariaDB refuse to "
          "change. Write ALTER TABLE t DROP CONSTRAINT t_pkey first (and add a new PRIMARY "
          "KEY on the remaining columns if they must stay unique)." },
        { "CREATE TABLE t (a INTEGER, b INTEGER);\nCREATE UNIQUE INDEX ux_ab ON t (a, b);\n"
          "ALTER TABLE t DROP COLUMN a;",
          "cannot drop column \"a\" of table \"t\": it is one of the columns of unique index "
          "\"ux_ab\" (a, b), which PostgreSQL would drop whole and MySQL/MariaDB refuse to "
          "change. Write DROP INDEX ux_ab first (and create a new unique index on the "
          "remaining columns if they must stay unique)." },
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
        for (size_t k = 0; k < 3; k++) {
            rt_error err;
            cr_expect_eq(render_sql(all[k], cases[c].sql, NULL, &err), RT_ENOTSUPPORTED, "%s",
                         all[k]->name);
            cr_expect_str_eq(err.message, cases[c].want);
        }
    /* what the message says to write works, and a one-column key or a
     * plain multi-column index still goes with its column */
    const char *ok = "CREATE TABLE t (a INTEGER, b INTEGER UNIQUE, c INTEGER,\n"
                     "    CONSTRAINT uq_ab UNIQUE (a, b));\n"
                     "CREATE INDEX ix_ac ON t (a, c);\n"
                     "ALTER TABLE t DROP CONSTRAINT uq_ab;\n"
                     "ALTER TABLE t DROP COLUMN b;\n"
                     "ALTER TABLE t DROP COLUMN c;";
    for (size_t k = 0; k < 3; k++) {
        rt_error err;
        cr_expect_eq(render_sql(all[k], ok, NULL, &err), RT_OK, "%s: %s", all[k]->name,
                     err.message);
    }
}

/* USING (from a -- dialect: block) where the dialect has none: refused,
 * never dropped. */
Test(dialect_rules, alter_type_using_only_where_the_dialect_has_it)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err;
    rt_sql_lines block = { 1, 1 };
    cr_assert_eq(rt_sql_parse_blocks(&ops, "ALTER TABLE t ALTER COLUMN c TYPE INTEGER USING 1",
                                     "v.sql", 1, &block, 1, &err),
                 RT_OK, "%s", err.message);
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    for (size_t k = 0; k < 3; k++) {
        rt_strv out = RT_STRV_INIT;
        int rc = rt_dialect_render(all[k], &opts, NULL, &ops.items[0], &out, &err);
        if (all[k] == &rt_dialect_postgresql) {
            cr_expect_eq(rc, RT_OK, "%s", err.message);
        } else {
            cr_expect_eq(rc, RT_ENOTSUPPORTED, "%s", all[k]->name);
            char *want = rt_xasprintf("column \"c\" of table \"t\": %s has no ALTER COLUMN ... "
                                      "TYPE ... USING; write the type change without USING in "
                                      "a -- dialect: block for %s (it converts each value "
                                      "itself).",
                                      all[k]->name, all[k]->name);
            cr_expect_str_eq(err.message, want);
            free(want);
        }
        rt_strv_free(&out);
    }
    rt_oplist_free(&ops);
}

/* #10 §3: IF NOT EXISTS was parsed, then dropped by every dialect. */
Test(dialect_rules, if_not_exists_and_if_exists_reach_every_dialect)
{
    static const struct {
        const char *sql, *want;
    } cases[] = {
        { "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY);",
          "CREATE TABLE IF NOT EXISTS t (" },
        { "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);"
          "CREATE UNIQUE INDEX IF NOT EXISTS ux_t_a ON t (a);",
          "CREATE UNIQUE INDEX IF NOT EXISTS ux_t_a ON t (a)" },
        { "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);"
          "DROP INDEX IF EXISTS ix_none ON t;", "DROP INDEX IF EXISTS ix_none" },
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++)
        for (size_t k = 0; k < 3; k++) {
            rt_error err;
            char *last = NULL;
            cr_assert_eq(render_sql(all[k], cases[c].sql, &last, &err), RT_OK, "%s",
                         err.message);
            cr_expect(strstr(last, cases[c].want), "%s: %s", all[k]->name, last);
            free(last);
        }
    /* DROP CONSTRAINT IF EXISTS of a constraint no revision made */
    const char *drop = "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);"
                       "ALTER TABLE t DROP CONSTRAINT IF EXISTS ck_none;";
    static const char *const want[] = { "", "ALTER TABLE t DROP CONSTRAINT IF EXISTS ck_none",
                                        "ALTER TABLE t DROP CONSTRAINT IF EXISTS ck_none" };
    for (size_t k = 0; k < 3; k++) {
        rt_error err;
        char *last = NULL;
        cr_assert_eq(render_sql(all[k], drop, &last, &err), RT_OK, "%s", err.message);
        cr_expect_str_eq(last, want[k], "%s", all[k]->name);
        free(last);
    }
}
