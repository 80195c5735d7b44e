/* retort driver for PostgreSQL through libpq. */
#include "rt_driver.h"
#include "rt_driver_timeouts.h"

#include <ctype.h>
#include <errno.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct pg_conn {
    PGconn *conn;
    unsigned read_timeout_s; /* 0: wait as long as the statement runs */
    struct rt_driver_diag diag;
};

static int pg_fail(struct pg_conn *c, int status, const char *sqlstate, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int pg_fail(struct pg_conn *c, int status, const char *sqlstate, const char *fmt, ...)
{
    va_list ap;
    c->diag.status = status;
    c->diag.native_code = 0;
    snprintf(c->diag.sqlstate, sizeof c->diag.sqlstate, "%s", sqlstate ? sqlstate : "");
    va_start(ap, fmt);
    vsnprintf(c->diag.message, sizeof c->diag.message, fmt, ap);
    va_end(ap);
    size_t n = strlen(c->diag.message);
    while (n && (c->diag.message[n - 1] == '\n' || c->diag.message[n - 1] == ' '))
        c->diag.message[--n] = '\0';
    return status;
}

/* Server notices (e.g. "table does not exist, skipping") would otherwise go
 * to stderr in the middle of retort's own output. */
static void pg_notice_drop(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static void *pg_create(void)
{
    return calloc(1, sizeof(struct pg_conn));
}

static void pg_destroy(void *h)
{
    struct pg_conn *c = h;
    if (!c)
        return;
    if (c->conn)
        PQfinish(c->conn);
    free(c);
}

static bool pg_is_sqlstate(const char *s)
{
    for (int i = 0; i < 5; i++)
        if (!isdigit((unsigned char)s[i]) && !isupper((unsigned char)s[i]))
            return false;
    return true;
}

/* libpq has no accessor for the SQLSTATE of a failed connection attempt;
 * in verbose mode it writes "FATAL:  28P01: message" and a LOCATION line.
 * Takes the SQLSTATE out and drops the LOCATION lines, leaving the text a
 * default-verbosity connection would show. */
static void pg_connect_error(struct pg_conn *c, const char *raw)
{
    char text[sizeof c->diag.message];
    size_t o = 0;
    for (const char *p = raw; *p && o + 1 < sizeof text;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p + 1) : strlen(p);
        if (strncmp(p, "LOCATION:", 9) != 0) {
            if (len > sizeof text - 1 - o)
                len = sizeof text - 1 - o;
            memcpy(text + o, p, len);
            o += len;
        }
        p += eol ? (size_t)(eol - p + 1) : strlen(p);
    }
    text[o] = '\0';

    char sqlstate[6] = "";
    /* "<SEVERITY>:  XXXXX: message" -> "<SEVERITY>:  message" */
    for (char *q = text; *q; q++) {
        if (strncmp(q, ":  ", 3) == 0 && strlen(q) >= 10 && pg_is_sqlstate(q + 3) &&
            q[8] == ':' && q[9] == ' ') {
            memcpy(sqlstate, q + 3, 5);
            memmove(q + 3, q + 10, strlen(q + 10) + 1);
            break;
        }
    }
    /* No server answer at all (refused, unknown host, timeout): the SQL
     * standard's "unable to establish connection". */
    pg_fail(c, RT_DRV_CONNECT, sqlstate[0] ? sqlstate : "08001", "%s", text);
}

static const char *pg_param(const struct rt_driver_connect_args *a, const char *key)
{
    for (size_t i = 0; i < a->nparams; i++)
        if (strcmp(a->params[i].key, key) == 0)
            return a->params[i].value;
    return NULL;
}

/* Waits for the connection the way PQconnectdbParams would, but on a
 * connection whose error verbosity was set before the first server
 * message (see pg_connect_error). connect_timeout bounds the whole wait. */
static bool pg_connect_wait(PGconn *conn, long timeout_s, bool *timed_out)
{
    if (timeout_s > 0 && timeout_s < 2)
        timeout_s = 2; /* libpq's own minimum */
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    PostgresPollingStatusType st = PGRES_POLLING_WRITING;
    *timed_out = false;
    for (;;) {
        if (st == PGRES_POLLING_OK)
            return true;
        if (st == PGRES_POLLING_FAILED)
            return false;
        struct pollfd pfd = {
            .fd = PQsocket(conn),
            .events = st == PGRES_POLLING_READING ? POLLIN : POLLOUT,
        };
        int wait_ms = -1;
        if (timeout_s > 0) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long elapsed_ms = (now.tv_sec - start.tv_sec) * 1000L +
                              (now.tv_nsec - start.tv_nsec) / 1000000L;
            long left = timeout_s * 1000L - elapsed_ms;
            if (left <= 0) {
                *timed_out = true;
                return false;
            }
            wait_ms = (int)left;
        }
        int r = poll(&pfd, 1, wait_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0) {
            *timed_out = true;
            return false;
        }
        st = PQconnectPoll(conn);
    }
}

