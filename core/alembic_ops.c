/* import-alembic: Alembic operations (op.*, batch_op.*, bind.execute) ->
 * portable SQL statements for one backend (ctx->dialect). */
#include "alembic_conv.h"
#include "sql_render.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A call with the parameter names of its op.* form; in a batch block the
 * table parameter is implied and absent from the positionals. */
typedef struct op_call {
    ac_ctx *c;
    const rt_py_expr *e;
    const char *const *params;
    const char *batch_table;
} op_call;

/* The table a batch block implies: every table parameter but the referent. */
static bool op_table_param(const char *param)
{
    return strcmp(param, "table_name") == 0 || strcmp(param, "source_table") == 0;
}

static const rt_py_expr *op_param(const op_call *k, const char *name)
{
    const rt_py_expr *v = rt_py_kw(k->e, name);
    if (v)
        return v;
    size_t pos = 0;
    for (size_t i = 0; k->params[i]; i++) {
        bool implied = k->batch_table && op_table_param(k->params[i]);
        if (implied)
            continue;
        if (strcmp(k->params[i], name) == 0)
            return pos < k->e->nitems ? k->e->items[pos] : NULL;
        pos++;
    }
    return NULL;
}

static bool op_is_none(const rt_py_expr *e)
{
    return !e || (e->kind == RT_PYE_NAME && strcmp(e->s, "None") == 0);
}

/* A required name parameter. */
static int op_str(op_call *k, const char *param, const char **out)
{
    if (k->batch_table && op_table_param(param)) {
        *out = k->batch_table;
        return 0;
    }
    const rt_py_expr *v = op_param(k, param);
    if (!v)
        return rt_ac_refuse(k->c, "%s without %s", rt_ac_callee(k->e), param);
    if (rt_ac_name(k->c, v, out) != 0)
        return -1;
    if (!*out)
        return rt_ac_refuse(k->c, "%s=None", param);
    return 0;
}

static int op_no_schema(op_call *k)
{
    static const char *const kws[] = { "schema", "source_schema", "referent_schema", NULL };
    for (int i = 0; kws[i]; i++)
        if (!op_is_none(rt_py_kw(k->e, kws[i])))
            return rt_ac_refuse(k->c, "a schema-qualified table (%s=)", kws[i]);
    return 0;
}

/* "(a, b)" of a list of column names. */
static int op_cols(op_call *k, const rt_py_expr *list, rt_buf *out)
{
    list = rt_ac_resolve(k->c, list);
    if (!list || (list->kind != RT_PYE_LIST && list->kind != RT_PYE_TUPLE) || list->nitems == 0)
        return rt_ac_refuse(k->c, "a column list that is not a literal list of names");
    rt_buf_putc(out, '(');
    for (size_t i = 0; i < list->nitems; i++) {
        const char *n = rt_ac_str(k->c, list->items[i]);
        if (!n)
            return rt_ac_refuse(k->c, "a column list that is not a literal list of names");
        if (i)
            rt_buf_append(out, ", ");
        rt_ac_ident(out, n);
    }
    rt_buf_putc(out, ')');
    return 0;
}

/* The SQL text of a condition or statement: "..." or sa.text("..."). */
static const char *op_sql_text(ac_ctx *c, const rt_py_expr *e)
{
    const char *s = rt_ac_str(c, e);
    if (s)
        return s;
    e = rt_ac_resolve(c, e);
    const char *callee = rt_ac_callee(e);
    if (e && e->kind == RT_PYE_CALL && callee && strcmp(callee, "text") == 0 && e->nitems == 1 &&
        e->nkw == 0)
        return rt_ac_str(c, e->items[0]);
    return NULL;
}

/* One index element: 'col', sa.text('lower(x)'), sa.desc('col'). */
static int op_index_elem(ac_ctx *c, const rt_py_expr *e, rt_buf *out)
{
    const char *s = rt_ac_str(c, e);
    if (s) {
        rt_ac_ident(out, s);
        return 0;
    }
    e = rt_ac_resolve(c, e);
    const char *callee = rt_ac_callee(e);
    if (e && e->kind == RT_PYE_CALL && callee && e->nitems == 1) {
        if (strcmp(callee, "desc") == 0 || strcmp(callee, "asc") == 0) {
            if (op_index_elem(c, e->items[0], out) != 0)
                return -1;
            rt_buf_append(out, callee[0] == 'd' ? " DESC" : "");
            return 0;
        }
        if (strcmp(callee, "column") == 0 && rt_ac_str(c, e->items[0])) {
            rt_ac_ident(out, rt_ac_str(c, e->items[0]));
            return 0;
        }
        if (strcmp(callee, "text") == 0 || strcmp(callee, "literal_column") == 0) {
            const char *t = rt_ac_str(c, e->items[0]);
            if (!t)
                return rt_ac_refuse(c, "an index expression built in Python");
            /* "name" or "name DESC" stay columns; anything else is an
             * expression, which the portable syntax puts in parentheses. */
            size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789_");
            if (n > 0 && (t[n] == '\0' || strcasecmp(t + n, " desc") == 0 ||
                          strcasecmp(t + n, " asc") == 0))
                rt_buf_append(out, t);
            else
                rt_buf_printf(out, "(%s)", t);
            return 0;
        }
    }
    return rt_ac_refuse(c, "an index element built in Python");
}

