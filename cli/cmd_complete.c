/* Hidden commands behind the generated docs and completion:
 *   retort __help                 every command's name, summary and --help text
 *                                 (packaging/gen_docs.sh turns it into retort.1
 *                                 and the bash/zsh completion scripts)
 *   retort __complete revisions   revision ids and branch labels of the project
 *                                 in the current folder, for completion
 * Both read the same tables `retort --help` does, so the docs cannot drift. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

static const char help_dump_help[] =
    "usage: retort __help\n"
    "\n"
    "Prints the main help, then each command as '@@command NAME', '@@summary\n"
    "TEXT' and its --help text: the input of packaging/gen_docs.sh.\n";

static int help_dump_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    int r = rt_cli_parse_flags(c, argc, argv, NULL, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    puts("@@main");
    rt_cli_main_usage(stdout);
    size_t n;
    const rt_cli_command *const *cmds = rt_cli_commands(&n);
    for (size_t i = 0; i < n; i++) {
        printf("@@command %s\n@@summary %s\n", cmds[i]->name, cmds[i]->summary);
        fputs(cmds[i]->help, stdout);
    }
    puts("@@end");
    return RT_OK;
}

const rt_cli_command rt_cmd_help_dump = {
    "__help", "print every command's help for the docs generator", help_dump_help,
    help_dump_run,
};

static const char complete_help[] =
    "usage: retort __complete revisions\n"
    "\n"
    "Prints the revision ids and branch labels of the project (-c or\n"
    "./retort.ini), one per line: what shell completion offers for REV.\n"
    "Prints nothing, with status 0, outside a project.\n";

static int complete_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    const char *what = NULL;
    int r = rt_cli_parse_one(c, argc, argv, "WHAT", &what, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    if (!what || strcmp(what, "revisions") != 0)
        return rt_error_set(err, RT_EUSAGE, "__complete takes 'revisions', got '%s'",
                            what ? what : "");
    /* A shell asking while the user types: no project or a broken one
     * completes to nothing rather than printing errors into the prompt. */
    rt_error quiet;
    rt_error_clear(&quiet);
    if (rt_cli_graph(c, &quiet) != RT_OK)
        return RT_OK;
    const rt_graph *g = c->graph;
    for (size_t i = 0; i < rt_graph_count(g); i++) {
        const rt_revision *rev = rt_graph_at(g, i);
        puts(rev->id);
        for (size_t j = 0; j < rev->branch_labels.n; j++)
            puts(rev->branch_labels.items[j]);
    }
    return RT_OK;
}

const rt_cli_command rt_cmd_complete = {
    "__complete", "print revision ids and branch labels for shell completion",
    complete_help, complete_run,
};
