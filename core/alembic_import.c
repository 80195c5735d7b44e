/* import-alembic: one revision file -> identity + two portable-SQL sections.
 * Walks upgrade()/downgrade(): dialect tests become `-- dialect:` blocks,
 * batch blocks imply their table, calls become statements (alembic_ops.c),
 * and whatever cannot be converted is quoted and listed. */
#include "alembic_conv.h"
#include "file_text.h"
#include "source_text.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct ai_section {
    rt_buf out;
    unsigned cur;          /* backends of the `-- dialect:` block being written */
} ai_section;

typedef struct ai_file {
    const char *path;
    const char *src;
    size_t len;
    rt_strv *problems;
} ai_file;

/* ---- the dialect name and its tests ---- */

static bool ai_is_bind(const ac_ctx *c, const rt_py_expr *e)
{
    e = rt_ac_resolve(c, e);
    if (!e)
        return false;
    const char *callee = rt_ac_callee(e);
    if (e->kind == RT_PYE_CALL && callee &&
        (strcmp(callee, "get_bind") == 0 || strcmp(callee, "get_engine") == 0 ||
         strcmp(callee, "connect") == 0))
        return true;
    return e->kind == RT_PYE_ATTR && (strcmp(e->s, "engine") == 0 || strcmp(e->s, "bind") == 0 ||
                                      strcmp(e->s, "connection") == 0);
}

static bool ai_is_dialect_name(const ac_ctx *c, const rt_py_expr *e)
{
    e = rt_ac_resolve(c, e);
    if (!e || e->kind != RT_PYE_ATTR || strcmp(e->s, "name") != 0)
        return false;
    const rt_py_expr *obj = rt_ac_resolve(c, e->a);
    return (obj && obj->kind == RT_PYE_ATTR && strcmp(obj->s, "dialect") == 0) ||
           ai_is_bind(c, obj);
}

static unsigned ai_dialect_bit(const char *name)
{
    int d = rt_ac_dialect_of(name);
    return d < 0 ? 0 : 1u << d; /* 0: a backend retort does not run on */
}

/* The backends for which e is true; -1 when e is not a test of the
 * dialect name. */
static int ai_cond(const ac_ctx *c, const rt_py_expr *e, unsigned *mask)
{
    unsigned a, b;
    switch (e->kind) {
    case RT_PYE_NOT:
        if (ai_cond(c, e->a, &a) != 0)
            return -1;
        *mask = ~a & AC_ALL;
        return 0;
    case RT_PYE_AND:
    case RT_PYE_OR:
        if (ai_cond(c, e->a, &a) != 0 || ai_cond(c, e->b, &b) != 0)
            return -1;
        *mask = e->kind == RT_PYE_AND ? a & b : a | b;
        return 0;
    case RT_PYE_COMPARE: {
        const rt_py_expr *d = e->a, *v = e->b;
        bool eq = strcmp(e->s, "==") == 0, ne = strcmp(e->s, "!=") == 0;
        bool in = strcmp(e->s, "in") == 0, notin = strcmp(e->s, "not in") == 0;
        if ((eq || ne) && !ai_is_dialect_name(c, d)) {
            d = e->b;
            v = e->a;
        }
        if (!ai_is_dialect_name(c, d))
            return -1;
        unsigned m = 0;
        if (eq || ne) {
            const char *s = rt_ac_str(c, v);
            if (!s)
                return -1;
            m = ai_dialect_bit(s);
        } else if (in || notin) {
            v = rt_ac_resolve(c, v);
            if (!v || (v->kind != RT_PYE_TUPLE && v->kind != RT_PYE_LIST))
                return -1;
            for (size_t i = 0; i < v->nitems; i++) {
                const char *s = rt_ac_str(c, v->items[i]);
                if (!s)
                    return -1;
                m |= ai_dialect_bit(s);
            }
        } else {
            return -1;
        }
        *mask = (ne || notin) ? ~m & AC_ALL : m;
        return 0;
    }
    default:
        return -1;
    }
}

/* ---- output ---- */