/* The WHERE / USING / other backend keywords of an index, for c->dialect. */
static int op_index_kw(ac_ctx *c, const rt_py_expr *call, rt_buf *where)
{
    static const char *const pfx[AC_NDIALECTS] = { "sqlite_", "postgresql_", "mysql_" };
    for (size_t i = 0; i < call->nkw; i++) {
        const char *kw = call->kwnames[i];
        const rt_py_expr *v = call->kwvals[i];
        size_t pl = strlen(pfx[c->dialect]);
        bool mine = strncmp(kw, pfx[c->dialect], pl) == 0 ||
                    (c->dialect == AC_MYSQL && strncmp(kw, "mariadb_", 8) == 0);
        if (!mine)
            continue; /* another backend's keyword */
        const char *opt = strchr(kw, '_') + 1;
        if (strcmp(opt, "where") == 0) {
            const char *t = op_sql_text(c, v);
            if (!t)
                return rt_ac_refuse(c, "%s= built with SQLAlchemy expressions in Python", kw);
            rt_buf_printf(where, " WHERE %s", t);
        } else if (strcmp(opt, "using") == 0) {
            const char *t = rt_ac_str(c, v);
            if (!t || strcasecmp(t, "btree") != 0)
                return rt_ac_refuse(c, "%s='%s': index methods are not portable", kw,
                                    t ? t : "?");
        } else {
            return rt_ac_refuse(c, "%s= has no portable form", kw);
        }
    }
    return 0;
}

/* CREATE [UNIQUE] INDEX of an op.create_index or sa.Index call (unique=,
 * if_not_exists= and the backends' keywords read from call). */
static int op_write_index(ac_ctx *c, const rt_py_expr *call, const char *name,
                          const char *table, rt_py_expr *const *elems, size_t n, rt_strv *out)
{
    rt_buf b = RT_BUF_INIT, where = RT_BUF_INIT;
    rt_buf_append(&b, rt_ac_bool(c, rt_py_kw(call, "unique")) == 1 ? "CREATE UNIQUE INDEX "
                                                                   : "CREATE INDEX ");
    if (rt_ac_bool(c, rt_py_kw(call, "if_not_exists")) == 1)
        rt_buf_append(&b, "IF NOT EXISTS ");
    rt_ac_ident(&b, name);
    rt_buf_append(&b, " ON ");
    rt_ac_ident(&b, table);
    rt_buf_append(&b, " (");
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (i)
            rt_buf_append(&b, ", ");
        rc = op_index_elem(c, elems[i], &b);
    }
    rt_buf_putc(&b, ')');
    if (rc == 0)
        rc = op_index_kw(c, call, &where);
    rt_buf_append(&b, rt_buf_cstr(&where));
    rt_buf_free(&where);
    if (rc == 0)
        rt_strv_push_owned(out, rt_buf_steal(&b));
    rt_buf_free(&b);
    return rc;
}

static int op_create_index(op_call *k, rt_strv *out)
{
    const char *name, *table;
    if (op_str(k, "index_name", &name) != 0 || op_str(k, "table_name", &table) != 0 ||
        op_no_schema(k) != 0)
        return -1;
    const rt_py_expr *cols = rt_ac_resolve(k->c, op_param(k, "columns"));
    if (!cols || (cols->kind != RT_PYE_LIST && cols->kind != RT_PYE_TUPLE) || cols->nitems == 0)
        return rt_ac_refuse(k->c, "create_index without a literal list of columns");
    return op_write_index(k->c, k->e, name, table, cols->items, cols->nitems, out);
}

/* Index(name, *cols, unique=, ...) inside create_table. */
static int op_table_index(ac_ctx *c, const char *table, const rt_py_expr *ix, rt_strv *out)
{
    const char *name = NULL;
    if (ix->nitems < 2 || rt_ac_name(c, ix->items[0], &name) != 0 || !name)
        return rt_ac_refuse(c, "an Index without a literal name and columns");
    return op_write_index(c, ix, name, table, ix->items + 1, ix->nitems - 1, out);
}

