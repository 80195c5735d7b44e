#include "version_log.h"
#include "dialect.h"
#include "sha256.h"
#include "qname.h"
#include "sql_render.h"
#include "version_table.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

char *rt_version_log_name(const char *version_table)
{
    return rt_xasprintf("%s_log", version_table);
}

void rt_version_log_checksum(const char *text, char hex[65])
{
    rt_sha256_hex(text ? text : "", text ? strlen(text) : 0, hex);
}

static void vl_col(rt_table *t, const char *name, rt_type_kind kind, int length, bool not_null)
{
    rt_column c;
    memset(&c, 0, sizeof c);
    c.name = (char *)name;
    rt_type_init(&c.type, kind);
    c.type.length = length;
    c.not_null = not_null;
    rt_table_add_column(t, &c);
}

/* Creates the log table on db, or appends its DDL for d to out when db is
 * NULL. */
static int vl_ensure(rt_db *db, const rt_dialect *d, const char *version_table, rt_strv *out,
                     rt_error *err)
{
    rt_table t;
    memset(&t, 0, sizeof t);
    t.name = rt_version_log_name(version_table);
    vl_col(&t, "id", RT_TYPE_BIGINT, 0, true);
    vl_col(&t, "revision", RT_TYPE_VARCHAR, 32, true);
    vl_col(&t, "direction", RT_TYPE_VARCHAR, 8, true);
    vl_col(&t, "checksum", RT_TYPE_VARCHAR, 64, false);
    vl_col(&t, "statements", RT_TYPE_INTEGER, 0, true);
    vl_col(&t, "applied", RT_TYPE_INTEGER, 0, true);
    vl_col(&t, "started_at", RT_TYPE_VARCHAR, 32, true);
    vl_col(&t, "finished_at", RT_TYPE_VARCHAR, 32, false);
    vl_col(&t, "run_by", RT_TYPE_VARCHAR, 255, false);
    vl_col(&t, "outcome", RT_TYPE_VARCHAR, 16, true);
    rt_constraint pk;
    memset(&pk, 0, sizeof pk);
    pk.kind = RT_CONSTRAINT_PRIMARY_KEY;
    char *pk_name = rt_xasprintf("%s_pkc", rt_qname_local(t.name)); /* in its schema */
    pk.name = pk_name;
    rt_strv_push(&pk.columns, "id");
    rt_table_add_constraint(&t, &pk);
    rt_strv_free(&pk.columns);
    free(pk_name);
    int rc = db ? rt_version_create_table(db, &t, err) : rt_version_create_sql(d, &t, out, err);
    rt_table_free(&t);
    return rc;
}

int rt_version_log_ensure(rt_db *db, const char *version_table, rt_error *err)
{
    return vl_ensure(db, NULL, version_table, NULL, err);
}

int rt_version_log_ensure_sql(const rt_dialect *d, const char *version_table, rt_strv *out,
                              rt_error *err)
{
    return vl_ensure(NULL, d, version_table, out, err);
}

