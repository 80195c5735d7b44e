/* The SQLite dialect.
 *
 * SQLite's ALTER TABLE only adds, renames and (since 3.35) drops columns, so
 * every other change to a column or a constraint goes through the table
 * rebuild SQLite's documentation describes: create the new definition under
 * a temporary name, copy the rows, drop the old table, rename the new one,
 * re-create the indexes. The new definition comes from the model as it is
 * before the op with the op applied to a copy of it.
 *
 * Reflection reads only the catalog through SQL (sqlite_master and the
 * pragma_* table-valued functions), so it works the same through ODBC.
 */
#include "dialect.h"
#include "naming.h"
#include "sql_parse.h"
#include "sql_write.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SQ_TMP_PREFIX "_retort_tmp_"

/* ---------------------------------------------------------------- quoting */

static void sq_quote_ident(rt_buf *out, const char *name)
{
    if (!rt_ident_needs_quotes(name)) {
        rt_buf_append(out, name);
        return;
    }
    rt_buf_putc(out, '"');
    for (const char *p = name; *p; p++) {
        if (*p == '"')
            rt_buf_putc(out, '"');
        rt_buf_putc(out, *p);
    }
    rt_buf_putc(out, '"');
}

static void sq_quote_literal(rt_buf *out, const char *s)
{
    rt_buf_putc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            rt_buf_putc(out, '\'');
        rt_buf_putc(out, *p);
    }
    rt_buf_putc(out, '\'');
}

static void sq_ident_list(rt_buf *out, const rt_strv *v)
{
    rt_buf_putc(out, '(');
    for (size_t i = 0; i < v->n; i++) {
        if (i)
            rt_buf_append(out, ", ");
        sq_quote_ident(out, v->items[i]);
    }
    rt_buf_putc(out, ')');
}

/* ------------------------------------------------------------- rendering */

/* SQLite keeps the declared type verbatim (only its affinity matters to the
 * engine), so the portable spelling is written as is and comes back intact. */
static void sq_type(rt_buf *out, const rt_type *t)
{
    switch (t->kind) {
    case RT_TYPE_INTEGER: rt_buf_append(out, "INTEGER"); break;
    case RT_TYPE_BIGINT: rt_buf_append(out, "BIGINT"); break;
    case RT_TYPE_SMALLINT: rt_buf_append(out, "SMALLINT"); break;
    case RT_TYPE_BOOLEAN: rt_buf_append(out, "BOOLEAN"); break;
    case RT_TYPE_VARCHAR:
        if (t->length > 0)
            rt_buf_printf(out, "VARCHAR(%d)", t->length);
        else
            rt_buf_append(out, "VARCHAR");
        break;
    case RT_TYPE_TEXT: rt_buf_append(out, "TEXT"); break;
    case RT_TYPE_NUMERIC:
        if (t->precision >= 0 && t->scale >= 0)
            rt_buf_printf(out, "NUMERIC(%d, %d)", t->precision, t->scale);
        else if (t->precision >= 0)
            rt_buf_printf(out, "NUMERIC(%d)", t->precision);
        else
            rt_buf_append(out, "NUMERIC");
        break;
    case RT_TYPE_REAL: rt_buf_append(out, "REAL"); break;
    case RT_TYPE_DOUBLE: rt_buf_append(out, "DOUBLE PRECISION"); break;
    case RT_TYPE_DATE: rt_buf_append(out, "DATE"); break;
    case RT_TYPE_TIME: rt_buf_append(out, "TIME"); break;
    case RT_TYPE_TIMESTAMP: rt_buf_append(out, "TIMESTAMP"); break;
    case RT_TYPE_TIMESTAMPTZ: rt_buf_append(out, "TIMESTAMP WITH TIME ZONE"); break;
    case RT_TYPE_BLOB: rt_buf_append(out, "BLOB"); break;
    case RT_TYPE_JSON: rt_buf_append(out, "JSON"); break;
    case RT_TYPE_UUID: rt_buf_append(out, "UUID"); break;
    }
}

/* autoinc: the column is rt_table_autoincrement_column(); written inline as
 * "<name> INTEGER PRIMARY KEY", which makes it an alias of the rowid (and so
 * auto-assigned). No NOT NULL there: a rowid is never NULL anyway. */
