/* The revision engine against real databases: SQLite (a file in a tmpdir),
 * PostgreSQL and MariaDB from ci/servers.sh. Tables carry an eng_ prefix and
 * the version table is eng_version so that other suites sharing the server
 * databases are not disturbed. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine.h"
#include "rt_test.h"
#include "version_table.h"

#define VT "eng_version"

#define dir rt_test_dir /* each test's own folder (rt_test_dir_setup) */
static char *versions; /* dir/versions */

static void setup(void)
{
    rt_test_dir_setup();
    versions = rt_xasprintf("%s/versions", dir);
    cr_assert_eq(rt_test_sh(NULL, NULL, "mkdir -p '%s'", versions), 0);
}

static void teardown(void)
{
    rt_test_dir_teardown();
    free(versions);
}

TestSuite(engine, .init = setup, .fini = teardown);

static char *rev_path(const char *id)
{
    return rt_xasprintf("%s/%s_rev.sql", versions, id);
}

static void rev(const char *id, const char *down, const char *up_sql, const char *down_sql)
{
    rt_test_write_revision(versions, id, down, up_sql, down_sql);
}

/* The engine's budget for statements kept from validation; 1 makes it
 * render every revision again just before running it, as on a long plan. */
static size_t keep_bytes;

typedef struct fixture {
    rt_url *url;
    rt_db *db;
    rt_graph *graph;
    char *logbuf;
    size_t loglen;
    FILE *log;
    rt_engine e;
} fixture;

static void open_db(fixture *f, const char *url)
{
    memset(f, 0, sizeof *f);
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_url_parse(&f->url, url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&f->db, f->url, &err), RT_OK, "cannot reach %s: %s", url,
                 err.message);
}

static void load_graph(fixture *f)
{
    rt_error err;
    rt_graph_free(f->graph);
    f->graph = NULL;
    cr_assert_eq(rt_graph_load(&f->graph, versions, &err), RT_OK, "%s", err.message);
    if (f->log)
        fclose(f->log);
    free(f->logbuf);
    f->logbuf = NULL;
    f->log = open_memstream(&f->logbuf, &f->loglen);
    f->e.graph = f->graph;
    f->e.db = f->db;
    f->e.version_table = VT;
    f->e.opts = (rt_dialect_options)RT_DIALECT_OPTIONS_INIT;
    f->e.log = f->log;
    f->e.keep_bytes = keep_bytes;
}

static const char *log_text(fixture *f)
{
    fflush(f->log);
    return f->logbuf ? f->logbuf : "";
}

static void close_fixture(fixture *f)
{
    rt_engine_clear(&f->e);
    if (f->log)
        fclose(f->log);
    free(f->logbuf);
    rt_graph_free(f->graph);
    rt_db_close(f->db);
    rt_url_free(f->url);
}

static int run(fixture *f, bool up, const char *target, rt_error *err)
{
    rt_error_clear(err);
    return up ? rt_engine_upgrade(&f->e, target, err) : rt_engine_downgrade(&f->e, target, err);
}

static void run_ok(fixture *f, bool up, const char *target)
{
    rt_error err;
    int rc = run(f, up, target, &err);
    cr_assert_eq(rc, RT_OK, "%s %s: %s", up ? "upgrade" : "downgrade", target, err.message);
}

static char *version(fixture *f)
{
    rt_strv heads = RT_STRV_INIT;
    rt_error err;
    cr_assert_eq(rt_version_read(f->db, VT, &heads, &err), RT_OK, "%s", err.message);
    char *s = rt_strv_join(&heads, ",");
    rt_strv_free(&heads);
    return s;
}

static void expect_version(fixture *f, const char *want)
{
    char *v = version(f);
    cr_assert_str_eq(v, want, "version table holds '%s', expected '%s'", v, want);
    free(v);
}

static bool has_table(fixture *f, const char *table)
{
    rt_buf sql = RT_BUF_INIT;
    rt_db_dialect(f->db)->has_table_sql(&sql, table);
    char *v = NULL;
    rt_error err;
    cr_assert_eq(rt_db_query_value(f->db, rt_buf_cstr(&sql), &v, &err), RT_OK, "%s",
                 err.message);
    rt_buf_free(&sql);
    bool found = v != NULL;
    free(v);
    return found;
}

/* Whether SELECT <column> FROM <table> works (a column check that needs no
 * catalog knowledge; run outside any transaction). */
static bool has_column(fixture *f, const char *table, const char *column)
{
    char *sql = rt_xasprintf("SELECT %s FROM %s WHERE 1 = 0", column, table);
    rt_error err;
    bool ok = rt_db_exec(f->db, sql, &err) == RT_OK;
    free(sql);
    return ok;
}

