/* import-alembic: SQLAlchemy types, server defaults, literals and Column()
 * -> portable SQL. The mapping is the table of docs/import-alembic.md. */
#include "alembic_conv.h"
#include "qname.h"
#include "backend_registry.h"
#include "sql_lex.h"
#include "sql_render.h"
#include "sql_write.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const rt_ac_dialect_names[AC_NDIALECTS] = { "sqlite", "postgresql", "mysql" };

int rt_ac_refuse(ac_ctx *c, const char *fmt, ...)
{
    if (!c->why) {
        va_list ap;
        va_start(ap, fmt);
        c->why = rt_xvasprintf(fmt, ap);
        va_end(ap);
    }
    return -1;
}

const rt_py_expr *rt_ac_resolve(const ac_ctx *c, const rt_py_expr *e)
{
    for (int depth = 0; e && e->kind == RT_PYE_NAME && depth < 16; depth++) {
        const rt_py_expr *v = NULL;
        bool local = false;
        for (size_t i = c->nlocals; i > 0 && !local; i--)
            if (strcmp(c->locals[i - 1].name, e->s) == 0) {
                v = c->locals[i - 1].value;
                local = true;
            }
        for (size_t i = 0; !local && c->module && i < c->module->n; i++) {
            const rt_py_stmt *st = c->module->v[i];
            if (st->kind == RT_PYS_ASSIGN && st->value && strcmp(st->name, e->s) == 0)
                v = st->value;
        }
        if (!v)
            break;
        e = v;
    }
    return e;
}

const char *rt_ac_callee(const rt_py_expr *e)
{
    if (e && e->kind == RT_PYE_CALL)
        e = e->a;
    if (!e)
        return NULL;
    if (e->kind == RT_PYE_NAME || e->kind == RT_PYE_ATTR)
        return e->s;
    return NULL;
}

const char *rt_ac_str(const ac_ctx *c, const rt_py_expr *e)
{
    e = rt_ac_resolve(c, e);
    if (e && e->kind == RT_PYE_STR && !(e->flags & (RT_PY_STR_FORMAT | RT_PY_STR_BYTES)))
        return e->s;
    return NULL;
}

int rt_ac_name(ac_ctx *c, const rt_py_expr *e, const char **name)
{
    *name = NULL;
    e = rt_ac_resolve(c, e);
    if (!e || (e->kind == RT_PYE_NAME && strcmp(e->s, "None") == 0))
        return 0;
    const char *callee = rt_ac_callee(e);
    if (e->kind == RT_PYE_CALL && callee && (strcmp(callee, "f") == 0 || strcmp(callee, "conv") == 0) &&
        e->nitems == 1)
        e = rt_ac_resolve(c, e->items[0]);
    const char *s = rt_ac_str(c, e);
    if (!s || !*s)
        return rt_ac_refuse(c, "a name computed in Python");
    if (strchr(s, RT_QNAME_SEP))
        return rt_ac_refuse(c, "a name containing '.' (portable SQL reads it as schema.table)");
    *name = s;
    return 0;
}

int rt_ac_bool(const ac_ctx *c, const rt_py_expr *e)
{
    e = rt_ac_resolve(c, e);
    if (!e || e->kind != RT_PYE_NAME)
        return -1;
    if (strcmp(e->s, "True") == 0)
        return 1;
    if (strcmp(e->s, "False") == 0)
        return 0;
    return -1;
}

void rt_ac_ident(rt_buf *out, const char *name)
{
    rt_sql_quote_ident_with(out, name, '"');
}

/* A non-negative integer argument. */
static int ty_int(const ac_ctx *c, const rt_py_expr *e, long *v)
{
    e = rt_ac_resolve(c, e);
    if (!e || e->kind != RT_PYE_NUM)
        return -1;
    char *end;
    *v = strtol(e->s, &end, 10);
    return *end ? -1 : 0;
}

/* Argument i or keyword kw of a type call; NULL when absent or not a call. */
static const rt_py_expr *ty_arg(const rt_py_expr *e, size_t i, const char *kw)
{
    if (e->kind != RT_PYE_CALL)
        return NULL;
    const rt_py_expr *k = kw ? rt_py_kw(e, kw) : NULL;
    if (k)
        return k;
    return i < e->nitems ? e->items[i] : NULL;
}

