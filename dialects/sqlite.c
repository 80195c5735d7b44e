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
#include "dialect_default.h"
#include "copy.h"
#include "enum_check.h"
#include "migration_lock.h"
#include "naming.h"
#include "sql_lex.h"
#include "sql_parse.h"
#include "sql_render.h"
#include "sql_write.h"
#include "sqlite_live.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SQ_TMP_PREFIX "_retort_tmp_"

/* ------------------------------------------------------------- rendering */

static const rt_dialect_ddl sq_ddl;

/* The autoincrement column is written "<name> INTEGER PRIMARY KEY", which
 * makes it an alias of the rowid (and so auto-assigned); no NOT NULL there,
 * a rowid is never NULL anyway. SQLite keeps the declared type verbatim
 * (only its affinity matters to the engine), so the portable spelling is
 * written and comes back intact. An ENUM column: SQLite has no such type
 * (core/enum_check.h). */
static void sq_column_def(rt_buf *b, const rt_dialect_options *opts, const rt_column *c,
                          bool autoinc)
{
    (void)opts;
    if (c->type.kind != RT_TYPE_ENUM) {
        rt_sql_write_column(b, c, autoinc);
        return;
    }
    rt_sql_write_ident(b, c->name);
    rt_buf_putc(b, ' ');
    rt_sql_write_enum_as_check(b, c, rt_sql_write_ident);
    if (c->not_null)
        rt_buf_append(b, " NOT NULL");
    if (c->default_sql)
        rt_buf_printf(b, " DEFAULT %s", c->default_sql);
}

/* the primary key of an autoincrement column is written inline on it */
static bool sq_skip_in_create(const rt_table *t, const rt_constraint *k, bool if_not_exists)
{
    (void)if_not_exists;
    return k->kind == RT_CONSTRAINT_PRIMARY_KEY && rt_table_autoincrement_column(t);
}

