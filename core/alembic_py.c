#include "alembic_py.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

typedef struct pp_state {
    const rt_py_toks *t;
    size_t i;
    const char *path;
    char *fail; /* why the current expression is outside the subset; owned */
} pp_state;

static const rt_py_tok *pp_peek(const pp_state *s)
{
    return &s->t->v[s->i];
}

static const rt_py_tok *pp_peek_at(const pp_state *s, size_t k)
{
    size_t j = s->i + k;
    return &s->t->v[j < s->t->n ? j : s->t->n - 1];
}

static const rt_py_tok *pp_next(pp_state *s)
{
    const rt_py_tok *t = &s->t->v[s->i];
    if (t->kind != RT_PY_END)
        s->i++;
    return t;
}

static bool pp_is(const rt_py_tok *t, rt_py_kind kind, const char *text)
{
    return t->kind == kind && (!text || strcmp(t->text, text) == 0);
}

static bool pp_op(const pp_state *s, const char *op)
{
    return pp_is(pp_peek(s), RT_PY_OP, op);
}

static bool pp_kw(const pp_state *s, const char *kw)
{
    return pp_is(pp_peek(s), RT_PY_NAME, kw);
}

static void pp_fail(pp_state *s, const char *why)
{
    if (!s->fail)
        s->fail = rt_xstrdup(why);
}

static rt_py_expr *pp_new(rt_pye_kind kind, const rt_py_tok *at, const char *text)
{
    rt_py_expr *e = rt_xcalloc(1, sizeof *e);
    e->kind = kind;
    e->line = at->line;
    e->col = at->col;
    e->s = text ? rt_xstrdup(text) : NULL;
    return e;
}

static void pp_expr_free(rt_py_expr *e)
{
    if (!e)
        return;
    free(e->s);
    pp_expr_free(e->a);
    pp_expr_free(e->b);
    for (size_t i = 0; i < e->nitems; i++)
        pp_expr_free(e->items[i]);
    free(e->items);
    for (size_t i = 0; i < e->nkw; i++) {
        free(e->kwnames[i]);
        pp_expr_free(e->kwvals[i]);
    }
    free(e->kwnames);
    free(e->kwvals);
    free(e);
}

static void pp_add_item(rt_py_expr *e, rt_py_expr *item)
{
    e->items = rt_xrealloc(e->items, (e->nitems + 1) * sizeof *e->items);
    e->items[e->nitems++] = item;
}

static rt_py_expr *pp_expr(pp_state *s);

static bool pp_expect(pp_state *s, const char *op)
{
    if (pp_op(s, op)) {
        pp_next(s);
        return true;
    }
    char *why = rt_xasprintf("expected '%s'", op);
    pp_fail(s, why);
    free(why);
    return false;
}

/* Items up to the closing bracket, for lists, tuples and sets. */
static rt_py_expr *pp_items(pp_state *s, rt_py_expr *e, const char *close)
{
    while (!pp_op(s, close)) {
        if (pp_op(s, "*") || pp_op(s, "**")) {
            pp_fail(s, "unpacking with * or **");
            pp_expr_free(e);
            return NULL;
        }
        rt_py_expr *x = pp_expr(s);
        if (!x) {
            pp_expr_free(e);
            return NULL;
        }
        pp_add_item(e, x);
        if (pp_kw(s, "for")) {
            pp_fail(s, "a comprehension");
            pp_expr_free(e);
            return NULL;
        }
        if (!pp_op(s, ","))
            break;
        pp_next(s);
    }
    if (!pp_expect(s, close)) {
        pp_expr_free(e);
        return NULL;
    }
    return e;
}

