/* Autogenerate and check: reflect the database, load and normalise the
 * models, diff, and write the result as portable SQL. */
#include "autogen.h"
#include "dialect.h"
#include "models.h"
#include "qname.h"
#include "sql_write.h"

#include <stdlib.h>

void rt_autogen_options(const rt_config *cfg, rt_dialect_options *out)
{
    *out = (rt_dialect_options)RT_DIALECT_OPTIONS_INIT;
    if (cfg)
        out->settings = &cfg->dialect_settings;
}

int rt_autogen_compare(rt_diff *out, rt_db *db, const rt_config *cfg, rt_error *err)
{
    *out = (rt_diff)RT_DIFF_INIT;
    const rt_dialect *d = rt_db_dialect(db);
    rt_dialect_options opts;
    rt_autogen_options(cfg, &opts);

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
    if (rc == RT_OK && d->reconcile)
        d->reconcile(&live, &models);
    if (rc == RT_OK)
        rc = rt_diff_schemas(out, &live, &models, err);
    rt_schema_free(&live);
    rt_strv_free(&schemas);
    rt_schema_free(&models);
    return rc;
}

int rt_autogen_diff_portable(rt_diff *out, const rt_schema *from, const rt_schema *to,
                             const rt_dialect *const *dialects, size_t n,
                             const rt_dialect_options *opts, rt_error *err)
{
    rt_schema a = RT_SCHEMA_INIT, b = RT_SCHEMA_INIT;
    rt_schema_copy(&a, from);
    rt_schema_copy(&b, to);
    /* Twice over: a second dialect may spell out what the first left
     * implicit (the MySQL RESTRICT of a PostgreSQL NO ACTION), and each
     * rewrite is idempotent. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            dialects[i]->normalize(opts, &a);
            dialects[i]->normalize(opts, &b);
        }
    int rc = rt_diff_schemas(out, &a, &b, err);
    rt_schema_free(&a);
    rt_schema_free(&b);
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
