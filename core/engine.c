#include "engine.h"
#include "migration_lock.h"
#include "offline_sql.h"
#include "sql_blocks.h"
#include "sql_parse.h"
#include "version_log.h"
#include "version_table.h"

#include <stdlib.h>
#include <string.h>

/* One revision's statements, rendered from the model before it. */
typedef struct en_step {
    const rt_revision *rev;
    rt_strv sql;   /* statements in order */
    int *line;     /* position of the op each statement came from */
    int *col;
    bool *raw;     /* from a RAW op (DML): worth a transaction with its count */
    size_t cap;
    size_t bytes;  /* what the statements hold, for the keep budget */
    char checksum[65]; /* SHA-256 of the section as written in the file */
} en_step;

/* Every revision of a plan is parsed and rendered before anything runs, so
 * an error in any file stops the run with the database untouched. Their
 * statements are kept for execution up to keep_bytes; a larger plan
 * (thousands of revisions: at 10,000 they were most of the memory) is
 * rendered a second time, one revision just before it runs, so memory stays
 * flat however long the plan is. */
#define EN_KEEP_BYTES_DEFAULT (1024 * 1024)

static void en_step_add(en_step *s, char *sql, int line, int col, bool raw)
{
    if (s->sql.n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->line = rt_xrealloc(s->line, s->cap * sizeof *s->line);
        s->col = rt_xrealloc(s->col, s->cap * sizeof *s->col);
        s->raw = rt_xrealloc(s->raw, s->cap * sizeof *s->raw);
    }
    s->line[s->sql.n] = line;
    s->col[s->sql.n] = col;
    s->raw[s->sql.n] = raw;
    s->bytes += strlen(sql) + 1 + sizeof(char *) + 2 * sizeof(int) + sizeof(bool);
    rt_strv_push_owned(&s->sql, sql);
}

static void en_step_clear(en_step *s)
{
    rt_strv_free(&s->sql);
    free(s->line);
    free(s->col);
    free(s->raw);
    *s = (en_step){ .rev = s->rev };
    s->checksum[0] = '\0';
}

static void en_steps_free(en_step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        en_step_clear(&steps[i]);
    free(steps);
}

/* rt_engine_load_ops, and the checksum of the section (every dialect's
 * blocks, as written in the file) when sum is given. */
static int en_load_ops(const rt_revision *r, bool upgrade, const rt_dialect *d, rt_oplist *out,
                       char *sum, rt_error *err)
{
    rt_script_body body;
    int rc = rt_script_read_body(&body, r->path, err);
    if (rc != RT_OK)
        return rc;
    const char *text = upgrade ? body.upgrade : body.downgrade;
    int line = upgrade ? body.upgrade_line : body.downgrade_line;
    if (sum)
        rt_version_log_checksum(text, sum);
    if (text && *text)
        rc = rt_sql_parse_for(out, text, r->path, line > 0 ? line : 1, d->name, err);
    rt_script_body_free(&body);
    return rc;
}

int rt_engine_load_ops(const rt_revision *r, bool upgrade, const rt_dialect *d,
                       rt_oplist *out, rt_error *err)
{
    return en_load_ops(r, upgrade, d, out, NULL, err);
}

int rt_engine_checksum(const rt_revision *r, bool upgrade, char *sum, rt_error *err)
{
    rt_script_body body;
    int rc = rt_script_read_body(&body, r->path, err);
    if (rc != RT_OK)
        return rc;
    rt_version_log_checksum(upgrade ? body.upgrade : body.downgrade, sum);
    rt_script_body_free(&body);
    return RT_OK;
}

int rt_engine_model_at(const rt_graph *g, const rt_strv *heads, const rt_dialect *d,
                       rt_schema *out, rt_error *err)
{
    const rt_revision **applied = NULL;
    size_t n = 0;
    rt_graph_applied(g, heads, &applied, &n);
    int rc = RT_OK;
    for (size_t i = 0; i < n && rc == RT_OK; i++) {
        rt_oplist ops = RT_OPLIST_INIT;
        rc = rt_engine_load_ops(applied[i], true, d, &ops, err);
        /* Lenient: history may touch objects made by raw SQL or before
         * retort; those ops are skipped, never an error. */
        for (size_t k = 0; k < ops.n && rc == RT_OK; k++)
            if (rt_schema_apply(out, &ops.items[k], false, err) != RT_OK)
                rc = rt_error_prefix(err, "%s:%d:%d: ", applied[i]->path, ops.items[k].line,
                                     ops.items[k].col);
        rt_oplist_free(&ops);
    }
    free(applied);
    return rc;
}

/* Renders rev's section into s against model, then applies it to model. */
/* The table op changes in model (NULL for one it creates). */
static const rt_table *en_op_table(const rt_schema *model, const rt_op *op)
{
    if (op->kind == RT_OP_CREATE_TABLE)
        return NULL;
    if (op->table_name)
        return rt_schema_find_table(model, op->table_name);
    rt_table *owner = NULL;
    if (op->kind == RT_OP_DROP_INDEX && op->name)
        rt_schema_find_index(model, op->name, &owner);
    return owner;
}

/* While a revision is rendered just before it runs, the live database is
 * where the revision starts, not where its earlier ops left the model: a
 * live-rendering dialect gets the tables those ops change as they were
 * (copied on first change; live_model_partial: the rest are as in model).
 * Only touched tables are copied, so this costs nothing per revision on a
 * large schema. */
static void en_keep_start(rt_schema *at_start, const rt_schema *model, const rt_op *op)
{
    const rt_table *t = en_op_table(model, op);
    if (t && !rt_schema_find_table(at_start, t->name))
        rt_schema_add_table(at_start, t);
}

/* The backend the plan is for: the connection's, or the offline script's. */
static const rt_dialect *en_dialect(const rt_engine *e)
{
    return e->db ? rt_db_dialect(e->db) : e->sql_dialect;
}

static int en_render(rt_engine *e, const rt_revision *rev, bool upgrade, rt_schema *model,
                     en_step *s, rt_error *err)
{
    const rt_dialect *d = en_dialect(e);
    s->rev = rev;
    rt_oplist ops = RT_OPLIST_INIT;
    int rc = en_load_ops(rev, upgrade, d, &ops, s->checksum, err);
    rt_strv out = RT_STRV_INIT;
    rt_schema at_start = RT_SCHEMA_INIT;
    bool track = e->opts.live_db && !e->opts.live_model;
    if (track) {
        e->opts.live_model = &at_start;
        e->opts.live_model_partial = true;
    }
    for (size_t k = 0; k < ops.n && rc == RT_OK; k++) {
        const rt_op *op = &ops.items[k];
        rt_strv_clear(&out);
        rc = rt_dialect_render(d, &e->opts, model, op, &out, err);
        if (rc == RT_OK && track)
            en_keep_start(&at_start, model, op);
        if (rc == RT_OK)
            rc = rt_schema_apply(model, op, false, err);
        if (rc != RT_OK) {
            rt_error_prefix(err, "%s:%d:%d: ", rev->path, op->line, op->col);
            break;
        }
        for (size_t j = 0; j < out.n; j++) {
            en_step_add(s, out.items[j], op->line, op->col, op->kind == RT_OP_RAW);
            out.items[j] = NULL;
        }
        out.n = 0;
    }
    if (track) {
        e->opts.live_model = NULL;
        e->opts.live_model_partial = false;
    }
    rt_schema_free(&at_start);
    rt_strv_free(&out);
    rt_oplist_free(&ops);
    return rc;
}

/* The validation pass over the whole plan. Returns with *steps holding
 * every revision's statements when they fit the budget; else *steps is NULL
 * and model is past the plan's end. */
