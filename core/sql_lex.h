/* Tokenizer of the portable SQL (docs/portable-sql.md).
 *
 * Tokens are spans of the source (nothing is copied), with the 1-based line
 * and column where they start; columns count characters, not bytes.
 * Comments (line and block) and white space are skipped. Backtick-quoted names
 * are MySQL-only and therefore an error.
 */
#ifndef RT_SQL_LEX_H
#define RT_SQL_LEX_H

#include "rt_error.h"
#include "rt_mem.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum rt_tok_kind {
    RT_TOK_EOF,
    RT_TOK_WORD,   /* unquoted identifier or keyword, case as written */
    RT_TOK_QIDENT, /* "quoted identifier" ("" inside stands for ") */
    RT_TOK_STRING, /* 'string' ('' inside stands for '), also E'...' */
    RT_TOK_NUMBER, /* 42, 1.5, .5, 1e10 (unsigned) */
    RT_TOK_DOLLAR, /* $$ ... $$ or $tag$ ... $tag$ */
    RT_TOK_PUNCT   /* operator or punctuation: ( ) , ; . :: <= ... */
} rt_tok_kind;

typedef struct rt_token {
    rt_tok_kind kind;
    size_t start, len; /* span in the source, quotes included */
    int line, col;     /* where it starts, 1-based */
} rt_token;

typedef struct rt_lexer {
    const char *src;
    size_t pos;
    int line, col;
} rt_lexer;

/* Lines count from first_line. src is borrowed for the lexer's life. */
void rt_lex_init(rt_lexer *lx, const char *src, int first_line);

/* Next token (RT_TOK_EOF at the end, positioned there). On a lexical error
 * (unterminated quote or comment, backtick) returns RT_EPARSE with a message
 * without position; *tok then holds the position of the offending text. */
int rt_lex_next(rt_lexer *lx, rt_token *tok, rt_error *err);

/* Case-insensitive comparison of a WORD token with an upper-case keyword. */
bool rt_tok_is_kw(const char *src, const rt_token *tok, const char *kw);

/* True when s is exactly a numeric literal as this lexer reads one, with an
 * optional sign: 42, -3, 1.50, .5, 2e-3. Reflection uses it to tell a
 * number the catalog hands back from an expression. */
bool rt_sql_is_number(const char *s);

/* The value a QIDENT, STRING or WORD token denotes (quotes removed, doubled
 * quotes undone); caller frees. */
char *rt_tok_text(const char *src, const rt_token *tok);

/* Whether a WORD or QIDENT token names the column name: an unquoted word
 * regardless of case (every backend resolves one so: PostgreSQL folds it,
 * MySQL and SQLite ignore case in column names), a quoted name exactly.
 * The one rule for "does this CHECK use that column" (schema replay,
 * SQLite rebuild): two scanners that disagreed left a CHECK (AGE > 0)
 * behind when column age was dropped. */
bool rt_tok_names(const char *src, const rt_token *tok, const char *name);

/* Whether some token of expr (a CHECK expression) names the column. */
bool rt_sql_expr_mentions(const char *expr, const char *name);

#endif
