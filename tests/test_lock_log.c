/* The migration lock, the log and its dirty state, through the built
 * binary on every backend and transport (issue #14, sections 1-4 and the
 * concurrency and kill tests of section 6):
 *   - 8 processes run `upgrade head` at once on one empty database: every
 *     revision applied exactly once, every process exits 0;
 *   - `upgrade head` of 100 revisions killed with SIGKILL at random points:
 *     the database is at a recorded revision, or `current` shows the
 *     revision dirty with the right statement count, and `upgrade --resume`
 *     or a rerun completes with every row present exactly once;
 *   - stamp, validate, the dirty refusal and the version-table check;
 *   - on MySQL, the statements the lock and log add, as the server counts
 *     them (docs/performance.md). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#endif
#endif

#include "db.h"
#include "engine.h"
#include "graph.h"
#include "migration_lock.h"
#include "matrix_helpers.h"
#include "version_log.h"
#include "version_table.h"

#define VT "retort_version"

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
    mx_project p = mx_open_project(b, "");
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
    mx_project p = mx_open_project(b, "");
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

/* ---- the lock held by someone else ---- */

/* The test holds the lock through the dialect's own code, on its own
 * connection: a runner waits, names the holder, and gives up after
 * --lock-timeout with exit status 2, the database untouched. */
static void lock_held(rt_test_backend b)
{
    mx_project p = mx_open_project(b, "");
    ll_rev(&p, 1, "CREATE TABLE ll_rows (rev VARCHAR(16) NOT NULL, k INTEGER NOT NULL);",
           "DROP TABLE ll_rows;");
    rt_url *url;
    rt_db *db = ll_connect(&p, &url);
    rt_lock lk;
    rt_error err;
    cr_assert_eq(rt_lock_take(&lk, db, VT, 0, NULL, &err), RT_OK, "%s", err.message);
    char *out = NULL;
    int rc = mx_run(&p, &out, "upgrade head --lock-timeout 0.5");
    cr_assert_eq(rc, 2, "[%s] %s", rt_test_matrix_name(b), out);
    cli_assert_has(out, "Waiting for the migration lock for retort_version, held by ");
    cli_assert_has(out, "another migration is running on this database");
    cli_assert_has(out, "lock_timeout (0.500 s)");
    if (b == RT_TB_POSTGRESQL || b == RT_TB_POSTGRESQL_ODBC)
        cli_assert_has(out, "PostgreSQL backend pid ");
    else if (b == RT_TB_MYSQL || b == RT_TB_MYSQL_ODBC)
        cli_assert_has(out, "connection id ");
    else
        cli_assert_hasf(out, "held by pid %ld on ", (long)getpid());
    free(out);
    cr_assert_eq(mx_run(&p, &out, "stamp head --lock-timeout 0"), 2, "%s", out);
    free(out);
    /* Released: the next runner goes through at once. */
    rt_lock_release(&lk);
    ll_disconnect(db, url);
    mx_run_ok(&p, "upgrade head --lock-timeout 0");
    mx_free(&p);
}

/* ---- stamp ---- */

static char *ll_version(mx_project *p)
{
    rt_url *url;
    rt_db *db = ll_connect(p, &url);
    rt_strv heads = RT_STRV_INIT;
    rt_error err;
    cr_assert_eq(rt_version_read(db, VT, &heads, &err), RT_OK, "%s", err.message);
    char *v = rt_strv_join(&heads, ",");
    rt_strv_free(&heads);
    ll_disconnect(db, url);
    return v;
}

#define ll_expect_version(p, want)                                                  \
    do {                                                                            \
        char *v_ = ll_version(p);                                                   \
        cr_assert_str_eq(v_, want, "[%s] version table", rt_test_matrix_name((p)->backend)); \
        free(v_);                                                                   \
    } while (0)