static rt_py_expr *pp_atom(pp_state *s)
{
    const rt_py_tok *t = pp_peek(s);
    if (t->kind == RT_PY_NAME) {
        static const char *const kws[] = { "lambda", "yield", "await", "if", "for",
                                           "while", "else", "def", "class", NULL };
        for (int i = 0; kws[i]; i++)
            if (strcmp(t->text, kws[i]) == 0) {
                char *why = rt_xasprintf("'%s'", t->text);
                pp_fail(s, why);
                free(why);
                return NULL;
            }
        pp_next(s);
        return pp_new(RT_PYE_NAME, t, t->text);
    }
    if (t->kind == RT_PY_NUMBER) {
        pp_next(s);
        return pp_new(RT_PYE_NUM, t, t->text);
    }
    if (t->kind == RT_PY_STRING) {
        rt_py_expr *e = pp_new(RT_PYE_STR, t, NULL);
        rt_buf b = RT_BUF_INIT;
        while (pp_peek(s)->kind == RT_PY_STRING) {
            const rt_py_tok *k = pp_next(s);
            rt_buf_append(&b, k->text);
            e->flags |= k->flags;
        }
        e->s = rt_buf_steal(&b);
        return e;
    }
    if (pp_is(t, RT_PY_OP, "(")) {
        pp_next(s);
        if (pp_op(s, ")")) {
            pp_next(s);
            return pp_new(RT_PYE_TUPLE, t, NULL);
        }
        rt_py_expr *x = pp_expr(s);
        if (!x)
            return NULL;
        if (pp_kw(s, "for")) {
            pp_fail(s, "a generator expression");
            pp_expr_free(x);
            return NULL;
        }
        if (pp_op(s, ")")) {
            pp_next(s);
            return x; /* parentheses only */
        }
        rt_py_expr *e = pp_new(RT_PYE_TUPLE, t, NULL);
        pp_add_item(e, x);
        if (!pp_expect(s, ",")) {
            pp_expr_free(e);
            return NULL;
        }
        return pp_items(s, e, ")");
    }
    if (pp_is(t, RT_PY_OP, "[")) {
        pp_next(s);
        return pp_items(s, pp_new(RT_PYE_LIST, t, NULL), "]");
    }
    if (pp_is(t, RT_PY_OP, "{")) {
        pp_next(s);
        rt_py_expr *e = pp_new(RT_PYE_DICT, t, NULL);
        while (!pp_op(s, "}")) {
            if (pp_op(s, "**")) {
                pp_fail(s, "unpacking with **");
                pp_expr_free(e);
                return NULL;
            }
            rt_py_expr *k = pp_expr(s);
            if (!k) {
                pp_expr_free(e);
                return NULL;
            }
            pp_add_item(e, k);
            if (!pp_op(s, ":")) {
                pp_fail(s, "a set or a dict comprehension");
                pp_expr_free(e);
                return NULL;
            }
            pp_next(s);
            rt_py_expr *v = pp_expr(s);
            if (!v) {
                pp_expr_free(e);
                return NULL;
            }
            pp_add_item(e, v);
            if (pp_kw(s, "for")) {
                pp_fail(s, "a comprehension");
                pp_expr_free(e);
                return NULL;
            }
            if (!pp_op(s, ","))
                break;
            pp_next(s);
        }
        if (!pp_expect(s, "}")) {
            pp_expr_free(e);
            return NULL;
        }
        return e;
    }
    if (pp_is(t, RT_PY_OP, "...")) {
        pp_next(s);
        return pp_new(RT_PYE_NAME, t, "...");
    }
    char *why = rt_xasprintf("unexpected '%s'", t->kind == RT_PY_NEWLINE ? "end of line" : t->text);
    pp_fail(s, why);
    free(why);
    return NULL;
}

