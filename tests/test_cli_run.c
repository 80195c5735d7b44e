/* How a run goes, through the built binary: --single-transaction and the
 * ini key transaction_per_migration (SQLite, PostgreSQL native and over
 * ODBC, refused on MySQL), -q/-v, and the progress line of a long run on
 * a terminal (through `script`). */
#include "cli_helpers.h"
#include "db.h"
#include "rt_test_db.h"

#include <unistd.h>

static char *dir;
static char *versions;

static void setup(void)
{
    dir = rt_test_tmpdir();
    versions = rt_xasprintf("%s/migrations/versions", dir);
    char *out = NULL;
    rt_test_sh(&out, NULL, "mkdir -p '%s'", versions);
    free(out);
}

static void teardown(void)
{
    rt_test_rmtree(dir);
    free(dir);
    free(versions);
}

TestSuite(run, .init = setup, .fini = teardown, .timeout = 120);

/* retort.ini for url, with extra lines in [retort] (may be ""). */
static void write_ini(const char *url, const char *extra)
{
    char *path = rt_xasprintf("%s/retort.ini", dir);
    char *text = rt_xasprintf("[retort]\nscript_location = migrations\nurl = %s\n%s", url,
                              extra);
    rt_test_write_file(path, text);
    free(text);
    free(path);
}

/* Revisions <id>1..<id>n in a line, each creating table <table><i>; the
 * upgrade of number bad (0: none) fails on its second statement, the
 * downgrade of number bad_down (0: none) on its first. */
static void write_chain(const char *id, const char *table, int n, int bad, int bad_down)
{
    for (int i = 1; i <= n; i++) {
        char rev[16], down[16] = "";
        snprintf(rev, sizeof rev, "%s%d", id, i);
        if (i > 1)
            snprintf(down, sizeof down, "%s%d", id, i - 1);
        char *up = rt_xasprintf("CREATE TABLE %s%d (id INTEGER PRIMARY KEY);%s", table, i,
                                i == bad ? "\nINSERT INTO run_nosuch (id) VALUES (1);" : "");
        char *dn = rt_xasprintf("%sDROP TABLE %s%d;",
                                i == bad_down ? "DROP TABLE run_nosuch;\n" : "", table, i);
        rt_test_write_revision(versions, rev, down, up, dn);
        free(up);
        free(dn);
    }
}

/* r1..r5 creating run_t1..run_t5. */
static void write_revisions(int bad, int bad_down)
{
    write_chain("r", "run_t", 5, bad, bad_down);
}

/* One value through retort's own core (any backend); NULL when the query
 * fails (e.g. the table does not exist) or returns no row. Caller frees. */
static char *db_value(const char *url, const char *sql)
{
    rt_url *u = NULL;
    rt_db *db = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_url_parse(&u, url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, u, &err), RT_OK, "%s", err.message);
    char *v = NULL;
    if (rt_db_query_value(db, sql, &v, &err) != RT_OK)
        v = NULL;
    rt_db_close(db);
    rt_url_free(u);
    return v;
}

static bool has_table(const char *url, int i)
{
    char *sql = rt_xasprintf("SELECT COUNT(*) FROM run_t%d", i);
    char *v = db_value(url, sql);
    bool found = v != NULL;
    free(sql);
    free(v);
    return found;
}

/* The tables run_t1..run_t5 present, as "12" for run_t1 and run_t2. */
static char *tables(const char *url)
{
    rt_buf b = RT_BUF_INIT;
    for (int i = 1; i <= 5; i++)
        if (has_table(url, i))
            rt_buf_printf(&b, "%d", i);
    return rt_buf_steal(&b);
}

static void assert_state(const char *url, const char *want_version, const char *want_tables)
{
    char *v = db_value(url, "SELECT version_num FROM retort_version");
    cr_assert_str_eq(v ? v : "(none)", want_version, "version %s, expected %s",
                     v ? v : "(none)", want_version);
    free(v);
    char *t = tables(url);
    cr_assert_str_eq(t, want_tables, "tables run_t{%s}, expected run_t{%s}", t, want_tables);
    free(t);
}

static char *run(int want, const char *fmt, const char *url)
{
    char *args = rt_xasprintf(fmt, url);
    char *out = cli_expect(want, dir, args);
    free(args);
    return out;
}

/* The whole scenario of the issue on one backend: at r1, upgrade head in
 * one transaction with r4 failing leaves exactly r1; then the success path
 * and a downgrade that fails, both in one transaction. */
