/* retort driver: any backend through unixODBC (ODBC 3.x API).
 *
 * The driver only transports SQL: the dialect comes from the URL's first part
 * (postgresql+odbc://...), so reflection and rendering are the same code as
 * with the native drivers. Connection string, in order of preference:
 *   ?odbc_connect=<string>          used verbatim (percent-decoded by the URL)
 *   @DSN (host only, no driver=)    DSN=<host>[;UID=..;PWD=..]
 *   ?driver=NAME                    DRIVER={NAME};SERVER=..;PORT=..;DATABASE=..;
 *                                   UID=..;PWD=.. plus every other query key
 */
#include "rt_driver.h"
#include "rt_driver_placeholders.h"
#include "rt_driver_timeouts.h"
#include "odbc_connstr.h"

#include <sql.h>
#include <sqlext.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct odbc_conn {
    SQLHENV env;
    SQLHDBC dbc;
    bool connected;
    bool in_tx;
    bool mariadb;            /* MariaDB Connector/ODBC: timeouts in the string */
    bool postgresql;         /* psqlODBC: keepalives in the string */
    unsigned connect_timeout_s;
    unsigned read_timeout_s; /* SQL_ATTR_QUERY_TIMEOUT of every statement; 0 none */
    struct rt_driver_diag diag;
} odbc_conn;

/* Growable text, local to this module: a driver builds against
 * rt_driver.h alone. */
typedef struct odbc_text {
    char *s;
    size_t len, cap;
    bool oom;
} odbc_text;

static void odbc_text_add(odbc_text *t, const char *s, size_t n)
{
    if (t->oom)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->s, cap);
        if (!p) {
            t->oom = true;
            return;
        }
        t->s = p;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void odbc_text_str(odbc_text *t, const char *s)
{
    odbc_text_add(t, s, strlen(s));
}

static void odbc_diag_set(odbc_conn *c, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void odbc_diag_set(odbc_conn *c, int status, const char *fmt, ...)
{
    va_list ap;
    memset(&c->diag, 0, sizeof c->diag);
    c->diag.status = status;
    va_start(ap, fmt);
    vsnprintf(c->diag.message, sizeof c->diag.message, fmt, ap);
    va_end(ap);
}

/* Collects every diagnostic record of handle: SQLSTATE and native code of
 * the first, the text of all (drivers often put the useful part second). */
static int odbc_diag_take(odbc_conn *c, SQLSMALLINT type, SQLHANDLE handle, int status,
                          const char *what)
{
    SQLCHAR state[6], text[2048];
    SQLINTEGER native;
    SQLSMALLINT len;
    size_t used = 0;

    memset(&c->diag, 0, sizeof c->diag);
    c->diag.status = status;
    for (SQLSMALLINT i = 1;; i++) {
        SQLRETURN r = SQLGetDiagRec(type, handle, i, state, &native, text, sizeof text, &len);
        if (!SQL_SUCCEEDED(r))
            break;
        if (i == 1) {
            memcpy(c->diag.sqlstate, state, 6);
            c->diag.native_code = native;
        }
        int n = snprintf(c->diag.message + used, sizeof c->diag.message - used, "%s[%s] %s",
                         used ? "\n" : "", (char *)state, (char *)text);
        if (n < 0 || (size_t)n >= sizeof c->diag.message - used)
            break;
        used += (size_t)n;
    }
    if (used == 0)
        snprintf(c->diag.message, sizeof c->diag.message, "%s failed (no ODBC diagnostic)", what);
    return status;
}

static void *odbc_create(void)
{
    return calloc(1, sizeof(odbc_conn));
}

/* Back to a fresh handle: destroy, and a second connect that must not leak
 * the first connection's handles. */
static void odbc_release(odbc_conn *c)
{
    if (c->connected) {
        if (c->in_tx)
            SQLEndTran(SQL_HANDLE_DBC, c->dbc, SQL_ROLLBACK);
        SQLDisconnect(c->dbc);
    }
    if (c->dbc)
        SQLFreeHandle(SQL_HANDLE_DBC, c->dbc);
    if (c->env)
        SQLFreeHandle(SQL_HANDLE_ENV, c->env);
    c->connected = false;
    c->in_tx = false;
    c->dbc = SQL_NULL_HDBC;
    c->env = SQL_NULL_HENV;
}

static void odbc_destroy(void *h)
{
    odbc_conn *c = h;
    if (!c)
        return;
    odbc_release(c);
    free(c);
}

static int odbc_not_connected(odbc_conn *c)
{
    odbc_diag_set(c, RT_DRV_ERROR, "not connected");
    memcpy(c->diag.sqlstate, "08003", 6);
    return RT_DRV_ERROR;
}

static const char *odbc_param(const struct rt_driver_connect_args *a, const char *key)
{
    for (size_t i = 0; i < a->nparams; i++)
        if (strcasecmp(a->params[i].key, key) == 0)
            return a->params[i].value;
    return NULL;
}

/* key=value; with the value braced when the syntax needs it
 * (core/odbc_connstr.h owns which values do). */
static void odbc_attr(odbc_text *t, const char *key, const char *value)
{
    odbc_text_str(t, key);
    odbc_text_str(t, "=");
    if (rt_odbc_value_needs_braces(value)) {
        char *braced = malloc(2 * strlen(value) + 3);
        if (!braced) {
            t->oom = true;
            return;
        }
        size_t n = rt_odbc_value_brace(value, braced);
        odbc_text_add(t, braced, n);
        memset(braced, 0, n); /* it may be the password */
        free(braced);
    } else {
        odbc_text_str(t, value);
    }
    odbc_text_str(t, ";");
}

static bool odbc_is_reserved_key(const char *k)
{
    static const char *const keys[] = { "driver", "odbc_connect", "dsn", "connect_timeout",
                                        "read_timeout" };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcasecmp(k, keys[i]) == 0)
            return true;
    return false;
}

