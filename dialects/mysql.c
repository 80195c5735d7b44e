/* MySQL / MariaDB dialect: renders ops with backtick quoting and the agreed
 * type mapping, reflects information_schema of DATABASE() back into the
 * portable model, and normalizes a model the way MariaDB stores it.
 * Every rule that differs from the portable form is listed in
 * docs/backends.md ("MySQL / MariaDB"). */
#include "dialect.h"
#include "sql_write.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Marks a UNIQUE index created by CREATE UNIQUE INDEX: MySQL stores unique
 * constraints and unique indexes identically, so without it reflection could
 * not tell them apart and every unique index would diff as a constraint. */
#define MY_UNIQUE_INDEX_COMMENT "retort:unique-index"

/* ---- quoting and expressions ------------------------------------------- */

static void my_quote_ident(rt_buf *out, const char *name)
{
    if (!rt_ident_needs_quotes(name)) {
        rt_buf_append(out, name);
        return;
    }
    rt_buf_putc(out, '`');
    for (const char *p = name; *p; p++) {
        if (*p == '`')
            rt_buf_putc(out, '`');
        rt_buf_putc(out, *p);
    }
    rt_buf_putc(out, '`');
}

static void my_ident_list(rt_buf *out, const rt_strv *names)
{
    rt_buf_putc(out, '(');
    for (size_t i = 0; i < names->n; i++) {
        if (i)
            rt_buf_append(out, ", ");
        my_quote_ident(out, names->items[i]);
    }
    rt_buf_putc(out, ')');
}

/* MySQL string literal: backslash is an escape character there (unless
 * NO_BACKSLASH_ESCAPES), so it is doubled along with the quote. */
static void my_string_literal(rt_buf *out, const char *s)
{
    rt_buf_putc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'' || *p == '\\')
            rt_buf_putc(out, *p);
        rt_buf_putc(out, *p);
    }
    rt_buf_putc(out, '\'');
}

/* Portable expression -> MySQL: "ident" becomes `ident` (without ANSI_QUOTES
 * MySQL reads "x" as a string) and backslashes in '...' literals are doubled
 * because standard SQL takes them literally and MySQL does not. */
static void my_translate_expr(rt_buf *out, const char *expr)
{
    const char *p = expr;
    while (*p) {
        if (*p == '\'') {
            rt_buf_putc(out, '\'');
            p++;
            while (*p) {
                if (*p == '\'' && p[1] == '\'') {
                    rt_buf_append(out, "''");
                    p += 2;
                } else if (*p == '\'') {
                    break;
                } else {
                    if (*p == '\\')
                        rt_buf_putc(out, '\\');
                    rt_buf_putc(out, *p++);
                }
            }
            if (*p == '\'') {
                rt_buf_putc(out, '\'');
                p++;
            }
        } else if (*p == '"') {
            rt_buf_putc(out, '`');
            p++;
            while (*p) {
                if (*p == '"' && p[1] == '"') {
                    rt_buf_putc(out, '"');
                    p += 2;
                } else if (*p == '"') {
                    break;
                } else {
                    if (*p == '`')
                        rt_buf_putc(out, '`');
                    rt_buf_putc(out, *p++);
                }
            }
            if (*p == '"')
                p++;
            rt_buf_putc(out, '`');
        } else {
            rt_buf_putc(out, *p++);
        }
    }
}

static bool my_streq_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

/* ---- types and column definitions -------------------------------------- */

static bool my_type_is_lob(rt_type_kind k)
{
    return k == RT_TYPE_TEXT || k == RT_TYPE_BLOB || k == RT_TYPE_JSON;
}