static int pg_connect(void *h, const struct rt_driver_connect_args *a)
{
    struct pg_conn *c = h;
    if (c->conn) {
        PQfinish(c->conn);
        c->conn = NULL;
    }
    unsigned connect_s;
    char bad[256];
    if (!rt_drv_read_timeouts(a, &connect_s, &c->read_timeout_s, bad, sizeof bad))
        return pg_fail(c, RT_DRV_CONNECT, NULL, "%s", bad);
    char keep_idle[16], keep_intvl[16], keep_cnt[16];
    snprintf(keep_idle, sizeof keep_idle, "%d", RT_DRV_KEEPALIVE_IDLE_S);
    snprintf(keep_intvl, sizeof keep_intvl, "%d", RT_DRV_KEEPALIVE_INTERVAL_S);
    snprintf(keep_cnt, sizeof keep_cnt, "%d", RT_DRV_KEEPALIVE_COUNT);

    /* URL parts first, then every query option as a conninfo keyword: a
     * query key overrides the URL part of the same name (?host=/socket/dir). */
    size_t cap = a->nparams + 12;
    const char **keys = calloc(cap, sizeof *keys);
    const char **vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return pg_fail(c, RT_DRV_NOMEM, NULL, "out of memory");
    }
    char port[16];
    size_t n = 0;
#define PG_KV(k, v)                                                                      \
    do {                                                                                 \
        if ((v) && !pg_param(a, (k))) {                                                  \
            keys[n] = (k);                                                               \
            vals[n] = (v);                                                               \
            n++;                                                                         \
        }                                                                                \
    } while (0)
    PG_KV("host", a->host && *a->host ? a->host : NULL);
    snprintf(port, sizeof port, "%d", a->port);
    const char *port_kv = a->port > 0 ? port : NULL;
    PG_KV("port", port_kv);
    PG_KV("user", a->user);
    PG_KV("password", a->password);
    PG_KV("dbname", a->database && *a->database ? a->database : NULL);
    /* A dead peer mid-statement is found by keepalives (rt_driver_timeouts.h). */
    const char *ka[] = { keep_idle, keep_intvl, keep_cnt };
    PG_KV("keepalives_idle", ka[0]);
    PG_KV("keepalives_interval", ka[1]);
    PG_KV("keepalives_count", ka[2]);
