/* The schema differ on models parsed from portable SQL: what is detected,
 * in which order, and that upgrade and downgrade really lead from one
 * schema to the other (checked by replaying them on the model for every
 * case). */
#include <criterion/criterion.h>

#include "autogen.h"
#include "diff.h"
#include "sql_parse.h"
#include "sql_write.h"

#include <stdlib.h>
#include <string.h>

static void schema_of(rt_schema *s, const char *sql)
{
    rt_error err;
    rt_oplist ops = RT_OPLIST_INIT;
    int rc = rt_sql_parse(&ops, sql, "model.sql", 1, &err);
    cr_assert_eq(rc, RT_OK, "parse: %s", err.message);
    for (size_t i = 0; i < ops.n; i++) {
        rc = rt_schema_apply(s, &ops.items[i], true, &err);
        cr_assert_eq(rc, RT_OK, "apply: %s", err.message);
    }
    rt_oplist_free(&ops);
}

static char *joined(const rt_strv *v)
{
    return rt_strv_join(v, "\n");
}

static char *written(const rt_oplist *ops)
{
    rt_buf b = RT_BUF_INIT;
    for (size_t i = 0; i < ops->n; i++)
        rt_sql_write_op(&b, &ops->items[i]);
    return rt_buf_steal(&b);
}

static void assert_no_diff(const rt_schema *a, const rt_schema *b, const char *what)
{
    rt_diff d;
    rt_error err;
    cr_assert_eq(rt_diff_schemas(&d, a, b, &err), RT_OK);
    char *lines = joined(&d.changes);
    cr_assert(rt_diff_empty(&d), "%s left differences:\n%s", what, lines);
    free(lines);
    rt_diff_free(&d);
}

/* Replays ops strictly on a copy of start; it must end up equal to goal. */
static void assert_leads_to(const rt_schema *start, const rt_oplist *ops, const rt_schema *goal,
                            const char *what)
{
    rt_schema s = RT_SCHEMA_INIT;
    rt_schema_copy(&s, start);
    rt_error err;
    for (size_t i = 0; i < ops->n; i++) {
        int rc = rt_schema_apply(&s, &ops->items[i], true, &err);
        char *text = written(ops);
        cr_assert_eq(rc, RT_OK, "%s op %zu (%s) failed: %s\n%s", what, i,
                     rt_op_kind_name(ops->items[i].kind), err.message, text);
        free(text);
    }
    assert_no_diff(&s, goal, what);
    rt_schema_free(&s);
}

/* What autogenerate writes parses back to the very same ops. */
static void assert_written_parses_back(const rt_oplist *ops)
{
    char *text = written(ops);
    rt_oplist back = RT_OPLIST_INIT;
    rt_error err;
    cr_assert_eq(rt_sql_parse(&back, text, "rev.sql", 1, &err), RT_OK, "%s\n%s", err.message,
                 text);
    cr_assert_eq(back.n, ops->n, "%s", text);
    for (size_t i = 0; i < ops->n; i++)
        cr_assert(rt_op_equal(&back.items[i], &ops->items[i]), "op %zu differs after writing:\n%s",
                  i, text);
    rt_oplist_free(&back);
    free(text);
}

/* Diffs from_sql -> to_sql and checks the invariants every diff keeps. */
static void diff_of(rt_diff *d, const char *from_sql, const char *to_sql)
{
    rt_schema from = RT_SCHEMA_INIT, to = RT_SCHEMA_INIT;
    schema_of(&from, from_sql);
    schema_of(&to, to_sql);
    rt_error err;
    cr_assert_eq(rt_diff_schemas(d, &from, &to, &err), RT_OK);
    assert_leads_to(&from, &d->upgrade, &to, "upgrade");
    assert_leads_to(&to, &d->downgrade, &from, "downgrade");
    assert_written_parses_back(&d->upgrade);
    assert_written_parses_back(&d->downgrade);
    rt_schema_free(&from);
    rt_schema_free(&to);
}

static void assert_lines(const rt_strv *v, const char *expected)
{
    char *got = joined(v);
    cr_assert_str_eq(got, expected);
    free(got);
}

