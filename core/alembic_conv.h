/* Internals of import-alembic shared by its files: the conversion context,
 * the backends a statement is rendered for, and the converters of types,
 * defaults, columns (alembic_types.c) and operations (alembic_ops.c).
 * Not a public interface: only alembic_*.c include it.
 */
#ifndef RT_ALEMBIC_CONV_H
#define RT_ALEMBIC_CONV_H

#include "alembic_import.h"
#include "alembic_py.h"

#include <stdbool.h>

/* The backends retort renders for; a statement is converted once per
 * backend, since Alembic's dialect keywords (postgresql_where, with_variant)
 * make it differ between them. */
enum { AC_SQLITE, AC_POSTGRESQL, AC_MYSQL, AC_NDIALECTS };
#define AC_ALL ((1u << AC_NDIALECTS) - 1)

extern const char *const rt_ac_dialect_names[AC_NDIALECTS];

/* The AC_* backend a SQLAlchemy dialect name stands for, aliases included
 * ("postgres", "mariadb": the registry's, core/backend_registry.h); -1 for
 * a backend retort does not run on. Exact case, as in Python. */
int rt_ac_dialect_of(const char *name);

typedef struct ac_local {
    const char *name;          /* borrowed from the statement */
    const rt_py_expr *value;   /* borrowed; NULL when taint is set */
    const char *taint;         /* static: why uses of this name cannot be converted */
} ac_local;

typedef struct ac_ctx {
    const rt_alembic_opts *o;
    const rt_py_block *module;
    ac_local *locals;
    size_t nlocals, caplocals;
    int dialect;               /* the backend being rendered */
    char *why;                 /* set by a converter that refuses; owned */
} ac_ctx;

/* Sets ctx->why (first reason wins) and returns -1. */
int rt_ac_refuse(ac_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Follows a NAME through local and module-level assignments. */
const rt_py_expr *rt_ac_resolve(const ac_ctx *c, const rt_py_expr *e);
/* The last part of a call's or name's dotted callee ("Column" for
 * sa.schema.Column(...)), NULL for anything else. Static storage of e. */
const char *rt_ac_callee(const rt_py_expr *e);
/* A string value: a literal (resolved through names); NULL otherwise. */
const char *rt_ac_str(const ac_ctx *c, const rt_py_expr *e);
/* A name argument: a string, op.f("..."), conv("..."); *name NULL for None.
 * -1 (refused) for anything else. */
int rt_ac_name(ac_ctx *c, const rt_py_expr *e, const char **name);
/* True/False/None of a keyword: 1, 0, -1 for None or absent. */
int rt_ac_bool(const ac_ctx *c, const rt_py_expr *e);

void rt_ac_ident(rt_buf *out, const char *name);

/* Appends the portable type of e for c->dialect; -1 when refused. */
int rt_ac_type(ac_ctx *c, const rt_py_expr *e, rt_buf *out);
/* Appends "DEFAULT x" text's x for a server_default value; -1 when refused. */
int rt_ac_default(ac_ctx *c, const rt_py_expr *e, rt_buf *out);
/* A column definition of table for CREATE TABLE / ADD COLUMN into def;
 * statements that must follow (indexes, comments) are pushed to after;
 * *pk is set when primary_key=True. -1 when refused. */
int rt_ac_column(ac_ctx *c, const char *table, const rt_py_expr *col, rt_buf *def,
                 rt_strv *after, bool *pk);
/* "col ON DELETE x ..." actions of a ForeignKey/ForeignKeyConstraint call. */
int rt_ac_fk_tail(ac_ctx *c, const rt_py_expr *call, rt_buf *out);
/* A literal value for INSERT or a comment ('x', 42, TRUE, NULL); -1 else. */
int rt_ac_literal(ac_ctx *c, const rt_py_expr *e, rt_buf *out);

/* Converts one call statement (op.X(...), batch_op.X(...) with batch_table
 * set, bind.execute(...)) into statements for c->dialect. -1 when refused
 * (c->why says why); 1 when the call does nothing to the database. */
int rt_ac_op(ac_ctx *c, const rt_py_expr *call, const char *batch_table, rt_strv *stmts);

#endif
