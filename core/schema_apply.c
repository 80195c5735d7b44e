/* rt_schema_apply: replays one operation on the schema model.
 *
 * Strict mode serves models and the differ, where an op on something
 * unknown is a mistake worth reporting. Lenient mode serves the engine
 * replaying history: objects made by raw SQL or before retort are not in
 * the model, so ops on them are skipped, and an op re-creating an object
 * the model already holds replaces it (the newest statement is the best
 * knowledge of what the database holds). */
#include "naming.h"
#include "ops.h"
#include "sql_lex.h"
#include "sql_write.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct ap_ctx {
    rt_schema *s;
    const rt_op *op;
    bool strict;
    rt_error *err;
} ap_ctx;

/* Returns RT_OK when lenient (the op is skipped), else the error. */
static int ap_missing(ap_ctx *c, const char *fmt, const char *a, const char *b)
{
    if (!c->strict)
        return RT_OK;
    return rt_error_set(c->err, RT_EPARSE, fmt, a, b);
}

static rt_table *ap_table(ap_ctx *c, const char *name, int *rc)
{
    rt_table *t = rt_schema_find_table(c->s, name);
    *rc = RT_OK;
    if (!t)
        *rc = ap_missing(c, "%s: table \"%s\" does not exist.", rt_op_kind_name(c->op->kind),
                         name ? name : "");
    return t;
}

static rt_column *ap_column(ap_ctx *c, rt_table *t, const char *name, int *rc)
{
    rt_column *col = rt_table_find_column(t, name);
    *rc = RT_OK;
    if (!col)
        *rc = ap_missing(c, "column \"%s\" of table \"%s\" does not exist.", name ? name : "",
                         t->name);
    return col;
}

/* Every op on an existing table (or column of one) looks it up the same way
 * before doing its own work: the shared lookup keeps the strict/lenient
 * handling of a missing one in one place. */
typedef int (*ap_table_fn)(ap_ctx *c, rt_table *t);
typedef int (*ap_column_fn)(ap_ctx *c, rt_table *t, rt_column *col);

static int ap_on_table(ap_ctx *c, ap_table_fn fn)
{
    int rc;
    rt_table *t = ap_table(c, c->op->table_name, &rc);
    return t ? fn(c, t) : rc;
}

static int ap_on_column(ap_ctx *c, ap_column_fn fn)
{
    int rc;
    rt_table *t = ap_table(c, c->op->table_name, &rc);
    if (!t)
        return rc;
    rt_column *col = ap_column(c, t, c->op->name, &rc);
    return col ? fn(c, t, col) : rc;
}

static void ap_remove_column_at(rt_table *t, size_t i)
{
    rt_column_free(&t->columns[i]);
    memmove(&t->columns[i], &t->columns[i + 1], (t->ncolumns - i - 1) * sizeof *t->columns);
    t->ncolumns--;
}

static void ap_remove_constraint_at(rt_table *t, size_t i)
{
    rt_constraint_free(&t->constraints[i]);
    memmove(&t->constraints[i], &t->constraints[i + 1],
            (t->nconstraints - i - 1) * sizeof *t->constraints);
    t->nconstraints--;
}

static void ap_remove_index_at(rt_table *t, size_t i)
{
    rt_index_free(&t->indexes[i]);
    memmove(&t->indexes[i], &t->indexes[i + 1], (t->nindexes - i - 1) * sizeof *t->indexes);
    t->nindexes--;
}

/* ---- identifiers inside CHECK expressions ----
 * The model keeps CHECK text verbatim, so renaming or dropping a column has
 * to find the column's name in it: the portable lexer reads it, and
 * rt_tok_names decides what names the column (rt_sql_expr_mentions for a
 * drop). */

/* The CHECK text with every mention of from replaced by to; caller frees. */
static char *ap_check_rename(const char *sql, const char *from, const char *to)
{
    rt_buf out = RT_BUF_INIT;
    size_t done = 0;
    rt_lexer lx;
    rt_token tok;
    rt_error err;
    rt_lex_init(&lx, sql, 1);
    while (rt_lex_next(&lx, &tok, &err) == RT_OK && tok.kind != RT_TOK_EOF) {
        if (!rt_tok_names(sql, &tok, from))
            continue;
        rt_buf_appendn(&out, sql + done, tok.start - done);
        rt_sql_write_ident(&out, to);
        done = tok.start + tok.len;
    }
    rt_buf_append(&out, sql + done);
    return rt_buf_steal(&out);
}

/* ---- helpers shared by several ops ---- */

