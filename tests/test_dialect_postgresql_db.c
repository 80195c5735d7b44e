/* PostgreSQL dialect against the real server (ci/servers.sh): statements
 * render produces run, and reflecting what they created gives back the
 * normalised model. Each test works in its own freshly created schema
 * (first in search_path), which also proves reflection reads
 * current_schema() and nothing else. An unreachable server fails. */
#include "pg_dialect_helpers.h"

#include "db.h"
#include "dialect.h"
#include "rt_test.h"
#include "url.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCHEMA "rt_pg_dialect_test"

static const rt_dialect *pg = &rt_dialect_postgresql;
static rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
static rt_db *db;
static rt_error err;

static void exec_ok(const char *sql)
{
    int rc = rt_db_exec(db, sql, &err);
    cr_assert_eq(rc, RT_OK, "%s\n-> %s", sql, err.message);
}

static void setup(void)
{
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, rt_test_pg_url(), &err), RT_OK, "%s", err.message);
    int rc = rt_db_open(&db, url, &err);
    rt_url_free(url);
    cr_assert_eq(rc, RT_OK, "PostgreSQL at %s is not reachable (run ci/servers.sh start): %s",
                 rt_test_pg_url(), err.message);
    exec_ok("SET client_min_messages TO warning");
    exec_ok("DROP SCHEMA IF EXISTS " SCHEMA " CASCADE");
    exec_ok("DROP SCHEMA IF EXISTS " SCHEMA "_other CASCADE");
    exec_ok("CREATE SCHEMA " SCHEMA);
    exec_ok("SET search_path TO " SCHEMA);
}

static void teardown(void)
{
    if (!db)
        return;
    rt_db_exec(db, "DROP SCHEMA IF EXISTS " SCHEMA " CASCADE", &err);
    rt_db_exec(db, "DROP SCHEMA IF EXISTS " SCHEMA "_other CASCADE", &err);
    rt_db_close(db);
    db = NULL;
}

TestSuite(pg_db, .init = setup, .fini = teardown);

/* Renders ops against model (updating it) and runs every statement. */
static void apply(rt_schema *model, const rt_oplist *ops)
{
    rt_strv stmts = RT_STRV_INIT;
    int rc = rt_dialect_render_all(pg, &opts, model, ops, &stmts, &err);
    cr_assert_eq(rc, RT_OK, "render: %s", err.message);
    for (size_t i = 0; i < stmts.n; i++)
        exec_ok(stmts.items[i]);
    rt_strv_free(&stmts);
}

static void reflect(rt_schema *out, const char *skip)
{
    int rc = pg->reflect(db, &opts, skip, out, &err);
    cr_assert_eq(rc, RT_OK, "reflect: %s", err.message);
}

static char *value(const char *sql)
{
    char *v = NULL;
    cr_assert_eq(rt_db_query_value(db, sql, &v, &err), RT_OK, "%s\n-> %s", sql, err.message);
    return v;
}

static void expect_value(const char *sql, const char *want)
{
    char *v = value(sql);
    if (want)
        cr_expect(v && strcmp(v, want) == 0, "%s: got %s, want %s", sql, v ? v : "NULL", want);
    else
        cr_expect_null(v, "%s: got %s, want NULL", sql, v);
    free(v);
}

static const char *fk_action_name(rt_fk_action a)
{
    static const char *const n[] = {"NO ACTION", "RESTRICT", "CASCADE", "SET NULL",
                                    "SET DEFAULT"};
    return n[a];
}

static void describe_constraint(char *buf, size_t size, const rt_constraint *k)
{
    char *cols = rt_strv_join(&k->columns, ",");
    char *refs = rt_strv_join(&k->ref_columns, ",");
    snprintf(buf, size, "kind=%d name=%s cols=[%s] ref=%s[%s] del=%s upd=%s check=%s",
             (int)k->kind, k->name ? k->name : "(null)", cols,
             k->ref_table ? k->ref_table : "-", refs, fk_action_name(k->on_delete),
             fk_action_name(k->on_update), k->check_sql ? k->check_sql : "-");
    free(cols);
    free(refs);
}

/* Every table of want is in got with the same columns (in order),
 * constraints (PK by kind, others by name) and indexes (by name), and got
 * has nothing more. Names of primary keys are not compared (schema.h). */