static void sq_column_def(rt_buf *out, const rt_column *c, bool autoinc)
{
    sq_quote_ident(out, c->name);
    rt_buf_putc(out, ' ');
    sq_type(out, &c->type);
    if (autoinc)
        rt_buf_append(out, " PRIMARY KEY");
    else if (c->not_null)
        rt_buf_append(out, " NOT NULL");
    if (c->default_sql) {
        rt_buf_append(out, " DEFAULT ");
        rt_buf_append(out, c->default_sql);
    }
}

static const char *sq_fk_action(rt_fk_action a)
{
    switch (a) {
    case RT_FK_RESTRICT: return "RESTRICT";
    case RT_FK_CASCADE: return "CASCADE";
    case RT_FK_SET_NULL: return "SET NULL";
    case RT_FK_SET_DEFAULT: return "SET DEFAULT";
    case RT_FK_NO_ACTION: break;
    }
    return NULL;
}

static void sq_constraint_def(rt_buf *out, const rt_constraint *k)
{
    if (k->name) {
        rt_buf_append(out, "CONSTRAINT ");
        sq_quote_ident(out, k->name);
        rt_buf_putc(out, ' ');
    }
    switch (k->kind) {
    case RT_CONSTRAINT_PRIMARY_KEY:
        rt_buf_append(out, "PRIMARY KEY ");
        sq_ident_list(out, &k->columns);
        break;
    case RT_CONSTRAINT_UNIQUE:
        rt_buf_append(out, "UNIQUE ");
        sq_ident_list(out, &k->columns);
        break;
    case RT_CONSTRAINT_FOREIGN_KEY: {
        rt_buf_append(out, "FOREIGN KEY ");
        sq_ident_list(out, &k->columns);
        rt_buf_append(out, " REFERENCES ");
        sq_quote_ident(out, k->ref_table);
        if (k->ref_columns.n) {
            rt_buf_putc(out, ' ');
            sq_ident_list(out, &k->ref_columns);
        }
        const char *del = sq_fk_action(k->on_delete);
        const char *upd = sq_fk_action(k->on_update);
        if (del)
            rt_buf_printf(out, " ON DELETE %s", del);
        if (upd)
            rt_buf_printf(out, " ON UPDATE %s", upd);
        break;
    }
    case RT_CONSTRAINT_CHECK:
        rt_buf_append(out, "CHECK (");
        rt_buf_append(out, k->check_sql ? k->check_sql : "");
        rt_buf_putc(out, ')');
        break;
    }
}

/* CREATE TABLE for t under the name as_name (the rebuild creates the new
 * definition under a temporary name). One element per line: SQLite keeps
 * this text in sqlite_master, where people read it. */
static char *sq_create_table_sql(const rt_table *t, const char *as_name)
{
    rt_buf b = RT_BUF_INIT;
    const rt_column *autoinc = rt_table_autoincrement_column(t);
    rt_buf_append(&b, "CREATE TABLE ");
    sq_quote_ident(&b, as_name);
    rt_buf_append(&b, " (");
    bool first = true;
    for (size_t i = 0; i < t->ncolumns; i++) {
        rt_buf_append(&b, first ? "\n    " : ",\n    ");
        first = false;
        sq_column_def(&b, &t->columns[i], &t->columns[i] == autoinc);
    }
    for (size_t i = 0; i < t->nconstraints; i++) {
        const rt_constraint *k = &t->constraints[i];
        if (k->kind == RT_CONSTRAINT_PRIMARY_KEY && autoinc)
            continue; /* written inline on the column */
        rt_buf_append(&b, first ? "\n    " : ",\n    ");
        first = false;
        sq_constraint_def(&b, k);
    }
    rt_buf_append(&b, "\n)");
    return rt_buf_steal(&b);
}

static char *sq_create_index_sql(const char *table, const rt_index *ix)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    sq_quote_ident(&b, ix->name);
    rt_buf_append(&b, " ON ");
    sq_quote_ident(&b, table);
    rt_buf_putc(&b, ' ');
    sq_ident_list(&b, &ix->columns);
    return rt_buf_steal(&b);
}