static void assert_sql(const rt_oplist *ops, const char *expected)
{
    char *got = written(ops);
    cr_assert_str_eq(got, expected);
    free(got);
}

#define AB "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);\n" \
           "CREATE TABLE \"B\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);\n"

Test(diff, identical_schemas_give_nothing)
{
    static const char *const sets[] = {
        AB,
        "CREATE TABLE p (id BIGINT PRIMARY KEY, code VARCHAR(10) UNIQUE, price NUMERIC(10,2) "
        "DEFAULT 0, created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, CHECK (price >= 0));\n"
        "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id BIGINT REFERENCES p(id) ON DELETE CASCADE);\n"
        "CREATE INDEX ix_c_p ON c (p_id);\n",
        "",
    };
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        rt_diff d;
        diff_of(&d, sets[i], sets[i]);
        cr_assert(rt_diff_empty(&d));
        cr_assert_eq(d.downgrade.n, 0);
        cr_assert_eq(d.destructive.n, 0);
        rt_diff_free(&d);
    }
}

Test(diff, seed_step2_added_column)
{
    rt_diff d;
    diff_of(&d, AB,
            "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
            "thing VARCHAR(50));\n"
            "CREATE TABLE \"B\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);\n");
    assert_lines(&d.changes, "Detected added column 'A.thing'");
    cr_assert_eq(d.destructive.n, 0);
    cr_assert_eq(d.upgrade.n, 1);
    cr_assert_eq(d.upgrade.items[0].kind, RT_OP_ADD_COLUMN);
    cr_assert_str_eq(d.upgrade.items[0].table_name, "A");
    cr_assert_str_eq(d.upgrade.items[0].column->name, "thing");
    cr_assert_eq(d.downgrade.n, 1);
    cr_assert_eq(d.downgrade.items[0].kind, RT_OP_DROP_COLUMN);
    cr_assert_str_eq(d.downgrade.items[0].name, "thing");
    rt_diff_free(&d);
}

Test(diff, added_and_removed_tables)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE old_t (x INTEGER);\n",
            "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR(20));\n"
            "CREATE INDEX ix_a_name ON \"A\" (name);\n");
    assert_lines(&d.changes, "Detected added table 'A'\n"
                             "Detected added index 'ix_a_name' on 'A'(name)\n"
                             "Detected removed table 'old_t'");
    assert_lines(&d.destructive, "Detected removed table 'old_t'");
    cr_assert_eq(d.upgrade.n, 3);
    cr_assert_eq(d.upgrade.items[0].kind, RT_OP_CREATE_TABLE);
    cr_assert_eq(d.upgrade.items[0].table->nindexes, 0, "indexes are separate statements");
    cr_assert_eq(d.upgrade.items[1].kind, RT_OP_CREATE_INDEX);
    cr_assert_eq(d.upgrade.items[2].kind, RT_OP_DROP_TABLE);
    /* downgrade: re-create old_t first (reverse), then drop the index and A */
    cr_assert_eq(d.downgrade.n, 3);
    cr_assert_eq(d.downgrade.items[0].kind, RT_OP_CREATE_TABLE);
    cr_assert_str_eq(d.downgrade.items[0].table->name, "old_t");
    cr_assert_eq(d.downgrade.items[1].kind, RT_OP_DROP_INDEX);
    cr_assert_eq(d.downgrade.items[2].kind, RT_OP_DROP_TABLE);
    rt_diff_free(&d);
}

Test(diff, removed_column_is_destructive_and_comes_back_whole)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE t (id INTEGER PRIMARY KEY, note VARCHAR(30) NOT NULL DEFAULT 'n/a');\n",
            "CREATE TABLE t (id INTEGER PRIMARY KEY);\n");
    assert_lines(&d.changes, "Detected removed column 't.note'");
    assert_lines(&d.destructive, "Detected removed column 't.note'");
    cr_assert_eq(d.downgrade.n, 1);
    const rt_column *c = d.downgrade.items[0].column;
    cr_assert_not_null(c);
    cr_assert_str_eq(c->name, "note");
    cr_assert_eq(c->type.kind, RT_TYPE_VARCHAR);
    cr_assert_eq(c->type.length, 30);
    cr_assert(c->not_null);
    cr_assert_str_eq(c->default_sql, "'n/a'");
    rt_diff_free(&d);
}

