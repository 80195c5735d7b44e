/* The backends retort runs on, one entry each, and the drivers that reach
 * them: the one table that URL parsing, the driver loader, `retort
 * drivers`, the dialect lookup, retort.ini's dialect settings and the test
 * matrix read. Adding a backend is one entry here, one dialect file and one
 * driver folder (docs/adding-a-backend.md).
 *
 * Everything returned is static: entries, names and dialects are borrowed
 * for the life of the process.
 */
#ifndef RT_BACKEND_REGISTRY_H
#define RT_BACKEND_REGISTRY_H

#include "rt_error.h"
#include "rt_mem.h"

#include <stdbool.h>
#include <stddef.h>

struct rt_dialect;

/* A driver module (drivers/<folder>/ -> retort_driver_<name>.so). */
typedef struct rt_backend_driver {
    const char *name;           /* the URL's +driver part and the module's name */
    const char *const *aliases; /* other spellings a URL may use (SQLAlchemy's
                                   DBAPI names); NULL-terminated, or NULL */
    const char *client_package; /* Debian package of the client library the
                                   module links; NULL when it links none */
} rt_backend_driver;

typedef struct rt_backend {
    const char *name;           /* canonical: a URL's scheme, rt_url.dialect,
                                   a `-- dialect:` block's name */
    const char *title;          /* as people write it, for messages: "SQLite" */
    const char *const *aliases; /* other spellings of name, NULL-terminated,
                                   or NULL: "postgres", "mariadb" */
    const struct rt_dialect *dialect;
    rt_backend_driver native;   /* the default driver of its URLs, and the
                                   only native driver that reaches it; every
                                   transport (ODBC) reaches it too */
    bool file_based;            /* the URL's database is a file path
                                   (sqlite:///rel.db, sqlite:////abs.db,
                                   sqlite:// in memory); a native URL takes
                                   no user, host or port */
    int default_port;           /* the server's usual port; 0 when file-based */
    const char *odbc_driver;    /* the unixODBC driver name (?driver=) that
                                   ci/odbc.sh registers for it */
    const char *test_env;       /* test suites read $RETORT_TEST_<test_env>_URL
                                   and $RETORT_TEST_<test_env>_ODBC_URL; NULL
                                   when file-based (tests make a file) */
} rt_backend;

/* The i-th backend in registry order, NULL past the last:
 *   for (size_t i = 0; (b = rt_backend_at(i)); i++) */
const rt_backend *rt_backend_at(size_t i);

/* The i-th transport, a driver that reaches every backend (ODBC); NULL
 * past the last. */
const rt_backend_driver *rt_backend_transport_at(size_t i);

/* The backend that the first len bytes of name spell, its name or an
 * alias, case-insensitively (the way a URL's scheme and a `-- dialect:`
 * list are read); NULL when none. */
const rt_backend *rt_backend_find(const char *name, size_t len);

/* The backend whose canonical name is name (rt_url.dialect); NULL when
 * none. */
const rt_backend *rt_backend_named(const char *name);

/* The driver, native or transport, that the first len bytes of name spell
 * (name or alias, case-insensitively); NULL when none. */
const rt_backend_driver *rt_backend_driver_find(const char *name, size_t len);

/* The one compatibility rule: a native driver reaches its own backend only;
 * a transport reaches every backend; a module the registry does not list
 * (one built out of tree, a test's fault-injecting wrapper) is the user's
 * choice and is not refused here. RT_ECONFIG naming the driver, the
 * backend and the URLs that would work. */
int rt_backend_check_driver(const rt_backend *b, const char *driver, rt_error *err);

/* The Debian package of driver's client library (canonical driver name);
 * NULL when the registry knows none. */
const char *rt_backend_client_package(const char *driver);

/* What a driver module reaches, for `retort drivers`: "postgresql", "every
 * backend (sqlite, postgresql, mysql)", or "" for a module the registry
 * does not list. Appended to out. */
void rt_backend_describe_reach(rt_buf *out, const char *driver);

/* For messages: "sqlite, postgresql (or postgres) and mysql (or mariadb)",
 * and "sqlite3 (pysqlite), libpq (psycopg2, ...), ... and odbc (pyodbc)".
 * Appended to out. */
void rt_backend_describe_names(rt_buf *out);
void rt_backend_describe_drivers(rt_buf *out);

#endif