static void op_constraint_name(rt_buf *b, const char *name)
{
    if (name) {
        rt_buf_append(b, "CONSTRAINT ");
        rt_ac_ident(b, name);
        rt_buf_putc(b, ' ');
    }
}

/* "(a, b)" of positional string arguments from index `from`. */
static int op_arg_cols(ac_ctx *c, const rt_py_expr *call, size_t from, rt_buf *out)
{
    if (call->nitems <= from)
        return rt_ac_refuse(c, "a constraint without columns");
    rt_buf_putc(out, '(');
    for (size_t i = from; i < call->nitems; i++) {
        const char *n = rt_ac_str(c, call->items[i]);
        if (!n)
            return rt_ac_refuse(c, "a constraint column that is not a literal name");
        if (i > from)
            rt_buf_append(out, ", ");
        rt_ac_ident(out, n);
    }
    rt_buf_putc(out, ')');
    return 0;
}

/* A table-level constraint of create_table. */
static int op_table_constraint(ac_ctx *c, const rt_py_expr *x, const char *kind, rt_buf *def)
{
    const char *name = NULL;
    if (rt_ac_name(c, rt_py_kw(x, "name"), &name) != 0)
        return -1;
    op_constraint_name(def, name);
    op_call k = { c, x, NULL, NULL };
    if (strcmp(kind, "PrimaryKeyConstraint") == 0 || strcmp(kind, "UniqueConstraint") == 0) {
        rt_buf_append(def, kind[0] == 'P' ? "PRIMARY KEY " : "UNIQUE ");
        return op_arg_cols(c, x, 0, def);
    }
    if (strcmp(kind, "CheckConstraint") == 0) {
        const char *sql = x->nitems ? op_sql_text(c, x->items[0]) : NULL;
        if (!sql)
            return rt_ac_refuse(c, "a CHECK condition built in Python");
        rt_buf_printf(def, "CHECK (%s)", sql);
        return 0;
    }
    /* ForeignKeyConstraint(["a"], ["t.id"], ...) */
    if (x->nitems < 2)
        return rt_ac_refuse(c, "a ForeignKeyConstraint without its two column lists");
    rt_buf_append(def, "FOREIGN KEY ");
    if (op_cols(&k, x->items[0], def) != 0)
        return -1;
    const rt_py_expr *refs = rt_ac_resolve(c, x->items[1]);
    if (!refs || (refs->kind != RT_PYE_LIST && refs->kind != RT_PYE_TUPLE) || refs->nitems == 0)
        return rt_ac_refuse(c, "a ForeignKeyConstraint target that is not a literal list");
    char *table = NULL;
    rt_buf cols = RT_BUF_INIT;
    for (size_t i = 0; i < refs->nitems; i++) {
        const char *s = rt_ac_str(c, refs->items[i]);
        const char *dot = s ? strrchr(s, '.') : NULL;
        if (!dot || memchr(s, '.', (size_t)(dot - s)) ||
            (table && strncmp(table, s, (size_t)(dot - s)) != 0)) {
            free(table);
            rt_buf_free(&cols);
            return rt_ac_refuse(c, "a ForeignKeyConstraint target that is not 'table.column'");
        }
        if (!table)
            table = rt_xstrndup(s, (size_t)(dot - s));
        if (i)
            rt_buf_append(&cols, ", ");
        rt_ac_ident(&cols, dot + 1);
    }
    rt_buf_append(def, " REFERENCES ");
    rt_ac_ident(def, table);
    rt_buf_printf(def, " (%s)", rt_buf_cstr(&cols));
    free(table);
    rt_buf_free(&cols);
    return rt_ac_fk_tail(c, x, def);
}

static void op_table_comment(rt_strv *out, const char *table, const char *text)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "COMMENT ON TABLE ");
    rt_ac_ident(&b, table);
    rt_buf_append(&b, " IS ");
    if (text)
        rt_sql_quote_literal(&b, text);
    else
        rt_buf_append(&b, "NULL");
    rt_strv_push_owned(out, rt_buf_steal(&b));
}

/* A statement, then those that must follow it (indexes, comments). */
static void op_push_with_after(rt_strv *out, rt_buf *stmt, const rt_strv *after)
{
    rt_strv_push_owned(out, rt_buf_steal(stmt));
    for (size_t i = 0; i < after->n; i++)
        rt_strv_push(out, after->items[i]);
}

