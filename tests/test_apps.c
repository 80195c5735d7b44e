/* Histories shaped like real applications', not like the smallest test that
 * passes: dozens of tables, quoted CamelCase names, data migrations, views,
 * a foreign-key cycle, triggers written per backend in `-- dialect:`
 * blocks. Each lives in tests/resources/apps/<app>/ with its revisions
 * (versions/), the models at head (models/) and checks.txt (a query and the
 * value it must give after `upgrade head`, one pair per line: SQL<TAB>value).
 *
 * On every backend/transport pair, through the built binary as a user
 * would: `upgrade head`, the data checks, `check` (no difference),
 * `revision --autogenerate` (nothing detected), then each revision from
 * head down is bounced (downgrade, upgrade, downgrade), which ends at base
 * with nothing but the version table left. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "matrix_helpers.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "url.h"

typedef mx_project project;

static char *app_path(const char *app, const char *rest)
{
    return rt_xasprintf("%s/tests/resources/apps/%s/%s", RT_SOURCE_DIR, app, rest);
}

static project app_project(rt_test_backend b, const char *app)
{
    project p = mx_open(b);
    char *ini = rt_xasprintf("%s/retort.ini", p.dir);
    rt_test_write_file(ini, "[retort]\nscript_location = migrations\nmodels = models/*.sql\n");
    free(ini);
    char *src = app_path(app, "");
    cr_assert_eq(rt_test_sh(NULL, p.dir,
                            "mkdir -p migrations && cp -r '%sversions' migrations/ && "
                            "cp -r '%smodels' .", src, src), 0);
    free(src);
    return p;
}

static rt_db *app_connect(project *p)
{
    rt_error err;
    rt_url *url = NULL;
    rt_db *db = NULL;
    cr_assert_eq(rt_url_parse(&url, p->url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    rt_url_free(url);
    return db;
}

static char *app_value(rt_db *db, project *p, const char *sql)
{
    rt_error err;
    char *v = NULL;
    cr_assert_eq(rt_db_query_value(db, sql, &v, &err), RT_OK, "[%s] %s: %s",
                 rt_test_matrix_name(p->backend), sql, err.message);
    return v;
}

/* Every line of checks.txt: the query's first value must be the text after
 * the tab. Numbers compare as written by the backend, so checks cast or
 * count where backends print differently. */
static void app_checks(project *p, const char *app)
{
    char *path = app_path(app, "checks.txt");
    char *text = rt_test_read_file(path);
    cr_assert_not_null(text, "cannot read %s", path);
    rt_db *db = app_connect(p);
    int lineno = 0;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        if (*line == '#' || *line == '\0')
            continue;
        char *tab = strchr(line, '\t');
        cr_assert_not_null(tab, "%s:%d: no tab between query and value", path, lineno);
        *tab = '\0';
        char *v = app_value(db, p, line);
        cr_assert(v && strcmp(v, tab + 1) == 0, "[%s] %s:%d: %s -> '%s', want '%s'",
                  rt_test_matrix_name(p->backend), path, lineno, line, v ? v : "(null)",
                  tab + 1);
        free(v);
    }
    rt_db_close(db);
    free(text);
    free(path);
}

/* Views are not part of the schema model, so the summary cannot see one
 * left behind by a downgrade: ask each catalog. */
static void app_expect_no_views(project *p)
{
    const char *sql;
    switch (p->backend) {
    case RT_TB_SQLITE:
    case RT_TB_SQLITE_ODBC:
        sql = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'view'";
        break;
    case RT_TB_POSTGRESQL:
    case RT_TB_POSTGRESQL_ODBC:
        sql = "SELECT COUNT(*) FROM information_schema.views WHERE table_schema = current_schema()";
        break;
    default:
        sql = "SELECT COUNT(*) FROM information_schema.views WHERE table_schema = DATABASE()";
        break;
    }
    rt_db *db = app_connect(p);
    char *v = app_value(db, p, sql);
    cr_assert_str_eq(v, "0", "[%s] views left after downgrade base", rt_test_matrix_name(p->backend));
    free(v);
    rt_db_close(db);
}

static void app_expect_clean_check(project *p, const char *step)
{
    char *out = NULL;
    int rc = mx_run(p, &out, "check");
    cr_assert_eq(rc, 0, "[%s] check after %s found differences:\n%s",
                 rt_test_matrix_name(p->backend), step, out);
    free(out);
}

/* autogenerate against a database at head writes a revision with empty
 * sections; it is removed again so the history stays as it was. */
static void app_expect_empty_autogenerate(project *p)
{
    char *out = NULL;
    int rc = mx_run(p, &out, "revision --autogenerate -m 'nothing to do'");
    cr_assert_eq(rc, 0, "[%s] %s", rt_test_matrix_name(p->backend), out);
    cli_assert_has(out, "No changes detected.");
    char *path = cli_generated_path(out);
    char *text = rt_test_read_file(path);
    cr_assert_not_null(text, "%s", path);
    const char *up = strstr(text, "-- upgrade");
    const char *down = up ? strstr(up, "-- downgrade") : NULL;
    cr_assert(up && down, "%s", text);
    for (const char *s = up + strlen("-- upgrade"); s < down; s++) {
        if (*s == '-' && s[1] == '-') {
            while (s < down && *s != '\n')
                s++;
            continue;
        }
        cr_assert(*s == ' ' || *s == '\n' || *s == '\t', "[%s] autogenerate wrote SQL:\n%s",
                  rt_test_matrix_name(p->backend), text);
    }
    cr_assert_eq(remove(path), 0);
    free(text);
    free(path);
    free(out);
}

static size_t app_revision_count(project *p)
{
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, p->dir, "ls migrations/versions/*.sql | wc -l"), 0);
    size_t n = (size_t)strtoul(out, NULL, 10);
    free(out);
    cr_assert_gt(n, 0);
    return n;
}

static void app_run(rt_test_backend b, const char *app)
{
    project p = app_project(b, app);
    mx_run_ok(&p, "upgrade head");
    app_checks(&p, app);
    app_expect_clean_check(&p, "upgrade head");
    app_expect_empty_autogenerate(&p);

    size_t n = app_revision_count(&p);
    for (size_t i = 0; i < n; i++) {
        mx_run_ok(&p, "downgrade -1");
        mx_run_ok(&p, "upgrade +1");
        mx_run_ok(&p, "downgrade -1");
    }
    char *out = NULL;
    cr_assert_eq(mx_run(&p, &out, "current"), 0, "%s", out);
    cr_assert_null(strstr(out, "(head)"), "[%s] not at base after the bounce:\n%s",
                   rt_test_matrix_name(b), out);
    free(out);
    mx_expect_schema(&p, "downgrade to base", "");
    app_expect_no_views(&p);
    mx_free(&p);
}

#define APP_TESTS(app)                                                          \
    Test(app, sqlite, .timeout = 300) { app_run(RT_TB_SQLITE, #app); }          \
    Test(app, postgresql, .timeout = 300) { app_run(RT_TB_POSTGRESQL, #app); }  \
    Test(app, mysql, .timeout = 300) { app_run(RT_TB_MYSQL, #app); }            \
    Test(app, sqlite_odbc, .timeout = 300) { app_run(RT_TB_SQLITE_ODBC, #app); } \
    Test(app, postgresql_odbc, .timeout = 300) { app_run(RT_TB_POSTGRESQL_ODBC, #app); } \
    Test(app, mysql_odbc, .timeout = 300) { app_run(RT_TB_MYSQL_ODBC, #app); }

APP_TESTS(musicstore)
APP_TESTS(dvdrental)
APP_TESTS(tracking)
