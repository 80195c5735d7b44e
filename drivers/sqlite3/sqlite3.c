/* retort driver for SQLite through libsqlite3.
 *
 * foreign_keys stays off (SQLite's default): the SQLite dialect rebuilds
 * tables by copy, drop and rename, which a live foreign key check would
 * break, exactly as SQLAlchemy/Alembic rely on. */
#include "rt_driver.h"
#include "rt_driver_placeholders.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sq_conn {
    sqlite3 *db;
    struct rt_driver_diag diag;
};

static int sq_fail(struct sq_conn *c, int status, long native, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int sq_fail(struct sq_conn *c, int status, long native, const char *fmt, ...)
{
    va_list ap;
    c->diag.status = status;
    c->diag.native_code = native;
    c->diag.sqlstate[0] = '\0';
    va_start(ap, fmt);
    vsnprintf(c->diag.message, sizeof c->diag.message, fmt, ap);
    va_end(ap);
    return status;
}

/* Failure reported by SQLite on the connection itself. */
static int sq_fail_db(struct sq_conn *c, int status)
{
    return sq_fail(c, status, sqlite3_extended_errcode(c->db), "%s", sqlite3_errmsg(c->db));
}

static void *sq_create(void)
{
    return calloc(1, sizeof(struct sq_conn));
}

static void sq_destroy(void *h)
{
    struct sq_conn *c = h;
    if (!c)
        return;
    sqlite3_close_v2(c->db);
    free(c);
}

static bool sq_truthy(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "True") == 0 ||
                 strcmp(v, "yes") == 0 || strcmp(v, "on") == 0);
}

static int sq_connect(void *h, const struct rt_driver_connect_args *args)
{
    struct sq_conn *c = h;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    /* pysqlite's default busy timeout, so a URL behaves as under Alembic. */
    double timeout_s = 5.0;

    for (size_t i = 0; i < args->nparams; i++) {
        const char *k = args->params[i].key;
        const char *v = args->params[i].value ? args->params[i].value : "";
        if (strcmp(k, "mode") == 0) {
            if (strcmp(v, "ro") == 0)
                flags = SQLITE_OPEN_READONLY;
            else if (strcmp(v, "rw") == 0)
                flags = SQLITE_OPEN_READWRITE;
            else if (strcmp(v, "rwc") == 0)
                flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            else if (strcmp(v, "memory") == 0)
                flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
            else
                return sq_fail(c, RT_DRV_CONNECT, 0,
                               "invalid sqlite3 URL option mode=%s (expected ro, rw, rwc "
                               "or memory)",
                               v);
        } else if (strcmp(k, "timeout") == 0) {
            char *end;
            timeout_s = strtod(v, &end);
            if (!*v || *end || timeout_s < 0 || timeout_s > 2000000.0)
                return sq_fail(c, RT_DRV_CONNECT, 0,
                               "invalid sqlite3 URL option timeout=%s (expected seconds)", v);
        } else if (strcmp(k, "uri") == 0) {
            if (sq_truthy(v))
                flags |= SQLITE_OPEN_URI;
        } else if (strcmp(k, "check_same_thread") == 0 ||
                   strcmp(k, "cached_statements") == 0 || strcmp(k, "detect_types") == 0) {
            /* Python-only pysqlite options, accepted so an alembic.ini URL works. */
        } else {
            return sq_fail(c, RT_DRV_CONNECT, 0,
                           "unknown sqlite3 URL option '%s' (supported: mode, timeout, uri)",
                           k);
        }
    }
    int uri_flag = flags & SQLITE_OPEN_URI;
    flags &= ~SQLITE_OPEN_URI;

    const char *path = args->database && *args->database ? args->database : ":memory:";
    if (c->db) {
        sqlite3_close_v2(c->db);
        c->db = NULL;
    }
    int rc = sqlite3_open_v2(path, &c->db, flags | uri_flag, NULL);
    if (rc != SQLITE_OK) {
        if (!c->db)
            return sq_fail(c, RT_DRV_NOMEM, rc, "out of memory opening %s", path);
        sq_fail(c, RT_DRV_CONNECT, sqlite3_extended_errcode(c->db), "%s: %s",
                sqlite3_errmsg(c->db), path);
        sqlite3_close_v2(c->db);
        c->db = NULL;
        return RT_DRV_CONNECT;
    }
    sqlite3_extended_result_codes(c->db, 1);
    sqlite3_busy_timeout(c->db, (int)(timeout_s * 1000.0));
    return RT_DRV_OK;
}

static int sq_not_connected(struct sq_conn *c)
{
    sq_fail(c, RT_DRV_ERROR, 0, "not connected");
    memcpy(c->diag.sqlstate, "08003", 6);
    return RT_DRV_ERROR;
}

/* Binds values[i] to the parameter named $<i+1> (SQLite takes "$1" as a
 * named parameter, so the ABI's PostgreSQL form works without translation),
 * as text: SQLite's column affinity converts. A $n that sql lacks, or a
 * parameter of sql with no value, is the caller's error. */
