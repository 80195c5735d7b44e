#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ops.h"
#include "schema.h"
#include "sql_parse.h"

/* Parses sql and applies every op; returns the first failure. */
static int apply_sql(rt_schema *s, const char *sql, bool strict, rt_error *err)
{
    rt_oplist ops = RT_OPLIST_INIT;
    int rc = rt_sql_parse(&ops, sql, "test.sql", 1, err);
    cr_assert_eq(rc, RT_OK, "parse: %s", err->message);
    for (size_t i = 0; i < ops.n && rc == RT_OK; i++)
        rc = rt_schema_apply(s, &ops.items[i], strict, err);
    rt_oplist_free(&ops);
    return rc;
}

static void apply_ok(rt_schema *s, const char *sql)
{
    rt_error err;
    rt_error_clear(&err);
    int rc = apply_sql(s, sql, true, &err);
    cr_assert_eq(rc, RT_OK, "apply %s: %s", sql, err.message);
}

static void apply_fails(rt_schema *s, const char *sql, const char *message)
{
    rt_error err;
    rt_error_clear(&err);
    int rc = apply_sql(s, sql, true, &err);
    cr_assert_eq(rc, RT_EPARSE, "expected %s to fail", sql);
    cr_assert_str_eq(err.message, message);
}

static rt_table *table(rt_schema *s, const char *name)
{
    rt_table *t = rt_schema_find_table(s, name);
    cr_assert_not_null(t, "table %s missing", name);
    return t;
}

Test(schema, lookup_stays_fast_for_10000_tables)
{
    rt_schema s = RT_SCHEMA_INIT;
    rt_table t;
    memset(&t, 0, sizeof t);
    char name[32];
    clock_t start = clock();
    for (int i = 0; i < 10000; i++) {
        snprintf(name, sizeof name, "table_%d", i);
        t.name = name;
        rt_schema_add_table(&s, &t);
    }
    /* 20 lookups per table: a linear search would do 10^9 comparisons.
     * One assertion at the end: ctest's --full-stats makes each one costly. */
    int wrong = 0;
    for (int round = 0; round < 20; round++)
        for (int i = 0; i < 10000; i++) {
            snprintf(name, sizeof name, "table_%d", i);
            rt_table *found = rt_schema_find_table(&s, name);
            wrong += !(found && strcmp(found->name, name) == 0);
        }
    cr_assert_eq(wrong, 0);
    double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
    cr_assert_lt(secs, 2.0, "10000 tables took %.2f s", secs);
    cr_assert_eq(s.ntables, 10000);
    cr_assert_str_eq(s.tables[9999].name, "table_9999", "creation order is kept");
    cr_assert_null(rt_schema_find_table(&s, "table_10000"));
    cr_assert_null(rt_schema_find_table(&s, "TABLE_1"), "names are case-sensitive");

    cr_assert(rt_schema_remove_table(&s, "table_5000"));
    cr_assert_not(rt_schema_remove_table(&s, "table_5000"));
    cr_assert_null(rt_schema_find_table(&s, "table_5000"));
    cr_assert_str_eq(rt_schema_find_table(&s, "table_5001")->name, "table_5001");
    cr_assert_str_eq(rt_schema_find_table(&s, "table_9999")->name, "table_9999");

    cr_assert(rt_schema_rename_table(&s, "table_1", "renamed"));
    cr_assert_null(rt_schema_find_table(&s, "table_1"));
    cr_assert_eq(rt_schema_find_table(&s, "renamed"), &s.tables[1]);
    rt_schema_free(&s);
    cr_assert_null(s.lookup);
    cr_assert_eq(s.ntables, 0);
}

Test(schema, lookup_survives_hand_edited_table_array)
{
    rt_schema s = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE a (x INTEGER); CREATE TABLE b (x INTEGER);");
    cr_assert_not_null(rt_schema_find_table(&s, "b"));
    /* another part of the program builds the array itself */
    rt_table *arr = rt_xcalloc(1, sizeof *arr);
    arr[0].name = rt_xstrdup("c");
    rt_table_free(&s.tables[0]);
    rt_table_free(&s.tables[1]);
    free(s.tables);
    s.tables = arr;
    s.ntables = 1;
    cr_assert_null(rt_schema_find_table(&s, "b"));
    cr_assert_eq(rt_schema_find_table(&s, "c"), &s.tables[0]);
    rt_schema_free(&s);
}