Test(diff, column_changes)
{
    rt_diff d;
    diff_of(&d,
            "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR(50), n INTEGER NOT NULL, "
            "x INTEGER DEFAULT 1);\n",
            "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER, "
            "x INTEGER DEFAULT 2);\n");
    assert_lines(&d.changes, "Detected type change from VARCHAR(50) to TEXT on 'A.name'\n"
                             "Detected NOT NULL on column 'A.name'\n"
                             "Detected NULL on column 'A.n'\n"
                             "Detected default change from 1 to 2 on 'A.x'");
    cr_assert_eq(d.destructive.n, 0);
    assert_sql(&d.upgrade, "ALTER TABLE \"A\" ALTER COLUMN name TYPE TEXT;\n"
                           "ALTER TABLE \"A\" ALTER COLUMN name SET NOT NULL;\n"
                           "ALTER TABLE \"A\" ALTER COLUMN n DROP NOT NULL;\n"
                           "ALTER TABLE \"A\" ALTER COLUMN x SET DEFAULT 2;\n");
    assert_sql(&d.downgrade, "ALTER TABLE \"A\" ALTER COLUMN x SET DEFAULT 1;\n"
                             "ALTER TABLE \"A\" ALTER COLUMN n SET NOT NULL;\n"
                             "ALTER TABLE \"A\" ALTER COLUMN name DROP NOT NULL;\n"
                             "ALTER TABLE \"A\" ALTER COLUMN name TYPE VARCHAR(50);\n");
    rt_diff_free(&d);
}

Test(diff, default_added_and_dropped)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE t (a INTEGER, b VARCHAR(5) DEFAULT 'x');\n",
            "CREATE TABLE t (a INTEGER DEFAULT 0, b VARCHAR(5));\n");
    assert_lines(&d.changes, "Detected default change from NULL to 0 on 't.a'\n"
                             "Detected default change from 'x' to NULL on 't.b'");
    cr_assert_eq(d.upgrade.items[0].kind, RT_OP_SET_DEFAULT);
    cr_assert_eq(d.upgrade.items[1].kind, RT_OP_DROP_DEFAULT);
    rt_diff_free(&d);
}

/* Regression (#10 §4): DEFAULT '0' on a BIGINT or a BOOLEAN comes back from
 * the catalogs as 0 / FALSE and was reported as a change after every
 * autogenerate. The same value spelled two ways is no difference; a
 * different value still is. */
Test(diff, quoted_number_and_truth_defaults_equal_their_values)
{
    rt_schema a = RT_SCHEMA_INIT, b = RT_SCHEMA_INIT;
    schema_of(&a, "CREATE TABLE t (n BIGINT DEFAULT '0', r NUMERIC(5,2) DEFAULT '1.5', "
                  "f BOOLEAN DEFAULT '0', g BOOLEAN DEFAULT '1', h BOOLEAN DEFAULT 'false', "
                  "i BOOLEAN DEFAULT 'on', s VARCHAR(3) DEFAULT '0');");
    schema_of(&b, "CREATE TABLE t (n BIGINT DEFAULT 0, r NUMERIC(5,2) DEFAULT 1.5, "
                  "f BOOLEAN DEFAULT FALSE, g BOOLEAN DEFAULT TRUE, h BOOLEAN DEFAULT FALSE, "
                  "i BOOLEAN DEFAULT TRUE, s VARCHAR(3) DEFAULT '0');");
    assert_no_diff(&a, &b, "quoted defaults");
    assert_no_diff(&b, &a, "quoted defaults, reversed");
    rt_schema_free(&b);

    rt_diff d;
    diff_of(&d,
            "CREATE TABLE t (n BIGINT DEFAULT '0', f BOOLEAN DEFAULT '0', s VARCHAR(3) DEFAULT '0');",
            "CREATE TABLE t (n BIGINT DEFAULT 1, f BOOLEAN DEFAULT TRUE, s VARCHAR(3) DEFAULT 0);");
    assert_lines(&d.changes, "Detected default change from '0' to 1 on 't.n'\n"
                             "Detected default change from '0' to TRUE on 't.f'\n"
                             "Detected default change from '0' to 0 on 't.s'");
    rt_diff_free(&d);
    rt_schema_free(&a);
}

