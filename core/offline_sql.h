/* Offline SQL: `retort upgrade/downgrade --sql` writes the script an online
 * run executes instead of running it, connecting to nothing. The engine
 * runs the same plan and renders the same statements either way
 * (rt_engine_sql); this file only spells a revision as script text.
 *
 * Per revision, in the order an online run executes it:
 *   -- Running upgrade <from> -> <to>, <message>
 *   BEGIN;                       where the backend has transactional DDL
 *   CREATE TABLE <version table> and <version table>_log, when the script
 *                                starts from base (first revision only)
 *   the revision's statements    (`-- dialect:` blocks of this backend)
 *   UPDATE/INSERT/DELETE of the version table
 *   INSERT of the migration log row ('ok'), guarded: its outcome is NULL,
 *                                so the INSERT fails, unless the version
 *                                table holds exactly the rows written (the
 *                                online read-back, done by the server)
 *   COMMIT;
 *
 * The script header says what is not done offline: the migration lock is
 * not taken, and nothing is read from the database (FROM is taken on
 * trust; the guarded log row stops a script run on a database elsewhere).
 * SQLite table rebuilds are rendered from the model at that point of the
 * history: indexes or triggers made outside the revisions are not kept, as
 * they would be online (the rebuild reads the live table there).
 */
#ifndef RT_OFFLINE_SQL_H
#define RT_OFFLINE_SQL_H

#include "dialect.h"
#include "graph.h"

#include <stdio.h>

/* What the script is for, for its header. All borrowed. */
typedef struct rt_offline_info {
    const char *from;          /* NULL: base */
    const char *target;
    bool upgrade;
    size_t nrevs;
    const char *version_table;
} rt_offline_info;

/* One revision as the engine rendered it. All borrowed. */
typedef struct rt_offline_step {
    const rt_revision *rev;
    bool upgrade;
    const char *running;       /* "Running upgrade a -> b, message", as logged */
    const rt_strv *sql;        /* its statements, without ';' */
    const char *checksum;      /* of its section, for the log row */
    bool create_tables;        /* the first revision of a script from base */
    const rt_strv *before;     /* version-table rows before and after it */
    const rt_strv *after;
} rt_offline_step;

/* Splits the TARGET argument of --sql, "FROM:TO" or "TO", into *from
 * (NULL when absent) and *to, both owned by the caller. An upgrade without
 * FROM starts at base; a downgrade needs FROM (nothing is read from the
 * database offline): RT_EUSAGE naming the form. */
int rt_offline_range(const char *arg, bool upgrade, char **from, char **to, rt_error *err);

/* The version-table rows at from (a target expression; NULL or "base": no
 * row), appended to heads. An unknown revision: RT_EGRAPH naming it. */
int rt_offline_heads(const rt_graph *g, const char *from, rt_strv *heads, rt_error *err);

/* The header comment and the backend's session settings (rt_dialect
 * session_sql: what an online run executes right after connecting). */
int rt_offline_write_header(FILE *out, const rt_dialect *d, const rt_offline_info *info,
                            rt_error *err);
/* One revision; RT_EIO when the stream fails. */
int rt_offline_write_step(FILE *out, const rt_dialect *d, const char *version_table,
                          const rt_offline_step *s, rt_error *err);

#endif