static void drop_all(fixture *f)
{
    static const char *const tables[] = { "eng_e", "eng_d", "eng_c", "eng_b", "eng_a", VT,
                                          VT "_log" };
    rt_error err;
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char *sql = rt_xasprintf("DROP TABLE IF EXISTS %s", tables[i]);
        cr_assert_eq(rt_db_exec(f->db, sql, &err), RT_OK, "%s", err.message);
        free(sql);
    }
}

/* Five linear revisions; bad_third makes the last statement of 3 fail. */
static void five(bool bad_third)
{
    rev("e1000000001", "", "CREATE TABLE eng_a (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);",
        "DROP TABLE eng_a;");
    rev("e1000000002", "e1000000001", "CREATE TABLE eng_b (id INTEGER PRIMARY KEY);",
        "DROP TABLE eng_b;");
    rev("e1000000003", "e1000000002",
        bad_third ? "CREATE TABLE eng_c (id INTEGER PRIMARY KEY);\n"
                    "ALTER TABLE eng_a ADD COLUMN x INTEGER;\n"
                    "INSERT INTO eng_missing (id) VALUES (1);"
                  : "CREATE TABLE eng_c (id INTEGER PRIMARY KEY);\n"
                    "ALTER TABLE eng_a ADD COLUMN x INTEGER;",
        "ALTER TABLE eng_a DROP COLUMN x;\nDROP TABLE eng_c;");
    rev("e1000000004", "e1000000003", "CREATE TABLE eng_d (id INTEGER PRIMARY KEY);",
        "DROP TABLE eng_d;");
    rev("e1000000005", "e1000000004", "CREATE TABLE eng_e (id INTEGER PRIMARY KEY);",
        "DROP TABLE eng_e;");
}

static void walk_history(const char *url)
{
    fixture f;
    open_db(&f, url);
    drop_all(&f);
    five(false);
    load_graph(&f);

    run_ok(&f, true, "+1");
    expect_version(&f, "e1000000001");
    cr_assert(has_table(&f, "eng_a"));
    cr_assert_not(has_table(&f, "eng_b"));
    cr_assert(strstr(log_text(&f), "Running upgrade  -> e1000000001, step e1000000001\n"),
              "%s", log_text(&f));

    run_ok(&f, true, "head");
    expect_version(&f, "e1000000005");
    cr_assert(has_table(&f, "eng_e"));
    cr_assert(has_column(&f, "eng_a", "x"));
    cr_assert(strstr(log_text(&f), "Running upgrade e1000000004 -> e1000000005, step e1000000005\n"),
              "%s", log_text(&f));
    rt_error err;
    cr_assert_eq(rt_db_exec(f.db, "INSERT INTO eng_a (name, x) VALUES ('kept', 7)", &err), RT_OK,
                 "%s", err.message);

    run_ok(&f, true, "head"); /* nothing left to do */
    expect_version(&f, "e1000000005");

    run_ok(&f, false, "-1");
    expect_version(&f, "e1000000004");
    cr_assert_not(has_table(&f, "eng_e"));
    cr_assert(has_table(&f, "eng_d"));
    cr_assert(strstr(log_text(&f), "Running downgrade e1000000005 -> e1000000004, step e1000000005\n"),
              "%s", log_text(&f));

    run_ok(&f, false, "-2");
    expect_version(&f, "e1000000002");
    cr_assert_not(has_table(&f, "eng_c"));
    cr_assert_not(has_column(&f, "eng_a", "x"));
    char *name = NULL;
    cr_assert_eq(rt_db_query_value(f.db, "SELECT name FROM eng_a", &name, &err), RT_OK, "%s",
                 err.message);
    cr_assert_str_eq(name, "kept");
    free(name);

    run_ok(&f, true, "e1000000002+2");
    expect_version(&f, "e1000000004");

    run_ok(&f, false, "base");
    expect_version(&f, "");
    cr_assert_not(has_table(&f, "eng_a"));
    cr_assert(has_table(&f, VT), "the version table stays, empty");
    cr_assert(strstr(log_text(&f), "Running downgrade e1000000001 -> , step e1000000001\n"), "%s",
              log_text(&f));

    /* Targets in the wrong direction change nothing. */
    cr_assert_eq(run(&f, false, "e1000000003", &err), RT_EGRAPH);
    cr_assert(strstr(err.message, "is not applied"), "%s", err.message);
    expect_version(&f, "");
    drop_all(&f);
    close_fixture(&f);
}