/* Case-insensitive identifier match of name anywhere in a CHECK expression,
 * outside string literals; SQLite resolves unquoted names without regard to
 * case, and a quoted one as written. */
static bool sq_expr_mentions(const char *expr, const char *name)
{
    size_t nlen = strlen(name);
    const char *p = expr;
    while (p && *p) {
        if (*p == '\'') {
            p = strchr(p + 1, '\'');
            while (p && p[1] == '\'')
                p = strchr(p + 2, '\'');
            if (p)
                p++;
        } else if (*p == '"' || *p == '`' || *p == '[') {
            char close = *p == '[' ? ']' : *p;
            const char *s = p + 1;
            const char *e = strchr(s, close);
            if (!e)
                return false;
            if ((size_t)(e - s) == nlen && strncmp(s, name, nlen) == 0)
                return true;
            p = e + 1;
        } else if (isalpha((unsigned char)*p) || *p == '_') {
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '$')
                p++;
            if ((size_t)(p - s) == nlen && strncasecmp(s, name, nlen) == 0)
                return true;
        } else {
            p++;
        }
    }
    return false;
}

static bool sq_column_in_constraints(const rt_table *t, const char *col)
{
    for (size_t i = 0; i < t->nconstraints; i++) {
        const rt_constraint *k = &t->constraints[i];
        if (k->kind == RT_CONSTRAINT_CHECK) {
            if (k->check_sql && sq_expr_mentions(k->check_sql, col))
                return true;
        } else if (rt_strv_find(&k->columns, col) >= 0) {
            return true;
        }
    }
    for (size_t i = 0; i < t->nindexes; i++)
        if (rt_strv_find(&t->indexes[i].columns, col) >= 0)
            return true;
    return false;
}

static bool sq_strv_all_in_table(const rt_table *t, const rt_strv *cols)
{
    for (size_t i = 0; i < cols->n; i++)
        if (!rt_table_find_column(t, cols->items[i]))
            return false;
    return true;
}

/* After a DROP COLUMN applied on the model copy, removes what would still
 * name the dropped column, as PostgreSQL does with the indexes and table
 * constraints involving it; otherwise the new CREATE TABLE would refer to a
 * column that no longer exists. */
static void sq_drop_dependents(rt_table *t, const char *col)
{
    for (size_t i = t->nconstraints; i-- > 0;) {
        rt_constraint *k = &t->constraints[i];
        bool dead = k->kind == RT_CONSTRAINT_CHECK
                        ? (k->check_sql && sq_expr_mentions(k->check_sql, col))
                        : !sq_strv_all_in_table(t, &k->columns);
        if (dead) {
            rt_constraint_free(k);
            memmove(k, k + 1, (t->nconstraints - i - 1) * sizeof *k);
            t->nconstraints--;
        }
    }
    for (size_t i = t->nindexes; i-- > 0;) {
        rt_index *ix = &t->indexes[i];
        if (!sq_strv_all_in_table(t, &ix->columns)) {
            rt_index_free(ix);
            memmove(ix, ix + 1, (t->nindexes - i - 1) * sizeof *ix);
            t->nindexes--;
        }
    }
}

static const char *sq_rebuild_reason(rt_op_kind k)
{
    switch (k) {
    case RT_OP_ADD_COLUMN: return "add this column";
    case RT_OP_DROP_COLUMN: return "drop a column used by a key, index or CHECK";
    case RT_OP_ALTER_TYPE: return "change a column's type";
    case RT_OP_SET_NOT_NULL: return "add NOT NULL to a column";
    case RT_OP_DROP_NOT_NULL: return "drop NOT NULL from a column";
    case RT_OP_SET_DEFAULT: return "change a column's default";
    case RT_OP_DROP_DEFAULT: return "drop a column's default";
    case RT_OP_ADD_CONSTRAINT: return "add a constraint";
    case RT_OP_DROP_CONSTRAINT: return "drop a constraint";
    default: return "alter this table";
    }
}

/* The table rebuild (https://sqlite.org/lang_altertable.html#otheralter).
 * legacy_alter_table is on around the final RENAME because the modern
 * RENAME re-checks every view and trigger of the schema, and one that
 * refers to the table fails while the table is briefly absent. The pragma
 * is a plain flag, valid inside the revision's transaction. */