static rt_py_expr *pp_call_args(pp_state *s, rt_py_expr *call)
{
    while (!pp_op(s, ")")) {
        if (pp_op(s, "*") || pp_op(s, "**")) {
            pp_fail(s, "unpacking with * or ** in a call");
            pp_expr_free(call);
            return NULL;
        }
        if (pp_peek(s)->kind == RT_PY_NAME && pp_is(pp_peek_at(s, 1), RT_PY_OP, "=")) {
            const rt_py_tok *n = pp_next(s);
            pp_next(s);
            rt_py_expr *v = pp_expr(s);
            if (!v) {
                pp_expr_free(call);
                return NULL;
            }
            call->kwnames = rt_xrealloc(call->kwnames, (call->nkw + 1) * sizeof *call->kwnames);
            call->kwvals = rt_xrealloc(call->kwvals, (call->nkw + 1) * sizeof *call->kwvals);
            call->kwnames[call->nkw] = rt_xstrdup(n->text);
            call->kwvals[call->nkw++] = v;
        } else {
            rt_py_expr *v = pp_expr(s);
            if (!v) {
                pp_expr_free(call);
                return NULL;
            }
            pp_add_item(call, v);
            if (pp_kw(s, "for")) {
                pp_fail(s, "a generator expression");
                pp_expr_free(call);
                return NULL;
            }
        }
        if (!pp_op(s, ","))
            break;
        pp_next(s);
    }
    if (!pp_expect(s, ")")) {
        pp_expr_free(call);
        return NULL;
    }
    return call;
}

static rt_py_expr *pp_primary(pp_state *s)
{
    rt_py_expr *e = pp_atom(s);
    while (e) {
        const rt_py_tok *t = pp_peek(s);
        if (pp_is(t, RT_PY_OP, ".")) {
            pp_next(s);
            const rt_py_tok *n = pp_next(s);
            if (n->kind != RT_PY_NAME) {
                pp_fail(s, "expected a name after '.'");
                pp_expr_free(e);
                return NULL;
            }
            rt_py_expr *a = pp_new(RT_PYE_ATTR, n, n->text);
            a->line = e->line;
            a->col = e->col;
            a->a = e;
            e = a;
        } else if (pp_is(t, RT_PY_OP, "(")) {
            pp_next(s);
            rt_py_expr *c = pp_new(RT_PYE_CALL, t, NULL);
            c->line = e->line;
            c->col = e->col;
            c->a = e;
            e = pp_call_args(s, c);
        } else if (pp_is(t, RT_PY_OP, "[")) {
            pp_next(s);
            rt_py_expr *x = pp_expr(s);
            if (x && pp_op(s, ",")) { /* Union[str, None] */
                rt_py_expr *tup = pp_new(RT_PYE_TUPLE, t, NULL);
                pp_add_item(tup, x);
                pp_next(s);
                x = pp_items(s, tup, "]");
                if (x) {
                    rt_py_expr *sub = pp_new(RT_PYE_SUB, t, NULL);
                    sub->line = e->line;
                    sub->col = e->col;
                    sub->a = e;
                    sub->b = x;
                    e = sub;
                    continue;
                }
            }
            if (!x || pp_op(s, ":") || !pp_expect(s, "]")) {
                pp_fail(s, "a slice");
                pp_expr_free(x);
                pp_expr_free(e);
                return NULL;
            }
            rt_py_expr *sub = pp_new(RT_PYE_SUB, t, NULL);
            sub->line = e->line;
            sub->col = e->col;
            sub->a = e;
            sub->b = x;
            e = sub;
        } else {
            break;
        }
    }
    return e;
}

static rt_py_expr *pp_binary(pp_state *s, int level);

static rt_py_expr *pp_unary(pp_state *s)
{
    const rt_py_tok *t = pp_peek(s);
    if (pp_is(t, RT_PY_OP, "-") || pp_is(t, RT_PY_OP, "+") || pp_is(t, RT_PY_OP, "~")) {
        pp_next(s);
        rt_py_expr *x = pp_unary(s);
        if (!x)
            return NULL;
        rt_py_expr *e = pp_new(RT_PYE_UNARY, t, t->text);
        e->a = x;
        return e;
    }
    rt_py_expr *e = pp_primary(s);
    if (e && pp_op(s, "**")) {
        const rt_py_tok *op = pp_next(s);
        rt_py_expr *r = pp_unary(s);
        if (!r) {
            pp_expr_free(e);
            return NULL;
        }
        rt_py_expr *b = pp_new(RT_PYE_BINOP, op, op->text);
        b->a = e;
        b->b = r;
        return b;
    }
    return e;
}

