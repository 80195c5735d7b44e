/* The revision-graph commands through the built binary: merge, branches,
 * heads --resolve-dependencies, branch-relative targets, relative history
 * ranges, short prefixes, revision --head/--version-path, version_locations,
 * edit and ensure_version. SQLite files in a fresh folder per test; the
 * cli_graph_db suite runs ensure_version on the PostgreSQL and MariaDB
 * servers. */
#include "cli_helpers.h"
#include "db.h"
#include "rt_test_db.h"
#include "url.h"

#include <sys/stat.h>
#include <unistd.h>

/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir

TestSuite(cli_graph, .init = rt_test_dir_setup, .fini = rt_test_dir_teardown);
TestSuite(cli_graph_db, .init = rt_test_dir_setup, .fini = rt_test_dir_teardown);

static char *run(const char *args)
{
    return cli_expect(0, dir, args);
}

static void ok(const char *args)
{
    free(run(args));
}

/* stdout alone of a command that must succeed equals want. */
static void expect_out(const char *args, const char *want)
{
    char *cmd = rt_xasprintf("%s 2>/dev/null", args);
    char *out = run(cmd);
    cr_assert_str_eq(out, want, "retort %s: got\n%s", args, out);
    free(out);
    free(cmd);
}

/* Fails with status 2 and an error line on stderr naming needle. */
static void expect_error(const char *args, const char *needle)
{
    char *cmd = rt_xasprintf("%s 2>&1 >/dev/null", args);
    char *err = cli_expect(2, dir, cmd);
    cli_assert_has(err, "retort: error: ");
    cli_assert_has(err, needle);
    free(err);
    free(cmd);
}

static char *path_in(const char *name)
{
    return rt_xasprintf("%s/%s", dir, name);
}

static char *header_of(const char *file, const char *key)
{
    char *path = path_in(file);
    char *v = cli_header(path, key);
    free(path);
    return v;
}

/* a000 -> b100 (left), a000 -> b200 (right). */
static void two_branches(void)
{
    ok("init migrations");
    ok("revision -m root --rev-id a000");
    ok("revision -m left --rev-id b100 --branch-label left");
    ok("revision -m right --rev-id b200 --head a000 --splice --branch-label right");
}

Test(cli_graph, merge_joins_the_heads)
{
    two_branches();
    expect_error("merge -m x", "merge needs the revisions to join");
    expect_error("merge -m x a000 b100", "Revision a000 is not a head revision");
    expect_error("merge -m x b100 left", "Duplicate head revisions specified (b100)");
    expect_error("merge -m x b100 nope", "No revision 'nope'");
    expect_error("merge -m x base", "No revision files indicated by symbol 'base'");
    expect_error("show base", "No revision files indicated by symbol 'base'");
    expect_error("merge -m x --rev-id a000 heads", "revision id 'a000' already exists");
    char *out = run("merge -m \"join both\" --rev-id m000 heads");
    cli_assert_has(out, "  Generating ");
    cli_assert_has(out, "/migrations/versions/m000_join_both.sql ...  done");
    free(out);
    char *revises = header_of("migrations/versions/m000_join_both.sql", "Revises");
    cr_assert_str_eq(revises, "b100, b200");
    free(revises);
    expect_out("heads", "m000 (head)\n");
    expect_out("history -r m000:", "b100, b200 -> m000 (head) (mergepoint), join both\n");
    ok("upgrade head");
    expect_out("current", "m000 (head) (mergepoint)\n");

    /* Named one by one, by prefix and label, with its own branch label. */
    ok("revision -m c1 --rev-id c100 --head m000");
    ok("revision -m c2 --rev-id c200 --head m000 --splice");
    ok("merge -m again --rev-id m1 --branch-label joined c1 c2");
    char *labels = header_of("migrations/versions/m1_again.sql", "Branch Labels");
    cr_assert_str_eq(labels, "joined");
    free(labels);
    expect_out("heads", "m1 (joined) (head)\n");
}

