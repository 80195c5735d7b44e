/* Lookups and walks over the built graph. */
#include "graph_internal.h"

#include <stdlib.h>
#include <string.h>

size_t rt_graph_count(const rt_graph *g)
{
    return g->n;
}

const rt_revision *rt_graph_at(const rt_graph *g, size_t i)
{
    return i < g->n ? g->topo[i] : NULL;
}

const rt_revision *rt_graph_get(const rt_graph *g, const char *id)
{
    size_t i = gr_lookup(g, id);
    return i == SIZE_MAX ? NULL : &g->revs[i];
}

const rt_revision *rt_graph_find(const rt_graph *g, const char *key, rt_error *err)
{
    size_t i = gr_lookup(g, key);
    if (i != SIZE_MAX)
        return &g->revs[i];
    i = gr_label_find(g, key);
    if (i != SIZE_MAX)
        return &g->revs[i];
    /* Any unique prefix, however short, as Alembic. */
    size_t klen = strlen(key);
    if (klen > 0) {
        rt_strv hits = RT_STRV_INIT;
        size_t found = SIZE_MAX;
        for (size_t k = 0; k < g->n; k++) {
            const rt_revision *r = g->topo[k];
            if (strncmp(r->id, key, klen) == 0) {
                found = gr_index(g, r);
                rt_strv_push(&hits, r->id);
            }
        }
        if (hits.n == 1) {
            rt_strv_free(&hits);
            return &g->revs[found];
        }
        if (hits.n > 1) {
            char *list = rt_strv_join(&hits, ", ");
            if (err)
                rt_error_set(err, RT_EGRAPH,
                             "Revision prefix '%s' is ambiguous: multiple revisions start with "
                             "it (%s); give more characters.",
                             key, list);
            free(list);
            rt_strv_free(&hits);
            return NULL;
        }
        rt_strv_free(&hits);
    }
    if (err)
        rt_error_set(err, RT_ENOREV,
                     "No revision '%s': not a Revision ID, a unique prefix of one or a branch "
                     "label.",
                     key);
    return NULL;
}

void rt_graph_heads(const rt_graph *g, const rt_revision ***out, size_t *n)
{
    *out = rt_xcalloc(g->n + 1, sizeof **out);
    *n = 0;
    for (size_t k = 0; k < g->n; k++)
        if (g->is_head[g->order[k]])
            (*out)[(*n)++] = g->topo[k];
}

void rt_graph_bases(const rt_graph *g, const rt_revision ***out, size_t *n)
{
    *out = rt_xcalloc(g->n + 1, sizeof **out);
    *n = 0;
    for (size_t k = 0; k < g->n; k++)
        if (g->topo[k]->down.n == 0)
            (*out)[(*n)++] = g->topo[k];
}

bool rt_graph_is_head(const rt_graph *g, const rt_revision *r)
{
    return g->is_head[gr_index(g, r)];
}

void rt_graph_children(const rt_graph *g, const rt_revision *r, const rt_revision ***out,
                       size_t *n)
{
    size_t i = gr_index(g, r);
    size_t cnt = g->children.off[i + 1] - g->children.off[i];
    *out = rt_xcalloc(cnt + 1, sizeof **out);
    *n = 0;
    for (size_t k = g->children.off[i]; k < g->children.off[i + 1]; k++)
        (*out)[(*n)++] = &g->revs[g->children.idx[k]];
    /* Topological order, as every other list handed out. */
    for (size_t a = 1; a < *n; a++)
        for (size_t b = a; b > 0 && g->pos[gr_index(g, (*out)[b - 1])] >
                                        g->pos[gr_index(g, (*out)[b])];
             b--) {
            const rt_revision *t = (*out)[b];
            (*out)[b] = (*out)[b - 1];
            (*out)[b - 1] = t;
        }
}

/* Marks in `mark` everything reachable from the seeds along edge sets a
 * (and b): ancestors over down/deps, descendants over succ. */
void gr_walk(const rt_graph *g, bool *mark, const size_t *seeds, size_t nseeds,
             const gr_edges *a, const gr_edges *b)
{
    size_t *stack = rt_xmalloc((g->n + 1) * sizeof *stack);
    size_t sp = 0;
    for (size_t i = 0; i < nseeds; i++)
        if (!mark[seeds[i]]) {
            mark[seeds[i]] = true;
            stack[sp++] = seeds[i];
        }
    while (sp > 0) {
        size_t v = stack[--sp];
        const gr_edges *sets[2] = { a, b };
        for (int s = 0; s < 2; s++) {
            if (!sets[s])
                continue;
            for (size_t k = sets[s]->off[v]; k < sets[s]->off[v + 1]; k++) {
                size_t w = sets[s]->idx[k];
                if (!mark[w]) {
                    mark[w] = true;
                    stack[sp++] = w;
                }
            }
        }
    }
    free(stack);
}