static int en_prepare(rt_engine *e, const rt_plan *plan, rt_schema *model, en_step **steps,
                      rt_error *err)
{
    size_t bytes = 0, budget = e->keep_bytes ? e->keep_bytes : EN_KEEP_BYTES_DEFAULT;
    en_step *kept = rt_xcalloc(plan->n, sizeof *kept);
    en_step scratch = { 0 };
    int rc = RT_OK;
    for (size_t i = 0; i < plan->n && rc == RT_OK; i++) {
        en_step *s = kept ? &kept[i] : &scratch;
        rc = en_render(e, plan->revs[i], plan->upgrade, model, s, err);
        bytes += s->bytes;
        if (kept && bytes > budget) {
            en_steps_free(kept, i + 1);
            kept = NULL;
        }
        en_step_clear(&scratch);
    }
    if (rc != RT_OK && kept) {
        en_steps_free(kept, plan->n);
        kept = NULL;
    }
    *steps = kept;
    return rc;
}

/* "Running upgrade a -> b, message": the log line, and the script's
 * comment offline. Caller frees. */
static char *en_running(const en_step *s, bool upgrade)
{
    char *down = rt_strv_join(&s->rev->down, ", ");
    char *t = upgrade ? rt_xasprintf("Running upgrade %s -> %s, %s", down, s->rev->id,
                                     s->rev->message)
                      : rt_xasprintf("Running downgrade %s -> %s, %s", s->rev->id, down,
                                     s->rev->message);
    free(down);
    return t;
}

static void en_log(rt_engine *e, const en_step *s, bool upgrade)
{
    if (!e->log)
        return;
    char *t = en_running(s, upgrade);
    fprintf(e->log, "%s\n", t);
    fflush(e->log);
    free(t);
}

static char *en_at_text(const rt_strv *heads)
{
    if (heads->n == 0)
        return rt_xstrdup("base (no revision applied)");
    char *ids = rt_strv_join(heads, ", ");
    char *t = rt_xasprintf("%s %s", heads->n > 1 ? "revisions" : "revision", ids);
    free(ids);
    return t;
}

/* Statement text for a message, indented, whole: a report that loses
 * statements is no record of what ran. */
static void en_quote_stmt(rt_buf *b, const char *sql)
{
    rt_buf_append(b, "    ");
    for (const char *p = sql; *p; p++) {
        rt_buf_putc(b, *p);
        if (*p == '\n')
            rt_buf_append(b, "    ");
    }
    rt_buf_putc(b, '\n');
}

/* Statements [0, n) of s, each under its file position. */
static void en_list_stmts(rt_buf *b, const en_step *s, size_t n)
{
    for (size_t i = 0; i < n && i < s->sql.n; i++) {
        rt_buf_printf(b, "  %s:%d:%d:\n", s->rev->path, s->line[i], s->col[i]);
        en_quote_stmt(b, s->sql.items[i]);
    }
}

/* Sets err and the engine's full report from b: err.message holds what fits
 * in RT_ERROR_MSG_MAX, e->report all of it. */
static int en_fail(rt_engine *e, rt_error *err, int code, rt_buf *b)
{
    char sqlstate[sizeof err->sqlstate];
    memcpy(sqlstate, err->sqlstate, sizeof sqlstate);
    long native = err->native;
    rt_error_set(err, code, "%s", rt_buf_cstr(b));
    memcpy(err->sqlstate, sqlstate, sizeof sqlstate);
    err->native = native;
    free(e->report);
    e->report = rt_buf_steal(b);
    return code;
}

static const char en_ways_out[] =
    "Ways out:\n"
    "  - fix the revision file if a statement in it is wrong, then run 'retort upgrade "
    "--resume': it runs the remaining statements of that revision as the file is now, "
    "then goes on;\n"
    "  - or finish or revert those statements by hand and record where the database "
    "is with 'retort stamp REV' (that clears the dirty mark).";

/* Rewrites err (the server's failure) into the migration report; keeps the
 * SQLSTATE and native code. failed is the statement index, -1 when the
 * version table update failed, -3 when the commit did (a deferred
 * constraint); done is how many statements have run.
 * transactional: the revision ran in a transaction, whose rollback failed
 * with rollback_error (NULL: it was rolled back), so the report says which
 * of the two happened, never both. rolled, when not NULL, says what the
 * rollback undid in place of "The revision was rolled back" (a run in one
 * transaction). also, when not NULL, is a clean-up (also_what) that failed
 * after it. */
static int en_report(rt_engine *e, rt_error *err, const en_step *s, bool upgrade, long failed,
                     bool transactional, const char *rollback_error, const rt_strv *heads,
                     const char *rolled, const char *also_what, const rt_error *also)
{
    char *server = rt_xstrdup(err->message);
    char *at = en_at_text(heads);
    const char *what = upgrade ? "upgrade" : "downgrade";
    rt_buf b = RT_BUF_INIT;
    if (failed >= 0) {
        rt_buf_printf(&b, "%s:%d:%d: %s of revision %s failed on this statement:\n",
                      s->rev->path, s->line[failed], s->col[failed], what, s->rev->id);
        en_quote_stmt(&b, s->sql.items[failed]);
    } else {
        rt_buf_printf(&b, "%s: %s of revision %s failed %s:\n", s->rev->path, what, s->rev->id,
                      failed == -3 ? "at its commit" : "while updating the version table");
    }
    rt_buf_printf(&b, "%s\n", server);
    if (transactional && !rollback_error) {
        rt_buf_printf(&b, "%s; the database stays at %s.",
                      rolled ? rolled : "The revision was rolled back", at);
    } else if (transactional) {
        /* Nothing was committed, and every backend drops an open
         * transaction with its connection, which the failed run closes. */
        rt_buf_printf(&b,
                      "The rollback failed too: %s\nNothing of the %s was committed: "
                      "its transaction is discarded when the connection closes, so the "
                      "database stays at %s.",
                      rollback_error, rolled ? "run" : "revision", at);
    } else {
        size_t done = failed >= 0 ? (size_t)failed : s->sql.n;
        if (done == 0) {
            rt_buf_printf(&b, "None of its statements had run; the database stays at %s.", at);
        } else {
            rt_buf_printf(&b,
                          "This backend commits each DDL statement at once, so the database "
                          "was left partly migrated: the version table still records %s, but "
                          "these statements of %s were already applied:\n",
                          at, s->rev->id);
            en_list_stmts(&b, s, done);
            rt_buf_printf(&b, "The migration log marks revision %s dirty (%zu of %zu "
                              "statements applied) until it is resumed or stamped.\n%s",
                          s->rev->id, done, s->sql.n, en_ways_out);
        }
    }
    if (also) /* a clean-up failed too: said after the report, as rt_error_keep_first does */
        rt_buf_printf(&b, "\n" RT_ERROR_ALSO_FMT, also_what, also->message);
    int rc = en_fail(e, err, RT_EMIGRATE, &b);
    free(at);
    free(server);
    return rc;
}

/* A failed attempt on a transactional backend, logged after the rollback in
 * a transaction of its own (the revision's own row went with the rollback).
 * Fills lerr when even that fails. */
static int en_log_failed(rt_engine *e, const en_step *s, bool upgrade, rt_error *lerr)
{
    long id = e->next_log_id++;
    int rc = rt_version_log_ensure(e->db, e->version_table, lerr);
    if (rc == RT_OK)
        rc = rt_version_log_add(e->db, e->version_table, s->rev->id, upgrade, s->checksum,
                                (long)s->sql.n, 0, "failed", NULL, &id, lerr);
    return rc;
}

