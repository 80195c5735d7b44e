/* The engine's error paths, walked one by one: a short upgrade and a short
 * downgrade run through retort_driver_faulty (the real sqlite3 driver that
 * fails the N-th exec, query, begin, commit or rollback), for every N the
 * clean run reaches. Each run must either succeed, or fail cleanly: an
 * error naming the injected fault, a non-zero exit status, and a database
 * left at one of the revisions of the path with exactly that revision's
 * schema (SQLite rolls DDL back). */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "engine.h"
#include "graph.h"
#include "rt_mem.h"
#include "rt_test.h"
#include "version_table.h"

#define FIXTURES RT_BINARY_DIR "/tests/fixtures"
#define VT "flt_version"
#define NREVS 3

static const char *const revs[NREVS + 1] = {"", "f1000000001", "f1000000002",
                                            "f1000000003"};
static const char *const ops[] = {"exec", "query", "begin", "commit", "rollback"};

static char *dir, *versions, *dbpath;
static rt_graph *graph;
static char *schema_at[NREVS + 1]; /* schema dump after a clean run to revs[i] */

static void rev(const char *id, const char *down, const char *up_sql, const char *down_sql)
{
    rt_test_write_revision(versions, id, down, up_sql, down_sql);
}

static rt_db *open_url(const char *driver, const char *query, rt_error *err)
{
    char *text = rt_xasprintf("sqlite:///%s%s%s", dbpath, query ? "?" : "", query ? query : "");
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, text, err), RT_OK, "%s: %s", text, err->message);
    free(url->driver);
    url->driver = rt_xstrdup(driver);
    rt_db *db = NULL;
    rt_db_open(&db, url, err);
    rt_url_free(url);
    free(text);
    return db;
}

static rt_db *open_clean(void)
{
    rt_error err;
    rt_error_clear(&err);
    rt_db *db = open_url("sqlite3", NULL, &err);
    cr_assert_not_null(db, "%s", err.message);
    return db;
}

static bool single; /* run the plan in one transaction (--single-transaction) */

static int run(rt_db *db, bool up, const char *target, rt_error *err)
{
    rt_engine e = {
        .graph = graph,
        .db = db,
        .version_table = VT,
        .single_transaction = single,
        .opts = (rt_dialect_options)RT_DIALECT_OPTIONS_INIT,
        .log = NULL,
    };
    rt_error_clear(err);
    int rc = up ? rt_engine_upgrade(&e, target, err) : rt_engine_downgrade(&e, target, err);
    rt_engine_clear(&e);
    return rc;
}

static int dump_row(void *ctx, size_t ncols, const char *const *names,
                    const char *const *values)
{
    (void)names;
    rt_buf *b = ctx;
    for (size_t i = 0; i < ncols; i++)
        rt_buf_printf(b, "%s%s", i ? " | " : "", values[i] ? values[i] : "NULL");
    rt_buf_printf(b, "\n");
    return 0;
}

/* Every schema object but the version table and its log, in a stable
 * order. */
static char *schema_dump(rt_db *db)
{
    rt_buf b = RT_BUF_INIT;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_db_query(db,
                         "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT "
                         "LIKE 'sqlite_%' AND tbl_name <> '" VT "' AND tbl_name <> '" VT
                         "_log' ORDER BY type, name",
                         dump_row, &b, &err);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    return rt_buf_steal(&b);
}

static char *version_of(rt_db *db)
{
    rt_strv heads = RT_STRV_INIT;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_version_read(db, VT, &heads, &err), RT_OK, "%s", err.message);
    char *s = rt_strv_join(&heads, ",");
    rt_strv_free(&heads);
    return s;
}

static void fresh_db(int at)
{
    remove(dbpath);
    if (at == 0)
        return;
    rt_db *db = open_clean();
    rt_error err;
    cr_assert_eq(run(db, true, revs[at], &err), RT_OK, "%s", err.message);
    rt_db_close(db);
}

static void setup(void)
{
    setenv("RETORT_DRIVER_PATH", FIXTURES ":" RT_DRIVER_BUILD_DIR, 1);
    dir = rt_test_tmpdir();
    versions = rt_xasprintf("%s/versions", dir);
    dbpath = rt_xasprintf("%s/faults.db", dir);
    cr_assert_eq(rt_test_sh(NULL, NULL, "mkdir -p '%s'", versions), 0);
    rev(revs[1], "",
        "CREATE TABLE flt_a (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL);\n"
        "CREATE INDEX ix_flt_a_name ON flt_a (name);",
        "DROP INDEX ix_flt_a_name;\nDROP TABLE flt_a;");
    /* DROP COLUMN on SQLite is a table rebuild: many statements to fail. */
    rev(revs[2], revs[1], "ALTER TABLE flt_a ADD COLUMN note VARCHAR(10);",
        "ALTER TABLE flt_a DROP COLUMN note;");
    rev(revs[3], revs[2], "CREATE TABLE flt_c (id INTEGER PRIMARY KEY, a_id INTEGER);",
        "DROP TABLE flt_c;");
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_graph_load(&graph, versions, &err), RT_OK, "%s", err.message);
    for (int i = 0; i <= NREVS; i++) {
        fresh_db(i);
        rt_db *db = open_clean();
        schema_at[i] = schema_dump(db);
        rt_db_close(db);
    }
    for (int i = 1; i <= NREVS; i++)
        cr_assert_str_neq(schema_at[i], schema_at[i - 1]);
}

