/* Autogenerate and check: reflect the database, load and normalise the
 * models, diff, and write the result as portable SQL. */
#include "autogen.h"
#include "version_log.h"
#include "dialect.h"
#include "models.h"
#include "qname.h"
#include "sql_write.h"

#include <stdlib.h>

int rt_autogen_compare(rt_diff *out, rt_db *db, const rt_config *cfg, rt_error *err)
{
    *out = (rt_diff)RT_DIFF_INIT;
    const rt_dialect *d = rt_db_dialect(db);
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    if (cfg->mysql_default_varchar_length > 0)
        opts.mysql_default_varchar_length = cfg->mysql_default_varchar_length;

    /* Models first: a mistake in them is the likelier failure and needs
     * no round trip to the server. */
    rt_schema models = RT_SCHEMA_INIT;
    int rc = rt_models_load(&cfg->models, &models, err);
    if (rc != RT_OK)
        return rc;
    d->normalize(&opts, &models);

    /* The named schemas the models use are read besides the current one
     * (a table dropped from the last model of a schema goes unseen). */
    rt_strv schemas = RT_STRV_INIT;
    rt_qname_collect_schemas(&models, &schemas);
    opts.schemas = &schemas;
    rt_schema live = RT_SCHEMA_INIT;
    rc = rt_dialect_reflect(db, &opts, cfg->version_table, &live, err);
    if (rc == RT_OK)
        rc = rt_diff_schemas(out, &live, &models, err);
    rt_schema_free(&live);
    rt_strv_free(&schemas);
    rt_schema_free(&models);
    return rc;
}

static char *ag_render(const rt_oplist *ops)
{
    rt_buf b = RT_BUF_INIT;
    for (size_t i = 0; i < ops->n; i++)
        rt_sql_write_op(&b, &ops->items[i]);
    return rt_buf_steal(&b);
}

void rt_autogen_render(const rt_diff *d, char **upgrade_sql, char **downgrade_sql)
{
    *upgrade_sql = ag_render(&d->upgrade);
    *downgrade_sql = ag_render(&d->downgrade);
}