static void ai_dialect_line(ai_section *s, unsigned mask)
{
    if (mask == s->cur)
        return;
    if (s->out.len && s->out.data[s->out.len - 1] != '\n')
        rt_buf_putc(&s->out, '\n');
    rt_buf_append(&s->out, "-- dialect: ");
    if (mask == AC_ALL) {
        rt_buf_append(&s->out, "all");
    } else {
        bool first = true;
        for (int d = 0; d < AC_NDIALECTS; d++)
            if (mask & (1u << d)) {
                rt_buf_printf(&s->out, "%s%s", first ? "" : ", ", rt_ac_dialect_names[d]);
                first = false;
            }
    }
    rt_buf_putc(&s->out, '\n');
    s->cur = mask;
}

static void ai_emit(ai_section *s, unsigned mask, const rt_strv *stmts)
{
    if (stmts->n == 0)
        return;
    ai_dialect_line(s, mask);
    for (size_t i = 0; i < stmts->n; i++)
        rt_buf_printf(&s->out, "%s;\n", stmts->items[i]);
}

/* Lists the place and quotes its Python lines in the revision. */
static void ai_problem(const ai_file *f, ai_section *s, int line, int end_line, const char *why)
{
    rt_strv_push_owned(f->problems, rt_xasprintf("%s:%d: %s", f->path, line, why));
    rt_buf_printf(&s->out, "-- NOT CONVERTED (%s:%d: %s); the original Python:\n", f->path,
                  line, why);
    const char *p = f->src, *end = f->src + f->len;
    for (int l = 1; p < end && l <= end_line; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        if (l >= line) {
            rt_buf_append(&s->out, "--   | ");
            rt_buf_appendn(&s->out, p, (size_t)(e - p));
            rt_buf_putc(&s->out, '\n');
        }
        p = nl ? nl + 1 : end;
    }
}

/* ---- statements ---- */

static bool ai_mentions(const rt_py_expr *e, const char *const *names)
{
    if (!e)
        return false;
    if ((e->kind == RT_PYE_NAME || e->kind == RT_PYE_ATTR) && e->s)
        for (int i = 0; names[i]; i++)
            if (strcmp(e->s, names[i]) == 0)
                return true;
    if (ai_mentions(e->a, names) || ai_mentions(e->b, names))
        return true;
    for (size_t i = 0; i < e->nitems; i++)
        if (ai_mentions(e->items[i], names))
            return true;
    for (size_t i = 0; i < e->nkw; i++)
        if (ai_mentions(e->kwvals[i], names))
            return true;
    return false;
}

/* Why a value computed in Python cannot be converted, by what it uses. */
static const char *ai_why_python(const ac_ctx *c, const rt_py_expr *e)
{
    static const char *const orm[] = { "Session", "sessionmaker", "scoped_session", "query",
                                       "orm", NULL };
    static const char *const live[] = { "inspect", "Inspector", "get_inspector",
                                        "get_table_names", "get_columns", "get_indexes",
                                        "get_foreign_keys", "get_unique_constraints",
                                        "has_table", "reflect", "autoload_with", NULL };
    static const char *const result[] = { "execute", "fetchall", "fetchone", "scalar",
                                          "scalars", "first", "all", NULL };
    for (size_t i = 0; i < c->nlocals; i++)
        if (c->locals[i].taint) {
            const char *one[] = { c->locals[i].name, NULL };
            if (ai_mentions(e, one))
                return c->locals[i].taint;
        }
    if (ai_mentions(e, orm))
        return "an ORM session or query";
    if (ai_mentions(e, live))
        return "names looked up from the live database";
    if (ai_mentions(e, result))
        return "a query whose result is used in Python";
    return "a value computed in Python";
}