/* Whether the connection string s sets key already. */
static bool odbc_has_key(const char *s, const char *key)
{
    rt_odbc_attr at;
    for (const char *p = s; rt_odbc_connstr_next(&p, &at);)
        if (rt_odbc_attr_is(&at, key))
            return true;
    return false;
}

/* Appends key=value unless the string sets key already: the user's wins. */
static void odbc_attr_default(odbc_text *t, const char *key, unsigned value)
{
    char n[16];
    snprintf(n, sizeof n, "%u", value);
    if (!odbc_has_key(t->s ? t->s : "", key))
        odbc_attr(t, key, n);
}

/* What the attributes cannot say for some ODBC drivers, said in the string
 * (rt_driver_timeouts.h). MariaDB Connector/ODBC ignores
 * SQL_ATTR_LOGIN_TIMEOUT, and turns SQL_ATTR_QUERY_TIMEOUT into a
 * server-side max_statement_time that a hung server never applies: its own
 * keys bound the client's waits. psqlODBC takes the keepalive settings the
 * native libpq driver uses. */
static void odbc_backend_timeouts(odbc_conn *c, odbc_text *t)
{
    if (c->mariadb) {
        odbc_attr_default(t, "CONN_TIMEOUT", c->connect_timeout_s);
        if (c->read_timeout_s) {
            odbc_attr_default(t, "READ_TIMEOUT", c->read_timeout_s);
            odbc_attr_default(t, "WRITE_TIMEOUT", c->read_timeout_s);
        }
    } else if (c->postgresql) {
        odbc_attr_default(t, "KeepaliveTime", RT_DRV_KEEPALIVE_IDLE_S);
        odbc_attr_default(t, "KeepaliveInterval", RT_DRV_KEEPALIVE_INTERVAL_S);
    }
}