static int sq_rebuild(const rt_schema *before, const rt_op *op, rt_strv *out, rt_error *err)
{
    const rt_table *old = rt_schema_find_table(before, op->table_name);
    if (!old)
        return rt_error_set(err, RT_ENOTFOUND,
                            "Cannot %s on SQLite table \"%s\": SQLite needs a table rebuild for "
                            "that, and the rebuild needs the table's definition, but the table "
                            "was not created by a revision retort knows (created outside retort "
                            "or by raw SQL).",
                            sq_rebuild_reason(op->kind), op->table_name);

    rt_schema copy = RT_SCHEMA_INIT;
    rt_schema_copy(&copy, before);
    int rc = rt_schema_apply(&copy, op, true, err);
    if (rc != RT_OK) {
        rt_schema_free(&copy);
        return rc;
    }
    rt_table *nt = rt_schema_find_table(&copy, op->table_name);
    if (!nt) {
        rt_schema_free(&copy);
        return rt_error_set(err, RT_ENOTFOUND,
                            "Table \"%s\" vanished from the model while rebuilding it.",
                            op->table_name);
    }
    if (op->kind == RT_OP_DROP_COLUMN)
        sq_drop_dependents(nt, op->name);

    char *tmp = rt_xasprintf("%s%s", SQ_TMP_PREFIX, nt->name);
    rt_strv_push_owned(out, sq_create_table_sql(nt, tmp));

    rt_buf b = RT_BUF_INIT;
    rt_buf cols = RT_BUF_INIT;
    for (size_t i = 0; i < nt->ncolumns; i++) {
        if (!rt_table_find_column(old, nt->columns[i].name))
            continue;
        if (cols.len)
            rt_buf_append(&cols, ", ");
        sq_quote_ident(&cols, nt->columns[i].name);
    }
    if (cols.len) {
        rt_buf_append(&b, "INSERT INTO ");
        sq_quote_ident(&b, tmp);
        rt_buf_printf(&b, " (%s) SELECT %s FROM ", rt_buf_cstr(&cols), rt_buf_cstr(&cols));
        sq_quote_ident(&b, old->name);
        rt_strv_push_owned(out, rt_buf_steal(&b));
    }
    rt_buf_free(&cols);

    rt_buf_append(&b, "DROP TABLE ");
    sq_quote_ident(&b, old->name);
    rt_strv_push_owned(out, rt_buf_steal(&b));

    rt_strv_push(out, "PRAGMA legacy_alter_table = ON");
    rt_buf_append(&b, "ALTER TABLE ");
    sq_quote_ident(&b, tmp);
    rt_buf_append(&b, " RENAME TO ");
    sq_quote_ident(&b, nt->name);
    rt_strv_push_owned(out, rt_buf_steal(&b));
    rt_strv_push(out, "PRAGMA legacy_alter_table = OFF");

    for (size_t i = 0; i < nt->nindexes; i++)
        rt_strv_push_owned(out, sq_create_index_sql(nt->name, &nt->indexes[i]));

    free(tmp);
    rt_schema_free(&copy);
    return RT_OK;
}

static bool sq_is_time_keyword(const char *d)
{
    return strcasecmp(d, "CURRENT_TIMESTAMP") == 0 || strcasecmp(d, "CURRENT_DATE") == 0 ||
           strcasecmp(d, "CURRENT_TIME") == 0;
}

/* SQLite's ADD COLUMN refuses NOT NULL without a default (once the table has
 * rows), a CURRENT_* default or an expression default in parentheses. */
static bool sq_add_column_native(const rt_column *c)
{
    if (c->not_null && !c->default_sql)
        return false;
    if (c->default_sql && (sq_is_time_keyword(c->default_sql) || c->default_sql[0] == '('))
        return false;
    return true;
}

