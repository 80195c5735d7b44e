/* SQLite dialect: the SQL text of every op, and the same SQL run on a real
 * SQLite database through rt_db (table rebuild keeping rows and indexes,
 * quoting, reflection round trip, errors). */
#include "db.h"
#include "dialect.h"
#include "diff.h"
#include "sql_parse.h"
#include "url.h"

#include "rt_test.h"
#include "rt_test_matrix.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static const rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;

/* ------------------------------------------------------------- helpers */

static void parse_ok(rt_oplist *ops, const char *sql)
{
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_sql_parse(ops, sql, "test.sql", 1, &err);
    cr_assert_eq(rc, RT_OK, "parse failed: %s", err.message);
}

/* Replays portable SQL on the model, as history replay would. */
static void load(rt_schema *model, const char *sql)
{
    rt_oplist ops = RT_OPLIST_INIT;
    parse_ok(&ops, sql);
    for (size_t i = 0; i < ops.n; i++) {
        rt_error err;
        int rc = rt_schema_apply(model, &ops.items[i], true, &err);
        cr_assert_eq(rc, RT_OK, "apply failed: %s", err.message);
    }
    rt_oplist_free(&ops);
}

/* Renders sql against model (which follows along); statements joined with
 * ";\n" into *out (caller frees). */
static int render(rt_schema *model, const char *sql, char **out, rt_error *err)
{
    rt_oplist ops = RT_OPLIST_INIT;
    parse_ok(&ops, sql);
    rt_strv stmts = RT_STRV_INIT;
    int rc = rt_dialect_render_all(&rt_dialect_sqlite, &opts, model, &ops, &stmts, err);
    *out = rt_strv_join(&stmts, ";\n");
    rt_strv_free(&stmts);
    rt_oplist_free(&ops);
    return rc;
}

static void expect_render(const char *before, const char *sql, const char *want)
{
    rt_schema model = RT_SCHEMA_INIT;
    if (before)
        load(&model, before);
    rt_error err;
    char *got = NULL;
    int rc = render(&model, sql, &got, &err);
    cr_assert_eq(rc, RT_OK, "render of %s failed: %s", sql, err.message);
    cr_expect_str_eq(got, want, "rendering %s\n--- got:\n%s\n--- want:\n%s", sql, got, want);
    free(got);
    rt_schema_free(&model);
}

static rt_db *open_url(const char *text)
{
    rt_url *url = NULL;
    rt_error err;
    int rc = rt_url_parse(&url, text, &err);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    rt_db *db = NULL;
    rc = rt_db_open(&db, url, &err);
    rt_url_free(url);
    cr_assert_eq(rc, RT_OK, "cannot open SQLite database: %s", err.message);
    return db;
}

static rt_db *open_db(void)
{
    return open_url(rt_test_backend_url("sqlite"));
}

/* The same database file through unixODBC's SQLite3 driver: reflection and
 * the rebuild use nothing but SQL, so they must behave the same there. */
static rt_db *open_odbc_db(void)
{
    char *dir = rt_test_tmpdir();
    char *url = rt_test_matrix_url(RT_TB_SQLITE_ODBC, dir);
    rt_db *db = open_url(url);
    free(url);
    free(dir);
    return db;
}

/* Renders and runs sql in one transaction, as the engine does with a
 * revision; the model follows only when everything succeeded. */
static int migrate(rt_db *db, rt_schema *model, const char *sql, rt_error *err)
{
    rt_oplist ops = RT_OPLIST_INIT;
    parse_ok(&ops, sql);
    rt_schema work = RT_SCHEMA_INIT;
    rt_schema_copy(&work, model);
    int rc = rt_db_begin(db, err);
    cr_assert_eq(rc, RT_OK, "%s", err->message);
    for (size_t i = 0; rc == RT_OK && i < ops.n; i++) {
        rt_strv stmts = RT_STRV_INIT;
        rc = rt_dialect_sqlite.render(&opts, &work, &ops.items[i], &stmts, err);
        for (size_t j = 0; rc == RT_OK && j < stmts.n; j++)
            rc = rt_db_exec(db, stmts.items[j], err);
        if (rc == RT_OK)
            rc = rt_schema_apply(&work, &ops.items[i], false, err);
        rt_strv_free(&stmts);
    }
    if (rc == RT_OK) {
        rc = rt_db_commit(db, err);
        rt_schema_free(model);
        rt_schema_copy(model, &work);
    } else {
        rt_error ignored;
        rt_db_rollback(db, &ignored);
    }
    rt_schema_free(&work);
    rt_oplist_free(&ops);
    return rc;
}

static void migrate_ok(rt_db *db, rt_schema *model, const char *sql)
{
    rt_error err;
    int rc = migrate(db, model, sql, &err);
    cr_assert_eq(rc, RT_OK, "migration failed: %s\n%s", err.message, sql);
}

static void exec_ok(rt_db *db, const char *sql)
{
    rt_error err;
    cr_assert_eq(rt_db_exec(db, sql, &err), RT_OK, "%s: %s", sql, err.message);
}

