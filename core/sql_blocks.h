/* `-- dialect:` blocks of a revision section (docs/portable-sql.md):
 *
 *   CREATE TABLE t (id INTEGER PRIMARY KEY);
 *   -- dialect: postgresql
 *   CREATE SEQUENCE t_seq;
 *   -- dialect: mysql, sqlite
 *   CREATE TABLE t_seq (n INTEGER);
 *   -- dialect: all
 *   INSERT INTO t (id) VALUES (1);
 *
 * A directive line limits the statements after it, up to the next directive
 * or the end of the section, to the backends it names (dialect names and
 * the aliases URLs accept, rt_backend_find); `all` lifts the limit.
 * A section is split at these lines before anything is lexed, so a block
 * for another backend may hold SQL only its backend reads: it is kept,
 * never parsed for this one.
 */
#ifndef RT_SQL_BLOCKS_H
#define RT_SQL_BLOCKS_H

#include "ops.h"

typedef struct rt_sql_block {
    char *text;          /* the block's lines, its directive line excluded */
    int line;            /* file line of the block's first line */
    int directive_line;  /* line of the directive opening it; 0 for the
                            block before the first directive */
    rt_strv dialects;    /* canonical dialect names; empty: every backend */
} rt_sql_block;

/* Owns its blocks and everything in them. */
typedef struct rt_sql_blocks {
    rt_sql_block *items;
    size_t n;
} rt_sql_blocks;

#define RT_SQL_BLOCKS_INIT { NULL, 0 }

/* Splits text (lines counted from first_line) into blocks; there is always
 * a first block, the text before any directive (possibly empty), so n > 1
 * exactly when text holds a directive. A directive naming no backend, an
 * unknown one, or `all` together with others: RT_EPARSE
 * "path:line:col: ..." and out is left empty. */
int rt_sql_blocks_split(rt_sql_blocks *out, const char *text, const char *path, int first_line,
                        rt_error *err);
void rt_sql_blocks_free(rt_sql_blocks *b);

/* True when the block's statements run on dialect (a canonical name). */
bool rt_sql_block_applies(const rt_sql_block *b, const char *dialect);

/* rt_sql_parse of the blocks of text that apply to dialect, in order.
 * Before a directive the statements of an applying block must have ended
 * with ';' (a directive cannot cut a statement in two). */
int rt_sql_parse_for(rt_oplist *out, const char *text, const char *path, int first_line,
                     const char *dialect, rt_error *err);

#endif
