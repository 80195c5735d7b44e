/* Every statement of a revision is portable, not only the modelled DDL:
 * data migrations with quoted names, ||, TRUE/FALSE, an explicit 0 in an
 * auto-increment key, INSERT ... SELECT and a view run unchanged on all six
 * backend/transport pairs through the built binary (issue #10 §1); and
 * `-- dialect:` blocks limit statements to some backends (§2).
 *
 * On MariaDB, what retort created under its session settings must keep
 * working for a plain client session: that part runs the real `mariadb`
 * CLI against the test server. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "dialect.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "matrix_helpers.h"
#include "url.h"

/* A project whose models folder serves `check`. */
static mx_project pt_project(rt_test_backend b)
{
    mx_project p = mx_open(b);
    char *ini = rt_xasprintf("%s/retort.ini", p.dir);
    rt_test_write_file(ini, "[retort]\nscript_location = migrations\nmodels = models/*.sql\n");
    free(ini);
    cr_assert_eq(rt_test_sh(NULL, p.dir, "mkdir -p migrations/versions models"), 0);
    return p;
}

static void pt_write(mx_project *p, const char *relpath, const char *text)
{
    char *path = rt_xasprintf("%s/%s", p->dir, relpath);
    rt_test_write_file(path, text);
    free(path);
}

static void pt_check_clean(mx_project *p, const char *after)
{
    char *out = NULL;
    int rc = mx_run(p, &out, "check");
    cr_assert_eq(rc, 0, "[%s] check after %s:\n%s", rt_test_matrix_name(p->backend), after, out);
    free(out);
}

/* Only the version table is left. */
static void pt_expect_empty(mx_project *p, const char *after)
{
    char *live = rt_test_live_summary(p->url);
    cr_assert_str_eq(live, "", "[%s] after %s:\n%s", rt_test_matrix_name(p->backend), after,
                     live);
    free(live);
}

/* ---- §1: data migrations ------------------------------------------------ */

#define MUSIC_TABLES                                                                       \
    "CREATE TABLE \"Genre\" (\"GenreId\" INTEGER PRIMARY KEY, \"Name\" VARCHAR(120));\n"  \
    "CREATE TABLE \"Artist\" (\"ArtistId\" INTEGER PRIMARY KEY, \"Name\" VARCHAR(120),\n" \
    "    \"Active\" BOOLEAN NOT NULL);\n"                                                   \
    "CREATE TABLE \"Label\" (\"LabelId\" INTEGER PRIMARY KEY, \"Text\" VARCHAR(300));\n"

#define MUSIC_DATA                                                                         \
    "INSERT INTO \"Genre\" (\"GenreId\", \"Name\") VALUES (0, 'Unknown');\n"               \
    "INSERT INTO \"Genre\" (\"GenreId\", \"Name\") VALUES (1, 'Rock'), (2, 'Jazz');\n"     \
    "INSERT INTO \"Artist\" (\"ArtistId\", \"Name\", \"Active\")\n"                         \
    "    VALUES (1, 'AC/DC', TRUE), (2, 'Miles', FALSE);\n"                                 \
    "INSERT INTO \"Label\" (\"LabelId\", \"Text\")\n"                                       \
    "    SELECT \"GenreId\", \"Name\" || ' music' FROM \"Genre\" WHERE \"GenreId\" > 0;\n"  \
    "UPDATE \"Artist\" SET \"Name\" = \"Name\" || '!' WHERE \"Active\" = TRUE;\n"           \
    "CREATE VIEW \"ActiveArtist\" AS\n"                                                     \
    "    SELECT \"ArtistId\", \"Name\" || ' (active)' AS \"Shown\" FROM \"Artist\"\n"       \
    "    WHERE \"Active\" = TRUE;\n"

