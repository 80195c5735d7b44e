/* upgrade/downgrade --sql: the script, piped into the database's own client
 * (sqlite3, psql, mariadb), leaves exactly the schema, version table and
 * migration log that the online run leaves, step by step, on each backend. */
#include "matrix_helpers.h"
#include "rt_test_driver.h"

/* Tables, an index, a foreign key, data with quotes, a view, a `-- dialect:`
 * block, a NOT NULL change (a table rebuild on SQLite, which offline is
 * rendered from the model); downgrade undoes each. */
static void off_history(mx_project *p)
{
    mx_write_revision(p, "aa01", "", "tables",
                      "CREATE TABLE authors (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL);\n"
                      "CREATE TABLE \"Book List\" (id INTEGER PRIMARY KEY, author_id INTEGER "
                      "REFERENCES authors (id), \"Title\" VARCHAR(200));",
                      "DROP TABLE \"Book List\";\nDROP TABLE authors;");
    mx_write_revision(p, "bb02", "aa01", "index and data",
                      "CREATE INDEX ix_book_title ON \"Book List\" (\"Title\");\n"
                      "INSERT INTO authors (id, name) VALUES (1, 'O''Brien; \"x\"');\n"
                      "INSERT INTO \"Book List\" (id, author_id, \"Title\") "
                      "VALUES (1, 1, 'It''s -- no comment');",
                      "DELETE FROM \"Book List\";\nDELETE FROM authors;\nDROP INDEX ix_book_title;");
    mx_write_revision(p, "cc03", "bb02", "view and dialect blocks",
                      "ALTER TABLE authors ADD COLUMN born INTEGER;\n"
                      "CREATE VIEW author_names AS SELECT name FROM authors;\n"
                      "ALTER TABLE \"Book List\" ALTER COLUMN \"Title\" SET NOT NULL;\n"
                      "-- dialect: postgresql\n"
                      "CREATE TABLE pg_only (id INTEGER PRIMARY KEY);\n"
                      "-- dialect: mysql, sqlite\n"
                      "CREATE TABLE other_only (id INTEGER PRIMARY KEY);",
                      "-- dialect: postgresql\nDROP TABLE pg_only;\n"
                      "-- dialect: mysql, sqlite\nDROP TABLE other_only;\n"
                      "-- dialect: all\nDROP VIEW author_names;\n"
                      "ALTER TABLE \"Book List\" ALTER COLUMN \"Title\" DROP NOT NULL;\n"
                      "ALTER TABLE authors DROP COLUMN born;");
}

/* Schema, version rows, log rows (but times and user), the view's and the
 * data's contents: what a run leaves. Caller frees. */