/* First value of the first row, "NULL" for SQL NULL / no row; caller frees. */
static char *value(rt_db *db, const char *sql)
{
    rt_error err;
    char *v = NULL;
    cr_assert_eq(rt_db_query_value(db, sql, &v, &err), RT_OK, "%s: %s", sql, err.message);
    return v ? v : rt_xstrdup("NULL");
}

static void expect_value(rt_db *db, const char *sql, const char *want)
{
    char *v = value(db, sql);
    cr_expect_str_eq(v, want, "%s gave %s, want %s", sql, v, want);
    free(v);
}

static bool str_eq_null(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static const rt_constraint *find_constraint(const rt_table *t, const rt_constraint *k)
{
    if (k->kind == RT_CONSTRAINT_PRIMARY_KEY)
        return rt_table_primary_key(t);
    const rt_constraint *c = rt_table_find_constraint(t, k->name);
    return c && c->kind == k->kind ? c : NULL;
}

/* Structural equality with a message naming the first difference. Table,
 * constraint and index order does not matter; column order does. PRIMARY
 * KEY names are never compared (the model leaves them to backends). */
static void expect_same_schema(const rt_schema *want, const rt_schema *got)
{
    cr_assert_eq(got->ntables, want->ntables, "reflected %zu tables, model has %zu",
                 got->ntables, want->ntables);
    for (size_t i = 0; i < want->ntables; i++) {
        const rt_table *w = &want->tables[i];
        const rt_table *g = rt_schema_find_table(got, w->name);
        cr_assert(g, "table %s not reflected", w->name);
        cr_assert_eq(g->ncolumns, w->ncolumns, "%s: %zu columns reflected, want %zu", w->name,
                     g->ncolumns, w->ncolumns);
        for (size_t j = 0; j < w->ncolumns; j++) {
            const rt_column *wc = &w->columns[j], *gc = &g->columns[j];
            cr_expect_str_eq(gc->name, wc->name, "%s: column %zu", w->name, j);
            cr_expect(rt_type_equal(&gc->type, &wc->type),
                      "%s.%s: type %s(%d,%d,%d), want %s(%d,%d,%d)", w->name, wc->name,
                      rt_type_kind_name(gc->type.kind), gc->type.length, gc->type.precision,
                      gc->type.scale, rt_type_kind_name(wc->type.kind), wc->type.length,
                      wc->type.precision, wc->type.scale);
            cr_expect_eq(gc->not_null, wc->not_null, "%s.%s: not_null %d, want %d", w->name,
                         wc->name, gc->not_null, wc->not_null);
            cr_expect(str_eq_null(gc->default_sql, wc->default_sql),
                      "%s.%s: default [%s], want [%s]", w->name, wc->name,
                      gc->default_sql ? gc->default_sql : "(none)",
                      wc->default_sql ? wc->default_sql : "(none)");
        }
        cr_expect_eq(g->nconstraints, w->nconstraints, "%s: %zu constraints, want %zu",
                     w->name, g->nconstraints, w->nconstraints);
        for (size_t j = 0; j < w->nconstraints; j++) {
            const rt_constraint *wk = &w->constraints[j];
            const rt_constraint *gk = find_constraint(g, wk);
            const char *kn = wk->name ? wk->name : "PRIMARY KEY";
            cr_expect(gk, "%s: constraint %s not reflected", w->name, kn);
            if (!gk)
                continue;
            cr_expect(rt_strv_equal(&gk->columns, &wk->columns), "%s.%s: columns differ",
                      w->name, kn);
            cr_expect(str_eq_null(gk->ref_table, wk->ref_table), "%s.%s: ref table", w->name,
                      kn);
            cr_expect(rt_strv_equal(&gk->ref_columns, &wk->ref_columns),
                      "%s.%s: ref columns differ", w->name, kn);
            cr_expect_eq(gk->on_delete, wk->on_delete, "%s.%s: on delete", w->name, kn);
            cr_expect_eq(gk->on_update, wk->on_update, "%s.%s: on update", w->name, kn);
            cr_expect(str_eq_null(gk->check_sql, wk->check_sql), "%s.%s: check [%s] want [%s]",
                      w->name, kn, gk->check_sql ? gk->check_sql : "",
                      wk->check_sql ? wk->check_sql : "");
        }
        cr_expect_eq(g->nindexes, w->nindexes, "%s: %zu indexes, want %zu", w->name,
                     g->nindexes, w->nindexes);
        for (size_t j = 0; j < w->nindexes; j++) {
            const rt_index *wi = &w->indexes[j];
            const rt_index *gi = rt_table_find_index(g, wi->name);
            cr_expect(gi, "%s: index %s not reflected", w->name, wi->name);
            if (!gi)
                continue;
            cr_expect_eq(gi->unique, wi->unique, "%s: unique", wi->name);
            cr_expect(rt_strv_equal(&gi->columns, &wi->columns), "%s: columns", wi->name);
        }
    }
}

static void reflect_ok(rt_db *db, const char *skip, rt_schema *out)
{
    rt_error err;
    int rc = rt_dialect_sqlite.reflect(db, &opts, skip, out, &err);
    cr_assert_eq(rc, RT_OK, "reflect failed: %s", err.message);
}

/* Reflects db and compares it with the normalised model. */
static void expect_reflects_as(rt_db *db, const rt_schema *model)
{
    rt_schema want = RT_SCHEMA_INIT, got = RT_SCHEMA_INIT;
    rt_schema_copy(&want, model);
    rt_dialect_sqlite.normalize(&opts, &want);
    reflect_ok(db, NULL, &got);
    expect_same_schema(&want, &got);

    /* What autogenerate relies on: no change detected between the two. */
    rt_diff d = RT_DIFF_INIT;
    rt_error err;
    int rc = rt_diff_schemas(&d, &got, &want, &err);
    cr_assert_eq(rc, RT_OK, "diff failed: %s", err.message);
    char *changes = rt_strv_join(&d.changes, "\n");
    cr_expect(rt_diff_empty(&d), "differ found changes after a round trip:\n%s", changes);
    free(changes);
    rt_diff_free(&d);
    rt_schema_free(&want);
    rt_schema_free(&got);
}

/* ------------------------------------------------------ rendered text */

Test(sqlite_render, create_table_every_type_and_default)
{
    expect_render(NULL,
                  "CREATE TABLE t (\n"
                  "  id INTEGER PRIMARY KEY,\n"
                  "  b BIGINT DEFAULT -3,\n"
                  "  s SMALLINT NOT NULL DEFAULT 0,\n"
                  "  f BOOLEAN NOT NULL DEFAULT TRUE,\n"
                  "  v VARCHAR(20) DEFAULT 'it''s',\n"
                  "  vn VARCHAR,\n"
                  "  tx TEXT,\n"
                  "  n NUMERIC(10, 2) DEFAULT 1.5,\n"
                  "  r REAL,\n"
                  "  d DOUBLE PRECISION,\n"
                  "  fl FLOAT,\n"
                  "  dt DATE DEFAULT CURRENT_DATE,\n"
                  "  tm TIME,\n"
                  "  ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                  "  tz TIMESTAMP WITH TIME ZONE,\n"
                  "  bl BLOB,\n"
                  "  j JSON,\n"
                  "  u UUID\n"
                  ");",
                  "CREATE TABLE t (\n"
                  "    id INTEGER PRIMARY KEY,\n"
                  "    b BIGINT DEFAULT -3,\n"
                  "    s SMALLINT NOT NULL DEFAULT 0,\n"
                  "    f BOOLEAN NOT NULL DEFAULT TRUE,\n"
                  "    v VARCHAR(20) DEFAULT 'it''s',\n"
                  "    vn VARCHAR,\n"
                  "    tx TEXT,\n"
                  "    n NUMERIC(10, 2) DEFAULT 1.5,\n"
                  "    r REAL,\n"
                  "    d DOUBLE PRECISION,\n"
                  "    fl DOUBLE PRECISION,\n"
                  "    dt DATE DEFAULT CURRENT_DATE,\n"
                  "    tm TIME,\n"
                  "    ts TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
                  "    tz TIMESTAMP WITH TIME ZONE,\n"
                  "    bl BLOB,\n"
                  "    j JSON,\n"
                  "    u UUID\n"
                  ")");
}

Test(sqlite_render, composite_and_non_integer_keys_are_table_constraints)
{
    expect_render(NULL, "CREATE TABLE k (a INTEGER, b VARCHAR(5), PRIMARY KEY (a, b));",
                  "CREATE TABLE k (\n"
                  "    a INTEGER NOT NULL,\n"
                  "    b VARCHAR(5) NOT NULL,\n"
                  "    PRIMARY KEY (a, b)\n"
                  ")");
    expect_render(NULL, "CREATE TABLE k (code VARCHAR(5) PRIMARY KEY);",
                  "CREATE TABLE k (\n"
                  "    code VARCHAR(5) NOT NULL,\n"
                  "    PRIMARY KEY (code)\n"
                  ")");
    /* BIGINT is the auto-increment column too (not a rowid alias on SQLite). */
    expect_render(NULL, "CREATE TABLE k (id BIGINT PRIMARY KEY);",
                  "CREATE TABLE k (\n"
                  "    id BIGINT PRIMARY KEY\n"
                  ")");
}

Test(sqlite_render, named_table_constraints)
{
    expect_render("CREATE TABLE p (id INTEGER PRIMARY KEY);",
                  "CREATE TABLE c (\n"
                  "  id INTEGER PRIMARY KEY,\n"
                  "  p_id INTEGER REFERENCES p (id) ON DELETE CASCADE ON UPDATE SET NULL,\n"
                  "  code VARCHAR(10) UNIQUE,\n"
                  "  qty INTEGER CHECK (qty > 0),\n"
                  "  CONSTRAINT c_pair UNIQUE (code, qty),\n"
                  "  CHECK (qty < 100)\n"
                  ");",
                  "CREATE TABLE c (\n"
                  "    id INTEGER PRIMARY KEY,\n"
                  "    p_id INTEGER,\n"
                  "    code VARCHAR(10),\n"
                  "    qty INTEGER,\n"
                  "    CONSTRAINT fk_c_p_id_p FOREIGN KEY (p_id) REFERENCES p (id) "
                  "ON DELETE CASCADE ON UPDATE SET NULL,\n"
                  "    CONSTRAINT uq_c_code UNIQUE (code),\n"
                  "    CONSTRAINT ck_c_qty CHECK (qty > 0),\n"
                  "    CONSTRAINT c_pair UNIQUE (code, qty),\n"
                  "    CONSTRAINT ck_c_1 CHECK (qty < 100)\n"
                  ")");
}

Test(sqlite_render, quotes_upper_case_and_reserved_words)
{
    expect_render(NULL,
                  "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, \"Name\" VARCHAR NOT NULL, "
                  "\"order\" INTEGER, \"we\"\"ird\" TEXT);",
                  "CREATE TABLE \"A\" (\n"
                  "    id INTEGER PRIMARY KEY,\n"
                  "    \"Name\" VARCHAR NOT NULL,\n"
                  "    \"order\" INTEGER,\n"
                  "    \"we\"\"ird\" TEXT\n"
                  ")");
    expect_render("CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, \"order\" INTEGER);",
                  "CREATE INDEX \"Ix\" ON \"A\" (\"order\");",
                  "CREATE INDEX \"Ix\" ON \"A\" (\"order\")");
    rt_buf b = RT_BUF_INIT;
    rt_dialect_sqlite.quote_ident(&b, "select");
    rt_buf_putc(&b, ' ');
    rt_dialect_sqlite.quote_ident(&b, "plain_name");
    cr_expect_str_eq(rt_buf_cstr(&b), "\"select\" plain_name");
    rt_buf_free(&b);
}

Test(sqlite_render, native_alter_table_ops)
{
    const char *t = "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER);"
                    "CREATE INDEX ix_t_b ON t (b);";
    expect_render(t, "ALTER TABLE t ADD COLUMN c VARCHAR(5) NOT NULL DEFAULT 'x';",
                  "ALTER TABLE t ADD COLUMN c VARCHAR(5) NOT NULL DEFAULT 'x'");
    expect_render(t, "ALTER TABLE t ADD COLUMN c INTEGER;", "ALTER TABLE t ADD COLUMN c INTEGER");
    expect_render(t, "ALTER TABLE t RENAME COLUMN a TO \"A2\";",
                  "ALTER TABLE t RENAME COLUMN a TO \"A2\"");
    expect_render(t, "ALTER TABLE t RENAME TO t2;", "ALTER TABLE t RENAME TO t2");
    expect_render(t, "ALTER TABLE t DROP COLUMN a;", "ALTER TABLE t DROP COLUMN a");
    expect_render(t, "DROP TABLE t;", "DROP TABLE t");
    expect_render(t, "DROP TABLE IF EXISTS t;", "DROP TABLE IF EXISTS t");
    expect_render(t, "CREATE UNIQUE INDEX ux_t_a ON t (a, b);",
                  "CREATE UNIQUE INDEX ux_t_a ON t (a, b)");
    expect_render(t, "DROP INDEX ix_t_b;", "DROP INDEX ix_t_b");
    expect_render(t, "DROP INDEX IF EXISTS ix_t_b;", "DROP INDEX IF EXISTS ix_t_b");
    expect_render(t, "INSERT INTO t (a) VALUES ('x;y');", "INSERT INTO t (a) VALUES ('x;y')");
}

Test(sqlite_render, rebuild_statements)
{
    const char *t = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT DEFAULT 'a', w TEXT);"
                    "CREATE INDEX ix_t_v ON t (v);";
    expect_render(t, "ALTER TABLE t ALTER COLUMN v TYPE INTEGER;",
                  "CREATE TABLE _retort_tmp_t (\n"
                  "    id INTEGER PRIMARY KEY,\n"
                  "    v INTEGER DEFAULT 'a',\n"
                  "    w TEXT\n"
                  ");\n"
                  "INSERT INTO _retort_tmp_t (id, v, w) SELECT id, v, w FROM t;\n"
                  "DROP TABLE t;\n"
                  "PRAGMA legacy_alter_table = ON;\n"
                  "ALTER TABLE _retort_tmp_t RENAME TO t;\n"
                  "PRAGMA legacy_alter_table = OFF;\n"
                  "CREATE INDEX ix_t_v ON t (v)");
    /* Dropping an indexed column: SQLite refuses DROP COLUMN, so rebuild. */
    expect_render(t, "ALTER TABLE t DROP COLUMN v;",
                  "CREATE TABLE _retort_tmp_t (\n"
                  "    id INTEGER PRIMARY KEY,\n"
                  "    w TEXT\n"
                  ");\n"
                  "INSERT INTO _retort_tmp_t (id, w) SELECT id, w FROM t;\n"
                  "DROP TABLE t;\n"
                  "PRAGMA legacy_alter_table = ON;\n"
                  "ALTER TABLE _retort_tmp_t RENAME TO t;\n"
                  "PRAGMA legacy_alter_table = OFF");
    /* ADD COLUMN with a default SQLite refuses there: rebuild, new column
     * left out of the copy so that it takes its default. */
    expect_render(t, "ALTER TABLE t ADD COLUMN added TIMESTAMP DEFAULT CURRENT_TIMESTAMP;",
                  "CREATE TABLE _retort_tmp_t (\n"
                  "    id INTEGER PRIMARY KEY,\n"
                  "    v TEXT DEFAULT 'a',\n"
                  "    w TEXT,\n"
                  "    added TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n"
                  ");\n"
                  "INSERT INTO _retort_tmp_t (id, v, w) SELECT id, v, w FROM t;\n"
                  "DROP TABLE t;\n"
                  "PRAGMA legacy_alter_table = ON;\n"
                  "ALTER TABLE _retort_tmp_t RENAME TO t;\n"
                  "PRAGMA legacy_alter_table = OFF;\n"
                  "CREATE INDEX ix_t_v ON t (v)");
}

