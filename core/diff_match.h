/* Pairing of the members of one table as it is (from) and as it should be
 * (to), for the differ. The comparison rules live here:
 *   columns            by name
 *   primary key        by its columns (names of primary keys never count)
 *   unique             by columns, name-insensitive (same name preferred)
 *   foreign key        by columns, referenced table and columns, actions,
 *                      name-insensitive (same name preferred)
 *   check              by name only: backends rewrite expressions
 *   index              by name, then unique flag, columns and DESC must
 *                      agree; expressions and WHERE by presence only
 */
#ifndef RT_DIFF_MATCH_H
#define RT_DIFF_MATCH_H

#include "schema.h"

typedef struct rt_diff_pair {
    const rt_table *f, *t;         /* borrowed */
    long *cons_f, *cons_t;         /* partner index or -1, per constraint */
    long *idx_f, *idx_t;           /* partner index or -1, per index */
    bool *cons_early, *idx_early;  /* per `from` member: dropped before the
                                      adds because its name is reused */
} rt_diff_pair;

/* Fills p for tables f (in from) and t (in to); rt_diff_pair_free frees
 * the arrays. */
void rt_diff_pair_init(rt_diff_pair *p, const rt_schema *from, const rt_table *f,
                       const rt_schema *to, const rt_table *t);
void rt_diff_pair_free(rt_diff_pair *p);

/* Same shape for the rename warning: type, nullability and default. */
bool rt_diff_column_same_shape(const rt_column *a, const rt_column *b);
/* Same number of columns, pairwise of the same shape. */
bool rt_diff_table_same_shape(const rt_table *a, const rt_table *b);

bool rt_diff_str_eq(const char *a, const char *b); /* NULL equals only NULL */

/* Two defaults of a column of type t mean the same value: a quoted number
 * on a numeric column is that number ('0' = 0), a quoted truth value on a
 * BOOLEAN the keyword ('0', 'f', 'false', 'no', 'off' = FALSE; '1', 't',
 * 'true', 'yes', 'on' = TRUE), as every backend converts them on insert and
 * hands back the converted value from its catalog. */
bool rt_diff_default_eq(const rt_type *t, const char *a, const char *b);

#endif