static bool sq_column_in_constraints(const rt_table *t, const char *col)
{
    for (size_t i = 0; i < t->nconstraints; i++) {
        const rt_constraint *k = &t->constraints[i];
        if (k->kind == RT_CONSTRAINT_CHECK) {
            if (k->check_sql && rt_sql_expr_mentions(k->check_sql, col))
                return true;
        } else if (rt_strv_find(&k->columns, col) >= 0) {
            return true;
        }
    }
    for (size_t i = 0; i < t->ncolumns; i++) {
        const rt_column *c = &t->columns[i];
        if (c->generated_sql && (strcmp(c->name, col) == 0 || rt_sql_expr_mentions(c->generated_sql, col)))
            return true;
    }
    for (size_t i = 0; i < t->nindexes; i++)
        if (rt_index_uses_column(&t->indexes[i], col))
            return true;
    return false;
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
/* What the live table has beyond the model must survive the rebuild or
 * stop it before anything runs: a column would be lost with its data, so
 * it is refused; an index made outside the revisions is created again
 * from its own SQL when its columns survive (refused otherwise), and every
 * trigger from its sqlite_master text, since DROP TABLE drops them all.
 * Done here, at render time with the database at hand
 * (RT_DIALECT_RENDERS_LIVE), because SQL alone cannot copy a trigger's
 * text, and because the engine renders at validation, so a refusal comes
 * before the first statement of the plan runs. */
static int sq_rebuild_live(const rt_dialect_options *opts, const rt_schema *before,
                           const rt_op *op, const rt_table *nt, rt_strv *keep, rt_error *err)
{
    if (!opts || !opts->live_db)
        return RT_OK;
    const rt_table *known =
        opts->live_model ? rt_schema_find_table(opts->live_model, op->table_name) : NULL;
    if (!known && (!opts->live_model || opts->live_model_partial))
        known = rt_schema_find_table(before, op->table_name);
    rt_sqlite_live live = RT_SQLITE_LIVE_INIT;
    int rc = rt_sqlite_live_read(opts->live_db, op->table_name, known, &live, err);
    if (rc == RT_OK && live.extra_columns.n > 0)
        rc = rt_error_set(err, RT_ENOTSUPPORTED,
                          "Cannot %s on SQLite table \"%s\": SQLite needs a table rebuild for "
                          "that, and column \"%s\" of the live table is not in the revisions "
                          "(added by hand or by raw SQL), so it and its data would be lost. "
                          "Add it in an earlier revision (ALTER TABLE ... ADD COLUMN) or drop it "
                          "by hand; nothing was run.",
                          sq_rebuild_reason(op->kind), op->table_name,
                          live.extra_columns.items[0]);
    for (size_t i = 0; rc == RT_OK && i < live.nindexes; i++) {
        const rt_sqlite_live_index *ix = &live.indexes[i];
        for (size_t k = 0; rc == RT_OK && k < ix->columns.n; k++) {
            bool found = false;
            for (size_t c = 0; c < nt->ncolumns && !found; c++)
                found = strcasecmp(nt->columns[c].name, ix->columns.items[k]) == 0;
            if (!found)
                rc = rt_error_set(err, RT_ENOTSUPPORTED,
                                  "Cannot %s on SQLite table \"%s\": index \"%s\" is not in "
                                  "the revisions (made by hand or by raw SQL) and covers column "
                                  "\"%s\", which the rebuilt table no longer has, so the index "
                                  "would be lost. Drop it by hand first; nothing was run.",
                                  sq_rebuild_reason(op->kind), op->table_name, ix->name,
                                  ix->columns.items[k]);
        }
        if (rc == RT_OK)
            rt_strv_push(keep, ix->sql);
    }
    for (size_t i = 0; rc == RT_OK && i < live.triggers.n; i++)
        rt_strv_push(keep, live.triggers.items[i]);
    rt_sqlite_live_free(&live);
    return rc;
}

static int sq_rebuild(const rt_dialect_options *opts, const rt_schema *before, const rt_op *op,
                      rt_strv *out, rt_error *err)
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
    /* rt_schema_apply also drops what a dropped column takes with it (its
     * CHECKs, its place in keys and indexes), as the new definition needs. */
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

    rt_strv keep = RT_STRV_INIT;
    rc = sq_rebuild_live(opts, before, op, nt, &keep, err);
    if (rc != RT_OK) {
        rt_strv_free(&keep);
        rt_schema_free(&copy);
        return rc;
    }

    char *tmp = rt_xasprintf("%s%s", SQ_TMP_PREFIX, nt->name);
    rt_buf b = RT_BUF_INIT;
    rc = rt_dialect_default_create_table(&sq_ddl, opts, before, nt, tmp, false, &b, err);
    rt_dialect_push(out, &b);
    rt_buf cols = RT_BUF_INIT, from = RT_BUF_INIT;
    for (size_t i = 0; i < nt->ncolumns; i++) {
        /* a renamed column is read under its old name */
        const char *src = nt->columns[i].name;
        if (op->kind == RT_OP_RENAME_COLUMN && strcmp(src, op->new_name) == 0)
            src = op->name;
        const rt_column *was = rt_table_find_column(old, src);
        /* a generated column is computed, never written */
        if (!was || was->generated_sql || nt->columns[i].generated_sql)
            continue;
        if (cols.len) {
            rt_buf_append(&cols, ", ");
            rt_buf_append(&from, ", ");
        }
        rt_sql_write_ident(&cols, nt->columns[i].name);
        rt_sql_write_ident(&from, src);
    }
    if (cols.len) {
        rt_buf_append(&b, "INSERT INTO ");
        rt_sql_write_ident(&b, tmp);
        rt_buf_printf(&b, " (%s) SELECT %s FROM ", rt_buf_cstr(&cols), rt_buf_cstr(&from));
        rt_sql_write_ident(&b, old->name);
        rt_strv_push_owned(out, rt_buf_steal(&b));
    }
    rt_buf_free(&cols);
    rt_buf_free(&from);

    /* the rest is standard DDL */
    rt_op step = { .kind = RT_OP_DROP_TABLE, .table_name = old->name };
    rt_dialect_default_op(&sq_ddl, opts, before, &step, out, err);
    rt_strv_push(out, "PRAGMA legacy_alter_table = ON");
    step = (rt_op){ .kind = RT_OP_RENAME_TABLE, .table_name = tmp, .new_name = nt->name };
    rt_dialect_default_op(&sq_ddl, opts, before, &step, out, err);
    rt_strv_push(out, "PRAGMA legacy_alter_table = OFF");
    for (size_t i = 0; i < nt->nindexes; i++) {
        step = (rt_op){ .kind = RT_OP_CREATE_INDEX, .table_name = nt->name,
                        .index = &nt->indexes[i] };
        rt_dialect_default_op(&sq_ddl, opts, before, &step, out, err);
    }
    for (size_t i = 0; i < keep.n; i++) {
        rt_strv_push_owned(out, keep.items[i]);
        keep.items[i] = NULL;
    }
    rt_strv_free(&keep);

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
    if (c->generated_sql)
        return false; /* ADD COLUMN takes VIRTUAL generated columns only */
    if (c->not_null && !c->default_sql)
        return false;
    if (c->default_sql && (sq_is_time_keyword(c->default_sql) || c->default_sql[0] == '('))
        return false;
    return true;
}

