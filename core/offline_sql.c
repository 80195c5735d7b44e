#include "offline_sql.h"
#include "version_log.h"
#include "version_table.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int rt_offline_range(const char *arg, bool upgrade, char **from, char **to, rt_error *err)
{
    *from = NULL;
    *to = NULL;
    const char *colon = strchr(arg, ':');
    if (!colon && !upgrade)
        return rt_error_set(err, RT_EUSAGE,
                            "downgrade --sql needs a range FROM:TO, e.g. 'retort downgrade "
                            "head:base --sql' or 'head:-1': offline, nothing is read from the "
                            "database, so where it is must be given");
    if (colon && (colon == arg || !colon[1] || strchr(colon + 1, ':')))
        return rt_error_set(err, RT_EUSAGE,
                            "'%s' is not a range: write FROM:TO, e.g. 'ae10:head' (one ':', "
                            "a revision on each side)",
                            arg);
    if (colon)
        *from = rt_xstrndup(arg, (size_t)(colon - arg));
    *to = rt_xstrdup(colon ? colon + 1 : arg);
    return RT_OK;
}

int rt_offline_heads(const rt_graph *g, const char *from, rt_strv *heads, rt_error *err)
{
    if (!from || strcmp(from, "base") == 0)
        return RT_OK;
    rt_strv none = RT_STRV_INIT;
    const rt_revision **revs = NULL;
    size_t n = 0;
    rt_error_clear(err);
    int rc = rt_graph_resolve(g, &none, from, &revs, &n, err);
    if (rc != RT_OK)
        rt_error_prefix(err, "the range's FROM '%s': ", from);
    for (size_t i = 0; rc == RT_OK && i < n; i++)
        rt_strv_push(heads, revs[i]->id);
    free(revs);
    return rc;
}

static int off_io(FILE *out, rt_error *err)
{
    if (!ferror(out))
        return RT_OK;
    return rt_error_set(err, RT_EIO, "cannot write the SQL script: %s", strerror(errno));
}

/* A statement and its terminator. One whose last line holds a comment gets
 * ';' on a line of its own, or the comment would swallow it. The MySQL
 * client ends a statement at any ';' outside quotes, so a body holding some
 * (CREATE TRIGGER ... BEGIN ...; END) goes between DELIMITER lines; psql
 * and sqlite3 read such bodies whole. */
static void off_stmt(FILE *out, const rt_dialect *d, const char *sql)
{
    const char *last = strrchr(sql, '\n');
    bool comment = strstr(last ? last : sql, "--") != NULL;
    bool delim = strcmp(d->name, "mysql") == 0 && strchr(sql, ';');
    if (delim)
        fputs("DELIMITER $$\n", out);
    fputs(sql, out);
    fputs(comment ? "\n" : "", out);
    fputs(delim ? "$$\nDELIMITER ;\n" : ";\n", out);
}

static void off_stmts(FILE *out, const rt_dialect *d, const rt_strv *v)
{
    for (size_t i = 0; i < v->n; i++)
        off_stmt(out, d, v->items[i]);
}

/* A comment line; a newline in text would end the comment early. */
static void off_comment(FILE *out, const char *text)
{
    fputs("-- ", out);
    for (const char *p = text; *p; p++)
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
    fputc('\n', out);
}

int rt_offline_write_header(FILE *out, const rt_dialect *d, const rt_offline_info *info,
                            rt_error *err)
{
    char *log = rt_version_log_name(info->version_table);
    char *line = rt_xasprintf("retort %s %s%s%s --sql, for %s: %zu revision%s",
                              info->upgrade ? "upgrade" : "downgrade",
                              info->from ? info->from : "", info->from ? ":" : "",
                              info->target, d->name, info->nrevs, info->nrevs == 1 ? "" : "s");
    off_comment(out, line);
    free(line);
    fputs("-- Written without connecting to the database: the range's start is taken\n"
          "-- as given. The migration lock is not taken: run one copy at a time, and no\n"
          "-- other migration meanwhile. Stop at the first error (psql -v\n"
          "-- ON_ERROR_STOP=1, sqlite3 -bail; mariadb stops by default): each\n"
          "-- revision's row in the log table fails unless the version table holds\n"
          "-- exactly the revisions this script wrote.\n",
          out);
    line = rt_xasprintf("version table: %s; log table: %s", info->version_table, log);
    off_comment(out, line);
    free(line);
    if (d->session_sql) {
        fputs("\n-- session settings, as after every connection\n", out);
        for (const char *const *s = d->session_sql; *s; s++)
            off_stmt(out, d, *s);
    }
    free(log);
    return off_io(out, err);
}

int rt_offline_write_step(FILE *out, const rt_dialect *d, const char *version_table,
                          const rt_offline_step *s, rt_error *err)
{
    bool txn = (d->caps & RT_DIALECT_TRANSACTIONAL_DDL) != 0;
    rt_strv bookkeeping = RT_STRV_INIT;
    int rc = RT_OK;
    if (s->create_tables) {
        rc = rt_version_ensure_sql(d, version_table, &bookkeeping, err);
        if (rc == RT_OK)
            rc = rt_version_log_ensure_sql(d, version_table, &bookkeeping, err);
    }
    if (rc != RT_OK) {
        rt_strv_free(&bookkeeping);
        return rc;
    }
    fputc('\n', out);
    off_comment(out, s->running);
    if (txn)
        fputs("BEGIN;\n", out);
    off_stmts(out, d, &bookkeeping);
    rt_strv_clear(&bookkeeping);
    off_stmts(out, d, s->sql);
    rt_version_update_sql(d, version_table, s->before, s->after, &bookkeeping);
    off_stmts(out, d, &bookkeeping);
    rt_buf guard = RT_BUF_INIT, row = RT_BUF_INIT;
    rt_version_match_sql(d, version_table, s->after, &guard);
    rt_version_log_add_sql(d, version_table, s->rev->id, s->upgrade, s->checksum,
                           (long)s->sql->n, (long)s->sql->n, "ok", rt_buf_cstr(&guard), 0,
                           &row);
    off_stmt(out, d, rt_buf_cstr(&row));
    if (txn)
        fputs("COMMIT;\n", out);
    rt_buf_free(&guard);
    rt_buf_free(&row);
    rt_strv_free(&bookkeeping);
    return off_io(out, err);
}
