/* retort copy on MySQL/MariaDB (core/copy.h): the session in UTC, which is
 * how a TIMESTAMP (the portable TIMESTAMP WITH TIME ZONE) is stored; BLOB
 * as hex. InnoDB moves an AUTO_INCREMENT counter past every explicit value
 * inserted, so nothing is needed after the load. */
#include "copy.h"
#include "sql_render.h"
#include "sql_write.h"

static const char *const my_copy_session[] = { "SET time_zone = '+00:00'", NULL };

static void my_copy_read(rt_buf *out, const rt_column *c)
{
    if (c->type.kind == RT_TYPE_TIMESTAMP || c->type.kind == RT_TYPE_TIMESTAMPTZ)
        rt_copy_wrap(out, "DATE_FORMAT(", c, ", '%Y-%m-%d %H:%i:%s.%f')");
    else if (c->type.kind == RT_TYPE_BLOB)
        rt_copy_wrap(out, "HEX(", c, ")");
    else if (c->type.kind == RT_TYPE_REAL)
        /* MariaDB prints a FLOAT with 6 digits (100000.5 as 100001):
         * widened, every bit of it shows */
        rt_copy_wrap(out, "CAST(", c, " AS DOUBLE)");
    else
        rt_copy_wrap(out, "", c, "");
}

static bool my_copy_write(rt_buf *out, const rt_column *c, const char *value, int n)
{
    (void)value;
    if (c->type.kind == RT_TYPE_BLOB)
        rt_buf_printf(out, "UNHEX($%d)", n);
    else
        rt_buf_printf(out, "$%d", n);
    return true;
}

const rt_dialect_copy rt_mysql_copy = {
    .session_sql = my_copy_session,
    .read = my_copy_read,
    .write = my_copy_write,
    .after_load = NULL,
};
