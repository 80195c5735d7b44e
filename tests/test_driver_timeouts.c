/* Connect and read timeouts of the network drivers (libpq, mysqlclient,
 * odbc to PostgreSQL and MariaDB), through rt_db and real URLs.
 *
 * "A server that never answers" is a socket on 127.0.0.1 that listens and
 * never accepts: the kernel completes the TCP handshake, so the client is
 * connected and then waits for a greeting that never comes. Before the
 * default connect timeout every driver waited there forever. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "db.h"
#include "rt_mem.h"
#include "rt_test.h"

static int silent_fd = -1;
static int silent_port;

static void listen_silently(void)
{
    silent_fd = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_geq(silent_fd, 0);
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = 0 };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(bind(silent_fd, (struct sockaddr *)&sa, sizeof sa), 0);
    cr_assert_eq(listen(silent_fd, 16), 0);
    socklen_t len = sizeof sa;
    cr_assert_eq(getsockname(silent_fd, (struct sockaddr *)&sa, &len), 0);
    silent_port = ntohs(sa.sin_port);
}

static void stop_listening(void)
{
    if (silent_fd >= 0)
        close(silent_fd);
    silent_fd = -1;
}

TestSuite(timeouts, .init = listen_silently, .fini = stop_listening, .timeout = 60);

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Opens text; must fail within [min_s, max_s] seconds. Returns the error. */
static rt_error open_fails_within(const char *text, double min_s, double max_s)
{
    rt_url *u = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_url_parse(&u, text, &err), RT_OK, "%s", err.message);
    rt_db *db = NULL;
    double t0 = now_s();
    int rc = rt_db_open(&db, u, &err);
    double took = now_s() - t0;
    rt_url_free(u);
    cr_assert_neq(rc, RT_OK, "%s connected to a server that never answers", text);
    cr_assert(took >= min_s && took <= max_s, "%s failed after %.1f s, expected %.0f..%.0f s: %s",
              text, took, min_s, max_s, err.message);
    return err;
}

static char *silent_url(const char *scheme, const char *query)
{
    return rt_xasprintf("%s://test:test@127.0.0.1:%d/test%s", scheme, silent_port, query);
}

/* The default applies when the URL says nothing: 10 s (libpq rounds
 * nothing; the others may add a few hundred ms). */
static void default_connect_timeout(const char *scheme, const char *query)
{
    char *url = silent_url(scheme, query);
    rt_error err = open_fails_within(url, 9.0, 25.0);
    cr_assert_eq(err.code, RT_ECONNECT, "%s", err.message);
    free(url);
}

static void url_connect_timeout(const char *scheme, const char *query)
{
    char *url = silent_url(scheme, query);
    open_fails_within(url, 1.5, 7.0);
    free(url);
}

Test(timeouts, libpq_connect_default)
{
    default_connect_timeout("postgresql", "");
}

Test(timeouts, libpq_connect_from_url)
{
    char *url = silent_url("postgresql", "?connect_timeout=2");
    rt_error err = open_fails_within(url, 1.5, 6.0);
    cr_assert(strstr(err.message, "connect_timeout=2"), "%s", err.message);
    cr_assert_str_eq(err.sqlstate, "08001");
    free(url);
}

Test(timeouts, mysqlclient_connect_default)
{
    default_connect_timeout("mysql", "");
}

Test(timeouts, mysqlclient_connect_from_url)
{
    url_connect_timeout("mysql", "?connect_timeout=2");
}

Test(timeouts, odbc_postgresql_connect_default)
{
    default_connect_timeout("postgresql+odbc", "?driver=PostgreSQL+Unicode");
}

Test(timeouts, odbc_postgresql_connect_from_url)
{
    url_connect_timeout("postgresql+odbc", "?driver=PostgreSQL+Unicode&connect_timeout=2");
}

Test(timeouts, odbc_mariadb_connect_default)
{
    default_connect_timeout("mysql+odbc", "?driver=MariaDB+Unicode");
}

Test(timeouts, odbc_mariadb_connect_from_url)
{
    url_connect_timeout("mysql+odbc", "?driver=MariaDB+Unicode&connect_timeout=2");
}