/* The log row's INSERT failed. Its values are literals but the guarded
 * outcome, so a NOT NULL failure on outcome means the version table did
 * not hold what was written. The transaction is aborted (PostgreSQL), so
 * the rows cannot be read back here to name them. */
static void en_guard_message(rt_engine *e, const rt_strv *after, rt_error *err)
{
    bool not_null = strcmp(err->sqlstate, "23502") == 0 || strstr(err->message, "NOT NULL") ||
                    strstr(err->message, "not-null");
    if (!not_null || !strstr(err->message, "outcome"))
        return;
    char *want = after->n ? rt_strv_join(after, ", ") : rt_xstrdup("no row");
    rt_error_set(err, RT_EMIGRATE,
                 "the version table %s does not hold exactly %s after the update: another "
                 "process changed it during the run (one that does not take the migration "
                 "lock?)",
                 e->version_table, want);
    free(want);
}

/* The lock and log left out, for bench/lock_log.sh alone: it measures what
 * they cost against this. Not a setting: without them a revision can be
 * applied twice (issue #14). */
static bool en_bare(void)
{
    const char *v = getenv("RETORT_BENCH_NO_LOCK_LOG");
    return v && strcmp(v, "1") == 0;
}

/* The version table and the log, inside the transaction that runs the
 * first revision, so a failure leaves no empty version table behind. */
static int en_ensure_tables(rt_engine *e, rt_error *err)
{
    int rc = rt_version_ensure(e->db, e->version_table, err);
    return rc == RT_OK && !en_bare() ? rt_version_log_ensure(e->db, e->version_table, err) : rc;
}

/* The version update and the "ok" log row, in the open transaction. The log
 * row carries the check: its outcome is NULL, which its NOT NULL column
 * refuses, unless the version table holds exactly after. Where the dialect
 * can (PostgreSQL) the version writes ride in the same statement, so the
 * bookkeeping of a revision is one round trip, as it was before the log. */
static int en_write_logged(rt_engine *e, const en_step *s, bool upgrade,
                           const rt_strv *before, const rt_strv *after, rt_error *err)
{
    const rt_dialect_lock *dl = rt_db_dialect(e->db)->lock;
    long id = e->next_log_id++;
    rt_buf guard = RT_BUF_INIT, with = RT_BUF_INIT;
    rt_strv writes = RT_STRV_INIT;
    int rc = RT_OK;
    if (dl && dl->write_with) {
        rt_version_update_sql(rt_db_dialect(e->db), e->version_table, before, after, &writes);
        dl->write_with(e->db, e->version_table, before, &writes, &with, &guard);
    } else {
        rt_version_match_sql(rt_db_dialect(e->db), e->version_table, after, &guard);
        rc = rt_version_write_rows(e->db, e->version_table, before, after, err);
    }
    if (rc == RT_OK &&
        rt_version_log_add_with(e->db, e->version_table, writes.n ? rt_buf_cstr(&with) : NULL,
                                s->rev->id, upgrade, s->checksum, (long)s->sql.n,
                                (long)s->sql.n, "ok", rt_buf_cstr(&guard), &id, err) != RT_OK) {
        en_guard_message(e, after, err);
        rc = err->code;
    }
    rt_strv_free(&writes);
    rt_buf_free(&with);
    rt_buf_free(&guard);
    return rc;
}

/* A revision's statements, its version update (before -> after; none
 * when before is NULL: its "ok" log row alone) and its log row, inside the
 * transaction the caller began. On failure *failed is the statement's
 * index, or -1 when the version update or the log row failed. */
static int en_exec_step(rt_engine *e, const en_step *s, bool upgrade, const rt_strv *before,
                        const rt_strv *after, long *failed, rt_error *err)
{
    for (size_t i = 0; i < s->sql.n; i++) {
        if (rt_db_exec(e->db, s->sql.items[i], err) != RT_OK) {
            *failed = (long)i;
            return err->code;
        }
    }
    int rc = RT_OK;
    if (en_bare()) {
        if (before)
            rc = rt_version_write_rows(e->db, e->version_table, before, after, err);
    } else if (before) {
        rc = en_write_logged(e, s, upgrade, before, after, err);
    } else {
        long id = e->next_log_id++;
        rc = rt_version_log_add(e->db, e->version_table, s->rev->id, upgrade, s->checksum,
                                (long)s->sql.n, (long)s->sql.n, "ok", NULL, &id, err);
    }
    if (rc != RT_OK)
        *failed = -1;
    return rc;
}

/* One revision with its version update and its log row in one
 * transaction. */
static int en_run_transactional(rt_engine *e, const en_step *s, bool upgrade, bool ensure,
                                const rt_strv *before, const rt_strv *after, rt_error *err)
{
    int rc = rt_db_begin(e->db, err);
    if (rc != RT_OK)
        return rc;
    if (ensure)
        rc = en_ensure_tables(e, err);
    long failed = -2;
    if (rc == RT_OK)
        rc = en_exec_step(e, s, upgrade, before, after, &failed, err);
    if (rc == RT_OK) {
        rc = rt_db_commit(e->db, err);
        if (rc != RT_OK)
            failed = -3;
    }
    if (rc == RT_OK)
        return RT_OK;
    rt_error rb;
    rt_error_clear(&rb);
    bool rolled_back = rt_db_rollback(e->db, &rb) == RT_OK;
    if (failed == -2) { /* creating the version table failed: err says so */
        if (!rolled_back)
            rt_error_keep_first(err, &rb, "The rollback");
        return rc;
    }
    rt_error later;
    rt_error_clear(&later);
    if (rolled_back)
        en_log_failed(e, s, upgrade, &later);
    return en_report(e, err, s, upgrade, failed, true, rolled_back ? NULL : rb.message, before,
                     NULL, "Recording the failure", later.code != RT_OK ? &later : NULL);
}

/* One transaction for the whole run (--single-transaction,
 * transaction_per_migration = false): what a failure rolls back and then
 * records. The revisions that ran in it are kept by id and checksum only,
 * as their statements may be rendered one revision at a time. */
typedef struct en_ran {
    const rt_revision *rev;
    char checksum[65];
    long statements;
} en_ran;

typedef struct en_whole {
    rt_strv start;      /* heads when the transaction began */
    long first_log_id;  /* next_log_id then: rows written after a rollback reuse the ids */
    en_ran *ran;
    size_t n, cap;
    bool open;          /* the transaction is open: ended by commit or rollback */
} en_whole;

static const char en_whole_name[] =
    "The run was one transaction (--single-transaction, or transaction_per_migration = "
    "false)";

static int en_whole_begin(rt_engine *e, en_whole *w, const rt_strv *heads, rt_error *err)
{
    rt_strv_copy(&w->start, heads);
    w->first_log_id = e->next_log_id;
    int rc = rt_db_begin(e->db, err);
    if (rc != RT_OK)
        return rc;
    rc = en_ensure_tables(e, err);
    if (rc != RT_OK)
        rc = rt_db_rollback_after(e->db, err);
    w->open = rc == RT_OK;
    return rc;
}

static void en_whole_free(en_whole *w)
{
    rt_strv_free(&w->start);
    free(w->ran);
}

/* After the rollback nothing of the run remains, its log rows included:
 * in a transaction of their own, a 'rolled back' row per revision that had
 * run and a 'failed' row for the one that failed (none when the commit
 * failed). Fills lerr when that fails too. */