/* Indices of the known heads; unknown ones are reported by the caller. */
size_t *gr_head_indices(const rt_graph *g, const rt_strv *heads, size_t *n,
                        const char **unknown)
{
    size_t *idx = rt_xcalloc(heads->n + 1, sizeof *idx);
    *n = 0;
    if (unknown)
        *unknown = NULL;
    for (size_t i = 0; i < heads->n; i++) {
        size_t k = gr_lookup(g, heads->items[i]);
        if (k == SIZE_MAX) {
            if (unknown && !*unknown)
                *unknown = heads->items[i];
            continue;
        }
        idx[(*n)++] = k;
    }
    return idx;
}

int gr_current(const rt_graph *g, const rt_strv *heads, size_t **out, size_t *n,
               rt_error *err)
{
    const char *unknown = NULL;
    *out = gr_head_indices(g, heads, n, &unknown);
    if (!unknown)
        return RT_OK;
    free(*out);
    *out = NULL;
    return rt_error_set(err, RT_EGRAPH,
                        "The database is at revision '%s', which is not in the versions "
                        "folder (was its file deleted or renamed?).",
                        unknown);
}

bool *gr_applied_mask(const rt_graph *g, const rt_strv *heads)
{
    bool *mark = rt_xcalloc(g->n + 1, sizeof *mark);
    size_t n = 0;
    size_t *idx = gr_head_indices(g, heads, &n, NULL);
    gr_walk(g, mark, idx, n, &g->down, &g->deps);
    free(idx);
    return mark;
}

void rt_graph_applied(const rt_graph *g, const rt_strv *heads, const rt_revision ***out,
                      size_t *n)
{
    bool *mark = gr_applied_mask(g, heads);
    *out = rt_xcalloc(g->n + 1, sizeof **out);
    *n = 0;
    for (size_t k = 0; k < g->n; k++)
        if (mark[g->order[k]])
            (*out)[(*n)++] = g->topo[k];
    free(mark);
}

char *gr_join_ids(const rt_graph *g, const size_t *idx, size_t n)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "");
    for (size_t i = 0; i < n; i++)
        rt_buf_printf(&b, "%s%s", i ? ", " : "", g->revs[idx[i]].id);
    return rt_buf_steal(&b);
}

size_t *gr_heads_idx(const rt_graph *g, size_t *n)
{
    size_t *idx = rt_xcalloc(g->n + 1, sizeof *idx);
    *n = 0;
    for (size_t k = 0; k < g->n; k++)
        if (g->is_head[g->order[k]])
            idx[(*n)++] = g->order[k];
    return idx;
}


size_t rt_graph_index(const rt_graph *g, const rt_revision *r)
{
    return g->pos[gr_index(g, r)];
}

size_t rt_graph_nchildren(const rt_graph *g, const rt_revision *r)
{
    size_t i = gr_index(g, r);
    return g->children.off[i + 1] - g->children.off[i];
}

/* The walk from seeds along a (and b), into mark by topological position. */
static void gr_walk_public(const rt_graph *g, const rt_revision *const *seeds, size_t nseeds,
                           const gr_edges *a, const gr_edges *b, bool *mark)
{
    size_t *idx = rt_xcalloc(nseeds + 1, sizeof *idx);
    for (size_t i = 0; i < nseeds; i++)
        idx[i] = gr_index(g, seeds[i]);
    bool *by_index = rt_xcalloc(g->n + 1, sizeof *by_index);
    gr_walk(g, by_index, idx, nseeds, a, b);
    for (size_t i = 0; i < g->n; i++)
        mark[g->pos[i]] = by_index[i];
    free(by_index);
    free(idx);
}

void rt_graph_ancestors(const rt_graph *g, const rt_revision *const *seeds, size_t nseeds,
                        bool *mark)
{
    gr_walk_public(g, seeds, nseeds, &g->down, &g->deps, mark);
}

void rt_graph_descendants(const rt_graph *g, const rt_revision *const *seeds, size_t nseeds,
                          bool *mark)
{
    gr_walk_public(g, seeds, nseeds, &g->succ, NULL, mark);
}

bool rt_graph_is_real_head(const rt_graph *g, const rt_revision *r)
{
    size_t i = gr_index(g, r);
    return g->succ.off[i + 1] == g->succ.off[i];
}
