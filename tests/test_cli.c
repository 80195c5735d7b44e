/* The `retort` command line: usage, help, option errors, exit statuses,
 * init, URL choice and redaction, revision bookkeeping. Runs the built
 * binary; databases are SQLite files in a fresh folder per test. */
#include "cli_helpers.h"
#include "url.h"

#include <sys/stat.h>
#include <unistd.h>

/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir

TestSuite(cli, .init = rt_test_dir_setup, .fini = rt_test_dir_teardown);

/* Exactly one non-empty line, and it starts "retort: error: ". */
static void assert_one_error_line(const char *err)
{
    cr_assert(strncmp(err, "retort: error: ", 15) == 0, "stderr:\n%s", err);
    const char *nl = strchr(err, '\n');
    cr_assert(nl && nl[1] == '\0', "more than one line on stderr:\n%s", err);
}

/* The commands below run in the test's folder. */

/* Output of `retort ARGS`, which must succeed (caller frees). */
static char *run(const char *args)
{
    return cli_expect(0, dir, args);
}

static void ok(const char *args)
{
    free(run(args));
}

static void expect_out(const char *args, const char *want)
{
    char *out = run(args);
    cr_assert_str_eq(out, want, "retort %s", args);
    free(out);
}

/* stderr alone of `retort ARGS`, which must fail with status 2 (caller
 * frees). */
static char *failing(const char *args)
{
    char *cmd = rt_xasprintf("%s 2>&1 >/dev/null", args);
    char *err = cli_expect(2, dir, cmd);
    free(cmd);
    return err;
}

/* Fails with status 2 and stderr names needle. */
static void expect_error_has(const char *args, const char *needle)
{
    char *err = failing(args);
    cli_assert_has(err, needle);
    free(err);
}

/* The same, and stderr is that one error line. */
static void expect_error(const char *args, const char *needle)
{
    char *err = failing(args);
    assert_one_error_line(err);
    cli_assert_has(err, needle);
    free(err);
}

/* The refused commands wrote nothing: the folder holds exactly these. */
static void expect_version_files(const char *want)
{
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir, "ls migrations/versions"), 0);
    cr_assert_str_eq(out, want);
    free(out);
}

static void init_project(void)
{
    ok("init migrations");
}

static char *path_in(const char *name)
{
    return rt_xasprintf("%s/%s", dir, name);
}

static bool exists(const char *name)
{
    char *p = path_in(name);
    bool ok = access(p, F_OK) == 0;
    free(p);
    return ok;
}

Test(cli, version_prints_the_version)
{
    char *out = NULL;
    cr_assert_eq(cli_run(&out, dir, "--version"), 0);
    cr_assert(strncmp(out, "retort 0.", 9) == 0, "%s", out);
    free(out);
}

Test(cli, help_lists_every_command_and_exit_codes)
{
    char *out = NULL;
    cr_assert_eq(cli_run(&out, dir, "--help 2>/dev/null"), 0);
    const char *cmds[] = { "init", "revision", "upgrade", "downgrade", "current",
                           "history", "heads", "show", "check" };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *line = rt_xasprintf("\n  %s ", cmds[i]);
        cli_assert_has(out, line);
        free(line);
    }
    cli_assert_has(out, "Exit status: 0 ok, 1 a migration failed");
    free(out);
}

Test(cli, command_help_goes_to_stdout_with_status_0)
{
    const char *cmds[] = { "init", "revision", "upgrade", "downgrade", "current",
                           "history", "heads", "show", "check" };
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
        char *out = NULL;
        cr_assert_eq(cli_run(&out, dir, "%s --help 2>/dev/null", cmds[i]), 0, "%s", cmds[i]);
        char *usage = rt_xasprintf("usage: retort %s", cmds[i]);
        cr_assert(strncmp(out, usage, strlen(usage)) == 0, "%s", out);
        cli_assert_has(out, "-c, --config FILE");
        free(usage);
        free(out);
        cr_assert_eq(cli_run(&out, dir, "%s -h", cmds[i]), 0);
        free(out);
    }
}

