/* Tokenizer of the portable SQL (see sql_lex.h). */
#include "sql_lex.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void rt_lex_init(rt_lexer *lx, const char *src, int first_line)
{
    lx->src = src;
    lx->pos = 0;
    lx->line = first_line > 0 ? first_line : 1;
    lx->col = 1;
}

static char lx_peek(const rt_lexer *lx, size_t ahead)
{
    /* never reads past the NUL: each earlier byte was checked non-NUL */
    for (size_t i = 0; i < ahead; i++)
        if (lx->src[lx->pos + i] == '\0')
            return '\0';
    return lx->src[lx->pos + ahead];
}

static void lx_advance(rt_lexer *lx)
{
    unsigned char ch = (unsigned char)lx->src[lx->pos];
    if (ch == '\0')
        return;
    lx->pos++;
    if (ch == '\n') {
        lx->line++;
        lx->col = 1;
    } else if ((ch & 0xC0) != 0x80) {
        lx->col++; /* UTF-8 continuation bytes belong to the character before */
    }
}

static bool lx_word_start(char c)
{
    return isalpha((unsigned char)c) || c == '_' || (unsigned char)c >= 0x80;
}

static bool lx_word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '$' || (unsigned char)c >= 0x80;
}

/* Skips white space and comments; an unterminated block comment is an error. */
static int lx_skip(rt_lexer *lx, rt_token *tok, rt_error *err)
{
    for (;;) {
        char c = lx_peek(lx, 0);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            lx_advance(lx);
        } else if (c == '-' && lx_peek(lx, 1) == '-') {
            while (lx_peek(lx, 0) && lx_peek(lx, 0) != '\n')
                lx_advance(lx);
        } else if (c == '/' && lx_peek(lx, 1) == '*') {
            tok->line = lx->line;
            tok->col = lx->col;
            tok->start = lx->pos;
            lx_advance(lx);
            lx_advance(lx);
            int depth = 1; /* PostgreSQL nests block comments */
            while (depth > 0) {
                char d = lx_peek(lx, 0);
                if (d == '\0')
                    return rt_error_set(err, RT_EPARSE, "unterminated /* comment.");
                if (d == '*' && lx_peek(lx, 1) == '/') {
                    depth--;
                    lx_advance(lx);
                } else if (d == '/' && lx_peek(lx, 1) == '*') {
                    depth++;
                    lx_advance(lx);
                }
                lx_advance(lx);
            }
        } else {
            return RT_OK;
        }
    }
}

/* Quoted run ending at an undoubled q; backslash escapes when bs. */
static bool lx_quoted(rt_lexer *lx, char q, bool bs)
{
    lx_advance(lx); /* opening quote */
    for (;;) {
        char c = lx_peek(lx, 0);
        if (c == '\0')
            return false;
        if (bs && c == '\\' && lx_peek(lx, 1) != '\0') {
            lx_advance(lx);
            lx_advance(lx);
            continue;
        }
        lx_advance(lx);
        if (c == q) {
            if (lx_peek(lx, 0) != q)
                return true;
            lx_advance(lx);
        }
    }
}

/* At '$': a dollar quote $tag$...$tag$, or false when this '$' opens none. */
static int lx_dollar(rt_lexer *lx, bool *is_quote, rt_error *err)
{
    size_t i = 1;
    const char *s = lx->src + lx->pos;
    if (lx_word_start(s[i]) && s[i] != '$') {
        while (isalnum((unsigned char)s[i]) || s[i] == '_')
            i++;
    }
    *is_quote = s[i] == '$';
    if (!*is_quote)
        return RT_OK;
    size_t taglen = i + 1;
    for (size_t k = 0; k < taglen; k++)
        lx_advance(lx);
    for (;;) {
        if (lx_peek(lx, 0) == '\0')
            return rt_error_set(err, RT_EPARSE, "unterminated dollar-quoted string.");
        if (strncmp(lx->src + lx->pos, s, taglen) == 0) {
            for (size_t k = 0; k < taglen; k++)
                lx_advance(lx);
            return RT_OK;
        }
        lx_advance(lx);
    }
}

