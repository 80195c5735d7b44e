/* Autogenerate and check: compare the models with the live database. */
#ifndef RT_AUTOGEN_H
#define RT_AUTOGEN_H

#include "config.h"
#include "db.h"
#include "dialect.h"
#include "diff.h"

/* Reflects db (skipping cfg->version_table), loads cfg->models, normalises
 * the models with db's dialect and diffs database -> models into out
 * (overwritten; the caller frees it with rt_diff_free, also after an
 * error). Errors: those of rt_models_load (RT_ECONFIG, RT_EPARSE, RT_EIO)
 * and of the dialect's reflection (RT_EDB). */
int rt_autogen_compare(rt_diff *out, rt_db *db, const rt_config *cfg, rt_error *err);

/* The dialect options cfg sets (cfg may be NULL: the defaults); out
 * borrows cfg's dialect_settings. */
void rt_autogen_options(const rt_config *cfg, rt_dialect_options *out);

/* Compares two schemas that may come from different backends (reflected,
 * or models) in portable terms: copies of both are normalised by every
 * dialect of dialects (n entries; a model's side has none of its own), so
 * that what one backend spells another way does not count, then diffed
 * from -> to into out as rt_diff_schemas does. from and to are borrowed. */
int rt_autogen_diff_portable(rt_diff *out, const rt_schema *from, const rt_schema *to,
                             const rt_dialect *const *dialects, size_t n,
                             const rt_dialect_options *opts, rt_error *err);

/* Portable-SQL text of the two sections of a new revision (caller frees
 * both), in the stable order of the diff, with warning comments. */
void rt_autogen_render(const rt_diff *d, char **upgrade_sql, char **downgrade_sql);

#endif
