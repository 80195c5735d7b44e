/* The walkthrough of issue 3 (and the seed's Step 2 of issue 6) through the
 * built `retort` binary on SQLite, checking output, exit status, the version
 * table and the live tables (with the sqlite3 CLI) after every step. */
#include "cli_helpers.h"

#include <unistd.h>

/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir
static char *db;
/* Revision ids and paths a test holds until its end, freed by teardown so
 * that no test ends in a list of frees. */
static rt_strv kept = RT_STRV_INIT;

static char *keep(char *s)
{
    rt_strv_push_owned(&kept, s);
    return s;
}

static void setup(void)
{
    rt_test_dir_setup();
    db = rt_xasprintf("%s/app.db", dir);
}

static void teardown(void)
{
    rt_test_dir_teardown();
    free(db);
    rt_strv_free(&kept);
}

TestSuite(e2e_sqlite, .init = setup, .fini = teardown, .timeout = 120);

static const char *base_up =
    "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);\n"
    "CREATE TABLE \"B\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);";
static const char *base_down = "DROP TABLE \"B\";\nDROP TABLE \"A\";";

/* Column names of table, comma separated ("" when it does not exist). */
static char *columns(const char *table)
{
    char *sql = rt_xasprintf("SELECT coalesce(group_concat(name, ','), '') FROM "
                             "pragma_table_info('%s')",
                             table);
    char *out = cli_sqlite(db, sql);
    free(sql);
    return out;
}

static void assert_columns(const char *table, const char *want)
{
    char *got = columns(table);
    cr_assert_str_eq(got, want, "table %s: columns '%s', expected '%s'", table, got, want);
    free(got);
}

static void assert_version(const char *want)
{
    char *got = cli_sqlite(db, "SELECT coalesce(group_concat(version_num, ','), '') FROM "
                               "retort_version");
    cr_assert_str_eq(got, want, "version rows '%s', expected '%s'", got, want);
    free(got);
}

/* The tables of the database but the migration log, retort's own
 * bookkeeping (test_lock_log covers it). */
static void assert_tables(const char *want)
{
    char *got = cli_sqlite(db, "SELECT coalesce(group_concat(name, ','), '') FROM (SELECT "
                               "name FROM sqlite_master WHERE type = 'table' AND name NOT "
                               "LIKE 'sqlite_%' AND name <> 'retort_version_log' ORDER BY "
                               "name)");
    cr_assert_str_eq(got, want, "tables '%s', expected '%s'", got, want);
    free(got);
}

/* `retort revision ARGS`, which must succeed: its output (caller frees), the
 * path it printed in *path and the new id in *id (both kept until
 * teardown). */
static char *revision_out(char **id, char **path, const char *args)
{
    char *out = NULL;
    int rc = cli_run(&out, dir, "revision %s", args);
    cr_assert_eq(rc, 0, "revision %s:\n%s", args, out);
    *path = keep(cli_generated_path(out));
    *id = keep(cli_header(*path, "Revision ID"));
    return out;
}

/* The same when only the new file matters: returns its path. */
static char *revision(char **id, const char *args)
{
    char *path;
    free(revision_out(id, &path, args));
    return path;
}

/* A shell command in the project folder that must succeed. */
static void sh_ok(const char *cmd)
{
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir, "%s", cmd), 0, "%s:\n%s", cmd, out);
    free(out);
}

static char *run_ok(const char *args)
{
    return cli_expect(0, dir, args);
}

/* `retort ARGS` succeeds and prints exactly the formatted text. */
__attribute__((format(printf, 2, 3))) static void expect_outf(const char *args,
                                                              const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *want = rt_xvasprintf(fmt, ap);
    va_end(ap);
    char *out = run_ok(args);
    cr_assert_str_eq(out, want, "retort %s", args);
    free(want);
    free(out);
}

/* `retort check` finds the models and the database in agreement. */
static void expect_check_clean(void)
{
    char *out = run_ok("check");
    cli_assert_has(out, "No new upgrade operations detected.");
    free(out);
}

static void init_project(void)
{
    free(run_ok("init migrations"));
}

