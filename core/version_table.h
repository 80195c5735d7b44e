/* The version table: version_num VARCHAR(32) NOT NULL primary key, one row
 * per current head, as alembic_version. */
#ifndef RT_VERSION_TABLE_H
#define RT_VERSION_TABLE_H

#include "db.h"
#include "rt_mem.h"
#include "schema.h"

#include <stdbool.h>

/* Current heads (empty when the table does not exist yet), sorted. */
int rt_version_read(rt_db *db, const char *table, rt_strv *heads, rt_error *err);
/* Creates the table when missing (through the dialect). */
int rt_version_ensure(rt_db *db, const char *table, rt_error *err);
/* Writes the difference between before and after rows (UPDATE/DELETE/
 * INSERT), then reads the table back: rows other than after (another
 * process wrote it, an UPDATE that matched no row) are RT_EMIGRATE naming
 * both, so the caller rolls back where it can and fails loudly. */
int rt_version_write(rt_db *db, const char *table, const rt_strv *before,
                     const rt_strv *after, rt_error *err);
/* The two halves of rt_version_write: the statements alone, and the
 * read-back (RT_EMIGRATE unless the rows are exactly rows). */
int rt_version_write_rows(rt_db *db, const char *table, const rt_strv *before,
                          const rt_strv *after, rt_error *err);
int rt_version_check(rt_db *db, const char *table, const rt_strv *rows, rt_error *err);
/* The statements of rt_version_write_rows: rt_version_update_sql below. */
/* True when before -> after replaces exactly one row (a linear step, other
 * heads unchanged): *from and *to (borrowed) name the two. */
bool rt_version_one_row_step(const rt_strv *before, const rt_strv *after, const char **from,
                             const char **to);
/* Appends an SQL condition true iff the table holds exactly rows: lets a
 * statement that runs anyway (the log row) carry the check, one round trip
 * fewer per revision. */
void rt_version_match_sql(const struct rt_dialect *d, const char *table, const rt_strv *rows,
                          rt_buf *out);
/* Creates the model table t through the dialect when no table of its name
 * exists (the version table, its log). */
int rt_version_create_table(rt_db *db, const rt_table *t, rt_error *err);

/* The same statements for backend d, appended to out, run nowhere: what an
 * offline script (upgrade --sql, core/offline_sql.h) writes. CREATE TABLE
 * without an existence check (the script creates the tables when it starts
 * from base, as Alembic's does); the version-table rows' UPDATE/DELETE/
 * INSERT without the read-back (the script's guarded log row checks it). */
int rt_version_create_sql(const struct rt_dialect *d, const rt_table *t, rt_strv *out,
                          rt_error *err);
int rt_version_ensure_sql(const struct rt_dialect *d, const char *table, rt_strv *out,
                          rt_error *err);
void rt_version_update_sql(const struct rt_dialect *d, const char *table,
                           const rt_strv *before, const rt_strv *after, rt_strv *out);

#endif