static void teardown(void)
{
    for (int i = 0; i <= NREVS; i++) {
        free(schema_at[i]);
        schema_at[i] = NULL;
    }
    rt_graph_free(graph);
    graph = NULL;
    rt_test_rmtree(dir);
    free(dir);
    free(versions);
    free(dbpath);
}

TestSuite(faults, .init = setup, .fini = teardown);

static long faulty_counted(void)
{
    void *h = dlopen(FIXTURES "/retort_driver_faulty.so", RTLD_NOW | RTLD_NOLOAD);
    cr_assert_not_null(h, "the faulty driver is not loaded");
    long (*fn)(void);
    void *sym = dlsym(h, "rt_faulty_counted");
    cr_assert_not_null(sym);
    memcpy(&fn, &sym, sizeof fn);
    long n = fn();
    dlclose(h);
    return n;
}

/* The database after a run: at one revision of the path, with its schema. */
static void assert_consistent(const char *what)
{
    rt_db *db = open_clean();
    char *v = version_of(db);
    char *schema = schema_dump(db);
    int at = -1;
    for (int i = 0; i <= NREVS; i++)
        if (strcmp(v, revs[i]) == 0)
            at = i;
    cr_assert_geq(at, 0, "%s: version table holds '%s'", what, v);
    cr_assert_str_eq(schema, schema_at[at], "%s: at '%s' the schema is\n%s\nexpected\n%s", what,
                     v, schema, schema_at[at]);
    free(schema);
    free(v);
    rt_db_close(db);
}

/* Runs from revs[from] to revs[to] with op's n-th call failing (0: none),
 * and with every rollback failing too when bad_rollback; returns how many
 * calls of op the run made. */
static long run_faulty(bool up, int from, int to, const char *op, long n, bool bad_rollback)
{
    fresh_db(from);
    char *query = rt_xasprintf("fail_op=%s&fail_at=%ld%s", op, n,
                               bad_rollback ? "&fail_rollback=1" : "");
    char *what = rt_xasprintf("%s %s->%s, %s call %ld fails%s", up ? "upgrade" : "downgrade",
                              revs[from], revs[to], op, n,
                              bad_rollback ? ", and every rollback" : "");
    rt_error err;
    rt_error_clear(&err);
    rt_db *db = open_url("faulty", query, &err);
    int rc = db ? run(db, up, to ? revs[to] : "base", &err) : err.code;
    long counted = db ? faulty_counted() : n;
    rt_db_close(db);
    if (rc == RT_OK) {
        cr_assert(n == 0 || n <= counted, "%s: succeeded", what);
        assert_consistent(what);
        /* A fault the engine absorbed must not leave it half way. */
        rt_db *check = open_clean();
        char *v = version_of(check);
        cr_assert_str_eq(v, revs[to], "%s: succeeded but the version is '%s'", what, v);
        free(v);
        rt_db_close(check);
    } else {
        cr_assert_neq(n, 0, "%s: the clean run failed: %s", what, err.message);
        cr_assert_neq(rt_exit_status(err.code), 0, "%s", what);
        cr_assert_not_null(strstr(err.message, "injected fault"), "%s: the error does not "
                           "carry the fault: %s", what, err.message);
        assert_consistent(what);
    }
    free(query);
    free(what);
    return counted;
}

static void walk(bool up, int from, int to)
{
    long total = 0;
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
        long calls = run_faulty(up, from, to, ops[k], 0, false);
        for (long n = 1; n <= calls; n++) {
            run_faulty(up, from, to, ops[k], n, false);
            /* A clean run never rolls back: fail the rollback of each error
             * path too, so that the engine's cleanup is walked as well. */
            run_faulty(up, from, to, ops[k], n, true);
        }
        total += calls;
    }
    cr_assert_gt(total, 10, "the walk reached only %ld fault points", total);
}

Test(faults, every_failure_of_a_three_revision_upgrade_is_clean)
{
    walk(true, 0, NREVS);
}

Test(faults, every_failure_of_a_three_revision_downgrade_is_clean)
{
    walk(false, NREVS, 0);
}

/* The same walks with the whole plan in one transaction: a failure
 * anywhere leaves the database where it started, or done. */
