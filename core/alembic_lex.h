/* Tokenizer of the Python subset that Alembic revision files are written in
 * (`retort import-alembic` reads them without running Python).
 *
 * It follows Python's own lexical rules: NEWLINE ends a logical line only
 * outside brackets, a backslash at the end of a line joins it with the next,
 * INDENT/DEDENT come from the indentation of each logical line, blank and
 * comment-only lines do not count. Strings of every form are decoded: '...',
 * "...", triple-quoted, with the r/b/u/f prefixes (any case, combined);
 * implicit concatenation of adjacent strings is the parser's job.
 */
#ifndef RT_ALEMBIC_LEX_H
#define RT_ALEMBIC_LEX_H

#include "rt_error.h"
#include "rt_mem.h"

#include <stddef.h>

typedef enum rt_py_kind {
    RT_PY_END,
    RT_PY_NEWLINE,
    RT_PY_INDENT,
    RT_PY_DEDENT,
    RT_PY_NAME,   /* identifier or keyword, as written */
    RT_PY_NUMBER, /* as written: 42, 0x1f, 1_000, 1.5e3, 2j */
    RT_PY_STRING, /* text holds the decoded value */
    RT_PY_OP      /* operator or delimiter: ( ) == -> ** ... */
} rt_py_kind;

enum {
    RT_PY_STR_BYTES = 1,  /* b'' */
    RT_PY_STR_FORMAT = 2, /* f'' with a {placeholder}: a value computed in Python */
};

typedef struct rt_py_tok {
    rt_py_kind kind;
    int line, col;   /* where it starts, 1-based (col counts bytes) */
    int end_line;    /* line of its last character (triple-quoted strings span lines) */
    unsigned flags;  /* RT_PY_STR_* */
    char *text;      /* owned; "" for NEWLINE/INDENT/DEDENT/END */
} rt_py_tok;

typedef struct rt_py_toks {
    rt_py_tok *v;
    size_t n, cap;
} rt_py_toks;

/* Tokenizes src (len bytes) into out (empty, caller frees with
 * rt_py_toks_free, also after an error). A lexical error (unterminated
 * string, bad dedent, stray character) is RT_EPARSE "path:line:col: ...". */
int rt_py_tokenize(rt_py_toks *out, const char *path, const char *src, size_t len,
                   rt_error *err);
void rt_py_toks_free(rt_py_toks *t);

#endif
