#include "alembic_lex.h"
#include "utf8.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PL_MAX_INDENT 100

typedef struct pl_state {
    const char *src, *end, *p;
    const char *path;
    int line;
    const char *line_start;
    int depth;                  /* open brackets */
    int indents[PL_MAX_INDENT]; /* columns of the open blocks; [0] = 0 */
    int nindent;
    rt_py_toks *out;
} pl_state;

static rt_py_tok *pl_push(pl_state *s, rt_py_kind kind, int line, int col, char *text)
{
    rt_py_toks *t = s->out;
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 256;
        t->v = rt_xrealloc(t->v, t->cap * sizeof *t->v);
    }
    rt_py_tok *k = &t->v[t->n++];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->line = line;
    k->end_line = line;
    k->col = col;
    k->text = text ? text : rt_xstrdup("");
    return k;
}

static int pl_col(const pl_state *s, const char *at)
{
    return (int)(at - s->line_start) + 1;
}

static bool pl_name_start(unsigned char c)
{
    return isalpha(c) || c == '_' || c >= 0x80;
}

static bool pl_name_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c >= 0x80;
}

/* Decodes one escape after the backslash at *pp (non-raw strings). */
static void pl_escape(pl_state *s, const char **pp, rt_buf *b, bool bytes)
{
    const char *p = *pp;
    char c = *p++;
    unsigned long cp;
    switch (c) {
    case '\n':
        s->line++;
        s->line_start = p;
        break;
    case '\\': rt_buf_putc(b, '\\'); break;
    case '\'': rt_buf_putc(b, '\''); break;
    case '"': rt_buf_putc(b, '"'); break;
    case 'a': rt_buf_putc(b, '\a'); break;
    case 'b': rt_buf_putc(b, '\b'); break;
    case 'f': rt_buf_putc(b, '\f'); break;
    case 'n': rt_buf_putc(b, '\n'); break;
    case 'r': rt_buf_putc(b, '\r'); break;
    case 't': rt_buf_putc(b, '\t'); break;
    case 'v': rt_buf_putc(b, '\v'); break;
    case 'x':
        if (p + 2 <= s->end && rt_hex_value(p, 2, &cp) == 0) {
            if (bytes)
                rt_buf_putc(b, (char)cp);
            else
                rt_utf8_put(b, cp);
            p += 2;
        } else {
            rt_buf_append(b, "\\x");
        }
        break;
    case 'u':
    case 'U': {
        int n = c == 'u' ? 4 : 8;
        if (!bytes && p + n <= s->end && rt_hex_value(p, n, &cp) == 0) {
            rt_utf8_put(b, cp);
            p += n;
        } else {
            rt_buf_putc(b, '\\');
            rt_buf_putc(b, c);
        }
        break;
    }
    default:
        if (c >= '0' && c <= '7') {
            unsigned long v = (unsigned long)(c - '0');
            for (int i = 0; i < 2 && p < s->end && *p >= '0' && *p <= '7'; i++)
                v = v * 8 + (unsigned long)(*p++ - '0');
            if (bytes)
                rt_buf_putc(b, (char)v);
            else
                rt_utf8_put(b, v);
        } else {
            /* Python keeps unknown escapes as written. */
            rt_buf_putc(b, '\\');
            rt_buf_putc(b, c);
        }
    }
    *pp = p;
}

