/* MySQL / MariaDB dialect: renders ops with backtick quoting and the agreed
 * type mapping, reflects information_schema of DATABASE() back into the
 * portable model, and normalizes a model the way MariaDB stores it.
 * Every rule that differs from the portable form is listed in
 * docs/backends.md ("MySQL / MariaDB"). */
#include "copy.h"
#include "dialect.h"
#include "dialect_default.h"
#include "naming.h"
#include "migration_lock.h"
#include "qname.h"
#include "sql_lex.h"
#include "sql_render.h"
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

/* Backticks: without ANSI_QUOTES MySQL reads "x" as a string. */
static void my_quote_ident(rt_buf *out, const char *name)
{
    rt_sql_quote_ident_with(out, name, '`');
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

/* The length of a VARCHAR written without one (setting of this dialect). */
static int my_default_varchar(const rt_dialect_options *opts)
{
    return rt_dialect_setting_int(&rt_dialect_mysql, opts, "default_varchar_length");
}

static void my_type(rt_buf *out, const rt_dialect_options *opts, const rt_type *t)
{
    switch (t->kind) {
    case RT_TYPE_INTEGER: rt_buf_append(out, "INT"); break;
    case RT_TYPE_BIGINT: rt_buf_append(out, "BIGINT"); break;
    case RT_TYPE_SMALLINT: rt_buf_append(out, "SMALLINT"); break;
    case RT_TYPE_BOOLEAN: rt_buf_append(out, "BOOL"); break;
    case RT_TYPE_VARCHAR:
        rt_buf_printf(out, "VARCHAR(%d)", t->length > 0 ? t->length : my_default_varchar(opts));
        break;
    /* TEXT holds 64 KiB there; the portable TEXT is unbounded. */
    case RT_TYPE_TEXT: rt_buf_append(out, "LONGTEXT"); break;
    case RT_TYPE_CHAR: rt_buf_printf(out, "CHAR(%d)", t->length > 0 ? t->length : 1); break;
    case RT_TYPE_ENUM: /* native */
        rt_buf_append(out, "ENUM(");
        for (size_t i = 0; i < t->values.n; i++) {
            if (i)
                rt_buf_putc(out, ',');
            my_string_literal(out, t->values.items[i]);
        }
        rt_buf_putc(out, ')');
        break;
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

/* A column's comment lives in its definition: every MODIFY COLUMN must
 * repeat it, or MySQL drops it. */
static void my_column_comment(rt_buf *out, const rt_column *c)
{
    if (!c->comment)
        return;
    rt_buf_append(out, " COMMENT ");
    my_string_literal(out, c->comment);
}

/* Full column definition, as MODIFY/CHANGE need it. */
static void my_column_def(rt_buf *out, const rt_dialect_options *opts, const rt_column *c,
                          const rt_type *type, bool not_null, const char *def, bool autoinc)
{
    my_quote_ident(out, c->name);
    rt_buf_putc(out, ' ');
    my_type(out, opts, type);
    if (c->generated_sql) {
        /* MariaDB allows neither NULL/NOT NULL nor DEFAULT here; the parser
         * refuses both on a generated column. STORED = PERSISTENT. */
        rt_buf_append(out, " GENERATED ALWAYS AS (");
        my_translate_expr(out, c->generated_sql);
        rt_buf_append(out, ") STORED");
        my_column_comment(out, c);
        return;
    }
    if (not_null || autoinc)
        rt_buf_append(out, " NOT NULL");
    else if (type->kind == RT_TYPE_TIMESTAMPTZ)
        /* Without explicit_defaults_for_timestamp a TIMESTAMP is NOT NULL. */
        rt_buf_append(out, " NULL");
    if (autoinc && (type->kind == RT_TYPE_INTEGER || type->kind == RT_TYPE_BIGINT)) {
        rt_buf_append(out, " AUTO_INCREMENT");
        my_column_comment(out, c);
        return; /* a default next to AUTO_INCREMENT is refused */
    }
    if (def) {
        rt_buf_append(out, " DEFAULT ");
        my_default(out, type, def);
    }
    my_column_comment(out, c);
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

/* Whether an action of fk writes its own columns (ON DELETE SET NULL, ON
 * UPDATE CASCADE...), which MariaDB forbids on a column a CHECK reads. */
static bool my_fk_writes_columns(const rt_constraint *fk)
{
    return fk->kind == RT_CONSTRAINT_FOREIGN_KEY &&
           (fk->on_delete == RT_FK_SET_NULL || fk->on_delete == RT_FK_SET_DEFAULT ||
            (fk->on_update != RT_FK_NO_ACTION && fk->on_update != RT_FK_RESTRICT));
}

/* MariaDB refuses a foreign key whose action writes a column that a CHECK
 * of the table reads, and such a CHECK next to that key (error 1901, after
 * the statements before it have committed): refused here first. c is the
 * constraint being created, t the table holding (or getting) the others. */
static int my_check_fk_vs_check(const rt_table *t, const rt_constraint *c, rt_error *err)
{
    for (size_t i = 0; t && i < t->nconstraints; i++) {
        const rt_constraint *o = &t->constraints[i];
        const rt_constraint *fk = my_fk_writes_columns(c) ? c : my_fk_writes_columns(o) ? o : NULL;
        const rt_constraint *ck = c->kind == RT_CONSTRAINT_CHECK ? c
                                : o->kind == RT_CONSTRAINT_CHECK ? o : NULL;
        if (!fk || !ck || fk == ck || !ck->check_sql)
            continue;
        for (size_t j = 0; j < fk->columns.n; j++)
            if (rt_sql_expr_mentions(ck->check_sql, fk->columns.items[j]))
                return rt_error_set(err, RT_ENOTSUPPORTED,
                                    "foreign key \"%s\" of table \"%s\" has an action that writes "
                                    "column \"%s\", which CHECK \"%s\" reads: MySQL/MariaDB "
                                    "refuses both on one column. Drop the action (ON DELETE SET "
                                    "NULL/SET DEFAULT, ON UPDATE ...) or the CHECK.",
                                    fk->name ? fk->name : "", t->name, fk->columns.items[j],
                                    ck->name ? ck->name : "");
    }
    return RT_OK;
}

static int my_constraint_def(rt_buf *out, const rt_schema *before, const rt_table *t,
                             const rt_constraint *c, rt_error *err)
{
    int rc = my_check_fk_vs_check(t, c, err);
    if (rc != RT_OK)
        return rc;
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
        rt_sql_write_ident_list(out, &c->columns, my_quote_ident);
        break;
    case RT_CONSTRAINT_UNIQUE:
        if ((rc = my_check_indexable(t, &c->columns, "unique constraint", c->name, err)))
            return rc;
        rt_buf_append(out, "UNIQUE ");
        rt_sql_write_ident_list(out, &c->columns, my_quote_ident);
        break;
    case RT_CONSTRAINT_FOREIGN_KEY: {
        const rt_strv *refs = NULL;
        if ((rc = my_fk_ref_columns(before, t, c, &refs, err)))
            return rc;
        rt_buf_append(out, "FOREIGN KEY ");
        rt_sql_write_ident_list(out, &c->columns, my_quote_ident);
        rt_buf_append(out, " REFERENCES ");
        my_quote_ident(out, c->ref_table);
        rt_buf_putc(out, ' ');
        rt_sql_write_ident_list(out, refs, my_quote_ident);
        rt_sql_write_fk_actions(out, c);
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
                           const rt_index *ix, bool if_not_exists, rt_error *err)
{
    /* Refused rather than approximated: MariaDB has no partial index, and no
     * functional one (MySQL 8.0.13+ has; MariaDB would need a virtual
     * column, which would then show in the table). */
    if (ix->where_sql)
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "MySQL/MariaDB has no partial indexes: index \"%s\" on table \"%s\" "
                            "has WHERE %s. Index the whole table, or create this index on the "
                            "other backends only.",
                            ix->name ? ix->name : "(unnamed)", table_name, ix->where_sql);
    for (size_t i = 0; i < ix->columns.n; i++)
        if (rt_index_element_is_expr(ix->columns.items[i]))
            return rt_error_set(err, RT_ENOTSUPPORTED,
                                "MariaDB has no expression indexes: index \"%s\" on table "
                                "\"%s\" has the element %s. Index a column instead, or create "
                                "this index on the other backends only.",
                                ix->name ? ix->name : "(unnamed)", table_name,
                                ix->columns.items[i]);
    int rc = my_check_indexable(t, &ix->columns, "index", ix->name, err);
    if (rc)
        return rc;
    if (!ix->name)
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "MySQL/MariaDB needs a name for every index on table \"%s\".",
                            table_name);
    /* IF NOT EXISTS: MariaDB 10.0+; MySQL 8 has none for indexes. */
    rt_sql_write_create_index(out, table_name, ix, if_not_exists, my_quote_ident);
    if (ix->unique)
        rt_buf_append(out, " COMMENT '" MY_UNIQUE_INDEX_COMMENT "'");
    return RT_OK;
}

/* ---- render ------------------------------------------------------------ */

static const rt_dialect_ddl my_ddl;

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

/* MariaDB computes a generated column before AUTO_INCREMENT assigns the key,
 * so it refuses an expression that reads that key (error 1901, after the
 * statements before it have committed): refused here first. */
static int my_check_generated(const rt_table *t, const rt_column *c, rt_error *err)
{
    const rt_column *ai = t ? rt_table_autoincrement_column(t) : NULL;
    if (!c->generated_sql || !ai || !rt_sql_expr_mentions(c->generated_sql, ai->name))
        return RT_OK;
    return rt_error_set(err, RT_ENOTSUPPORTED,
                        "generated column \"%s\" of table \"%s\" reads \"%s\", which is "
                        "AUTO_INCREMENT on MySQL/MariaDB: its value is not known when the "
                        "expression is computed. Compute it from other columns.",
                        c->name, t->name, ai->name);
}

static void my_column(rt_buf *out, const rt_dialect_options *opts, const rt_column *c,
                      bool autoinc)
{
    my_column_def(out, opts, c, &c->type, c->not_null, c->default_sql, autoinc);
}

/* A table's comment is a table option. */
static void my_table_options(rt_buf *out, const rt_table *t)
{
    if (!t->comment)
        return;
    rt_buf_append(out, " COMMENT = ");
    my_string_literal(out, t->comment);
}

/* MariaDB refuses a CHECK that reads the AUTO_INCREMENT column (error
 * 1901, "Function or expression 'AUTO_INCREMENT' cannot be used in the
 * CHECK clause"), once the statements before it have committed: refused
 * here first. k is a
 * constraint of t, or one about to be added to it. */
static int my_check_autoinc_check(const rt_table *t, const rt_constraint *k, rt_error *err)
{
    const rt_column *ai = t ? rt_table_autoincrement_column(t) : NULL;
    if (!ai || k->kind != RT_CONSTRAINT_CHECK || !k->check_sql ||
        !rt_sql_expr_mentions(k->check_sql, ai->name))
        return RT_OK;
    return rt_error_set(err, RT_ENOTSUPPORTED,
                        "CHECK \"%s\" of table \"%s\" reads column \"%s\", which is "
                        "AUTO_INCREMENT on MySQL/MariaDB, and MariaDB refuses a CHECK on an "
                        "AUTO_INCREMENT column. Check another column, or put the statement "
                        "in a -- dialect: block for the other backends.",
                        k->name ? k->name : "", t->name, ai->name);
}

/* What MariaDB refuses at run time, after earlier statements have
 * committed: refused before anything runs. */
static int my_check_op(const rt_schema *before, const rt_op *op, rt_error *err)
{
    const rt_table *t = op->kind == RT_OP_CREATE_TABLE ? op->table
                        : before ? rt_schema_find_table(before, op->table_name)
                                 : NULL;
    int rc = RT_OK;
    if (op->kind == RT_OP_CREATE_TABLE) {
        for (size_t i = 0; i < t->ncolumns && rc == RT_OK; i++)
            rc = my_check_generated(t, &t->columns[i], err);
        for (size_t i = 0; i < t->nconstraints && rc == RT_OK; i++)
            rc = my_check_autoinc_check(t, &t->constraints[i], err);
    } else if (op->kind == RT_OP_ADD_COLUMN) {
        rc = my_check_generated(t, op->column, err);
    } else if (op->kind == RT_OP_ADD_CONSTRAINT) {
        rc = my_check_autoinc_check(t, op->constraint, err);
    }
    return rc;
}

/* A column turning TEXT/BLOB/JSON while a key or index holds it would need a
 * prefix length too. */
static int my_check_lob_keys(const rt_table *t, const char *column, const rt_type *type,
                             rt_error *err)
{
    const char *what = NULL, *name = NULL;
    for (size_t i = 0; i < t->nconstraints && !what; i++) {
        const rt_constraint *k = &t->constraints[i];
        if ((k->kind == RT_CONSTRAINT_PRIMARY_KEY || k->kind == RT_CONSTRAINT_UNIQUE) &&
            rt_strv_find(&k->columns, column) >= 0) {
            what = k->kind == RT_CONSTRAINT_PRIMARY_KEY ? "the primary key" : "unique constraint";
            name = k->name;
        }
    }
    for (size_t i = 0; i < t->nindexes && !what; i++)
        if (rt_strv_find(&t->indexes[i].columns, column) >= 0) {
            what = "index";
            name = t->indexes[i].name;
        }
    if (!what)
        return RT_OK;
    return rt_error_set(err, RT_ENOTSUPPORTED,
                        "MySQL/MariaDB cannot make column \"%s\" of table \"%s\" %s while it is "
                        "part of %s \"%s\": a TEXT/BLOB/JSON key needs a prefix length, which "
                        "portable SQL cannot express; drop the key first or use VARCHAR(n).",
                        column, t->name, rt_type_kind_name(type->kind), what,
                        name ? name : "(unnamed)");
}

/* MODIFY COLUMN with the whole definition from the model, so that changing
 * one property keeps the others (MySQL resets whatever MODIFY omits). */
static int my_render_modify(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                            const rt_schema *before, const rt_op *op, rt_strv *out,
                            rt_error *err)
{
    const rt_table *t = NULL;
    const rt_column *c = NULL;
    int rc = my_find_column(before, op, &t, &c, err);
    if (rc)
        return rc;
    const rt_type *type = op->kind == RT_OP_ALTER_TYPE ? &op->type : &c->type;
    if (my_type_is_lob(type->kind) && (rc = my_check_lob_keys(t, c->name, type, err)))
        return rc;
    bool not_null = op->kind == RT_OP_SET_NOT_NULL   ? true
                    : op->kind == RT_OP_DROP_NOT_NULL ? false
                                                      : c->not_null;
    rt_buf b = RT_BUF_INIT;
    rt_dialect_alter_prefix(ddl, &b, op->table_name);
    rt_buf_append(&b, "MODIFY COLUMN ");
    my_column_def(&b, opts, c, type, not_null, c->default_sql, my_is_autoinc(t, c));
    rt_dialect_push(out, &b);
    return RT_OK;
}

/* A table comment is a table option (COMMENT = '' removes it); a column's
 * is part of its definition, rewritten whole with MODIFY COLUMN. */
static int my_render_comment(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                             const rt_schema *before, const rt_op *op, rt_strv *out,
                             rt_error *err)
{
    const rt_table *t = NULL;
    const rt_column *c = NULL;
    int rc = op->name ? my_find_column(before, op, &t, &c, err) : RT_OK;
    if (rc)
        return rc;
    rt_buf b = RT_BUF_INIT;
    rt_dialect_alter_prefix(ddl, &b, op->table_name);
    if (!op->name) {
        rt_buf_append(&b, "COMMENT = ");
        my_string_literal(&b, op->expr ? op->expr : "");
    } else {
        rt_column with = *c;
        with.comment = op->expr;
        rt_buf_append(&b, "MODIFY COLUMN ");
        my_column_def(&b, opts, &with, &c->type, c->not_null, c->default_sql,
                      my_is_autoinc(t, c));
    }
    rt_dialect_push(out, &b);
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

/* True when an index, primary key or unique key other than the one being
 * dropped (skip_name, or the primary key when skip_pk) starts with the FK's
 * columns. MySQL keeps an index on every FK: it creates one named after the
 * FK when none covers it, drops that one silently when another index comes
 * to cover the FK, and refuses to drop the last covering index. */
static bool my_fk_covered(const rt_table *t, const rt_constraint *fk, const char *skip_name,
                          bool skip_pk)
{
    for (size_t i = 0; i < t->nconstraints; i++) {
        const rt_constraint *c = &t->constraints[i];
        if (c->kind == RT_CONSTRAINT_PRIMARY_KEY && skip_pk)
            continue;
        if (c->kind == RT_CONSTRAINT_UNIQUE && skip_name && c->name &&
            strcmp(c->name, skip_name) == 0)
            continue;
        if ((c->kind == RT_CONSTRAINT_PRIMARY_KEY || c->kind == RT_CONSTRAINT_UNIQUE) &&
            my_covers_prefix(&c->columns, &fk->columns))
            return true;
    }
    for (size_t i = 0; i < t->nindexes; i++) {
        if (skip_name && t->indexes[i].name && strcmp(t->indexes[i].name, skip_name) == 0)
            continue;
        if (my_covers_prefix(&t->indexes[i].columns, &fk->columns))
            return true;
    }
    return false;
}

/* Appends ", ADD INDEX <fk> (cols)" for every FK whose only covering index
 * is the one being dropped, so that the drop is accepted and the new index
 * is the one MySQL itself would have made (same name as the FK, hidden by
 * reflection). Returns whether anything was appended. */
static bool my_keep_fk_indexes(rt_buf *b, const rt_table *t, const char *skip_name,
                               bool skip_pk)
{
    bool any = false;
    if (!t)
        return false;
    for (size_t i = 0; i < t->nconstraints; i++) {
        const rt_constraint *fk = &t->constraints[i];
        if (fk->kind != RT_CONSTRAINT_FOREIGN_KEY || !fk->name ||
            !my_fk_covered(t, fk, NULL, false) || my_fk_covered(t, fk, skip_name, skip_pk))
            continue;
        /* IF NOT EXISTS: a helper left by an earlier drop may still be
         * there (MariaDB 10.0+). */
        rt_buf_append(b, ", ADD INDEX IF NOT EXISTS ");
        my_quote_ident(b, fk->name);
        rt_buf_putc(b, ' ');
        rt_sql_write_ident_list(b, &fk->columns, my_quote_ident);
        any = true;
    }
    return any;
}

/* After an index that covers a foreign key is created, the helper index
 * named after the FK (MySQL's own, or one my_keep_fk_indexes added when an
 * earlier covering index was dropped) is redundant: drop it, so that a
 * bounce of the revision leaves the table as it found it. */
static void my_drop_fk_helpers(rt_strv *out, const char *table_name, const rt_table *t,
                               const rt_index *ix)
{
    for (size_t i = 0; t && ix && i < t->nconstraints; i++) {
        const rt_constraint *fk = &t->constraints[i];
        if (fk->kind != RT_CONSTRAINT_FOREIGN_KEY || !fk->name ||
            !my_covers_prefix(&ix->columns, &fk->columns) ||
            (ix->name && strcmp(ix->name, fk->name) == 0) || rt_table_find_index(t, fk->name))
            continue; /* an index of that name that a revision made is not a helper */
        rt_buf b = RT_BUF_INIT;
        rt_dialect_alter_prefix(&my_ddl, &b, table_name);
        rt_buf_append(&b, "DROP INDEX IF EXISTS ");
        my_quote_ident(&b, fk->name);
        rt_strv_push_owned(out, rt_buf_steal(&b));
    }
}

/* By the kind the model knows; the unnamed primary key also answers to
 * <table>_pkey and PRIMARY. */
static int my_render_drop_constraint(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                     const rt_schema *before, const rt_op *op, rt_strv *out,
                                     rt_error *err)
{
    const rt_table *t = before ? rt_schema_find_table(before, op->table_name) : NULL;
    const rt_constraint *c = t && op->name ? rt_table_find_constraint(t, op->name) : NULL;
    if (!c && t && rt_naming_is_unnamed_pkey(t, op->name))
        c = rt_table_primary_key(t);
    /* Unknown to the model (raw SQL): the generic DROP CONSTRAINT of
     * MariaDB 10.2+ and MySQL 8.0.19+ lets the server find the kind. */
    if (!c)
        return rt_dialect_default_op(ddl, opts, before, op, out, err);
    rt_buf b = RT_BUF_INIT;
    rt_dialect_alter_prefix(ddl, &b, op->table_name);
    switch (c->kind) {
    case RT_CONSTRAINT_PRIMARY_KEY: {
        /* AUTO_INCREMENT needs a key (error 1075): the column loses it in
         * the same statement, as the model has no key for it any more. It
         * stays NOT NULL, as a key column is (and PostgreSQL leaves it). */
        const rt_column *ai = rt_table_autoincrement_column(t);
        if (ai) {
            rt_buf_append(&b, "MODIFY COLUMN ");
            my_column_def(&b, opts, ai, &ai->type, true, ai->default_sql, false);
            rt_buf_append(&b, ", ");
        }
        rt_buf_append(&b, "DROP PRIMARY KEY");
        my_keep_fk_indexes(&b, t, NULL, true);
        break;
    }
    case RT_CONSTRAINT_UNIQUE:
        rt_buf_append(&b, "DROP INDEX ");
        my_quote_ident(&b, c->name);
        my_keep_fk_indexes(&b, t, c->name, false);
        break;
    case RT_CONSTRAINT_FOREIGN_KEY:
        rt_buf_append(&b, "DROP FOREIGN KEY ");
        my_quote_ident(&b, c->name);
        if (!my_fk_covered(t, c, NULL, false)) {
            rt_dialect_push(out, &b);
            rt_dialect_alter_prefix(ddl, &b, op->table_name);
            rt_buf_append(&b, "DROP INDEX ");
            my_quote_ident(&b, c->name);
        }
        break;
    case RT_CONSTRAINT_CHECK:
        /* DROP CHECK is MySQL-only; DROP CONSTRAINT works on both. */
        rt_buf_append(&b, "DROP CONSTRAINT ");
        my_quote_ident(&b, c->name);
        break;
    }
    rt_dialect_push(out, &b);
    return RT_OK;
}

/* MySQL refuses to drop a column that a foreign key uses, on either side
 * (errors 1553, 1828); the model drops such keys with the column
 * (rt_schema_apply), so they are dropped first, each the way DROP
 * CONSTRAINT drops it (with its helper index). */
static void my_drop_fks_using_column(const rt_dialect_options *opts, const rt_schema *before,
                                     const char *table, const char *column, rt_strv *out,
                                     rt_error *err)
{
    for (size_t i = 0; before && i < before->ntables; i++) {
        const rt_table *t = &before->tables[i];
        for (size_t k = 0; k < t->nconstraints; k++) {
            const rt_constraint *c = &t->constraints[k];
            if (c->kind != RT_CONSTRAINT_FOREIGN_KEY || !c->name || !c->ref_table)
                continue;
            bool here = strcmp(t->name, table) == 0 && rt_strv_find(&c->columns, column) >= 0;
            bool there = strcmp(c->ref_table, table) == 0 &&
                         rt_strv_find(rt_schema_fk_ref_columns(before, c), column) >= 0;
            if (!here && !there)
                continue;
            rt_op drop = { .kind = RT_OP_DROP_CONSTRAINT,
                           .table_name = (char *)t->name,
                           .name = c->name };
            my_render_drop_constraint(&my_ddl, opts, before, &drop, out, err);
        }
    }
}

static int my_render_drop_column(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                 const rt_schema *before, const rt_op *op, rt_strv *out,
                                 rt_error *err)
{
    my_drop_fks_using_column(opts, before, op->table_name, op->name, out, err);
    return rt_dialect_default_op(ddl, opts, before, op, out, err);
}

static int my_render_create_index(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                  const rt_schema *before, const rt_op *op, rt_strv *out,
                                  rt_error *err)
{
    int rc = rt_dialect_default_op(ddl, opts, before, op, out, err);
    if (rc == RT_OK)
        my_drop_fk_helpers(out, op->table_name,
                           before ? rt_schema_find_table(before, op->table_name) : NULL,
                           op->index);
    return rc;
}

static int my_render_drop_index(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                const rt_schema *before, const rt_op *op, rt_strv *out,
                                rt_error *err)
{
    (void)opts;
    rt_table *t = NULL;
    const char *table = op->table_name;
    if (!table && before && rt_schema_find_index(before, op->name, &t))
        table = t->name;
    else if (table && before)
        t = rt_schema_find_table(before, table);
    if (!table && op->if_exists)
        /* The usual reason for IF EXISTS is an index no revision made. */
        return rt_error_set(err, RT_ENOTFOUND,
                            "DROP INDEX IF EXISTS %s needs ON <table> on MySQL/MariaDB: they "
                            "drop an index only with its table, and no earlier revision "
                            "creates index \"%s\" to say which; write DROP INDEX IF EXISTS "
                            "%s ON <table> (MariaDB; MySQL 8 has no IF EXISTS there).",
                            op->name, op->name, op->name);
    if (!table)
        return rt_error_set(err, RT_ENOTFOUND,
                            "MySQL/MariaDB needs the table of index \"%s\" to drop it, and no "
                            "earlier revision creates that index; write DROP INDEX %s ON "
                            "<table>.",
                            op->name, op->name);
    rt_buf b = RT_BUF_INIT, tail = RT_BUF_INIT;
    if (t && my_keep_fk_indexes(&tail, t, op->name, false)) {
        rt_dialect_alter_prefix(ddl, &b, table);
        rt_buf_append(&b, op->if_exists ? "DROP INDEX IF EXISTS " : "DROP INDEX ");
        my_quote_ident(&b, op->name);
        rt_buf_append(&b, rt_buf_cstr(&tail));
    } else {
        /* IF EXISTS here is MariaDB syntax; MySQL 8 rejects it. */
        rt_buf_append(&b, op->if_exists ? "DROP INDEX IF EXISTS " : "DROP INDEX ");
        my_quote_ident(&b, op->name);
        rt_buf_append(&b, " ON ");
        my_quote_ident(&b, table);
    }
    rt_buf_free(&tail);
    rt_dialect_push(out, &b);
    return RT_OK;
}

static const rt_dialect_ddl my_ddl = {
    .dialect = &rt_dialect_mysql,
    .quote = my_quote_ident,
    .check_op = my_check_op,
    .column_def = my_column,
    .constraint_def = my_constraint_def,
    .table_options = my_table_options,
    .index_def = my_create_index,
    .default_expr = my_default,
    .type = my_type,
    .ops = {
        [RT_OP_DROP_COLUMN] = my_render_drop_column,
        [RT_OP_ALTER_TYPE] = my_render_modify,
        [RT_OP_SET_NOT_NULL] = my_render_modify,
        [RT_OP_DROP_NOT_NULL] = my_render_modify,
        [RT_OP_DROP_CONSTRAINT] = my_render_drop_constraint,
        [RT_OP_CREATE_INDEX] = my_render_create_index,
        [RT_OP_DROP_INDEX] = my_render_drop_index,
        [RT_OP_COMMENT] = my_render_comment,
    },
};

/* Does a foreign key of a table in a named database point at a table of
 * the current one? MySQL would look for it in the table's own database. */
static bool my_fk_needs_database(const char *table, const rt_constraint *k)
{
    return k->kind == RT_CONSTRAINT_FOREIGN_KEY && k->ref_table &&
           rt_qname_is_qualified(table) && !rt_qname_is_qualified(k->ref_table);
}

static int my_qualify_ref(const rt_dialect_options *opts, const char *table, rt_constraint *k,
                          rt_error *err)
{
    if (!my_fk_needs_database(table, k))
        return RT_OK;
    if (!opts || !opts->current_database || !*opts->current_database)
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "foreign key \"%s\" of table \"%s\" refers to \"%s\" of the current "
                            "database, whose name is unknown here; MySQL/MariaDB would look "
                            "for it in the database of \"%s\". Name the database in the URL "
                            "(e.g. mysql:///app with --sql).",
                            k->name ? k->name : "", table, k->ref_table, table);
    char *q = rt_qname_join(opts->current_database, k->ref_table);
    free(k->ref_table);
    k->ref_table = q;
    return RT_OK;
}

/* MySQL resolves an unqualified REFERENCES in the database of the
 * referencing table, the portable language in the current one: such a
 * reference is spelled with the current database's name
 * (opts->current_database) before rendering. */
static int my_render(const rt_dialect_options *opts, const rt_schema *before, const rt_op *op,
                     rt_strv *out, rt_error *err)
{
    bool patch = false;
    if (op->kind == RT_OP_CREATE_TABLE && op->table)
        for (size_t i = 0; i < op->table->nconstraints; i++)
            patch |= my_fk_needs_database(op->table->name, &op->table->constraints[i]);
    if (op->kind == RT_OP_ADD_CONSTRAINT && op->constraint)
        patch = my_fk_needs_database(op->table_name, op->constraint);
    if (!patch)
        return rt_dialect_default_render(&my_ddl, opts, before, op, out, err);
    rt_op copy;
    rt_op_copy(&copy, op);
    int rc = RT_OK;
    if (copy.table)
        for (size_t i = 0; i < copy.table->nconstraints && rc == RT_OK; i++)
            rc = my_qualify_ref(opts, copy.table->name, &copy.table->constraints[i], err);
    if (copy.constraint && rc == RT_OK)
        rc = my_qualify_ref(opts, copy.table_name, copy.constraint, err);
    if (rc == RT_OK)
        rc = rt_dialect_default_render(&my_ddl, opts, before, &copy, out, err);
    rt_op_free(&copy);
    return rc;
}

/* ---- reflect ----------------------------------------------------------- */

static bool my_starts_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
            return false;
    return true;
}

/* A decimal literal as MySQL prints one: -?digits[.digits][e[+-]digits]. */
/* Reads a MySQL '...' literal at *pp (quote included), appending the value
 * as a portable literal ('' doubling, backslashes taken literally). */
static void my_literal_to_portable(rt_buf *out, const char **pp)
{
    const char *p = *pp + 1;
    rt_buf_putc(out, '\'');
    while (*p) {
        if (*p == '\'' && p[1] == '\'') {
            rt_buf_append(out, "''");
            p += 2;
        } else if (*p == '\'') {
            p++;
            break;
        } else if (*p == '\\' && p[1]) {
            char c = p[1];
            switch (c) {
            case 'n': rt_buf_putc(out, '\n'); break;
            case 't': rt_buf_putc(out, '\t'); break;
            case 'r': rt_buf_putc(out, '\r'); break;
            case '0': rt_buf_putc(out, '\0'); break;
            case 'Z': rt_buf_putc(out, '\032'); break;
            case '\'': rt_buf_append(out, "''"); break;
            default: rt_buf_putc(out, c); break;
            }
            p += 2;
        } else {
            rt_buf_putc(out, *p++);
        }
    }
    rt_buf_putc(out, '\'');
    *pp = p;
}

/* MariaDB's printed expression -> portable text: `x` -> x or "X" (by the
 * shared quoting rule), string literals unescaped. Under the session's
 * ANSI_QUOTES (my_session_sql) MariaDB prints identifiers as "x": both
 * quotes are read as identifier quotes. */
static void my_expr_to_portable(rt_buf *out, const char *expr)
{
    const char *p = expr;
    while (*p) {
        if (*p == '\'') {
            my_literal_to_portable(out, &p);
        } else if (*p == '`' || *p == '"') {
            char q = *p;
            rt_buf name = RT_BUF_INIT;
            for (p++; *p; p++) {
                if (*p == q && p[1] == q)
                    p++;
                else if (*p == q)
                    break;
                rt_buf_putc(&name, *p);
            }
            if (*p == q)
                p++;
            rt_sql_write_ident(out, rt_buf_cstr(&name));
            rt_buf_free(&name);
        } else {
            rt_buf_putc(out, *p++);
        }
    }
}

/* True when s is "( ... )" with the first parenthesis closing at the end. */
static bool my_wholly_parenthesized(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || s[0] != '(' || s[n - 1] != ')')
        return false;
    int depth = 0;
    char q = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (q) {
            if (c == q)
                q = 0;
            continue;
        }
        if (c == '\'' || c == '"' || c == '`')
            q = c;
        else if (c == '(')
            depth++;
        else if (c == ')' && --depth == 0 && i != n - 1)
            return false;
    }
    return true;
}