/* SQLite's ALTER TABLE adds a column only without NOT NULL, CURRENT_* or
 * expression defaults, generated or ENUM columns: other columns need the
 * rebuild. */
static int sq_render_add_column(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                const rt_schema *before, const rt_op *op, rt_strv *out,
                                rt_error *err)
{
    if (!sq_add_column_native(op->column) || op->column->type.kind == RT_TYPE_ENUM)
        return sq_rebuild(opts, before, op, out, err);
    return rt_dialect_default_op(ddl, opts, before, op, out, err);
}

static int sq_render_drop_column(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                 const rt_schema *before, const rt_op *op, rt_strv *out,
                                 rt_error *err)
{
    const rt_table *t = before ? rt_schema_find_table(before, op->table_name) : NULL;
    /* The model drops the keys of other tables that refer to the column;
     * here that would mean rebuilding those tables too. */
    size_t cursor = 0;
    const rt_table *owner = NULL;
    const rt_constraint *fk =
        before ? rt_schema_next_fk_to(before, op->table_name, op->name, &cursor, &owner) : NULL;
    if (fk)
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "SQLite cannot drop column \"%s\" of table \"%s\" while foreign "
                            "key \"%s\" of table \"%s\" refers to it: drop that key first.",
                            op->name, op->table_name, fk->name ? fk->name : "", owner->name);
    if (t && sq_column_in_constraints(t, op->name))
        return sq_rebuild(opts, before, op, out, err);
    return rt_dialect_default_op(ddl, opts, before, op, out, err);
}

/* an ENUM's CHECK is named after its column: rebuild to rename it */
static int sq_render_rename_column(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                                   const rt_schema *before, const rt_op *op, rt_strv *out,
                                   rt_error *err)
{
    const rt_column *c = rt_dialect_before_column(before, op->table_name, op->name);
    if (c && c->type.kind == RT_TYPE_ENUM)
        return sq_rebuild(opts, before, op, out, err);
    return rt_dialect_default_op(ddl, opts, before, op, out, err);
}

/* What ALTER TABLE cannot do at all. */
static int sq_render_rebuild(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                             const rt_schema *before, const rt_op *op, rt_strv *out,
                             rt_error *err)
{
    (void)ddl;
    /* IF EXISTS of a constraint the model does not have: nothing to
     * rebuild, and SQLite has no other way to drop one. */
    const rt_table *t = before ? rt_schema_find_table(before, op->table_name) : NULL;
    if (op->kind == RT_OP_DROP_CONSTRAINT && op->if_exists && t &&
        !rt_table_find_constraint(t, op->name) && !rt_naming_is_unnamed_pkey(t, op->name))
        return RT_OK;
    return sq_rebuild(opts, before, op, out, err);
}

/* SQLite has no comments: they stay in the model (see sq_normalize). */
static int sq_render_comment(const rt_dialect_ddl *ddl, const rt_dialect_options *opts,
                             const rt_schema *before, const rt_op *op, rt_strv *out,
                             rt_error *err)
{
    (void)ddl, (void)opts, (void)before, (void)op, (void)out, (void)err;
    return RT_OK;
}

/* Raw SQL that sets PRAGMA [schema.]foreign_keys (= or call form); the
 * query form "PRAGMA foreign_keys" only reads it. */
static bool sq_sets_foreign_keys(const char *sql)
{
    const char *p = sql ? sql : "";
    while (isspace((unsigned char)*p))
        p++;
    if (strncasecmp(p, "PRAGMA", 6) != 0 || !isspace((unsigned char)p[6]))
        return false;
    p += 6;
    while (isspace((unsigned char)*p))
        p++;
    const char *dot = strchr(p, '.');
    const char *name = dot && (size_t)(dot - p) < strcspn(p, " \t\n=(") ? dot + 1 : p;
    if (strncasecmp(name, "foreign_keys", 12) != 0)
        return false;
    p = name + 12;
    while (isspace((unsigned char)*p))
        p++;
    return *p == '=' || *p == '(';
}