static void my_type(rt_buf *out, const rt_dialect_options *opts, const rt_type *t)
{
    switch (t->kind) {
    case RT_TYPE_INTEGER: rt_buf_append(out, "INT"); break;
    case RT_TYPE_BIGINT: rt_buf_append(out, "BIGINT"); break;
    case RT_TYPE_SMALLINT: rt_buf_append(out, "SMALLINT"); break;
    case RT_TYPE_BOOLEAN: rt_buf_append(out, "BOOL"); break;
    case RT_TYPE_VARCHAR:
        rt_buf_printf(out, "VARCHAR(%d)",
                      t->length > 0 ? t->length
                      : opts && opts->mysql_default_varchar_length > 0
                          ? opts->mysql_default_varchar_length
                          : 255);
        break;
    case RT_TYPE_TEXT: rt_buf_append(out, "TEXT"); break;
    case RT_TYPE_NUMERIC:
        if (t->precision < 0)
            rt_buf_append(out, "DECIMAL");
        else if (t->scale < 0)
            rt_buf_printf(out, "DECIMAL(%d)", t->precision);
        else
            rt_buf_printf(out, "DECIMAL(%d,%d)", t->precision, t->scale);
        break;
    case RT_TYPE_REAL: rt_buf_append(out, "FLOAT"); break;
    case RT_TYPE_DOUBLE: rt_buf_append(out, "DOUBLE"); break;
    case RT_TYPE_DATE: rt_buf_append(out, "DATE"); break;
    case RT_TYPE_TIME: rt_buf_append(out, "TIME"); break;
    case RT_TYPE_TIMESTAMP: rt_buf_append(out, "DATETIME(6)"); break;
    case RT_TYPE_TIMESTAMPTZ: rt_buf_append(out, "TIMESTAMP(6)"); break;
    case RT_TYPE_BLOB: rt_buf_append(out, "LONGBLOB"); break;
    case RT_TYPE_JSON: rt_buf_append(out, "JSON"); break;
    case RT_TYPE_UUID: rt_buf_append(out, "CHAR(36)"); break;
    }
}

static void my_default(rt_buf *out, const rt_type *t, const char *def)
{
    bool ts = t->kind == RT_TYPE_TIMESTAMP || t->kind == RT_TYPE_TIMESTAMPTZ;
    if (my_streq_ci(def, "CURRENT_TIMESTAMP")) {
        /* A DATETIME(6)/TIMESTAMP(6) default must have the column's precision. */
        rt_buf_append(out, ts ? "CURRENT_TIMESTAMP(6)" : "CURRENT_TIMESTAMP");
        return;
    }
    if (my_streq_ci(def, "CURRENT_DATE") || my_streq_ci(def, "CURRENT_TIME")) {
        /* Only an expression default accepts these (MySQL 8.0.13+, MariaDB). */
        rt_buf_putc(out, '(');
        rt_buf_append(out, def);
        rt_buf_putc(out, ')');
        return;
    }
    if (my_type_is_lob(t->kind) && def[0] != '(') {
        /* TEXT/BLOB/JSON take only expression defaults. */
        rt_buf_putc(out, '(');
        my_translate_expr(out, def);
        rt_buf_putc(out, ')');
        return;
    }
    my_translate_expr(out, def);
}

/* Full column definition, as MODIFY/CHANGE need it. */
static void my_column_def(rt_buf *out, const rt_dialect_options *opts, const rt_column *c,
                          const rt_type *type, bool not_null, const char *def, bool autoinc)
{
    my_quote_ident(out, c->name);
    rt_buf_putc(out, ' ');
    my_type(out, opts, type);
    if (not_null || autoinc)
        rt_buf_append(out, " NOT NULL");
    else if (type->kind == RT_TYPE_TIMESTAMPTZ)
        /* Without explicit_defaults_for_timestamp a TIMESTAMP is NOT NULL. */
        rt_buf_append(out, " NULL");
    if (autoinc && (type->kind == RT_TYPE_INTEGER || type->kind == RT_TYPE_BIGINT)) {
        rt_buf_append(out, " AUTO_INCREMENT");
        return; /* a default next to AUTO_INCREMENT is refused */
    }
    if (def) {
        rt_buf_append(out, " DEFAULT ");
        my_default(out, type, def);
    }
}

static const char *my_fk_action(rt_fk_action a)
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

/* TEXT/BLOB/JSON can only be indexed with a prefix length, which the
 * portable language has no syntax for. */
