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

/* One row per code: the only place that says what a code means. */
static const struct er_code {
    int code;
    enum rt_error_class cls;
    const char *name;
    const char *text;
} er_codes[] = {
    { RT_OK, RT_CLASS_NONE, "ok", "ok" },
    { RT_EUSAGE, RT_CLASS_USAGE, "usage", "usage error" },
    { RT_ECONFIG, RT_CLASS_CONFIG, "config", "configuration error" },
    { RT_EPARSE, RT_CLASS_PARSE, "parse", "parse error" },
    { RT_EGRAPH, RT_CLASS_GRAPH, "graph", "revision graph error" },
    { RT_ENOREV, RT_CLASS_GRAPH, "no_revision", "no such revision" },
    { RT_ENOTSUPPORTED, RT_CLASS_DIALECT, "not_supported", "not supported by this dialect" },
    { RT_ENOTFOUND, RT_CLASS_DIALECT, "not_found", "not found" },
    { RT_EDRIVER, RT_CLASS_DRIVER, "driver", "driver could not be loaded" },
    { RT_ENOMEM, RT_CLASS_DRIVER, "driver_memory", "out of memory in the driver" },
    { RT_ENOSLOT, RT_CLASS_DRIVER, "driver_slot", "not supported by this driver's ABI" },
    { RT_EDB, RT_CLASS_DB, "db", "database error" },
    { RT_ECONNECT, RT_CLASS_DB, "connect", "cannot connect" },
    { RT_ELOCK, RT_CLASS_LOCK, "lock", "migration lock not obtained" },
    { RT_EMIGRATE, RT_CLASS_MIGRATE, "migrate", "migration failed" },
    { RT_EIO, RT_CLASS_IO, "io", "file system error" },
    { RT_EEXIST, RT_CLASS_IO, "exists", "file exists" },
};

static const struct er_code *er_find(int code)
{
    for (size_t i = 0; i < sizeof er_codes / sizeof er_codes[0]; i++)
        if (er_codes[i].code == code)
            return &er_codes[i];
    return NULL;
}

int rt_error_keep_first(rt_error *err, const rt_error *later, const char *what)
{
    if (err->code == RT_OK) {
        *err = *later;
        return err->code;
    }
    size_t len = strlen(err->message);
    snprintf(err->message + len, sizeof err->message - len, "\n" RT_ERROR_ALSO_FMT, what,
             later->message);
    return err->code;
}

const char *rt_strerror(int code)
{
    const struct er_code *c = er_find(code);
    return c ? c->text : "unknown error";
}

enum rt_error_class rt_error_class(int code)
{
    const struct er_code *c = er_find(code);
    return c ? c->cls : RT_CLASS_UNKNOWN;
}

const char *rt_error_class_name(enum rt_error_class cls)
{
    static const char *const names[] = {
        [RT_CLASS_NONE] = "none",     [RT_CLASS_USAGE] = "usage",
        [RT_CLASS_CONFIG] = "config", [RT_CLASS_PARSE] = "parse",
        [RT_CLASS_GRAPH] = "graph",   [RT_CLASS_DIALECT] = "dialect",
        [RT_CLASS_DRIVER] = "driver", [RT_CLASS_DB] = "db",
        [RT_CLASS_LOCK] = "lock",     [RT_CLASS_MIGRATE] = "migrate",
        [RT_CLASS_IO] = "io",         [RT_CLASS_UNKNOWN] = "unknown",
    };
    if ((unsigned)cls > RT_CLASS_UNKNOWN)
        return "unknown";
    return names[cls];
}

const char *rt_error_code_name(int code)
{
    const struct er_code *c = er_find(code);
    return c ? c->name : "unknown";
}

int rt_exit_status(int code)
{
    if (code == RT_OK)
        return 0;
    if (rt_error_class(code) == RT_CLASS_MIGRATE)
        return 1;
    return 2;
}
