/* retort: global options, then one command. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#ifndef RT_VERSION
#define RT_VERSION "0.0.0"
#endif

static const rt_cli_command *const main_commands[] = {
    &rt_cmd_init,    &rt_cmd_revision, &rt_cmd_upgrade, &rt_cmd_downgrade, &rt_cmd_current,
    &rt_cmd_history, &rt_cmd_heads,    &rt_cmd_show,    &rt_cmd_check,
    &rt_cmd_merge,   &rt_cmd_branches, &rt_cmd_graph,   &rt_cmd_edit,    &rt_cmd_ensure_version,
    &rt_cmd_drivers, &rt_cmd_stamp,    &rt_cmd_validate, &rt_cmd_import_alembic,
    &rt_cmd_verify,  &rt_cmd_test,     &rt_cmd_diff,     &rt_cmd_inspect,  &rt_cmd_copy,
};
/* Not listed by --help: they serve the generated man page and completion. */
static const rt_cli_command *const main_hidden[] = { &rt_cmd_help_dump, &rt_cmd_complete };
#define MAIN_NCOMMANDS (sizeof main_commands / sizeof main_commands[0])

enum { MAIN_OPT_VERSION = 1 };

void rt_cli_main_usage(FILE *out)
{
    fputs("usage: retort [-c FILE] [--url URL] [-q | -v] COMMAND [ARGS...]\n"
          "       retort --version | --help | COMMAND --help\n"
          "\n"
          "Schema migrations with Alembic's workflow, from one history written in\n"
          "portable SQL, on SQLite, PostgreSQL, MySQL/MariaDB and ODBC.\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < MAIN_NCOMMANDS; i++)
        fprintf(out, "  %-14s %s\n", main_commands[i]->name, main_commands[i]->summary);
    fputs("\n"
          "Options:\n"
          "  -c, --config FILE  configuration file (default: ./retort.ini)\n"
          "  --url URL          database URL, e.g. sqlite:///app.db or\n"
          "                     postgresql://user:pass@host/db; overrides $RETORT_URL,\n"
          "                     $DATABASE_URL and the config file's url\n"
          "  -q, --quiet        errors only: no INFO or WARNING lines on stderr (the\n"
          "                     command's own output on stdout stays)\n"
          "  -v, --verbose      each statement on stderr as it runs, then its time\n"
          "                     (after current, history, heads or branches, -v is\n"
          "                     theirs: the full header)\n"
          "  --version          print the version and exit\n"
          "  -h, --help         show this help and exit\n"
          "\n"
          "Exit status: 0 ok, 1 a migration failed (or check found differences),\n"
          "2 usage, configuration, input or connection error.\n",
          out);
}

static const rt_cli_command *main_find(const char *name)
{
    for (size_t i = 0; i < MAIN_NCOMMANDS; i++)
        if (strcmp(main_commands[i]->name, name) == 0)
            return main_commands[i];
    for (size_t i = 0; i < sizeof main_hidden / sizeof main_hidden[0]; i++)
        if (strcmp(main_hidden[i]->name, name) == 0)
            return main_hidden[i];
    return NULL;
}

const rt_cli_command *const *rt_cli_commands(size_t *n)
{
    *n = MAIN_NCOMMANDS;
    return main_commands;
}

static int main_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 0, "version", false, MAIN_OPT_VERSION },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    int id;
    const char *value;
    for (;;) {
        int r = rt_cli_next(c, &a, opts, &id, &value, err);
        if (r < 0)
            return r;
        if (r == RT_CLI_HELP) {
            rt_cli_main_usage(stdout);
            return RT_OK;
        }
        if (r == RT_CLI_OPT) { /* --version */
            printf("retort %s\n", RT_VERSION);
            return RT_OK;
        }
        if (r == RT_CLI_END) {
            rt_cli_main_usage(stderr);
            return rt_error_set(err, RT_EUSAGE, "no command given");
        }
        c->cmd = main_find(value);
        if (!c->cmd)
            return rt_error_set(err, RT_EUSAGE,
                                "unknown command '%s' (see 'retort --help' for the list)", value);
        return c->cmd->run(c, a.argc - a.i, a.argv + a.i, err);
    }
}

int main(int argc, char **argv)
{
    /* Results go to stdout, log lines to stderr: keep their order when both
     * land in one pipe. */
    setvbuf(stdout, NULL, _IOLBF, 0);

    rt_cli c = { .config_path = "retort.ini" };
    rt_error err;
    rt_error_clear(&err);
    int rc = main_run(&c, argc - 1, argv + 1, &err);
    int status;
    if (rc < 0) {
        rt_cli_redact(&c, err.message, sizeof err.message);
        fflush(stdout);
        fprintf(stderr, "retort: error: %s\n", err.message);
        status = rt_exit_status(rc);
    } else {
        status = rc;
    }
    rt_cli_free(&c);
    return status;
}
