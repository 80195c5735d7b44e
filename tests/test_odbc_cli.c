/* ODBC failures as a user meets them on the command line: a wrong driver
 * name, an unreachable server, bad credentials. Each is one clear line with
 * the ODBC SQLSTATE, exit status 2, and the password never shown. */
#include "cli_helpers.h"
#include "url.h"

#define SECRET "s3cr3t-Pw"

/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir

static void setup(void)
{
    rt_test_require_odbc();
    rt_test_dir_setup();
}

TestSuite(odbc_cli, .init = setup, .fini = rt_test_dir_teardown);

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
    char *url = rt_test_url_variant(rt_test_pg_url(), "postgresql+odbc", SECRET,
                                    "driver=No+Such+Driver");
    char *line = expect_one_line_failure(url, "01000");
    cli_assert_has(line, "No Such Driver");
    free(line);
    free(url);
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
    char *url = rt_test_url_variant(rt_test_pg_url(), "postgresql+odbc", SECRET,
                                    "driver=PostgreSQL+Unicode");
    char *line = expect_one_line_failure(url, "08001");
    cli_assert_has(line, "password authentication failed");
    free(line);
    free(url);
}

Test(odbc_cli, bad_credentials_mariadb)
{
    char *url = rt_test_url_variant(rt_test_mysql_url(), "mysql+odbc", SECRET,
                                    "driver=MariaDB+Unicode");
    char *line = expect_one_line_failure(url, "28000");
    free(line);
    free(url);
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
    /* The suite's MariaDB ($RETORT_TEST_MYSQL_URL), written as the string. */
    rt_url *u = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_url_parse(&u, rt_test_mysql_url(), &err), RT_OK, "%s", err.message);
    char *url = rt_xasprintf("mysql+odbc:///?odbc_connect=DRIVER%%3D%%7BMariaDB%%20Unicode%%7D"
                             "%%3BSERVER%%3D%s%%3BPORT%%3D%d%%3BDATABASE%%3D%s%%3BUID%%3D%s"
                             "%%3BPWD%%3D%s",
                             u->host, u->port, u->database, u->user, u->password);
    rt_url_free(u);
    expect_connects(url);
    free(url);
}
