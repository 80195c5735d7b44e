/* Plans: what to run to move the database from its heads to a target, and
 * the version-table rows along the way. */
#include "graph_internal.h"

#include <stdlib.h>
#include <string.h>

void rt_graph_step_heads(const rt_graph *g, rt_strv *heads, const rt_revision *r, bool upgrade)
{
    if (upgrade) {
        for (size_t i = 0; i < r->down.n; i++) {
            long at = rt_strv_find(heads, r->down.items[i]);
            if (at >= 0)
                rt_strv_remove(heads, (size_t)at);
        }
        if (rt_strv_find(heads, r->id) < 0)
            rt_strv_push(heads, r->id);
        return;
    }
    long at = rt_strv_find(heads, r->id);
    if (at >= 0)
        rt_strv_remove(heads, (size_t)at);
    if (r->down.n == 0)
        return;
    /* A down revision becomes a head again unless another applied revision
     * still revises or depends on it (a sibling branch, the other side of a
     * merge, a branch with a Depends On): then it is applied through that
     * one's head, and both in the version table would be a revision and its
     * ancestor. Only where more than r follows it is the applied set worked
     * out. */
    bool *mark = NULL;
    for (size_t i = 0; i < r->down.n; i++) {
        size_t d = gr_lookup(g, r->down.items[i]);
        if (d == SIZE_MAX || rt_strv_find(heads, r->down.items[i]) >= 0)
            continue;
        if (g->succ.off[d + 1] - g->succ.off[d] > 1) {
            if (!mark)
                mark = gr_applied_mask(g, heads);
            if (mark[d])
                continue;
        }
        rt_strv_push(heads, r->down.items[i]);
    }
    free(mark);
}

void rt_plan_free(rt_plan *p)
{
    if (!p)
        return;
    free(p->revs);
    p->revs = NULL;
    p->n = 0;
}


static char *gr_heads_text(const rt_strv *heads)
{
    return heads->n ? rt_strv_join(heads, ", ") : rt_xstrdup("base (nothing applied)");
}

int rt_graph_plan(rt_plan *out, const rt_graph *g, const rt_strv *current_heads,
                  const char *target, bool upgrade, rt_error *err)
{
    memset(out, 0, sizeof *out);
    out->upgrade = upgrade;
    gr_target t;
    int rc = gr_target_for(g, current_heads, target, &t, err);
    if (rc != RT_OK)
        return rc;

    bool *applied = gr_applied_mask(g, current_heads);
    bool *sel = rt_xcalloc(g->n + 1, sizeof *sel);
    char *curtext = gr_heads_text(current_heads);
    rc = RT_OK;
    if (upgrade) {
        if (t.kind != GT_REVS) {
            for (size_t i = 0; i < g->n && rc == RT_OK; i++)
                if (applied[i] || t.kind == GT_BASE_OF)
                    rc = rt_error_set(err, RT_EGRAPH,
                                      "'%s' is below the current revision (%s): use downgrade "
                                      "to go back.",
                                      target, curtext);
        } else {
            for (size_t i = 0; i < t.n && rc == RT_OK; i++)
                if (applied[t.revs[i]] &&
                    rt_strv_find(current_heads, g->revs[t.revs[i]].id) < 0)
                    rc = rt_error_set(err, RT_EGRAPH,
                                      "Revision %s is already applied, below the current "
                                      "revision (%s): use downgrade to go back.",
                                      g->revs[t.revs[i]].id, curtext);
            if (rc == RT_OK)
                gr_walk(g, sel, t.revs, t.n, &g->down, &g->deps);
        }
    } else {
        if (t.kind == GT_BASE) {
            memcpy(sel, applied, g->n * sizeof *sel);
        } else if (t.kind == GT_BASE_OF) {
            gr_walk(g, sel, t.revs, t.n, &g->succ, NULL);
        } else {
            for (size_t i = 0; i < t.n && rc == RT_OK; i++)
                if (!applied[t.revs[i]])
                    rc = rt_error_set(err, RT_EGRAPH,
                                      "Revision %s is not applied (the database is at %s): use "
                                      "upgrade to go forward.",
                                      g->revs[t.revs[i]].id, curtext);
            if (rc == RT_OK) {
                /* As Alembic: what goes are the targets' children (over
                 * Revises only) and all that descends from or depends on
                 * them. A revision that only depends on a target stays:
                 * the target stays too. */
                size_t *kids = rt_xmalloc((g->children.off[g->n] + 1) * sizeof *kids), nk = 0;
                for (size_t i = 0; i < t.n; i++)
                    for (size_t k = g->children.off[t.revs[i]];
                         k < g->children.off[t.revs[i] + 1]; k++)
                        kids[nk++] = g->children.idx[k];
                gr_walk(g, sel, kids, nk, &g->succ, NULL);
                free(kids);
                for (size_t i = 0; i < t.n; i++)
                    sel[t.revs[i]] = false;
            }
        }
    }
    if (rc == RT_OK) {
        out->revs = rt_xcalloc(g->n + 1, sizeof *out->revs);
        for (size_t k = 0; k < g->n; k++) {
            size_t i = g->order[upgrade ? k : g->n - 1 - k];
            /* Upgrade: needed and not applied; downgrade: selected and applied. */
            if (sel[i] && (upgrade ? !applied[i] : applied[i]))
                out->revs[out->n++] = &g->revs[i];
        }
    }
    free(curtext);
    free(sel);
    free(applied);
    free(t.revs);
    return rc;
}