Test(e2e_sqlite, issue3_walkthrough)
{
    char *out = run_ok("init migrations");
    cli_assert_has(out, "/migrations/versions' ...  done");
    free(out);

    /* revision -m baseline: migrations/versions/<12 hex>_baseline.sql */
    char *base, *a, *b;
    char *base_path = revision(&base, "-m \"baseline\"");
    cr_assert_eq(strlen(base), 12, "%s", base);
    cr_assert_eq(strspn(base, "0123456789abcdef"), 12, "%s", base);
    char *want_tail = rt_xasprintf("migrations/versions/%s_baseline.sql", base);
    size_t lp = strlen(base_path), lt = strlen(want_tail);
    cr_assert(lp >= lt && strcmp(base_path + lp - lt, want_tail) == 0, "%s", base_path);
    free(want_tail);
    char *h = cli_header(base_path, "Revises");
    cr_assert_str_eq(h, "");
    free(h);
    h = cli_header(base_path, "Message");
    cr_assert_str_eq(h, "baseline");
    free(h);
    h = cli_header(base_path, "Create Date");
    cr_assert(strlen(h) >= 19, "create date '%s'", h);
    free(h);
    cli_set_sections(base_path, base_up, base_down);

    /* upgrade head (URL given as in the issue) */
    out = run_ok("--url sqlite:///app.db upgrade head");
    cli_assert_hasf(out, "INFO  [retort.runtime.migration] Running upgrade  -> %s, baseline",
                    base);
    free(out);
    assert_tables("A,B,retort_version");
    assert_columns("A", "id,name");
    assert_version(base);
    free(cli_sqlite(db, "INSERT INTO A (name) VALUES ('kept'); INSERT INTO B (name) VALUES ('kept')"));

    char *a_path = revision(&a, "-m \"add thing to A\"");
    h = cli_header(a_path, "Revises");
    cr_assert_str_eq(h, base);
    free(h);
    cli_set_sections(a_path, "ALTER TABLE \"A\" ADD COLUMN thing VARCHAR(50);",
                     "ALTER TABLE \"A\" DROP COLUMN thing;");
    char *b_path = revision(&b, "-m \"add thing to B\"");
    h = cli_header(b_path, "Revises");
    cr_assert_str_eq(h, a);
    free(h);
    cli_set_sections(b_path, "ALTER TABLE \"B\" ADD COLUMN thing VARCHAR(50);",
                     "ALTER TABLE \"B\" DROP COLUMN thing;");
    /* Nothing ran yet. */
    assert_version(base);

    out = run_ok("upgrade head");
    cli_assert_hasf(out, "Running upgrade %s -> %s, add thing to A", base, a);
    cli_assert_hasf(out, "Running upgrade %s -> %s, add thing to B", a, b);
    free(out);
    assert_columns("A", "id,name,thing");
    assert_columns("B", "id,name,thing");
    assert_version(b);

    out = run_ok("downgrade -1");
    cli_assert_hasf(out, "Running downgrade %s -> %s, add thing to B", b, a);
    cli_assert_lacks(out, "add thing to A");
    free(out);
    assert_columns("A", "id,name,thing");
    assert_columns("B", "id,name");
    assert_version(a);
    /* Rows survived adding and dropping columns. */
    char *kept = cli_sqlite(db, "SELECT (SELECT name FROM A) || ',' || (SELECT name FROM B)");
    cr_assert_str_eq(kept, "kept,kept");
    free(kept);

    out = run_ok("downgrade -2");
    cli_assert_hasf(out, "Running downgrade %s -> %s, add thing to A", a, base);
    cli_assert_hasf(out, "Running downgrade %s -> , baseline", base);
    free(out);
    assert_tables("retort_version");
    assert_version("");

    out = run_ok("upgrade +1");
    cli_assert_hasf(out, "Running upgrade  -> %s, baseline", base);
    cli_assert_lacks(out, "add thing");
    free(out);
    assert_tables("A,B,retort_version");
    assert_columns("A", "id,name");
    assert_version(base);

    /* current: only the result on stdout. */
    expect_outf("current 2>/dev/null", "%s\n", base);

    out = run_ok("upgrade head");
    free(out);
    expect_outf("current 2>/dev/null", "%s (head)\n", b);

    expect_outf("history",
                "%s -> %s (head), add thing to B\n"
                "%s -> %s, add thing to A\n"
                "<base> -> %s, baseline\n",
                a, b, base, a, base);
    expect_outf("heads", "%s (head)\n", b);

    /* show takes a unique prefix. */
    char prefix[7];
    memcpy(prefix, a, 6);
    prefix[6] = '\0';
    char *args = rt_xasprintf("show %s", prefix);
    out = run_ok(args);
    free(args);
    char *want = rt_xasprintf("Rev: %s\nParent: %s\nPath: %s\n\n    add thing to A\n\n"
                              "    Revision ID: %s\n    Revises: %s\n    Create Date: ",
                              a, base, a_path, a, base);
    cr_assert(strncmp(out, want, strlen(want)) == 0, "got:\n%s\nwanted:\n%s", out, want);
    free(want);
    free(out);

}

