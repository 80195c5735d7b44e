/* MySQL/MariaDB dialect against the real server (ci/servers.sh): what
 * render creates, reflect must give back as the normalised model — for
 * every type, default form and constraint kind — and ALTERs must keep what
 * they do not change. Fails (never skips) when the server is unreachable. */
#include "db.h"
#include "diff.h"
#include "dialect.h"
#include "rt_test.h"
#include "rt_test_db.h"
#include "sql_parse.h"
#include "url.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static rt_db *db_open(void)
{
    rt_url *url = NULL;
    rt_error err = {0};
    rt_test_db_reset(rt_test_mysql_url());
    cr_assert_eq(rt_url_parse(&url, rt_test_mysql_url(), &err), RT_OK, "%s", err.message);
    rt_db *db = NULL;
    int rc = rt_db_open(&db, url, &err);
    rt_url_free(url);
    cr_assert_eq(rc, RT_OK, "cannot reach the MySQL test server %s: %s", rt_test_mysql_url(),
                 err.message);
    return db;
}

static void exec_ok(rt_db *db, const char *sql)
{
    rt_error err = {0};
    cr_assert_eq(rt_db_exec(db, sql, &err), RT_OK, "%s\n-- failed: %s", sql, err.message);
}

/* Parses portable SQL, renders it against model (updated as it goes) and
 * runs every statement. */
static void apply(rt_db *db, rt_schema *model, const char *sql)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err = {0};
    cr_assert_eq(rt_sql_parse(&ops, sql, "test.sql", 1, &err), RT_OK, "%s", err.message);
    rt_dialect_options o = RT_DIALECT_OPTIONS_INIT;
    for (size_t i = 0; i < ops.n; i++) {
        rt_strv stmts = RT_STRV_INIT;
        cr_assert_eq(rt_dialect_mysql.render(&o, model, &ops.items[i], &stmts, &err), RT_OK,
                     "%s", err.message);
        for (size_t j = 0; j < stmts.n; j++)
            exec_ok(db, stmts.items[j]);
        rt_strv_free(&stmts);
        cr_assert_eq(rt_schema_apply(model, &ops.items[i], true, &err), RT_OK, "%s",
                     err.message);
    }
    rt_oplist_free(&ops);
}

/* The same server through unixODBC and MariaDB Connector/ODBC (needs the
 * registration of ci/odbc.sh: ODBCSYSINI). */
static rt_db *odbc_open(void)
{
    rt_test_require_odbc();
    const char *base = rt_test_mysql_url();
    const char *rest = strstr(base, "://");
    cr_assert_not_null(rest);
    char *text = rt_xasprintf("mysql+odbc%s%sdriver=MariaDB+Unicode", rest,
                              strchr(rest, '?') ? "&" : "?");
    rt_url *url = NULL;
    rt_error err = {0};
    cr_assert_eq(rt_url_parse(&url, text, &err), RT_OK, "%s", err.message);
    free(text);
    rt_db *db = NULL;
    int rc = rt_db_open(&db, url, &err);
    rt_url_free(url);
    cr_assert_eq(rc, RT_OK, "cannot reach MariaDB through ODBC: %s", err.message);
    return db;
}

static void reflect_ok(rt_db *db, const char *skip, rt_schema *out)
{
    rt_error err = {0};
    rt_dialect_options o = RT_DIALECT_OPTIONS_INIT;
    cr_assert_eq(rt_dialect_mysql.reflect(db, &o, skip, out, &err), RT_OK, "%s", err.message);
}

static const char *action(rt_fk_action a)
{
    static const char *const names[] = {"", " ON DELETE/UPDATE RESTRICT", " CASCADE",
                                        " SET NULL", " SET DEFAULT"};
    return names[a];
}

