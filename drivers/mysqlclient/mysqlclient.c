/* retort driver for MySQL and MariaDB through MariaDB Connector/C (the
 * mysqlclient C API). sql_mode is left as the server has it: the MySQL
 * dialect quotes with backticks and needs no ANSI_QUOTES. */
#include "rt_driver.h"
#include "rt_driver_placeholders.h"
#include "rt_driver_timeouts.h"

#include <mysql.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct my_conn {
    MYSQL *m;
    struct rt_driver_diag diag;
};

static int my_fail(struct my_conn *c, int status, long native, const char *sqlstate,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int my_fail(struct my_conn *c, int status, long native, const char *sqlstate,
                   const char *fmt, ...)
{
    va_list ap;
    c->diag.status = status;
    c->diag.native_code = native;
    snprintf(c->diag.sqlstate, sizeof c->diag.sqlstate, "%s", sqlstate ? sqlstate : "");
    va_start(ap, fmt);
    vsnprintf(c->diag.message, sizeof c->diag.message, fmt, ap);
    va_end(ap);
    return status;
}

/* The client library's own errno, SQLSTATE and text for the last call. */
static int my_fail_conn(struct my_conn *c, int status)
{
    const char *state = mysql_sqlstate(c->m);
    /* "00000" is what the library says when only the client side failed. */
    if (state && strcmp(state, "00000") == 0)
        state = "";
    return my_fail(c, status, (long)mysql_errno(c->m), state, "%s", mysql_error(c->m));
}

static void *my_create(void)
{
    return calloc(1, sizeof(struct my_conn));
}

static void my_close(struct my_conn *c)
{
    if (c->m) {
        mysql_close(c->m);
        c->m = NULL;
    }
}

static void my_destroy(void *h)
{
    struct my_conn *c = h;
    if (!c)
        return;
    my_close(c);
    free(c);
}

/* TCP keepalives with retort's values (rt_driver_timeouts.h): a server
 * that died mid-statement is found in about two minutes instead of never.
 * Failures are ignored: a Unix socket has no TCP options. */
static void my_keepalive(struct my_conn *c)
{
    int fd = (int)mysql_get_socket(c->m);
    int on = 1, idle = RT_DRV_KEEPALIVE_IDLE_S, intvl = RT_DRV_KEEPALIVE_INTERVAL_S,
        cnt = RT_DRV_KEEPALIVE_COUNT;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on) != 0)
        return;
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &intvl, sizeof intvl);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &cnt, sizeof cnt);
}

