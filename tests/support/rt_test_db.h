/* Test databases: emptying one between tests. */
#ifndef RT_TEST_DB_H
#define RT_TEST_DB_H

/* Leaves the database of url (a retort URL) empty:
 *   PostgreSQL: DROP SCHEMA public CASCADE; CREATE SCHEMA public, and
 *               drops every other schema the user owns (a test's audit.t)
 *   MySQL/MariaDB: drops every table and view of the current database
 *                  (FOREIGN_KEY_CHECKS=0 for the session), and every other
 *                  database but the server's own (a test's audit.t)
 *   SQLite: deletes the file and its -journal/-wal/-shm companions
 * Fails the calling Criterion test (cr_assert) when the server cannot be
 * reached, so a missing server never passes silently. Returns 0. */
int rt_test_db_reset(const char *url);

#endif
