/* ODBC failures as a user meets them on the command line: a wrong driver
 * name, an unreachable server, bad credentials. Each is one clear line with
 * the ODBC SQLSTATE, exit status 2, and the password never shown. */
#include "cli_helpers.h"

#define SECRET "s3cr3t-Pw"

static char *dir;

static void setup(void)
{
    const char *sysini = getenv("ODBCSYSINI");
    cr_assert(sysini && *sysini,
              "ODBCSYSINI is not set: run `eval \"$(bash ci/odbc.sh setup)\"` first");
    dir = rt_test_tmpdir();
}

static void teardown(void)
{
    rt_test_rmtree(dir);
    free(dir);
}

TestSuite(odbc_cli, .init = setup, .fini = teardown);

/* `retort --url URL current` must fail with exit 2 and exactly one error
 * line naming sqlstate; returns that line (caller frees). */
static char *expect_one_line_failure(const char *url, const char *sqlstate)
{
    char *out = NULL;
    int rc = cli_run(&out, dir, "--url '%s' current", url);
    cr_assert_eq(rc, 2, "want exit 2, got %d:\n%s", rc, out);
    cli_assert_lacks(out, SECRET);
    cli_assert_has(out, sqlstate);

    /* Everything the failure printed is the one "retort: error:" line. */
    const char *err = strstr(out, "retort: error:");
    cr_assert_not_null(err, "no error line in:\n%s", out);
    size_t len = strcspn(err, "\n");
    cr_assert(err[len] == '\0' || err[len + 1] == '\0', "more than one line:\n%s", out);
    char *line = rt_xstrndup(err, len);
    free(out);
    return line;
}

Test(odbc_cli, wrong_driver_name)
{
    char *line = expect_one_line_failure(
        "postgresql+odbc://test:" SECRET "@127.0.0.1:5432/test?driver=No+Such+Driver", "01000");
    cli_assert_has(line, "No Such Driver");
    free(line);
}

Test(odbc_cli, unreachable_server)
{
    char *line = expect_one_line_failure(
        "postgresql+odbc://test:" SECRET "@127.0.0.1:1/test?driver=PostgreSQL+Unicode", "08001");
    cli_assert_has(line, "Connection refused");
    free(line);
}

Test(odbc_cli, bad_credentials_postgresql)
{
    /* psqlODBC reports every failed connect as 08001, with the server's own
     * reason in the text. */
    char *line = expect_one_line_failure(
        "postgresql+odbc://test:" SECRET "@127.0.0.1:5432/test?driver=PostgreSQL+Unicode",
        "08001");
    cli_assert_has(line, "password authentication failed");
    free(line);
}

Test(odbc_cli, bad_credentials_mariadb)
{
    char *line = expect_one_line_failure(
        "mysql+odbc://test:" SECRET "@127.0.0.1:3306/test?driver=MariaDB+Unicode", "28000");
    free(line);
}

Test(odbc_cli, unknown_dsn)
{
    char *line = expect_one_line_failure("postgresql+odbc://test:" SECRET "@no_such_dsn", "IM002");
    free(line);
}

/* The URL forms that carry no host/port/database of their own work through
 * the binary too: a DSN from odbc.ini, and a verbatim connection string. */
static void expect_connects(const char *url)
{
    char *out = NULL;
    int rc = cli_run(&out, dir, "--url '%s' current", url);
    cr_assert_eq(rc, 0, "%s -> exit %d:\n%s", url, rc, out);
    cli_assert_has(out, "(driver odbc)");
    free(out);
}

Test(odbc_cli, dsn_form_connects)
{
    expect_connects("postgresql+odbc://test:test@retort_pg");
    expect_connects("mysql+odbc://test:test@retort_mysql");
}

Test(odbc_cli, odbc_connect_form_connects)
{
    expect_connects("mysql+odbc:///?odbc_connect=DRIVER%3D%7BMariaDB%20Unicode%7D%3B"
                    "SERVER%3D127.0.0.1%3BPORT%3D3306%3BDATABASE%3Dtest%3BUID%3Dtest%3BPWD%3Dtest");
}
