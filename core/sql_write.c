/* Operations back to portable SQL, and the quoting rule every dialect uses. */
#include "sql_write.h"

#include "sql_render.h"

#include <stdlib.h>
#include <string.h>

/* Reserved words of SQL:2016, PostgreSQL, MySQL/MariaDB and SQLite, lower
 * case, sorted with strcmp (bsearch). Quoting a word that one backend does
 * not reserve costs nothing; missing one breaks a migration there. */
static const char *const wr_reserved[] = {
    "abort", "absolute", "access", "accessible", "action", "add", "after", "all", "allocate",
    "alter", "analyse", "analyze", "and", "any", "are", "array", "array_agg",
    "array_max_cardinality", "as", "asc", "asensitive", "assertion", "asymmetric", "at",
    "atomic", "attach", "authorization", "autoincrement", "avg", "before", "begin",
    "begin_frame", "begin_partition", "between", "bigint", "binary", "bit", "bit_length",
    "blob", "boolean", "both", "breadth", "by", "call", "called", "cardinality", "cascade",
    "cascaded", "case", "cast", "catalog", "ceil", "ceiling", "change", "char", "char_length",
    "character", "character_length", "check", "classifier", "clob", "close", "coalesce",
    "collate", "collation", "collect", "column", "columns", "commit", "condition", "connect",
    "connection", "constraint", "constraints", "contains", "continue", "convert", "copy",
    "corr", "corresponding", "count", "covar_pop", "covar_samp", "create", "cross", "cube",
    "cume_dist", "current", "current_catalog", "current_date",
    "current_default_transform_group", "current_path", "current_role", "current_row",
    "current_schema", "current_time", "current_timestamp", "current_transform_group_for_type",
    "current_user", "cursor", "cycle", "database", "databases", "date", "datetime", "day",
    "day_hour", "day_microsecond", "day_minute", "day_second", "deallocate", "dec", "decfloat",
    "decimal", "declare", "default", "deferrable", "deferred", "define", "delayed", "delete",
    "dense_rank", "depth", "deref", "desc", "describe", "descriptor", "detach", "deterministic",
    "diagnostics", "disconnect", "distinct", "distinctrow", "div", "do", "domain", "double",
    "drop", "dual", "dynamic", "each", "element", "else", "elseif", "empty", "enclosed", "end",
    "end_frame", "end_partition", "equals", "escape", "escaped", "every", "except", "exception",
    "exclude", "exclusive", "exec", "execute", "exists", "exit", "exp", "explain", "external",
    "extract", "fail", "false", "fetch", "filter", "first", "first_value", "float", "float4",
    "float8", "floor", "following", "for", "force", "foreign", "found", "frame_row", "free",
    "freeze", "from", "full", "fulltext", "function", "fusion", "generated", "get", "glob",
    "global", "go", "goto", "grant", "group", "grouping", "groups", "having", "high_priority",
    "hold", "hour", "hour_microsecond", "hour_minute", "hour_second", "identity", "if",
    "ignore", "ilike", "immediate", "in", "index", "indexed", "indicator", "infile", "initial",
    "initially", "inner", "inout", "input", "insensitive", "insert", "instead", "int", "int1",
    "int2", "int3", "int4", "int8", "integer", "intersect", "intersection", "interval", "into",
    "io_after_gtids", "io_before_gtids", "is", "isnull", "isolation", "iterate", "join",
    "json_array", "json_arrayagg", "json_exists", "json_object", "json_objectagg", "json_query",
    "json_table", "json_table_primitive", "json_value", "key", "keys", "kill", "lag",
    "language", "large", "last", "last_value", "lateral", "lead", "leading", "leave", "left",
    "level", "like", "like_regex", "limit", "linear", "lines", "listagg", "ln", "load", "local",
    "localtime", "localtimestamp", "lock", "log10", "long", "longblob", "longtext", "loop",
    "low_priority", "lower", "master_bind", "master_ssl_verify_server_cert", "match",
    "match_number", "match_recognize", "matches", "max", "maxvalue", "measures", "mediumblob",
    "mediumint", "mediumtext", "member", "merge", "method", "middleint", "min", "minute",
    "minute_microsecond", "minute_second", "mod", "modifies", "module", "month", "multiset",
    "names", "national", "natural", "nchar", "nclob", "new", "next", "no", "no_write_to_binlog",
    "none", "normalize", "not", "notnull", "nth_value", "ntile", "null", "nullif", "numeric",
    "occurrences_regex", "octet_length", "of", "offset", "offsets", "old", "omit", "on", "one",
    "only", "open", "optimize", "optimizer_costs", "option", "optionally", "or", "order",
    "ordinality", "out", "outer", "outfile", "output", "over", "overlaps", "overlay", "pad",
    "parameter", "partial", "partition", "pattern", "per", "percent", "percent_rank",
    "percentile_cont", "percentile_disc", "period", "placing", "plan", "portion", "position",
    "position_regex", "power", "pragma", "precedes", "preceding", "precision", "prepare",
    "primary", "prior", "privileges", "procedure", "ptf", "public", "purge", "query", "raise",
    "range", "rank", "read", "read_write", "reads", "real", "recursive", "ref", "references",
    "referencing", "regexp", "regr_avgx", "regr_avgy", "regr_count", "regr_intercept",
    "regr_r2", "regr_slope", "regr_sxx", "regr_sxy", "regr_syy", "reindex", "relative",
    "release", "rename", "repeat", "replace", "require", "resignal", "restrict", "result",
    "return", "returning", "returns", "revoke", "right", "rlike", "role", "rollback", "rollup",
    "routine", "row", "row_number", "rowid", "rows", "running", "savepoint", "schema",
    "schemas", "scope", "scroll", "search", "second", "second_microsecond", "section", "seek",
    "select", "sensitive", "separator", "session", "session_user", "set", "show", "signal",
    "similar", "size", "skip", "smallint", "some", "space", "spatial", "specific",
    "specifictype", "sql", "sql_big_result", "sql_calc_found_rows", "sql_small_result",
    "sqlexception", "sqlstate", "sqlwarning", "sqrt", "ssl", "start", "starting", "static",
    "stddev_pop", "stddev_samp", "stored", "straight_join", "submultiset", "subset",
    "substring", "substring_regex", "succeeds", "sum", "symmetric", "system", "system_time",
    "system_user", "table", "tablesample", "temp", "temporary", "terminated", "then", "ties",
    "time", "timestamp", "timezone_hour", "timezone_minute", "tinyblob", "tinyint", "tinytext",
    "to", "trailing", "transaction", "translate", "translate_regex", "translation", "treat",
    "trigger", "trim", "trim_array", "true", "truncate", "uescape", "undo", "union", "unique",
    "unknown", "unlock", "unnest", "unsigned", "until", "update", "upper", "usage", "use",
    "user", "using", "utc_date", "utc_time", "utc_timestamp", "vacuum", "value", "values",
    "var_pop", "var_samp", "varbinary", "varchar", "varcharacter", "variadic", "varying",
    "verbose", "versioning", "view", "virtual", "when", "whenever", "where", "while",
    "width_bucket", "window", "with", "within", "without", "work", "write", "xor", "year",
    "year_month", "zerofill",
};

