/* The SQLite table rebuild against what the live table holds beyond the
 * revisions, through the built `retort` binary, natively and over ODBC:
 * a column added by hand stops the run before anything runs (before: the
 * column and its 10,000 values were gone, exit 0); indexes made by hand and
 * triggers (before: dropped by every rebuild) are there after it. */
#include "cli_helpers.h"

/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir
static char *db;

static void setup(void)
{
    rt_test_dir_setup();
    db = rt_xasprintf("%s/app.db", dir);
}

static void teardown(void)
{
    rt_test_dir_teardown();
    free(db);
}

TestSuite(sqlite_rebuild_live, .init = setup, .fini = teardown, .timeout = 120);

static char *url(bool odbc)
{
    return odbc ? rt_xasprintf("sqlite+odbc:///%s?driver=SQLite3", db)
                : rt_xasprintf("sqlite:///%s", db);
}

/* A revision file with fixed id; down is the previous id or "". */
static void put_revision(const char *id, const char *down, const char *up_sql)
{
    char *path = rt_xasprintf("%s/migrations/versions/%s_r.sql", dir, id);
    char *text = rt_xasprintf("-- Revision ID: %s\n-- Revises: %s\n-- Message: r\n\n"
                              "-- upgrade\n%s\n\n-- downgrade\n",
                              id, down, up_sql);
    rt_test_write_file(path, text);
    free(text);
    free(path);
}

static char *sql(const char *q)
{
    return cli_sqlite(db, q);
}

static void assert_sql(const char *q, const char *want)
{
    char *got = sql(q);
    cr_assert_str_eq(got, want, "%s: got '%s', expected '%s'", q, got, want);
    free(got);
}

static int upgrade(bool odbc, char **out)
{
    char *u = url(odbc);
    int rc = cli_run(out, dir, "--url '%s' upgrade head", u);
    free(u);
    return rc;
}

static void upgrade_ok(bool odbc)
{
    char *out = NULL;
    int rc = upgrade(odbc, &out);
    cr_assert_eq(rc, 0, "upgrade head exited %d:\n%s", rc, out);
    free(out);
}

/* upgrade head must be refused before anything runs (exit 2); returns its
 * output (caller frees). */
static char *upgrade_refused(bool odbc)
{
    char *out = NULL;
    int rc = upgrade(odbc, &out);
    cr_assert_eq(rc, 2, "upgrade head exited %d:\n%s", rc, out);
    cli_assert_has(out, "would be lost");
    return out;
}

static void init_project(void)
{
    free(cli_expect(0, dir, "init migrations"));
}

static void hand_column_is_refused(bool odbc)
{
    init_project();
    put_revision("a1", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10));");
    upgrade_ok(odbc);
    free(sql("ALTER TABLE t ADD COLUMN extra TEXT; "
             "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
             "INSERT INTO t (id, v, extra) SELECT i, 'v', 'x' || i FROM n; "
             "CREATE INDEX hand_ix ON t (extra)"));
    put_revision("a2", "a1", "ALTER TABLE t ALTER COLUMN v TYPE VARCHAR(50);");
    char *out = upgrade_refused(odbc);
    cli_assert_has(out, "a2_r.sql:6:1: ");
    cli_assert_has(out, "SQLite table \"t\"");
    cli_assert_has(out, "column \"extra\"");
    free(out);
    assert_sql("SELECT count(extra) FROM t", "10000");
    assert_sql("SELECT version_num FROM retort_version", "a1");
    assert_sql("SELECT count(*) FROM sqlite_master WHERE name = 'hand_ix'", "1");
}

Test(sqlite_rebuild_live, hand_column_is_refused)
{
    hand_column_is_refused(false);
}

Test(sqlite_rebuild_live, hand_column_is_refused_over_odbc)
{
    hand_column_is_refused(true);
}

static void triggers_and_hand_indexes_are_kept(bool odbc)
{
    init_project();
    put_revision("b1", "",
                 "CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10));\n"
                 "CREATE TABLE audit (id INTEGER PRIMARY KEY, note TEXT);");
    upgrade_ok(odbc);
    free(sql("CREATE INDEX hand_ix ON t (v); INSERT INTO t (id, v) VALUES (1, 'one')"));
    /* The trigger comes from a revision of the same run as the rebuild:
     * the rebuild must see it although validation ran before it existed. */
    put_revision("b2", "b1",
                 "CREATE TRIGGER t_audit AFTER INSERT ON t BEGIN\n"
                 "  INSERT INTO audit (note) VALUES ('added ' || NEW.v);\n"
                 "END;");
    put_revision("b3", "b2", "ALTER TABLE t ALTER COLUMN v TYPE VARCHAR(50);");
    upgrade_ok(odbc);
    assert_sql("SELECT version_num FROM retort_version", "b3");
    assert_sql("SELECT type FROM pragma_table_info('t') WHERE name = 'v'", "VARCHAR(50)");
    assert_sql("SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE "
               "tbl_name = 't' AND type IN ('index', 'trigger') ORDER BY name)",
               "hand_ix,t_audit");
    assert_sql("SELECT v FROM t", "one");
    free(sql("INSERT INTO t (id, v) VALUES (2, 'two')"));
    assert_sql("SELECT note FROM audit", "added two");
}

Test(sqlite_rebuild_live, triggers_and_hand_indexes_are_kept)
{
    triggers_and_hand_indexes_are_kept(false);
}

Test(sqlite_rebuild_live, triggers_and_hand_indexes_are_kept_over_odbc)
{
    triggers_and_hand_indexes_are_kept(true);
}

/* A hand-made index on the column the rebuild drops cannot be kept. */
Test(sqlite_rebuild_live, hand_index_on_dropped_column_is_refused)
{
    init_project();
    put_revision("c1", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER,\n"
                           "  CONSTRAINT b_pos CHECK (b > 0));");
    upgrade_ok(false);
    free(sql("CREATE INDEX hand_b ON t (b)"));
    put_revision("c2", "c1", "ALTER TABLE t DROP COLUMN b;");
    char *out = upgrade_refused(false);
    cli_assert_has(out, "index \"hand_b\"");
    cli_assert_has(out, "column \"b\"");
    free(out);
    assert_sql("SELECT version_num FROM retort_version", "c1");
}

/* A column dropped earlier in the same run is not "unknown" to a later
 * rebuild of the table. */
Test(sqlite_rebuild_live, column_dropped_earlier_in_the_plan)
{
    init_project();
    put_revision("d1", "", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);");
    upgrade_ok(false);
    put_revision("d2", "d1", "ALTER TABLE t DROP COLUMN b;");
    put_revision("d3", "d2", "ALTER TABLE t ALTER COLUMN a TYPE BIGINT;");
    upgrade_ok(false);
    assert_sql("SELECT group_concat(name) FROM pragma_table_info('t')", "id,a");
}