static char *off_state(mx_project *p)
{
    rt_error err;
    rt_url *url = NULL;
    rt_db *db = NULL;
    cr_assert_eq(rt_url_parse(&url, p->url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    rt_buf b = RT_BUF_INIT;
    char *schema = rt_test_live_summary(p->url);
    rt_buf_printf(&b, "schema:\n%sversion:\n", schema);
    free(schema);
    static const char *const queries[] = {
        "SELECT version_num FROM retort_version ORDER BY version_num",
        "SELECT id, revision, direction, checksum, statements, applied, outcome, "
        "CASE WHEN finished_at IS NULL THEN 'open' ELSE 'done' END FROM retort_version_log "
        "ORDER BY id",
    };
    for (size_t i = 0; i < 2; i++) {
        cr_assert_eq(rt_db_query(db, queries[i], rt_test_collect_rows, &b, &err), RT_OK, "%s: %s",
                     queries[i], err.message);
        rt_buf_append(&b, "\n--\n");
    }
    const char *view = "SELECT name FROM author_names";
    if (rt_db_query(db, view, rt_test_collect_rows, &b, &err) != RT_OK)
        rt_buf_append(&b, "no view");
    const char *data = "SELECT a.name, b.\"Title\" FROM authors a JOIN \"Book List\" b "
                       "ON b.author_id = a.id";
    if (rt_db_query(db, data, rt_test_collect_rows, &b, &err) != RT_OK)
        rt_buf_append(&b, "no data");
    rt_db_close(db);
    rt_url_free(url);
    return rt_buf_steal(&b);
}

/* The backend's own client reading the script at path, stopping at the
 * first error. */
static char *off_client(mx_project *p, const char *path)
{
    rt_url *url = NULL;
    rt_error err;
    cr_assert_eq(rt_url_parse(&url, p->url, &err), RT_OK, "%s", err.message);
    char *cmd = NULL;
    if (p->backend == RT_TB_SQLITE)
        cmd = rt_xasprintf("sqlite3 -bail '%s' < '%s'", url->database, path);
    else if (p->backend == RT_TB_POSTGRESQL)
        cmd = rt_xasprintf("psql -X -q -v ON_ERROR_STOP=1 '%s' -f '%s'", p->url, path);
    else
        cmd = rt_xasprintf("mariadb -h '%s' -P %d -u '%s' -p'%s' '%s' < '%s'", url->host,
                           url->port, url->user, url->password, url->database, path);
    rt_url_free(url);
    return cmd;
}

/* `retort ARGS --sql` (connecting to nothing: the URL is the bare dialect),
 * then the script through the client. */
static void off_pipe(mx_project *p, const char *args)
{
    static const char *const bare[] = { "sqlite://", "postgresql://", "mysql://" };
    char *script = rt_xasprintf("%s/script.sql", p->dir);
    char *out = NULL;
    int rc = cli_run(&out, p->dir, "--url %s %s --sql > '%s'", bare[p->backend], args, script);
    cr_assert_eq(rc, 0, "[%s] retort %s --sql: %s", rt_test_matrix_name(p->backend), args, out);
    free(out);
    char *cmd = off_client(p, script);
    rc = rt_test_sh(&out, p->dir, "%s", cmd);
    char *text = rt_test_read_file(script);
    cr_assert_eq(rc, 0, "[%s] %s failed:\n%s\nscript:\n%s", rt_test_matrix_name(p->backend),
                 cmd, out, text);
    free(text);
    free(out);
    free(cmd);
    free(script);
}

static void off_compare(rt_test_backend b)
{
    static const char *const online[] = { "upgrade bb02", "upgrade head", "downgrade bb02",
                                          "upgrade head", "downgrade base" };
    static const char *const offline[] = { "upgrade bb02", "upgrade bb02:head",
                                           "downgrade head:bb02", "upgrade bb02:head",
                                           "downgrade head:base" };
    enum { N = sizeof online / sizeof *online };
    mx_project p = mx_open_project(b, "");
    off_history(&p);
    char *want[N];
    for (size_t i = 0; i < N; i++) {
        mx_run_ok(&p, online[i]);
        want[i] = off_state(&p);
    }
    /* The states compared are worth comparing: data, view, log rows. */
    cli_assert_has(want[1], "O'Brien; \"x\"|It's -- no comment");
    cli_assert_has(want[1], "|cc03|up|");
    cli_assert_has(want[4], "|aa01|down|");
    rt_test_db_reset(p.url);
    for (size_t i = 0; i < N; i++) {
        off_pipe(&p, offline[i]);
        char *got = off_state(&p);
        cr_assert_str_eq(got, want[i], "[%s] after '%s --sql' vs online '%s':\n--- offline\n"
                         "%s--- online\n%s",
                         rt_test_matrix_name(b), offline[i], online[i], got, want[i]);
        free(got);
        free(want[i]);
    }
    mx_free(&p);
}

Test(offline, sqlite) { off_compare(RT_TB_SQLITE); }
Test(offline, postgresql) { off_compare(RT_TB_POSTGRESQL); }
Test(offline, mysql) { off_compare(RT_TB_MYSQL); }

/* A script run on a database that is not at its FROM: the statements of
 * downgrade bb02:aa01 all succeed on a database at cc03, but the version
 * UPDATE matches no row, so the guarded log row fails, and the revision's
 * transaction never commits: the database is as it was. */
Test(offline, wrong_start)
{
    mx_project p = mx_open_project(RT_TB_SQLITE, "");
    off_history(&p);
    mx_run_ok(&p, "upgrade head");
    char *before = off_state(&p);
    char *script = rt_xasprintf("%s/script.sql", p.dir);
    char *out = NULL;
    cr_assert_eq(cli_run(&out, p.dir, "--url sqlite:// downgrade bb02:aa01 --sql > '%s'", script),
                 0, "%s", out);
    free(out);
    char *cmd = off_client(&p, script);
    int rc = rt_test_sh(&out, p.dir, "%s", cmd);
    cr_assert_neq(rc, 0, "the script ran through on a database at cc03:\n%s", out);
    cli_assert_has(out, "outcome");
    char *after = off_state(&p);
    cr_assert_str_eq(after, before, "the failed script changed the database");
    free(after);
    free(before);
    free(out);
    free(cmd);
    free(script);
    mx_free(&p);
}

/* Refusals, each with a clear message and exit status 2, and nothing on
 * stdout: a half script must not reach a pipe. */
Test(offline, errors)
{
    mx_project p = mx_open_project(RT_TB_SQLITE, "");
    off_history(&p);
    static const struct {
        const char *args, *says;
    } cases[] = {
        { "--url postgresql:// downgrade head --sql", "downgrade --sql needs a range FROM:TO" },
        { "--url mysql:// upgrade zz99 --sql", "No revision 'zz99'" },
        { "--url mysql:// upgrade zz99:head --sql", "the range's FROM 'zz99'" },
        { "--url sqlite:// upgrade aa01:head:x --sql", "is not a range" },
        { "--url sqlite:// upgrade cc03:aa01 --sql", "below the current revision" },
        { "--url postgresql:// upgrade head", "names no host and no database" },
        { "--url mysql:// current", "names no host and no database" },
        { "upgrade aa01:head", "is for --sql only" },
        { "--url postgresql:// upgrade head --sql --single-transaction",
          "--single-transaction does not apply to --sql" },
        { "--url sqlite:// downgrade head:base --single-transaction --sql",
          "one BEGIN/COMMIT per revision" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *out = NULL, *err = NULL;
        int rc = cli_run(&out, p.dir, "%s 2>/dev/null", cases[i].args);
        cr_assert_eq(rc, 2, "retort %s exited %d", cases[i].args, rc);
        cr_assert_str_eq(out, "", "retort %s wrote to stdout:\n%s", cases[i].args, out);
        rc = cli_run(&err, p.dir, "%s 2>&1 >/dev/null", cases[i].args);
        cli_assert_has(err, cases[i].says);
        free(out);
        free(err);
    }
    /* The script's shape per backend: MySQL gets its session settings and
     * no transaction; PostgreSQL creates the version table inside the
     * first revision's, and reads only its own `-- dialect:` blocks. */
    char *out = NULL;
    cr_assert_eq(cli_run(&out, p.dir, "--url mysql:// upgrade head --sql"), 0, "%s", out);
    cli_assert_has(out, "SET SESSION sql_mode");
    cli_assert_lacks(out, "BEGIN;");
    free(out);
    cr_assert_eq(cli_run(&out, p.dir, "--url postgresql:// upgrade head --sql"), 0, "%s", out);
    cli_assert_has(out, "BEGIN;\nCREATE TABLE retort_version (");
    cli_assert_has(out, "-- Running upgrade  -> aa01, tables");
    cli_assert_has(out, "migration lock is not taken");
    cli_assert_has(out, "CREATE TABLE pg_only");
    cli_assert_lacks(out, "other_only");
    free(out);
    mx_free(&p);
}

/* MySQL spells a reference from a named database to the current one with
 * the current database's name: offline it comes from the URL, and a bare
 * mysql:// is refused, naming the way out. */
Test(offline, mysql_needs_database)
{
    mx_project p = mx_open_project(RT_TB_SQLITE, "");
    mx_write_revision(&p, "aa01", "", "cross-database reference",
                      "CREATE TABLE authors (id INTEGER PRIMARY KEY);\n"
                      "CREATE TABLE other.books (id INTEGER PRIMARY KEY, author_id INTEGER "
                      "REFERENCES authors (id));",
                      "DROP TABLE other.books;\nDROP TABLE authors;");
    char *out = NULL;
    cr_assert_eq(cli_run(&out, p.dir, "--url mysql:// upgrade head --sql 2>&1"), 2, "%s", out);
    cli_assert_has(out, "whose name is unknown here");
    cli_assert_has(out, "mysql:///app");
    cli_assert_lacks(out, "CREATE TABLE");
    free(out);
    cr_assert_eq(cli_run(&out, p.dir, "--url mysql:///app upgrade head --sql 2>/dev/null"), 0,
                 "%s", out);
    cli_assert_has(out, "REFERENCES app.authors (id)");
    free(out);
    mx_free(&p);
}
