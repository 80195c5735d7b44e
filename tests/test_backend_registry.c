/* The backend registry: every name and alias resolves, every entry's
 * dialect and driver modules exist and agree with it, the one compatibility
 * rule, and the dialect settings retort.ini reads through it. Loops over
 * the table, so a new entry is checked without a new test. */
#include <criterion/criterion.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "backend_registry.h"
#include "config.h"
#include "dialect.h"
#include "driver_load.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "url.h"

#define EACH_BACKEND(b) for (size_t b##_i = 0; ((b) = rt_backend_at(b##_i)); b##_i++)

static char *upper(const char *s)
{
    char *u = rt_xstrdup(s);
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

/* "<scheme>://" plus what the backend's URLs need to parse. */
static rt_url *parse_ok(const rt_backend *b, const char *scheme)
{
    char *text = b->file_based ? rt_xasprintf("%s:///x.db", scheme)
                               : rt_xasprintf("%s://u:p@h/d", scheme);
    rt_url *u = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_url_parse(&u, text, &err), RT_OK, "%s: %s", text, err.message);
    free(text);
    return u;
}

static void assert_resolves(const rt_backend *b, const char *spelling)
{
    cr_assert_eq(rt_backend_find(spelling, strlen(spelling)), b, "%s", spelling);
    char *up = upper(spelling);
    cr_assert_eq(rt_backend_find(up, strlen(up)), b, "%s", up);
    rt_url *u = parse_ok(b, up);
    cr_assert_str_eq(u->dialect, b->name);
    cr_assert_str_eq(u->driver, b->native.name, "%s: the native driver is the default", up);
    rt_url_free(u);
    free(up);
}

Test(registry, every_name_and_alias_resolves)
{
    const rt_backend *b;
    size_t n = 0;
    EACH_BACKEND(b) {
        n++;
        cr_assert_eq(rt_backend_named(b->name), b);
        assert_resolves(b, b->name);
        for (const char *const *a = b->aliases; a && *a; a++) {
            assert_resolves(b, *a);
            cr_assert_null(rt_backend_named(*a), "%s: an alias is not canonical", *a);
        }
    }
    cr_assert_geq(n, 3);
    cr_assert_null(rt_backend_find("oracle", 6));
    cr_assert_null(rt_backend_find("postgresqlx", 11), "a prefix is not a name");
    cr_assert_null(rt_backend_named(NULL));
}

static void assert_driver_resolves(const rt_backend_driver *d, const char *spelling,
                                   const rt_backend *b)
{
    cr_assert_eq(rt_backend_driver_find(spelling, strlen(spelling)), d, "%s", spelling);
    char *scheme = rt_xasprintf("%s+%s", b->name, spelling);
    rt_url *u = parse_ok(b, scheme);
    cr_assert_str_eq(u->driver, d->name, "%s", scheme);
    rt_url_free(u);
    free(scheme);
}

Test(registry, every_driver_alias_resolves_in_a_url)
{
    const rt_backend *b;
    EACH_BACKEND(b) {
        assert_driver_resolves(&b->native, b->native.name, b);
        for (const char *const *a = b->native.aliases; a && *a; a++)
            assert_driver_resolves(&b->native, *a, b);
        const rt_backend_driver *t;
        for (size_t i = 0; (t = rt_backend_transport_at(i)); i++) {
            assert_driver_resolves(t, t->name, b);
            for (const char *const *a = t->aliases; a && *a; a++)
                assert_driver_resolves(t, *a, b);
        }
    }
    cr_assert_null(rt_backend_driver_find("cx_oracle", 9));
}

/* One spelling means one thing: no name or alias twice among backends,
 * nor among drivers. */
