/* PostgreSQL's migration lock: a session-level advisory lock, taken with
 * pg_try_advisory_lock(int4, int4) so that waiting can be bounded and the
 * holder named. The first key marks retort's locks ('retr'), the second is
 * hashtext() of "<database>.<version table>": one lock per database and
 * version table. The server drops it when the session ends, also after a
 * kill -9 of the client. Over ODBC the same SQL runs. */
#include "migration_lock.h"
#include "sql_render.h"
#include "version_table.h"

#include <stdlib.h>

#define PGL_CLASS "1919251570" /* 'retr' */

static void pgl_key(rt_buf *b, const char *table)
{
    rt_buf_append(b, PGL_CLASS ", hashtext(current_database() || '.' || ");
    rt_sql_quote_literal(b, table);
    rt_buf_putc(b, ')');
}

static int pgl_try(rt_lock *lk, bool *got, rt_error *err)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT CASE WHEN pg_try_advisory_lock(");
    pgl_key(&sql, lk->table);
    rt_buf_append(&sql, ") THEN 1 ELSE 0 END");
    int rc = rt_lock_sql_flag(lk->db, rt_buf_cstr(&sql), got, err);
    rt_buf_free(&sql);
    return rc;
}

static char *pgl_holder(rt_lock *lk)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql,
                  "SELECT format('PostgreSQL backend pid %s (user %s, client %s, "
                  "application ''%s'', connected since %s UTC)', a.pid, a.usename, "
                  "coalesce(host(a.client_addr), 'local socket'), a.application_name, "
                  "to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')) "
                  "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                  "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 "
                  "AND l.database = (SELECT oid FROM pg_database "
                  "WHERE datname = current_database()) "
                  "AND l.classid = " PGL_CLASS " AND l.objid = hashtext(current_database() "
                  "|| '.' || ");
    rt_sql_quote_literal(&sql, lk->table);
    rt_buf_append(&sql, ")::oid");
    char *who = rt_lock_sql_text(lk->db, rt_buf_cstr(&sql)); /* NULL: not allowed to look */
    rt_buf_free(&sql);
    return who;
}

static void pgl_release(rt_lock *lk)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT pg_advisory_unlock(");
    pgl_key(&sql, lk->table);
    rt_buf_putc(&sql, ')');
    free(rt_lock_sql_text(lk->db, rt_buf_cstr(&sql)));
    rt_buf_free(&sql);
}

/* The version writes ride in the log row's INSERT as data-modifying WITH
 * sub-statements: one round trip per revision instead of two. The main
 * query's subqueries see the table as the statement found it, so the guard
 * checks that it held exactly before and that each write changed its one
 * row; RETURNING is the affected-row count the driver ABI does not give. */
static void pgl_write_with(rt_db *db, const char *table, const rt_strv *before,
                           const rt_strv *writes, rt_buf *with, rt_buf *guard)
{
    rt_version_match_sql(rt_db_dialect(db), table, before, guard);
    for (size_t i = 0; i < writes->n; i++) {
        rt_buf_printf(with, "%s rt_w%zu AS (%s RETURNING 1)", i ? "," : "WITH", i,
                      writes->items[i]);
        rt_buf_printf(guard, " AND (SELECT COUNT(*) FROM rt_w%zu) = 1", i);
    }
}

const rt_dialect_lock rt_postgresql_lock = {
    .try_take = pgl_try,
    .holder = pgl_holder,
    .release = pgl_release,
    .write_with = pgl_write_with,
};