/* Values a local name may hold without doing anything to the database. */
static bool ai_harmless(ac_ctx *c, const rt_py_expr *e)
{
    switch (e->kind) {
    case RT_PYE_STR:
    case RT_PYE_NUM:
    case RT_PYE_NAME:
        return true;
    case RT_PYE_LIST:
    case RT_PYE_TUPLE:
    case RT_PYE_DICT:
        for (size_t i = 0; i < e->nitems; i++)
            if (!ai_harmless(c, e->items[i]))
                return false;
        return true;
    case RT_PYE_ATTR:
        return ai_is_dialect_name(c, e) || ai_is_bind(c, e) || strcmp(e->s, "dialect") == 0;
    case RT_PYE_CALL: {
        static const char *const ok[] = { "get_bind", "get_context", "table", "Table", "column",
                                          "Column", "MetaData", "text", "f", "conv",
                                          "with_variant", "ForeignKey", NULL };
        const char *callee = rt_ac_callee(e);
        for (int i = 0; callee && ok[i]; i++)
            if (strcmp(callee, ok[i]) == 0)
                return !ai_mentions(e, (const char *const[]){ "autoload_with", NULL });
        /* a type: Integer(), sa.String(50), ... */
        rt_buf b = RT_BUF_INIT;
        char *saved = c->why;
        c->why = NULL;
        bool type = callee && rt_ac_type(c, e, &b) == 0;
        free(c->why);
        c->why = saved;
        rt_buf_free(&b);
        return type;
    }
    default:
        return false;
    }
}

static void ai_local(ac_ctx *c, const char *name, const rt_py_expr *value, const char *taint)
{
    if (c->nlocals == c->caplocals) {
        c->caplocals = c->caplocals ? c->caplocals * 2 : 8;
        c->locals = rt_xrealloc(c->locals, c->caplocals * sizeof *c->locals);
    }
    c->locals[c->nlocals++] = (ac_local){ name, value, taint };
}

static bool ai_is_op(const rt_py_expr *recv)
{
    char *d = rt_py_dotted(recv);
    bool yes = d && (strcmp(d, "op") == 0 || strcmp(d, "alembic.op") == 0);
    free(d);
    return yes;
}

/* One call statement, converted for each backend of mask. */
static void ai_call(ac_ctx *c, const ai_file *f, ai_section *s, const rt_py_stmt *st,
                    unsigned mask, const char *batch_table)
{
    rt_strv per[AC_NDIALECTS];
    int rcs[AC_NDIALECTS];
    memset(per, 0, sizeof per);
    const char *why = NULL;
    char *owned_why = NULL;
    for (int d = 0; d < AC_NDIALECTS && !why; d++) {
        if (!(mask & (1u << d)))
            continue;
        c->dialect = d;
        rcs[d] = rt_ac_op(c, st->value, batch_table, &per[d]);
        if (rcs[d] < 0)
            why = owned_why = c->why, c->why = NULL;
    }
    if (why) {
        ai_problem(f, s, st->line, st->end_line, why);
    } else {
        /* Statement by statement when every backend got as many, so that
         * only what differs goes into per-backend blocks. */
        size_t n = SIZE_MAX;
        bool same_n = true;
        for (int d = 0; d < AC_NDIALECTS; d++)
            if (mask & (1u << d)) {
                same_n &= n == SIZE_MAX || per[d].n == n;
                n = per[d].n;
            }
        size_t rounds = same_n ? n : 1;
        for (size_t i = 0; i < rounds; i++) {
            unsigned done = 0;
            for (int d = 0; d < AC_NDIALECTS; d++) {
                if (!(mask & (1u << d)) || (done & (1u << d)))
                    continue;
                unsigned group = 1u << d;
                for (int e = d + 1; e < AC_NDIALECTS; e++)
                    if ((mask & (1u << e)) &&
                        (same_n ? strcmp(per[d].items[i], per[e].items[i]) == 0
                                : rt_strv_equal(&per[d], &per[e])))
                        group |= 1u << e;
                done |= group;
                if (same_n) {
                    rt_strv one = { &per[d].items[i], 1, 1 };
                    ai_emit(s, group, &one);
                } else {
                    ai_emit(s, group, &per[d]);
                }
            }
        }
    }
    free(owned_why);
    for (int d = 0; d < AC_NDIALECTS; d++)
        rt_strv_free(&per[d]);
}

static void ai_block(ac_ctx *c, const ai_file *f, ai_section *s, const rt_py_block *b,
                     unsigned mask, const char *batch_table, const char *batch_name);

