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
    RT_EGRAPH = -4,        /* duplicate revision, cycle, bad or unknown target */
    RT_EDRIVER = -5,       /* driver module could not be loaded */
    RT_EDB = -6,           /* the database refused a statement (query, commit, ...) */
    RT_EMIGRATE = -7,      /* a migration statement failed: exit status 1 */
    RT_EIO = -8,           /* file system */
    RT_ENOTFOUND = -9,     /* a table or column the model lacks (dialect render) */
    RT_ENOTSUPPORTED = -10, /* the dialect cannot express this operation */
    /* Situations that shared one of the codes above; appended so that no
     * value changes. Each code belongs to one class (rt_error_class). */
    RT_ECONNECT = -11,     /* cannot connect, or set up the session (was RT_EDB) */
    RT_ELOCK = -12,        /* the migration lock was not obtained in time (was RT_EDB) */
    RT_EEXIST = -13,       /* a file would be overwritten (was RT_EIO) */
    RT_ENOMEM = -14,       /* a driver's client library ran out of memory (was exit(2)) */
    RT_ENOREV = -15,       /* no revision by that id, prefix or label (was RT_ENOTFOUND) */
    RT_ENOSLOT = -16       /* the driver module predates a slot (was RT_ENOTSUPPORTED) */
};

/* What part of retort an error comes from: the first thing a caller (or a
 * script reading `retort verify --format json`) sorts errors by. Derived from
 * the code, so a call site only ever picks a code. */
enum rt_error_class {
    RT_CLASS_NONE = 0, /* RT_OK */
    RT_CLASS_USAGE,    /* RT_EUSAGE */
    RT_CLASS_CONFIG,   /* RT_ECONFIG */
    RT_CLASS_PARSE,    /* RT_EPARSE */
    RT_CLASS_GRAPH,    /* RT_EGRAPH, RT_ENOREV */
    RT_CLASS_DIALECT,  /* RT_ENOTSUPPORTED, RT_ENOTFOUND (a definition the model lacks) */
    RT_CLASS_DRIVER,   /* RT_EDRIVER, RT_ENOMEM, RT_ENOSLOT */
    RT_CLASS_DB,       /* RT_EDB, RT_ECONNECT */
    RT_CLASS_LOCK,     /* RT_ELOCK */
    RT_CLASS_MIGRATE,  /* RT_EMIGRATE */
    RT_CLASS_IO,       /* RT_EIO, RT_EEXIST */
    RT_CLASS_UNKNOWN   /* a value that is no rt_code */
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

/* When a clean-up after a failure (a rollback, a log row) fails as well:
 * err stays the error (code, SQLSTATE, native code, message) and a line
 * "<what> failed too: <later's message>" is appended to its message (cut
 * when it does not fit). When err holds no error, later becomes it.
 * Returns err->code. */
int rt_error_keep_first(rt_error *err, const rt_error *later, const char *what);
/* The form of that line, for a report built outside an rt_error. */
#define RT_ERROR_ALSO_FMT "%s failed too: %s"

/* Static text for a code. */
const char *rt_strerror(int code);
/* The class of a code (RT_CLASS_UNKNOWN for a value that is none). */
enum rt_error_class rt_error_class(int code);
/* Static lower-case names: "lock" for RT_CLASS_LOCK; "connect" for
 * RT_ECONNECT ("ok" for RT_OK, "unknown" for anything else). Stable:
 * scripts read them. */
const char *rt_error_class_name(enum rt_error_class cls);
const char *rt_error_code_name(int code);

/* Process exit status for a code: 0 ok, 1 a migration failed, 2 anything
 * else (usage, config, input, connection). */
int rt_exit_status(int code);

#endif
