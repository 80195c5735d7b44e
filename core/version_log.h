/* The migration log: a table beside the version table, named
 * "<version_table>_log", one row per revision applied, reverted or stamped.
 * The version table stays exactly as Alembic's; everything retort adds
 * lives here.
 *
 *   id          BIGINT primary key (max + 1: rows are written under the
 *               migration lock)
 *   revision    VARCHAR(32)
 *   direction   'up' | 'down'
 *   checksum    SHA-256 hex of the section that ran, as written in the file
 *   statements  how many statements the section has
 *   applied     how many of them have run (progress on backends without
 *               transactional DDL, so a kill -9 leaves the count behind)
 *   started_at, finished_at   'YYYY-MM-DD HH:MM:SS' UTC (finished_at NULL
 *               while running)
 *   run_by      user@host
 *   outcome     'ok' | 'failed' (nothing of it remains) | 'running' |
 *               'dirty' (statements 1..applied remain) | 'stamped' |
 *               'rolled back' (ran in a one-transaction run that a later
 *               failure rolled back: nothing of it remains)
 *
 * A revision whose last row is 'running' or 'dirty' with applied > 0 leaves
 * the database dirty: see rt_version_log_dirty.
 */
#ifndef RT_VERSION_LOG_H
#define RT_VERSION_LOG_H

#include "db.h"
#include "rt_mem.h"

#include <stdbool.h>

typedef struct rt_log_entry {
    long id;
    char *revision;
    char *direction;
    char *checksum;    /* "" when unknown */
    long statements;
    long applied;
    char *started_at;
    char *finished_at; /* "" while running */
    char *run_by;
    char *outcome;
} rt_log_entry;

typedef struct rt_log {
    rt_log_entry *items;
    size_t n;
} rt_log;

/* "<version_table>_log"; caller frees. The one place the name is made. */
char *rt_version_log_name(const char *version_table);

/* Creates the log table when missing. */
int rt_version_log_ensure(rt_db *db, const char *version_table, rt_error *err);

/* Writes a new row (started now, by this user@host) with id *id, or, when
 * *id <= 0, with max(id) + 1, returned in *id (a runner holding the
 * migration lock counts on from there and spares the query). finished_at
 * is set too unless outcome is "running". guard, when not NULL, is an SQL
 * condition (rt_version_match_sql) that must hold: else outcome is NULL
 * and the NOT NULL column makes the INSERT fail. */
int rt_version_log_add(rt_db *db, const char *version_table, const char *revision,
                       bool up, const char *checksum, long statements, long applied,
                       const char *outcome, const char *guard, long *id, rt_error *err);
/* The INSERT of rt_version_log_add for backend d, appended to sql, run
 * nowhere (offline scripts, core/offline_sql.h): id <= 0 writes
 * max(id) + 1 computed by the INSERT itself (INSERT ... SELECT ... FROM the
 * log). started_at/finished_at are now, run_by is this user@host. */
void rt_version_log_add_sql(const struct rt_dialect *d, const char *version_table,
                            const char *revision, bool up, const char *checksum,
                            long statements, long applied, const char *outcome,
                            const char *guard, long id, rt_buf *sql);
/* The log table's DDL for backend d, appended to out (no existence check). */
int rt_version_log_ensure_sql(const struct rt_dialect *d, const char *version_table,
                              rt_strv *out, rt_error *err);

/* rt_version_log_add with a WITH clause before the INSERT (with: NULL for
 * none): a backend with data-modifying WITH (PostgreSQL) writes the version
 * table in the same statement, guard then checking what the WITH did. */
int rt_version_log_add_with(rt_db *db, const char *version_table, const char *with,
                            const char *revision, bool up, const char *checksum,
                            long statements, long applied, const char *outcome,
                            const char *guard, long *id, rt_error *err);
/* Appends the SET list of a finish (outcome not NULL, finished_at = now) or
 * progress update, columns qualified by alias when not NULL. */
void rt_version_log_set_sql(rt_buf *out, const char *alias, long applied, const char *outcome);
/* *outcome (caller frees; NULL when no such row) of row id. */
int rt_version_log_outcome(rt_db *db, const char *version_table, long id, char **outcome,
                           rt_error *err);
/* Sets applied (progress of a running revision). */
int rt_version_log_progress(rt_db *db, const char *version_table, long id, long applied,
                            rt_error *err);
/* Sets applied, outcome and finished_at = now. */
int rt_version_log_finish(rt_db *db, const char *version_table, long id, long applied,
                          const char *outcome, rt_error *err);

/* Every row in id order; empty when the table does not exist. out is owned
 * by the caller (rt_log_free). */
int rt_version_log_read(rt_db *db, const char *version_table, rt_log *out, rt_error *err);
void rt_log_free(rt_log *log);

/* The row that leaves the database dirty (borrowed from log), or NULL: the
 * last row of the log when it is 'running' or 'dirty'. */
const rt_log_entry *rt_version_log_dirty(const rt_log *log);
/* The last 'ok' or 'stamped' row of revision with direction up, or NULL:
 * when and by whom it was applied, and the checksum it ran with. */
const rt_log_entry *rt_version_log_applied(const rt_log *log, const char *revision);

/* SHA-256 hex of a revision's section ("" or NULL text: of ""). */
void rt_version_log_checksum(const char *text, char hex[65]);

#endif
