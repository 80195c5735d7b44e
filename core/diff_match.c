/* The differ's comparison rules (see diff_match.h). */
#include "diff_match.h"

#include "sql_lex.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool rt_diff_str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

static const rt_strv *dm_ref_columns(const rt_schema *s, const rt_constraint *k)
{
    const rt_strv *r = rt_schema_fk_ref_columns(s, k);
    return r ? r : &k->ref_columns;
}

static bool dm_same_constraint(const rt_schema *from, const rt_constraint *a,
                               const rt_schema *to, const rt_constraint *b)
{
    if (a->kind != b->kind)
        return false;
    switch (a->kind) {
    case RT_CONSTRAINT_PRIMARY_KEY:
    case RT_CONSTRAINT_UNIQUE:
        return rt_strv_equal(&a->columns, &b->columns);
    case RT_CONSTRAINT_FOREIGN_KEY:
        return rt_strv_equal(&a->columns, &b->columns) &&
               rt_diff_str_eq(a->ref_table, b->ref_table) &&
               rt_strv_equal(dm_ref_columns(from, a), dm_ref_columns(to, b)) &&
               a->on_delete == b->on_delete && a->on_update == b->on_update &&
               a->deferrable == b->deferrable && a->initially_deferred == b->initially_deferred;
    case RT_CONSTRAINT_CHECK:
        return rt_diff_str_eq(a->name, b->name);
    }
    return false;
}

/* Expressions and predicates count by presence only: every backend
 * rewrites their text (as with CHECK), so comparing it would report a
 * change forever. */
static bool dm_same_index(const rt_index *a, const rt_index *b)
{
    if (a->unique != b->unique || a->columns.n != b->columns.n || a->desc != b->desc ||
        !a->where_sql != !b->where_sql)
        return false;
    for (size_t i = 0; i < a->columns.n; i++) {
        const char *x = a->columns.items[i], *y = b->columns.items[i];
        bool ex = rt_index_element_is_expr(x);
        if (ex != rt_index_element_is_expr(y) || (!ex && strcmp(x, y) != 0))
            return false;
    }
    return true;
}

static long *dm_unmatched(size_t n)
{
    long *v = rt_xmalloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = -1;
    return v;
}

static void dm_match_constraints(rt_diff_pair *p, const rt_schema *from, const rt_schema *to)
{
    const rt_table *f = p->f, *t = p->t;
    /* Two passes so that, among equal definitions, the one with the same
     * name wins and no rename-only pair is reported. */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < f->nconstraints; i++) {
            if (p->cons_f[i] >= 0)
                continue;
            for (size_t j = 0; j < t->nconstraints; j++) {
                if (p->cons_t[j] >= 0)
                    continue;
                if (pass == 0 && !rt_diff_str_eq(f->constraints[i].name, t->constraints[j].name))
                    continue;
                if (dm_same_constraint(from, &f->constraints[i], to, &t->constraints[j])) {
                    p->cons_f[i] = (long)j;
                    p->cons_t[j] = (long)i;
                    break;
                }
            }
        }
    }
    /* A constraint replaced under the same name (or a changed primary key:
     * a table has one) must go before its successor is added. */
    for (size_t i = 0; i < f->nconstraints; i++) {
        if (p->cons_f[i] >= 0)
            continue;
        const rt_constraint *a = &f->constraints[i];
        for (size_t j = 0; j < t->nconstraints; j++) {
            const rt_constraint *b = &t->constraints[j];
            if (p->cons_t[j] >= 0)
                continue;
            if ((a->kind == RT_CONSTRAINT_PRIMARY_KEY && b->kind == RT_CONSTRAINT_PRIMARY_KEY) ||
                (a->name && b->name && strcmp(a->name, b->name) == 0)) {
                p->cons_early[i] = true;
                break;
            }
        }
    }
}