static void ai_stmt(ac_ctx *c, const ai_file *f, ai_section *s, const rt_py_stmt *st,
                    unsigned mask, const char *batch_table, const char *batch_name)
{
    switch (st->kind) {
    case RT_PYS_PASS:
    case RT_PYS_IMPORT:
        return;
    case RT_PYS_OTHER:
        ai_problem(f, s, st->line, st->end_line, st->why);
        return;
    case RT_PYS_DEF:
        ai_problem(f, s, st->line, st->end_line, "a nested function definition");
        return;
    case RT_PYS_ASSIGN:
        /* t = op.create_table(...): the operation, and t names the table. */
        if (!st->value || ai_harmless(c, st->value)) {
            ai_local(c, st->name, st->value, NULL);
        } else if (st->value->kind == RT_PYE_CALL && st->value->a->kind == RT_PYE_ATTR &&
                   ai_is_op(st->value->a->a)) {
            ai_call(c, f, s, st, mask, NULL);
            ai_local(c, st->name, st->value, NULL);
        } else {
            const char *why = ai_why_python(c, st->value);
            ai_local(c, st->name, NULL, why);
            ai_problem(f, s, st->line, st->end_line, why);
        }
        return;
    case RT_PYS_IF: {
        unsigned m;
        if (ai_cond(c, st->value, &m) != 0) {
            ai_problem(f, s, st->line, st->end_line,
                       "an if on a condition computed in Python (only tests of the dialect "
                       "name are converted)");
            return;
        }
        /* A branch for backends retort does not run on is left out. */
        if (mask & m)
            ai_block(c, f, s, &st->body, mask & m, batch_table, batch_name);
        if (mask & ~m)
            ai_block(c, f, s, &st->orelse, mask & ~m, batch_table, batch_name);
        return;
    }
    case RT_PYS_WITH: {
        const rt_py_expr *e = st->value;
        const char *table = NULL;
        if (e->kind == RT_PYE_CALL && e->a->kind == RT_PYE_ATTR && ai_is_op(e->a->a) &&
            strcmp(e->a->s, "batch_alter_table") == 0 && st->name) {
            const rt_py_expr *t = rt_py_kw(e, "table_name");
            const rt_py_expr *schema = rt_py_kw(e, "schema");
            if (!t && e->nitems)
                t = e->items[0];
            if (t && rt_ac_name(c, t, &table) == 0 && table &&
                (!schema || (schema->kind == RT_PYE_NAME && strcmp(schema->s, "None") == 0))) {
                ai_block(c, f, s, &st->body, mask, table, st->name);
                return;
            }
            free(c->why);
            c->why = NULL;
            ai_problem(f, s, st->line, st->end_line,
                       "a batch_alter_table on a table name computed in Python or another "
                       "schema");
            return;
        }
        ai_problem(f, s, st->line, st->end_line,
                   "a 'with' block that is not op.batch_alter_table(...)");
        return;
    }
    case RT_PYS_EXPR:
        break;
    }
    const rt_py_expr *e = st->value;
    if (e->kind != RT_PYE_CALL) {
        ai_problem(f, s, st->line, st->end_line, "a Python expression that is not a call");
        return;
    }
    const rt_py_expr *fn = e->a;
    if (fn->kind == RT_PYE_ATTR) {
        const rt_py_expr *recv = fn->a;
        if (ai_is_op(recv)) {
            ai_call(c, f, s, st, mask, NULL);
            return;
        }
        if (batch_name && recv->kind == RT_PYE_NAME && strcmp(recv->s, batch_name) == 0) {
            ai_call(c, f, s, st, mask, batch_table);
            return;
        }
        if (strcmp(fn->s, "execute") == 0 && ai_is_bind(c, recv)) {
            ai_call(c, f, s, st, mask, NULL);
            return;
        }
        char *d = rt_py_dotted(recv);
        bool log = d && (strcmp(d, "log") == 0 || strcmp(d, "logger") == 0 ||
                         strcmp(d, "logging") == 0 || strcmp(d, "LOG") == 0);
        free(d);
        if (log)
            return; /* a log line does nothing to the database */
    } else if (fn->kind == RT_PYE_NAME && strcmp(fn->s, "print") == 0) {
        return;
    }
    const char *callee = rt_ac_callee(e);
    for (size_t i = 0; fn->kind == RT_PYE_NAME && c->module && i < c->module->n; i++) {
        const rt_py_stmt *m = c->module->v[i];
        if (m->kind == RT_PYS_DEF && strcmp(m->name, fn->s) == 0) {
            char *why = rt_xasprintf("a call of the Python function %s()", fn->s);
            ai_problem(f, s, st->line, st->end_line, why);
            free(why);
            return;
        }
    }
    const char *why = ai_why_python(c, e);
    if (strcmp(why, "a value computed in Python") == 0) {
        char *w = rt_xasprintf("a call of %s() that is not an Alembic operation",
                               callee ? callee : "a Python value");
        ai_problem(f, s, st->line, st->end_line, w);
        free(w);
        return;
    }
    ai_problem(f, s, st->line, st->end_line, why);
}

