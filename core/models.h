/* Target metadata for autogenerate: the model files named by the config's
 * `models` globs, read in name order, parsed as portable SQL and replayed
 * strictly on an empty schema. */
#ifndef RT_MODELS_H
#define RT_MODELS_H

#include "config.h"
#include "schema.h"

/* Expands every glob (glob(3)); all matches are read in name order (strcmp
 * of the path), each file once. out must be empty on entry; it belongs to
 * the caller (rt_schema_free) and is left empty on failure.
 * Only CREATE TABLE / CREATE INDEX (and ALTER TABLE) are allowed in models;
 * anything else is RT_EPARSE with file:line:col. No glob configured or no
 * file matched: RT_ECONFIG. An unreadable file: RT_EIO. */
int rt_models_load(const rt_strv *globs, rt_schema *out, rt_error *err);

#endif