Test(cli, no_command_is_a_usage_error)
{
    char *out = NULL;
    cr_assert_eq(cli_run(&out, dir, "2>&1"), 2);
    cli_assert_has(out, "usage: retort");
    cli_assert_has(out, "retort: error: no command given\n");
    free(out);
}

Test(cli, unknown_command_is_one_error_line)
{
    expect_error("frobnicate", "unknown command 'frobnicate'");
}

Test(cli, option_errors_exit_2)
{
    expect_error("revision --bogus", "unknown option '--bogus' for 'retort revision'");

    expect_error("revision -m", "option '-m' needs a value");

    expect_error("--nope current", "unknown option '--nope'");

    expect_error_has("heads --verbose=yes", "takes no value");
}

Test(cli, missing_config_names_the_file_and_init)
{
    char *err = NULL;
    err = failing("history");
    assert_one_error_line(err);
    cli_assert_has(err, "no config file 'retort.ini' found");
    cli_assert_has(err, "retort init");
    free(err);
    expect_error_has("-c other.ini heads", "'other.ini'");
}

Test(cli, init_creates_folders_and_config)
{
    char *out = NULL;
    out = run("init migrations");
    cli_assert_has(out, "Creating directory '");
    cli_assert_has(out, "/migrations' ...  done");
    cli_assert_has(out, "/migrations/versions' ...  done");
    cli_assert_has(out, "retort.ini ...  done");
    free(out);
    struct stat st;
    char *versions = path_in("migrations/versions");
    cr_assert_eq(stat(versions, &st), 0);
    cr_assert(S_ISDIR(st.st_mode));
    free(versions);
    char *ini_path = path_in("retort.ini");
    char *ini = rt_test_read_file(ini_path);
    cr_assert_not_null(ini);
    cli_assert_has(ini, "script_location = migrations\n");
    cli_assert_has(ini, "url = sqlite:///app.db\n");
    free(ini);
    free(ini_path);

    /* A second init refuses and leaves things as they are. */
    out = failing("init other");
    assert_one_error_line(out);
    cli_assert_has(out, "'retort.ini' already exists");
    cr_assert(!exists("other"));
    free(out);

    /* The new project works at once: no revisions, empty history. */
    expect_out("history", "");
}

Test(cli, init_refuses_a_non_empty_folder_and_needs_dir)
{
    char *out = NULL;
    char *f = path_in("full");
    mkdir(f, 0777);
    char *g = path_in("full/file");
    rt_test_write_file(g, "x");
    out = failing("init full");
    assert_one_error_line(out);
    cli_assert_has(out, "directory 'full' already exists and is not empty");
    cr_assert(!exists("retort.ini"));
    free(out);

    expect_error("init", "init needs the folder");

    /* An existing empty folder is fine; -c chooses the config file. */
    char *e = path_in("empty");
    mkdir(e, 0777);
    out = run("-c conf.ini init empty");
    cr_assert(exists("conf.ini"));
    cr_assert(exists("empty/versions"));
    cr_assert(!exists("retort.ini"));
    free(out);
    ok("heads -c conf.ini");
    free(e);
    free(f);
    free(g);
}

Test(cli, bad_url_exits_2_with_one_line)
{
    init_project();
    expect_error("--url nosuch://x current", "nosuch");
    char *err = failing("--url 'not a url' current");
    assert_one_error_line(err);
    free(err);
}

Test(cli, password_never_printed)
{
    init_project();
    char *out = NULL;
    /* Nothing listens on port 1: the connection fails and is reported. */
    int rc = cli_run(&out, dir, "--url postgresql://u:S3cr3tPw@127.0.0.1:1/db current");
    cr_assert_eq(rc, 2, "%s", out);
    cli_assert_has(out, "retort: error: ");
    cli_assert_lacks(out, "S3cr3tPw");
    free(out);
    rc = rt_test_sh(&out, dir,
                    "RETORT_URL='mysql://u:S3cr3tPw@127.0.0.1:1/db' '%s' upgrade head",
                    RT_RETORT_BIN);
    cr_assert_eq(rc, 2, "%s", out);
    cli_assert_lacks(out, "S3cr3tPw");
    free(out);
}