/* A string starting at the prefix at `start`; s->p is at the opening quote. */
static int pl_string(pl_state *s, const char *start, const char *prefix, size_t plen,
                     rt_error *err)
{
    bool raw = false, bytes = false, fmt = false;
    for (size_t i = 0; i < plen; i++) {
        char c = (char)tolower((unsigned char)prefix[i]);
        raw |= c == 'r';
        bytes |= c == 'b';
        fmt |= c == 'f';
    }
    int line = s->line, col = pl_col(s, start);
    char q = *s->p;
    bool triple = s->p + 2 < s->end && s->p[1] == q && s->p[2] == q;
    s->p += triple ? 3 : 1;
    rt_buf b = RT_BUF_INIT;
    bool placeholder = false;
    for (;;) {
        if (s->p >= s->end) {
            rt_buf_free(&b);
            return rt_error_at(err, RT_EPARSE, s->path, line, col, "unterminated string");
        }
        char c = *s->p;
        if (c == q && (!triple || (s->p + 2 < s->end && s->p[1] == q && s->p[2] == q))) {
            s->p += triple ? 3 : 1;
            break;
        }
        if (c == '\n') {
            if (!triple) {
                rt_buf_free(&b);
                return rt_error_at(err, RT_EPARSE, s->path, line, col,
                                   "unterminated string (a newline before its closing quote)");
            }
            rt_buf_putc(&b, c);
            s->p++;
            s->line++;
            s->line_start = s->p;
            continue;
        }
        if (c == '\\' && s->p + 1 < s->end) {
            if (raw) {
                /* A raw string keeps the backslash, but it still protects the
                 * quote after it. */
                rt_buf_putc(&b, '\\');
                rt_buf_putc(&b, s->p[1]);
                if (s->p[1] == '\n') {
                    s->line++;
                    s->line_start = s->p + 2;
                }
                s->p += 2;
            } else {
                s->p++;
                pl_escape(s, &s->p, &b, bytes);
            }
            continue;
        }
        if (fmt && (c == '{' || c == '}')) {
            if (s->p + 1 < s->end && s->p[1] == c) {
                rt_buf_putc(&b, c);
                s->p += 2;
                continue;
            }
            if (c == '{')
                placeholder = true;
        }
        rt_buf_putc(&b, c);
        s->p++;
    }
    rt_py_tok *t = pl_push(s, RT_PY_STRING, line, col, rt_buf_steal(&b));
    t->end_line = s->line;
    t->flags = (bytes ? RT_PY_STR_BYTES : 0) | (placeholder ? RT_PY_STR_FORMAT : 0);
    return RT_OK;
}

static const char *const pl_ops3[] = { "**=", "//=", ">>=", "<<=", "...", NULL };
static const char *const pl_ops2[] = { "==", "!=", "<=", ">=", "->", "**", "//", "+=", "-=",
                                       "*=", "/=", ":=", "<<", ">>", "%=", "&=", "|=", "^=",
                                       "@=", NULL };
static const char pl_ops1[] = "()[]{},:.;=+-*/%<>&|^~@";

/* Indentation at the start of a logical line: INDENT/DEDENT tokens. */
static int pl_indent(pl_state *s, int width, rt_error *err)
{
    int top = s->indents[s->nindent - 1];
    if (width > top) {
        if (s->nindent == PL_MAX_INDENT)
            return rt_error_at(err, RT_EPARSE, s->path, s->line, width + 1,
                               "blocks nested too deeply");
        s->indents[s->nindent++] = width;
        pl_push(s, RT_PY_INDENT, s->line, width + 1, NULL);
        return RT_OK;
    }
    while (width < s->indents[s->nindent - 1]) {
        s->nindent--;
        pl_push(s, RT_PY_DEDENT, s->line, width + 1, NULL);
    }
    if (width != s->indents[s->nindent - 1])
        return rt_error_at(err, RT_EPARSE, s->path, s->line, width + 1,
                           "unindent does not match any outer indentation level");
    return RT_OK;
}

