/* Builds the graph from its revisions and checks it: duplicate ids and
 * labels, unknown Revises/Depends On, cycles; then the topological order. */
#include "graph_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void gr_hash_build(rt_graph *g)
{
    g->hcap = 16;
    while (g->hcap < g->n * 2)
        g->hcap *= 2;
    g->htab = rt_xcalloc(g->hcap, sizeof *g->htab);
}

/* Index of id, or SIZE_MAX. */
size_t gr_lookup(const rt_graph *g, const char *id)
{
    if (!g->htab)
        return SIZE_MAX;
    for (size_t h = rt_str_hash(id) & (g->hcap - 1);; h = (h + 1) & (g->hcap - 1)) {
        size_t v = g->htab[h];
        if (v == 0)
            return SIZE_MAX;
        if (strcmp(g->revs[v - 1].id, id) == 0)
            return v - 1;
    }
}

/* Inserts revs[i]; returns the index already holding the id, or SIZE_MAX. */
static size_t gr_insert(rt_graph *g, size_t i)
{
    for (size_t h = rt_str_hash(g->revs[i].id) & (g->hcap - 1);; h = (h + 1) & (g->hcap - 1)) {
        size_t v = g->htab[h];
        if (v == 0) {
            g->htab[h] = i + 1;
            return SIZE_MAX;
        }
        if (strcmp(g->revs[v - 1].id, g->revs[i].id) == 0)
            return v - 1;
    }
}

size_t gr_label_find(const rt_graph *g, const char *label)
{
    for (size_t i = 0; i < g->nlabels; i++)
        if (strcmp(g->labels[i].label, label) == 0)
            return g->labels[i].rev;
    return SIZE_MAX;
}

void gr_edges_free(gr_edges *e)
{
    free(e->off);
    free(e->idx);
}

static int gr_error_at(rt_error *err, int code, const rt_revision *r, int line, const char *item,
                       const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int gr_error_at(rt_error *err, int code, const rt_revision *r, int line, const char *item,
                       const char *fmt, ...)
{
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    int col = item ? rt_script_item_col(r->path, line, item) : 1;
    return rt_error_set(err, code, "%s:%d:%d: %s", r->path, line, col, msg);
}

/* Builds CSR lists from per-revision target lists given by get(). */
typedef const rt_strv *(*gr_list_fn)(const rt_revision *r);

static const rt_strv *gr_get_down(const rt_revision *r)
{
    return &r->down;
}

static const rt_strv *gr_get_deps(const rt_revision *r)
{
    return &r->depends_on;
}

static int gr_resolve(rt_graph *g, gr_edges *e, gr_list_fn get, bool labels_ok, rt_error *err)
{
    size_t total = 0;
    for (size_t i = 0; i < g->n; i++)
        total += get(&g->revs[i])->n;
    e->off = rt_xcalloc(g->n + 1, sizeof *e->off);
    e->idx = rt_xcalloc(total ? total : 1, sizeof *e->idx);
    size_t k = 0;
    for (size_t i = 0; i < g->n; i++) {
        const rt_revision *r = &g->revs[i];
        const rt_strv *list = get(r);
        e->off[i] = k;
        for (size_t j = 0; j < list->n; j++) {
            size_t t = gr_lookup(g, list->items[j]);
            if (t == SIZE_MAX && labels_ok)
                t = gr_label_find(g, list->items[j]);
            if (t == SIZE_MAX)
                return gr_error_at(err, RT_EGRAPH, r, labels_ok ? r->depends_line : r->down_line,
                                   list->items[j],
                                   "%s names revision '%s', which is not in this versions "
                                   "folder.",
                                   labels_ok ? "Depends On" : "Revises", list->items[j]);
            if (t == i)
                return gr_error_at(err, RT_EGRAPH, r, labels_ok ? r->depends_line : r->down_line,
                                   list->items[j], "revision '%s' names itself.", r->id);
            e->idx[k++] = t;
        }
    }
    e->off[g->n] = k;
    return RT_OK;
}

/* The inverse of one or two edge sets. */
static void gr_invert(const rt_graph *g, gr_edges *out, const gr_edges *a, const gr_edges *b)
{
    size_t *count = rt_xcalloc(g->n + 1, sizeof *count);
    const gr_edges *sets[2] = { a, b };
    for (int s = 0; s < 2; s++) {
        if (!sets[s])
            continue;
        for (size_t i = 0; i < g->n; i++)
            for (size_t k = sets[s]->off[i]; k < sets[s]->off[i + 1]; k++)
                count[sets[s]->idx[k]]++;
    }
    out->off = rt_xcalloc(g->n + 1, sizeof *out->off);
    size_t total = 0;
    for (size_t i = 0; i < g->n; i++) {
        out->off[i] = total;
        total += count[i];
        count[i] = out->off[i];
    }
    out->off[g->n] = total;
    out->idx = rt_xcalloc(total ? total : 1, sizeof *out->idx);
    /* Filling in source order keeps each list in file-name order. */
    for (size_t i = 0; i < g->n; i++)
        for (int s = 0; s < 2; s++) {
            if (!sets[s])
                continue;
            for (size_t k = sets[s]->off[i]; k < sets[s]->off[i + 1]; k++)
                out->idx[count[sets[s]->idx[k]]++] = i;
        }
    free(count);
}

/* Min-heap of revision indices: ties in the topological order go by file name. */
typedef struct gr_heap {
    size_t *v;
    size_t n;
} gr_heap;

static void gr_heap_push(gr_heap *h, size_t x)
{
    size_t i = h->n++;
    h->v[i] = x;
    while (i > 0 && h->v[(i - 1) / 2] > h->v[i]) {
        size_t p = (i - 1) / 2, t = h->v[p];
        h->v[p] = h->v[i];
        h->v[i] = t;
        i = p;
    }
}

static size_t gr_heap_pop(gr_heap *h)
{
    size_t top = h->v[0];
    h->v[0] = h->v[--h->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h->v[l] < h->v[m])
            m = l;
        if (r < h->n && h->v[r] < h->v[m])
            m = r;
        if (m == i)
            break;
        size_t t = h->v[m];
        h->v[m] = h->v[i];
        h->v[i] = t;
        i = m;
    }
    return top;
}