Test(schema, copy_is_deep_and_equal)
{
    rt_schema s = RT_SCHEMA_INIT, c = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE p (id INTEGER PRIMARY KEY, code VARCHAR(10) UNIQUE DEFAULT 'x');"
                 "CREATE TABLE q (id BIGINT PRIMARY KEY, p_id INTEGER REFERENCES p(id), "
                 "CHECK (id > 0));"
                 "CREATE INDEX ix_q_p ON q (p_id);");
    rt_schema_copy(&c, &s);
    cr_assert_eq(c.ntables, 2);
    for (size_t i = 0; i < 2; i++) {
        cr_assert(rt_table_equal(&s.tables[i], &c.tables[i]));
        cr_assert_neq(s.tables[i].name, c.tables[i].name, "strings are copied");
    }
    free(c.tables[0].columns[1].default_sql);
    c.tables[0].columns[1].default_sql = rt_xstrdup("'y'");
    cr_assert_not(rt_table_equal(&s.tables[0], &c.tables[0]));
    cr_assert_str_eq(s.tables[0].columns[1].default_sql, "'x'");
    cr_assert_not_null(rt_schema_find_table(&c, "q"));
    rt_index *ix;
    rt_table *owner;
    ix = rt_schema_find_index(&c, "ix_q_p", &owner);
    cr_assert_not_null(ix);
    cr_assert_str_eq(owner->name, "q");
    cr_assert_null(rt_schema_find_index(&c, "nope", &owner));
    cr_assert_null(owner);
    rt_schema_free(&s);
    rt_schema_free(&c);
}

Test(schema, autoincrement_rule)
{
    rt_schema s = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE a (id INTEGER PRIMARY KEY);"
                 "CREATE TABLE b (id BIGINT PRIMARY KEY);"
                 "CREATE TABLE c (id SMALLINT PRIMARY KEY);"
                 "CREATE TABLE d (x INTEGER, y INTEGER, PRIMARY KEY (x, y));"
                 "CREATE TABLE e (id INTEGER PRIMARY KEY REFERENCES a(id));"
                 "CREATE TABLE f (id VARCHAR(20) PRIMARY KEY);"
                 "CREATE TABLE g (id INTEGER);");
    cr_assert_str_eq(rt_table_autoincrement_column(table(&s, "a"))->name, "id");
    cr_assert_str_eq(rt_table_autoincrement_column(table(&s, "b"))->name, "id");
    cr_assert_null(rt_table_autoincrement_column(table(&s, "c")));
    cr_assert_null(rt_table_autoincrement_column(table(&s, "d")));
    cr_assert_null(rt_table_autoincrement_column(table(&s, "e")));
    cr_assert_null(rt_table_autoincrement_column(table(&s, "f")));
    cr_assert_null(rt_table_autoincrement_column(table(&s, "g")));
    rt_schema_free(&s);
}

Test(schema, create_table_normalises_and_checks)
{
    rt_schema s = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE t (a INTEGER, b INTEGER, PRIMARY KEY (a, b));");
    rt_table *t = table(&s, "t");
    cr_assert(t->columns[0].not_null && t->columns[1].not_null, "PK columns are NOT NULL");
    apply_fails(&s, "CREATE TABLE t (x INTEGER);", "table \"t\" already exists.");
    apply_ok(&s, "CREATE TABLE IF NOT EXISTS t (x INTEGER);");
    cr_assert_eq(table(&s, "t")->ncolumns, 2, "IF NOT EXISTS keeps the existing table");
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(apply_sql(&s, "CREATE TABLE t (x INTEGER);", false, &err), RT_OK);
    cr_assert_eq(table(&s, "t")->ncolumns, 1, "lenient: the newer definition wins");
    rt_schema_free(&s);
}