static int op_create_table(ac_ctx *c, const rt_py_expr *e, rt_strv *out)
{
    op_call k = { c, e, NULL, NULL };
    const char *table = NULL;
    if (e->nitems == 0 || rt_ac_name(c, e->items[0], &table) != 0 || !table)
        return rt_ac_refuse(c, "create_table without a literal table name");
    if (op_no_schema(&k) != 0)
        return -1;
    rt_buf def = RT_BUF_INIT;
    rt_strv after = RT_STRV_INIT, pks = RT_STRV_INIT;
    rt_buf_append(&def, "CREATE TABLE ");
    if (rt_ac_bool(c, rt_py_kw(e, "if_not_exists")) == 1)
        rt_buf_append(&def, "IF NOT EXISTS ");
    rt_ac_ident(&def, table);
    rt_buf_append(&def, " (");
    int rc = 0;
    size_t nparts = 0;
    bool table_pk = false;
    for (size_t i = 1; i < e->nitems && rc == 0; i++) {
        const rt_py_expr *x = rt_ac_resolve(c, e->items[i]);
        const char *kind = rt_ac_callee(x);
        if (!kind || x->kind != RT_PYE_CALL) {
            rc = rt_ac_refuse(c, "a create_table argument computed in Python");
            break;
        }
        if (strcmp(kind, "Index") == 0) {
            rc = op_table_index(c, table, x, &after);
            continue;
        }
        rt_buf_append(&def, nparts++ ? ",\n    " : "\n    ");
        if (strcmp(kind, "Column") == 0) {
            bool pk;
            rc = rt_ac_column(c, table, x, &def, &after, &pk);
            if (rc == 0 && pk) {
                const char *n = NULL;
                rt_ac_name(c, x->items[0], &n);
                rt_strv_push(&pks, n);
            }
        } else if (strcmp(kind, "PrimaryKeyConstraint") == 0 || strcmp(kind, "UniqueConstraint") == 0 ||
                   strcmp(kind, "ForeignKeyConstraint") == 0 || strcmp(kind, "CheckConstraint") == 0) {
            table_pk |= kind[0] == 'P';
            rc = op_table_constraint(c, x, kind, &def);
        } else {
            rc = rt_ac_refuse(c, "sa.%s in create_table has no portable form", kind);
        }
    }
    if (rc == 0 && pks.n > 0 && table_pk)
        rc = rt_ac_refuse(c, "primary_key=True columns and a PrimaryKeyConstraint in one table");
    if (rc == 0 && pks.n > 0) {
        char *joined = NULL;
        rt_buf pk = RT_BUF_INIT;
        for (size_t i = 0; i < pks.n; i++) {
            if (i)
                rt_buf_append(&pk, ", ");
            rt_ac_ident(&pk, pks.items[i]);
        }
        joined = rt_buf_steal(&pk);
        rt_buf_printf(&def, ",\n    PRIMARY KEY (%s)", joined);
        free(joined);
    }
    rt_buf_append(&def, "\n)");
    const rt_py_expr *cm = rt_py_kw(e, "comment");
    if (rc == 0 && !op_is_none(cm)) {
        const char *text = rt_ac_str(c, cm);
        if (!text)
            rc = rt_ac_refuse(c, "a comment computed in Python");
        else
            op_table_comment(&after, table, text);
    }
    if (rc == 0)
        op_push_with_after(out, &def, &after);
    rt_buf_free(&def);
    rt_strv_free(&after);
    rt_strv_free(&pks);
    return rc;
}

static int op_add_column(op_call *k, rt_strv *out)
{
    const char *table;
    if (op_str(k, "table_name", &table) != 0 || op_no_schema(k) != 0)
        return -1;
    const rt_py_expr *col = op_param(k, "column");
    rt_buf b = RT_BUF_INIT;
    rt_strv after = RT_STRV_INIT;
    rt_buf_append(&b, "ALTER TABLE ");
    rt_ac_ident(&b, table);
    rt_buf_append(&b, " ADD COLUMN ");
    bool pk;
    int rc = col ? rt_ac_column(k->c, table, col, &b, &after, &pk)
                 : rt_ac_refuse(k->c, "add_column without a column");
    if (rc == 0 && pk)
        rt_buf_append(&b, " PRIMARY KEY");
    if (rc == 0)
        op_push_with_after(out, &b, &after);
    rt_buf_free(&b);
    rt_strv_free(&after);
    return rc;
}

static void op_alter_prefix(rt_buf *b, const char *table)
{
    rt_buf_append(b, "ALTER TABLE ");
    rt_ac_ident(b, table);
    rt_buf_putc(b, ' ');
}

