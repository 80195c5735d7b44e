/* Operation lists: growth, deep copy, free, comparison and kind names. */
#include "ops.h"

#include <stdlib.h>
#include <string.h>

rt_op *rt_oplist_push(rt_oplist *l, rt_op_kind kind)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = rt_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    rt_op *op = &l->items[l->n++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    rt_type_init(&op->type, RT_TYPE_INTEGER);
    return op;
}

void rt_op_copy(rt_op *dst, const rt_op *src)
{
    *dst = *src;
    rt_type_copy(&dst->type, &src->type);
    dst->table_name = rt_xstrdup(src->table_name);
    dst->name = rt_xstrdup(src->name);
    dst->new_name = rt_xstrdup(src->new_name);
    dst->expr = rt_xstrdup(src->expr);
    dst->comment = rt_xstrdup(src->comment);
    if (src->table) {
        dst->table = rt_xmalloc(sizeof *dst->table);
        rt_table_copy(dst->table, src->table);
    }
    if (src->column) {
        dst->column = rt_xmalloc(sizeof *dst->column);
        rt_column_copy(dst->column, src->column);
    }
    if (src->constraint) {
        dst->constraint = rt_xmalloc(sizeof *dst->constraint);
        rt_constraint_copy(dst->constraint, src->constraint);
    }
    if (src->index) {
        dst->index = rt_xmalloc(sizeof *dst->index);
        rt_index_copy(dst->index, src->index);
    }
}

void rt_op_free(rt_op *op)
{
    rt_type_free(&op->type);
    free(op->table_name);
    free(op->name);
    free(op->new_name);
    free(op->expr);
    free(op->comment);
    if (op->table) {
        rt_table_free(op->table);
        free(op->table);
    }
    if (op->column) {
        rt_column_free(op->column);
        free(op->column);
    }
    if (op->constraint) {
        rt_constraint_free(op->constraint);
        free(op->constraint);
    }
    if (op->index) {
        rt_index_free(op->index);
        free(op->index);
    }
    rt_op_kind kind = op->kind;
    memset(op, 0, sizeof *op);
    op->kind = kind;
}

void rt_oplist_free(rt_oplist *l)
{
    for (size_t i = 0; i < l->n; i++)
        rt_op_free(&l->items[i]);
    free(l->items);
    l->items = NULL;
    l->n = l->cap = 0;
}

static bool op_str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

bool rt_op_equal(const rt_op *a, const rt_op *b)
{
    if (a->kind != b->kind || !op_str_eq(a->table_name, b->table_name) ||
        !op_str_eq(a->name, b->name) || !op_str_eq(a->new_name, b->new_name) ||
        a->if_exists != b->if_exists || !op_str_eq(a->expr, b->expr))
        return false;
    if (!a->table != !b->table || !a->column != !b->column ||
        !a->constraint != !b->constraint || !a->index != !b->index)
        return false;
    if (a->table && !rt_table_equal(a->table, b->table))
        return false;
    if (a->column && !rt_column_equal(a->column, b->column))
        return false;
    if (a->constraint && !rt_constraint_equal(a->constraint, b->constraint))
        return false;
    if (a->index && !rt_index_equal(a->index, b->index))
        return false;
    if (a->kind == RT_OP_ALTER_TYPE && !rt_type_equal(&a->type, &b->type))
        return false;
    return true;
}

const char *rt_op_kind_name(rt_op_kind k)
{
    switch (k) {
    case RT_OP_CREATE_TABLE: return "CREATE TABLE";
    case RT_OP_DROP_TABLE: return "DROP TABLE";
    case RT_OP_RENAME_TABLE: return "RENAME TABLE";
    case RT_OP_ADD_COLUMN: return "ADD COLUMN";
    case RT_OP_DROP_COLUMN: return "DROP COLUMN";
    case RT_OP_RENAME_COLUMN: return "RENAME COLUMN";
    case RT_OP_ALTER_TYPE: return "ALTER COLUMN TYPE";
    case RT_OP_SET_NOT_NULL: return "SET NOT NULL";
    case RT_OP_DROP_NOT_NULL: return "DROP NOT NULL";
    case RT_OP_SET_DEFAULT: return "SET DEFAULT";
    case RT_OP_DROP_DEFAULT: return "DROP DEFAULT";
    case RT_OP_ADD_CONSTRAINT: return "ADD CONSTRAINT";
    case RT_OP_DROP_CONSTRAINT: return "DROP CONSTRAINT";
    case RT_OP_CREATE_INDEX: return "CREATE INDEX";
    case RT_OP_DROP_INDEX: return "DROP INDEX";
    case RT_OP_COMMENT: return "COMMENT";
    case RT_OP_RAW: return "RAW SQL";
    }
    return "UNKNOWN";
}
