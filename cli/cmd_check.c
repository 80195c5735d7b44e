/* retort check: do the models and the database agree? For CI gates. */
#include "cli.h"
#include "json_write.h"

static const char check_help[] =
    "usage: retort check [--format text|json]\n"
    "\n"
    "Compares the models (retort.ini `models`) with the database, which must be\n"
    "at head. Exit status 0 and 'No new upgrade operations detected.' when\n"
    "they agree; 1 and the list of differences when a new revision is needed.\n"
    "  --format json  one JSON document: up_to_date and the differences, each\n"
    "                 with kind, table, column and detail (docs/cli.md); the\n"
    "                 exit status is the same\n";

static int check_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    bool json = false;
    int rc = rt_cli_parse_flags_format(c, argc, argv, NULL, &json, err);
    if (rc != RT_OK)
        return rc == RT_CLI_HELP ? RT_OK : rc;
    rc = rt_cli_graph(c, err);
    if (rc != RT_OK)
        return rc;
    rt_diff d = RT_DIFF_INIT;
    rc = rt_cli_autogen_compare(c, &d, err);
    if (rc == RT_OK && json) {
        rt_buf out = RT_BUF_INIT;
        rt_json j;
        rt_cli_json_begin(&j, &out, "check");
        rt_json_key(&j, "up_to_date");
        rt_json_bool(&j, rt_diff_empty(&d));
        rt_cli_json_differences(&j, &d);
        rt_cli_json_print(&j);
        rt_buf_free(&out);
        rc = rt_diff_empty(&d) ? RT_OK : 1;
    } else if (rc == RT_OK) {
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