static void ll_branch_rev(mx_project *p, const char *id, const char *down)
{
    char *path = rt_xasprintf("%s/migrations/versions/%s_rev.sql", p->dir, id);
    char *text = rt_xasprintf("-- Revision ID: %s\n-- Revises: %s\n-- Message: %s\n\n"
                              "-- upgrade\nCREATE TABLE t_%s (id INTEGER PRIMARY KEY);\n\n"
                              "-- downgrade\nDROP TABLE t_%s;\n",
                              id, down, id, id, id);
    rt_test_write_file(path, text);
    free(text);
    free(path);
}

static void stamp(rt_test_backend b)
{
    mx_project p = mx_open_project(b, "");
    /* a1 <- a2 <- {b3, c3}: two heads. */
    ll_branch_rev(&p, "a1", "");
    ll_branch_rev(&p, "a2", "a1");
    ll_branch_rev(&p, "b3", "a2");
    ll_branch_rev(&p, "c3", "a2");
    char *out = NULL;
    cr_assert_eq(mx_run(&p, &out, "stamp head"), 2, "%s", out);
    cli_assert_has(out, "stamp head: the history has 2 heads");
    free(out);
    mx_run_ok(&p, "stamp a2");
    ll_expect_version(&p, "a2");
    mx_run_ok(&p, "stamp b3 c3");
    ll_expect_version(&p, "b3,c3");
    /* A target replaces its own branch only. */
    mx_run_ok(&p, "stamp a2");
    ll_expect_version(&p, "a2");
    mx_run_ok(&p, "stamp heads");
    ll_expect_version(&p, "b3,c3");
    cr_assert_eq(mx_run(&p, &out, "stamp a1 a2"), 2, "%s", out);
    cli_assert_has(out, "holds both revision a2 and its ancestor a1");
    free(out);
    mx_run_ok(&p, "stamp base");
    ll_expect_version(&p, "");
    /* No statement ran. */
    cr_assert_eq(mx_run(&p, &out, "upgrade heads"), 0, "%s", out);
    cli_assert_has(out, "Running upgrade  -> a1");
    free(out);
    /* A version table holding a revision and its ancestor is refused;
     * --purge replaces it, also a revision no file defines. */
    ll_exec(&p, "INSERT INTO " VT " (version_num) VALUES ('a1')");
    cr_assert_eq(mx_run(&p, &out, "upgrade heads"), 2, "%s", out);
    cli_assert_has(out, "holds both revision b3 and its ancestor a1");
    free(out);
    ll_exec(&p, "INSERT INTO " VT " (version_num) VALUES ('zz9')");
    cr_assert_eq(mx_run(&p, &out, "stamp b3"), 2, "%s", out);
    cli_assert_has(out, "holds revision 'zz9', which no file defines");
    free(out);
    mx_run_ok(&p, "stamp --purge b3 c3");
    ll_expect_version(&p, "b3,c3");
    rt_url *url;
    rt_db *db = ll_connect(&p, &url);
    cr_assert_eq(ll_count(db, "SELECT COUNT(*) FROM " VT "_log WHERE outcome = 'stamped' AND "
                              "revision = 'zz9' AND direction = 'down'"),
                 1);
    ll_disconnect(db, url);
    mx_run_ok(&p, "current");
    mx_free(&p);
}

/* ---- validate ---- */