#undef PG_KV
    for (size_t i = 0; i < a->nparams; i++) {
        if (strcmp(a->params[i].key, "read_timeout") == 0)
            continue; /* retort's own, not a libpq keyword */
        keys[n] = a->params[i].key;
        vals[n] = a->params[i].value ? a->params[i].value : "";
        n++;
    }
    keys[n] = NULL;
    vals[n] = NULL;

    /* expand_dbname 0: a database name is never read as a connection string. */
    c->conn = PQconnectStartParams(keys, vals, 0);
    free(keys);
    free(vals);
    if (!c->conn)
        return pg_fail(c, RT_DRV_NOMEM, NULL, "out of memory");
    PQsetNoticeProcessor(c->conn, pg_notice_drop, NULL);
    PQsetErrorVerbosity(c->conn, PQERRORS_VERBOSE);
    bool timed_out = false;
    if (PQstatus(c->conn) == CONNECTION_BAD ||
        !pg_connect_wait(c->conn, (long)connect_s, &timed_out)) {
        if (timed_out)
            pg_fail(c, RT_DRV_CONNECT, "08001",
                    "no answer from the server within %u s while connecting "
                    "(connect_timeout=%u; set ?connect_timeout=N in the URL)",
                    connect_s < 2 ? 2 : connect_s, connect_s);
        else
            pg_connect_error(c, PQerrorMessage(c->conn));
        PQfinish(c->conn);
        c->conn = NULL;
        return RT_DRV_CONNECT;
    }
    PQsetErrorVerbosity(c->conn, PQERRORS_DEFAULT);
    return RT_DRV_OK;
}

/* SQLSTATE, primary message, then DETAIL and HINT lines as psql shows them. */
static int pg_fail_result(struct pg_conn *c, PGresult *res)
{
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    const char *primary = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    if (!primary) {
        /* No server answer: the connection broke or libpq refused locally. */
        const char *msg = res && *PQresultErrorMessage(res) ? PQresultErrorMessage(res)
                                                            : PQerrorMessage(c->conn);
        bool broken = PQstatus(c->conn) == CONNECTION_BAD;
        pg_fail(c, RT_DRV_ERROR, state ? state : broken ? "08006" : "", "%s",
                *msg ? msg : "unknown libpq error");
        PQclear(res);
        return RT_DRV_ERROR;
    }
    const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);
    const char *hint = PQresultErrorField(res, PG_DIAG_MESSAGE_HINT);
    pg_fail(c, RT_DRV_ERROR, state, "%s%s%s%s%s", primary, detail ? "\nDETAIL:  " : "",
            detail ? detail : "", hint ? "\nHINT:  " : "", hint ? hint : "");
    PQclear(res);
    return RT_DRV_ERROR;
}

static int pg_not_connected(struct pg_conn *c)
{
    return pg_fail(c, RT_DRV_ERROR, "08003", "not connected");
}

/* Waits until libpq can hand over a result without blocking. false when
 * the read timeout passed first or the connection broke. */
static bool pg_wait_result(struct pg_conn *c, const struct timespec *deadline, bool *timed_out)
{
    while (PQisBusy(c->conn)) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        long left = (deadline->tv_sec - now.tv_sec) * 1000L +
                    (deadline->tv_nsec - now.tv_nsec) / 1000000L;
        if (left <= 0) {
            *timed_out = true;
            return false;
        }
        struct pollfd pfd = { .fd = PQsocket(c->conn), .events = POLLIN };
        int r = poll(&pfd, 1, (int)(left > 60000 ? 60000 : left));
        if (r < 0 && errno != EINTR)
            return false;
        if (r > 0 && !PQconsumeInput(c->conn))
            return false;
    }
    return true;
}

/* PQexec, bounded by the read timeout when one is set. On a timeout the
 * connection is closed (the server rolls back what it ran): its state is
 * unknown, and a server that stopped answering will not take a cancel
 * either. Returns NULL with c->diag set on a timeout, like PQexec's NULL
 * (out of memory, broken connection) otherwise. */
