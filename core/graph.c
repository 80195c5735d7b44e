#include "graph.h"
#include "fs_stat.h"
#include "graph_cache.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Edges are kept as index lists (CSR) so that every walk is linear in the
 * size of the graph: `current` over 10,000 revisions must stay cheap. */
typedef struct gr_edges {
    size_t *off; /* n + 1 offsets into idx */
    size_t *idx;
} gr_edges;

typedef struct gr_label {
    const char *label; /* borrowed from the revision */
    size_t rev;
} gr_label;

struct rt_graph {
    rt_revision *revs; /* file-name order */
    size_t n;
    bool *owned;       /* owned[i]: revs[i] owns its members (read from its file) */
    rt_hcache *hc;     /* the other revisions borrow their strings from it */
    char *pack;        /* strings of revisions read from files, packed */
    char **pack_items; /* their lists, pointing into pack */
    char *paths;       /* "dir/name\0" of every file; borrowed by cached revisions */
    size_t *order;     /* topological order: indices into revs */
    const rt_revision **topo;
    size_t *pos;       /* pos[i]: place of revs[i] in order */
    size_t *htab;      /* id hash: index + 1, 0 = empty */
    size_t hcap;
    gr_label *labels;
    size_t nlabels;
    gr_edges down;     /* Revises */
    gr_edges deps;     /* Depends On */
    gr_edges children; /* inverse of down */
    gr_edges succ;     /* inverse of down + deps: what must go first on a downgrade */
    bool *is_head;
};

static void gr_hash_build(rt_graph *g)
{
    g->hcap = 16;
    while (g->hcap < g->n * 2)
        g->hcap *= 2;
    g->htab = rt_xcalloc(g->hcap, sizeof *g->htab);
}

/* Index of id, or SIZE_MAX. */
static size_t gr_lookup(const rt_graph *g, const char *id)
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

static size_t gr_label_find(const rt_graph *g, const char *label)
{
    for (size_t i = 0; i < g->nlabels; i++)
        if (strcmp(g->labels[i].label, label) == 0)
            return g->labels[i].rev;
    return SIZE_MAX;
}

static size_t gr_index(const rt_graph *g, const rt_revision *r)
{
    return (size_t)(r - g->revs);
}

static void gr_edges_free(gr_edges *e)
{
    free(e->off);
    free(e->idx);
}

static void gr_drop_revs(rt_graph *g);

void rt_graph_free(rt_graph *g)
{
    if (!g)
        return;
    gr_drop_revs(g);
    free(g->revs);
    free(g->owned);
    rt_hcache_free(g->hc);
    free(g->pack);
    free(g->pack_items);
    free(g->paths);
    free(g->order);
    free(g->topo);
    free(g->pos);
    free(g->htab);
    free(g->labels);
    gr_edges_free(&g->down);
    gr_edges_free(&g->deps);
    gr_edges_free(&g->children);
    gr_edges_free(&g->succ);
    free(g->is_head);
    free(g);
}

/* Revision count from which headers are cached in versions/.retort-cache. */
#define GR_CACHE_MIN 256

static int gr_cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool gr_is_sql(const char *name, size_t n)
{
    return rt_script_is_revision_name(name, n);
}

/* The *.sql files of d, sorted: (*pathv)[i] points into *paths, which holds
 * "dir/name" for each (the name at offset prefix), so no path is formatted
 * per file. */
static size_t gr_list_dir(DIR *d, const char *dir, size_t prefix, char **paths, char ***pathv)
{
    size_t dlen = strlen(dir);
    rt_buf blob = RT_BUF_INIT;
    size_t *off = NULL, n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (!gr_is_sql(de->d_name, len))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            off = rt_xrealloc(off, cap * sizeof *off);
        }
        off[n++] = blob.len;
        rt_buf_appendn(&blob, dir, dlen);
        if (prefix > dlen)
            rt_buf_putc(&blob, '/');
        rt_buf_appendn(&blob, de->d_name, len + 1);
    }
    *pathv = rt_xmalloc((n + 1) * sizeof **pathv);
    *paths = rt_buf_steal(&blob);
    for (size_t i = 0; i < n; i++)
        (*pathv)[i] = *paths + off[i] + prefix;
    free(off);
    if (n > 1)
        qsort(*pathv, n, sizeof **pathv, gr_cmp_names);
    for (size_t i = 0; i < n; i++)
        (*pathv)[i] -= prefix;
    return n;
}

