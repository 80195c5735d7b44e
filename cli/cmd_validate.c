/* retort validate: applied revisions whose file changed or disappeared. */
#include "cli.h"
#include "engine.h"
#include "version_log.h"

#include <stdlib.h>

static const char validate_help[] =
    "usage: retort validate\n"
    "\n"
    "Compares each applied revision's upgrade section with the SHA-256 checksum\n"
    "the migration log recorded when it ran (or was stamped), and names every\n"
    "applied revision whose file changed or disappeared since. Exit status 1\n"
    "when there is one; 'retort upgrade' refuses to run then, unless\n"
    "validate_on_migrate = false. Revisions applied before the log existed\n"
    "have no checksum and are not compared.\n";

static int validate_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    int r = rt_cli_parse_flags(c, argc, argv, NULL, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    rt_strv heads = RT_STRV_INIT, problems = RT_STRV_INIT;
    rt_log log = { NULL, 0 };
    int rc = rt_cli_graph_and_heads(c, &heads, err);
    if (rc == RT_OK)
        rc = rt_version_log_read(c->db, rt_cli_version_table(c), &log, err);
    if (rc == RT_OK)
        rc = rt_engine_validate(c->graph, &heads, &log, &problems, err);
    if (rc == RT_OK) {
        for (size_t i = 0; i < problems.n; i++)
            printf("%s\n", problems.items[i]);
        if (problems.n == 0)
            printf("Every applied revision matches the checksum it ran with.\n");
        rc = problems.n ? 1 : RT_OK;
    }
    rt_log_free(&log);
    rt_strv_free(&problems);
    rt_strv_free(&heads);
    return rc;
}

const rt_cli_command rt_cmd_validate = {
    "validate", "check applied revisions against their files' checksums", validate_help,
    validate_run,
};