static void single_transaction_on(const char *url)
{
    rt_test_db_reset(url);
    write_ini(url, "");
    write_revisions(4, 0);
    free(run(0, "--url '%s' upgrade r1", url));
    char *out = run(1, "--url '%s' upgrade head --single-transaction", url);
    cli_assert_has(out, "r4_rev.sql:10:1: upgrade of revision r4 failed on this statement:");
    cli_assert_has(out, "so everything was rolled back, also the 2 revisions that had run "
                        "before it (r2, r3); the database stays at revision r1.");
    free(out);
    assert_state(url, "r1", "1");
    /* The log keeps the attempt: rolled back, then failed. */
    char *log = db_value(url, "SELECT COUNT(*) FROM retort_version_log WHERE outcome = "
                              "'rolled back' AND revision IN ('r2', 'r3')");
    cr_assert_str_eq(log, "2");
    free(log);
    log = db_value(url, "SELECT outcome FROM retort_version_log WHERE revision = 'r4'");
    cr_assert_str_eq(log, "failed");
    free(log);

    write_revisions(0, 2);
    out = run(0, "--url '%s' -v upgrade head --single-transaction", url);
    /* One BEGIN and one COMMIT for the four revisions. */
    const char *p = strstr(out, "DEBUG [retort.sql] BEGIN\n");
    cr_assert(p && !strstr(p + 1, "DEBUG [retort.sql] BEGIN\n"), "one BEGIN:\n%s", out);
    p = strstr(out, "DEBUG [retort.sql] COMMIT\n");
    cr_assert(p && !strstr(p + 1, "DEBUG [retort.sql] COMMIT\n"), "one COMMIT:\n%s", out);
    free(out);
    assert_state(url, "r5", "12345");

    out = run(1, "--url '%s' downgrade base --single-transaction", url);
    cli_assert_has(out, "downgrade of revision r2 failed on this statement:");
    cli_assert_has(out, "also the 3 revisions that had run before it (r5, r4, r3); the "
                        "database stays at revision r5.");
    free(out);
    assert_state(url, "r5", "12345");
}

Test(run, sqlite_single_transaction)
{
    char *url = rt_xasprintf("sqlite:///%s/app.db", dir);
    single_transaction_on(url);
    free(url);
}

/* The ini key, and the options over it. */
Test(run, sqlite_ini_key_and_precedence)
{
    char *url = rt_xasprintf("sqlite:///%s/app.db", dir);
    write_revisions(4, 0);
    write_ini(url, "transaction_per_migration = false\n");
    char *out = run(1, "--url '%s' upgrade head", url);
    cli_assert_has(out, "so everything was rolled back, also the 3 revisions");
    free(out);
    assert_state(url, "(none)", "");
    /* The option wins over the key. */
    out = run(1, "--url '%s' upgrade head --transaction-per-migration", url);
    cli_assert_has(out, "The revision was rolled back; the database stays at revision r3.");
    free(out);
    assert_state(url, "r3", "123");

    write_ini(url, "transaction_per_migration = true\n");
    out = run(1, "--url '%s' upgrade head --single-transaction", url);
    cli_assert_has(out, "The run was one transaction (--single-transaction");
    free(out);
    out = run(1, "--url '%s' upgrade head", url);
    cli_assert_has(out, "The revision was rolled back");
    free(out);

    out = run(2, "--url '%s' upgrade head --single-transaction --transaction-per-migration",
              url);
    cli_assert_has(out, "contradict each other");
    free(out);
    write_ini(url, "transaction_per_migration = sometimes\n");
    out = run(2, "--url '%s' upgrade head", url);
    cli_assert_has(out, "retort.ini:4: transaction_per_migration must be true or false.");
    free(out);
    assert_state(url, "r3", "123");
    free(url);
}

/* SQLite ignores PRAGMA foreign_keys in a transaction, and every revision
 * runs in one: refused before anything runs, file and line named. */
Test(run, sqlite_pragma_foreign_keys_refused)
{
    char *url = rt_xasprintf("sqlite:///%s/app.db", dir);
    write_ini(url, "");
    write_revisions(0, 0);
    rt_test_write_revision(versions, "r6", "r5",
                           "PRAGMA foreign_key_check;\nPRAGMA main.foreign_keys = ON;", "");
    char *out = run(2, "--url '%s' upgrade head --single-transaction", url);
    cli_assert_has(out, "r6_rev.sql:10:1: PRAGMA foreign_keys cannot change inside a "
                        "transaction");
    free(out);
    assert_state(url, "(none)", "");
    free(url);
}

Test(run, postgresql_single_transaction)
{
    single_transaction_on(rt_test_pg_url());
}

/* A deferred foreign key fails at COMMIT, after every revision ran: the
 * report says the commit failed and that all of it was rolled back. */
Test(run, postgresql_commit_fails)
{
    const char *url = rt_test_pg_url();
    rt_test_db_reset(url);
    write_ini(url, "");
    rt_test_write_revision(versions, "d1", "",
                           "CREATE TABLE run_p (id INTEGER PRIMARY KEY);\n"
                           "CREATE TABLE run_c (id INTEGER PRIMARY KEY, p_id INTEGER,\n"
                           "    CONSTRAINT fk_run_c FOREIGN KEY (p_id) REFERENCES run_p (id)\n"
                           "    DEFERRABLE INITIALLY DEFERRED);",
                           "DROP TABLE run_c;\nDROP TABLE run_p;");
    rt_test_write_revision(versions, "d2", "d1", "INSERT INTO run_c (id, p_id) VALUES (1, 42);",
                           "DELETE FROM run_c;");
    char *out = run(1, "--url '%s' upgrade head --single-transaction", url);
    cli_assert_has(out, "the upgrade failed at its commit, after its last revision d2:");
    cli_assert_has(out, "fk_run_c");
    cli_assert_has(out, "so everything was rolled back, all 2 revisions that had run (d1, d2); "
                        "the database stays at base (no revision applied).");
    free(out);
    char *v = db_value(url, "SELECT COUNT(*) FROM run_p");
    cr_assert_null(v, "run_p exists");
    v = db_value(url, "SELECT COUNT(*) FROM retort_version_log WHERE outcome = 'rolled back'");
    cr_assert_str_eq(v, "2");
    free(v);
    /* Per revision, the commit of d2 is what fails. */
    out = run(1, "--url '%s' upgrade head", url);
    cli_assert_has(out, "upgrade of revision d2 failed at its commit:");
    cli_assert_has(out, "The revision was rolled back; the database stays at revision d1.");
    free(out);
}

