/* MySQL/MariaDB's migration lock: GET_LOCK on "retort." + SHA1 of
 * "<database>.<version table>" (a fixed 47 characters, within the 64 the
 * server allows), tried with timeout 0 so that waiting can be bounded and
 * the holder named (IS_USED_LOCK gives its connection id). The server
 * drops it when the connection ends, also after a kill -9 of the client.
 *
 * Galera: GET_LOCK holds on one node only, so two runners on two nodes
 * would both get it. A row lock on a replicated table (SELECT ... FOR
 * UPDATE, kept open on a second connection stored in rt_lock.extra) is the
 * variant that serves there; until it exists a server that reports
 * wsrep_on = ON is refused before anything runs, never locked unsafely. */
#include "dialect.h"
#include "migration_lock.h"
#include "sql_render.h"

#include <stdlib.h>
#include <string.h>

static void myl_name(rt_buf *b, const char *table)
{
    rt_buf_append(b, "CONCAT('retort.', SHA1(CONCAT(DATABASE(), '.', ");
    rt_sql_quote_literal(b, table);
    rt_buf_append(b, ")))");
}

static int myl_refuse_galera(rt_lock *lk, rt_error *err)
{
    char *v = NULL;
    /* MySQL has no such variable (no row); MariaDB says OFF outside a cluster. */
    int rc = rt_db_query_value(lk->db, "SELECT @@GLOBAL.wsrep_on", &v, err);
    if (rc != RT_OK) {
        rt_error_clear(err);
        return RT_OK;
    }
    bool galera = v && (strcmp(v, "1") == 0 || strcmp(v, "ON") == 0);
    free(v);
    if (galera)
        return rt_error_set(err, RT_ENOTSUPPORTED,
                            "this server is a Galera cluster node (wsrep_on = ON), where "
                            "GET_LOCK holds on one node only; retort has no cluster-wide "
                            "migration lock for Galera yet, so it refuses to migrate here");
    return RT_OK;
}

static int myl_try(rt_lock *lk, bool *got, rt_error *err)
{
    *got = false;
    if (!lk->extra) { /* first try: the Galera check, once */
        int rc = myl_refuse_galera(lk, err);
        if (rc != RT_OK)
            return rc;
        lk->extra = lk; /* marks "checked"; nothing to free */
    }
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT GET_LOCK(");
    myl_name(&sql, lk->table);
    rt_buf_append(&sql, ", 0)");
    int rc = rt_lock_sql_flag(lk->db, rt_buf_cstr(&sql), got, err);
    rt_buf_free(&sql);
    return rc;
}

static char *myl_holder(rt_lock *lk)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT CONCAT('connection id ', p.ID, ' (user ', p.USER, ', host ', "
                        "p.HOST, ', in its current state for ', p.TIME, ' s)') "
                        "FROM information_schema.PROCESSLIST p WHERE p.ID = IS_USED_LOCK(");
    myl_name(&sql, lk->table);
    rt_buf_putc(&sql, ')');
    char *who = rt_lock_sql_text(lk->db, rt_buf_cstr(&sql));
    rt_buf_free(&sql);
    return who;
}

static void myl_release(rt_lock *lk)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT RELEASE_LOCK(");
    myl_name(&sql, lk->table);
    rt_buf_putc(&sql, ')');
    free(rt_lock_sql_text(lk->db, rt_buf_cstr(&sql)));
    rt_buf_free(&sql);
    lk->extra = NULL;
}

/* A linear step's version update and the log row's "ok" as one multi-table
 * UPDATE: atomic on InnoDB without BEGIN and COMMIT, so the end of a
 * revision costs one statement (and the caller's read-back) instead of
 * five. The derived table g counts the rows as they were: aggregated, it is
 * materialized, which is what lets it read the table being updated. */
static void myl_step_sql(rt_db *db, const char *table, const char *log_table,
                         const rt_strv *before, const char *from, const char *to, long log_id,
                         const char *log_set, rt_buf *out)
{
    const rt_dialect *d = rt_db_dialect(db);
    rt_buf_append(out, "UPDATE ");
    d->quote_ident(out, table);
    rt_buf_append(out, " AS v, ");
    d->quote_ident(out, log_table);
    rt_buf_append(out, " AS l, (SELECT COUNT(*) AS n_all, "
                       "COALESCE(SUM(CASE WHEN version_num IN (");
    for (size_t i = 0; i < before->n; i++) {
        if (i)
            rt_buf_append(out, ", ");
        rt_sql_quote_literal(out, before->items[i]);
    }
    rt_buf_append(out, ") THEN 1 ELSE 0 END), 0) AS n_in FROM ");
    d->quote_ident(out, table);
    rt_buf_append(out, ") AS g SET v.version_num = ");
    rt_sql_quote_literal(out, to);
    rt_buf_printf(out, ", %s WHERE v.version_num = ", log_set);
    rt_sql_quote_literal(out, from);
    rt_buf_printf(out, " AND l.id = %ld AND g.n_all = %zu AND g.n_in = %zu", log_id, before->n,
                  before->n);
}

const rt_dialect_lock rt_mysql_lock = {
    .try_take = myl_try,
    .holder = myl_holder,
    .release = myl_release,
    .step_sql = myl_step_sql,
};
