#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "url.h"

static rt_url *parse_ok(const char *text)
{
    rt_url *u = NULL;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_url_parse(&u, text, &err);
    cr_assert_eq(rc, RT_OK, "%s: %s", text, err.message);
    cr_assert_not_null(u);
    return u;
}

static void parse_fails(const char *text, const char *needle, const char *secret)
{
    rt_url *u = (rt_url *)1;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_url_parse(&u, text, &err);
    cr_assert_eq(rc, RT_ECONFIG, "%s should fail", text);
    cr_assert_eq(err.code, RT_ECONFIG);
    cr_assert_null(u);
    cr_assert(strstr(err.message, needle), "'%s' not in '%s'", needle, err.message);
    if (secret)
        cr_assert_null(strstr(err.message, secret), "password leaked: %s", err.message);
}

Test(url, full_postgres_form)
{
    rt_url *u = parse_ok("postgresql+psycopg2://test:secret@localhost:5432/test");
    cr_assert_str_eq(u->dialect, "postgresql");
    cr_assert_str_eq(u->driver, "libpq");
    cr_assert_str_eq(u->user, "test");
    cr_assert_str_eq(u->password, "secret");
    cr_assert_str_eq(u->host, "localhost");
    cr_assert_eq(u->port, 5432);
    cr_assert_str_eq(u->database, "test");
    cr_assert_eq(u->nquery, 0);
    rt_url_free(u);
}

Test(url, default_drivers)
{
    rt_url *u = parse_ok("postgresql://h/db");
    cr_assert_str_eq(u->driver, "libpq");
    cr_assert_null(u->user);
    cr_assert_null(u->password);
    cr_assert_eq(u->port, 0);
    rt_url_free(u);
    u = parse_ok("mysql://h/db");
    cr_assert_str_eq(u->driver, "mysqlclient");
    rt_url_free(u);
    u = parse_ok("sqlite:///x.db");
    cr_assert_str_eq(u->driver, "sqlite3");
    rt_url_free(u);
}

