/* Rendering pieces shared by the portable writer and the dialects. */
#include "sql_render.h"

#include "qname.h"
#include "sql_write.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void rt_sql_quote_ident_with(rt_buf *out, const char *name, char quote)
{
    /* schema.table: each part quoted on its own (core/qname.h) */
    const char *local = rt_qname_local(name);
    /* ".x" has an empty schema part: quoted whole, so the reader refuses it
     * rather than this writer inventing a schema. */
    if (local != name && rt_qname_schema_len(name) > 0) {
        char *schema = rt_qname_schema(name);
        rt_sql_quote_ident_with(out, schema, quote);
        free(schema);
        rt_buf_putc(out, RT_QNAME_SEP);
        name = local;
    }
    if (!rt_ident_needs_quotes(name)) {
        rt_buf_append(out, name);
        return;
    }
    rt_buf_putc(out, quote);
    for (const char *p = name; *p; p++) {
        if (*p == quote)
            rt_buf_putc(out, quote);
        rt_buf_putc(out, *p);
    }
    rt_buf_putc(out, quote);
}

void rt_sql_quote_literal(rt_buf *out, const char *s)
{
    rt_buf_putc(out, '\'');
    for (const char *p = s; *p; p++) {
        if (*p == '\'')
            rt_buf_putc(out, '\'');
        rt_buf_putc(out, *p);
    }
    rt_buf_putc(out, '\'');
}

void rt_sql_write_literal_list(rt_buf *out, const rt_strv *values)
{
    rt_buf_putc(out, '(');
    for (size_t i = 0; i < values->n; i++) {
        if (i)
            rt_buf_append(out, ", ");
        rt_sql_quote_literal(out, values->items[i]);
    }
    rt_buf_putc(out, ')');
}

const char *rt_fk_action_sql(rt_fk_action a)
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

void rt_sql_write_fk_actions(rt_buf *out, const rt_constraint *k)
{
    const char *del = rt_fk_action_sql(k->on_delete);
    const char *upd = rt_fk_action_sql(k->on_update);
    if (del)
        rt_buf_printf(out, " ON DELETE %s", del);
    if (upd)
        rt_buf_printf(out, " ON UPDATE %s", upd);
}

void rt_sql_write_ident_list(rt_buf *out, const rt_strv *names, rt_quote_fn quote)
{
    rt_buf_putc(out, '(');
    for (size_t i = 0; i < names->n; i++) {
        if (i)
            rt_buf_append(out, ", ");
        quote(out, names->items[i]);
    }
    rt_buf_putc(out, ')');
}

void rt_sql_write_comment_on(rt_buf *out, const char *table, const char *column,
                             const char *text, rt_quote_fn quote)
{
    rt_buf_append(out, column ? "COMMENT ON COLUMN " : "COMMENT ON TABLE ");
    quote(out, table);
    if (column) {
        rt_buf_putc(out, '.');
        quote(out, column);
    }
    rt_buf_append(out, " IS ");
    if (text)
        rt_sql_quote_literal(out, text);
    else
        rt_buf_append(out, "NULL");
}

void rt_sql_write_constraint(rt_buf *out, const rt_constraint *k, rt_quote_fn quote,
                             const char *empty_check)
{
    if (k->name) {
        rt_buf_append(out, "CONSTRAINT ");
        quote(out, k->name);
        rt_buf_putc(out, ' ');
    }
    switch (k->kind) {
    case RT_CONSTRAINT_PRIMARY_KEY:
        rt_buf_append(out, "PRIMARY KEY ");
        rt_sql_write_ident_list(out, &k->columns, quote);
        break;
    case RT_CONSTRAINT_UNIQUE:
        rt_buf_append(out, "UNIQUE ");
        rt_sql_write_ident_list(out, &k->columns, quote);
        break;
    case RT_CONSTRAINT_FOREIGN_KEY:
        rt_buf_append(out, "FOREIGN KEY ");
        rt_sql_write_ident_list(out, &k->columns, quote);
        rt_buf_append(out, " REFERENCES ");
        quote(out, k->ref_table);
        /* Without columns the referenced table's primary key is meant. */
        if (k->ref_columns.n) {
            rt_buf_putc(out, ' ');
            rt_sql_write_ident_list(out, &k->ref_columns, quote);
        }
        rt_sql_write_fk_actions(out, k);
        if (k->deferrable)
            rt_buf_append(out, k->initially_deferred ? " DEFERRABLE INITIALLY DEFERRED"
                                                     : " DEFERRABLE");
        break;
    case RT_CONSTRAINT_CHECK:
        rt_buf_printf(out, "CHECK (%s)", k->check_sql ? k->check_sql : empty_check);
        break;
    }
}

void rt_sql_write_create_table_head(rt_buf *out, const char *table, bool if_not_exists,
                                    rt_quote_fn quote)
{
    rt_buf_append(out, if_not_exists ? "CREATE TABLE IF NOT EXISTS " : "CREATE TABLE ");
    quote(out, table);
    rt_buf_append(out, " (");
}

void rt_sql_write_create_index(rt_buf *out, const char *table, const rt_index *ix,
                               bool if_not_exists, rt_quote_fn quote)
{
    rt_buf_append(out, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    if (if_not_exists)
        rt_buf_append(out, "IF NOT EXISTS ");
    quote(out, ix->name);
    rt_buf_append(out, " ON ");
    quote(out, table);
    rt_buf_append(out, " (");
    for (size_t i = 0; i < ix->columns.n; i++) {
        const char *e = ix->columns.items[i];
        if (i)
            rt_buf_append(out, ", ");
        if (rt_index_element_is_expr(e))
            rt_buf_append(out, e);
        else
            quote(out, e);
        if (rt_index_element_desc(ix, i))
            rt_buf_append(out, " DESC");
    }
    rt_buf_putc(out, ')');
    if (ix->where_sql) {
        rt_buf_append(out, " WHERE ");
        rt_buf_append(out, ix->where_sql);
    }
}

void rt_sql_expand_schemas(rt_buf *out, const char *sql, const rt_strv *schemas,
                           void (*literal)(rt_buf *out, const char *s))
{
    size_t mlen = strlen(RT_SQL_SCHEMAS);
    for (const char *m; (m = strstr(sql, RT_SQL_SCHEMAS)) != NULL; sql = m + mlen) {
        rt_buf_appendn(out, sql, (size_t)(m - sql));
        for (size_t i = 0; schemas && i < schemas->n; i++) {
            rt_buf_append(out, ", ");
            literal(out, schemas->items[i]);
        }
    }
    rt_buf_append(out, sql);
}

void rt_sql_write_table_test(rt_buf *out, const char *table, const char *schema_col,
                             const char *current, const char *name_col,
                             void (*literal)(rt_buf *out, const char *s))
{
    char *schema = rt_qname_schema(table);
    rt_buf_printf(out, "%s = ", schema_col);
    if (schema)
        literal(out, schema);
    else
        rt_buf_append(out, current);
    rt_buf_printf(out, " AND %s = ", name_col);
    literal(out, rt_qname_local(table));
    free(schema);
}