/* What SQLite would do wrong without a word: refused before anything runs. */
static int sq_check_op(const rt_schema *before, const rt_op *op, rt_error *err)
{
    (void)before;
    if (op->kind == RT_OP_RAW && sq_sets_foreign_keys(op->expr))
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "PRAGMA foreign_keys cannot change inside a transaction, and "
                            "on SQLite every revision runs in one (its own, or the whole "
                            "run's with --single-transaction): SQLite would ignore it "
                            "without a word. It is a setting of one connection: the "
                            "application sets it on its own; retort keeps it off, as "
                            "Alembic does, because the table rebuild needs it off. To check "
                            "the keys in a revision, use PRAGMA foreign_key_check.");
    return RT_OK;
}

static const rt_dialect_ddl sq_ddl = {
    .dialect = &rt_dialect_sqlite,
    .quote = rt_sql_write_ident,
    .check_op = sq_check_op,
    .column_def = sq_column_def,
    .skip_in_create = sq_skip_in_create,
    .ops = {
        [RT_OP_ADD_COLUMN] = sq_render_add_column,
        [RT_OP_DROP_COLUMN] = sq_render_drop_column,
        [RT_OP_RENAME_COLUMN] = sq_render_rename_column,
        [RT_OP_ALTER_TYPE] = sq_render_rebuild,
        [RT_OP_SET_NOT_NULL] = sq_render_rebuild,
        [RT_OP_DROP_NOT_NULL] = sq_render_rebuild,
        [RT_OP_SET_DEFAULT] = sq_render_rebuild,
        [RT_OP_DROP_DEFAULT] = sq_render_rebuild,
        [RT_OP_ADD_CONSTRAINT] = sq_render_rebuild,
        [RT_OP_DROP_CONSTRAINT] = sq_render_rebuild,
        [RT_OP_COMMENT] = sq_render_comment,
    },
};

static int sq_render(const rt_dialect_options *opts, const rt_schema *before, const rt_op *op,
                     rt_strv *out, rt_error *err)
{
    return rt_dialect_default_render(&sq_ddl, opts, before, op, out, err);
}

/* ------------------------------------------------------------ reflection */

/* Every row of a query, as a flat vector of cells (NULL for SQL NULL). */
typedef struct sq_rows {
    rt_strv cells;
    size_t ncols;
    size_t n;
} sq_rows;

#define SQ_CELL(r, row, col) ((r)->cells.items[(row) * (r)->ncols + (col)])

static int sq_collect(void *ctx, size_t ncols, const char *const *names,
                      const char *const *values)
{
    (void)names;
    sq_rows *r = ctx;
    r->ncols = ncols;
    for (size_t i = 0; i < ncols; i++)
        rt_strv_push(&r->cells, values[i]);
    r->n++;
    return 0;
}

static int sq_query(rt_db *db, const char *sql, sq_rows *r, rt_error *err)
{
    int rc = rt_db_query(db, sql, sq_collect, r, err);
    if (rc != RT_OK)
        rt_error_prefix(err, "Reading the SQLite catalog failed: ");
    return rc;
}

/* sqlite_master rows of real tables, in creation order; every query below
 * walks the tables in the same order so that one pass consumes them. LIKE
 * needs the escape: '_' alone would match any character. */
#define SQ_TABLES_FROM                                                              \
    " FROM sqlite_master AS m WHERE m.type = 'table'"                               \
    " AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"

static const char SQ_Q_TABLES[] = "SELECT m.name, m.sql" SQ_TABLES_FROM " ORDER BY m.rowid";
/* table_xinfo, not table_info: only it lists generated columns (hidden 2/3). */
static const char SQ_Q_COLUMNS[] =
    "SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk"
    " FROM sqlite_master AS m JOIN pragma_table_xinfo(m.name) AS p"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    " ORDER BY m.rowid, p.cid";
static const char SQ_Q_INDEXES[] =
    "SELECT m.name, il.name, il.\"unique\", il.origin, il.partial, ii.name, im.sql"
    " FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS il"
    " JOIN pragma_index_info(il.name) AS ii"
    " LEFT JOIN sqlite_master AS im ON im.type = 'index' AND im.name = il.name"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    " ORDER BY m.rowid, im.rowid, il.name, ii.seqno";
