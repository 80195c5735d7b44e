/* retort check: do the models and the database agree? For CI gates. */
#include "cli.h"

static const char check_help[] =
    "usage: retort check\n"
    "\n"
    "Compares the models (retort.ini `models`) with the database, which must be\n"
    "at head. Exit status 0 and 'No new upgrade operations detected.' when\n"
    "they agree; 1 and the list of differences when a new revision is needed.\n";

static int check_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    int rc = rt_cli_parse_flags(c, argc, argv, NULL, err);
    if (rc != RT_OK)
        return rc == RT_CLI_HELP ? RT_OK : rc;
    rc = rt_cli_graph(c, err);
    if (rc != RT_OK)
        return rc;
    rt_diff d = RT_DIFF_INIT;
    rc = rt_cli_autogen_compare(c, &d, err);
    if (rc == RT_OK) {
        if (rt_diff_empty(&d)) {
            printf("No new upgrade operations detected.\n");
        } else {
            printf("New upgrade operations detected:\n");
            for (size_t i = 0; i < d.changes.n; i++)
                printf("  %s%s\n", d.changes.items[i],
                       rt_strv_find(&d.destructive, d.changes.items[i]) >= 0
                           ? " (destructive: data loss)"
                           : "");
            rc = 1;
        }
    }
    rt_diff_free(&d);
    return rc;
}

const rt_cli_command rt_cmd_check = {
    "check", "exit 1 when the models differ from the database", check_help, check_run,
};
