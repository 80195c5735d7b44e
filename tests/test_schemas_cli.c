/* Tables in a named schema through the built binary: a history with tables
 * in a second schema (a foreign key across schemas each way, an index, a
 * comment, data) on PostgreSQL and MariaDB, native and over ODBC: upgrade
 * head, check clean, autogenerate empty, a bounce of every revision and
 * downgrade base leaving only the version table. SQLite refuses it before
 * anything runs. version_table_schema puts the version table in its
 * schema. rt_test_db_drop_schemas removes the extra schemas before and after. */
#include "matrix_helpers.h"

#include <criterion/criterion.h>


/* The schemas these tests create beside the current one. */
static const char *const extra_schemas[] = {"audit", "vs", NULL};

static mx_project project_new(rt_test_backend b, const char *ini_extra)
{
    mx_project p = mx_open(b);
    rt_test_db_drop_schemas(p.url, extra_schemas);
    char *ini = rt_xasprintf("[retort]\nscript_location = migrations\nmodels = models/*.sql\n%s",
                             ini_extra);
    mx_write_file(&p, "retort.ini", ini);
    free(ini);
    cr_assert_eq(rt_test_sh(NULL, p.dir, "mkdir -p migrations/versions models"), 0);
    return p;
}

/* Leaves the server as the test found it: no schema of ours behind. */
static void project_free(mx_project *p)
{
    rt_test_db_drop_schemas(p->url, extra_schemas);
    mx_free(p);
}

/* Runs sql through retort's driver layer; it must succeed, or with
 * !want_ok fail. */
static void exec_sql(mx_project *p, const char *sql, bool want_ok)
{
    rt_error err;
    rt_url *url = NULL;
    rt_db *db = NULL;
    cr_assert_eq(rt_url_parse(&url, p->url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    int rc = rt_db_exec(db, sql, &err);
    cr_assert_eq(rc == RT_OK, want_ok, "[%s] %s: %s", rt_test_matrix_name(p->backend), sql,
                 rc == RT_OK ? "accepted" : err.message);
    rt_db_close(db);
    rt_url_free(url);
}

#define R1_UP                                                                           \
    "CREATE SCHEMA audit;\n"                                                            \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);\n"         \
    "CREATE TABLE audit.events (id INTEGER PRIMARY KEY,\n"                              \
    "  user_id INTEGER NOT NULL REFERENCES users (id),\n"                               \
    "  kind VARCHAR(20) NOT NULL, at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);\n"  \
    "CREATE INDEX ix_events_kind ON audit.events (kind);\n"                             \
    "INSERT INTO users (id, name) VALUES (1, 'ann');\n"                                 \
    "INSERT INTO audit.events (id, user_id, kind) VALUES (1, 1, 'login');\n"
#define R1_DOWN                                                                         \
    "DROP INDEX ix_events_kind ON audit.events;\n"                                      \
    "DROP TABLE audit.events;\n"                                                        \
    "DROP TABLE users;\n"                                                               \
    "DROP SCHEMA audit;\n"

#define R2_UP                                                                           \
    "CREATE TABLE \"audit\".\"Details\" (id INTEGER PRIMARY KEY,\n"                     \
    "  event_id INTEGER NOT NULL REFERENCES audit.events,\n"                            \
    "  amount INTEGER CHECK (amount >= 0));\n"                                          \
    "CREATE TABLE report (id INTEGER PRIMARY KEY,\n"                                    \
    "  detail_id INTEGER REFERENCES audit.\"Details\" (id));\n"                         \
    "ALTER TABLE audit.events ADD COLUMN note VARCHAR(40);\n"                           \
    "COMMENT ON TABLE audit.events IS 'what users did';\n"                              \
    "COMMENT ON COLUMN audit.events.kind IS 'login, logout';\n"
#define R2_DOWN                                                                         \
    "COMMENT ON COLUMN audit.events.kind IS NULL;\n"                                    \
    "COMMENT ON TABLE audit.events IS NULL;\n"                                          \
    "ALTER TABLE audit.events DROP COLUMN note;\n"                                      \
    "DROP TABLE report;\n"                                                              \
    "DROP TABLE audit.\"Details\";\n"

#define MODEL                                                                           \
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL);\n"         \
    "CREATE TABLE audit.events (id INTEGER PRIMARY KEY,\n"                              \
    "  user_id INTEGER NOT NULL REFERENCES users (id),\n"                               \
    "  kind VARCHAR(20) NOT NULL, at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"   \
    "  note VARCHAR(40));\n"                                                            \
    "CREATE INDEX ix_events_kind ON audit.events (kind);\n"                             \
    "COMMENT ON TABLE audit.events IS 'what users did';\n"                              \
    "COMMENT ON COLUMN audit.events.kind IS 'login, logout';\n"                         \
    "CREATE TABLE audit.\"Details\" (id INTEGER PRIMARY KEY,\n"                         \
    "  event_id INTEGER NOT NULL REFERENCES audit.events (id),\n"                       \
    "  amount INTEGER CHECK (amount >= 0));\n"                                          \
    "CREATE TABLE report (id INTEGER PRIMARY KEY,\n"                                    \
    "  detail_id INTEGER REFERENCES audit.\"Details\" (id));\n"

