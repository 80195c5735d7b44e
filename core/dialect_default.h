/* The default renderer: the standard-SQL DDL of every op kind, written
 * once, which a dialect overrides only where its backend differs (as
 * Alembic's DefaultImpl serves its dialects and SQLAlchemy's DDLCompiler
 * its compilers). A dialect describes itself with an rt_dialect_ddl: the
 * pieces of a statement that differ (quoting, column and constraint
 * definitions, the index statement, default expressions) as hooks, and a
 * whole op kind that differs as an entry of ops[]. NULL means "the
 * standard form"; an override may call rt_dialect_default_op for the
 * standard statement and add what its backend needs around it.
 */
#ifndef RT_DIALECT_DEFAULT_H
#define RT_DIALECT_DEFAULT_H

#include "dialect.h"
#include "sql_render.h"

typedef struct rt_dialect_ddl rt_dialect_ddl;

typedef int (*rt_dialect_op_fn)(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                const rt_schema *before, const rt_op *op, rt_strv *out,
                                rt_error *err);

#define RT_OP_KIND_COUNT (RT_OP_RAW + 1)

struct rt_dialect_ddl {
    const rt_dialect *dialect; /* its limits and caps (rt_dialect_check_op) */
    rt_quote_fn quote;         /* identifiers; required */
    /* What a CHECK the model holds without its expression is written as
     * by the standard constraint definition (PostgreSQL refuses CHECK ()). */
    const char *empty_check;

    /* The backend's own refusals of op, after rt_dialect_check_op and
     * before anything is rendered; NULL: none. */
    int (*check_op)(const rt_schema *before, const rt_op *op, rt_error *err);
    /* A column definition (CREATE TABLE, ADD COLUMN); autoinc: t's
     * auto-increment column (rt_table_autoincrement_column) inside CREATE
     * TABLE, whose form is the dialect's own. NULL: rt_sql_write_column,
     * without one. */
    void (*column_def)(rt_buf *out, const rt_dialect_options *opts, const rt_column *c,
                       bool autoinc);
    /* True for a constraint of t that CREATE TABLE leaves out (written
     * inline on a column, or added by after_create); NULL: none. */
    bool (*skip_in_create)(const rt_table *t, const rt_constraint *k, bool if_not_exists);
    /* A table constraint (CREATE TABLE, ADD CONSTRAINT); t is the table
     * holding it (NULL when the model lacks it). NULL: rt_sql_write_constraint. */
    int (*constraint_def)(rt_buf *out, const rt_schema *before, const rt_table *t,
                          const rt_constraint *k, rt_error *err);
    /* Appended after CREATE TABLE's closing parenthesis; NULL: nothing. */
    void (*table_options)(rt_buf *out, const rt_table *t);
    /* Statements right after CREATE TABLE, before its indexes; NULL: none. */
    void (*after_create)(const rt_table *t, bool if_not_exists, rt_strv *out);
    /* CREATE INDEX of ix on table (t: its model, may be NULL). NULL:
     * rt_sql_write_create_index. */
    int (*index_def)(rt_buf *out, const char *table, const rt_table *t, const rt_index *ix,
                     bool if_not_exists, rt_error *err);
    /* A default expression for a column of type t (SET DEFAULT). NULL:
     * expr as written. */
    void (*default_expr)(rt_buf *out, const rt_type *t, const char *expr);
    /* A type name (ALTER COLUMN ... TYPE). NULL: rt_sql_write_type. */
    void (*type)(rt_buf *out, const rt_dialect_options *opts, const rt_type *t);

    /* A whole op kind the backend renders its own way; NULL: the default. */
    rt_dialect_op_fn ops[RT_OP_KIND_COUNT];
};

/* What every dialect's render is: the checks every op passes (its names
 * present, rt_dialect_check_op, ddl->check_op), then ddl->ops[kind] or
 * the default. */
int rt_dialect_default_render(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                              const rt_schema *before, const rt_op *op, rt_strv *out,
                              rt_error *err);

/* The standard statements of op, built from ddl's hooks (never ops[]). */
int rt_dialect_default_op(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                          const rt_schema *before, const rt_op *op, rt_strv *out,
                          rt_error *err);

/* The CREATE TABLE statement of t under the name as_name (a table rebuild
 * creates the new definition under a temporary name), into out (reset
 * first). */
int rt_dialect_default_create_table(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                    const rt_schema *before, const rt_table *t,
                                    const char *as_name, bool if_not_exists, rt_buf *out,
                                    rt_error *err);

/* "ALTER TABLE <table> " and "ALTER TABLE <table> ALTER COLUMN <column> ". */
void rt_dialect_alter_prefix(const rt_dialect_ddl *ddl, rt_buf *out, const char *table);
void rt_dialect_alter_column_prefix(const rt_dialect_ddl *ddl, rt_buf *out, const char *table,
                                    const char *column);

/* Moves b's text into out as one statement; b is empty and reusable after. */
void rt_dialect_push(rt_strv *out, rt_buf *b);

/* The column of table in before, NULL when the model lacks either. Borrowed. */
const rt_column *rt_dialect_before_column(const rt_schema *before, const char *table,
                                          const char *column);

#endif