Test(diff, unique_constraints_compare_by_columns_not_name)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE t (a INTEGER, b INTEGER, CONSTRAINT whatever UNIQUE (a));\n",
            "CREATE TABLE t (a INTEGER UNIQUE, b INTEGER);\n");
    cr_assert(rt_diff_empty(&d), "a name alone is not a change");
    rt_diff_free(&d);

    diff_of(&d, "CREATE TABLE t (a INTEGER, b INTEGER UNIQUE);\n",
            "CREATE TABLE t (a INTEGER UNIQUE, b INTEGER);\n");
    assert_lines(&d.changes, "Detected added unique constraint 'uq_t_a' on 't'(a)\n"
                             "Detected removed unique constraint 'uq_t_b' on 't'(b)");
    assert_sql(&d.upgrade, "ALTER TABLE t ADD CONSTRAINT uq_t_a UNIQUE (a);\n"
                           "ALTER TABLE t DROP CONSTRAINT uq_t_b;\n");
    rt_diff_free(&d);
}

Test(diff, constraint_redefined_under_same_name_is_dropped_first)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE t (a INTEGER, b INTEGER, CONSTRAINT uq_ab UNIQUE (a));\n",
            "CREATE TABLE t (a INTEGER, b INTEGER, CONSTRAINT uq_ab UNIQUE (a, b));\n");
    assert_sql(&d.upgrade, "ALTER TABLE t DROP CONSTRAINT uq_ab;\n"
                           "ALTER TABLE t ADD CONSTRAINT uq_ab UNIQUE (a, b);\n");
    assert_sql(&d.downgrade, "ALTER TABLE t DROP CONSTRAINT uq_ab;\n"
                             "ALTER TABLE t ADD CONSTRAINT uq_ab UNIQUE (a);\n");
    rt_diff_free(&d);
}

Test(diff, foreign_keys_compare_by_definition_and_actions)
{
    const char *base = "CREATE TABLE p (id INTEGER PRIMARY KEY);\n";
    char *from = rt_xasprintf("%sCREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER, "
                              "CONSTRAINT other_name FOREIGN KEY (p_id) REFERENCES p (id));\n", base);
    char *same = rt_xasprintf("%sCREATE TABLE c (id INTEGER PRIMARY KEY, "
                              "p_id INTEGER REFERENCES p);\n", base);
    char *cascade = rt_xasprintf("%sCREATE TABLE c (id INTEGER PRIMARY KEY, "
                                 "p_id INTEGER REFERENCES p(id) ON DELETE CASCADE);\n", base);
    char *none = rt_xasprintf("%sCREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);\n", base);
    rt_diff d;
    diff_of(&d, from, same);
    cr_assert(rt_diff_empty(&d), "same key under another name, REFERENCES p resolved to p(id)");
    rt_diff_free(&d);

    diff_of(&d, same, cascade);
    assert_lines(&d.changes,
                 "Detected removed foreign key 'fk_c_p_id_p' on 'c'(p_id) referencing 'p'(id)\n"
                 "Detected added foreign key 'fk_c_p_id_p' on 'c'(p_id) referencing 'p'(id)");
    /* the same name is reused, so the old key goes first */
    cr_assert_eq(d.upgrade.items[0].kind, RT_OP_DROP_CONSTRAINT);
    cr_assert_eq(d.upgrade.items[1].kind, RT_OP_ADD_CONSTRAINT);
    cr_assert_eq(d.upgrade.items[1].constraint->on_delete, RT_FK_CASCADE);
    rt_diff_free(&d);

    diff_of(&d, none, same);
    assert_lines(&d.changes,
                 "Detected added foreign key 'fk_c_p_id_p' on 'c'(p_id) referencing 'p'(id)");
    rt_diff_free(&d);
    free(from);
    free(same);
    free(cascade);
    free(none);
}

