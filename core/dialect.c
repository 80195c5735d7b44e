#include "dialect.h"

#include <string.h>

const rt_dialect *rt_dialect_find(const char *name)
{
    static const rt_dialect *const all[] = {
        &rt_dialect_sqlite, &rt_dialect_postgresql, &rt_dialect_mysql,
    };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}

int rt_dialect_render_all(const rt_dialect *d, const rt_dialect_options *opts,
                          rt_schema *model, const rt_oplist *ops, rt_strv *out,
                          rt_error *err)
{
    for (size_t i = 0; i < ops->n; i++) {
        int rc = d->render(opts, model, &ops->items[i], out, err);
        if (rc != RT_OK)
            return rc;
        rc = rt_schema_apply(model, &ops->items[i], false, err);
        if (rc != RT_OK)
            return rc;
    }
    return RT_OK;
}
