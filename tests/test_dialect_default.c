/* The default renderer (core/dialect_default.c): the standard DDL of every
 * op kind from a dialect description with nothing but its quoting, and
 * the override rules (an ops[] entry replaces one kind only, an override
 * may wrap the default, check_op refuses before anything is rendered).
 * The three real dialects built on it are checked against their servers
 * in test_dialect_conformance.c; no server here. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dialect_default.h"
#include "sql_parse.h"
#include "sql_write.h"

/* A backend with schemas, deferrable keys and PostgreSQL's limits, so that
 * rt_dialect_check_op lets standard SQL through. */
static const rt_dialect std_dialect = {
    .name = "standard",
    .caps = RT_DIALECT_DEFERRABLE_FK | RT_DIALECT_FK_SET_DEFAULT | RT_DIALECT_SCHEMAS,
    .max_ident_len = 63,
    .pkey_suffix = "_pkey",
};

static const rt_dialect_ddl std_ddl = {
    .dialect = &std_dialect,
    .quote = rt_sql_write_ident,
};

#define SETUP                                                                             \
    "CREATE TABLE p (id INTEGER PRIMARY KEY);"                                            \
    "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b VARCHAR(20) DEFAULT 'x',"       \
    " CONSTRAINT ck_t_a CHECK (a > 0));"                                                  \
    "CREATE INDEX ix_t_a ON t (a);"

/* Renders each op of sql with ddl against the model SETUP makes (replayed
 * as it goes); returns the statements of the last op joined by ";\n"
 * (caller frees), or NULL with the rc in *rc and the message in err. */
static char *render(const rt_dialect_ddl *ddl, const char *sql, int *rc, rt_error *err)
{
    rt_oplist setup = RT_OPLIST_INIT, ops = RT_OPLIST_INIT;
    rt_schema model = RT_SCHEMA_INIT;
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    cr_assert_eq(rt_sql_parse(&setup, SETUP, "setup.sql", 1, err), RT_OK, "%s", err->message);
    for (size_t i = 0; i < setup.n; i++)
        cr_assert_eq(rt_schema_apply(&model, &setup.items[i], true, err), RT_OK, "%s",
                     err->message);
    cr_assert_eq(rt_sql_parse(&ops, sql, "v.sql", 1, err), RT_OK, "%s: %s", sql, err->message);
    rt_strv out = RT_STRV_INIT;
    *rc = RT_OK;
    for (size_t i = 0; i < ops.n && *rc == RT_OK; i++) {
        rt_strv_clear(&out);
        *rc = rt_dialect_default_render(ddl, &opts, &model, &ops.items[i], &out, err);
        if (*rc == RT_OK)
            rt_schema_apply(&model, &ops.items[i], false, err);
    }
    char *joined = *rc == RT_OK ? rt_strv_join(&out, ";\n") : NULL;
    rt_strv_free(&out);
    rt_schema_free(&model);
    rt_oplist_free(&ops);
    rt_oplist_free(&setup);
    return joined;
}

static void expect_sql(const rt_dialect_ddl *ddl, const char *sql, const char *want)
{
    rt_error err = {0};
    int rc;
    char *got = render(ddl, sql, &rc, &err);
    cr_assert_eq(rc, RT_OK, "%s: %s", sql, err.message);
    cr_expect_str_eq(got, want, "%s\n-- rendered:\n%s", sql, got);
    free(got);
}