/* Binary operator levels, loosest first. */
static const char *const pp_levels[][6] = {
    { "|", NULL }, { "^", NULL }, { "&", NULL }, { "<<", ">>", NULL },
    { "+", "-", NULL }, { "*", "/", "//", "%", "@", NULL },
};
#define PP_NLEVELS (int)(sizeof pp_levels / sizeof pp_levels[0])

static rt_py_expr *pp_binary(pp_state *s, int level)
{
    if (level == PP_NLEVELS)
        return pp_unary(s);
    rt_py_expr *e = pp_binary(s, level + 1);
    while (e) {
        const char *const *ops = pp_levels[level];
        int k = -1;
        for (int i = 0; ops[i]; i++)
            if (pp_op(s, ops[i]))
                k = i;
        if (k < 0)
            break;
        const rt_py_tok *op = pp_next(s);
        rt_py_expr *r = pp_binary(s, level + 1);
        if (!r) {
            pp_expr_free(e);
            return NULL;
        }
        rt_py_expr *b = pp_new(RT_PYE_BINOP, op, op->text);
        b->a = e;
        b->b = r;
        e = b;
    }
    return e;
}

static rt_py_expr *pp_compare(pp_state *s)
{
    rt_py_expr *e = pp_binary(s, 0);
    while (e) {
        const rt_py_tok *t = pp_peek(s);
        const char *op = NULL;
        int ntok = 1;
        if (t->kind == RT_PY_OP &&
            (strcmp(t->text, "==") == 0 || strcmp(t->text, "!=") == 0 ||
             strcmp(t->text, "<") == 0 || strcmp(t->text, ">") == 0 ||
             strcmp(t->text, "<=") == 0 || strcmp(t->text, ">=") == 0))
            op = t->text;
        else if (pp_is(t, RT_PY_NAME, "in"))
            op = "in";
        else if (pp_is(t, RT_PY_NAME, "not") && pp_is(pp_peek_at(s, 1), RT_PY_NAME, "in"))
            op = "not in", ntok = 2;
        else if (pp_is(t, RT_PY_NAME, "is") && pp_is(pp_peek_at(s, 1), RT_PY_NAME, "not"))
            op = "is not", ntok = 2;
        else if (pp_is(t, RT_PY_NAME, "is"))
            op = "is";
        if (!op)
            break;
        rt_py_expr *c = pp_new(RT_PYE_COMPARE, t, op);
        for (int i = 0; i < ntok; i++)
            pp_next(s);
        rt_py_expr *r = pp_binary(s, 0);
        if (!r) {
            pp_expr_free(c);
            pp_expr_free(e);
            return NULL;
        }
        c->a = e;
        c->b = r;
        c->line = e->line;
        c->col = e->col;
        e = c;
    }
    return e;
}

static rt_py_expr *pp_not(pp_state *s)
{
    if (pp_kw(s, "not")) {
        const rt_py_tok *t = pp_next(s);
        rt_py_expr *x = pp_not(s);
        if (!x)
            return NULL;
        rt_py_expr *e = pp_new(RT_PYE_NOT, t, NULL);
        e->a = x;
        return e;
    }
    return pp_compare(s);
}

static rt_py_expr *pp_andor(pp_state *s, bool or_level)
{
    rt_py_expr *e = or_level ? pp_andor(s, false) : pp_not(s);
    const char *kw = or_level ? "or" : "and";
    while (e && pp_kw(s, kw)) {
        const rt_py_tok *t = pp_next(s);
        rt_py_expr *r = or_level ? pp_andor(s, false) : pp_not(s);
        if (!r) {
            pp_expr_free(e);
            return NULL;
        }
        rt_py_expr *b = pp_new(or_level ? RT_PYE_OR : RT_PYE_AND, t, NULL);
        b->a = e;
        b->b = r;
        e = b;
    }
    return e;
}