static void validate(rt_test_backend b)
{
    mx_project p = mx_open_project(b, "");
    ll_branch_rev(&p, "a1", "");
    ll_branch_rev(&p, "a2", "a1");
    ll_branch_rev(&p, "a3", "a2");
    mx_run_ok(&p, "upgrade a2");
    mx_run_ok(&p, "validate");
    char *out = NULL;
    /* a3 is not applied: editing it is fine. */
    cr_assert_eq(rt_test_sh(NULL, p.dir, "echo '-- note' >> migrations/versions/a3_rev.sql"), 0);
    mx_run_ok(&p, "validate");
    /* The downgrade section did not run: editing it is fine too. */
    cr_assert_eq(rt_test_sh(NULL, p.dir, "echo '-- note' >> migrations/versions/a1_rev.sql"), 0);
    mx_run_ok(&p, "validate");
    cr_assert_eq(rt_test_sh(NULL, p.dir,
                            "sed -i 's/PRIMARY KEY)/PRIMARY KEY, x INTEGER)/' "
                            "migrations/versions/a1_rev.sql migrations/versions/a2_rev.sql"),
                 0);
    cr_assert_eq(mx_run(&p, &out, "validate"), 1, "%s", out);
    cli_assert_has(out, "revision a1: ");
    cli_assert_has(out, "revision a2: ");
    cli_assert_has(out, "a2_rev.sql changed since it was applied on ");
    free(out);
    cr_assert_eq(mx_run(&p, &out, "upgrade head"), 2, "%s", out);
    cli_assert_has(out, "applied revisions changed since they ran");
    cli_assert_lacks(out, "Running upgrade");
    free(out);
    char *ini = rt_xasprintf("%s/retort.ini", p.dir);
    rt_test_write_file(ini, "[retort]\nscript_location = migrations\n"
                            "validate_on_migrate = false\n");
    free(ini);
    mx_run_ok(&p, "upgrade head");
    mx_run_ok(&p, "stamp a2"); /* accepts a2's file as it is now */
    cr_assert_eq(mx_run(&p, &out, "validate"), 1, "%s", out);
    cli_assert_has(out, "revision a1: "); /* not named: still changed */
    cli_assert_lacks(out, "revision a2: ");
    free(out);
    mx_run_ok(&p, "stamp a1");
    mx_run_ok(&p, "stamp a3");
    mx_run_ok(&p, "validate");
    cr_assert_eq(rt_test_sh(NULL, p.dir, "rm migrations/versions/a3_rev.sql"), 0);
    cr_assert_eq(mx_run(&p, &out, "validate"), 1, "%s", out);
    cli_assert_has(out, "revision a3: its file disappeared");
    free(out);
    mx_free(&p);
}

/* ---- dirty state (backends without transactional DDL) ---- */