static int en_whole_log(rt_engine *e, const en_whole *w, const en_step *failing, bool upgrade,
                        rt_error *lerr)
{
    e->next_log_id = w->first_log_id;
    int rc = rt_db_begin(e->db, lerr);
    if (rc != RT_OK)
        return rc;
    rc = rt_version_log_ensure(e->db, e->version_table, lerr);
    for (size_t i = 0; i < w->n && rc == RT_OK; i++) {
        long id = e->next_log_id++;
        rc = rt_version_log_add(e->db, e->version_table, w->ran[i].rev->id, upgrade,
                                w->ran[i].checksum, w->ran[i].statements, 0, "rolled back",
                                NULL, &id, lerr);
    }
    if (rc == RT_OK && failing) {
        long id = e->next_log_id++;
        rc = rt_version_log_add(e->db, e->version_table, failing->rev->id, upgrade,
                                failing->checksum, (long)failing->sql.n, 0, "failed", NULL, &id,
                                lerr);
    }
    if (rc == RT_OK)
        rc = rt_db_commit(e->db, lerr);
    if (rc != RT_OK)
        rc = rt_db_rollback_after(e->db, lerr);
    return rc;
}

/* "so everything was rolled back, also the 3 revisions that had run before
 * it (a, b, c)": the ids listed up to five, else the first and the last. */
static char *en_whole_rolled(const en_whole *w, bool commit)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "%s, so everything was rolled back", en_whole_name);
    if (w->n > 0 && !commit)
        rt_buf_printf(&b, ", also the %zu revision%s that had run before it", w->n,
                      w->n == 1 ? "" : "s");
    else if (w->n > 0)
        rt_buf_printf(&b, ", all %zu revision%s that had run", w->n, w->n == 1 ? "" : "s");
    if (w->n > 0 && w->n <= 5) {
        rt_buf_append(&b, " (");
        for (size_t i = 0; i < w->n; i++)
            rt_buf_printf(&b, "%s%s", i ? ", " : "", w->ran[i].rev->id);
        rt_buf_putc(&b, ')');
    } else if (w->n > 5) {
        rt_buf_printf(&b, " (%s to %s)", w->ran[0].rev->id, w->ran[w->n - 1].rev->id);
    }
    return rt_buf_steal(&b);
}

/* What the end of a failed run says after its error: everything was rolled
 * back (rolled), or the rollback failed (rollback_error), never both. */
static void en_whole_outcome(rt_buf *b, const char *rolled, const char *rollback_error,
                             const char *at)
{
    if (!rollback_error)
        rt_buf_printf(b, "%s; the database stays at %s.", rolled, at);
    else
        rt_buf_printf(b,
                      "The rollback failed too: %s\nNothing of the run was committed: its "
                      "transaction is discarded when the connection closes, so the database "
                      "stays at %s.",
                      rollback_error, at);
}

/* Rolls the whole run back after revision s failed (s NULL: the commit
 * failed), records it, and writes the report. */
static int en_whole_fail(rt_engine *e, en_whole *w, const en_step *s, bool upgrade, long failed,
                         rt_error *err)
{
    rt_error rb, later;
    rt_error_clear(&rb);
    rt_error_clear(&later);
    w->open = false;
    bool rolled_back = rt_db_rollback(e->db, &rb) == RT_OK;
    if (rolled_back)
        en_whole_log(e, w, s, upgrade, &later);
    const rt_error *also = later.code != RT_OK ? &later : NULL;
    char *rolled = en_whole_rolled(w, s == NULL);
    int rc;
    if (s) {
        rc = en_report(e, err, s, upgrade, failed, true, rolled_back ? NULL : rb.message,
                       &w->start, rolled, "Recording the failure", also);
    } else {
        char *at = en_at_text(&w->start);
        rt_buf b = RT_BUF_INIT;
        rt_buf_printf(&b, "the %s failed at its commit, after its last revision %s:\n%s\n",
                      upgrade ? "upgrade" : "downgrade",
                      w->n ? w->ran[w->n - 1].rev->id : "(none)", err->message);
        en_whole_outcome(&b, rolled, rolled_back ? NULL : rb.message, at);
        if (also)
            rt_buf_printf(&b, "\n" RT_ERROR_ALSO_FMT, "Recording the failure", also->message);
        rc = en_fail(e, err, RT_EMIGRATE, &b);
        free(at);
    }
    free(rolled);
    return rc;
}

/* Revision s inside the run's transaction; a failure rolls back all. No
 * other session can see the version table before the commit, so it is
 * written once, with the last revision (start -> the final heads), and
 * read back then: a revision costs its statements and its log row, as
 * many round trips as a client running the revisions' SQL with a version
 * update each. */
static int en_whole_step(rt_engine *e, en_whole *w, const en_step *s, bool upgrade, bool last,
                         const rt_strv *after, rt_error *err)
{
    long failed = -1;
    if (en_exec_step(e, s, upgrade, last ? &w->start : NULL, after, &failed, err) != RT_OK)
        return en_whole_fail(e, w, s, upgrade, failed, err);
    if (w->n == w->cap) {
        w->cap = w->cap ? w->cap * 2 : 16;
        w->ran = rt_xrealloc(w->ran, w->cap * sizeof *w->ran);
    }
    en_ran *r = &w->ran[w->n++];
    r->rev = s->rev;
    memcpy(r->checksum, s->checksum, sizeof r->checksum);
    r->statements = (long)s->sql.n;
    return RT_OK;
}

/* Ends the run's transaction: commits after rc == RT_OK, else (a revision
 * rendered just before it runs failed: its file changed since the
 * validation) rolls back and says so after err's message. */
static int en_whole_end(rt_engine *e, en_whole *w, bool upgrade, int rc, rt_error *err)
{
    if (!w->open)
        return rc;
    if (rc == RT_OK) {
        w->open = false;
        if (rt_db_commit(e->db, err) != RT_OK)
            return en_whole_fail(e, w, NULL, upgrade, -1, err);
        return RT_OK;
    }
    w->open = false;
    rt_error rb;
    rt_error_clear(&rb);
    bool rolled_back = rt_db_rollback(e->db, &rb) == RT_OK;
    char *rolled = en_whole_rolled(w, true);
    char *at = en_at_text(&w->start);
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "%s\n", err->message);
    en_whole_outcome(&b, rolled, rolled_back ? NULL : rb.message, at);
    rt_error_set(err, rc, "%s", rt_buf_cstr(&b));
    rt_buf_free(&b);
    free(at);
    free(rolled);
    return rc;
}

static bool en_has_transactions(const rt_engine *e)
{
    return (rt_db_driver(e->db)->caps & RT_DRV_CAP_TRANSACTIONS) != 0;
}

/* Runs sql and records progress applied = k in the log. A raw statement
 * (DML, as far as the parser knows) and its count commit in one
 * transaction, so after a kill -9 the count is exact; DDL commits on its
 * own whatever we do, so it runs without the two extra round trips. */
static int en_exec_counted(rt_engine *e, const char *sql, bool raw, long log_id, long k,
                           rt_error *err)
{
    bool txn = raw && en_has_transactions(e);
    int rc = txn ? rt_db_begin(e->db, err) : RT_OK;
    if (rc == RT_OK)
        rc = rt_db_exec(e->db, sql, err);
    if (rc == RT_OK)
        rc = rt_version_log_progress(e->db, e->version_table, log_id, k, err);
    if (rc == RT_OK && txn)
        rc = rt_db_commit(e->db, err);
    if (rc != RT_OK && txn)
        rt_db_rollback_after(e->db, err);
    return rc;
}

/* The end of a linear step where the dialect has step_sql (MySQL): the
 * version update and "ok" in one statement, then the log row read back,
 * since the driver ABI has no affected-row count: not "ok" means the
 * version table did not hold before, and nothing was written. */
