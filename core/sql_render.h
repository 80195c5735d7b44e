/* SQL rendering pieces that the portable writer (sql_write.c) and every
 * dialect share, so that a constraint or a literal is spelled by one piece
 * of code and the backends cannot drift apart. Each appends to a
 * caller-owned rt_buf and cannot fail. */
#ifndef RT_SQL_RENDER_H
#define RT_SQL_RENDER_H

#include "schema.h"

/* A dialect's identifier quoting: appends name, quoted when it must be. */
typedef void (*rt_quote_fn)(rt_buf *out, const char *name);

/* Appends name as is when rt_ident_needs_quotes says it may stand bare,
 * otherwise between two quote characters with each one inside doubled
 * ('"' for standard SQL, '`' for MySQL). */
void rt_sql_quote_ident_with(rt_buf *out, const char *name, char quote);

/* Standard SQL string literal: 'it''s'. Backslashes stay as they are,
 * which is right for PostgreSQL (standard_conforming_strings) and SQLite
 * but not for MySQL, which has its own. */
void rt_sql_quote_literal(rt_buf *out, const char *s);

/* "('a', 'b')": standard string literals, as ENUM and IN (...) list them. */
void rt_sql_write_literal_list(rt_buf *out, const rt_strv *values);

/* The keyword of a foreign key action; NULL for NO ACTION, the default,
 * which is never written. Static storage. */
const char *rt_fk_action_sql(rt_fk_action a);

/* " ON DELETE x ON UPDATE y" of a foreign key, each only when it is not
 * NO ACTION; nothing otherwise. */
void rt_sql_write_fk_actions(rt_buf *out, const rt_constraint *k);

/* "(a, b)" with each name quoted by quote. */
void rt_sql_write_ident_list(rt_buf *out, const rt_strv *names, rt_quote_fn quote);

/* A table constraint as standard SQL spells it:
 * [CONSTRAINT name] PRIMARY KEY (..) | UNIQUE (..) |
 * FOREIGN KEY (..) REFERENCES t [(..)] [ON DELETE ..] [ON UPDATE ..]
 *   [DEFERRABLE [INITIALLY DEFERRED]] |
 * CHECK (expr), where a CHECK without an expression gets empty_check. */
void rt_sql_write_constraint(rt_buf *out, const rt_constraint *k, rt_quote_fn quote,
                             const char *empty_check);

/* COMMENT ON TABLE t IS 'text' (column NULL) or COMMENT ON COLUMN t.c IS
 * 'text'; text NULL writes IS NULL, which removes the comment. */
void rt_sql_write_comment_on(rt_buf *out, const char *table, const char *column,
                             const char *text, rt_quote_fn quote);

/* "CREATE TABLE [IF NOT EXISTS] name (": the start every dialect's CREATE
 * TABLE shares, so that IF NOT EXISTS is written in one place. */
void rt_sql_write_create_table_head(rt_buf *out, const char *table, bool if_not_exists,
                                    rt_quote_fn quote);

/* "CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (a, (expr) DESC)
 * [WHERE predicate]", each name quoted by quote, expressions and the
 * predicate as written; a dialect appends what it adds after it (a dialect
 * that cannot express an element refuses it before calling this). */
void rt_sql_write_create_index(rt_buf *out, const char *table, const rt_index *ix,
                               bool if_not_exists, rt_quote_fn quote);

#endif