static int ap_check_columns(ap_ctx *c, const rt_table *t, const rt_strv *cols, const char *what)
{
    if (!c->strict)
        return RT_OK;
    for (size_t i = 0; i < cols->n; i++)
        if (!rt_table_find_column(t, cols->items[i]))
            return rt_error_set(c->err, RT_EPARSE, "%s names column \"%s\", which table \"%s\" does not have.",
                                what, cols->items[i], t->name);
    return RT_OK;
}

/* The index's column elements; its expressions are the backend's to check. */
static int ap_check_index_columns(ap_ctx *c, const rt_table *t, const rt_index *ix)
{
    rt_strv cols = RT_STRV_INIT;
    for (size_t i = 0; i < ix->columns.n; i++)
        if (!rt_index_element_is_expr(ix->columns.items[i]))
            rt_strv_push(&cols, ix->columns.items[i]);
    int rc = ap_check_columns(c, t, &cols, "the index");
    rt_strv_free(&cols);
    return rc;
}

static const char *ap_constraint_what(const rt_constraint *k)
{
    switch (k->kind) {
    case RT_CONSTRAINT_PRIMARY_KEY: return "PRIMARY KEY";
    case RT_CONSTRAINT_UNIQUE: return "UNIQUE constraint";
    case RT_CONSTRAINT_FOREIGN_KEY: return "FOREIGN KEY";
    case RT_CONSTRAINT_CHECK: return "CHECK constraint";
    }
    return "constraint";
}

/* Fills an FK's empty ref_columns with the referenced primary key; self is
 * the table being built when the FK refers to it (not yet in the schema). */
static int ap_resolve_fk(ap_ctx *c, rt_constraint *k, const rt_table *self)
{
    if (k->kind != RT_CONSTRAINT_FOREIGN_KEY || k->ref_columns.n > 0)
        return RT_OK;
    const rt_table *ref = (self && strcmp(self->name, k->ref_table) == 0)
                              ? self
                              : rt_schema_find_table(c->s, k->ref_table);
    if (!ref)
        return RT_OK; /* a model may refer to a table defined further on */
    const rt_constraint *pk = rt_table_primary_key(ref);
    if (!pk) {
        if (!c->strict)
            return RT_OK;
        return rt_error_set(c->err, RT_EPARSE,
                            "FOREIGN KEY \"%s\" refers to table \"%s\" without naming columns, "
                            "but that table has no primary key.",
                            k->name ? k->name : "", ref->name);
    }
    rt_strv_copy(&k->ref_columns, &pk->columns);
    return RT_OK;
}

/* ---- one function per op kind ---- */

static int ap_create_table(ap_ctx *c)
{
    const rt_table *src = c->op->table;
    if (!src || !src->name)
        return rt_error_set(c->err, RT_EPARSE, "CREATE TABLE operation without a table.");
    if (rt_schema_find_table(c->s, src->name)) {
        if (c->op->if_exists)
            return RT_OK;
        if (c->strict)
            return rt_error_set(c->err, RT_EPARSE, "table \"%s\" already exists.", src->name);
        rt_schema_remove_table(c->s, src->name);
    }
    rt_table t;
    rt_table_copy(&t, src);
    int rc = RT_OK;
    size_t npk = 0;
    for (size_t i = 0; i < t.ncolumns && rc == RT_OK; i++)
        for (size_t j = 0; j < i && rc == RT_OK; j++)
            if (strcmp(t.columns[i].name, t.columns[j].name) == 0 && c->strict)
                rc = rt_error_set(c->err, RT_EPARSE, "table \"%s\" has two columns named \"%s\".",
                                  t.name, t.columns[i].name);
    for (size_t i = 0; i < t.nconstraints && rc == RT_OK; i++) {
        rt_constraint *k = &t.constraints[i];
        if (k->kind == RT_CONSTRAINT_PRIMARY_KEY && ++npk > 1 && c->strict)
            rc = rt_error_set(c->err, RT_EPARSE, "table \"%s\" has more than one primary key.",
                              t.name);
        if (rc == RT_OK)
            rc = ap_check_columns(c, &t, &k->columns, ap_constraint_what(k));
        if (rc == RT_OK)
            rc = ap_resolve_fk(c, k, &t);
        for (size_t j = 0; j < i && rc == RT_OK && c->strict; j++)
            if (k->name && t.constraints[j].name && strcmp(k->name, t.constraints[j].name) == 0)
                rc = rt_error_set(c->err, RT_EPARSE,
                                  "table \"%s\" has two constraints named \"%s\".", t.name,
                                  k->name);
    }
    rt_table_pk_not_null(&t);
    for (size_t i = 0; i < t.nindexes && rc == RT_OK; i++)
        rc = ap_check_index_columns(c, &t, &t.indexes[i]);
    if (rc == RT_OK)
        rt_schema_add_table(c->s, &t);
    rt_table_free(&t);
    return rc;
}