static bool my_type_is_numeric(rt_type_kind k)
{
    return k == RT_TYPE_INTEGER || k == RT_TYPE_BIGINT || k == RT_TYPE_SMALLINT ||
           k == RT_TYPE_BOOLEAN || k == RT_TYPE_NUMERIC || k == RT_TYPE_REAL ||
           k == RT_TYPE_DOUBLE;
}

/* True when s is name, name() or name(digits), case-insensitively. */
static bool my_is_call(const char *s, const char *name)
{
    size_t n = strlen(name);
    if (!my_starts_ci(s, name))
        return false;
    s += n;
    if (*s == '\0')
        return true;
    if (*s++ != '(')
        return false;
    while (isdigit((unsigned char)*s))
        s++;
    return s[0] == ')' && s[1] == '\0';
}

/* The function defaults MySQL/MariaDB print in their own spelling. */
static const char *my_function_default(const char *raw)
{
    if (my_is_call(raw, "current_timestamp") || my_is_call(raw, "now") ||
        my_is_call(raw, "localtimestamp") || my_is_call(raw, "localtime"))
        return "CURRENT_TIMESTAMP";
    if (my_is_call(raw, "curdate") || my_is_call(raw, "current_date"))
        return "CURRENT_DATE";
    if (my_is_call(raw, "curtime") || my_is_call(raw, "current_time"))
        return "CURRENT_TIME";
    return NULL;
}