static int op_alter_column(op_call *k, rt_strv *out)
{
    ac_ctx *c = k->c;
    const char *table, *col;
    if (op_str(k, "table_name", &table) != 0 || op_str(k, "column_name", &col) != 0 ||
        op_no_schema(k) != 0)
        return -1;
    if (c->dialect == AC_POSTGRESQL && rt_py_kw(k->e, "postgresql_using"))
        return rt_ac_refuse(c, "postgresql_using: ALTER ... USING is not portable (convert the "
                               "data with an UPDATE)");
    rt_strv stmts = RT_STRV_INIT;
    rt_buf b = RT_BUF_INIT;
    int rc = 0;
    /* Alembic's order: nullability, default, type, comment, then the rename. */
    int nullable = rt_ac_bool(c, rt_py_kw(k->e, "nullable"));
    const rt_py_expr *sd = rt_py_kw(k->e, "server_default");
    const rt_py_expr *ty = rt_py_kw(k->e, "type_");
    const rt_py_expr *cm = rt_py_kw(k->e, "comment");
    const rt_py_expr *nn = rt_py_kw(k->e, "new_column_name");
    bool sd_given = sd && !(sd->kind == RT_PYE_NAME && strcmp(sd->s, "False") == 0);
    bool cm_given = cm && !(cm->kind == RT_PYE_NAME && strcmp(cm->s, "False") == 0);
    if (c->dialect == AC_MYSQL && (nullable >= 0 || ty || cm_given || !op_is_none(nn))) {
        /* Alembic writes the whole column on MySQL (MODIFY / CHANGE) from
         * what the call says: without nullable= or existing_nullable= the
         * column becomes NULL, without server_default= the
         * existing_server_default= is kept and nothing else. Do the same. */
        if (nullable < 0) {
            int existing = rt_ac_bool(c, rt_py_kw(k->e, "existing_nullable"));
            nullable = existing >= 0 ? existing : 1;
        }
        if (!sd_given) {
            const rt_py_expr *esd = rt_py_kw(k->e, "existing_server_default");
            sd = esd && !(esd->kind == RT_PYE_NAME && strcmp(esd->s, "False") == 0) ? esd : NULL;
            sd_given = true;
        }
    }
    if (nullable >= 0) {
        op_alter_prefix(&b, table);
        rt_buf_append(&b, "ALTER COLUMN ");
        rt_ac_ident(&b, col);
        rt_buf_append(&b, nullable ? " DROP NOT NULL" : " SET NOT NULL");
        rt_strv_push_owned(&stmts, rt_buf_steal(&b));
    }
    if (sd_given) {
        op_alter_prefix(&b, table);
        rt_buf_append(&b, "ALTER COLUMN ");
        rt_ac_ident(&b, col);
        if (op_is_none(sd)) {
            rt_buf_append(&b, " DROP DEFAULT");
        } else {
            rt_buf_append(&b, " SET DEFAULT ");
            rc = rt_ac_default(c, sd, &b);
        }
        rt_strv_push_owned(&stmts, rt_buf_steal(&b));
    }
    if (rc == 0 && ty) {
        op_alter_prefix(&b, table);
        rt_buf_append(&b, "ALTER COLUMN ");
        rt_ac_ident(&b, col);
        rt_buf_append(&b, " TYPE ");
        rc = rt_ac_type(c, ty, &b);
        rt_strv_push_owned(&stmts, rt_buf_steal(&b));
    }
    if (rc == 0 && cm_given) {
        rt_buf_append(&b, "COMMENT ON COLUMN ");
        rt_ac_ident(&b, table);
        rt_buf_putc(&b, '.');
        rt_ac_ident(&b, col);
        rt_buf_append(&b, " IS ");
        if (op_is_none(cm))
            rt_buf_append(&b, "NULL");
        else if (rt_ac_str(c, cm))
            rt_sql_quote_literal(&b, rt_ac_str(c, cm));
        else
            rc = rt_ac_refuse(c, "a comment computed in Python");
        rt_strv_push_owned(&stmts, rt_buf_steal(&b));
    }
    if (rc == 0 && !op_is_none(nn)) {
        const char *to = NULL;
        rc = rt_ac_name(c, nn, &to);
        if (rc == 0) {
            op_alter_prefix(&b, table);
            rt_buf_append(&b, "RENAME COLUMN ");
            rt_ac_ident(&b, col);
            rt_buf_append(&b, " TO ");
            rt_ac_ident(&b, to);
            rt_strv_push_owned(&stmts, rt_buf_steal(&b));
        }
    }
    static const char *const known[] = { "nullable", "server_default", "type_", "comment",
                                         "new_column_name", "existing_type", "existing_nullable",
                                         "existing_server_default", "existing_comment",
                                         "existing_autoincrement", "autoincrement", "schema",
                                         "postgresql_using", "table_name", "column_name", NULL };
    for (size_t i = 0; rc == 0 && i < k->e->nkw; i++) {
        bool ok = false;
        for (int j = 0; known[j] && !ok; j++)
            ok = strcmp(k->e->kwnames[i], known[j]) == 0;
        if (!ok && strncmp(k->e->kwnames[i], "mysql_", 6) != 0 &&
            strncmp(k->e->kwnames[i], "postgresql_", 11) != 0)
            rc = rt_ac_refuse(c, "alter_column(%s=...) has no portable form", k->e->kwnames[i]);
    }
    if (rc == 0)
        for (size_t i = 0; i < stmts.n; i++)
            rt_strv_push(out, stmts.items[i]);
    rt_strv_free(&stmts);
    rt_buf_free(&b);
    return rc;
}

