/* A dialect turns abstract operations into one backend's SQL and reads that
 * backend's live schema back into the model (reflection) with plain SQL on
 * its catalog, so the same code serves native drivers and ODBC alike.
 * Implementations: dialects/sqlite.c, dialects/postgresql.c, dialects/mysql.c.
 */
#ifndef RT_DIALECT_H
#define RT_DIALECT_H

#include "db.h"
#include "ops.h"

#define RT_DIALECT_TRANSACTIONAL_DDL (1u << 0) /* DDL rolls back with the transaction */
#define RT_DIALECT_DEFERRABLE_FK (1u << 1)     /* FOREIGN KEY ... DEFERRABLE exists */
/* render reads opts->live_db when set: what it emits depends on the live
 * database beyond the model (the SQLite table rebuild keeps indexes and
 * triggers made outside the revisions, and refuses to lose a column). The
 * engine then validates the plan against the database as it is, and
 * renders each revision again just before it runs. */
#define RT_DIALECT_RENDERS_LIVE (1u << 2)
/* A foreign key action SET DEFAULT is enforced (InnoDB parses it, then
 * MariaDB keeps RESTRICT and MySQL refuses the table). */
#define RT_DIALECT_FK_SET_DEFAULT (1u << 3)
#define RT_DIALECT_SCHEMAS (1u << 4) /* schema.table (core/qname.h) exists */
/* ALTER COLUMN ... TYPE ... USING expr (op->expr of RT_OP_ALTER_TYPE,
 * written in a -- dialect: block only) */
#define RT_DIALECT_ALTER_TYPE_USING (1u << 5)

/* A setting one dialect declares (rt_dialect.settings): retort.ini spells
 * it <dialect name>_<key> (mysql_default_varchar_length), and it reaches the
 * dialect as "<dialect name>_<key>=value" in rt_dialect_options.settings.
 * Whole numbers only, so far. */
typedef struct rt_dialect_setting {
    const char *key;       /* "default_varchar_length" */
    int min, max;          /* the values retort.ini accepts */
    int def;               /* when unset */
} rt_dialect_setting;

typedef struct rt_dialect_options {
    /* "mysql_default_varchar_length=191": settings given by the user, each
     * checked against its declaration (rt_config_load does); the others
     * take their default. Borrowed; NULL = every default. Read through
     * rt_dialect_setting_int. */
    const rt_strv *settings;
    /* For RT_DIALECT_RENDERS_LIVE dialects: the database the statements
     * are for (borrowed), NULL to render from the model alone; and the
     * model that database is at, NULL when it is the `before` of the render
     * (rendering just before running). live_model_partial: live_model holds
     * only the tables that differ from `before` (the engine's copy of what
     * earlier ops of the revision being rendered changed); look the others
     * up in `before`. */
    rt_db *live_db;
    const rt_schema *live_model;
    bool live_model_partial;
    /* Named schemas that reflect reads besides the current one (their
     * tables come back as schema.table); NULL = none. Borrowed. */
    const rt_strv *schemas;
    /* The URL's database, which MySQL needs by name to spell a foreign key
     * from a named database to the current one; NULL when unknown.
     * Borrowed. */
    const char *current_database;
} rt_dialect_options;

#define RT_DIALECT_OPTIONS_INIT { NULL, NULL, NULL, false, NULL, NULL }

