/* Tables in a named schema (schema.table): the parser, the portable
 * writer, each dialect's rendering and refusal, the version_table_schema
 * setting. Pure string assertions; the server round trips through the
 * binary are in test_schemas_cli.c. */
#include "config.h"
#include "dialect.h"
#include "diff.h"
#include "qname.h"
#include "rt_test.h"
#include "sql_parse.h"
#include "sql_write.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static rt_oplist parse_ok(const char *sql)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err = {0};
    int rc = rt_sql_parse(&ops, sql, "rev.sql", 1, &err);
    cr_assert_eq(rc, RT_OK, "parse failed: %s", err.message);
    return ops;
}

static void parse_fails(const char *sql, const char *want)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err = {0};
    int rc = rt_sql_parse(&ops, sql, "rev.sql", 1, &err);
    cr_assert_eq(rc, RT_EPARSE, "expected a parse error for: %s", sql);
    cr_expect(strstr(err.message, want) != NULL, "expected '%s' in: %s", want, err.message);
    rt_oplist_free(&ops);
}

/* Every op of sql rendered by d on an empty model, one statement a line. */
static int render_sql(const rt_dialect *d, const rt_dialect_options *opts, const char *sql,
                      char **out, rt_error *err)
{
    rt_oplist ops = parse_ok(sql);
    rt_schema model = RT_SCHEMA_INIT;
    rt_strv stmts = RT_STRV_INIT;
    int rc = rt_dialect_render_all(d, opts, &model, &ops, &stmts, err);
    *out = rt_strv_join(&stmts, "\n");
    rt_strv_free(&stmts);
    rt_schema_free(&model);
    rt_oplist_free(&ops);
    return rc;
}

static char *render_ok(const rt_dialect *d, const rt_dialect_options *opts, const char *sql)
{
    char *out = NULL;
    rt_error err = {0};
    int rc = render_sql(d, opts, sql, &out, &err);
    cr_assert_eq(rc, RT_OK, "%s render failed: %s", d->name, err.message);
    return out;
}

static char *written(const rt_oplist *ops)
{
    rt_buf b = RT_BUF_INIT;
    for (size_t i = 0; i < ops->n; i++)
        rt_sql_write_op(&b, &ops->items[i]);
    return rt_buf_steal(&b);
}

#define expect_has(text, needle)                                                         \
    cr_expect(strstr((text), (needle)) != NULL, "expected '%s' in:\n%s", (needle), (text))

static const char history[] =
    "CREATE TABLE users (id INTEGER PRIMARY KEY);\n"
    "CREATE TABLE audit.events (id INTEGER PRIMARY KEY,\n"
    "  user_id INTEGER REFERENCES users (id), kind VARCHAR(10) UNIQUE);\n"
    "CREATE TABLE audit.details (id INTEGER PRIMARY KEY,\n"
    "  event_id INTEGER REFERENCES audit.events (id));\n"
    "CREATE INDEX ix_events_kind ON audit.events (kind);\n"
    "COMMENT ON COLUMN audit.events.kind IS 'the kind';\n"
    "ALTER TABLE audit.details RENAME TO facts;\n"
    "DROP INDEX ix_events_kind ON audit.events;\n";

Test(qname, split_and_join)
{
    cr_expect(rt_qname_is_qualified("audit.events"));
    cr_expect(!rt_qname_is_qualified("events"));
    cr_expect_str_eq(rt_qname_local("audit.events"), "events");
    cr_expect_str_eq(rt_qname_local("events"), "events");
    char *s = rt_qname_schema("audit.events");
    cr_expect_str_eq(s, "audit");
    free(s);
    cr_expect_null(rt_qname_schema("events"));
    char *j = rt_qname_join("audit", "events"), *k = rt_qname_join(NULL, "events");
    cr_expect_str_eq(j, "audit.events");
    cr_expect_str_eq(k, "events");
    free(j);
    free(k);
    char *r = rt_qname_in_schema_of("audit.events", "facts");
    cr_expect_str_eq(r, "audit.facts");
    free(r);
    cr_expect(rt_qname_same_schema("a.x", "a.y"));
    cr_expect(rt_qname_same_schema("x", "y"));
    cr_expect(!rt_qname_same_schema("a.x", "ab.x"));
    cr_expect(!rt_qname_same_schema("a.x", "x"));
}

