/* Schema-qualified table names (see qname.h). */
#include "qname.h"

#include <stdlib.h>
#include <string.h>

bool rt_qname_is_qualified(const char *name)
{
    return name && strchr(name, RT_QNAME_SEP) != NULL;
}

const char *rt_qname_local(const char *name)
{
    const char *sep = name ? strchr(name, RT_QNAME_SEP) : NULL;
    return sep ? sep + 1 : name;
}

size_t rt_qname_schema_len(const char *name)
{
    const char *sep = name ? strchr(name, RT_QNAME_SEP) : NULL;
    return sep ? (size_t)(sep - name) : 0;
}

char *rt_qname_schema(const char *name)
{
    size_t n = rt_qname_schema_len(name);
    return n ? rt_xstrndup(name, n) : NULL;
}

bool rt_qname_same_schema(const char *a, const char *b)
{
    size_t na = rt_qname_schema_len(a), nb = rt_qname_schema_len(b);
    return na == nb && (na == 0 || memcmp(a, b, na) == 0);
}

char *rt_qname_join(const char *schema, const char *name)
{
    if (!schema || !*schema)
        return rt_xstrdup(name);
    return rt_xasprintf("%s%c%s", schema, RT_QNAME_SEP, name);
}

char *rt_qname_in_schema_of(const char *like, const char *name)
{
    char *schema = rt_qname_schema(like);
    char *out = rt_qname_join(schema, rt_qname_local(name));
    free(schema);
    return out;
}

static void qn_add_schema_of(rt_strv *out, const char *name)
{
    size_t n = rt_qname_schema_len(name);
    if (n == 0)
        return;
    for (size_t i = 0; i < out->n; i++)
        if (strlen(out->items[i]) == n && memcmp(out->items[i], name, n) == 0)
            return;
    rt_strv_push_owned(out, rt_xstrndup(name, n));
}

void rt_qname_collect_schemas(const rt_schema *s, rt_strv *out)
{
    for (size_t i = 0; i < s->ntables; i++) {
        const rt_table *t = &s->tables[i];
        qn_add_schema_of(out, t->name);
        for (size_t k = 0; k < t->nconstraints; k++)
            if (t->constraints[k].kind == RT_CONSTRAINT_FOREIGN_KEY)
                qn_add_schema_of(out, t->constraints[k].ref_table);
    }
}
