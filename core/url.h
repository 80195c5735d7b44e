/* Database URLs in SQLAlchemy form:
 *   dialect[+driver]://user:password@host:port/database?key=value&...
 * Components are percent-decoded. For a file-based backend,
 * sqlite:///rel.db, sqlite:////abs/path.db and sqlite:// (in memory) follow
 * SQLAlchemy.
 */
#ifndef RT_URL_H
#define RT_URL_H

#include "rt_error.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct rt_url {
    char *dialect;   /* canonical backend name (rt_backend.name): "sqlite",
                        "postgresql", "mysql" */
    char *driver;    /* canonical driver name: "sqlite3", "libpq",
                        "mysqlclient", "odbc"; the backend's native driver
                        when the URL names none */
    char *user;      /* NULL when absent (all optional parts likewise) */
    char *password;
    char *host;
    int port;        /* 0 when absent */
    char *database;  /* for sqlite: the file path ("" = in memory) */
    size_t nquery;
    char **query_keys;
    char **query_values;
} rt_url;

/* Parses text into a new rt_url owned by the caller (rt_url_free). The
 * backend and driver names and their aliases (postgres -> postgresql,
 * psycopg2 -> libpq, ...) are the registry's (core/backend_registry.h), and
 * so is the rule which driver reaches which backend. Unknown dialect or
 * driver, a native driver of another backend, or malformed text:
 * RT_ECONFIG with a message that never contains the password. */
int rt_url_parse(rt_url **out, const char *text, rt_error *err);
void rt_url_free(rt_url *url);

/* True for a server URL that names nothing but its dialect (postgresql://,
 * mysql+odbc://): it parses, because `upgrade --sql` needs the dialect
 * alone, but rt_db_open refuses it rather than guess a server. sqlite://
 * is a database (in memory), never "nothing". */
bool rt_url_names_nothing(const rt_url *url);

/* Value of a query key, or NULL. Borrowed from url. */
const char *rt_url_query(const rt_url *url, const char *key);

/* The URL as text with the password replaced by "***". Caller frees. */
char *rt_url_redacted(const rt_url *url);

/* Replaces the URL's password in text (in place) by "***" wherever it
 * stands as a token of its own (not inside a longer word: a password "test"
 * leaves "test_users" alone), for messages that echo connection strings. */
void rt_url_redact_text(const rt_url *url, char *text, size_t size);

#endif