static int sq_render(const rt_dialect_options *opts, const rt_schema *before, const rt_op *op,
                     rt_strv *out, rt_error *err)
{
    (void)opts;
    rt_buf b = RT_BUF_INIT;
    switch (op->kind) {
    case RT_OP_CREATE_TABLE:
        rt_strv_push_owned(out, sq_create_table_sql(op->table, op->table->name));
        for (size_t i = 0; i < op->table->nindexes; i++)
            rt_strv_push_owned(out,
                               sq_create_index_sql(op->table->name, &op->table->indexes[i]));
        return RT_OK;
    case RT_OP_DROP_TABLE:
        rt_buf_append(&b, op->if_exists ? "DROP TABLE IF EXISTS " : "DROP TABLE ");
        sq_quote_ident(&b, op->table_name);
        break;
    case RT_OP_RENAME_TABLE:
        rt_buf_append(&b, "ALTER TABLE ");
        sq_quote_ident(&b, op->table_name);
        rt_buf_append(&b, " RENAME TO ");
        sq_quote_ident(&b, op->new_name);
        break;
    case RT_OP_ADD_COLUMN:
        if (!sq_add_column_native(op->column))
            return sq_rebuild(before, op, out, err);
        rt_buf_append(&b, "ALTER TABLE ");
        sq_quote_ident(&b, op->table_name);
        rt_buf_append(&b, " ADD COLUMN ");
        sq_column_def(&b, op->column, false);
        break;
    case RT_OP_DROP_COLUMN: {
        const rt_table *t = rt_schema_find_table(before, op->table_name);
        if (t && sq_column_in_constraints(t, op->name))
            return sq_rebuild(before, op, out, err);
        rt_buf_append(&b, "ALTER TABLE ");
        sq_quote_ident(&b, op->table_name);
        rt_buf_append(&b, " DROP COLUMN ");
        sq_quote_ident(&b, op->name);
        break;
    }
    case RT_OP_RENAME_COLUMN:
        rt_buf_append(&b, "ALTER TABLE ");
        sq_quote_ident(&b, op->table_name);
        rt_buf_append(&b, " RENAME COLUMN ");
        sq_quote_ident(&b, op->name);
        rt_buf_append(&b, " TO ");
        sq_quote_ident(&b, op->new_name);
        break;
    case RT_OP_ALTER_TYPE:
    case RT_OP_SET_NOT_NULL:
    case RT_OP_DROP_NOT_NULL:
    case RT_OP_SET_DEFAULT:
    case RT_OP_DROP_DEFAULT:
    case RT_OP_ADD_CONSTRAINT:
    case RT_OP_DROP_CONSTRAINT:
        return sq_rebuild(before, op, out, err);
    case RT_OP_CREATE_INDEX:
        rt_strv_push_owned(out, sq_create_index_sql(op->table_name, op->index));
        return RT_OK;
    case RT_OP_DROP_INDEX:
        rt_buf_append(&b, op->if_exists ? "DROP INDEX IF EXISTS " : "DROP INDEX ");
        sq_quote_ident(&b, op->name);
        break;
    case RT_OP_RAW:
        rt_strv_push(out, op->expr ? op->expr : "");
        return RT_OK;
    }
    rt_strv_push_owned(out, rt_buf_steal(&b));
    return RT_OK;
}

/* ------------------------------------------------------------ reflection */

static int sq_reflect(rt_db *db, const rt_dialect_options *opts, const char *skip_table,
                      rt_schema *out, rt_error *err)
{
    (void)db;
    (void)opts;
    (void)skip_table;
    (void)out;
    return rt_error_set(err, RT_ENOTSUPPORTED, "SQLite reflection is not implemented yet.");
}

/* ------------------------------------------------------------- normalize */

static void sq_normalize(const rt_dialect_options *opts, rt_schema *model)
{
    (void)opts;
    (void)model;
}

/* ----------------------------------------------------------------- misc */

static void sq_has_table_sql(rt_buf *out, const char *table)
{
    rt_buf_append(out, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ");
    sq_quote_literal(out, table);
}

const rt_dialect rt_dialect_sqlite = {
    .name = "sqlite",
    .caps = RT_DIALECT_TRANSACTIONAL_DDL,
    .render = sq_render,
    .reflect = sq_reflect,
    .normalize = sq_normalize,
    .has_table_sql = sq_has_table_sql,
    .quote_ident = sq_quote_ident,
};
