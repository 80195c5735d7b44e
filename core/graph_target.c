/* Target expressions (head, heads, base, an id, prefix or branch label,
 * label@head, label@base, label@+N, label@-N, +N, -N, <name>+N, <name>-N)
 * -> the revisions to be at. */
#include "graph_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* t names one revision (GT_REVS) or the root of a branch (GT_BASE_OF). */
static void gr_target_one(gr_target *t, gr_target_kind kind, size_t rev)
{
    t->kind = kind;
    t->revs = rt_xmalloc(sizeof *t->revs);
    t->revs[0] = rev;
    t->n = 1;
}

/* The single head of the graph, for "head". */
static int gr_single_head(const rt_graph *g, size_t *out, const char *what, rt_error *err)
{
    size_t n = 0;
    size_t *h = gr_heads_idx(g, &n);
    int rc = RT_OK;
    if (n == 1) {
        *out = h[0];
    } else if (n == 0) {
        rc = rt_error_set(err, RT_EGRAPH, "There are no revisions yet; '%s' names nothing.",
                          what);
    } else {
        char *list = gr_join_ids(g, h, n);
        rc = rt_error_set(err, RT_EGRAPH,
                          "Multiple head revisions are present: %s; give a specific target "
                          "(a revision, <branch>@head, or 'heads' for all of them).",
                          list);
        free(list);
    }
    free(h);
    return rc;
}

/* Heads reachable from r (its branch), for "label@head". */
static int gr_branch_head(const rt_graph *g, size_t r, const char *target, size_t *out,
                          rt_error *err)
{
    bool *mark = rt_xcalloc(g->n + 1, sizeof *mark);
    gr_walk(g, mark, &r, 1, &g->children, NULL);
    size_t *h = rt_xcalloc(g->n + 1, sizeof *h);
    size_t n = 0;
    for (size_t k = 0; k < g->n; k++)
        if (mark[g->order[k]] && g->is_head[g->order[k]])
            h[n++] = g->order[k];
    int rc = RT_OK;
    if (n == 1) {
        *out = h[0];
    } else {
        char *list = gr_join_ids(g, h, n);
        rc = rt_error_set(err, RT_EGRAPH,
                          "'%s' is ambiguous: the branch has several heads: %s; give one of "
                          "them.",
                          target, list);
        free(list);
    }
    free(h);
    free(mark);
    return rc;
}

static bool gr_parse_count(const char *s, long *out)
{
    if (!*s)
        return false;
    long v = 0;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s) || v > 1000000000L)
            return false;
        v = v * 10 + (*s - '0');
    }
    *out = v;
    return true;
}

/* Walks steps along Revises (back) or children (forward) from start
 * (SIZE_MAX = base). */
static int gr_relative(const rt_graph *g, size_t start, long steps, bool forward,
                       const char *target, gr_target *t, rt_error *err)
{
    size_t cur = start;
    for (long s = 0; s < steps; s++) {
        if (forward) {
            size_t cands[2], nc = 0;
            if (cur == SIZE_MAX) {
                for (size_t k = 0; k < g->n; k++)
                    if (g->topo[k]->down.n == 0) {
                        if (nc < 2)
                            cands[nc] = g->order[k];
                        nc++;
                    }
            } else {
                nc = g->children.off[cur + 1] - g->children.off[cur];
                for (size_t k = 0; k < nc && k < 2; k++)
                    cands[k] = g->children.idx[g->children.off[cur] + k];
            }
            if (nc == 0)
                return rt_error_set(err, RT_EGRAPH,
                                    "Relative target '%s' goes past the head%s%s; only %ld "
                                    "step(s) are possible.",
                                    target, cur == SIZE_MAX ? "" : " ",
                                    cur == SIZE_MAX ? "" : g->revs[cur].id, s);
            if (nc > 1)
                return rt_error_set(err, RT_EGRAPH,
                                    "Relative target '%s' is ambiguous: %s has several next "
                                    "revisions (%s, %s%s); give a revision id.",
                                    target, cur == SIZE_MAX ? "base" : g->revs[cur].id,
                                    g->revs[cands[0]].id, g->revs[cands[1]].id,
                                    nc > 2 ? ", ..." : "");
            cur = cands[0];
        } else {
            /* Going back N reverts N revisions: the target is what the last
             * of them revises (several for a merge, the base of its branch
             * for a root). Only the steps in between must be unambiguous. */
            if (cur == SIZE_MAX)
                return rt_error_set(err, RT_EGRAPH,
                                    "Relative target '%s' goes past base; only %ld step(s) are "
                                    "possible.",
                                    target, s);
            const rt_revision *r = &g->revs[cur];
            size_t nd = g->down.off[cur + 1] - g->down.off[cur];
            if (s + 1 == steps) {
                if (nd == 0) {
                    gr_target_one(t, GT_BASE_OF, cur);
                } else {
                    t->kind = GT_REVS;
                    t->revs = rt_xmalloc(nd * sizeof *t->revs);
                    memcpy(t->revs, g->down.idx + g->down.off[cur], nd * sizeof *t->revs);
                    t->n = nd;
                }
                return RT_OK;
            }
            if (nd > 1)
                return rt_error_set(err, RT_EGRAPH,
                                    "Relative target '%s' is ambiguous: %s is a merge of %s, "
                                    "%s%s; give a revision id.",
                                    target, r->id, r->down.items[0], r->down.items[1],
                                    r->down.n > 2 ? ", ..." : "");
            cur = nd ? g->down.idx[g->down.off[cur]] : SIZE_MAX;
        }
    }
    if (cur == SIZE_MAX) {
        t->kind = GT_BASE;
        return RT_OK;
    }
    gr_target_one(t, GT_REVS, cur);
    return RT_OK;
}

