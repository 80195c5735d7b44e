/* Loads what a command needs, once: config, graph, URL, connection. */
#include "autogen.h"
#include "cli.h"
#include "version_table.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void rt_cli_free(rt_cli *c)
{
    rt_db_close(c->db);
    rt_url_free(c->url);
    rt_graph_free(c->graph);
    free(c->versions_dir);
    rt_strv_free(&c->version_dirs);
    rt_config_free(c->cfg);
    c->db = NULL;
    c->url = NULL;
    c->graph = NULL;
    c->versions_dir = NULL;
    c->cfg = NULL;
}

int rt_cli_config(rt_cli *c, rt_error *err)
{
    if (c->cfg)
        return RT_OK;
    if (access(c->config_path, F_OK) != 0)
        return rt_error_set(err, RT_ECONFIG,
                            "no config file '%s' found: run 'retort init DIR' to create "
                            "one, or pass -c FILE",
                            c->config_path);
    int rc = rt_config_load(&c->cfg, c->config_path, err);
    if (rc != RT_OK)
        return rc;
    if (!c->cfg->script_location || !*c->cfg->script_location)
        return rt_error_set(err, RT_ECONFIG, "%s: script_location is not set in [retort]",
                            c->config_path);
    return RT_OK;
}

/* The config, and from it the versions folders: version_locations, or
 * <script_location>/versions (Alembic's rule: when version_locations is
 * set, only the folders it lists). */
static int context_versions_dir(rt_cli *c, rt_error *err)
{
    int rc = rt_cli_config(c, err);
    if (rc != RT_OK)
        return rc;
    free(c->versions_dir);
    rt_strv_clear(&c->version_dirs);
    if (c->cfg->version_locations.n)
        rt_strv_copy(&c->version_dirs, &c->cfg->version_locations);
    else
        rt_strv_push_owned(&c->version_dirs,
                           rt_xasprintf("%s/versions", c->cfg->script_location));
    c->versions_dir = rt_xstrdup(c->version_dirs.items[0]);
    return RT_OK;
}

static int context_load_graph(rt_graph **out, const rt_strv *dirs, rt_error *err)
{
    return rt_graph_load_dirs(out, (const char *const *)dirs->items, dirs->n, NULL, err);
}

int rt_cli_graph(rt_cli *c, rt_error *err)
{
    if (c->graph)
        return RT_OK;
    int rc = context_versions_dir(c, err);
    return rc == RT_OK ? context_load_graph(&c->graph, &c->version_dirs, err) : rc;
}

bool rt_cli_without_config(const rt_cli *c)
{
    return !c->cfg && !c->config_given && access(c->config_path, F_OK) != 0 &&
           rt_config_pick_url(NULL, c->cli_url) != NULL;
}

const char *rt_cli_version_table(const rt_cli *c)
{
    return c->cfg ? c->cfg->version_table : "retort_version";
}

int rt_cli_url(rt_cli *c, rt_error *err)
{
    if (c->url)
        return RT_OK;
    int rc = rt_cli_without_config(c) ? RT_OK : rt_cli_config(c, err);
    if (rc != RT_OK)
        return rc;
    const char *text = rt_config_pick_url(c->cfg, c->cli_url);
    if (!text || !*text)
        return rt_error_set(err, RT_ECONFIG,
                            "no database URL: pass --url, set $RETORT_URL or $DATABASE_URL, "
                            "or set url in %s",
                            c->config_path);
    return rt_url_parse(&c->url, text, err);
}

int rt_cli_db(rt_cli *c, rt_error *err)
{
    if (c->db)
        return RT_OK;
    int rc = rt_cli_url(c, err);
    if (rc != RT_OK)
        return rc;
    rc = rt_db_open(&c->db, c->url, err);
    if (rc != RT_OK)
        return rc;
    rt_cli_log_statements(c->db);
    rt_cli_log("INFO", "retort.runtime.migration", "Context impl %s (driver %s).",
               c->url->dialect, c->url->driver);
    rt_cli_log("INFO", "retort.runtime.migration", "Will assume %s DDL.",
               rt_db_transactional_ddl(c->db) ? "transactional" : "non-transactional");
    return RT_OK;
}

