/* The schema differ behind `revision --autogenerate` and `check`. */
#ifndef RT_DIFF_H
#define RT_DIFF_H

#include "ops.h"

/* What one line of rt_diff.changes is about, for machine-readable output
 * (`check --format json`). kind is Alembic's name for the change:
 * add_table, remove_table, add_column, remove_column, modify_type,
 * modify_default, modify_nullable, modify_comment (a column's),
 * modify_table_comment, modify_generated, add_constraint/remove_constraint
 * (primary key, unique, check), add_fk/remove_fk, add_index/remove_index. */
typedef struct rt_diff_change {
    const char *kind;  /* static */
    char *table;
    char *column;      /* NULL when the change is not about one column */
} rt_diff_change;

typedef struct rt_diff {
    rt_oplist upgrade;     /* from -> to, creates before dependants, drops after */
    rt_oplist downgrade;   /* to -> from, the exact reverse */
    rt_strv changes;       /* Alembic-style lines: "Detected added column 'A.thing'" */
    rt_strv destructive;   /* the lines of changes that lose data (drops of
                              tables and columns), text identical */
    rt_diff_change *items; /* items[i] describes changes.items[i]; owned */
    size_t items_cap;
} rt_diff;

#define RT_DIFF_INIT { RT_OPLIST_INIT, RT_OPLIST_INIT, RT_STRV_INIT, RT_STRV_INIT, NULL, 0 }

/* Compares from (live database, reflected) with to (models, normalised by
 * the dialect). Both are borrowed; *out is overwritten (its previous
 * contents are not freed) and belongs to the caller (rt_diff_free).
 * Comparison rules are in diff_match.h: unique constraints and foreign keys
 * by definition (their names do not count), checks by name only, indexes
 * by name. A table or column that disappears while another of the same
 * shape appears gets op->comment "WARNING: possible rename, data loss"
 * (written as a "-- " line) on its ops, both directions. */
int rt_diff_schemas(rt_diff *out, const rt_schema *from, const rt_schema *to, rt_error *err);
void rt_diff_free(rt_diff *d);
bool rt_diff_empty(const rt_diff *d);

#endif
