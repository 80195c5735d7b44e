/* A live database: a loaded driver, one connection and the dialect for its
 * backend. Everything above drivers talks to the database through this. */
#ifndef RT_DB_H
#define RT_DB_H

#include "rt_driver.h"
#include "rt_error.h"
#include "url.h"

#include <stdbool.h>

typedef struct rt_db rt_db;
struct rt_dialect;

/* Same shape as the driver's callback: values[i] NULL for SQL NULL,
 * everything borrowed for the call only; non-zero return stops. */
typedef rt_driver_row_fn rt_row_fn;

/* Loads url->driver, connects. The db is owned by the caller (rt_db_close).
 * Connect failure (or of the dialect's session set-up): RT_ECONNECT with
 * the server's message and SQLSTATE, password masked. */
int rt_db_open(rt_db **out, const rt_url *url, rt_error *err);
void rt_db_close(rt_db *db); /* NULL is a no-op */

/* Failures fill err with RT_EDB, the SQLSTATE, native code and the server's
 * own message (RT_ENOMEM when the client library ran out of memory). */
int rt_db_exec(rt_db *db, const char *sql, rt_error *err);
int rt_db_query(rt_db *db, const char *sql, rt_row_fn fn, void *ctx, rt_error *err);
/* One statement with bound parameters written $1, $2, ... (the driver
 * translates for its client library); values[i] NULL is SQL NULL, values
 * borrowed. RT_ENOSLOT when the driver has no such slot (an ABI 1
 * module, or one that lacks it); nothing runs then. */
int rt_db_exec_params(rt_db *db, const char *sql, size_t nparams, const char *const *values,
                      rt_error *err);
int rt_db_query_params(rt_db *db, const char *sql, size_t nparams,
                       const char *const *values, rt_row_fn fn, void *ctx, rt_error *err);
/* The server's product and version as it reports them ("PostgreSQL 15.4",
 * "10.11.6-MariaDB..."), caller frees; RT_ENOSLOT as above. */
int rt_db_server_version(rt_db *db, char **out, rt_error *err);
int rt_db_begin(rt_db *db, rt_error *err);
int rt_db_commit(rt_db *db, rt_error *err);
int rt_db_rollback(rt_db *db, rt_error *err);
/* Rolls back after a failure already in err: err stays the error, and a
 * failed rollback is added to it (rt_error_keep_first). Returns err->code. */
int rt_db_rollback_after(rt_db *db, rt_error *err);

/* One text value of the first row (caller frees), or *out = NULL when the
 * query returns no row or NULL. */
int rt_db_query_value(rt_db *db, const char *sql, char **out, rt_error *err);

/* True when a revision and its version update can share one transaction
 * that also rolls DDL back: the driver has transactions and the dialect's
 * backend has transactional DDL. */
bool rt_db_transactional_ddl(const rt_db *db);

/* Watches every statement db runs (exec, query, their _params forms and
 * begin/commit/rollback as "BEGIN"/"COMMIT"/"ROLLBACK"): fn is called with
 * secs < 0 just before it runs, then with the seconds it took and its
 * result. fn NULL: none (the default). ctx borrowed. For `retort -v`. */
typedef void (*rt_db_trace_fn)(void *ctx, const char *sql, double secs, int rc);
void rt_db_set_trace(rt_db *db, rt_db_trace_fn fn, void *ctx);

const struct rt_dialect *rt_db_dialect(const rt_db *db); /* borrowed, static */
const struct rt_driver *rt_db_driver(const rt_db *db);   /* borrowed */
const rt_url *rt_db_url(const rt_db *db);                /* borrowed copy owned by db */

#endif
