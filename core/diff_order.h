/* Foreign-key dependency order of a set of tables, for the differ: a table
 * is created after the tables it references and dropped before them. */
#ifndef RT_DIFF_ORDER_H
#define RT_DIFF_ORDER_H

#include "schema.h"

/* One foreign key: constraint number `constraint` of s->tables[table]. */
typedef struct rt_diff_fkref {
    size_t table;
    size_t constraint;
} rt_diff_fkref;

/* set holds n indexes into s->tables, in the caller's stable order. Writes
 * to order (n entries, caller-allocated) the same indexes in creation
 * order: every table after the tables of the set it references. Ties keep
 * the order of set. Where foreign keys form a cycle, the keys that would
 * close it are written to *deferred (*ndeferred entries, caller frees;
 * NULL when none): create the tables without them, then add them. A
 * self-reference never counts. */
void rt_diff_order_tables(const rt_schema *s, const size_t *set, size_t n, size_t *order,
                          rt_diff_fkref **deferred, size_t *ndeferred);

/* True when fk (constraint number ci of s->tables[ti]) is in the list. */
bool rt_diff_fkref_has(const rt_diff_fkref *list, size_t n, size_t ti, size_t ci);

#endif
