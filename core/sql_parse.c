/* The portable-SQL parser: text -> statements -> operations.
 *
 * The whole text is tokenized first, then split into statements at ';'
 * (the lexer already keeps quotes, comments and $$ bodies whole; trigger
 * and routine bodies between BEGIN and END are tracked here). Statements
 * that start with modelled keywords are parsed by recursive descent; every
 * other statement becomes a RAW op holding its text verbatim. */
#include "sql_parse.h"

#include "naming.h"
#include "qname.h"
#include "sql_lex.h"
#include "sql_render.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ps_toks {
    rt_token *items;
    size_t n, cap;
} ps_toks;

/* Parser state for one text. */
typedef struct ps {
    const char *src;
    const char *path;
    rt_error *err;
    rt_token *t;     /* tokens of the current statement */
    size_t n, i;     /* count, cursor */
    rt_token end;    /* the ';' or end of input after the statement */
    bool end_is_semi;
    rt_oplist *out;
    int line, col;   /* start of the current statement */
    rt_token gen_at;      /* GENERATED of the column being parsed, for errors */
    rt_strv check_tables; /* per table: unnamed table-level CHECKs seen so far */
    int *check_counts;
    const rt_sql_lines *only; /* lines of blocks for some backends only */
    size_t nonly;
} ps;

/* ---- errors ---- */

