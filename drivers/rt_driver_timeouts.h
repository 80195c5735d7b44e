/* Timeouts every network driver applies, and how it reads them from the
 * URL: one owner for the defaults and for the "seconds" syntax, shared by the
 * libpq, mysqlclient and odbc modules (header only: a module builds against
 * the C library and its client library alone).
 *
 *   ?connect_timeout=N  seconds for the whole connection: TCP connect, TLS,
 *                       authentication and the server's first answer.
 *                       Default RT_DRV_CONNECT_TIMEOUT_S; 0 waits forever.
 *   ?read_timeout=N     seconds to wait for the answer to one statement.
 *                       Default 0: no limit, because a legitimate migration
 *                       step (an index build on a large table, a lock wait)
 *                       sends nothing until it ends, and a wall clock cannot
 *                       tell it from a hung server. A dead peer (host down,
 *                       network cut) is found instead by TCP keepalives,
 *                       which libpq, mysqlclient and psqlODBC get with the
 *                       values below: about two minutes without any answer.
 *
 * docs/configuration.md, "Timeouts", says the same for users.
 */
#ifndef RT_DRIVER_TIMEOUTS_H
#define RT_DRIVER_TIMEOUTS_H

#include "rt_driver.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RT_DRV_CONNECT_TIMEOUT_S 10
#define RT_DRV_READ_TIMEOUT_S 0
#define RT_DRV_KEEPALIVE_IDLE_S 60     /* first probe after a minute of silence */
#define RT_DRV_KEEPALIVE_INTERVAL_S 10
#define RT_DRV_KEEPALIVE_COUNT 6       /* dead after 60 + 6 * 10 s unanswered */
#define RT_DRV_TIMEOUT_MAX_S 86400u

/* "N" with 0 <= N <= a day into *out; false for anything else. */
static inline bool rt_drv_parse_seconds(const char *v, unsigned *out)
{
    if (!v || *v < '0' || *v > '9')
        return false;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (*end || n > RT_DRV_TIMEOUT_MAX_S)
        return false;
    *out = (unsigned)n;
    return true;
}

static inline bool rt_drv_is_timeout_key(const char *key)
{
    return strcmp(key, "connect_timeout") == 0 || strcmp(key, "read_timeout") == 0;
}

/* ?connect_timeout= and ?read_timeout= of a into *connect_s and *read_s,
 * the defaults when absent. A bad value: false, with the message in msg. */
static inline bool rt_drv_read_timeouts(const struct rt_driver_connect_args *a,
                                        unsigned *connect_s, unsigned *read_s, char *msg,
                                        size_t msg_size)
{
    *connect_s = RT_DRV_CONNECT_TIMEOUT_S;
    *read_s = RT_DRV_READ_TIMEOUT_S;
    for (size_t i = 0; i < a->nparams; i++) {
        const char *k = a->params[i].key, *v = a->params[i].value ? a->params[i].value : "";
        if (!rt_drv_is_timeout_key(k))
            continue;
        if (!rt_drv_parse_seconds(v, strcmp(k, "read_timeout") == 0 ? read_s : connect_s)) {
            snprintf(msg, msg_size, "invalid URL option %s=%s (expected seconds, 0 to %u)", k,
                     v, RT_DRV_TIMEOUT_MAX_S);
            return false;
        }
    }
    return true;
}

#endif
