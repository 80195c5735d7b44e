#include "dialect.h"
#include "backend_registry.h"
#include "version_log.h"
#include "naming.h"
#include "qname.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const rt_dialect *rt_dialect_find(const char *name)
{
    const rt_backend *b = rt_backend_named(name);
    return b ? b->dialect : NULL;
}

bool rt_dialect_setting_parse(const rt_dialect_setting *s, const char *text, int *value)
{
    char *end = NULL;
    errno = 0;
    long n = text ? strtol(text, &end, 10) : 0;
    if (!text || !*text || *end != '\0' || errno != 0 || n < s->min || n > s->max)
        return false;
    *value = (int)n;
    return true;
}

int rt_dialect_setting_int(const rt_dialect *d, const rt_dialect_options *opts, const char *key)
{
    const rt_dialect_setting *s = d->settings;
    while (s && s->key && strcmp(s->key, key) != 0)
        s++;
    if (!s || !s->key)
        return 0; /* not declared: test_backend_registry reads every one */
    size_t dlen = strlen(d->name), klen = strlen(key);
    int value = s->def;
    for (size_t i = 0; opts && opts->settings && i < opts->settings->n; i++) {
        const char *item = opts->settings->items[i];
        if (strncmp(item, d->name, dlen) == 0 && item[dlen] == '_' &&
            strncmp(item + dlen + 1, key, klen) == 0 && item[dlen + 1 + klen] == '=' &&
            !rt_dialect_setting_parse(s, item + dlen + klen + 2, &value))
            value = s->def;
    }
    return value;
}

/* A dialect that serves several backends is listed once. */
static bool dl_seen_before(size_t k, const rt_dialect *d)
{
    for (size_t j = 0; j < k; j++)
        if (rt_backend_at(j)->dialect == d)
            return true;
    return false;
}

const rt_dialect_setting *rt_dialect_setting_at(size_t i, const rt_dialect **d)
{
    const rt_backend *b;
    for (size_t k = 0; (b = rt_backend_at(k)); k++) {
        if (dl_seen_before(k, b->dialect))
            continue;
        for (const rt_dialect_setting *s = b->dialect->settings; s && s->key; s++)
            if (i-- == 0) {
                *d = b->dialect;
                return s;
            }
    }
    return NULL;
}

char *rt_dialect_pkey_name(const rt_dialect *d, const char *table)
{
    if (!d->pkey_suffix)
        return NULL;
    table = rt_qname_local(table); /* the key lives in the table's schema */
    size_t keep = strlen(table), suffix = strlen(d->pkey_suffix);
    if (d->max_ident_len && keep + suffix > d->max_ident_len)
        keep = d->max_ident_len > suffix ? d->max_ident_len - suffix : 0;
    return rt_xasprintf("%.*s%s", (int)keep, table, d->pkey_suffix);
}

static int dl_check_name(const rt_dialect *d, const char *what, const char *name, rt_error *err)
{
    /* schema.table: the limit holds for each part */
    size_t len = name ? strlen(rt_qname_local(name)) : 0;
    if (rt_qname_schema_len(name) > len)
        len = rt_qname_schema_len(name);
    if (!d->max_ident_len || len <= d->max_ident_len)
        return RT_OK;
    /* PostgreSQL would cut the name silently (and check would then report
     * a difference forever); MySQL says only "Incorrect table name". */
    return rt_error_set(err, RT_ENOTSUPPORTED,
                        "%s name \"%s\" is %zu bytes long; %s allows at most %zu bytes in a "
                        "name. Choose a shorter name.",
                        what, name, len, d->name, d->max_ident_len);
}