static PGresult *pg_run_params(struct pg_conn *c, const char *sql, bool *timed_out,
                               int nparams, const char *const *values)
{
    *timed_out = false;
    /* values == NULL: the simple protocol (several statements allowed);
     * otherwise the extended one, text parameters typed by the server. */
    if (c->read_timeout_s == 0)
        return values ? PQexecParams(c->conn, sql, nparams, NULL, values, NULL, NULL, 0)
                      : PQexec(c->conn, sql);
    int sent = values ? PQsendQueryParams(c->conn, sql, nparams, NULL, values, NULL, NULL, 0)
                      : PQsendQuery(c->conn, sql);
    if (!sent)
        return NULL;
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += c->read_timeout_s;
    PGresult *last = NULL;
    for (;;) {
        if (!pg_wait_result(c, &deadline, timed_out))
            break;
        PGresult *r = PQgetResult(c->conn);
        if (!r)
            return last;
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COPY_IN || st == PGRES_COPY_OUT || st == PGRES_COPY_BOTH) {
            PQclear(last); /* as PQexec: COPY hands the connection over */
            return r;
        }
        /* As PQexec: the last result, but an error is never replaced. */
        if (last && PQresultStatus(last) == PGRES_FATAL_ERROR) {
            PQclear(r);
        } else {
            PQclear(last);
            last = r;
        }
    }
    PQclear(last);
    if (*timed_out) {
        pg_fail(c, RT_DRV_ERROR, "08006",
                "no answer from the server within %u s (read_timeout=%u in the URL); the "
                "connection was closed",
                c->read_timeout_s, c->read_timeout_s);
        PQfinish(c->conn);
        c->conn = NULL;
    }
    return NULL;
}

static PGresult *pg_run(struct pg_conn *c, const char *sql, bool *timed_out)
{
    return pg_run_params(c, sql, timed_out, 0, NULL);
}

/* pg_run's failure: the timeout message already set, or libpq's. */
static int pg_fail_run(struct pg_conn *c, PGresult *res, bool timed_out)
{
    return timed_out ? RT_DRV_ERROR : pg_fail_result(c, res);
}

/* The wire protocol counts parameters in 16 bits. */
static int pg_check_nparams(struct pg_conn *c, size_t nparams)
{
    if (nparams > 65535)
        return pg_fail(c, RT_DRV_ERROR, "54023", "%zu parameters, more than the 65535 "
                       "PostgreSQL accepts", nparams);
    return RT_DRV_OK;
}

/* bound false: the simple protocol, as PQexec (exec() and query());
 * true: the extended one, parameters as text typed by the server. */
static int pg_exec_bound(struct pg_conn *c, const char *sql, size_t nparams,
                         const char *const *params, bool bound)
{
    if (!c->conn)
        return pg_not_connected(c);
    if (pg_check_nparams(c, nparams) != RT_DRV_OK)
        return RT_DRV_ERROR;
    static const char *const none[1] = {NULL};
    bool timed_out;
    PGresult *res = pg_run_params(c, sql, &timed_out, (int)nparams,
                                  !bound ? NULL : params ? params : none);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
        PQclear(res);
        return RT_DRV_OK;
    }
    return pg_fail_run(c, res, timed_out);
}

static int pg_exec(void *h, const char *sql)
{
    return pg_exec_bound(h, sql, 0, NULL, false);
}

static int pg_exec_params(void *h, const char *sql, size_t nparams,
                          const char *const *params)
{
    return pg_exec_bound(h, sql, nparams, params, true);
}