static int my_check_indexable(const rt_table *t, const rt_strv *cols, const char *what,
                              const char *name, rt_error *err)
{
    if (!t)
        return RT_OK;
    for (size_t i = 0; i < cols->n; i++) {
        const rt_column *c = rt_table_find_column(t, cols->items[i]);
        if (c && my_type_is_lob(c->type.kind))
            return rt_error_set(err, RT_ENOTSUPPORTED,
                                "MySQL/MariaDB cannot put column \"%s\" of type %s (table \"%s\") "
                                "in %s \"%s\": a TEXT/BLOB/JSON key needs a prefix length, which "
                                "portable SQL cannot express; use VARCHAR(n) for a key column.",
                                c->name, rt_type_kind_name(c->type.kind), t->name, what,
                                name ? name : "(unnamed)");
    }
    return RT_OK;
}

/* Referenced columns of an FK: the given ones, else the referenced table's
 * primary key (MySQL requires the list). */
static int my_fk_ref_columns(const rt_schema *before, const rt_table *self,
                             const rt_constraint *c, const rt_strv **out, rt_error *err)
{
    if (c->ref_columns.n) {
        *out = &c->ref_columns;
        return RT_OK;
    }
    const rt_table *rt = self && strcmp(self->name, c->ref_table) == 0
                             ? self
                             : rt_schema_find_table(before, c->ref_table);
    const rt_constraint *pk = rt ? rt_table_primary_key(rt) : NULL;
    if (!pk || pk->columns.n == 0)
        return rt_error_set(err, RT_ENOTFOUND,
                            "Foreign key \"%s\" references table \"%s\" without naming its "
                            "columns, and that table's primary key is unknown; MySQL/MariaDB "
                            "needs the referenced columns: write REFERENCES %s (column).",
                            c->name ? c->name : "(unnamed)", c->ref_table, c->ref_table);
    *out = &pk->columns;
    return RT_OK;
}

static int my_constraint_def(rt_buf *out, const rt_schema *before, const rt_table *t,
                             const rt_constraint *c, rt_error *err)
{
    int rc;
    if (c->name && c->kind != RT_CONSTRAINT_PRIMARY_KEY) {
        rt_buf_append(out, "CONSTRAINT ");
        my_quote_ident(out, c->name);
        rt_buf_putc(out, ' ');
    }
    switch (c->kind) {
    case RT_CONSTRAINT_PRIMARY_KEY:
        if ((rc = my_check_indexable(t, &c->columns, "the primary key", c->name, err)))
            return rc;
        rt_buf_append(out, "PRIMARY KEY ");
        my_ident_list(out, &c->columns);
        break;
    case RT_CONSTRAINT_UNIQUE:
        if ((rc = my_check_indexable(t, &c->columns, "unique constraint", c->name, err)))
            return rc;
        rt_buf_append(out, "UNIQUE ");
        my_ident_list(out, &c->columns);
        break;
    case RT_CONSTRAINT_FOREIGN_KEY: {
        const rt_strv *refs;
        if ((rc = my_fk_ref_columns(before, t, c, &refs, err)))
            return rc;
        rt_buf_append(out, "FOREIGN KEY ");
        my_ident_list(out, &c->columns);
        rt_buf_append(out, " REFERENCES ");
        my_quote_ident(out, c->ref_table);
        rt_buf_putc(out, ' ');
        my_ident_list(out, refs);
        const char *a = my_fk_action(c->on_delete);
        if (a)
            rt_buf_printf(out, " ON DELETE %s", a);
        a = my_fk_action(c->on_update);
        if (a)
            rt_buf_printf(out, " ON UPDATE %s", a);
        break;
    }
    case RT_CONSTRAINT_CHECK:
        rt_buf_append(out, "CHECK (");
        my_translate_expr(out, c->check_sql ? c->check_sql : "");
        rt_buf_putc(out, ')');
        break;
    }
    return RT_OK;
}

static int my_create_index(rt_buf *out, const char *table_name, const rt_table *t,
                           const rt_index *ix, rt_error *err)
{
    int rc = my_check_indexable(t, &ix->columns, "index", ix->name, err);
    if (rc)
        return rc;
    if (!ix->name)
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "MySQL/MariaDB needs a name for every index on table \"%s\".",
                            table_name);
    rt_buf_append(out, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    my_quote_ident(out, ix->name);
    rt_buf_append(out, " ON ");
    my_quote_ident(out, table_name);
    rt_buf_putc(out, ' ');
    my_ident_list(out, &ix->columns);
    if (ix->unique)
        rt_buf_append(out, " COMMENT '" MY_UNIQUE_INDEX_COMMENT "'");
    return RT_OK;
}