/* COLUMN_DEFAULT -> canonical portable default (NULL = none). MariaDB
 * (10.2.7+) prints literals quoted, 'NULL'/NULL for no default and
 * expressions as text; MySQL 8 prints literals bare and flags expressions
 * with DEFAULT_GENERATED in EXTRA. */
static char *my_default_to_portable(const char *raw, const char *extra, const rt_type *type,
                                    bool mariadb)
{
    if (!raw || strcmp(raw, "NULL") == 0 || (extra && strstr(extra, "auto_increment")))
        return NULL;
    rt_buf b = RT_BUF_INIT;
    bool expression = mariadb || (extra && strstr(extra, "DEFAULT_GENERATED"));
    const char *fn = my_function_default(raw);
    if (!expression) {
        if (my_type_is_numeric(type->kind) && rt_sql_is_number(raw)) {
            rt_buf_append(&b, raw);
        } else {
            rt_buf_putc(&b, '\'');
            for (const char *p = raw; *p; p++) {
                if (*p == '\'')
                    rt_buf_putc(&b, '\'');
                rt_buf_putc(&b, *p);
            }
            rt_buf_putc(&b, '\'');
        }
    } else if (fn) {
        rt_buf_append(&b, fn);
    } else if (raw[0] == '\'') {
        const char *p = raw;
        my_literal_to_portable(&b, &p);
        if (*p) { /* 'a' || 'b' and the like: an expression after all */
            rt_buf_reset(&b);
            rt_buf_putc(&b, '(');
            my_expr_to_portable(&b, raw);
            rt_buf_putc(&b, ')');
        }
    } else if (rt_sql_is_number(raw)) {
        rt_buf_append(&b, raw);
    } else {
        /* MySQL 8 wraps expression defaults in parentheses already. */
        bool wrapped = my_wholly_parenthesized(raw);
        if (!wrapped)
            rt_buf_putc(&b, '(');
        my_expr_to_portable(&b, raw);
        if (!wrapped)
            rt_buf_putc(&b, ')');
        const char *inner = rt_buf_cstr(&b);
        size_t n = strlen(inner);
        /* (curdate()) from MySQL 8 is still CURRENT_DATE. */
        char *unwrapped = rt_xstrndup(inner + 1, n - 2);
        fn = my_function_default(unwrapped);
        free(unwrapped);
        if (fn) {
            rt_buf_reset(&b);
            rt_buf_append(&b, fn);
        }
    }
    char *s = rt_buf_steal(&b);
    rt_buf_free(&b);
    if (type->kind == RT_TYPE_BOOLEAN && (strcmp(s, "1") == 0 || strcmp(s, "0") == 0)) {
        const char *v = s[0] == '1' ? "TRUE" : "FALSE";
        free(s);
        s = rt_xstrdup(v);
    }
    return s;
}