static int ps_fail_at(ps *p, const rt_token *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int ps_fail_at(ps *p, const rt_token *at, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rt_error_set(p->err, RT_EPARSE, "%s:%d:%d: %s", p->path ? p->path : "<input>", at->line,
                        at->col, msg);
}

static const rt_token *ps_cur(const ps *p)
{
    return p->i < p->n ? &p->t[p->i] : &p->end;
}

/* How the current token reads in "found ..." */
static void ps_describe(const ps *p, const rt_token *tok, char *buf, size_t size)
{
    if (tok == &p->end || tok->kind == RT_TOK_EOF) {
        snprintf(buf, size, "%s", p->end_is_semi ? "end of statement" : "end of input");
        return;
    }
    int n = tok->len > 40 ? 40 : (int)tok->len;
    const char *s = p->src + tok->start;
    const char *more = tok->len > 40 ? "..." : "";
    switch (tok->kind) {
    case RT_TOK_STRING: snprintf(buf, size, "string %.*s%s", n, s, more); break;
    case RT_TOK_NUMBER: snprintf(buf, size, "number %.*s%s", n, s, more); break;
    case RT_TOK_QIDENT: snprintf(buf, size, "%.*s%s", n, s, more); break;
    case RT_TOK_DOLLAR: snprintf(buf, size, "dollar-quoted string"); break;
    default: snprintf(buf, size, "'%.*s%s'", n, s, more); break;
    }
}

static int ps_expected(ps *p, const char *what)
{
    char found[128];
    const rt_token *tok = ps_cur(p);
    ps_describe(p, tok, found, sizeof found);
    return ps_fail_at(p, tok, "expected %s, found %s.", what, found);
}

/* ---- token helpers ---- */

static bool ps_is_kw(const ps *p, const char *kw)
{
    return rt_tok_is_kw(p->src, ps_cur(p), kw);
}

static bool ps_is_kw_at(const ps *p, size_t ahead, const char *kw)
{
    return p->i + ahead < p->n && rt_tok_is_kw(p->src, &p->t[p->i + ahead], kw);
}

static bool ps_accept_kw(ps *p, const char *kw)
{
    if (!ps_is_kw(p, kw))
        return false;
    p->i++;
    return true;
}

static int ps_expect_kw(ps *p, const char *kw)
{
    if (ps_accept_kw(p, kw))
        return RT_OK;
    return ps_expected(p, kw);
}

static bool ps_is_punct(const ps *p, const char *s)
{
    const rt_token *tok = ps_cur(p);
    return tok->kind == RT_TOK_PUNCT && tok->len == strlen(s) &&
           strncmp(p->src + tok->start, s, tok->len) == 0;
}

static bool ps_accept_punct(ps *p, const char *s)
{
    if (!ps_is_punct(p, s))
        return false;
    p->i++;
    return true;
}

static int ps_expect_punct(ps *p, const char *s)
{
    if (ps_accept_punct(p, s))
        return RT_OK;
    char what[16];
    snprintf(what, sizeof what, "'%s'", s);
    return ps_expected(p, what);
}

static bool ps_at_end(const ps *p)
{
    return p->i >= p->n;
}

static int ps_expect_end(ps *p)
{
    if (ps_at_end(p))
        return RT_OK;
    return ps_expected(p, "end of statement");
}

/* A name: bare word (case kept) or "quoted". */
static int ps_ident(ps *p, const char *what, char **out)
{
    const rt_token *tok = ps_cur(p);
    if (tok->kind != RT_TOK_WORD && tok->kind != RT_TOK_QIDENT) {
        *out = NULL;
        return ps_expected(p, what);
    }
    *out = rt_tok_text(p->src, tok);
    if (strchr(*out, RT_QNAME_SEP)) {
        free(*out);
        *out = NULL;
        return ps_fail_at(p, tok, "a name may not contain '%c': it separates a schema from a "
                          "table (write \"schema\".\"table\").", RT_QNAME_SEP);
    }
    p->i++;
    return RT_OK;
}

/* A table name: name or schema.name (core/qname.h). */
static int ps_table_name(ps *p, char **out)
{
    int rc = ps_ident(p, "a table name", out);
    if (rc != RT_OK || !ps_accept_punct(p, "."))
        return rc;
    char *local;
    rc = ps_ident(p, "a table name after the schema", &local);
    if (rc == RT_OK) {
        char *joined = rt_qname_join(*out, local);
        free(local);
        free(*out);
        *out = joined;
    } else {
        free(*out);
        *out = NULL;
    }
    return rc;
}

/* ( name [, name ...] ) */
static int ps_ident_list(ps *p, rt_strv *out, const char *what)
{
    int rc = ps_expect_punct(p, "(");
    while (rc == RT_OK) {
        char *name;
        rc = ps_ident(p, what, &name);
        if (rc != RT_OK)
            break;
        rt_strv_push_owned(out, name);
        if (ps_accept_punct(p, ")"))
            break;
        if (!ps_accept_punct(p, ","))
            rc = ps_expected(p, "',' or ')'");
    }
    return rc;
}

/* The text between balanced parentheses; the cursor is on '('. With
 * keep_parens the parentheses are part of the result. */
static int ps_paren_text(ps *p, bool keep_parens, const char *what, char **out)
{
    *out = NULL;
    const rt_token *open = ps_cur(p);
    int rc = ps_expect_punct(p, "(");
    if (rc != RT_OK)
        return rc;
    size_t first = p->i;
    int depth = 1;
    while (p->i < p->n) {
        if (ps_is_punct(p, "("))
            depth++;
        else if (ps_is_punct(p, ")") && --depth == 0)
            break;
        p->i++;
    }
    if (depth != 0)
        return ps_fail_at(p, open, "this '(' is never closed.");
    if (p->i == first)
        return ps_expected(p, what);
    const rt_token *close = &p->t[p->i];
    p->i++;
    size_t a = keep_parens ? open->start : p->t[first].start;
    size_t b = keep_parens ? close->start + 1 : close[-1].start + close[-1].len;
    *out = rt_xstrndup(p->src + a, b - a);
    return RT_OK;
}

/* ---- types ---- */

static int ps_int_arg(ps *p, int *out)
{
    const rt_token *tok = ps_cur(p);
    if (tok->kind != RT_TOK_NUMBER)
        return ps_expected(p, "a whole number");
    long v = 0;
    for (size_t k = 0; k < tok->len; k++) {
        char c = p->src[tok->start + k];
        if (c < '0' || c > '9' || v > 1000000000L)
            return ps_expected(p, "a whole number");
        v = v * 10 + (c - '0');
    }
    *out = (int)v;
    p->i++;
    return RT_OK;
}

static const char ps_type_list[] =
    "a type (INTEGER, BIGINT, SMALLINT, BOOLEAN, VARCHAR, CHAR, TEXT, NUMERIC, REAL, "
    "DOUBLE PRECISION, DATE, TIME, TIMESTAMP, BLOB, JSON, UUID, ENUM)";

/* ('a', 'b', ...) after ENUM: at least one value, none twice. On error
 * out holds no values. */
static int ps_enum_values(ps *p, rt_type *out)
{
    out->kind = RT_TYPE_ENUM;
    int rc = ps_expect_punct(p, "(");
    while (rc == RT_OK) {
        const rt_token *tok = ps_cur(p);
        if (tok->kind != RT_TOK_STRING) {
            rc = ps_expected(p, "an ENUM value (a 'string')");
            break;
        }
        char *v = rt_tok_text(p->src, tok);
        if (rt_strv_find(&out->values, v) >= 0) {
            rc = ps_fail_at(p, tok, "ENUM value '%s' is listed twice.", v);
            free(v);
            break;
        }
        rt_strv_push_owned(&out->values, v);
        p->i++;
        if (ps_accept_punct(p, ")"))
            break;
        if (!ps_accept_punct(p, ","))
            rc = ps_expected(p, "',' or ')'");
    }
    if (rc != RT_OK)
        rt_type_free(out);
    return rc;
}

static int ps_time_zone_tail(ps *p, bool *with_tz)
{
    *with_tz = false;
    if (ps_is_kw(p, "WITH") || ps_is_kw(p, "WITHOUT")) {
        *with_tz = ps_is_kw(p, "WITH");
        p->i++;
        int rc = ps_expect_kw(p, "TIME");
        if (rc == RT_OK)
            rc = ps_expect_kw(p, "ZONE");
        return rc;
    }
    return RT_OK;
}

static int ps_type(ps *p, rt_type *out)
{
    static const struct {
        const char *kw;
        rt_type_kind kind;
    } simple[] = {
        { "INTEGER", RT_TYPE_INTEGER }, { "INT", RT_TYPE_INTEGER },   { "INT4", RT_TYPE_INTEGER },
        { "BIGINT", RT_TYPE_BIGINT },   { "INT8", RT_TYPE_BIGINT },   { "SMALLINT", RT_TYPE_SMALLINT },
        { "INT2", RT_TYPE_SMALLINT },   { "BOOLEAN", RT_TYPE_BOOLEAN }, { "BOOL", RT_TYPE_BOOLEAN },
        { "TEXT", RT_TYPE_TEXT },       { "REAL", RT_TYPE_REAL },     { "FLOAT4", RT_TYPE_REAL },
        { "FLOAT", RT_TYPE_DOUBLE },    { "FLOAT8", RT_TYPE_DOUBLE }, { "DATE", RT_TYPE_DATE },
        { "TIMESTAMPTZ", RT_TYPE_TIMESTAMPTZ }, { "BLOB", RT_TYPE_BLOB }, { "BYTEA", RT_TYPE_BLOB },
        { "JSON", RT_TYPE_JSON },       { "UUID", RT_TYPE_UUID },
    };
    int rc = RT_OK;
    rt_type_init(out, RT_TYPE_INTEGER);
    for (size_t k = 0; k < sizeof simple / sizeof simple[0]; k++)
        if (ps_accept_kw(p, simple[k].kw)) {
            out->kind = simple[k].kind;
            return RT_OK;
        }
    if (ps_accept_kw(p, "DOUBLE")) {
        out->kind = RT_TYPE_DOUBLE;
        ps_accept_kw(p, "PRECISION");
        return RT_OK;
    }
    if (ps_accept_kw(p, "TIME")) {
        bool tz;
        out->kind = RT_TYPE_TIME;
        const rt_token *at = ps_cur(p);
        rc = ps_time_zone_tail(p, &tz);
        if (rc == RT_OK && tz)
            rc = ps_fail_at(p, at, "TIME WITH TIME ZONE is not portable; use TIME or TIMESTAMP WITH TIME ZONE.");
        return rc;
    }
    if (ps_accept_kw(p, "TIMESTAMP")) {
        bool tz;
        rc = ps_time_zone_tail(p, &tz);
        out->kind = tz ? RT_TYPE_TIMESTAMPTZ : RT_TYPE_TIMESTAMP;
        return rc;
    }
    if (ps_accept_kw(p, "ENUM"))
        return ps_enum_values(p, out);
    if (ps_accept_kw(p, "DATETIME")) {
        out->kind = RT_TYPE_TIMESTAMP; /* SQLAlchemy's DateTime; MySQL's name */
        return RT_OK;
    }
    /* NVARCHAR/NCHAR: every backend here stores text as Unicode already. */
    bool varchar = ps_accept_kw(p, "VARCHAR") || ps_accept_kw(p, "NVARCHAR");
    if (!varchar && ps_is_kw(p, "CHARACTER") && ps_is_kw_at(p, 1, "VARYING")) {
        p->i += 2;
        varchar = true;
    }
    bool fixed = !varchar && (ps_accept_kw(p, "CHAR") || ps_accept_kw(p, "NCHAR") ||
                              ps_accept_kw(p, "CHARACTER"));
    if (varchar || fixed) {
        out->kind = varchar ? RT_TYPE_VARCHAR : RT_TYPE_CHAR;
        if (ps_accept_punct(p, "(")) {
            const rt_token *at = ps_cur(p);
            rc = ps_int_arg(p, &out->length);
            if (rc == RT_OK && out->length < 1)
                rc = ps_fail_at(p, at, "a %s length must be at least 1.", varchar ? "VARCHAR" : "CHAR");
            if (rc == RT_OK)
                rc = ps_expect_punct(p, ")");
        } else if (fixed) {
            out->length = 1; /* SQL: CHAR alone is CHAR(1) */
        }
        return rc;
    }
    if (ps_accept_kw(p, "NUMERIC") || ps_accept_kw(p, "DECIMAL")) {
        out->kind = RT_TYPE_NUMERIC;
        if (ps_accept_punct(p, "(")) {
            const rt_token *at = ps_cur(p);
            rc = ps_int_arg(p, &out->precision);
            if (rc == RT_OK && out->precision < 1)
                rc = ps_fail_at(p, at, "a NUMERIC precision must be at least 1.");
            if (rc == RT_OK && ps_accept_punct(p, ",")) {
                at = ps_cur(p);
                rc = ps_int_arg(p, &out->scale);
                if (rc == RT_OK && out->scale > out->precision)
                    rc = ps_fail_at(p, at, "a NUMERIC scale cannot exceed its precision.");
            }
            if (rc == RT_OK)
                rc = ps_expect_punct(p, ")");
        }
        return rc;
    }
    return ps_expected(p, ps_type_list);
}

/* ---- column and table constraints ---- */

/* A DEFAULT value in canonical text; *out stays NULL for DEFAULT NULL. */
static int ps_default(ps *p, char **out)
{
    static const char *const words[] = { "TRUE", "FALSE", "CURRENT_TIMESTAMP", "CURRENT_DATE",
                                         "CURRENT_TIME" };
    *out = NULL;
    const rt_token *tok = ps_cur(p);
    if (ps_accept_kw(p, "NULL"))
        return RT_OK;
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
        if (ps_accept_kw(p, words[k])) {
            *out = rt_xstrdup(words[k]);
            return RT_OK;
        }
    if (tok->kind == RT_TOK_STRING) {
        char *v = rt_tok_text(p->src, tok);
        rt_buf b = RT_BUF_INIT;
        rt_sql_quote_literal(&b, v);
        free(v);
        *out = rt_buf_steal(&b);
        p->i++;
        return RT_OK;
    }
    bool minus = ps_is_punct(p, "-");
    if (minus || ps_is_punct(p, "+")) {
        if (p->i + 1 < p->n && p->t[p->i + 1].kind == RT_TOK_NUMBER) {
            p->i++;
            tok = ps_cur(p);
        }
    }
    if (tok->kind == RT_TOK_NUMBER) {
        *out = rt_xasprintf("%s%.*s", minus ? "-" : "", (int)tok->len, p->src + tok->start);
        p->i++;
        return RT_OK;
    }
    /* (CURRENT_TIMESTAMP), (0): SQLAlchemy puts every expression default in
     * parentheses on SQLite; a lone value in them is that value. */
    if (ps_is_punct(p, "(") && p->i + 2 < p->n && p->t[p->i + 2].kind == RT_TOK_PUNCT &&
        p->t[p->i + 2].len == 1 && p->src[p->t[p->i + 2].start] == ')') {
        const rt_token *in = &p->t[p->i + 1];
        bool lone = in->kind == RT_TOK_NUMBER;
        for (size_t k = 0; k < sizeof words / sizeof words[0] && !lone; k++)
            lone = in->kind == RT_TOK_WORD && rt_tok_is_kw(p->src, in, words[k]);
        if (lone) {
            p->i++;
            int rc = ps_default(p, out);
            p->i++; /* the ')' */
            return rc;
        }
    }
    if (ps_is_punct(p, "("))
        return ps_paren_text(p, true, "an expression", out);
    /* now() is PostgreSQL's and SQLAlchemy's func.now(): the same moment as
     * CURRENT_TIMESTAMP, which every backend has. */
    if (ps_is_kw(p, "NOW")) {
        size_t save = p->i++;
        if (ps_accept_punct(p, "(") && ps_accept_punct(p, ")")) {
            *out = rt_xstrdup("CURRENT_TIMESTAMP");
            return RT_OK;
        }
        p->i = save;
    }
    return ps_expected(p, "a default value (a number, a 'string', TRUE, FALSE, NULL, "
                          "CURRENT_TIMESTAMP, now(), CURRENT_DATE, CURRENT_TIME or an (expression))");
}

static int ps_fk_action(ps *p, rt_fk_action *out)
{
    if (ps_accept_kw(p, "CASCADE")) {
        *out = RT_FK_CASCADE;
    } else if (ps_accept_kw(p, "RESTRICT")) {
        *out = RT_FK_RESTRICT;
    } else if (ps_accept_kw(p, "NO")) {
        *out = RT_FK_NO_ACTION;
        return ps_expect_kw(p, "ACTION");
    } else if (ps_accept_kw(p, "SET")) {
        if (ps_accept_kw(p, "NULL"))
            *out = RT_FK_SET_NULL;
        else if (ps_accept_kw(p, "DEFAULT"))
            *out = RT_FK_SET_DEFAULT;
        else
            return ps_expected(p, "NULL or DEFAULT");
    } else {
        return ps_expected(p, "CASCADE, RESTRICT, SET NULL, SET DEFAULT or NO ACTION");
    }
    return RT_OK;
}

/* [NOT DEFERRABLE | DEFERRABLE] [INITIALLY DEFERRED | INITIALLY IMMEDIATE]:
 * the standard's defaults (NOT DEFERRABLE, IMMEDIATE) are not recorded. */
static int ps_deferrable(ps *p, rt_constraint *k)
{
    if (ps_is_kw(p, "NOT") && ps_is_kw_at(p, 1, "DEFERRABLE")) {
        p->i += 2;
    } else if (ps_accept_kw(p, "DEFERRABLE")) {
        k->deferrable = true;
    }
    if (!ps_is_kw(p, "INITIALLY"))
        return RT_OK;
    const rt_token *at = ps_cur(p);
    p->i++;
    if (ps_accept_kw(p, "IMMEDIATE"))
        return RT_OK;
    int rc = ps_expect_kw(p, "DEFERRED");
    if (rc == RT_OK && !k->deferrable)
        rc = ps_fail_at(p, at, "INITIALLY DEFERRED needs DEFERRABLE: write DEFERRABLE INITIALLY DEFERRED.");
    k->initially_deferred = rc == RT_OK;
    return rc;
}

/* REFERENCES t [(cols)] [ON DELETE a] [ON UPDATE a] [DEFERRABLE ...]; the cursor is after REFERENCES. */
static int ps_references(ps *p, rt_constraint *k)
{
    int rc = ps_table_name(p, &k->ref_table);
    if (rc == RT_OK && ps_is_punct(p, "("))
        rc = ps_ident_list(p, &k->ref_columns, "a column name");
    bool seen_delete = false, seen_update = false;
    while (rc == RT_OK && ps_is_kw(p, "ON")) {
        const rt_token *on = ps_cur(p);
        p->i++;
        bool del = ps_is_kw(p, "DELETE");
        if (!del && !ps_is_kw(p, "UPDATE"))
            return ps_expected(p, "DELETE or UPDATE");
        bool *seen = del ? &seen_delete : &seen_update;
        if (*seen)
            return ps_fail_at(p, on, "ON %s is given twice.", del ? "DELETE" : "UPDATE");
        *seen = true;
        p->i++;
        rc = ps_fk_action(p, del ? &k->on_delete : &k->on_update);
    }
    if (rc == RT_OK)
        rc = ps_deferrable(p, k);
    if (rc == RT_OK && k->ref_columns.n && k->columns.n && k->ref_columns.n != k->columns.n)
        rc = ps_fail_at(p, &p->t[p->i - 1],
                        "the FOREIGN KEY has %zu column(s) but REFERENCES names %zu.",
                        k->columns.n, k->ref_columns.n);
    return rc;
}

static int ps_next_check_number(ps *p, const char *table)
{
    long at = rt_strv_find(&p->check_tables, table);
    if (at < 0) {
        rt_strv_push(&p->check_tables, table);
        p->check_counts = rt_xrealloc(p->check_counts, p->check_tables.n * sizeof *p->check_counts);
        at = (long)p->check_tables.n - 1;
        p->check_counts[at] = 0;
    }
    return ++p->check_counts[at];
}

static bool ps_at_table_constraint(const ps *p)
{
    return ps_is_kw(p, "CONSTRAINT") || ps_is_kw(p, "PRIMARY") || ps_is_kw(p, "UNIQUE") ||
           ps_is_kw(p, "FOREIGN") || ps_is_kw(p, "CHECK");
}

/* [CONSTRAINT name] PRIMARY KEY (..) | UNIQUE (..) | FOREIGN KEY (..) REFERENCES .. | CHECK (..) */
static int ps_table_constraint(ps *p, const char *table, rt_constraint *k)
{
    memset(k, 0, sizeof *k);
    int rc = RT_OK;
    if (ps_accept_kw(p, "CONSTRAINT"))
        rc = ps_ident(p, "a constraint name", &k->name);
    if (rc != RT_OK)
        return rc;
    if (ps_accept_kw(p, "PRIMARY")) {
        k->kind = RT_CONSTRAINT_PRIMARY_KEY;
        rc = ps_expect_kw(p, "KEY");
        if (rc == RT_OK)
            rc = ps_ident_list(p, &k->columns, "a column name");
    } else if (ps_accept_kw(p, "UNIQUE")) {
        k->kind = RT_CONSTRAINT_UNIQUE;
        rc = ps_ident_list(p, &k->columns, "a column name");
        if (rc == RT_OK && !k->name)
            k->name = rt_naming_unique(table, &k->columns);
    } else if (ps_accept_kw(p, "FOREIGN")) {
        k->kind = RT_CONSTRAINT_FOREIGN_KEY;
        rc = ps_expect_kw(p, "KEY");
        if (rc == RT_OK)
            rc = ps_ident_list(p, &k->columns, "a column name");
        if (rc == RT_OK)
            rc = ps_expect_kw(p, "REFERENCES");
        if (rc == RT_OK)
            rc = ps_references(p, k);
        if (rc == RT_OK && !k->name)
            k->name = rt_naming_foreign_key(table, &k->columns, k->ref_table);
    } else if (ps_is_kw(p, "CHECK")) {
        p->i++;
        k->kind = RT_CONSTRAINT_CHECK;
        rc = ps_paren_text(p, false, "an expression", &k->check_sql);
        if (rc == RT_OK && !k->name)
            k->name = rt_naming_check_table(table, ps_next_check_number(p, table));
    } else {
        rc = ps_expected(p, "PRIMARY KEY, UNIQUE, FOREIGN KEY or CHECK");
    }
    return rc;
}

/* GENERATED ALWAYS AS (expr) STORED; the cursor is on GENERATED. Only
 * STORED is portable: PostgreSQL has no VIRTUAL columns. */
static int ps_generated(ps *p, rt_column *col, const rt_token *start, const char *cname)
{
    if (cname)
        return ps_fail_at(p, start, "GENERATED cannot carry a constraint name.");
    if (col->generated_sql)
        return ps_fail_at(p, start, "column \"%s\" has two GENERATED clauses.", col->name);
    p->i++;
    int rc = ps_expect_kw(p, "ALWAYS");
    if (rc == RT_OK)
        rc = ps_expect_kw(p, "AS");
    char *expr = NULL;
    if (rc == RT_OK)
        rc = ps_paren_text(p, false, "an expression", &expr);
    if (rc == RT_OK && ps_is_kw(p, "VIRTUAL"))
        rc = ps_fail_at(p, ps_cur(p), "VIRTUAL generated columns are not portable (PostgreSQL has none); write STORED.");
    if (rc == RT_OK)
        rc = ps_expect_kw(p, "STORED");
    if (rc == RT_OK) {
        col->generated_sql = expr;
        p->gen_at = *start;
    } else {
        free(expr);
    }
    return rc;
}

/* Column definition: name type {constraint}. Inline PRIMARY KEY, UNIQUE,
 * REFERENCES and CHECK are appended to cons as table constraints. */
static int ps_column_def(ps *p, const char *table, rt_column *col, rt_constraint **cons,
                         size_t *ncons, rt_token **cons_at)
{
    memset(col, 0, sizeof *col);
    int rc = ps_ident(p, "a column name", &col->name);
    if (rc == RT_OK)
        rc = ps_type(p, &col->type);
    bool seen_default = false, seen_null = false;
    while (rc == RT_OK && !ps_at_end(p) && !ps_is_punct(p, ",") && !ps_is_punct(p, ")")) {
        const rt_token *start = ps_cur(p);
        char *cname = NULL;
        if (ps_accept_kw(p, "CONSTRAINT")) {
            rc = ps_ident(p, "a constraint name", &cname);
            if (rc != RT_OK)
                break;
        }
        rt_constraint k;
        memset(&k, 0, sizeof k);
        bool have = false;
        if (ps_accept_kw(p, "PRIMARY")) {
            rc = ps_expect_kw(p, "KEY");
            k.kind = RT_CONSTRAINT_PRIMARY_KEY;
            col->not_null = true;
            have = true;
        } else if (ps_accept_kw(p, "NOT")) {
            rc = ps_expect_kw(p, "NULL");
            if (rc == RT_OK && seen_null && !col->not_null)
                rc = ps_fail_at(p, start, "column \"%s\" is declared both NULL and NOT NULL.", col->name);
            col->not_null = true;
            seen_null = true;
        } else if (ps_is_kw(p, "NULL")) {
            if (seen_null && col->not_null)
                rc = ps_fail_at(p, ps_cur(p), "column \"%s\" is declared both NULL and NOT NULL.", col->name);
            p->i++;
            seen_null = true;
        } else if (ps_is_kw(p, "DEFAULT")) {
            if (cname)
                rc = ps_fail_at(p, start, "a DEFAULT cannot carry a constraint name.");
            else if (seen_default)
                rc = ps_fail_at(p, ps_cur(p), "column \"%s\" has two DEFAULT clauses.", col->name);
            p->i++;
            seen_default = true;
            if (rc == RT_OK)
                rc = ps_default(p, &col->default_sql);
        } else if (ps_is_kw(p, "GENERATED")) {
            rc = ps_generated(p, col, start, cname);
        } else if (ps_accept_kw(p, "UNIQUE")) {
            k.kind = RT_CONSTRAINT_UNIQUE;
            have = true;
        } else if (ps_accept_kw(p, "REFERENCES")) {
            k.kind = RT_CONSTRAINT_FOREIGN_KEY;
            rt_strv_push(&k.columns, col->name);
            rc = ps_references(p, &k);
            have = true;
        } else if (ps_is_kw(p, "CHECK")) {
            p->i++;
            k.kind = RT_CONSTRAINT_CHECK;
            rc = ps_paren_text(p, false, "an expression", &k.check_sql);
            have = true;
        } else {
            rc = ps_expected(p, "a column constraint (PRIMARY KEY, NOT NULL, NULL, DEFAULT, "
                                "GENERATED, UNIQUE, REFERENCES, CHECK), ',' or ')'");
        }
        if (rc == RT_OK && have) {
            if (k.columns.n == 0 && k.kind != RT_CONSTRAINT_CHECK)
                rt_strv_push(&k.columns, col->name);
            k.name = cname;
            cname = NULL;
            if (!k.name && k.kind == RT_CONSTRAINT_UNIQUE)
                k.name = rt_naming_unique(table, &k.columns);
            else if (!k.name && k.kind == RT_CONSTRAINT_FOREIGN_KEY)
                k.name = rt_naming_foreign_key(table, &k.columns, k.ref_table);
            else if (!k.name && k.kind == RT_CONSTRAINT_CHECK)
                k.name = rt_naming_check_column(table, col->name);
            *cons = rt_xrealloc(*cons, (*ncons + 1) * sizeof **cons);
            *cons_at = rt_xrealloc(*cons_at, (*ncons + 1) * sizeof **cons_at);
            (*cons)[*ncons] = k;
            (*cons_at)[*ncons] = *start;
            (*ncons)++;
        } else {
            rt_constraint_free(&k);
        }
        free(cname);
    }
    if (rc == RT_OK && col->generated_sql && (col->not_null || col->default_sql))
        rc = ps_fail_at(p, &p->gen_at,
                        "generated column \"%s\" cannot also have %s (MariaDB refuses it).",
                        col->name, col->default_sql ? "a DEFAULT" : "NOT NULL");
    return rc;
}

/* ---- statements ---- */

static void ps_free_cons(rt_constraint *cons, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rt_constraint_free(&cons[i]);
    free(cons);
}

static rt_op *ps_push(ps *p, rt_op_kind kind)
{
    rt_op *op = rt_oplist_push(p->out, kind);
    op->line = p->line;
    op->col = p->col;
    return op;
}

static int ps_create_table(ps *p)
{
    rt_table t;
    memset(&t, 0, sizeof t);
    rt_constraint *cons = NULL;
    rt_token *cons_at = NULL;
    size_t ncons = 0;
    bool if_not_exists = false;
    int rc = RT_OK;
    if (ps_accept_kw(p, "IF")) {
        rc = ps_expect_kw(p, "NOT");
        if (rc == RT_OK)
            rc = ps_expect_kw(p, "EXISTS");
        if_not_exists = true;
    }
    if (rc == RT_OK)
        rc = ps_table_name(p, &t.name);
    if (rc == RT_OK)
        rc = ps_expect_punct(p, "(");
    while (rc == RT_OK) {
        const rt_token *start = ps_cur(p);
        if (ps_at_table_constraint(p)) {
            rt_constraint k;
            rc = ps_table_constraint(p, t.name, &k);
            if (rc != RT_OK) {
                rt_constraint_free(&k);
                break;
            }
            cons = rt_xrealloc(cons, (ncons + 1) * sizeof *cons);
            cons_at = rt_xrealloc(cons_at, (ncons + 1) * sizeof *cons_at);
            cons[ncons] = k;
            cons_at[ncons++] = *start;
        } else {
            rt_column col;
            rc = ps_column_def(p, t.name, &col, &cons, &ncons, &cons_at);
            /* Not a column named key/index after all: MySQL's inline index. */
            if (rc == RT_EPARSE && (rt_tok_is_kw(p->src, start, "KEY") ||
                                    rt_tok_is_kw(p->src, start, "INDEX")))
                rc = ps_fail_at(p, start, "an index inside CREATE TABLE (MySQL's KEY/INDEX "
                                "name (columns)) is not portable; write CREATE INDEX name ON "
                                "%s (columns) after the table.", t.name);
            if (rc == RT_OK && rt_table_find_column(&t, col.name))
                rc = ps_fail_at(p, start, "table \"%s\" already has a column named \"%s\".",
                                t.name, col.name);
            if (rc == RT_OK)
                rt_table_add_column(&t, &col);
            rt_column_free(&col);
        }
        if (rc != RT_OK || ps_accept_punct(p, ")"))
            break;
        if (!ps_accept_punct(p, ","))
            rc = ps_expected(p, "',' or ')'");
    }
    if (rc == RT_OK)
        rc = ps_expect_end(p);
    bool have_pk = false;
    for (size_t i = 0; i < ncons && rc == RT_OK; i++) {
        rt_constraint *k = &cons[i];
        if (k->kind == RT_CONSTRAINT_PRIMARY_KEY) {
            if (have_pk)
                rc = ps_fail_at(p, &cons_at[i], "table \"%s\" has more than one PRIMARY KEY.", t.name);
            have_pk = true;
        }
        for (size_t j = 0; j < k->columns.n && rc == RT_OK; j++) {
            rt_column *c = rt_table_find_column(&t, k->columns.items[j]);
            if (!c)
                rc = ps_fail_at(p, &cons_at[i], "the constraint names column \"%s\", which table \"%s\" does not have.",
                                k->columns.items[j], t.name);
            else if (k->kind == RT_CONSTRAINT_PRIMARY_KEY)
                c->not_null = true;
        }
    }
    if (rc == RT_OK) {
        for (size_t i = 0; i < ncons; i++)
            rt_table_add_constraint(&t, &cons[i]);
        rt_op *op = ps_push(p, RT_OP_CREATE_TABLE);
        op->if_exists = if_not_exists;
        op->table_name = rt_xstrdup(t.name);
        op->table = rt_xmalloc(sizeof *op->table);
        *op->table = t;
    } else {
        rt_table_free(&t);
    }
    ps_free_cons(cons, ncons);
    free(cons_at);
    return rc;
}

static rt_op *ps_push_alter(ps *p, rt_op_kind kind, const char *table)
{
    rt_op *op = ps_push(p, kind);
    op->table_name = rt_xstrdup(table);
    return op;
}

static int ps_alter_add(ps *p, const char *table)
{
    int rc;
    if (!ps_is_kw(p, "COLUMN") && ps_at_table_constraint(p)) {
        rt_constraint k;
        rc = ps_table_constraint(p, table, &k);
        if (rc == RT_OK) {
            rt_op *op = ps_push_alter(p, RT_OP_ADD_CONSTRAINT, table);
            op->constraint = rt_xmalloc(sizeof *op->constraint);
            *op->constraint = k;
        } else {
            rt_constraint_free(&k);
        }
        return rc;
    }
    ps_accept_kw(p, "COLUMN");
    rt_column col;
    rt_constraint *cons = NULL;
    rt_token *cons_at = NULL;
    size_t ncons = 0;
    rc = ps_column_def(p, table, &col, &cons, &ncons, &cons_at);
    if (rc == RT_OK) {
        rt_op *op = ps_push_alter(p, RT_OP_ADD_COLUMN, table);
        op->column = rt_xmalloc(sizeof *op->column);
        *op->column = col;
        for (size_t i = 0; i < ncons; i++) {
            op = ps_push_alter(p, RT_OP_ADD_CONSTRAINT, table);
            op->constraint = rt_xmalloc(sizeof *op->constraint);
            *op->constraint = cons[i];
        }
        free(cons);
    } else {
        rt_column_free(&col);
        ps_free_cons(cons, ncons);
    }
    free(cons_at);
    return rc;
}

static bool ps_backend_only(const ps *p);

/* USING expression of ALTER COLUMN ... TYPE, up to the end of the action
 * (a ',' outside parentheses or the end of the statement), as written.
 * Only in a block for some backends: the dialects without USING refuse it. */
static int ps_using(ps *p, char **out)
{
    p->i++; /* USING */
    size_t first = p->i;
    for (int depth = 0; p->i < p->n; p->i++) {
        if (ps_is_punct(p, "("))
            depth++;
        else if (ps_is_punct(p, ")"))
            depth--;
        else if (depth == 0 && ps_is_punct(p, ","))
            break;
    }
    if (p->i == first)
        return ps_expected(p, "an expression after USING");
    const rt_token *a = &p->t[first], *b = &p->t[p->i - 1];
    *out = rt_xstrndup(p->src + a->start, b->start + b->len - a->start);
    return RT_OK;
}

static int ps_alter_column(ps *p, const char *table)
{
    /* COLUMN is optional, unless the column itself is called "column" */
    if (ps_is_kw(p, "COLUMN") && !ps_is_kw_at(p, 1, "TYPE") && !ps_is_kw_at(p, 1, "SET") &&
        !ps_is_kw_at(p, 1, "DROP"))
        p->i++;
    char *col;
    int rc = ps_ident(p, "a column name", &col);
    if (rc != RT_OK)
        return rc;
    rt_op *op = NULL;
    bool set_type = ps_is_kw(p, "SET") && ps_is_kw_at(p, 1, "DATA");
    if (set_type) {
        p->i += 2;
        rc = ps_expect_kw(p, "TYPE");
    }
    if (rc == RT_OK && (set_type || ps_accept_kw(p, "TYPE"))) {
        rt_type type;
        rc = ps_type(p, &type);
        char *using = NULL;
        if (rc == RT_OK && ps_is_kw(p, "USING")) {
            if (ps_backend_only(p))
                rc = ps_using(p, &using);
            else
                rc = ps_fail_at(p, ps_cur(p), "ALTER COLUMN ... USING is not portable; convert the data with a separate UPDATE.");
        }
        if (rc == RT_OK) {
            op = ps_push_alter(p, RT_OP_ALTER_TYPE, table);
            op->type = type; /* moved */
            op->expr = using;
        } else {
            rt_type_free(&type);
        }
    } else if (rc == RT_OK && ps_accept_kw(p, "SET")) {
        if (ps_accept_kw(p, "NOT")) {
            rc = ps_expect_kw(p, "NULL");
            if (rc == RT_OK)
                op = ps_push_alter(p, RT_OP_SET_NOT_NULL, table);
        } else if (ps_accept_kw(p, "DEFAULT")) {
            char *expr;
            rc = ps_default(p, &expr);
            if (rc == RT_OK) {
                /* DEFAULT NULL is no default, as in CREATE TABLE */
                op = ps_push_alter(p, expr ? RT_OP_SET_DEFAULT : RT_OP_DROP_DEFAULT, table);
                op->expr = expr;
            }
        } else {
            rc = ps_expected(p, "NOT NULL, DEFAULT or DATA TYPE");
        }
    } else if (rc == RT_OK && ps_accept_kw(p, "DROP")) {
        if (ps_accept_kw(p, "NOT")) {
            rc = ps_expect_kw(p, "NULL");
            if (rc == RT_OK)
                op = ps_push_alter(p, RT_OP_DROP_NOT_NULL, table);
        } else if (ps_accept_kw(p, "DEFAULT")) {
            op = ps_push_alter(p, RT_OP_DROP_DEFAULT, table);
        } else {
            rc = ps_expected(p, "NOT NULL or DEFAULT");
        }
    } else if (rc == RT_OK) {
        rc = ps_expected(p, "TYPE, SET DATA TYPE, SET NOT NULL, DROP NOT NULL, SET DEFAULT or DROP DEFAULT");
    }
    if (op)
        op->name = col;
    else
        free(col);
    return rc;
}

static int ps_alter_table(ps *p)
{
    char *table;
    int rc = ps_table_name(p, &table);
    size_t nactions = 0;
    bool renamed = false;
    const rt_token *rename_at = NULL;
    while (rc == RT_OK) {
        const rt_token *start = ps_cur(p);
        nactions++;
        if (ps_accept_kw(p, "ADD")) {
            rc = ps_alter_add(p, table);
        } else if (ps_accept_kw(p, "DROP")) {
            if (ps_accept_kw(p, "CONSTRAINT")) {
                char *name;
                bool if_exists = ps_accept_kw(p, "IF");
                rc = if_exists ? ps_expect_kw(p, "EXISTS") : RT_OK;
                if (rc == RT_OK)
                    rc = ps_ident(p, "a constraint name", &name);
                if (rc == RT_OK) {
                    rt_op *op = ps_push_alter(p, RT_OP_DROP_CONSTRAINT, table);
                    op->name = name;
                    op->if_exists = if_exists;
                }
            } else {
                ps_accept_kw(p, "COLUMN");
                char *name;
                rc = ps_ident(p, "a column name", &name);
                if (rc == RT_OK)
                    ps_push_alter(p, RT_OP_DROP_COLUMN, table)->name = name;
            }
        } else if (ps_accept_kw(p, "RENAME")) {
            renamed = true;
            rename_at = start;
            char *a = NULL, *b = NULL;
            if (ps_accept_kw(p, "TO")) {
                /* the new name stays in the table's schema, as on PostgreSQL */
                rc = ps_ident(p, "a table name (without a schema)", &b);
                if (rc == RT_OK) {
                    ps_push_alter(p, RT_OP_RENAME_TABLE, table)->new_name =
                        rt_qname_in_schema_of(table, b);
                    free(b);
                }
            } else {
                if (ps_is_kw(p, "COLUMN") && !ps_is_kw_at(p, 1, "TO"))
                    p->i++;
                rc = ps_ident(p, "a column name or TO", &a);
                if (rc == RT_OK)
                    rc = ps_expect_kw(p, "TO");
                if (rc == RT_OK)
                    rc = ps_ident(p, "a column name", &b);
                if (rc == RT_OK) {
                    rt_op *op = ps_push_alter(p, RT_OP_RENAME_COLUMN, table);
                    op->name = a;
                    op->new_name = b;
                } else {
                    free(a);
                    free(b);
                }
            }
        } else if (ps_accept_kw(p, "ALTER")) {
            rc = ps_alter_column(p, table);
        } else {
            rc = ps_expected(p, "ADD, DROP, RENAME or ALTER");
        }
        if (rc != RT_OK || !ps_accept_punct(p, ","))
            break;
    }
    if (rc == RT_OK)
        rc = ps_expect_end(p);
    if (rc == RT_OK && renamed && nactions > 1)
        rc = ps_fail_at(p, rename_at, "RENAME cannot be combined with other actions in one ALTER TABLE; write a separate statement.");
    free(table);
    return rc;
}

/* ( element [ASC | DESC] [, ...] ): an element is a column name or an
 * expression in parentheses, kept with them. */
static int ps_index_elements(ps *p, rt_index *ix)
{
    int rc = ps_expect_punct(p, "(");
    while (rc == RT_OK) {
        const rt_token *at = ps_cur(p);
        char *element = NULL;
        if (ps_is_punct(p, "("))
            rc = ps_paren_text(p, true, "an expression", &element);
        else
            rc = ps_ident(p, "a column name or an (expression)", &element);
        if (rc != RT_OK)
            break;
        if (ix->columns.n == RT_INDEX_MAX_ELEMENTS) {
            free(element);
            rc = ps_fail_at(p, at, "an index has at most %d key elements (PostgreSQL's limit).",
                            RT_INDEX_MAX_ELEMENTS);
            break;
        }
        if (ps_accept_kw(p, "DESC"))
            ix->desc |= 1u << ix->columns.n;
        else
            ps_accept_kw(p, "ASC");
        rt_strv_push_owned(&ix->columns, element);
        if (ps_is_kw(p, "NULLS") || ps_is_kw(p, "COLLATE")) {
            rc = ps_fail_at(p, ps_cur(p), "%s in an index is not portable (MySQL has neither).",
                            ps_is_kw(p, "NULLS") ? "NULLS FIRST/LAST" : "COLLATE");
            break;
        }
        if (ps_accept_punct(p, ")"))
            break;
        if (!ps_accept_punct(p, ","))
            rc = ps_expected(p, "',' or ')'");
    }
    return rc;
}

/* WHERE predicate up to the end of the statement, as written. */
static int ps_index_where(ps *p, rt_index *ix)
{
    if (!ps_accept_kw(p, "WHERE"))
        return RT_OK;
    if (ps_at_end(p))
        return ps_expected(p, "a predicate after WHERE");
    const rt_token *first = ps_cur(p), *last = &p->t[p->n - 1];
    ix->where_sql = rt_xstrndup(p->src + first->start, last->start + last->len - first->start);
    p->i = p->n;
    return RT_OK;
}

static int ps_create_index(ps *p, bool unique)
{
    rt_index ix;
    memset(&ix, 0, sizeof ix);
    ix.unique = unique;
    char *table = NULL;
    bool if_not_exists = false;
    int rc = ps_expect_kw(p, "INDEX");
    if (rc == RT_OK && ps_accept_kw(p, "IF")) {
        rc = ps_expect_kw(p, "NOT");
        if (rc == RT_OK)
            rc = ps_expect_kw(p, "EXISTS");
        if_not_exists = true;
    }
    if (rc == RT_OK && ps_is_kw(p, "ON"))
        rc = ps_expected(p, "an index name (portable indexes are named)");
    if (rc == RT_OK)
        rc = ps_ident(p, "an index name", &ix.name);
    if (rc == RT_OK)
        rc = ps_expect_kw(p, "ON");
    if (rc == RT_OK)
        rc = ps_table_name(p, &table);
    if (rc == RT_OK && ps_is_kw(p, "USING"))
        rc = ps_fail_at(p, ps_cur(p), "USING <method> in an index is not portable; every "
                        "backend builds its default kind of index.");
    if (rc == RT_OK)
        rc = ps_index_elements(p, &ix);
    if (rc == RT_OK)
        rc = ps_index_where(p, &ix);
    if (rc == RT_OK)
        rc = ps_expect_end(p);
    if (rc == RT_OK) {
        rt_op *op = ps_push(p, RT_OP_CREATE_INDEX);
        op->table_name = table;
        op->if_exists = if_not_exists;
        op->index = rt_xmalloc(sizeof *op->index);
        *op->index = ix;
    } else {
        free(table);
        rt_index_free(&ix);
    }
    return rc;
}

static int ps_if_exists(ps *p, bool *out)
{
    *out = false;
    if (!ps_accept_kw(p, "IF"))
        return RT_OK;
    *out = true;
    return ps_expect_kw(p, "EXISTS");
}

static int ps_drop_table(ps *p)
{
    bool if_exists;
    int rc = ps_if_exists(p, &if_exists);
    while (rc == RT_OK) {
        char *name;
        rc = ps_table_name(p, &name);
        if (rc != RT_OK)
            break;
        rt_op *op = ps_push(p, RT_OP_DROP_TABLE);
        op->table_name = name;
        op->if_exists = if_exists;
        if (!ps_accept_punct(p, ","))
            break;
    }
    if (rc == RT_OK && (ps_is_kw(p, "CASCADE") || ps_is_kw(p, "RESTRICT")))
        rc = ps_fail_at(p, ps_cur(p), "DROP TABLE ... CASCADE/RESTRICT is not portable; drop the dependent objects first.");
    if (rc == RT_OK)
        rc = ps_expect_end(p);
    return rc;
}

static int ps_drop_index(ps *p)
{
    bool if_exists;
    char *name = NULL, *table = NULL;
    int rc = ps_if_exists(p, &if_exists);
    if (rc == RT_OK)
        rc = ps_ident(p, "an index name", &name);
    /* An index lives in its table's schema: ON schema.table says which. */
    if (rc == RT_OK && ps_is_punct(p, "."))
        rc = ps_fail_at(p, ps_cur(p), "write DROP INDEX <index> ON %s.<table>: an index lives "
                        "in the schema of its table, which ON names.", name);
    if (rc == RT_OK && ps_accept_kw(p, "ON"))
        rc = ps_table_name(p, &table);
    if (rc == RT_OK)
        rc = ps_expect_end(p);
    if (rc == RT_OK) {
        rt_op *op = ps_push(p, RT_OP_DROP_INDEX);
        op->name = name;
        op->table_name = table;
        op->if_exists = if_exists;
    } else {
        free(name);
        free(table);
    }
    return rc;
}

/* COMMENT ON TABLE t IS 'text' | NULL; COMMENT ON COLUMN t.c IS 'text' | NULL.
 * The cursor is after ON. */
static int ps_comment(ps *p)
{
    bool column = ps_is_kw(p, "COLUMN");
    p->i++; /* TABLE or COLUMN, as ps_statement saw */
    char *table = NULL, *col = NULL, *text = NULL;
    int rc = column ? ps_ident(p, "table.column", &table) : ps_table_name(p, &table);
    if (rc == RT_OK && column) {
        rc = ps_expect_punct(p, ".");
        if (rc == RT_OK)
            rc = ps_ident(p, "a column name", &col);
        if (rc == RT_OK && ps_accept_punct(p, ".")) { /* schema.table.column */
            char *joined = rt_qname_join(table, col);
            free(table);
            table = joined;
            free(col);
            col = NULL;
            rc = ps_ident(p, "a column name", &col);
        }
    }
    if (rc == RT_OK)
        rc = ps_expect_kw(p, "IS");
    if (rc == RT_OK && !ps_accept_kw(p, "NULL")) {
        if (ps_cur(p)->kind != RT_TOK_STRING)
            rc = ps_expected(p, "a 'string' or NULL");
        else
            text = rt_tok_text(p->src, &p->t[p->i++]);
    }
    if (rc == RT_OK)
        rc = ps_expect_end(p);
    if (rc == RT_OK) {
        rt_op *op = ps_push(p, RT_OP_COMMENT);
        op->table_name = table;
        op->name = col;
        op->expr = text;
    } else {
        free(table);
        free(col);
        free(text);
    }
    return rc;
}

/* The statement verbatim, as an RT_OP_RAW op. */
static int ps_push_raw(ps *p)
{
    rt_op *op = ps_push(p, RT_OP_RAW);
    const rt_token *last = &p->t[p->n - 1];
    op->expr = rt_xstrndup(p->src + p->t[0].start, last->start + last->len - p->t[0].start);
    return RT_OK;
}

/* MySQL's client command: written before a routine so that the client does
 * not cut its body at ';'. retort needs none (ps_statement_len). */
static int ps_delimiter_error(ps *p, const rt_token *at)
{
    return ps_fail_at(p, at, "DELIMITER is a command of the mysql client, not SQL; remove the "
                      "DELIMITER lines and end the routine with ';' after its END: retort "
                      "does not end a CREATE PROCEDURE, FUNCTION, TRIGGER or EVENT inside its "
                      "BEGIN ... END body.");
}

/* Modelled statements parsed, the others verbatim. */
static int ps_dispatch(ps *p)
{
    if (ps_is_kw(p, "CREATE") && ps_is_kw_at(p, 1, "TABLE")) {
        p->i = 2;
        return ps_create_table(p);
    }
    if (ps_is_kw(p, "CREATE") && ps_is_kw_at(p, 1, "UNIQUE") && ps_is_kw_at(p, 2, "INDEX")) {
        p->i = 2;
        return ps_create_index(p, true);
    }
    if (ps_is_kw(p, "CREATE") && ps_is_kw_at(p, 1, "INDEX")) {
        p->i = 1;
        return ps_create_index(p, false);
    }
    if (ps_is_kw(p, "ALTER") && ps_is_kw_at(p, 1, "TABLE")) {
        p->i = 2;
        return ps_alter_table(p);
    }
    if (ps_is_kw(p, "DROP") && ps_is_kw_at(p, 1, "TABLE")) {
        p->i = 2;
        return ps_drop_table(p);
    }
    if (ps_is_kw(p, "DROP") && ps_is_kw_at(p, 1, "INDEX")) {
        p->i = 2;
        return ps_drop_index(p);
    }
    /* Comments on other objects (views, functions) stay pass-through. */
    if (ps_is_kw(p, "COMMENT") && ps_is_kw_at(p, 1, "ON") &&
        (ps_is_kw_at(p, 2, "TABLE") || ps_is_kw_at(p, 2, "COLUMN"))) {
        p->i = 2;
        return ps_comment(p);
    }
    return ps_push_raw(p);
}

/* ---- statements of a block for some backends only ---- */

static bool ps_backend_only(const ps *p)
{
    for (size_t i = 0; i < p->nonly; i++)
        if (p->line >= p->only[i].first && p->line <= p->only[i].last)
            return true;
    return false;
}

/* Does the ALTER TABLE action starting at token a change nothing retort
 * models? Everything but ADD, DROP, RENAME, ALTER, MODIFY, CHANGE, COMMENT
 * and SET SCHEMA, which change columns, constraints, indexes, comments or
 * where the table lives; of those, partitions (ADD/DROP PARTITION) and a
 * column's planner and storage settings (ALTER [COLUMN] c SET STATISTICS,
 * STORAGE, COMPRESSION, SET (...), RESET (...)) are not modelled either. */
static bool ps_option_action(const ps *p, size_t a, size_t end)
{
    const rt_token *t = p->t;
    const char *src = p->src;
    if (t[a].kind != RT_TOK_WORD)
        return true;
    if (rt_tok_is_kw(src, &t[a], "SET"))
        return !(a + 1 < end && rt_tok_is_kw(src, &t[a + 1], "SCHEMA"));
    if (rt_tok_is_kw(src, &t[a], "ADD") || rt_tok_is_kw(src, &t[a], "DROP"))
        return a + 2 < end && rt_tok_is_kw(src, &t[a + 1], "PARTITION");
    if (rt_tok_is_kw(src, &t[a], "ALTER")) {
        size_t i = a + 1;
        if (i + 1 < end && rt_tok_is_kw(src, &t[i], "COLUMN") &&
            (t[i + 1].kind == RT_TOK_WORD || t[i + 1].kind == RT_TOK_QIDENT) &&
            !rt_tok_is_kw(src, &t[i + 1], "SET") && !rt_tok_is_kw(src, &t[i + 1], "RESET"))
            i++;
        i++; /* the column */
        if (i >= end)
            return false;
        if (rt_tok_is_kw(src, &t[i], "RESET"))
            return true;
        if (!rt_tok_is_kw(src, &t[i], "SET") || i + 1 >= end)
            return false;
        const rt_token *what = &t[i + 1];
        return rt_tok_is_kw(src, what, "STATISTICS") || rt_tok_is_kw(src, what, "STORAGE") ||
               rt_tok_is_kw(src, what, "COMPRESSION") ||
               (what->kind == RT_TOK_PUNCT && src[what->start] == '(');
    }
    static const char *const modelled[] = { "RENAME", "MODIFY", "CHANGE", "COMMENT" };
    for (size_t i = 0; i < sizeof modelled / sizeof *modelled; i++)
        if (rt_tok_is_kw(src, &t[a], modelled[i]))
            return false;
    return true;
}

/* ALTER TABLE [IF EXISTS] [ONLY] name [*] action [, action ...] where no
 * action changes what retort models (ENGINE=, ROW_FORMAT=, OWNER TO,
 * SET (fillfactor = 70), ENABLE ROW LEVEL SECURITY, ...). */
static bool ps_alter_options_only(const ps *p)
{
    if (!ps_is_kw(p, "ALTER") || !ps_is_kw_at(p, 1, "TABLE"))
        return false;
    size_t i = 2;
    if (ps_is_kw_at(p, i, "IF") && ps_is_kw_at(p, i + 1, "EXISTS"))
        i += 2;
    if (ps_is_kw_at(p, i, "ONLY"))
        i++;
    if (i >= p->n || (p->t[i].kind != RT_TOK_WORD && p->t[i].kind != RT_TOK_QIDENT))
        return false;
    i++;
    if (i + 1 < p->n && p->t[i].kind == RT_TOK_PUNCT && p->src[p->t[i].start] == '.' &&
        p->t[i].len == 1)
        i += 2;
    if (i < p->n && p->t[i].kind == RT_TOK_PUNCT && p->src[p->t[i].start] == '*')
        i++;
    if (i >= p->n)
        return false;
    while (i < p->n) {
        size_t end = i;
        for (int depth = 0; end < p->n; end++) {
            const rt_token *tok = &p->t[end];
            if (tok->kind != RT_TOK_PUNCT || tok->len != 1)
                continue;
            char c = p->src[tok->start];
            if (c == '(')
                depth++;
            else if (c == ')')
                depth--;
            else if (c == ',' && depth == 0)
                break;
        }
        if (end == i || !ps_option_action(p, i, end))
            return false;
        i = end + 1;
    }
    return true;
}

/* The hint after a parse error in a block for some backends: why the
 * statement was not run verbatim there. */
static void ps_hint_backend_only(ps *p)
{
    size_t len = strlen(p->err->message);
    snprintf(p->err->message + len, sizeof p->err->message - len,
             " (In a '-- dialect:' block too, a statement that creates, changes or drops "
             "tables, columns, constraints, indexes or comments must be portable SQL: "
             "retort models it. Only other statements, and ALTER TABLE with table options "
             "alone, run verbatim there.)");
}

static int ps_statement(ps *p)
{
    p->i = 0;
    p->line = p->t[0].line;
    p->col = p->t[0].col;
    if (ps_is_kw(p, "DELIMITER"))
        return ps_delimiter_error(p, &p->t[0]);
    bool only = ps_backend_only(p);
    if (only && ps_alter_options_only(p))
        return ps_push_raw(p);
    int rc = ps_dispatch(p);
    if (rc == RT_EPARSE && only)
        ps_hint_backend_only(p);
    return rc;
}

/* ---- statement splitting ---- */

static int ps_tokenize(const char *text, const char *path, int first_line, ps_toks *toks,
                       rt_error *err)
{
    rt_lexer lx;
    rt_lex_init(&lx, text, first_line);
    for (;;) {
        rt_token tok;
        int rc = rt_lex_next(&lx, &tok, err);
        if (rc != RT_OK) {
            /* DELIMITER $$ ... $$ ... DELIMITER ;: a $$ left open */
            for (size_t i = 0; i < toks->n; i++) {
                const rt_token *t = toks->items;
                bool starts = i == 0 || (t[i - 1].kind == RT_TOK_PUNCT && t[i - 1].len == 1 &&
                                         text[t[i - 1].start] == ';');
                if (starts && rt_tok_is_kw(text, &t[i], "DELIMITER")) {
                    ps p = { .src = text, .path = path, .err = err };
                    return ps_delimiter_error(&p, &t[i]);
                }
            }
        }
        if (rc != RT_OK)
            return rt_error_prefix(err, "%s:%d:%d: ", path ? path : "<input>", tok.line, tok.col);
        if (toks->n == toks->cap) {
            toks->cap = toks->cap ? toks->cap * 2 : 64;
            toks->items = rt_xrealloc(toks->items, toks->cap * sizeof *toks->items);
        }
        toks->items[toks->n++] = tok;
        if (tok.kind == RT_TOK_EOF)
            return RT_OK;
    }
}

/* Does the statement starting at t hold a BEGIN ... END body (a trigger or
 * routine), so that ';' inside it does not end it? */
static bool ps_has_body(const char *src, const rt_token *t, size_t n)
{
    if (n == 0 || !rt_tok_is_kw(src, &t[0], "CREATE"))
        return false;
    for (size_t i = 1; i < n && i < 8; i++)
        if (rt_tok_is_kw(src, &t[i], "TRIGGER") || rt_tok_is_kw(src, &t[i], "PROCEDURE") ||
            rt_tok_is_kw(src, &t[i], "FUNCTION") || rt_tok_is_kw(src, &t[i], "EVENT"))
            return true;
    return false;
}

/* Length of the statement starting at t (up to, excluding, its ';' or EOF). */
static size_t ps_statement_len(const char *src, const rt_token *t, size_t avail)
{
    bool body = ps_has_body(src, t, avail);
    int depth = 0;
    size_t i = 0;
    for (; i < avail && t[i].kind != RT_TOK_EOF; i++) {
        const rt_token *tok = &t[i];
        if (tok->kind == RT_TOK_PUNCT && tok->len == 1 && src[tok->start] == ';' && depth == 0)
            break;
        if (!body)
            continue;
        if (rt_tok_is_kw(src, tok, "BEGIN") || rt_tok_is_kw(src, tok, "CASE")) {
            depth++;
        } else if (rt_tok_is_kw(src, tok, "END") && depth > 0) {
            const rt_token *nx = i + 1 < avail ? &t[i + 1] : NULL;
            bool closes_other = nx && (rt_tok_is_kw(src, nx, "IF") || rt_tok_is_kw(src, nx, "LOOP") ||
                                       rt_tok_is_kw(src, nx, "WHILE") || rt_tok_is_kw(src, nx, "REPEAT"));
            if (!closes_other)
                depth--;
            if (nx && rt_tok_is_kw(src, nx, "CASE"))
                i++; /* MySQL's END CASE: that CASE opens nothing */
        }
    }
    return i;
}

int rt_sql_parse(rt_oplist *out, const char *text, const char *path, int first_line,
                 rt_error *err)
{
    return rt_sql_parse_blocks(out, text, path, first_line, NULL, 0, err);
}

int rt_sql_parse_blocks(rt_oplist *out, const char *text, const char *path, int first_line,
                        const rt_sql_lines *backend_only, size_t n, rt_error *err)
{
    ps_toks toks = { NULL, 0, 0 };
    rt_oplist local = RT_OPLIST_INIT;
    ps p;
    memset(&p, 0, sizeof p);
    p.src = text;
    p.path = path;
    p.err = err;
    p.out = &local;
    p.only = backend_only;
    p.nonly = n;
    int rc = ps_tokenize(text, path, first_line, &toks, err);
    size_t pos = 0;
    while (rc == RT_OK && toks.items[pos].kind != RT_TOK_EOF) {
        size_t len = ps_statement_len(text, &toks.items[pos], toks.n - pos);
        p.t = &toks.items[pos];
        p.n = len;
        p.end = toks.items[pos + len];
        p.end_is_semi = p.end.kind != RT_TOK_EOF;
        if (len > 0)
            rc = ps_statement(&p);
        pos += len;
        if (toks.items[pos].kind != RT_TOK_EOF)
            pos++; /* the ';' */
    }
    if (rc == RT_OK) {
        for (size_t i = 0; i < local.n; i++) {
            rt_op *dst = rt_oplist_push(out, local.items[i].kind);
            *dst = local.items[i];
        }
        free(local.items);
    } else {
        rt_oplist_free(&local);
    }
    free(toks.items);
    rt_strv_free(&p.check_tables);
    free(p.check_counts);
    return rc;
}

int rt_sql_parse_type(rt_type *out, const char *text, rt_error *err)
{
    ps_toks toks = { NULL, 0, 0 };
    rt_error lexerr;
    rt_type_init(out, RT_TYPE_INTEGER);
    int rc = ps_tokenize(text, NULL, 1, &toks, &lexerr);
    if (rc == RT_OK) {
        ps p;
        memset(&p, 0, sizeof p);
        p.src = text;
        p.err = &lexerr;
        p.t = toks.items;
        p.n = toks.n - 1;
        p.end = toks.items[toks.n - 1];
        rc = ps_type(&p, out);
        if (rc == RT_OK)
            rc = ps_expect_end(&p);
    }
    free(toks.items);
    if (rc != RT_OK) {
        rt_type_free(out);
        return rt_error_set(err, RT_EPARSE, "\"%s\" is not a portable type.", text);
    }
    return RT_OK;
}