static void data_migrations(rt_test_backend b)
{
    mx_project p = pt_project(b);
    pt_write(&p, "models/music.sql", MUSIC_TABLES);
    mx_write_revision(&p, "d00000000001", "", "base", MUSIC_TABLES,
                      "DROP TABLE \"Label\";\nDROP TABLE \"Artist\";\nDROP TABLE \"Genre\";");
    mx_write_revision(&p, "d00000000002", "d00000000001", "next", MUSIC_DATA,
                      "DROP VIEW \"ActiveArtist\";\nDELETE FROM \"Label\";\n"
                      "DELETE FROM \"Artist\";\nDELETE FROM \"Genre\";");

    mx_run_ok(&p, "upgrade head");
    /* An explicit 0 in an auto-increment key stays 0 (MariaDB: NO_AUTO_VALUE_ON_ZERO). */
    mx_expect_value(&p, "SELECT \"Name\" FROM \"Genre\" WHERE \"GenreId\" = 0", "Unknown");
    mx_expect_value(&p, "SELECT COUNT(*) FROM \"Genre\"", "3");
    /* || concatenates (MariaDB: PIPES_AS_CONCAT), also in INSERT ... SELECT. */
    mx_expect_value(&p, "SELECT \"Text\" FROM \"Label\" WHERE \"LabelId\" = 1", "Rock music");
    mx_expect_value(&p, "SELECT COUNT(*) FROM \"Label\"", "2");
    mx_expect_value(&p, "SELECT COUNT(*) FROM \"Artist\" WHERE \"Active\" = FALSE", "1");
    mx_expect_value(&p, "SELECT \"Shown\" FROM \"ActiveArtist\"", "AC/DC! (active)");
    pt_check_clean(&p, "upgrade head");

    /* Bounce the data revision, then go all the way down. */
    mx_run_ok(&p, "downgrade -1");
    mx_expect_value(&p, "SELECT COUNT(*) FROM \"Genre\"", "0");
    mx_run_ok(&p, "upgrade +1");
    mx_expect_value(&p, "SELECT \"Shown\" FROM \"ActiveArtist\"", "AC/DC! (active)");
    mx_run_ok(&p, "downgrade base");
    pt_expect_empty(&p, "downgrade base");
    mx_free(&p);
}

/* ---- MariaDB: what retort created works for a plain client -------------- */

/* Runs sql through the real `mariadb` CLI in its own default session;
 * returns its exit status, output (tab-separated, no headers) in *out. */
static int pt_mariadb_cli(mx_project *p, char **out, const char *sql)
{
    const char *text = getenv("RETORT_TEST_MYSQL_URL");
    rt_error err;
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, text ? text : "mysql://test:test@127.0.0.1:3306/test", &err),
                 RT_OK, "%s", err.message);
    char *sqlfile = rt_xasprintf("%s/cli.sql", p->dir);
    rt_test_write_file(sqlfile, sql);
    int rc = rt_test_sh(out, NULL,
                        "mariadb --protocol=TCP -h '%s' -P %d -u '%s' -p'%s' -N -B '%s' < '%s'",
                        url->host, url->port ? url->port : 3306, url->user, url->password,
                        url->database, sqlfile);
    free(sqlfile);
    rt_url_free(url);
    return rc;
}