static void collect(rt_strv *seen, const char *name, const char *const *aliases)
{
    const char *all[64];
    size_t n = 0;
    all[n++] = name;
    for (const char *const *a = aliases; a && *a && n < 64; a++)
        all[n++] = *a;
    for (size_t i = 0; i < n; i++) {
        char *low = rt_xstrdup(all[i]);
        for (char *p = low; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        cr_assert_lt(rt_strv_find(seen, low), 0, "'%s' is spelled twice in the registry", low);
        rt_strv_push_owned(seen, low);
    }
}

Test(registry, spellings_are_unique)
{
    rt_strv backends = RT_STRV_INIT, drivers = RT_STRV_INIT;
    const rt_backend *b;
    EACH_BACKEND(b) {
        collect(&backends, b->name, b->aliases);
        collect(&drivers, b->native.name, b->native.aliases);
    }
    const rt_backend_driver *t;
    for (size_t i = 0; (t = rt_backend_transport_at(i)); i++)
        collect(&drivers, t->name, t->aliases);
    rt_strv_free(&backends);
    rt_strv_free(&drivers);
}

Test(registry, every_dialect_is_complete_and_found_by_name)
{
    const rt_backend *b;
    EACH_BACKEND(b) {
        const rt_dialect *d = b->dialect;
        cr_assert_not_null(d, "%s", b->name);
        cr_assert_eq(rt_dialect_find(b->name), d, "%s", b->name);
        cr_assert_not_null(d->name);
        cr_assert(d->render && d->reflect && d->normalize && d->has_table_sql &&
                      d->quote_ident && d->lock,
                  "%s: the dialect leaves a slot empty", b->name);
        cr_assert_not_null(b->title);
    }
    cr_assert_null(rt_dialect_find("oracle"));
}

/* The module each entry names is built and is the driver it claims: its
 * table's name is the registry's. Loading needs the client libraries, not
 * a server. */
static void assert_module(const rt_backend_driver *d)
{
    rt_driver_module *m = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_driver_load(&m, d->name, d->client_package, &err), RT_OK, "%s",
                 err.message);
    cr_assert_str_eq(rt_driver_module_table(m)->name, d->name);
    cr_assert_not_null(d->client_package, "%s: no client package", d->name);
    cr_assert_str_eq(rt_backend_client_package(d->name), d->client_package);
    rt_driver_unload(m);
}

Test(registry, every_driver_module_exists)
{
    const rt_backend *b;
    EACH_BACKEND(b)
        assert_module(&b->native);
    const rt_backend_driver *t;
    for (size_t i = 0; (t = rt_backend_transport_at(i)); i++)
        assert_module(t);
    cr_assert_null(rt_backend_client_package("nosuch"));
    cr_assert_null(rt_backend_client_package(NULL));
}

Test(registry, compatibility_rule)
{
    const rt_backend *b, *other;
    EACH_BACKEND(b) {
        rt_error err;
        rt_error_clear(&err);
        const rt_backend_driver *t;
        for (size_t i = 0; (t = rt_backend_transport_at(i)); i++)
            cr_assert_eq(rt_backend_check_driver(b, t->name, &err), RT_OK, "%s", err.message);
        /* a module the registry does not list: the user's choice */
        cr_assert_eq(rt_backend_check_driver(b, "faulty", &err), RT_OK);
        EACH_BACKEND(other) {
            int rc = rt_backend_check_driver(b, other->native.name, &err);
            if (other == b) {
                cr_assert_eq(rc, RT_OK, "%s", err.message);
                continue;
            }
            cr_assert_eq(rc, RT_ECONFIG);
            char *want = rt_xasprintf("driver '%s' cannot connect to a %s database: it is "
                                      "%s's native driver; use %s://...",
                                      other->native.name, b->name, other->name, b->name);
            cr_assert_not_null(strstr(err.message, want), "%s", err.message);
            free(want);
            /* and a URL that pairs them is refused the same way */
            char *text = rt_xasprintf("%s+%s://u:secret@h/d", b->name, other->native.name);
            rt_url *u = NULL;
            cr_assert_eq(rt_url_parse(&u, text, &err), RT_ECONFIG, "%s", text);
            cr_assert_null(u);
            cr_assert_null(strstr(err.message, "secret"));
            free(text);
        }
    }
}