Test(cli_graph, branches_lists_branch_points_as_alembic)
{
    ok("init migrations");
    expect_out("branches", "");
    ok("revision -m root --rev-id a000");
    ok("revision -m left --rev-id b100 --branch-label left");
    expect_out("branches", "");
    ok("revision -m right --rev-id b200 --head a000 --splice --branch-label right");
    expect_out("branches", "a000 (branchpoint)\n"
                           "     -> b100 (left) (head)\n"
                           "     -> b200 (right) (head)\n"
                           "\n");
    char *out = run("branches -v 2>/dev/null");
    cli_assert_has(out, "Rev: a000 (branchpoint)\nParent: <base>\nBranches into: b100, b200\n");
    cli_assert_has(out, "     -> b100 (left) (head), left\n     -> b200 (right) (head), right\n");
    free(out);
    /* show takes any target, and shows each revision it names. */
    out = run("show right@head 2>/dev/null");
    cr_assert(strncmp(out, "Rev: b200 (head)\nParent: a000\n", 30) == 0, "%s", out);
    free(out);
    out = run("show heads 2>/dev/null");
    cr_assert(strncmp(out, "Rev: b100 (head)\n", 17) == 0, "%s", out);
    cli_assert_has(out, "\nRev: b200 (head)\n");
    free(out);
}

Test(cli_graph, show_and_history_mark_branch_and_merge_points)
{
    two_branches();
    ok("merge -m j --rev-id m000 heads");
    char *out = run("show a0 2>/dev/null");
    cr_assert(strncmp(out, "Rev: a000 (branchpoint)\n", 24) == 0, "%s", out);
    free(out);
    out = run("show m 2>/dev/null");
    cr_assert(strncmp(out, "Rev: m000 (head) (mergepoint)\nMerges: b100, b200\n", 48) == 0, "%s",
              out);
    free(out);
    expect_out("history", "b100, b200 -> m000 (head) (mergepoint), j\n"
                          "a000 -> b200 (right), right\n"
                          "a000 -> b100 (left), left\n"
                          "<base> -> a000 (branchpoint), root\n");
}

Test(cli_graph, any_unique_prefix_resolves)
{
    two_branches();
    ok("upgrade a");
    expect_out("current", "a000 (branchpoint)\n");
    expect_error("upgrade b", "Revision prefix 'b' is ambiguous: multiple revisions start with it "
                              "(b100, b200)");
    ok("upgrade b2");
    expect_out("current", "b200 (right) (head)\n");
}

/* Runs one statement on the database at url. */
static void db_exec(const char *url_text, const char *sql)
{
    rt_url *url = NULL;
    rt_db *db = NULL;
    rt_error err;
    cr_assert_eq(rt_url_parse(&url, url_text, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_exec(db, sql, &err), RT_OK, "%s", err.message);
    rt_db_close(db);
    rt_url_free(url);
}

Test(cli_graph, a_version_row_is_never_taken_as_a_prefix)
{
    two_branches();
    char *url = rt_xasprintf("sqlite:///%s/app.db", dir);
    char *args = rt_xasprintf("--url '%s' ensure_version", url);
    ok(args);
    free(args);
    db_exec(url, "INSERT INTO retort_version (version_num) VALUES ('a0')");
    args = rt_xasprintf("--url '%s' current", url);
    expect_error(args, "the database is at revision 'a0', which no file in");
    free(args);
    args = rt_xasprintf("--url '%s' upgrade head", url);
    expect_error(args, "The database is at revision 'a0', which is not in the versions folder");
    free(args);
    free(url);
}

Test(cli_graph, branch_relative_targets)
{
    two_branches();
    ok("revision -m left2 --rev-id b101 --head left@head");
    char *revises = header_of("migrations/versions/b101_left2.sql", "Revises");
    cr_assert_str_eq(revises, "b100");
    free(revises);

    /* Nothing of the branch applied: +1 is its first revision. */
    ok("upgrade left@+1");
    expect_out("current", "b100 (left)\n");
    ok("upgrade left@+1");
    expect_out("current", "b101 (head)\n");
    ok("upgrade right@+1");
    expect_out("current", "b101 (head)\nb200 (right) (head)\n");
    ok("downgrade left@-1");
    expect_out("current", "b100 (left)\nb200 (right) (head)\n");
    ok("downgrade right@base");
    expect_out("current", "b100 (left)\n");
    expect_error("downgrade right@-1", "nothing of branch 'right' is applied");
    ok("downgrade left@base");
    expect_out("current", "a000 (branchpoint)\n");
}

Test(cli_graph, history_ranges_count_from_the_other_end)
{
    ok("init migrations");
    ok("revision -m one --rev-id r1");
    ok("revision -m two --rev-id r2");
    ok("revision -m three --rev-id r3");
    ok("revision -m four --rev-id r4");
    ok("upgrade r3");
    expect_out("history -r -1:current", "r2 -> r3 (current), three\nr1 -> r2, two\n");
    expect_out("history -r-2:current", "r2 -> r3 (current), three\nr1 -> r2, two\n"
                                       "<base> -> r1, one\n");
    expect_out("history -r current:+1", "r3 -> r4 (head), four\nr2 -> r3 (current), three\n");
    expect_out("history -r r2:+1", "r2 -> r3, three\nr1 -> r2, two\n");
    expect_out("history -r -1:r2", "r1 -> r2, two\n<base> -> r1, one\n");
    expect_out("history -r -1:", "r3 -> r4 (head), four\nr2 -> r3, three\n");
    expect_out("history -r r4-2:r4-1", "r2 -> r3, three\nr1 -> r2, two\n");
    expect_error("history -r -1:+1", "only one side may be relative");
    expect_error("history -r current:+2", "goes past the head r4");
}

Test(cli_graph, revision_head_is_given_once)
{
    two_branches();
    expect_error("revision -m x --head b100 --head b200",
                 "--head given twice ('b100' and 'b200'): a revision revises one head; "
                 "'retort merge' joins several");
    expect_error("revision -m x --head a000", "revision a000 is not a head; pass --splice");
    ok("revision -m y --rev-id y1 --head right@head");
    char *revises = header_of("migrations/versions/y1_y.sql", "Revises");
    cr_assert_str_eq(revises, "b200");
    free(revises);
}

Test(cli_graph, heads_resolve_dependencies)
{
    ok("init migrations");
    ok("revision -m lib --rev-id l1");
    ok("revision -m app --rev-id p1 --head base --depends-on l1");
    expect_out("heads", "l1 (effective head)\np1 (head)\n");
    expect_out("heads --resolve-dependencies", "p1 (head)\n");
    char *out = run("heads -v --resolve-dependencies 2>/dev/null");
    cli_assert_has(out, "Rev: p1 (head)\n");
    cli_assert_lacks(out, "Rev: l1");
    free(out);
}

static void expect_ls(const char *folder, const char *want)
{
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir, "ls %s", folder), 0);
    cr_assert_str_eq(out, want, "ls %s", folder);
    free(out);
}