static int sq_bind(struct sq_conn *c, sqlite3_stmt *st, size_t nparams,
                   const char *const *values)
{
    for (size_t i = 0; i < nparams; i++) {
        char name[32];
        snprintf(name, sizeof name, "$%zu", i + 1);
        int idx = sqlite3_bind_parameter_index(st, name);
        if (idx == 0)
            return sq_fail(c, RT_DRV_ERROR, SQLITE_RANGE,
                           "the statement has no parameter %s for value %zu", name, i + 1);
        int rc = values[i] ? sqlite3_bind_text(st, idx, values[i], -1, SQLITE_TRANSIENT)
                           : sqlite3_bind_null(st, idx);
        if (rc != SQLITE_OK)
            return sq_fail_db(c, RT_DRV_ERROR);
    }
    if ((size_t)sqlite3_bind_parameter_count(st) != nparams)
        return sq_fail(c, RT_DRV_ERROR, SQLITE_RANGE,
                       "the statement has %d parameters but %zu values were given",
                       sqlite3_bind_parameter_count(st), nparams);
    return RT_DRV_OK;
}

/* Prepares the one statement of sql; *out NULL when sql holds only
 * whitespace and comments. A second statement is refused before anything
 * runs (the driver contract in rt_driver.h): the core splits scripts
 * itself, and a tail would otherwise run unseen, without bound values. */