/* op.bulk_insert(sa.table("t", sa.column("a"), ...), [{"a": 1}, ...]) */
static int op_bulk_insert(ac_ctx *c, const rt_py_expr *e, rt_strv *out)
{
    if (e->nitems < 2)
        return rt_ac_refuse(c, "bulk_insert without a table and rows");
    const rt_py_expr *t = rt_ac_resolve(c, e->items[0]);
    const char *callee = rt_ac_callee(t);
    const char *table = NULL;
    if (!t || t->kind != RT_PYE_CALL || !callee ||
        (strcmp(callee, "table") != 0 && strcmp(callee, "Table") != 0 &&
         strcmp(callee, "create_table") != 0) || t->nitems == 0 ||
        rt_ac_name(c, t->items[0], &table) != 0 || !table)
        return rt_ac_refuse(c, "bulk_insert into a table that is not a literal sa.table(...)");
    const rt_py_expr *rows = rt_ac_resolve(c, e->items[1]);
    if (!rows || rows->kind != RT_PYE_LIST)
        return rt_ac_refuse(c, "bulk_insert rows computed in Python");
    rt_buf b = RT_BUF_INIT;
    const rt_py_expr *prev = NULL;
    int rc = 0;
    for (size_t r = 0; r < rows->nitems && rc == 0; r++) {
        const rt_py_expr *row = rt_ac_resolve(c, rows->items[r]);
        if (!row || row->kind != RT_PYE_DICT) {
            rc = rt_ac_refuse(c, "a bulk_insert row computed in Python");
            break;
        }
        /* Rows with the same keys in the same order share one INSERT. */
        bool same = prev && prev->nitems == row->nitems;
        for (size_t i = 0; same && i < row->nitems; i += 2)
            same = rt_ac_str(c, prev->items[i]) && rt_ac_str(c, row->items[i]) &&
                   strcmp(rt_ac_str(c, prev->items[i]), rt_ac_str(c, row->items[i])) == 0;
        if (!same) {
            if (prev)
                rt_strv_push_owned(out, rt_buf_steal(&b));
            rt_buf_append(&b, "INSERT INTO ");
            rt_ac_ident(&b, table);
            rt_buf_append(&b, " (");
            for (size_t i = 0; i < row->nitems; i += 2) {
                const char *key = rt_ac_str(c, row->items[i]);
                if (!key) {
                    rc = rt_ac_refuse(c, "a bulk_insert key computed in Python");
                    break;
                }
                if (i)
                    rt_buf_append(&b, ", ");
                rt_ac_ident(&b, key);
            }
            rt_buf_append(&b, ") VALUES\n    (");
        } else {
            rt_buf_append(&b, ",\n    (");
        }
        for (size_t i = 1; i < row->nitems && rc == 0; i += 2) {
            if (i > 1)
                rt_buf_append(&b, ", ");
            rc = rt_ac_literal(c, row->items[i], &b);
        }
        rt_buf_putc(&b, ')');
        prev = row;
    }
    if (rc == 0 && prev)
        rt_strv_push_owned(out, rt_buf_steal(&b));
    rt_buf_free(&b);
    return rc == 0 && !prev ? 1 : rc;
}