/* Rows of information_schema.<view> whose <column> is value: both servers
 * have the standard views (tables, schemata). */
static void expect_count(mx_project *p, const char *view, const char *column,
                         const char *value, const char *want)
{
    char *sql = rt_xasprintf("SELECT COUNT(*) FROM information_schema.%s WHERE %s = '%s'", view,
                             column, value);
    mx_expect_value(p, sql, want);
    free(sql);
}

static void history(rt_test_backend b)
{
    mx_project p = project_new(b, "");
    mx_write_revision(&p, "5c0000000001", "", "audit", R1_UP, R1_DOWN);
    mx_write_revision(&p, "5c0000000002", "5c0000000001", "details", R2_UP, R2_DOWN);
    mx_write_file(&p, "models/m.sql", MODEL);

    mx_run_ok(&p, "upgrade head");
    expect_count(&p, "tables", "table_schema", "audit", "2");
    mx_expect_value(&p, "SELECT kind FROM audit.events WHERE user_id = 1", "login");
    mx_expect_check_clean(&p, "upgrade head");
    mx_expect_autogenerate_empty(&p);

    /* The foreign key across schemas holds. */
    exec_sql(&p, "INSERT INTO audit.events (id, user_id, kind) VALUES (2, 99, 'x')", false);
    char *out = NULL;

    /* A difference inside the named schema is seen and named with it. */
    mx_write_file(&p, "models/z.sql", "CREATE TABLE audit.extra (id INTEGER PRIMARY KEY);\n");
    cr_assert_eq(mx_run(&p, &out, "check"), 1, "[%s] %s", rt_test_matrix_name(b), out);
    cli_assert_has(out, "audit.extra");
    free(out);
    cr_assert_eq(rt_test_sh(NULL, p.dir, "rm models/z.sql"), 0);

    /* Every revision bounces: down, up, down, until base. */
    for (int i = 0; i < 2; i++) {
        mx_run_ok(&p, "downgrade -1");
        mx_run_ok(&p, "upgrade +1");
        mx_run_ok(&p, "downgrade -1");
    }
    mx_expect_schema(&p, "downgrade base", "");
    expect_count(&p, "schemata", "schema_name", "audit", "0");
    mx_expect_value(&p, "SELECT COUNT(*) FROM retort_version", "0");
    project_free(&p);
}

Test(schemas, postgresql) { history(RT_TB_POSTGRESQL); }
Test(schemas, mysql) { history(RT_TB_MYSQL); }
Test(schemas, postgresql_odbc) { history(RT_TB_POSTGRESQL_ODBC); }
Test(schemas, mysql_odbc) { history(RT_TB_MYSQL_ODBC); }

/* SQLite has no schemas: refused before anything runs, naming the file,
 * line and cause, with the database left as it was. */