Test(diff, checks_compare_by_name_only)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE t (a INTEGER, CONSTRAINT ck_pos CHECK (a > 0));\n",
            "CREATE TABLE t (a INTEGER, CONSTRAINT ck_pos CHECK ((a)>(0)));\n");
    cr_assert(rt_diff_empty(&d), "backends rewrite check expressions");
    rt_diff_free(&d);

    diff_of(&d, "CREATE TABLE t (a INTEGER, CONSTRAINT ck_pos CHECK (a > 0));\n",
            "CREATE TABLE t (a INTEGER CHECK (a < 10));\n");
    assert_lines(&d.changes, "Detected added check constraint 'ck_t_a' on 't'\n"
                             "Detected removed check constraint 'ck_pos' on 't'");
    rt_diff_free(&d);
}

/* DESC counts; expression and predicate text only by presence, since the
 * backends rewrite it (as CHECK text); the writer spells all of it so that
 * it parses back. */
Test(diff, index_desc_expressions_and_where)
{
    rt_diff d;
    const char *t = "CREATE TABLE t (a INTEGER, b VARCHAR(10));\n";
    char *full = rt_xasprintf("%sCREATE INDEX ix ON t (a DESC, (lower(b))) WHERE a > 0;\n", t);
    char *rewritten = rt_xasprintf("%sCREATE INDEX ix ON t (a DESC, (lower((b)::text))) "
                                   "WHERE (a > 0);\n", t);
    char *asc = rt_xasprintf("%sCREATE INDEX ix ON t (a, (lower(b))) WHERE a > 0;\n", t);
    char *whole = rt_xasprintf("%sCREATE INDEX ix ON t (a DESC, (lower(b)));\n", t);

    diff_of(&d, t, full);
    assert_sql(&d.upgrade, "CREATE INDEX ix ON t (a DESC, (lower(b))) WHERE a > 0;\n");
    rt_diff_free(&d);
    diff_of(&d, full, rewritten);
    cr_assert(rt_diff_empty(&d), "backends rewrite index expressions and predicates");
    rt_diff_free(&d);
    diff_of(&d, full, asc);
    cr_assert_not(rt_diff_empty(&d), "DESC -> ASC is a change");
    rt_diff_free(&d);
    diff_of(&d, full, whole);
    cr_assert_not(rt_diff_empty(&d), "a partial index becoming whole is a change");
    rt_diff_free(&d);
    free(full);
    free(rewritten);
    free(asc);
    free(whole);
}

Test(diff, indexes)
{
    rt_diff d;
    const char *t = "CREATE TABLE t (a INTEGER, b INTEGER);\n";
    char *one = rt_xasprintf("%sCREATE INDEX ix_a ON t (a);\n", t);
    char *two = rt_xasprintf("%sCREATE UNIQUE INDEX ix_a ON t (a, b);\n", t);
    char *other = rt_xasprintf("%sCREATE INDEX ix_b ON t (b);\n", t);

    diff_of(&d, t, one);
    assert_lines(&d.changes, "Detected added index 'ix_a' on 't'(a)");
    assert_sql(&d.upgrade, "CREATE INDEX ix_a ON t (a);\n");
    rt_diff_free(&d);

    diff_of(&d, one, two);
    assert_lines(&d.changes, "Detected removed index 'ix_a' on 't'(a)\n"
                             "Detected added unique index 'ix_a' on 't'(a, b)");
    cr_assert_eq(d.upgrade.items[0].kind, RT_OP_DROP_INDEX);
    cr_assert_eq(d.upgrade.items[1].kind, RT_OP_CREATE_INDEX);
    rt_diff_free(&d);

    diff_of(&d, one, other);
    assert_lines(&d.changes, "Detected added index 'ix_b' on 't'(b)\n"
                             "Detected removed index 'ix_a' on 't'(a)");
    rt_diff_free(&d);
    free(one);
    free(two);
    free(other);
}