/* foreign_key_list numbers the keys last-declared first. */
static const char SQ_Q_FKS[] =
    "SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete"
    " FROM sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f"
    " WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    " ORDER BY m.rowid, f.id DESC, f.seq";

/* A declared type the portable parser does not know (a table made by hand)
 * maps by SQLite's own affinity rules (https://sqlite.org/datatype3.html). */
static void sq_map_type(const char *decl, rt_type *out)
{
    rt_error ignored;
    if (decl && *decl && rt_sql_parse_type(out, decl, &ignored) == RT_OK)
        return;
    char *up = rt_xstrdup(decl ? decl : "");
    for (char *p = up; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    if (strstr(up, "INT"))
        rt_type_init(out, strstr(up, "BIG") ? RT_TYPE_BIGINT : RT_TYPE_INTEGER);
    else if (strstr(up, "CHAR") || strstr(up, "CLOB") || strstr(up, "TEXT"))
        rt_type_init(out, RT_TYPE_TEXT);
    else if (!*up || strstr(up, "BLOB"))
        rt_type_init(out, RT_TYPE_BLOB);
    else if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB"))
        rt_type_init(out, RT_TYPE_DOUBLE);
    else
        rt_type_init(out, RT_TYPE_NUMERIC);
    free(up);
}

static bool sq_is_string_literal(const char *s)
{
    size_t n = strlen(s);
    if (n < 2 || s[0] != '\'' || s[n - 1] != '\'')
        return false;
    for (size_t i = 1; i < n - 1; i++)
        if (s[i] == '\'' && s[++i] != '\'')
            return false;
    return true;
}

/* pragma_table_info gives the default as written, minus the parentheses
 * of an expression default; this puts it back in canonical form (used when
 * the CREATE TABLE text is not portable SQL and the parser cannot give it). */
static char *sq_canonical_default(const char *d)
{
    if (!d || strcasecmp(d, "NULL") == 0)
        return NULL;
    if (rt_sql_is_number(d))
        return rt_xstrdup(d[0] == '+' ? d + 1 : d);
    if (sq_is_string_literal(d))
        return rt_xstrdup(d);
    if (strcasecmp(d, "TRUE") == 0 || strcasecmp(d, "FALSE") == 0 || sq_is_time_keyword(d)) {
        char *up = rt_xstrdup(d);
        for (char *p = up; *p; p++)
            *p = (char)toupper((unsigned char)*p);
        return up;
    }
    return rt_xasprintf("(%s)", d);
}

static rt_fk_action sq_parse_fk_action(const char *s)
{
    if (!s)
        return RT_FK_NO_ACTION;
    if (strcasecmp(s, "RESTRICT") == 0)
        return RT_FK_RESTRICT;
    if (strcasecmp(s, "CASCADE") == 0)
        return RT_FK_CASCADE;
    if (strcasecmp(s, "SET NULL") == 0)
        return RT_FK_SET_NULL;
    if (strcasecmp(s, "SET DEFAULT") == 0)
        return RT_FK_SET_DEFAULT;
    return RT_FK_NO_ACTION;
}

/* The parsed CREATE TABLE text, or NULL when it is not portable SQL. */
static const rt_table *sq_parse_create(rt_oplist *ops, const char *sql)
{
    rt_error ignored;
    if (!sql || rt_sql_parse(ops, sql, "sqlite_master", 1, &ignored) != RT_OK)
        return NULL;
    if (ops->n != 1 || ops->items[0].kind != RT_OP_CREATE_TABLE || !ops->items[0].table)
        return NULL;
    return ops->items[0].table;
}

/* The parsed constraint of that kind over the same columns (and, for a
 * foreign key, the same referenced table): where the constraint's name
 * comes from, since the pragmas do not report names. */
static const rt_constraint *sq_parsed_match(const rt_table *parsed, const rt_constraint *k)
{
    if (!parsed)
        return NULL;
    for (size_t i = 0; i < parsed->nconstraints; i++) {
        const rt_constraint *p = &parsed->constraints[i];
        if (p->kind != k->kind || !rt_strv_equal(&p->columns, &k->columns))
            continue;
        if (k->kind == RT_CONSTRAINT_FOREIGN_KEY && strcmp(p->ref_table, k->ref_table) != 0)
            continue;
        return p;
    }
    return NULL;
}

static void sq_add_columns(rt_table *t, const rt_table *parsed, const sq_rows *r, size_t *cur)
{
    size_t first = *cur;
    size_t npk = 0;
    for (; *cur < r->n && strcmp(SQ_CELL(r, *cur, 0), t->name) == 0; (*cur)++) {
        size_t i = *cur;
        rt_column c = {0};
        c.name = SQ_CELL(r, i, 1);
        sq_map_type(SQ_CELL(r, i, 2), &c.type);
        c.not_null = SQ_CELL(r, i, 3) && strcmp(SQ_CELL(r, i, 3), "0") != 0;
        const rt_column *pc = parsed ? rt_table_find_column(parsed, c.name) : NULL;
        char *def = pc ? rt_xstrdup(pc->default_sql) : sq_canonical_default(SQ_CELL(r, i, 4));
        c.default_sql = def;
        c.generated_sql = pc ? pc->generated_sql : NULL;
        if (SQ_CELL(r, i, 5) && strcmp(SQ_CELL(r, i, 5), "0") != 0) {
            c.not_null = true; /* the model's rule for key columns */
            npk++;
        }
        rt_table_add_column(t, &c);
        rt_type_free(&c.type);
        free(def);
    }
    if (!npk)
        return;
    rt_constraint pk = {0};
    pk.kind = RT_CONSTRAINT_PRIMARY_KEY;
    for (size_t k = 1; k <= npk; k++)
        for (size_t i = first; i < *cur; i++)
            if (SQ_CELL(r, i, 5) && strtoul(SQ_CELL(r, i, 5), NULL, 10) == k)
                rt_strv_push(&pk.columns, SQ_CELL(r, i, 1));
    const rt_constraint *ppk = parsed ? rt_table_primary_key(parsed) : NULL;
    pk.name = ppk ? ppk->name : NULL;
    rt_table_add_constraint(t, &pk);
    pk.name = NULL;
    rt_strv_free(&pk.columns);
}

/* The index sqlite_master keeps the CREATE INDEX text of, when that text
 * is portable SQL (retort wrote it, or someone wrote it so): the only
 * place SQLite keeps an index's expressions and WHERE as written. true
 * when ix was filled (caller frees). */
static bool sq_index_from_sql(const char *sql, const char *table, rt_index *ix)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err;
    bool ok = sql && rt_sql_parse(&ops, sql, NULL, 1, &err) == RT_OK && ops.n == 1 &&
              ops.items[0].kind == RT_OP_CREATE_INDEX && ops.items[0].index &&
              ops.items[0].table_name && strcmp(ops.items[0].table_name, table) == 0;
    if (ok)
        rt_index_copy(ix, ops.items[0].index);
    rt_oplist_free(&ops);
    return ok;
}