static void dm_match_indexes(rt_diff_pair *p)
{
    const rt_table *f = p->f, *t = p->t;
    for (size_t i = 0; i < f->nindexes; i++) {
        for (size_t j = 0; j < t->nindexes; j++) {
            if (p->idx_t[j] >= 0 || !rt_diff_str_eq(f->indexes[i].name, t->indexes[j].name))
                continue;
            if (dm_same_index(&f->indexes[i], &t->indexes[j])) {
                p->idx_f[i] = (long)j;
                p->idx_t[j] = (long)i;
            } else {
                p->idx_early[i] = true;
            }
            break;
        }
    }
}

void rt_diff_pair_init(rt_diff_pair *p, const rt_schema *from, const rt_table *f,
                       const rt_schema *to, const rt_table *t)
{
    p->f = f;
    p->t = t;
    p->cons_f = dm_unmatched(f->nconstraints);
    p->cons_t = dm_unmatched(t->nconstraints);
    p->idx_f = dm_unmatched(f->nindexes);
    p->idx_t = dm_unmatched(t->nindexes);
    p->cons_early = rt_xcalloc(f->nconstraints ? f->nconstraints : 1, sizeof *p->cons_early);
    p->idx_early = rt_xcalloc(f->nindexes ? f->nindexes : 1, sizeof *p->idx_early);
    dm_match_constraints(p, from, to);
    dm_match_indexes(p);
}

void rt_diff_pair_free(rt_diff_pair *p)
{
    free(p->cons_f);
    free(p->cons_t);
    free(p->idx_f);
    free(p->idx_t);
    free(p->cons_early);
    free(p->idx_early);
    memset(p, 0, sizeof *p);
}

static bool dm_is_number_type(rt_type_kind k)
{
    return k == RT_TYPE_INTEGER || k == RT_TYPE_BIGINT || k == RT_TYPE_SMALLINT ||
           k == RT_TYPE_NUMERIC || k == RT_TYPE_REAL || k == RT_TYPE_DOUBLE;
}

static bool dm_word_in(const char *s, size_t n, const char *const *words)
{
    for (; *words; words++)
        if (strlen(*words) == n && strncasecmp(s, *words, n) == 0)
            return true;
    return false;
}

/* The value a default denotes, spelled one way (caller frees). */
static char *dm_default_canon(const rt_type *t, const char *d)
{
    static const char *const no[] = { "0", "f", "false", "n", "no", "off", NULL };
    static const char *const yes[] = { "1", "t", "true", "y", "yes", "on", NULL };
    size_t n = strlen(d);
    bool quoted = n >= 2 && d[0] == '\'' && d[n - 1] == '\'' && !memchr(d + 1, '\'', n - 2);
    const char *in = quoted ? d + 1 : d;
    size_t len = quoted ? n - 2 : n;
    if (t->kind == RT_TYPE_BOOLEAN && (quoted || dm_word_in(in, len, no + 2) ||
                                       dm_word_in(in, len, yes + 2))) {
        if (dm_word_in(in, len, no))
            return rt_xstrdup("FALSE");
        if (dm_word_in(in, len, yes))
            return rt_xstrdup("TRUE");
    }
    if (quoted && dm_is_number_type(t->kind)) {
        char *inner = rt_xstrndup(in, len);
        if (rt_sql_is_number(inner))
            return inner;
        free(inner);
    }
    return rt_xstrdup(d);
}

bool rt_diff_default_eq(const rt_type *t, const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    char *ca = dm_default_canon(t, a), *cb = dm_default_canon(t, b);
    bool eq = strcmp(ca, cb) == 0;
    free(ca);
    free(cb);
    return eq;
}

bool rt_diff_column_same_shape(const rt_column *a, const rt_column *b)
{
    return rt_type_equal(&a->type, &b->type) && a->not_null == b->not_null &&
           rt_diff_default_eq(&b->type, a->default_sql, b->default_sql) &&
           !a->generated_sql == !b->generated_sql;
}

bool rt_diff_table_same_shape(const rt_table *a, const rt_table *b)
{
    if (a->ncolumns != b->ncolumns)
        return false;
    for (size_t i = 0; i < a->ncolumns; i++)
        if (!rt_diff_column_same_shape(&a->columns[i], &b->columns[i]))
            return false;
    return true;
}
