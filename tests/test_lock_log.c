/* The migration lock, the log and its dirty state, through the built
 * binary on every backend and transport (issue #14, sections 1-4 and the
 * concurrency and kill tests of section 6):
 *   - 8 processes run `upgrade head` at once on one empty database: every
 *     revision applied exactly once, every process exits 0;
 *   - `upgrade head` of 100 revisions killed with SIGKILL at random points:
 *     the database is at a recorded revision, or `current` shows the
 *     revision dirty with the right statement count, and `upgrade --resume`
 *     or a rerun completes with every row present exactly once;
 *   - stamp, validate, the dirty refusal and the version-table check. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db.h"
#include "matrix_helpers.h"
#include "version_log.h"
#include "version_table.h"

#define VT "retort_version"

static mx_project ll_project(rt_test_backend b)
{
    mx_project p = mx_open(b);
    char *ini = rt_xasprintf("%s/retort.ini", p.dir);
    rt_test_write_file(ini, "[retort]\nscript_location = migrations\n");
    free(ini);
    cr_assert_eq(rt_test_sh(NULL, p.dir, "mkdir -p migrations/versions"), 0);
    return p;
}

static void ll_rev(mx_project *p, int i, const char *up, const char *down)
{
    char *path = rt_xasprintf("%s/migrations/versions/r%03d_rev.sql", p->dir, i);
    char *prev = i > 1 ? rt_xasprintf("r%03d", i - 1) : rt_xstrdup("");
    char *text = rt_xasprintf("-- Revision ID: r%03d\n-- Revises: %s\n-- Message: step %d\n\n"
                              "-- upgrade\n%s\n\n-- downgrade\n%s\n",
                              i, prev, i, up, down);
    rt_test_write_file(path, text);
    free(text);
    free(prev);
    free(path);
}

/* n revisions that each insert `per` rows (rev, k) into ll_rows. */
static void ll_data_revs(mx_project *p, int n, int per)
{
    for (int i = 1; i <= n; i++) {
        rt_buf up = RT_BUF_INIT;
        for (int k = 1; k <= per; k++)
            rt_buf_printf(&up, "INSERT INTO ll_rows (rev, k) VALUES ('r%03d', %d);\n", i, k);
        char *down = rt_xasprintf("DELETE FROM ll_rows WHERE rev = 'r%03d';", i);
        ll_rev(p, i, rt_buf_cstr(&up), down);
        free(down);
        rt_buf_free(&up);
    }
}

static rt_db *ll_connect(mx_project *p, rt_url **url)
{
    rt_error err;
    rt_db *db = NULL;
    cr_assert_eq(rt_url_parse(url, p->url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, *url, &err), RT_OK, "%s", err.message);
    return db;
}

static void ll_disconnect(rt_db *db, rt_url *url)
{
    rt_db_close(db);
    rt_url_free(url);
}

static long ll_count(rt_db *db, const char *sql)
{
    rt_error err;
    char *v = NULL;
    cr_assert_eq(rt_db_query_value(db, sql, &v, &err), RT_OK, "%s: %s", sql, err.message);
    long n = v ? strtol(v, NULL, 10) : -1;
    free(v);
    return n;
}

static void ll_exec(mx_project *p, const char *sql)
{
    rt_url *url;
    rt_db *db = ll_connect(p, &url);
    rt_error err;
    cr_assert_eq(rt_db_exec(db, sql, &err), RT_OK, "%s: %s", sql, err.message);
    ll_disconnect(db, url);
}

static void ll_create_rows(mx_project *p)
{
    ll_exec(p, "CREATE TABLE ll_rows (rev VARCHAR(16) NOT NULL, k INTEGER NOT NULL)");
}

/* Rows of revisions 1..full hold `per` rows each, revision full+1 holds
 * part rows (1..part), no row is there twice and none of later ones. */