/* UNIQUE constraints (origin 'u') go to found, plain indexes to t. The
 * primary key's own index (origin 'pk') is the primary key, already known.
 * Expression and partial indexes are read from their CREATE INDEX text;
 * one that is not portable SQL has no place in the model. */
static void sq_add_indexes(rt_table *t, const rt_table *parsed, const sq_rows *r, size_t *cur,
                           rt_table *found)
{
    while (*cur < r->n && strcmp(SQ_CELL(r, *cur, 0), t->name) == 0) {
        const char *ixname = SQ_CELL(r, *cur, 1);
        bool unique = strcmp(SQ_CELL(r, *cur, 2), "0") != 0;
        const char *origin = SQ_CELL(r, *cur, 3);
        bool partial = strcmp(SQ_CELL(r, *cur, 4), "0") != 0;
        const char *sql = SQ_CELL(r, *cur, 6);
        rt_index parsed_ix;
        bool expr = false;
        rt_strv cols = RT_STRV_INIT;
        for (; *cur < r->n && strcmp(SQ_CELL(r, *cur, 0), t->name) == 0 &&
               strcmp(SQ_CELL(r, *cur, 1), ixname) == 0;
             (*cur)++) {
            if (SQ_CELL(r, *cur, 5))
                rt_strv_push(&cols, SQ_CELL(r, *cur, 5));
            else
                expr = true;
        }
        if (strcmp(origin, "u") == 0) {
            rt_constraint k = {0};
            k.kind = RT_CONSTRAINT_UNIQUE;
            k.columns = cols;
            const rt_constraint *p = sq_parsed_match(parsed, &k);
            k.name = p ? rt_xstrdup(p->name) : rt_naming_unique(t->name, &cols);
            rt_table_add_constraint(found, &k);
            free(k.name);
        } else if (strcmp(origin, "c") == 0 && sq_index_from_sql(sql, t->name, &parsed_ix)) {
            rt_table_add_index(t, &parsed_ix);
            rt_index_free(&parsed_ix);
        } else if (strcmp(origin, "c") == 0 && !partial && !expr) {
            rt_index ix = {0};
            ix.name = (char *)ixname;
            ix.unique = unique;
            ix.columns = cols;
            rt_table_add_index(t, &ix);
        }
        rt_strv_free(&cols);
    }
}

