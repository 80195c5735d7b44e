#include "rt_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rt_error_clear(rt_error *err)
{
    memset(err, 0, sizeof *err);
}

int rt_error_set(rt_error *err, int code, const char *fmt, ...)
{
    va_list ap;
    err->code = code;
    err->native = 0;
    err->sqlstate[0] = '\0';
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

int rt_error_at(rt_error *err, int code, const char *path, int line, int col, const char *fmt,
                ...)
{
    char msg[RT_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rt_error_set(err, code, "%s:%d:%d: %s.", path ? path : "<input>", line, col, msg);
}

int rt_error_prefix(rt_error *err, const char *fmt, ...)
{
    char prefix[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    /* Shift the old message right; its tail is cut when the two do not fit. */
    size_t plen = strlen(prefix);
    size_t mlen = strlen(err->message);
    if (plen >= sizeof err->message)
        plen = sizeof err->message - 1;
    if (plen + mlen >= sizeof err->message)
        mlen = sizeof err->message - 1 - plen;
    memmove(err->message + plen, err->message, mlen);
    memcpy(err->message, prefix, plen);
    err->message[plen + mlen] = '\0';
    return err->code;
}

const char *rt_strerror(int code)
{
    switch (code) {
    case RT_OK: return "ok";
    case RT_EUSAGE: return "usage error";
    case RT_ECONFIG: return "configuration error";
    case RT_EPARSE: return "parse error";
    case RT_EGRAPH: return "revision graph error";
    case RT_EDRIVER: return "driver could not be loaded";
    case RT_EDB: return "database error";
    case RT_EMIGRATE: return "migration failed";
    case RT_EIO: return "file system error";
    case RT_ENOTFOUND: return "not found";
    case RT_ENOTSUPPORTED: return "not supported by this dialect";
    default: return "unknown error";
    }
}

int rt_exit_status(int code)
{
    if (code == RT_OK)
        return 0;
    if (code == RT_EMIGRATE)
        return 1;
    return 2;
}
