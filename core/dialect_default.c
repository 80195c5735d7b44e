/* The standard-SQL DDL of every op kind (see dialect_default.h). */
#include "dialect_default.h"

#include "naming.h"
#include "qname.h"
#include "sql_write.h"

#include <stdlib.h>
#include <string.h>

void rt_dialect_push(rt_strv *out, rt_buf *b)
{
    rt_strv_push_owned(out, rt_buf_steal(b));
}

static const rt_table *dd_table(const rt_schema *before, const char *table)
{
    return before && table ? rt_schema_find_table(before, table) : NULL;
}

const rt_column *rt_dialect_before_column(const rt_schema *before, const char *table,
                                          const char *column)
{
    const rt_table *t = dd_table(before, table);
    return t && column ? rt_table_find_column(t, column) : NULL;
}

void rt_dialect_alter_prefix(const rt_dialect_ddl *ddl, rt_buf *out, const char *table)
{
    rt_buf_append(out, "ALTER TABLE ");
    ddl->quote(out, table);
    rt_buf_putc(out, ' ');
}

void rt_dialect_alter_column_prefix(const rt_dialect_ddl *ddl, rt_buf *out, const char *table,
                                    const char *column)
{
    rt_dialect_alter_prefix(ddl, out, table);
    rt_buf_append(out, "ALTER COLUMN ");
    ddl->quote(out, column);
    rt_buf_putc(out, ' ');
}

/* The names and definitions each kind needs, so that a malformed op is an
 * error and never a NULL dereference. */
static int dd_check_members(const rt_op *op, rt_error *err)
{
    rt_op_kind k = op->kind;
    bool need_table = k != RT_OP_RAW && k != RT_OP_DROP_INDEX && k != RT_OP_CREATE_TABLE;
    bool need_name = k == RT_OP_DROP_COLUMN || k == RT_OP_RENAME_COLUMN ||
                     k == RT_OP_ALTER_TYPE || k == RT_OP_SET_NOT_NULL ||
                     k == RT_OP_DROP_NOT_NULL || k == RT_OP_SET_DEFAULT ||
                     k == RT_OP_DROP_DEFAULT || k == RT_OP_DROP_INDEX;
    bool need_new = k == RT_OP_RENAME_TABLE || k == RT_OP_RENAME_COLUMN;
    if ((need_table && !op->table_name) || (need_name && !op->name) ||
        (need_new && !op->new_name) || (k == RT_OP_SET_DEFAULT && !op->expr))
        return rt_error_set(err, RT_ENOTFOUND,
                            "The %s operation at line %d lacks a table, column or name.",
                            rt_op_kind_name(k), op->line);
    if (k == RT_OP_CREATE_TABLE && !op->table)
        return rt_error_set(err, RT_ENOTFOUND,
                            "CREATE TABLE operation carries no table definition.");
    if (k == RT_OP_ADD_COLUMN && !op->column)
        return rt_error_set(err, RT_ENOTFOUND,
                            "ADD COLUMN operation on table %s carries no column definition.",
                            op->table_name);
    if (k == RT_OP_ADD_CONSTRAINT && !op->constraint)
        return rt_error_set(err, RT_ENOTFOUND,
                            "ADD CONSTRAINT operation on table %s carries no constraint.",
                            op->table_name);
    if (k == RT_OP_CREATE_INDEX && !op->index)
        return rt_error_set(err, RT_ENOTFOUND,
                            "CREATE INDEX operation on table %s carries no index.",
                            op->table_name);
    return RT_OK;
}

static void dd_column(const rt_dialect_ddl *ddl, rt_buf *out, const rt_dialect_options *opts,
                      const rt_column *c, bool autoinc)
{
    if (ddl->column_def)
        ddl->column_def(out, opts, c, autoinc);
    else /* standard SQL has no auto-increment short of an identity */
        rt_sql_write_column(out, c, false);
}

static int dd_constraint(const rt_dialect_ddl *ddl, rt_buf *out, const rt_schema *before,
                         const rt_table *t, const rt_constraint *k, rt_error *err)
{
    if (ddl->constraint_def)
        return ddl->constraint_def(out, before, t, k, err);
    rt_sql_write_constraint(out, k, ddl->quote, ddl->empty_check ? ddl->empty_check : "");
    return RT_OK;
}

