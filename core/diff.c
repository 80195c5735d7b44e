/* The schema differ: emits the upgrade in phases, and with every upgrade op
 * the op(s) that undo it, so that the downgrade is the exact reverse.
 *
 * Upgrade phases, in order:
 *   1 drop what is replaced under the same name (changed index, changed
 *     primary key, a constraint redefined under its old name)
 *   2 create tables, referenced tables first (cycles: keys added after)
 *   3 add columns          4 alter columns (type, default, nullability)
 *   5 add constraints (primary keys, unique, checks, then foreign keys),
 *     create indexes
 *   6 drop removed foreign keys, other constraints (a column leaving a
 *     dropped primary key loses NOT NULL only then), indexes
 *   7 drop columns         8 drop tables, dependants first
 */
#include "diff.h"
#include "diff_match.h"
#include "diff_order.h"
#include "naming.h"
#include "sql_write.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DF_RENAME_WARNING "WARNING: possible rename, data loss"

typedef struct df_ctx {
    const rt_schema *from, *to;
    rt_diff *d;
    rt_oplist *groups; /* groups[i] undoes d->upgrade.items[i] */
    size_t ngroups, capgroups;
    rt_diff_pair *pairs; /* tables present on both sides, in `to` order */
    size_t npairs;
    size_t *added;   /* indexes into to->tables */
    size_t nadded;
    size_t *removed; /* indexes into from->tables, sorted by name */
    size_t nremoved;
} df_ctx;

/* ------------------------------------------------------------ emitting */

static rt_op *df_push(rt_oplist *l, rt_op_kind k, const char *table, const char *name)
{
    rt_op *op = rt_oplist_push(l, k);
    op->table_name = rt_xstrdup(table);
    op->name = rt_xstrdup(name);
    return op;
}

/* An upgrade op; the ops pushed by df_down until the next df_up undo it. */
static rt_op *df_up(df_ctx *c, rt_op_kind k, const char *table, const char *name)
{
    if (c->ngroups == c->capgroups) {
        c->capgroups = c->capgroups ? c->capgroups * 2 : 16;
        c->groups = rt_xrealloc(c->groups, c->capgroups * sizeof *c->groups);
    }
    c->groups[c->ngroups++] = (rt_oplist)RT_OPLIST_INIT;
    return df_push(&c->d->upgrade, k, table, name);
}

static rt_op *df_down(df_ctx *c, rt_op_kind k, const char *table, const char *name)
{
    return df_push(&c->groups[c->ngroups - 1], k, table, name);
}