/* The values of COLUMN_TYPE "enum('a','it''s')", from after "enum(": MySQL
 * doubles a quote inside a value (and a backslash, which stands for itself). */
static void my_enum_values(const char *p, rt_strv *out)
{
    while (*p == '\'') {
        rt_buf b = RT_BUF_INIT;
        for (p++; *p; p++) {
            if ((*p == '\'' && p[1] == '\'') || (*p == '\\' && p[1] == '\\'))
                p++;
            else if (*p == '\'')
                break;
            rt_buf_putc(&b, *p);
        }
        rt_strv_push_owned(out, rt_buf_steal(&b));
        if (*p)
            p++;
        if (*p == ',')
            p++;
    }
}

/* COLUMN_TYPE ("int(11) unsigned", "decimal(10,2)", ...) -> portable type.
 * json_check tells whether MariaDB's json_valid() check guards the column. */
static int my_parse_column_type(const char *table, const char *column, const char *ct,
                                bool json_check, rt_type *out, rt_error *err)
{
    char base[32];
    size_t n = 0;
    while (isalpha((unsigned char)ct[n]) && n < sizeof base - 1) {
        base[n] = (char)tolower((unsigned char)ct[n]);
        n++;
    }
    base[n] = '\0';
    int args[2] = { -1, -1 };
    int nargs = 0;
    if (ct[n] == '(') {
        const char *p = ct + n + 1;
        while (nargs < 2 && isdigit((unsigned char)*p)) {
            args[nargs++] = atoi(p);
            while (isdigit((unsigned char)*p))
                p++;
            if (*p == ',')
                p++;
        }
    }
    static const struct { const char *name; rt_type_kind kind; } simple[] = {
        { "smallint", RT_TYPE_SMALLINT }, { "mediumint", RT_TYPE_INTEGER },
        { "int", RT_TYPE_INTEGER },       { "integer", RT_TYPE_INTEGER },
        { "bigint", RT_TYPE_BIGINT },     { "bool", RT_TYPE_BOOLEAN },
        { "boolean", RT_TYPE_BOOLEAN },   { "tinytext", RT_TYPE_TEXT },
        { "text", RT_TYPE_TEXT },         { "mediumtext", RT_TYPE_TEXT },
        { "float", RT_TYPE_REAL },        { "double", RT_TYPE_DOUBLE },
        { "real", RT_TYPE_DOUBLE },       { "date", RT_TYPE_DATE },
        { "time", RT_TYPE_TIME },         { "datetime", RT_TYPE_TIMESTAMP },
        { "timestamp", RT_TYPE_TIMESTAMPTZ }, { "tinyblob", RT_TYPE_BLOB },
        { "blob", RT_TYPE_BLOB },         { "mediumblob", RT_TYPE_BLOB },
        { "longblob", RT_TYPE_BLOB },     { "binary", RT_TYPE_BLOB },
        { "varbinary", RT_TYPE_BLOB },    { "json", RT_TYPE_JSON },
    };
    for (size_t i = 0; i < sizeof simple / sizeof simple[0]; i++)
        if (strcmp(base, simple[i].name) == 0) {
            rt_type_init(out, simple[i].kind);
            return RT_OK;
        }
    if (strcmp(base, "enum") == 0 && ct[n] == '(') {
        rt_type_init(out, RT_TYPE_ENUM);
        my_enum_values(ct + n + 1, &out->values);
    } else if (strcmp(base, "tinyint") == 0) {
        rt_type_init(out, args[0] == 1 ? RT_TYPE_BOOLEAN : RT_TYPE_SMALLINT);
    } else if (strcmp(base, "longtext") == 0) {
        rt_type_init(out, json_check ? RT_TYPE_JSON : RT_TYPE_TEXT);
    } else if (strcmp(base, "decimal") == 0 || strcmp(base, "numeric") == 0) {
        rt_type_init(out, RT_TYPE_NUMERIC);
        out->precision = args[0] >= 0 ? args[0] : 10;
        out->scale = args[1] >= 0 ? args[1] : 0;
    } else if (strcmp(base, "varchar") == 0 || strcmp(base, "char") == 0) {
        if (strcmp(base, "char") == 0 && args[0] == 36) {
            rt_type_init(out, RT_TYPE_UUID); /* my_normalize maps CHAR(36) alike */
        } else {
            rt_type_init(out, strcmp(base, "char") == 0 ? RT_TYPE_CHAR : RT_TYPE_VARCHAR);
            out->length = args[0] > 0 ? args[0] : 1;
        }
    } else {
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "Column \"%s\" of table \"%s\" has the MySQL type %s, which has no "
                            "portable equivalent; retort cannot compare this table.",
                            column, table, ct);
    }
    return RT_OK;
}