/* Canonical text of a schema: tables by name, columns in order, constraints
 * and indexes by name (PK unnamed), check text left out (the differ
 * compares checks by name; check_text() looks at it). Caller frees. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *dump(const rt_schema *s)
{
    rt_strv tables = RT_STRV_INIT;
    for (size_t i = 0; i < s->ntables; i++) {
        const rt_table *t = &s->tables[i];
        rt_buf b = RT_BUF_INIT;
        rt_buf_printf(&b, "TABLE %s\n", t->name);
        for (size_t j = 0; j < t->ncolumns; j++) {
            const rt_column *c = &t->columns[j];
            rt_buf_printf(&b, "  col %s %s len=%d p=%d s=%d%s default=%s\n", c->name,
                          rt_type_kind_name(c->type.kind), c->type.length, c->type.precision,
                          c->type.scale, c->not_null ? " NOT NULL" : "",
                          c->default_sql ? c->default_sql : "-");
        }
        rt_strv items = RT_STRV_INIT;
        for (size_t j = 0; j < t->nconstraints; j++) {
            const rt_constraint *k = &t->constraints[j];
            char *cols = rt_strv_join(&k->columns, ",");
            char *refs = rt_strv_join(&k->ref_columns, ",");
            static const char *const kinds[] = {"PK", "UNIQUE", "FK", "CHECK"};
            rt_strv_push_owned(&items,
                               rt_xasprintf("  %s %s (%s)%s%s%s%s del%s upd%s\n", kinds[k->kind],
                                            k->kind == RT_CONSTRAINT_PRIMARY_KEY ? "-" : k->name,
                                            cols, k->ref_table ? " -> " : "",
                                            k->ref_table ? k->ref_table : "",
                                            k->ref_table ? "." : "", refs,
                                            action(k->on_delete), action(k->on_update)));
            free(cols);
            free(refs);
        }
        for (size_t j = 0; j < t->nindexes; j++) {
            char *cols = rt_strv_join(&t->indexes[j].columns, ",");
            rt_strv_push_owned(&items, rt_xasprintf("  %sINDEX %s (%s)\n",
                                                    t->indexes[j].unique ? "UNIQUE " : "",
                                                    t->indexes[j].name, cols));
            free(cols);
        }
        if (items.n) /* a table without keys or indexes has no array */
            qsort(items.items, items.n, sizeof *items.items, cmp_str);
        for (size_t j = 0; j < items.n; j++)
            rt_buf_append(&b, items.items[j]);
        rt_strv_free(&items);
        rt_strv_push_owned(&tables, rt_buf_steal(&b));
        rt_buf_free(&b);
    }
    if (tables.n)
        qsort(tables.items, tables.n, sizeof *tables.items, cmp_str);
    char *all = rt_strv_join(&tables, "");
    rt_strv_free(&tables);
    return all;
}

/* Reflects the database and expects it to equal the normalised model, by
 * dump and by the differ (no false positives). */
static void expect_round_trip(rt_db *db, const rt_schema *model)
{
    rt_schema want = RT_SCHEMA_INIT, live = RT_SCHEMA_INIT;
    rt_schema_copy(&want, model);
    rt_dialect_options o = RT_DIALECT_OPTIONS_INIT;
    rt_dialect_mysql.normalize(&o, &want);
    reflect_ok(db, NULL, &live);
    char *a = dump(&live), *b = dump(&want);
    if (getenv("RT_TEST_VERBOSE"))
        cr_log_info("reflected:\n%s", a);
    cr_expect_str_eq(a, b, "reflected (first) differs from the normalised model (second)");
    free(a);
    free(b);
    rt_diff d = RT_DIFF_INIT;
    rt_error err = {0};
    cr_expect_eq(rt_diff_schemas(&d, &live, &want, &err), RT_OK, "%s", err.message);
    if (!rt_diff_empty(&d)) {
        char *lines = rt_strv_join(&d.changes, "\n");
        cr_expect_fail("the differ found changes after a round trip:\n%s", lines);
        free(lines);
    }
    rt_diff_free(&d);
    rt_schema_free(&want);
    rt_schema_free(&live);
}

