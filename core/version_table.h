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
/* Creates the model table t through the dialect when no table of its name
 * exists (the version table, its log). */
int rt_version_create_table(rt_db *db, const rt_table *t, rt_error *err);

#endif