static void dirty(rt_test_backend b)
{
    mx_project p = mx_open_project(b, "");
    ll_branch_rev(&p, "a1", "");
    /* a2 fails at its third statement, after DDL that commits. */
    char *path = rt_xasprintf("%s/migrations/versions/a2_rev.sql", p.dir);
    rt_buf text = RT_BUF_INIT;
    rt_buf_append(&text, "-- Revision ID: a2\n-- Revises: a1\n-- Message: two\n\n-- upgrade\n"
                         "CREATE TABLE t_x (id INTEGER PRIMARY KEY);\n"
                         "INSERT INTO t_x (id) VALUES (1);\n"
                         "INSERT INTO t_missing (id) VALUES (1);\n"
                         "INSERT INTO t_x (id) VALUES (2);\n\n"
                         "-- downgrade\nDROP TABLE t_x;\n");
    rt_test_write_file(path, rt_buf_cstr(&text));
    char *out = NULL;
    cr_assert_eq(mx_run(&p, &out, "upgrade head"), 1, "%s", out);
    cli_assert_has(out, "marks revision a2 dirty (2 of 4 statements applied)");
    cli_assert_has(out, "retort upgrade --resume");
    free(out);
    cr_assert_eq(mx_run(&p, &out, "current"), 0, "%s", out);
    cli_assert_has(out, "a1\n");
    cli_assert_has(out, "a2 (dirty: 2 of 4 statements of its upgrade applied, failed");
    free(out);
    /* Refused, with every applied statement listed, until resumed. */
    cr_assert_eq(mx_run(&p, &out, "upgrade head"), 1, "%s", out);
    cli_assert_has(out, "the database is dirty: the upgrade of revision a2");
    cli_assert_has(out, "stopped after statement 2 of 4 (a statement failed)");
    cli_assert_has(out, "CREATE TABLE t_x");
    cli_assert_has(out, "INSERT INTO t_x (id) VALUES (1)");
    cli_assert_lacks(out, "VALUES (2)");
    free(out);
    cr_assert_eq(mx_run(&p, &out, "downgrade base"), 1, "%s", out);
    cli_assert_has(out, "the database is dirty");
    free(out);
    /* Fixed file: --resume runs statements 3 and 4 only. */
    rt_buf_reset(&text);
    rt_buf_append(&text, "-- Revision ID: a2\n-- Revises: a1\n-- Message: two\n\n-- upgrade\n"
                         "CREATE TABLE t_x (id INTEGER PRIMARY KEY);\n"
                         "INSERT INTO t_x (id) VALUES (1);\n"
                         "INSERT INTO t_x (id) VALUES (3);\n"
                         "INSERT INTO t_x (id) VALUES (2);\n\n"
                         "-- downgrade\nDROP TABLE t_x;\n");
    rt_test_write_file(path, rt_buf_cstr(&text));
    cr_assert_eq(mx_run(&p, &out, "upgrade head --resume"), 0, "%s", out);
    cli_assert_has(out, "Resuming upgrade of a2 at statement 3 of 4");
    free(out);
    ll_expect_version(&p, "a2");
    rt_url *url;
    rt_db *db = ll_connect(&p, &url);
    cr_assert_eq(ll_count(db, "SELECT COUNT(*) FROM t_x"), 3);
    ll_disconnect(db, url);
    cr_assert_eq(mx_run(&p, &out, "current"), 0, "%s", out);
    cli_assert_lacks(out, "dirty");
    free(out);
    /* Dirty again; cleared by stamp instead. */
    mx_run_ok(&p, "downgrade a1");
    rt_buf_reset(&text);
    rt_buf_append(&text, "-- Revision ID: a2\n-- Revises: a1\n-- Message: two\n\n-- upgrade\n"
                         "CREATE TABLE t_x (id INTEGER PRIMARY KEY);\n"
                         "INSERT INTO t_missing (id) VALUES (1);\n\n"
                         "-- downgrade\nDROP TABLE t_x;\n");
    rt_test_write_file(path, rt_buf_cstr(&text));
    cr_assert_eq(mx_run(&p, &out, "upgrade head"), 1, "%s", out);
    free(out);
    mx_run_ok(&p, "stamp a2");
    cr_assert_eq(mx_run(&p, &out, "current"), 0, "%s", out);
    cli_assert_lacks(out, "dirty");
    free(out);
    rt_buf_free(&text);
    free(path);
    mx_free(&p);
}

/* A report with many applied statements is printed whole, past 4 KiB. */
static void long_report(rt_test_backend b)
{
    mx_project p = mx_open_project(b, "");
    rt_buf up = RT_BUF_INIT;
    rt_buf_append(&up, "CREATE TABLE t_long (id INTEGER PRIMARY KEY, note VARCHAR(200));\n");
    for (int i = 1; i <= 60; i++)
        rt_buf_printf(&up, "INSERT INTO t_long (id, note) VALUES (%d, 'statement number %d "
                           "of a long revision, padded to make the report long');\n",
                      i, i);
    rt_buf_append(&up, "INSERT INTO t_missing (id) VALUES (1);");
    ll_rev(&p, 1, rt_buf_cstr(&up), "DROP TABLE t_long;");
    rt_buf_free(&up);
    char *out = NULL;
    cr_assert_eq(mx_run(&p, &out, "upgrade head"), 1, "%s", out);
    cli_assert_has(out, "'statement number 60 of a long revision");
    cli_assert_has(out, "clears the dirty mark).");
    cr_assert_gt(strlen(out), 8192);
    free(out);
    mx_free(&p);
}

/* The version-table write is read back: a revision that changes the table
 * itself (as another writer without the lock would) fails the run, and
 * where DDL is transactional nothing of it remains. */
