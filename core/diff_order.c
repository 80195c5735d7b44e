/* Foreign-key dependency order of tables (see diff_order.h). */
#include "diff_order.h"

#include <stdlib.h>
#include <string.h>

bool rt_diff_fkref_has(const rt_diff_fkref *list, size_t n, size_t ti, size_t ci)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].table == ti && list[i].constraint == ci)
            return true;
    return false;
}

/* Position in the set of the table an FK points at; -1 when the table is
 * outside the set (it exists already, or never will: not our concern). */
static long do_target(const rt_schema *s, const long *pos, const rt_constraint *k)
{
    if (k->kind != RT_CONSTRAINT_FOREIGN_KEY || !k->ref_table)
        return -1;
    const rt_table *t = rt_schema_find_table(s, k->ref_table);
    return t ? pos[t - s->tables] : -1;
}

/* True when every table the set member at p references is placed (or the
 * key was deferred). */
static bool do_ready(const rt_schema *s, const size_t *set, const long *pos, const bool *placed,
                     size_t p, const rt_diff_fkref *def, size_t ndef)
{
    size_t ti = set[p];
    const rt_table *t = &s->tables[ti];
    for (size_t ci = 0; ci < t->nconstraints; ci++) {
        long q = do_target(s, pos, &t->constraints[ci]);
        if (q < 0 || (size_t)q == p || placed[q])
            continue;
        if (!rt_diff_fkref_has(def, ndef, ti, ci))
            return false;
    }
    return true;
}

void rt_diff_order_tables(const rt_schema *s, const size_t *set, size_t n, size_t *order,
                          rt_diff_fkref **deferred, size_t *ndeferred)
{
    *deferred = NULL;
    *ndeferred = 0;
    if (n == 0)
        return;
    long *pos = rt_xmalloc(s->ntables * sizeof *pos);
    for (size_t i = 0; i < s->ntables; i++)
        pos[i] = -1;
    for (size_t p = 0; p < n; p++)
        pos[set[p]] = (long)p;
    bool *placed = rt_xcalloc(n, sizeof *placed);
    size_t cap = 0;
    /* first unplaced position: everything before it is placed, which keeps
     * the common case (no dependencies) linear */
    size_t lo = 0;
    for (size_t k = 0; k < n; k++) {
        while (placed[lo])
            lo++;
        size_t pick = n;
        for (size_t p = lo; p < n; p++) {
            if (!placed[p] && do_ready(s, set, pos, placed, p, *deferred, *ndeferred)) {
                pick = p;
                break;
            }
        }
        if (pick == n) {
            /* A cycle: break it at the first waiting table by deferring its
             * keys to tables not created yet. */
            pick = lo;
            const rt_table *t = &s->tables[set[pick]];
            for (size_t ci = 0; ci < t->nconstraints; ci++) {
                long q = do_target(s, pos, &t->constraints[ci]);
                if (q < 0 || (size_t)q == pick || placed[q])
                    continue;
                if (*ndeferred == cap) {
                    cap = cap ? cap * 2 : 4;
                    *deferred = rt_xrealloc(*deferred, cap * sizeof **deferred);
                }
                (*deferred)[(*ndeferred)++] = (rt_diff_fkref){ set[pick], ci };
            }
        }
        placed[pick] = true;
        order[k] = set[pick];
    }
    free(placed);
    free(pos);
}