Test(run, odbc_postgresql_single_transaction)
{
    const char *url = getenv("RETORT_TEST_PG_ODBC_URL");
    cr_assert(url && *url, "RETORT_TEST_PG_ODBC_URL is not set (source the ci env)");
    single_transaction_on(url);
}

/* MySQL commits DDL at once: refused before anything runs, from the
 * option and from the key alike. */
Test(run, mysql_single_transaction_refused)
{
    const char *url = rt_test_mysql_url();
    rt_test_db_reset(url);
    write_revisions(0, 0);
    write_ini(url, "");
    char *out = run(2, "--url '%s' upgrade head --single-transaction", url);
    cli_assert_has(out, "needs transactional DDL, and mysql commits each CREATE, ALTER and "
                        "DROP at once");
    cli_assert_has(out, "nothing was run");
    cli_assert_lacks(out, "Running upgrade");
    free(out);
    write_ini(url, "transaction_per_migration = false\n");
    free(run(2, "--url '%s' upgrade head", url));
    char *v = db_value(url, "SELECT COUNT(*) FROM retort_version");
    cr_assert_null(v, "the version table exists: %s", v);
    char *t = tables(url);
    cr_assert_str_eq(t, "");
    free(t);
    /* --transaction-per-migration overrides the key. */
    out = run(0, "--url '%s' upgrade head --transaction-per-migration", url);
    free(out);
    assert_state(url, "r5", "12345");
}

/* -v: each statement before it runs, then its time; after current, -v is
 * Alembic's (the full header), not the statements. -q: errors only; the
 * command's own output stays. */
Test(run, output_verbose_and_quiet)
{
    char *url = rt_xasprintf("sqlite:///%s/app.db", dir);
    write_ini(url, "");
    write_revisions(4, 0);
    char *out = run(0, "--url '%s' upgrade r2 --verbose", url);
    const char *p = strstr(out, "DEBUG [retort.sql] CREATE TABLE run_t2 (");
    cr_assert_not_null(p, "statement logged:\n%s", out);
    cr_assert_not_null(strstr(p, "\nDEBUG [retort.sql] [done in "), "its time:\n%s", out);
    cr_assert(strstr(out, "Running upgrade r1 -> r2") < p, "statement after its revision");
    free(out);
    out = run(0, "--url '%s' current -v", url);
    cli_assert_has(out, "Rev: r2 (current)");
    cli_assert_lacks(out, "DEBUG");
    free(out);
    out = run(0, "--url '%s' -v current", url);
    cli_assert_has(out, "DEBUG [retort.sql] SELECT version_num FROM retort_version");
    free(out);

    out = run(0, "--url '%s' -q upgrade r3 2>&1 >/dev/null", url);
    cr_assert_str_eq(out, "");
    free(out);
    out = run(0, "--url '%s' current -q", url);
    cr_assert_str_eq(out, "r3\n");
    free(out);
    out = run(1, "--url '%s' --quiet upgrade head", url);
    cr_assert(strncmp(out, "retort: error: ", 15) == 0, "the error only:\n%s", out);
    free(out);
    out = run(2, "--url '%s' -q -v current", url);
    cli_assert_has(out, "contradict each other");
    free(out);
    free(url);
}

/* More than 50 revisions: a progress line on a terminal, none in a pipe. */
Test(run, progress_tty_only)
{
    char *url = rt_xasprintf("sqlite:///%s/app.db", dir);
    write_ini(url, "");
    write_chain("p", "run_p", 60, 0, 0);
    char *out = run(0, "--url '%s' upgrade head", url);
    cli_assert_lacks(out, "retort.progress");
    free(out);
    free(url);
    url = rt_xasprintf("sqlite:///%s/tty.db", dir);
    out = NULL;
    int rc = rt_test_sh(&out, dir, "script -qec \"env -u RETORT_URL '%s' --url '%s' upgrade "
                        "head\" /dev/null",
                        RT_RETORT_BIN, url);
    cr_assert_eq(rc, 0, "%s", out);
    cli_assert_has(out, "INFO  [retort.progress] upgrade 3 of 60 revisions (5%)");
    cli_assert_has(out, "INFO  [retort.progress] upgrade 57 of 60 revisions (95%)");
    cli_assert_has(out, " per second, about ");
    cli_assert_has(out, "INFO  [retort.progress] upgrade 60 revisions in ");
    free(out);
    free(url);
}