static int my_connect(void *h, const struct rt_driver_connect_args *a)
{
    struct my_conn *c = h;
    my_close(c);
    c->m = mysql_init(NULL);
    if (!c->m)
        return my_fail(c, RT_DRV_NOMEM, 0, NULL, "out of memory");

    /* Without a charset the session gets the server's default, which on
     * MariaDB is still latin1/utf8mb3 in places: SQLAlchemy users expect
     * utf8mb4. */
    const char *charset = "utf8mb4";
    const char *unix_socket = NULL;
    unsigned connect_s, read_s;
    char bad[256];
    if (!rt_drv_read_timeouts(a, &connect_s, &read_s, bad, sizeof bad))
        return my_fail(c, RT_DRV_CONNECT, 0, NULL, "%s", bad);
    mysql_options(c->m, MYSQL_OPT_CONNECT_TIMEOUT, &connect_s);
    mysql_options(c->m, MYSQL_OPT_READ_TIMEOUT, &read_s);
    for (size_t i = 0; i < a->nparams; i++) {
        const char *k = a->params[i].key;
        const char *v = a->params[i].value ? a->params[i].value : "";
        unsigned n;
        enum mysql_option timeout_opt;
        if (strcmp(k, "charset") == 0) {
            charset = v;
            continue;
        }
        if (strcmp(k, "unix_socket") == 0) {
            unix_socket = v;
            continue;
        }
        if (rt_drv_is_timeout_key(k))
            continue; /* read above */
        if (strcmp(k, "write_timeout") == 0)
            timeout_opt = MYSQL_OPT_WRITE_TIMEOUT;
        else
            return my_fail(c, RT_DRV_CONNECT, 0, NULL,
                           "unknown mysqlclient URL option '%s' (supported: charset, "
                           "unix_socket, connect_timeout, read_timeout, write_timeout)",
                           k);
        if (!rt_drv_parse_seconds(v, &n))
            return my_fail(c, RT_DRV_CONNECT, 0, NULL,
                           "invalid URL option %s=%s (expected seconds, 0 to %u)", k, v,
                           RT_DRV_TIMEOUT_MAX_S);
        mysql_options(c->m, timeout_opt, &n);
    }
    if (mysql_options(c->m, MYSQL_SET_CHARSET_NAME, charset) != 0)
        return my_fail_conn(c, RT_DRV_CONNECT);

    const char *host = a->host && *a->host ? a->host : NULL;
    if (unix_socket) {
        /* Connector/C uses TCP whenever a host other than localhost is
         * named; ?unix_socket= means the socket, whatever the URL's host. */
        unsigned proto = MYSQL_PROTOCOL_SOCKET;
        mysql_options(c->m, MYSQL_OPT_PROTOCOL, &proto);
        host = "localhost";
    }
    const char *db = a->database && *a->database ? a->database : NULL;
    if (!mysql_real_connect(c->m, host, a->user, a->password, db,
                            a->port > 0 ? (unsigned)a->port : 0, unix_socket, 0)) {
        my_fail_conn(c, RT_DRV_CONNECT);
        my_close(c);
        return RT_DRV_CONNECT;
    }
    my_keepalive(c);
    return RT_DRV_OK;
}

static int my_not_connected(struct my_conn *c)
{
    return my_fail(c, RT_DRV_ERROR, 0, "08003", "not connected");
}

static int my_run(struct my_conn *c, const char *sql, MYSQL_RES **res)
{
    *res = NULL;
    if (!c->m)
        return my_not_connected(c);
    if (mysql_real_query(c->m, sql, (unsigned long)strlen(sql)) != 0)
        return my_fail_conn(c, RT_DRV_ERROR);
    *res = mysql_store_result(c->m);
    if (!*res && mysql_field_count(c->m) != 0)
        return my_fail_conn(c, RT_DRV_ERROR);
    return RT_DRV_OK;
}

static int my_exec(void *h, const char *sql)
{
    MYSQL_RES *res;
    int rc = my_run(h, sql, &res);
    if (res)
        mysql_free_result(res);
    return rc;
}