/* ---- render ------------------------------------------------------------ */

static void my_alter_prefix(rt_buf *out, const char *table)
{
    rt_buf_append(out, "ALTER TABLE ");
    my_quote_ident(out, table);
    rt_buf_putc(out, ' ');
}

static int my_find_column(const rt_schema *before, const rt_op *op, const rt_table **t_out,
                          const rt_column **c_out, rt_error *err)
{
    const rt_table *t = rt_schema_find_table(before, op->table_name);
    const rt_column *c = t ? rt_table_find_column(t, op->name) : NULL;
    if (!c)
        return rt_error_set(err, RT_ENOTFOUND,
                            "MySQL/MariaDB needs the full definition of column \"%s\" of table "
                            "\"%s\" for %s (it is rewritten with MODIFY COLUMN), but no earlier "
                            "revision defines it.",
                            op->name, op->table_name, rt_op_kind_name(op->kind));
    *t_out = t;
    *c_out = c;
    return RT_OK;
}

static bool my_is_autoinc(const rt_table *t, const rt_column *c)
{
    const rt_column *ai = rt_table_autoincrement_column(t);
    return ai && strcmp(ai->name, c->name) == 0;
}

static int my_render_create_table(const rt_dialect_options *opts, const rt_schema *before,
                                  const rt_table *t, rt_strv *out, rt_error *err)
{
    rt_buf b = RT_BUF_INIT;
    int rc = RT_OK;
    const rt_column *ai = rt_table_autoincrement_column(t);
    rt_buf_append(&b, "CREATE TABLE ");
    my_quote_ident(&b, t->name);
    rt_buf_append(&b, " (");
    for (size_t i = 0; i < t->ncolumns; i++) {
        const rt_column *c = &t->columns[i];
        rt_buf_append(&b, i ? ",\n    " : "\n    ");
        my_column_def(&b, opts, c, &c->type, c->not_null, c->default_sql, c == ai);
    }
    for (size_t i = 0; i < t->nconstraints; i++) {
        rt_buf_append(&b, ",\n    ");
        if ((rc = my_constraint_def(&b, before, t, &t->constraints[i], err)))
            goto done;
    }
    rt_buf_append(&b, "\n)");
    rt_strv_push_owned(out, rt_buf_steal(&b));
    for (size_t i = 0; i < t->nindexes; i++) {
        if ((rc = my_create_index(&b, t->name, t, &t->indexes[i], err)))
            goto done;
        rt_strv_push_owned(out, rt_buf_steal(&b));
    }
done:
    rt_buf_free(&b);
    return rc;
}

/* MODIFY COLUMN with the whole definition from the model, so that changing
 * one property keeps the others (MySQL resets whatever MODIFY omits). */
static int my_render_modify(const rt_dialect_options *opts, const rt_schema *before,
                            const rt_op *op, rt_buf *b, rt_error *err)
{
    const rt_table *t;
    const rt_column *c;
    int rc = my_find_column(before, op, &t, &c, err);
    if (rc)
        return rc;
    const rt_type *type = op->kind == RT_OP_ALTER_TYPE ? &op->type : &c->type;
    bool not_null = op->kind == RT_OP_SET_NOT_NULL   ? true
                    : op->kind == RT_OP_DROP_NOT_NULL ? false
                                                      : c->not_null;
    my_alter_prefix(b, op->table_name);
    rt_buf_append(b, "MODIFY COLUMN ");
    my_column_def(b, opts, c, type, not_null, c->default_sql, my_is_autoinc(t, c));
    return RT_OK;
}

static bool my_covers_prefix(const rt_strv *idx, const rt_strv *cols)
{
    if (idx->n < cols->n)
        return false;
    for (size_t i = 0; i < cols->n; i++)
        if (strcmp(idx->items[i], cols->items[i]) != 0)
            return false;
    return true;
}

/* MySQL silently creates an index named after the FK when no other index
 * starts with the FK columns, and keeps it after DROP FOREIGN KEY; it must
 * go too or the next autogenerate would see a stray index. */
