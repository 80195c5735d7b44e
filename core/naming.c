/* The naming convention for unnamed constraints (see naming.h). */
#include "naming.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *rt_naming_shorten(const char *name)
{
    size_t len = strlen(name);
    if (len <= RT_NAME_MAX)
        return rt_xstrdup(name);
    /* 54 + '_' + 8 hex digits = 63, PostgreSQL's identifier limit; the hash
     * keeps two long names sharing a prefix apart */
    return rt_xasprintf("%.54s_%08x", name, (unsigned)rt_str_hash(name));
}

static char *nm_finish(rt_buf *b)
{
    char *full = rt_buf_steal(b);
    char *out = rt_naming_shorten(full);
    free(full);
    return out;
}

static void nm_columns(rt_buf *b, const rt_strv *columns)
{
    for (size_t i = 0; i < columns->n; i++) {
        rt_buf_putc(b, '_');
        rt_buf_append(b, columns->items[i]);
    }
}

char *rt_naming_unique(const char *table, const rt_strv *columns)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "uq_%s", table);
    nm_columns(&b, columns);
    return nm_finish(&b);
}

char *rt_naming_foreign_key(const char *table, const rt_strv *columns, const char *ref_table)
{
    rt_buf b = RT_BUF_INIT;
    /* only the first column, as SQLAlchemy's column_0_name */
    rt_buf_printf(&b, "fk_%s_%s_%s", table, columns->n ? columns->items[0] : "", ref_table);
    return nm_finish(&b);
}

char *rt_naming_check_column(const char *table, const char *column)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "ck_%s_%s", table, column);
    return nm_finish(&b);
}

char *rt_naming_check_table(const char *table, int n)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_printf(&b, "ck_%s_%d", table, n);
    return nm_finish(&b);
}

char *rt_naming_primary_key(const char *table)
{
    return rt_xasprintf("%s_pkey", table);
}

bool rt_naming_is_unnamed_pkey(const rt_table *t, const char *name)
{
    const rt_constraint *pk = rt_table_primary_key(t);
    if (!pk || pk->name || !name)
        return false;
    if (strcmp(name, "PRIMARY") == 0)
        return true;
    size_t tl = strlen(t->name);
    return strncmp(name, t->name, tl) == 0 && strcmp(name + tl, "_pkey") == 0;
}