Test(cli, url_precedence_cli_over_env_over_config)
{
    init_project();
    char *out = NULL;
    ok("revision -m one --rev-id aaaa1");
    cr_assert_eq(rt_test_sh(&out, dir, "DATABASE_URL=sqlite:///db_env.db '%s' upgrade head",
                            RT_RETORT_BIN),
                 0, "%s", out);
    free(out);
    cr_assert(exists("db_env.db"));
    cr_assert(!exists("app.db"));
    cr_assert_eq(rt_test_sh(&out, dir,
                            "DATABASE_URL=sqlite:///db_env.db RETORT_URL=sqlite:///retort_env.db"
                            " '%s' upgrade head",
                            RT_RETORT_BIN),
                 0, "%s", out);
    free(out);
    cr_assert(exists("retort_env.db"));
    cr_assert_eq(rt_test_sh(&out, dir,
                            "RETORT_URL=sqlite:///retort_env.db '%s' upgrade head"
                            " --url sqlite:///cli.db",
                            RT_RETORT_BIN),
                 0, "%s", out);
    free(out);
    cr_assert(exists("cli.db"));
    cr_assert(!exists("app.db"));
    ok("upgrade head");
    cr_assert(exists("app.db"));
}

Test(cli, missing_target_and_extra_arguments)
{
    init_project();
    expect_error("upgrade", "upgrade needs a TARGET");
    expect_error_has("downgrade", "'retort downgrade -1'");
    expect_error_has("upgrade head base", "upgrade takes one TARGET");
    expect_error_has("revision -m a b", "unexpected argument 'b'");
    expect_error_has("show", "show needs a revision");
}

Test(cli, revision_ids_labels_and_dependencies_are_checked)
{
    init_project();
    char *out = NULL;
    out = run("revision -m base --rev-id aaaa1 --branch-label main");
    cli_assert_has(out, "/versions/aaaa1_base.sql ...  done");
    free(out);
    expect_error("revision -m again --rev-id aaaa1", "revision id 'aaaa1' already exists");
    expect_error_has("revision -m bad --rev-id a/b",
                     "revision id 'a/b' must be 1 to 32 letters, digits, '_', '-' or '.'");
    expect_error_has("revision -m bad --branch-label 'x y'", "branch label 'x y' must be");
    expect_error_has("revision -m x --branch-label main",
                     "branch label 'main' is already used by revision aaaa1");
    expect_error("revision -m x --depends-on zzzz9", "zzzz9");
    expect_error_has("revision -m \"$(printf 'two\\nlines')\"", "the message must be one line");
    /* Nothing was written by the refused commands. */
    expect_version_files("aaaa1_base.sql\n");
    /* The rule is the one files are read by: what loads from a file is
     * accepted on the command line. */
    ok("revision -m dotted --rev-id a.b-1");
    out = run("history");
    cli_assert_has(out, "aaaa1 -> a.b-1 (head), dotted");
    free(out);
}

