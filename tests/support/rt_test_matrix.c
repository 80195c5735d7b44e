#include "rt_test_matrix.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "backend_registry.h"
#include "db.h"
#include "dialect.h"
#include "rt_test.h"
#include "sql_parse.h"
#include "sql_render.h"
#include "sql_write.h"
#include "rt_test.h"
#include "url.h"

static const char *const names[RT_TB_COUNT] = {
    "sqlite", "postgresql", "mysql", "sqlite+odbc", "postgresql+odbc", "mysql+odbc",
};

const char *rt_test_matrix_name(rt_test_backend b)
{
    return names[b];
}


/* names[b] is "<backend>[+<transport>]": the backend's entry in the
 * registry says how its URL is made. */
char *rt_test_matrix_url(rt_test_backend b, const char *dir)
{
    cr_assert(b >= 0 && b < RT_TB_COUNT, "unknown backend %d", (int)b);
    const char *name = names[b];
    const char *plus = strchr(name, '+');
    const rt_backend *be = rt_backend_find(name, plus ? (size_t)(plus - name) : strlen(name));
    cr_assert_not_null(be, "%s is not in the backend registry", name);
    const char *transport = plus ? plus + 1 : NULL;
    if (transport)
        rt_test_require_odbc();
    if (!be->file_based)
        return rt_test_server_url(be, transport);
    if (!transport)
        return rt_xasprintf("%s:///%s/matrix.db", be->name, dir);
    char *url = rt_xasprintf("%s+%s:///%s/matrix.db?driver=%s", be->name, transport, dir,
                             be->odbc_driver);
    for (char *p = strchr(url, '?'); *p; p++)
        if (*p == ' ')
            *p = '+';
    return url;
}

static void cols(rt_buf *b, const rt_strv *v)
{
    char *j = rt_strv_join(v, ",");
    rt_buf_printf(b, "(%s)", j);
    free(j);
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const rt_table *const *)a)->name, (*(const rt_table *const *)b)->name);
}

static int line_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char *rt_test_schema_summary(const rt_schema *s)
{
    rt_buf out = RT_BUF_INIT;
    const rt_table **tables = rt_xcalloc(s->ntables, sizeof *tables);
    for (size_t i = 0; i < s->ntables; i++)
        tables[i] = &s->tables[i];
    qsort(tables, s->ntables, sizeof *tables, by_name);

    for (size_t i = 0; i < s->ntables; i++) {
        const rt_table *t = tables[i];
        rt_buf_printf(&out, "%s:", t->name);
        for (size_t c = 0; c < t->ncolumns; c++) {
            const rt_column *col = &t->columns[c];
            rt_buf_printf(&out, "%s %s ", c ? "," : "", col->name);
            rt_sql_write_type(&out, &col->type);
            if (col->not_null)
                rt_buf_append(&out, " NOT NULL");
            if (col->default_sql)
                rt_buf_printf(&out, " DEFAULT %s", col->default_sql);
        }
        /* Constraints and indexes sorted, so that catalog order is no
         * difference. */
        rt_strv parts = RT_STRV_INIT;
        for (size_t k = 0; k < t->nconstraints; k++) {
            const rt_constraint *con = &t->constraints[k];
            rt_buf p = RT_BUF_INIT;
            switch (con->kind) {
            case RT_CONSTRAINT_PRIMARY_KEY:
                rt_buf_append(&p, "pk");
                cols(&p, &con->columns);
                break;
            case RT_CONSTRAINT_UNIQUE:
                rt_buf_printf(&p, "uq %s", con->name ? con->name : "?");
                cols(&p, &con->columns);
                break;
            case RT_CONSTRAINT_FOREIGN_KEY:
                rt_buf_printf(&p, "fk %s", con->name ? con->name : "?");
                cols(&p, &con->columns);
                rt_buf_printf(&p, "->%s", con->ref_table);
                cols(&p, &con->ref_columns);
                rt_sql_write_fk_actions(&p, con);
                break;
            case RT_CONSTRAINT_CHECK:
                rt_buf_free(&p);
                continue;
            }
            rt_strv_push_owned(&parts, rt_buf_steal(&p));
        }
        for (size_t k = 0; k < t->nindexes; k++) {
            const rt_index *ix = &t->indexes[k];
            rt_buf p = RT_BUF_INIT;
            rt_buf_printf(&p, "ix %s(", ix->name);
            /* expressions and predicates as presence: backends rewrite them */
            for (size_t e = 0; e < ix->columns.n; e++)
                rt_buf_printf(&p, "%s%s%s", e ? "," : "",
                              rt_index_element_is_expr(ix->columns.items[e]) ? "(expr)"
                                                                            : ix->columns.items[e],
                              rt_index_element_desc(ix, e) ? " desc" : "");
            rt_buf_putc(&p, ')');
            if (ix->unique)
                rt_buf_append(&p, " unique");
            if (ix->where_sql)
                rt_buf_append(&p, " partial");
            rt_strv_push_owned(&parts, rt_buf_steal(&p));
        }
        if (parts.n > 1) /* items is NULL for a table without keys or indexes */
            qsort(parts.items, parts.n, sizeof *parts.items, line_cmp);
        for (size_t k = 0; k < parts.n; k++)
            rt_buf_printf(&out, "; %s", parts.items[k]);
        rt_strv_free(&parts);
        rt_buf_putc(&out, '\n');
    }
    free(tables);
    return rt_buf_steal(&out);
}

char *rt_test_live_summary(const char *url_text)
{
    rt_error err;
    rt_url *url = NULL;
    rt_db *db = NULL;
    rt_schema s = RT_SCHEMA_INIT;
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;

    cr_assert_eq(rt_url_parse(&url, url_text, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_dialect_reflect(db, &opts, "retort_version", &s, &err), RT_OK, "reflect: %s",
                 err.message);
    char *sum = rt_test_schema_summary(&s);
    rt_schema_free(&s);
    rt_db_close(db);
    rt_url_free(url);
    return sum;
}

char *rt_test_expected_summary(const char *url_text, const char *portable_sql)
{
    rt_error err;
    rt_url *url = NULL;
    rt_oplist ops = RT_OPLIST_INIT;
    rt_schema s = RT_SCHEMA_INIT;
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;

    cr_assert_eq(rt_url_parse(&url, url_text, &err), RT_OK, "%s", err.message);
    const rt_dialect *d = rt_dialect_find(url->dialect);
    cr_assert_not_null(d);
    cr_assert_eq(rt_sql_parse(&ops, portable_sql, "<expected>", 1, &err), RT_OK, "%s",
                 err.message);
    for (size_t i = 0; i < ops.n; i++)
        cr_assert_eq(rt_schema_apply(&s, &ops.items[i], true, &err), RT_OK, "%s", err.message);
    d->normalize(&opts, &s);
    char *sum = rt_test_schema_summary(&s);
    rt_schema_free(&s);
    rt_oplist_free(&ops);
    rt_url_free(url);
    return sum;
}
