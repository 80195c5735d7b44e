#include "sqlite_live.h"
#include "sql_render.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The first column of every row, NULL kept as NULL. */
static int sl_collect(void *ctx, size_t ncols, const char *const *names,
                      const char *const *values)
{
    (void)names;
    rt_strv *v = ctx;
    for (size_t i = 0; i < ncols; i++)
        rt_strv_push(v, values[i]);
    return 0;
}

/* Runs "<head><literal name><tail>" and collects every cell. */
static int sl_query(rt_db *db, const char *head, const char *name, const char *tail,
                    rt_strv *cells, rt_error *err)
{
    rt_buf q = RT_BUF_INIT;
    rt_buf_append(&q, head);
    rt_sql_quote_literal(&q, name);
    rt_buf_append(&q, tail);
    int rc = rt_db_query(db, rt_buf_cstr(&q), sl_collect, cells, err);
    rt_buf_free(&q);
    if (rc != RT_OK)
        rt_error_prefix(err, "Reading SQLite table \"%s\" before its rebuild failed: ", name);
    return rc;
}

static bool sl_has_column(const rt_table *t, const char *name)
{
    for (size_t i = 0; i < t->ncolumns; i++)
        if (strcasecmp(t->columns[i].name, name) == 0)
            return true;
    return false;
}

static bool sl_has_index(const rt_table *t, const char *name)
{
    for (size_t i = 0; i < t->nindexes; i++)
        if (strcasecmp(t->indexes[i].name, name) == 0)
            return true;
    return false;
}

void rt_sqlite_live_free(rt_sqlite_live *l)
{
    if (!l)
        return;
    rt_strv_free(&l->extra_columns);
    for (size_t i = 0; i < l->nindexes; i++) {
        free(l->indexes[i].name);
        free(l->indexes[i].sql);
        rt_strv_free(&l->indexes[i].columns);
    }
    free(l->indexes);
    rt_strv_free(&l->triggers);
    *l = (rt_sqlite_live)RT_SQLITE_LIVE_INIT;
}

int rt_sqlite_live_read(rt_db *db, const char *table, const rt_table *known,
                        rt_sqlite_live *out, rt_error *err)
{
    *out = (rt_sqlite_live)RT_SQLITE_LIVE_INIT;
    if (!known)
        return RT_OK;
    rt_strv cells = RT_STRV_INIT;
    /* hidden 1 marks a virtual table's hidden column; generated columns
     * (2, 3) are real columns that a rebuild would lose as well. */
    int rc = sl_query(db, "SELECT name FROM pragma_table_xinfo(", table,
                      ") WHERE hidden <> 1 ORDER BY cid", &cells, err);
    for (size_t i = 0; rc == RT_OK && i < cells.n; i++)
        if (cells.items[i] && !sl_has_column(known, cells.items[i]))
            rt_strv_push(&out->extra_columns, cells.items[i]);
    rt_strv_clear(&cells);

    /* Indexes with SQL: automatic ones (UNIQUE, PRIMARY KEY) have none and
     * come back with the table's definition. */
    if (rc == RT_OK)
        rc = sl_query(db,
                      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                      "sql IS NOT NULL AND tbl_name = ",
                      table, " COLLATE NOCASE ORDER BY rowid", &cells, err);
    for (size_t i = 0; rc == RT_OK && i + 1 < cells.n; i += 2) {
        if (sl_has_index(known, cells.items[i]))
            continue;
        out->indexes = rt_xrealloc(out->indexes, (out->nindexes + 1) * sizeof *out->indexes);
        rt_sqlite_live_index *ix = &out->indexes[out->nindexes++];
        *ix = (rt_sqlite_live_index){ rt_xstrdup(cells.items[i]),
                                      rt_xstrdup(cells.items[i + 1]), RT_STRV_INIT, false };
        rt_strv cols = RT_STRV_INIT;
        rc = sl_query(db, "SELECT name FROM pragma_index_info(", ix->name, ") ORDER BY seqno",
                      &cols, err);
        for (size_t k = 0; rc == RT_OK && k < cols.n; k++) {
            if (cols.items[k])
                rt_strv_push(&ix->columns, cols.items[k]);
            else
                ix->has_expr = true;
        }
        rt_strv_free(&cols);
    }
    rt_strv_clear(&cells);

    if (rc == RT_OK)
        rc = sl_query(db,
                      "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND "
                      "sql IS NOT NULL AND tbl_name = ",
                      table, " COLLATE NOCASE ORDER BY rowid", &out->triggers, err);
    rt_strv_free(&cells);
    if (rc != RT_OK)
        rt_sqlite_live_free(out);
    return rc;
}