static bool my_fk_has_implicit_index(const rt_table *t, const rt_constraint *fk)
{
    for (size_t i = 0; i < t->nconstraints; i++) {
        const rt_constraint *c = &t->constraints[i];
        if ((c->kind == RT_CONSTRAINT_PRIMARY_KEY || c->kind == RT_CONSTRAINT_UNIQUE) &&
            my_covers_prefix(&c->columns, &fk->columns))
            return false;
    }
    for (size_t i = 0; i < t->nindexes; i++)
        if (my_covers_prefix(&t->indexes[i].columns, &fk->columns))
            return false;
    return true;
}

static int my_render_drop_constraint(const rt_schema *before, const rt_op *op, rt_strv *out,
                                     rt_buf *b)
{
    const rt_table *t = rt_schema_find_table(before, op->table_name);
    const rt_constraint *c = t && op->name ? rt_table_find_constraint(t, op->name) : NULL;
    my_alter_prefix(b, op->table_name);
    if (!c) {
        /* Unknown to the model (raw SQL): the generic form of MariaDB 10.2+
         * and MySQL 8.0.19+ lets the server find the kind. */
        rt_buf_append(b, "DROP CONSTRAINT ");
        my_quote_ident(b, op->name);
        return RT_OK;
    }
    switch (c->kind) {
    case RT_CONSTRAINT_PRIMARY_KEY:
        rt_buf_append(b, "DROP PRIMARY KEY");
        break;
    case RT_CONSTRAINT_UNIQUE:
        rt_buf_append(b, "DROP INDEX ");
        my_quote_ident(b, c->name);
        break;
    case RT_CONSTRAINT_FOREIGN_KEY:
        rt_buf_append(b, "DROP FOREIGN KEY ");
        my_quote_ident(b, c->name);
        if (my_fk_has_implicit_index(t, c)) {
            rt_strv_push_owned(out, rt_buf_steal(b));
            my_alter_prefix(b, op->table_name);
            rt_buf_append(b, "DROP INDEX ");
            my_quote_ident(b, c->name);
        }
        break;
    case RT_CONSTRAINT_CHECK:
        /* DROP CHECK is MySQL-only; DROP CONSTRAINT works on both. */
        rt_buf_append(b, "DROP CONSTRAINT ");
        my_quote_ident(b, c->name);
        break;
    }
    return RT_OK;
}