static bool ty_is(const char *name, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(name, list[i]) == 0)
            return true;
    return false;
}

static int ty_length(ac_ctx *c, const rt_py_expr *e, const char *base, rt_buf *out, bool need)
{
    const rt_py_expr *len = ty_arg(e, 0, "length");
    long n;
    if (len && !(len->kind == RT_PYE_NAME && strcmp(len->s, "None") == 0)) {
        if (ty_int(c, len, &n) != 0 || n < 1)
            return rt_ac_refuse(c, "a %s length computed in Python", base);
        rt_buf_printf(out, "%s(%ld)", base, n);
    } else {
        rt_buf_append(out, need ? "CHAR(1)" : base);
    }
    return 0;
}

static int ty_enum(ac_ctx *c, const rt_py_expr *e, rt_buf *out)
{
    if (e->kind != RT_PYE_CALL || e->nitems == 0)
        return rt_ac_refuse(c, "an Enum without literal values (a Python enum class)");
    size_t longest = 0;
    for (size_t i = 0; i < e->nitems; i++) {
        const char *v = rt_ac_str(c, e->items[i]);
        if (!v)
            return rt_ac_refuse(c, "an Enum without literal values (a Python enum class)");
        if (strlen(v) > longest)
            longest = strlen(v);
    }
    /* SQLAlchemy's Enum on a backend without an enum type (SQLite), or
     * with native_enum=False: a VARCHAR as long as the longest value (or
     * length=), with a CHECK only when create_constraint=True. Elsewhere
     * the portable ENUM: MySQL's own, and on PostgreSQL a CHECK where
     * SQLAlchemy makes a named type (reflection reads both as ENUM). */
    bool non_native = rt_ac_bool(c, rt_py_kw(e, "native_enum")) == 0;
    bool constraint = rt_ac_bool(c, rt_py_kw(e, "create_constraint")) == 1;
    if (non_native || (c->dialect == AC_SQLITE && !constraint)) {
        long n = (long)longest;
        const rt_py_expr *len = rt_py_kw(e, "length");
        if (len && ty_int(c, len, &n) != 0)
            return rt_ac_refuse(c, "an Enum length computed in Python");
        if (constraint)
            return rt_ac_refuse(c, "a non-native Enum with create_constraint=True (write the "
                                   "CHECK constraint as a CheckConstraint)");
        rt_buf_printf(out, "VARCHAR(%ld)", n);
        return 0;
    }
    rt_buf_append(out, "ENUM(");
    for (size_t i = 0; i < e->nitems; i++) {
        if (i)
            rt_buf_append(out, ", ");
        rt_sql_quote_literal(out, rt_ac_str(c, e->items[i]));
    }
    rt_buf_putc(out, ')');
    return 0;
}

/* The type map of --type-map: the portable type of name, or NULL. */
static const char *ty_mapped(const ac_ctx *c, const char *name)
{
    if (!c->o || !c->o->type_map)
        return NULL;
    size_t n = strlen(name);
    for (size_t i = 0; i < c->o->type_map->n; i++) {
        const char *m = c->o->type_map->items[i];
        if (strncmp(m, name, n) == 0 && m[n] == '=')
            return m + n + 1;
    }
    return NULL;
}

int rt_ac_dialect_of(const char *name)
{
    const rt_backend *b = rt_backend_find(name, strlen(name));
    for (const char *p = name; b && *p; p++)
        if (isupper((unsigned char)*p))
            b = NULL; /* SQLAlchemy's names are lower-case; Python compares exactly */
    for (int d = 0; b && d < AC_NDIALECTS; d++)
        if (strcmp(b->name, rt_ac_dialect_names[d]) == 0)
            return d;
    return -1;
}

static bool ty_dialect_listed(const ac_ctx *c, const rt_py_expr *e)
{
    const char *s = rt_ac_str(c, e);
    if (s)
        return rt_ac_dialect_of(s) == c->dialect;
    e = rt_ac_resolve(c, e);
    if (e && (e->kind == RT_PYE_LIST || e->kind == RT_PYE_TUPLE))
        for (size_t i = 0; i < e->nitems; i++)
            if (ty_dialect_listed(c, e->items[i]))
                return true;
    return false;
}