static const char *const every_type_sql =
    "CREATE TABLE parent (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  code VARCHAR(12) NOT NULL UNIQUE\n"
    ");\n"
    "CREATE TABLE \"All Types\" (\n"
    "  id BIGINT PRIMARY KEY,\n"
    "  i INTEGER DEFAULT 42,\n"
    "  neg INTEGER DEFAULT -3,\n"
    "  s SMALLINT NOT NULL DEFAULT 0,\n"
    "  flag_yes BOOLEAN NOT NULL DEFAULT TRUE,\n"
    "  flag_no BOOLEAN DEFAULT FALSE,\n"
    "  v VARCHAR(30) DEFAULT 'it''s a\\b',\n"
    "  vnull VARCHAR(10) DEFAULT 'NULL',\n"
    "  vempty VARCHAR(10) DEFAULT '',\n"
    "  vd VARCHAR,\n"
    "  body TEXT DEFAULT 'hello',\n"
    "  price NUMERIC(10,2) DEFAULT 1.5,\n"
    "  whole NUMERIC(8),\n"
    "  plain NUMERIC,\n"
    "  r REAL DEFAULT 1.5,\n"
    "  d DOUBLE PRECISION DEFAULT -2.25,\n"
    "  f FLOAT,\n"
    "  born DATE DEFAULT '2000-01-31',\n"
    "  today DATE DEFAULT CURRENT_DATE,\n"
    "  noon TIME DEFAULT '12:00',\n"
    "  now_t TIME DEFAULT CURRENT_TIME,\n"
    "  created TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
    "  fixed TIMESTAMP DEFAULT '2020-01-02 03:04:05',\n"
    "  tz TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP,\n"
    "  tz2 TIMESTAMP WITH TIME ZONE,\n"
    "  bin BLOB,\n"
    "  doc JSON DEFAULT '{}',\n"
    "  doc2 JSON NOT NULL,\n"
    "  u UUID,\n"
    "  expr INTEGER DEFAULT (1 + 2),\n"
    "  parent_id INTEGER REFERENCES parent (id) ON DELETE CASCADE ON UPDATE SET NULL,\n"
    "  parent_code VARCHAR(12),\n"
    "  CONSTRAINT fk_code FOREIGN KEY (parent_code) REFERENCES parent (code),\n"
    "  CONSTRAINT uq_pair UNIQUE (i, s),\n"
    "  CONSTRAINT ck_price CHECK (price >= 0),\n"
    "  CHECK (i <> 7)\n"
    ");\n"
    "CREATE INDEX ix_created ON \"All Types\" (created, i);\n"
    "CREATE UNIQUE INDEX ux_u ON \"All Types\" (u);\n"
    "CREATE TABLE \"select\" (\"Key\" VARCHAR(5) PRIMARY KEY, \"order\" INTEGER);\n";