Test(cli, several_heads_need_head_option)
{
    init_project();
    char *out = NULL;
    ok("revision -m root --rev-id r00t1");
    ok("revision -m left --rev-id left1");
    char *path = path_in("migrations/versions/left1_left.sql");
    char *revises = cli_header(path, "Revises");
    cr_assert_str_eq(revises, "r00t1");
    free(revises);
    free(path);

    /* r00t1 is no longer a head: branching from it needs --splice. */
    cr_assert_eq(cli_run(&out, dir, "revision -m right --rev-id right --head r00t1 2>&1"), 2);
    cli_assert_has(out, "revision r00t1 is not a head; pass --splice");
    free(out);
    ok("revision -m right --rev-id right --head r00t --splice");

    out = failing("revision -m next");
    assert_one_error_line(out);
    cli_assert_has(out, "multiple heads are present (left1, right)");
    cli_assert_has(out, "--head");
    free(out);

    out = run("heads");
    cr_assert(strcmp(out, "left1 (head)\nright (head)\n") == 0 ||
                  strcmp(out, "right (head)\nleft1 (head)\n") == 0,
              "%s", out);
    free(out);

    out = run("history");
    cli_assert_has(out, "r00t1 -> left1 (head), left\n");
    cli_assert_has(out, "r00t1 -> right (head), right\n");
    cli_assert_has(out, "<base> -> r00t1 (branchpoint), root\n");
    free(out);

    out = run("show r00t1");
    cli_assert_has(out, "Rev: r00t1 (branchpoint)\n");
    cli_assert_has(out, "Parent: <base>\n");
    cli_assert_has(out, "Branches into: ");
    free(out);

    expect_error_has("show head", "Multiple head revisions are present");
}

Test(cli, history_ranges_and_unknown_revisions)
{
    init_project();
    char *out = NULL;
    ok("revision -m one --rev-id aaaa1");
    ok("revision -m two --rev-id bbbb2");
    ok("revision -m three --rev-id cccc3 --depends-on aaaa");

    expect_out("history", "bbbb2 (aaaa1) -> cccc3 (head), three\n"
                          "aaaa1 -> bbbb2, two\n"
                          "<base> -> aaaa1, one\n");
    expect_out("history -r bbbb2:", "bbbb2 (aaaa1) -> cccc3 (head), three\naaaa1 -> bbbb2, two\n");
    expect_out("history -r :bbbb", "aaaa1 -> bbbb2, two\n<base> -> aaaa1, one\n");
    expect_out("history --rev-range=bbbb2:bbbb2", "aaaa1 -> bbbb2, two\n");
    out = run("history -r base:heads");
    cr_assert_eq(strlen(out) > 0, true);
    free(out);

    expect_error("history -r bbbb2", "must be START:END");
    expect_error("history -r zzzz9:", "zzzz9");
    expect_error("show zzzz9", "zzzz9");

    out = run("history -v -r cccc3:");
    cli_assert_has(out, "Rev: cccc3 (head)\n");
    cli_assert_has(out, "Parent: bbbb2\n");
    cli_assert_has(out, "Also depends on: aaaa1\n");
    cli_assert_has(out, "Path: ");
    cli_assert_has(out, "cccc3_three.sql\n");
    cli_assert_has(out, "    Revision ID: cccc3\n");
    free(out);
}

Test(cli, history_indicates_current)
{
    init_project();
    ok("revision -m one --rev-id aaaa1");
    ok("revision -m two --rev-id bbbb2");
    ok("upgrade aaaa1");
    /* -i also says when and by whom each applied revision ran. */
    char *out = cli_expect(0, dir, "history -i 2>/dev/null");
    cr_assert(strncmp(out, "aaaa1 -> bbbb2 (head), two\n<base> -> aaaa1 (current), one\n"
                           "    applied 20", 72) == 0, "%s", out);
    cli_assert_has(out, " UTC by ");
    free(out);
    expect_out("history -r current: 2>/dev/null",
               "aaaa1 -> bbbb2 (head), two\n<base> -> aaaa1 (current), one\n");
    expect_out("history -r :current 2>/dev/null", "<base> -> aaaa1 (current), one\n");
}

Test(cli, autogenerate_and_check_need_models_and_head)
{
    init_project();
    char *out = NULL;
    ok("revision -m one --rev-id aaaa1");
    /* Not upgraded yet: the database is not at head. */
    out = failing("revision --autogenerate -m two");
    cli_assert_has(out, "Target database is not up to date");
    cli_assert_has(out, "retort upgrade head");
    free(out);
    expect_error_has("check", "Target database is not up to date");
    ok("upgrade head");
    /* No `models` configured: a configuration error, no file written. */
    expect_error_has("check", "retort: error: ");
    free(failing("revision --autogenerate -m two"));
    expect_version_files("aaaa1_one.sql\n");
}