Test(qname, parser_keeps_the_schema_everywhere)
{
    rt_oplist ops = parse_ok(history);
    cr_assert_eq(ops.n, 7);
    cr_expect_str_eq(ops.items[1].table->name, "audit.events");
    const rt_table *ev = ops.items[1].table;
    /* generated names use the table without its schema */
    cr_expect_not_null(rt_table_find_constraint(ev, "fk_events_user_id_users"));
    cr_expect_not_null(rt_table_find_constraint(ev, "uq_events_kind"));
    const rt_constraint *fk = rt_table_find_constraint(ops.items[2].table,
                                                       "fk_details_event_id_events");
    cr_assert_not_null(fk);
    cr_expect_str_eq(fk->ref_table, "audit.events");
    cr_expect_str_eq(ops.items[3].table_name, "audit.events");
    cr_expect_str_eq(ops.items[4].table_name, "audit.events");
    cr_expect_str_eq(ops.items[4].name, "kind");
    cr_expect_str_eq(ops.items[5].new_name, "audit.facts"); /* stays in its schema */
    cr_expect_str_eq(ops.items[6].table_name, "audit.events");

    rt_schema model = RT_SCHEMA_INIT;
    rt_error err = {0};
    for (size_t i = 0; i < ops.n; i++)
        cr_assert_eq(rt_schema_apply(&model, &ops.items[i], true, &err), RT_OK, "%s",
                     err.message);
    cr_expect_not_null(rt_schema_find_table(&model, "audit.facts"));
    cr_expect_null(rt_schema_find_table(&model, "facts"));
    rt_strv schemas = RT_STRV_INIT;
    rt_qname_collect_schemas(&model, &schemas);
    cr_assert_eq(schemas.n, 1);
    cr_expect_str_eq(schemas.items[0], "audit");
    rt_strv_free(&schemas);
    rt_schema_free(&model);
    rt_oplist_free(&ops);
}

Test(qname, quoted_parts_and_refusals)
{
    rt_oplist ops = parse_ok("CREATE TABLE \"Audit\".\"Events\" (id INTEGER);");
    cr_expect_str_eq(ops.items[0].table->name, "Audit.Events");
    rt_oplist_free(&ops);
    parse_fails("CREATE TABLE t (\"a.b\" INTEGER);", "rev.sql:1:17: a name may not contain '.'");
    parse_fails("CREATE TABLE \"a.b\" (id INTEGER);", "rev.sql:1:14:");
    parse_fails("DROP INDEX audit.ix;", "write DROP INDEX <index> ON audit.<table>");
    parse_fails("ALTER TABLE audit.t RENAME TO other.t;", "rev.sql:1:");
}

Test(qname, writer_round_trips)
{
    rt_oplist ops = parse_ok(history);
    char *text = written(&ops);
    expect_has(text, "CREATE TABLE audit.events (");
    expect_has(text, "REFERENCES audit.events (id)");
    expect_has(text, "CREATE INDEX ix_events_kind ON audit.events (kind);");
    expect_has(text, "COMMENT ON COLUMN audit.events.kind IS 'the kind';");
    expect_has(text, "ALTER TABLE audit.details RENAME TO facts;");
    expect_has(text, "DROP INDEX ix_events_kind ON audit.events;");
    rt_oplist again = parse_ok(text);
    cr_assert_eq(again.n, ops.n);
    for (size_t i = 0; i < ops.n; i++)
        cr_expect(rt_op_equal(&ops.items[i], &again.items[i]), "op %zu differs after:\n%s", i,
                  text);
    rt_oplist_free(&again);
    free(text);
    rt_oplist_free(&ops);

    ops = parse_ok("CREATE TABLE \"Audit\".\"Events\" (id INTEGER);");
    text = written(&ops);
    expect_has(text, "CREATE TABLE \"Audit\".\"Events\" (");
    free(text);
    rt_oplist_free(&ops);
}

Test(qname, postgresql_renders_qualified_names)
{
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    char *sql = render_ok(&rt_dialect_postgresql, &opts, history);
    expect_has(sql, "CREATE TABLE audit.events (");
    expect_has(sql, "REFERENCES users (id)");
    expect_has(sql, "REFERENCES audit.events (id)");
    expect_has(sql, "CREATE INDEX ix_events_kind ON audit.events (kind)");
    expect_has(sql, "COMMENT ON COLUMN audit.events.kind IS 'the kind'");
    expect_has(sql, "ALTER TABLE audit.details RENAME TO facts");
    /* an index lives in its table's schema */
    expect_has(sql, "DROP INDEX audit.ix_events_kind");
    free(sql);

    rt_buf b = RT_BUF_INIT;
    rt_dialect_postgresql.has_table_sql(&b, "vs.retort_version");
    expect_has(rt_buf_cstr(&b), "n.nspname = 'vs'");
    expect_has(rt_buf_cstr(&b), "c.relname = 'retort_version'");
    rt_buf_free(&b);
}