Test(cli_graph, version_locations_and_version_path)
{
    ok("init migrations");
    cr_assert_eq(rt_test_sh(NULL, dir,
                            "mkdir migrations/extra && printf 'version_locations = "
                            "migrations/versions, %s/migrations/extra\\n' >> retort.ini",
                            dir),
                 0);
    expect_error("revision -m root --rev-id a000",
                 "Multiple version locations present, please specify --version-path");
    ok("revision -m root --rev-id a000 --version-path migrations/extra");
    /* The next one follows the revision it revises. */
    ok("revision -m two --rev-id a001");
    ok("revision -m other --rev-id b000 --head base --version-path ./migrations/versions/");
    expect_error("revision -m x --head a001 --version-path /tmp",
                 "Path /tmp is not represented in current version locations");
    expect_error("revision -m x --head a001 --version-path migrations",
                 "Path migrations is not represented in current version locations");
    expect_ls("migrations/extra", "a000_root.sql\na001_two.sql\n");
    expect_ls("migrations/versions", "b000_other.sql\n");
    expect_out("heads", "b000 (head)\na001 (head)\n");
    ok("upgrade heads");
    expect_out("current", "a001 (head)\nb000 (head)\n");

    /* A revision id in two folders is the duplicate it would be in one. */
    cr_assert_eq(rt_test_sh(NULL, dir, "cp migrations/extra/a000_root.sql migrations/versions/"),
                 0);
    expect_error("heads", "duplicate Revision ID 'a000'");
}

Test(cli_graph, version_path_without_version_locations)
{
    ok("init migrations");
    ok("revision -m root --rev-id a000 --version-path migrations/versions");
    expect_ls("migrations/versions", "a000_root.sql\n");
    expect_error("revision -m x --version-path migrations",
                 "Path migrations is not represented in current version locations");
}

