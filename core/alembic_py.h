/* Parser of the Python subset of Alembic revision files, over the tokens of
 * alembic_lex.h: module-level assignments, `def` bodies, expression
 * statements (calls with positional and keyword arguments, attributes,
 * lists, tuples, dicts, comparisons, and/or/not), local assignments,
 * `with EXPR as NAME:` and `if/elif/else`. Any other statement (loops,
 * try/except, nested defs, ...) or an expression outside the subset
 * (comprehensions, lambdas, unpacking) is kept as an RT_PYS_OTHER statement
 * with its line span and the reason, so that the importer can quote it.
 */
#ifndef RT_ALEMBIC_PY_H
#define RT_ALEMBIC_PY_H

#include "alembic_lex.h"

typedef enum rt_pye_kind {
    RT_PYE_NAME,    /* s = name (None/True/False included) */
    RT_PYE_STR,     /* s = value (implicit concatenation done), flags RT_PY_STR_* */
    RT_PYE_NUM,     /* s = as written */
    RT_PYE_ATTR,    /* a.s */
    RT_PYE_CALL,    /* a(items..., kwnames[i]=kwvals[i]...) */
    RT_PYE_SUB,     /* a[b] */
    RT_PYE_LIST,    /* [items] */
    RT_PYE_TUPLE,   /* (items) */
    RT_PYE_DICT,    /* {items[0]: items[1], ...} */
    RT_PYE_COMPARE, /* a s b, s in ==, !=, <, >, <=, >=, in, not in, is, is not */
    RT_PYE_NOT,     /* not a */
    RT_PYE_AND,     /* a and b */
    RT_PYE_OR,      /* a or b */
    RT_PYE_UNARY,   /* s a, s in -, +, ~ */
    RT_PYE_BINOP    /* a s b: arithmetic and bit operators */
} rt_pye_kind;

typedef struct rt_py_expr rt_py_expr;
struct rt_py_expr {
    rt_pye_kind kind;
    int line, col;
    unsigned flags;
    char *s;
    rt_py_expr *a, *b;
    rt_py_expr **items;
    size_t nitems;
    char **kwnames;
    rt_py_expr **kwvals;
    size_t nkw;
};

typedef enum rt_pys_kind {
    RT_PYS_EXPR,   /* value */
    RT_PYS_ASSIGN, /* name (= or annotated) value; value NULL for `x: int` */
    RT_PYS_WITH,   /* with value as name: body */
    RT_PYS_IF,     /* if value: body [else: orelse]; elif = an IF alone in orelse */
    RT_PYS_DEF,    /* def name(...): body */
    RT_PYS_PASS,   /* pass, a bare docstring, ... (nothing to do) */
    RT_PYS_IMPORT, /* import / from ... import */
    RT_PYS_OTHER   /* why says what it is */
} rt_pys_kind;

typedef struct rt_py_stmt rt_py_stmt;
typedef struct rt_py_block {
    rt_py_stmt **v;
    size_t n, cap;
} rt_py_block;

struct rt_py_stmt {
    rt_pys_kind kind;
    int line, end_line;  /* first and last source line of the whole statement */
    char *name;
    rt_py_expr *value;
    rt_py_block body, orelse;
    char *why;
};

/* Parses the tokens of a module into its statements (caller frees with
 * rt_py_block_free). Only a statement structure broken beyond recovery
 * (a block without its indented body) is an error, RT_EPARSE with
 * path:line:col; everything else the subset does not cover becomes
 * RT_PYS_OTHER. */
int rt_py_parse(rt_py_block *out, const rt_py_toks *toks, const char *path, rt_error *err);
void rt_py_block_free(rt_py_block *b);

/* The dotted name of a NAME/ATTR chain ("sa.Column", "op.f"), or NULL when e
 * is anything else; caller frees. */
char *rt_py_dotted(const rt_py_expr *e);
/* Keyword argument `name` of a call, NULL when absent. */
const rt_py_expr *rt_py_kw(const rt_py_expr *call, const char *name);

#endif
