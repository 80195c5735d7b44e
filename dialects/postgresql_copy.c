/* retort copy on PostgreSQL (core/copy.h): the session in UTC, so that a
 * TIMESTAMP WITH TIME ZONE reads and writes as UTC text; BYTEA as hex. */
#include "copy.h"
#include "sql_render.h"
#include "sql_write.h"

#include <string.h>

static const char *const pg_copy_session[] = { "SET TIME ZONE 'UTC'", NULL };

static void pg_copy_read(rt_buf *out, const rt_column *c)
{
    switch (c->type.kind) {
    case RT_TYPE_BOOLEAN:
        rt_buf_append(out, "CAST(");
        rt_sql_write_ident(out, c->name);
        rt_buf_append(out, " AS INTEGER)");
        return;
    case RT_TYPE_TIMESTAMP:
    case RT_TYPE_TIMESTAMPTZ:
        rt_buf_append(out, "to_char(");
        rt_sql_write_ident(out, c->name);
        rt_buf_append(out, ", 'YYYY-MM-DD HH24:MI:SS.US')");
        return;
    case RT_TYPE_BLOB:
        /* upper case, as MySQL's HEX() and SQLite's hex() write it */
        rt_buf_append(out, "upper(encode(");
        rt_sql_write_ident(out, c->name);
        rt_buf_append(out, ", 'hex'))");
        return;
    default:
        rt_sql_write_ident(out, c->name);
        return;
    }
}

static bool pg_copy_write(rt_buf *out, const rt_column *c, const char *value, int n)
{
    (void)value;
    if (c->type.kind == RT_TYPE_BLOB)
        rt_buf_printf(out, "decode($%d, 'hex')", n);
    else if (c->type.kind == RT_TYPE_BOOLEAN)
        rt_buf_printf(out, "CAST(CAST($%d AS INTEGER) AS BOOLEAN)", n);
    else
        rt_buf_printf(out, "$%d", n);
    return true;
}

/* An identity column's sequence goes on from the largest copied value
 * (an explicit value never advances it). */
static void pg_copy_after_load(rt_strv *out, const rt_table *t)
{
    const rt_column *c = rt_table_autoincrement_column(t);
    if (!c)
        return;
    rt_buf b = RT_BUF_INIT, name = RT_BUF_INIT;
    rt_sql_write_ident(&name, t->name);
    rt_buf_append(&b, "SELECT setval(pg_get_serial_sequence(");
    rt_sql_quote_literal(&b, rt_buf_cstr(&name));
    rt_buf_append(&b, ", ");
    rt_sql_quote_literal(&b, c->name);
    rt_buf_append(&b, "), COALESCE(MAX(");
    rt_sql_write_ident(&b, c->name);
    rt_buf_append(&b, "), 0) + 1, false) FROM ");
    rt_buf_append(&b, rt_buf_cstr(&name));
    rt_strv_push_owned(out, rt_buf_steal(&b));
    rt_buf_free(&name);
}

const rt_dialect_copy rt_postgresql_copy = {
    .session_sql = pg_copy_session,
    .read = pg_copy_read,
    .write = pg_copy_write,
    .after_load = pg_copy_after_load,
};