/* A named point: head, base, an id/prefix/label, label@head. SIZE_MAX for
 * base. */
static int gr_named(const rt_graph *g, const char *name, const char *target, size_t *out,
                    rt_error *err)
{
    if (strcmp(name, "base") == 0) {
        *out = SIZE_MAX;
        return RT_OK;
    }
    if (strcmp(name, "head") == 0)
        return gr_single_head(g, out, target, err);
    size_t nlen = strlen(name);
    if (nlen > 5 && strcmp(name + nlen - 5, "@head") == 0) {
        char *label = rt_xstrndup(name, nlen - 5);
        const rt_revision *r = rt_graph_find(g, label, err);
        free(label);
        if (!r)
            return err->code;
        return gr_branch_head(g, gr_index(g, r), target, out, err);
    }
    const rt_revision *r = rt_graph_find(g, name, err);
    if (!r)
        return err->code == RT_ENOREV ? (err->code = RT_EGRAPH) : err->code;
    *out = gr_index(g, r);
    return RT_OK;
}

/* The first revision of r's branch: down from r while the way is a single
 * line, stopping below a branch point or a merge. */
static size_t gr_branch_root(const rt_graph *g, size_t r)
{
    for (;;) {
        if (g->down.off[r + 1] - g->down.off[r] != 1)
            return r;
        size_t d = g->down.idx[g->down.off[r]];
        if (g->children.off[d + 1] - g->children.off[d] != 1)
            return r;
        r = d;
    }
}

/* The revision named by the label part of "label@...", and its branch root. */
static int gr_branch_of(const rt_graph *g, const char *target, size_t len, size_t *root,
                        rt_error *err)
{
    char *label = rt_xstrndup(target, len);
    const rt_revision *r = rt_graph_find(g, label, err);
    free(label);
    if (!r)
        return err->code == RT_ENOREV ? (err->code = RT_EGRAPH) : err->code;
    *root = gr_branch_root(g, gr_index(g, r));
    return RT_OK;
}

/* "label@+N" / "label@-N": N steps from the database's revision on that
 * branch (Alembic's branch-relative targets). With nothing of the branch
 * applied, +N counts from just below its first revision. */
static int gr_branch_relative(const rt_graph *g, const size_t *cur, size_t ncur, size_t len,
                              long steps, bool forward, const char *target, gr_target *t,
                              rt_error *err)
{
    size_t root;
    int rc = gr_branch_of(g, target, len, &root, err);
    if (rc != RT_OK)
        return rc;
    bool *mark = rt_xcalloc(g->n + 1, sizeof *mark);
    gr_walk(g, mark, &root, 1, &g->children, NULL);
    size_t on[2], non = 0;
    for (size_t i = 0; i < ncur; i++)
        if (mark[cur[i]]) {
            if (non < 2)
                on[non] = cur[i];
            non++;
        }
    free(mark);
    if (non > 1)
        return rt_error_set(err, RT_EGRAPH,
                            "Relative target '%s' is ambiguous: the database has several "
                            "revisions on that branch (%s, %s%s); use <rev>%c%ld.",
                            target, g->revs[on[0]].id, g->revs[on[1]].id,
                            non > 2 ? ", ..." : "", forward ? '+' : '-', steps);
    if (non == 1)
        return gr_relative(g, on[0], steps, forward, target, t, err);
    if (!forward)
        return rt_error_set(err, RT_EGRAPH,
                            "Relative target '%s': nothing of branch '%.*s' is applied, so "
                            "there is nothing to go back from.",
                            target, (int)len, target);
    if (steps == 0) {
        gr_target_one(t, GT_BASE_OF, root);
        return RT_OK;
    }
    return gr_relative(g, root, steps - 1, true, target, t, err);
}