/* Every name op brings into the database. */
static int dl_check_names(const rt_dialect *d, const rt_op *op, rt_error *err)
{
    int rc = RT_OK;
    switch (op->kind) {
    case RT_OP_CREATE_TABLE:
        if (!op->table)
            break;
        rc = dl_check_name(d, "Table", op->table->name, err);
        for (size_t i = 0; rc == RT_OK && i < op->table->ncolumns; i++)
            rc = dl_check_name(d, "Column", op->table->columns[i].name, err);
        for (size_t i = 0; rc == RT_OK && i < op->table->nconstraints; i++)
            rc = dl_check_name(d, "Constraint", op->table->constraints[i].name, err);
        for (size_t i = 0; rc == RT_OK && i < op->table->nindexes; i++)
            rc = dl_check_name(d, "Index", op->table->indexes[i].name, err);
        break;
    case RT_OP_RENAME_TABLE: rc = dl_check_name(d, "Table", op->new_name, err); break;
    case RT_OP_ADD_COLUMN:
        rc = op->column ? dl_check_name(d, "Column", op->column->name, err) : RT_OK;
        break;
    case RT_OP_RENAME_COLUMN: rc = dl_check_name(d, "Column", op->new_name, err); break;
    case RT_OP_ADD_CONSTRAINT:
        rc = op->constraint ? dl_check_name(d, "Constraint", op->constraint->name, err) : RT_OK;
        break;
    case RT_OP_CREATE_INDEX:
        rc = op->index ? dl_check_name(d, "Index", op->index->name, err) : RT_OK;
        break;
    default:
        break;
    }
    return rc;
}

/* One name for one index per schema, as PostgreSQL and SQLite have it: on
 * MySQL, where names are per table, a reused name would work there only
 * and leave a later DROP INDEX to pick one of the two. */
static int dl_check_index_reuse(const rt_schema *before, const rt_op *op, rt_error *err)
{
    if (op->kind != RT_OP_CREATE_INDEX || !op->index || !op->index->name || !op->table_name)
        return RT_OK;
    rt_table *owner = NULL;
    if (!rt_schema_find_index(before, op->index->name, &owner) ||
        strcmp(owner->name, op->table_name) == 0)
        return RT_OK;
    return rt_error_set(err, RT_EPARSE,
                        "index \"%s\" already exists on table \"%s\"; index names are unique "
                        "per schema (PostgreSQL, SQLite), so it cannot name an index of table "
                        "\"%s\" too. Choose another name.",
                        op->index->name, owner->name, op->table_name);
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
    if (k->kind == RT_CONSTRAINT_FOREIGN_KEY && !(d->caps & RT_DIALECT_FK_SET_DEFAULT) &&
        (k->on_delete == RT_FK_SET_DEFAULT || k->on_update == RT_FK_SET_DEFAULT))
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "foreign key \"%s\" of table \"%s\" has ON %s SET DEFAULT, which %s "
                            "does not enforce; use another action or put the statement in a "
                            "-- dialect: block.",
                            k->name ? k->name : "", table ? table : "",
                            k->on_delete == RT_FK_SET_DEFAULT ? "DELETE" : "UPDATE", d->name);
    if (k->kind != RT_CONSTRAINT_FOREIGN_KEY || !k->deferrable ||
        (d->caps & RT_DIALECT_DEFERRABLE_FK))
        return RT_OK;
    return rt_error_set(err, RT_ENOTSUPPORTED,
                        "foreign key \"%s\" of table \"%s\" is DEFERRABLE, which %s does not "
                        "have (it checks a foreign key at each row, never at commit); drop "
                        "DEFERRABLE or put the statement in a -- dialect: block.",
                        k->name ? k->name : "", table ? table : "", d->name);
}

static int dl_check_schema(const rt_dialect *d, const char *table, rt_error *err)
{
    if (!rt_qname_is_qualified(table) || (d->caps & RT_DIALECT_SCHEMAS))
        return RT_OK;
    char *schema = rt_qname_schema(table);
    rt_error_set(err, RT_ENOTSUPPORTED,
                 "table \"%s\" is in schema \"%s\", and %s has no schemas (an ATTACHed "
                 "database is not supported); keep the table in the default schema or put "
                 "the statement in a -- dialect: block.",
                 table, schema, d->name);
    free(schema);
    return RT_ENOTSUPPORTED;
}

