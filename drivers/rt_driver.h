/* retort driver ABI.
 *
 * A driver is a shared module, loaded with dlopen at run time, that moves SQL
 * text to one client library and reports what the server said. It knows
 * nothing of migrations, dialects or the schema model. This header is all an
 * out-of-tree driver needs: it includes only the C standard library.
 *
 * A module exports exactly one symbol:
 *
 *     RT_DRIVER_EXPORT const struct rt_driver *rt_driver_entry(uint32_t host_abi);
 *
 * returning a pointer to a static, const table (or NULL to refuse a host ABI
 * it cannot serve). host_abi is the host's RT_DRIVER_ABI_VERSION; a driver
 * refuses only a host older than ABI 1 (none exists), since a newer host
 * reads an older table safely and an older host reads the prefix it knows.
 * The table starts with abi_version and struct_size; slots are only ever
 * appended, each group marked with the ABI version that added it, and
 * RT_DRIVER_ABI_VERSION is bumped on every layout change (SQLite's iVersion
 * rule). The loader accepts a table whose abi_version is not newer than its
 * own, requires every ABI 1 slot, and calls a later slot only when
 * struct_size covers it and it is not NULL (RT_DRIVER_HAS); it refuses a
 * table built for a newer ABI.
 *
 * Contract every driver keeps (tests/test_driver_conformance.c checks it):
 * - exec and query run exactly one statement: the core splits scripts
 *   itself (core/sql_blocks.c). A driver whose client library can tell
 *   refuses a second statement before running anything (sqlite3,
 *   mysqlclient, libpq's bound calls); one whose library runs them all
 *   (libpq's simple exec, some ODBC drivers) is never handed one.
 *   Whitespace and comments alone are a no-op for exec.
 * - query accepts fn == NULL: the rows are read and dropped.
 * - any call but connect/error/destroy on an unconnected handle fails with
 *   RT_DRV_ERROR, sqlstate "08003" (connection does not exist) and the
 *   message "not connected".
 * - connect on a connected handle closes the old connection first: no
 *   handle leaks.
 *
 * Module file name: retort_driver_<name>.so
 */
#ifndef RT_DRIVER_H
#define RT_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#define RT_DRIVER_ABI_VERSION 2u
#define RT_DRIVER_ENTRY_SYMBOL "rt_driver_entry"

#if defined(__GNUC__)
#define RT_DRIVER_EXPORT __attribute__((visibility("default")))
#else
#define RT_DRIVER_EXPORT
#endif

/* Return values of every driver call. */
enum rt_driver_status {
    RT_DRV_OK = 0,
    RT_DRV_ERROR = -1,   /* the server or client library refused; see error() */
    RT_DRV_NOMEM = -2,
    RT_DRV_CONNECT = -3  /* could not connect or authenticate; see error() */
};

/* Capability bits (caps). The core checks a bit before relying on it. */
#define RT_DRV_CAP_TRANSACTIONS      (1u << 0) /* begin/commit/rollback are real */
#define RT_DRV_CAP_TRANSACTIONAL_DDL (1u << 1) /* DDL inside a transaction rolls back */
#define RT_DRV_CAP_SAVEPOINTS        (1u << 2)
#define RT_DRV_CAP_BACKEND_DEFINED   (1u << 3) /* transport only (ODBC): DDL semantics
                                                  are the backend's, ask the dialect */

/* What went wrong, as the backend said it. Owned by the connection handle. */
struct rt_driver_diag {
    int status;          /* enum rt_driver_status of the failing call */
    long native_code;    /* backend error number (MySQL errno, ODBC native), 0 if none */
    char sqlstate[6];    /* "" when the backend has none (SQLite) */
    char message[4096];  /* server's own text; libpq adds DETAIL/HINT lines;
                            ODBC joins every diagnostic record */
};

struct rt_driver_param {
    const char *key;
    const char *value;
};

