/* The naming convention for constraints the user left unnamed, as
 * SQLAlchemy's naming_convention does it, so that every backend gets the
 * same stable names and DROP CONSTRAINT works everywhere:
 *   unique       uq_<table>_<col1>[_<col2>...]
 *   foreign key  fk_<table>_<col1>_<reftable>
 *   check        ck_<table>_<col> (column-level), ck_<table>_<n> (table-level,
 *                n = 1-based position among the table's unnamed checks)
 *   primary key  left unnamed (backends name it themselves)
 * A name longer than 63 characters becomes its first 54 characters, '_' and
 * 8 hex digits of a hash of the whole name. Documented in
 * docs/portable-sql.md. Every function returns a string the caller frees. */
#ifndef RT_NAMING_H
#define RT_NAMING_H

#include "rt_mem.h"
#include "schema.h"

#include <stdbool.h>

#define RT_NAME_MAX 63

char *rt_naming_unique(const char *table, const rt_strv *columns);
char *rt_naming_foreign_key(const char *table, const rt_strv *columns, const char *ref_table);
char *rt_naming_check_column(const char *table, const char *column);
char *rt_naming_check_table(const char *table, int n);
/* Applies the length rule to any name. */
char *rt_naming_shorten(const char *name);

/* The portable name of an unnamed primary key, <table>_pkey, as DROP
 * CONSTRAINT and the differ write it; a dialect maps it to the backend's
 * own (rt_dialect_pkey_name). */
char *rt_naming_primary_key(const char *table);
/* Whether name designates t's unnamed primary key: <table>_pkey or
 * PRIMARY. false when t has no primary key or a named one. */
bool rt_naming_is_unnamed_pkey(const rt_table *t, const char *name);

#endif