Test(sqlite_render, every_rebuild_op_kind_rebuilds)
{
    const char *t = "CREATE TABLE \"T\" (id INTEGER PRIMARY KEY, v TEXT DEFAULT 'a', w TEXT,"
                    " CONSTRAINT uq_w UNIQUE (w));";
    const char *ops[] = {
        "ALTER TABLE \"T\" ALTER COLUMN w SET NOT NULL;",
        "ALTER TABLE \"T\" ALTER COLUMN w DROP NOT NULL;",
        "ALTER TABLE \"T\" ALTER COLUMN w SET DEFAULT 'z';",
        "ALTER TABLE \"T\" ALTER COLUMN v DROP DEFAULT;",
        "ALTER TABLE \"T\" ADD CONSTRAINT ck_v CHECK (v <> '');",
        "ALTER TABLE \"T\" DROP CONSTRAINT uq_w;",
        "ALTER TABLE \"T\" ADD COLUMN n INTEGER NOT NULL;",
        "ALTER TABLE \"T\" ADD COLUMN e INTEGER DEFAULT (1 + 1);",
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        rt_schema model = RT_SCHEMA_INIT;
        load(&model, t);
        rt_error err;
        char *got = NULL;
        int rc = render(&model, ops[i], &got, &err);
        cr_assert_eq(rc, RT_OK, "%s: %s", ops[i], err.message);
        cr_expect(strncmp(got, "CREATE TABLE \"_retort_tmp_T\" (", 30) == 0, "%s gave\n%s",
                  ops[i], got);
        cr_expect(strstr(got, "ALTER TABLE \"_retort_tmp_T\" RENAME TO \"T\""), "%s gave\n%s",
                  ops[i], got);
        free(got);
        rt_schema_free(&model);
    }
}