/* Revision 3 of 5 fails on its last statement. */
static void failing_third(const char *url, bool transactional)
{
    fixture f;
    open_db(&f, url);
    drop_all(&f);
    five(true);
    load_graph(&f);
    cr_assert_eq(rt_db_transactional_ddl(f.db), transactional);

    rt_error err;
    cr_assert_eq(run(&f, true, "head", &err), RT_EMIGRATE, "%s", err.message);
    cr_log_info("%s report:\n%s", f.url->dialect, err.message);
    char *path = rev_path("e1000000003");
    char *where = rt_xasprintf("%s:11:1: upgrade of revision e1000000003 failed on this "
                               "statement:\n    INSERT INTO eng_missing (id) VALUES (1)\n",
                               path);
    cr_assert(strncmp(err.message, where, strlen(where)) == 0, "got:\n%s\nwanted start:\n%s",
              err.message, where);
    cr_assert(strstr(err.message, "eng_missing"), "the server's message: %s", err.message);
    const char *log = log_text(&f);
    cr_assert(strstr(log, "Running upgrade e1000000002 -> e1000000003"), "%s", log);
    cr_assert_null(strstr(log, "e1000000004,"), "%s", log);

    expect_version(&f, "e1000000002");
    cr_assert(has_table(&f, "eng_a"));
    cr_assert(has_table(&f, "eng_b"));
    cr_assert_not(has_table(&f, "eng_d"));
    if (transactional) {
        cr_assert(strstr(err.message, "The revision was rolled back; the database stays at "
                                      "revision e1000000002."),
                  "%s", err.message);
        cr_assert_not(has_table(&f, "eng_c"), "nothing of revision 3 may remain");
        cr_assert_not(has_column(&f, "eng_a", "x"), "nothing of revision 3 may remain");
    } else {
        char *applied = rt_xasprintf(
            "left partly migrated: the version table still records revision e1000000002, but "
            "these statements of e1000000003 were already applied:\n"
            "  %s:9:1:\n    CREATE TABLE eng_c",
            path);
        cr_assert(strstr(err.message, applied), "got:\n%s\nwanted:\n%s", err.message, applied);
        free(applied);
        applied = rt_xasprintf("  %s:10:1:\n    ALTER TABLE eng_a ADD", path);
        cr_assert(strstr(err.message, applied), "got:\n%s", err.message);
        free(applied);
        cr_assert(has_table(&f, "eng_c"), "MySQL commits DDL: the report must say so");
    }
    if (strcmp(f.url->dialect, "sqlite") != 0)
        cr_assert(err.sqlstate[0], "the server's SQLSTATE is kept: %s", err.message);
    free(where);
    free(path);
    drop_all(&f);
    close_fixture(&f);
}

/* A parse error in revision 4 of the plan: nothing runs, not even 1. */
static void parse_error_runs_nothing(const char *url)
{
    fixture f;
    open_db(&f, url);
    drop_all(&f);
    five(false);
    rev("e1000000004", "e1000000003", "CREATE TABLE eng_d (id INTEGER PRIMARY KEY,,);",
        "DROP TABLE eng_d;");
    load_graph(&f);
    rt_error err;
    cr_assert_eq(run(&f, true, "head", &err), RT_EPARSE, "%s", err.message);
    char *path = rev_path("e1000000004");
    char *where = rt_xasprintf("%s:9:", path);
    free(path);
    cr_assert(strncmp(err.message, where, strlen(where)) == 0, "%s", err.message);
    free(where);
    cr_assert_str_eq(log_text(&f), "");
    cr_assert_not(has_table(&f, "eng_a"));
    cr_assert_not(has_table(&f, VT));
    expect_version(&f, "");
    drop_all(&f);
    close_fixture(&f);
}

static char *sqlite_url(void)
{
    return rt_xasprintf("sqlite:///%s/x.db", dir);
}

Test(engine, sqlite_upgrade_downgrade_walk)
{
    char *url = sqlite_url();
    walk_history(url);
    free(url);
}

Test(engine, sqlite_failure_in_third_of_five_rolls_back)
{
    char *url = sqlite_url();
    failing_third(url, true);
    free(url);
}

Test(engine, sqlite_parse_error_runs_nothing)
{
    char *url = sqlite_url();
    parse_error_runs_nothing(url);
    free(url);
}

/* The same three on the path a plan past the keep budget takes. */
Test(engine, sqlite_long_plan_renders_each_revision_as_it_runs)
{
    keep_bytes = 1;
    char *url = sqlite_url();
    walk_history(url);
    failing_third(url, true);
    parse_error_runs_nothing(url);
    free(url);
}

/* Writes the version table from the rows in *rows to those of next
 * (NULL-terminated), which must succeed and read back as want; *rows then
 * holds next. */
static void write_rows(fixture *f, rt_strv *rows, const char *const *next, const char *want)
{
    rt_strv after = RT_STRV_INIT;
    for (; *next; next++)
        rt_strv_push(&after, *next);
    rt_error err;
    cr_assert_eq(rt_version_write(f->db, VT, rows, &after, &err), RT_OK, "%s", err.message);
    expect_version(f, want);
    rt_strv_free(rows);
    *rows = after;
}