static int ap_drop_table(ap_ctx *c)
{
    if (rt_schema_remove_table(c->s, c->op->table_name) || c->op->if_exists)
        return RT_OK;
    return ap_missing(c, "DROP TABLE: table \"%s\" does not exist.%s", c->op->table_name, "");
}

static int ap_rename_table(ap_ctx *c)
{
    const char *from = c->op->table_name, *to = c->op->new_name;
    int rc;
    if (!ap_table(c, from, &rc))
        return rc;
    if (rt_schema_find_table(c->s, to)) {
        if (c->strict)
            return rt_error_set(c->err, RT_EPARSE, "cannot rename table \"%s\" to \"%s\": that table already exists.",
                                from, to);
        rt_schema_remove_table(c->s, to);
    }
    for (size_t i = 0; i < c->s->ntables; i++) {
        rt_table *t = &c->s->tables[i];
        for (size_t j = 0; j < t->nconstraints; j++) {
            rt_constraint *k = &t->constraints[j];
            if (k->ref_table && strcmp(k->ref_table, from) == 0) {
                free(k->ref_table);
                k->ref_table = rt_xstrdup(to);
            }
        }
    }
    rt_schema_rename_table(c->s, from, to);
    return RT_OK;
}

static int ap_add_column(ap_ctx *c, rt_table *t)
{
    const rt_column *col = c->op->column;
    if (!col || !col->name)
        return rt_error_set(c->err, RT_EPARSE, "ADD COLUMN operation without a column.");
    rt_column *old = rt_table_find_column(t, col->name);
    if (old) {
        if (c->strict)
            return rt_error_set(c->err, RT_EPARSE, "column \"%s\" of table \"%s\" already exists.",
                                col->name, t->name);
        rt_column_free(old);
        rt_column_copy(old, col);
        return RT_OK;
    }
    rt_table_add_column(t, col);
    return RT_OK;
}

/* Drops FKs anywhere that point at table.column (they would point at nothing). */
static void ap_drop_fks_to(rt_schema *s, const char *table, const char *column)
{
    for (size_t i = 0; i < s->ntables; i++) {
        rt_table *t = &s->tables[i];
        for (size_t j = t->nconstraints; j-- > 0;) {
            rt_constraint *k = &t->constraints[j];
            if (k->kind == RT_CONSTRAINT_FOREIGN_KEY && strcmp(k->ref_table, table) == 0 &&
                rt_strv_find(&k->ref_columns, column) >= 0)
                ap_remove_constraint_at(t, j);
        }
    }
}

static int ap_drop_column(ap_ctx *c, rt_table *t, rt_column *col)
{
    char *keep = rt_xstrdup(c->op->name); /* the op's name may belong to the model */
    ap_remove_column_at(t, (size_t)(col - t->columns));
    for (size_t j = t->nconstraints; j-- > 0;) {
        rt_constraint *k = &t->constraints[j];
        long at = rt_strv_find(&k->columns, keep);
        bool drop = false;
        if (k->kind == RT_CONSTRAINT_CHECK)
            drop = k->check_sql && rt_sql_expr_mentions(k->check_sql, keep);
        else if (k->kind == RT_CONSTRAINT_FOREIGN_KEY)
            drop = at >= 0; /* a shorter FK would refer to other columns */
        else if (at >= 0) {
            rt_strv_remove(&k->columns, (size_t)at);
            drop = k->columns.n == 0;
        }
        if (drop)
            ap_remove_constraint_at(t, j);
    }
    for (size_t j = t->nindexes; j-- > 0;) {
        rt_index *ix = &t->indexes[j];
        long at = rt_strv_find(&ix->columns, keep);
        if (at >= 0)
            rt_index_remove_element(ix, (size_t)at);
        /* an expression or predicate that reads it goes with it, as on
         * PostgreSQL */
        if (ix->columns.n == 0 || rt_index_uses_column(ix, keep))
            ap_remove_index_at(t, j);
    }
    char *tname = rt_xstrdup(t->name);
    ap_drop_fks_to(c->s, tname, keep);
    free(tname);
    free(keep);
    return RT_OK;
}

static void ap_strv_rename(rt_strv *v, const char *from, const char *to)
{
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i], from) == 0) {
            free(v->items[i]);
            v->items[i] = rt_xstrdup(to);
        }
}