Test(sqlite_render, rebuild_of_a_table_unknown_to_the_model_fails)
{
    rt_schema model = RT_SCHEMA_INIT;
    rt_error err;
    char *got = NULL;
    int rc = render(&model, "ALTER TABLE ghost ALTER COLUMN x SET NOT NULL;", &got, &err);
    cr_expect_eq(rc, RT_ENOTFOUND);
    cr_expect(strstr(err.message, "\"ghost\""), "message: %s", err.message);
    cr_expect(strstr(err.message, "definition"), "message: %s", err.message);
    cr_expect(strstr(err.message, "outside retort"), "message: %s", err.message);
    free(got);
    rt_schema_free(&model);
}

Test(sqlite_render, rebuild_of_an_unknown_column_fails)
{
    rt_schema model = RT_SCHEMA_INIT;
    load(&model, "CREATE TABLE t (id INTEGER PRIMARY KEY);");
    rt_error err;
    char *got = NULL;
    int rc = render(&model, "ALTER TABLE t ALTER COLUMN nope TYPE TEXT;", &got, &err);
    cr_expect_neq(rc, RT_OK);
    cr_expect(strstr(err.message, "nope"), "message: %s", err.message);
    free(got);
    rt_schema_free(&model);
}

Test(sqlite_render, has_table_sql_escapes_the_name)
{
    rt_buf b = RT_BUF_INIT;
    rt_dialect_sqlite.has_table_sql(&b, "it's");
    cr_expect_str_eq(rt_buf_cstr(&b),
                     "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'it''s'");
    rt_buf_free(&b);
}