int rt_cli_db_heads(rt_cli *c, rt_strv *heads, rt_error *err)
{
    return rt_version_read(c->db, rt_cli_version_table(c), heads, err);
}

typedef struct context_graph_job {
    const rt_strv *dirs;
    rt_graph *graph;
    rt_error err;
    int rc;
} context_graph_job;

static void *context_graph_load(void *arg)
{
    context_graph_job *job = arg;
    job->rc = context_load_graph(&job->graph, job->dirs, &job->err);
    return NULL;
}

int rt_cli_graph_and_heads(rt_cli *c, rt_strv *heads, rt_error *err)
{
    if (c->graph)
        return rt_cli_db_and_heads(c, heads, err);
    int rc = context_versions_dir(c, err);
    if (rc != RT_OK)
        return rc;
    context_graph_job job = { .dirs = &c->version_dirs, .rc = RT_OK };
    rt_error_clear(&job.err);
    pthread_t tid;
    bool threaded = pthread_create(&tid, NULL, context_graph_load, &job) == 0;
    if (!threaded)
        context_graph_load(&job);
    rt_error db_err;
    rt_error_clear(&db_err);
    int db_rc = rt_cli_db_and_heads(c, heads, &db_err);
    if (threaded)
        pthread_join(tid, NULL);
    c->graph = job.graph;
    /* The same error as loading one after the other: the files' first. */
    if (job.rc != RT_OK) {
        *err = job.err;
        return job.rc;
    }
    if (db_rc != RT_OK)
        *err = db_err;
    return db_rc;
}

int rt_cli_db_and_heads(rt_cli *c, rt_strv *heads, rt_error *err)
{
    int rc = rt_cli_db(c, err);
    return rc == RT_OK ? rt_cli_db_heads(c, heads, err) : rc;
}

int rt_cli_revisions(rt_cli *c, const char *key, const rt_revision ***out, size_t *n,
                     rt_error *err)
{
    rt_strv none = RT_STRV_INIT;
    rt_error_clear(err);
    int rc = rt_graph_resolve(c->graph, &none, key, out, n, err);
    if (rc == RT_OK && *n == 0)
        rc = rt_error_set(err, RT_EUSAGE, "No revision files indicated by symbol '%s'", key);
    if (rc != RT_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
    }
    return rc;
}

static int context_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void rt_cli_graph_heads(rt_cli *c, rt_strv *heads)
{
    const rt_revision **hs;
    size_t n;
    rt_graph_heads(c->graph, &hs, &n);
    for (size_t i = 0; i < n; i++)
        rt_strv_push(heads, hs[i]->id);
    free(hs);
    if (heads->n > 1)
        qsort(heads->items, heads->n, sizeof *heads->items, context_cmp);
}

static char *context_join_or(const rt_strv *v, const char *empty)
{
    return v->n ? rt_strv_join(v, ", ") : rt_xstrdup(empty);
}

int rt_cli_require_at_head(rt_cli *c, rt_error *err)
{
    rt_strv db = RT_STRV_INIT, graph = RT_STRV_INIT;
    int rc = rt_cli_db_heads(c, &db, err);
    if (rc == RT_OK) {
        if (db.n > 1)
            qsort(db.items, db.n, sizeof *db.items, context_cmp);
        rt_cli_graph_heads(c, &graph);
        if (!rt_strv_equal(&db, &graph)) {
            char *at = context_join_or(&db, "base (empty version table)");
            char *want = context_join_or(&graph, "base (no revisions)");
            rc = rt_error_set(err, RT_EGRAPH,
                              "Target database is not up to date: it is at %s, the "
                              "revisions end at %s; run 'retort upgrade head' first",
                              at, want);
            free(at);
            free(want);
        }
    }
    rt_strv_free(&db);
    rt_strv_free(&graph);
    return rc;
}

void rt_cli_redact(const rt_cli *c, char *text, size_t size)
{
    if (c->url)
        rt_url_redact_text(c->url, text, size);
}

int rt_cli_autogen_compare(rt_cli *c, rt_diff *d, rt_error *err)
{
    int rc = rt_cli_db(c, err);
    if (rc == RT_OK)
        rc = rt_cli_require_at_head(c, err);
    if (rc == RT_OK)
        rc = rt_autogen_compare(d, c->db, c->cfg, err);
    return rc;
}
