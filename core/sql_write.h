/* Writes operations back as portable SQL (what autogenerate puts in a
 * revision file). rt_sql_parse of the output gives the same ops again. */
#ifndef RT_SQL_WRITE_H
#define RT_SQL_WRITE_H

#include "ops.h"

/* One statement ending in ";\n", preceded by "-- <comment>\n" when
 * op->comment is set. */
void rt_sql_write_op(rt_buf *out, const rt_op *op);
void rt_sql_write_type(rt_buf *out, const rt_type *t);
/* "name TYPE [NOT NULL] [DEFAULT expr]"; with inline_pk " PRIMARY KEY" takes
 * the place of NOT NULL (SQLite writes its rowid alias this way too). */
void rt_sql_write_column(rt_buf *out, const rt_column *c, bool inline_pk);
/* Double-quotes name when it is not a plain lower-case identifier or is a
 * reserved word (as SQLAlchemy decides). */
void rt_sql_write_ident(rt_buf *out, const char *name);
/* Portable CREATE TABLE for t including constraints; indexes as separate
 * CREATE INDEX statements after it. */
void rt_sql_write_table(rt_buf *out, const rt_table *t);

/* True when name must be quoted in the portable language: it contains
 * upper case or characters outside [a-z0-9_], starts with a digit, or is a
 * reserved word of any supported backend. Dialects use it for their own
 * quoting decision so that every backend agrees. */
bool rt_ident_needs_quotes(const char *name);

/* The reserved-word list behind rt_ident_needs_quotes: lower case, sorted
 * by strcmp; *n gets its length. Static storage. */
const char *const *rt_sql_reserved_words(size_t *n);

#endif
