#include "dialect.h"

#include <string.h>

const rt_dialect *rt_dialect_find(const char *name)
{
    static const rt_dialect *const all[] = {
        &rt_dialect_sqlite, &rt_dialect_postgresql, &rt_dialect_mysql,
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}

static int dl_check_type(const rt_dialect *d, const rt_type *t, const char *table,
                         const char *column, rt_error *err)
{
    bool varchar = t->kind == RT_TYPE_VARCHAR;
    int max = varchar ? d->max_varchar_length : t->kind == RT_TYPE_CHAR ? d->max_char_length : 0;
    if (max <= 0 || t->length <= max)
        return RT_OK;
    return rt_error_set(err, RT_ENOTSUPPORTED,
                        "column \"%s\" of table \"%s\": %s(%d) is longer than %s allows "
                        "(at most %s(%d)); use TEXT for longer text.",
                        column ? column : "", table ? table : "", varchar ? "VARCHAR" : "CHAR",
                        t->length, d->name, varchar ? "VARCHAR" : "CHAR", max);
}

static int dl_check_constraint(const rt_dialect *d, const rt_constraint *k, const char *table,
                               rt_error *err)
{
    if (k->kind != RT_CONSTRAINT_FOREIGN_KEY || !k->deferrable ||
        (d->caps & RT_DIALECT_DEFERRABLE_FK))
        return RT_OK;
    return rt_error_set(err, RT_ENOTSUPPORTED,
                        "foreign key \"%s\" of table \"%s\" is DEFERRABLE, which %s does not "
                        "have (it checks a foreign key at each row, never at commit); drop "
                        "DEFERRABLE or put the statement in a -- dialect: block.",
                        k->name ? k->name : "", table ? table : "", d->name);
}

int rt_dialect_check_op(const rt_dialect *d, const rt_op *op, rt_error *err)
{
    int rc = RT_OK;
    switch (op->kind) {
    case RT_OP_CREATE_TABLE:
        if (!op->table)
            break;
        for (size_t i = 0; i < op->table->ncolumns && rc == RT_OK; i++)
            rc = dl_check_type(d, &op->table->columns[i].type, op->table->name,
                               op->table->columns[i].name, err);
        for (size_t i = 0; i < op->table->nconstraints && rc == RT_OK; i++)
            rc = dl_check_constraint(d, &op->table->constraints[i], op->table->name, err);
        break;
    case RT_OP_ADD_COLUMN:
        if (op->column)
            rc = dl_check_type(d, &op->column->type, op->table_name, op->column->name, err);
        break;
    case RT_OP_ALTER_TYPE:
        rc = dl_check_type(d, &op->type, op->table_name, op->name, err);
        break;
    case RT_OP_ADD_CONSTRAINT:
        if (op->constraint)
            rc = dl_check_constraint(d, op->constraint, op->table_name, err);
        break;
    default:
        break;
    }
    return rc;
}

int rt_dialect_render_all(const rt_dialect *d, const rt_dialect_options *opts,
                          rt_schema *model, const rt_oplist *ops, rt_strv *out,
                          rt_error *err)
{
    for (size_t i = 0; i < ops->n; i++) {
        int rc = d->render(opts, model, &ops->items[i], out, err);
        if (rc != RT_OK)
            return rc;
        rc = rt_schema_apply(model, &ops->items[i], false, err);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}