typedef struct my_check_row {
    char *table, *name, *clause;
    bool hidden; /* MariaDB's json_valid() check of a JSON column */
} my_check_row;

typedef struct my_index_row {
    char *table, *name, *column, *comment;
    bool non_unique;
    bool desc; /* COLLATION 'D': a descending key part (MariaDB 10.8+, MySQL 8) */
} my_index_row;

typedef struct my_reflector {
    rt_schema *out;
    const char *skip;
    bool mariadb;
    my_check_row *checks; size_t nchecks, capchecks;
    my_index_row *indexes; size_t nindexes, capindexes;
    rt_error *err;
    int rc;
} my_reflector;

static const char *my_val(size_t ncols, const char *const *v, size_t i)
{
    return i < ncols ? v[i] : NULL;
}

static rt_table *my_table(my_reflector *r, const char *name)
{
    if (!name || (r->skip && strcmp(name, r->skip) == 0))
        return NULL;
    return rt_schema_find_table(r->out, name);
}

static int my_row_table(void *ctx, size_t ncols, const char *const *names,
                        const char *const *v)
{
    (void)names;
    my_reflector *r = ctx;
    const char *name = my_val(ncols, v, 0);
    if (!name || (r->skip && strcmp(name, r->skip) == 0))
        return 0;
    rt_table t = { 0 };
    t.name = (char *)name;
    const char *comment = my_val(ncols, v, 1);
    t.comment = comment && *comment ? (char *)comment : NULL; /* '' is none */
    rt_schema_add_table(r->out, &t);
    return 0;
}

static int my_row_check(void *ctx, size_t ncols, const char *const *names,
                        const char *const *v)
{
    (void)names;
    my_reflector *r = ctx;
    if (!my_table(r, my_val(ncols, v, 0)) || !my_val(ncols, v, 1))
        return 0;
    if (r->nchecks == r->capchecks) {
        r->capchecks = r->capchecks ? 2 * r->capchecks : 16;
        r->checks = rt_xrealloc(r->checks, r->capchecks * sizeof *r->checks);
    }
    my_check_row *c = &r->checks[r->nchecks++];
    c->table = rt_xstrdup(v[0]);
    c->name = rt_xstrdup(v[1]);
    c->clause = rt_xstrdup(my_val(ncols, v, 2) ? v[2] : "");
    c->hidden = false;
    return 0;
}

/* Finds MariaDB's "json_valid(`col`)" check of table.column, if any,
 * compared in portable spelling so that either identifier quote matches. */
static my_check_row *my_json_check(my_reflector *r, const char *table, const char *column)
{
    rt_buf want = RT_BUF_INIT;
    rt_buf_append(&want, "json_valid(");
    rt_sql_write_ident(&want, column);
    rt_buf_append(&want, ")");
    my_check_row *found = NULL;
    rt_buf clause = RT_BUF_INIT;
    for (size_t i = 0; i < r->nchecks && !found; i++) {
        if (strcmp(r->checks[i].table, table) != 0)
            continue;
        rt_buf_reset(&clause);
        my_expr_to_portable(&clause, r->checks[i].clause);
        if (my_streq_ci(rt_buf_cstr(&clause), rt_buf_cstr(&want)))
            found = &r->checks[i];
    }
    rt_buf_free(&clause);
    rt_buf_free(&want);
    return found;
}

/* TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA */
static int my_row_column(void *ctx, size_t ncols, const char *const *names,
                         const char *const *v)
{
    (void)names;
    my_reflector *r = ctx;
    rt_table *t = my_table(r, my_val(ncols, v, 0));
    const char *name = my_val(ncols, v, 1), *ct = my_val(ncols, v, 2);
    if (!t || !name || !ct)
        return 0;
    my_check_row *jc = my_starts_ci(ct, "longtext") ? my_json_check(r, t->name, name) : NULL;
    rt_column c = { 0 };
    c.name = (char *)name;
    r->rc = my_parse_column_type(t->name, name, ct, jc != NULL, &c.type, r->err);
    if (r->rc)
        return 1;
    if (jc)
        jc->hidden = true;
    const char *nullable = my_val(ncols, v, 3);
    c.not_null = nullable && strcmp(nullable, "NO") == 0;
    const char *comment = my_val(ncols, v, 6), *gen = my_val(ncols, v, 7);
    c.comment = comment && *comment ? (char *)comment : NULL; /* '' is none */
    char *generated = NULL;
    if (gen && *gen) {
        /* the model's rule: a generated column carries no NOT NULL/DEFAULT */
        rt_buf g = RT_BUF_INIT;
        my_expr_to_portable(&g, gen);
        generated = rt_buf_steal(&g);
        c.not_null = false;
    } else {
        c.default_sql = my_default_to_portable(my_val(ncols, v, 4), my_val(ncols, v, 5), &c.type,
                                               r->mariadb);
    }
    c.generated_sql = generated;
    rt_table_add_column(t, &c);
    rt_type_free(&c.type);
    free(c.default_sql);
    free(generated);
    return 0;
}

static int my_row_index(void *ctx, size_t ncols, const char *const *names,
                        const char *const *v)
{
    (void)names;
    my_reflector *r = ctx;
    if (!my_table(r, my_val(ncols, v, 0)) || !my_val(ncols, v, 1) || !my_val(ncols, v, 3))
        return 0;
    if (r->nindexes == r->capindexes) {
        r->capindexes = r->capindexes ? 2 * r->capindexes : 16;
        r->indexes = rt_xrealloc(r->indexes, r->capindexes * sizeof *r->indexes);
    }
    my_index_row *x = &r->indexes[r->nindexes++];
    x->table = rt_xstrdup(v[0]);
    x->name = rt_xstrdup(v[1]);
    x->non_unique = my_val(ncols, v, 2) && strcmp(v[2], "0") != 0;
    x->column = rt_xstrdup(v[3]);
    x->comment = rt_xstrdup(my_val(ncols, v, 4) ? v[4] : "");
    x->desc = my_val(ncols, v, 5) && strcmp(v[5], "D") == 0;
    return 0;
}

static bool my_is_marked_unique_index(const my_reflector *r, const char *table, const char *name)
{
    for (size_t i = 0; i < r->nindexes; i++)
        if (strcmp(r->indexes[i].table, table) == 0 && strcmp(r->indexes[i].name, name) == 0)
            return strcmp(r->indexes[i].comment, MY_UNIQUE_INDEX_COMMENT) == 0;
    return false;
}

/* TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE, COLUMN_NAME,
 * REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME; rows in column order. */
static int my_row_key(void *ctx, size_t ncols, const char *const *names,
                      const char *const *v)
{
    (void)names;
    my_reflector *r = ctx;
    rt_table *t = my_table(r, my_val(ncols, v, 0));
    const char *name = my_val(ncols, v, 1), *type = my_val(ncols, v, 2),
               *col = my_val(ncols, v, 3);
    if (!t || !name || !type || !col)
        return 0;
    rt_constraint_kind kind;
    if (strcmp(type, "PRIMARY KEY") == 0)
        kind = RT_CONSTRAINT_PRIMARY_KEY;
    else if (strcmp(type, "UNIQUE") == 0)
        kind = RT_CONSTRAINT_UNIQUE;
    else if (strcmp(type, "FOREIGN KEY") == 0)
        kind = RT_CONSTRAINT_FOREIGN_KEY;
    else
        return 0;
    if (kind == RT_CONSTRAINT_UNIQUE && my_is_marked_unique_index(r, t->name, name))
        return 0; /* reflected as a unique index instead */
    rt_constraint *c = kind == RT_CONSTRAINT_PRIMARY_KEY ? rt_table_primary_key(t)
                                                         : rt_table_find_constraint(t, name);
    if (!c) {
        rt_constraint nc = { 0 };
        nc.kind = kind;
        /* MySQL calls every primary key PRIMARY; PK names are never compared. */
        nc.name = kind == RT_CONSTRAINT_PRIMARY_KEY ? NULL : (char *)name;
        if (kind == RT_CONSTRAINT_FOREIGN_KEY)
            nc.ref_table = (char *)my_val(ncols, v, 4);
        rt_table_add_constraint(t, &nc);
        c = kind == RT_CONSTRAINT_PRIMARY_KEY ? rt_table_primary_key(t)
                                              : rt_table_find_constraint(t, name);
    }
    rt_strv_push(&c->columns, col);
    if (kind == RT_CONSTRAINT_FOREIGN_KEY && my_val(ncols, v, 5))
        rt_strv_push(&c->ref_columns, v[5]);
    if (kind == RT_CONSTRAINT_PRIMARY_KEY) {
        rt_column *pc = rt_table_find_column(t, col);
        if (pc)
            pc->not_null = true;
    }
    return 0;
}

static rt_fk_action my_parse_action(const char *s)
{
    if (!s)
        return RT_FK_NO_ACTION;
    if (strcmp(s, "CASCADE") == 0)
        return RT_FK_CASCADE;
    if (strcmp(s, "SET NULL") == 0)
        return RT_FK_SET_NULL;
    if (strcmp(s, "SET DEFAULT") == 0)
        return RT_FK_SET_DEFAULT;
    /* InnoDB treats RESTRICT and NO ACTION alike and MariaDB reports an
     * unspecified action as RESTRICT (see normalize). */
    return RT_FK_NO_ACTION;
}

/* TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE */
static int my_row_fk_rule(void *ctx, size_t ncols, const char *const *names,
                          const char *const *v)
{
    (void)names;
    my_reflector *r = ctx;
    rt_table *t = my_table(r, my_val(ncols, v, 0));
    rt_constraint *c = t && my_val(ncols, v, 1) ? rt_table_find_constraint(t, v[1]) : NULL;
    if (!c || c->kind != RT_CONSTRAINT_FOREIGN_KEY)
        return 0;
    c->on_update = my_parse_action(my_val(ncols, v, 2));
    c->on_delete = my_parse_action(my_val(ncols, v, 3));
    return 0;
}

static void my_reflect_free(my_reflector *r)
{
    for (size_t i = 0; i < r->nchecks; i++) {
        free(r->checks[i].table);
        free(r->checks[i].name);
        free(r->checks[i].clause);
    }
    free(r->checks);
    for (size_t i = 0; i < r->nindexes; i++) {
        free(r->indexes[i].table);
        free(r->indexes[i].name);
        free(r->indexes[i].column);
        free(r->indexes[i].comment);
    }
    free(r->indexes);
}

static void my_reflect_finish(my_reflector *r)
{
    for (size_t i = 0; i < r->nchecks; i++) {
        my_check_row *k = &r->checks[i];
        rt_table *t = my_table(r, k->table);
        if (k->hidden || !t)
            continue;
        rt_buf b = RT_BUF_INIT;
        my_expr_to_portable(&b, k->clause);
        rt_constraint c = { 0 };
        c.kind = RT_CONSTRAINT_CHECK;
        c.name = k->name;
        c.check_sql = (char *)rt_buf_cstr(&b);
        rt_table_add_constraint(t, &c);
        rt_buf_free(&b);
    }
    for (size_t i = 0; i < r->nindexes; i++) {
        my_index_row *x = &r->indexes[i];
        rt_table *t = my_table(r, x->table);
        if (!t || strcmp(x->name, "PRIMARY") == 0)
            continue;
        /* Constraint-backed: a unique constraint's index, or the index MySQL
         * made for a foreign key (it carries the FK's name). */
        const rt_constraint *c = rt_table_find_constraint(t, x->name);
        if (c && (c->kind == RT_CONSTRAINT_UNIQUE || c->kind == RT_CONSTRAINT_FOREIGN_KEY))
            continue;
        rt_index *ix = rt_table_find_index(t, x->name);
        if (!ix) {
            rt_index n = { 0 };
            n.name = x->name;
            n.unique = !x->non_unique;
            rt_table_add_index(t, &n);
            ix = rt_table_find_index(t, x->name);
        }
        if (x->desc && ix->columns.n < RT_INDEX_MAX_ELEMENTS)
            ix->desc |= 1u << ix->columns.n;
        rt_strv_push(&ix->columns, x->column);
    }
}

/* DATABASE() and the named databases of opts->schemas; a table of a named
 * one comes back as db.table (core/qname.h). */
