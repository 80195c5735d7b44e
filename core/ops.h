/* Abstract operations: what a revision does, independent of any backend.
 * The parser produces them, the schema model replays them
 * (rt_schema_apply), a dialect renders them and the differ emits them.
 *
 * Ownership: an rt_oplist owns its ops; an op owns every pointer member.
 */
#ifndef RT_OPS_H
#define RT_OPS_H

#include "schema.h"

typedef enum rt_op_kind {
    RT_OP_CREATE_TABLE,    /* table (complete definition); if_exists means
                              IF NOT EXISTS was written */
    RT_OP_DROP_TABLE,      /* table_name, if_exists */
    RT_OP_RENAME_TABLE,    /* table_name -> new_name */
    RT_OP_ADD_COLUMN,      /* table_name, column; inline constraints of the
                              column follow as separate ADD_CONSTRAINT ops */
    RT_OP_DROP_COLUMN,     /* table_name, name */
    RT_OP_RENAME_COLUMN,   /* table_name, name -> new_name */
    RT_OP_ALTER_TYPE,      /* table_name, name, type */
    RT_OP_SET_NOT_NULL,    /* table_name, name */
    RT_OP_DROP_NOT_NULL,   /* table_name, name */
    RT_OP_SET_DEFAULT,     /* table_name, name, expr */
    RT_OP_DROP_DEFAULT,    /* table_name, name */
    RT_OP_ADD_CONSTRAINT,  /* table_name, constraint */
    RT_OP_DROP_CONSTRAINT, /* table_name, name, if_exists */
    RT_OP_CREATE_INDEX,    /* table_name, index; if_exists = IF NOT EXISTS */
    RT_OP_DROP_INDEX,      /* name; table_name when given (ON t), else NULL; if_exists */
    RT_OP_COMMENT,         /* table_name; name = column (NULL: the table); expr =
                              the comment text, NULL removes it (IS NULL) */
    RT_OP_RAW              /* expr: statement text verbatim, without the ';' */
} rt_op_kind;

typedef struct rt_op {
    rt_op_kind kind;
    int line, col;               /* 1-based start of the statement in its file */
    char *table_name;
    char *name;
    char *new_name;
    bool if_exists;
    rt_table *table;             /* CREATE_TABLE */
    rt_column *column;           /* ADD_COLUMN */
    rt_constraint *constraint;   /* ADD_CONSTRAINT */
    rt_index *index;             /* CREATE_INDEX */
    rt_type type;                /* ALTER_TYPE */
    char *expr;                  /* SET_DEFAULT expression, RAW text, COMMENT text */
    char *comment;               /* a line written above the statement by
                                    rt_sql_write_op (differ warnings); may be NULL */
} rt_op;

typedef struct rt_oplist {
    rt_op *items;
    size_t n;
    size_t cap;
} rt_oplist;

#define RT_OPLIST_INIT { NULL, 0, 0 }

/* Appends a zeroed op of the given kind and returns it (borrowed until the
 * list next grows). */
rt_op *rt_oplist_push(rt_oplist *l, rt_op_kind kind);
void rt_op_copy(rt_op *dst, const rt_op *src);
void rt_op_free(rt_op *op);        /* frees members */
void rt_oplist_free(rt_oplist *l); /* frees ops; l is reusable */

const char *rt_op_kind_name(rt_op_kind k); /* "CREATE TABLE", ... */

/* Same operation: every member but line, col and comment. */
bool rt_op_equal(const rt_op *a, const rt_op *b);

/* Replays op on s.
 * strict (models, differ): an op on an unknown table/column/index or a
 * duplicate name is an error (RT_EPARSE, message without position; the
 * caller prefixes file:line:col).
 * lenient (engine replaying history): ops on objects the model does not know
 * (created by raw SQL, or before retort) are skipped silently; RAW ops are
 * always skipped. */
int rt_schema_apply(rt_schema *s, const rt_op *op, bool strict, rt_error *err);

#endif