static int my_query(void *h, const char *sql, rt_driver_row_fn fn, void *ctx)
{
    struct my_conn *c = h;
    MYSQL_RES *res;
    int rc = my_run(c, sql, &res);
    if (rc != RT_DRV_OK || !res)
        return rc;
    size_t ncols = mysql_num_fields(res);
    MYSQL_FIELD *fields = mysql_fetch_fields(res);
    const char **names = calloc(ncols + 1, sizeof *names);
    if (!names) {
        mysql_free_result(res);
        return my_fail(c, RT_DRV_NOMEM, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < ncols; i++)
        names[i] = fields[i].name;
    MYSQL_ROW row;
    while ((row = mysql_fetch_row(res)) != NULL) {
        /* MYSQL_ROW is char **: NULL entries are SQL NULL, the rest text. */
        if (fn && fn(ctx, ncols, names, (const char *const *)row) != 0)
            break;
    }
    free(names);
    mysql_free_result(res);
    return RT_DRV_OK;
}

static int my_begin(void *h)
{
    return my_exec(h, "START TRANSACTION");
}

static int my_commit(void *h)
{
    return my_exec(h, "COMMIT");
}

static int my_rollback(void *h)
{
    return my_exec(h, "ROLLBACK");
}

static const struct rt_driver_diag *my_error(void *h)
{
    return &((struct my_conn *)h)->diag;
}

/* The statement with each $n replaced by values[n-1] as a quoted, escaped
 * literal (NULL as NULL): client-side binding as Python's mysqlclient and
 * PyMySQL do, so a value is data and the server converts it to the
 * column's type. NULL with c->diag set on a bad placeholder. Caller frees. */
static char *my_interpolate(struct my_conn *c, const char *sql, size_t nparams,
                            const char *const *values)
{
    bool backslash = !(c->m->server_status & SERVER_STATUS_NO_BACKSLASH_ESCAPES);
    size_t cap = strlen(sql) + 1;
    for (size_t i = 0; i < nparams; i++)
        cap += values[i] ? 2 * strlen(values[i]) + 3 : 5;
    /* A value may appear several times: grow as needed. */
    char *out = malloc(cap);
    if (!out) {
        my_fail(c, RT_DRV_NOMEM, 0, NULL, "out of memory");
        return NULL;
    }
    size_t used = 0, pos = 0, done = 0, start, len;
    unsigned long num;
    while (rt_drv_next_placeholder(sql, &pos, backslash, &start, &len, &num)) {
        if (num == 0 || num > nparams) {
            my_fail(c, RT_DRV_ERROR, 0, "07001",
                    "placeholder %.*s has no value (%zu given; parameters are $1..$%zu)",
                    (int)len, sql + start, nparams, nparams);
            free(out);
            return NULL;
        }
        const char *v = values[num - 1];
        size_t need = used + (start - done) + (v ? 2 * strlen(v) + 3 : 5) + strlen(sql + pos) + 1;
        if (need > cap) {
            char *p = realloc(out, need);
            if (!p) {
                free(out);
                my_fail(c, RT_DRV_NOMEM, 0, NULL, "out of memory");
                return NULL;
            }
            out = p;
            cap = need;
        }
        memcpy(out + used, sql + done, start - done);
        used += start - done;
        if (v) {
            out[used++] = '\'';
            used += mysql_real_escape_string(c->m, out + used, v, (unsigned long)strlen(v));
            out[used++] = '\'';
        } else {
            memcpy(out + used, "NULL", 4);
            used += 4;
        }
        done = pos;
    }
    memcpy(out + used, sql + done, strlen(sql + done) + 1);
    return out;
}

static int my_query_params(void *h, const char *sql, size_t nparams,
                           const char *const *values, rt_driver_row_fn fn, void *ctx)
{
    struct my_conn *c = h;
    if (!c->m)
        return my_not_connected(c);
    char *text = my_interpolate(c, sql, nparams, values);
    if (!text)
        return c->diag.status;
    int rc = my_query(c, text, fn, ctx);
    free(text);
    return rc;
}

static int my_exec_params(void *h, const char *sql, size_t nparams,
                          const char *const *values)
{
    return my_query_params(h, sql, nparams, values, NULL, NULL);
}

/* MariaDB's own version string, e.g. "10.11.6-MariaDB-0+deb12u1". */
static int my_server_info(void *h, char *buf, size_t size)
{
    struct my_conn *c = h;
    if (!c->m)
        return my_not_connected(c);
    snprintf(buf, size, "%s", mysql_get_server_info(c->m));
    return RT_DRV_OK;
}

static const struct rt_driver my_table = {
    .abi_version = RT_DRIVER_ABI_VERSION,
    .struct_size = sizeof(struct rt_driver),
    .name = "mysqlclient",
    .description = "MySQL/MariaDB via MariaDB Connector/C",
    /* MySQL commits DDL implicitly: no TRANSACTIONAL_DDL. */
    .caps = RT_DRV_CAP_TRANSACTIONS | RT_DRV_CAP_SAVEPOINTS,
    .create = my_create,
    .destroy = my_destroy,
    .connect = my_connect,
    .exec = my_exec,
    .query = my_query,
    .begin = my_begin,
    .commit = my_commit,
    .rollback = my_rollback,
    .error = my_error,
    .exec_params = my_exec_params,
    .query_params = my_query_params,
    .server_info = my_server_info,
};

RT_DRIVER_EXPORT const struct rt_driver *rt_driver_entry(uint32_t host_abi)
{
    (void)host_abi; /* any host reads the prefix it knows; see rt_driver.h */
    return &my_table;
}