int rt_ac_type(ac_ctx *c, const rt_py_expr *e, rt_buf *out)
{
    e = rt_ac_resolve(c, e);
    /* Type().with_variant(Other(), "mysql"[, "mariadb"]) */
    if (e && e->kind == RT_PYE_CALL && e->a->kind == RT_PYE_ATTR &&
        strcmp(e->a->s, "with_variant") == 0) {
        if (e->nitems < 2)
            return rt_ac_refuse(c, "with_variant() without a dialect name");
        for (size_t i = 1; i < e->nitems; i++)
            if (ty_dialect_listed(c, e->items[i]))
                return rt_ac_type(c, e->items[0], out);
        return rt_ac_type(c, e->a->a, out);
    }
    const char *name = rt_ac_callee(e);
    if (!name || (e->kind != RT_PYE_CALL && e->kind != RT_PYE_NAME && e->kind != RT_PYE_ATTR))
        return rt_ac_refuse(c, "a column type computed in Python");
    const char *mapped = ty_mapped(c, name);
    if (mapped) {
        rt_buf_append(out, mapped);
        return 0;
    }
    static const char *const ints[] = { "Integer", "INTEGER", "INT", NULL };
    static const char *const bigs[] = { "BigInteger", "BIGINT", NULL };
    static const char *const smalls[] = { "SmallInteger", "SMALLINT", NULL };
    static const char *const strs[] = { "String", "VARCHAR", "Unicode", "NVARCHAR", NULL };
    static const char *const chars[] = { "CHAR", "NCHAR", NULL };
    static const char *const texts[] = { "Text", "TEXT", "UnicodeText", "CLOB", "LONGTEXT",
                                         "MEDIUMTEXT", "TINYTEXT", NULL };
    static const char *const bools[] = { "Boolean", "BOOLEAN", NULL };
    static const char *const dates[] = { "Date", "DATE", NULL };
    static const char *const stamps[] = { "DateTime", "DATETIME", "TIMESTAMP", NULL };
    static const char *const times[] = { "Time", "TIME", NULL };
    static const char *const floats[] = { "Float", "FLOAT", NULL };
    static const char *const reals[] = { "REAL", NULL };
    static const char *const doubles[] = { "Double", "DOUBLE", "DOUBLE_PRECISION", NULL };
    static const char *const nums[] = { "Numeric", "NUMERIC", "DECIMAL", NULL };
    static const char *const blobs[] = { "LargeBinary", "BLOB", "LONGBLOB", "BYTEA", NULL };
    static const char *const jsons[] = { "JSON", NULL };
    static const char *const uuids[] = { "Uuid", "UUID", NULL };
    static const char *const enums[] = { "Enum", "ENUM", NULL };
    if (ty_is(name, ints)) {
        rt_buf_append(out, "INTEGER");
    } else if (ty_is(name, bigs)) {
        rt_buf_append(out, "BIGINT");
    } else if (ty_is(name, smalls)) {
        rt_buf_append(out, "SMALLINT");
    } else if (ty_is(name, strs)) {
        return ty_length(c, e, "VARCHAR", out, false);
    } else if (ty_is(name, chars)) {
        return ty_length(c, e, "CHAR", out, true);
    } else if (ty_is(name, texts)) {
        rt_buf_append(out, "TEXT");
    } else if (ty_is(name, bools)) {
        rt_buf_append(out, "BOOLEAN");
    } else if (ty_is(name, dates)) {
        rt_buf_append(out, "DATE");
    } else if (ty_is(name, stamps)) {
        /* SQLAlchemy writes DATETIME on SQLite and MySQL, timezone or not:
         * only PostgreSQL gets a column with a time zone. */
        rt_buf_append(out, rt_ac_bool(c, ty_arg(e, 0, "timezone")) == 1 &&
                                   (c->dialect == AC_POSTGRESQL ||
                                    (c->dialect == AC_MYSQL && strcmp(name, "TIMESTAMP") == 0))
                               ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP");
    } else if (ty_is(name, times)) {
        if (rt_ac_bool(c, ty_arg(e, 0, "timezone")) == 1)
            return rt_ac_refuse(c, "Time(timezone=True): TIME WITH TIME ZONE is not portable");
        rt_buf_append(out, "TIME");
    } else if (ty_is(name, floats)) {
        /* SQLAlchemy's Float is FLOAT: 8 bytes on PostgreSQL and SQLite,
         * 4 on MySQL; precision <= 24 asks for 4 bytes everywhere. */
        long p = 53;
        const rt_py_expr *pe = ty_arg(e, 0, "precision");
        if (pe && ty_int(c, pe, &p) != 0)
            return rt_ac_refuse(c, "a Float precision computed in Python");
        rt_buf_append(out, c->dialect == AC_MYSQL || p <= 24 ? "REAL" : "DOUBLE PRECISION");
    } else if (ty_is(name, reals)) {
        rt_buf_append(out, "REAL");
    } else if (ty_is(name, doubles)) {
        rt_buf_append(out, "DOUBLE PRECISION");
    } else if (ty_is(name, nums)) {
        const rt_py_expr *pe = ty_arg(e, 0, "precision"), *se = ty_arg(e, 1, "scale");
        long p, s;
        rt_buf_append(out, "NUMERIC");
        if (pe && !(pe->kind == RT_PYE_NAME && strcmp(pe->s, "None") == 0)) {
            if (ty_int(c, pe, &p) != 0)
                return rt_ac_refuse(c, "a Numeric precision computed in Python");
            rt_buf_printf(out, "(%ld", p);
            if (se && !(se->kind == RT_PYE_NAME && strcmp(se->s, "None") == 0)) {
                if (ty_int(c, se, &s) != 0)
                    return rt_ac_refuse(c, "a Numeric scale computed in Python");
                rt_buf_printf(out, ", %ld", s);
            }
            rt_buf_putc(out, ')');
        }
    } else if (ty_is(name, blobs)) {
        rt_buf_append(out, "BLOB");
    } else if (ty_is(name, jsons)) {
        rt_buf_append(out, "JSON");
    } else if (ty_is(name, uuids)) {
        rt_buf_append(out, "UUID");
    } else if (ty_is(name, enums)) {
        return ty_enum(c, e, out);
    } else {
        return rt_ac_refuse(c, "type %s has no portable mapping (give one with --type-map %s=TYPE)",
                            name, name);
    }
    return 0;
}

/* The text of sa.text("...") / text("...") / sa.literal_column("..."). */
static const char *ty_text_arg(const ac_ctx *c, const rt_py_expr *e)
{
    const char *callee = rt_ac_callee(e);
    if (e && e->kind == RT_PYE_CALL && e->nitems == 1 && callee &&
        (strcmp(callee, "text") == 0 || strcmp(callee, "literal_column") == 0))
        return rt_ac_str(c, e->items[0]);
    return NULL;
}

static bool ty_word_is(const char *s, size_t n, const char *w)
{
    return strlen(w) == n && strncasecmp(s, w, n) == 0;
}

/* PostgreSQL keeps now() as now() (and gives it back so): written as the
 * same expression there, CURRENT_TIMESTAMP elsewhere. */
static void ty_now(const ac_ctx *c, rt_buf *out)
{
    rt_buf_append(out, c->dialect == AC_POSTGRESQL ? "(now())" : "CURRENT_TIMESTAMP");
}

/* SQL text of a server default -> the portable default. */
static void ty_default_sql(const ac_ctx *c, const char *text, rt_buf *out)
{
    while (isspace((unsigned char)*text))
        text++;
    size_t n = strlen(text);
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    char *t = rt_xstrndup(text, n);
    /* PostgreSQL's catalogs (and so autogenerate) write 'x'::character varying. */
    if (t[0] == '\'') {
        size_t i = 1;
        while (t[i] && !(t[i] == '\'' && t[i + 1] != '\''))
            i += t[i] == '\'' ? 2 : 1;
        if (t[i] == '\'' && strncmp(t + i + 1, "::", 2) == 0)
            t[i + 1] = '\0', n = i + 1;
    }
    if (rt_sql_is_number(t) || (t[0] == '\'' && t[n - 1] == '\'') || (t[0] == '(' && t[n - 1] == ')'))
        rt_buf_append(out, t);
    else if (ty_word_is(t, n, "true") || ty_word_is(t, n, "false") || ty_word_is(t, n, "null") ||
             ty_word_is(t, n, "current_timestamp") || ty_word_is(t, n, "current_date") ||
             ty_word_is(t, n, "current_time"))
        for (size_t i = 0; i < n; i++)
            rt_buf_putc(out, (char)toupper((unsigned char)t[i]));
    else if (ty_word_is(t, n, "now()"))
        ty_now(c, out);
    else if (ty_word_is(t, n, "current_timestamp()"))
        rt_buf_append(out, "CURRENT_TIMESTAMP");
    else
        rt_buf_printf(out, "(%s)", t);
    free(t);
}

int rt_ac_default(ac_ctx *c, const rt_py_expr *e, rt_buf *out)
{
    e = rt_ac_resolve(c, e);
    const char *s = rt_ac_str(c, e);
    if (s) {
        rt_sql_quote_literal(out, s);
        return 0;
    }
    const char *text = ty_text_arg(c, e);
    if (text) {
        ty_default_sql(c, text, out);
        return 0;
    }
    const char *callee = rt_ac_callee(e);
    if (e && e->kind == RT_PYE_CALL && callee && e->nitems == 0) {
        char *dotted = rt_py_dotted(e->a);
        bool func = dotted && (strncmp(dotted, "func.", 5) == 0 || strstr(dotted, ".func."));
        free(dotted);
        if (func && strcasecmp(callee, "now") == 0) {
            ty_now(c, out);
            return 0;
        }
        if (func && strcasecmp(callee, "current_timestamp") == 0) {
            rt_buf_append(out, "CURRENT_TIMESTAMP");
            return 0;
        }
        if (func && strcasecmp(callee, "current_date") == 0) {
            rt_buf_append(out, "CURRENT_DATE");
            return 0;
        }
        if (strcmp(callee, "true") == 0 || strcmp(callee, "false") == 0) {
            /* SQLAlchemy writes them as 1 and 0 on SQLite, which has no
             * boolean of its own. */
            if (c->dialect == AC_SQLITE)
                rt_buf_append(out, callee[0] == 't' ? "1" : "0");
            else
                rt_buf_append(out, callee[0] == 't' ? "TRUE" : "FALSE");
            return 0;
        }
    }
    if (e && e->kind == RT_PYE_NUM) {
        rt_buf_append(out, e->s);
        return 0;
    }
    return rt_ac_refuse(c, "a server_default computed in Python");
}

int rt_ac_literal(ac_ctx *c, const rt_py_expr *e, rt_buf *out)
{
    e = rt_ac_resolve(c, e);
    const char *s = rt_ac_str(c, e);
    if (s) {
        rt_sql_quote_literal(out, s);
        return 0;
    }
    if (e && e->kind == RT_PYE_NUM && rt_sql_is_number(e->s)) {
        rt_buf_append(out, e->s);
        return 0;
    }
    if (e && e->kind == RT_PYE_UNARY && strcmp(e->s, "-") == 0 && e->a->kind == RT_PYE_NUM &&
        rt_sql_is_number(e->a->s)) {
        rt_buf_printf(out, "-%s", e->a->s);
        return 0;
    }
    if (e && e->kind == RT_PYE_NAME) {
        if (strcmp(e->s, "True") == 0 || strcmp(e->s, "False") == 0) {
            rt_buf_append(out, e->s[0] == 'T' ? "TRUE" : "FALSE");
            return 0;
        }
        if (strcmp(e->s, "None") == 0) {
            rt_buf_append(out, "NULL");
            return 0;
        }
    }
    return rt_ac_refuse(c, "a value computed in Python");
}

static int ty_fk_action(ac_ctx *c, const rt_py_expr *call, const char *kw, const char *sql,
                        rt_buf *out)
{
    const rt_py_expr *v = rt_py_kw(call, kw);
    if (!v || (v->kind == RT_PYE_NAME && strcmp(v->s, "None") == 0))
        return 0;
    const char *s = rt_ac_str(c, v);
    static const char *const ok[] = { "CASCADE", "RESTRICT", "SET NULL", "SET DEFAULT",
                                      "NO ACTION", NULL };
    for (int i = 0; s && ok[i]; i++)
        if (strcasecmp(s, ok[i]) == 0) {
            rt_buf_printf(out, " %s %s", sql, ok[i]);
            return 0;
        }
    return rt_ac_refuse(c, "%s=%s%s%s is not a foreign key action", kw, s ? "'" : "",
                        s ? s : "(a Python value)", s ? "'" : "");
}

int rt_ac_fk_tail(ac_ctx *c, const rt_py_expr *call, rt_buf *out)
{
    if (ty_fk_action(c, call, "ondelete", "ON DELETE", out) != 0 ||
        ty_fk_action(c, call, "onupdate", "ON UPDATE", out) != 0)
        return -1;
    if (rt_ac_bool(c, rt_py_kw(call, "deferrable")) == 1) {
        rt_buf_append(out, " DEFERRABLE");
        const char *ini = rt_ac_str(c, rt_py_kw(call, "initially"));
        if (ini)
            rt_buf_printf(out, " INITIALLY %s", strcasecmp(ini, "deferred") == 0 ? "DEFERRED"
                                                                               : "IMMEDIATE");
    }
    if (rt_py_kw(call, "match"))
        return rt_ac_refuse(c, "a foreign key MATCH clause is not portable");
    return 0;
}

/* " REFERENCES t (c)" of "t.c". */
static int ty_references(ac_ctx *c, const rt_py_expr *target, rt_buf *out)
{
    const char *s = rt_ac_str(c, target);
    const char *dot = s ? strrchr(s, '.') : NULL;
    if (!dot)
        return rt_ac_refuse(c, "a ForeignKey target that is not a literal 'table.column'");
    if (memchr(s, '.', (size_t)(dot - s)))
        return rt_ac_refuse(c, "a schema-qualified ForeignKey target ('%s')", s);
    char *table = rt_xstrndup(s, (size_t)(dot - s));
    rt_buf_append(out, " REFERENCES ");
    rt_ac_ident(out, table);
    rt_buf_append(out, " (");
    rt_ac_ident(out, dot + 1);
    rt_buf_putc(out, ')');
    free(table);
    return 0;
}

static void ty_comment(rt_strv *after, const char *table, const char *col, const char *text)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "COMMENT ON COLUMN ");
    rt_ac_ident(&b, table);
    rt_buf_putc(&b, '.');
    rt_ac_ident(&b, col);
    rt_buf_append(&b, " IS ");
    rt_sql_quote_literal(&b, text);
    rt_strv_push_owned(after, rt_buf_steal(&b));
}