static rt_py_expr *pp_expr(pp_state *s)
{
    if (pp_kw(s, "lambda")) {
        /* Kept opaque: a Python-side default=lambda: ... is no part of the
         * schema, and any use that matters refuses a value it cannot read. */
        const rt_py_tok *t = pp_peek(s);
        int depth = 0;
        while (pp_peek(s)->kind != RT_PY_END && pp_peek(s)->kind != RT_PY_NEWLINE) {
            if (depth == 0 && (pp_op(s, ",") || pp_op(s, ")") || pp_op(s, "]") || pp_op(s, "}")))
                break;
            const rt_py_tok *k = pp_next(s);
            if (pp_is(k, RT_PY_OP, "(") || pp_is(k, RT_PY_OP, "[") || pp_is(k, RT_PY_OP, "{"))
                depth++;
            else if (pp_is(k, RT_PY_OP, ")") || pp_is(k, RT_PY_OP, "]") || pp_is(k, RT_PY_OP, "}"))
                depth--;
        }
        return pp_new(RT_PYE_NAME, t, "<lambda>");
    }
    rt_py_expr *e = pp_andor(s, true);
    if (e && pp_kw(s, "if")) {
        pp_fail(s, "a conditional expression (x if c else y)");
        pp_expr_free(e);
        return NULL;
    }
    return e;
}

/* ---- statements ---- */

static rt_py_stmt *pp_stmt_new(rt_pys_kind kind, int line)
{
    rt_py_stmt *st = rt_xcalloc(1, sizeof *st);
    st->kind = kind;
    st->line = line;
    st->end_line = line;
    return st;
}

static void pp_block_push(rt_py_block *b, rt_py_stmt *st)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        b->v = rt_xrealloc(b->v, b->cap * sizeof *b->v);
    }
    b->v[b->n++] = st;
}

static void pp_stmt_free(rt_py_stmt *st)
{
    if (!st)
        return;
    free(st->name);
    pp_expr_free(st->value);
    rt_py_block_free(&st->body);
    rt_py_block_free(&st->orelse);
    free(st->why);
    free(st);
}

void rt_py_block_free(rt_py_block *b)
{
    for (size_t i = 0; i < b->n; i++)
        pp_stmt_free(b->v[i]);
    free(b->v);
    memset(b, 0, sizeof *b);
}

/* Line of the last token before position i. */
static int pp_last_line(const pp_state *s)
{
    size_t j = s->i;
    while (j > 0) {
        const rt_py_tok *t = &s->t->v[--j];
        if (t->kind != RT_PY_NEWLINE && t->kind != RT_PY_DEDENT && t->kind != RT_PY_INDENT)
            return t->end_line;
    }
    return 1;
}

/* Skips the rest of a logical line and, when an indented block follows,
 * that block. */
static void pp_skip_line_and_block(pp_state *s)
{
    while (pp_peek(s)->kind != RT_PY_NEWLINE && pp_peek(s)->kind != RT_PY_END)
        pp_next(s);
    pp_next(s);
    if (pp_peek(s)->kind == RT_PY_INDENT) {
        int depth = 0;
        do {
            const rt_py_tok *t = pp_next(s);
            if (t->kind == RT_PY_INDENT)
                depth++;
            else if (t->kind == RT_PY_DEDENT)
                depth--;
            else if (t->kind == RT_PY_END)
                break;
        } while (depth > 0);
    }
}

/* A statement outside the subset, skipped with the clauses that belong to
 * it (elif/else, except/finally). */