static void version_checked(rt_test_backend b)
{
    mx_project p = mx_open_project(b, "");
    ll_branch_rev(&p, "a1", "");
    char *path = rt_xasprintf("%s/migrations/versions/a2_rev.sql", p.dir);
    rt_test_write_file(path, "-- Revision ID: a2\n-- Revises: a1\n-- Message: two\n\n"
                             "-- upgrade\nDELETE FROM retort_version;\n\n"
                             "-- downgrade\nSELECT 1;\n");
    char *out = NULL;
    mx_run_ok(&p, "upgrade a1");
    cr_assert_eq(mx_run(&p, &out, "upgrade head"), 1, "%s", out);
    cli_assert_has(out, "failed while updating the version table");
    cli_assert_has(out, "another process changed it during the run");
    free(out);
    bool txn = b != RT_TB_MYSQL && b != RT_TB_MYSQL_ODBC;
    ll_expect_version(&p, txn ? "a1" : "");
    rt_test_write_file(path, "-- Revision ID: a2\n-- Revises: a1\n-- Message: two\n\n"
                             "-- upgrade\nINSERT INTO retort_version (version_num) VALUES "
                             "('zz');\n\n-- downgrade\nSELECT 1;\n");
    if (!txn)
        mx_run_ok(&p, "stamp --purge a1");
    cr_assert_eq(mx_run(&p, &out, "upgrade head"), 1, "%s", out);
    cli_assert_has(out, "another process changed it during the run");
    free(out);
    if (txn)
        ll_expect_version(&p, "a1");
    free(path);
    mx_free(&p);
}

/* ---- what the lock and log cost, counted (docs/performance.md) ---- */

static int ll_second_value(void *ctx, size_t ncols, const char *const *names,
                           const char *const *v)
{
    (void)names;
    if (ncols >= 2 && v[1])
        *(long *)ctx = strtol(v[1], NULL, 10);
    return 0;
}

/* Statements the server counted for `upgrade head` by the engine on one
 * connection, from an empty database, with the lock and log or without
 * them (bare: RETORT_BENCH_NO_LOCK_LOG, bench/lock_log.sh's baseline). */