typedef struct rt_dialect {
    const char *name; /* "sqlite", "postgresql", "mysql" */
    unsigned caps;    /* RT_DIALECT_* */
    /* Type limits of the backend, read by rt_dialect_check_op; 0 = none. */
    int max_varchar_length; /* VARCHAR(n) */
    int max_char_length;    /* CHAR(n) */

    /* The backend's limits and default names, as data: each is read by
     * one function only (rt_dialect_render, rt_dialect_pkey_name). */
    size_t max_ident_len;    /* bytes in a name; 0 = no limit */
    const char *pkey_suffix; /* an unnamed primary key is <table><suffix>,
                                the table part cut so that the whole fits
                                max_ident_len; NULL: the backend has no such
                                name (SQLite) or a fixed one (MySQL) */

    /* Appends to out the statements (each without a trailing ';') that
     * perform op on this backend. before is the model as it is before op
     * (borrowed; the SQLite table rebuild and MySQL MODIFY COLUMN take the
     * full definitions from it). An op the backend cannot express, or one
     * needing a definition the model lacks: RT_ENOTSUPPORTED / RT_ENOTFOUND
     * with a message naming table and column. RAW ops render verbatim. */
    int (*render)(const rt_dialect_options *opts, const rt_schema *before,
                  const rt_op *op, rt_strv *out, rt_error *err);

    /* Reads every table of the current database/schema, and of each of
     * opts->schemas as schema.table, except skip_table (the version table,
     * possibly qualified) into out (empty on entry), with types
     * mapped back to portable types and defaults back to portable
     * expressions, so that reflecting what render created gives back the
     * model that rt_dialect.normalize makes of the source. */
    int (*reflect)(rt_db *db, const rt_dialect_options *opts, const char *skip_table,
                   rt_schema *out, rt_error *err);

    /* Rewrites a model the way this backend stores it (e.g. MySQL: VARCHAR
     * without length -> VARCHAR(its default_varchar_length setting)), so
     * that a model and a reflected schema compare equal when nothing
     * differs. Never changes meaning. */
    void (*normalize)(const rt_dialect_options *opts, rt_schema *model);

    /* Where this backend's catalog cannot tell two spellings of one thing
     * apart, rewrites the reflected live schema into the spelling the model
     * uses (MySQL: a unique index and a unique constraint are stored alike;
     * InnoDB adds an index for a foreign key by itself). Only what the
     * catalog cannot distinguish; never a real difference. NULL: none. */
    void (*reconcile)(rt_schema *live, const rt_schema *model);

    /* Appends a query returning at least one row iff table exists in the
     * current database/schema, or in its own schema when it has one. */
    void (*has_table_sql)(rt_buf *out, const char *table);

    /* Appends name, quoted when the backend needs it (rt_ident_needs_quotes). */
    void (*quote_ident)(rt_buf *out, const char *name);

    /* Statements rt_db_open runs right after every connection to this
     * backend (native driver or ODBC), before anything else: the session
     * settings under which every statement of a revision, modelled or
     * verbatim, reads by the portable lexical rules ("name" an identifier,
     * || concatenation). NULL-terminated; NULL when the backend needs none. */
    const char *const *session_sql;
    /* The migration lock (core/migration_lock.h). */
    const struct rt_dialect_lock *lock;
    /* The settings it reads (rt_dialect_setting_int), terminated by a NULL
     * key; NULL when it has none. */
    const rt_dialect_setting *settings;
    /* Reading and writing rows for `retort copy` (core/copy.h). */
    const struct rt_dialect_copy *copy;
} rt_dialect;

extern const rt_dialect rt_dialect_sqlite;
extern const rt_dialect rt_dialect_postgresql;
extern const rt_dialect rt_dialect_mysql;

/* Refuses, before anything runs, what op asks of d beyond its limits and
 * capabilities (a VARCHAR longer than d->max_varchar_length, a DEFERRABLE
 * foreign key without RT_DIALECT_DEFERRABLE_FK, a schema.table or a
 * CREATE/DROP SCHEMA without RT_DIALECT_SCHEMAS): RT_ENOTSUPPORTED with a
 * message naming the table, column and limit; a name longer than the
 * backend's identifier limit (max_ident_len, for each part of
 * schema.table). Every dialect's render
 * calls it first (rt_dialect_default_render, core/dialect_default.h), so
 * the rules live here once. */
int rt_dialect_check_op(const rt_dialect *d, const rt_op *op, rt_error *err);

/* The application's schema as d->reflect reads it, without retort's own
 * tables: the version table and its log (rt_version_log_name). Every
 * reflection of a database a history runs on goes through it, so a new
 * bookkeeping table is left out in one place. */
int rt_dialect_reflect(rt_db *db, const rt_dialect_options *opts, const char *version_table,
                       rt_schema *out, rt_error *err);

/* The value of d's setting key ("default_varchar_length") in
 * opts->settings, or its default when unset (or not a whole number within
 * its limits: rt_config_load refuses those first). 0 for a key d does
 * not declare. */
int rt_dialect_setting_int(const rt_dialect *d, const rt_dialect_options *opts,
                           const char *key);

/* Every setting of every dialect in the registry, numbered from 0 (dialect
 * by dialect, in registry order); NULL past the last. *d gets its dialect.
 * retort.ini reads them through this. */
const rt_dialect_setting *rt_dialect_setting_at(size_t i, const rt_dialect **d);

/* The number text spells when it is a valid value of s: a whole number from
 * s->min to s->max. */
bool rt_dialect_setting_parse(const rt_dialect_setting *s, const char *text, int *value);

/* The dialect of the backend named name (canonical, rt_url.dialect), as
 * the registry (core/backend_registry.h) pairs them; NULL when unknown. */
const rt_dialect *rt_dialect_find(const char *name);

/* d->render after the checks every revision passes before anything runs:
 * a name the op creates longer than d->max_ident_len (RT_ENOTSUPPORTED,
 * naming the limit), an index name already used on another table
 * (RT_EPARSE: index names are per schema on PostgreSQL and SQLite, per
 * table on MySQL). Engine, version table and render_all go through it. */
int rt_dialect_render(const rt_dialect *d, const rt_dialect_options *opts,
                      const rt_schema *before, const rt_op *op, rt_strv *out, rt_error *err);

/* The name the backend gives table's unnamed primary key (see
 * pkey_suffix); NULL when it has none of that form. Caller frees. */
char *rt_dialect_pkey_name(const rt_dialect *d, const char *table);

/* Renders a whole list, replaying each op on model as it goes (lenient), so
 * that later ops see earlier ones. model is updated in place. */
int rt_dialect_render_all(const rt_dialect *d, const rt_dialect_options *opts,
                          rt_schema *model, const rt_oplist *ops, rt_strv *out,
                          rt_error *err);

#endif