Test(schema, references_without_columns_resolve_to_primary_key)
{
    rt_schema s = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE parent (k1 INTEGER, k2 INTEGER, PRIMARY KEY (k1, k2));"
                 "CREATE TABLE child (a INTEGER, b INTEGER, FOREIGN KEY (a, b) REFERENCES parent);"
                 "CREATE TABLE node (id INTEGER PRIMARY KEY, up INTEGER REFERENCES node);");
    rt_constraint *fk = rt_table_find_constraint(table(&s, "child"), "fk_child_a_parent");
    cr_assert_not_null(fk);
    cr_assert_eq(fk->ref_columns.n, 2);
    cr_assert_str_eq(fk->ref_columns.items[1], "k2");
    fk = rt_table_find_constraint(table(&s, "node"), "fk_node_up_node");
    cr_assert_eq(fk->ref_columns.n, 1, "a self-reference resolves too");
    cr_assert_str_eq(fk->ref_columns.items[0], "id");

    /* before apply, the helper answers from the model */
    rt_constraint raw;
    memset(&raw, 0, sizeof raw);
    raw.kind = RT_CONSTRAINT_FOREIGN_KEY;
    raw.ref_table = "parent";
    const rt_strv *cols = rt_schema_fk_ref_columns(&s, &raw);
    cr_assert(cols && cols->n == 2);
    raw.ref_table = "nowhere";
    cr_assert_null(rt_schema_fk_ref_columns(&s, &raw));

    apply_ok(&s, "CREATE TABLE nopk (x INTEGER);");
    apply_fails(&s, "CREATE TABLE bad (x INTEGER REFERENCES nopk);",
                "FOREIGN KEY \"fk_bad_x_nopk\" refers to table \"nopk\" without naming columns, "
                "but that table has no primary key.");
    rt_schema_free(&s);
}

Test(schema, rename_column_updates_everything_naming_it)
{
    rt_schema s = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE p (id INTEGER PRIMARY KEY, code VARCHAR(5), "
                 "CHECK (code <> 'code' AND length(code) > 1), UNIQUE (code, id));"
                 "CREATE INDEX ix_p_code ON p (code);"
                 "CREATE TABLE c (pid INTEGER REFERENCES p(id), pcode VARCHAR(5), "
                 "FOREIGN KEY (pcode) REFERENCES p(code));");
    apply_ok(&s, "ALTER TABLE p RENAME COLUMN code TO \"Code\";");
    rt_table *p = table(&s, "p");
    cr_assert_str_eq(p->columns[1].name, "Code");
    cr_assert_str_eq(rt_table_find_constraint(p, "ck_p_1")->check_sql,
                     "\"Code\" <> 'code' AND length(\"Code\") > 1");
    cr_assert_str_eq(rt_table_find_constraint(p, "uq_p_code_id")->columns.items[0], "Code");
    cr_assert_str_eq(rt_table_find_index(p, "ix_p_code")->columns.items[0], "Code");
    rt_constraint *fk = rt_table_find_constraint(table(&s, "c"), "fk_c_pcode_p");
    cr_assert_str_eq(fk->ref_columns.items[0], "Code");
    apply_ok(&s, "ALTER TABLE p RENAME COLUMN id TO ident;");
    cr_assert_str_eq(rt_table_primary_key(p)->columns.items[0], "ident");
    cr_assert_str_eq(rt_table_find_constraint(table(&s, "c"), "fk_c_pid_p")->ref_columns.items[0],
                     "ident");
    apply_fails(&s, "ALTER TABLE p RENAME COLUMN ident TO \"Code\";",
                "cannot rename column \"ident\" of table \"p\" to \"Code\": that column already exists.");
    apply_fails(&s, "ALTER TABLE p RENAME COLUMN nope TO x;",
                "column \"nope\" of table \"p\" does not exist.");
    rt_schema_free(&s);
}

