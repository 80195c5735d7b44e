/* What the graph_*.c files share: the graph's layout and the helpers each
 * of them owns. Not for use outside core/graph_*.c.
 *
 *   graph_load.c    reads the versions folders (and their header caches)
 *   graph_build.c   the id hash, branch labels, edges, checks, topological order
 *   graph_walk.c    lookups and walks: find, heads, ancestors, descendants
 *   graph_target.c  target expressions -> revisions (head, label@-2, ...)
 *   graph_plan.c    plans for upgrade/downgrade, version-table steps
 */
#ifndef RT_GRAPH_INTERNAL_H
#define RT_GRAPH_INTERNAL_H

#include "graph.h"
#include "graph_cache.h"

#include <stdint.h>

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

/* One versions folder as loaded: its revisions until the graph takes them
 * over, and the blocks their strings live in. */
typedef struct gr_folder {
    rt_revision *revs; /* file-name order; moved into rt_graph.revs once loaded */
    size_t n;
    bool *owned;       /* owned[i]: revs[i] owns its members (read from its file) */
    rt_hcache *hc;     /* the other revisions borrow their strings from it */
    char *pack;        /* strings of revisions read from files, packed */
    char **pack_items; /* their lists, pointing into pack */
    char *paths;       /* "dir/name\0" of every file; borrowed by cached revisions */
} gr_folder;

struct rt_graph {
    gr_folder *folders; /* owns the strings every revision borrows */
    size_t nfolders;
    rt_revision *revs;  /* folder order, then file-name order; members borrowed */
    size_t n;
    size_t *order;      /* topological order: indices into revs */
    const rt_revision **topo;
    size_t *pos;        /* pos[i]: place of revs[i] in order */
    size_t *htab;       /* id hash: index + 1, 0 = empty */
    size_t hcap;
    gr_label *labels;
    size_t nlabels;
    gr_edges down;      /* Revises */
    gr_edges deps;      /* Depends On */
    gr_edges children;  /* inverse of down */
    gr_edges succ;      /* inverse of down + deps: what must go first on a downgrade */
    bool *is_head;
};

/* graph_load.c */
int gr_folder_read(gr_folder *f, const char *dir, const rt_clock *clock, rt_error *err);
void gr_folder_free(gr_folder *f);

/* graph_build.c: g->revs/n set; fills the rest, checking the graph. */
int gr_build(rt_graph *g, rt_error *err);
/* Index of an id / a branch label, or SIZE_MAX. */
size_t gr_lookup(const rt_graph *g, const char *id);
size_t gr_label_find(const rt_graph *g, const char *label);
void gr_edges_free(gr_edges *e);

static inline size_t gr_index(const rt_graph *g, const rt_revision *r)
{
    return (size_t)(r - g->revs);
}

/* graph_walk.c */
/* Marks in `mark` everything reachable from the seeds along edge sets a
 * (and b): ancestors over down/deps, descendants over succ. */
void gr_walk(const rt_graph *g, bool *mark, const size_t *seeds, size_t nseeds,
             const gr_edges *a, const gr_edges *b);
/* Indices of the known ids in heads; the first unknown one in *unknown. */
size_t *gr_head_indices(const rt_graph *g, const rt_strv *heads, size_t *n,
                        const char **unknown);
/* The same for the version table's rows, each of which must be known
 * (RT_EGRAPH naming the first that is not). *out: caller frees. */
int gr_current(const rt_graph *g, const rt_strv *heads, size_t **out, size_t *n,
               rt_error *err);
/* Everything applied when heads are the version table's rows. Caller frees. */
bool *gr_applied_mask(const rt_graph *g, const rt_strv *heads);
/* The graph's heads, in topological order. Caller frees. */
size_t *gr_heads_idx(const rt_graph *g, size_t *n);
/* "a, b, c" (caller frees). */
char *gr_join_ids(const rt_graph *g, const size_t *idx, size_t n);

/* graph_target.c: a target resolved against the graph and the current
 * heads. */
typedef enum { GT_REVS, GT_BASE, GT_BASE_OF } gr_target_kind;

typedef struct gr_target {
    gr_target_kind kind;
    size_t *revs; /* GT_REVS: the revisions to be at; GT_BASE_OF: the root */
    size_t n;
} gr_target;

int gr_resolve_target(const rt_graph *g, const size_t *cur, size_t ncur, const char *target,
                      gr_target *t, rt_error *err);
/* The same from the version table's rows (each must be in the graph). */
int gr_target_for(const rt_graph *g, const rt_strv *current, const char *target, gr_target *t,
                  rt_error *err);

#endif