/* Returns 0, or -1 with c->diag set. */
static int odbc_connection_string(odbc_conn *c, const struct rt_driver_connect_args *a,
                                  odbc_text *t)
{
    const char *raw = odbc_param(a, "odbc_connect");
    const char *driver = odbc_param(a, "driver");
    const char *dsn = odbc_param(a, "dsn");
    char port[16];

    if (raw) {
        odbc_text_str(t, raw);
        if (t->len && t->s[t->len - 1] != ';')
            odbc_text_str(t, ";");
        odbc_backend_timeouts(c, t);
        return 0;
    }
    if (!driver && !dsn && a->host && *a->host && !a->port && !(a->database && *a->database))
        dsn = a->host; /* postgresql+odbc://user:pw@MYDSN */
    if (dsn) {
        odbc_attr(t, "DSN", dsn);
    } else if (driver) {
        odbc_attr(t, "DRIVER", driver);
        bool sqlite = a->dialect && strcmp(a->dialect, "sqlite") == 0;
        if (a->host && *a->host)
            odbc_attr(t, "SERVER", a->host);
        if (a->port) {
            snprintf(port, sizeof port, "%d", a->port);
            odbc_attr(t, "PORT", port);
        }
        if (a->database && *a->database)
            odbc_attr(t, "DATABASE", a->database);
        else if (sqlite)
            odbc_attr(t, "DATABASE", ":memory:");
    } else {
        odbc_diag_set(c, RT_DRV_CONNECT,
                      "an ODBC URL needs ?driver=NAME, a DSN (dialect+odbc://@DSN) "
                      "or ?odbc_connect=CONNECTION-STRING");
        return -1;
    }
    if (a->user && *a->user)
        odbc_attr(t, "UID", a->user);
    if (a->password && *a->password)
        odbc_attr(t, "PWD", a->password);
    for (size_t i = 0; i < a->nparams; i++)
        if (!odbc_is_reserved_key(a->params[i].key))
            odbc_attr(t, a->params[i].key, a->params[i].value);
    odbc_backend_timeouts(c, t);
    return 0;
}

static int odbc_connect(void *h, const struct rt_driver_connect_args *a)
{
    odbc_conn *c = h;
    odbc_text cs = { 0 };
    SQLRETURN r;

    odbc_release(c);
    r = SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &c->env);
    if (!SQL_SUCCEEDED(r)) {
        odbc_diag_set(c, RT_DRV_CONNECT, "cannot allocate an ODBC environment (unixODBC)");
        return RT_DRV_CONNECT;
    }
    SQLSetEnvAttr(c->env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0);
    r = SQLAllocHandle(SQL_HANDLE_DBC, c->env, &c->dbc);
    if (!SQL_SUCCEEDED(r))
        return odbc_diag_take(c, SQL_HANDLE_ENV, c->env, RT_DRV_CONNECT, "SQLAllocHandle");

    /* The Driver Manager passes both on to the driver: login covers the
     * connection, the connection timeout any later wait that is not a
     * statement's (statements get SQL_ATTR_QUERY_TIMEOUT, odbc_run). */
    unsigned connect_s;
    char bad[256];
    c->mariadb = a->dialect && strcmp(a->dialect, "mysql") == 0;
    c->postgresql = a->dialect && strcmp(a->dialect, "postgresql") == 0;
    if (!rt_drv_read_timeouts(a, &connect_s, &c->read_timeout_s, bad, sizeof bad)) {
        odbc_diag_set(c, RT_DRV_CONNECT, "%s", bad);
        return RT_DRV_CONNECT;
    }
    c->connect_timeout_s = connect_s;
    SQLSetConnectAttr(c->dbc, SQL_ATTR_LOGIN_TIMEOUT, (SQLPOINTER)(uintptr_t)connect_s,
                      SQL_IS_UINTEGER);
    SQLSetConnectAttr(c->dbc, SQL_ATTR_CONNECTION_TIMEOUT,
                      (SQLPOINTER)(uintptr_t)c->read_timeout_s, SQL_IS_UINTEGER);

    if (odbc_connection_string(c, a, &cs) != 0) {
        free(cs.s);
        return RT_DRV_CONNECT;
    }
    if (cs.oom) {
        free(cs.s);
        odbc_diag_set(c, RT_DRV_NOMEM, "out of memory");
        return RT_DRV_NOMEM;
    }
    SQLCHAR out[1024];
    SQLSMALLINT outlen;
    r = SQLDriverConnect(c->dbc, NULL, (SQLCHAR *)cs.s, SQL_NTS, out, sizeof out, &outlen,
                         SQL_DRIVER_NOPROMPT);
    /* The connection string holds the password: wipe it before freeing. */
    memset(cs.s, 0, cs.len);
    free(cs.s);
    if (!SQL_SUCCEEDED(r)) {
        odbc_diag_take(c, SQL_HANDLE_DBC, c->dbc, RT_DRV_CONNECT, "SQLDriverConnect");
        /* unixODBC reports an unregistered driver as 01000 "Can't open lib"
         * and an unknown DSN as IM002: say where the names come from. */
        if (strcmp(c->diag.sqlstate, "IM002") == 0 || strstr(c->diag.message, "Can't open lib")) {
            size_t used = strlen(c->diag.message);
            snprintf(c->diag.message + used, sizeof c->diag.message - used,
                     " (`odbcinst -q -d` lists the registered drivers, `odbcinst -q -s` the DSNs)");
        }
        return RT_DRV_CONNECT;
    }
    c->connected = true;
    return RT_DRV_OK;
}

