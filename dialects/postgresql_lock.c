/* PostgreSQL's migration lock: a session-level advisory lock, taken with
 * pg_try_advisory_lock(int4, int4) so that waiting can be bounded and the
 * holder named. The first key marks retort's locks ('retr'), the second is
 * hashtext() of "<database>.<version table>": one lock per database and
 * version table. The server drops it when the session ends, also after a
 * kill -9 of the client. Over ODBC the same SQL runs. */
#include "migration_lock.h"
#include "sql_render.h"

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

const rt_dialect_lock rt_postgresql_lock = { pgl_try, pgl_holder, pgl_release };