int rt_py_tokenize(rt_py_toks *out, const char *path, const char *src, size_t len,
                   rt_error *err)
{
    pl_state s = { .src = src, .end = src + len, .p = src, .path = path, .line = 1,
                   .line_start = src, .nindent = 1, .out = out };
    bool at_line_start = true;
    while (s.p < s.end) {
        if (at_line_start && s.depth == 0) {
            int width = 0;
            const char *q = s.p;
            while (q < s.end && (*q == ' ' || *q == '\t' || *q == '\f')) {
                width = *q == '\t' ? (width / 8 + 1) * 8 : *q == ' ' ? width + 1 : 0;
                q++;
            }
            s.p = q;
            if (q >= s.end)
                break;
            if (*q == '#' || *q == '\n' || *q == '\r') {
                while (s.p < s.end && *s.p != '\n')
                    s.p++;
                if (s.p < s.end) {
                    s.p++;
                    s.line++;
                    s.line_start = s.p;
                }
                continue; /* blank or comment-only line */
            }
            int rc = pl_indent(&s, width, err);
            if (rc != RT_OK)
                return rc;
            at_line_start = false;
        }
        char c = *s.p;
        if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
            s.p++;
            continue;
        }
        if (c == '#') {
            while (s.p < s.end && *s.p != '\n')
                s.p++;
            continue;
        }
        if (c == '\\' && s.p + 1 < s.end && (s.p[1] == '\n' || s.p[1] == '\r')) {
            s.p++;
            if (*s.p == '\r')
                s.p++;
            if (s.p < s.end && *s.p == '\n')
                s.p++;
            s.line++;
            s.line_start = s.p;
            continue;
        }
        if (c == '\n') {
            if (s.depth == 0) {
                pl_push(&s, RT_PY_NEWLINE, s.line, pl_col(&s, s.p), NULL);
                at_line_start = true;
            }
            s.p++;
            s.line++;
            s.line_start = s.p;
            continue;
        }
        const char *start = s.p;
        int col = pl_col(&s, start);
        if (pl_name_start((unsigned char)c)) {
            while (s.p < s.end && pl_name_char((unsigned char)*s.p))
                s.p++;
            size_t n = (size_t)(s.p - start);
            if (n <= 2 && s.p < s.end && (*s.p == '\'' || *s.p == '"') &&
                strspn(start, "rRbBuUfF") >= n) {
                int rc = pl_string(&s, start, start, n, err);
                if (rc != RT_OK)
                    return rc;
                continue;
            }
            pl_push(&s, RT_PY_NAME, s.line, col, rt_xstrndup(start, n));
            continue;
        }
        if (c == '\'' || c == '"') {
            int rc = pl_string(&s, start, start, 0, err);
            if (rc != RT_OK)
                return rc;
            continue;
        }
        if (isdigit((unsigned char)c) ||
            (c == '.' && s.p + 1 < s.end && isdigit((unsigned char)s.p[1]))) {
            while (s.p < s.end) {
                char d = *s.p;
                if ((d == '+' || d == '-') && (s.p[-1] == 'e' || s.p[-1] == 'E') &&
                    !(start[0] == '0' && s.p - start > 1 &&
                      (start[1] == 'x' || start[1] == 'X'))) {
                    s.p++;
                    continue;
                }
                if (!isalnum((unsigned char)d) && d != '_' && d != '.')
                    break;
                s.p++;
            }
            pl_push(&s, RT_PY_NUMBER, s.line, col, rt_xstrndup(start, (size_t)(s.p - start)));
            continue;
        }
        const char *op = NULL;
        size_t oplen = 0;
        for (int i = 0; pl_ops3[i] && !op; i++)
            if ((size_t)(s.end - s.p) >= 3 && memcmp(s.p, pl_ops3[i], 3) == 0)
                op = pl_ops3[i], oplen = 3;
        for (int i = 0; pl_ops2[i] && !op; i++)
            if ((size_t)(s.end - s.p) >= 2 && memcmp(s.p, pl_ops2[i], 2) == 0)
                op = pl_ops2[i], oplen = 2;
        if (!op && strchr(pl_ops1, c) && c != '\0') {
            op = s.p;
            oplen = 1;
        }
        if (!op)
            return rt_error_at(err, RT_EPARSE, path, s.line, col,
                               "unexpected character '%c' in Python code", c);
        if (oplen == 1 && (c == '(' || c == '[' || c == '{'))
            s.depth++;
        if (oplen == 1 && (c == ')' || c == ']' || c == '}')) {
            if (s.depth == 0)
                return rt_error_at(err, RT_EPARSE, path, s.line, col, "unmatched '%c'", c);
            s.depth--;
        }
        pl_push(&s, RT_PY_OP, s.line, col, rt_xstrndup(start, oplen));
        s.p += oplen;
    }
    if (s.depth > 0)
        return rt_error_at(err, RT_EPARSE, path, s.line, pl_col(&s, s.p),
                           "the file ends inside an open bracket");
    if (out->n > 0 && out->v[out->n - 1].kind != RT_PY_NEWLINE &&
        out->v[out->n - 1].kind != RT_PY_DEDENT)
        pl_push(&s, RT_PY_NEWLINE, s.line, pl_col(&s, s.p), NULL);
    while (s.nindent > 1) {
        s.nindent--;
        pl_push(&s, RT_PY_DEDENT, s.line, 1, NULL);
    }
    pl_push(&s, RT_PY_END, s.line, pl_col(&s, s.p), NULL);
    return RT_OK;
}

void rt_py_toks_free(rt_py_toks *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->v[i].text);
    free(t->v);
    memset(t, 0, sizeof *t);
}
