#include "version_table.h"
#include "dialect.h"
#include "qname.h"
#include "sql_render.h"

#include <stdlib.h>
#include <string.h>

static int vt_collect(void *ctx, size_t ncols, const char *const *names,
                      const char *const *values)
{
    (void)names;
    rt_strv *heads = ctx;
    if (ncols > 0 && values[0])
        rt_strv_push(heads, values[0]);
    return 0;
}

static int vt_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Asked before reading, because a query on a missing table is an error, and
 * inside a PostgreSQL transaction an error aborts everything after it. */
static int vt_exists(rt_db *db, const char *table, bool *exists, rt_error *err)
{
    const rt_dialect *d = rt_db_dialect(db);
    rt_buf sql = RT_BUF_INIT;
    d->has_table_sql(&sql, table);
    char *value = NULL;
    int rc = rt_db_query_value(db, rt_buf_cstr(&sql), &value, err);
    rt_buf_free(&sql);
    if (rc != RT_OK)
        return rt_error_prefix(err, "Cannot check for the version table %s: ", table);
    *exists = value != NULL;
    free(value);
    return RT_OK;
}

/* The rows, sorted; the table must exist. */
static int vt_select(rt_db *db, const char *table, rt_strv *heads, rt_error *err)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT version_num FROM ");
    rt_db_dialect(db)->quote_ident(&sql, table);
    int rc = rt_db_query(db, rt_buf_cstr(&sql), vt_collect, heads, err);
    rt_buf_free(&sql);
    if (rc != RT_OK)
        return rt_error_prefix(err, "Cannot read the version table %s: ", table);
    if (heads->n > 1)
        qsort(heads->items, heads->n, sizeof *heads->items, vt_cmp);
    return RT_OK;
}

int rt_version_read(rt_db *db, const char *table, rt_strv *heads, rt_error *err)
{
    rt_strv_clear(heads);
    bool exists = false;
    if (vt_exists(db, table, &exists, err) != RT_OK)
        return err->code;
    return exists ? vt_select(db, table, heads, err) : RT_OK;
}

int rt_version_create_sql(const rt_dialect *d, const rt_table *t, rt_strv *out,
                          rt_error *err)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_op *op = rt_oplist_push(&ops, RT_OP_CREATE_TABLE);
    op->table = rt_xcalloc(1, sizeof *op->table);
    op->table->name = rt_xstrdup(t->name);
    for (size_t i = 0; i < t->ncolumns; i++)
        rt_table_add_column(op->table, &t->columns[i]);
    for (size_t i = 0; i < t->nconstraints; i++)
        rt_table_add_constraint(op->table, &t->constraints[i]);
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    rt_schema empty = RT_SCHEMA_INIT;
    int rc = d->render(&opts, &empty, &ops.items[0], out, err);
    rt_schema_free(&empty);
    rt_oplist_free(&ops);
    return rc;
}

int rt_version_create_table(rt_db *db, const rt_table *t, rt_error *err)
{
    bool exists = false;
    if (vt_exists(db, t->name, &exists, err) != RT_OK)
        return err->code;
    if (exists)
        return RT_OK;
    rt_strv stmts = RT_STRV_INIT;
    int rc = rt_version_create_sql(rt_db_dialect(db), t, &stmts, err);
    for (size_t i = 0; rc == RT_OK && i < stmts.n; i++)
        rc = rt_db_exec(db, stmts.items[i], err);
    if (rc != RT_OK)
        rt_error_prefix(err, "Cannot create the table %s: ", t->name);
    rt_strv_free(&stmts);
    return rc;
}

/* Creates the version table on db, or appends its DDL for d to out when db
 * is NULL. Built as a model table so every dialect spells it its own way. */
static int vt_ensure(rt_db *db, const rt_dialect *d, const char *table, rt_strv *out,
                     rt_error *err)
{
    rt_column col;
    memset(&col, 0, sizeof col);
    col.name = "version_num";
    rt_type_init(&col.type, RT_TYPE_VARCHAR);
    col.type.length = 32;
    col.not_null = true;
    rt_constraint pk;
    memset(&pk, 0, sizeof pk);
    pk.kind = RT_CONSTRAINT_PRIMARY_KEY;
    char *pk_name = rt_xasprintf("%s_pkc", rt_qname_local(table)); /* in its schema */
    pk.name = pk_name;
    rt_strv_push(&pk.columns, "version_num");
    rt_table t;
    memset(&t, 0, sizeof t);
    t.name = (char *)table;
    t.columns = &col;
    t.ncolumns = 1;
    t.constraints = &pk;
    t.nconstraints = 1;
    int rc = db ? rt_version_create_table(db, &t, err) : rt_version_create_sql(d, &t, out, err);
    rt_strv_free(&pk.columns);
    free(pk_name);
    return rc;
}

int rt_version_ensure(rt_db *db, const char *table, rt_error *err)
{
    return vt_ensure(db, NULL, table, NULL, err);
}

int rt_version_ensure_sql(const rt_dialect *d, const char *table, rt_strv *out, rt_error *err)
{
    return vt_ensure(NULL, d, table, out, err);
}

/* Rows that are in a but not in b (borrowed strings). */
static size_t vt_missing(const rt_strv *a, const rt_strv *b, const char **out)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++)
        if (rt_strv_find(b, a->items[i]) < 0)
            out[n++] = a->items[i];
    return n;
}

/* The driver ABI has no affected-row count, so the write is checked by
 * reading the table back on the same connection (inside the revision's
 * transaction where there is one). */
