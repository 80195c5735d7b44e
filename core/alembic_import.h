/* `retort import-alembic`: one Alembic revision file (.py) -> one retort
 * revision in portable SQL, without running Python (docs/import-alembic.md).
 *
 * What cannot be converted faithfully is never guessed: the converted
 * statements are kept, each place that could not be converted becomes a
 * comment block quoting its Python lines, and is listed in problems as
 * "path:line: why".
 */
#ifndef RT_ALEMBIC_IMPORT_H
#define RT_ALEMBIC_IMPORT_H

#include "rt_error.h"
#include "rt_mem.h"
#include "script.h"

typedef struct rt_alembic_opts {
    /* "NAME=PORTABLE TYPE" entries of --type-map (borrowed): a type whose
     * callee is NAME (the last part of its dotted name) becomes the type. */
    const rt_strv *type_map;
} rt_alembic_opts;

typedef struct rt_alembic_rev {
    rt_revision rev;    /* id, down, labels, depends, message, create date; path = the .py */
    char *upgrade;      /* portable SQL of upgrade() */
    char *downgrade;    /* portable SQL of downgrade() */
    rt_strv problems;   /* "path:line: why", in file order */
} rt_alembic_rev;

/* Converts the revision file text src (len bytes; path names it in messages)
 * into out (caller frees with rt_alembic_rev_free, also after an error).
 * RT_EPARSE "path:line:col: ..." when the file is not Python this reader
 * understands or has no `revision = "..."`. Places that cannot be converted
 * are not errors: they land in out->problems. */
int rt_alembic_convert_text(rt_alembic_rev *out, const char *path, const char *src, size_t len,
                            const rt_alembic_opts *o, rt_error *err);
/* The same, reading path. */
int rt_alembic_convert_file(rt_alembic_rev *out, const char *path, const rt_alembic_opts *o,
                            rt_error *err);
void rt_alembic_rev_free(rt_alembic_rev *r);

/* Checks one --type-map entry ("NAME=TYPE", both non-empty). */
int rt_alembic_type_map_check(const char *entry, rt_error *err);

#endif