static void mariadb_plain_session(rt_test_backend b)
{
    mx_project p = pt_project(b);
    pt_write(&p, "models/music.sql",
             MUSIC_TABLES "CREATE TABLE \"Audit\" (\"AuditId\" INTEGER PRIMARY KEY, "
                          "\"Note\" VARCHAR(200));\n");
    mx_write_revision(&p, "d00000000001", "", "base", MUSIC_TABLES,
                      "DROP TABLE \"Label\";\nDROP TABLE \"Artist\";\nDROP TABLE \"Genre\";");
    mx_write_revision(&p, "d00000000002", "d00000000001", "next",
                      MUSIC_DATA
                      "CREATE TABLE \"Audit\" (\"AuditId\" INTEGER PRIMARY KEY,\n"
                      "    \"Note\" VARCHAR(200));\n"
                      "CREATE TRIGGER \"Genre_added\" AFTER INSERT ON \"Genre\" FOR EACH ROW\n"
                      "    INSERT INTO \"Audit\" (\"Note\") VALUES ('added ' || NEW.\"Name\");\n",
                      "DROP TRIGGER \"Genre_added\";\nDROP TABLE \"Audit\";\n"
                      "DROP VIEW \"ActiveArtist\";\nDELETE FROM \"Label\";\n"
                      "DELETE FROM \"Artist\";\nDELETE FROM \"Genre\";");
    mx_run_ok(&p, "upgrade head");

    /* retort's own session: the server's modes kept, the three added. */
    char *mode = mx_value(&p, "SELECT @@SESSION.sql_mode");
    char *global = mx_value(&p, "SELECT @@GLOBAL.sql_mode");
    for (const char *want = "ANSI_QUOTES\0PIPES_AS_CONCAT\0NO_AUTO_VALUE_ON_ZERO\0"; *want;
         want += strlen(want) + 1)
        cr_assert(strstr(mode, want), "retort's sql_mode lacks %s: %s", want, mode);
    char *g = rt_xstrdup(global);
    for (char *tok = strtok(g, ","); tok; tok = strtok(NULL, ","))
        cr_assert(strstr(mode, tok), "retort's sql_mode dropped the server's %s: %s", tok, mode);
    free(g);
    free(mode);
    free(global);

    /* A plain session (no ANSI_QUOTES: the test is meaningless otherwise)
     * reads the view and fires the trigger as retort created them. */
    char *out = NULL;
    int rc = pt_mariadb_cli(&p, &out, "SELECT @@SESSION.sql_mode LIKE '%ANSI_QUOTES%';\n"
                                  "SELECT Shown FROM ActiveArtist;\n"
                                  "INSERT INTO Genre (Name) VALUES ('Pop');\n"
                                  "SELECT Note FROM Audit;\n"
                                  "SELECT COUNT(*) FROM Genre WHERE GenreId = 0;\n");
    cr_assert_eq(rc, 0, "mariadb CLI failed:\n%s", out);
    cr_assert_str_eq(out, "0\nAC/DC! (active)\nadded Pop\n1\n", "mariadb CLI said:\n%s", out);
    free(out);

    mx_run_ok(&p, "downgrade base");
    pt_expect_empty(&p, "downgrade base");
    mx_free(&p);
}

static int pt_strcmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "b,a,c" -> "a,b,c"; caller frees. */
static char *pt_sorted_list(const char *list)
{
    rt_strv v = RT_STRV_INIT;
    char *copy = rt_xstrdup(list);
    for (char *tok = strtok(copy, ","); tok; tok = strtok(NULL, ","))
        rt_strv_push(&v, tok);
    free(copy);
    if (v.n)
        qsort(v.items, v.n, sizeof *v.items, pt_strcmp);
    char *joined = rt_strv_join(&v, ",");
    rt_strv_free(&v);
    return joined;
}

/* A server whose sql_mode is empty gets exactly the three modes (no
 * leading ',' that MariaDB would refuse); one with ANSI keeps it. */