static void ai_block(ac_ctx *c, const ai_file *f, ai_section *s, const rt_py_block *b,
                     unsigned mask, const char *batch_table, const char *batch_name)
{
    for (size_t i = 0; i < b->n; i++)
        ai_stmt(c, f, s, b->v[i], mask, batch_table, batch_name);
}

/* ---- identity ---- */

/* None, "id", ("a", "b"), ["a"], {"a"} -> list. */
static int ai_id_list(const ac_ctx *c, const rt_py_stmt *st, rt_strv *out, const char *path,
                      rt_error *err)
{
    const rt_py_expr *e = rt_ac_resolve(c, st->value);
    if (!e || (e->kind == RT_PYE_NAME && strcmp(e->s, "None") == 0))
        return RT_OK;
    const char *s = rt_ac_str(c, e);
    if (s) {
        if (!rt_script_valid_id(s))
            return rt_error_at(err, RT_EPARSE, path, e->line, e->col,
                               "%s '%s' must be " RT_SCRIPT_ID_RULE, st->name, s);
        rt_strv_push(out, s);
        return RT_OK;
    }
    if (e->kind == RT_PYE_TUPLE || e->kind == RT_PYE_LIST || e->kind == RT_PYE_DICT) {
        for (size_t i = 0; i < e->nitems; i++) {
            const char *v = rt_ac_str(c, e->items[i]);
            if (!v || !rt_script_valid_id(v))
                return rt_error_at(err, RT_EPARSE, path, e->items[i]->line, e->items[i]->col,
                                   "%s must list literal revision ids or labels", st->name);
            rt_strv_push(out, v);
        }
        return RT_OK;
    }
    return rt_error_at(err, RT_EPARSE, path, e->line, e->col,
                       "%s is computed in Python; write it as a literal", st->name);
}

/* The docstring's first line and its "Create Date:" line. */
static void ai_docstring(const rt_py_block *m, rt_revision *rev)
{
    const char *doc = NULL;
    if (m->n > 0 && m->v[0]->kind == RT_PYS_PASS && m->v[0]->value &&
        m->v[0]->value->kind == RT_PYE_STR)
        doc = m->v[0]->value->s;
    rev->message = rt_xstrdup("");
    rev->create_date = rt_xstrdup("");
    if (!doc)
        return;
    const char *p = doc;
    while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r')
        p++;
    size_t n = strcspn(p, "\r\n");
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        n--;
    free(rev->message);
    rev->message = rt_xstrndup(p, n);
    const char *cd = strstr(doc, "Create Date:");
    if (cd) {
        cd += strlen("Create Date:");
        cd += strspn(cd, " \t");
        size_t k = strcspn(cd, "\r\n");
        while (k > 0 && (cd[k - 1] == ' ' || cd[k - 1] == '\t'))
            k--;
        free(rev->create_date);
        rev->create_date = rt_xstrndup(cd, k);
    }
}

static const rt_py_stmt *ai_def(const rt_py_block *m, const char *name)
{
    for (size_t i = 0; i < m->n; i++)
        if (m->v[i]->kind == RT_PYS_DEF && strcmp(m->v[i]->name, name) == 0)
            return m->v[i];
    return NULL;
}