static void sq_add_fks(rt_table *t, const rt_table *parsed, const sq_rows *r, size_t *cur,
                       rt_table *found)
{
    while (*cur < r->n && strcmp(SQ_CELL(r, *cur, 0), t->name) == 0) {
        const char *id = SQ_CELL(r, *cur, 1);
        rt_constraint k = {0};
        k.kind = RT_CONSTRAINT_FOREIGN_KEY;
        k.ref_table = SQ_CELL(r, *cur, 2);
        k.on_update = sq_parse_fk_action(SQ_CELL(r, *cur, 5));
        k.on_delete = sq_parse_fk_action(SQ_CELL(r, *cur, 6));
        bool implicit_ref = false;
        for (; *cur < r->n && strcmp(SQ_CELL(r, *cur, 0), t->name) == 0 &&
               strcmp(SQ_CELL(r, *cur, 1), id) == 0;
             (*cur)++) {
            rt_strv_push(&k.columns, SQ_CELL(r, *cur, 3));
            if (SQ_CELL(r, *cur, 4))
                rt_strv_push(&k.ref_columns, SQ_CELL(r, *cur, 4));
            else
                implicit_ref = true;
        }
        if (implicit_ref) /* filled from the parent's key by sq_fill_fk_refs */
            rt_strv_clear(&k.ref_columns);
        const rt_constraint *p = sq_parsed_match(parsed, &k);
        char *name = p ? rt_xstrdup(p->name) : rt_naming_foreign_key(t->name, &k.columns,
                                                                    k.ref_table);
        k.name = name;
        /* no pragma reports deferrability: the declared text does */
        k.deferrable = p && p->deferrable;
        k.initially_deferred = p && p->initially_deferred;
        rt_table_add_constraint(found, &k);
        free(name);
        rt_strv_free(&k.columns);
        rt_strv_free(&k.ref_columns);
    }
}

static void sq_skip_rows(const sq_rows *r, size_t *cur, const char *table)
{
    while (*cur < r->n && strcmp(SQ_CELL(r, *cur, 0), table) == 0)
        (*cur)++;
}

/* Moves the constraints of found into t in the order the CREATE TABLE text
 * declares them (so that a reflected table reads like its source), CHECKs
 * coming from the text alone since no pragma reports them. */
static void sq_merge_constraints(rt_table *t, const rt_table *parsed, rt_table *found)
{
    bool *used = rt_xcalloc(found->nconstraints + 1, sizeof *used);
    for (size_t i = 0; parsed && i < parsed->nconstraints; i++) {
        const rt_constraint *p = &parsed->constraints[i];
        if (p->kind == RT_CONSTRAINT_PRIMARY_KEY)
            continue;
        if (p->kind == RT_CONSTRAINT_CHECK) {
            rt_table_add_constraint(t, p);
            continue;
        }
        bool matched = false;
        for (size_t j = 0; j < found->nconstraints && !matched; j++) {
            if (!used[j] && found->constraints[j].kind == p->kind &&
                strcmp(found->constraints[j].name, p->name) == 0) {
                used[j] = true;
                matched = true;
                rt_table_add_constraint(t, &found->constraints[j]);
            }
        }
        /* SQLite builds no index for a UNIQUE over the same columns as the
         * primary key or an earlier UNIQUE, so no pragma reports it; it is
         * still declared (and enforced) in the text. */
        if (!matched && p->kind == RT_CONSTRAINT_UNIQUE)
            rt_table_add_constraint(t, p);
    }
    for (size_t j = 0; j < found->nconstraints; j++)
        if (!used[j])
            rt_table_add_constraint(t, &found->constraints[j]);
    free(used);
}

static void sq_fill_fk_refs(rt_schema *s)
{
    for (size_t i = 0; i < s->ntables; i++)
        for (size_t j = 0; j < s->tables[i].nconstraints; j++)
            rt_schema_fk_spell_ref_columns(s, &s->tables[i].constraints[j]);
}

