/* Runs migrations: resolves a target into a plan, replays the applied
 * history on the schema model so dialects see full definitions, renders and
 * executes each revision with its version-table update.
 *
 * The whole plan is parsed and rendered before anything runs, so an error
 * in any of its files leaves the database untouched; memory stays flat for
 * long plans (see keep_bytes).
 *
 * Where the backend has transactional DDL each revision runs in its own
 * transaction together with its version update; a failing statement rolls
 * that revision back and RT_EMIGRATE reports file:line, the statement and
 * the server's message. Elsewhere (MySQL) statements run one by one, the
 * version table is updated after the revision, and the failure report names
 * the statement that failed and those of that revision already applied.
 *
 * With single_transaction the whole plan runs in one transaction instead
 * (each revision logs its row; the version table is written once, with the
 * last revision, as no other session sees it before the commit).
 *
 * Each revision also writes a row of the migration log (core/version_log.h):
 * inside its transaction where there is one (a failed attempt is logged
 * after the rollback), else "running" before its first statement, the
 * count after each, and "ok" together with the version update.
 */
#ifndef RT_ENGINE_H
#define RT_ENGINE_H

#include "config.h"
#include "db.h"
#include "dialect.h"
#include "graph.h"

#include <stdio.h>

typedef struct rt_engine {
    const rt_graph *graph;        /* borrowed */
    rt_db *db;                    /* borrowed */
    const char *version_table;    /* borrowed */
    rt_dialect_options opts;
    FILE *log;                    /* "Running upgrade a -> b, msg" lines; may be NULL */
    /* Statements of a validated plan kept for execution, in bytes; past it
     * each revision is rendered again just before it runs. 0: 1 MiB. */
    size_t keep_bytes;
    /* How long to wait for the migration lock (core/migration_lock.h);
     * 0: one try. */
    long lock_timeout_ms;
    /* Refuse to upgrade while an applied revision's file changed since it
     * ran (validate_on_migrate). */
    bool validate;
    /* upgrade --resume: finish the dirty revision first (see below). */
    bool resume;
    /* Upgrade/downgrade: the whole plan in one transaction, as Alembic's
     * transaction_per_migration = false: a failure rolls every revision of
     * the run back (the report says so) and then logs a 'rolled back' row
     * per revision that had run and a 'failed' one. Refused (RT_EUSAGE,
     * before the lock) without transactional DDL. */
    bool single_transaction;
    /* Called before each revision of a plan runs, with the number done so
     * far and the plan's length, and once more with done == total after
     * the last; NULL: none. ctx borrowed. */
    void (*progress)(void *ctx, size_t done, size_t total);
    void *progress_ctx;
    /* The whole report of the last failure (RT_EMIGRATE, or a refusal),
     * never cut; err.message holds what fits in it. Owned by the engine:
     * rt_engine_clear. */
    char *report;
    /* Offline (rt_engine_sql): the script goes to sql_out, for the backend
     * sql_dialect; db is NULL. Both borrowed. */
    FILE *sql_out;
    const rt_dialect *sql_dialect;
    /* Internal: the id of the next log row, known while the lock is held. */
    long next_log_id;
} rt_engine;

/* Both take the migration lock first, then read the version table and
 * its log. A dirty revision (log row 'running'/'dirty': a backend without
 * transactional DDL stopped inside it) is refused with every applied
 * statement listed and the ways out, unless e->resume on an upgrade: then
 * its remaining statements run first. */
int rt_engine_upgrade(rt_engine *e, const char *target, rt_error *err);
int rt_engine_downgrade(rt_engine *e, const char *target, rt_error *err);
/* upgrade/downgrade --sql: writes to e->sql_out, for e->sql_dialect, the
 * script an online run from `from` to target executes (core/offline_sql.h),
 * connecting to nothing: no lock, no version-table read. from is the
 * revisions the database is at (a target expression; NULL or "base": from
 * base, upgrade only). The whole plan is rendered before the first byte is
 * written. */
int rt_engine_sql(rt_engine *e, const char *from, const char *target, bool upgrade,
                  rt_error *err);
/* retort stamp: writes the version table as if revs (ids, prefixes,
 * labels, "head", "heads", "base") were the revisions applied, running no
 * statement, under the migration lock. Each target replaces the rows of
 * its own branch; purge replaces everything the table holds (also
 * revisions no file defines). A version table holding a revision and its
 * ancestor, before (unless purge) or after, is refused. Log rows
 * "stamped"; a dirty mark is cleared ("cleared"). */
int rt_engine_stamp(rt_engine *e, const rt_strv *revs, bool purge, rt_error *err);
/* Frees e->report. */
void rt_engine_clear(rt_engine *e);

struct rt_log;
/* Appends to problems one line per applied revision (of heads) whose
 * upgrade section's checksum differs from the one logged when it ran, and
 * per revision the log says is applied whose file is gone. */
int rt_engine_validate(const rt_graph *g, const rt_strv *heads, const struct rt_log *log,
                       rt_strv *problems, rt_error *err);
/* SHA-256 hex of a revision's section as written in its file. */
int rt_engine_checksum(const rt_revision *r, bool upgrade, char *sum, rt_error *err);

/* The schema model after the revisions applied for heads (lenient replay of
 * their upgrade sections, as they run on backend d). out must be empty. */
int rt_engine_model_at(const rt_graph *g, const rt_strv *heads, const rt_dialect *d,
                       rt_schema *out, rt_error *err);

/* Parses one section of a revision ("upgrade"/"downgrade") into ops: the
 * statements that run on backend d, without the `-- dialect:` blocks of
 * other backends (rt_sql_parse_for). */
int rt_engine_load_ops(const rt_revision *r, bool upgrade, const rt_dialect *d,
                       rt_oplist *out, rt_error *err);

#endif
