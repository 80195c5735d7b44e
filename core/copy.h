/* retort copy: an application's rows from one database to another of any
 * backend, at the same revision. Values travel as portable text: each
 * backend's dialect reads a column into that text and writes it back
 * (struct rt_dialect_copy), so a boolean is 0/1, a timestamp
 * 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC, a BLOB its hex digits, a NUMERIC its
 * exact decimal, everywhere.
 *
 * Tables go in foreign-key order; where keys form a cycle, the columns of
 * the key that closes it are written NULL first and set in a second pass
 * (which needs them nullable and the table to have a primary key; refused
 * before anything is written otherwise). Everything is written in one
 * transaction on the target, so a failure leaves it as it was; the row
 * counts of both sides are compared before the commit. */
#ifndef RT_COPY_H
#define RT_COPY_H

#include "db.h"
#include "rt_error.h"
#include "schema.h"
#include "sql_render.h"

#include <stdbool.h>
#include <stddef.h>

/* A backend's side of the copy, pointed to by its rt_dialect. */
typedef struct rt_dialect_copy {
    /* Session statements run on both connections first (times in UTC);
     * NULL-terminated, or NULL. */
    const char *const *session_sql;
    /* Appends the SELECT expression that reads column c (quoted name
     * written with the dialect's quoting) as portable text. */
    void (*read)(rt_buf *out, const rt_column *c);
    /* Appends what stands for value (portable text, not NULL) in an INSERT
     * of column c: the placeholder $n, possibly wrapped in a conversion,
     * returning true; or, where the backend has no function to decode the
     * text, an inline literal, returning false (the value is then not a
     * parameter). */
    bool (*write)(rt_buf *out, const rt_column *c, const char *value, int n);
    /* Appends the statements that set table t's auto-increment counter
     * past the copied rows; NULL where inserting does that itself. */
    void (*after_load)(rt_strv *out, const rt_table *t);
} rt_dialect_copy;

extern const rt_dialect_copy rt_sqlite_copy;
extern const rt_dialect_copy rt_postgresql_copy;
extern const rt_dialect_copy rt_mysql_copy;

typedef struct rt_copy_options {
    bool truncate;      /* empty non-empty target tables first (else refused) */
    size_t batch_rows;  /* rows per INSERT; 0: 500 (fewer for wide tables) */
    /* Called after each table with its row count and seconds; may be NULL. */
    void (*progress)(void *ctx, const char *table, size_t rows, double seconds);
    void *progress_ctx;
} rt_copy_options;

typedef struct rt_copy_report {
    size_t tables;
    size_t rows;
    size_t deferred_keys; /* foreign keys set in the second pass */
} rt_copy_report;

/* Copies every table of src (but version_table and its log) into the same
 * tables of dst. Both databases must already hold the same tables (the
 * caller checks the revisions); a target table missing a column of the
 * source, or holding rows without o->truncate, is refused (RT_EUSAGE)
 * before anything is written. Errors name the table and carry the
 * server's message; dst is rolled back. */
int rt_copy_data(rt_db *src, rt_db *dst, const char *version_table, const rt_copy_options *o,
                 rt_copy_report *report, rt_error *err);

#endif