Test(schema, drop_column_removes_what_would_be_left_empty)
{
    rt_schema s = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER UNIQUE, b INTEGER, "
                 "c INTEGER CHECK (c > 0), UNIQUE (a, b), CHECK (b > 1));"
                 "CREATE INDEX ix_a ON t (a); CREATE INDEX ix_ab ON t (a, b);"
                 "CREATE TABLE o (ta INTEGER REFERENCES t(a), tid INTEGER REFERENCES t(id));");
    apply_ok(&s, "ALTER TABLE t DROP COLUMN a;");
    rt_table *t = table(&s, "t");
    cr_assert_null(rt_table_find_column(t, "a"));
    cr_assert_null(rt_table_find_constraint(t, "uq_t_a"), "left empty: removed");
    rt_constraint *ab = rt_table_find_constraint(t, "uq_t_a_b");
    cr_assert_not_null(ab, "still has b");
    cr_assert_eq(ab->columns.n, 1);
    cr_assert_str_eq(ab->columns.items[0], "b");
    cr_assert_null(rt_table_find_index(t, "ix_a"));
    cr_assert_eq(rt_table_find_index(t, "ix_ab")->columns.n, 1);
    rt_table *o = table(&s, "o");
    cr_assert_null(rt_table_find_constraint(o, "fk_o_ta_t"), "an FK to the dropped column goes");
    cr_assert_not_null(rt_table_find_constraint(o, "fk_o_tid_t"));
    apply_ok(&s, "ALTER TABLE t DROP COLUMN c;");
    cr_assert_null(rt_table_find_constraint(t, "ck_t_c"), "a CHECK naming the column goes");
    cr_assert_not_null(rt_table_find_constraint(t, "ck_t_1"));
    apply_ok(&s, "ALTER TABLE o DROP COLUMN tid;");
    cr_assert_eq(o->nconstraints, 0, "an FK whose local column is dropped goes");
    rt_schema_free(&s);
}

Test(schema, rename_table_updates_foreign_keys)
{
    rt_schema s = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE a (id INTEGER PRIMARY KEY, up INTEGER REFERENCES a(id));"
                 "CREATE TABLE b (a_id INTEGER REFERENCES a(id));");
    apply_ok(&s, "ALTER TABLE a RENAME TO \"A2\";");
    cr_assert_null(rt_schema_find_table(&s, "a"));
    rt_table *a2 = table(&s, "A2");
    cr_assert_str_eq(rt_table_find_constraint(a2, "fk_a_up_a")->ref_table, "A2");
    cr_assert_str_eq(rt_table_find_constraint(table(&s, "b"), "fk_b_a_id_a")->ref_table, "A2");
    apply_fails(&s, "ALTER TABLE b RENAME TO \"A2\";",
                "cannot rename table \"b\" to \"A2\": that table already exists.");
    apply_fails(&s, "ALTER TABLE a RENAME TO z;", "RENAME TABLE: table \"a\" does not exist.");
    rt_schema_free(&s);
}

Test(schema, alter_column_ops)
{
    rt_schema s = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10) NOT NULL DEFAULT 'a');"
                 "CREATE UNIQUE INDEX ix_v ON t (v);");
    apply_ok(&s, "ALTER TABLE t ALTER COLUMN v TYPE TEXT;");
    rt_table *t = table(&s, "t");
    rt_column *v = rt_table_find_column(t, "v");
    cr_assert_eq(v->type.kind, RT_TYPE_TEXT);
    cr_assert(v->not_null, "ALTER TYPE keeps NOT NULL");
    cr_assert_str_eq(v->default_sql, "'a'", "ALTER TYPE keeps the default");
    cr_assert_not_null(rt_table_find_index(t, "ix_v"), "ALTER TYPE keeps indexes");
    apply_ok(&s, "ALTER TABLE t ALTER v DROP NOT NULL, ALTER v SET DEFAULT 42;");
    cr_assert_not(v->not_null);
    cr_assert_str_eq(v->default_sql, "42");
    apply_ok(&s, "ALTER TABLE t ALTER v DROP DEFAULT, ALTER v SET NOT NULL;");
    cr_assert_null(v->default_sql);
    cr_assert(v->not_null);
    apply_fails(&s, "ALTER TABLE t ALTER id DROP NOT NULL;",
                "column \"id\" of table \"t\" is in the primary key and cannot allow NULL.");
    apply_fails(&s, "ALTER TABLE t ALTER nope SET NOT NULL;",
                "column \"nope\" of table \"t\" does not exist.");
    rt_schema_free(&s);
}