static rt_py_stmt *pp_other(pp_state *s, int line, const char *why, const char *const *clauses)
{
    pp_skip_line_and_block(s);
    for (bool more = clauses != NULL; more;) {
        more = false;
        for (int i = 0; clauses[i]; i++)
            if (pp_kw(s, clauses[i])) {
                pp_skip_line_and_block(s);
                more = true;
                break;
            }
    }
    rt_py_stmt *st = pp_stmt_new(RT_PYS_OTHER, line);
    st->why = rt_xstrdup(why);
    st->end_line = pp_last_line(s);
    return st;
}

static int pp_block(pp_state *s, rt_py_block *out, rt_error *err);
static rt_py_stmt *pp_statement(pp_state *s, rt_error *err);

/* ':' then either a simple statement on the same line or NEWLINE INDENT
 * statements DEDENT. */
static int pp_suite(pp_state *s, rt_py_block *out, rt_error *err)
{
    if (!pp_op(s, ":")) {
        const rt_py_tok *t = pp_peek(s);
        return rt_error_at(err, RT_EPARSE, s->path, t->line, t->col, "expected ':'");
    }
    pp_next(s);
    if (pp_peek(s)->kind != RT_PY_NEWLINE) {
        rt_py_stmt *st = pp_statement(s, err);
        if (!st)
            return err->code;
        pp_block_push(out, st);
        return RT_OK;
    }
    pp_next(s);
    if (pp_peek(s)->kind != RT_PY_INDENT) {
        const rt_py_tok *t = pp_peek(s);
        return rt_error_at(err, RT_EPARSE, s->path, t->line, t->col,
                           "expected an indented block");
    }
    pp_next(s);
    int rc = pp_block(s, out, err);
    if (rc != RT_OK)
        return rc;
    pp_next(s); /* DEDENT */
    return RT_OK;
}

/* An expression in a statement header or a simple statement; on failure the
 * statement becomes RT_PYS_OTHER. */
static rt_py_expr *pp_stmt_expr(pp_state *s)
{
    free(s->fail);
    s->fail = NULL;
    return pp_expr(s);
}

static rt_py_stmt *pp_other_expr(pp_state *s, int line, const char *const *clauses)
{
    char *why = rt_xasprintf("Python the importer does not read (%s)",
                             s->fail ? s->fail : "syntax");
    rt_py_stmt *st = pp_other(s, line, why, clauses);
    free(why);
    return st;
}

static rt_py_stmt *pp_if(pp_state *s, int line, rt_error *err)
{
    static const char *const clauses[] = { "elif", "else", NULL };
    pp_next(s); /* if / elif */
    rt_py_expr *cond = pp_stmt_expr(s);
    if (!cond || !pp_op(s, ":")) {
        pp_expr_free(cond);
        return pp_other_expr(s, line, clauses);
    }
    rt_py_stmt *st = pp_stmt_new(RT_PYS_IF, line);
    st->value = cond;
    if (pp_suite(s, &st->body, err) != RT_OK) {
        pp_stmt_free(st);
        return NULL;
    }
    if (pp_kw(s, "elif")) {
        rt_py_stmt *e = pp_if(s, pp_peek(s)->line, err);
        if (!e) {
            pp_stmt_free(st);
            return NULL;
        }
        pp_block_push(&st->orelse, e);
    } else if (pp_kw(s, "else")) {
        pp_next(s);
        if (pp_suite(s, &st->orelse, err) != RT_OK) {
            pp_stmt_free(st);
            return NULL;
        }
    }
    st->end_line = pp_last_line(s);
    return st;
}

