/* retort.ini, read with libinih.
 *
 *   [retort]                      ([alembic] is accepted too)
 *   script_location = migrations  (relative to the config file's folder)
 *   url = sqlite:///app.db        (sqlalchemy.url is an alias)
 *   version_table = retort_version
 *   version_table_schema = audit  (a PostgreSQL schema / MySQL database)
 *   file_template = %%(rev)s_%%(slug)s
 *   models = *.sql                (globs against dir, whitespace or comma separated)
 *   mysql_default_varchar_length = 255
 *                                 (any <dialect>_<key> a dialect declares:
 *                                 rt_dialect.settings)
 *   version_locations = migrations/versions other/versions
 *                                 (folders of revision files, whitespace or comma
 *                                 separated; default <script_location>/versions)
 *   lock_timeout = 60             (seconds to wait for the migration lock)
 *   validate_on_migrate = true    (upgrade refuses while an applied file changed)
 *   transaction_per_migration = true  (false: a whole upgrade/downgrade in one
 *                                 transaction, as --single-transaction)
 */
#ifndef RT_CONFIG_H
#define RT_CONFIG_H

#include "rt_error.h"
#include "rt_mem.h"

#include <stdbool.h>

typedef struct rt_config {
    char *path;             /* the file read */
    char *dir;              /* its folder; relative paths below resolve against it */
    char *script_location;  /* as resolved: dir + value, NULL when unset */
    char *url;              /* NULL when unset */
    char *version_table;    /* never NULL: default "retort_version"; with
                               version_table_schema, "schema.table" (core/qname.h) */
    char *file_template;    /* never NULL: default "%(rev)s_%(slug)s" */
    rt_strv models;         /* globs as resolved against dir */
    rt_strv version_locations; /* as resolved against dir; empty when unset */
    rt_strv dialect_settings; /* "mysql_default_varchar_length=191": each
                                 dialect setting the file sets, checked
                                 (rt_dialect_options.settings) */
    long lock_timeout_ms;   /* default RT_CONFIG_LOCK_TIMEOUT_DEFAULT_MS */
    bool validate_on_migrate; /* default true */
    bool transaction_per_migration; /* default true */
} rt_config;

#define RT_CONFIG_LOCK_TIMEOUT_DEFAULT_MS 60000L

/* "60", "2.5": seconds from 0 to 86400 (lock_timeout, --lock-timeout). */
bool rt_config_parse_seconds(const char *text, double *secs);

/* Reads path into a new config owned by the caller (rt_config_free).
 * Missing file, unknown section value or a syntax error: RT_ECONFIG naming
 * file and line. */
int rt_config_load(rt_config **out, const char *path, rt_error *err);
void rt_config_free(rt_config *cfg);

/* URL by precedence: cli_url > $RETORT_URL > $DATABASE_URL > cfg->url.
 * cfg may be NULL. Borrowed; NULL when none is set. */
const char *rt_config_pick_url(const rt_config *cfg, const char *cli_url);

/* Writes a new retort.ini at path pointing at script_location with
 * url = sqlite:///app.db. Refuses to overwrite (RT_EEXIST). */
int rt_config_write_default(const char *path, const char *script_location, rt_error *err);

#endif