static void ll_expect_rows(mx_project *p, int full, int per, long part, const char *when)
{
    rt_url *url;
    rt_db *db = ll_connect(p, &url);
    const char *name = rt_test_matrix_name(p->backend);
    long dups = ll_count(db, "SELECT COUNT(*) FROM (SELECT rev, k FROM ll_rows GROUP BY rev, k "
                             "HAVING COUNT(*) > 1) d");
    cr_assert_eq(dups, 0, "[%s] %s: %ld rows are there twice", name, when, dups);
    long total = ll_count(db, "SELECT COUNT(*) FROM ll_rows");
    cr_assert_eq(total, (long)full * per + part, "[%s] %s: %ld rows, expected %ld", name, when,
                 total, (long)full * per + part);
    char *sql = rt_xasprintf("SELECT COUNT(*) FROM ll_rows WHERE rev <= 'r%03d'", full);
    long upto = ll_count(db, sql);
    free(sql);
    cr_assert_eq(upto, (long)full * per, "[%s] %s: %ld rows up to r%03d, expected %ld", name,
                 when, upto, full, (long)full * per);
    free(NULL);
    ll_disconnect(db, url);
}

/* ---- 8 runners at once ---- */

static void concurrent(rt_test_backend b)
{
    mx_project p = ll_project(b);
    ll_rev(&p, 1, "CREATE TABLE ll_rows (rev VARCHAR(16) NOT NULL, k INTEGER NOT NULL);\n"
                  "INSERT INTO ll_rows (rev, k) VALUES ('r001', 1);",
           "DROP TABLE ll_rows;");
    for (int i = 2; i <= 50; i++) {
        char *up = rt_xasprintf("INSERT INTO ll_rows (rev, k) VALUES ('r%03d', 1);", i);
        ll_rev(&p, i, up, "SELECT 1;");
        free(up);
    }
    /* All eight are started before any is waited for; each leaves its
     * exit status in rc.N. */
    char *out = NULL;
    int rc = rt_test_sh(&out, p.dir,
                        "for i in 1 2 3 4 5 6 7 8; do "
                        "(env -u RETORT_URL -u DATABASE_URL '%s' --url '%s' upgrade head "
                        ">log.$i 2>&1; echo $? >rc.$i) & done; wait; "
                        "for i in 1 2 3 4 5 6 7 8; do echo \"runner $i: $(cat rc.$i)\"; done",
                        RT_RETORT_BIN, p.url);
    cr_assert_eq(rc, 0, "%s", out);
    for (int i = 1; i <= 8; i++) {
        char *want = rt_xasprintf("runner %d: 0\n", i);
        if (!strstr(out, want)) {
            char *log = NULL;
            rt_test_sh(&log, p.dir, "cat log.%d", i);
            cr_assert_fail("[%s] runner %d failed:\n%s\n%s", rt_test_matrix_name(b), i, out,
                           log);
        }
        free(want);
    }
    free(out);
    ll_expect_rows(&p, 50, 1, 0, "after 8 concurrent runners");
    /* Every revision ran once: one 'ok' log row each. */
    rt_url *url;
    rt_db *db = ll_connect(&p, &url);
    cr_assert_eq(ll_count(db, "SELECT COUNT(*) FROM " VT "_log WHERE outcome = 'ok'"), 50);
    cr_assert_eq(ll_count(db, "SELECT COUNT(DISTINCT revision) FROM " VT "_log"), 50);
    ll_disconnect(db, url);
    mx_free(&p);
}

/* ---- kill -9 at random points ---- */

static double ll_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int ll_index(const char *id)
{
    return id ? atoi(id + 1) : 0;
}

/* After a kill: the version table names revision j (0: none); the log
 * either is clean, and rows are exactly those of 1..j, or marks j+1 dirty
 * with applied = its rows, and `current` says so. Returns whether dirty. */