static rt_py_stmt *pp_statement(pp_state *s, rt_error *err)
{
    const rt_py_tok *t = pp_peek(s);
    int line = t->line;
    if (t->kind == RT_PY_NAME) {
        static const char *const try_clauses[] = { "except", "else", "finally", NULL };
        static const char *const loop_clauses[] = { "else", NULL };
        if (strcmp(t->text, "if") == 0)
            return pp_if(s, line, err);
        if (strcmp(t->text, "try") == 0)
            return pp_other(s, line, "try/except", try_clauses);
        if (strcmp(t->text, "for") == 0 || strcmp(t->text, "while") == 0)
            return pp_other(s, line, "a loop", loop_clauses);
        if (strcmp(t->text, "class") == 0)
            return pp_other(s, line, "a class definition", NULL);
        if (strcmp(t->text, "async") == 0 || strcmp(t->text, "match") == 0 ||
            strcmp(t->text, "return") == 0 || strcmp(t->text, "raise") == 0 ||
            strcmp(t->text, "global") == 0 || strcmp(t->text, "del") == 0 ||
            strcmp(t->text, "assert") == 0 || strcmp(t->text, "nonlocal") == 0) {
            char *why = rt_xasprintf("a '%s' statement", t->text);
            rt_py_stmt *st = pp_other(s, line, why, NULL);
            free(why);
            return st;
        }
        if (strcmp(t->text, "pass") == 0 || strcmp(t->text, "break") == 0 ||
            strcmp(t->text, "continue") == 0) {
            rt_py_stmt *st = pp_stmt_new(strcmp(t->text, "pass") == 0 ? RT_PYS_PASS
                                                                       : RT_PYS_OTHER,
                                         line);
            if (st->kind == RT_PYS_OTHER)
                st->why = rt_xasprintf("a '%s' statement", t->text);
            pp_skip_line_and_block(s);
            return st;
        }
        if (strcmp(t->text, "import") == 0 || strcmp(t->text, "from") == 0) {
            pp_skip_line_and_block(s);
            rt_py_stmt *st = pp_stmt_new(RT_PYS_IMPORT, line);
            st->end_line = pp_last_line(s);
            return st;
        }
        if (strcmp(t->text, "def") == 0) {
            pp_next(s);
            const rt_py_tok *n = pp_next(s);
            rt_py_stmt *st = pp_stmt_new(RT_PYS_DEF, line);
            st->name = rt_xstrdup(n->text);
            /* The signature does not matter: skip to the ':' of the header. */
            int depth = 0;
            while (pp_peek(s)->kind != RT_PY_END && pp_peek(s)->kind != RT_PY_NEWLINE) {
                if (depth == 0 && pp_op(s, ":"))
                    break;
                const rt_py_tok *k = pp_next(s);
                if (pp_is(k, RT_PY_OP, "(") || pp_is(k, RT_PY_OP, "["))
                    depth++;
                else if (pp_is(k, RT_PY_OP, ")") || pp_is(k, RT_PY_OP, "]"))
                    depth--;
            }
            if (pp_suite(s, &st->body, err) != RT_OK) {
                pp_stmt_free(st);
                return NULL;
            }
            st->end_line = pp_last_line(s);
            return st;
        }
        if (strcmp(t->text, "with") == 0) {
            pp_next(s);
            rt_py_expr *ctx = pp_stmt_expr(s);
            if (!ctx || pp_op(s, ",")) {
                if (ctx)
                    pp_fail(s, "several context managers in one 'with'");
                pp_expr_free(ctx);
                return pp_other_expr(s, line, NULL);
            }
            rt_py_stmt *st = pp_stmt_new(RT_PYS_WITH, line);
            st->value = ctx;
            if (pp_kw(s, "as")) {
                pp_next(s);
                const rt_py_tok *n = pp_next(s);
                if (n->kind != RT_PY_NAME) {
                    pp_stmt_free(st);
                    pp_fail(s, "'with ... as' a target that is not a plain name");
                    return pp_other_expr(s, line, NULL);
                }
                st->name = rt_xstrdup(n->text);
            }
            if (pp_suite(s, &st->body, err) != RT_OK) {
                pp_stmt_free(st);
                return NULL;
            }
            st->end_line = pp_last_line(s);
            return st;
        }
    }
    /* Simple statement: an expression, maybe an assignment. */
    rt_py_expr *e = pp_stmt_expr(s);
    if (!e)
        return pp_other_expr(s, line, NULL);
    rt_py_stmt *st = NULL;
    if (pp_op(s, ":") && e->kind == RT_PYE_NAME) { /* annotated assignment */
        pp_next(s);
        rt_py_expr *ann = pp_expr(s);
        pp_expr_free(ann);
        st = pp_stmt_new(RT_PYS_ASSIGN, line);
        st->name = rt_xstrdup(e->s);
        pp_expr_free(e);
        if (ann && pp_op(s, "=")) {
            pp_next(s);
            st->value = pp_expr(s);
            if (!st->value) {
                pp_stmt_free(st);
                return pp_other_expr(s, line, NULL);
            }
        } else if (!ann) {
            pp_stmt_free(st);
            return pp_other_expr(s, line, NULL);
        }
    } else if (pp_op(s, "=")) {
        if (e->kind != RT_PYE_NAME) {
            pp_expr_free(e);
            pp_fail(s, "an assignment to something else than a plain name");
            return pp_other_expr(s, line, NULL);
        }
        pp_next(s);
        st = pp_stmt_new(RT_PYS_ASSIGN, line);
        st->name = rt_xstrdup(e->s);
        pp_expr_free(e);
        st->value = pp_expr(s);
        if (!st->value || pp_op(s, "=")) {
            if (st->value)
                pp_fail(s, "a chained assignment");
            pp_stmt_free(st);
            return pp_other_expr(s, line, NULL);
        }
    } else {
        st = pp_stmt_new(e->kind == RT_PYE_STR ? RT_PYS_PASS : RT_PYS_EXPR, line);
        st->value = e;
    }
    if (pp_op(s, ";") || pp_peek(s)->kind != RT_PY_NEWLINE) {
        pp_stmt_free(st);
        pp_fail(s, pp_op(s, ";") ? "several statements on one line"
                                 : "an operator the importer does not read");
        return pp_other_expr(s, line, NULL);
    }
    pp_next(s); /* NEWLINE */
    st->end_line = pp_last_line(s);
    return st;
}