Test(diff, primary_key_change)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a));\n",
            "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b));\n");
    assert_lines(&d.changes, "Detected removed primary key on 't'(a)\n"
                             "Detected added primary key on 't'(a, b)");
    assert_sql(&d.upgrade, "ALTER TABLE t DROP CONSTRAINT t_pkey;\n"
                           "ALTER TABLE t ADD PRIMARY KEY (a, b);\n");
    rt_diff_free(&d);

    diff_of(&d, "CREATE TABLE t (a INTEGER NOT NULL);\n",
            "CREATE TABLE t (a INTEGER NOT NULL PRIMARY KEY);\n");
    assert_lines(&d.changes, "Detected added primary key on 't'(a)");
    rt_diff_free(&d);
}

/* PostgreSQL refuses DROP NOT NULL on a column of a primary key. */
Test(diff, primary_key_removed_before_its_columns_become_nullable)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE t (a VARCHAR(5) PRIMARY KEY, b INTEGER);\n",
            "CREATE TABLE t (a VARCHAR(5), b INTEGER);\n");
    assert_sql(&d.upgrade, "ALTER TABLE t DROP CONSTRAINT t_pkey;\n"
                           "ALTER TABLE t ALTER COLUMN a DROP NOT NULL;\n");
    assert_sql(&d.downgrade, "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n"
                             "ALTER TABLE t ADD PRIMARY KEY (a);\n");
    rt_diff_free(&d);
}

Test(diff, tables_created_after_what_they_reference_and_dropped_before)
{
    const char *valid =
        "CREATE TABLE a (id INTEGER PRIMARY KEY);\n"
        "CREATE TABLE z (id INTEGER PRIMARY KEY);\n"
        "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));\n"
        "CREATE TABLE c (id INTEGER PRIMARY KEY, b_id INTEGER REFERENCES b(id));\n";
    rt_diff d;
    diff_of(&d, "", valid);
    assert_lines(&d.changes, "Detected added table 'a'\nDetected added table 'z'\n"
                             "Detected added table 'b'\nDetected added table 'c'");
    cr_assert_eq(d.downgrade.items[0].kind, RT_OP_DROP_TABLE);
    cr_assert_str_eq(d.downgrade.items[0].table_name, "c");
    rt_diff_free(&d);

    diff_of(&d, valid, "");
    /* reverse of the creation order among the names sorted (a, b, c, z) */
    assert_lines(&d.changes, "Detected removed table 'z'\nDetected removed table 'c'\n"
                             "Detected removed table 'b'\nDetected removed table 'a'");
    cr_assert_eq(d.destructive.n, 4);
    cr_assert_str_eq(d.downgrade.items[0].table->name, "a");
    rt_diff_free(&d);
}

/* Model order does not decide: a schema built with the referencing table
 * first (tables added by ALTER TABLE later) is still created in order. */
Test(diff, dependency_order_beats_model_order)
{
    rt_schema from = RT_SCHEMA_INIT, to = RT_SCHEMA_INIT;
    schema_of(&to, "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER);\n"
                   "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                   "ALTER TABLE child ADD CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) "
                   "REFERENCES parent (id);\n");
    rt_diff d;
    rt_error err;
    cr_assert_eq(rt_diff_schemas(&d, &from, &to, &err), RT_OK);
    cr_assert_eq(d.upgrade.n, 2);
    cr_assert_str_eq(d.upgrade.items[0].table->name, "parent");
    cr_assert_str_eq(d.upgrade.items[1].table->name, "child");
    assert_leads_to(&from, &d.upgrade, &to, "upgrade");
    assert_leads_to(&to, &d.downgrade, &from, "downgrade");
    rt_diff_free(&d);
    rt_schema_free(&from);
    rt_schema_free(&to);
}