static int wr_cmp(const void *key, const void *item)
{
    return strcmp(key, *(const char *const *)item);
}

const char *const *rt_sql_reserved_words(size_t *n)
{
    *n = sizeof wr_reserved / sizeof wr_reserved[0];
    return wr_reserved;
}

bool rt_ident_needs_quotes(const char *name)
{
    if (!name || !*name || (*name >= '0' && *name <= '9'))
        return true;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return true;
    return bsearch(name, wr_reserved, sizeof wr_reserved / sizeof wr_reserved[0],
                   sizeof wr_reserved[0], wr_cmp) != NULL;
}

void rt_sql_write_ident(rt_buf *out, const char *name)
{
    rt_sql_quote_ident_with(out, name, '"');
}

void rt_sql_write_type(rt_buf *out, const rt_type *t)
{
    rt_buf_append(out, rt_type_kind_name(t->kind));
    if ((t->kind == RT_TYPE_VARCHAR || t->kind == RT_TYPE_CHAR) && t->length > 0)
        rt_buf_printf(out, "(%d)", t->length);
    if (t->kind == RT_TYPE_ENUM)
        rt_sql_write_literal_list(out, &t->values);
    if (t->kind == RT_TYPE_NUMERIC && t->precision >= 0) {
        if (t->scale >= 0)
            rt_buf_printf(out, "(%d, %d)", t->precision, t->scale);
        else
            rt_buf_printf(out, "(%d)", t->precision);
    }
}

