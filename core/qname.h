/* Schema-qualified table names: "audit.events" is table events of schema
 * audit (a PostgreSQL schema, a MySQL/MariaDB database); a name without a
 * schema, "events", lives in the connection's current schema/database.
 *
 * The model keeps a table's qualified name as its one name string, so that
 * every lookup, rename and comparison already works on the pair (schema,
 * name) and an op carries its schema wherever it carries its table. The
 * parser refuses RT_QNAME_SEP inside a quoted name, so the separator is
 * never ambiguous; the quoting functions (core/sql_render.h) write each part
 * quoted on its own. This file is the one owner of that rule.
 *
 * Ownership: char * returns belong to the caller; const char * returns
 * point into the argument. */
#ifndef RT_QNAME_H
#define RT_QNAME_H

#include "schema.h"

#include <stdbool.h>
#include <stddef.h>

#define RT_QNAME_SEP '.'

/* Does name carry a schema? */
bool rt_qname_is_qualified(const char *name);

/* The table part: "events" for "audit.events" and for "events". */
const char *rt_qname_local(const char *name);

/* The schema part, or NULL when name has none. */
char *rt_qname_schema(const char *name);

/* Length of the schema part (0 when none): compares schemas without a copy. */
size_t rt_qname_schema_len(const char *name);

/* Do a and b name the same schema (both none counts)? */
bool rt_qname_same_schema(const char *a, const char *b);

/* "schema.name", or a copy of name when schema is NULL or empty. */
char *rt_qname_join(const char *schema, const char *name);

/* name placed in the schema of like: rt_qname_join(schema of like, name).
 * RENAME TO and an index stay in their table's schema. */
char *rt_qname_in_schema_of(const char *like, const char *name);

/* Appends to out (without duplicates, in first-seen order) every schema
 * that a table or a foreign key of s names. */
void rt_qname_collect_schemas(const rt_schema *s, rt_strv *out);

#endif