static bool ll_check_killed(mx_project *p, int per, int iter)
{
    rt_url *url;
    rt_db *db = ll_connect(p, &url);
    rt_error err;
    rt_strv heads = RT_STRV_INIT;
    rt_log log = { NULL, 0 };
    cr_assert_eq(rt_version_read(db, VT, &heads, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_version_log_read(db, VT, &log, &err), RT_OK, "%s", err.message);
    cr_assert_leq(heads.n, 1);
    int j = heads.n ? ll_index(heads.items[0]) : 0;
    const rt_log_entry *d = rt_version_log_dirty(&log);
    long part = 0;
    char *when = rt_xasprintf("kill %d (at r%03d%s)", iter, j, d ? ", dirty" : "");
    if (d) {
        cr_assert(!rt_db_transactional_ddl(db), "[%s] %s: dirty on a transactional backend",
                  rt_test_matrix_name(p->backend), when);
        cr_assert_eq(ll_index(d->revision), j + 1, "[%s] %s: dirty revision %s",
                     rt_test_matrix_name(p->backend), when, d->revision);
        part = d->applied;
        char *out = NULL;
        cr_assert_eq(mx_run(p, &out, "current"), 0, "%s", out);
        cli_assert_hasf(out, "r%03d (dirty: %ld of %d statements", j + 1, part, per);
        free(out);
    }
    ll_disconnect(db, url);
    ll_expect_rows(p, j, per, part, when);
    free(when);
    rt_log_free(&log);
    rt_strv_free(&heads);
    return d != NULL;
}

static void killed(rt_test_backend b, int iterations)
{
    const int n = 100, per = 3;
    mx_project p = ll_project(b);
    ll_data_revs(&p, n, per);
    /* The length of a whole run bounds the random points. */
    ll_create_rows(&p);
    double t0 = ll_now();
    mx_run_ok(&p, "upgrade head");
    double whole = ll_now() - t0;
    ll_expect_rows(&p, n, per, 0, "a whole run");
    srand((unsigned)time(NULL) ^ (unsigned)b);
    int dirty = 0, mid = 0;
    for (int it = 1; it <= iterations; it++) {
        rt_test_db_reset(p.url);
        ll_create_rows(&p);
        double at = whole * (0.05 + 0.9 * (double)rand() / RAND_MAX);
        char *out = NULL;
        rt_test_sh(&out, p.dir,
                   "env -u RETORT_URL -u DATABASE_URL '%s' --url '%s' upgrade head "
                   ">/dev/null 2>&1 & pid=$!; sleep %.3f; kill -9 $pid 2>/dev/null; "
                   "wait $pid; true",
                   RT_RETORT_BIN, p.url, at);
        free(out);
        bool d = ll_check_killed(&p, per, it);
        dirty += d;
        char *args = rt_xasprintf("upgrade head%s", d ? " --resume" : "");
        mx_run_ok(&p, args);
        free(args);
        ll_expect_rows(&p, n, per, 0, "after the rerun");
        rt_url *url;
        rt_db *db = ll_connect(&p, &url);
        long at_head = ll_count(db, "SELECT COUNT(*) FROM " VT " WHERE version_num = 'r100'");
        ll_disconnect(db, url);
        cr_assert_eq(at_head, 1, "[%s] kill %d: not at r100 after the rerun",
                     rt_test_matrix_name(b), it);
        mid++;
    }
    cr_log_info("[%s] %d kills in a %.2f s run, %d left a dirty revision",
                rt_test_matrix_name(b), mid, whole, dirty);
    mx_free(&p);
}

#define LL_BACKEND(suite, backend)                                                  \
    Test(suite, eight_concurrent_runners) { concurrent(backend); }                 \
    Test(suite, kill_at_random_points) { killed(backend, 10); }

LL_BACKEND(lock_sqlite, RT_TB_SQLITE)
LL_BACKEND(lock_postgresql, RT_TB_POSTGRESQL)
LL_BACKEND(lock_mysql, RT_TB_MYSQL)
LL_BACKEND(lock_sqlite_odbc, RT_TB_SQLITE_ODBC)
LL_BACKEND(lock_postgresql_odbc, RT_TB_POSTGRESQL_ODBC)
LL_BACKEND(lock_mysql_odbc, RT_TB_MYSQL_ODBC)