Test(faults, every_failure_of_a_single_transaction_upgrade_is_clean)
{
    single = true;
    walk(true, 0, NREVS);
}

Test(faults, every_failure_of_a_single_transaction_downgrade_is_clean)
{
    single = true;
    walk(false, NREVS, 0);
}

/* The report of upgrade base -> head in one transaction with the first
 * statement of the last revision failing, every rollback failing too when
 * bad_rollback. */
static char *single_last_revision_failure(bool bad_rollback)
{
    single = true;
    char *head = rt_xasprintf("%s/%s_rev.sql:9:1: upgrade of revision %s failed on this "
                              "statement:\n",
                              versions, revs[NREVS], revs[NREVS]);
    for (long n = 1; n < 80; n++) {
        fresh_db(0);
        char *query = rt_xasprintf("fail_op=exec&fail_at=%ld%s", n,
                                   bad_rollback ? "&fail_rollback=1" : "");
        rt_error err;
        rt_error_clear(&err);
        rt_db *db = open_url("faulty", query, &err);
        cr_assert_not_null(db, "%s", err.message);
        int rc = run(db, true, revs[NREVS], &err);
        rt_db_close(db);
        free(query);
        cr_assert_neq(rc, RT_OK, "exec %ld did not fail the run", n);
        if (strncmp(err.message, head, strlen(head)) == 0) {
            free(head);
            assert_consistent("last revision failed");
            return rt_xstrdup(err.message);
        }
    }
    cr_assert_fail("no exec failed revision %s's first statement", revs[NREVS]);
    return NULL;
}

Test(faults, single_transaction_report_says_everything_rolled_back)
{
    char *report = single_last_revision_failure(false);
    char *want = rt_xasprintf("so everything was rolled back, also the 2 revisions that had "
                              "run before it (%s, %s); the database stays at base (no "
                              "revision applied).",
                              revs[1], revs[2]);
    cr_assert_not_null(strstr(report, want), "%s", report);
    cr_assert_null(strstr(report, "rollback failed"), "%s", report);
    free(want);
    free(report);
}

Test(faults, single_transaction_failed_rollback_does_not_say_rolled_back)
{
    char *report = single_last_revision_failure(true);
    cr_assert_not_null(strstr(report, "\nThe rollback failed too: cannot roll back: injected "
                                      "fault: rollback failed (SQLSTATE 58000)\nNothing of "
                                      "the run was committed: its transaction is discarded "
                                      "when the connection closes, so the database stays at "
                                      "base (no revision applied)."),
                       "%s", report);
    cr_assert_null(strstr(report, "rolled back"), "%s", report);
    free(report);
}

Test(faults, unknown_fail_op_is_refused_at_connect)
{
    rt_error err;
    rt_error_clear(&err);
    rt_db *db = open_url("faulty", "fail_op=drop", &err);
    cr_assert_null(db);
    cr_assert_eq(err.code, RT_ECONNECT);
    cr_assert_not_null(strstr(err.message, "invalid faulty URL option fail_op=drop"), "%s",
                       err.message);
}

/* A rollback that fails after a failed statement: the statement's failure
 * stays the error (its code, its report) and the rollback's follows it as
 * context, never the other way round. */
Test(faults, the_first_error_is_kept_when_the_rollback_fails_too)
{
    long calls = run_faulty(true, 0, NREVS, "exec", 0, false);
    int seen = 0;
    for (long n = 1; n <= calls; n++) {
        fresh_db(0);
        char *query = rt_xasprintf("fail_op=exec&fail_at=%ld&fail_rollback=1", n);
        rt_error err;
        rt_error_clear(&err);
        rt_db *db = open_url("faulty", query, &err);
        cr_assert_not_null(db, "%s", err.message);
        int rc = run(db, true, revs[NREVS], &err);
        rt_db_close(db);
        free(query);
        if (rc == RT_OK)
            continue;
        char first[64];
        snprintf(first, sizeof first, "injected fault: exec call %ld failed", n);
        const char *f = strstr(err.message, first);
        const char *r = strstr(err.message, "\nThe rollback failed too: ");
        cr_assert_not_null(f, "exec %ld: the first failure is lost: %s", n, err.message);
        cr_assert_str_eq(err.sqlstate, "58000");
        /* A statement of a revision runs in its transaction: rolled back. */
        if (strstr(err.message, "failed on this statement")) {
            cr_assert_eq(err.code, RT_EMIGRATE, "exec %ld: %s", n, err.message);
            cr_assert_not_null(r, "exec %ld: the rollback failure is lost: %s", n,
                               err.message);
            seen++;
        }
        if (r) {
            cr_assert_lt(f, r, "exec %ld: the rollback failure comes first: %s", n,
                         err.message);
            cr_assert_not_null(strstr(r, "injected fault: rollback failed"), "%s",
                               err.message);
        }
    }
    cr_assert_gt(seen, 0, "no statement of a revision failed");
}