/* ------------------------------------------------- on a real database */

static void rebuild_keeps_rows_and_indexes(rt_db *db)
{
    rt_schema model = RT_SCHEMA_INIT;
    migrate_ok(db, &model,
               "CREATE TABLE item (id INTEGER PRIMARY KEY, code TEXT, qty TEXT DEFAULT '0',"
               " label VARCHAR(10));"
               "CREATE INDEX ix_item_code ON item (code);"
               "CREATE UNIQUE INDEX ux_item_label ON item (label, code);");
    exec_ok(db, "INSERT INTO item (id, code, qty, label) VALUES (1, 'a', '5', 'x'),"
                " (2, 'b', '7', 'y'), (3, 'c', '42', NULL)");

    migrate_ok(db, &model, "ALTER TABLE item ALTER COLUMN qty TYPE INTEGER;");
    expect_value(db, "SELECT typeof(qty) FROM item WHERE id = 3", "integer");
    expect_value(db, "SELECT sum(qty) FROM item", "54");

    migrate_ok(db, &model, "ALTER TABLE item ALTER COLUMN code SET NOT NULL;");
    migrate_ok(db, &model, "ALTER TABLE item ADD CONSTRAINT uq_item_code UNIQUE (code);");
    migrate_ok(db, &model, "ALTER TABLE item ALTER COLUMN qty SET DEFAULT 1;");
    migrate_ok(db, &model, "ALTER TABLE item ALTER COLUMN label DROP DEFAULT;");
    migrate_ok(db, &model, "ALTER TABLE item ADD COLUMN added TIMESTAMP DEFAULT CURRENT_TIMESTAMP;");

    expect_value(db, "SELECT count(*) FROM item", "3");
    expect_value(db, "SELECT group_concat(id || code || qty || coalesce(label, '-'), ',')"
                     " FROM (SELECT * FROM item ORDER BY id)",
                 "1a5x,2b7y,3c42-");
    expect_value(db, "SELECT count(*) FROM item WHERE added IS NOT NULL", "3");
    expect_value(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master"
                     " WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)",
                 "ix_item_code,ux_item_label");
    expect_value(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE '\\_retort%' ESCAPE '\\'",
                 "0");

    /* The rebuilt table enforces what it says. */
    rt_error err;
    cr_expect_neq(rt_db_exec(db, "INSERT INTO item (code) VALUES (NULL)", &err), RT_OK);
    cr_expect_neq(rt_db_exec(db, "INSERT INTO item (code) VALUES ('a')", &err), RT_OK);
    exec_ok(db, "INSERT INTO item (code) VALUES ('d')");
    expect_value(db, "SELECT id || ':' || qty FROM item WHERE code = 'd'", "4:1");

    expect_reflects_as(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(sqlite_db, rebuild_keeps_rows_and_indexes)
{
    rebuild_keeps_rows_and_indexes(open_db());
}

Test(sqlite_odbc, rebuild_keeps_rows_and_indexes)
{
    rebuild_keeps_rows_and_indexes(open_odbc_db());
}

Test(sqlite_db, set_not_null_on_null_rows_fails_and_rolls_back)
{
    rt_db *db = open_db();
    rt_schema model = RT_SCHEMA_INIT;
    migrate_ok(db, &model, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);");
    exec_ok(db, "INSERT INTO t (v) VALUES ('a'), (NULL)");
    rt_error err;
    int rc = migrate(db, &model, "ALTER TABLE t ALTER COLUMN v SET NOT NULL;", &err);
    cr_expect_eq(rc, RT_EDB);
    cr_expect(strstr(err.message, "NOT NULL"), "message: %s", err.message);
    expect_value(db, "SELECT count(*) FROM t", "2");
    expect_value(db, "SELECT count(*) FROM sqlite_master WHERE name = '_retort_tmp_t'", "0");
    expect_reflects_as(db, &model); /* still nullable */
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(sqlite_db, check_and_not_null_changes_are_enforced)
{
    rt_db *db = open_db();
    rt_schema model = RT_SCHEMA_INIT;
    migrate_ok(db, &model, "CREATE TABLE t (id INTEGER PRIMARY KEY, q INTEGER NOT NULL);");
    exec_ok(db, "INSERT INTO t (q) VALUES (1), (-1)");
    rt_error err;
    int rc = migrate(db, &model, "ALTER TABLE t ADD CONSTRAINT ck_q CHECK (q > 0);", &err);
    cr_expect_eq(rc, RT_EDB);
    cr_expect(strstr(err.message, "ck_q"), "message: %s", err.message);
    exec_ok(db, "DELETE FROM t WHERE q < 0");
    migrate_ok(db, &model, "ALTER TABLE t ADD CONSTRAINT ck_q CHECK (q > 0);");
    cr_expect_neq(rt_db_exec(db, "INSERT INTO t (q) VALUES (-5)", &err), RT_OK);
    migrate_ok(db, &model, "ALTER TABLE t ALTER COLUMN q DROP NOT NULL;");
    exec_ok(db, "INSERT INTO t (q) VALUES (NULL)");
    expect_value(db, "SELECT count(*) FROM t", "2");
    expect_reflects_as(db, &model);
    migrate_ok(db, &model, "ALTER TABLE t DROP CONSTRAINT ck_q;");
    exec_ok(db, "INSERT INTO t (q) VALUES (-5)");
    expect_reflects_as(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(sqlite_db, drop_column_native_and_by_rebuild)
{
    rt_db *db = open_db();
    rt_schema model = RT_SCHEMA_INIT;
    migrate_ok(db, &model,
               "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INTEGER, c INTEGER UNIQUE,"
               " d INTEGER);"
               "CREATE INDEX ix_t_bd ON t (b, d);");
    exec_ok(db, "INSERT INTO t (a, b, c, d) VALUES ('x', 1, 2, 3), ('y', 4, 5, 6)");
    migrate_ok(db, &model, "ALTER TABLE t DROP COLUMN a;");
    migrate_ok(db, &model, "ALTER TABLE t DROP COLUMN c;");
    migrate_ok(db, &model, "ALTER TABLE t DROP COLUMN d;");
    expect_value(db, "SELECT group_concat(id || '-' || b, ',') FROM t", "1-1,2-4");
    expect_reflects_as(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(sqlite_db, add_column_with_foreign_key_rebuilds)
{
    rt_db *db = open_db();
    rt_schema model = RT_SCHEMA_INIT;
    migrate_ok(db, &model,
               "CREATE TABLE p (id INTEGER PRIMARY KEY);"
               "CREATE TABLE c (id INTEGER PRIMARY KEY, n TEXT);");
    exec_ok(db, "INSERT INTO p (id) VALUES (7)");
    exec_ok(db, "INSERT INTO c (n) VALUES ('k')");
    migrate_ok(db, &model,
               "ALTER TABLE c ADD COLUMN p_id INTEGER REFERENCES p (id) ON DELETE SET NULL;");
    exec_ok(db, "UPDATE c SET p_id = 7");
    expect_value(db, "SELECT n || p_id FROM c", "k7");
    expect_value(db, "SELECT \"table\" || '.' || \"to\" || ' ' || on_delete"
                     " FROM pragma_foreign_key_list('c')",
                 "p.id SET NULL");
    expect_reflects_as(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(sqlite_db, quoted_names_round_trip)
{
    rt_db *db = open_db();
    rt_schema model = RT_SCHEMA_INIT;
    migrate_ok(db, &model,
               "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, \"Name\" VARCHAR NOT NULL,"
               " \"order\" INTEGER, CONSTRAINT \"Uq Name\" UNIQUE (\"Name\"));"
               "CREATE INDEX \"Ix\" ON \"A\" (\"order\");");
    exec_ok(db, "INSERT INTO \"A\" (\"Name\", \"order\") VALUES ('n', 1)");
    migrate_ok(db, &model, "ALTER TABLE \"A\" ALTER COLUMN \"order\" SET NOT NULL;");
    expect_value(db, "SELECT \"Name\" || \"order\" FROM \"A\"", "n1");
    expect_value(db, "SELECT name FROM sqlite_master WHERE type = 'table'", "A");
    expect_reflects_as(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

/* Every portable type and constraint kind: what render created reflects
 * back as the normalised source model. */
static void reflection_round_trip(rt_db *db)
{
    rt_schema model = RT_SCHEMA_INIT;
    migrate_ok(db, &model,
               "CREATE TABLE parent (\n"
               "  id INTEGER PRIMARY KEY,\n"
               "  code VARCHAR(20) NOT NULL UNIQUE,\n"
               "  name VARCHAR,\n"
               "  body TEXT DEFAULT 'it''s',\n"
               "  qty SMALLINT NOT NULL DEFAULT 0,\n"
               "  big BIGINT DEFAULT -3,\n"
               "  flag BOOLEAN NOT NULL DEFAULT TRUE,\n"
               "  off BOOLEAN DEFAULT FALSE,\n"
               "  price NUMERIC(10, 2) DEFAULT 1.5,\n"
               "  prec NUMERIC(8),\n"
               "  ratio REAL,\n"
               "  score DOUBLE PRECISION,\n"
               "  born DATE DEFAULT CURRENT_DATE,\n"
               "  at_time TIME DEFAULT CURRENT_TIME,\n"
               "  created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
               "  seen TIMESTAMP WITH TIME ZONE,\n"
               "  data BLOB,\n"
               "  doc JSON,\n"
               "  uid UUID,\n"
               "  CHECK (qty >= 0)\n"
               ");\n"
               "CREATE TABLE child (\n"
               "  a INTEGER NOT NULL,\n"
               "  b INTEGER NOT NULL,\n"
               "  parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE"
               " ON UPDATE SET NULL,\n"
               "  note VARCHAR(5) CHECK (note <> ''),\n"
               "  CONSTRAINT pk_child PRIMARY KEY (a, b),\n"
               "  CONSTRAINT child_note_parent UNIQUE (note, parent_id)\n"
               ");\n"
               "CREATE TABLE grandchild (\n"
               "  id BIGINT PRIMARY KEY,\n"
               "  x INTEGER,\n"
               "  y INTEGER,\n"
               "  CONSTRAINT gc_child FOREIGN KEY (x, y) REFERENCES child (a, b)"
               " ON DELETE RESTRICT ON UPDATE SET DEFAULT,\n"
               "  CONSTRAINT gc_parent FOREIGN KEY (y) REFERENCES parent (id)\n"
               ");\n"
               "CREATE TABLE twins (\n"
               "  a VARCHAR(3),\n"
               "  b VARCHAR(3),\n"
               "  PRIMARY KEY (a, b),\n"
               "  CONSTRAINT twins_same_as_pk UNIQUE (a, b),\n"
               "  CONSTRAINT twins_b UNIQUE (b),\n"
               "  CONSTRAINT twins_b_again UNIQUE (b)\n"
               ");\n"
               "CREATE INDEX ix_child_note ON child (note);\n"
               "CREATE UNIQUE INDEX ux_parent_name_big ON parent (name, big);\n");
    expect_reflects_as(db, &model);

    /* The same after rebuilds and native alterations. */
    migrate_ok(db, &model,
               "ALTER TABLE child ALTER COLUMN note TYPE TEXT;\n"
               "ALTER TABLE parent RENAME COLUMN ratio TO ratio2;\n"
               "ALTER TABLE grandchild ADD COLUMN extra VARCHAR(3) DEFAULT 'x';\n"
               "ALTER TABLE parent DROP CONSTRAINT ck_parent_1;\n"
               "ALTER TABLE child RENAME COLUMN note TO remark;\n"
               "ALTER TABLE parent RENAME COLUMN id TO pid;\n"
               "ALTER TABLE parent RENAME TO parent2;\n");
    expect_reflects_as(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(sqlite_db, reflection_round_trip)
{
    reflection_round_trip(open_db());
}

Test(sqlite_odbc, reflection_round_trip)
{
    reflection_round_trip(open_odbc_db());
}

Test(sqlite_db, reflect_skips_the_version_table_and_has_table)
{
    rt_db *db = open_db();
    rt_schema model = RT_SCHEMA_INIT;
    migrate_ok(db, &model,
               "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY);"
               "CREATE TABLE t (id INTEGER PRIMARY KEY);");
    rt_schema got = RT_SCHEMA_INIT;
    reflect_ok(db, "alembic_version", &got);
    cr_expect_eq(got.ntables, 1);
    cr_expect(rt_schema_find_table(&got, "t"));
    rt_schema_free(&got);

    rt_buf b = RT_BUF_INIT;
    rt_dialect_sqlite.has_table_sql(&b, "t");
    expect_value(db, rt_buf_cstr(&b), "1");
    rt_buf_reset(&b);
    rt_dialect_sqlite.has_table_sql(&b, "nope");
    expect_value(db, rt_buf_cstr(&b), "NULL");
    rt_buf_free(&b);
    rt_schema_free(&model);
    rt_db_close(db);
}

/* A table written by hand in SQLite's own dialect: not portable SQL, so the
 * pragmas alone describe it (affinity types, canonical defaults, convention
 * names for its UNIQUE and FOREIGN KEY). */
Test(sqlite_db, reflect_hand_made_table)
{
    rt_db *db = open_db();
    exec_ok(db, "CREATE TABLE p (id integer primary key autoincrement)");
    exec_ok(db, "CREATE TABLE h (id integer primary key autoincrement,"
                " v nvarchar(10) unique, w, n bigint default (1+2), s text default 'q',"
                " c timestamp default current_timestamp, f real default +1.5,"
                " p_id int references p on delete cascade)");
    exec_ok(db, "CREATE INDEX ix_h_expr ON h (lower(s))");
    exec_ok(db, "CREATE INDEX ix_h_part ON h (s) WHERE s IS NOT NULL");
    rt_schema got = RT_SCHEMA_INIT;
    reflect_ok(db, NULL, &got);
    const rt_table *h = rt_schema_find_table(&got, "h");
    cr_assert(h);
    cr_assert_eq(h->ncolumns, 8);
    cr_expect_eq(h->columns[0].type.kind, RT_TYPE_INTEGER);
    cr_expect(h->columns[0].not_null);
    cr_expect_eq(h->columns[1].type.kind, RT_TYPE_VARCHAR, "nvarchar is a portable alias");
    cr_expect_eq(h->columns[1].type.length, 10);
    cr_expect_eq(h->columns[2].type.kind, RT_TYPE_BLOB, "no declared type is BLOB affinity");
    cr_expect_eq(h->columns[3].type.kind, RT_TYPE_BIGINT);
    cr_expect_str_eq(h->columns[3].default_sql, "(1+2)");
    cr_expect_str_eq(h->columns[4].default_sql, "'q'");
    cr_expect_str_eq(h->columns[5].default_sql, "CURRENT_TIMESTAMP");
    cr_expect_str_eq(h->columns[6].default_sql, "1.5");
    const rt_constraint *pk = rt_table_primary_key(h);
    cr_assert(pk);
    cr_expect_str_eq(pk->columns.items[0], "id");
    const rt_constraint *uq = rt_table_find_constraint(h, "uq_h_v");
    cr_expect(uq && uq->kind == RT_CONSTRAINT_UNIQUE);
    const rt_constraint *fk = rt_table_find_constraint(h, "fk_h_p_id_p");
    cr_assert(fk, "foreign key not reflected under its convention name");
    cr_expect_str_eq(fk->ref_table, "p");
    cr_assert_eq(fk->ref_columns.n, 1, "parent key spelled out");
    cr_expect_str_eq(fk->ref_columns.items[0], "id");
    cr_expect_eq(fk->on_delete, RT_FK_CASCADE);
    /* A partial index in portable SQL is read from its CREATE INDEX text; an
     * expression written as SQLite allows (lower(s), without the portable
     * parentheses) is not portable text and stays out of the model. */
    cr_assert_eq(h->nindexes, 1, "the partial index, not the non-portable one");
    cr_expect_str_eq(h->indexes[0].name, "ix_h_part");
    cr_expect_str_eq(h->indexes[0].where_sql, "s IS NOT NULL");
    rt_schema_free(&got);
    rt_db_close(db);
}

Test(sqlite_db, reflect_empty_database)
{
    rt_db *db = open_db();
    rt_schema got = RT_SCHEMA_INIT;
    reflect_ok(db, NULL, &got);
    cr_expect_eq(got.ntables, 0);
    rt_schema_free(&got);
    rt_db_close(db);
}