/* bound: as in pg_exec_bound. */
static int pg_query_bound(struct pg_conn *c, const char *sql, size_t nparams,
                          const char *const *params, bool bound, rt_driver_row_fn fn,
                          void *ctx)
{
    if (!c->conn)
        return pg_not_connected(c);
    if (pg_check_nparams(c, nparams) != RT_DRV_OK)
        return RT_DRV_ERROR;
    static const char *const none[1] = {NULL};
    bool timed_out;
    PGresult *res = pg_run_params(c, sql, &timed_out, (int)nparams,
                                  !bound ? NULL : params ? params : none);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_EMPTY_QUERY) {
        PQclear(res);
        return RT_DRV_OK;
    }
    if (st != PGRES_TUPLES_OK)
        return pg_fail_run(c, res, timed_out);

    size_t ncols = (size_t)PQnfields(res);
    int nrows = PQntuples(res);
    const char **names = calloc(ncols + 1, sizeof *names);
    const char **values = calloc(ncols + 1, sizeof *values);
    if (!names || !values) {
        free(names);
        free(values);
        PQclear(res);
        return pg_fail(c, RT_DRV_NOMEM, NULL, "out of memory");
    }
    for (size_t i = 0; i < ncols; i++)
        names[i] = PQfname(res, (int)i);
    for (int r = 0; r < nrows; r++) {
        for (size_t i = 0; i < ncols; i++)
            values[i] = PQgetisnull(res, r, (int)i) ? NULL : PQgetvalue(res, r, (int)i);
        if (fn && fn(ctx, ncols, names, values) != 0)
            break;
    }
    free(names);
    free(values);
    PQclear(res);
    return RT_DRV_OK;
}

static int pg_query(void *h, const char *sql, rt_driver_row_fn fn, void *ctx)
{
    return pg_query_bound(h, sql, 0, NULL, false, fn, ctx);
}

static int pg_query_params(void *h, const char *sql, size_t nparams,
                           const char *const *params, rt_driver_row_fn fn, void *ctx)
{
    return pg_query_bound(h, sql, nparams, params, true, fn, ctx);
}

/* "PostgreSQL <server_version>" as the server reported it at connect. */
static int pg_server_info(void *h, char *buf, size_t size)
{
    struct pg_conn *c = h;
    if (!c->conn)
        return pg_not_connected(c);
    const char *v = PQparameterStatus(c->conn, "server_version");
    snprintf(buf, size, "PostgreSQL %s", v ? v : "(unknown version)");
    return RT_DRV_OK;
}

static int pg_begin(void *h)
{
    return pg_exec(h, "BEGIN");
}

static int pg_commit(void *h)
{
    struct pg_conn *c = h;
    if (!c->conn)
        return pg_not_connected(c);
    /* COMMIT of a failed transaction "succeeds" as ROLLBACK; say so. */
    bool timed_out;
    PGresult *res = pg_run(c, "COMMIT", &timed_out);
    if (res && PQresultStatus(res) == PGRES_COMMAND_OK &&
        strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
        PQclear(res);
        return pg_fail(c, RT_DRV_ERROR, "25P02",
                       "the transaction was rolled back instead of committed because a "
                       "statement in it had failed");
    }
    if (res && PQresultStatus(res) == PGRES_COMMAND_OK) {
        PQclear(res);
        return RT_DRV_OK;
    }
    return pg_fail_run(c, res, timed_out);
}

static int pg_rollback(void *h)
{
    return pg_exec(h, "ROLLBACK");
}

static const struct rt_driver_diag *pg_error(void *h)
{
    return &((struct pg_conn *)h)->diag;
}

static const struct rt_driver pg_table = {
    .abi_version = RT_DRIVER_ABI_VERSION,
    .struct_size = sizeof(struct rt_driver),
    .name = "libpq",
    .description = "PostgreSQL via libpq",
    .caps = RT_DRV_CAP_TRANSACTIONS | RT_DRV_CAP_TRANSACTIONAL_DDL | RT_DRV_CAP_SAVEPOINTS,
    .create = pg_create,
    .destroy = pg_destroy,
    .connect = pg_connect,
    .exec = pg_exec,
    .query = pg_query,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .error = pg_error,
    .exec_params = pg_exec_params,
    .query_params = pg_query_params,
    .server_info = pg_server_info,
};

RT_DRIVER_EXPORT const struct rt_driver *rt_driver_entry(uint32_t host_abi)
{
    (void)host_abi; /* any host reads the prefix it knows; see rt_driver.h */
    return &pg_table;
}