/* sql with each $n replaced by '?' (the ODBC marker), and order[k] the
 * index into values of the k-th marker: $2 may come first, $1 twice.
 * Returns RT_DRV_OK, or an error with diag set. */
static int odbc_markers(odbc_conn *c, const char *sql, size_t nparams, char **text,
                        size_t **order, size_t *nmarkers)
{
    size_t n = strlen(sql);
    *text = malloc(n + 1);
    *order = malloc((n / 2 + 1) * sizeof **order); /* a marker takes 2+ chars */
    *nmarkers = 0;
    if (!*text || !*order) {
        odbc_diag_set(c, RT_DRV_NOMEM, "out of memory");
        return RT_DRV_NOMEM;
    }
    size_t used = 0, pos = 0, done = 0, start, len;
    unsigned long num;
    while (rt_drv_next_placeholder(sql, &pos, c->mariadb, &start, &len, &num)) {
        if (num == 0 || num > nparams) {
            odbc_diag_set(c, RT_DRV_ERROR,
                          "placeholder %.*s has no value (%zu given; parameters are $1..$%zu)",
                          (int)len, sql + start, nparams, nparams);
            memcpy(c->diag.sqlstate, "07001", 6);
            return RT_DRV_ERROR;
        }
        memcpy(*text + used, sql + done, start - done);
        used += start - done;
        (*text)[used++] = '?';
        (*order)[(*nmarkers)++] = num - 1;
        done = pos;
    }
    memcpy(*text + used, sql + done, n - done + 1);
    return RT_DRV_OK;
}

/* Runs sql on a new statement handle; *out gets it on success (caller
 * frees). values NULL: sql as written; otherwise $n parameters bound as
 * text (SQL_C_CHAR), the backend converting to the column's type. */