/* The same from names already sorted (the cache's listing). */
static void gr_join_paths(const char *dir, size_t prefix, const char *const *names, size_t n,
                          char **paths, char ***pathv)
{
    size_t dlen = strlen(dir), total = 0;
    for (size_t i = 0; i < n; i++)
        total += prefix + strlen(names[i]) + 1;
    char *p = *paths = rt_xmalloc(total + 1);
    *pathv = rt_xmalloc((n + 1) * sizeof **pathv);
    for (size_t i = 0; i < n; i++) {
        (*pathv)[i] = p;
        memcpy(p, dir, dlen);
        p[dlen] = '/'; /* overwritten by the name when dir ends with '/' */
        size_t len = strlen(names[i]) + 1;
        memcpy(p + prefix, names[i], len);
        p += prefix + len;
    }
}

static void gr_drop_revs(rt_graph *g)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->owned[i])
            rt_revision_free(&g->revs[i]);
    g->n = 0;
}

static char *gr_pack_str(char **at, char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = memcpy(*at, s, n);
    *at += n;
    free(s);
    return copy;
}

static void gr_pack_strv(char **at, char ***items, rt_strv *v)
{
    char **mine = *items;
    for (size_t i = 0; i < v->n; i++)
        mine[i] = gr_pack_str(at, v->items[i]);
    free(v->items);
    *v = (rt_strv){ v->n ? mine : NULL, v->n, v->n };
    *items += v->n;
}

/* A revision read from its file owns half a dozen small allocations; the
 * cache's revisions share two blocks. Packed the same way, a first load of
 * 10,000 revisions (no cache yet) holds as little for the rest of the run
 * as the next loads. The path is the one in g->paths. */
static void gr_pack_owned(rt_graph *g, char *const *pathv)
{
    size_t bytes = 0, nitems = 0;
    for (size_t i = 0; i < g->n; i++) {
        const rt_revision *r = &g->revs[i];
        if (!g->owned[i])
            continue;
        bytes += strlen(r->id) + strlen(r->message) + strlen(r->create_date) + 3 +
                 rt_strv_text_size(&r->down) + rt_strv_text_size(&r->branch_labels) +
                 rt_strv_text_size(&r->depends_on);
        nitems += r->down.n + r->branch_labels.n + r->depends_on.n;
    }
    if (bytes == 0)
        return;
    char *at = g->pack = rt_xmalloc(bytes);
    char **items = g->pack_items = rt_xmalloc((nitems + 1) * sizeof *items);
    for (size_t i = 0; i < g->n; i++) {
        rt_revision *r = &g->revs[i];
        if (!g->owned[i])
            continue;
        r->id = gr_pack_str(&at, r->id);
        r->message = gr_pack_str(&at, r->message);
        r->create_date = gr_pack_str(&at, r->create_date);
        gr_pack_strv(&at, &items, &r->down);
        gr_pack_strv(&at, &items, &r->branch_labels);
        gr_pack_strv(&at, &items, &r->depends_on);
        free(r->path);
        r->path = pathv[i];
        g->owned[i] = false;
    }
}