/* Decoded connection URL. Every string is borrowed for the duration of
 * connect() only; a driver copies what it keeps. Absent parts are NULL / 0. */
struct rt_driver_connect_args {
    uint32_t struct_size;      /* sizeof(struct rt_driver_connect_args) of the host */
    const char *dialect;       /* backend behind the transport: "sqlite",
                                  "postgresql", "mysql" (ODBC needs it) */
    const char *host;
    int port;
    const char *user;
    const char *password;
    const char *database;      /* SQLite: file path; NULL or "" = in memory */
    const struct rt_driver_param *params; /* URL query, percent-decoded, in order */
    size_t nparams;
};

/* Row callback of query(): one call per row. values[i] is NULL for SQL NULL,
 * otherwise NUL-terminated text. names and values are borrowed for the call
 * only. Return 0 to go on, non-zero to stop early (query still returns
 * RT_DRV_OK). */
typedef int (*rt_driver_row_fn)(void *ctx, size_t ncols,
                                const char *const *names,
                                const char *const *values);

struct rt_driver {
    uint32_t abi_version;      /* RT_DRIVER_ABI_VERSION the module was built for */
    uint32_t struct_size;      /* sizeof(struct rt_driver) of the module */
    const char *name;          /* "sqlite3", "libpq", "mysqlclient", "odbc" */
    const char *description;   /* one line, e.g. "PostgreSQL via libpq 15" */
    uint32_t caps;             /* RT_DRV_CAP_* */

    /* --- since ABI 1 --- */

    /* New, unconnected handle; NULL only when out of memory. */
    void *(*create)(void);
    /* Disconnects if needed and frees the handle. NULL is a no-op. */
    void (*destroy)(void *h);
    /* On failure the handle stays valid so that error() can be read. */
    int (*connect)(void *h, const struct rt_driver_connect_args *args);
    /* Runs one SQL statement; rows it returns are dropped. */
    int (*exec)(void *h, const char *sql);
    /* Runs one SQL statement and calls fn for each row (text values). */
    int (*query)(void *h, const char *sql, rt_driver_row_fn fn, void *ctx);
    int (*begin)(void *h);
    int (*commit)(void *h);
    int (*rollback)(void *h);
    /* The last failure on h. Borrowed; valid until the next call on h. */
    const struct rt_driver_diag *(*error)(void *h);

    /* --- since ABI 2 (each slot may be NULL: not supported) --- */

    /* One statement with bound parameters, written $1, $2, ... in sql (the
     * PostgreSQL form; a driver whose client library wants '?' translates).
     * values[i] is the text of $i+1, NULL for SQL NULL; the server converts
     * text to the column's type. */
    int (*exec_params)(void *h, const char *sql, size_t nparams,
                       const char *const *values);
    int (*query_params)(void *h, const char *sql, size_t nparams,
                        const char *const *values, rt_driver_row_fn fn, void *ctx);
    /* Server product and version as one line, e.g. "PostgreSQL 15.4",
     * "10.11.6-MariaDB", "SQLite 3.40.1"; NUL-terminated, truncated to size. */
    int (*server_info)(void *h, char *buf, size_t size);
};

/* True when table t (of any ABI) has slot and it is set: struct_size covers
 * it, so that an older, shorter table is never read past its end. */
#define RT_DRIVER_HAS(t, slot)                                                       \
    ((t)->struct_size >= offsetof(struct rt_driver, slot) + sizeof((t)->slot) &&      \
     (t)->slot != NULL)

/* Size of an ABI 1 table: everything up to and including error. */
#define RT_DRIVER_ABI1_SIZE                                                          \
    (offsetof(struct rt_driver, error) + sizeof(((struct rt_driver *)0)->error))

typedef const struct rt_driver *(*rt_driver_entry_fn)(uint32_t host_abi);

/* Declared here so that the compiler checks every driver's definition. */
RT_DRIVER_EXPORT const struct rt_driver *rt_driver_entry(uint32_t host_abi);

#endif