static char *ai_section_text(ac_ctx *c, const ai_file *f, const rt_py_block *m, const char *fn)
{
    ai_section s = { RT_BUF_INIT, AC_ALL };
    const rt_py_stmt *def = ai_def(m, fn);
    c->nlocals = 0;
    if (def)
        ai_block(c, f, &s, &def->body, AC_ALL, NULL, NULL);
    return rt_buf_steal(&s.out);
}

int rt_alembic_convert_text(rt_alembic_rev *out, const char *path, const char *src, size_t len,
                            const rt_alembic_opts *o, rt_error *err)
{
    memset(out, 0, sizeof *out);
    rt_py_toks toks = { 0 };
    rt_py_block m = { 0 };
    int rc = rt_py_tokenize(&toks, path, src, len, err);
    if (rc == RT_OK)
        rc = rt_py_parse(&m, &toks, path, err);
    ac_ctx c = { .o = o, .module = &m };
    const rt_py_stmt *rev_st = NULL;
    for (size_t i = 0; rc == RT_OK && i < m.n; i++) {
        const rt_py_stmt *st = m.v[i];
        if (st->kind != RT_PYS_ASSIGN || !st->value)
            continue;
        if (strcmp(st->name, "revision") == 0) {
            const char *id = rt_ac_str(&c, st->value);
            if (!id || !rt_script_valid_id(id))
                rc = rt_error_at(err, RT_EPARSE, path, st->line, 1,
                                 "revision must be a literal id of " RT_SCRIPT_ID_RULE);
            else
                rev_st = st;
        } else if (strcmp(st->name, "down_revision") == 0) {
            rc = ai_id_list(&c, st, &out->rev.down, path, err);
        } else if (strcmp(st->name, "branch_labels") == 0) {
            rc = ai_id_list(&c, st, &out->rev.branch_labels, path, err);
        } else if (strcmp(st->name, "depends_on") == 0) {
            rc = ai_id_list(&c, st, &out->rev.depends_on, path, err);
        }
    }
    if (rc == RT_OK && !rev_st)
        rc = rt_error_at(err, RT_EPARSE, path, 1, 1,
                         "no 'revision = \"...\"' assignment: not an Alembic revision file");
    if (rc == RT_OK) {
        out->rev.id = rt_xstrdup(rt_ac_str(&c, rev_st->value));
        out->rev.path = rt_xstrdup(path);
        ai_docstring(&m, &out->rev);
        ai_file f = { path, src, len, &out->problems };
        out->upgrade = ai_section_text(&c, &f, &m, "upgrade");
        out->downgrade = ai_section_text(&c, &f, &m, "downgrade");
    }
    free(c.locals);
    free(c.why);
    rt_py_block_free(&m);
    rt_py_toks_free(&toks);
    return rc;
}

int rt_alembic_convert_file(rt_alembic_rev *out, const char *path, const rt_alembic_opts *o,
                            rt_error *err)
{
    memset(out, 0, sizeof *out);
    char *text;
    size_t len;
    int rc = rt_file_text(path, "", &text, &len, err);
    if (rc != RT_OK)
        return rc;
    size_t skip = 0;
    rc = rt_source_text_check(text, len, path, &skip, err);
    if (rc == RT_OK)
        rc = rt_alembic_convert_text(out, path, text + skip, len - skip, o, err);
    free(text);
    return rc;
}

void rt_alembic_rev_free(rt_alembic_rev *r)
{
    rt_revision_free(&r->rev);
    free(r->upgrade);
    free(r->downgrade);
    rt_strv_free(&r->problems);
    memset(r, 0, sizeof *r);
}

int rt_alembic_type_map_check(const char *entry, rt_error *err)
{
    const char *eq = strchr(entry, '=');
    if (!eq || eq == entry || !eq[1])
        return rt_error_set(err, RT_EUSAGE,
                            "--type-map takes NAME=PORTABLE_TYPE (e.g. GUID=CHAR(32)), got '%s'",
                            entry);
    return RT_OK;
}
