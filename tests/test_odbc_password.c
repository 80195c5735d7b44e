/* Passwords with the characters an ODBC connection string treats specially
 * (';', '{', '}', and '%', '+' which psqlODBC decodes unless braced) reach
 * the server intact over ODBC, and no part of them shows in a message.
 * A real role with such a password is created on the test server and
 * dropped again. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "odbc_connstr.h"
#include "rt_mem.h"
#include "rt_test.h"

#define PW_ROLE "rt_odbc_pw_role"
/* Every special character, "}}" too, and a '=' for good measure. */
#define PW_PLAIN "p%41+q;r{s}}t=u v"
#define PW_ENCODED "p%2541%2Bq%3Br%7Bs%7D%7Dt%3Du%20v"

static rt_url *parse(const char *text)
{
    rt_url *u = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_url_parse(&u, text, &err), RT_OK, "%s", err.message);
    return u;
}

static rt_db *open_ok(const char *text)
{
    rt_url *u = parse(text);
    rt_db *db = NULL;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_db_open(&db, u, &err);
    rt_url_free(u);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    return db;
}

static void exec_ok(rt_db *db, const char *sql)
{
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_db_exec(db, sql, &err), RT_OK, "%s: %s", sql, err.message);
}

static void assert_no_fragment(const char *text)
{
    /* Pieces that would leak if a parser split the password at ';', '}' or
     * decoded it. */
    static const char *const parts[] = { "p%41", "r{s", "t=u", "u v", "s}t", "pA" };
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        cr_assert_null(strstr(text, parts[i]), "'%s' shows in: %s", parts[i], text);
}

/* Admin connection (native driver), the role created with the password. */
static rt_db *make_role(const char *admin_url, const char *create_sql)
{
    rt_db *db = open_ok(admin_url);
    rt_error err;
    rt_error_clear(&err);
    rt_db_exec(db, strstr(create_sql, "ROLE") ? "DROP ROLE IF EXISTS " PW_ROLE
                                              : "DROP USER IF EXISTS '" PW_ROLE "'@'%'",
               &err);
    exec_ok(db, create_sql);
    return db;
}

static char *odbc_url(const char *native, const char *dialect, const char *driver)
{
    rt_url *u = parse(native);
    char *s = rt_xasprintf("%s+odbc://" PW_ROLE ":%s@%s:%d/%s?driver=%s", dialect, PW_ENCODED,
                           u->host, u->port, u->database, driver);
    rt_url_free(u);
    return s;
}

static void connect_and_check(const char *url, const char *who_sql)
{
    rt_db *db = open_ok(url);
    char *v = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_db_query_value(db, who_sql, &v, &err), RT_OK, "%s", err.message);
    cr_assert(v && strncmp(v, PW_ROLE, strlen(PW_ROLE)) == 0, "%s", v ? v : "NULL");
    free(v);
    rt_db_close(db);
}

/* Before: PostgreSQL over ODBC refused the password (psqlODBC turned '+'
 * into a space and %41 into 'A'). */
/* The test role may not create roles: the superuser "postgres" over the
 * server's socket (trusted locally by ci/servers.sh) does it. */
static char *pg_admin_url(void)
{
    const char *sock = getenv("RETORT_TEST_PG_SOCKET_DIR");
    cr_assert(sock && *sock, "RETORT_TEST_PG_SOCKET_DIR is not set (source the servers' env)");
    rt_url *u = parse(rt_test_pg_url());
    char *s = rt_xasprintf("postgresql://postgres@/%s?host=%s&port=%d", u->database, sock,
                           u->port);
    rt_url_free(u);
    return s;
}

Test(odbc_password, postgresql_special_characters)
{
    char *admin_url = pg_admin_url();
    rt_db *admin = make_role(admin_url, "CREATE ROLE " PW_ROLE " LOGIN PASSWORD '" PW_PLAIN "'");
    free(admin_url);
    char *url = odbc_url(rt_test_pg_url(), "postgresql", "PostgreSQL+Unicode");
    connect_and_check(url, "SELECT current_user");

    /* The same password given braced in a verbatim connection string. */
    rt_url *n = parse(rt_test_pg_url());
    char *cs = rt_xasprintf("postgresql+odbc:///?odbc_connect=DRIVER%%3D%%7BPostgreSQL+Unicode"
                            "%%7D%%3BSERVER%%3D%s%%3BPORT%%3D%d%%3BDATABASE%%3D%s%%3BUID%%3D"
                            PW_ROLE "%%3BPWD%%3D%%7Bp%%2541%%2Bq%%3Br%%7Bs%%7D%%7D%%7D%%7D"
                            "t%%3Du%%20v%%7D",
                            n->host, n->port, n->database);
    rt_url_free(n);
    connect_and_check(cs, "SELECT current_user");
    rt_url *u = parse(cs);
    char *red = rt_url_redacted(u);
    assert_no_fragment(red);
    cr_assert(strstr(red, "***"), "%s", red);
    free(red);
    rt_url_free(u);
    free(cs);
    free(url);
    exec_ok(admin, "DROP ROLE " PW_ROLE);
    rt_db_close(admin);
}

