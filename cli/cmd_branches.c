/* retort branches: the branch points, each with the revisions it branches
 * into (Alembic's `branches`). */
#include "cli.h"
#include "json_write.h"

#include <stdlib.h>
#include <string.h>

static const char branches_help[] =
    "usage: retort branches [-v] [--format text|json]\n"
    "\n"
    "Lists each branch point (a revision several revisions revise), newest\n"
    "first, then one line per revision it branches into:\n"
    "  <rev> (branchpoint)\n"
    "         -> <next> (label)\n"
    "  -v, --verbose  the branch point's full header, and each next\n"
    "                 revision's message\n"
    "  --format json  one JSON document: the branch points, newest first, with\n"
    "                 next_revisions listing where each branches (docs/cli.md)\n";

static void branches_json(const rt_graph *g)
{
    rt_buf out = RT_BUF_INIT;
    rt_json j;
    rt_cli_json_begin(&j, &out, "branches");
    rt_json_key(&j, "branch_points");
    rt_json_array_begin(&j);
    for (size_t i = rt_graph_count(g); i-- > 0;) {
        const rt_revision *bp = rt_graph_at(g, i);
        if (rt_graph_nchildren(g, bp) > 1)
            rt_cli_json_revision(&j, g, bp, NULL, NULL);
    }
    rt_json_array_end(&j);
    rt_cli_json_print(&j);
    rt_buf_free(&out);
}

static int branches_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    bool verbose = false, json = false;
    int r = rt_cli_parse_flags_format(c, argc, argv, &verbose, &json, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    int rc = rt_cli_graph(c, err);
    if (rc != RT_OK)
        return rc;
    const rt_graph *g = c->graph;
    if (json) {
        branches_json(g);
        return RT_OK;
    }
    for (size_t i = rt_graph_count(g); i-- > 0;) {
        const rt_revision *bp = rt_graph_at(g, i);
        if (rt_graph_nchildren(g, bp) < 2)
            continue;
        rt_cli_marks m;
        rt_cli_marks_of(g, bp, NULL, &m);
        if (verbose)
            rt_cli_print_verbose(stdout, g, bp, &m);
        else
            rt_cli_print_short(stdout, bp, &m, false, false);
        const rt_revision **kids;
        size_t n;
        rt_graph_children(g, bp, &kids, &n);
        for (size_t k = 0; k < n; k++) {
            rt_cli_marks km;
            rt_cli_marks_of(g, kids[k], NULL, &km);
            printf("%*s -> ", (int)strlen(bp->id), "");
            rt_cli_print_short(stdout, kids[k], &km, false, verbose);
        }
        free(kids);
        putchar('\n');
    }
    return RT_OK;
}

const rt_cli_command rt_cmd_branches = {
    "branches", "list the branch points", branches_help, branches_run,
};