static int op_execute(ac_ctx *c, const rt_py_expr *e, rt_strv *out)
{
    const rt_py_expr *arg = e->nitems ? rt_ac_resolve(c, e->items[0]) : NULL;
    if (e->nitems > 1)
        return rt_ac_refuse(c, "execute() with bound parameters");
    const char *sql = op_sql_text(c, arg);
    if (!sql) {
        if (arg && arg->kind == RT_PYE_STR && (arg->flags & RT_PY_STR_FORMAT))
            return rt_ac_refuse(c, "SQL text formatted in Python (an f-string)");
        const char *callee = rt_ac_callee(arg);
        if (arg && (arg->kind == RT_PYE_BINOP ||
                    (arg->kind == RT_PYE_CALL && callee &&
                     (strcmp(callee, "format") == 0 || strcmp(callee, "join") == 0))))
            return rt_ac_refuse(c, "SQL text computed in Python");
        return rt_ac_refuse(c, "SQL built with SQLAlchemy expressions in Python");
    }
    size_t n = strlen(sql);
    while (n > 0 && (sql[n - 1] == ';' || sql[n - 1] == ' ' || sql[n - 1] == '\n' ||
                     sql[n - 1] == '\t'))
        n--;
    size_t s = strspn(sql, " \t\n");
    if (s >= n)
        return 1;
    rt_strv_push_owned(out, rt_xstrndup(sql + s, n - s));
    return 0;
}