Test(qname, mysql_spells_the_current_database_of_a_reference)
{
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    opts.current_database = "app";
    char *sql = render_ok(&rt_dialect_mysql, &opts, history);
    expect_has(sql, "CREATE TABLE audit.events (");
    /* MySQL looks for an unqualified parent in the child's database */
    expect_has(sql, "REFERENCES app.users (id)");
    expect_has(sql, "REFERENCES audit.events (id)");
    expect_has(sql, "ALTER TABLE audit.details RENAME TO audit.facts");
    expect_has(sql, "DROP INDEX ix_events_kind");
    free(sql);

    /* a table of the current database keeps its plain reference */
    sql = render_ok(&rt_dialect_mysql, &opts,
                    "CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
                    "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));");
    expect_has(sql, "REFERENCES p (id)");
    free(sql);

    opts.current_database = NULL;
    rt_error err = {0};
    char *out = NULL;
    int rc = render_sql(&rt_dialect_mysql, &opts, history, &out, &err);
    free(out);
    cr_expect_eq(rc, RT_ENOTSUPPORTED);
    expect_has(err.message, "\"audit.events\" refers to \"users\" of the current database");

    rt_buf b = RT_BUF_INIT;
    rt_dialect_mysql.has_table_sql(&b, "vs.retort_version");
    expect_has(rt_buf_cstr(&b), "TABLE_SCHEMA = 'vs' AND TABLE_NAME = 'retort_version'");
    rt_buf_free(&b);
}

Test(qname, sqlite_refuses_before_anything_runs)
{
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    static const char *const refused[] = {
        "CREATE TABLE audit.t (id INTEGER);",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, e INTEGER REFERENCES audit.e (id));",
        "ALTER TABLE audit.t ADD COLUMN x INTEGER;",
        "DROP TABLE audit.t;",
        "CREATE SCHEMA audit;",
        "drop  schema audit;",
    };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        rt_error err = {0};
        char *out = NULL;
        int rc = render_sql(&rt_dialect_sqlite, &opts, refused[i], &out, &err);
        cr_expect_eq(rc, RT_ENOTSUPPORTED, "sqlite accepted: %s", refused[i]);
        cr_expect_str_eq(out, "", "sqlite rendered something for: %s", refused[i]);
        expect_has(err.message, "sqlite has no schemas");
        free(out);
    }
    /* a word that merely starts with SCHEMA is not a schema statement */
    char *sql = render_ok(&rt_dialect_sqlite, &opts, "CREATE SCHEMATA_LIKE_VIEW v AS SELECT 1;");
    free(sql);
}

static rt_config *load_ini(const char *body, rt_error *err, int *rc)
{
    char *dir = rt_test_tmpdir();
    char *path = rt_xasprintf("%s/retort.ini", dir);
    rt_test_write_file(path, body);
    rt_config *cfg = NULL;
    *rc = rt_config_load(&cfg, path, err);
    rt_test_rmtree(dir);
    free(path);
    free(dir);
    return cfg;
}

Test(qname, version_table_schema_qualifies_the_version_table)
{
    rt_error err = {0};
    int rc;
    rt_config *cfg = load_ini("[retort]\nversion_table_schema = vs\n", &err, &rc);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    cr_expect_str_eq(cfg->version_table, "vs.retort_version");
    rt_config_free(cfg);

    /* An alembic.ini alone keeps Alembic's table name. */
    cfg = load_ini("[alembic]\nversion_table_schema = vs\n", &err, &rc);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    cr_expect_str_eq(cfg->version_table, "vs.alembic_version");
    rt_config_free(cfg);

    cfg = load_ini("[retort]\nversion_table_schema = vs\nversion_table = v\n", &err, &rc);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    cr_expect_str_eq(cfg->version_table, "vs.v");
    rt_config_free(cfg);

    cfg = load_ini("[retort]\nversion_table_schema = a.b\n", &err, &rc);
    cr_expect_eq(rc, RT_ECONFIG);
    cr_expect_null(cfg);
    expect_has(err.message, "retort.ini:2: version_table_schema must be a schema name");

    cfg = load_ini("[retort]\nversion_table = a.b\n", &err, &rc);
    cr_expect_eq(rc, RT_ECONFIG);
    cr_expect_null(cfg);
    expect_has(err.message, "retort.ini:2: version_table must not contain '.'");
}