int rt_version_check(rt_db *db, const char *table, const rt_strv *after, rt_error *err)
{
    rt_strv now = RT_STRV_INIT, want = RT_STRV_INIT;
    int rc = vt_select(db, table, &now, err);
    rt_strv_copy(&want, after);
    if (want.n > 1)
        qsort(want.items, want.n, sizeof *want.items, vt_cmp);
    if (rc == RT_OK && !rt_strv_equal(&now, &want)) {
        char *got = now.n ? rt_strv_join(&now, ", ") : rt_xstrdup("no row");
        char *exp = want.n ? rt_strv_join(&want, ", ") : rt_xstrdup("no row");
        rc = rt_error_set(err, RT_EMIGRATE,
                          "the version table %s holds %s after the update, where this run "
                          "wrote %s: another process changed it during the run (one that "
                          "does not take the migration lock?)",
                          table, got, exp);
        free(got);
        free(exp);
    }
    rt_strv_free(&now);
    rt_strv_free(&want);
    return rc;
}

void rt_version_match_sql(const rt_dialect *d, const char *table, const rt_strv *rows,
                          rt_buf *out)
{
    rt_buf_append(out, "(SELECT COUNT(*) FROM ");
    d->quote_ident(out, table);
    rt_buf_printf(out, ") = %zu", rows->n);
    if (rows->n == 0)
        return;
    rt_buf_append(out, " AND (SELECT COUNT(*) FROM ");
    d->quote_ident(out, table);
    rt_buf_append(out, " WHERE version_num IN (");
    for (size_t i = 0; i < rows->n; i++) {
        if (i)
            rt_buf_append(out, ", ");
        rt_sql_quote_literal(out, rows->items[i]);
    }
    rt_buf_printf(out, ")) = %zu", rows->n);
}

int rt_version_write(rt_db *db, const char *table, const rt_strv *before, const rt_strv *after,
                     rt_error *err)
{
    int rc = rt_version_write_rows(db, table, before, after, err);
    return rc == RT_OK ? rt_version_check(db, table, after, err) : rc;
}

void rt_version_update_sql(const rt_dialect *d, const char *table, const rt_strv *before,
                           const rt_strv *after, rt_strv *out)
{
    const char **gone = rt_xcalloc(before->n + 1, sizeof *gone);
    const char **added = rt_xcalloc(after->n + 1, sizeof *added);
    size_t ngone = vt_missing(before, after, gone);
    size_t nadded = vt_missing(after, before, added);
    rt_buf sql = RT_BUF_INIT;
    /* A head replaced by its successor is one UPDATE, as Alembic writes it:
     * where DDL commits on its own (MySQL) no moment exists without a row,
     * and a linear step costs one statement, not two. */
    size_t i = 0;
    for (; i < ngone && i < nadded; i++) {
        rt_buf_reset(&sql);
        rt_buf_append(&sql, "UPDATE ");
        d->quote_ident(&sql, table);
        rt_buf_append(&sql, " SET version_num = ");
        rt_sql_quote_literal(&sql, added[i]);
        rt_buf_append(&sql, " WHERE version_num = ");
        rt_sql_quote_literal(&sql, gone[i]);
        rt_strv_push(out, rt_buf_cstr(&sql));
    }
    for (size_t k = i; k < ngone; k++) {
        rt_buf_reset(&sql);
        rt_buf_append(&sql, "DELETE FROM ");
        d->quote_ident(&sql, table);
        rt_buf_append(&sql, " WHERE version_num = ");
        rt_sql_quote_literal(&sql, gone[k]);
        rt_strv_push(out, rt_buf_cstr(&sql));
    }
    for (size_t k = i; k < nadded; k++) {
        rt_buf_reset(&sql);
        rt_buf_append(&sql, "INSERT INTO ");
        d->quote_ident(&sql, table);
        rt_buf_append(&sql, " (version_num) VALUES (");
        rt_sql_quote_literal(&sql, added[k]);
        rt_buf_putc(&sql, ')');
        rt_strv_push(out, rt_buf_cstr(&sql));
    }
    rt_buf_free(&sql);
    free(gone);
    free(added);
}

bool rt_version_one_row_step(const rt_strv *before, const rt_strv *after, const char **from,
                             const char **to)
{
    const char *g[2] = { NULL, NULL }, *a[2] = { NULL, NULL };
    size_t ng = 0, na = 0;
    for (size_t i = 0; i < before->n && ng < 2; i++)
        if (rt_strv_find(after, before->items[i]) < 0)
            g[ng++] = before->items[i];
    for (size_t i = 0; i < after->n && na < 2; i++)
        if (rt_strv_find(before, after->items[i]) < 0)
            a[na++] = after->items[i];
    if (ng != 1 || na != 1 || before->n != after->n)
        return false;
    *from = g[0];
    *to = a[0];
    return true;
}

int rt_version_write_rows(rt_db *db, const char *table, const rt_strv *before,
                          const rt_strv *after, rt_error *err)
{
    rt_strv stmts = RT_STRV_INIT;
    rt_version_update_sql(rt_db_dialect(db), table, before, after, &stmts);
    int rc = RT_OK;
    for (size_t i = 0; rc == RT_OK && i < stmts.n; i++)
        if ((rc = rt_db_exec(db, stmts.items[i], err)) != RT_OK)
            rt_error_prefix(err, "Cannot update the version table %s (%s): ", table,
                            stmts.items[i]);
    rt_strv_free(&stmts);
    return rc;
}
