/* ENUM where the backend has no enum type (PostgreSQL, SQLite): a VARCHAR
 * as long as the longest value, guarded by a CHECK named enum_<column>:
 *
 *     status VARCHAR(7) CONSTRAINT enum_status CHECK (status IN ('draft', 'done'))
 *
 * The CHECK is the dialect's rendering of the type, not a model constraint:
 * reflection folds it back into ENUM (rt_table_fold_enum_checks), so the
 * model and `check` never see it. Why not PostgreSQL's CREATE TYPE: a
 * named type lives beside the table, must be created before and dropped
 * after it, and adding a value cannot run inside a transaction on older
 * servers; a CHECK goes and comes with its column. The name carries no
 * table name, so a table rename leaves it right; a column rename renames
 * it (PostgreSQL) or rebuilds the table (SQLite). */
#ifndef RT_ENUM_CHECK_H
#define RT_ENUM_CHECK_H

#include "schema.h"
#include "sql_render.h"

/* enum_<column>, shortened by the naming rule when long. Caller frees. */
char *rt_enum_check_name(const char *column);

/* The VARCHAR length that holds every value (at least 1). */
int rt_enum_varchar_length(const rt_type *t);

/* "VARCHAR(n) CONSTRAINT enum_c CHECK (c IN ('a', 'b'))" for column c of
 * type ENUM, quoting names with quote. */
void rt_sql_write_enum_as_check(rt_buf *out, const rt_column *c, rt_quote_fn quote);

/* Turns each VARCHAR column guarded by its enum_<column> CHECK back into an
 * ENUM of the CHECK's values and removes the CHECK. The CHECK text may be
 * the portable one or PostgreSQL's
 * ((c)::text = ANY ((ARRAY['a'::character varying, ...])::text[])). */
void rt_table_fold_enum_checks(rt_table *t);

#endif
