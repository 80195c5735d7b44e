/* Test databases: emptying one between tests. */
#ifndef RT_TEST_DB_H
#define RT_TEST_DB_H

/* Leaves the database of url (a retort URL) empty:
 *   PostgreSQL: DROP SCHEMA public CASCADE; CREATE SCHEMA public
 *   MySQL/MariaDB: drops every table and view of the current database
 *                  (FOREIGN_KEY_CHECKS=0 for the session)
 *   SQLite: deletes the file and its -journal/-wal/-shm companions
 * Fails the calling Criterion test (cr_assert) when the server cannot be
 * reached, so a missing server never passes silently. Returns 0. */
int rt_test_db_reset(const char *url);

/* Drops the schemas a test creates beside the current one (its audit.t),
 * each only when it exists: NULL-terminated names.
 *   PostgreSQL: DROP SCHEMA IF EXISTS name CASCADE
 *   MySQL/MariaDB: DROP DATABASE IF EXISTS name (a schema is a database)
 *   SQLite: nothing (it has no schemas)
 * Only the names given: the server may hold other tests' databases. Fails
 * the calling test when the server cannot be reached. */
void rt_test_db_drop_schemas(const char *url, const char *const *schemas);

#endif