void rt_sql_write_column(rt_buf *out, const rt_column *c, bool inline_pk)
{
    rt_sql_write_ident(out, c->name);
    rt_buf_putc(out, ' ');
    rt_sql_write_type(out, &c->type);
    if (c->generated_sql)
        rt_buf_printf(out, " GENERATED ALWAYS AS (%s) STORED", c->generated_sql);
    if (inline_pk)
        rt_buf_append(out, " PRIMARY KEY");
    else if (c->not_null)
        rt_buf_append(out, " NOT NULL");
    if (c->default_sql)
        rt_buf_printf(out, " DEFAULT %s", c->default_sql);
}

/* An unnamed one-column primary key reads best inline ("id INTEGER
 * PRIMARY KEY"); only when it is the first constraint, so that parsing the
 * output gives the constraints back in the same order. */
static const char *wr_inline_pk(const rt_table *t)
{
    if (t->nconstraints == 0)
        return NULL;
    const rt_constraint *k = &t->constraints[0];
    if (k->kind != RT_CONSTRAINT_PRIMARY_KEY || k->name || k->columns.n != 1)
        return NULL;
    const rt_column *c = rt_table_find_column(t, k->columns.items[0]);
    return c && c->not_null ? c->name : NULL;
}

static void wr_create_table(rt_buf *out, const rt_table *t, bool if_not_exists)
{
    const char *pk_col = wr_inline_pk(t);
    rt_sql_write_create_table_head(out, t->name, if_not_exists, rt_sql_write_ident);
    bool first = true;
    for (size_t i = 0; i < t->ncolumns; i++) {
        rt_buf_append(out, first ? "\n    " : ",\n    ");
        first = false;
        rt_sql_write_column(out, &t->columns[i], pk_col && strcmp(pk_col, t->columns[i].name) == 0);
    }
    for (size_t i = pk_col ? 1 : 0; i < t->nconstraints; i++) {
        rt_buf_append(out, first ? "\n    " : ",\n    ");
        first = false;
        rt_sql_write_constraint(out, &t->constraints[i], rt_sql_write_ident, "");
    }
    rt_buf_append(out, "\n);\n");
}

static void wr_comment_on(rt_buf *out, const char *table, const char *column, const char *text)
{
    rt_sql_write_comment_on(out, table, column, text, rt_sql_write_ident);
    rt_buf_append(out, ";\n");
}

/* A table's comments as the COMMENT ON statements that give them. */
static void wr_table_comments(rt_buf *out, const rt_table *t)
{
    if (t->comment)
        wr_comment_on(out, t->name, NULL, t->comment);
    for (size_t i = 0; i < t->ncolumns; i++)
        if (t->columns[i].comment)
            wr_comment_on(out, t->name, t->columns[i].name, t->columns[i].comment);
}

static void wr_index(rt_buf *out, const char *table, const rt_index *ix, bool if_not_exists)
{
    rt_sql_write_create_index(out, table, ix, if_not_exists, rt_sql_write_ident);
    rt_buf_append(out, ";\n");
}

void rt_sql_write_table(rt_buf *out, const rt_table *t)
{
    wr_create_table(out, t, false);
    wr_table_comments(out, t);
    for (size_t i = 0; i < t->nindexes; i++)
        wr_index(out, t->name, &t->indexes[i], false);
}

static void wr_alter(rt_buf *out, const rt_op *op)
{
    rt_buf_append(out, "ALTER TABLE ");
    rt_sql_write_ident(out, op->table_name);
    rt_buf_putc(out, ' ');
}

static void wr_alter_column(rt_buf *out, const rt_op *op)
{
    wr_alter(out, op);
    rt_buf_append(out, "ALTER COLUMN ");
    rt_sql_write_ident(out, op->name);
    rt_buf_putc(out, ' ');
}

