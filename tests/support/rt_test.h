/* Helpers shared by the Criterion suites. */
#ifndef RT_TEST_H
#define RT_TEST_H

#include <stdbool.h>

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
const char *rt_test_backend_url(const char *backend);

/* A new empty folder under $TMPDIR; caller frees. */
char *rt_test_tmpdir(void);
/* rm -rf path. */
void rt_test_rmtree(const char *path);

/* Runs a shell command in cwd (NULL = current), stdout and stderr captured
 * together into *out (caller frees; may be NULL to discard). Returns the exit
 * status, or -1 when the command could not be run. */
int rt_test_sh(char **out, const char *cwd, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes text to path (creating it). */
void rt_test_write_file(const char *path, const char *text);
/* Whole file, caller frees; NULL when unreadable. */
char *rt_test_read_file(const char *path);
/* versions_dir/<id>_rev.sql with a full header (Message "step <id>") and
 * both sections. */
void rt_test_write_revision(const char *versions_dir, const char *id, const char *down,
                            const char *up_sql, const char *down_sql);

#endif