Test(registry, server_and_file_fields_agree)
{
    const rt_backend *b;
    EACH_BACKEND(b) {
        cr_assert_not_null(b->odbc_driver, "%s", b->name);
        if (b->file_based) {
            cr_assert_eq(b->default_port, 0, "%s", b->name);
            cr_assert_null(b->test_env, "%s", b->name);
            rt_url *u = parse_ok(b, b->name);
            cr_assert_str_eq(u->database, "x.db");
            rt_url_free(u);
        } else {
            cr_assert(b->default_port > 0 && b->default_port < 65536, "%s", b->name);
            cr_assert_not_null(b->test_env, "%s", b->name);
            char *url = rt_test_server_url(b, NULL);
            cr_assert_eq(strncmp(url, b->name, strlen(b->name)), 0, "%s", url);
            free(url);
        }
    }
}

Test(registry, message_lists_read_from_the_table)
{
    rt_buf names = RT_BUF_INIT, drivers = RT_BUF_INIT, reach = RT_BUF_INIT;
    rt_backend_describe_names(&names);
    cr_assert_str_eq(rt_buf_cstr(&names),
                     "sqlite, postgresql (or postgres) and mysql (or mariadb)");
    rt_backend_describe_drivers(&drivers);
    cr_assert_str_eq(rt_buf_cstr(&drivers),
                     "sqlite3 (pysqlite), libpq (psycopg2, psycopg, pg8000, asyncpg), "
                     "mysqlclient (mysqldb, pymysql) and odbc (pyodbc)");
    rt_backend_describe_reach(&reach, "libpq");
    rt_buf_append(&reach, "|");
    rt_backend_describe_reach(&reach, "odbc");
    rt_buf_append(&reach, "|");
    rt_backend_describe_reach(&reach, "faulty");
    cr_assert_str_eq(rt_buf_cstr(&reach), "postgresql|every backend (sqlite, postgresql, mysql)|");
    rt_buf_free(&names);
    rt_buf_free(&drivers);
    rt_buf_free(&reach);
}

/* Each setting a dialect declares: its default with no options, and
 * retort.ini's <dialect>_<key> at its limits, reaching the dialect. */
Test(registry, dialect_settings_from_retort_ini)
{
    const rt_dialect *d = NULL;
    const rt_dialect_setting *s;
    size_t n = 0;
    char *dir = rt_test_tmpdir();
    char *path = rt_xasprintf("%s/retort.ini", dir);
    for (; (s = rt_dialect_setting_at(n, &d)); n++) {
        cr_assert(s->min <= s->def && s->def <= s->max, "%s_%s", d->name, s->key);
        rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
        cr_assert_eq(rt_dialect_setting_int(d, &opts, s->key), s->def);
        cr_assert_eq(rt_dialect_setting_int(d, NULL, s->key), s->def);

        for (int k = 0; k < 2; k++) {
            int value = k ? s->max : s->min;
            char *ini = rt_xasprintf("[retort]\nurl = x\n%s_%s = %d\n", d->name, s->key, value);
            rt_test_write_file(path, ini);
            free(ini);
            rt_config *cfg = NULL;
            rt_error err;
            rt_error_clear(&err);
            cr_assert_eq(rt_config_load(&cfg, path, &err), RT_OK, "%s", err.message);
            opts.settings = &cfg->dialect_settings;
            cr_assert_eq(rt_dialect_setting_int(d, &opts, s->key), value);
            rt_config_free(cfg);
        }
        char *ini = rt_xasprintf("[retort]\nurl = x\n%s_%s = %d\n", d->name, s->key, s->max + 1);
        rt_test_write_file(path, ini);
        free(ini);
        rt_config *cfg = NULL;
        rt_error err;
        rt_error_clear(&err);
        cr_assert_eq(rt_config_load(&cfg, path, &err), RT_ECONFIG);
        char *want = rt_xasprintf("%s:3: %s_%s must be a whole number from %d to %d.", path,
                                  d->name, s->key, s->min, s->max);
        cr_assert_str_eq(err.message, want);
        free(want);
    }
    cr_assert_geq(n, 1, "mysql_default_varchar_length is a dialect setting");
    rt_test_rmtree(dir);
    free(path);
    free(dir);
}