static void vl_now(rt_buf *b)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    rt_buf_printf(b, "'%04d-%02d-%02d %02d:%02d:%02d'", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* user@host, worked out once per process: getpwuid reads /etc/passwd, a
 * file open per revision otherwise. Borrowed, static. */
static const char *vl_run_by(void)
{
    static char run_by[260];
    if (run_by[0])
        return run_by;
    const char *user = getenv("USER");
    struct passwd *pw = NULL;
    if (!user || !*user) {
        pw = getpwuid(getuid());
        user = pw ? pw->pw_name : "?";
    }
    char host[256] = "";
    if (gethostname(host, sizeof host - 1) != 0)
        strcpy(host, "?");
    snprintf(run_by, sizeof run_by, "%.100s@%.150s", user, host);
    return run_by;
}

static void vl_table(const rt_dialect *d, rt_buf *b, const char *version_table)
{
    char *name = rt_version_log_name(version_table);
    d->quote_ident(b, name);
    free(name);
}

void rt_version_log_add_sql(const rt_dialect *d, const char *version_table,
                            const char *revision, bool up, const char *checksum,
                            long statements, long applied, const char *outcome,
                            const char *guard, long id, rt_buf *sql)
{
    rt_buf_append(sql, "INSERT INTO ");
    vl_table(d, sql, version_table);
    rt_buf_append(sql, " (id, revision, direction, checksum, statements, applied, started_at, "
                       "finished_at, run_by, outcome) SELECT ");
    if (id > 0)
        rt_buf_printf(sql, "%ld, ", id);
    else
        rt_buf_append(sql, "COALESCE(MAX(id), 0) + 1, ");
    rt_sql_quote_literal(sql, revision);
    rt_buf_append(sql, up ? ", 'up', " : ", 'down', ");
    rt_sql_quote_literal(sql, checksum ? checksum : "");
    rt_buf_printf(sql, ", %ld, %ld, ", statements, applied);
    vl_now(sql);
    rt_buf_append(sql, ", ");
    if (strcmp(outcome, "running") == 0)
        rt_buf_append(sql, "NULL");
    else
        vl_now(sql);
    rt_buf_append(sql, ", ");
    rt_sql_quote_literal(sql, vl_run_by());
    rt_buf_append(sql, ", ");
    if (guard)
        rt_buf_printf(sql, "CASE WHEN %s THEN ", guard);
    rt_sql_quote_literal(sql, outcome);
    if (guard)
        rt_buf_append(sql, " END");
    if (id <= 0) {
        rt_buf_append(sql, " FROM ");
        vl_table(d, sql, version_table);
    }
}

int rt_version_log_add(rt_db *db, const char *version_table, const char *revision, bool up,
                       const char *checksum, long statements, long applied,
                       const char *outcome, const char *guard, long *id, rt_error *err)
{
    return rt_version_log_add_with(db, version_table, NULL, revision, up, checksum, statements,
                                   applied, outcome, guard, id, err);
}

int rt_version_log_add_with(rt_db *db, const char *version_table, const char *with,
                            const char *revision, bool up, const char *checksum,
                            long statements, long applied, const char *outcome,
                            const char *guard, long *id, rt_error *err)
{
    const rt_dialect *d = rt_db_dialect(db);
    rt_buf sql = RT_BUF_INIT;
    char *next = NULL;
    int rc = RT_OK;
    if (*id <= 0) {
        rt_buf_append(&sql, "SELECT COALESCE(MAX(id), 0) + 1 FROM ");
        vl_table(d, &sql, version_table);
        rc = rt_db_query_value(db, rt_buf_cstr(&sql), &next, err);
        *id = next ? strtol(next, NULL, 10) : 1;
    }
    if (rc == RT_OK) {
        rt_buf_reset(&sql);
        if (with)
            rt_buf_printf(&sql, "%s ", with);
        rt_version_log_add_sql(d, version_table, revision, up, checksum, statements, applied,
                               outcome, guard, *id, &sql);
        rc = rt_db_exec(db, rt_buf_cstr(&sql), err);
    }
    free(next);
    rt_buf_free(&sql);
    if (rc != RT_OK)
        rt_error_prefix(err, "Cannot write the migration log: ");
    return rc;
}

void rt_version_log_set_sql(rt_buf *out, const char *alias, long applied, const char *outcome)
{
    const char *dot = alias ? "." : "";
    alias = alias ? alias : "";
    rt_buf_printf(out, "%s%sapplied = %ld", alias, dot, applied);
    if (outcome) {
        rt_buf_printf(out, ", %s%soutcome = ", alias, dot);
        rt_sql_quote_literal(out, outcome);
        rt_buf_printf(out, ", %s%sfinished_at = ", alias, dot);
        vl_now(out);
    }
}

int rt_version_log_outcome(rt_db *db, const char *version_table, long id, char **outcome,
                           rt_error *err)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "SELECT outcome FROM ");
    vl_table(rt_db_dialect(db), &sql, version_table);
    rt_buf_printf(&sql, " WHERE id = %ld", id);
    *outcome = NULL;
    int rc = rt_db_query_value(db, rt_buf_cstr(&sql), outcome, err);
    rt_buf_free(&sql);
    if (rc != RT_OK)
        rt_error_prefix(err, "Cannot read the migration log: ");
    return rc;
}

