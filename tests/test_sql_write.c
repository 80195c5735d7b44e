#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "sql_parse.h"
#include "sql_write.h"

/* Writes ops, parses the text back and requires equal ops. */
static void round_trip(const rt_oplist *ops)
{
    rt_buf text = RT_BUF_INIT;
    for (size_t i = 0; i < ops->n; i++)
        rt_sql_write_op(&text, &ops->items[i]);
    rt_oplist back = RT_OPLIST_INIT;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_sql_parse(&back, rt_buf_cstr(&text), "out.sql", 1, &err);
    cr_assert_eq(rc, RT_OK, "%s\n--- in ---\n%s", err.message, rt_buf_cstr(&text));
    cr_assert_eq(back.n, ops->n, "op count differs for:\n%s", rt_buf_cstr(&text));
    for (size_t i = 0; i < ops->n; i++)
        cr_assert(rt_op_equal(&ops->items[i], &back.items[i]), "op %zu (%s) differs after:\n%s", i,
                  rt_op_kind_name(ops->items[i].kind), rt_buf_cstr(&text));
    rt_oplist_free(&back);
    rt_buf_free(&text);
}

static rt_oplist parse_ok(const char *sql)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_sql_parse(&ops, sql, "in.sql", 1, &err), RT_OK, "%s", err.message);
    return ops;
}

Test(sql_write, round_trip_every_op_kind)
{
    rt_oplist ops = parse_ok(
        "CREATE TABLE \"Users\" (id INTEGER PRIMARY KEY, \"select\" TEXT NOT NULL DEFAULT 'a''b',"
        " \"2x\" INTEGER UNIQUE, ref INTEGER REFERENCES other ON DELETE CASCADE ON UPDATE SET DEFAULT,"
        " c NUMERIC(9, 3) CHECK (c > 0), CONSTRAINT ck_two CHECK (c < 100 AND \"2x\" <> 1));"
        "CREATE TABLE IF NOT EXISTS k (a INTEGER, b INTEGER, CONSTRAINT k_pk PRIMARY KEY (a, b),"
        " FOREIGN KEY (a, b) REFERENCES \"Users\" (id, \"2x\") ON DELETE RESTRICT ON UPDATE SET NULL);"
        "CREATE TABLE late_pk (a INTEGER UNIQUE, b INTEGER PRIMARY KEY);"
        "DROP TABLE t; DROP TABLE IF EXISTS \"T\";"
        "ALTER TABLE t RENAME TO \"New\";"
        "ALTER TABLE t ADD COLUMN c TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP;"
        "ALTER TABLE t DROP COLUMN \"Old\";"
        "ALTER TABLE t RENAME COLUMN a TO \"order\";"
        "ALTER TABLE t ALTER COLUMN a TYPE NUMERIC(5);"
        "ALTER TABLE t ALTER a SET NOT NULL, ALTER a DROP NOT NULL;"
        "ALTER TABLE t ALTER a SET DEFAULT (lower('X')), ALTER a DROP DEFAULT;"
        "ALTER TABLE t ADD CONSTRAINT x UNIQUE (a), ADD PRIMARY KEY (a), ADD CHECK (a <> 'y'),"
        " ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES u (b) ON DELETE NO ACTION,"
        " ADD CONSTRAINT g FOREIGN KEY (a) REFERENCES u (b) DEFERRABLE,"
        " ADD CONSTRAINT h FOREIGN KEY (a) REFERENCES u (b) ON DELETE SET NULL DEFERRABLE INITIALLY DEFERRED;"
        "ALTER TABLE t DROP CONSTRAINT \"X\";"
        "CREATE INDEX ix ON t (a); CREATE UNIQUE INDEX IF NOT EXISTS \"Ix\" ON \"T\" (a, \"B\");"
        "DROP INDEX ix; DROP INDEX IF EXISTS \"Ix\" ON \"T\";"
        "COMMENT ON TABLE t IS 'it''s'; COMMENT ON COLUMN \"T\".\"C\" IS NULL;"
        "ALTER TABLE t ADD COLUMN g INTEGER GENERATED ALWAYS AS (a + 1) STORED;"
        "INSERT INTO t VALUES ('x;y', $$ z $$)");
    bool seen[RT_OP_RAW + 1] = { false };
    for (size_t i = 0; i < ops.n; i++)
        seen[ops.items[i].kind] = true;
    for (int k = 0; k <= RT_OP_RAW; k++)
        cr_assert(seen[k], "the test covers %s", rt_op_kind_name((rt_op_kind)k));
    round_trip(&ops);
    rt_oplist_free(&ops);
}