Test(schemas, sqlite_refuses)
{
    mx_project p = project_new(RT_TB_SQLITE, "");
    mx_write_revision(&p, "5c0000000001", "", "plain",
                      "CREATE TABLE users (id INTEGER PRIMARY KEY);", "DROP TABLE users;");
    mx_run_ok(&p, "upgrade head");
    mx_write_revision(&p, "5c0000000002", "5c0000000001", "audit",
                      "-- dialect: postgresql, mysql\nCREATE SCHEMA audit;\n-- dialect: all\n"
                      "CREATE TABLE note (id INTEGER PRIMARY KEY);\n"
                      "CREATE TABLE audit.events (id INTEGER PRIMARY KEY);",
                      "DROP TABLE audit.events;");
    char *out = NULL;
    int rc = mx_run(&p, &out, "upgrade head");
    cr_assert_eq(rc, 2, "sqlite accepted a schema.table (exit %d):\n%s", rc, out);
    cli_assert_has(out, "5c0000000002_rev.sql:13:1:");
    cli_assert_has(out, "table \"audit.events\" is in schema \"audit\", and sqlite has no schemas");
    free(out);
    mx_expect_schema(&p, "the refused revision", "CREATE TABLE users (id INTEGER PRIMARY KEY);");

    /* A CREATE SCHEMA outside a -- dialect: block is refused too. */
    mx_write_revision(&p, "5c0000000002", "5c0000000001", "audit", "CREATE SCHEMA audit;",
                      "DROP SCHEMA audit;");
    rc = mx_run(&p, &out, "upgrade head");
    cr_assert_eq(rc, 2, "sqlite accepted CREATE SCHEMA (exit %d):\n%s", rc, out);
    cli_assert_has(out, "5c0000000002_rev.sql:9:1: sqlite has no schemas: CREATE SCHEMA");
    free(out);
    project_free(&p);
}

/* version_table_schema: the version table (and its log) live in that
 * schema (which, as with Alembic, must exist), and nowhere else. */
static void version_table_schema(rt_test_backend b)
{
    mx_project p = project_new(b, "version_table_schema = vs\n");
    exec_sql(&p, "CREATE SCHEMA vs", true);
    mx_write_revision(&p, "5c0000000001", "", "users",
                      "CREATE TABLE users (id INTEGER PRIMARY KEY);", "DROP TABLE users;");
    mx_write_file(&p, "models/m.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");

    mx_run_ok(&p, "ensure_version");
    mx_expect_value(&p, "SELECT COUNT(*) FROM vs.retort_version", "0");
    mx_run_ok(&p, "upgrade head");
    mx_expect_value(&p, "SELECT version_num FROM vs.retort_version", "5c0000000001");
    /* In vs, not in the connection's own schema (MariaDB: database); other
     * databases on the server belong to other test runs. */
    const char *own = b == RT_TB_MYSQL || b == RT_TB_MYSQL_ODBC ? "DATABASE()" : "current_schema()";
    char *sql = rt_xasprintf("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = "
                             "'retort_version' AND table_schema IN ('vs', %s)", own);
    mx_expect_value(&p, sql, "1");
    free(sql);
    char *out = NULL;
    cr_assert_eq(mx_run(&p, &out, "current"), 0, "%s", out);
    cli_assert_has(out, "5c0000000001 (head)");
    free(out);
    mx_expect_check_clean(&p, "upgrade head");
    mx_run_ok(&p, "downgrade base");
    mx_expect_value(&p, "SELECT COUNT(*) FROM vs.retort_version", "0");
    /* The log sits beside the version table: one row up, one down. */
    mx_expect_value(&p, "SELECT COUNT(*) FROM vs.retort_version_log", "2");
    expect_count(&p, "tables", "table_schema", "vs", "2");
    project_free(&p);
}

Test(version_table_schema, postgresql) { version_table_schema(RT_TB_POSTGRESQL); }
Test(version_table_schema, mysql) { version_table_schema(RT_TB_MYSQL); }
Test(version_table_schema, postgresql_odbc) { version_table_schema(RT_TB_POSTGRESQL_ODBC); }
Test(version_table_schema, mysql_odbc) { version_table_schema(RT_TB_MYSQL_ODBC); }