Test(dialect_default, every_op_kind_as_standard_sql)
{
    static const struct {
        const char *sql, *want;
    } cases[] = {
        {"CREATE TABLE IF NOT EXISTS x (id INTEGER PRIMARY KEY, \"Name\" TEXT NOT NULL, "
         "CONSTRAINT uq_x UNIQUE (\"Name\"), CONSTRAINT fk_x FOREIGN KEY (id) REFERENCES p (id) "
         "ON DELETE CASCADE DEFERRABLE)",
         "CREATE TABLE IF NOT EXISTS x (\n"
         "    id INTEGER NOT NULL,\n"
         "    \"Name\" TEXT NOT NULL,\n"
         "    PRIMARY KEY (id),\n"
         "    CONSTRAINT uq_x UNIQUE (\"Name\"),\n"
         "    CONSTRAINT fk_x FOREIGN KEY (id) REFERENCES p (id) ON DELETE CASCADE DEFERRABLE\n"
         ")"},
        {"DROP TABLE IF EXISTS t", "DROP TABLE IF EXISTS t"},
        {"ALTER TABLE t RENAME TO u", "ALTER TABLE t RENAME TO u"},
        {"ALTER TABLE t ADD COLUMN c INTEGER NOT NULL DEFAULT 1",
         "ALTER TABLE t ADD COLUMN c INTEGER NOT NULL DEFAULT 1"},
        {"ALTER TABLE t DROP COLUMN b", "ALTER TABLE t DROP COLUMN b"},
        {"ALTER TABLE t RENAME COLUMN b TO \"B b\"", "ALTER TABLE t RENAME COLUMN b TO \"B b\""},
        {"ALTER TABLE t ALTER COLUMN b TYPE TEXT", "ALTER TABLE t ALTER COLUMN b TYPE TEXT"},
        {"ALTER TABLE t ALTER COLUMN a SET NOT NULL", "ALTER TABLE t ALTER COLUMN a SET NOT NULL"},
        {"ALTER TABLE t ALTER COLUMN b DROP NOT NULL",
         "ALTER TABLE t ALTER COLUMN b DROP NOT NULL"},
        {"ALTER TABLE t ALTER COLUMN a SET DEFAULT 7", "ALTER TABLE t ALTER COLUMN a SET DEFAULT 7"},
        {"ALTER TABLE t ALTER COLUMN b DROP DEFAULT", "ALTER TABLE t ALTER COLUMN b DROP DEFAULT"},
        {"ALTER TABLE t ADD CONSTRAINT uq_t_b UNIQUE (b)",
         "ALTER TABLE t ADD CONSTRAINT uq_t_b UNIQUE (b)"},
        /* the unnamed primary key by the backend's name for it */
        {"ALTER TABLE t DROP CONSTRAINT PRIMARY", "ALTER TABLE t DROP CONSTRAINT t_pkey"},
        {"ALTER TABLE t DROP CONSTRAINT IF EXISTS ck_t_a",
         "ALTER TABLE t DROP CONSTRAINT IF EXISTS ck_t_a"},
        {"CREATE UNIQUE INDEX IF NOT EXISTS ux_t_b ON t (b DESC) WHERE a > 0",
         "CREATE UNIQUE INDEX IF NOT EXISTS ux_t_b ON t (b DESC) WHERE a > 0"},
        {"DROP INDEX IF EXISTS ix_t_a", "DROP INDEX IF EXISTS ix_t_a"},
        {"COMMENT ON COLUMN t.a IS 'it''s a'", "COMMENT ON COLUMN t.a IS 'it''s a'"},
        {"INSERT INTO t (a) VALUES (1)", "INSERT INTO t (a) VALUES (1)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_sql(&std_ddl, cases[i].sql, cases[i].want);
}

/* A dialect with its own quoting and an override of one kind that wraps
 * the default: every other kind still comes out standard. */
static void bq_quote(rt_buf *out, const char *name)
{
    rt_sql_quote_ident_with(out, name, '`');
}

static int bq_drop_table(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                         const rt_schema *before, const rt_op *op, rt_strv *out, rt_error *err)
{
    rt_strv_push(out, "-- before");
    int rc = rt_dialect_default_op(ddl, opts, before, op, out, err);
    rt_strv_push(out, "-- after");
    return rc;
}

static int bq_check(const rt_schema *before, const rt_op *op, rt_error *err)
{
    (void)before;
    if (op->kind == RT_OP_ADD_COLUMN && strcmp(op->column->name, "nope") == 0)
        return rt_error_set(err, RT_ENOTSUPPORTED, "column \"nope\" of table \"%s\" refused",
                            op->table_name);
    return RT_OK;
}

static const rt_dialect_ddl bq_ddl = {
    .dialect = &std_dialect,
    .quote = bq_quote,
    .check_op = bq_check,
    .ops = { [RT_OP_DROP_TABLE] = bq_drop_table },
};

Test(dialect_default, override_of_one_kind_and_hooks)
{
    expect_sql(&bq_ddl, "DROP TABLE \"Odd\"", "-- before;\nDROP TABLE `Odd`;\n-- after");
    expect_sql(&bq_ddl, "ALTER TABLE t RENAME COLUMN a TO \"A a\"",
               "ALTER TABLE t RENAME COLUMN a TO `A a`");
    rt_error err = {0};
    int rc;
    cr_expect_null(render(&bq_ddl, "ALTER TABLE t ADD COLUMN nope INTEGER", &rc, &err));
    cr_expect_eq(rc, RT_ENOTSUPPORTED);
    cr_expect(strstr(err.message, "\"nope\"") != NULL, "%s", err.message);
    /* the dialect's limits are checked first (rt_dialect_check_op) */
    char name[70];
    memset(name, 'n', 64);
    name[64] = '\0';
    char *sql = rt_xasprintf("ALTER TABLE t ADD COLUMN %s INTEGER", name);
    cr_expect_null(render(&bq_ddl, sql, &rc, &err));
    cr_expect_eq(rc, RT_ENOTSUPPORTED);
    cr_expect(strstr(err.message, "at most 63 bytes") != NULL, "%s", err.message);
    free(sql);
}

Test(dialect_default, malformed_op_is_an_error_not_a_crash)
{
    rt_op ops[] = {
        {.kind = RT_OP_CREATE_TABLE, .line = 3},
        {.kind = RT_OP_ADD_COLUMN, .table_name = "t", .line = 4},
        {.kind = RT_OP_RENAME_COLUMN, .table_name = "t", .name = "a", .line = 5},
        {.kind = RT_OP_CREATE_INDEX, .table_name = "t", .line = 6},
        {.kind = RT_OP_SET_DEFAULT, .table_name = "t", .name = "a", .line = 7},
    };
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        rt_strv out = RT_STRV_INIT;
        rt_error err = {0};
        cr_expect_eq(rt_dialect_default_render(&std_ddl, &opts, NULL, &ops[i], &out, &err),
                     RT_ENOTFOUND, "op %zu", i);
        cr_expect_eq(out.n, 0, "op %zu rendered something", i);
        rt_strv_free(&out);
    }
}

Test(dialect_default, create_table_under_another_name)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err = {0};
    cr_assert_eq(rt_sql_parse(&ops, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)", "v.sql",
                              1, &err),
                 RT_OK, "%s", err.message);
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "left over");
    cr_assert_eq(rt_dialect_default_create_table(&bq_ddl, NULL, NULL, ops.items[0].table,
                                                 "_tmp_t", false, &b, &err),
                 RT_OK, "%s", err.message);
    cr_expect_str_eq(rt_buf_cstr(&b), "CREATE TABLE _tmp_t (\n"
                                      "    id INTEGER NOT NULL,\n"
                                      "    v TEXT,\n"
                                      "    PRIMARY KEY (id)\n"
                                      ")");
    rt_buf_free(&b);
    rt_oplist_free(&ops);
}
