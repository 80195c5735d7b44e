/* Builders for schema models and operations, shared by the PostgreSQL
 * dialect suites (test_dialect_postgresql*.c). Built by hand rather than
 * parsed so that these suites test the dialect alone.
 * Everything returned is owned by the caller. */
#ifndef PG_DIALECT_HELPERS_H
#define PG_DIALECT_HELPERS_H

#include "dialect.h"
#include "rt_mem.h"

#include <stdlib.h>
#include <string.h>

static inline rt_type h_type(rt_type_kind k)
{
    rt_type t;
    rt_type_init(&t, k);
    return t;
}

static inline rt_type h_varchar(int n)
{
    rt_type t = h_type(RT_TYPE_VARCHAR);
    t.length = n;
    return t;
}

static inline rt_type h_numeric(int p, int s)
{
    rt_type t = h_type(RT_TYPE_NUMERIC);
    t.precision = p;
    t.scale = s;
    return t;
}

/* "a,b,c" -> vector. */
static inline void h_split(rt_strv *v, const char *list)
{
    if (!list || !*list)
        return;
    char *copy = rt_xstrdup(list);
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save))
        rt_strv_push(v, tok);
    free(copy);
}

static inline rt_table *h_table(const char *name)
{
    rt_table *t = rt_xcalloc(1, sizeof *t);
    t->name = rt_xstrdup(name);
    return t;
}

static inline void h_table_free(rt_table *t)
{
    rt_table_free(t);
    free(t);
}

static inline void h_col(rt_table *t, const char *name, rt_type type, bool not_null,
                         const char *def)
{
    rt_column c = {0};
    c.name = (char *)name;
    c.type = type;
    c.not_null = not_null;
    c.default_sql = (char *)def;
    rt_table_add_column(t, &c);
}

static inline rt_constraint h_constraint(rt_constraint_kind kind, const char *name,
                                         const char *cols)
{
    rt_constraint k = {0};
    k.kind = kind;
    k.name = rt_xstrdup(name);
    h_split(&k.columns, cols);
    return k;
}

static inline void h_add(rt_table *t, rt_constraint *k)
{
    rt_table_add_constraint(t, k);
    rt_constraint_free(k);
}

static inline void h_pk(rt_table *t, const char *name, const char *cols)
{
    rt_constraint k = h_constraint(RT_CONSTRAINT_PRIMARY_KEY, name, cols);
    h_add(t, &k);
}

static inline void h_unique(rt_table *t, const char *name, const char *cols)
{
    rt_constraint k = h_constraint(RT_CONSTRAINT_UNIQUE, name, cols);
    h_add(t, &k);
}

static inline rt_constraint h_fk_make(const char *name, const char *cols, const char *ref,
                                      const char *ref_cols, rt_fk_action del, rt_fk_action upd)
{
    rt_constraint k = h_constraint(RT_CONSTRAINT_FOREIGN_KEY, name, cols);
    k.ref_table = rt_xstrdup(ref);
    h_split(&k.ref_columns, ref_cols);
    k.on_delete = del;
    k.on_update = upd;
    return k;
}

static inline void h_fk(rt_table *t, const char *name, const char *cols, const char *ref,
                        const char *ref_cols, rt_fk_action del, rt_fk_action upd)
{
    rt_constraint k = h_fk_make(name, cols, ref, ref_cols, del, upd);
    h_add(t, &k);
}

static inline void h_check(rt_table *t, const char *name, const char *sql)
{
    rt_constraint k = h_constraint(RT_CONSTRAINT_CHECK, name, NULL);
    k.check_sql = rt_xstrdup(sql);
    h_add(t, &k);
}

static inline rt_index h_index_make(const char *name, bool unique, const char *cols)
{
    rt_index ix = {0};
    ix.name = rt_xstrdup(name);
    ix.unique = unique;
    h_split(&ix.columns, cols);
    return ix;
}

static inline void h_index(rt_table *t, const char *name, bool unique, const char *cols)
{
    rt_index ix = h_index_make(name, unique, cols);
    rt_table_add_index(t, &ix);
    rt_index_free(&ix);
}

/* ---- operations (pushed onto l; the op owns copies) */

static inline rt_op *h_op(rt_oplist *l, rt_op_kind kind, const char *table, const char *name,
                          const char *new_name)
{
    rt_op *op = rt_oplist_push(l, kind);
    op->table_name = rt_xstrdup(table);
    op->name = rt_xstrdup(name);
    op->new_name = rt_xstrdup(new_name);
    return op;
}

static inline void h_op_create(rt_oplist *l, const rt_table *t)
{
    rt_op *op = h_op(l, RT_OP_CREATE_TABLE, t->name, NULL, NULL);
    op->table = rt_xmalloc(sizeof *op->table);
    rt_table_copy(op->table, t);
}

static inline void h_op_add_column(rt_oplist *l, const char *table, const char *name,
                                   rt_type type, bool not_null, const char *def)
{
    rt_op *op = h_op(l, RT_OP_ADD_COLUMN, table, NULL, NULL);
    op->column = rt_xcalloc(1, sizeof *op->column);
    op->column->name = rt_xstrdup(name);
    op->column->type = type;
    op->column->not_null = not_null;
    op->column->default_sql = rt_xstrdup(def);
}

static inline void h_op_alter_type(rt_oplist *l, const char *table, const char *col,
                                   rt_type type)
{
    rt_op *op = h_op(l, RT_OP_ALTER_TYPE, table, col, NULL);
    op->type = type;
}

static inline void h_op_set_default(rt_oplist *l, const char *table, const char *col,
                                    const char *expr)
{
    rt_op *op = h_op(l, RT_OP_SET_DEFAULT, table, col, NULL);
    op->expr = rt_xstrdup(expr);
}

/* Takes ownership of *k's members. */
static inline void h_op_add_constraint(rt_oplist *l, const char *table, rt_constraint *k)
{
    rt_op *op = h_op(l, RT_OP_ADD_CONSTRAINT, table, NULL, NULL);
    op->constraint = rt_xmalloc(sizeof *op->constraint);
    *op->constraint = *k;
    memset(k, 0, sizeof *k);
}

static inline void h_op_create_index(rt_oplist *l, const char *table, const char *name,
                                     bool unique, const char *cols)
{
    rt_op *op = h_op(l, RT_OP_CREATE_INDEX, table, NULL, NULL);
    op->index = rt_xmalloc(sizeof *op->index);
    *op->index = h_index_make(name, unique, cols);
}

static inline void h_op_raw(rt_oplist *l, const char *sql)
{
    rt_op *op = h_op(l, RT_OP_RAW, NULL, NULL, NULL);
    op->expr = rt_xstrdup(sql);
}

#endif