static int en_finish_step(rt_engine *e, const rt_dialect_lock *dl, const en_step *s,
                          long log_id, const rt_strv *before, const rt_strv *after,
                          const char *from, const char *to, rt_error *err)
{
    rt_buf set = RT_BUF_INIT, sql = RT_BUF_INIT;
    char *log_table = rt_version_log_name(e->version_table);
    rt_version_log_set_sql(&set, "l", (long)s->sql.n, "ok");
    dl->step_sql(e->db, e->version_table, log_table, before, from, to, log_id,
                 rt_buf_cstr(&set), &sql);
    char *outcome = NULL;
    int rc = rt_db_exec(e->db, rt_buf_cstr(&sql), err);
    if (rc != RT_OK)
        rt_error_prefix(err, "Cannot update the version table %s and its log: ",
                        e->version_table);
    if (rc == RT_OK)
        rc = rt_version_log_outcome(e->db, e->version_table, log_id, &outcome, err);
    if (rc == RT_OK && (!outcome || strcmp(outcome, "ok") != 0)) {
        /* Names what the table holds; the step changed nothing. */
        rc = rt_version_check(e->db, e->version_table, after, err);
        if (rc == RT_OK)
            rc = rt_error_set(err, RT_EMIGRATE,
                              "the migration log row %ld of revision %s was not closed "
                              "with the version update: another process changed it",
                              log_id, s->rev->id);
    }
    free(outcome);
    free(log_table);
    rt_buf_free(&set);
    rt_buf_free(&sql);
    return rc;
}

/* en_bare: the statements, then the version update unchecked. */
static int en_run_bare(rt_engine *e, const en_step *s, bool upgrade, const rt_strv *before,
                       const rt_strv *after, rt_error *err)
{
    for (size_t i = 0; i < s->sql.n; i++)
        if (rt_db_exec(e->db, s->sql.items[i], err) != RT_OK)
            return en_report(e, err, s, upgrade, (long)i, false, NULL, before, NULL, NULL,
                             NULL);
    if (rt_version_write_rows(e->db, e->version_table, before, after, err) != RT_OK)
        return en_report(e, err, s, upgrade, -1, false, NULL, before, NULL, NULL, NULL);
    return RT_OK;
}

/* MySQL: every DDL statement commits itself. The log row says "running, k
 * of n" after each statement; the version update and "ok" commit together
 * at the end. Statements [from, n) run (from > 0: --resume). */
static int en_run_direct(rt_engine *e, const en_step *s, bool upgrade, size_t from,
                         long log_id, const rt_strv *before, const rt_strv *after,
                         rt_error *err)
{
    if (en_bare())
        return en_run_bare(e, s, upgrade, before, after, err);
    int rc = RT_OK;
    if (log_id == 0) {
        log_id = e->next_log_id++;
        rc = rt_version_log_add(e->db, e->version_table, s->rev->id, upgrade, s->checksum,
                                (long)s->sql.n, 0, "running", NULL, &log_id, err);
    }
    if (rc != RT_OK)
        return rc;
    for (size_t i = from; i < s->sql.n; i++) {
        /* The last DDL statement's count is written by the finish below:
         * a kill -9 between the two leaves "statement n was running", as
         * one between a statement and its count does. DML keeps its count
         * in its own transaction, so the count of rows stays exact. */
        bool last_ddl = i + 1 == s->sql.n && !s->raw[i];
        if ((last_ddl ? rt_db_exec(e->db, s->sql.items[i], err)
                      : en_exec_counted(e, s->sql.items[i], s->raw[i], log_id, (long)i + 1,
                                        err)) == RT_OK)
            continue;
        rt_error lerr;
        bool logged = rt_version_log_finish(e->db, e->version_table, log_id, (long)i,
                                            i > 0 ? "dirty" : "failed", &lerr) == RT_OK;
        return en_report(e, err, s, upgrade, (long)i, false, NULL, before, NULL,
                         "Recording the failure", logged ? NULL : &lerr);
    }
    const rt_dialect_lock *dl = rt_db_dialect(e->db)->lock;
    const char *vfrom = NULL, *vto = NULL;
    bool step = dl && dl->step_sql && rt_version_one_row_step(before, after, &vfrom, &vto);
    bool txn = !step && en_has_transactions(e);
    rc = txn ? rt_db_begin(e->db, err) : RT_OK;
    if (rc == RT_OK && step) {
        rc = en_finish_step(e, dl, s, log_id, before, after, vfrom, vto, err);
    } else if (rc == RT_OK) {
        rc = rt_version_write(e->db, e->version_table, before, after, err);
        if (rc == RT_OK)
            rc = rt_version_log_finish(e->db, e->version_table, log_id, (long)s->sql.n, "ok",
                                       err);
    }
    if (rc == RT_OK && txn)
        rc = rt_db_commit(e->db, err);
    if (rc == RT_OK)
        return RT_OK;
    if (txn)
        rt_db_rollback_after(e->db, err);
    rt_error lerr;
    bool logged = rt_version_log_finish(e->db, e->version_table, log_id, (long)s->sql.n,
                                        "dirty", &lerr) == RT_OK;
    return en_report(e, err, s, upgrade, -1, false, NULL, before, NULL, "Recording the failure",
                     logged ? NULL : &lerr);
}

/* Refuses a version table that holds a revision and one of its ancestors:
 * no plan computed from it can be right. */
static int en_check_heads(const rt_graph *g, const rt_strv *heads, rt_error *err)
{
    for (size_t i = 0; i < heads->n; i++) {
        if (!rt_graph_find(g, heads->items[i], NULL))
            continue; /* an unknown revision: the plan says so */
        rt_strv one = RT_STRV_INIT;
        rt_strv_push(&one, heads->items[i]);
        const rt_revision **anc = NULL;
        size_t n = 0;
        rt_graph_applied(g, &one, &anc, &n);
        rt_strv_free(&one);
        for (size_t k = 0; k < n; k++) {
            if (strcmp(anc[k]->id, heads->items[i]) == 0 ||
                rt_strv_find(heads, anc[k]->id) < 0)
                continue;
            rt_error_set(err, RT_EGRAPH,
                         "the version table holds both revision %s and its ancestor %s; "
                         "only the newest revision of a branch may be there. Repair it with "
                         "'retort stamp --purge REV...' naming the revisions the database "
                         "is really at",
                         heads->items[i], anc[k]->id);
            free(anc);
            return RT_EGRAPH;
        }
        free(anc);
    }
    return RT_OK;
}

int rt_engine_validate(const rt_graph *g, const rt_strv *heads, const rt_log *log,
                       rt_strv *problems, rt_error *err)
{
    const rt_revision **applied = NULL;
    size_t n = 0;
    rt_graph_applied(g, heads, &applied, &n);
    int rc = RT_OK;
    for (size_t i = 0; i < n && rc == RT_OK; i++) {
        const rt_log_entry *le = rt_version_log_applied(log, applied[i]->id);
        if (!le || !le->checksum[0])
            continue; /* applied before the log existed */
        char sum[65];
        rc = rt_engine_checksum(applied[i], true, sum, err);
        if (rc == RT_OK && strcmp(sum, le->checksum) != 0)
            rt_strv_push_owned(problems,
                               rt_xasprintf("revision %s: %s changed since it was %s on %s "
                                            "UTC by %s",
                                            applied[i]->id, applied[i]->path,
                                            strcmp(le->outcome, "stamped") == 0 ? "stamped"
                                                                                : "applied",
                                            le->started_at, le->run_by));
    }
    free(applied);
    /* Revisions the log says are applied whose file is gone. */
    for (size_t i = 0; i < log->n && rc == RT_OK; i++) {
        const char *id = log->items[i].revision;
        const rt_revision *r = rt_graph_find(g, id, NULL);
        if (r && strcmp(r->id, id) == 0)
            continue;
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(log->items[k].revision, id) == 0;
        const rt_log_entry *le = rt_version_log_applied(log, id);
        if (!seen && le)
            rt_strv_push_owned(problems,
                               rt_xasprintf("revision %s: its file disappeared (it was applied "
                                            "on %s UTC by %s)",
                                            id, le->started_at, le->run_by));
    }
    return rc;
}

