/* retort copy on SQLite (core/copy.h). SQLite 3.40 (Debian 12) has no
 * unhex(), so a BLOB is written as an inline X'..' literal of the hex
 * digits. A REAL reads with every digit it needs through the sqlite3 driver
 * (drivers/sqlite3); SQLite's ODBC driver gives 15. An INTEGER PRIMARY KEY
 * (AUTOINCREMENT or not) goes on from the largest rowid by itself. */
#include "copy.h"
#include "sql_render.h"
#include "sql_write.h"

#include <ctype.h>

static void sq_copy_read(rt_buf *out, const rt_column *c)
{
    switch (c->type.kind) {
    case RT_TYPE_BLOB:
        rt_buf_append(out, "hex(");
        rt_sql_write_ident(out, c->name);
        rt_buf_putc(out, ')');
        return;
    default:
        rt_sql_write_ident(out, c->name);
        return;
    }
}

static bool sq_copy_write(rt_buf *out, const rt_column *c, const char *value, int n)
{
    if (c->type.kind != RT_TYPE_BLOB) {
        rt_buf_printf(out, "$%d", n);
        return true;
    }
    /* The hex text comes from the source's reader; anything else in it
     * would be SQL, so only hex digits are written. */
    rt_buf_append(out, "X'");
    for (const char *p = value; *p; p++)
        if (isxdigit((unsigned char)*p))
            rt_buf_putc(out, *p);
    rt_buf_putc(out, '\'');
    return false;
}

const rt_dialect_copy rt_sqlite_copy = {
    .session_sql = NULL,
    .read = sq_copy_read,
    .write = sq_copy_write,
    .after_load = NULL,
};
