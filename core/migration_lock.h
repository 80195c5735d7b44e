/* The migration lock: one runner at a time per database and version table.
 *
 * Every command that changes the database (upgrade, downgrade, stamp,
 * upgrade --resume) takes it before it reads the version table and
 * computes its plan, and releases it at the end, so that a second runner
 * waits, then finds nothing left to do. How to lock is a backend
 * difference and lives in the dialect (rt_dialect.lock, files
 * dialects/<name>_lock.c): PostgreSQL pg_try_advisory_lock, MySQL/MariaDB
 * GET_LOCK, SQLite an flock() on a file beside the database. All of them
 * are released by the server or the kernel when the process dies, so a
 * kill -9 never leaves a stale lock behind.
 *
 * A runner that has to wait says once on log who holds the lock (when the
 * backend can tell), then tries again until timeout_ms has passed:
 * RT_ELOCK "another migration is running ..." (exit status 2).
 */
#ifndef RT_MIGRATION_LOCK_H
#define RT_MIGRATION_LOCK_H

#include "db.h"
#include "rt_mem.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct rt_lock {
    rt_db *db;      /* borrowed */
    char *table;    /* the version table; owned */
    int fd;         /* SQLite: the lock file, else -1 */
    void *extra;    /* a dialect's own state (e.g. a second connection for a
                       row lock on Galera); owned by the dialect's release */
    bool held;
} rt_lock;

/* The per-backend part, one per dialect. try_take never waits: *got is
 * true when the lock is now held. holder returns one line naming who holds
 * it (caller frees), or NULL when the backend cannot tell. release is
 * called only when held, and cannot fail in a way the run could act on
 * (the lock also ends with the connection). */
typedef struct rt_dialect_lock {
    int (*try_take)(rt_lock *lk, bool *got, rt_error *err);
    char *(*holder)(rt_lock *lk);
    void (*release)(rt_lock *lk);
    /* The rest are optional (NULL: not available): the bookkeeping of a
     * revision that runs under the lock, in fewer round trips than a
     * statement each (core/engine.c says when each is used).
     *
     * write_with: appends to with a WITH clause whose sub-statements are
     * the version-table writes (rt_version_update_sql), and to guard a
     * condition, true in the statement that clause prefixes iff each write
     * changed exactly one row and the table held exactly before: the log
     * row's INSERT then writes the version table too. */
    void (*write_with)(rt_db *db, const char *table, const rt_strv *before,
                       const rt_strv *writes, rt_buf *with, rt_buf *guard);
    /* step_sql: appends one statement that replaces version row from by to
     * and applies log_set (rt_version_log_set_sql, alias "l") to row
     * log_id of log_table: both, or neither unless the version table holds
     * exactly before. Atomic without a transaction. */
    void (*step_sql)(rt_db *db, const char *table, const char *log_table,
                     const rt_strv *before, const char *from, const char *to, long log_id,
                     const char *log_set, rt_buf *out);
} rt_dialect_lock;

extern const rt_dialect_lock rt_sqlite_lock;
extern const rt_dialect_lock rt_postgresql_lock;
extern const rt_dialect_lock rt_mysql_lock;

/* For the dialects whose lock is SQL: runs sql, a query of one value.
 * rt_lock_sql_flag: *flag = the value is 1. rt_lock_sql_text: the value
 * (caller frees), NULL on no row or any failure (naming the holder and
 * releasing are best effort: the lock also ends with the session). */
int rt_lock_sql_flag(rt_db *db, const char *sql, bool *flag, rt_error *err);
char *rt_lock_sql_text(rt_db *db, const char *sql);

/* Takes the lock for table on db, waiting up to timeout_ms (0: one try).
 * lk is filled in either case; release it with rt_lock_release. */
int rt_lock_take(rt_lock *lk, rt_db *db, const char *table, long timeout_ms, FILE *log,
                 rt_error *err);
/* Releases a held lock and frees lk's members; a no-op otherwise. */
void rt_lock_release(rt_lock *lk);

#endif
