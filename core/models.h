/* Target metadata for autogenerate: the model files named by the config's
 * `models` globs, read in name order, parsed as portable SQL and replayed
 * strictly on an empty schema. */
#ifndef RT_MODELS_H
#define RT_MODELS_H

#include "config.h"
#include "schema.h"

/* Only CREATE TABLE / CREATE INDEX (and ALTER TABLE) are allowed in models;
 * anything else is RT_EPARSE with file:line:col. No glob configured or no
 * file matched: RT_ECONFIG. */
int rt_models_load(const rt_strv *globs, rt_schema *out, rt_error *err);

#endif