Test(e2e_sqlite, unknown_target_exits_2_and_touches_nothing)
{
    init_project();
    char *base;
    char *p = revision(&base, "-m baseline");
    cli_set_sections(p, base_up, base_down);
    free(run_ok("upgrade head"));
    char *out = NULL;
    cr_assert_eq(cli_run(&out, dir, "upgrade zzzz9 2>&1 >/dev/null"), 2, "%s", out);
    cli_assert_has(out, "retort: error: ");
    cli_assert_has(out, "zzzz9");
    free(out);
    cr_assert_eq(cli_run(&out, dir, "downgrade nowhere 2>&1 >/dev/null"), 2, "%s", out);
    cli_assert_has(out, "nowhere");
    free(out);
    assert_version(base);
    assert_tables("A,B,retort_version");
}

Test(e2e_sqlite, bad_url_exits_2)
{
    init_project();
    char *out = NULL;
    cr_assert_eq(cli_run(&out, dir, "--url sqlite3:///x.db upgrade head 2>&1 >/dev/null"), 2,
                 "%s", out);
    cli_assert_has(out, "retort: error: ");
    cli_assert_has(out, "sqlite3");
    free(out);
    cr_assert(access("x.db", F_OK) != 0);
}

Test(e2e_sqlite, malformed_revision_reports_position_and_runs_nothing)
{
    init_project();
    char *base, *c, *d;
    char *p = revision(&base, "-m baseline");
    cli_set_sections(p, base_up, base_down);
    free(run_ok("upgrade head"));
    /* c is fine, d does not parse: neither may run. */
    char *pc = revision(&c, "-m \"add C\"");
    cli_set_sections(pc, "CREATE TABLE \"C\" (id INTEGER PRIMARY KEY);", "DROP TABLE \"C\";");
    char *pd = revision(&d, "-m \"broken\"");
    cli_set_sections(pd, "CREATE TABLE \"D\" (id INTEGER PRIMARY KEY,, name TEXT);",
                     "DROP TABLE \"D\";");
    char *out = NULL;
    cr_assert_eq(cli_run(&out, dir, "upgrade head"), 2, "%s", out);
    cli_assert_hasf(out, "%s:", pd);
    /* path:line:col: the broken statement sits on the first line of the
     * upgrade section (line 9 of the header-plus-sections layout or later). */
    const char *at = strstr(out, pd) + strlen(pd);
    int line = 0, col = 0;
    cr_assert_eq(sscanf(at, ":%d:%d:", &line, &col), 2, "no line:col in:\n%s", out);
    cr_assert(line >= 8 && col >= 1, "%d:%d", line, col);
    free(out);
    assert_version(base);
    assert_tables("A,B,retort_version");

    /* A broken header is reported with its position too. */
    rt_test_write_file(pd, "-- Revision ID: dddd4\n-- Revises: nosuchrev\n\n-- upgrade\n\n"
                           "-- downgrade\n");
    cr_assert_eq(cli_run(&out, dir, "upgrade head"), 2, "%s", out);
    cli_assert_hasf(out, "%s:2:", pd);
    cli_assert_has(out, "nosuchrev");
    free(out);
    cr_assert_eq(cli_run(&out, dir, "history 2>&1"), 2, "%s", out);
    free(out);
    assert_version(base);
}

Test(e2e_sqlite, failing_statement_exits_1_at_previous_revision)
{
    init_project();
    char *base, *c, *e;
    char *p = revision(&base, "-m baseline");
    cli_set_sections(p, base_up, base_down);
    char *pc = revision(&c, "-m \"add C\"");
    cli_set_sections(pc, "CREATE TABLE \"C\" (id INTEGER PRIMARY KEY);", "DROP TABLE \"C\";");
    char *pe = revision(&e, "-m \"fails\"");
    cli_set_sections(pe,
                     "CREATE TABLE \"E\" (id INTEGER PRIMARY KEY);\n"
                     "INSERT INTO \"E\" (id) VALUES (1);\n"
                     "INSERT INTO \"E\" (id) VALUES (1);",
                     "DROP TABLE \"E\";");
    char *out = NULL;
    cr_assert_eq(cli_run(&out, dir, "upgrade head"), 1, "%s", out);
    cli_assert_has(out, "retort: error: ");
    cli_assert_has(out, pe);
    cli_assert_has(out, "UNIQUE constraint failed");
    cli_assert_hasf(out, "Running upgrade %s -> %s, add C", base, c);
    free(out);
    /* base and C committed, E rolled back entirely. */
    assert_version(c);
    assert_tables("A,B,C,retort_version");

    /* Fixed, the same command goes on from there. */
    cli_set_sections(pe, "CREATE TABLE \"E\" (id INTEGER PRIMARY KEY);", "DROP TABLE \"E\";");
    out = run_ok("upgrade head");
    cli_assert_lacks(out, "add C");
    free(out);
    assert_version(e);
    assert_tables("A,B,C,E,retort_version");
}