#define MY_IN_SCHEMAS "(DATABASE()" RT_SQL_SCHEMAS ")"
#define MY_QNAME(db, t) "IF(" db " = DATABASE(), " t ", CONCAT(" db ", '.', " t "))"

static int my_reflect_run(rt_db *db, my_reflector *r, const rt_strv *schemas)
{
    static const char *const q_tables =
        "SELECT " MY_QNAME("TABLE_SCHEMA", "TABLE_NAME") ", TABLE_COMMENT "
        "FROM information_schema.TABLES "
        "WHERE TABLE_SCHEMA IN " MY_IN_SCHEMAS " AND TABLE_TYPE = 'BASE TABLE' "
        "ORDER BY TABLE_NAME";
    /* MariaDB's CHECK_CONSTRAINTS has TABLE_NAME (check names are per
     * table there); MySQL 8's does not (they are per schema). */
    static const char *const q_checks_mariadb =
        "SELECT " MY_QNAME("CONSTRAINT_SCHEMA", "TABLE_NAME") ", CONSTRAINT_NAME, CHECK_CLAUSE "
        "FROM information_schema.CHECK_CONSTRAINTS "
        "WHERE CONSTRAINT_SCHEMA IN " MY_IN_SCHEMAS " ORDER BY TABLE_NAME, CONSTRAINT_NAME";
    static const char *const q_checks_mysql =
        "SELECT " MY_QNAME("tc.TABLE_SCHEMA", "tc.TABLE_NAME") ", tc.CONSTRAINT_NAME, "
        "cc.CHECK_CLAUSE "
        "FROM information_schema.TABLE_CONSTRAINTS tc "
        "JOIN information_schema.CHECK_CONSTRAINTS cc "
        "ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME "
        "WHERE tc.TABLE_SCHEMA IN " MY_IN_SCHEMAS " AND cc.CONSTRAINT_SCHEMA IN " MY_IN_SCHEMAS
        " AND tc.CONSTRAINT_TYPE = 'CHECK' "
        "ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME";
    static const char *const q_columns =
        "SELECT " MY_QNAME("TABLE_SCHEMA", "TABLE_NAME") ", COLUMN_NAME, COLUMN_TYPE, "
        "IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT, GENERATION_EXPRESSION "
        "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA IN " MY_IN_SCHEMAS " "
        "ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION";
    static const char *const q_indexes =
        "SELECT " MY_QNAME("TABLE_SCHEMA", "TABLE_NAME") ", INDEX_NAME, NON_UNIQUE, "
        "COLUMN_NAME, INDEX_COMMENT, COLLATION "
        "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA IN " MY_IN_SCHEMAS " "
        "ORDER BY TABLE_SCHEMA, TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX";
    /* The FK-ness of a KEY_COLUMN_USAGE row must match the constraint type:
     * a FK and a unique key may share a name. Each information_schema table
     * of a join needs its own constant schema condition: the join condition
     * alone does not narrow MariaDB's scan, which then opens every table of
     * every database on the server (1.6 s with 10,000 tables elsewhere). */
    static const char *const q_keys =
        "SELECT " MY_QNAME("k.TABLE_SCHEMA", "k.TABLE_NAME") ", k.CONSTRAINT_NAME, "
        "tc.CONSTRAINT_TYPE, k.COLUMN_NAME, "
        MY_QNAME("k.REFERENCED_TABLE_SCHEMA", "k.REFERENCED_TABLE_NAME") ", "
        "k.REFERENCED_COLUMN_NAME "
        "FROM information_schema.KEY_COLUMN_USAGE k "
        "JOIN information_schema.TABLE_CONSTRAINTS tc "
        "ON tc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND tc.TABLE_NAME = k.TABLE_NAME "
        "AND tc.CONSTRAINT_NAME = k.CONSTRAINT_NAME "
        "AND (tc.CONSTRAINT_TYPE = 'FOREIGN KEY') = (k.REFERENCED_TABLE_NAME IS NOT NULL) "
        "WHERE k.TABLE_SCHEMA IN " MY_IN_SCHEMAS " AND tc.TABLE_SCHEMA IN " MY_IN_SCHEMAS " "
        "ORDER BY k.TABLE_SCHEMA, k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION";
    static const char *const q_rules =
        "SELECT " MY_QNAME("CONSTRAINT_SCHEMA", "TABLE_NAME") ", CONSTRAINT_NAME, UPDATE_RULE, "
        "DELETE_RULE "
        "FROM information_schema.REFERENTIAL_CONSTRAINTS "
        "WHERE CONSTRAINT_SCHEMA IN " MY_IN_SCHEMAS;

    char *version = NULL;
    int rc = rt_db_query_value(db, "SELECT VERSION()", &version, r->err);
    if (rc)
        return rc;
    r->mariadb = version && strstr(version, "MariaDB");
    free(version);

    struct { const char *sql; rt_row_fn fn; } steps[] = {
        { q_tables, my_row_table },
        { r->mariadb ? q_checks_mariadb : q_checks_mysql, my_row_check },
        { q_columns, my_row_column },
        { q_indexes, my_row_index },
        { q_keys, my_row_key },
        { q_rules, my_row_fk_rule },
    };
    rt_buf sql = RT_BUF_INIT;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && !rc; i++) {
        rt_buf_reset(&sql);
        rt_sql_expand_schemas(&sql, steps[i].sql, schemas, my_string_literal);
        rc = rt_db_query(db, rt_buf_cstr(&sql), steps[i].fn, r, r->err);
        if (!rc)
            rc = r->rc;
    }
    rt_buf_free(&sql);
    if (rc)
        return rc;
    my_reflect_finish(r);
    return RT_OK;
}

static int my_reflect(rt_db *db, const rt_dialect_options *opts, const char *skip_table,
                      rt_schema *out, rt_error *err)
{
    my_reflector r = { 0 };
    r.out = out;
    r.skip = skip_table;
    r.err = err;
    int rc = my_reflect_run(db, &r, opts ? opts->schemas : NULL);
    my_reflect_free(&r);
    if (rc)
        rt_schema_free(out);
    return rc;
}

/* ---- normalize --------------------------------------------------------- */

static void my_set_text(char **dst, char *s)
{
    free(*dst);
    *dst = s;
}

static void my_set_default(rt_column *c, char *s)
{
    my_set_text(&c->default_sql, s);
}

/* A NUMERIC(p,s) default as MariaDB prints it back: exactly s decimals. */
static void my_normalize_decimal_default(rt_column *c)
{
    const char *d = c->default_sql;
    if (!rt_sql_is_number(d) || strchr(d, 'e') || strchr(d, 'E') || c->type.scale < 0)
        return;
    const char *dot = strchr(d, '.');
    size_t intlen = dot ? (size_t)(dot - d) : strlen(d);
    const char *frac = dot ? dot + 1 : "";
    size_t fraclen = strlen(frac);
    if ((int)fraclen > c->type.scale)
        return; /* rounding is the server's business; leave it visible */
    rt_buf b = RT_BUF_INIT;
    rt_buf_appendn(&b, d, intlen);
    if (intlen == 0 || (intlen == 1 && (d[0] == '-' || d[0] == '+')))
        rt_buf_putc(&b, '0');
    if (c->type.scale > 0) {
        rt_buf_putc(&b, '.');
        rt_buf_append(&b, frac);
        for (int i = (int)fraclen; i < c->type.scale; i++)
            rt_buf_putc(&b, '0');
    }
    my_set_default(c, rt_buf_steal(&b));
    rt_buf_free(&b);
}

static bool my_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Temporal literals as MariaDB prints them back: TIMESTAMPs with six
 * fractional digits, TIMEs with seconds. */
static void my_normalize_temporal_default(rt_column *c)
{
    const char *d = c->default_sql;
    size_t n = strlen(d);
    if (n < 2 || d[0] != '\'' || d[n - 1] != '\'')
        return;
    const char *v = d + 1;
    size_t vn = n - 2;
    rt_buf b = RT_BUF_INIT;
    if (c->type.kind == RT_TYPE_TIME) {
        if (vn == 5 && my_digits(v, 2) && v[2] == ':' && my_digits(v + 3, 2))
            rt_buf_printf(&b, "'%.5s:00'", v);
    } else if (vn >= 10 && my_digits(v, 4) && v[4] == '-' && my_digits(v + 5, 2) &&
               v[7] == '-' && my_digits(v + 8, 2)) {
        if (vn == 10) {
            rt_buf_printf(&b, "'%.10s 00:00:00.000000'", v);
        } else if (vn >= 19 && (v[10] == ' ' || v[10] == 'T') && my_digits(v + 11, 2) &&
                   v[13] == ':' && my_digits(v + 14, 2) && v[16] == ':' &&
                   my_digits(v + 17, 2) &&
                   (vn == 19 || (v[19] == '.' && vn <= 26 && my_digits(v + 20, vn - 20)))) {
            rt_buf_printf(&b, "'%.10s %.8s.", v, v + 11);
            size_t fl = vn > 20 ? vn - 20 : 0;
            rt_buf_appendn(&b, v + 20, fl);
            for (size_t i = fl; i < 6; i++)
                rt_buf_putc(&b, '0');
            rt_buf_putc(&b, '\'');
        }
    }
    if (b.len)
        my_set_default(c, rt_buf_steal(&b));
    rt_buf_free(&b);
}