Test(schema, add_and_drop_columns_constraints_indexes)
{
    rt_schema s = RT_SCHEMA_INIT;
    apply_ok(&s, "CREATE TABLE t (x INTEGER);");
    apply_ok(&s, "ALTER TABLE t ADD COLUMN id INTEGER PRIMARY KEY, ADD y TEXT UNIQUE;");
    rt_table *t = table(&s, "t");
    cr_assert_eq(t->ncolumns, 3);
    cr_assert(rt_table_find_column(t, "id")->not_null);
    cr_assert_not_null(rt_table_primary_key(t));
    cr_assert_not_null(rt_table_find_constraint(t, "uq_t_y"));
    apply_fails(&s, "ALTER TABLE t ADD COLUMN y TEXT;", "column \"y\" of table \"t\" already exists.");
    apply_fails(&s, "ALTER TABLE t ADD PRIMARY KEY (x);", "table \"t\" already has a primary key.");
    apply_fails(&s, "ALTER TABLE t ADD CONSTRAINT uq_t_y UNIQUE (x);",
                "constraint \"uq_t_y\" of table \"t\" already exists.");
    apply_fails(&s, "ALTER TABLE t ADD UNIQUE (nope);",
                "UNIQUE constraint names column \"nope\", which table \"t\" does not have.");
    apply_ok(&s, "ALTER TABLE t DROP CONSTRAINT uq_t_y;");
    cr_assert_null(rt_table_find_constraint(t, "uq_t_y"));
    apply_fails(&s, "ALTER TABLE t DROP CONSTRAINT uq_t_y;",
                "constraint \"uq_t_y\" of table \"t\" does not exist.");
    apply_ok(&s, "ALTER TABLE t DROP CONSTRAINT t_pkey;");
    cr_assert_null(rt_table_primary_key(t), "an unnamed PK drops by its PostgreSQL name");

    apply_ok(&s, "CREATE INDEX ix_x ON t (x);");
    apply_fails(&s, "CREATE INDEX ix_x ON t (y);", "index \"ix_x\" already exists (on table \"t\").");
    apply_ok(&s, "CREATE INDEX IF NOT EXISTS ix_x ON t (y);");
    apply_fails(&s, "CREATE INDEX ix_z ON t (z);",
                "the index names column \"z\", which table \"t\" does not have.");
    apply_fails(&s, "CREATE INDEX ix_z ON nope (z);", "CREATE INDEX: table \"nope\" does not exist.");
    apply_ok(&s, "DROP INDEX ix_x;");
    cr_assert_eq(t->nindexes, 0);
    apply_fails(&s, "DROP INDEX ix_x;", "DROP INDEX: index \"ix_x\" does not exist.");
    apply_ok(&s, "DROP INDEX IF EXISTS ix_x;");
    apply_ok(&s, "CREATE INDEX ix_x ON t (x); DROP INDEX ix_x ON t;");
    apply_ok(&s, "ALTER TABLE t DROP COLUMN y;");
    cr_assert_eq(t->ncolumns, 2);
    apply_ok(&s, "DROP TABLE t;");
    cr_assert_eq(s.ntables, 0);
    apply_fails(&s, "DROP TABLE t;", "DROP TABLE: table \"t\" does not exist.");
    apply_ok(&s, "DROP TABLE IF EXISTS t;");
    rt_schema_free(&s);
}

Test(schema, lenient_skips_unknown_objects_and_raw)
{
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    rt_error_clear(&err);
    const char *sql = "CREATE VIEW v AS SELECT 1;"
                      "ALTER TABLE made_by_raw ADD COLUMN x INTEGER;"
                      "ALTER TABLE made_by_raw DROP COLUMN x; ALTER TABLE made_by_raw RENAME COLUMN a TO b;"
                      "ALTER TABLE made_by_raw ALTER x SET NOT NULL;"
                      "ALTER TABLE made_by_raw DROP CONSTRAINT c;"
                      "CREATE INDEX ix ON made_by_raw (x); DROP INDEX ix; DROP TABLE made_by_raw;"
                      "CREATE TABLE t (a INTEGER);"
                      "ALTER TABLE t DROP COLUMN nope, ALTER COLUMN nope TYPE TEXT;"
                      "ALTER TABLE t DROP CONSTRAINT nope; ALTER TABLE t RENAME COLUMN nope TO x;";
    cr_assert_eq(apply_sql(&s, sql, false, &err), RT_OK, "%s", err.message);
    cr_assert_eq(s.ntables, 1);
    cr_assert_eq(table(&s, "t")->ncolumns, 1);
    rt_schema_free(&s);
}