static int sq_prepare_one(struct sq_conn *c, const char *sql, sqlite3_stmt **out)
{
    *out = NULL;
    if (!c->db)
        return sq_not_connected(c);
    const char *tail = NULL;
    if (sqlite3_prepare_v2(c->db, sql, -1, out, &tail) != SQLITE_OK)
        return sq_fail_db(c, RT_DRV_ERROR);
    if (!*out || !tail)
        return RT_DRV_OK;
    /* Only whitespace and comments may follow: SQLite's own tokenizer
     * tells, through sqlite3_complete on what is left after ';'s. */
    const char *p = tail;
    while (*p == ';' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    sqlite3_stmt *rest = NULL;
    const char *rest_tail = NULL;
    int rc = *p ? sqlite3_prepare_v2(c->db, p, -1, &rest, &rest_tail) : SQLITE_OK;
    bool more = rest != NULL || rc != SQLITE_OK;
    sqlite3_finalize(rest);
    if (more) {
        sqlite3_finalize(*out);
        *out = NULL;
        return sq_fail(c, RT_DRV_ERROR, SQLITE_MISUSE,
                       "more than one SQL statement given; the driver runs one at a time: "
                       "%.60s", p);
    }
    return RT_DRV_OK;
}

/* sql with $1..$n, each once and in order, written as SQLite's anonymous
 * '?' (caller frees); NULL otherwise. SQLite looks a named parameter up in
 * a list as it parses, so a statement of thousands ($1..$8500: retort copy's
 * multi-row INSERT) took quadratic time; '?' takes the next index. */
static char *sq_positional(const char *sql, size_t nparams)
{
    size_t pos = 0, start, len, done = 0, want = 1;
    unsigned long num;
    size_t n = strlen(sql);
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t used = 0;
    while (rt_drv_next_placeholder(sql, &pos, false, &start, &len, &num)) {
        if (num != want++) {
            free(out);
            return NULL;
        }
        memcpy(out + used, sql + done, start - done);
        used += start - done;
        out[used++] = '?';
        done = pos;
    }
    if (want != nparams + 1) {
        free(out);
        return NULL;
    }
    memcpy(out + used, sql + done, n - done + 1);
    return out;
}

static int sq_prepare_bound(struct sq_conn *c, const char *sql, size_t nparams,
                            const char *const *values, sqlite3_stmt **out)
{
    char *positional = nparams > 16 ? sq_positional(sql, nparams) : NULL;
    int rc = sq_prepare_one(c, positional ? positional : sql, out);
    free(positional);
    if (rc != RT_DRV_OK)
        return RT_DRV_ERROR;
    if (!*out)
        return sq_fail(c, RT_DRV_ERROR, SQLITE_MISUSE, "no SQL statement");
    if (positional) {
        for (size_t i = 0; i < nparams; i++) {
            int brc = values[i] ? sqlite3_bind_text(*out, (int)i + 1, values[i], -1,
                                                    SQLITE_TRANSIENT)
                                : sqlite3_bind_null(*out, (int)i + 1);
            if (brc != SQLITE_OK) {
                sq_fail_db(c, RT_DRV_ERROR);
                sqlite3_finalize(*out);
                *out = NULL;
                return RT_DRV_ERROR;
            }
        }
        return RT_DRV_OK;
    }
    if (sq_bind(c, *out, nparams, values) != RT_DRV_OK) {
        sqlite3_finalize(*out);
        *out = NULL;
        return RT_DRV_ERROR;
    }
    return RT_DRV_OK;
}

/* The shortest text that reads back as d (as PostgreSQL and Python print a
 * double): SQLite's own conversion keeps 15 digits and loses the last bits
 * of a value such as 0.1 + 0.2, which `retort copy` must carry exactly. */
static const char *sq_float_text(double d, char *buf)
{
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, 32, "%.*g", digits, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    /* SQLite writes a whole REAL with ".0" ("2.0"): keep that. */
    if (!strpbrk(buf, ".eEni"))
        strcat(buf, ".0");
    return buf;
}

/* Steps st to the end or until fn stops; finalizes st. */
static int sq_rows(struct sq_conn *c, sqlite3_stmt *st, rt_driver_row_fn fn, void *ctx)
{
    int ncols = sqlite3_column_count(st);
    size_t n = ncols > 0 ? (size_t)ncols : 0;
    const char **names = calloc(n + 1, sizeof *names);
    const char **values = calloc(n + 1, sizeof *values);
    char(*floats)[32] = calloc(n + 1, sizeof *floats);
    int status = RT_DRV_OK;
    if (!names || !values || !floats) {
        status = sq_fail(c, RT_DRV_NOMEM, SQLITE_NOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        names[i] = sqlite3_column_name(st, (int)i);
        if (!names[i]) {
            status = sq_fail(c, RT_DRV_NOMEM, SQLITE_NOMEM, "out of memory");
            goto done;
        }
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (size_t i = 0; i < n; i++) {
            if (sqlite3_column_type(st, (int)i) == SQLITE_NULL) {
                values[i] = NULL;
                continue;
            }
            if (sqlite3_column_type(st, (int)i) == SQLITE_FLOAT) {
                values[i] = sq_float_text(sqlite3_column_double(st, (int)i), floats[i]);
                continue;
            }
            values[i] = (const char *)sqlite3_column_text(st, (int)i);
            if (!values[i]) {
                status = sq_fail(c, RT_DRV_NOMEM, SQLITE_NOMEM, "out of memory");
                goto done;
            }
        }
        if (fn && fn(ctx, n, names, values) != 0)
            goto done;
    }
    if (rc != SQLITE_DONE)
        status = sq_fail_db(c, RT_DRV_ERROR);
done:
    free(names);
    free(values);
    free(floats);
    sqlite3_finalize(st);
    return status;
}

static int sq_query(void *h, const char *sql, rt_driver_row_fn fn, void *ctx)
{
    struct sq_conn *c = h;
    sqlite3_stmt *st;
    if (sq_prepare_one(c, sql, &st) != RT_DRV_OK)
        return RT_DRV_ERROR;
    if (!st)
        return sq_fail(c, RT_DRV_ERROR, SQLITE_MISUSE, "query has no SQL statement");
    return sq_rows(c, st, fn, ctx);
}

/* One statement (rows it returns are dropped); only whitespace or
 * comments is a no-op. */
static int sq_exec(void *h, const char *sql)
{
    struct sq_conn *c = h;
    sqlite3_stmt *st;
    if (sq_prepare_one(c, sql, &st) != RT_DRV_OK)
        return RT_DRV_ERROR;
    return st ? sq_rows(c, st, NULL, NULL) : RT_DRV_OK;
}

static int sq_query_params(void *h, const char *sql, size_t nparams,
                           const char *const *values, rt_driver_row_fn fn, void *ctx)
{
    struct sq_conn *c = h;
    sqlite3_stmt *st;
    if (sq_prepare_bound(c, sql, nparams, values, &st) != RT_DRV_OK)
        return RT_DRV_ERROR;
    return sq_rows(c, st, fn, ctx);
}

static int sq_exec_params(void *h, const char *sql, size_t nparams,
                          const char *const *values)
{
    return sq_query_params(h, sql, nparams, values, NULL, NULL);
}

static int sq_server_info(void *h, char *buf, size_t size)
{
    struct sq_conn *c = h;
    if (!c->db)
        return sq_not_connected(c);
    snprintf(buf, size, "SQLite %s", sqlite3_libversion());
    return RT_DRV_OK;
}

static int sq_begin(void *h)
{
    return sq_exec(h, "BEGIN");
}

static int sq_commit(void *h)
{
    return sq_exec(h, "COMMIT");
}

static int sq_rollback(void *h)
{
    return sq_exec(h, "ROLLBACK");
}

static const struct rt_driver_diag *sq_error(void *h)
{
    return &((struct sq_conn *)h)->diag;
}

static const struct rt_driver sq_table = {
    .abi_version = RT_DRIVER_ABI_VERSION,
    .struct_size = sizeof(struct rt_driver),
    .name = "sqlite3",
    .description = "SQLite via libsqlite3 (built with " SQLITE_VERSION ")",
    .caps = RT_DRV_CAP_TRANSACTIONS | RT_DRV_CAP_TRANSACTIONAL_DDL | RT_DRV_CAP_SAVEPOINTS,
    .create = sq_create,
    .destroy = sq_destroy,
    .connect = sq_connect,
    .exec = sq_exec,
    .query = sq_query,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .error = sq_error,
    .exec_params = sq_exec_params,
    .query_params = sq_query_params,
    .server_info = sq_server_info,
};

RT_DRIVER_EXPORT const struct rt_driver *rt_driver_entry(uint32_t host_abi)
{
    (void)host_abi; /* any host reads the prefix it knows; see rt_driver.h */
    return &sq_table;
}