static void model_of(rt_schema *s, const char *sql)
{
    rt_oplist ops = parse_ok(sql);
    rt_error err = {0};
    for (size_t i = 0; i < ops.n; i++)
        cr_assert_eq(rt_schema_apply(s, &ops.items[i], true, &err), RT_OK, "%s", err.message);
    rt_oplist_free(&ops);
}

/* The differ and the autogenerate writer carry the schema: what they write
 * for a named schema reads back as the same operations. */
Test(qname, differ_writes_qualified_names)
{
    rt_schema from = RT_SCHEMA_INIT, to = RT_SCHEMA_INIT;
    model_of(&from, "CREATE TABLE users (id INTEGER PRIMARY KEY);\n"
                    "CREATE TABLE audit.events (id INTEGER PRIMARY KEY, kind VARCHAR(10));");
    model_of(&to, "CREATE TABLE users (id INTEGER PRIMARY KEY);\n"
                  "CREATE TABLE audit.events (id INTEGER PRIMARY KEY, kind VARCHAR(10),\n"
                  "  user_id INTEGER REFERENCES users (id));\n"
                  "CREATE INDEX ix_events_kind ON audit.events (kind);\n"
                  "CREATE TABLE audit.details (id INTEGER PRIMARY KEY,\n"
                  "  event_id INTEGER REFERENCES audit.events (id));");
    rt_diff d;
    rt_error err = {0};
    cr_assert_eq(rt_diff_schemas(&d, &from, &to, &err), RT_OK, "%s", err.message);
    char *up = written(&d.upgrade), *down = written(&d.downgrade);
    expect_has(up, "CREATE TABLE audit.details (");
    expect_has(up, "REFERENCES audit.events (id)");
    expect_has(up, "ALTER TABLE audit.events ADD COLUMN user_id INTEGER;");
    expect_has(up, "CREATE INDEX ix_events_kind ON audit.events (kind);");
    expect_has(down, "DROP INDEX ix_events_kind ON audit.events;");
    expect_has(down, "DROP TABLE audit.details;");
    char *changes = rt_strv_join(&d.changes, "\n");
    expect_has(changes, "audit.details");
    free(changes);

    /* replaying the written upgrade on from gives to */
    rt_oplist again = parse_ok(up);
    for (size_t i = 0; i < again.n; i++)
        cr_assert_eq(rt_schema_apply(&from, &again.items[i], true, &err), RT_OK, "%s\n%s",
                     err.message, up);
    rt_diff none;
    cr_assert_eq(rt_diff_schemas(&none, &from, &to, &err), RT_OK, "%s", err.message);
    cr_expect(rt_diff_empty(&none), "differences remain after replaying:\n%s", up);
    rt_diff_free(&none);
    rt_oplist_free(&again);
    free(up);
    free(down);
    rt_diff_free(&d);
    rt_schema_free(&from);
    rt_schema_free(&to);
}

/* The unnamed primary key and the identifier limit go by the table without
 * its schema: PostgreSQL names the key events_pkey in schema audit. */
Test(qname, primary_key_name_and_limits_per_part)
{
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    char *sql = render_ok(&rt_dialect_postgresql, &opts,
                          "CREATE TABLE audit.events (id INTEGER PRIMARY KEY);\n"
                          "ALTER TABLE audit.events DROP CONSTRAINT events_pkey;\n");
    expect_has(sql, "ALTER TABLE audit.events DROP CONSTRAINT events_pkey");
    free(sql);

    char name[64];
    memset(name, 'a', 63);
    name[63] = '\0';
    char *ok = rt_xasprintf("CREATE TABLE %s.%s (id INTEGER);", name, name);
    sql = render_ok(&rt_dialect_postgresql, &opts, ok);
    free(sql);
    free(ok);
    char *long_table = rt_xasprintf("CREATE TABLE audit.%sb (id INTEGER);", name);
    rt_error err = {0};
    int rc = render_sql(&rt_dialect_postgresql, &opts, long_table, &sql, &err);
    free(sql);
    free(long_table);
    cr_expect_eq(rc, RT_ENOTSUPPORTED);
    expect_has(err.message, "is 64 bytes long");
}