Test(cli_graph, edit_opens_the_file_in_editor)
{
    two_branches();
    char *script = path_in("ed.sh");
    char *log = path_in("edited.log");
    char *text = rt_xasprintf("#!/bin/sh\necho \"$# $1\" >> '%s'\n", log);
    rt_test_write_file(script, text);
    cr_assert_eq(chmod(script, 0755), 0);

    char *cmd = rt_xasprintf("env EDITOR='%s' '%s' edit b1", script, RT_RETORT_BIN);
    cr_assert_eq(rt_test_sh(NULL, dir, "%s", cmd), 0);
    free(cmd);
    cmd = rt_xasprintf("env EDITOR= VISUAL='%s' '%s' edit heads", script, RT_RETORT_BIN);
    cr_assert_eq(rt_test_sh(NULL, dir, "%s", cmd), 0);
    free(cmd);
    ok("upgrade a000");
    cmd = rt_xasprintf("env EDITOR='%s' '%s' edit current 2>/dev/null", script, RT_RETORT_BIN);
    cr_assert_eq(rt_test_sh(NULL, dir, "%s", cmd), 0);
    free(cmd);
    char *got = rt_test_read_file(log);
    char *want = rt_xasprintf("1 %s/migrations/versions/b100_left.sql\n"
                              "1 %s/migrations/versions/b100_left.sql\n"
                              "1 %s/migrations/versions/b200_right.sql\n"
                              "1 %s/migrations/versions/a000_root.sql\n",
                              dir, dir, dir, dir);
    cr_assert_str_eq(got, want);
    free(got);
    free(want);

    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir, "env -u EDITOR -u VISUAL '%s' edit head 2>&1",
                            RT_RETORT_BIN),
                 2);
    cli_assert_has(out, "No suitable editor found: set the EDITOR or VISUAL");
    free(out);
    cr_assert_eq(rt_test_sh(&out, dir, "env EDITOR=false '%s' edit a000 2>&1", RT_RETORT_BIN), 2);
    cli_assert_has(out, "the editor 'false' failed on");
    free(out);
    cr_assert_eq(rt_test_sh(&out, dir, "env EDITOR=true '%s' edit nope 2>&1", RT_RETORT_BIN), 2);
    cli_assert_has(out, "No revision 'nope'");
    free(out);
    free(text);
    free(log);
    free(script);
}

/* The tables of the database at url, sorted, space separated. */
static char *table_names(const char *url_text)
{
    rt_url *url = NULL;
    rt_db *db = NULL;
    rt_error err;
    cr_assert_eq(rt_url_parse(&url, url_text, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    const char *sql =
        strcmp(url->dialect, "sqlite") == 0
            ? "SELECT group_concat(name, ' ') FROM (SELECT name FROM sqlite_master "
              "WHERE type = 'table' ORDER BY name)"
        : strcmp(url->dialect, "postgresql") == 0
            ? "SELECT coalesce(string_agg(table_name, ' ' ORDER BY table_name), '') FROM "
              "information_schema.tables WHERE table_schema = 'public'"
            : "SELECT coalesce(group_concat(table_name ORDER BY table_name SEPARATOR ' '), '') "
              "FROM information_schema.tables WHERE table_schema = DATABASE()";
    char *names = NULL;
    cr_assert_eq(rt_db_query_value(db, sql, &names, &err), RT_OK, "%s", err.message);
    char *rows = NULL;
    cr_assert_eq(rt_db_query_value(db, "SELECT count(*) FROM retort_version", &rows, &err),
                 RT_OK, "%s", err.message);
    cr_assert_str_eq(rows, "0", "ensure_version writes no row");
    free(rows);
    rt_db_close(db);
    rt_url_free(url);
    return names ? names : rt_xstrdup("");
}

static void ensure_version_on(const char *url)
{
    rt_test_db_reset(url);
    ok("init migrations");
    ok("revision -m root --rev-id a000");
    char *args = rt_xasprintf("--url '%s' ensure_version", url);
    ok(args);
    ok(args); /* a second run finds it and does nothing */
    free(args);
    char *names = table_names(url);
    cr_assert_str_eq(names, "retort_version");
    free(names);
    args = rt_xasprintf("--url '%s' current 2>/dev/null", url);
    expect_out(args, "");
    free(args);
}

Test(cli_graph, ensure_version_creates_only_the_table)
{
    char *url = rt_xasprintf("sqlite:///%s/app.db", dir);
    ensure_version_on(url);
    free(url);
}

Test(cli_graph_db, ensure_version_on_postgresql)
{
    ensure_version_on(rt_test_pg_url());
}

Test(cli_graph_db, ensure_version_on_mysql)
{
    ensure_version_on(rt_test_mysql_url());
}

Test(cli_graph, new_commands_have_help)
{
    const char *cmds[] = { "merge", "branches", "edit", "ensure_version" };
    char *all = run("--help 2>/dev/null");
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *line = rt_xasprintf("\n  %s ", cmds[i]);
        cli_assert_has(all, line);
        free(line);
        char *args = rt_xasprintf("%s --help", cmds[i]);
        char *out = run(args);
        char *usage = rt_xasprintf("usage: retort %s", cmds[i]);
        cr_assert(strncmp(out, usage, strlen(usage)) == 0, "%s", out);
        free(usage);
        free(out);
        free(args);
    }
    free(all);
    char *out = run("heads --help");
    cli_assert_has(out, "--resolve-dependencies");
    free(out);
    out = run("revision --help");
    cli_assert_has(out, "--version-path DIR");
    free(out);
}