/* A client library out of memory is an error like any other: before, the
 * core printed a line and called exit(2) from inside the library, leaving
 * the caller no say and the run no report. */
Test(faults, driver_out_of_memory_is_an_error_not_an_exit)
{
    fresh_db(0);
    rt_error err;
    rt_error_clear(&err);
    rt_db *db = open_url("faulty", "fail_op=exec&fail_at=1&fail_nomem=1", &err);
    cr_assert_not_null(db, "%s", err.message);
    cr_assert_eq(rt_db_exec(db, "CREATE TABLE flt_oom (id INTEGER)", &err), RT_ENOMEM);
    cr_assert_eq(rt_error_class(err.code), RT_CLASS_DRIVER);
    cr_assert_eq(rt_exit_status(err.code), 2);
    cr_assert_not_null(strstr(err.message, "out of memory in the faulty driver"), "%s",
                       err.message);
    /* The handle is still usable: the next statement runs. */
    cr_assert_eq(rt_db_exec(db, "CREATE TABLE flt_oom (id INTEGER)", &err), RT_OK, "%s",
                 err.message);
    rt_db_close(db);

    /* In the middle of an upgrade: it fails, reports, and leaves the
     * database at a revision of the path. */
    long calls = run_faulty(true, 0, NREVS, "exec", 0, false);
    for (long n = 1; n <= calls; n++) {
        fresh_db(0);
        char *query = rt_xasprintf("fail_op=exec&fail_at=%ld&fail_nomem=1", n);
        rt_error_clear(&err);
        db = open_url("faulty", query, &err);
        cr_assert_not_null(db, "%s", err.message);
        int rc = run(db, true, revs[NREVS], &err);
        rt_db_close(db);
        free(query);
        cr_assert_neq(rc, RT_OK, "exec %ld: an out-of-memory statement succeeded", n);
        cr_assert_not_null(strstr(err.message, "out of memory in the faulty driver"),
                           "exec %ld: %s", n, err.message);
        assert_consistent("out of memory");
    }
}

/* The report of upgrade base -> revs[1] with the first statement of revs[1]
 * failing (found by walking the execs), every rollback failing too when
 * bad_rollback. *n gets the failing exec's number. */
static char *first_statement_failure(bool bad_rollback, long *n)
{
    char *head = rt_xasprintf("%s/%s_rev.sql:9:1: upgrade of revision %s failed on this "
                              "statement:\n    CREATE TABLE flt_a",
                              versions, revs[1], revs[1]);
    for (*n = 1; *n < 50; (*n)++) {
        fresh_db(0);
        char *query = rt_xasprintf("fail_op=exec&fail_at=%ld%s", *n,
                                   bad_rollback ? "&fail_rollback=1" : "");
        rt_error err;
        rt_error_clear(&err);
        rt_db *db = open_url("faulty", query, &err);
        cr_assert_not_null(db, "%s", err.message);
        int rc = run(db, true, revs[1], &err);
        rt_db_close(db);
        free(query);
        cr_assert_neq(rc, RT_OK, "exec %ld did not fail the run", *n);
        if (strncmp(err.message, head, strlen(head)) == 0) {
            free(head);
            assert_consistent("first statement failed");
            return rt_xstrdup(err.message);
        }
    }
    cr_assert_fail("no exec failed revision %s's first statement", revs[1]);
    return NULL;
}

/* The text after the failing statement: the server's message, then what
 * became of the transaction. */
static const char *after_statement(const char *report)
{
    const char *p = strstr(report, "\ninjected fault:");
    cr_assert_not_null(p, "%s", report);
    return p + 1;
}

Test(faults, report_of_a_failed_statement_says_rolled_back)
{
    long n = 0;
    char *report = first_statement_failure(false, &n);
    char *want = rt_xasprintf("injected fault: exec call %ld failed (SQLSTATE 58000)\nThe "
                              "revision was rolled "
                              "back; the database stays at base (no revision applied).",
                              n);
    cr_assert_str_eq(after_statement(report), want);
    free(want);
    free(report);
}

Test(faults, report_of_a_failed_rollback_does_not_say_rolled_back)
{
    long n = 0;
    char *report = first_statement_failure(true, &n);
    char *want = rt_xasprintf("injected fault: exec call %ld failed (SQLSTATE 58000)\nThe "
                              "rollback failed too: cannot roll back: injected fault: "
                              "rollback failed (SQLSTATE 58000)\nNothing of the revision was "
                              "committed: its transaction is discarded when the connection "
                              "closes, so the database stays at base (no revision applied).",
                              n);
    cr_assert_str_eq(after_statement(report), want);
    cr_assert_null(strstr(report, "rolled back"), "%s", report);
    free(want);
    free(report);
}