int rt_lex_next(rt_lexer *lx, rt_token *tok, rt_error *err)
{
    int rc = lx_skip(lx, tok, err);
    if (rc != RT_OK) {
        tok->kind = RT_TOK_EOF;
        tok->len = 0;
        return rc;
    }
    tok->start = lx->pos;
    tok->line = lx->line;
    tok->col = lx->col;
    tok->len = 0;
    char c = lx_peek(lx, 0);
    if (c == '\0') {
        tok->kind = RT_TOK_EOF;
        return RT_OK;
    }
    if ((c == 'E' || c == 'e') && lx_peek(lx, 1) == '\'') {
        lx_advance(lx);
        tok->kind = RT_TOK_STRING;
        if (!lx_quoted(lx, '\'', true))
            return rt_error_set(err, RT_EPARSE, "unterminated string literal.");
    } else if (lx_word_start(c)) {
        tok->kind = RT_TOK_WORD;
        while (lx_word_char(lx_peek(lx, 0)))
            lx_advance(lx);
    } else if (c == '\'') {
        tok->kind = RT_TOK_STRING;
        if (!lx_quoted(lx, '\'', false))
            return rt_error_set(err, RT_EPARSE, "unterminated string literal.");
    } else if (c == '"') {
        tok->kind = RT_TOK_QIDENT;
        if (!lx_quoted(lx, '"', false))
            return rt_error_set(err, RT_EPARSE, "unterminated quoted identifier.");
        if (lx->pos - tok->start == 2)
            return rt_error_set(err, RT_EPARSE, "a quoted identifier cannot be empty.");
    } else if (c == '`') {
        tok->kind = RT_TOK_PUNCT;
        return rt_error_set(err, RT_EPARSE,
                            "backtick-quoted identifiers are MySQL-only and not portable; "
                            "write \"name\" instead.");
    } else if (isdigit((unsigned char)c) || (c == '.' && isdigit((unsigned char)lx_peek(lx, 1)))) {
        tok->kind = RT_TOK_NUMBER;
        bool dot = c == '.';
        if (dot)
            lx_advance(lx);
        while (isdigit((unsigned char)lx_peek(lx, 0)))
            lx_advance(lx);
        if (!dot && lx_peek(lx, 0) == '.' && lx_peek(lx, 1) != '.') {
            lx_advance(lx);
            while (isdigit((unsigned char)lx_peek(lx, 0)))
                lx_advance(lx);
        }
        char e = lx_peek(lx, 0);
        char e1 = lx_peek(lx, 1);
        if ((e == 'e' || e == 'E') &&
            (isdigit((unsigned char)e1) ||
             ((e1 == '+' || e1 == '-') && isdigit((unsigned char)lx_peek(lx, 2))))) {
            lx_advance(lx);
            lx_advance(lx);
            while (isdigit((unsigned char)lx_peek(lx, 0)))
                lx_advance(lx);
        }
    } else if (c == '$') {
        bool is_quote;
        tok->kind = RT_TOK_DOLLAR;
        rc = lx_dollar(lx, &is_quote, err);
        if (rc != RT_OK)
            return rc;
        if (!is_quote) {
            /* $1 parameters and the like: pass-through text only */
            tok->kind = RT_TOK_PUNCT;
            lx_advance(lx);
            while (isalnum((unsigned char)lx_peek(lx, 0)))
                lx_advance(lx);
        }
    } else {
        static const char *const two[] = { "::", "<=", ">=", "<>", "!=", "||", "->", "=>",
                                           ":=", "<<", ">>" };
        tok->kind = RT_TOK_PUNCT;
        size_t n = 1;
        if (c == '-' && lx_peek(lx, 1) == '>' && lx_peek(lx, 2) == '>')
            n = 3;
        else
            for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
                if (c == two[i][0] && lx_peek(lx, 1) == two[i][1])
                    n = 2;
        for (size_t i = 0; i < n; i++)
            lx_advance(lx);
    }
    tok->len = lx->pos - tok->start;
    return RT_OK;
}

bool rt_tok_is_kw(const char *src, const rt_token *tok, const char *kw)
{
    if (tok->kind != RT_TOK_WORD)
        return false;
    size_t n = strlen(kw);
    if (tok->len != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (toupper((unsigned char)src[tok->start + i]) != kw[i])
            return false;
    return true;
}

bool rt_tok_names(const char *src, const rt_token *tok, const char *name)
{
    if (tok->kind == RT_TOK_WORD)
        return strlen(name) == tok->len && strncasecmp(src + tok->start, name, tok->len) == 0;
    if (tok->kind != RT_TOK_QIDENT)
        return false;
    char *text = rt_tok_text(src, tok);
    bool same = strcmp(text, name) == 0;
    free(text);
    return same;
}

bool rt_sql_expr_mentions(const char *expr, const char *name)
{
    rt_lexer lx;
    rt_token tok;
    rt_error err;
    rt_lex_init(&lx, expr, 1);
    while (rt_lex_next(&lx, &tok, &err) == RT_OK && tok.kind != RT_TOK_EOF)
        if (rt_tok_names(expr, &tok, name))
            return true;
    return false;
}

char *rt_tok_text(const char *src, const rt_token *tok)
{
    const char *s = src + tok->start;
    if (tok->kind != RT_TOK_QIDENT && tok->kind != RT_TOK_STRING)
        return rt_xstrndup(s, tok->len);
    bool bs = false;
    size_t i = 0, end = tok->len - 1;
    if (s[0] == 'E' || s[0] == 'e') {
        bs = true;
        i = 1;
    }
    char q = s[i++];
    rt_buf b = RT_BUF_INIT;
    while (i < end) {
        char c = s[i];
        if (bs && c == '\\' && i + 1 < end) {
            char d = s[i + 1];
            rt_buf_putc(&b, d == 'n' ? '\n' : d == 't' ? '\t' : d == 'r' ? '\r' : d);
            i += 2;
            continue;
        }
        rt_buf_putc(&b, c);
        i += (c == q && s[i + 1] == q) ? 2 : 1;
    }
    return rt_buf_steal(&b);
}

bool rt_sql_is_number(const char *s)
{
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    bool digits = false;
    while (isdigit((unsigned char)*p)) {
        p++;
        digits = true;
    }
    if (*p == '.') {
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
            digits = true;
        }
    }
    if (digits && (*p == 'e' || *p == 'E')) {
        p++;
        if (*p == '-' || *p == '+')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return digits && *p == '\0';
}
