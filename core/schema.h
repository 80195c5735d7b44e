/* The schema model: tables, columns in portable types, constraints, indexes.
 *
 * Revisions are replayed on it, models are loaded into it, each dialect
 * reflects a live database into it and the differ compares two of them.
 * Constraints are always table-level here: a column-level PRIMARY KEY,
 * UNIQUE, REFERENCES or CHECK is normalised by the parser into a table
 * constraint, named by the naming convention (core/naming.h) when unnamed.
 *
 * Ownership: an rt_schema owns its tables, a table its columns, constraints
 * and indexes, each of those its strings. Pointers handed out by the find
 * functions are borrowed and stay valid until the schema is next changed.
 */
#ifndef RT_SCHEMA_H
#define RT_SCHEMA_H

#include "rt_error.h"
#include "rt_mem.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum rt_type_kind {
    RT_TYPE_INTEGER,
    RT_TYPE_BIGINT,
    RT_TYPE_SMALLINT,
    RT_TYPE_BOOLEAN,
    RT_TYPE_VARCHAR,     /* length 0 = no length given */
    RT_TYPE_TEXT,
    RT_TYPE_NUMERIC,     /* precision/scale -1 = not given */
    RT_TYPE_REAL,        /* 4-byte float */
    RT_TYPE_DOUBLE,      /* DOUBLE PRECISION; FLOAT is an alias */
    RT_TYPE_DATE,
    RT_TYPE_TIME,
    RT_TYPE_TIMESTAMP,
    RT_TYPE_TIMESTAMPTZ, /* TIMESTAMP WITH TIME ZONE */
    RT_TYPE_BLOB,
    RT_TYPE_JSON,
    RT_TYPE_UUID,
    RT_TYPE_CHAR,        /* fixed length; length >= 1 (CHAR alone = CHAR(1)) */
    RT_TYPE_ENUM         /* one of values (core/enum_check.h: where no native type) */
} rt_type_kind;

/* An rt_type owns its ENUM values: copy it with rt_type_copy and free it
 * with rt_type_free (plain assignment is a move). */
typedef struct rt_type {
    rt_type_kind kind;
    int length;     /* VARCHAR(n), CHAR(n); 0 when absent */
    int precision;  /* NUMERIC(p,s); -1 when absent */
    int scale;      /* -1 when absent */
    rt_strv values; /* ENUM('a', 'b'): the values in order, at least one */
} rt_type;

typedef struct rt_column {
    char *name;
    rt_type type;
    bool not_null;     /* PRIMARY KEY columns are not_null too */
    char *default_sql; /* portable expression text: 'x', 42, TRUE,
                          CURRENT_TIMESTAMP, NULL; NULL pointer = no default */
    char *comment;       /* COMMENT ON COLUMN text; NULL = none */
    char *generated_sql; /* GENERATED ALWAYS AS (expr) STORED: expr without
                            the parentheses; NULL = an ordinary column */
} rt_column;

typedef enum rt_constraint_kind {
    RT_CONSTRAINT_PRIMARY_KEY,
    RT_CONSTRAINT_UNIQUE,
    RT_CONSTRAINT_FOREIGN_KEY,
    RT_CONSTRAINT_CHECK
} rt_constraint_kind;

typedef enum rt_fk_action {
    RT_FK_NO_ACTION = 0, /* also "not given" */
    RT_FK_RESTRICT,
    RT_FK_CASCADE,
    RT_FK_SET_NULL,
    RT_FK_SET_DEFAULT
} rt_fk_action;

typedef struct rt_constraint {
    rt_constraint_kind kind;
    char *name;             /* NULL only for an unnamed PRIMARY KEY */
    rt_strv columns;        /* PK, UNIQUE, FK local columns */
    char *ref_table;        /* FK */
    rt_strv ref_columns;    /* FK */
    rt_fk_action on_delete; /* FK */
    rt_fk_action on_update; /* FK */
    char *check_sql;        /* CHECK expression text, without the parentheses */
    bool deferrable;        /* FK: DEFERRABLE */
    bool initially_deferred; /* FK: INITIALLY DEFERRED (implies deferrable) */
} rt_constraint;

typedef struct rt_index {
    char *name;
    bool unique;
    rt_strv columns;  /* key elements: a column name, or an expression in
                         parentheses, "(lower(email))" (rt_index_element_is_expr) */
    unsigned desc;    /* bit i set: element i sorts DESC */
    char *where_sql;  /* partial index: the predicate text without WHERE;
                         NULL: every row */
} rt_index;

/* Key elements an index may have: PostgreSQL's INDEX_MAX_KEYS, the
 * smallest limit but MySQL's 16 (which MySQL itself enforces); desc has a
 * bit for each. */
#define RT_INDEX_MAX_ELEMENTS 32

typedef struct rt_table {
    char *name;
    char *comment;       /* COMMENT ON TABLE text; NULL = none */
    rt_column *columns;  size_t ncolumns;
    rt_constraint *constraints; size_t nconstraints;
    rt_index *indexes;   size_t nindexes;
} rt_table;

typedef struct rt_schema {
    rt_table *tables; size_t ntables;  /* in creation order */
    void *lookup;                      /* private name index; NULL is fine */
} rt_schema;