static int ap_rename_column(ap_ctx *c, rt_table *t, rt_column *col)
{
    const char *to = c->op->new_name;
    if (rt_table_find_column(t, to)) {
        if (c->strict)
            return rt_error_set(c->err, RT_EPARSE, "cannot rename column \"%s\" of table \"%s\" to \"%s\": that column already exists.",
                                c->op->name, t->name, to);
        ap_remove_column_at(t, (size_t)(rt_table_find_column(t, to) - t->columns));
        col = rt_table_find_column(t, c->op->name);
    }
    char *from = rt_xstrdup(col->name);
    free(col->name);
    col->name = rt_xstrdup(to);
    for (size_t j = 0; j < t->nconstraints; j++) {
        rt_constraint *k = &t->constraints[j];
        ap_strv_rename(&k->columns, from, to);
        if (k->kind == RT_CONSTRAINT_CHECK && k->check_sql) {
            char *sql = ap_check_rename(k->check_sql, from, to);
            free(k->check_sql);
            k->check_sql = sql;
        }
    }
    for (size_t j = 0; j < t->nindexes; j++) {
        rt_index *ix = &t->indexes[j];
        ap_strv_rename(&ix->columns, from, to);
        for (size_t e = 0; e < ix->columns.n; e++)
            if (rt_index_element_is_expr(ix->columns.items[e])) {
                char *sql = ap_check_rename(ix->columns.items[e], from, to);
                free(ix->columns.items[e]);
                ix->columns.items[e] = sql;
            }
        if (ix->where_sql) {
            char *sql = ap_check_rename(ix->where_sql, from, to);
            free(ix->where_sql);
            ix->where_sql = sql;
        }
    }
    for (size_t i = 0; i < c->s->ntables; i++) {
        rt_table *o = &c->s->tables[i];
        for (size_t j = 0; j < o->nconstraints; j++) {
            rt_constraint *k = &o->constraints[j];
            if (k->kind == RT_CONSTRAINT_FOREIGN_KEY && strcmp(k->ref_table, t->name) == 0)
                ap_strv_rename(&k->ref_columns, from, to);
        }
    }
    free(from);
    return RT_OK;
}

static int ap_alter_column(ap_ctx *c, rt_table *t, rt_column *col)
{
    switch (c->op->kind) {
    case RT_OP_ALTER_TYPE:
        rt_type_free(&col->type);
        rt_type_copy(&col->type, &c->op->type);
        break;
    case RT_OP_SET_NOT_NULL:
        col->not_null = true;
        break;
    case RT_OP_DROP_NOT_NULL: {
        const rt_constraint *pk = rt_table_primary_key(t);
        if (pk && rt_strv_find(&pk->columns, col->name) >= 0 && c->strict)
            return rt_error_set(c->err, RT_EPARSE,
                                "column \"%s\" of table \"%s\" is in the primary key and cannot allow NULL.",
                                col->name, t->name);
        col->not_null = false;
        break;
    }
    case RT_OP_SET_DEFAULT:
        free(col->default_sql);
        col->default_sql = rt_xstrdup(c->op->expr);
        break;
    case RT_OP_DROP_DEFAULT:
        free(col->default_sql);
        col->default_sql = NULL;
        break;
    default:
        break;
    }
    return RT_OK;
}

static int ap_add_constraint(ap_ctx *c, rt_table *t)
{
    if (!c->op->constraint)
        return rt_error_set(c->err, RT_EPARSE, "ADD CONSTRAINT operation without a constraint.");
    rt_constraint k;
    rt_constraint_copy(&k, c->op->constraint);
    int rc = ap_check_columns(c, t, &k.columns, ap_constraint_what(&k));
    if (rc == RT_OK)
        rc = ap_resolve_fk(c, &k, t);
    if (rc == RT_OK && k.kind == RT_CONSTRAINT_PRIMARY_KEY && rt_table_primary_key(t)) {
        if (c->strict)
            rc = rt_error_set(c->err, RT_EPARSE, "table \"%s\" already has a primary key.", t->name);
        else
            ap_remove_constraint_at(t, (size_t)(rt_table_primary_key(t) - t->constraints));
    }
    if (rc == RT_OK && k.name && rt_table_find_constraint(t, k.name)) {
        if (c->strict)
            rc = rt_error_set(c->err, RT_EPARSE, "constraint \"%s\" of table \"%s\" already exists.",
                              k.name, t->name);
        else
            ap_remove_constraint_at(t, (size_t)(rt_table_find_constraint(t, k.name) - t->constraints));
    }
    if (rc == RT_OK) {
        rt_table_add_constraint(t, &k);
        if (k.kind == RT_CONSTRAINT_PRIMARY_KEY)
            rt_table_pk_not_null(t);
    }
    rt_constraint_free(&k);
    return rc;
}