static int dd_index(const rt_dialect_ddl *ddl, rt_buf *out, const char *table,
                    const rt_table *t, const rt_index *ix, bool if_not_exists, rt_error *err)
{
    if (ddl->index_def)
        return ddl->index_def(out, table, t, ix, if_not_exists, err);
    rt_sql_write_create_index(out, table, ix, if_not_exists, ddl->quote);
    return RT_OK;
}

int rt_dialect_default_create_table(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                    const rt_schema *before, const rt_table *t,
                                    const char *as_name, bool if_not_exists, rt_buf *out,
                                    rt_error *err)
{
    /* One element per line: backends keep this text (sqlite_master), and
     * people read it there. */
    const rt_column *autoinc = rt_table_autoincrement_column(t);
    rt_buf_reset(out);
    rt_sql_write_create_table_head(out, as_name, if_not_exists, ddl->quote);
    bool first = true;
    for (size_t i = 0; i < t->ncolumns; i++, first = false) {
        rt_buf_append(out, first ? "\n    " : ",\n    ");
        dd_column(ddl, out, opts, &t->columns[i], &t->columns[i] == autoinc);
    }
    for (size_t i = 0; i < t->nconstraints; i++) {
        const rt_constraint *k = &t->constraints[i];
        if (ddl->skip_in_create && ddl->skip_in_create(t, k, if_not_exists))
            continue;
        rt_buf_append(out, first ? "\n    " : ",\n    ");
        first = false;
        int rc = dd_constraint(ddl, out, before, t, k, err);
        if (rc != RT_OK)
            return rc;
    }
    rt_buf_append(out, "\n)");
    if (ddl->table_options)
        ddl->table_options(out, t);
    return RT_OK;
}

static int dd_create_table(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                           const rt_schema *before, const rt_op *op, rt_strv *out,
                           rt_error *err)
{
    const rt_table *t = op->table;
    rt_buf b = RT_BUF_INIT;
    int rc = rt_dialect_default_create_table(ddl, opts, before, t, t->name, op->if_exists, &b,
                                             err);
    if (rc == RT_OK) {
        rt_dialect_push(out, &b);
        if (ddl->after_create)
            ddl->after_create(t, op->if_exists, out);
    }
    for (size_t i = 0; rc == RT_OK && i < t->nindexes; i++) {
        rc = dd_index(ddl, &b, t->name, t, &t->indexes[i], op->if_exists, err);
        if (rc == RT_OK)
            rt_dialect_push(out, &b);
    }
    rt_buf_free(&b);
    return rc;
}

/* An unnamed primary key goes by the backend's name for it (<table>_pkey
 * cut to the identifier limit), whatever portable name the op uses. */
static void dd_drop_constraint(const rt_dialect_ddl *ddl, const rt_schema *before,
                               const rt_op *op, rt_buf *b)
{
    const rt_table *t = dd_table(before, op->table_name);
    bool unnamed_pk = !op->name || (t && rt_naming_is_unnamed_pkey(t, op->name));
    char *pkey = unnamed_pk ? rt_dialect_pkey_name(ddl->dialect, op->table_name) : NULL;
    rt_dialect_alter_prefix(ddl, b, op->table_name);
    rt_buf_append(b, op->if_exists ? "DROP CONSTRAINT IF EXISTS " : "DROP CONSTRAINT ");
    ddl->quote(b, pkey ? pkey : op->name);
    free(pkey);
}

/* Index names are per schema in standard SQL: an owner table known from
 * ON <table> or the model only says which schema. */
static void dd_drop_index(const rt_dialect_ddl *ddl, const rt_schema *before, const rt_op *op,
                          rt_buf *b)
{
    const char *owner = op->table_name;
    rt_table *t = NULL;
    if (!owner && before && rt_schema_find_index(before, op->name, &t))
        owner = t->name;
    char *qualified = owner ? rt_qname_in_schema_of(owner, op->name) : rt_xstrdup(op->name);
    rt_buf_append(b, op->if_exists ? "DROP INDEX IF EXISTS " : "DROP INDEX ");
    ddl->quote(b, qualified);
    free(qualified);
}