int rt_ac_op(ac_ctx *c, const rt_py_expr *call, const char *batch_table, rt_strv *stmts)
{
    const char *op = call->a->s;
    rt_buf b = RT_BUF_INIT;
    int rc = 0;
    if (strcmp(op, "execute") == 0)
        return op_execute(c, call, stmts);
    if (!batch_table && strcmp(op, "create_table") == 0)
        return op_create_table(c, call, stmts);
    if (!batch_table && strcmp(op, "bulk_insert") == 0)
        return op_bulk_insert(c, call, stmts);
    if (strcmp(op, "create_index") == 0) {
        static const char *const p[] = { "index_name", "table_name", "columns", NULL };
        op_call k = { c, call, p, batch_table };
        return op_create_index(&k, stmts);
    }
    if (strcmp(op, "add_column") == 0) {
        static const char *const p[] = { "table_name", "column", NULL };
        op_call k = { c, call, p, batch_table };
        return op_add_column(&k, stmts);
    }
    if (strcmp(op, "alter_column") == 0) {
        static const char *const p[] = { "table_name", "column_name", NULL };
        op_call k = { c, call, p, batch_table };
        return op_alter_column(&k, stmts);
    }
    const char *table = NULL, *name = NULL;
    if (strcmp(op, "drop_table") == 0 || strcmp(op, "drop_column") == 0 ||
        strcmp(op, "rename_table") == 0 || strcmp(op, "create_table_comment") == 0 ||
        strcmp(op, "drop_table_comment") == 0) {
        static const char *const p[] = { "table_name", "column_name", NULL };
        static const char *const pr[] = { "old_table_name", "new_table_name", NULL };
        static const char *const pc[] = { "table_name", "comment", NULL };
        bool comment = strstr(op, "comment") != NULL;
        op_call k = { c, call, strcmp(op, "rename_table") == 0 ? pr : comment ? pc : p,
                      batch_table };
        if (op_no_schema(&k) != 0)
            return -1;
        if (strcmp(op, "rename_table") == 0) {
            if (op_str(&k, "old_table_name", &table) != 0 ||
                op_str(&k, "new_table_name", &name) != 0)
                return -1;
            op_alter_prefix(&b, table);
            rt_buf_append(&b, "RENAME TO ");
            rt_ac_ident(&b, name);
        } else if (comment) {
            if (op_str(&k, "table_name", &table) != 0)
                return -1;
            const rt_py_expr *cm = op_param(&k, "comment");
            const char *text = cm ? rt_ac_str(c, cm) : NULL;
            if (op[0] == 'c' && !text)
                return rt_ac_refuse(c, "a comment computed in Python");
            op_table_comment(stmts, table, op[0] == 'c' ? text : NULL);
            return 0;
        } else if (strcmp(op, "drop_table") == 0) {
            if (op_str(&k, "table_name", &table) != 0)
                return -1;
            rt_buf_append(&b, "DROP TABLE ");
            if (rt_ac_bool(c, rt_py_kw(call, "if_exists")) == 1)
                rt_buf_append(&b, "IF EXISTS ");
            rt_ac_ident(&b, table);
        } else {
            if (op_str(&k, "table_name", &table) != 0 || op_str(&k, "column_name", &name) != 0)
                return -1;
            op_alter_prefix(&b, table);
            rt_buf_append(&b, "DROP COLUMN ");
            rt_ac_ident(&b, name);
        }
        rt_strv_push_owned(stmts, rt_buf_steal(&b));
        return 0;
    }
    if (strcmp(op, "drop_index") == 0) {
        static const char *const p[] = { "index_name", "table_name", NULL };
        op_call k = { c, call, p, batch_table };
        if (op_str(&k, "index_name", &name) != 0 || op_no_schema(&k) != 0)
            return -1;
        const rt_py_expr *t = op_param(&k, "table_name");
        if (batch_table)
            table = batch_table;
        else if (!op_is_none(t) && rt_ac_name(c, t, &table) != 0)
            return -1;
        rt_buf_append(&b, "DROP INDEX ");
        if (rt_ac_bool(c, rt_py_kw(call, "if_exists")) == 1)
            rt_buf_append(&b, "IF EXISTS ");
        rt_ac_ident(&b, name);
        if (table) {
            rt_buf_append(&b, " ON ");
            rt_ac_ident(&b, table);
        }
        rt_strv_push_owned(stmts, rt_buf_steal(&b));
        return 0;
    }
    if (strcmp(op, "drop_constraint") == 0) {
        static const char *const p[] = { "constraint_name", "table_name", "type_", NULL };
        op_call k = { c, call, p, batch_table };
        if (op_str(&k, "constraint_name", &name) != 0 || op_str(&k, "table_name", &table) != 0 ||
            op_no_schema(&k) != 0)
            return -1;
        op_alter_prefix(&b, table);
        rt_buf_append(&b, "DROP CONSTRAINT ");
        if (rt_ac_bool(c, rt_py_kw(call, "if_exists")) == 1)
            rt_buf_append(&b, "IF EXISTS ");
        rt_ac_ident(&b, name);
        rt_strv_push_owned(stmts, rt_buf_steal(&b));
        return 0;
    }
    if (strcmp(op, "create_foreign_key") == 0) {
        static const char *const p[] = { "constraint_name", "source_table", "referent_table",
                                         "local_cols", "remote_cols", NULL };
        op_call k = { c, call, p, batch_table };
        const char *ref;
        const rt_py_expr *n = op_param(&k, "constraint_name");
        if (!n || rt_ac_name(c, n, &name) != 0 || op_str(&k, "source_table", &table) != 0 ||
            op_str(&k, "referent_table", &ref) != 0 || op_no_schema(&k) != 0)
            return -1;
        op_alter_prefix(&b, table);
        rt_buf_append(&b, "ADD ");
        op_constraint_name(&b, name);
        rt_buf_append(&b, "FOREIGN KEY ");
        rc = op_cols(&k, op_param(&k, "local_cols"), &b);
        if (rc == 0) {
            rt_buf_append(&b, " REFERENCES ");
            rt_ac_ident(&b, ref);
            rt_buf_putc(&b, ' ');
            rc = op_cols(&k, op_param(&k, "remote_cols"), &b);
        }
        if (rc == 0)
            rc = rt_ac_fk_tail(c, call, &b);
    } else if (strcmp(op, "create_unique_constraint") == 0 ||
               strcmp(op, "create_primary_key") == 0) {
        static const char *const p[] = { "constraint_name", "table_name", "columns", NULL };
        op_call k = { c, call, p, batch_table };
        const rt_py_expr *n = op_param(&k, "constraint_name");
        if (!n || rt_ac_name(c, n, &name) != 0 || op_str(&k, "table_name", &table) != 0 ||
            op_no_schema(&k) != 0)
            return -1;
        op_alter_prefix(&b, table);
        rt_buf_append(&b, "ADD ");
        op_constraint_name(&b, name);
        rt_buf_append(&b, op[7] == 'u' ? "UNIQUE " : "PRIMARY KEY ");
        rc = op_cols(&k, op_param(&k, "columns"), &b);
    } else if (strcmp(op, "create_check_constraint") == 0) {
        static const char *const p[] = { "constraint_name", "table_name", "condition", NULL };
        op_call k = { c, call, p, batch_table };
        const rt_py_expr *n = op_param(&k, "constraint_name");
        if (!n || rt_ac_name(c, n, &name) != 0 || op_str(&k, "table_name", &table) != 0 ||
            op_no_schema(&k) != 0)
            return -1;
        const rt_py_expr *cond = op_param(&k, "condition");
        const char *sql = cond ? op_sql_text(c, cond) : NULL;
        if (!sql)
            return rt_ac_refuse(c, "a CHECK condition built with SQLAlchemy expressions in Python");
        op_alter_prefix(&b, table);
        rt_buf_append(&b, "ADD ");
        op_constraint_name(&b, name);
        rt_buf_printf(&b, "CHECK (%s)", sql);
    } else {
        return rt_ac_refuse(c, "op.%s is not an operation the importer converts", op);
    }
    if (rc == 0)
        rt_strv_push_owned(stmts, rt_buf_steal(&b));
    rt_buf_free(&b);
    return rc;
}