static int gr_report_cycle(const rt_graph *g, const bool *done, rt_error *err)
{
    /* Every revision left over still waits for another left-over one, so
     * walking "waits for" edges from any of them must come back round. */
    size_t start = 0;
    while (done[start])
        start++;
    size_t *seen_at = rt_xmalloc(g->n * sizeof *seen_at);
    for (size_t i = 0; i < g->n; i++)
        seen_at[i] = SIZE_MAX;
    size_t *path = rt_xmalloc((g->n + 1) * sizeof *path);
    size_t len = 0, cur = start;
    while (seen_at[cur] == SIZE_MAX) {
        seen_at[cur] = len;
        path[len++] = cur;
        size_t next = SIZE_MAX;
        for (size_t k = g->down.off[cur]; k < g->down.off[cur + 1] && next == SIZE_MAX; k++)
            if (!done[g->down.idx[k]])
                next = g->down.idx[k];
        for (size_t k = g->deps.off[cur]; k < g->deps.off[cur + 1] && next == SIZE_MAX; k++)
            if (!done[g->deps.idx[k]])
                next = g->deps.idx[k];
        cur = next;
    }
    size_t first = seen_at[cur];
    rt_buf b = RT_BUF_INIT;
    for (size_t i = first; i < len; i++)
        rt_buf_printf(&b, "%s -> ", g->revs[path[i]].id);
    rt_buf_append(&b, g->revs[path[first]].id);
    const rt_revision *r = &g->revs[path[first]];
    const rt_revision *next = &g->revs[path[first + 1 < len ? first + 1 : first]];
    bool via_down = rt_strv_find(&r->down, next->id) >= 0;
    int rc = gr_error_at(err, RT_EGRAPH, r, via_down ? r->down_line : r->depends_line,
                         next->id,
                         "these revisions revise each other in a cycle: %s (each one is "
                         "listed with the revision it revises or depends on).",
                         rt_buf_cstr(&b));
    rt_buf_free(&b);
    free(path);
    free(seen_at);
    return rc;
}