/* The dirty revision's statements as the file is now, rendered against the
 * model at heads, into s. */
static int en_render_dirty(rt_engine *e, const rt_revision *r, bool upgrade,
                           const rt_strv *heads, en_step *s, rt_error *err)
{
    rt_schema model = RT_SCHEMA_INIT;
    int rc = rt_engine_model_at(e->graph, heads, rt_db_dialect(e->db), &model, err);
    if (rc == RT_OK)
        rc = en_render(e, r, upgrade, &model, s, err);
    rt_schema_free(&model);
    return rc;
}

/* The refusal while the log says a revision is dirty. */
static int en_refuse_dirty(rt_engine *e, const rt_log_entry *d, const rt_strv *heads,
                           rt_error *err)
{
    bool up = strcmp(d->direction, "up") == 0;
    char *at = en_at_text(heads);
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b,
                  "the database is dirty: the %s of revision %s (started %s UTC by %s) "
                  "stopped after statement %ld of %ld (%s), and the version table still "
                  "says %s. ",
                  up ? "upgrade" : "downgrade", d->revision, d->started_at, d->run_by,
                  d->applied, d->statements,
                  strcmp(d->outcome, "running") == 0 ? "the run was interrupted"
                                                     : "a statement failed",
                  at);
    const rt_revision *r = rt_graph_find(e->graph, d->revision, NULL);
    en_step s = { 0 };
    rt_error rerr;
    rt_error_clear(&rerr);
    if (!r || strcmp(r->id, d->revision) != 0) {
        rt_buf_printf(&b, "No file defines revision %s any more, so its statements cannot "
                          "be listed.\n", d->revision);
    } else if (en_render_dirty(e, r, up, heads, &s, &rerr) != RT_OK) {
        rt_buf_printf(&b, "Its statements cannot be listed: %s\n", rerr.message);
    } else if (d->applied == 0) {
        rt_buf_append(&b, "None of its statements is recorded as applied.\n");
    } else {
        rt_buf_printf(&b, "These statements of %s were applied%s:\n", d->revision,
                      strcmp(s.checksum, d->checksum) != 0 ? " (listed as the file is now; "
                                                             "it changed since the run)"
                                                           : "");
        en_list_stmts(&b, &s, (size_t)d->applied);
    }
    if (strcmp(d->outcome, "running") == 0 && r && (size_t)d->applied < s.sql.n)
        rt_buf_printf(&b, "Statement %ld was running when the run stopped: if it is DDL, "
                          "check whether it took effect.\n",
                      d->applied + 1);
    rt_buf_append(&b, en_ways_out);
    en_step_clear(&s);
    free(at);
    return en_fail(e, err, RT_EMIGRATE, &b);
}

/* upgrade --resume: statements applied+1..n of the dirty revision as the
 * file is now, then the version update; heads move past it. */
static int en_resume(rt_engine *e, const rt_log_entry *d, rt_strv *heads, rt_error *err)
{
    bool up = strcmp(d->direction, "up") == 0;
    const rt_revision *r = rt_graph_find(e->graph, d->revision, NULL);
    if (!r || strcmp(r->id, d->revision) != 0)
        return rt_error_set(err, RT_EGRAPH,
                            "cannot resume revision %s: no file in the versions folder "
                            "defines it; record where the database is with 'retort stamp'",
                            d->revision);
    en_step s = { 0 };
    int rc = en_render_dirty(e, r, up, heads, &s, err);
    if (rc == RT_OK && (size_t)d->applied > s.sql.n)
        rc = rt_error_set(err, RT_EGRAPH,
                          "cannot resume revision %s: %ld of its statements ran, but %s has "
                          "only %zu now; record where the database is with 'retort stamp'",
                          d->revision, d->applied, r->path, s.sql.n);
    rt_strv after = RT_STRV_INIT;
    if (rc == RT_OK) {
        rt_strv_copy(&after, heads);
        rt_graph_step_heads(e->graph, &after, r, up);
        if (e->log) {
            fprintf(e->log, "Resuming %s of %s at statement %ld of %zu, %s\n",
                    up ? "upgrade" : "downgrade", r->id, d->applied + 1, s.sql.n, r->message);
            fflush(e->log);
        }
        rc = en_run_direct(e, &s, up, (size_t)d->applied, d->id, heads, &after, err);
    }
    if (rc == RT_OK) {
        rt_strv_clear(heads);
        rt_strv_copy(heads, &after);
    }
    rt_strv_free(&after);
    en_step_clear(&s);
    return rc;
}

/* Reads the state under the lock: heads, their consistency, the log's
 * dirty mark (refused or resumed) and, before an upgrade, the checksums. */
static int en_start(rt_engine *e, bool upgrade, rt_strv *heads, rt_error *err)
{
    rt_log log = { NULL, 0 };
    int rc = rt_version_read(e->db, e->version_table, heads, err);
    if (rc == RT_OK)
        rc = en_check_heads(e->graph, heads, err);
    if (en_bare())
        return rc;
    if (rc == RT_OK)
        rc = rt_version_log_read(e->db, e->version_table, &log, err);
    /* Rows are only written under the lock: count on from the last. */
    e->next_log_id = log.n ? log.items[log.n - 1].id + 1 : 1;
    const rt_log_entry *d = rc == RT_OK ? rt_version_log_dirty(&log) : NULL;
    if (d && !(e->resume && upgrade))
        rc = en_refuse_dirty(e, d, heads, err);
    else if (d)
        rc = en_resume(e, d, heads, err);
    else if (rc == RT_OK && e->resume && e->log)
        fprintf(e->log, "Nothing to resume: no revision is dirty.\n");
    if (rc == RT_OK && upgrade && e->validate) {
        rt_strv problems = RT_STRV_INIT;
        rc = rt_engine_validate(e->graph, heads, &log, &problems, err);
        if (rc == RT_OK && problems.n) {
            rt_buf b = RT_BUF_INIT;
            rt_buf_append(&b, "applied revisions changed since they ran, so the database "
                              "may not be what the files say:\n");
            for (size_t i = 0; i < problems.n; i++)
                rt_buf_printf(&b, "  %s\n", problems.items[i]);
            rt_buf_append(&b, "Restore the files as they were (see 'retort validate'), or "
                              "set validate_on_migrate = false in the config to run anyway.");
            rc = en_fail(e, err, RT_EGRAPH, &b);
        }
        rt_strv_free(&problems);
    }
    rt_log_free(&log);
    return rc;
}

/* Runs the plan from heads (updated as revisions run) through the sink:
 * the connection, or the offline script (e->sql_out). One path for both,
 * so the script holds what an online run executes. */