Test(odbc_password, mariadb_special_characters)
{
    rt_db *admin = make_role(rt_test_mysql_url(), "CREATE USER '" PW_ROLE "'@'%' IDENTIFIED BY '"
                                                  PW_PLAIN "'");
    /* The test user may not GRANT: the role logs in without a database. */
    char *url = odbc_url(rt_test_mysql_url(), "mysql", "MariaDB+Unicode");
    char *q = strchr(url, '?');
    char *slash = q;
    while (slash[-1] != '/')
        slash--;
    memmove(slash, q, strlen(q) + 1);
    connect_and_check(url, "SELECT CURRENT_USER()");
    free(url);
    exec_ok(admin, "DROP USER '" PW_ROLE "'@'%'");
    rt_db_close(admin);
}

/* A wrong password with the same characters: the error names no part of it. */
Test(odbc_password, failure_message_masks_the_password)
{
    rt_url *n = parse(rt_test_pg_url());
    char *text = rt_xasprintf("postgresql+odbc://nobody_here:%s@%s:%d/%s"
                              "?driver=PostgreSQL+Unicode",
                              PW_ENCODED, n->host, n->port, n->database);
    rt_url_free(n);
    rt_url *u = parse(text);
    rt_db *db = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_neq(rt_db_open(&db, u, &err), RT_OK);
    assert_no_fragment(err.message);
    rt_url_free(u);
    free(text);
}

/* Before: a braced PWD={...;...} in odbc_connect was masked only up to its
 * first ';', and the rest of the password was printed. */
Test(odbc_password, redaction_reads_braces_like_the_driver)
{
    rt_url *u = parse("mysql+odbc:///?odbc_connect=DRIVER%3D%7BMariaDB%7D%3Bpassword+%3D+"
                      "%7Bab%3Bcd%7D%7Def%7D%3BUID%3Dx");
    char *red = rt_url_redacted(u);
    cr_assert_null(strstr(red, "ab"), "%s", red);
    cr_assert_null(strstr(red, "cd"), "%s", red);
    cr_assert_null(strstr(red, "ef"), "%s", red);
    cr_assert(strstr(red, "UID%3Dx") || strstr(red, "UID=x"), "%s", red);
    free(red);
    char text[128] = "login failed with ab;cd}ef and {ab;cd}}ef}";
    rt_url_redact_text(u, text, sizeof text);
    cr_assert_str_eq(text, "login failed with *** and ***");
    rt_url_free(u);
}

Test(odbc_password, connection_string_syntax)
{
    const char *s = " Driver = {My {x}} Driver} ;pwd={a;b}}c}junk; Uid=u ;Empty=;Flag";
    rt_odbc_attr a;
    char v[64];
    cr_assert(rt_odbc_connstr_next(&s, &a));
    cr_assert(rt_odbc_attr_is(&a, "DRIVER"));
    rt_odbc_attr_value(&a, v);
    cr_assert_str_eq(v, "My {x} Driver");
    cr_assert(rt_odbc_connstr_next(&s, &a));
    cr_assert(rt_odbc_attr_is(&a, "PWD") && a.braced);
    rt_odbc_attr_value(&a, v);
    cr_assert_str_eq(v, "a;b}c");
    cr_assert(rt_odbc_connstr_next(&s, &a));
    cr_assert(rt_odbc_attr_is(&a, "uid"));
    rt_odbc_attr_value(&a, v);
    cr_assert_str_eq(v, "u");
    cr_assert(rt_odbc_connstr_next(&s, &a));
    cr_assert(rt_odbc_attr_is(&a, "empty"));
    cr_assert_eq(a.value_len, 0);
    cr_assert(rt_odbc_connstr_next(&s, &a));
    cr_assert(rt_odbc_attr_is(&a, "flag"));
    cr_assert(!rt_odbc_connstr_next(&s, &a));

    char out[64];
    cr_assert(rt_odbc_value_needs_braces("a+b"));
    cr_assert(rt_odbc_value_needs_braces("50%"));
    cr_assert(rt_odbc_value_needs_braces(" lead"));
    cr_assert(!rt_odbc_value_needs_braces("plain-Secret_1"));
    rt_odbc_value_brace("x}y", out);
    cr_assert_str_eq(out, "{x}}y}");
}