static int vl_update(rt_db *db, const char *version_table, long id, long applied,
                     const char *outcome, rt_error *err)
{
    rt_buf sql = RT_BUF_INIT;
    rt_buf_append(&sql, "UPDATE ");
    vl_table(rt_db_dialect(db), &sql, version_table);
    rt_buf_append(&sql, " SET ");
    rt_version_log_set_sql(&sql, NULL, applied, outcome);
    rt_buf_printf(&sql, " WHERE id = %ld", id);
    int rc = rt_db_exec(db, rt_buf_cstr(&sql), err);
    rt_buf_free(&sql);
    if (rc != RT_OK)
        rt_error_prefix(err, "Cannot write the migration log: ");
    return rc;
}

int rt_version_log_progress(rt_db *db, const char *version_table, long id, long applied,
                            rt_error *err)
{
    return vl_update(db, version_table, id, applied, NULL, err);
}

int rt_version_log_finish(rt_db *db, const char *version_table, long id, long applied,
                          const char *outcome, rt_error *err)
{
    return vl_update(db, version_table, id, applied, outcome, err);
}

static int vl_collect(void *ctx, size_t ncols, const char *const *names,
                      const char *const *v)
{
    (void)names;
    rt_log *log = ctx;
    if (ncols < 10)
        return 1;
    log->items = rt_xrealloc(log->items, (log->n + 1) * sizeof *log->items);
    rt_log_entry *e = &log->items[log->n++];
    e->id = v[0] ? strtol(v[0], NULL, 10) : 0;
    e->revision = rt_xstrdup(v[1] ? v[1] : "");
    e->direction = rt_xstrdup(v[2] ? v[2] : "");
    e->checksum = rt_xstrdup(v[3] ? v[3] : "");
    e->statements = v[4] ? strtol(v[4], NULL, 10) : 0;
    e->applied = v[5] ? strtol(v[5], NULL, 10) : 0;
    e->started_at = rt_xstrdup(v[6] ? v[6] : "");
    e->finished_at = rt_xstrdup(v[7] ? v[7] : "");
    e->run_by = rt_xstrdup(v[8] ? v[8] : "");
    e->outcome = rt_xstrdup(v[9] ? v[9] : "");
    return 0;
}

int rt_version_log_read(rt_db *db, const char *version_table, rt_log *out, rt_error *err)
{
    *out = (rt_log){ NULL, 0 };
    char *name = rt_version_log_name(version_table);
    rt_buf sql = RT_BUF_INIT;
    rt_db_dialect(db)->has_table_sql(&sql, name);
    free(name);
    char *exists = NULL;
    int rc = rt_db_query_value(db, rt_buf_cstr(&sql), &exists, err);
    if (rc == RT_OK && exists) {
        rt_buf_reset(&sql);
        rt_buf_append(&sql, "SELECT id, revision, direction, checksum, statements, applied, "
                            "started_at, finished_at, run_by, outcome FROM ");
        vl_table(rt_db_dialect(db), &sql, version_table);
        rt_buf_append(&sql, " ORDER BY id");
        rc = rt_db_query(db, rt_buf_cstr(&sql), vl_collect, out, err);
    }
    free(exists);
    rt_buf_free(&sql);
    if (rc != RT_OK)
        rt_error_prefix(err, "Cannot read the migration log: ");
    return rc;
}

void rt_log_free(rt_log *log)
{
    for (size_t i = 0; i < log->n; i++) {
        rt_log_entry *e = &log->items[i];
        free(e->revision);
        free(e->direction);
        free(e->checksum);
        free(e->started_at);
        free(e->finished_at);
        free(e->run_by);
        free(e->outcome);
    }
    free(log->items);
    *log = (rt_log){ NULL, 0 };
}

const rt_log_entry *rt_version_log_dirty(const rt_log *log)
{
    if (log->n == 0)
        return NULL;
    const rt_log_entry *e = &log->items[log->n - 1];
    if (strcmp(e->outcome, "running") == 0 || strcmp(e->outcome, "dirty") == 0)
        return e;
    return NULL;
}

const rt_log_entry *rt_version_log_applied(const rt_log *log, const char *revision)
{
    for (size_t i = log->n; i-- > 0;) {
        const rt_log_entry *e = &log->items[i];
        if (strcmp(e->revision, revision) != 0)
            continue;
        bool done = strcmp(e->outcome, "ok") == 0 || strcmp(e->outcome, "stamped") == 0;
        if (!done)
            continue;
        return strcmp(e->direction, "up") == 0 ? e : NULL;
    }
    return NULL;
}