static void expect_same_schema(const rt_schema *want, const rt_schema *got)
{
    cr_expect_eq(got->ntables, want->ntables, "table count: got %zu, want %zu", got->ntables,
                 want->ntables);
    for (size_t i = 0; i < want->ntables; i++) {
        const rt_table *w = &want->tables[i];
        const rt_table *g = rt_schema_find_table(got, w->name);
        cr_expect_not_null(g, "table %s not reflected", w->name);
        if (!g)
            continue;
        cr_expect_eq(g->ncolumns, w->ncolumns, "%s: column count %zu, want %zu", w->name,
                     g->ncolumns, w->ncolumns);
        for (size_t c = 0; c < w->ncolumns && c < g->ncolumns; c++) {
            const rt_column *wc = &w->columns[c], *gc = &g->columns[c];
            cr_expect(rt_column_equal(wc, gc),
                      "%s column %zu: got %s %s(%d,%d,%d) not_null=%d default=%s, "
                      "want %s %s(%d,%d,%d) not_null=%d default=%s",
                      w->name, c, gc->name, rt_type_kind_name(gc->type.kind), gc->type.length,
                      gc->type.precision, gc->type.scale, gc->not_null,
                      gc->default_sql ? gc->default_sql : "(none)", wc->name,
                      rt_type_kind_name(wc->type.kind), wc->type.length, wc->type.precision,
                      wc->type.scale, wc->not_null, wc->default_sql ? wc->default_sql : "(none)");
        }
        cr_expect_eq(g->nconstraints, w->nconstraints, "%s: constraint count %zu, want %zu",
                     w->name, g->nconstraints, w->nconstraints);
        for (size_t k = 0; k < w->nconstraints; k++) {
            const rt_constraint *wk = &w->constraints[k];
            const rt_constraint *gk = wk->kind == RT_CONSTRAINT_PRIMARY_KEY
                                          ? rt_table_primary_key(g)
                                          : rt_table_find_constraint(g, wk->name);
            char wd[512], gd[512] = "(missing)";
            describe_constraint(wd, sizeof wd, wk);
            if (gk)
                describe_constraint(gd, sizeof gd, gk);
            bool same = false;
            if (gk) {
                rt_constraint a, b;
                rt_constraint_copy(&a, wk);
                rt_constraint_copy(&b, gk);
                if (a.kind == RT_CONSTRAINT_PRIMARY_KEY) {
                    free(a.name);
                    free(b.name);
                    a.name = b.name = NULL;
                }
                same = rt_constraint_equal(&a, &b);
                rt_constraint_free(&a);
                rt_constraint_free(&b);
            }
            cr_expect(same, "%s constraint: got %s, want %s", w->name, gd, wd);
        }
        cr_expect_eq(g->nindexes, w->nindexes, "%s: index count %zu, want %zu", w->name,
                     g->nindexes, w->nindexes);
        for (size_t x = 0; x < w->nindexes; x++) {
            const rt_index *gi = rt_table_find_index(g, w->indexes[x].name);
            cr_expect(gi && rt_index_equal(gi, &w->indexes[x]), "%s index %s differs/missing",
                      w->name, w->indexes[x].name);
        }
    }
}

/* Creates the tables, reflects, and compares with the normalised model. */
static void roundtrip_tables(rt_table **tables, size_t n)
{
    rt_oplist ops = RT_OPLIST_INIT;
    for (size_t i = 0; i < n; i++)
        h_op_create(&ops, tables[i]);
    rt_schema model = RT_SCHEMA_INIT, got = RT_SCHEMA_INIT;
    apply(&model, &ops);
    pg->normalize(&opts, &model);
    reflect(&got, NULL);
    expect_same_schema(&model, &got);
    /* Reflection is already in the stored form: normalising changes nothing. */
    rt_schema again = RT_SCHEMA_INIT;
    rt_schema_copy(&again, &got);
    pg->normalize(&opts, &again);
    expect_same_schema(&got, &again);
    rt_schema_free(&again);
    rt_schema_free(&model);
    rt_schema_free(&got);
    rt_oplist_free(&ops);
    for (size_t i = 0; i < n; i++)
        h_table_free(tables[i]);
}