/* A line of d->changes and what it is about (d->items, same index). */
static void df_line(rt_diff *d, const char *kind, const char *table, const char *column,
                    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void df_line(rt_diff *d, const char *kind, const char *table, const char *column,
                    const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rt_strv_push_owned(&d->changes, rt_xvasprintf(fmt, ap));
    va_end(ap);
    if (d->changes.n > d->items_cap) {
        d->items_cap = d->items_cap ? d->items_cap * 2 : 16;
        d->items = rt_xrealloc(d->items, d->items_cap * sizeof *d->items);
    }
    d->items[d->changes.n - 1] =
        (rt_diff_change){ kind, rt_xstrdup(table), rt_xstrdup(column) };
}

static char *df_type_text(const rt_type *t)
{
    rt_buf b = RT_BUF_INIT;
    rt_sql_write_type(&b, t);
    return rt_buf_steal(&b);
}

static char *df_cols(const rt_strv *v)
{
    return rt_strv_join(v, ", ");
}

static void df_add_constraint_ops(df_ctx *c, const char *table, const rt_constraint *k,
                                  const char *drop_name)
{
    rt_op *op = df_up(c, RT_OP_ADD_CONSTRAINT, table, NULL);
    op->constraint = rt_xmalloc(sizeof *op->constraint);
    rt_constraint_copy(op->constraint, k);
    df_down(c, RT_OP_DROP_CONSTRAINT, table, drop_name);
}

static void df_drop_constraint_ops(df_ctx *c, const char *table, const rt_constraint *k,
                                   const char *drop_name)
{
    df_up(c, RT_OP_DROP_CONSTRAINT, table, drop_name);
    rt_op *op = df_down(c, RT_OP_ADD_CONSTRAINT, table, NULL);
    op->constraint = rt_xmalloc(sizeof *op->constraint);
    rt_constraint_copy(op->constraint, k);
}

static void df_create_index_ops(df_ctx *c, const char *table, const rt_index *ix)
{
    rt_op *op = df_up(c, RT_OP_CREATE_INDEX, table, NULL);
    op->index = rt_xmalloc(sizeof *op->index);
    rt_index_copy(op->index, ix);
    df_down(c, RT_OP_DROP_INDEX, table, ix->name);
}

/* A primary key may be unnamed in a model; DROP CONSTRAINT needs a name,
 * and PostgreSQL's own choice is the likeliest one. */
static char *df_constraint_drop_name(const char *table, const rt_constraint *k)
{
    if (k->name)
        return rt_xstrdup(k->name);
    return rt_naming_primary_key(table);
}

/* Table definition for CREATE TABLE: no indexes (separate statements, as
 * the parser produces them), without the keys deferred to break a cycle. */
static rt_table *df_table_def(const rt_schema *s, size_t ti, const rt_diff_fkref *skip,
                              size_t nskip)
{
    const rt_table *src = &s->tables[ti];
    rt_table *t = rt_xcalloc(1, sizeof *t);
    t->name = rt_xstrdup(src->name);
    t->comment = rt_xstrdup(src->comment);
    for (size_t i = 0; i < src->ncolumns; i++)
        rt_table_add_column(t, &src->columns[i]);
    for (size_t i = 0; i < src->nconstraints; i++)
        if (!rt_diff_fkref_has(skip, nskip, ti, i))
            rt_table_add_constraint(t, &src->constraints[i]);
    return t;
}

static void df_constraint_line(rt_diff *v, const char *verb, const char *table,
                               const rt_constraint *k, const rt_schema *s)
{
    char *cols = df_cols(&k->columns);
    bool added = strcmp(verb, "added") == 0;
    const char *kind = added ? "add_constraint" : "remove_constraint";
    switch (k->kind) {
    case RT_CONSTRAINT_PRIMARY_KEY:
        df_line(v, kind, table, NULL, "Detected %s primary key on '%s'(%s)", verb, table, cols);
        break;
    case RT_CONSTRAINT_UNIQUE:
        df_line(v, kind, table, NULL, "Detected %s unique constraint '%s' on '%s'(%s)", verb,
                k->name, table, cols);
        break;
    case RT_CONSTRAINT_CHECK:
        df_line(v, kind, table, NULL, "Detected %s check constraint '%s' on '%s'", verb,
                k->name, table);
        break;
    case RT_CONSTRAINT_FOREIGN_KEY: {
        const rt_strv *rc = rt_schema_fk_ref_columns(s, k);
        char *refs = df_cols(rc ? rc : &k->ref_columns);
        df_line(v, added ? "add_fk" : "remove_fk", table, NULL,
                "Detected %s foreign key '%s' on '%s'(%s) referencing '%s'(%s)", verb, k->name,
                table, cols, k->ref_table, refs);
        free(refs);
        break;
    }
    }
    free(cols);
}

static void df_index_line(rt_diff *v, const char *verb, const char *table, const rt_index *ix)
{
    char *cols = df_cols(&ix->columns);
    df_line(v, strcmp(verb, "added") == 0 ? "add_index" : "remove_index", table, NULL,
            "Detected %s %s '%s' on '%s'(%s)", verb, ix->unique ? "unique index" : "index",
            ix->name, table, cols);
    free(cols);
}

/* ------------------------------------------------------------ renames */

static const rt_table *df_renamed_table(const df_ctx *c, const rt_table *t, bool t_is_added)
{
    const rt_schema *other = t_is_added ? c->from : c->to;
    const size_t *set = t_is_added ? c->removed : c->added;
    size_t n = t_is_added ? c->nremoved : c->nadded;
    for (size_t i = 0; i < n; i++)
        if (rt_diff_table_same_shape(t, &other->tables[set[i]]))
            return &other->tables[set[i]];
    return NULL;
}

/* A column of `side` absent from `other` (both the same table) with the
 * shape of col: the likely old/new name of col. */
static const rt_column *df_renamed_column(const rt_table *side, const rt_table *other,
                                          const rt_column *col)
{
    for (size_t i = 0; i < side->ncolumns; i++) {
        const rt_column *x = &side->columns[i];
        if (!rt_table_find_column(other, x->name) && rt_diff_column_same_shape(x, col))
            return x;
    }
    return NULL;
}

/* ------------------------------------------------------------ phases */

static bool df_index_name_reused(const df_ctx *c, const rt_diff_pair *p, const rt_index *ix)
{
    rt_table *owner = NULL;
    if (!rt_schema_find_index(c->to, ix->name, &owner))
        return false;
    /* Same table: decided by the pairing. Another table: index names are
     * per schema on PostgreSQL, so the old one must go first. */
    return strcmp(owner->name, p->t->name) != 0;
}

static void df_phase_replaced(df_ctx *c)
{
    for (size_t k = 0; k < c->npairs; k++) {
        rt_diff_pair *p = &c->pairs[k];
        const char *tn = p->t->name;
        for (size_t i = 0; i < p->f->nconstraints; i++) {
            if (p->cons_f[i] >= 0 || !p->cons_early[i])
                continue;
            const rt_constraint *fk = &p->f->constraints[i];
            df_constraint_line(c->d, "removed", tn, fk, c->from);
            char *dn = df_constraint_drop_name(tn, fk);
            df_drop_constraint_ops(c, tn, fk, dn);
            free(dn);
        }
        for (size_t i = 0; i < p->f->nindexes; i++) {
            if (p->idx_f[i] >= 0)
                continue;
            const rt_index *ix = &p->f->indexes[i];
            if (!p->idx_early[i] && !df_index_name_reused(c, p, ix))
                continue;
            p->idx_early[i] = true;
            df_index_line(c->d, "removed", tn, ix);
            df_up(c, RT_OP_DROP_INDEX, tn, ix->name);
            rt_op *op = df_down(c, RT_OP_CREATE_INDEX, tn, NULL);
            op->index = rt_xmalloc(sizeof *op->index);
            rt_index_copy(op->index, ix);
        }
    }
}

static void df_phase_create_tables(df_ctx *c)
{
    if (c->nadded == 0)
        return;
    size_t *order = rt_xmalloc(c->nadded * sizeof *order);
    rt_diff_fkref *def = NULL;
    size_t ndef = 0;
    rt_diff_order_tables(c->to, c->added, c->nadded, order, &def, &ndef);
    for (size_t k = 0; k < c->nadded; k++) {
        const rt_table *t = &c->to->tables[order[k]];
        const rt_table *old = df_renamed_table(c, t, true);
        df_line(c->d, "add_table", t->name, NULL, "Detected added table '%s'", t->name);
        rt_op *op = df_up(c, RT_OP_CREATE_TABLE, t->name, NULL);
        op->table = df_table_def(c->to, order[k], def, ndef);
        if (old)
            op->comment = rt_xstrdup(DF_RENAME_WARNING);
        op = df_down(c, RT_OP_DROP_TABLE, t->name, NULL);
        if (old)
            op->comment = rt_xstrdup(DF_RENAME_WARNING);
        for (size_t i = 0; i < t->nindexes; i++) {
            df_index_line(c->d, "added", t->name, &t->indexes[i]);
            df_create_index_ops(c, t->name, &t->indexes[i]);
        }
    }
    for (size_t i = 0; i < ndef; i++) {
        const rt_table *t = &c->to->tables[def[i].table];
        const rt_constraint *k = &t->constraints[def[i].constraint];
        df_add_constraint_ops(c, t->name, k, k->name);
    }
    free(def);
    free(order);
}

static void df_phase_add_columns(df_ctx *c)
{
    for (size_t k = 0; k < c->npairs; k++) {
        const rt_table *f = c->pairs[k].f, *t = c->pairs[k].t;
        for (size_t i = 0; i < t->ncolumns; i++) {
            const rt_column *col = &t->columns[i];
            if (rt_table_find_column(f, col->name))
                continue;
            bool rename = df_renamed_column(f, t, col) != NULL;
            df_line(c->d, "add_column", t->name, col->name, "Detected added column '%s.%s'",
                    t->name, col->name);
            rt_op *op = df_up(c, RT_OP_ADD_COLUMN, t->name, NULL);
            op->column = rt_xmalloc(sizeof *op->column);
            rt_column_copy(op->column, col);
            if (rename)
                op->comment = rt_xstrdup(DF_RENAME_WARNING);
            op = df_down(c, RT_OP_DROP_COLUMN, t->name, col->name);
            if (rename)
                op->comment = rt_xstrdup(DF_RENAME_WARNING);
        }
    }
}

static const char *df_or_null(const char *s)
{
    return s ? s : "NULL";
}

static void df_nullability(df_ctx *c, const char *tn, const rt_column *a, const rt_column *b)
{
    df_line(c->d, "modify_nullable", tn, b->name, "Detected %s on column '%s.%s'",
            b->not_null ? "NOT NULL" : "NULL", tn, b->name);
    df_up(c, b->not_null ? RT_OP_SET_NOT_NULL : RT_OP_DROP_NOT_NULL, tn, b->name);
    df_down(c, a->not_null ? RT_OP_SET_NOT_NULL : RT_OP_DROP_NOT_NULL, tn, b->name);
}

/* A column of a primary key that is dropped late (phase 6, no new key in
 * its place) cannot lose NOT NULL before: PostgreSQL refuses while the key
 * exists. Such a change waits until after the key is gone. */
static bool df_waits_for_pk_drop(const rt_diff_pair *p, const rt_column *a, const rt_column *b)
{
    if (!a->not_null || b->not_null)
        return false;
    for (size_t i = 0; i < p->f->nconstraints; i++) {
        const rt_constraint *k = &p->f->constraints[i];
        if (k->kind == RT_CONSTRAINT_PRIMARY_KEY && p->cons_f[i] < 0 && !p->cons_early[i])
            return rt_strv_find(&k->columns, a->name) >= 0;
    }
    return false;
}

/* A comment set, changed or removed; column NULL: the table's. */
static void df_comment(df_ctx *c, const char *tn, const char *column, const char *was,
                       const char *now)
{
    if (column)
        df_line(c->d, "modify_comment", tn, column, "Detected column comment change on '%s.%s'",
                tn, column);
    else
        df_line(c->d, "modify_table_comment", tn, NULL, "Detected table comment change on '%s'",
                tn);
    df_up(c, RT_OP_COMMENT, tn, column)->expr = rt_xstrdup(now);
    df_down(c, RT_OP_COMMENT, tn, column)->expr = rt_xstrdup(was);
}

static void df_alter_column(df_ctx *c, const rt_diff_pair *p, const rt_column *a,
                            const rt_column *b)
{
    const char *tn = p->t->name;
    /* Only whether a column is generated is compared: each backend prints
     * the expression in its own words. No backend turns a column into a
     * generated one in place, so it is dropped and added again. */
    if (!a->generated_sql != !b->generated_sql) {
        df_line(c->d, "modify_generated", tn, b->name, "Detected %s column '%s.%s'",
                b->generated_sql ? "now generated" : "no longer generated", tn, b->name);
        rt_strv_push(&c->d->destructive, c->d->changes.items[c->d->changes.n - 1]);
        df_up(c, RT_OP_DROP_COLUMN, tn, a->name);
        rt_op *op = df_down(c, RT_OP_ADD_COLUMN, tn, NULL);
        op->column = rt_xmalloc(sizeof *op->column);
        rt_column_copy(op->column, a);
        op = df_up(c, RT_OP_ADD_COLUMN, tn, NULL);
        op->column = rt_xmalloc(sizeof *op->column);
        rt_column_copy(op->column, b);
        df_down(c, RT_OP_DROP_COLUMN, tn, b->name);
        return;
    }
    if (!rt_type_equal(&a->type, &b->type)) {
        char *ta = df_type_text(&a->type), *tb = df_type_text(&b->type);
        df_line(c->d, "modify_type", tn, b->name,
                "Detected type change from %s to %s on '%s.%s'", ta, tb, tn, b->name);
        free(ta);
        free(tb);
        rt_type_copy(&df_up(c, RT_OP_ALTER_TYPE, tn, b->name)->type, &b->type);
        rt_type_copy(&df_down(c, RT_OP_ALTER_TYPE, tn, b->name)->type, &a->type);
    }
    if (!rt_diff_default_eq(&b->type, a->default_sql, b->default_sql)) {
        df_line(c->d, "modify_default", tn, b->name,
                "Detected default change from %s to %s on '%s.%s'", df_or_null(a->default_sql),
                df_or_null(b->default_sql), tn, b->name);
        rt_op *op = df_up(c, b->default_sql ? RT_OP_SET_DEFAULT : RT_OP_DROP_DEFAULT, tn, b->name);
        op->expr = rt_xstrdup(b->default_sql);
        op = df_down(c, a->default_sql ? RT_OP_SET_DEFAULT : RT_OP_DROP_DEFAULT, tn, b->name);
        op->expr = rt_xstrdup(a->default_sql);
    }
    if (a->not_null != b->not_null && !df_waits_for_pk_drop(p, a, b))
        df_nullability(c, tn, a, b);
    if (!rt_diff_str_eq(a->comment, b->comment))
        df_comment(c, tn, b->name, a->comment, b->comment);
}

static void df_phase_alter_columns(df_ctx *c)
{
    for (size_t k = 0; k < c->npairs; k++) {
        const rt_table *f = c->pairs[k].f, *t = c->pairs[k].t;
        if (!rt_diff_str_eq(f->comment, t->comment))
            df_comment(c, t->name, NULL, f->comment, t->comment);
        for (size_t i = 0; i < t->ncolumns; i++) {
            const rt_column *a = rt_table_find_column(f, t->columns[i].name);
            if (a)
                df_alter_column(c, &c->pairs[k], a, &t->columns[i]);
        }
    }
}

/* Constraints of kept tables missing from the database; foreign keys in a
 * second round so that the keys they reference exist first. */
static void df_phase_add_constraints(df_ctx *c)
{
    for (int round = 0; round < 2; round++) {
        for (size_t k = 0; k < c->npairs; k++) {
            const rt_diff_pair *p = &c->pairs[k];
            for (size_t j = 0; j < p->t->nconstraints; j++) {
                const rt_constraint *x = &p->t->constraints[j];
                if (p->cons_t[j] >= 0 || (x->kind == RT_CONSTRAINT_FOREIGN_KEY) != (round == 1))
                    continue;
                df_constraint_line(c->d, "added", p->t->name, x, c->to);
                char *dn = df_constraint_drop_name(p->t->name, x);
                df_add_constraint_ops(c, p->t->name, x, dn);
                free(dn);
            }
        }
    }
    for (size_t k = 0; k < c->npairs; k++) {
        const rt_diff_pair *p = &c->pairs[k];
        for (size_t j = 0; j < p->t->nindexes; j++) {
            if (p->idx_t[j] >= 0)
                continue;
            df_index_line(c->d, "added", p->t->name, &p->t->indexes[j]);
            df_create_index_ops(c, p->t->name, &p->t->indexes[j]);
        }
    }
}

static void df_phase_drop_constraints(df_ctx *c)
{
    for (int round = 0; round < 2; round++) {
        for (size_t k = 0; k < c->npairs; k++) {
            const rt_diff_pair *p = &c->pairs[k];
            const char *tn = p->t->name;
            for (size_t i = 0; i < p->f->nconstraints; i++) {
                const rt_constraint *x = &p->f->constraints[i];
                if (p->cons_f[i] >= 0 || p->cons_early[i] ||
                    (x->kind == RT_CONSTRAINT_FOREIGN_KEY) != (round == 0))
                    continue;
                df_constraint_line(c->d, "removed", tn, x, c->from);
                char *dn = df_constraint_drop_name(tn, x);
                df_drop_constraint_ops(c, tn, x, dn);
                free(dn);
                if (x->kind != RT_CONSTRAINT_PRIMARY_KEY)
                    continue;
                for (size_t j = 0; j < p->t->ncolumns; j++) {
                    const rt_column *b = &p->t->columns[j];
                    const rt_column *a = rt_table_find_column(p->f, b->name);
                    if (a && df_waits_for_pk_drop(p, a, b))
                        df_nullability(c, tn, a, b);
                }
            }
        }
    }
    for (size_t k = 0; k < c->npairs; k++) {
        const rt_diff_pair *p = &c->pairs[k];
        for (size_t i = 0; i < p->f->nindexes; i++) {
            if (p->idx_f[i] >= 0 || p->idx_early[i])
                continue;
            const rt_index *ix = &p->f->indexes[i];
            df_index_line(c->d, "removed", p->t->name, ix);
            df_up(c, RT_OP_DROP_INDEX, p->t->name, ix->name);
            rt_op *op = df_down(c, RT_OP_CREATE_INDEX, p->t->name, NULL);
            op->index = rt_xmalloc(sizeof *op->index);
            rt_index_copy(op->index, ix);
        }
    }
}

static void df_phase_drop_columns(df_ctx *c)
{
    for (size_t k = 0; k < c->npairs; k++) {
        const rt_table *f = c->pairs[k].f, *t = c->pairs[k].t;
        for (size_t i = 0; i < f->ncolumns; i++) {
            const rt_column *col = &f->columns[i];
            if (rt_table_find_column(t, col->name))
                continue;
            bool renamed = df_renamed_column(t, f, col) != NULL;
            df_line(c->d, "remove_column", t->name, col->name, "Detected removed column '%s.%s'",
                    t->name, col->name);
            rt_strv_push(&c->d->destructive, c->d->changes.items[c->d->changes.n - 1]);
            rt_op *op = df_up(c, RT_OP_DROP_COLUMN, t->name, col->name);
            if (renamed)
                op->comment = rt_xstrdup(DF_RENAME_WARNING);
            op = df_down(c, RT_OP_ADD_COLUMN, t->name, NULL);
            op->column = rt_xmalloc(sizeof *op->column);
            rt_column_copy(op->column, col);
            if (renamed)
                op->comment = rt_xstrdup(DF_RENAME_WARNING);
        }
    }
}

static void df_phase_drop_tables(df_ctx *c)
{
    if (c->nremoved == 0)
        return;
    size_t *order = rt_xmalloc(c->nremoved * sizeof *order);
    rt_diff_fkref *def = NULL;
    size_t ndef = 0;
    rt_diff_order_tables(c->from, c->removed, c->nremoved, order, &def, &ndef);
    /* Keys closing a cycle go first, so each table can then be dropped. */
    for (size_t i = 0; i < ndef; i++) {
        const rt_table *t = &c->from->tables[def[i].table];
        const rt_constraint *k = &t->constraints[def[i].constraint];
        df_drop_constraint_ops(c, t->name, k, k->name);
    }
    for (size_t k = c->nremoved; k-- > 0;) {
        const rt_table *t = &c->from->tables[order[k]];
        bool renamed = df_renamed_table(c, t, false) != NULL;
        df_line(c->d, "remove_table", t->name, NULL, "Detected removed table '%s'", t->name);
        rt_strv_push(&c->d->destructive, c->d->changes.items[c->d->changes.n - 1]);
        rt_op *op = df_up(c, RT_OP_DROP_TABLE, t->name, NULL);
        if (renamed)
            op->comment = rt_xstrdup(DF_RENAME_WARNING);
        op = df_down(c, RT_OP_CREATE_TABLE, t->name, NULL);
        op->table = df_table_def(c->from, order[k], def, ndef);
        if (renamed)
            op->comment = rt_xstrdup(DF_RENAME_WARNING);
        for (size_t i = 0; i < t->nindexes; i++) {
            op = df_down(c, RT_OP_CREATE_INDEX, t->name, NULL);
            op->index = rt_xmalloc(sizeof *op->index);
            rt_index_copy(op->index, &t->indexes[i]);
        }
    }
    free(def);
    free(order);
}

/* ------------------------------------------------------------ driver */

typedef struct df_named {
    const char *name;
    size_t index;
} df_named;

static int df_cmp_named(const void *a, const void *b)
{
    return strcmp(((const df_named *)a)->name, ((const df_named *)b)->name);
}

static void df_collect(df_ctx *c)
{
    const rt_schema *from = c->from, *to = c->to;
    c->pairs = rt_xcalloc(to->ntables ? to->ntables : 1, sizeof *c->pairs);
    c->added = rt_xmalloc((to->ntables ? to->ntables : 1) * sizeof *c->added);
    c->removed = rt_xmalloc((from->ntables ? from->ntables : 1) * sizeof *c->removed);
    for (size_t i = 0; i < to->ntables; i++) {
        const rt_table *f = rt_schema_find_table(from, to->tables[i].name);
        if (f)
            rt_diff_pair_init(&c->pairs[c->npairs++], from, f, to, &to->tables[i]);
        else
            c->added[c->nadded++] = i;
    }
    /* Reflection order differs between backends; names do not. */
    df_named *gone = rt_xmalloc((from->ntables ? from->ntables : 1) * sizeof *gone);
    for (size_t i = 0; i < from->ntables; i++)
        if (!rt_schema_find_table(to, from->tables[i].name))
            gone[c->nremoved++] = (df_named){ from->tables[i].name, i };
    qsort(gone, c->nremoved, sizeof *gone, df_cmp_named);
    for (size_t i = 0; i < c->nremoved; i++)
        c->removed[i] = gone[i].index;
    free(gone);
}

static void df_finish(df_ctx *c)
{
    rt_oplist *down = &c->d->downgrade;
    for (size_t g = c->ngroups; g-- > 0;) {
        rt_oplist *grp = &c->groups[g];
        for (size_t i = 0; i < grp->n; i++) {
            rt_op *dst = rt_oplist_push(down, grp->items[i].kind);
            *dst = grp->items[i]; /* moved: the group gives up its members */
        }
        free(grp->items);
    }
    free(c->groups);
    for (size_t k = 0; k < c->npairs; k++)
        rt_diff_pair_free(&c->pairs[k]);
    free(c->pairs);
    free(c->added);
    free(c->removed);
}

int rt_diff_schemas(rt_diff *out, const rt_schema *from, const rt_schema *to, rt_error *err)
{
    (void)err; /* comparing two valid models cannot fail */
    *out = (rt_diff)RT_DIFF_INIT;
    df_ctx c;
    memset(&c, 0, sizeof c);
    c.from = from;
    c.to = to;
    c.d = out;
    df_collect(&c);
    df_phase_replaced(&c);
    df_phase_create_tables(&c);
    df_phase_add_columns(&c);
    df_phase_alter_columns(&c);
    df_phase_add_constraints(&c);
    df_phase_drop_constraints(&c);
    df_phase_drop_columns(&c);
    df_phase_drop_tables(&c);
    df_finish(&c);
    return RT_OK;
}

void rt_diff_free(rt_diff *d)
{
    rt_oplist_free(&d->upgrade);
    rt_oplist_free(&d->downgrade);
    for (size_t i = 0; i < d->changes.n; i++) {
        free(d->items[i].table);
        free(d->items[i].column);
    }
    free(d->items);
    d->items = NULL;
    d->items_cap = 0;
    rt_strv_free(&d->changes);
    rt_strv_free(&d->destructive);
}

bool rt_diff_empty(const rt_diff *d)
{
    return d->upgrade.n == 0 && d->changes.n == 0;
}