static int gr_sort(rt_graph *g, rt_error *err)
{
    size_t *indeg = rt_xcalloc(g->n + 1, sizeof *indeg);
    for (size_t i = 0; i < g->n; i++)
        indeg[i] = (g->down.off[i + 1] - g->down.off[i]) + (g->deps.off[i + 1] - g->deps.off[i]);
    gr_heap h = { rt_xmalloc((g->n + 1) * sizeof(size_t)), 0 };
    for (size_t i = 0; i < g->n; i++)
        if (indeg[i] == 0)
            gr_heap_push(&h, i);
    g->order = rt_xmalloc((g->n + 1) * sizeof *g->order);
    g->pos = rt_xmalloc((g->n + 1) * sizeof *g->pos);
    bool *done = rt_xcalloc(g->n + 1, sizeof *done);
    size_t k = 0;
    while (h.n > 0) {
        size_t i = gr_heap_pop(&h);
        done[i] = true;
        g->pos[i] = k;
        g->order[k++] = i;
        for (size_t e = g->succ.off[i]; e < g->succ.off[i + 1]; e++)
            if (--indeg[g->succ.idx[e]] == 0)
                gr_heap_push(&h, g->succ.idx[e]);
    }
    int rc = RT_OK;
    if (k < g->n)
        rc = gr_report_cycle(g, done, err);
    free(done);
    free(h.v);
    free(indeg);
    if (rc == RT_OK) {
        g->topo = rt_xmalloc((g->n + 1) * sizeof *g->topo);
        for (size_t i = 0; i < g->n; i++)
            g->topo[i] = &g->revs[g->order[i]];
    }
    return rc;
}

int gr_build(rt_graph *g, rt_error *err)
{
    gr_hash_build(g);
    for (size_t i = 0; i < g->n; i++) {
        size_t other = gr_insert(g, i);
        if (other != SIZE_MAX) {
            const rt_revision *o = &g->revs[other];
            return gr_error_at(err, RT_EGRAPH, &g->revs[i], g->revs[i].id_line, g->revs[i].id,
                               "duplicate Revision ID '%s': %s:%d has it too; give one of "
                               "them a new id.",
                               g->revs[i].id, o->path, o->id_line);
        }
    }
    size_t nl = 0;
    for (size_t i = 0; i < g->n; i++)
        nl += g->revs[i].branch_labels.n;
    g->labels = rt_xcalloc(nl ? nl : 1, sizeof *g->labels);
    for (size_t i = 0; i < g->n; i++) {
        const rt_revision *r = &g->revs[i];
        for (size_t j = 0; j < r->branch_labels.n; j++) {
            const char *l = r->branch_labels.items[j];
            size_t other = gr_label_find(g, l);
            if (other != SIZE_MAX)
                return gr_error_at(err, RT_EGRAPH, r, r->labels_line, l,
                                   "branch label '%s' is already used by %s.", l,
                                   g->revs[other].path);
            if (gr_lookup(g, l) != SIZE_MAX)
                return gr_error_at(err, RT_EGRAPH, r, r->labels_line, l,
                                   "branch label '%s' is also a Revision ID.", l);
            g->labels[g->nlabels].label = l;
            g->labels[g->nlabels].rev = i;
            g->nlabels++;
        }
    }
    if (gr_resolve(g, &g->down, gr_get_down, false, err) != RT_OK)
        return err->code;
    if (gr_resolve(g, &g->deps, gr_get_deps, true, err) != RT_OK)
        return err->code;
    gr_invert(g, &g->children, &g->down, NULL);
    gr_invert(g, &g->succ, &g->down, &g->deps);
    g->is_head = rt_xcalloc(g->n + 1, sizeof *g->is_head);
    for (size_t i = 0; i < g->n; i++)
        g->is_head[i] = g->children.off[i + 1] == g->children.off[i];
    return gr_sort(g, err);
}