/* The seed's Step 2: models and --autogenerate, then check. */
Test(e2e_sqlite, seed_step2_autogenerate_and_check)
{
    init_project();
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir,
                            "mkdir models && cp '%s'/examples/seed/models/* models/ && "
                            "sed -i 's|^# models = .*|models = models/*.sql|' retort.ini && "
                            "grep -q '^models = models/' retort.ini",
                            RT_SOURCE_DIR),
                 0, "%s", out);
    free(out);

    /* Baseline from an empty database: autogenerate writes both tables. */
    char *base, *a, *b;
    char *base_path;
    out = revision_out(&base, &base_path, "--autogenerate -m baseline");
    cli_assert_has(out, "INFO  [retort.autogenerate.compare] Detected added table 'A'");
    cli_assert_has(out, "INFO  [retort.autogenerate.compare] Detected added table 'B'");
    free(out);
    free(run_ok("upgrade head"));
    assert_columns("A", "id,name");
    assert_columns("B", "id,name");
    expect_check_clean();

    sh_ok("cp models/a.sql.1 models/a.sql");
    /* The models moved on: check fails with the difference. */
    cr_assert_eq(cli_run(&out, dir, "check"), 1, "%s", out);
    cli_assert_has(out, "Detected added column 'A.thing'");
    cli_assert_lacks(out, "retort: error");
    free(out);

    char *a_path;
    out = revision_out(&a, &a_path, "--autogenerate -m \"Adds new thing to A\"");
    cli_assert_has(out, "INFO  [retort.autogenerate.compare] Detected added column 'A.thing'");
    free(out);
    char *text = rt_test_read_file(a_path);
    cli_assert_has(text, "-- Message: Adds new thing to A");
    cli_assert_has(text, "thing");
    free(text);
    free(run_ok("upgrade head"));
    assert_columns("A", "id,name,thing");
    assert_version(a);
    expect_check_clean();

    sh_ok("cp models/b.sql.1 models/b.sql");
    char *b_path;
    out = revision_out(&b, &b_path, "--autogenerate -m \"Adds new thing to B\"");
    cli_assert_has(out, "Detected added column 'B.thing'");
    free(out);
    free(run_ok("upgrade head"));
    assert_columns("B", "id,name,thing");
    assert_version(b);

    free(run_ok("downgrade -1"));
    assert_columns("A", "id,name,thing");
    assert_columns("B", "id,name");
    assert_version(a);
    free(run_ok("downgrade -2"));
    assert_tables("retort_version");
    assert_version("");
    free(run_ok("upgrade +1"));
    assert_columns("A", "id,name");
    assert_columns("B", "id,name");
    assert_version(base);
    free(run_ok("upgrade head"));
    expect_check_clean();

    /* A removed column is destructive and flagged. */
    cr_assert_eq(rt_test_sh(&out, dir, "cp '%s'/examples/seed/models/b.sql models/b.sql",
                            RT_SOURCE_DIR),
                 0);
    free(out);
    out = run_ok("revision --autogenerate -m \"drop thing from B\"");
    cli_assert_has(out, "WARNING [retort.autogenerate.compare] Detected removed column 'B.thing'");
    cli_assert_has(out, "destructive");
    free(out);

}

Test(e2e_sqlite, seed_run_sh_manual_and_autogenerate)
{
    char *out = NULL;
    int rc = rt_test_sh(&out, dir, "RETORT='%s' bash '%s/examples/seed/run.sh' --manual",
                        RT_RETORT_BIN, RT_SOURCE_DIR);
    cr_assert_eq(rc, 0, "%s", out);
    cli_assert_has(out, "$ retort upgrade +1");
    cli_assert_has(out, "Walkthrough complete.");
    free(out);
    rc = rt_test_sh(&out, dir, "RETORT='%s' bash '%s/examples/seed/run.sh'", RT_RETORT_BIN,
                    RT_SOURCE_DIR);
    cr_assert_eq(rc, 0, "%s", out);
    cli_assert_has(out, "Detected added column 'A.thing'");
    cli_assert_has(out, "No new upgrade operations detected.");
    cli_assert_has(out, "Walkthrough complete.");
    free(out);
}
