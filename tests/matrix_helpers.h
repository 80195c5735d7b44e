/* Helpers for the suites that run one project through the built binary on
 * every backend (test_matrix.c, test_matrix_step2.c). */
#ifndef RT_MATRIX_HELPERS_H
#define RT_MATRIX_HELPERS_H

#include "cli_helpers.h"
#include "db.h"
#include "url.h"
#include "rt_test_db.h"
#include "rt_test_matrix.h"
#include "db.h"
#include "url.h"

/* A project folder and the database one backend gives it. */
typedef struct mx_project {
    rt_test_backend backend;
    char *dir;
    char *url;
} mx_project;

/* A new empty folder and an emptied database (caller: mx_free). */
__attribute__((unused)) static mx_project mx_open(rt_test_backend b)
{
    mx_project p = { b, rt_test_tmpdir(), NULL };
    p.url = rt_test_matrix_url(b, p.dir);
    rt_test_db_reset(p.url);
    return p;
}

/* mx_open plus a retort.ini (script_location = migrations, then ini_extra
 * as written) and an empty migrations/versions/. */
__attribute__((unused)) static mx_project mx_open_project(rt_test_backend b,
                                                          const char *ini_extra)
{
    mx_project p = mx_open(b);
    char *ini = rt_xasprintf("%s/retort.ini", p.dir);
    char *text = rt_xasprintf("[retort]\nscript_location = migrations\n%s", ini_extra);
    rt_test_write_file(ini, text);
    free(text);
    free(ini);
    cr_assert_eq(rt_test_sh(NULL, p.dir, "mkdir -p migrations/versions"), 0);
    return p;
}

/* migrations/versions/<id>_rev.sql with a full header and both sections. */
__attribute__((unused)) static void mx_write_revision(mx_project *p, const char *id,
                                                      const char *down, const char *message,
                                                      const char *up_sql, const char *down_sql)
{
    char *path = rt_xasprintf("%s/migrations/versions/%s_rev.sql", p->dir, id);
    char *text = rt_xasprintf("-- Revision ID: %s\n-- Revises: %s\n"
                              "-- Create Date: 2026-11-25 12:00:00.000000\n-- Message: %s\n"
                              "-- Branch Labels: \n-- Depends On: \n\n"
                              "-- upgrade\n%s\n\n-- downgrade\n%s\n",
                              id, down, message, up_sql, down_sql);
    rt_test_write_file(path, text);
    free(text);
    free(path);
}

__attribute__((unused)) static void mx_free(mx_project *p)
{
    rt_test_rmtree(p->dir);
    free(p->dir);
    free(p->url);
}

/* `retort --url URL ARGS` in the project; exit status, and the combined
 * output in *out (caller frees; NULL discards it). */
__attribute__((format(printf, 3, 4), unused)) static int
mx_run(mx_project *p, char **out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *args = rt_xvasprintf(fmt, ap);
    va_end(ap);
    char *o = NULL;
    int rc = cli_run(&o, p->dir, "--url '%s' %s", p->url, args);
    free(args);
    if (out)
        *out = o;
    else
        free(o);
    return rc;
}

__attribute__((unused)) static void mx_run_ok(mx_project *p, const char *args)
{
    char *out = NULL;
    int rc = mx_run(p, &out, "%s", args);
    cr_assert_eq(rc, 0, "[%s] retort %s -> exit %d:\n%s", rt_test_matrix_name(p->backend), args,
                 rc, out);
    free(out);
}

/* First column of the first row of sql, through retort's own driver layer
 * (so with the dialect's session settings). Caller frees. */
__attribute__((unused)) static char *mx_value(mx_project *p, const char *sql)
{
    rt_error err;
    rt_url *url = NULL;
    rt_db *db = NULL;
    char *v = NULL;
    cr_assert_eq(rt_url_parse(&url, p->url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_query_value(db, sql, &v, &err), RT_OK, "[%s] %s: %s",
                 rt_test_matrix_name(p->backend), sql, err.message);
    rt_db_close(db);
    rt_url_free(url);
    return v;
}

__attribute__((unused)) static void mx_expect_value(mx_project *p, const char *sql,
                                                    const char *want)
{
    char *v = mx_value(p, sql);
    cr_assert(v && strcmp(v, want) == 0, "[%s] %s -> '%s', want '%s'",
              rt_test_matrix_name(p->backend), sql, v ? v : "(null)", want);
    free(v);
}

/* The live schema equals the portable expectation, normalised for this
 * backend. */
__attribute__((unused)) static void mx_expect_schema(mx_project *p, const char *step,
                                                     const char *portable_sql)
{
    char *live = rt_test_live_summary(p->url);
    char *want = rt_test_expected_summary(p->url, portable_sql);
    cr_assert_str_eq(live, want, "[%s] after %s:\n--- live\n%s--- expected\n%s",
                     rt_test_matrix_name(p->backend), step, live, want);
    free(live);
    free(want);
}

#endif