int gr_resolve_target(const rt_graph *g, const size_t *cur, size_t ncur, const char *target,
                      gr_target *t, rt_error *err)
{
    memset(t, 0, sizeof *t);
    if (!target || !*target)
        return rt_error_set(err, RT_EGRAPH, "No target given: use head, a revision, +N or -N.");
    if (strcmp(target, "heads") == 0) {
        t->kind = GT_REVS;
        t->revs = gr_heads_idx(g, &t->n);
        return RT_OK;
    }
    if (strcmp(target, "base") == 0) {
        t->kind = GT_BASE;
        return RT_OK;
    }
    /* An id or label is taken as it is even when it looks relative
     * ("rel-2"). Otherwise: [+-]N from the current head, or <name>[+-]N. */
    size_t exact = gr_lookup(g, target);
    if (exact == SIZE_MAX)
        exact = gr_label_find(g, target);
    if (exact != SIZE_MAX) {
        gr_target_one(t, GT_REVS, exact);
        return RT_OK;
    }
    size_t tlen = strlen(target);
    if (tlen > 5 && strcmp(target + tlen - 5, "@base") == 0) {
        /* The branch back to before its first revision: the root and all
         * that descends from it go on a downgrade. */
        size_t root;
        int rc = gr_branch_of(g, target, tlen - 5, &root, err);
        if (rc != RT_OK)
            return rc;
        gr_target_one(t, GT_BASE_OF, root);
        return RT_OK;
    }
    const char *sign = NULL;
    for (const char *p = target + strlen(target); p > target; p--)
        if (p[-1] == '+' || p[-1] == '-') {
            sign = p - 1;
            break;
        } else if (!isdigit((unsigned char)p[-1])) {
            break;
        }
    long steps = 0;
    if (sign && gr_parse_count(sign + 1, &steps)) {
        bool forward = *sign == '+';
        size_t start;
        if (sign > target && sign[-1] == '@')
            return gr_branch_relative(g, cur, ncur, (size_t)(sign - 1 - target), steps,
                                      forward, target, t, err);
        if (sign == target) {
            if (ncur > 1) {
                char *list = gr_join_ids(g, cur, ncur);
                int rc = rt_error_set(err, RT_EGRAPH,
                                      "Relative target '%s' is ambiguous: the database has "
                                      "several heads (%s); use <rev>%s.",
                                      target, list, target);
                free(list);
                return rc;
            }
            start = ncur == 1 ? cur[0] : SIZE_MAX;
        } else {
            char *name = rt_xstrndup(target, (size_t)(sign - target));
            int rc = gr_named(g, name, target, &start, err);
            free(name);
            if (rc != RT_OK)
                return rc;
        }
        return gr_relative(g, start, steps, forward, target, t, err);
    }
    size_t at;
    if (gr_named(g, target, target, &at, err) != RT_OK)
        return err->code;
    if (at == SIZE_MAX) {
        t->kind = GT_BASE;
        return RT_OK;
    }
    gr_target_one(t, GT_REVS, at);
    return RT_OK;
}


int gr_target_for(const rt_graph *g, const rt_strv *current, const char *target, gr_target *t,
                  rt_error *err)
{
    memset(t, 0, sizeof *t);
    size_t ncur = 0, *cur;
    int rc = gr_current(g, current, &cur, &ncur, err);
    if (rc != RT_OK)
        return rc;
    rc = gr_resolve_target(g, cur, ncur, target, t, err);
    free(cur);
    return rc;
}

int rt_graph_resolve(const rt_graph *g, const rt_strv *current, const char *target,
                     const rt_revision ***out, size_t *n, rt_error *err)
{
    *out = NULL;
    *n = 0;
    gr_target t;
    int rc = gr_target_for(g, current, target, &t, err);
    if (rc != RT_OK)
        return rc;
    *out = rt_xcalloc(t.n + 1, sizeof **out);
    if (t.kind == GT_REVS) {
        bool *mark = rt_xcalloc(g->n + 1, sizeof *mark);
        for (size_t i = 0; i < t.n; i++)
            mark[t.revs[i]] = true;
        for (size_t k = 0; k < g->n; k++)
            if (mark[g->order[k]])
                (*out)[(*n)++] = g->topo[k];
        free(mark);
    }
    free(t.revs);
    return RT_OK;
}