Test(pg_db, roundtrip_every_type)
{
    rt_table *t = h_table("types");
    h_col(t, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(t, "c_big", h_type(RT_TYPE_BIGINT), false, NULL);
    h_col(t, "c_small", h_type(RT_TYPE_SMALLINT), true, NULL);
    h_col(t, "c_bool", h_type(RT_TYPE_BOOLEAN), false, NULL);
    h_col(t, "c_vc", h_varchar(50), true, NULL);
    h_col(t, "c_vc0", h_varchar(0), false, NULL);
    h_col(t, "c_text", h_type(RT_TYPE_TEXT), false, NULL);
    h_col(t, "c_num", h_numeric(10, 2), false, NULL);
    h_col(t, "c_num_p", h_numeric(7, -1), false, NULL);
    h_col(t, "c_num0", h_numeric(-1, -1), false, NULL);
    h_col(t, "c_real", h_type(RT_TYPE_REAL), false, NULL);
    h_col(t, "c_double", h_type(RT_TYPE_DOUBLE), false, NULL);
    h_col(t, "c_date", h_type(RT_TYPE_DATE), false, NULL);
    h_col(t, "c_time", h_type(RT_TYPE_TIME), false, NULL);
    h_col(t, "c_ts", h_type(RT_TYPE_TIMESTAMP), true, NULL);
    h_col(t, "c_tstz", h_type(RT_TYPE_TIMESTAMPTZ), false, NULL);
    h_col(t, "c_blob", h_type(RT_TYPE_BLOB), false, NULL);
    h_col(t, "c_json", h_type(RT_TYPE_JSON), false, NULL);
    h_col(t, "c_uuid", h_type(RT_TYPE_UUID), false, NULL);
    h_pk(t, NULL, "id");
    rt_table *b = h_table("bigkey");
    h_col(b, "id", h_type(RT_TYPE_BIGINT), true, NULL);
    h_pk(b, "pk_bigkey", "id");
    rt_table *tables[] = {t, b};
    roundtrip_tables(tables, 2);
    /* The identity columns really are identities, and no default shows. */
    expect_value("SELECT attidentity::text FROM pg_attribute WHERE attrelid = 'types'::regclass "
                 "AND attname = 'id'", "d");
    expect_value("SELECT attidentity::text FROM pg_attribute WHERE attrelid = 'bigkey'::regclass "
                 "AND attname = 'id'", "d");
}

Test(pg_db, roundtrip_every_default)
{
    rt_table *t = h_table("defaults");
    h_col(t, "i", h_type(RT_TYPE_INTEGER), false, "42");
    h_col(t, "neg", h_type(RT_TYPE_INTEGER), false, "-3");
    h_col(t, "big", h_type(RT_TYPE_BIGINT), false, "9000000000");
    h_col(t, "sm", h_type(RT_TYPE_SMALLINT), true, "7");
    h_col(t, "num", h_numeric(10, 2), false, "1.50");
    h_col(t, "numneg", h_numeric(10, 2), false, "-0.25");
    h_col(t, "quoted_num", h_type(RT_TYPE_INTEGER), false, "'5'");
    h_col(t, "r", h_type(RT_TYPE_REAL), false, "-1");
    h_col(t, "d", h_type(RT_TYPE_DOUBLE), false, "1.5");
    h_col(t, "dneg", h_type(RT_TYPE_DOUBLE), false, "-2.5");
    h_col(t, "vs", h_varchar(20), false, "'it''s'");
    h_col(t, "vs0", h_varchar(0), false, "''");
    h_col(t, "tx", h_type(RT_TYPE_TEXT), true, "'abc'");
    h_col(t, "b_true", h_type(RT_TYPE_BOOLEAN), false, "TRUE");
    h_col(t, "b_false", h_type(RT_TYPE_BOOLEAN), false, "FALSE");
    h_col(t, "b_one", h_type(RT_TYPE_BOOLEAN), false, "1");
    h_col(t, "ts", h_type(RT_TYPE_TIMESTAMP), false, "CURRENT_TIMESTAMP");
    h_col(t, "tstz", h_type(RT_TYPE_TIMESTAMPTZ), false, "CURRENT_TIMESTAMP");
    h_col(t, "dt", h_type(RT_TYPE_DATE), false, "CURRENT_DATE");
    h_col(t, "tm", h_type(RT_TYPE_TIME), false, "CURRENT_TIME");
    h_col(t, "dlit", h_type(RT_TYPE_DATE), false, "'2020-01-01'");
    h_col(t, "tslit", h_type(RT_TYPE_TIMESTAMP), false, "'2020-01-01 10:00:00'");
    h_col(t, "js", h_type(RT_TYPE_JSON), false, "'{\"a\": [1, 2]}'");
    h_col(t, "u", h_type(RT_TYPE_UUID), false, "'00000000-0000-0000-0000-000000000000'");
    h_col(t, "bl", h_type(RT_TYPE_BLOB), false, "'\\x00ff'");
    h_col(t, "expr", h_type(RT_TYPE_INTEGER), false, "(1 + 2)");
    h_col(t, "fn", h_type(RT_TYPE_TIMESTAMPTZ), false, "(now())");
    h_col(t, "nul", h_varchar(10), false, "NULL");
    h_col(t, "lowered", h_type(RT_TYPE_TEXT), false, "(lower('X'))");
    h_col(t, "numexpr", h_numeric(8, 2), false, "(2 * 1.5)");
    h_col(t, "tight", h_type(RT_TYPE_INTEGER), false, "((2*3)-1)");
    h_col(t, "spaced", h_type(RT_TYPE_TEXT), false, "(  'a  b' ||   'c' )");
    rt_table *tables[] = {t};
    roundtrip_tables(tables, 1);
    /* and the defaults do what they say */
    exec_ok("INSERT INTO defaults DEFAULT VALUES");
    expect_value("SELECT i + neg + quoted_num + sm FROM defaults", "51");
    expect_value("SELECT nul IS NULL FROM defaults", "t");
    expect_value("SELECT vs || '|' || tx || '|' || b_one::text FROM defaults", "it's|abc|true");
}

Test(pg_db, roundtrip_constraints_and_indexes)
{
    rt_table *a = h_table("A");
    h_col(a, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(a, "name", h_varchar(0), true, NULL);
    h_col(a, "Code", h_varchar(10), false, NULL);
    h_check(a, "ck_A_code", "\"Code\" <> 'none'");
    h_pk(a, NULL, "id");
    h_unique(a, "uq_A_name", "name");
    h_unique(a, "uq_A_Code_name", "Code,name");

    rt_table *u = h_table("users");
    h_col(u, "id", h_type(RT_TYPE_BIGINT), true, NULL);
    h_col(u, "region", h_type(RT_TYPE_SMALLINT), true, NULL);
    h_col(u, "email", h_type(RT_TYPE_TEXT), false, NULL);
    h_pk(u, "pk_users", "id,region");
    h_check(u, "ck_users_region", "region > 0");
    h_index(u, "ix_users_email", false, "email");

    rt_table *o = h_table("order");
    h_col(o, "a_id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(o, "user_id", h_type(RT_TYPE_BIGINT), false, NULL);
    h_col(o, "user_region", h_type(RT_TYPE_SMALLINT), false, "1");
    h_col(o, "qty", h_type(RT_TYPE_INTEGER), true, "0");
    h_col(o, "note", h_type(RT_TYPE_TEXT), false, NULL);
    h_pk(o, NULL, "a_id,qty");
    h_fk(o, "fk_order_a_id_A", "a_id", "A", "id", RT_FK_CASCADE, RT_FK_SET_NULL);
    h_fk(o, "fk_order_user_id_users", "user_region,user_id", "users", "region,id",
         RT_FK_SET_DEFAULT, RT_FK_RESTRICT);
    h_fk(o, "fk_order_user_id_users2", "user_id,user_region", "users", NULL, RT_FK_NO_ACTION,
         RT_FK_CASCADE);
    h_check(o, "ck_order_qty", "qty >= 0");
    h_check(o, "CK Note", "length(note) < 100");
    h_check(o, "ck_order_neg", "qty > -5");
    h_check(o, "ck_order_note", "note <> 'x''y'");
    h_check(o, "ck_order_both", "(qty > 0) AND (qty < 1000)");
    h_index(o, "ix_order_note_qty", false, "note,qty");
    h_index(o, "UX_order", true, "user_id,note");

    rt_table *tables[] = {a, u, o};
    roundtrip_tables(tables, 3);
}

Test(pg_db, roundtrip_every_alter_op)
{
    rt_table *t = h_table("t");
    h_col(t, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(t, "name", h_varchar(20), false, "'x'");
    h_col(t, "n", h_type(RT_TYPE_INTEGER), false, NULL);
    h_col(t, "gone", h_type(RT_TYPE_TEXT), false, NULL);
    h_pk(t, NULL, "id");
    rt_table *p = h_table("parent");
    h_col(p, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_pk(p, NULL, "id");
    rt_table *x = h_table("scratch");
    h_col(x, "a", h_type(RT_TYPE_INTEGER), false, NULL);

    rt_oplist ops = RT_OPLIST_INIT;
    h_op_create(&ops, t);
    h_op_create(&ops, p);
    h_op_create(&ops, x);
    h_op_raw(&ops, "INSERT INTO t (name, n, gone) VALUES ('one', 1, 'g'), ('two', 2, 'g')");
    h_op_add_column(&ops, "t", "parent_id", h_type(RT_TYPE_INTEGER), false, NULL);
    h_op_add_column(&ops, "t", "created", h_type(RT_TYPE_TIMESTAMP), true, "CURRENT_TIMESTAMP");
    h_op(&ops, RT_OP_DROP_COLUMN, "t", "gone", NULL);
    h_op(&ops, RT_OP_RENAME_COLUMN, "t", "n", "Amount");
    h_op_alter_type(&ops, "t", "Amount", h_numeric(12, 3));
    h_op_alter_type(&ops, "t", "name", h_type(RT_TYPE_TEXT));
    h_op(&ops, RT_OP_SET_NOT_NULL, "t", "name", NULL);
    h_op(&ops, RT_OP_DROP_NOT_NULL, "t", "created", NULL);
    h_op_set_default(&ops, "t", "Amount", "0.5");
    h_op(&ops, RT_OP_DROP_DEFAULT, "t", "name", NULL);
    rt_constraint k = h_fk_make("fk_t_parent_id_parent", "parent_id", "parent", "id",
                                RT_FK_SET_NULL, RT_FK_NO_ACTION);
    h_op_add_constraint(&ops, "t", &k);
    k = h_constraint(RT_CONSTRAINT_UNIQUE, "uq_t_name", "name");
    h_op_add_constraint(&ops, "t", &k);
    k = h_constraint(RT_CONSTRAINT_CHECK, "ck_t_amount", NULL);
    k.check_sql = rt_xstrdup("\"Amount\" >= 0");
    h_op_add_constraint(&ops, "t", &k);
    k = h_constraint(RT_CONSTRAINT_UNIQUE, "uq_t_doomed", "Amount");
    h_op_add_constraint(&ops, "t", &k);
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "t", "uq_t_doomed", NULL);
    h_op_create_index(&ops, "t", "ix_t_created", false, "created,name");
    h_op_create_index(&ops, "t", "ix_doomed", true, "Amount");
    h_op(&ops, RT_OP_DROP_INDEX, NULL, "ix_doomed", NULL);
    h_op(&ops, RT_OP_DROP_INDEX, NULL, "ix_never_there", NULL)->if_exists = true;
    h_op(&ops, RT_OP_RENAME_TABLE, "t", NULL, "Things");
    h_op(&ops, RT_OP_DROP_TABLE, "scratch", NULL, NULL);
    h_op(&ops, RT_OP_DROP_TABLE, "never_there", NULL, NULL)->if_exists = true;

    rt_schema model = RT_SCHEMA_INIT, got = RT_SCHEMA_INIT;
    apply(&model, &ops);
    pg->normalize(&opts, &model);
    reflect(&got, NULL);
    expect_same_schema(&model, &got);
    expect_value("SELECT string_agg(name || '=' || \"Amount\", ',' ORDER BY id) FROM \"Things\"",
                 "one=1.000,two=2.000");

    rt_schema_free(&model);
    rt_schema_free(&got);
    rt_oplist_free(&ops);
    h_table_free(t);
    h_table_free(p);
    h_table_free(x);
}

Test(pg_db, alter_type_keeps_data)
{
    rt_table *t = h_table("conv");
    h_col(t, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(t, "num_text", h_varchar(10), false, "'7'");
    h_col(t, "flag_text", h_type(RT_TYPE_TEXT), false, NULL);
    h_col(t, "uuid_text", h_varchar(36), false, NULL);
    h_col(t, "day_text", h_type(RT_TYPE_TEXT), false, NULL);
    h_col(t, "json_text", h_type(RT_TYPE_TEXT), false, NULL);
    h_col(t, "back", h_type(RT_TYPE_INTEGER), false, NULL);
    h_pk(t, NULL, "id");
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_create(&ops, t);
    h_op_raw(&ops, "INSERT INTO conv (num_text, flag_text, uuid_text, day_text, json_text, back) "
                   "VALUES ('1', 'true', '6f1c1f8e-8d6a-4f55-9a38-1d2c3b4a5e6f', '2024-02-29', "
                   "'{\"k\": 1}', 5), ('42', 'false', NULL, NULL, '[]', 6)");
    h_op_alter_type(&ops, "conv", "num_text", h_type(RT_TYPE_INTEGER));
    h_op_alter_type(&ops, "conv", "flag_text", h_type(RT_TYPE_BOOLEAN));
    h_op_alter_type(&ops, "conv", "uuid_text", h_type(RT_TYPE_UUID));
    h_op_alter_type(&ops, "conv", "day_text", h_type(RT_TYPE_DATE));
    h_op_alter_type(&ops, "conv", "json_text", h_type(RT_TYPE_JSON));
    h_op_alter_type(&ops, "conv", "back", h_varchar(5));
    rt_schema model = RT_SCHEMA_INIT, got = RT_SCHEMA_INIT;
    apply(&model, &ops);
    expect_value("SELECT sum(num_text) FROM conv", "43");
    expect_value("SELECT count(*) FROM conv WHERE flag_text", "1");
    expect_value("SELECT uuid_text::text FROM conv WHERE num_text = 1",
                 "6f1c1f8e-8d6a-4f55-9a38-1d2c3b4a5e6f");
    expect_value("SELECT day_text + 1 FROM conv WHERE num_text = 1", "2024-03-01");
    expect_value("SELECT json_text->>'k' FROM conv WHERE num_text = 1", "1");
    expect_value("SELECT string_agg(back, ',' ORDER BY back) FROM conv", "5,6");
    /* The default moved across the change still applies, as an integer. */
    exec_ok("INSERT INTO conv (back) VALUES ('x')");
    expect_value("SELECT num_text + 1 FROM conv WHERE back = 'x'", "8");
    pg->normalize(&opts, &model);
    reflect(&got, NULL);
    expect_same_schema(&model, &got);
    rt_schema_free(&model);
    rt_schema_free(&got);
    rt_oplist_free(&ops);
    h_table_free(t);
}

Test(pg_db, alter_type_bad_data_fails_and_rolls_back)
{
    exec_ok("CREATE TABLE bad (v VARCHAR(10))");
    exec_ok("INSERT INTO bad VALUES ('12'), ('abc')");
    rt_schema model = RT_SCHEMA_INIT;
    reflect(&model, NULL);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_alter_type(&ops, "bad", "v", h_type(RT_TYPE_INTEGER));
    rt_strv stmts = RT_STRV_INIT;
    cr_assert_eq(rt_dialect_render_all(pg, &opts, &model, &ops, &stmts, &err), RT_OK);
    cr_assert_eq(stmts.n, 1);
    exec_ok("BEGIN");
    int rc = rt_db_exec(db, stmts.items[0], &err);
    cr_expect_eq(rc, RT_EDB);
    cr_expect_str_eq(err.sqlstate, "22P02");
    cr_expect(strstr(err.message, "abc") != NULL, "message: %s", err.message);
    exec_ok("ROLLBACK");
    expect_value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                 "WHERE attrelid = 'bad'::regclass AND attname = 'v'",
                 "character varying(10)");
    rt_strv_free(&stmts);
    rt_oplist_free(&ops);
    rt_schema_free(&model);
}

Test(pg_db, quoting_roundtrip)
{
    rt_table *a = h_table("A");
    h_col(a, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(a, "Select", h_type(RT_TYPE_TEXT), false, NULL);
    h_col(a, "group", h_type(RT_TYPE_INTEGER), false, NULL);
    h_col(a, "with space", h_varchar(3), false, "'a\"b'");
    h_pk(a, NULL, "id");
    h_unique(a, "UQ_A", "group");
    h_index(a, "IX A", false, "with space,Select");
    rt_table *u = h_table("user");
    h_col(u, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(u, "a", h_type(RT_TYPE_INTEGER), false, NULL);
    h_pk(u, NULL, "id");
    h_fk(u, "FK_user_A", "a", "A", "id", RT_FK_CASCADE, RT_FK_NO_ACTION);
    h_check(u, "check", "a <> 0");
    rt_table *lower = h_table("a");
    h_col(lower, "x", h_type(RT_TYPE_INTEGER), false, NULL);
    rt_table *tables[] = {a, u, lower};
    roundtrip_tables(tables, 3);
    /* "A" and a are two tables, as the portable language says. */
    expect_value("SELECT count(*) FROM pg_class WHERE relname IN ('A', 'a') "
                 "AND relnamespace = '" SCHEMA "'::regnamespace",
                 "2");
    exec_ok("INSERT INTO \"A\" (\"Select\", \"group\") VALUES ('s', 1)");
    expect_value("SELECT \"with space\" FROM \"A\"", "a\"b");
}

Test(pg_db, identity_inserts)
{
    rt_table *t = h_table("items");
    h_col(t, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(t, "name", h_type(RT_TYPE_TEXT), false, NULL);
    h_pk(t, NULL, "id");
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_create(&ops, t);
    rt_schema model = RT_SCHEMA_INIT;
    apply(&model, &ops);
    exec_ok("INSERT INTO items (name) VALUES ('a'), ('b')");
    exec_ok("INSERT INTO items (id, name) VALUES (10, 'explicit')");
    expect_value("SELECT string_agg(id::text, ',' ORDER BY id) FROM items", "1,2,10");
    /* rename, then drop the unnamed key by its PostgreSQL name; a default on
     * the former identity column works */
    rt_oplist more = RT_OPLIST_INIT;
    h_op(&more, RT_OP_RENAME_TABLE, "items", NULL, "Goods");
    h_op(&more, RT_OP_DROP_CONSTRAINT, "Goods", "Goods_pkey", NULL);
    h_op_set_default(&more, "Goods", "id", "-1");
    apply(&model, &more);
    exec_ok("INSERT INTO \"Goods\" (name) VALUES ('d')");
    expect_value("SELECT id FROM \"Goods\" WHERE name = 'd'", "-1");
    rt_schema got = RT_SCHEMA_INIT;
    pg->normalize(&opts, &model);
    reflect(&got, NULL);
    expect_same_schema(&model, &got);
    rt_schema_free(&got);
    rt_oplist_free(&more);
    rt_schema_free(&model);
    rt_oplist_free(&ops);
    h_table_free(t);
}

Test(pg_db, transactional_ddl_and_has_table)
{
    rt_buf q = RT_BUF_INIT;
    pg->has_table_sql(&q, "Tx");
    cr_assert(rt_db_transactional_ddl(db));
    cr_assert_eq(rt_db_begin(db, &err), RT_OK, "%s", err.message);
    exec_ok("CREATE TABLE \"Tx\" (a INTEGER)");
    expect_value(rt_buf_cstr(&q), "1");
    cr_assert_eq(rt_db_rollback(db, &err), RT_OK, "%s", err.message);
    expect_value(rt_buf_cstr(&q), NULL);
    exec_ok("CREATE TABLE \"Tx\" (a INTEGER)");
    expect_value(rt_buf_cstr(&q), "1");
    /* case matters: tx is another table */
    rt_buf_reset(&q);
    pg->has_table_sql(&q, "tx");
    expect_value(rt_buf_cstr(&q), NULL);
    rt_buf_free(&q);
}

Test(pg_db, reflect_scope_skip_and_catalog_forms)
{
    exec_ok("CREATE TABLE retort_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
    exec_ok("CREATE SCHEMA " SCHEMA "_other");
    exec_ok("CREATE TABLE " SCHEMA "_other.elsewhere (a INTEGER)");
    /* forms retort never renders but a database may hold */
    exec_ok("CREATE TABLE legacy (id SERIAL PRIMARY KEY, big BIGSERIAL, "
            "j JSONB, ts TIMESTAMP(3), tz TIMESTAMPTZ(0), tm TIME(2), "
            "v VARCHAR(5) DEFAULT NULL, e INTEGER DEFAULT (2 * 3))");
    exec_ok("CREATE INDEX ix_expr ON legacy ((id + 1))");
    exec_ok("CREATE INDEX ix_partial ON legacy (big) WHERE big > 0");
    exec_ok("CREATE INDEX ix_incl ON legacy (ts) INCLUDE (tz)");
    rt_schema got = RT_SCHEMA_INIT;
    reflect(&got, "retort_version");
    cr_assert_eq(got.ntables, 1, "only legacy: got %zu tables", got.ntables);
    const rt_table *t = rt_schema_find_table(&got, "legacy");
    cr_assert_not_null(t);
    cr_assert_eq(t->ncolumns, 8);
    static const rt_type_kind kinds[] = {RT_TYPE_INTEGER, RT_TYPE_BIGINT, RT_TYPE_JSON,
                                         RT_TYPE_TIMESTAMP, RT_TYPE_TIMESTAMPTZ, RT_TYPE_TIME,
                                         RT_TYPE_VARCHAR, RT_TYPE_INTEGER};
    for (size_t i = 0; i < 8; i++)
        cr_expect_eq(t->columns[i].type.kind, kinds[i], "column %s", t->columns[i].name);
    cr_expect_null(t->columns[0].default_sql, "serial: %s", t->columns[0].default_sql);
    cr_expect_null(t->columns[1].default_sql, "bigserial: %s", t->columns[1].default_sql);
    cr_expect(t->columns[1].not_null);
    cr_expect_null(t->columns[6].default_sql);
    cr_expect_str_eq(t->columns[7].default_sql, "(2*3)");
    cr_assert_eq(t->nindexes, 3, "expression and partial indexes are modelled");
    const rt_index *expr = rt_table_find_index(t, "ix_expr");
    cr_assert(expr && expr->columns.n == 1);
    cr_expect_str_eq(expr->columns.items[0], "((id + 1))");
    cr_expect_null(expr->where_sql);
    const rt_index *part = rt_table_find_index(t, "ix_partial");
    cr_assert(part && part->columns.n == 1);
    cr_expect_str_eq(part->columns.items[0], "big");
    cr_expect_str_eq(part->where_sql, "big > 0");
    const rt_index *incl = rt_table_find_index(t, "ix_incl");
    cr_assert(incl);
    cr_assert_eq(incl->columns.n, 1, "INCLUDE columns are not keys");
    rt_schema_free(&got);

    reflect(&got, NULL);
    cr_expect_not_null(rt_schema_find_table(&got, "retort_version"));
    rt_schema_free(&got);
}

Test(pg_db, reflect_unsupported_type_fails_with_column)
{
    exec_ok("CREATE TABLE hosts (id INTEGER, addr INET)");
    rt_schema got = RT_SCHEMA_INIT;
    int rc = pg->reflect(db, &opts, NULL, &got, &err);
    cr_expect_eq(rc, RT_ENOTSUPPORTED);
    cr_expect(strstr(err.message, "hosts.addr") != NULL, "message: %s", err.message);
    cr_expect(strstr(err.message, "inet") != NULL, "message: %s", err.message);
    cr_expect_eq(got.ntables, 0, "nothing half-read is handed back");
    rt_schema_free(&got);
}

/* The same catalog queries through unixODBC (psqlODBC) read the same
 * schema: booleans, separators and NULLs survive the other transport. */
Test(pg_db, reflect_through_odbc_matches_libpq)
{
    rt_table *a = h_table("A");
    h_col(a, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(a, "name", h_varchar(30), true, "'n''a'");
    h_col(a, "flag", h_type(RT_TYPE_BOOLEAN), false, "FALSE");
    h_col(a, "amount", h_numeric(9, 3), false, "-1.5");
    h_col(a, "at", h_type(RT_TYPE_TIMESTAMPTZ), false, "CURRENT_TIMESTAMP");
    h_col(a, "doc", h_type(RT_TYPE_JSON), false, NULL);
    h_pk(a, NULL, "id");
    h_unique(a, "uq_A_name_flag", "name,flag");
    h_check(a, "ck_A_amount", "amount > -100");
    h_index(a, "ix_A_at", false, "at,name");
    rt_table *b = h_table("b");
    h_col(b, "x", h_type(RT_TYPE_INTEGER), false, NULL);
    h_col(b, "y", h_type(RT_TYPE_BLOB), false, NULL);
    h_fk(b, "fk_b_x_A", "x", "A", "id", RT_FK_CASCADE, RT_FK_RESTRICT);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_create(&ops, a);
    h_op_create(&ops, b);
    rt_schema model = RT_SCHEMA_INIT, native = RT_SCHEMA_INIT, odbc = RT_SCHEMA_INIT;
    apply(&model, &ops);
    reflect(&native, NULL);

    const char *env = getenv("RETORT_TEST_PG_ODBC_URL");
    const char *text = env && *env ? env
                                   : "postgresql+odbc://test:test@127.0.0.1:5432/test"
                                     "?driver=PostgreSQL+Unicode";
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, text, &err), RT_OK, "%s", err.message);
    rt_db *odb = NULL;
    int rc = rt_db_open(&odb, url, &err);
    rt_url_free(url);
    cr_assert_eq(rc, RT_OK, "ODBC connection to PostgreSQL failed: %s", err.message);
    cr_assert_eq(rt_db_dialect(odb), pg);
    rc = rt_db_exec(odb, "SET search_path TO " SCHEMA, &err);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    rc = pg->reflect(odb, &opts, NULL, &odbc, &err);
    rt_db_close(odb);
    cr_assert_eq(rc, RT_OK, "reflect through ODBC: %s", err.message);
    expect_same_schema(&native, &odbc);
    pg->normalize(&opts, &model);
    expect_same_schema(&model, &odbc);

    rt_schema_free(&model);
    rt_schema_free(&native);
    rt_schema_free(&odbc);
    rt_oplist_free(&ops);
    h_table_free(a);
    h_table_free(b);
}

/* docs/backends.md: another schema is chosen with ?options=-csearch_path=... */
Test(pg_db, schema_from_url_options)
{
    exec_ok("CREATE TABLE only_here (a INTEGER NOT NULL DEFAULT 1)");
    char *text = rt_xasprintf("%s%coptions=-csearch_path%%3D" SCHEMA, rt_test_pg_url(),
                              strchr(rt_test_pg_url(), '?') ? '&' : '?');
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, text, &err), RT_OK, "%s", err.message);
    free(text);
    rt_db *other = NULL;
    int rc = rt_db_open(&other, url, &err);
    rt_url_free(url);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    rt_schema got = RT_SCHEMA_INIT;
    rc = pg->reflect(other, &opts, NULL, &got, &err);
    rt_db_close(other);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    cr_assert_eq(got.ntables, 1);
    cr_expect_str_eq(got.tables[0].name, "only_here");
    cr_expect_str_eq(got.tables[0].columns[0].default_sql, "1");
    rt_schema_free(&got);
}