static int ap_drop_constraint(ap_ctx *c, rt_table *t)
{
    const char *name = c->op->name;
    rt_constraint *k = rt_table_find_constraint(t, name);
    if (!k && rt_naming_is_unnamed_pkey(t, name))
        k = rt_table_primary_key(t);
    if (!k && c->op->if_exists)
        return RT_OK;
    if (!k)
        return ap_missing(c, "constraint \"%s\" of table \"%s\" does not exist.", name, t->name);
    ap_remove_constraint_at(t, (size_t)(k - t->constraints));
    return RT_OK;
}

static int ap_create_index(ap_ctx *c, rt_table *t)
{
    const rt_index *ix = c->op->index;
    if (!ix || !ix->name)
        return rt_error_set(c->err, RT_EPARSE, "CREATE INDEX operation without an index.");
    rt_table *owner;
    rt_index *old = rt_schema_find_index(c->s, ix->name, &owner);
    if (old) {
        if (c->op->if_exists)
            return RT_OK;
        if (c->strict)
            return rt_error_set(c->err, RT_EPARSE, "index \"%s\" already exists (on table \"%s\").",
                                ix->name, owner->name);
        ap_remove_index_at(owner, (size_t)(old - owner->indexes));
    }
    int rc = ap_check_index_columns(c, t, ix);
    if (rc == RT_OK)
        rt_table_add_index(t, ix);
    return rc;
}

static int ap_drop_index(ap_ctx *c)
{
    rt_table *owner = NULL;
    rt_index *ix;
    if (c->op->table_name) {
        owner = rt_schema_find_table(c->s, c->op->table_name);
        ix = owner ? rt_table_find_index(owner, c->op->name) : NULL;
    } else {
        ix = rt_schema_find_index(c->s, c->op->name, &owner);
    }
    if (!ix) {
        if (c->op->if_exists)
            return RT_OK;
        return ap_missing(c, "DROP INDEX: index \"%s\" does not exist.%s", c->op->name, "");
    }
    ap_remove_index_at(owner, (size_t)(ix - owner->indexes));
    return RT_OK;
}

static void ap_set_text(char **dst, const char *text)
{
    free(*dst);
    *dst = rt_xstrdup(text);
}

static int ap_comment(ap_ctx *c, rt_table *t)
{
    if (!c->op->name) {
        ap_set_text(&t->comment, c->op->expr);
        return RT_OK;
    }
    int rc;
    rt_column *col = ap_column(c, t, c->op->name, &rc);
    if (col)
        ap_set_text(&col->comment, c->op->expr);
    return rc;
}

int rt_schema_apply(rt_schema *s, const rt_op *op, bool strict, rt_error *err)
{
    ap_ctx c = { s, op, strict, err };
    switch (op->kind) {
    case RT_OP_CREATE_TABLE: return ap_create_table(&c);
    case RT_OP_DROP_TABLE: return ap_drop_table(&c);
    case RT_OP_RENAME_TABLE: return ap_rename_table(&c);
    case RT_OP_ADD_COLUMN: return ap_on_table(&c, ap_add_column);
    case RT_OP_DROP_COLUMN: return ap_on_column(&c, ap_drop_column);
    case RT_OP_RENAME_COLUMN: return ap_on_column(&c, ap_rename_column);
    case RT_OP_ALTER_TYPE:
    case RT_OP_SET_NOT_NULL:
    case RT_OP_DROP_NOT_NULL:
    case RT_OP_SET_DEFAULT:
    case RT_OP_DROP_DEFAULT: return ap_on_column(&c, ap_alter_column);
    case RT_OP_ADD_CONSTRAINT: return ap_on_table(&c, ap_add_constraint);
    case RT_OP_DROP_CONSTRAINT: return ap_on_table(&c, ap_drop_constraint);
    case RT_OP_CREATE_INDEX: return ap_on_table(&c, ap_create_index);
    case RT_OP_DROP_INDEX: return ap_drop_index(&c);
    case RT_OP_COMMENT: return ap_on_table(&c, ap_comment);
    case RT_OP_RAW: return RT_OK;
    }
    return rt_error_set(err, RT_EPARSE, "unknown operation kind %d.", (int)op->kind);
}
