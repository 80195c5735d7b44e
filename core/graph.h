/* The revision graph: a DAG of revisions (several Revises = merge point,
 * branch labels, depends_on), loaded from a versions folder, and target
 * resolution for upgrade/downgrade.
 *
 * Targets: head, heads, base, a revision id or any unique prefix of one, a
 * branch label, label@head, label@base (the branch back to before its first
 * revision), label@+N / label@-N (N steps from the database's revision on
 * that branch), +N, -N, <rev>+N, <rev>-N.
 */
#ifndef RT_GRAPH_H
#define RT_GRAPH_H

#include "clock.h"
#include "script.h"

#include <stdbool.h>

typedef struct rt_graph rt_graph; /* owns its revisions */

/* Reads every *.sql header in versions_dir and checks the graph: duplicate
 * id, unknown Revises/Depends On id, a cycle -> RT_EGRAPH/RT_EPARSE as
 * "path:line:col: message". A missing folder is RT_EIO. */
int rt_graph_load(rt_graph **out, const char *versions_dir, rt_error *err);
/* The same, with the clock the header cache judges file ages by (NULL: the
 * system clock); tests move it forward instead of sleeping. */
int rt_graph_load_clock(rt_graph **out, const char *versions_dir, const rt_clock *clock,
                        rt_error *err);
/* The graph of several versions folders (version_locations), each with its
 * own header cache: revisions in folder order, then file-name order. An id
 * in two folders is the duplicate error above. */
int rt_graph_load_dirs(rt_graph **out, const char *const *dirs, size_t ndirs,
                       const rt_clock *clock, rt_error *err);
void rt_graph_free(rt_graph *g);

/* Revisions in a topological order (every revision after all its down
 * revisions and dependencies; ties by file name). Borrowed. */
size_t rt_graph_count(const rt_graph *g);
const rt_revision *rt_graph_at(const rt_graph *g, size_t i);

/* Exactly the revision with this id, or NULL: for ids that must match as
 * they are (the version table's rows), never a prefix or label. */
const rt_revision *rt_graph_get(const rt_graph *g, const char *id);
/* Exact id, unique prefix or branch label. NULL when absent (and RT_ENOREV
 * when err is not NULL); ambiguous prefix: NULL and RT_EGRAPH listing
 * candidates (err may not be NULL). */
const rt_revision *rt_graph_find(const rt_graph *g, const char *key, rt_error *err);

/* Revisions no other revision revises, in topological order (borrowed). */
void rt_graph_heads(const rt_graph *g, const rt_revision ***out, size_t *n); /* *out caller frees (array only) */
void rt_graph_bases(const rt_graph *g, const rt_revision ***out, size_t *n);
bool rt_graph_is_head(const rt_graph *g, const rt_revision *r);
/* A head that no revision depends on either (Alembic's "real" head; a head
 * that another revision depends on is an "effective head"). */
bool rt_graph_is_real_head(const rt_graph *g, const rt_revision *r);
/* Revisions whose Revises lists r (borrowed array; caller frees array). */
void rt_graph_children(const rt_graph *g, const rt_revision *r,
                       const rt_revision ***out, size_t *n);

/* Position of r in the topological order: rt_graph_at(g, i) == r. */
size_t rt_graph_index(const rt_graph *g, const rt_revision *r);
/* Number of revisions whose Revises lists r (> 1: a branch point). */
size_t rt_graph_nchildren(const rt_graph *g, const rt_revision *r);
/* mark (rt_graph_count entries, by topological position, caller-owned) is
 * set for every revision reachable from the seeds, the seeds included and
 * nothing else: ancestors along Revises and Depends On; descendants along
 * the reverse of both (what depends on a revision descends from it). */
void rt_graph_ancestors(const rt_graph *g, const rt_revision *const *seeds, size_t nseeds,
                        bool *mark);
void rt_graph_descendants(const rt_graph *g, const rt_revision *const *seeds, size_t nseeds,
                          bool *mark);

/* The revisions a target expression names (see the top of this file),
 * with current as the database's rows for +N/-N: *out (array owned by the
 * caller, revisions borrowed) in topological order; *n == 0 for base or
 * for -N past a root. Errors as rt_graph_plan's. */
int rt_graph_resolve(const rt_graph *g, const rt_strv *current, const char *target,
                     const rt_revision ***out, size_t *n, rt_error *err);

/* What to run to move from the current heads (the version table's rows) to
 * target: revisions in execution order. For an upgrade, every revision
 * needed by target that is not yet applied, ancestors first. For a
 * downgrade, every applied revision that must go, descendants first.
 * Several heads with target "head", an ambiguous relative step, or a target
 * in the wrong direction: RT_EGRAPH with a clear message (heads listed). */
typedef struct rt_plan {
    const rt_revision **revs; /* borrowed revisions, array owned by the plan */
    size_t n;
    bool upgrade;
} rt_plan;

int rt_graph_plan(rt_plan *out, const rt_graph *g, const rt_strv *current_heads,
                  const char *target, bool upgrade, rt_error *err);
void rt_plan_free(rt_plan *p);

/* The version-table rows after applying (upgrade) or reverting (downgrade)
 * r with heads as the rows before: updates heads in place. */
void rt_graph_step_heads(const rt_graph *g, rt_strv *heads, const rt_revision *r,
                         bool upgrade);

/* All revisions applied when heads are the current rows: heads plus all
 * their ancestors and dependencies, in topological order (borrowed array
 * owned by the caller). */
void rt_graph_applied(const rt_graph *g, const rt_strv *heads,
                      const rt_revision ***out, size_t *n);

#endif
