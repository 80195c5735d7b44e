/* retort drivers: the driver modules the loader finds, where, the client
 * library each links, and why one does not load. */
#include "cli.h"
#include "driver_list.h"

#include <stdio.h>
#include <unistd.h>

static const char drivers_help[] =
    "usage: retort drivers\n"
    "\n"
    "Lists the folders searched for driver modules ($RETORT_DRIVER_PATH, then\n"
    "<prefix>/lib/retort/drivers next to the binary, then the build tree), and\n"
    "each module found: its name, file, the backends it reaches, its\n"
    "description and the shared client libraries it links (with the real\n"
    "file, whose name carries the version), or why it does not load. A module shadowed by one of the same name in an\n"
    "earlier folder is marked so and not loaded.\n"
    "\n"
    "Exit status: 0 when every module found loads, 1 when one does not.\n";

static int drivers_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    int r = rt_cli_parse_flags(c, argc, argv, NULL, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    rt_driver_list list;
    rt_driver_list_scan(&list);
    puts("Search path:");
    for (size_t i = 0; i < list.dirs.n; i++)
        printf("  %s%s\n", list.dirs.items[i],
               access(list.dirs.items[i], F_OK) == 0 ? "" : "  (does not exist)");
    printf("\n%zu module%s:\n", list.n, list.n == 1 ? "" : "s");
    int status = RT_OK;
    for (size_t i = 0; i < list.n; i++) {
        const rt_driver_info *d = &list.items[i];
        printf("  %s: %s\n", d->name, d->path);
        if (!d->shadowed && *d->reaches)
            printf("      reaches: %s\n", d->reaches);
        if (d->shadowed) {
            puts("      shadowed by the module of the same name above");
        } else if (d->loaded) {
            printf("      %s\n", d->description);
            for (size_t j = 0; j < d->clients.n; j++)
                printf("      client: %s\n", d->clients.items[j]);
        } else {
            printf("      does not load: %s\n", d->error);
            status = 1;
        }
    }
    rt_driver_list_free(&list);
    return status;
}

const rt_cli_command rt_cmd_drivers = {
    "drivers", "list the driver modules found and their client libraries", drivers_help,
    drivers_run,
};
