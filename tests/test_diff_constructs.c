/* The differ on the constructs of issue #10 §3: comment changes, new ENUM
 * values, a column becoming generated, a foreign key becoming deferrable.
 * Each is found, written back as portable SQL, and the downgrade undoes it. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "sql_parse.h"
#include "sql_write.h"

static void load(rt_schema *s, const char *sql)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_sql_parse(&ops, sql, "m.sql", 1, &err), RT_OK, "%s", err.message);
    for (size_t i = 0; i < ops.n; i++)
        cr_assert_eq(rt_schema_apply(s, &ops.items[i], true, &err), RT_OK, "%s", err.message);
    rt_oplist_free(&ops);
}

static char *written(const rt_oplist *ops)
{
    rt_buf b = RT_BUF_INIT;
    for (size_t i = 0; i < ops->n; i++)
        rt_sql_write_op(&b, &ops->items[i]);
    return rt_buf_steal(&b);
}

/* Diffs from -> to: the change lines joined, the upgrade and downgrade as
 * portable SQL; then applying the upgrade to from gives to, and the
 * downgrade gives from back. */
static void expect_diff(const char *from_sql, const char *to_sql, const char *changes,
                        const char *up, const char *down)
{
    rt_schema from = RT_SCHEMA_INIT, to = RT_SCHEMA_INIT;
    load(&from, from_sql);
    load(&to, to_sql);
    rt_diff d;
    rt_error err;
    cr_assert_eq(rt_diff_schemas(&d, &from, &to, &err), RT_OK);
    char *lines = rt_strv_join(&d.changes, "\n");
    char *u = written(&d.upgrade), *w = written(&d.downgrade);
    cr_expect_str_eq(lines, changes);
    cr_expect_str_eq(u, up);
    cr_expect_str_eq(w, down);

    rt_schema there = RT_SCHEMA_INIT;
    rt_schema_copy(&there, &from);
    load(&there, u);
    rt_diff again;
    cr_assert_eq(rt_diff_schemas(&again, &there, &to, &err), RT_OK);
    cr_expect(rt_diff_empty(&again), "the upgrade does not reach the target:\n%s", u);
    rt_diff_free(&again);
    load(&there, w);
    cr_assert_eq(rt_diff_schemas(&again, &there, &from, &err), RT_OK);
    cr_expect(rt_diff_empty(&again), "the downgrade does not come back:\n%s", w);
    rt_diff_free(&again);

    rt_schema_free(&there);
    free(lines);
    free(u);
    free(w);
    rt_diff_free(&d);
    rt_schema_free(&from);
    rt_schema_free(&to);
}

Test(diff_constructs, comments)
{
    expect_diff("CREATE TABLE t (a INTEGER, b TEXT); COMMENT ON TABLE t IS 'old';"
                "COMMENT ON COLUMN t.a IS 'x';",
                "CREATE TABLE t (a INTEGER, b TEXT); COMMENT ON COLUMN t.b IS 'it''s b';",
                "Detected table comment change on 't'\n"
                "Detected column comment change on 't.a'\n"
                "Detected column comment change on 't.b'",
                "COMMENT ON TABLE t IS NULL;\nCOMMENT ON COLUMN t.a IS NULL;\n"
                "COMMENT ON COLUMN t.b IS 'it''s b';\n",
                "COMMENT ON COLUMN t.b IS NULL;\nCOMMENT ON COLUMN t.a IS 'x';\n"
                "COMMENT ON TABLE t IS 'old';\n");
}

Test(diff_constructs, comments_of_a_new_table_and_column)
{
    expect_diff("CREATE TABLE t (a INTEGER)",
                "CREATE TABLE t (a INTEGER, n INTEGER); COMMENT ON COLUMN t.n IS 'new';"
                "CREATE TABLE u (id INTEGER); COMMENT ON TABLE u IS 'u'",
                "Detected added table 'u'\nDetected added column 't.n'",
                "CREATE TABLE u (\n    id INTEGER\n);\nCOMMENT ON TABLE u IS 'u';\n"
                "ALTER TABLE t ADD COLUMN n INTEGER;\nCOMMENT ON COLUMN t.n IS 'new';\n",
                "ALTER TABLE t DROP COLUMN n;\nDROP TABLE u;\n");
}

Test(diff_constructs, enum_values)
{
    expect_diff("CREATE TABLE t (s ENUM('a', 'b'))", "CREATE TABLE t (s ENUM('a', 'b', 'c'))",
                "Detected type change from ENUM('a', 'b') to ENUM('a', 'b', 'c') on 't.s'",
                "ALTER TABLE t ALTER COLUMN s TYPE ENUM('a', 'b', 'c');\n",
                "ALTER TABLE t ALTER COLUMN s TYPE ENUM('a', 'b');\n");
}

Test(diff_constructs, generated_columns)
{
    expect_diff("CREATE TABLE t (a INTEGER, g INTEGER)",
                "CREATE TABLE t (a INTEGER, g INTEGER GENERATED ALWAYS AS (a * 2) STORED)",
                "Detected now generated column 't.g'",
                "ALTER TABLE t DROP COLUMN g;\n"
                "ALTER TABLE t ADD COLUMN g INTEGER GENERATED ALWAYS AS (a * 2) STORED;\n",
                "ALTER TABLE t DROP COLUMN g;\nALTER TABLE t ADD COLUMN g INTEGER;\n");
    /* each backend prints the expression its own way: only generated or not counts */
    expect_diff("CREATE TABLE t (a INTEGER, g INTEGER GENERATED ALWAYS AS (a * 2) STORED)",
                "CREATE TABLE t (a INTEGER, g INTEGER GENERATED ALWAYS AS ((a) * 2) STORED)", "",
                "", "");
}

Test(diff_constructs, deferrable_foreign_keys)
{
    expect_diff("CREATE TABLE p (id INTEGER PRIMARY KEY);"
                "CREATE TABLE c (p_id INTEGER, CONSTRAINT fk_c FOREIGN KEY (p_id) REFERENCES p (id))",
                "CREATE TABLE p (id INTEGER PRIMARY KEY);"
                "CREATE TABLE c (p_id INTEGER, CONSTRAINT fk_c FOREIGN KEY (p_id) REFERENCES p (id)"
                " DEFERRABLE INITIALLY DEFERRED)",
                "Detected removed foreign key 'fk_c' on 'c'(p_id) referencing 'p'(id)\n"
                "Detected added foreign key 'fk_c' on 'c'(p_id) referencing 'p'(id)",
                "ALTER TABLE c DROP CONSTRAINT fk_c;\n"
                "ALTER TABLE c ADD CONSTRAINT fk_c FOREIGN KEY (p_id) REFERENCES p (id)"
                " DEFERRABLE INITIALLY DEFERRED;\n",
                "ALTER TABLE c DROP CONSTRAINT fk_c;\n"
                "ALTER TABLE c ADD CONSTRAINT fk_c FOREIGN KEY (p_id) REFERENCES p (id);\n");
}
