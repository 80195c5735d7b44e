/* Reading the versions folders into revisions, through each folder's
 * header cache (graph_cache.h). */
#include "fs_stat.h"
#include "graph_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void gr_drop_revs(gr_folder *f)
{
    for (size_t i = 0; i < f->n; i++)
        if (f->owned[i])
            rt_revision_free(&f->revs[i]);
    f->n = 0;
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
 * as the next loads. The path is the one in f->paths. */
static void gr_pack_owned(gr_folder *f, char *const *pathv)
{
    size_t bytes = 0, nitems = 0;
    for (size_t i = 0; i < f->n; i++) {
        const rt_revision *r = &f->revs[i];
        if (!f->owned[i])
            continue;
        bytes += strlen(r->id) + strlen(r->message) + strlen(r->create_date) + 3 +
                 rt_strv_text_size(&r->down) + rt_strv_text_size(&r->branch_labels) +
                 rt_strv_text_size(&r->depends_on);
        nitems += r->down.n + r->branch_labels.n + r->depends_on.n;
    }
    if (bytes == 0)
        return;
    char *at = f->pack = rt_xmalloc(bytes);
    char **items = f->pack_items = rt_xmalloc((nitems + 1) * sizeof *items);
    for (size_t i = 0; i < f->n; i++) {
        rt_revision *r = &f->revs[i];
        if (!f->owned[i])
            continue;
        r->id = gr_pack_str(&at, r->id);
        r->message = gr_pack_str(&at, r->message);
        r->create_date = gr_pack_str(&at, r->create_date);
        gr_pack_strv(&at, &items, &r->down);
        gr_pack_strv(&at, &items, &r->branch_labels);
        gr_pack_strv(&at, &items, &r->depends_on);
        free(r->path);
        r->path = pathv[i];
        f->owned[i] = false;
    }
}

int gr_folder_read(gr_folder *f, const char *dir, const rt_clock *clock, rt_error *err)
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
    f->hc = stamped ? rt_hcache_open(dfd) : NULL;
    const char **cnames = f->hc ? rt_xmalloc((rt_hcache_count(f->hc) + 1) * sizeof *cnames) : NULL;
    size_t n = f->hc ? rt_hcache_names(f->hc, &dir_st, cnames) : SIZE_MAX;
    bool trusted = n != SIZE_MAX;
    char **pathv = NULL;
    int rc = RT_OK;
    struct stat *sts = NULL;
    for (;;) {
        if (trusted) {
            gr_join_paths(dir, prefix, cnames, n, &f->paths, &pathv);
        } else {
            n = gr_list_dir(d, dir, prefix, &f->paths, &pathv);
        }
        f->revs = rt_xcalloc(n ? n : 1, sizeof *f->revs);
        f->owned = rt_xcalloc(n ? n : 1, sizeof *f->owned);
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
            if (cached && statted[i] && rt_hcache_get(f->hc, name, &sts[i], path, &f->revs[i])) {
                hits++;
            } else {
                rc = rt_script_read_header_at(&f->revs[i], dfd, name, path, err);
                f->owned[i] = true;
            }
            if (rc == RT_OK)
                f->n++;
        }
        free(statted);
        if (vanished) {
            gr_drop_revs(f);
            free(f->revs);
            free(f->owned);
            free(f->paths);
            free(pathv);
            free(sts);
            f->revs = NULL;
            f->owned = NULL;
            f->paths = NULL;
            pathv = NULL;
            sts = NULL;
            trusted = false;
            rt_hcache_free(f->hc);
            f->hc = NULL;
            continue;
        }
        if (cached && rc == RT_OK && (hits < n || !rt_hcache_clean(f->hc, &dir_st, rt_clock_now(clock)))) {
            const char **names = rt_xmalloc((n + 1) * sizeof *names);
            for (size_t i = 0; i < n; i++)
                names[i] = pathv[i] + prefix;
            rt_hcache_write(dfd, &dir_st, names, sts, f->revs, n, rt_clock_now(clock));
            free(names);
        }
        rt_hcache_drop_index(f->hc);
        if (rc == RT_OK)
            gr_pack_owned(f, pathv);
        break;
    }
    free(cnames);
    free(sts);
    free(pathv);
    closedir(d);
    return rc;
}

void gr_folder_free(gr_folder *f)
{
    gr_drop_revs(f);
    free(f->revs);
    free(f->owned);
    rt_hcache_free(f->hc);
    free(f->pack);
    free(f->pack_items);
    free(f->paths);
    memset(f, 0, sizeof *f);
}

void rt_graph_free(rt_graph *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->nfolders; i++)
        gr_folder_free(&g->folders[i]);
    free(g->folders);
    free(g->revs);
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

int rt_graph_load(rt_graph **out, const char *versions_dir, rt_error *err)
{
    return rt_graph_load_clock(out, versions_dir, NULL, err);
}

int rt_graph_load_clock(rt_graph **out, const char *versions_dir, const rt_clock *clock,
                        rt_error *err)
{
    return rt_graph_load_dirs(out, &versions_dir, 1, clock, err);
}

/* Every folder's revisions into one array. A loaded folder's revisions own
 * nothing (gr_pack_owned), so they move as plain structs. */
static void gr_gather(rt_graph *g)
{
    size_t total = 0;
    for (size_t i = 0; i < g->nfolders; i++)
        total += g->folders[i].n;
    g->revs = rt_xcalloc(total ? total : 1, sizeof *g->revs);
    for (size_t i = 0; i < g->nfolders; i++) {
        gr_folder *f = &g->folders[i];
        if (f->n)
            memcpy(g->revs + g->n, f->revs, f->n * sizeof *f->revs);
        g->n += f->n;
        free(f->revs);
        free(f->owned);
        f->revs = NULL;
        f->owned = NULL;
        f->n = 0;
    }
}

int rt_graph_load_dirs(rt_graph **out, const char *const *dirs, size_t ndirs,
                       const rt_clock *clock, rt_error *err)
{
    *out = NULL;
    rt_graph *g = rt_xcalloc(1, sizeof *g);
    g->folders = rt_xcalloc(ndirs ? ndirs : 1, sizeof *g->folders);
    int rc = RT_OK;
    for (size_t i = 0; i < ndirs && rc == RT_OK; i++) {
        g->nfolders++;
        rc = gr_folder_read(&g->folders[i], dirs[i], clock, err);
    }
    if (rc == RT_OK) {
        gr_gather(g);
        rc = gr_build(g, err);
    }
    if (rc != RT_OK) {
        rt_graph_free(g);
        return rc;
    }
    *out = g;
    return RT_OK;
}
