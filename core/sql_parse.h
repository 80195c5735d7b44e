/* The portable-SQL parser (docs/portable-sql.md).
 *
 * Statements whose leading keywords are modelled (CREATE TABLE, ALTER TABLE,
 * DROP TABLE, CREATE [UNIQUE] INDEX, DROP INDEX) must parse completely or
 * they are an error with a position. Every other statement (INSERT, UPDATE,
 * CREATE VIEW/TRIGGER, ...) becomes an RT_OP_RAW op, passed through verbatim;
 * so does, in a `-- dialect:` block naming its backends only, an ALTER TABLE
 * of table options alone (rt_sql_parse_blocks). DELIMITER is an error.
 * Statements end at ';' outside quotes, comments, dollar quotes ($$...$$) and
 * CREATE TRIGGER ... BEGIN ... END bodies.
 */
#ifndef RT_SQL_PARSE_H
#define RT_SQL_PARSE_H

#include "ops.h"

/* Appends the operations of text to out. path and first_line only serve
 * positions: line numbers in text are counted from first_line. On error
 * returns RT_EPARSE with "path:line:col: message" and out holds nothing new. */
int rt_sql_parse(rt_oplist *out, const char *text, const char *path, int first_line,
                 rt_error *err);

/* Lines first..last (inclusive) of a `-- dialect:` block that names its
 * backends (sql_blocks.h). */
typedef struct rt_sql_lines {
    int first, last;
} rt_sql_lines;

/* rt_sql_parse, where a statement starting on the lines of backend_only[0..n)
 * is for the backends its block names: there an ALTER TABLE whose actions
 * are all table options that retort does not model (ENGINE=, ROW_FORMAT=,
 * OWNER TO, SET (...), ...) becomes RT_OP_RAW, verbatim, instead of an
 * error; every other statement reads as anywhere else
 * (docs/portable-sql.md, "Statements for some backends only"). */
int rt_sql_parse_blocks(rt_oplist *out, const char *text, const char *path, int first_line,
                        const rt_sql_lines *backend_only, size_t n, rt_error *err);

/* Parses a single type name ("VARCHAR(50)", "timestamp with time zone"):
 * RT_OK or RT_EPARSE (message without position). Used by reflection. */
int rt_sql_parse_type(rt_type *out, const char *text, rt_error *err);

#endif