static long ll_upgrade_statements(mx_project *p, bool bare)
{
    rt_test_db_reset(p->url);
    rt_url *url;
    rt_db *db = ll_connect(p, &url);
    rt_error err;
    rt_graph *g = NULL;
    char *versions = rt_xasprintf("%s/migrations/versions", p->dir);
    cr_assert_eq(rt_graph_load(&g, versions, &err), RT_OK, "%s", err.message);
    if (bare)
        setenv("RETORT_BENCH_NO_LOCK_LOG", "1", 1);
    rt_engine e = { .graph = g, .db = db, .version_table = VT,
                    .opts = (rt_dialect_options)RT_DIALECT_OPTIONS_INIT };
    long before = -1, after = -1;
    const char *q = "SHOW SESSION STATUS LIKE 'Questions'";
    cr_assert_eq(rt_db_query(db, q, ll_second_value, &before, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_engine_upgrade(&e, "head", &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_query(db, q, ll_second_value, &after, &err), RT_OK, "%s", err.message);
    unsetenv("RETORT_BENCH_NO_LOCK_LOG");
    rt_engine_clear(&e);
    rt_graph_free(g);
    free(versions);
    ll_disconnect(db, url);
    cr_assert(before >= 0 && after > before);
    return after - before;
}

/* MySQL/MariaDB, revisions of two DDL statements: the log adds 3 statements
 * per revision (the running row, the count after the first statement, the
 * read-back of the closing UPDATE), the floor of issue #14's statement by
 * statement progress, and a few per run (the lock, reading the log). */
static void cost_counted(rt_test_backend b)
{
    const int n = 10;
    mx_project p = mx_open_project(b, "");
    for (int i = 1; i <= n; i++) {
        char *up = rt_xasprintf("CREATE TABLE t_c%d (id INTEGER PRIMARY KEY);\n"
                                "ALTER TABLE t_c%d ADD COLUMN extra INTEGER;",
                                i, i);
        char *down = rt_xasprintf("DROP TABLE t_c%d;", i);
        ll_rev(&p, i, up, down);
        free(up);
        free(down);
    }
    long bare = ll_upgrade_statements(&p, true);
    long logged = ll_upgrade_statements(&p, false);
    cr_log_info("[%s] %d revisions: %ld statements bare, %ld with the lock and log",
                rt_test_matrix_name(b), n, bare, logged);
    cr_assert_geq(bare, 3 * n, "bare: %ld statements", bare);
    cr_assert_leq(logged - bare, 3 * n + 15, "the lock and log added %ld statements to %ld",
                  logged - bare, bare);
    ll_expect_version(&p, "r010");
    mx_free(&p);
}

Test(lock_mysql, cost_counted) { cost_counted(RT_TB_MYSQL); }
Test(lock_sqlite, version_write_checked) { version_checked(RT_TB_SQLITE); }
Test(lock_postgresql, version_write_checked) { version_checked(RT_TB_POSTGRESQL); }
Test(lock_mysql, version_write_checked) { version_checked(RT_TB_MYSQL); }
Test(lock_sqlite, held_lock) { lock_held(RT_TB_SQLITE); }
Test(lock_postgresql, held_lock) { lock_held(RT_TB_POSTGRESQL); }
Test(lock_mysql, held_lock) { lock_held(RT_TB_MYSQL); }
Test(lock_sqlite_odbc, held_lock) { lock_held(RT_TB_SQLITE_ODBC); }
Test(lock_postgresql_odbc, held_lock) { lock_held(RT_TB_POSTGRESQL_ODBC); }
Test(lock_mysql_odbc, held_lock) { lock_held(RT_TB_MYSQL_ODBC); }
Test(lock_sqlite, stamp) { stamp(RT_TB_SQLITE); }
Test(lock_postgresql, stamp) { stamp(RT_TB_POSTGRESQL); }
Test(lock_mysql, stamp) { stamp(RT_TB_MYSQL); }
Test(lock_sqlite, validate) { validate(RT_TB_SQLITE); }
Test(lock_postgresql, validate) { validate(RT_TB_POSTGRESQL); }
Test(lock_mysql, validate) { validate(RT_TB_MYSQL); }
Test(lock_mysql, dirty_refused_resumed_stamped) { dirty(RT_TB_MYSQL); }
Test(lock_mysql_odbc, dirty_refused_resumed_stamped) { dirty(RT_TB_MYSQL_ODBC); }
Test(lock_mysql, long_report_whole) { long_report(RT_TB_MYSQL); }

/* 10 kills per backend; under valgrind (ci/test.sh runs every suite there,
 * each retort 20 to 50 times slower) 3, to keep CI within its hour. */
static int ll_kills(void)
{
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
    if (RUNNING_ON_VALGRIND)
        return 3;
#endif
#endif
    return 10;
}

#define LL_BACKEND(suite, backend)                                                  \
    Test(suite, eight_concurrent_runners) { concurrent(backend); }                 \
    Test(suite, kill_at_random_points) { killed(backend, ll_kills()); }

LL_BACKEND(lock_sqlite, RT_TB_SQLITE)
LL_BACKEND(lock_postgresql, RT_TB_POSTGRESQL)
LL_BACKEND(lock_mysql, RT_TB_MYSQL)
LL_BACKEND(lock_sqlite_odbc, RT_TB_SQLITE_ODBC)
LL_BACKEND(lock_postgresql_odbc, RT_TB_POSTGRESQL_ODBC)
LL_BACKEND(lock_mysql_odbc, RT_TB_MYSQL_ODBC)
