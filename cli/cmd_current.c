/* retort current: the revision(s) the database is at. */
#include "cli.h"
#include "json_write.h"
#include "version_log.h"

#include <string.h>

static const char current_help[] =
    "usage: retort current [-v] [--format text|json]\n"
    "\n"
    "Prints the revision of each row of the version table, '<rev> (head)' when\n"
    "it is a head; nothing when the database has no revision applied. When the\n"
    "migration log says a revision is dirty (MySQL/MariaDB stopped inside it),\n"
    "a line '<rev> (dirty: k of n statements applied, ...)' follows.\n"
    "  -v, --verbose  the full header and path of each revision, and when and\n"
    "                 by whom it was applied\n"
    "  --format json  one JSON document: the revisions (with when and by whom\n"
    "                 each was applied) and the dirty state (see docs/cli.md)\n";

/* A row must name a revision exactly: never a prefix or a label. */
/* A row must name a revision exactly: never a prefix or a label. */
static int current_rev(const rt_cli *c, const char *id, const rt_revision **out, rt_error *err)
{
    *out = rt_graph_get(c->graph, id);
    if (*out)
        return RT_OK;
    return rt_error_set(err, RT_ENOREV,
                        "the database is at revision '%s', which no file in %s defines", id,
                        c->versions_dir);
}

static int current_json(const rt_cli *c, bool bare, const rt_strv *heads, const rt_log *log,
                        rt_error *err)
{
    rt_buf out = RT_BUF_INIT;
    rt_json j;
    rt_cli_json_begin(&j, &out, "current");
    rt_json_key(&j, "current");
    rt_json_array_begin(&j);
    int rc = RT_OK;
    for (size_t i = 0; rc == RT_OK && i < heads->n; i++) {
        const rt_revision *rev = NULL;
        if (bare)
            rt_cli_json_bare_revision(&j, heads->items[i], log);
        else if ((rc = current_rev(c, heads->items[i], &rev, err)) == RT_OK)
            rt_cli_json_revision(&j, c->graph, rev, heads, log);
    }
    rt_json_array_end(&j);
    rt_cli_json_dirty(&j, log);
    if (rc == RT_OK)
        rt_cli_json_print(&j);
    rt_buf_free(&out);
    return rc;
}

static int current_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    bool verbose = false, json = false;
    int r = rt_cli_parse_flags_format(c, argc, argv, &verbose, &json, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;

    /* `retort --url URL current` outside a project answers from the database
     * alone: no revision files, so no (head) markers. */
    bool bare = rt_cli_without_config(c);
    rt_strv heads = RT_STRV_INIT;
    rt_log log = { NULL, 0 };
    int rc = bare ? rt_cli_db_and_heads(c, &heads, err) : rt_cli_graph_and_heads(c, &heads, err);
    if (rc == RT_OK)
        rc = rt_version_log_read(c->db, rt_cli_version_table(c), &log, err);
    if (json) {
        if (rc == RT_OK)
            rc = current_json(c, bare, &heads, &log, err);
        rt_log_free(&log);
        rt_strv_free(&heads);
        return rc;
    }
    for (size_t i = 0; rc == RT_OK && bare && i < heads.n; i++)
        printf("%s\n", heads.items[i]);
    for (size_t i = 0; rc == RT_OK && !bare && i < heads.n; i++) {
        const rt_revision *rev;
        if ((rc = current_rev(c, heads.items[i], &rev, err)) != RT_OK)
            break;
        rt_cli_marks m;
        rt_cli_marks_of(c->graph, rev, &heads, &m);
        if (verbose) {
            rt_cli_print_verbose(stdout, c->graph, rev, &m);
            rt_cli_print_applied(stdout, &log, rev->id, "");
        } else {
            m.current = false; /* every line here is current */
            rt_cli_print_short(stdout, rev, &m, false, false);
        }
    }
    const rt_log_entry *d = rc == RT_OK ? rt_version_log_dirty(&log) : NULL;
    if (d)
        printf("%s (dirty: %ld of %ld statements of its %s applied, %s %s UTC by %s; see "
               "'retort upgrade --resume' and 'retort stamp')\n",
               d->revision, d->applied, d->statements, d->direction[0] == 'u' ? "upgrade"
                                                                            : "downgrade",
               strcmp(d->outcome, "running") == 0 ? "interrupted or still running, started"
                                                    : "failed, started",
               d->started_at, d->run_by);
    rt_log_free(&log);
    rt_strv_free(&heads);
    return rc;
}

const rt_cli_command rt_cmd_current = {
    "current", "show the database's current revision", current_help, current_run,
};