Test(sql_write, round_trip_every_type)
{
    rt_oplist ops = RT_OPLIST_INIT;
    for (int k = RT_TYPE_INTEGER; k <= RT_TYPE_ENUM; k++) {
        for (int variant = 0; variant < 3; variant++) {
            rt_op *op = rt_oplist_push(&ops, RT_OP_ALTER_TYPE);
            op->table_name = rt_xstrdup("t");
            op->name = rt_xstrdup("c");
            rt_type_init(&op->type, (rt_type_kind)k);
            if (k == RT_TYPE_VARCHAR && variant > 0)
                op->type.length = variant == 1 ? 1 : 65535;
            if (k == RT_TYPE_CHAR)
                op->type.length = variant == 2 ? 255 : 1; /* never 0: CHAR alone is CHAR(1) */
            if (k == RT_TYPE_ENUM) {
                rt_strv_push(&op->type.values, "a");
                if (variant > 0)
                    rt_strv_push(&op->type.values, "it's \"b\"");
                if (variant > 1)
                    rt_strv_push(&op->type.values, "");
            }
            if (k == RT_TYPE_NUMERIC && variant == 1)
                op->type.precision = 12;
            if (k == RT_TYPE_NUMERIC && variant == 2) {
                op->type.precision = 12;
                op->type.scale = 0;
            }
        }
    }
    round_trip(&ops);
    rt_oplist_free(&ops);
}

Test(sql_write, create_table_text)
{
    rt_oplist ops = parse_ok("CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL,"
                             " \"user\" INTEGER REFERENCES \"B\"(id));");
    rt_buf b = RT_BUF_INIT;
    ops.items[0].comment = rt_xstrdup("line one\nline two");
    rt_sql_write_op(&b, &ops.items[0]);
    cr_assert_str_eq(rt_buf_cstr(&b),
                     "-- line one\n"
                     "-- line two\n"
                     "CREATE TABLE \"A\" (\n"
                     "    id INTEGER PRIMARY KEY,\n"
                     "    name VARCHAR(50) NOT NULL,\n"
                     "    \"user\" INTEGER,\n"
                     "    CONSTRAINT \"fk_A_user_B\" FOREIGN KEY (\"user\") REFERENCES \"B\" (id)\n"
                     ");\n");
    rt_buf_reset(&b);
    rt_table *t = ops.items[0].table;
    rt_index ix = { .name = "ix_name", .unique = true };
    rt_strv_push(&ix.columns, "name");
    rt_table_add_index(t, &ix);
    rt_strv_free(&ix.columns);
    rt_sql_write_table(&b, t);
    cr_assert(strstr(rt_buf_cstr(&b), ");\nCREATE UNIQUE INDEX ix_name ON \"A\" (name);\n"),
              "%s", rt_buf_cstr(&b));
    rt_buf_free(&b);
    rt_oplist_free(&ops);
}

Test(sql_write, quoting_rule)
{
    const char *plain[] = { "users", "a_b", "x1", "_tmp", "name", "email", "json_data" };
    const char *quoted[] = { "Users", "A", "a b", "1x", "select", "order", "user", "key",
                             "group", "table", "é", "a-b", "" };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
        cr_assert_not(rt_ident_needs_quotes(plain[i]), "%s", plain[i]);
    for (size_t i = 0; i < sizeof quoted / sizeof quoted[0]; i++)
        cr_assert(rt_ident_needs_quotes(quoted[i]), "%s", quoted[i]);
    rt_buf b = RT_BUF_INIT;
    rt_sql_write_ident(&b, "say \"hi\"");
    cr_assert_str_eq(rt_buf_cstr(&b), "\"say \"\"hi\"\"\"");
    rt_buf_free(&b);
}

Test(sql_write, reserved_list_is_sorted_lower_case)
{
    size_t n;
    const char *const *w = rt_sql_reserved_words(&n);
    cr_assert_gt(n, 400);
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            cr_assert_lt(strcmp(w[i - 1], w[i]), 0, "%s before %s", w[i - 1], w[i]);
        for (const char *p = w[i]; *p; p++)
            cr_assert(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'), "%s", w[i]);
        cr_assert(rt_ident_needs_quotes(w[i]), "%s is found by bsearch", w[i]);
    }
}

/* Comments of a created table or an added column are COMMENT ON statements
 * after it: parsing the text gives the same model back. */
Test(sql_write, comments_follow_their_table)
{
    rt_table t = { 0 };
    t.name = "t";
    t.comment = "a table";
    rt_column c = { 0 };
    c.name = "c";
    rt_type_init(&c.type, RT_TYPE_CHAR);
    c.type.length = 3;
    c.comment = "it's c";
    rt_table_add_column(&t, &c);
    rt_buf out = RT_BUF_INIT;
    rt_sql_write_table(&out, &t);
    cr_expect_str_eq(rt_buf_cstr(&out), "CREATE TABLE t (\n    c CHAR(3)\n);\n"
                                        "COMMENT ON TABLE t IS 'a table';\n"
                                        "COMMENT ON COLUMN t.c IS 'it''s c';\n");
    rt_oplist ops = parse_ok(rt_buf_cstr(&out));
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    for (size_t i = 0; i < ops.n; i++)
        cr_assert_eq(rt_schema_apply(&s, &ops.items[i], true, &err), RT_OK, "%s", err.message);
    cr_assert(rt_table_equal(&s.tables[0], &t));
    rt_schema_free(&s);
    rt_oplist_free(&ops);
    rt_buf_free(&out);
    free(t.columns[0].name);
    free(t.columns[0].comment);
    free(t.columns);
}
