#include "db.h"
#include "backend_registry.h"
#include "clock.h"
#include "dialect.h"
#include "driver_load.h"
#include "rt_mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rt_db {
    rt_driver_module *module;
    const struct rt_driver *drv;
    void *h;
    const rt_dialect *dialect;
    rt_url *url; /* deep copy, built and freed here */
    rt_db_trace_fn trace;
    void *trace_ctx;
};

void rt_db_set_trace(rt_db *db, rt_db_trace_fn fn, void *ctx)
{
    db->trace = fn;
    db->trace_ctx = ctx;
}

/* The trace's two calls around one statement: the start time, then the
 * elapsed seconds with the result. */
static double db_trace_start(const rt_db *db, const char *sql)
{
    if (!db->trace)
        return 0;
    db->trace(db->trace_ctx, sql, -1, RT_OK);
    return rt_clock_monotonic();
}

static int db_trace_end(const rt_db *db, const char *sql, double t0, int rc)
{
    if (db->trace) {
        double secs = rt_clock_monotonic() - t0;
        db->trace(db->trace_ctx, sql, secs < 0 ? 0 : secs, rc);
    }
    return rc;
}

static rt_url *db_url_copy(const rt_url *src)
{
    rt_url *u = rt_xcalloc(1, sizeof *u);
    u->dialect = rt_xstrdup(src->dialect);
    u->driver = rt_xstrdup(src->driver);
    u->user = rt_xstrdup(src->user);
    u->password = rt_xstrdup(src->password);
    u->host = rt_xstrdup(src->host);
    u->port = src->port;
    u->database = rt_xstrdup(src->database);
    u->nquery = src->nquery;
    if (src->nquery) {
        u->query_keys = rt_xcalloc(src->nquery, sizeof *u->query_keys);
        u->query_values = rt_xcalloc(src->nquery, sizeof *u->query_values);
        for (size_t i = 0; i < src->nquery; i++) {
            u->query_keys[i] = rt_xstrdup(src->query_keys[i]);
            u->query_values[i] = rt_xstrdup(src->query_values[i]);
        }
    }
    return u;
}

static void db_url_free(rt_url *u)
{
    if (!u)
        return;
    for (size_t i = 0; i < u->nquery; i++) {
        free(u->query_keys[i]);
        free(u->query_values[i]);
    }
    free(u->query_keys);
    free(u->query_values);
    free(u->dialect);
    free(u->driver);
    free(u->user);
    free(u->password);
    free(u->host);
    free(u->database);
    free(u);
}

/* Copies the driver's diagnostics into err: RT_EDB, SQLSTATE, native code
 * and the server's text, whole, with the SQLSTATE after it: at the end of a
 * one-line message, on its own line below a multi-line one (DETAIL, HINT,
 * a MariaDB message that spans lines), never inside the server's text. */
static int db_fail(const rt_db *db, rt_error *err, const char *context)
{
    const struct rt_driver_diag *d = db->drv->error(db->h);
    char text[sizeof d->message];
    snprintf(text, sizeof text, "%s", d->message[0] ? d->message : "unknown error");
    size_t len = strlen(text);
    while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
        text[--len] = '\0';
    char tag[64] = "";
    if (d->sqlstate[0] && d->native_code)
        snprintf(tag, sizeof tag, "(SQLSTATE %s, error %ld)", d->sqlstate, d->native_code);
    else if (d->sqlstate[0])
        snprintf(tag, sizeof tag, "(SQLSTATE %s)", d->sqlstate);
    else if (d->native_code)
        snprintf(tag, sizeof tag, "(error %ld)", d->native_code);
    const char *sep = !tag[0] ? "" : strchr(text, '\n') ? "\n" : " ";
    if (d->status == RT_DRV_NOMEM)
        return rt_error_set(err, RT_ENOMEM, "%sout of memory in the %s driver",
                            context ? context : "", db->drv->name);
    rt_error_set(err, RT_EDB, "%s%s%s%s", context ? context : "", text, sep, tag);
    snprintf(err->sqlstate, sizeof err->sqlstate, "%s", d->sqlstate);
    err->native = d->native_code;
    return RT_EDB;
}

/* A connection failure is one line (libpq adds "\n\tIs the server
 * running...", ODBC one line per diagnostic record): it is read in a
 * terminal or a CI log, where a wrapped tail looks like a second error.
 * Statement errors keep their DETAIL/HINT lines. */
