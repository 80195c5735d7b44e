/* ENUM as a VARCHAR with a CHECK: rendering and reflection (see enum_check.h). */
#include "enum_check.h"

#include "naming.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

char *rt_enum_check_name(const char *column)
{
    char *full = rt_xasprintf("enum_%s", column);
    char *name = rt_naming_shorten(full);
    free(full);
    return name;
}

int rt_enum_varchar_length(const rt_type *t)
{
    int n = 1;
    for (size_t i = 0; i < t->values.n; i++) {
        /* characters, not bytes: UTF-8 continuation bytes do not count */
        int len = 0;
        for (const unsigned char *p = (const unsigned char *)t->values.items[i]; *p; p++)
            len += (*p & 0xC0) != 0x80;
        if (len > n)
            n = len;
    }
    return n;
}

void rt_sql_write_enum_as_check(rt_buf *out, const rt_column *c, rt_quote_fn quote)
{
    char *name = rt_enum_check_name(c->name);
    rt_buf_printf(out, "VARCHAR(%d) CONSTRAINT ", rt_enum_varchar_length(&c->type));
    quote(out, name);
    rt_buf_append(out, " CHECK (");
    quote(out, c->name);
    rt_buf_append(out, " IN ");
    rt_sql_write_literal_list(out, &c->type.values);
    rt_buf_putc(out, ')');
    free(name);
}

/* The first name in a CHECK text, past opening parentheses: c or "c". */
static char *ec_first_name(const char *s)
{
    while (*s == '(' || isspace((unsigned char)*s))
        s++;
    rt_buf b = RT_BUF_INIT;
    if (*s == '"') {
        for (s++; *s; s++) {
            if (*s == '"' && s[1] != '"')
                break;
            if (*s == '"')
                s++;
            rt_buf_putc(&b, *s);
        }
    } else {
        while (isalnum((unsigned char)*s) || *s == '_' || *s == '$')
            rt_buf_putc(&b, *s++);
    }
    return rt_buf_steal(&b);
}

/* Every 'literal' of a CHECK text, in order, unquoted. */
static void ec_literals(const char *s, rt_strv *out)
{
    for (; *s; s++) {
        if (*s != '\'')
            continue;
        rt_buf b = RT_BUF_INIT;
        for (s++; *s; s++) {
            if (*s == '\'' && s[1] != '\'')
                break;
            if (*s == '\'')
                s++;
            rt_buf_putc(&b, *s);
        }
        rt_strv_push_owned(out, rt_buf_steal(&b));
        if (!*s)
            break;
    }
}

void rt_table_fold_enum_checks(rt_table *t)
{
    for (size_t i = t->nconstraints; i-- > 0;) {
        rt_constraint *k = &t->constraints[i];
        if (k->kind != RT_CONSTRAINT_CHECK || !k->name || !k->check_sql ||
            strncmp(k->name, "enum_", 5) != 0)
            continue;
        char *col_name = ec_first_name(k->check_sql);
        char *want = rt_enum_check_name(col_name);
        rt_column *c = rt_table_find_column(t, col_name);
        bool ours = c && c->type.kind == RT_TYPE_VARCHAR && strcmp(want, k->name) == 0;
        free(want);
        free(col_name);
        if (!ours)
            continue;
        rt_strv values = RT_STRV_INIT;
        ec_literals(k->check_sql, &values);
        if (values.n == 0) {
            rt_strv_free(&values);
            continue;
        }
        rt_type_free(&c->type);
        rt_type_init(&c->type, RT_TYPE_ENUM);
        c->type.values = values;
        rt_constraint_free(k);
        memmove(&t->constraints[i], &t->constraints[i + 1],
                (t->nconstraints - i - 1) * sizeof *t->constraints);
        t->nconstraints--;
    }
}
