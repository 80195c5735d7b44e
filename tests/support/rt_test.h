/* Helpers shared by the Criterion suites. */
#ifndef RT_TEST_H
#define RT_TEST_H

#include <stdbool.h>
#include <stddef.h>

#include "url.h"

/* The URL of a server backend's test database, from the registry
 * (core/backend_registry.h): $RETORT_TEST_<test_env>_URL, or with a
 * transport ("odbc") $RETORT_TEST_<test_env>_ODBC_URL, defaulting to the
 * servers ci/servers.sh starts (127.0.0.1, the backend's default_port,
 * test/test/test; ?driver= its odbc_driver). Caller frees. */
struct rt_backend;
char *rt_test_server_url(const struct rt_backend *b, const char *transport);

/* rt_test_server_url of PostgreSQL, MySQL, or of the backend named so; for
 * a file-based backend a file in a new tmpdir. Borrowed (the file URL
 * until the next call). */
const char *rt_test_pg_url(void);
const char *rt_test_mysql_url(void);
const char *rt_test_backend_url(const char *backend); /* "sqlite" gives a file in a new tmpdir */
/* The parsed URL (rt_url_parse); fails the test when text does not parse.
 * Caller frees (rt_url_free). */
rt_url *rt_test_url(const char *text);
/* The server of url (host, port, user, database) under another scheme
 * (NULL: url's dialect alone), password and query (NULL: none):
 * "scheme://user:password@host:port/database[?query]". For a wrong password
 * or an ODBC URL on the suite's own server. Fails the test when url does
 * not parse. Caller frees. */
char *rt_test_url_variant(const char *url, const char *scheme, const char *password,
                          const char *query);

/* Fails the calling test unless the ODBC registration of ci/odbc.sh is in
 * the environment (ODBCSYSINI): an ODBC test never passes without it. */
void rt_test_require_odbc(void);

/* A new empty folder under $TMPDIR; caller frees. */
char *rt_test_tmpdir(void);
/* rm -rf path. */
void rt_test_rmtree(const char *path);

/* A suite whose every test works in a folder of its own:
 *   TestSuite(name, .init = rt_test_dir_setup, .fini = rt_test_dir_teardown);
 * rt_test_dir is then a new empty folder for the test (removed with all it
 * holds after it); NULL outside. A suite file that used to keep its own
 * `dir` may `#define dir rt_test_dir`. Owned here. */
extern char *rt_test_dir;
void rt_test_dir_setup(void);
void rt_test_dir_teardown(void);

/* Runs a shell command in cwd (NULL = current), stdout and stderr captured
 * together into *out (caller frees; may be NULL to discard). Returns the exit
 * status, or -1 when the command could not be run. */
int rt_test_sh(char **out, const char *cwd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes text to path (creating it). */
void rt_test_write_file(const char *path, const char *text);
/* Whole file, caller frees; NULL when unreadable. */
char *rt_test_read_file(const char *path);
/* The same with its length in *len, for a file that may hold NUL bytes. */
char *rt_test_read_file_n(const char *path, size_t *len);
/* versions_dir/<id>_rev.sql with a full header (Message "step <id>") and
 * both sections. */
void rt_test_write_revision(const char *versions_dir, const char *id, const char *down,
                            const char *up_sql, const char *down_sql);

#endif
