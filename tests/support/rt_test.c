#include "rt_test.h"
#include "rt_mem.h"
#include "url.h"

#include <criterion/criterion.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static const char *env_or(const char *name, const char *fallback)
{
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

const char *rt_test_pg_url(void)
{
    return env_or("RETORT_TEST_PG_URL", "postgresql://test:test@127.0.0.1:5432/test");
}

const char *rt_test_mysql_url(void)
{
    return env_or("RETORT_TEST_MYSQL_URL", "mysql://test:test@127.0.0.1:3306/test");
}

const char *rt_test_backend_url(const char *backend)
{
    static char sqlite_url[4096];
    if (strcmp(backend, "postgresql") == 0)
        return rt_test_pg_url();
    if (strcmp(backend, "mysql") == 0)
        return rt_test_mysql_url();
    char *dir = rt_test_tmpdir();
    snprintf(sqlite_url, sizeof sqlite_url, "sqlite:///%s/test.db", dir);
    free(dir);
    return sqlite_url;
}

rt_url *rt_test_url(const char *text)
{
    rt_error err;
    rt_error_clear(&err);
    rt_url *u = NULL;
    cr_assert_eq(rt_url_parse(&u, text, &err), RT_OK, "%s: %s", text, err.message);
    return u;
}

char *rt_test_url_variant(const char *url, const char *scheme, const char *password,
                          const char *query)
{
    rt_url *u = rt_test_url(url);
    char *s = rt_xasprintf("%s://%s:%s@%s:%d/%s%s%s", scheme ? scheme : u->dialect, u->user,
                           password, u->host, u->port, u->database, query ? "?" : "",
                           query ? query : "");
    rt_url_free(u);
    return s;
}

void rt_test_require_odbc(void)
{
    const char *sysini = getenv("ODBCSYSINI");
    cr_assert(sysini && *sysini,
              "ODBCSYSINI is not set: run `eval \"$(bash ci/odbc.sh setup)\"` first");
}

char *rt_test_tmpdir(void)
{
    const char *base = env_or("TMPDIR", "/tmp");
    char *tmpl = rt_xasprintf("%s/retort-test-XXXXXX", base);
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        abort();
    }
    return tmpl;
}

void rt_test_rmtree(const char *path)
{
    if (path && *path && strcmp(path, "/") != 0)
        rt_test_sh(NULL, NULL, "rm -rf '%s'", path);
}

char *rt_test_dir;

void rt_test_dir_setup(void)
{
    rt_test_dir = rt_test_tmpdir();
}

void rt_test_dir_teardown(void)
{
    rt_test_rmtree(rt_test_dir);
    free(rt_test_dir);
    rt_test_dir = NULL;
}

int rt_test_sh(char **out, const char *cwd, const char *fmt, ...)
{
    va_list ap;
    rt_buf cmd = RT_BUF_INIT;
    va_start(ap, fmt);
    char *body = rt_xvasprintf(fmt, ap);
    va_end(ap);
    if (cwd)
        rt_buf_printf(&cmd, "cd '%s' && ( %s ) 2>&1", cwd, body);
    else
        rt_buf_printf(&cmd, "( %s ) 2>&1", body);
    free(body);

    FILE *p = popen(rt_buf_cstr(&cmd), "r");
    rt_buf_free(&cmd);
    if (!p)
        return -1;
    rt_buf text = RT_BUF_INIT;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, p)) > 0)
        rt_buf_appendn(&text, chunk, got);
    int status = pclose(p);
    if (out)
        *out = rt_buf_steal(&text);
    else
        rt_buf_free(&text);
    if (status == -1 || !WIFEXITED(status))
        return -1;
    return WEXITSTATUS(status);
}

void rt_test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        abort();
    }
    fputs(text, f);
    fclose(f);
}

char *rt_test_read_file_n(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    rt_buf b = RT_BUF_INIT;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rt_buf_appendn(&b, chunk, got);
    fclose(f);
    *len = b.len;
    return rt_buf_steal(&b);
}

char *rt_test_read_file(const char *path)
{
    size_t len;
    return rt_test_read_file_n(path, &len);
}

void rt_test_write_revision(const char *versions_dir, const char *id, const char *down,
                            const char *up_sql, const char *down_sql)
{
    char *path = rt_xasprintf("%s/%s_rev.sql", versions_dir, id);
    char *text = rt_xasprintf("-- Revision ID: %s\n-- Revises: %s\n-- Create Date: 2026-01-01 "
                              "00:00:00.000000\n-- Message: step %s\n-- Branch Labels: \n"
                              "-- Depends On: \n\n-- upgrade\n%s\n\n-- downgrade\n%s\n",
                              id, down, id, up_sql, down_sql);
    rt_test_write_file(path, text);
    free(text);
    free(path);
}