Test(url, dialect_and_driver_aliases)
{
    static const struct {
        const char *url, *dialect, *driver;
    } cases[] = {
        { "postgres://h/d", "postgresql", "libpq" },
        { "postgresql+psycopg://h/d", "postgresql", "libpq" },
        { "postgresql+pg8000://h/d", "postgresql", "libpq" },
        { "postgresql+asyncpg://h/d", "postgresql", "libpq" },
        { "postgresql+libpq://h/d", "postgresql", "libpq" },
        { "mariadb://h/d", "mysql", "mysqlclient" },
        { "mysql+mysqldb://h/d", "mysql", "mysqlclient" },
        { "mysql+pymysql://h/d", "mysql", "mysqlclient" },
        { "mariadb+mysqlclient://h/d", "mysql", "mysqlclient" },
        { "sqlite+pysqlite:///a.db", "sqlite", "sqlite3" },
        { "sqlite+sqlite3:///a.db", "sqlite", "sqlite3" },
        { "postgresql+pyodbc://h/d", "postgresql", "odbc" },
        { "mysql+odbc://h/d", "mysql", "odbc" },
        { "sqlite+odbc:///a.db?driver=SQLite3", "sqlite", "odbc" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        rt_url *u = parse_ok(cases[i].url);
        cr_assert_str_eq(u->dialect, cases[i].dialect, "%s", cases[i].url);
        cr_assert_str_eq(u->driver, cases[i].driver, "%s", cases[i].url);
        rt_url_free(u);
    }
}

Test(url, sqlite_paths)
{
    rt_url *u = parse_ok("sqlite:///rel.db");
    cr_assert_str_eq(u->database, "rel.db");
    cr_assert_null(u->host);
    rt_url_free(u);
    u = parse_ok("sqlite:////abs/path.db");
    cr_assert_str_eq(u->database, "/abs/path.db");
    rt_url_free(u);
    u = parse_ok("sqlite://");
    cr_assert_str_eq(u->database, "");
    rt_url_free(u);
    u = parse_ok("sqlite:///sub/dir/my%20app.db?mode=ro");
    cr_assert_str_eq(u->database, "sub/dir/my app.db");
    cr_assert_str_eq(rt_url_query(u, "mode"), "ro");
    rt_url_free(u);
}

Test(url, percent_decoding_everywhere)
{
    rt_url *u = parse_ok("postgresql://us%40er:p%40ss%3Aw%2Fd@db.example.com:6543/my%2Ddb"
                         "?application_name=my%20app&options=-c%20search_path%3Dx");
    cr_assert_str_eq(u->user, "us@er");
    cr_assert_str_eq(u->password, "p@ss:w/d");
    cr_assert_str_eq(u->host, "db.example.com");
    cr_assert_eq(u->port, 6543);
    cr_assert_str_eq(u->database, "my-db");
    cr_assert_str_eq(rt_url_query(u, "application_name"), "my app");
    cr_assert_str_eq(rt_url_query(u, "options"), "-c search_path=x");
    cr_assert_null(rt_url_query(u, "nope"));
    rt_url_free(u);
}

Test(url, plus_is_space_in_query_only)
{
    rt_url *u = parse_ok("postgresql+odbc://te+st:pa+ss@127.0.0.1:5432/te+st"
                         "?driver=PostgreSQL+Unicode");
    cr_assert_str_eq(rt_url_query(u, "driver"), "PostgreSQL Unicode");
    cr_assert_str_eq(u->user, "te+st");
    cr_assert_str_eq(u->password, "pa+ss");
    cr_assert_str_eq(u->database, "te+st");
    rt_url_free(u);
}

Test(url, password_with_raw_slash_and_colon)
{
    /* SQLAlchemy's grammar lets the password run up to the '@'. */
    rt_url *u = parse_ok("mysql://u:a/b:c@h:3306/d");
    cr_assert_str_eq(u->user, "u");
    cr_assert_str_eq(u->password, "a/b:c");
    cr_assert_str_eq(u->host, "h");
    cr_assert_eq(u->port, 3306);
    cr_assert_str_eq(u->database, "d");
    rt_url_free(u);
}

Test(url, empty_password)
{
    rt_url *u = parse_ok("postgresql://u:@h/d");
    cr_assert_str_eq(u->user, "u");
    cr_assert_str_eq(u->password, "");
    rt_url_free(u);
}

Test(url, ipv6_hosts)
{
    rt_url *u = parse_ok("postgresql://test:test@[::1]:5432/test");
    cr_assert_str_eq(u->host, "::1");
    cr_assert_eq(u->port, 5432);
    cr_assert_str_eq(u->database, "test");
    char *r = rt_url_redacted(u);
    cr_assert_str_eq(r, "postgresql://test:***@[::1]:5432/test");
    free(r);
    rt_url_free(u);
    u = parse_ok("mysql://[fe80::1%25eth0]/d");
    cr_assert_str_eq(u->host, "fe80::1%eth0");
    cr_assert_eq(u->port, 0);
    rt_url_free(u);
}

Test(url, odbc_dsn_without_user)
{
    rt_url *u = parse_ok("postgresql+odbc://@MYDSN");
    cr_assert_str_eq(u->dialect, "postgresql");
    cr_assert_str_eq(u->driver, "odbc");
    cr_assert_null(u->user);
    cr_assert_null(u->password);
    cr_assert_str_eq(u->host, "MYDSN");
    cr_assert_null(u->database);
    rt_url_free(u);
}

Test(url, odbc_connect_string)
{
    rt_url *u = parse_ok("mysql+odbc:///?odbc_connect=DRIVER%3D%7BMariaDB+Unicode%7D%3B"
                         "SERVER%3D127.0.0.1%3BUID%3Dtest%3BPWD%3Ds%40cret%3BDATABASE%3Dtest");
    cr_assert_null(u->host);
    cr_assert_null(u->database);
    cr_assert_str_eq(rt_url_query(u, "odbc_connect"),
                     "DRIVER={MariaDB Unicode};SERVER=127.0.0.1;UID=test;PWD=s@cret;DATABASE=test");
    char *r = rt_url_redacted(u);
    cr_assert_null(strstr(r, "s@cret"), "%s", r);
    cr_assert_null(strstr(r, "s%40cret"), "%s", r);
    cr_assert(strstr(r, "PWD%3D***") || strstr(r, "PWD=***"), "%s", r);
    free(r);
    char text[256] = "connect failed for UID=test;PWD=s@cret";
    rt_url_redact_text(u, text, sizeof text);
    cr_assert_str_eq(text, "connect failed for UID=test;PWD=***");
    rt_url_free(u);
}

Test(url, multiple_query_values)
{
    rt_url *u = parse_ok("postgresql://h/d?sslmode=require&connect_timeout=5&host=%2Fvar%2Frun%2Fpostgresql");
    cr_assert_eq(u->nquery, 3);
    cr_assert_str_eq(u->query_keys[0], "sslmode");
    cr_assert_str_eq(u->query_values[0], "require");
    cr_assert_str_eq(rt_url_query(u, "connect_timeout"), "5");
    cr_assert_str_eq(rt_url_query(u, "host"), "/var/run/postgresql");
    rt_url_free(u);
}

Test(url, redaction)
{
    rt_url *u = parse_ok("postgresql+psycopg2://test:hunter2@localhost:5432/test?sslmode=disable");
    char *r = rt_url_redacted(u);
    cr_assert_str_eq(r, "postgresql://test:***@localhost:5432/test?sslmode=disable");
    free(r);
    char text[64] = "password authentication failed: hunter2 hunter2";
    rt_url_redact_text(u, text, sizeof text);
    cr_assert_str_eq(text, "password authentication failed: *** ***");
    rt_url_free(u);

    u = parse_ok("mysql+odbc://u:x@h/d?password=x");
    r = rt_url_redacted(u);
    cr_assert_str_eq(r, "mysql+odbc://u:***@h/d?password=***");
    free(r);
    rt_url_free(u);

    u = parse_ok("sqlite:////tmp/a.db");
    r = rt_url_redacted(u);
    cr_assert_str_eq(r, "sqlite:////tmp/a.db");
    free(r);
    rt_url_free(u);

    u = parse_ok("sqlite://");
    r = rt_url_redacted(u);
    cr_assert_str_eq(r, "sqlite://");
    free(r);
    rt_url_free(u);
}

Test(url, redaction_of_a_short_password_leaves_words_alone)
{
    rt_url *u = parse_ok("postgresql://test:test@h:5432/test");
    char text[160] = "relation \"test_users\" does not exist; PWD=test; user test; retest; "
                     "postgresql://test:test@h";
    rt_url_redact_text(u, text, sizeof text);
    cr_assert_str_eq(text, "relation \"test_users\" does not exist; PWD=***; user ***; retest; "
                           "postgresql://***:***@h");
    rt_url_free(u);
    u = parse_ok("mysql://u:p@h/d");
    char text2[64] = "upgrade stopped: p, pp, (p)";
    rt_url_redact_text(u, text2, sizeof text2);
    cr_assert_str_eq(text2, "upgrade stopped: ***, pp, (***)");
    rt_url_free(u);
}

Test(url, redact_text_truncates_safely)
{
    rt_url *u = parse_ok("postgresql://u:p@h/d");
    char text[8] = "ab p cd";
    rt_url_redact_text(u, text, sizeof text);
    cr_assert_str_eq(text, "ab *** ");
    rt_url_free(u);
}

Test(url, unknown_dialect)
{
    parse_fails("oracle://scott:tiger@h/d", "Unknown database dialect 'oracle'", "tiger");
}

Test(url, unknown_driver)
{
    parse_fails("postgresql+cx_oracle://scott:tiger@h/d", "Unknown database driver 'cx_oracle'",
                "tiger");
}

Test(url, driver_for_other_backend)
{
    parse_fails("mysql+psycopg2://u:tiger@h/d",
                "driver 'libpq' cannot connect to a mysql database: it is postgresql's "
                "native driver; use mysql://... or mysql+odbc://...",
                "tiger");
}

Test(url, malformed)
{
    parse_fails("", "empty", NULL);
    parse_fails("localhost:5432/test", "does not start with a dialect", NULL);
    parse_fails("://u:tiger@h", "does not start with a dialect", "tiger");
    parse_fails("postgresql://u:tiger@h:port/d", "port 'port' is not a number", "tiger");
    parse_fails("postgresql://u:tiger@h:99999/d", "port '99999'", "tiger");
    parse_fails("postgresql://u:tiger@[::1/d", "closing ']'", "tiger");
    parse_fails("postgresql://u:tiger@[::1]x/d", "after the IPv6 host", "tiger");
    parse_fails("postgresql://u:tig%00er@h/d", "%00", "tig");
    parse_fails("postgresql://u:tiger@h/d?=x", "no name", "tiger");
    parse_fails("sqlite://u:tiger@host/x.db", "Invalid SQLite URL", "tiger");
}

Test(url, lenient_lone_percent)
{
    rt_url *u = parse_ok("postgresql://u:100%@h/d");
    cr_assert_str_eq(u->password, "100%");
    rt_url_free(u);
}

/* A bare server URL parses (upgrade --sql needs the dialect alone) and is
 * told apart from any URL that names something to connect to. */
Test(url, names_nothing)
{
    static const char *const bare[] = { "postgresql://", "postgres://", "mysql://",
                                        "mariadb://", "mysql+odbc://" };
    for (size_t i = 0; i < sizeof bare / sizeof *bare; i++) {
        rt_url *u = parse_ok(bare[i]);
        cr_assert(rt_url_names_nothing(u), "%s", bare[i]);
        rt_url_free(u);
    }
    static const char *const named[] = { "sqlite://", "sqlite:///x.db", "postgresql://h",
                                         "postgresql:///db", "mysql://u@", "mysql://:3306",
                                         "postgresql://?host=/tmp" };
    for (size_t i = 0; i < sizeof named / sizeof *named; i++) {
        rt_url *u = parse_ok(named[i]);
        cr_assert(!rt_url_names_nothing(u), "%s", named[i]);
        rt_url_free(u);
    }
}