Test(portable_mysql, session_settings_on_an_empty_or_ansi_server_mode)
{
    rt_error err;
    rt_url *url = NULL;
    rt_db *db = NULL;
    cr_assert_eq(rt_url_parse(&url, rt_test_mysql_url(), &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    const char *const *setup = rt_dialect_mysql.session_sql;
    cr_assert(setup && setup[0] && !setup[1]);
    /* server mode -> what the session must hold afterwards, in any order */
    const char *cases[][2] = {
        { "", "ANSI_QUOTES,NO_AUTO_VALUE_ON_ZERO,PIPES_AS_CONCAT" },
        { "ANSI", "ANSI,ANSI_QUOTES,IGNORE_SPACE,NO_AUTO_VALUE_ON_ZERO,PIPES_AS_CONCAT,"
                  "REAL_AS_FLOAT" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *set = rt_xasprintf("SET SESSION sql_mode = '%s'", cases[i][0]);
        cr_assert_eq(rt_db_exec(db, set, &err), RT_OK, "%s", err.message);
        free(set);
        cr_assert_eq(rt_db_exec(db, setup[0], &err), RT_OK, "%s", err.message);
        char *mode = NULL;
        cr_assert_eq(rt_db_query_value(db, "SELECT @@SESSION.sql_mode", &mode, &err), RT_OK,
                     "%s", err.message);
        char *sorted = pt_sorted_list(mode);
        free(mode);
        mode = sorted;
        cr_assert_str_eq(mode, cases[i][1]);
        free(mode);
    }
    rt_db_close(db);
    rt_url_free(url);
}

Test(portable_mysql, view_and_trigger_work_in_a_plain_mariadb_session)
{
    mariadb_plain_session(RT_TB_MYSQL);
}

Test(portable_mysql_odbc, view_and_trigger_work_in_a_plain_mariadb_session)
{
    mariadb_plain_session(RT_TB_MYSQL_ODBC);
}

/* ---- §2: `-- dialect:` blocks ------------------------------------------- */

#define ITEM_MODEL                                                                        \
    "CREATE TABLE \"Item\" (\"ItemId\" INTEGER PRIMARY KEY, \"Name\" VARCHAR(50) NOT NULL);\n" \
    "CREATE INDEX ix_item_name ON \"Item\" (\"Name\");\n"

/* The same index in two blocks: were both parsed, the validation pass
 * would refuse the second; MySQL's DROP INDEX needs the model replay to
 * have seen the mysql block's index to find its table. */
#define ITEM_UP                                                                          \
    "CREATE TABLE \"Item\" (\"ItemId\" INTEGER PRIMARY KEY, \"Name\" VARCHAR(50) NOT NULL);\n" \
    "-- dialect: postgres, sqlite\n"                                                    \
    "CREATE INDEX ix_item_name ON \"Item\" (\"Name\");\n"                                \
    "-- dialect: mariadb\n"                                                             \
    "CREATE INDEX ix_item_name ON \"Item\" (\"Name\");\n"                                \
    "-- dialect: all\n"                                                                 \
    "INSERT INTO \"Item\" (\"ItemId\", \"Name\") VALUES (1, 'one');"

#define ITEM_DOWN                                                                        \
    "-- dialect: mysql\n"                                                               \
    "DROP INDEX ix_item_name ON \"Item\";\n"                                             \
    "-- dialect: postgresql, sqlite\n"                                                  \
    "DROP INDEX ix_item_name;\n"                                                         \
    "-- dialect: all\n"                                                                 \
    "DROP TABLE \"Item\";"

/* Each backend spells its trigger its own way; only PostgreSQL gets a
 * sequence. */
#define TRIGGER_UP                                                                       \
    "-- dialect: postgresql\n"                                                          \
    "CREATE SEQUENCE item_seq;\n"                                                        \
    "CREATE FUNCTION item_upper() RETURNS trigger AS $$\n"                               \
    "BEGIN NEW.\"Name\" := UPPER(NEW.\"Name\"); RETURN NEW; END;\n"                      \
    "$$ LANGUAGE plpgsql;\n"                                                             \
    "CREATE TRIGGER \"Item_upper\" BEFORE INSERT ON \"Item\"\n"                          \
    "    FOR EACH ROW EXECUTE FUNCTION item_upper();\n"                                  \
    "-- dialect: mysql\n"                                                               \
    "CREATE TRIGGER \"Item_upper\" BEFORE INSERT ON \"Item\"\n"                          \
    "    FOR EACH ROW SET NEW.\"Name\" = UPPER(NEW.\"Name\");\n"                         \
    "-- dialect: sqlite\n"                                                              \
    "CREATE TRIGGER \"Item_upper\" AFTER INSERT ON \"Item\" BEGIN\n"                     \
    "    UPDATE \"Item\" SET \"Name\" = UPPER(\"Name\") WHERE \"ItemId\" = NEW.\"ItemId\";\n" \
    "END;\n"                                                                             \
    "-- dialect: all\n"                                                                 \
    "INSERT INTO \"Item\" (\"ItemId\", \"Name\") VALUES (2, 'two');"

#define TRIGGER_DOWN                                                                     \
    "DELETE FROM \"Item\" WHERE \"ItemId\" = 2;\n"                                       \
    "-- dialect: postgresql\n"                                                          \
    "DROP TRIGGER \"Item_upper\" ON \"Item\";\n"                                         \
    "DROP FUNCTION item_upper();\n"                                                      \
    "DROP SEQUENCE item_seq;\n"                                                          \
    "-- dialect: mysql, sqlite\n"                                                       \
    "DROP TRIGGER \"Item_upper\";"

static void dialect_blocks(rt_test_backend b)
{
    mx_project p = pt_project(b);
    pt_write(&p, "models/item.sql", ITEM_MODEL);
    mx_write_revision(&p, "b00000000001", "", "base", ITEM_UP, ITEM_DOWN);
    mx_write_revision(&p, "b00000000002", "b00000000001", "next", TRIGGER_UP, TRIGGER_DOWN);

    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "upgrade head", ITEM_MODEL);
    mx_expect_value(&p, "SELECT \"Name\" FROM \"Item\" WHERE \"ItemId\" = 2", "TWO");
    mx_expect_value(&p, "SELECT \"Name\" FROM \"Item\" WHERE \"ItemId\" = 1", "one");
    bool pg = b == RT_TB_POSTGRESQL || b == RT_TB_POSTGRESQL_ODBC;
    if (pg)
        mx_expect_value(&p, "SELECT nextval('item_seq')", "1");
    pt_check_clean(&p, "upgrade head");

    /* Bounce each revision: down, up, down, as their blocks say. */
    mx_run_ok(&p, "downgrade -1");
    mx_expect_value(&p, "SELECT COUNT(*) FROM \"Item\"", "1");
    mx_run_ok(&p, "upgrade +1");
    mx_expect_value(&p, "SELECT \"Name\" FROM \"Item\" WHERE \"ItemId\" = 2", "TWO");
    mx_run_ok(&p, "downgrade -1");
    mx_run_ok(&p, "downgrade -1");
    pt_expect_empty(&p, "downgrade to base");
    mx_run_ok(&p, "upgrade +1");
    mx_expect_schema(&p, "upgrade +1", ITEM_MODEL);
    mx_run_ok(&p, "upgrade head");
    mx_run_ok(&p, "downgrade base");
    pt_expect_empty(&p, "downgrade base");
    mx_free(&p);
}

/* An unknown name stops the run before anything runs, with file:line:col. */
static void dialect_unknown_name(rt_test_backend b)
{
    mx_project p = pt_project(b);
    mx_write_revision(&p, "b00000000001", "", "base",
                      "CREATE TABLE t (id INTEGER PRIMARY KEY);\n"
                      "-- dialect: postgresql, oracle\nSELECT 1;",
                      "DROP TABLE t;");
    char *out = NULL;
    int rc = mx_run(&p, &out, "upgrade head");
    cr_assert_neq(rc, 0, "%s", out);
    cr_assert(strstr(out, "b00000000001_rev.sql:10:25: unknown dialect 'oracle'"), "%s", out);
    free(out);
    pt_expect_empty(&p, "refused upgrade");
    mx_free(&p);
}

#define MATRIX(suite, backend)                                                   \
    Test(suite, data_migrations) { data_migrations(backend); }                 \
    Test(suite, dialect_blocks) { dialect_blocks(backend); }                   \
    Test(suite, dialect_unknown_name) { dialect_unknown_name(backend); }

MATRIX(portable_sqlite, RT_TB_SQLITE)
MATRIX(portable_postgresql, RT_TB_POSTGRESQL)
MATRIX(portable_mysql, RT_TB_MYSQL)
MATRIX(portable_sqlite_odbc, RT_TB_SQLITE_ODBC)
MATRIX(portable_postgresql_odbc, RT_TB_POSTGRESQL_ODBC)
MATRIX(portable_mysql_odbc, RT_TB_MYSQL_ODBC)