static int odbc_run_params(odbc_conn *c, const char *sql, size_t nparams,
                           const char *const *values, SQLHSTMT *out)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    if (!c->connected)
        return odbc_not_connected(c);
    char *text = NULL;
    size_t *order = NULL, nmarkers = 0;
    SQLLEN *ind = NULL;
    int rc = RT_DRV_OK;
    if (values) {
        rc = odbc_markers(c, sql, nparams, &text, &order, &nmarkers);
        ind = calloc(nmarkers + 1, sizeof *ind);
        if (rc == RT_DRV_OK && !ind) {
            odbc_diag_set(c, RT_DRV_NOMEM, "out of memory");
            rc = RT_DRV_NOMEM;
        }
        if (rc != RT_DRV_OK)
            goto done;
        sql = text;
    }
    SQLRETURN r = SQLAllocHandle(SQL_HANDLE_STMT, c->dbc, &st);
    if (!SQL_SUCCEEDED(r)) {
        rc = odbc_diag_take(c, SQL_HANDLE_DBC, c->dbc, RT_DRV_ERROR, "SQLAllocHandle");
        goto done;
    }
    if (c->read_timeout_s && !c->mariadb)
        SQLSetStmtAttr(st, SQL_ATTR_QUERY_TIMEOUT, (SQLPOINTER)(uintptr_t)c->read_timeout_s,
                       SQL_IS_UINTEGER);
    for (size_t k = 0; k < nmarkers; k++) {
        const char *v = values[order[k]];
        ind[k] = v ? SQL_NTS : SQL_NULL_DATA;
        SQLULEN size = v && *v ? strlen(v) : 1;
        r = SQLBindParameter(st, (SQLUSMALLINT)(k + 1), SQL_PARAM_INPUT, SQL_C_CHAR,
                             SQL_VARCHAR, size, 0, (SQLPOINTER)(uintptr_t)v, 0, &ind[k]);
        if (!SQL_SUCCEEDED(r)) {
            rc = odbc_diag_take(c, SQL_HANDLE_STMT, st, RT_DRV_ERROR, "SQLBindParameter");
            goto done;
        }
    }
    r = SQLExecDirect(st, (SQLCHAR *)sql, SQL_NTS);
    /* SQL_NO_DATA: a searched UPDATE/DELETE that matched no row. */
    if (!SQL_SUCCEEDED(r) && r != SQL_NO_DATA) {
        rc = odbc_diag_take(c, SQL_HANDLE_STMT, st, RT_DRV_ERROR, "SQLExecDirect");
        goto done;
    }
    *out = st;
    st = SQL_NULL_HSTMT;
done:
    if (st != SQL_NULL_HSTMT)
        SQLFreeHandle(SQL_HANDLE_STMT, st);
    free(text);
    free(order);
    free(ind);
    return rc;
}

static int odbc_run(odbc_conn *c, const char *sql, SQLHSTMT *out)
{
    return odbc_run_params(c, sql, 0, NULL, out);
}

static int odbc_exec(void *h, const char *sql)
{
    odbc_conn *c = h;
    SQLHSTMT st = SQL_NULL_HSTMT;
    int rc = odbc_run(c, sql, &st);
    if (rc == RT_DRV_OK)
        SQLFreeHandle(SQL_HANDLE_STMT, st);
    return rc;
}

/* Reads column i of the current row as text, however long. *null set for
 * SQL NULL. Returns 0 or -1 (diag set). */
static int odbc_get_text(odbc_conn *c, SQLHSTMT st, SQLUSMALLINT col, odbc_text *t, bool *null)
{
    char chunk[4096];
    SQLLEN ind;
    t->len = 0;
    odbc_text_add(t, "", 0);
    *null = false;
    for (;;) {
        SQLRETURN r = SQLGetData(st, col, SQL_C_CHAR, chunk, sizeof chunk, &ind);
        if (r == SQL_NO_DATA)
            break;
        if (!SQL_SUCCEEDED(r))
            return odbc_diag_take(c, SQL_HANDLE_STMT, st, RT_DRV_ERROR, "SQLGetData");
        if (ind == SQL_NULL_DATA) {
            *null = true;
            break;
        }
        /* SQL_SUCCESS_WITH_INFO (01004) means the chunk was filled and
         * more follows; the chunk then holds sizeof-1 characters. */
        size_t got = (ind == SQL_NO_TOTAL || (size_t)ind >= sizeof chunk) ? sizeof chunk - 1
                                                                          : (size_t)ind;
        odbc_text_add(t, chunk, got);
        if (r == SQL_SUCCESS)
            break;
    }
    if (t->oom) {
        odbc_diag_set(c, RT_DRV_NOMEM, "out of memory");
        return RT_DRV_NOMEM;
    }
    return 0;
}