/* Does raw SQL start with CREATE SCHEMA or DROP SCHEMA? */
static bool dl_is_schema_ddl(const char *sql)
{
    while (sql && isspace((unsigned char)*sql))
        sql++;
    if (!sql || (strncasecmp(sql, "CREATE", 6) != 0 && strncasecmp(sql, "DROP", 4) != 0))
        return false;
    sql += toupper((unsigned char)*sql) == 'C' ? 6 : 4;
    if (!isspace((unsigned char)*sql))
        return false;
    while (isspace((unsigned char)*sql))
        sql++;
    return strncasecmp(sql, "SCHEMA", 6) == 0 &&
           !(isalnum((unsigned char)sql[6]) || sql[6] == '_');
}

static int dl_check_schemas(const rt_dialect *d, const rt_op *op, rt_error *err)
{
    if (d->caps & RT_DIALECT_SCHEMAS)
        return RT_OK;
    if (op->kind == RT_OP_RAW && dl_is_schema_ddl(op->expr))
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "%s has no schemas: CREATE SCHEMA and DROP SCHEMA belong in a "
                            "-- dialect: postgresql, mysql block.",
                            d->name);
    int rc = dl_check_schema(d, op->table_name, err);
    if (rc == RT_OK && op->table)
        rc = dl_check_schema(d, op->table->name, err);
    const rt_constraint *ks = op->table ? op->table->constraints : op->constraint;
    size_t nks = op->table ? op->table->nconstraints : op->constraint ? 1 : 0;
    for (size_t i = 0; i < nks && rc == RT_OK; i++)
        rc = dl_check_schema(d, ks[i].ref_table, err);
    return rc;
}