Test(diff, foreign_key_cycle_is_broken_with_a_later_add_constraint)
{
    const char *cyc =
        "CREATE TABLE a (id INTEGER PRIMARY KEY, b_id INTEGER);\n"
        "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));\n"
        "ALTER TABLE a ADD CONSTRAINT fk_a_b FOREIGN KEY (b_id) REFERENCES b (id);\n";
    rt_diff d;
    diff_of(&d, "", cyc);
    cr_assert_eq(d.upgrade.n, 3);
    cr_assert_eq(d.upgrade.items[0].kind, RT_OP_CREATE_TABLE);
    cr_assert_eq(d.upgrade.items[1].kind, RT_OP_CREATE_TABLE);
    cr_assert_eq(d.upgrade.items[2].kind, RT_OP_ADD_CONSTRAINT);
    rt_diff_free(&d);

    diff_of(&d, cyc, "");
    cr_assert_eq(d.upgrade.items[0].kind, RT_OP_DROP_CONSTRAINT);
    cr_assert_eq(d.upgrade.items[1].kind, RT_OP_DROP_TABLE);
    cr_assert_eq(d.upgrade.items[2].kind, RT_OP_DROP_TABLE);
    rt_diff_free(&d);
}

Test(diff, renamed_column_is_drop_and_add_with_warning)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE t (id INTEGER PRIMARY KEY, old_name VARCHAR(10));\n",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, new_name VARCHAR(10));\n");
    assert_lines(&d.changes, "Detected added column 't.new_name'\n"
                             "Detected removed column 't.old_name'");
    assert_lines(&d.destructive, "Detected removed column 't.old_name'");
    assert_sql(&d.upgrade, "-- WARNING: possible rename, data loss\n"
                           "ALTER TABLE t ADD COLUMN new_name VARCHAR(10);\n"
                           "-- WARNING: possible rename, data loss\n"
                           "ALTER TABLE t DROP COLUMN old_name;\n");
    cr_assert_str_eq(d.downgrade.items[0].comment, "WARNING: possible rename, data loss");
    rt_diff_free(&d);

    /* another type: not a rename, no warning */
    diff_of(&d, "CREATE TABLE t (id INTEGER PRIMARY KEY, old_name VARCHAR(10));\n",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, new_name INTEGER);\n");
    cr_assert_null(d.upgrade.items[0].comment);
    assert_lines(&d.destructive, "Detected removed column 't.old_name'");
    rt_diff_free(&d);
}

Test(diff, renamed_table_is_drop_and_create_with_warning)
{
    rt_diff d;
    diff_of(&d, "CREATE TABLE old_t (id INTEGER PRIMARY KEY, v TEXT);\n",
            "CREATE TABLE new_t (id INTEGER PRIMARY KEY, v TEXT);\n");
    cr_assert_eq(d.upgrade.n, 2);
    cr_assert_str_eq(d.upgrade.items[0].comment, "WARNING: possible rename, data loss");
    cr_assert_str_eq(d.upgrade.items[1].comment, "WARNING: possible rename, data loss");
    assert_lines(&d.destructive, "Detected removed table 'old_t'");
    rt_diff_free(&d);
}

Test(diff, phases_in_stable_order)
{
    rt_diff d;
    diff_of(&d,
            "CREATE TABLE parent_old (id INTEGER PRIMARY KEY);\n"
            "CREATE TABLE keep (id INTEGER PRIMARY KEY, gone INTEGER, p_id INTEGER, "
            "CONSTRAINT fk_keep_p FOREIGN KEY (p_id) REFERENCES parent_old (id));\n",
            "CREATE TABLE keep (id INTEGER PRIMARY KEY, p_id INTEGER, fresh INTEGER NOT NULL DEFAULT 0);\n"
            "CREATE TABLE newt (id INTEGER PRIMARY KEY, k_id INTEGER REFERENCES keep(id));\n"
            "CREATE INDEX ix_keep_fresh ON keep (fresh);\n");
    assert_lines(&d.changes, "Detected added table 'newt'\n"
                             "Detected added column 'keep.fresh'\n"
                             "Detected added index 'ix_keep_fresh' on 'keep'(fresh)\n"
                             "Detected removed foreign key 'fk_keep_p' on 'keep'(p_id) "
                             "referencing 'parent_old'(id)\n"
                             "Detected removed column 'keep.gone'\n"
                             "Detected removed table 'parent_old'");
    rt_diff_free(&d);
}

Test(diff, render_of_empty_diff_is_empty)
{
    rt_diff d = RT_DIFF_INIT;
    char *up, *down;
    rt_autogen_render(&d, &up, &down);
    cr_assert_str_eq(up, "");
    cr_assert_str_eq(down, "");
    free(up);
    free(down);
}