static void my_normalize_column(const rt_dialect_options *opts, const rt_table *t,
                                rt_column *c)
{
    int len = my_default_varchar(opts);
    rt_type *ty = &c->type;
    if (ty->kind == RT_TYPE_VARCHAR && ty->length <= 0)
        ty->length = len;
    /* UUID is stored as CHAR(36), so a CHAR(36) reads back as UUID. */
    if (ty->kind == RT_TYPE_CHAR && ty->length == 36)
        rt_type_init(ty, RT_TYPE_UUID);
    if (ty->kind == RT_TYPE_NUMERIC) {
        if (ty->precision < 0)
            ty->precision = 10;
        if (ty->scale < 0)
            ty->scale = 0;
    }
    const rt_column *ai = rt_table_autoincrement_column(t);
    if (c->comment && !*c->comment)
        my_set_text(&c->comment, NULL); /* MySQL stores none as '' */
    if (ai == c) {
        /* rendered AUTO_INCREMENT, which admits no default */
        my_set_default(c, NULL);
        c->not_null = true;
    }
    if (!c->default_sql)
        return;
    const char *d = c->default_sql;
    if (ty->kind == RT_TYPE_BOOLEAN) {
        if (strcmp(d, "1") == 0 || my_streq_ci(d, "TRUE"))
            my_set_default(c, rt_xstrdup("TRUE"));
        else if (strcmp(d, "0") == 0 || my_streq_ci(d, "FALSE"))
            my_set_default(c, rt_xstrdup("FALSE"));
    } else if (ty->kind == RT_TYPE_NUMERIC) {
        my_normalize_decimal_default(c);
    } else if ((ty->kind == RT_TYPE_VARCHAR || ty->kind == RT_TYPE_TEXT ||
                ty->kind == RT_TYPE_UUID || ty->kind == RT_TYPE_CHAR ||
                ty->kind == RT_TYPE_ENUM) &&
               rt_sql_is_number(d)) {
        my_set_default(c, rt_xasprintf("'%s'", d));
    } else if (ty->kind == RT_TYPE_TIME || ty->kind == RT_TYPE_TIMESTAMP ||
               ty->kind == RT_TYPE_TIMESTAMPTZ) {
        my_normalize_temporal_default(c);
    }
}

static void my_normalize(const rt_dialect_options *opts, rt_schema *model)
{
    for (size_t i = 0; i < model->ntables; i++) {
        rt_table *t = &model->tables[i];
        for (size_t j = 0; j < t->nconstraints; j++) {
            rt_constraint *c = &t->constraints[j];
            if (c->kind != RT_CONSTRAINT_FOREIGN_KEY)
                continue;
            /* InnoDB: RESTRICT == NO ACTION, reported as RESTRICT by MariaDB. */
            if (c->on_delete == RT_FK_RESTRICT)
                c->on_delete = RT_FK_NO_ACTION;
            if (c->on_update == RT_FK_RESTRICT)
                c->on_update = RT_FK_NO_ACTION;
            rt_schema_fk_spell_ref_columns(model, c);
        }
        rt_table_pk_not_null(t);
        if (t->comment && !*t->comment)
            my_set_text(&t->comment, NULL); /* MySQL stores none as '' */
        for (size_t j = 0; j < t->ncolumns; j++)
            my_normalize_column(opts, t, &t->columns[j]);
    }
}

static void my_remove_constraint(rt_table *t, size_t i)
{
    rt_constraint_free(&t->constraints[i]);
    memmove(&t->constraints[i], &t->constraints[i + 1],
            (t->nconstraints - i - 1) * sizeof *t->constraints);
    t->nconstraints--;
}

static void my_remove_index(rt_table *t, size_t i)
{
    rt_index_free(&t->indexes[i]);
    memmove(&t->indexes[i], &t->indexes[i + 1], (t->nindexes - i - 1) * sizeof *t->indexes);
    t->nindexes--;
}

static bool my_model_has_unique(const rt_table *m, const rt_strv *columns)
{
    for (size_t i = 0; i < m->nconstraints; i++)
        if (m->constraints[i].kind == RT_CONSTRAINT_UNIQUE &&
            rt_strv_equal(&m->constraints[i].columns, columns))
            return true;
    return false;
}

/* InnoDB's own index for a foreign key that no index covered when the key
 * was made: named after the constraint, or after its first column when the
 * key had no name. */
static bool my_is_innodb_fk_index(const rt_table *t, const rt_index *ix)
{
    for (size_t i = 0; i < t->nconstraints; i++) {
        const rt_constraint *fk = &t->constraints[i];
        if (fk->kind == RT_CONSTRAINT_FOREIGN_KEY && rt_strv_equal(&fk->columns, &ix->columns) &&
            ((fk->name && strcmp(ix->name, fk->name) == 0) ||
             strcmp(ix->name, fk->columns.items[0]) == 0))
            return true;
    }
    return false;
}

/* A database that another tool built (Alembic, by hand) lacks the comment
 * by which retort marks its unique indexes, so such an index reads as a
 * unique constraint, and InnoDB's implicit foreign-key indexes read as
 * indexes of their own. Where the model says the same thing the other way,
 * the catalog cannot tell them apart: take the model's spelling. */
static void my_reconcile(rt_schema *live, const rt_schema *model)
{
    for (size_t ti = 0; ti < live->ntables; ti++) {
        rt_table *t = &live->tables[ti];
        const rt_table *m = rt_schema_find_table(model, t->name);
        if (!m)
            continue;
        for (size_t i = t->nconstraints; i > 0; i--) {
            rt_constraint *k = &t->constraints[i - 1];
            const rt_index *mix = k->kind == RT_CONSTRAINT_UNIQUE && k->name
                                      ? rt_table_find_index(m, k->name) : NULL;
            if (!mix || !mix->unique || !rt_strv_equal(&mix->columns, &k->columns) ||
                mix->where_sql || my_model_has_unique(m, &k->columns) ||
                rt_table_find_index(t, k->name))
                continue;
            rt_index ix = { .name = k->name, .unique = true };
            ix.columns = k->columns;
            rt_table_add_index(t, &ix);
            my_remove_constraint(t, i - 1);
        }
        for (size_t i = t->nindexes; i > 0; i--) {
            const rt_index *ix = &t->indexes[i - 1];
            if (!ix->unique && !rt_table_find_index(m, ix->name) && my_is_innodb_fk_index(t, ix))
                my_remove_index(t, i - 1);
        }
    }
}

/* ---- misc -------------------------------------------------------------- */

static void my_has_table_sql(rt_buf *out, const char *table)
{
    rt_buf_append(out, "SELECT 1 FROM information_schema.TABLES WHERE ");
    rt_sql_write_table_test(out, table, "TABLE_SCHEMA", "DATABASE()", "TABLE_NAME",
                            my_string_literal);
}

/* Added to the server's own sql_mode, never replacing it (a DBA's
 * STRICT_TRANS_TABLES stays): ANSI_QUOTES reads "name" as an identifier,
 * PIPES_AS_CONCAT makes || concatenate, NO_AUTO_VALUE_ON_ZERO stores an
 * explicit 0 in an AUTO_INCREMENT key as 0, as the other backends do.
 * CONCAT_WS skips the NULL of an empty mode, which would leave a leading ','. */
static const char *const my_session_sql[] = {
    "SET SESSION sql_mode = CONCAT_WS(',', NULLIF(@@SESSION.sql_mode, ''), 'ANSI_QUOTES', "
    "'PIPES_AS_CONCAT', 'NO_AUTO_VALUE_ON_ZERO')",
    NULL,
};

static const rt_dialect_setting my_settings[] = {
    /* retort.ini: mysql_default_varchar_length; at most max_varchar_length */
    { "default_varchar_length", 1, 16383, 255 },
    { NULL, 0, 0, 0 },
};

const rt_dialect rt_dialect_mysql = {
    .name = "mysql",
    /* DDL commits implicitly; InnoDB checks foreign keys per row; a schema
     * is a database */
    .caps = RT_DIALECT_SCHEMAS,
    /* 65,535 bytes a row / 4 bytes a utf8mb4 character, as MariaDB counts */
    .max_varchar_length = 16383,
    .max_char_length = 255,
    .max_ident_len = 64, /* NAME_LEN, for tables, columns, keys and constraints */
    .render = my_render,
    .reflect = my_reflect,
    .normalize = my_normalize,
    .reconcile = my_reconcile,
    .has_table_sql = my_has_table_sql,
    .quote_ident = my_quote_ident,
    .session_sql = my_session_sql,
    .lock = &rt_mysql_lock,
    .settings = my_settings,
    .copy = &rt_mysql_copy,
};
