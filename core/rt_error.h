/* Error codes and the error record every fallible call fills.
 *
 * Every fallible function returns int: RT_OK (0) or a negative rt_code, and
 * fills the caller's rt_error with the detail. The record is a plain value
 * owned by whoever declared it, so no call ever allocates to report a failure.
 */
#ifndef RT_ERROR_H
#define RT_ERROR_H

#include <stddef.h>

enum rt_code {
    RT_OK = 0,
    RT_EUSAGE = -1,        /* bad command line or argument */
    RT_ECONFIG = -2,       /* config file or URL */
    RT_EPARSE = -3,        /* malformed revision or model file */
    RT_EGRAPH = -4,        /* duplicate/unknown revision, cycle, bad target */
    RT_EDRIVER = -5,       /* driver module could not be loaded */
    RT_EDB = -6,           /* the database refused (connect, query, ...) */
    RT_EMIGRATE = -7,      /* a migration statement failed: exit status 1 */
    RT_EIO = -8,           /* file system */
    RT_ENOTFOUND = -9,     /* a named thing does not exist */
    RT_ENOTSUPPORTED = -10 /* the dialect cannot express this operation */
};

#define RT_ERROR_MSG_MAX 4096

typedef struct rt_error {
    int code;                        /* enum rt_code */
    long native;                     /* backend's native error number, 0 if none */
    char sqlstate[6];                /* five characters, "" when the backend has none */
    char message[RT_ERROR_MSG_MAX];  /* complete, user-facing text */
} rt_error;

void rt_error_clear(rt_error *err);

/* Sets code and message (printf style); clears sqlstate/native. Returns code
 * so that `return rt_error_set(err, RT_EIO, ...)` reads naturally. */
int rt_error_set(rt_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* rt_error_set with the form of every message about a place in a file:
 * "path:line:col: <message>." (path NULL: "<input>"). */
int rt_error_at(rt_error *err, int code, const char *path, int line, int col, const char *fmt,
                ...) __attribute__((format(printf, 6, 7)));

/* Puts context in front of an existing message ("file.sql:3:1: " + msg),
 * keeping code, sqlstate and native. Returns err->code. */
int rt_error_prefix(rt_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Static text for a code. */
const char *rt_strerror(int code);

/* Process exit status for a code: 0 ok, 1 a migration failed, 2 anything
 * else (usage, config, input, connection). */
int rt_exit_status(int code);

#endif