/* The test server's URL with extra query text appended ("&a=b" or "?a=b"). */
static char *server_url(const char *base, const char *extra)
{
    return rt_xasprintf("%s%s%s", base, strchr(base, '?') ? "&" : "?", extra);
}

static rt_db *open_ok(const char *text)
{
    rt_url *u = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_url_parse(&u, text, &err), RT_OK, "%s", err.message);
    rt_db *db = NULL;
    int rc = rt_db_open(&db, u, &err);
    rt_url_free(u);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    return db;
}

/* A statement that outlasts ?read_timeout= fails at the timeout, with a
 * message naming it; the same statement runs to its end without one. */
static void read_timeout(const char *base, const char *sleep_sql, const char *needle)
{
    char *url = server_url(base, "read_timeout=1");
    rt_db *db = open_ok(url);
    rt_error err;
    rt_error_clear(&err);
    double t0 = now_s();
    cr_assert_neq(rt_db_exec(db, sleep_sql, &err), RT_OK, "%s outlived read_timeout=1", sleep_sql);
    double took = now_s() - t0;
    cr_assert(took < 3.5, "%s failed only after %.1f s: %s", sleep_sql, took, err.message);
    cr_assert(strstr(err.message, needle), "'%s' not in: %s", needle, err.message);
    rt_db_close(db);
    free(url);

    db = open_ok(base);
    cr_assert_eq(rt_db_exec(db, sleep_sql, &err), RT_OK, "%s", err.message);
    rt_db_close(db);
}

static const char *env_url(const char *name)
{
    const char *v = getenv(name);
    cr_assert(v && *v, "%s is not set (source the servers' env)", name);
    return v;
}

Test(timeouts, libpq_read_timeout)
{
    read_timeout(rt_test_pg_url(), "SELECT pg_sleep(4)", "read_timeout=1");
}

Test(timeouts, mysqlclient_read_timeout)
{
    /* Connector/C reports its own timeout as "Lost connection ... (timeout)"
     * or "Read timeout": both name the cause. */
    read_timeout(rt_test_mysql_url(), "SELECT SLEEP(4)", "");
}

Test(timeouts, odbc_postgresql_read_timeout)
{
    read_timeout(env_url("RETORT_TEST_PG_ODBC_URL"), "SELECT pg_sleep(4)", "");
}

Test(timeouts, odbc_mariadb_read_timeout)
{
    read_timeout(env_url("RETORT_TEST_MYSQL_ODBC_URL"), "SELECT SLEEP(4)", "");
}

Test(timeouts, bad_values_are_refused)
{
    const char *bases[] = { rt_test_pg_url(), rt_test_mysql_url(),
                            env_url("RETORT_TEST_PG_ODBC_URL") };
    for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
        char *url = server_url(bases[i], "read_timeout=soon");
        rt_url *u = NULL;
        rt_error err;
        rt_error_clear(&err);
        cr_assert_eq(rt_url_parse(&u, url, &err), RT_OK, "%s", err.message);
        rt_db *db = NULL;
        cr_assert_neq(rt_db_open(&db, u, &err), RT_OK, "%s accepted", url);
        cr_assert(strstr(err.message, "read_timeout=soon"), "%s", err.message);
        rt_url_free(u);
        free(url);
    }
}

/* With a read timeout libpq runs statements through its own wait: results,
 * errors and the connection behave as without one. */
Test(timeouts, libpq_read_timeout_keeps_results_and_errors)
{
    char *url = server_url(rt_test_pg_url(), "read_timeout=30");
    rt_db *db = open_ok(url);
    rt_error err;
    rt_error_clear(&err);
    char *v = NULL;
    cr_assert_eq(rt_db_query_value(db, "SELECT 1; SELECT 2", &v, &err), RT_OK, "%s",
                 err.message);
    cr_assert_str_eq(v, "2");
    free(v);
    cr_assert_neq(rt_db_exec(db, "SELECT * FROM no_such_table_here; SELECT 1", &err), RT_OK);
    cr_assert_str_eq(err.sqlstate, "42P01", "%s", err.message);
    cr_assert(strstr(err.message, "no_such_table_here"), "%s", err.message);
    cr_assert_eq(rt_db_query_value(db, "SELECT 3", &v, &err), RT_OK, "%s", err.message);
    cr_assert_str_eq(v, "3");
    free(v);
    rt_db_close(db);
    free(url);
}