static void wr_comment(rt_buf *out, const char *comment)
{
    const char *p = comment;
    while (*p) {
        size_t n = strcspn(p, "\n");
        rt_buf_append(out, "-- ");
        rt_buf_appendn(out, p, n);
        rt_buf_putc(out, '\n');
        p += n;
        if (*p == '\n')
            p++;
    }
}

void rt_sql_write_op(rt_buf *out, const rt_op *op)
{
    if (op->comment)
        wr_comment(out, op->comment);
    switch (op->kind) {
    case RT_OP_CREATE_TABLE:
        wr_create_table(out, op->table, op->if_exists);
        wr_table_comments(out, op->table);
        for (size_t i = 0; i < op->table->nindexes; i++)
            wr_index(out, op->table->name, &op->table->indexes[i], false);
        return;
    case RT_OP_DROP_TABLE:
        rt_buf_append(out, op->if_exists ? "DROP TABLE IF EXISTS " : "DROP TABLE ");
        rt_sql_write_ident(out, op->table_name);
        break;
    case RT_OP_RENAME_TABLE:
        wr_alter(out, op);
        rt_buf_append(out, "RENAME TO ");
        rt_sql_write_ident(out, op->new_name);
        break;
    case RT_OP_ADD_COLUMN:
        wr_alter(out, op);
        rt_buf_append(out, "ADD COLUMN ");
        rt_sql_write_column(out, op->column, false);
        rt_buf_append(out, ";\n");
        if (op->column->comment)
            wr_comment_on(out, op->table_name, op->column->name, op->column->comment);
        return;
    case RT_OP_DROP_COLUMN:
        wr_alter(out, op);
        rt_buf_append(out, "DROP COLUMN ");
        rt_sql_write_ident(out, op->name);
        break;
    case RT_OP_RENAME_COLUMN:
        wr_alter(out, op);
        rt_buf_append(out, "RENAME COLUMN ");
        rt_sql_write_ident(out, op->name);
        rt_buf_append(out, " TO ");
        rt_sql_write_ident(out, op->new_name);
        break;
    case RT_OP_ALTER_TYPE:
        wr_alter_column(out, op);
        rt_buf_append(out, "TYPE ");
        rt_sql_write_type(out, &op->type);
        break;
    case RT_OP_SET_NOT_NULL:
        wr_alter_column(out, op);
        rt_buf_append(out, "SET NOT NULL");
        break;
    case RT_OP_DROP_NOT_NULL:
        wr_alter_column(out, op);
        rt_buf_append(out, "DROP NOT NULL");
        break;
    case RT_OP_SET_DEFAULT:
        wr_alter_column(out, op);
        rt_buf_printf(out, "SET DEFAULT %s", op->expr ? op->expr : "NULL");
        break;
    case RT_OP_DROP_DEFAULT:
        wr_alter_column(out, op);
        rt_buf_append(out, "DROP DEFAULT");
        break;
    case RT_OP_ADD_CONSTRAINT:
        wr_alter(out, op);
        rt_buf_append(out, "ADD ");
        rt_sql_write_constraint(out, op->constraint, rt_sql_write_ident, "");
        break;
    case RT_OP_DROP_CONSTRAINT:
        wr_alter(out, op);
        rt_buf_append(out, op->if_exists ? "DROP CONSTRAINT IF EXISTS " : "DROP CONSTRAINT ");
        rt_sql_write_ident(out, op->name);
        break;
    case RT_OP_CREATE_INDEX:
        wr_index(out, op->table_name, op->index, op->if_exists);
        return;
    case RT_OP_DROP_INDEX:
        rt_buf_append(out, op->if_exists ? "DROP INDEX IF EXISTS " : "DROP INDEX ");
        rt_sql_write_ident(out, op->name);
        if (op->table_name) {
            rt_buf_append(out, " ON ");
            rt_sql_write_ident(out, op->table_name);
        }
        break;
    case RT_OP_COMMENT:
        wr_comment_on(out, op->table_name, op->name, op->expr);
        return;
    case RT_OP_RAW:
        rt_buf_append(out, op->expr ? op->expr : "");
        break;
    }
    rt_buf_append(out, ";\n");
}