static int gr_read_dir(rt_graph *g, const char *dir, const rt_clock *clock, rt_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return rt_error_set(err, RT_EIO,
                            "Cannot open the versions folder %s: %s (is script_location right? "
                            "'retort init DIR' creates it).",
                            dir, strerror(errno));
    int dfd = dirfd(d);
    /* Each path is the folder, a '/' unless it ends with one, the name. */
    size_t dlen = strlen(dir);
    size_t prefix = dlen + (dlen > 0 && dir[dlen - 1] == '/' ? 0 : 1);
    /* Stamped before listing: a file added meanwhile changes the folder
     * after the stamp, so the next load lists it again. */
    struct stat dir_st;
    bool stamped = fstat(dfd, &dir_st) == 0;
    g->hc = stamped ? rt_hcache_open(dfd) : NULL;
    const char **cnames = g->hc ? rt_xmalloc((rt_hcache_count(g->hc) + 1) * sizeof *cnames) : NULL;
    size_t n = g->hc ? rt_hcache_names(g->hc, &dir_st, cnames) : SIZE_MAX;
    bool trusted = n != SIZE_MAX;
    char **pathv = NULL;
    int rc = RT_OK;
    struct stat *sts = NULL;
    for (;;) {
        if (trusted) {
            gr_join_paths(dir, prefix, cnames, n, &g->paths, &pathv);
        } else {
            n = gr_list_dir(d, dir, prefix, &g->paths, &pathv);
        }
        g->revs = rt_xcalloc(n ? n : 1, sizeof *g->revs);
        g->owned = rt_xcalloc(n ? n : 1, sizeof *g->owned);
        /* Small histories load fast anyway; the cache only pays (and only
         * appears in the folder) for large ones. */
        bool cached = stamped && n >= GR_CACHE_MIN;
        sts = cached ? rt_xcalloc(n, sizeof *sts) : NULL;
        bool *statted = cached ? rt_xcalloc(n, sizeof *statted) : NULL;
        if (cached)
            rt_fs_stat_many(dfd, pathv, prefix, n, sts, statted);
        size_t hits = 0;
        bool vanished = false;
        for (size_t i = 0; i < n && rc == RT_OK; i++) {
            char *path = pathv[i];
            const char *name = path + prefix;
            if (trusted && !(cached && statted[i])) {
                vanished = true; /* the stamp lied (clock set back?): list */
                break;
            }
            if (cached && statted[i] && rt_hcache_get(g->hc, name, &sts[i], path, &g->revs[i])) {
                hits++;
            } else {
                rc = rt_script_read_header_at(&g->revs[i], dfd, name, path, err);
                g->owned[i] = true;
            }
            if (rc == RT_OK)
                g->n++;
        }
        free(statted);
        if (vanished) {
            gr_drop_revs(g);
            free(g->revs);
            free(g->owned);
            free(g->paths);
            free(pathv);
            free(sts);
            g->revs = NULL;
            g->owned = NULL;
            g->paths = NULL;
            pathv = NULL;
            sts = NULL;
            trusted = false;
            rt_hcache_free(g->hc);
            g->hc = NULL;
            continue;
        }
        if (cached && rc == RT_OK && (hits < n || !rt_hcache_clean(g->hc, &dir_st, rt_clock_now(clock)))) {
            const char **names = rt_xmalloc((n + 1) * sizeof *names);
            for (size_t i = 0; i < n; i++)
                names[i] = pathv[i] + prefix;
            rt_hcache_write(dfd, &dir_st, names, sts, g->revs, n, rt_clock_now(clock));
            free(names);
        }
        rt_hcache_drop_index(g->hc);
        if (rc == RT_OK)
            gr_pack_owned(g, pathv);
        break;
    }
    free(cnames);
    free(sts);
    free(pathv);
    closedir(d);
    return rc;
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

static int gr_build(rt_graph *g, rt_error *err)
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

int rt_graph_load(rt_graph **out, const char *versions_dir, rt_error *err)
{
    return rt_graph_load_clock(out, versions_dir, NULL, err);
}

int rt_graph_load_clock(rt_graph **out, const char *versions_dir, const rt_clock *clock,
                        rt_error *err)
{
    *out = NULL;
    rt_graph *g = rt_xcalloc(1, sizeof *g);
    int rc = gr_read_dir(g, versions_dir, clock, err);
    if (rc == RT_OK)
        rc = gr_build(g, err);
    if (rc != RT_OK) {
        rt_graph_free(g);
        return rc;
    }
    *out = g;
    return RT_OK;
}

size_t rt_graph_count(const rt_graph *g)
{
    return g->n;
}

const rt_revision *rt_graph_at(const rt_graph *g, size_t i)
{
    return i < g->n ? g->topo[i] : NULL;
}

const rt_revision *rt_graph_find(const rt_graph *g, const char *key, rt_error *err)
{
    size_t i = gr_lookup(g, key);
    if (i != SIZE_MAX)
        return &g->revs[i];
    i = gr_label_find(g, key);
    if (i != SIZE_MAX)
        return &g->revs[i];
    size_t klen = strlen(key);
    if (klen >= 4) {
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
                             "Revision prefix '%s' is ambiguous: it matches %s; give more "
                             "characters.",
                             key, list);
            free(list);
            rt_strv_free(&hits);
            return NULL;
        }
        rt_strv_free(&hits);
    }
    if (err)
        rt_error_set(err, RT_ENOTFOUND,
                     "No revision '%s': not a Revision ID, a unique prefix of one (at least 4 "
                     "characters) or a branch label.",
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
static void gr_walk(const rt_graph *g, bool *mark, const size_t *seeds, size_t nseeds,
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
static size_t *gr_head_indices(const rt_graph *g, const rt_strv *heads, size_t *n,
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

static bool *gr_applied_mask(const rt_graph *g, const rt_strv *heads)
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
     * still revises it (a sibling branch, the other side of a merge). Only
     * at such branch points is the applied set worked out. */
    bool *mark = NULL;
    for (size_t i = 0; i < r->down.n; i++) {
        size_t d = gr_lookup(g, r->down.items[i]);
        if (d == SIZE_MAX || rt_strv_find(heads, r->down.items[i]) >= 0)
            continue;
        bool still = false;
        for (size_t k = g->children.off[d]; k < g->children.off[d + 1] && !still; k++) {
            size_t c = g->children.idx[k];
            if (&g->revs[c] == r)
                continue;
            if (!mark)
                mark = gr_applied_mask(g, heads);
            still = mark[c];
        }
        if (!still)
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

/* ---- targets ---- */

typedef enum { GT_REVS, GT_BASE, GT_BASE_OF } gr_target_kind;

typedef struct gr_target {
    gr_target_kind kind;
    size_t *revs; /* GT_REVS: the revisions to be at; GT_BASE_OF: the root */
    size_t n;
} gr_target;

static char *gr_join_ids(const rt_graph *g, const size_t *idx, size_t n)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "");
    for (size_t i = 0; i < n; i++)
        rt_buf_printf(&b, "%s%s", i ? ", " : "", g->revs[idx[i]].id);
    return rt_buf_steal(&b);
}

static size_t *gr_heads_idx(const rt_graph *g, size_t *n)
{
    size_t *idx = rt_xcalloc(g->n + 1, sizeof *idx);
    *n = 0;
    for (size_t k = 0; k < g->n; k++)
        if (g->is_head[g->order[k]])
            idx[(*n)++] = g->order[k];
    return idx;
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
                    t->kind = GT_BASE_OF;
                    t->revs = rt_xmalloc(sizeof *t->revs);
                    t->revs[0] = cur;
                    t->n = 1;
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
    t->kind = GT_REVS;
    t->revs = rt_xmalloc(sizeof *t->revs);
    t->revs[0] = cur;
    t->n = 1;
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
        return err->code == RT_ENOTFOUND ? (err->code = RT_EGRAPH) : err->code;
    *out = gr_index(g, r);
    return RT_OK;
}

static int gr_resolve_target(const rt_graph *g, const size_t *cur, size_t ncur,
                             const char *target, gr_target *t, rt_error *err)
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
        t->kind = GT_REVS;
        t->revs = rt_xmalloc(sizeof *t->revs);
        t->revs[0] = exact;
        t->n = 1;
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
    t->kind = GT_REVS;
    t->revs = rt_xmalloc(sizeof *t->revs);
    t->revs[0] = at;
    t->n = 1;
    return RT_OK;
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
    size_t ncur = 0;
    const char *unknown = NULL;
    size_t *cur = gr_head_indices(g, current_heads, &ncur, &unknown);
    if (unknown) {
        free(cur);
        return rt_error_set(err, RT_EGRAPH,
                            "The database is at revision '%s', which is not in the versions "
                            "folder (was its file deleted or renamed?).",
                            unknown);
    }
    gr_target t;
    int rc = gr_resolve_target(g, cur, ncur, target, &t, err);
    free(cur);
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
                gr_walk(g, sel, t.revs, t.n, &g->succ, NULL);
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
