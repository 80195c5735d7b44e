/* retort merge: a revision that revises several heads, joining their
 * branches (Alembic's merge). */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char merge_help[] =
    "usage: retort merge [-m MESSAGE] [--branch-label LABEL] [--rev-id ID] REV...\n"
    "\n"
    "Writes a revision whose Revises lists every REV (each a head: an id,\n"
    "prefix, branch label or label@head; 'heads' for all of them), with empty\n"
    "upgrade and downgrade sections, into the folder of the first, and prints\n"
    "its path.\n"
    "\n"
    "Options:\n"
    "  -m, --message MESSAGE   what the merge is for (one line)\n"
    "  --branch-label LABEL    a branch label for the merge (repeatable)\n"
    "  --rev-id ID             use ID instead of 12 random hex digits\n";

enum { MERGE_MESSAGE = 1, MERGE_LABEL, MERGE_ID };

/* The heads each argument names, in order, each once. */
static int merge_resolve(rt_cli *c, const rt_strv *args, rt_strv *down, rt_error *err)
{
    int rc = RT_OK;
    for (size_t i = 0; i < args->n && rc == RT_OK; i++) {
        const rt_revision **revs;
        size_t n;
        rc = rt_cli_revisions(c, args->items[i], &revs, &n, err);
        for (size_t k = 0; k < n && rc == RT_OK; k++) {
            if (!rt_graph_is_head(c->graph, revs[k]))
                rc = rt_error_set(err, RT_EUSAGE,
                                  "Revision %s is not a head revision; merge joins heads",
                                  revs[k]->id);
            else if (rt_strv_find(down, revs[k]->id) >= 0)
                rc = rt_error_set(err, RT_EUSAGE, "Duplicate head revisions specified (%s)",
                                  revs[k]->id);
            else
                rt_strv_push(down, revs[k]->id);
        }
        free(revs);
    }
    return rc;
}

static int merge_write(rt_cli *c, const char *message, const char *rev_id,
                       const rt_strv *labels, const rt_strv *args, rt_error *err)
{
    rt_revision rev;
    memset(&rev, 0, sizeof rev);
    rev.id = rev_id ? rt_xstrdup(rev_id) : rt_script_new_id();
    rev.message = rt_xstrdup(message);
    rev.create_date = rt_xstrdup("");
    rt_strv_copy(&rev.branch_labels, labels);
    int rc = rt_cli_check_new_revision(c, rev.id, labels, err);
    if (rc == RT_OK)
        rc = merge_resolve(c, args, &rev.down, err);
    if (rc == RT_OK)
        rc = rt_cli_write_revision(c, &rev, NULL, NULL, NULL, err);
    free(rev.id);
    free(rev.message);
    free(rev.create_date);
    rt_strv_free(&rev.down);
    rt_strv_free(&rev.branch_labels);
    return rc;
}

static int merge_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 'm', "message", true, MERGE_MESSAGE },
        { 0, "branch-label", true, MERGE_LABEL },
        { 0, "rev-id", true, MERGE_ID },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    const char *message = "empty message", *rev_id = NULL;
    rt_strv labels = RT_STRV_INIT, args = RT_STRV_INIT;
    int id, r;
    const char *v;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_OPT || r == RT_CLI_POS) {
        if (r == RT_CLI_POS)
            rt_strv_push(&args, v);
        else if (id == MERGE_MESSAGE)
            message = v;
        else if (id == MERGE_LABEL)
            rt_strv_push(&labels, v);
        else
            rev_id = v;
    }
    int rc = r;
    if (r == RT_CLI_HELP)
        rc = rt_cli_print_help(c);
    else if (r == RT_CLI_END && args.n == 0)
        rc = rt_error_set(err, RT_EUSAGE,
                          "merge needs the revisions to join, e.g. 'retort merge -m MSG heads'");
    else if (r == RT_CLI_END && strpbrk(message, "\r\n"))
        rc = rt_error_set(err, RT_EUSAGE, "the message must be one line");
    else if (r == RT_CLI_END && (rc = rt_cli_graph(c, err)) == RT_OK)
        rc = merge_write(c, message, rev_id, &labels, &args, err);
    rt_strv_free(&labels);
    rt_strv_free(&args);
    return rc;
}

const rt_cli_command rt_cmd_merge = {
    "merge", "merge several heads into one revision", merge_help, merge_run,
};