#define RT_SCHEMA_INIT { NULL, 0, NULL }

/* Names compare case-sensitively everywhere ("A" and "a" differ). */
rt_table *rt_schema_find_table(const rt_schema *s, const char *name);
rt_column *rt_table_find_column(const rt_table *t, const char *name);
rt_constraint *rt_table_find_constraint(const rt_table *t, const char *name);
rt_constraint *rt_table_primary_key(const rt_table *t);
rt_index *rt_table_find_index(const rt_table *t, const char *name);
/* An index key element written as an expression, "(...)", not a column. */
bool rt_index_element_is_expr(const char *element);
bool rt_index_element_desc(const rt_index *ix, size_t i);
/* Removes key element i, keeping the DESC bits of the others in step. */
void rt_index_remove_element(rt_index *ix, size_t i);
/* Whether the index reads column: as a key element, or inside an
 * expression element or its WHERE (rt_sql_expr_mentions's rule). */
bool rt_index_uses_column(const rt_index *ix, const char *column);

/* Finds an index by name across all tables; *table_out (optional) gets its table. */
rt_index *rt_schema_find_index(const rt_schema *s, const char *name, rt_table **table_out);

/* The column that auto-increments, or NULL. The rule is SQLAlchemy's: a
 * single-column primary key of INTEGER or BIGINT that is not also a
 * foreign key column. Every dialect renders and reflects with this rule. */
const rt_column *rt_table_autoincrement_column(const rt_table *t);

/* The columns a FOREIGN KEY refers to: its ref_columns, or, when those are
 * empty (REFERENCES t written without a column list), the primary key of
 * the referenced table in s. NULL when that table or its key is unknown.
 * Borrowed. rt_schema_apply stores the resolved list in the model, so this
 * matters for rendering an op against the model before it is applied. */
const rt_strv *rt_schema_fk_ref_columns(const rt_schema *s, const rt_constraint *fk);

/* Spells out the parent's primary key columns in a FOREIGN KEY written
 * without them (when the parent is in s), so that both ways of writing it
 * compare equal after reflection. Anything else is left alone. */
void rt_schema_fk_spell_ref_columns(const rt_schema *s, rt_constraint *fk);

/* The foreign keys of other tables that refer to table (to its column
 * column, when not NULL; a key without ref_columns through
 * rt_schema_fk_ref_columns), one per call: start with *cursor = 0; NULL
 * when no more. *owner gets the key's table. Borrowed. */
const rt_constraint *rt_schema_next_fk_to(const rt_schema *s, const char *table,
                                          const char *column, size_t *cursor,
                                          const rt_table **owner);

/* Marks the primary key's columns NOT NULL, as every backend reports them
 * (those of each PRIMARY KEY, should a lenient replay have left two). */
void rt_table_pk_not_null(rt_table *t);

/* Renames a table in place and keeps the name index current; assigning
 * t->name directly would leave the index stale. Foreign keys pointing at it
 * are not touched (rt_schema_apply does that). false when absent. */
bool rt_schema_rename_table(rt_schema *s, const char *name, const char *new_name);

/* Appends a deep copy of t; returns the copy (borrowed). */
rt_table *rt_schema_add_table(rt_schema *s, const rt_table *t);
/* Removes and frees the table; false when absent. */
bool rt_schema_remove_table(rt_schema *s, const char *name);

void rt_type_init(rt_type *t, rt_type_kind kind); /* length 0, precision/scale -1, no values */
void rt_type_copy(rt_type *dst, const rt_type *src); /* deep; dst's old values are not freed */
void rt_type_free(rt_type *t);                        /* frees the values; t stays valid */
bool rt_type_equal(const rt_type *a, const rt_type *b);
const char *rt_type_kind_name(rt_type_kind k); /* "INTEGER", ... */

/* Deep, order-sensitive equality of every member (NULL equals only NULL);
 * the differ applies its own looser rules on top. */
bool rt_column_equal(const rt_column *a, const rt_column *b);
bool rt_constraint_equal(const rt_constraint *a, const rt_constraint *b);
bool rt_index_equal(const rt_index *a, const rt_index *b);
bool rt_table_equal(const rt_table *a, const rt_table *b);

void rt_column_copy(rt_column *dst, const rt_column *src);
void rt_constraint_copy(rt_constraint *dst, const rt_constraint *src);
void rt_index_copy(rt_index *dst, const rt_index *src);
void rt_table_copy(rt_table *dst, const rt_table *src);
void rt_schema_copy(rt_schema *dst, const rt_schema *src); /* dst must be empty */

void rt_column_free(rt_column *c);       /* frees members, not c */
void rt_constraint_free(rt_constraint *c);
void rt_index_free(rt_index *i);
void rt_table_free(rt_table *t);
void rt_schema_free(rt_schema *s);       /* frees members; s is reusable */

/* Table member appends (deep copies). */
void rt_table_add_column(rt_table *t, const rt_column *c);
void rt_table_add_constraint(rt_table *t, const rt_constraint *c);
void rt_table_add_index(rt_table *t, const rt_index *i);

#endif