/* values NULL: query(); otherwise query_params(). */
static int odbc_query_bound(odbc_conn *c, const char *sql, size_t nparams,
                            const char *const *params, rt_driver_row_fn fn, void *ctx)
{
    SQLHSTMT st = SQL_NULL_HSTMT;
    SQLSMALLINT ncols = 0;
    int rc = odbc_run_params(c, sql, nparams, params, &st);
    if (rc != RT_DRV_OK)
        return rc;
    SQLNumResultCols(st, &ncols);
    if (ncols <= 0) {
        SQLFreeHandle(SQL_HANDLE_STMT, st);
        return RT_DRV_OK;
    }
    size_t n = (size_t)ncols;
    char **names = calloc(n, sizeof *names);
    odbc_text *cells = calloc(n, sizeof *cells);
    const char **values = calloc(n, sizeof *values);
    if (!names || !cells || !values) {
        odbc_diag_set(c, RT_DRV_NOMEM, "out of memory");
        rc = RT_DRV_NOMEM;
        goto done;
    }
    for (SQLUSMALLINT i = 1; i <= n; i++) {
        SQLCHAR name[256];
        SQLSMALLINT len, type, digits, nullable;
        SQLULEN size;
        if (!SQL_SUCCEEDED(SQLDescribeCol(st, i, name, sizeof name, &len, &type, &size, &digits,
                                          &nullable)))
            name[0] = '\0';
        names[i - 1] = strdup((char *)name);
        if (!names[i - 1]) {
            odbc_diag_set(c, RT_DRV_NOMEM, "out of memory");
            rc = RT_DRV_NOMEM;
            goto done;
        }
    }
    for (;;) {
        SQLRETURN r = SQLFetch(st);
        if (r == SQL_NO_DATA)
            break;
        if (!SQL_SUCCEEDED(r)) {
            rc = odbc_diag_take(c, SQL_HANDLE_STMT, st, RT_DRV_ERROR, "SQLFetch");
            goto done;
        }
        for (SQLUSMALLINT i = 1; i <= n; i++) {
            bool null;
            if ((rc = odbc_get_text(c, st, i, &cells[i - 1], &null)) != 0)
                goto done;
            values[i - 1] = null ? NULL : cells[i - 1].s;
        }
        if (fn && fn(ctx, n, (const char *const *)names, values) != 0)
            break;
    }
    rc = RT_DRV_OK;
done:
    SQLFreeHandle(SQL_HANDLE_STMT, st);
    for (size_t i = 0; i < n; i++) {
        if (names)
            free(names[i]);
        if (cells)
            free(cells[i].s);
    }
    free(names);
    free(cells);
    free(values);
    return rc;
}

static int odbc_query(void *h, const char *sql, rt_driver_row_fn fn, void *ctx)
{
    return odbc_query_bound(h, sql, 0, NULL, fn, ctx);
}

static const char *const odbc_no_values[1] = {NULL};

static int odbc_query_params(void *h, const char *sql, size_t nparams,
                             const char *const *values, rt_driver_row_fn fn, void *ctx)
{
    return odbc_query_bound(h, sql, nparams, values ? values : odbc_no_values, fn, ctx);
}

static int odbc_exec_params(void *h, const char *sql, size_t nparams,
                            const char *const *values)
{
    odbc_conn *c = h;
    SQLHSTMT st = SQL_NULL_HSTMT;
    int rc = odbc_run_params(c, sql, nparams, values ? values : odbc_no_values, &st);
    if (rc == RT_DRV_OK)
        SQLFreeHandle(SQL_HANDLE_STMT, st);
    return rc;
}

