/* The backends every cross-database test runs on, and a backend-neutral
 * summary of a schema so that one expectation serves them all. */
#ifndef RT_TEST_MATRIX_H
#define RT_TEST_MATRIX_H

#include "rt_mem.h"
#include "schema.h"

typedef enum rt_test_backend {
    RT_TB_SQLITE,
    RT_TB_POSTGRESQL,
    RT_TB_MYSQL,
    RT_TB_SQLITE_ODBC,
    RT_TB_POSTGRESQL_ODBC,
    RT_TB_MYSQL_ODBC,
    RT_TB_COUNT
} rt_test_backend;

const char *rt_test_matrix_name(rt_test_backend b);

/* A URL for backend b, made as its registry entry says
 * (core/backend_registry.h): a file-based backend's file in dir, a
 * server's URL from rt_test_server_url ($RETORT_TEST_<test_env>_URL and
 * $RETORT_TEST_<test_env>_ODBC_URL). ODBC backends fail the test when
 * ODBCSYSINI is unset. Caller frees. */
char *rt_test_matrix_url(rt_test_backend b, const char *dir);

/* One line per table, sorted by name:
 *   name: col TYPE [NOT NULL] [DEFAULT x], ...; pk(a,b); uq name(a); fk name(a)->t(b) [ON DELETE x];
 *   ix name(a, b desc, (expr)) [unique] [partial]
 * Check constraints are left out (backends rewrite their expressions).
 * Caller frees. */
char *rt_test_schema_summary(const rt_schema *s);

/* Summary of the live database at url (reflected by its dialect, the version
 * table skipped). Fails the test on any error. Caller frees. */
char *rt_test_live_summary(const char *url);

/* Summary of portable SQL text (CREATE TABLE/INDEX ...), normalised the way
 * the dialect of url stores it. Fails the test on any error. Caller frees. */
char *rt_test_expected_summary(const char *url, const char *portable_sql);

#endif
