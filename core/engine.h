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
} rt_engine;

int rt_engine_upgrade(rt_engine *e, const char *target, rt_error *err);
int rt_engine_downgrade(rt_engine *e, const char *target, rt_error *err);

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