Test(engine, version_table_shape_and_writes)
{
    char *url = sqlite_url();
    fixture f;
    open_db(&f, url);
    rt_error err;
    rt_strv heads = RT_STRV_INIT;
    cr_assert_eq(rt_version_read(f.db, VT, &heads, &err), RT_OK, "%s", err.message);
    cr_assert_eq(heads.n, 0);
    cr_assert_eq(rt_version_ensure(f.db, VT, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_version_ensure(f.db, VT, &err), RT_OK, "twice is fine: %s", err.message);
    char *ddl = NULL;
    cr_assert_eq(rt_db_query_value(f.db, "SELECT sql FROM sqlite_master WHERE name = 'eng_version'",
                                   &ddl, &err),
                 RT_OK, "%s", err.message);
    cr_assert(strstr(ddl, "version_num VARCHAR(32) NOT NULL"), "%s", ddl);
    cr_assert(strstr(ddl, "CONSTRAINT eng_version_pkc PRIMARY KEY (version_num)"), "%s", ddl);
    free(ddl);

    rt_strv rows = RT_STRV_INIT;
    write_rows(&f, &rows, (const char *[]){ "bbbb", "aaaa", NULL }, "aaaa,bbbb");
    write_rows(&f, &rows, (const char *[]){ "aaaa", "cccc", NULL }, "aaaa,cccc");
    char *n = NULL;
    cr_assert_eq(rt_db_query_value(f.db, "SELECT COUNT(*) FROM eng_version", &n, &err), RT_OK);
    cr_assert_str_eq(n, "2");
    free(n);

    /* A merge: two rows become one, then none. */
    write_rows(&f, &rows, (const char *[]){ "dddd", NULL }, "dddd");

    /* A linear step replaces the row in place: it never deletes it, so
     * where DDL commits on its own no moment exists without a version. */
    cr_assert_eq(rt_db_exec(f.db, "CREATE TRIGGER eng_no_delete BEFORE DELETE ON eng_version "
                                  "BEGIN SELECT RAISE(ABORT, 'version row deleted'); END",
                            &err),
                 RT_OK, "%s", err.message);
    write_rows(&f, &rows, (const char *[]){ "eeee", NULL }, "eeee");
    cr_assert_eq(rt_db_exec(f.db, "DROP TRIGGER eng_no_delete", &err), RT_OK, "%s", err.message);

    write_rows(&f, &rows, (const char *[]){ NULL }, "");
    rt_strv_free(&rows);
    rt_strv_free(&heads);
    close_fixture(&f);
    free(url);
}

Test(engine, model_at_replays_history)
{
    five(false);
    rt_graph *g = NULL;
    rt_error err;
    cr_assert_eq(rt_graph_load(&g, versions, &err), RT_OK, "%s", err.message);
    rt_strv heads = RT_STRV_INIT;
    rt_strv_push(&heads, "e1000000003");
    rt_schema s = RT_SCHEMA_INIT;
    cr_assert_eq(rt_engine_model_at(g, &heads, &rt_dialect_sqlite, &s, &err), RT_OK, "%s", err.message);
    cr_assert_eq(s.ntables, 3);
    rt_table *a = rt_schema_find_table(&s, "eng_a");
    cr_assert_not_null(a);
    cr_assert_not_null(rt_table_find_column(a, "x"));
    cr_assert_null(rt_schema_find_table(&s, "eng_d"));
    rt_schema_free(&s);
    rt_strv_free(&heads);

    rt_oplist ops = RT_OPLIST_INIT;
    cr_assert_eq(rt_engine_load_ops(rt_graph_find(g, "e1000000003", NULL), false,
                                    &rt_dialect_sqlite, &ops, &err),
                 RT_OK, "%s", err.message);
    cr_assert_eq(ops.n, 2);
    cr_assert_eq(ops.items[0].kind, RT_OP_DROP_COLUMN);
    cr_assert_eq(ops.items[0].line, 13);
    rt_oplist_free(&ops);
    rt_graph_free(g);
}

Test(engine, postgresql_upgrade_downgrade_walk)
{
    walk_history(rt_test_pg_url());
}

Test(engine, postgresql_failure_in_third_of_five_rolls_back)
{
    failing_third(rt_test_pg_url(), true);
}

Test(engine, postgresql_parse_error_runs_nothing)
{
    parse_error_runs_nothing(rt_test_pg_url());
}

Test(engine, mysql_upgrade_downgrade_walk)
{
    walk_history(rt_test_mysql_url());
}

Test(engine, mysql_failure_reports_partial_revision)
{
    failing_third(rt_test_mysql_url(), false);
}

Test(engine, mysql_failure_rendering_each_revision_as_it_runs)
{
    keep_bytes = 1;
    failing_third(rt_test_mysql_url(), false);
}
