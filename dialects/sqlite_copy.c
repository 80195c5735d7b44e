/* retort copy on SQLite (core/copy.h). SQLite 3.40 (Debian 12) has no
 * unhex(), so a BLOB is written as an inline X'..' literal of the hex
 * digits. A REAL reads as text with every digit it needs, whatever the
 * driver (SQLite's ODBC driver would print 15). An INTEGER PRIMARY KEY
 * (AUTOINCREMENT or not) goes on from the largest rowid by itself. */
#include "copy.h"
#include "sql_render.h"
#include "sql_write.h"

#include <ctype.h>

static void sq_copy_read(rt_buf *out, const rt_column *c)
{
    if (c->type.kind == RT_TYPE_BLOB) {
        rt_copy_wrap(out, "hex(", c, ")");
    } else if (c->type.kind == RT_TYPE_REAL || c->type.kind == RT_TYPE_DOUBLE) {
        /* SQLite's own text has 15 digits; where that does not read back
         * as the same double, 17 (printf's long double arithmetic is only
         * asked for those few). As text, so that no driver reformats it. */
        rt_copy_wrap(out, "CASE WHEN typeof(", c, ") <> 'real' THEN ");
        rt_copy_wrap(out, "", c, " WHEN CAST(CAST(");
        rt_copy_wrap(out, "", c, " AS TEXT) AS REAL) = ");
        rt_copy_wrap(out, "", c, " THEN CAST(");
        rt_copy_wrap(out, "", c, " AS TEXT) ELSE printf('%!.17g', ");
        rt_copy_wrap(out, "", c, ") END");
    } else {
        rt_copy_wrap(out, "", c, "");
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
