/* retort test URL: every revision reversible. What pytest-alembic's
 * up/down consistency test does, as one command. */
#include "autogen.h"
#include "cli.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

static const char test_help[] =
    "usage: retort test URL\n"
    "\n"
    "On the empty database at URL, for each revision from base to head: upgrade\n"
    "to it, downgrade it, and check that the schema is the one before the\n"
    "upgrade; then upgrade to it again. At the end, when retort.ini sets\n"
    "`models`, the models must equal the schema at head (as `check`). The\n"
    "database is left at head.\n"
    "\n"
    "Exit status: 0 every revision reverses; 1 naming the first revision whose\n"
    "downgrade does not restore the schema, with the difference (or a failed\n"
    "migration, or models that differ from head); 2 usage, an unreachable\n"
    "database or one that is not empty.\n";

static int ts_reflect(rt_cli *c, rt_engine *e, rt_schema *out, rt_error *err)
{
    rt_schema_free(out);
    return rt_dialect_reflect(c->db, &e->opts, e->version_table, out, err);
}

static void ts_print_diff(const char *title, const rt_diff *d)
{
    printf("%s\n", title);
    for (size_t i = 0; i < d->changes.n; i++)
        printf("  %s\n", d->changes.items[i]);
}

/* "<rev>-1" downgrades to what r revises, which takes back r and also any
 * other branch started from there: upgrading to the heads of before (those
 * the downgrade removed) brings those back, so that only r is compared. */
static int ts_downgrade(rt_cli *c, rt_engine *e, const rt_revision *r, const rt_strv *heads,
                        rt_error *err)
{
    char *below = rt_xasprintf("%s-1", r->id);
    rt_strv now = RT_STRV_INIT;
    int rc = rt_engine_downgrade(e, below, err);
    if (rc == RT_OK)
        rc = rt_cli_db_heads(c, &now, err);
    for (size_t i = 0; i < heads->n && rc == RT_OK; i++)
        if (rt_strv_find(&now, heads->items[i]) < 0)
            rc = rt_engine_upgrade(e, heads->items[i], err);
    rt_strv_free(&now);
    free(below);
    return rc;
}

/* Upgrade to r, downgrade it, compare with before, upgrade again. Returns 1
 * (with the difference printed) when the downgrade does not restore. */
static int ts_revision(rt_cli *c, rt_engine *e, const rt_revision *r, rt_schema *before,
                       rt_error *err)
{
    rt_schema after = RT_SCHEMA_INIT;
    rt_diff d = RT_DIFF_INIT;
    rt_strv heads = RT_STRV_INIT;
    rt_cli_log("INFO", "retort.test", "Testing %s, %s", r->id, r->message ? r->message : "");
    int rc = rt_cli_db_heads(c, &heads, err);
    if (rc == RT_OK)
        rc = rt_engine_upgrade(e, r->id, err);
    if (rc == RT_OK)
        rc = ts_downgrade(c, e, r, &heads, err);
    if (rc == RT_OK)
        rc = ts_reflect(c, e, &after, err);
    if (rc == RT_OK)
        rc = rt_diff_schemas(&d, before, &after, err);
    if (rc == RT_OK && !rt_diff_empty(&d)) {
        char *title = rt_xasprintf("Revision %s (%s) does not reverse: after its downgrade "
                                   "the schema differs from the one before its upgrade:",
                                   r->id, r->path);
        ts_print_diff(title, &d);
        free(title);
        rc = 1;
    }
    if (rc == RT_OK)
        rc = rt_engine_upgrade(e, r->id, err);
    if (rc == RT_OK)
        rc = ts_reflect(c, e, before, err);
    rt_strv_free(&heads);
    rt_diff_free(&d);
    rt_schema_free(&after);
    return rc;
}

static int ts_models(rt_cli *c, rt_error *err)
{
    if (c->cfg->models.n == 0) {
        rt_cli_log("INFO", "retort.test", "No models configured: not compared with head.");
        return RT_OK;
    }
    rt_diff d = RT_DIFF_INIT;
    int rc = rt_autogen_compare(&d, c->db, c->cfg, err);
    if (rc == RT_OK && !rt_diff_empty(&d)) {
        ts_print_diff("The models differ from the schema at head:", &d);
        rc = 1;
    }
    rt_diff_free(&d);
    return rc;
}

static int ts_run(rt_cli *c, rt_error *err)
{
    char *shown = rt_url_redacted(c->url);
    int rc = rt_cli_require_empty(c->db, shown, rt_cli_version_table(c),
                                  "test runs the history from base on an empty database", err);
    free(shown);
    if (rc != RT_OK)
        return rc;
    rt_engine e;
    rt_cli_engine_init(c, &e, c->db);
    rt_schema before = RT_SCHEMA_INIT;
    size_t n = rt_graph_count(c->graph);
    for (size_t i = 0; i < n && rc == RT_OK; i++)
        rc = ts_revision(c, &e, rt_graph_at(c->graph, i), &before, err);
    rt_schema_free(&before);
    rt_engine_clear(&e);
    if (rc == RT_OK)
        rc = ts_models(c, err);
    if (rc == RT_OK)
        printf("%zu revision%s tested: each downgrade restores the schema before its upgrade.\n",
               n, n == 1 ? "" : "s");
    return rc;
}

static int test_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    const char *url;
    int rc = rt_cli_parse_one(c, argc, argv, "URL", &url, err);
    if (rc != RT_OK)
        return rc == RT_CLI_HELP ? RT_OK : rc;
    if (!url || !*url)
        return rt_error_set(err, RT_EUSAGE,
                            "test needs the URL of an empty database, e.g. 'retort test "
                            "sqlite:///scratch.db'");
    c->cli_url = url;
    rc = rt_cli_graph(c, err);
    if (rc == RT_OK)
        rc = rt_cli_db(c, err);
    return rc == RT_OK ? ts_run(c, err) : rc;
}

const rt_cli_command rt_cmd_test = {
    "test", "check that every revision's downgrade reverses its upgrade", test_help, test_run,
};