static int en_run_plan(rt_engine *e, const rt_plan *plan, rt_strv *heads,
                       const rt_offline_info *script, rt_error *err)
{
    bool upgrade = plan->upgrade;
    const rt_dialect *d = en_dialect(e);
    rt_schema model = RT_SCHEMA_INIT, start = RT_SCHEMA_INIT;
    en_step *steps = NULL;
    bool kept = false;
    bool from_base = heads->n == 0;
    int rc = plan->n ? rt_engine_model_at(e->graph, heads, d, &model, err) : RT_OK;
    if (rc == RT_OK && plan->n == 0 && script)
        rc = rt_offline_write_header(e->sql_out, d, script, err);
    if (rc != RT_OK || plan->n == 0)
        goto done;
    /* A dialect that renders against the live database is validated
     * against it as it is now (at the start model), and renders each
     * revision again just before it runs, when the database is exactly at
     * the model before that revision (dialect.h). Offline there is no live
     * database: it renders from the model alone (offline_sql.h). */
    bool live = e->db && (d->caps & RT_DIALECT_RENDERS_LIVE) != 0;
    if (live) {
        rt_schema_copy(&start, &model);
        e->opts.live_db = e->db;
        e->opts.live_model = &start;
    }
    rc = en_prepare(e, plan, &model, &steps, err);
    e->opts.live_model = NULL;
    if (live && steps) {
        en_steps_free(steps, plan->n);
        steps = NULL;
    }
    kept = steps != NULL;
    if (rc == RT_OK && !kept) {
        /* The model is past the plan now: replay the history again for
         * the start (free when upgrading from base). */
        rt_schema_free(&model);
        model = (rt_schema)RT_SCHEMA_INIT;
        rc = rt_engine_model_at(e->graph, heads, d, &model, err);
    }
    /* Nothing reaches the script before the whole plan is valid: a bad
     * revision leaves no half script behind. */
    if (rc == RT_OK && script)
        rc = rt_offline_write_header(e->sql_out, d, script, err);
    if (rc != RT_OK)
        goto done;

    bool txn = e->db ? rt_db_transactional_ddl(e->db) : false;
    bool whole = txn && e->single_transaction;
    en_whole w = { .start = RT_STRV_INIT };
    if (whole)
        rc = en_whole_begin(e, &w, heads, err);
    if (e->db && !txn)
        rc = rt_version_ensure(e->db, e->version_table, err);
    if (e->db && !txn && rc == RT_OK && !en_bare())
        rc = rt_version_log_ensure(e->db, e->version_table, err);
    rt_strv after = RT_STRV_INIT;
    en_step current = { 0 };
    for (size_t i = 0; i < plan->n && rc == RT_OK; i++) {
        en_step *s = kept ? &steps[i] : &current;
        /* Validated above; rendered again only when not kept. A file
         * changed since then fails here like any bad revision, with the
         * database at the previous revision. */
        if (!kept && (rc = en_render(e, plan->revs[i], upgrade, &model, s, err)) != RT_OK)
            break;
        rt_strv_clear(&after);
        rt_strv_copy(&after, heads);
        rt_graph_step_heads(e->graph, &after, s->rev, upgrade);
        en_log(e, s, upgrade);
        if (e->progress)
            e->progress(e->progress_ctx, i, plan->n);
        if (e->sql_out) {
            char *running = en_running(s, upgrade);
            rt_offline_step step = { s->rev, upgrade, running, &s->sql, s->checksum,
                                     i == 0 && from_base, heads, &after };
            rc = rt_offline_write_step(e->sql_out, d, e->version_table, &step, err);
            free(running);
        } else {
            rc = whole ? en_whole_step(e, &w, s, upgrade, i + 1 == plan->n, &after, err)
                 : txn ? en_run_transactional(e, s, upgrade, i == 0, heads, &after, err)
                       : en_run_direct(e, s, upgrade, 0, 0, heads, &after, err);
        }
        if (!kept)
            en_step_clear(s);
        if (rc != RT_OK)
            break;
        rt_strv_clear(heads);
        rt_strv_copy(heads, &after);
    }
    if (whole)
        rc = en_whole_end(e, &w, upgrade, rc, err);
    if (rc == RT_OK && e->progress)
        e->progress(e->progress_ctx, plan->n, plan->n);
    en_whole_free(&w);
    rt_strv_free(&after);
    en_step_clear(&current);
done:
    e->opts.live_db = NULL;
    if (steps)
        en_steps_free(steps, plan->n);
    rt_schema_free(&start);
    rt_schema_free(&model);
    return rc;
}

static int en_run_locked(rt_engine *e, const char *target, bool upgrade, rt_error *err)
{
    rt_strv heads = RT_STRV_INIT;
    rt_plan plan = { NULL, 0, upgrade };
    int rc = en_start(e, upgrade, &heads, err);
    if (rc == RT_OK)
        rc = rt_graph_plan(&plan, e->graph, &heads, target, upgrade, err);
    if (rc == RT_OK)
        rc = en_run_plan(e, &plan, &heads, NULL, err);
    rt_plan_free(&plan);
    rt_strv_free(&heads);
    return rc;
}

int rt_engine_sql(rt_engine *e, const char *from, const char *target, bool upgrade,
                  rt_error *err)
{
    rt_strv heads = RT_STRV_INIT;
    rt_plan plan = { NULL, 0, upgrade };
    int rc = rt_offline_heads(e->graph, from, &heads, err);
    if (rc == RT_OK)
        rc = en_check_heads(e->graph, &heads, err);
    if (rc == RT_OK)
        rc = rt_graph_plan(&plan, e->graph, &heads, target, upgrade, err);
    rt_offline_info script = { from, target, upgrade, plan.n, e->version_table };
    if (rc == RT_OK)
        rc = en_run_plan(e, &plan, &heads, &script, err);
    rt_plan_free(&plan);
    rt_strv_free(&heads);
    return rc;
}

/* What a mutating command asks the engine for. */
typedef struct en_job {
    const char *target; /* upgrade/downgrade */
    bool upgrade;
    const rt_strv *revs; /* stamp when not NULL */
    bool purge;
} en_job;

static int en_stamp_locked(rt_engine *e, const rt_strv *args, bool purge, rt_error *err);

/* Every mutating run holds the migration lock from before it reads the
 * version table until it is done. */
static int en_locked(rt_engine *e, const en_job *job, rt_error *err)
{
    /* Refused before the lock, so nothing runs at all. */
    if (!job->revs && e->single_transaction && !rt_db_transactional_ddl(e->db))
        return rt_error_set(err, RT_EUSAGE,
                            "one transaction for the whole run (--single-transaction, or "
                            "transaction_per_migration = false in the config) needs "
                            "transactional DDL, and %s commits each CREATE, ALTER and DROP "
                            "at once, so a failure could not roll the run back; nothing was "
                            "run. Run each revision in its own step instead "
                            "(--transaction-per-migration, the default): a failure is then "
                            "marked in the migration log, and 'upgrade --resume' goes on",
                            rt_db_dialect(e->db)->name);
    rt_lock lk = { .fd = -1 };
    int rc = en_bare() && !job->revs
                 ? RT_OK
                 : rt_lock_take(&lk, e->db, e->version_table, e->lock_timeout_ms, e->log, err);
    if (rc == RT_OK)
        rc = job->revs ? en_stamp_locked(e, job->revs, job->purge, err)
                       : en_run_locked(e, job->target, job->upgrade, err);
    rt_lock_release(&lk);
    return rc;
}

int rt_engine_upgrade(rt_engine *e, const char *target, rt_error *err)
{
    en_job job = { .target = target, .upgrade = true };
    return en_locked(e, &job, err);
}

int rt_engine_downgrade(rt_engine *e, const char *target, rt_error *err)
{
    en_job job = { .target = target, .upgrade = false };
    return en_locked(e, &job, err);
}

void rt_engine_clear(rt_engine *e)
{
    free(e->report);
    e->report = NULL;
}

/* The revisions named by stamp's arguments: "heads"/"head" (all heads),
 * "base" (none), ids, prefixes, labels. */
