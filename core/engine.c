#include "engine.h"
#include "sql_blocks.h"
#include "version_table.h"

#include <stdlib.h>
#include <string.h>

/* One revision's statements, rendered from the model before it. */
typedef struct en_step {
    const rt_revision *rev;
    rt_strv sql;   /* statements in order */
    int *line;     /* position of the op each statement came from */
    int *col;
    size_t cap;
    size_t bytes;  /* what the statements hold, for the keep budget */
} en_step;

/* Every revision of a plan is parsed and rendered before anything runs, so
 * an error in any file stops the run with the database untouched. Their
 * statements are kept for execution up to keep_bytes; a larger plan
 * (thousands of revisions: at 10,000 they were most of the memory) is
 * rendered a second time, one revision just before it runs, so memory stays
 * flat however long the plan is. */
#define EN_KEEP_BYTES_DEFAULT (1024 * 1024)

static void en_step_add(en_step *s, char *sql, int line, int col)
{
    if (s->sql.n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->line = rt_xrealloc(s->line, s->cap * sizeof *s->line);
        s->col = rt_xrealloc(s->col, s->cap * sizeof *s->col);
    }
    s->line[s->sql.n] = line;
    s->col[s->sql.n] = col;
    s->bytes += strlen(sql) + 1 + sizeof(char *) + 2 * sizeof(int);
    rt_strv_push_owned(&s->sql, sql);
}

static void en_step_clear(en_step *s)
{
    rt_strv_free(&s->sql);
    free(s->line);
    free(s->col);
    *s = (en_step){ .rev = s->rev };
}

static void en_steps_free(en_step *steps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        en_step_clear(&steps[i]);
    free(steps);
}