Test(cli, current_on_an_empty_database_prints_nothing)
{
    init_project();
    char *out = NULL;
    expect_out("current 2>/dev/null", "");
    out = run("current 2>&1 >/dev/null");
    cli_assert_has(out, "INFO  [retort.runtime.migration] Context impl sqlite");
    free(out);
}

Test(cli, current_outside_a_project_reads_the_database_alone)
{
    init_project();
    char *out = NULL;
    ok("revision -m one --rev-id aaaa1");
    ok("upgrade head");
    char *elsewhere = rt_test_tmpdir();
    cr_assert_eq(cli_run(&out, elsewhere, "--url 'sqlite:///%s/app.db' current 2>/dev/null", dir),
                 0, "%s", out);
    cr_assert_str_eq(out, "aaaa1\n");
    free(out);
    /* Without a URL the missing config is the error; an explicit -c must exist. */
    cr_assert_eq(cli_run(&out, elsewhere, "current 2>&1"), 2, "%s", out);
    cli_assert_has(out, "no config file 'retort.ini' found");
    free(out);
    cr_assert_eq(cli_run(&out, elsewhere, "-c retort.ini --url sqlite:// current 2>&1"), 2);
    free(out);
    /* Commands that need the revision files still need the project. */
    cr_assert_eq(cli_run(&out, elsewhere, "--url sqlite:// history 2>&1"), 2, "%s", out);
    free(out);
    rt_test_rmtree(elsewhere);
    free(elsewhere);
}

/* current loads the files while it connects; errors still come as if one
 * followed the other: a broken history first, then the database's. */
Test(cli, current_reports_the_history_before_the_database)
{
    init_project();
    ok("revision -m one --rev-id aaaa1");
    ok("upgrade head");
    expect_out("current 2>/dev/null", "aaaa1 (head)\n");
    const char *nowhere = "--url sqlite:////nonexistent-retort-dir/x.db current";
    expect_error(nowhere, "unable to open database file");
    char *bad = path_in("migrations/versions/bbbb2_two.sql");
    rt_test_write_file(bad, "-- Revision ID: bbbb2\n-- Revises: zzzz9\n\n-- upgrade\n\n"
                            "-- downgrade\n");
    free(bad);
    char *err = failing(nowhere);
    assert_one_error_line(err);
    cli_assert_has(err, "bbbb2_two.sql:2:");
    cli_assert_has(err, "zzzz9");
    free(err);
    err = failing("current");
    cli_assert_has(err, "bbbb2_two.sql:2:");
    free(err);
}

/* The real servers refuse a wrong password: the server's message and
 * SQLSTATE come through, the password does not. */
static void refused_password(const char *server_url, const char *sqlstate)
{
    init_project();
    rt_url *u = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_url_parse(&u, server_url, &err), RT_OK, "%s", err.message);
    char *bad = rt_xasprintf("%s://%s:Wr0ngPassw0rd@%s:%d/%s", u->dialect,
                             u->user ? u->user : "test", u->host ? u->host : "127.0.0.1",
                             u->port, u->database ? u->database : "");
    char *out = NULL;
    cr_assert_eq(cli_run(&out, dir, "--url '%s' current 2>&1 >/dev/null", bad), 2, "%s", out);
    assert_one_error_line(out);
    cli_assert_has(out, ":***@");
    cli_assert_has(out, sqlstate);
    cli_assert_lacks(out, "Wr0ngPassw0rd");
    free(out);
    free(bad);
    rt_url_free(u);
}

Test(cli, postgresql_wrong_password_is_redacted)
{
    refused_password(rt_test_pg_url(), "SQLSTATE 28P01");
}

Test(cli, mysql_wrong_password_is_redacted)
{
    refused_password(rt_test_mysql_url(), "SQLSTATE 28000");
}