Test(mysql_db, round_trip_every_type_default_and_constraint)
{
    rt_db *db = db_open();
    rt_schema model = RT_SCHEMA_INIT;
    apply(db, &model, every_type_sql);
    expect_round_trip(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(mysql_db, round_trip_reflected_through_odbc)
{
    rt_db *db = db_open();
    rt_schema model = RT_SCHEMA_INIT;
    apply(db, &model, every_type_sql);
    rt_db *odbc = odbc_open();
    expect_round_trip(odbc, &model);
    rt_db_close(odbc);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(mysql_db, json_check_hidden_and_implicit_fk_index_hidden)
{
    rt_db *db = db_open();
    rt_schema model = RT_SCHEMA_INIT, live = RT_SCHEMA_INIT;
    apply(db, &model, every_type_sql);
    reflect_ok(db, NULL, &live);
    const rt_table *t = rt_schema_find_table(&live, "All Types");
    cr_assert_not_null(t);
    cr_expect_eq(rt_table_find_column(t, "doc")->type.kind, RT_TYPE_JSON);
    cr_expect_eq(rt_table_find_column(t, "doc2")->type.kind, RT_TYPE_JSON);
    cr_expect_eq(rt_table_find_column(t, "body")->type.kind, RT_TYPE_TEXT);
    for (size_t i = 0; i < t->nconstraints; i++)
        if (t->constraints[i].kind == RT_CONSTRAINT_CHECK)
            cr_expect(strcmp(t->constraints[i].name, "ck_price") == 0 ||
                          strncmp(t->constraints[i].name, "ck_", 3) == 0,
                      "unexpected check %s", t->constraints[i].name);
    cr_expect_null(rt_table_find_constraint(t, "doc"), "MariaDB's json_valid check leaked");
    /* MySQL made indexes named after both FKs; none may show. */
    cr_expect_null(rt_table_find_index(t, "fk_code"));
    cr_expect_eq(t->nindexes, 2, "only ix_created and ux_u, got %zu", t->nindexes);
    const rt_constraint *ck = rt_table_find_constraint(t, "ck_price");
    cr_assert_not_null(ck);
    cr_expect_str_eq(ck->check_sql, "price >= 0");
    rt_schema_free(&live);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(mysql_db, modify_keeps_default_nullability_and_auto_increment)
{
    rt_db *db = db_open();
    rt_schema model = RT_SCHEMA_INIT;
    apply(db, &model,
          "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(10) NOT NULL DEFAULT 'x',"
          " at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, n INTEGER DEFAULT 5);\n"
          "ALTER TABLE t ALTER COLUMN name TYPE VARCHAR(50);\n"
          "ALTER TABLE t ALTER COLUMN at SET NOT NULL;\n"
          "ALTER TABLE t ALTER COLUMN n TYPE BIGINT;\n"
          "ALTER TABLE t ALTER COLUMN id TYPE BIGINT;\n");
    expect_round_trip(db, &model);
    /* auto-increment survived MODIFY: an insert without id works */
    exec_ok(db, "INSERT INTO t (name) VALUES ('a')");
    exec_ok(db, "INSERT INTO t (name) VALUES ('b')");
    char *v = NULL;
    rt_error err = {0};
    cr_assert_eq(rt_db_query_value(db, "SELECT MAX(id) FROM t", &v, &err), RT_OK, "%s",
                 err.message);
    cr_expect_str_eq(v, "2");
    free(v);
    apply(db, &model,
          "ALTER TABLE t ALTER COLUMN name DROP NOT NULL;\n"
          "ALTER TABLE t ALTER COLUMN n SET DEFAULT 9;\n"
          "ALTER TABLE t ALTER COLUMN at DROP DEFAULT;\n"
          "ALTER TABLE t ALTER COLUMN name SET NOT NULL;\n");
    expect_round_trip(db, &model);
    const rt_column *name = rt_table_find_column(rt_schema_find_table(&model, "t"), "name");
    cr_expect_str_eq(name->default_sql, "'x'");
    rt_schema_free(&model);
    rt_db_close(db);
}

/* The statements of the first op of sql, through rt_dialect_render as the
 * engine calls it, without running them. */
static int render_first(const rt_schema *model, const char *sql, rt_strv *stmts, rt_error *err)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_dialect_options o = RT_DIALECT_OPTIONS_INIT;
    cr_assert_eq(rt_sql_parse(&ops, sql, "t.sql", 1, err), RT_OK, "%s", err->message);
    int rc = rt_dialect_render(&rt_dialect_mysql, &o, model, &ops.items[0], stmts, err);
    rt_oplist_free(&ops);
    return rc;
}

/* #10 §5: DROP CONSTRAINT <table>_pkey on an AUTO_INCREMENT key takes the
 * AUTO_INCREMENT away in the same ALTER (alone, MariaDB refuses it with
 * error 1075), and the column stays NOT NULL; ADD PRIMARY KEY brings the
 * key back. */
Test(mysql_db, drop_auto_increment_primary_key)
{
    rt_db *db = db_open();
    rt_schema model = RT_SCHEMA_INIT;
    apply(db, &model, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);");
    rt_strv stmts = RT_STRV_INIT;
    rt_error err = {0};
    cr_assert_eq(render_first(&model, "ALTER TABLE t DROP CONSTRAINT t_pkey;", &stmts, &err),
                 RT_OK, "%s", err.message);
    cr_assert_eq(stmts.n, 1);
    cr_expect_str_eq(stmts.items[0], "ALTER TABLE t MODIFY COLUMN id INT NOT NULL, DROP PRIMARY KEY");
    rt_strv_free(&stmts);
    apply(db, &model, "ALTER TABLE t DROP CONSTRAINT t_pkey;");
    expect_round_trip(db, &model);
    exec_ok(db, "INSERT INTO t (id, a) VALUES (1, 1), (1, 2)"); /* no key any more */
    exec_ok(db, "DELETE FROM t");
    apply(db, &model, "ALTER TABLE t ADD PRIMARY KEY (id);");
    expect_round_trip(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

/* #10 §5: MariaDB refuses a CHECK on the AUTO_INCREMENT column (error
 * 1901) once earlier statements have committed: refused before anything
 * runs, with the table, the CHECK and the column named. */
Test(mysql_db, check_on_auto_increment_column_refused_first)
{
    rt_db *db = db_open();
    rt_schema model = RT_SCHEMA_INIT;
    apply(db, &model, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);");
    static const char *const refused[] = {
        "ALTER TABLE t ADD CONSTRAINT ck_t_id CHECK (id > 0);",
        "CREATE TABLE u (id INTEGER PRIMARY KEY, a INTEGER, CONSTRAINT ck_u_id CHECK (ID <> 0));",
        "CREATE TABLE v (id BIGINT PRIMARY KEY CHECK (id > 0));",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        rt_strv stmts = RT_STRV_INIT;
        rt_error err = {0};
        cr_expect_eq(render_first(&model, refused[i], &stmts, &err), RT_ENOTSUPPORTED, "%s",
                     refused[i]);
        cr_expect(strstr(err.message, "AUTO_INCREMENT") && strstr(err.message, "CHECK"),
                  "%s", err.message);
        cr_expect_eq(stmts.n, 0);
        rt_strv_free(&stmts);
    }
    /* a CHECK on another column of the same table is fine */
    apply(db, &model, "ALTER TABLE t ADD CONSTRAINT ck_t_a CHECK (a > 0);");
    expect_round_trip(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(mysql_db, alter_ops_round_trip)
{
    rt_db *db = db_open();
    rt_schema model = RT_SCHEMA_INIT;
    apply(db, &model, every_type_sql);
    apply(db, &model,
          "ALTER TABLE \"All Types\" RENAME COLUMN i TO \"Eye\";\n"
          "ALTER TABLE parent RENAME TO \"Parent\";\n"
          "ALTER TABLE \"All Types\" ADD COLUMN extra VARCHAR NOT NULL DEFAULT 'e';\n"
          "ALTER TABLE \"All Types\" DROP COLUMN f;\n"
          "ALTER TABLE \"All Types\" ALTER COLUMN body SET DEFAULT 'new';\n"
          "ALTER TABLE \"All Types\" ALTER COLUMN doc DROP DEFAULT;\n"
          "ALTER TABLE \"All Types\" DROP CONSTRAINT uq_pair;\n"
          "ALTER TABLE \"All Types\" DROP CONSTRAINT ck_price;\n"
          "ALTER TABLE \"All Types\" ADD CONSTRAINT ck_price CHECK (price > 0);\n"
          "ALTER TABLE \"All Types\" ADD CONSTRAINT uq_extra UNIQUE (extra);\n"
          "DROP INDEX ix_created;\n"
          "DROP INDEX ux_u;\n"
          "CREATE INDEX ix_extra ON \"All Types\" (extra, \"Eye\");\n"
          "ALTER TABLE \"All Types\" ADD COLUMN notes TEXT;\n"
          "ALTER TABLE \"All Types\" ALTER COLUMN notes TYPE JSON;\n"
          "ALTER TABLE \"All Types\" RENAME COLUMN doc TO \"Doc\";\n"
          "ALTER TABLE \"All Types\" ALTER COLUMN doc2 TYPE TEXT;\n"
          "ALTER TABLE \"All Types\" ALTER COLUMN born TYPE TIMESTAMP;\n");
    expect_round_trip(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(mysql_db, drop_foreign_key_leaves_no_index_behind)
{
    rt_db *db = db_open();
    rt_schema model = RT_SCHEMA_INIT;
    apply(db, &model,
          "CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
          "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER, q_id INTEGER,\n"
          "  CONSTRAINT fk_p FOREIGN KEY (p_id) REFERENCES p (id),\n"
          "  CONSTRAINT fk_q FOREIGN KEY (q_id) REFERENCES p (id));\n"
          "CREATE INDEX ix_q ON c (q_id);\n");
    expect_round_trip(db, &model);
    /* ix_q is the only index of fk_q: dropping it must keep one for the FK */
    apply(db, &model, "DROP INDEX ix_q;\n");
    expect_round_trip(db, &model);
    apply(db, &model,
          "ALTER TABLE c DROP CONSTRAINT fk_p;\n"
          "ALTER TABLE c DROP CONSTRAINT fk_q;\n");
    expect_round_trip(db, &model);
    char *n = NULL;
    rt_error err = {0};
    cr_assert_eq(rt_db_query_value(db,
                                   "SELECT COUNT(*) FROM information_schema.STATISTICS WHERE "
                                   "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'c'",
                                   &n, &err),
                 RT_OK, "%s", err.message);
    cr_expect_str_eq(n, "1", "only PRIMARY should be left on c");
    free(n);
    apply(db, &model,
          "ALTER TABLE c ADD CONSTRAINT fk_p FOREIGN KEY (p_id) REFERENCES p ON DELETE CASCADE;\n");
    expect_round_trip(db, &model);
    rt_schema_free(&model);
    rt_db_close(db);
}

Test(mysql_db, skip_table_and_empty_database)
{
    rt_db *db = db_open();
    rt_schema live = RT_SCHEMA_INIT;
    reflect_ok(db, NULL, &live);
    cr_expect_eq(live.ntables, 0);
    exec_ok(db, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
    exec_ok(db, "CREATE TABLE kept (id INT)");
    reflect_ok(db, "alembic_version", &live);
    cr_assert_eq(live.ntables, 1);
    cr_expect_str_eq(live.tables[0].name, "kept");
    rt_schema_free(&live);
    rt_buf q = RT_BUF_INIT;
    rt_dialect_mysql.has_table_sql(&q, "kept");
    char *v = NULL;
    rt_error err = {0};
    cr_assert_eq(rt_db_query_value(db, rt_buf_cstr(&q), &v, &err), RT_OK, "%s", err.message);
    cr_expect_str_eq(v, "1");
    free(v);
    rt_buf_reset(&q);
    rt_dialect_mysql.has_table_sql(&q, "Kept");
    cr_assert_eq(rt_db_query_value(db, rt_buf_cstr(&q), &v, &err), RT_OK, "%s", err.message);
    cr_expect_null(v, "table names are case-sensitive");
    free(v);
    rt_buf_free(&q);
    rt_db_close(db);
}

Test(mysql_db, foreign_types_fail_reflection_with_the_column_named)
{
    rt_db *db = db_open();
    exec_ok(db, "CREATE TABLE odd (id INT, mood SET('a','b'))");
    rt_schema live = RT_SCHEMA_INIT;
    rt_error err = {0};
    rt_dialect_options o = RT_DIALECT_OPTIONS_INIT;
    cr_assert_eq(rt_dialect_mysql.reflect(db, &o, NULL, &live, &err), RT_ENOTSUPPORTED);
    cr_expect(strstr(err.message, "\"mood\"") && strstr(err.message, "\"odd\"") &&
                  strstr(err.message, "set('a','b')"),
              "message: %s", err.message);
    cr_expect_eq(live.ntables, 0, "a failed reflection leaves out empty");
    rt_db_close(db);
}

Test(mysql_db, foreign_but_mappable_types_reflect)
{
    rt_db *db = db_open();
    exec_ok(db, "CREATE TABLE legacy (a INT(11) UNSIGNED, b TINYINT(4), c MEDIUMTEXT,"
                " d CHAR(2), e VARBINARY(8), f DECIMAL, g DATETIME, h TIMESTAMP NULL,"
                " k MEDIUMINT, l TINYINT(1) DEFAULT 1,"
                " m DATETIME(6) DEFAULT (current_timestamp(6) + interval 1 day),"
                " n DATETIME DEFAULT now())");
    rt_schema live = RT_SCHEMA_INIT;
    reflect_ok(db, NULL, &live);
    const rt_table *t = rt_schema_find_table(&live, "legacy");
    cr_assert_not_null(t);
    static const rt_type_kind want[] = {
        RT_TYPE_INTEGER, RT_TYPE_SMALLINT, RT_TYPE_TEXT, RT_TYPE_CHAR, RT_TYPE_BLOB,
        RT_TYPE_NUMERIC, RT_TYPE_TIMESTAMP, RT_TYPE_TIMESTAMPTZ, RT_TYPE_INTEGER,
        RT_TYPE_BOOLEAN, RT_TYPE_TIMESTAMP, RT_TYPE_TIMESTAMP,
    };
    cr_assert_eq(t->ncolumns, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < t->ncolumns; i++)
        cr_expect_eq(t->columns[i].type.kind, want[i], "column %s", t->columns[i].name);
    cr_expect_eq(t->columns[3].type.length, 2);
    cr_expect(t->columns[5].type.precision == 10 && t->columns[5].type.scale == 0);
    cr_expect_str_eq(t->columns[9].default_sql, "TRUE");
    cr_expect_null(t->columns[0].default_sql);
    /* an expression that merely starts with a time function stays one */
    cr_expect_str_eq(t->columns[10].default_sql, "(current_timestamp(6) + interval 1 day)");
    cr_expect_str_eq(t->columns[11].default_sql, "CURRENT_TIMESTAMP");
    rt_schema_free(&live);
    rt_db_close(db);
}