static void db_one_line(char *msg)
{
    char *w = msg;
    for (const char *r = msg; *r; r++) {
        if (*r == '\n' || *r == '\t' || *r == '\r') {
            if (w > msg && w[-1] != ' ')
                *w++ = ' ';
            continue;
        }
        *w++ = *r;
    }
    while (w > msg && w[-1] == ' ')
        w--;
    *w = '\0';
}

int rt_db_open(rt_db **out, const rt_url *url, rt_error *err)
{
    *out = NULL;
    const rt_backend *backend = rt_backend_named(url->dialect);
    if (!backend)
        return rt_error_set(err, RT_ECONFIG, "unknown database dialect '%s'", url->dialect);
    if (rt_url_names_nothing(url))
        return rt_error_set(err, RT_ECONFIG,
                            "the URL %s:// names no host and no database: enough for "
                            "'upgrade --sql' and 'downgrade --sql', which connect to nothing, "
                            "not to connect; write %s://user:password@host/database",
                            url->dialect, url->dialect);
    /* rt_url_parse checks this already; an rt_url built by other code too */
    if (rt_backend_check_driver(backend, url->driver, err) != RT_OK)
        return err->code;
    const rt_dialect *dialect = backend->dialect;

    rt_db *db = rt_xcalloc(1, sizeof *db);
    db->dialect = dialect;
    int rc = rt_driver_load(&db->module, url->driver, rt_backend_client_package(url->driver),
                            err);
    if (rc != RT_OK) {
        free(db);
        return rc;
    }
    db->drv = rt_driver_module_table(db->module);
    db->h = db->drv->create();
    if (!db->h) {
        rt_driver_unload(db->module);
        free(db);
        return rt_error_set(err, RT_ENOMEM, "out of memory in the %s driver", url->driver);
    }
    db->url = db_url_copy(url);

    struct rt_driver_param *params = rt_xcalloc(url->nquery + 1, sizeof *params);
    for (size_t i = 0; i < url->nquery; i++) {
        params[i].key = url->query_keys[i];
        params[i].value = url->query_values[i];
    }
    struct rt_driver_connect_args args = {
        .struct_size = sizeof args,
        .dialect = url->dialect,
        .host = url->host,
        .port = url->port,
        .user = url->user,
        .password = url->password,
        .database = url->database,
        .params = params,
        .nparams = url->nquery,
    };
    rc = db->drv->connect(db->h, &args);
    free(params);
    if (rc != RT_DRV_OK) {
        char *where = rt_url_redacted(url);
        char context[1024];
        snprintf(context, sizeof context, "cannot connect to %s: ", where);
        free(where);
        if (db_fail(db, err, context) == RT_EDB)
            err->code = RT_ECONNECT;
        /* Client libraries may echo the connection string back. */
        rt_url_redact_text(url, err->message, sizeof err->message);
        db_one_line(err->message);
        rt_db_close(db);
        return err->code;
    }
    /* Here, not in the driver: a driver knows nothing of portable SQL, and
     * ODBC serves every backend. */
    for (const char *const *s = dialect->session_sql; s && *s; s++) {
        if (rt_db_exec(db, *s, err) != RT_OK) {
            char *where = rt_url_redacted(url);
            rt_error_prefix(err, "cannot set up the session on %s (%s): ", where, *s);
            free(where);
            rt_db_close(db);
            if (err->code == RT_EDB)
                err->code = RT_ECONNECT;
            return err->code;
        }
    }
    *out = db;
    return RT_OK;
}

void rt_db_close(rt_db *db)
{
    if (!db)
        return;
    if (db->drv)
        db->drv->destroy(db->h);
    rt_driver_unload(db->module);
    db_url_free(db->url);
    free(db);
}

int rt_db_exec(rt_db *db, const char *sql, rt_error *err)
{
    double t0 = db_trace_start(db, sql);
    int rc = db->drv->exec(db->h, sql) != RT_DRV_OK ? db_fail(db, err, NULL) : RT_OK;
    return db_trace_end(db, sql, t0, rc);
}

int rt_db_query(rt_db *db, const char *sql, rt_row_fn fn, void *ctx, rt_error *err)
{
    double t0 = db_trace_start(db, sql);
    int rc = db->drv->query(db->h, sql, fn, ctx) != RT_DRV_OK ? db_fail(db, err, NULL) : RT_OK;
    return db_trace_end(db, sql, t0, rc);
}

static int db_unsupported(const rt_db *db, const char *what, rt_error *err)
{
    return rt_error_set(err, RT_ENOSLOT,
                        "the %s driver (%s, driver ABI %u) cannot %s; the slot came "
                        "with driver ABI 2",
                        db->drv->name, rt_driver_module_path(db->module),
                        (unsigned)db->drv->abi_version, what);
}

