/* What a live SQLite table holds beyond the model, for the table rebuild
 * (dialects/sqlite.c): the rebuild drops the table and creates it again
 * from the model, so anything the model does not know would silently go
 * with it. Read through SQL only (sqlite_master, pragma_table_xinfo,
 * pragma_index_info), so it works the same over ODBC.
 */
#ifndef RT_SQLITE_LIVE_H
#define RT_SQLITE_LIVE_H

#include "db.h"
#include "schema.h"

typedef struct rt_sqlite_live_index {
    char *name;
    char *sql;          /* its CREATE INDEX text from sqlite_master */
    rt_strv columns;    /* the named columns it covers */
    bool has_expr;      /* also covers an expression (no column name) */
} rt_sqlite_live_index;

typedef struct rt_sqlite_live {
    rt_strv extra_columns;          /* live columns the model does not know */
    rt_sqlite_live_index *indexes;  /* live indexes the model does not know */
    size_t nindexes;
    rt_strv triggers;               /* CREATE TRIGGER texts of the table */
} rt_sqlite_live;

#define RT_SQLITE_LIVE_INIT { RT_STRV_INIT, NULL, 0, RT_STRV_INIT }

/* Reads table from db and compares it with known, the model's definition of
 * the table at the state the database is in (names compared as SQLite
 * does, ignoring case). A table that is not there live, or that known is
 * NULL for (not the model's: created in the same plan, or by hand), leaves
 * out empty. out is owned by the caller (rt_sqlite_live_free). */
int rt_sqlite_live_read(rt_db *db, const char *table, const rt_table *known,
                        rt_sqlite_live *out, rt_error *err);
void rt_sqlite_live_free(rt_sqlite_live *l);

#endif