int rt_ac_column(ac_ctx *c, const char *table, const rt_py_expr *col, rt_buf *def,
                 rt_strv *after, bool *pk)
{
    col = rt_ac_resolve(c, col);
    *pk = false;
    const char *callee = rt_ac_callee(col);
    if (!col || col->kind != RT_PYE_CALL || !callee || strcmp(callee, "Column") != 0)
        return rt_ac_refuse(c, "a column that is not a literal sa.Column(...)");
    const char *name = NULL;
    if (col->nitems == 0 || rt_ac_name(c, col->items[0], &name) != 0 || !name)
        return rt_ac_refuse(c, "a column without a literal name");
    rt_ac_ident(def, name);
    rt_buf_putc(def, ' ');
    const rt_py_expr *type = rt_py_kw(col, "type_");
    size_t first = 1;
    if (!type && col->nitems > 1) {
        const char *t = rt_ac_callee(rt_ac_resolve(c, col->items[1]));
        if (!t || (strcmp(t, "ForeignKey") != 0 && strcmp(t, "CheckConstraint") != 0 &&
                   strcmp(t, "Computed") != 0 && strcmp(t, "Identity") != 0 &&
                   strcmp(t, "Sequence") != 0)) {
            type = col->items[1];
            first = 2;
        }
    }
    if (!type)
        return rt_ac_refuse(c, "column '%s' has no type (SQLAlchemy takes it from the foreign "
                               "key's target)", name);
    if (rt_ac_type(c, type, def) != 0)
        return -1;
    *pk = rt_ac_bool(c, rt_py_kw(col, "primary_key")) == 1;
    int nullable = rt_ac_bool(c, rt_py_kw(col, "nullable"));
    if (nullable == 0 && !*pk)
        rt_buf_append(def, " NOT NULL");
    const rt_py_expr *sd = rt_py_kw(col, "server_default");
    if (sd && !(sd->kind == RT_PYE_NAME && strcmp(sd->s, "None") == 0)) {
        rt_buf_append(def, " DEFAULT ");
        if (rt_ac_default(c, sd, def) != 0)
            return -1;
    }
    if (rt_py_kw(col, "server_onupdate"))
        return rt_ac_refuse(c, "server_onupdate has no portable form");
    bool unique = rt_ac_bool(c, rt_py_kw(col, "unique")) == 1;
    bool index = rt_ac_bool(c, rt_py_kw(col, "index")) == 1;
    if (unique && !index)
        rt_buf_append(def, " UNIQUE");
    for (size_t i = first; i < col->nitems; i++) {
        const rt_py_expr *x = rt_ac_resolve(c, col->items[i]);
        const char *k = rt_ac_callee(x);
        if (!k || x->kind != RT_PYE_CALL)
            return rt_ac_refuse(c, "a Column argument computed in Python");
        if (strcmp(k, "ForeignKey") == 0) {
            const char *fk = NULL;
            if (rt_ac_name(c, rt_py_kw(x, "name"), &fk) != 0)
                return -1;
            if (fk) {
                rt_buf_append(def, " CONSTRAINT ");
                rt_ac_ident(def, fk);
            }
            if (x->nitems < 1 || ty_references(c, x->items[0], def) != 0 ||
                rt_ac_fk_tail(c, x, def) != 0)
                return -1;
        } else if (strcmp(k, "CheckConstraint") == 0) {
            const char *ck = NULL;
            if (rt_ac_name(c, rt_py_kw(x, "name"), &ck) != 0)
                return -1;
            const char *sql = x->nitems ? rt_ac_str(c, x->items[0]) : NULL;
            if (!sql && x->nitems)
                sql = ty_text_arg(c, rt_ac_resolve(c, x->items[0]));
            if (!sql)
                return rt_ac_refuse(c, "a CHECK condition built in Python");
            if (ck) {
                rt_buf_append(def, " CONSTRAINT ");
                rt_ac_ident(def, ck);
            }
            rt_buf_printf(def, " CHECK (%s)", sql);
        } else if (strcmp(k, "Computed") == 0) {
            const char *sql = x->nitems ? rt_ac_str(c, x->items[0]) : NULL;
            if (!sql && x->nitems)
                sql = ty_text_arg(c, rt_ac_resolve(c, x->items[0]));
            if (!sql)
                return rt_ac_refuse(c, "a Computed expression built in Python");
            if (rt_ac_bool(c, rt_py_kw(x, "persisted")) == 0)
                return rt_ac_refuse(c, "a virtual computed column (persisted=False) is not "
                                       "portable");
            rt_buf_printf(def, " GENERATED ALWAYS AS (%s) STORED", sql);
        } else if (strcmp(k, "Identity") != 0) {
            return rt_ac_refuse(c, "sa.%s in a Column has no portable form", k);
        }
    }
    if (index) {
        rt_buf b = RT_BUF_INIT;
        char *ix = rt_xasprintf("ix_%s_%s", table, name);
        rt_buf_append(&b, unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
        rt_ac_ident(&b, ix);
        rt_buf_append(&b, " ON ");
        rt_ac_ident(&b, table);
        rt_buf_append(&b, " (");
        rt_ac_ident(&b, name);
        rt_buf_putc(&b, ')');
        free(ix);
        rt_strv_push_owned(after, rt_buf_steal(&b));
    }
    const rt_py_expr *cm = rt_py_kw(col, "comment");
    if (cm && !(cm->kind == RT_PYE_NAME && strcmp(cm->s, "None") == 0)) {
        const char *text = rt_ac_str(c, cm);
        if (!text)
            return rt_ac_refuse(c, "a comment computed in Python");
        ty_comment(after, table, name, text);
    }
    return 0;
}