int rt_engine_load_ops(const rt_revision *r, bool upgrade, const rt_dialect *d,
                       rt_oplist *out, rt_error *err)
{
    rt_script_body body;
    int rc = rt_script_read_body(&body, r->path, err);
    if (rc != RT_OK)
        return rc;
    const char *text = upgrade ? body.upgrade : body.downgrade;
    int line = upgrade ? body.upgrade_line : body.downgrade_line;
    if (text && *text)
        rc = rt_sql_parse_for(out, text, r->path, line > 0 ? line : 1, d->name, err);
    rt_script_body_free(&body);
    return rc;
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

static int en_render(rt_engine *e, const rt_revision *rev, bool upgrade, rt_schema *model,
                     en_step *s, rt_error *err)
{
    const rt_dialect *d = rt_db_dialect(e->db);
    s->rev = rev;
    rt_oplist ops = RT_OPLIST_INIT;
    int rc = rt_engine_load_ops(rev, upgrade, d, &ops, err);
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
            en_step_add(s, out.items[j], op->line, op->col);
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

static void en_log(rt_engine *e, const en_step *s, bool upgrade)
{
    if (!e->log)
        return;
    char *down = rt_strv_join(&s->rev->down, ", ");
    if (upgrade)
        fprintf(e->log, "Running upgrade %s -> %s, %s\n", down, s->rev->id, s->rev->message);
    else
        fprintf(e->log, "Running downgrade %s -> %s, %s\n", s->rev->id, down, s->rev->message);
    fflush(e->log);
    free(down);
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

/* Statement text for a message: indented, long ones cut. */
static void en_quote_stmt(rt_buf *b, const char *sql, size_t max)
{
    size_t n = strlen(sql);
    rt_buf_append(b, "    ");
    for (size_t i = 0; i < n && i < max; i++) {
        rt_buf_putc(b, sql[i]);
        if (sql[i] == '\n')
            rt_buf_append(b, "    ");
    }
    if (n > max)
        rt_buf_append(b, " ...");
    rt_buf_putc(b, '\n');
}

/* Rewrites err (the server's failure) into the migration report; keeps the
 * SQLSTATE and native code. failed is the statement index, or -1 when the
 * version table update failed. */
static int en_report(rt_error *err, const en_step *s, bool upgrade, long failed,
                     bool transactional, const rt_strv *heads, const char *extra)
{
    char sqlstate[sizeof err->sqlstate];
    memcpy(sqlstate, err->sqlstate, sizeof sqlstate);
    long native = err->native;
    char *server = rt_xstrdup(err->message);
    char *at = en_at_text(heads);
    const char *what = upgrade ? "upgrade" : "downgrade";
    rt_buf b = RT_BUF_INIT;
    if (failed >= 0) {
        rt_buf_printf(&b, "%s:%d:%d: %s of revision %s failed on this statement:\n",
                      s->rev->path, s->line[failed], s->col[failed], what, s->rev->id);
        en_quote_stmt(&b, s->sql.items[failed], 1500);
    } else {
        rt_buf_printf(&b, "%s: %s of revision %s failed while updating the version table:\n",
                      s->rev->path, what, s->rev->id);
    }
    rt_buf_printf(&b, "%s\n", server);
    if (transactional) {
        rt_buf_printf(&b, "The revision was rolled back; the database stays at %s.", at);
    } else {
        size_t done = failed >= 0 ? (size_t)failed : s->sql.n;
        if (done == 0) {
            rt_buf_printf(&b, "None of its statements had run; the database stays at %s.", at);
        } else {
            rt_buf_printf(&b,
                          "This backend commits each DDL statement at once, so the database "
                          "was left partly migrated: the version table still records %s, but "
                          "these statements of %s were already applied:\n",
                          heads->n ? at : "no revision", s->rev->id);
            for (size_t i = 0; i < done; i++) {
                rt_buf_printf(&b, "  %s:%d:%d:\n", s->rev->path, s->line[i], s->col[i]);
                en_quote_stmt(&b, s->sql.items[i], 300);
            }
            rt_buf_append(&b, "Revert them by hand, fix the revision, and run the command "
                              "again.");
        }
    }
    if (extra)
        rt_buf_printf(&b, "\n%s", extra);
    rt_error_set(err, RT_EMIGRATE, "%s", rt_buf_cstr(&b));
    memcpy(err->sqlstate, sqlstate, sizeof sqlstate);
    err->native = native;
    rt_buf_free(&b);
    free(at);
    free(server);
    return RT_EMIGRATE;
}

/* One revision with its version update in one transaction. */
static int en_run_transactional(rt_engine *e, const en_step *s, bool upgrade, bool ensure,
                                const rt_strv *before, const rt_strv *after, rt_error *err)
{
    int rc = rt_db_begin(e->db, err);
    if (rc != RT_OK)
        return rc;
    /* Created inside the first revision's transaction, so a failure leaves
     * no empty version table behind. */
    if (ensure)
        rc = rt_version_ensure(e->db, e->version_table, err);
    long failed = -2;
    for (size_t i = 0; rc == RT_OK && i < s->sql.n; i++) {
        rc = rt_db_exec(e->db, s->sql.items[i], err);
        if (rc != RT_OK)
            failed = (long)i;
    }
    if (rc == RT_OK) {
        rc = rt_version_write(e->db, e->version_table, before, after, err);
        if (rc != RT_OK)
            failed = -1;
    }
    if (rc == RT_OK) {
        rc = rt_db_commit(e->db, err);
        if (rc != RT_OK)
            failed = -1;
    }
    if (rc == RT_OK)
        return RT_OK;
    rt_error rb;
    rt_error_clear(&rb);
    char *extra = NULL;
    if (rt_db_rollback(e->db, &rb) != RT_OK)
        extra = rt_xasprintf("The rollback failed too: %s", rb.message);
    if (failed == -2) {
        free(extra);
        return rc; /* creating the version table failed: err says so */
    }
    rc = en_report(err, s, upgrade, failed, true, before, extra);
    free(extra);
    return rc;
}

/* MySQL: every DDL statement commits itself; the version table is written
 * once the revision's statements have all run. */
static int en_run_direct(rt_engine *e, const en_step *s, bool upgrade, const rt_strv *before,
                         const rt_strv *after, rt_error *err)
{
    for (size_t i = 0; i < s->sql.n; i++)
        if (rt_db_exec(e->db, s->sql.items[i], err) != RT_OK)
            return en_report(err, s, upgrade, (long)i, false, before, NULL);
    if (rt_version_write(e->db, e->version_table, before, after, err) != RT_OK)
        return en_report(err, s, upgrade, -1, false, before, NULL);
    return RT_OK;
}

static int en_run(rt_engine *e, const char *target, bool upgrade, rt_error *err)
{
    rt_strv heads = RT_STRV_INIT;
    rt_plan plan = { NULL, 0, upgrade };
    rt_schema model = RT_SCHEMA_INIT, start = RT_SCHEMA_INIT;
    en_step *steps = NULL;
    bool kept = false;
    int rc = rt_version_read(e->db, e->version_table, &heads, err);
    if (rc == RT_OK)
        rc = rt_graph_plan(&plan, e->graph, &heads, target, upgrade, err);
    if (rc != RT_OK || plan.n == 0)
        goto done;
    rc = rt_engine_model_at(e->graph, &heads, rt_db_dialect(e->db), &model, err);
    if (rc != RT_OK)
        goto done;
    /* A dialect that renders against the live database is validated
     * against it as it is now (at the start model), and renders each
     * revision again just before it runs, when the database is exactly at
     * the model before that revision (dialect.h). */
    bool live = (rt_db_dialect(e->db)->caps & RT_DIALECT_RENDERS_LIVE) != 0;
    if (live) {
        rt_schema_copy(&start, &model);
        e->opts.live_db = e->db;
        e->opts.live_model = &start;
    }
    rc = en_prepare(e, &plan, &model, &steps, err);
    e->opts.live_model = NULL;
    if (live && steps) {
        en_steps_free(steps, plan.n);
        steps = NULL;
    }
    kept = steps != NULL;
    if (rc == RT_OK && !kept) {
        /* The model is past the plan now: replay the history again for
         * the start (free when upgrading from base). */
        rt_schema_free(&model);
        model = (rt_schema)RT_SCHEMA_INIT;
        rc = rt_engine_model_at(e->graph, &heads, rt_db_dialect(e->db), &model, err);
    }
    if (rc != RT_OK)
        goto done;

    bool txn = rt_db_transactional_ddl(e->db);
    if (!txn)
        rc = rt_version_ensure(e->db, e->version_table, err);
    rt_strv after = RT_STRV_INIT;
    en_step current = { 0 };
    for (size_t i = 0; i < plan.n && rc == RT_OK; i++) {
        en_step *s = kept ? &steps[i] : &current;
        /* Validated above; rendered again only when not kept. A file
         * changed since then fails here like any bad revision, with the
         * database at the previous revision. */
        if (!kept && (rc = en_render(e, plan.revs[i], upgrade, &model, s, err)) != RT_OK)
            break;
        rt_strv_clear(&after);
        rt_strv_copy(&after, &heads);
        rt_graph_step_heads(e->graph, &after, s->rev, upgrade);
        en_log(e, s, upgrade);
        /* Every revision runs through this one call: the place where a
         * dirty flag and a migration lock are to be set and cleared. */
        rc = txn ? en_run_transactional(e, s, upgrade, i == 0, &heads, &after, err)
                 : en_run_direct(e, s, upgrade, &heads, &after, err);
        if (!kept)
            en_step_clear(s);
        if (rc != RT_OK)
            break;
        rt_strv_clear(&heads);
        rt_strv_copy(&heads, &after);
    }
    rt_strv_free(&after);
    en_step_clear(&current);
done:
    e->opts.live_db = NULL;
    if (steps)
        en_steps_free(steps, plan.n);
    rt_schema_free(&start);
    rt_schema_free(&model);
    rt_plan_free(&plan);
    rt_strv_free(&heads);
    return rc;
}

int rt_engine_upgrade(rt_engine *e, const char *target, rt_error *err)
{
    return en_run(e, target, true, err);
}

int rt_engine_downgrade(rt_engine *e, const char *target, rt_error *err)
{
    return en_run(e, target, false, err);
}