static int en_stamp_targets(const rt_graph *g, const rt_strv *args, rt_strv *out,
                            rt_error *err)
{
    for (size_t i = 0; i < args->n; i++) {
        const char *a = args->items[i];
        if (strcmp(a, "base") == 0)
            continue;
        if (strcmp(a, "head") == 0 || strcmp(a, "heads") == 0) {
            const rt_revision **hs = NULL;
            size_t n = 0;
            rt_graph_heads(g, &hs, &n);
            if (strcmp(a, "head") == 0 && n > 1) {
                free(hs);
                return rt_error_set(err, RT_EGRAPH,
                                    "stamp head: the history has %zu heads; name them, or "
                                    "use 'heads'",
                                    n);
            }
            for (size_t k = 0; k < n; k++)
                if (rt_strv_find(out, hs[k]->id) < 0)
                    rt_strv_push(out, hs[k]->id);
            free(hs);
            continue;
        }
        const rt_revision *r = rt_graph_find(g, a, err);
        if (!r)
            return err->code ? err->code : rt_error_set(err, RT_EGRAPH, "no revision '%s'", a);
        if (rt_strv_find(out, r->id) < 0)
            rt_strv_push(out, r->id);
    }
    return RT_OK;
}

/* Known heads only: rt_graph_applied of the rest means nothing. */
static void en_known(const rt_graph *g, const rt_strv *heads, rt_strv *out)
{
    for (size_t i = 0; i < heads->n; i++) {
        const rt_revision *r = rt_graph_find(g, heads->items[i], NULL);
        if (r && strcmp(r->id, heads->items[i]) == 0)
            rt_strv_push(out, heads->items[i]);
    }
}

/* Log rows of a stamp: "up, stamped" per revision it marks applied and per
 * target named (with the checksum of its upgrade section: stamping the
 * revision the database is at accepts its file as it is now), "down,
 * stamped" per revision it marks reverted. */
static int en_stamp_log(rt_engine *e, const rt_strv *before, const rt_strv *after,
                        const rt_strv *targets, bool up, rt_error *err)
{
    const rt_revision **a = NULL, **b = NULL;
    size_t na = 0, nb = 0;
    rt_strv kb = RT_STRV_INIT, ka = RT_STRV_INIT;
    en_known(e->graph, before, &kb);
    en_known(e->graph, after, &ka);
    rt_graph_applied(e->graph, up ? &ka : &kb, &a, &na);
    rt_graph_applied(e->graph, up ? &kb : &ka, &b, &nb);
    int rc = RT_OK;
    for (size_t i = 0; i < na && rc == RT_OK; i++) {
        bool in_b = false;
        for (size_t k = 0; k < nb && !in_b; k++)
            in_b = a[i] == b[k];
        if (in_b && !(up && rt_strv_find(targets, a[i]->id) >= 0))
            continue;
        char sum[65] = "";
        if (up)
            rc = rt_engine_checksum(a[i], true, sum, err);
        long id = 0;
        if (rc == RT_OK)
            rc = rt_version_log_add(e->db, e->version_table, a[i]->id, up, sum, 0, 0,
                                    "stamped", NULL, &id, err);
    }
    /* Rows the version table held that no file defines: gone with --purge. */
    for (size_t i = 0; !up && i < before->n && rc == RT_OK; i++) {
        long id = 0;
        if (rt_strv_find(&kb, before->items[i]) < 0 && rt_strv_find(after, before->items[i]) < 0)
            rc = rt_version_log_add(e->db, e->version_table, before->items[i], false, "", 0, 0,
                                    "stamped", NULL, &id, err);
    }
    free(a);
    free(b);
    rt_strv_free(&ka);
    rt_strv_free(&kb);
    return rc;
}

static int en_stamp_locked(rt_engine *e, const rt_strv *args, bool purge, rt_error *err)
{
    rt_strv before = RT_STRV_INIT, targets = RT_STRV_INIT, after = RT_STRV_INIT;
    rt_log log = { NULL, 0 };
    int rc = rt_version_read(e->db, e->version_table, &before, err);
    if (rc == RT_OK && !purge) {
        for (size_t i = 0; i < before.n && rc == RT_OK; i++) {
            const rt_revision *r = rt_graph_find(e->graph, before.items[i], NULL);
            if (!r || strcmp(r->id, before.items[i]) != 0)
                rc = rt_error_set(err, RT_EGRAPH,
                                  "the version table holds revision '%s', which no file "
                                  "defines; 'retort stamp --purge REV...' replaces whatever "
                                  "the table holds",
                                  before.items[i]);
        }
        if (rc == RT_OK)
            rc = en_check_heads(e->graph, &before, err);
    }
    if (rc == RT_OK)
        rc = en_stamp_targets(e->graph, args, &targets, err);
    if (rc == RT_OK)
        rc = en_check_heads(e->graph, &targets, err);
    if (rc == RT_OK) {
        /* As Alembic: a target replaces the rows on its own branch (its
         * ancestors and descendants) and keeps the others; base and --purge
         * start from nothing. */
        bool base = rt_strv_find(args, "base") >= 0;
        for (size_t i = 0; !purge && !base && i < before.n; i++) {
            bool related = false;
            for (size_t t = 0; t < targets.n && !related; t++) {
                rt_strv x = RT_STRV_INIT, y = RT_STRV_INIT;
                rt_strv_push(&x, targets.items[t]);
                rt_strv_push(&y, before.items[i]);
                const rt_revision **ax = NULL, **ay = NULL;
                size_t nx = 0, ny = 0;
                rt_graph_applied(e->graph, &x, &ax, &nx);
                rt_graph_applied(e->graph, &y, &ay, &ny);
                for (size_t k = 0; k < nx && !related; k++)
                    related = strcmp(ax[k]->id, before.items[i]) == 0;
                for (size_t k = 0; k < ny && !related; k++)
                    related = strcmp(ay[k]->id, targets.items[t]) == 0;
                free(ax);
                free(ay);
                rt_strv_free(&x);
                rt_strv_free(&y);
            }
            if (!related)
                rt_strv_push(&after, before.items[i]);
        }
        for (size_t t = 0; t < targets.n; t++)
            if (rt_strv_find(&after, targets.items[t]) < 0)
                rt_strv_push(&after, targets.items[t]);
    }
    if (rc == RT_OK)
        rc = rt_version_ensure(e->db, e->version_table, err);
    if (rc == RT_OK)
        rc = rt_version_log_ensure(e->db, e->version_table, err);
    if (rc == RT_OK)
        rc = rt_version_log_read(e->db, e->version_table, &log, err);
    bool txn = en_has_transactions(e);
    if (rc == RT_OK && txn)
        rc = rt_db_begin(e->db, err);
    if (rc == RT_OK)
        rc = rt_version_write(e->db, e->version_table, &before, &after, err);
    if (rc == RT_OK)
        rc = en_stamp_log(e, &before, &after, &targets, false, err);
    if (rc == RT_OK)
        rc = en_stamp_log(e, &before, &after, &targets, true, err);
    const rt_log_entry *d = rt_version_log_dirty(&log);
    if (rc == RT_OK && d) /* the user said where the database is */
        rc = rt_version_log_finish(e->db, e->version_table, d->id, d->applied, "cleared", err);
    if (rc == RT_OK && txn)
        rc = rt_db_commit(e->db, err);
    if (rc != RT_OK && txn)
        rt_db_rollback_after(e->db, err);
    if (rc == RT_OK && e->log) {
        char *from = en_at_text(&before), *to = en_at_text(&after);
        fprintf(e->log, "Stamped %s -> %s (no statement run)\n", from, to);
        fflush(e->log);
        free(from);
        free(to);
    }
    rt_log_free(&log);
    rt_strv_free(&before);
    rt_strv_free(&targets);
    rt_strv_free(&after);
    return rc;
}

int rt_engine_stamp(rt_engine *e, const rt_strv *revs, bool purge, rt_error *err)
{
    en_job job = { .revs = revs, .purge = purge };
    return en_locked(e, &job, err);
}