int rt_db_exec_params(rt_db *db, const char *sql, size_t nparams, const char *const *values,
                      rt_error *err)
{
    if (!RT_DRIVER_HAS(db->drv, exec_params))
        return db_unsupported(db, "run statements with bound parameters", err);
    double t0 = db_trace_start(db, sql);
    int rc = db->drv->exec_params(db->h, sql, nparams, values) != RT_DRV_OK
                 ? db_fail(db, err, NULL)
                 : RT_OK;
    return db_trace_end(db, sql, t0, rc);
}

int rt_db_query_params(rt_db *db, const char *sql, size_t nparams,
                       const char *const *values, rt_row_fn fn, void *ctx, rt_error *err)
{
    if (!RT_DRIVER_HAS(db->drv, query_params))
        return db_unsupported(db, "run queries with bound parameters", err);
    double t0 = db_trace_start(db, sql);
    int rc = db->drv->query_params(db->h, sql, nparams, values, fn, ctx) != RT_DRV_OK
                 ? db_fail(db, err, NULL)
                 : RT_OK;
    return db_trace_end(db, sql, t0, rc);
}

int rt_db_server_version(rt_db *db, char **out, rt_error *err)
{
    *out = NULL;
    if (!RT_DRIVER_HAS(db->drv, server_info))
        return db_unsupported(db, "report the server version", err);
    char buf[512] = "";
    if (db->drv->server_info(db->h, buf, sizeof buf) != RT_DRV_OK)
        return db_fail(db, err, "cannot read the server version: ");
    *out = rt_xstrdup(buf);
    return RT_OK;
}

int rt_db_begin(rt_db *db, rt_error *err)
{
    double t0 = db_trace_start(db, "BEGIN");
    int rc = db->drv->begin(db->h) != RT_DRV_OK
                 ? db_fail(db, err, "cannot begin a transaction: ")
                 : RT_OK;
    return db_trace_end(db, "BEGIN", t0, rc);
}

int rt_db_commit(rt_db *db, rt_error *err)
{
    double t0 = db_trace_start(db, "COMMIT");
    int rc = db->drv->commit(db->h) != RT_DRV_OK ? db_fail(db, err, "cannot commit: ") : RT_OK;
    return db_trace_end(db, "COMMIT", t0, rc);
}

int rt_db_rollback(rt_db *db, rt_error *err)
{
    double t0 = db_trace_start(db, "ROLLBACK");
    int rc =
        db->drv->rollback(db->h) != RT_DRV_OK ? db_fail(db, err, "cannot roll back: ") : RT_OK;
    return db_trace_end(db, "ROLLBACK", t0, rc);
}

int rt_db_rollback_after(rt_db *db, rt_error *err)
{
    rt_error rb;
    rt_error_clear(&rb);
    if (rt_db_rollback(db, &rb) != RT_OK)
        return rt_error_keep_first(err, &rb, "The rollback");
    return err->code;
}

struct db_first_value {
    char *value;
};

static int db_take_first(void *ctx, size_t ncols, const char *const *names,
                         const char *const *values)
{
    (void)names;
    struct db_first_value *fv = ctx;
    if (ncols > 0 && values[0])
        fv->value = rt_xstrdup(values[0]);
    return 1;
}

int rt_db_query_value(rt_db *db, const char *sql, char **out, rt_error *err)
{
    struct db_first_value fv = {NULL};
    *out = NULL;
    int rc = rt_db_query(db, sql, db_take_first, &fv, err);
    if (rc != RT_OK) {
        free(fv.value);
        return rc;
    }
    *out = fv.value;
    return RT_OK;
}

bool rt_db_transactional_ddl(const rt_db *db)
{
    uint32_t caps = db->drv->caps;
    if (!(caps & RT_DRV_CAP_TRANSACTIONS))
        return false;
    bool dialect_ddl = (db->dialect->caps & RT_DIALECT_TRANSACTIONAL_DDL) != 0;
    bool driver_ddl = (caps & RT_DRV_CAP_TRANSACTIONAL_DDL) ||
                      ((caps & RT_DRV_CAP_BACKEND_DEFINED) && dialect_ddl);
    return driver_ddl && dialect_ddl;
}

const struct rt_dialect *rt_db_dialect(const rt_db *db)
{
    return db->dialect;
}

const struct rt_driver *rt_db_driver(const rt_db *db)
{
    return db->drv;
}

const rt_url *rt_db_url(const rt_db *db)
{
    return db->url;
}