static int my_render(const rt_dialect_options *opts, const rt_schema *before, const rt_op *op,
                     rt_strv *out, rt_error *err)
{
    rt_buf b = RT_BUF_INIT;
    int rc = RT_OK;
    switch (op->kind) {
    case RT_OP_CREATE_TABLE:
        return my_render_create_table(opts, before, op->table, out, err);
    case RT_OP_DROP_TABLE:
        rt_buf_append(&b, op->if_exists ? "DROP TABLE IF EXISTS " : "DROP TABLE ");
        my_quote_ident(&b, op->table_name);
        break;
    case RT_OP_RENAME_TABLE:
        my_alter_prefix(&b, op->table_name);
        rt_buf_append(&b, "RENAME TO ");
        my_quote_ident(&b, op->new_name);
        break;
    case RT_OP_ADD_COLUMN: {
        const rt_column *c = op->column;
        my_alter_prefix(&b, op->table_name);
        rt_buf_append(&b, "ADD COLUMN ");
        my_column_def(&b, opts, c, &c->type, c->not_null, c->default_sql, false);
        break;
    }
    case RT_OP_DROP_COLUMN:
        my_alter_prefix(&b, op->table_name);
        rt_buf_append(&b, "DROP COLUMN ");
        my_quote_ident(&b, op->name);
        break;
    case RT_OP_RENAME_COLUMN:
        /* RENAME COLUMN (MariaDB 10.5+, MySQL 8.0+) keeps everything else
         * about the column, even what the model does not know. */
        my_alter_prefix(&b, op->table_name);
        rt_buf_append(&b, "RENAME COLUMN ");
        my_quote_ident(&b, op->name);
        rt_buf_append(&b, " TO ");
        my_quote_ident(&b, op->new_name);
        break;
    case RT_OP_ALTER_TYPE:
    case RT_OP_SET_NOT_NULL:
    case RT_OP_DROP_NOT_NULL:
        rc = my_render_modify(opts, before, op, &b, err);
        break;
    case RT_OP_SET_DEFAULT: {
        const rt_table *t = rt_schema_find_table(before, op->table_name);
        const rt_column *c = t ? rt_table_find_column(t, op->name) : NULL;
        rt_type text;
        rt_type_init(&text, RT_TYPE_VARCHAR);
        my_alter_prefix(&b, op->table_name);
        rt_buf_append(&b, "ALTER COLUMN ");
        my_quote_ident(&b, op->name);
        rt_buf_append(&b, " SET DEFAULT ");
        my_default(&b, c ? &c->type : &text, op->expr ? op->expr : "NULL");
        break;
    }
    case RT_OP_DROP_DEFAULT:
        my_alter_prefix(&b, op->table_name);
        rt_buf_append(&b, "ALTER COLUMN ");
        my_quote_ident(&b, op->name);
        rt_buf_append(&b, " DROP DEFAULT");
        break;
    case RT_OP_ADD_CONSTRAINT: {
        const rt_table *t = rt_schema_find_table(before, op->table_name);
        my_alter_prefix(&b, op->table_name);
        rt_buf_append(&b, "ADD ");
        rc = my_constraint_def(&b, before, t, op->constraint, err);
        break;
    }
    case RT_OP_DROP_CONSTRAINT:
        rc = my_render_drop_constraint(before, op, out, &b);
        break;
    case RT_OP_CREATE_INDEX:
        rc = my_create_index(&b, op->table_name, rt_schema_find_table(before, op->table_name),
                             op->index, err);
        break;
    case RT_OP_DROP_INDEX: {
        rt_table *t = NULL;
        const char *table = op->table_name;
        if (!table && rt_schema_find_index(before, op->name, &t))
            table = t->name;
        if (!table) {
            rc = rt_error_set(err, RT_ENOTFOUND,
                              "MySQL/MariaDB needs the table of index \"%s\" to drop it, and no "
                              "earlier revision creates that index; write DROP INDEX %s ON "
                              "<table>.",
                              op->name, op->name);
            break;
        }
        rt_buf_append(&b, op->if_exists ? "DROP INDEX IF EXISTS " : "DROP INDEX ");
        my_quote_ident(&b, op->name);
        rt_buf_append(&b, " ON ");
        my_quote_ident(&b, table);
        break;
    }
    case RT_OP_RAW:
        rt_buf_append(&b, op->expr ? op->expr : "");
        break;
    }
    if (rc == RT_OK)
        rt_strv_push_owned(out, rt_buf_steal(&b));
    rt_buf_free(&b);
    return rc;
}

/* ---- reflect ----------------------------------------------------------- */

static int my_reflect(rt_db *db, const rt_dialect_options *opts, const char *skip_table,
                      rt_schema *out, rt_error *err)
{
    (void)db;
    (void)opts;
    (void)skip_table;
    (void)out;
    return rt_error_set(err, RT_ENOTSUPPORTED, "MySQL reflection is not implemented yet.");
}

/* ---- normalize --------------------------------------------------------- */

static void my_normalize(const rt_dialect_options *opts, rt_schema *model)
{
    int len = opts && opts->mysql_default_varchar_length > 0 ? opts->mysql_default_varchar_length
                                                             : 255;
    for (size_t i = 0; i < model->ntables; i++) {
        rt_table *t = &model->tables[i];
        for (size_t j = 0; j < t->ncolumns; j++) {
            rt_column *c = &t->columns[j];
            if (c->type.kind == RT_TYPE_VARCHAR && c->type.length <= 0)
                c->type.length = len;
        }
    }
}

/* ---- misc -------------------------------------------------------------- */

static void my_has_table_sql(rt_buf *out, const char *table)
{
    rt_buf_append(out, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                       "AND TABLE_NAME = ");
    my_string_literal(out, table);
}

const rt_dialect rt_dialect_mysql = {
    .name = "mysql",
    .caps = 0, /* DDL commits implicitly */
    .render = my_render,
    .reflect = my_reflect,
    .normalize = my_normalize,
    .has_table_sql = my_has_table_sql,
    .quote_ident = my_quote_ident,
};