int rt_dialect_default_op(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                          const rt_schema *before, const rt_op *op, rt_strv *out,
                          rt_error *err)
{
    rt_buf b = RT_BUF_INIT;
    int rc = RT_OK;
    switch (op->kind) {
    case RT_OP_CREATE_TABLE:
        return dd_create_table(ddl, opts, before, op, out, err);
    case RT_OP_DROP_TABLE:
        rt_buf_append(&b, op->if_exists ? "DROP TABLE IF EXISTS " : "DROP TABLE ");
        ddl->quote(&b, op->table_name);
        break;
    case RT_OP_RENAME_TABLE:
        rt_dialect_alter_prefix(ddl, &b, op->table_name);
        rt_buf_append(&b, "RENAME TO ");
        ddl->quote(&b, op->new_name);
        break;
    case RT_OP_ADD_COLUMN:
        rt_dialect_alter_prefix(ddl, &b, op->table_name);
        rt_buf_append(&b, "ADD COLUMN ");
        dd_column(ddl, &b, opts, op->column, false);
        break;
    case RT_OP_DROP_COLUMN:
        rt_dialect_alter_prefix(ddl, &b, op->table_name);
        rt_buf_append(&b, "DROP COLUMN ");
        ddl->quote(&b, op->name);
        break;
    case RT_OP_RENAME_COLUMN:
        rt_dialect_alter_prefix(ddl, &b, op->table_name);
        rt_buf_append(&b, "RENAME COLUMN ");
        ddl->quote(&b, op->name);
        rt_buf_append(&b, " TO ");
        ddl->quote(&b, op->new_name);
        break;
    case RT_OP_ALTER_TYPE:
        rt_dialect_alter_column_prefix(ddl, &b, op->table_name, op->name);
        rt_buf_append(&b, "TYPE ");
        if (ddl->type)
            ddl->type(&b, opts, &op->type);
        else
            rt_sql_write_type(&b, &op->type);
        break;
    case RT_OP_SET_NOT_NULL:
    case RT_OP_DROP_NOT_NULL:
        rt_dialect_alter_column_prefix(ddl, &b, op->table_name, op->name);
        rt_buf_append(&b, op->kind == RT_OP_SET_NOT_NULL ? "SET NOT NULL" : "DROP NOT NULL");
        break;
    case RT_OP_SET_DEFAULT: {
        /* the column's type may change how a default is spelled */
        const rt_column *c = rt_dialect_before_column(before, op->table_name, op->name);
        rt_type text;
        rt_type_init(&text, RT_TYPE_VARCHAR);
        rt_dialect_alter_column_prefix(ddl, &b, op->table_name, op->name);
        rt_buf_append(&b, "SET DEFAULT ");
        if (ddl->default_expr)
            ddl->default_expr(&b, c ? &c->type : &text, op->expr);
        else
            rt_buf_append(&b, op->expr);
        break;
    }
    case RT_OP_DROP_DEFAULT:
        rt_dialect_alter_column_prefix(ddl, &b, op->table_name, op->name);
        rt_buf_append(&b, "DROP DEFAULT");
        break;
    case RT_OP_ADD_CONSTRAINT:
        rt_dialect_alter_prefix(ddl, &b, op->table_name);
        rt_buf_append(&b, "ADD ");
        rc = dd_constraint(ddl, &b, before, dd_table(before, op->table_name),
                           op->constraint, err);
        break;
    case RT_OP_DROP_CONSTRAINT:
        dd_drop_constraint(ddl, before, op, &b);
        break;
    case RT_OP_CREATE_INDEX:
        rc = dd_index(ddl, &b, op->table_name, dd_table(before, op->table_name),
                      op->index, op->if_exists, err);
        break;
    case RT_OP_DROP_INDEX:
        dd_drop_index(ddl, before, op, &b);
        break;
    case RT_OP_COMMENT:
        rt_sql_write_comment_on(&b, op->table_name, op->name, op->expr, ddl->quote);
        break;
    case RT_OP_RAW:
        rt_buf_append(&b, op->expr ? op->expr : "");
        break;
    }
    if (rc == RT_OK)
        rt_dialect_push(out, &b);
    rt_buf_free(&b);
    return rc;
}

int rt_dialect_default_render(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                              const rt_schema *before, const rt_op *op, rt_strv *out,
                              rt_error *err)
{
    int rc = dd_check_members(op, err);
    if (rc == RT_OK)
        rc = rt_dialect_check_op(ddl->dialect, op, err);
    if (rc == RT_OK && ddl->check_op)
        rc = ddl->check_op(before, op, err);
    if (rc != RT_OK)
        return rc;
    if ((unsigned)op->kind < RT_OP_KIND_COUNT && ddl->ops[op->kind])
        return ddl->ops[op->kind](ddl, opts, before, op, out, err);
    return rt_dialect_default_op(ddl, opts, before, op, out, err);
}