static int odbc_autocommit(odbc_conn *c, bool on)
{
    SQLRETURN r = SQLSetConnectAttr(c->dbc, SQL_ATTR_AUTOCOMMIT,
                                    (SQLPOINTER)(uintptr_t)(on ? SQL_AUTOCOMMIT_ON : SQL_AUTOCOMMIT_OFF),
                                    SQL_IS_UINTEGER);
    if (!SQL_SUCCEEDED(r))
        return odbc_diag_take(c, SQL_HANDLE_DBC, c->dbc, RT_DRV_ERROR, "SQLSetConnectAttr");
    return RT_DRV_OK;
}

/* ODBC has no BEGIN: a transaction is manual-commit mode until SQLEndTran. */
static int odbc_begin(void *h)
{
    odbc_conn *c = h;
    if (!c->connected)
        return odbc_not_connected(c);
    int rc = odbc_autocommit(c, false);
    if (rc == RT_DRV_OK)
        c->in_tx = true;
    return rc;
}

static int odbc_end(odbc_conn *c, SQLSMALLINT how)
{
    if (!c->connected)
        return odbc_not_connected(c);
    if (!c->in_tx) {
        odbc_diag_set(c, RT_DRV_ERROR, "no transaction is open");
        return RT_DRV_ERROR;
    }
    SQLRETURN r = SQLEndTran(SQL_HANDLE_DBC, c->dbc, how);
    c->in_tx = false;
    int rc = SQL_SUCCEEDED(r) ? RT_DRV_OK
                              : odbc_diag_take(c, SQL_HANDLE_DBC, c->dbc, RT_DRV_ERROR, "SQLEndTran");
    int rc2 = odbc_autocommit(c, true);
    return rc != RT_DRV_OK ? rc : rc2;
}

static int odbc_commit(void *h)
{
    return odbc_end(h, SQL_COMMIT);
}

static int odbc_rollback(void *h)
{
    return odbc_end(h, SQL_ROLLBACK);
}

static const struct rt_driver_diag *odbc_error(void *h)
{
    return &((odbc_conn *)h)->diag;
}

/* "<DBMS name> <DBMS version>" as the ODBC driver reports them. */
static int odbc_server_info(void *h, char *buf, size_t size)
{
    odbc_conn *c = h;
    if (!c->connected)
        return odbc_not_connected(c);
    char name[256] = "", ver[256] = "";
    SQLSMALLINT len;
    SQLRETURN r = SQLGetInfo(c->dbc, SQL_DBMS_NAME, name, sizeof name, &len);
    if (SQL_SUCCEEDED(r))
        r = SQLGetInfo(c->dbc, SQL_DBMS_VER, ver, sizeof ver, &len);
    if (!SQL_SUCCEEDED(r))
        return odbc_diag_take(c, SQL_HANDLE_DBC, c->dbc, RT_DRV_ERROR, "SQLGetInfo");
    snprintf(buf, size, "%s %s", name, ver);
    return RT_DRV_OK;
}

static const struct rt_driver odbc_driver = {
    .abi_version = RT_DRIVER_ABI_VERSION,
    .struct_size = sizeof(struct rt_driver),
    .name = "odbc",
    .description = "any backend through unixODBC (ODBC 3)",
    /* Whether DDL rolls back is the backend's business, not the transport's:
     * the core asks the dialect. */
    .caps = RT_DRV_CAP_TRANSACTIONS | RT_DRV_CAP_BACKEND_DEFINED,
    .create = odbc_create,
    .destroy = odbc_destroy,
    .connect = odbc_connect,
    .exec = odbc_exec,
    .query = odbc_query,
    .begin = odbc_begin,
    .commit = odbc_commit,
    .rollback = odbc_rollback,
    .error = odbc_error,
    .exec_params = odbc_exec_params,
    .query_params = odbc_query_params,
    .server_info = odbc_server_info,
};

RT_DRIVER_EXPORT const struct rt_driver *rt_driver_entry(uint32_t host_abi)
{
    (void)host_abi; /* any host reads the prefix it knows; see rt_driver.h */
    return &odbc_driver;
}