int rt_dialect_check_op(const rt_dialect *d, const rt_op *op, rt_error *err)
{
    int rc = dl_check_schemas(d, op, err);
    if (rc == RT_OK)
        rc = dl_check_names(d, op, err);
    if (rc != RT_OK)
        return rc;
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
        if (rc == RT_OK && op->expr && !(d->caps & RT_DIALECT_ALTER_TYPE_USING))
            rc = rt_error_set(err, RT_ENOTSUPPORTED,
                              "column \"%s\" of table \"%s\": %s has no ALTER COLUMN ... "
                              "TYPE ... USING; write the type change without USING in a "
                              "-- dialect: block for %s (it converts each value itself).",
                              op->name ? op->name : "", op->table_name ? op->table_name : "",
                              d->name, d->name);
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

/* PostgreSQL and MySQL refuse to drop a table another table's foreign key
 * refers to (2BP01, 1451) once earlier statements have run, and SQLite
 * leaves the key pointing at nothing: refused everywhere, first. */
static int dl_check_drop_referenced(const rt_schema *before, const rt_op *op, rt_error *err)
{
    size_t cursor = 0;
    const rt_table *owner = NULL;
    const rt_constraint *fk = op->kind == RT_OP_DROP_TABLE && before
                                  ? rt_schema_next_fk_to(before, op->table_name, NULL, &cursor, &owner)
                                  : NULL;
    if (!fk)
        return RT_OK;
    return rt_error_set(err, RT_ENOTSUPPORTED,
                        "cannot drop table \"%s\": foreign key \"%s\" of table \"%s\" refers "
                        "to it. Drop that key (or table \"%s\") first.",
                        op->table_name, fk->name ? fk->name : "", owner->name, owner->name);
}

/* Dropping one column of a multi-column PRIMARY KEY, UNIQUE constraint or
 * unique index: PostgreSQL drops the whole key silently, MariaDB refuses
 * (1072 "Key column doesn't exist"), SQLite can only rebuild. Shrinking
 * the key would change what is unique, so it is refused everywhere, first,
 * with the statement that makes the intent explicit. */
static int dl_check_drop_key_column(const rt_schema *before, const rt_op *op, rt_error *err)
{
    const rt_table *t = op->kind == RT_OP_DROP_COLUMN && before && op->name
                            ? rt_schema_find_table(before, op->table_name)
                            : NULL;
    for (size_t i = 0; t && i < t->nconstraints; i++) {
        const rt_constraint *k = &t->constraints[i];
        bool pk = k->kind == RT_CONSTRAINT_PRIMARY_KEY;
        if ((!pk && k->kind != RT_CONSTRAINT_UNIQUE) || k->columns.n < 2 ||
            rt_strv_find(&k->columns, op->name) < 0)
            continue;
        char *cols = rt_strv_join(&k->columns, ", ");
        char *name = k->name ? rt_xstrdup(k->name) : rt_naming_primary_key(t->name);
        rt_error_set(err, RT_ENOTSUPPORTED,
                     "cannot drop column \"%s\" of table \"%s\": it is one of the columns "
                     "of %s \"%s\" (%s), which PostgreSQL would drop whole and MySQL/MariaDB "
                     "refuse to change. Write ALTER TABLE %s DROP CONSTRAINT %s first (and "
                     "add a new %s on the remaining columns if they must stay unique).",
                     op->name, t->name, pk ? "primary key" : "unique constraint", name, cols,
                     t->name, name, pk ? "PRIMARY KEY" : "UNIQUE constraint");
        free(cols);
        free(name);
        return RT_ENOTSUPPORTED;
    }
    for (size_t i = 0; t && i < t->nindexes; i++) {
        const rt_index *ix = &t->indexes[i];
        if (!ix->unique || ix->columns.n < 2 || rt_strv_find(&ix->columns, op->name) < 0)
            continue;
        char *cols = rt_strv_join(&ix->columns, ", ");
        rt_error_set(err, RT_ENOTSUPPORTED,
                     "cannot drop column \"%s\" of table \"%s\": it is one of the columns "
                     "of unique index \"%s\" (%s), which PostgreSQL would drop whole and "
                     "MySQL/MariaDB refuse to change. Write DROP INDEX %s first (and create a "
                     "new unique index on the remaining columns if they must stay unique).",
                     op->name, t->name, ix->name, cols, ix->name);
        free(cols);
        return RT_ENOTSUPPORTED;
    }
    return RT_OK;
}

int rt_dialect_render(const rt_dialect *d, const rt_dialect_options *opts,
                      const rt_schema *before, const rt_op *op, rt_strv *out, rt_error *err)
{
    /* The op-level refusals (rt_dialect_check_op) run inside d->render,
     * which every dialect starts with; this adds what needs the model. */
    int rc = dl_check_index_reuse(before, op, err);
    if (rc == RT_OK)
        rc = dl_check_drop_referenced(before, op, err);
    if (rc == RT_OK)
        rc = dl_check_drop_key_column(before, op, err);
    if (rc == RT_OK)
        rc = d->render(opts, before, op, out, err);
    return rc;
}

int rt_dialect_render_all(const rt_dialect *d, const rt_dialect_options *opts,
                          rt_schema *model, const rt_oplist *ops, rt_strv *out,
                          rt_error *err)
{
    for (size_t i = 0; i < ops->n; i++) {
        int rc = rt_dialect_render(d, opts, model, &ops->items[i], out, err);
        if (rc != RT_OK)
            return rc;
        rc = rt_schema_apply(model, &ops->items[i], false, err);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}

int rt_dialect_reflect(rt_db *db, const rt_dialect_options *opts, const char *version_table,
                       rt_schema *out, rt_error *err)
{
    int rc = rt_db_dialect(db)->reflect(db, opts, version_table, out, err);
    if (rc == RT_OK && version_table) {
        char *log_table = rt_version_log_name(version_table);
        rt_schema_remove_table(out, log_table);
        free(log_table);
    }
    return rc;
}
