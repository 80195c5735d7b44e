/* Revision files: <script_location>/versions/<rev>_<slug>.sql
 *
 *   -- Revision ID: 100559f72c66
 *   -- Revises: <id>[, <id>...]        (empty for a base; several = merge)
 *   -- Create Date: 2026-11-25 14:28:59.084794
 *   -- Message: baseline
 *   -- Branch Labels: [label, ...]
 *   -- Depends On: [id, ...]
 *
 *   -- upgrade
 *   ...portable SQL...
 *
 *   -- downgrade
 *   ...portable SQL...
 */
#ifndef RT_SCRIPT_H
#define RT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "rt_error.h"
#include "rt_mem.h"

#include <stdbool.h>

typedef struct rt_revision {
    char *id;
    rt_strv down;           /* Revises */
    rt_strv branch_labels;
    rt_strv depends_on;
    char *message;          /* "" when absent */
    char *create_date;      /* "" when absent */
    char *path;             /* file it was read from */
    int id_line;            /* line of "-- Revision ID:" (1-based) */
    int down_line;          /* line of "-- Revises:" (1-based), 0 when absent */
    int depends_line;       /* line of "-- Depends On:", 0 when absent */
    int labels_line;        /* line of "-- Branch Labels:", 0 when absent */
} rt_revision;

typedef struct rt_script_body {
    char *upgrade;          /* text between "-- upgrade" and "-- downgrade" */
    int upgrade_line;       /* file line of the first line of upgrade */
    char *downgrade;        /* text after "-- downgrade" ("" when absent) */
    int downgrade_line;
} rt_script_body;

/* The one rule for revision ids and branch labels, in files and on the
 * command line (--rev-id, --branch-label): 1 to RT_SCRIPT_ID_MAX characters
 * of [A-Za-z0-9_.-], described to users as RT_SCRIPT_ID_RULE. */
#define RT_SCRIPT_ID_MAX 32
#define RT_SCRIPT_ID_RULE "1 to 32 letters, digits, '_', '-' or '.'"
bool rt_script_valid_id(const char *s);

/* Reads only the header lines of path (stops at "-- upgrade"). Missing
 * Revision ID or a malformed header line: RT_EPARSE "path:line:col: ...".
 * Ids and branch labels are 1 to 32 characters of [A-Za-z0-9_.-]. */
int rt_script_read_header(rt_revision *out, const char *path, rt_error *err);
/* The same for the file name relative to an open directory (dirfd), which
 * saves the path walk when loading a whole versions folder; path is used
 * for messages and stored in out->path. */
int rt_script_read_header_at(rt_revision *out, int dirfd, const char *name, const char *path,
                             rt_error *err);
/* Reads the two sections. Missing "-- upgrade" marker: RT_EPARSE. */
int rt_script_read_body(rt_script_body *out, const char *path, rt_error *err);

/* Column (1-based) where item starts in the value of header line `line` of
 * path, for messages about one id of a list; 1 when not found. */
int rt_script_item_col(const char *path, int line, const char *item);

void rt_revision_free(rt_revision *r);   /* members */
void rt_script_body_free(rt_script_body *b);

/* rt_script_write for a revision brought from elsewhere (import-alembic):
 * the Create Date line is rev->create_date as it is, and note (one line,
 * without "-- ") follows the header lines, e.g. "Imported from: x.py". */
int rt_script_write_noted(char **path_out, const char *versions_dir, const char *file_template,
                          const rt_revision *rev, const char *note, const char *upgrade_sql,
                          const char *downgrade_sql, rt_error *err);

/* 12 lower-case hex digits from the system's random source; caller frees. */
char *rt_script_new_id(void);
/* message -> file-name slug (lower case, [a-z0-9_], at most 40 chars);
 * caller frees. */
char *rt_script_slug(const char *message);

/* Whether name (n bytes, no NUL needed) is one the history reads from a
 * versions folder: "*.sql", not hidden, no directory part. The one owner of
 * that rule, for the graph's listing and for new files. */
bool rt_script_is_revision_name(const char *name, size_t n);

/* Writes a new revision file into versions_dir named by file_template
 * (%(rev)s, %(slug)s, %(year)d... as Alembic) + ".sql", with rev's header
 * (create date = now, local time) and the given sections. Refuses to
 * overwrite, and refuses a template whose name would not be a revision
 * file directly in versions_dir (rt_script_is_revision_name). *path_out
 * (caller frees) gets the path written. */
int rt_script_write(char **path_out, const char *versions_dir, const char *file_template,
                    const rt_revision *rev, const char *upgrade_sql,
                    const char *downgrade_sql, rt_error *err);

#endif