static int sq_reflect(rt_db *db, const rt_dialect_options *opts, const char *skip_table,
                      rt_schema *out, rt_error *err)
{
    (void)opts;
    sq_rows tables = {RT_STRV_INIT, 0, 0}, cols = {RT_STRV_INIT, 0, 0};
    sq_rows idx = {RT_STRV_INIT, 0, 0}, fks = {RT_STRV_INIT, 0, 0};
    int rc = sq_query(db, SQ_Q_TABLES, &tables, err);
    if (rc == RT_OK)
        rc = sq_query(db, SQ_Q_COLUMNS, &cols, err);
    if (rc == RT_OK)
        rc = sq_query(db, SQ_Q_INDEXES, &idx, err);
    if (rc == RT_OK)
        rc = sq_query(db, SQ_Q_FKS, &fks, err);

    size_t ci = 0, ii = 0, fi = 0;
    for (size_t i = 0; rc == RT_OK && i < tables.n; i++) {
        const char *name = SQ_CELL(&tables, i, 0);
        if (skip_table && strcmp(name, skip_table) == 0) {
            sq_skip_rows(&cols, &ci, name);
            sq_skip_rows(&idx, &ii, name);
            sq_skip_rows(&fks, &fi, name);
            continue;
        }
        rt_oplist ops = RT_OPLIST_INIT;
        const rt_table *parsed = sq_parse_create(&ops, SQ_CELL(&tables, i, 1));
        rt_table t = {0}, found = {0};
        t.name = rt_xstrdup(name);
        sq_add_columns(&t, parsed, &cols, &ci);
        sq_add_indexes(&t, parsed, &idx, &ii, &found);
        sq_add_fks(&t, parsed, &fks, &fi, &found);
        sq_merge_constraints(&t, parsed, &found);
        rt_table_fold_enum_checks(&t);
        rt_schema_add_table(out, &t);
        rt_table_free(&t);
        rt_table_free(&found);
        rt_oplist_free(&ops);
    }
    if (rc == RT_OK)
        sq_fill_fk_refs(out);
    rt_strv_free(&tables.cells);
    rt_strv_free(&cols.cells);
    rt_strv_free(&idx.cells);
    rt_strv_free(&fks.cells);
    return rc;
}

/* ------------------------------------------------------------- normalize */

/* What SQLite stores differently from a model:
 * - a primary key column is reported NOT NULL by reflection whatever the
 *   model says (the model's own rule, but a hand-built model may omit it);
 * - a foreign key without parent columns comes back with the parent's
 *   primary key columns spelled out (see sq_fill_fk_refs).
 * - comments are dropped: SQLite has none, so retort renders COMMENT ON
 *   as nothing there and `check` must not report them missing.
 * Types, defaults and CHECK texts are kept verbatim by SQLite, so nothing
 * else needs rewriting. */
static void sq_normalize(const rt_dialect_options *opts, rt_schema *model)
{
    (void)opts;
    for (size_t i = 0; i < model->ntables; i++) {
        rt_table *t = &model->tables[i];
        rt_table_pk_not_null(t);
        /* SQLite has nowhere to keep comments: the model keeps them alone. */
        free(t->comment);
        t->comment = NULL;
        for (size_t j = 0; j < t->ncolumns; j++) {
            free(t->columns[j].comment);
            t->columns[j].comment = NULL;
        }
    }
    sq_fill_fk_refs(model);
}

/* ----------------------------------------------------------------- misc */

static void sq_has_table_sql(rt_buf *out, const char *table)
{
    rt_buf_append(out, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ");
    rt_sql_quote_literal(out, table);
}

const rt_dialect rt_dialect_sqlite = {
    .name = "sqlite",
    .caps = RT_DIALECT_TRANSACTIONAL_DDL | RT_DIALECT_DEFERRABLE_FK | RT_DIALECT_FK_SET_DEFAULT |
            RT_DIALECT_RENDERS_LIVE,
    .max_varchar_length = 0, /* declared lengths are not enforced */
    .max_char_length = 0,
    .render = sq_render,
    .reflect = sq_reflect,
    .normalize = sq_normalize,
    .has_table_sql = sq_has_table_sql,
    /* SQLite accepts standard double-quoted identifiers, so the portable
     * quoting is its own. */
    .quote_ident = rt_sql_write_ident,
    .lock = &rt_sqlite_lock,
    .copy = &rt_sqlite_copy,
};