static int pp_block(pp_state *s, rt_py_block *out, rt_error *err)
{
    while (pp_peek(s)->kind != RT_PY_DEDENT && pp_peek(s)->kind != RT_PY_END) {
        if (pp_peek(s)->kind == RT_PY_NEWLINE) {
            pp_next(s);
            continue;
        }
        if (pp_peek(s)->kind == RT_PY_INDENT) {
            const rt_py_tok *t = pp_peek(s);
            return rt_error_at(err, RT_EPARSE, s->path, t->line, t->col, "unexpected indent");
        }
        rt_py_stmt *st = pp_statement(s, err);
        if (!st)
            return err->code;
        pp_block_push(out, st);
    }
    return RT_OK;
}

int rt_py_parse(rt_py_block *out, const rt_py_toks *toks, const char *path, rt_error *err)
{
    memset(out, 0, sizeof *out);
    pp_state s = { .t = toks, .path = path };
    int rc = pp_block(&s, out, err);
    free(s.fail);
    if (rc == RT_OK && pp_peek(&s)->kind != RT_PY_END) {
        const rt_py_tok *t = pp_peek(&s);
        rc = rt_error_at(err, RT_EPARSE, path, t->line, t->col, "unexpected dedent");
    }
    if (rc != RT_OK)
        rt_py_block_free(out);
    return rc;
}

char *rt_py_dotted(const rt_py_expr *e)
{
    if (!e)
        return NULL;
    if (e->kind == RT_PYE_NAME)
        return rt_xstrdup(e->s);
    if (e->kind != RT_PYE_ATTR)
        return NULL;
    char *left = rt_py_dotted(e->a);
    if (!left)
        return NULL;
    char *r = rt_xasprintf("%s.%s", left, e->s);
    free(left);
    return r;
}

const rt_py_expr *rt_py_kw(const rt_py_expr *call, const char *name)
{
    for (size_t i = 0; i < call->nkw; i++)
        if (strcmp(call->kwnames[i], name) == 0)
            return call->kwvals[i];
    return NULL;
}
