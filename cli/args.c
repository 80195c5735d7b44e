/* Command-line options: a small parser instead of getopt_long because
 * global options must be accepted after the command name too, and because
 * "-1"/"-2" are downgrade targets, not options. */
#include "cli.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum {
    ARGS_GLOBAL_CONFIG = -1,
    ARGS_GLOBAL_URL = -2,
    ARGS_GLOBAL_HELP = -3,
    ARGS_GLOBAL_QUIET = -4,
    ARGS_GLOBAL_VERBOSE = -5
};

/* A command's own option of the same name is found first: current,
 * history, heads and branches keep Alembic's -v (the full header) after
 * the command name; before it, -v is the global one. */
static const rt_cli_opt args_globals[] = {
    { 'c', "config", true, ARGS_GLOBAL_CONFIG },
    { 0, "url", true, ARGS_GLOBAL_URL },
    { 'h', "help", false, ARGS_GLOBAL_HELP },
    { 'q', "quiet", false, ARGS_GLOBAL_QUIET },
    { 'v', "verbose", false, ARGS_GLOBAL_VERBOSE },
    { 0, NULL, false, 0 },
};

static int args_verbosity(int want, rt_error *err)
{
    int now = rt_cli_log_verbosity();
    if (now != RT_CLI_LOG_NORMAL && now != want)
        return rt_error_set(err, RT_EUSAGE, "-q/--quiet and -v/--verbose contradict each "
                                            "other; pass one");
    rt_cli_log_set_verbosity(want);
    return RT_OK;
}

void rt_cli_args_init(rt_cli_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->argc = argc;
    a->argv = argv;
}

static const char *args_where(const rt_cli *c)
{
    return c->cmd ? c->cmd->name : NULL;
}

static int args_unknown(const rt_cli *c, const char *arg, rt_error *err)
{
    const char *cmd = args_where(c);
    if (cmd)
        return rt_error_set(err, RT_EUSAGE,
                            "unknown option '%s' for 'retort %s' (see 'retort %s --help')",
                            arg, cmd, cmd);
    return rt_error_set(err, RT_EUSAGE, "unknown option '%s' (see 'retort --help')", arg);
}

static const rt_cli_opt *args_find_long(const rt_cli_opt *opts, const char *name, size_t len)
{
    for (const rt_cli_opt *o = opts; o && o->id != 0; o++)
        if (o->longname && strlen(o->longname) == len && strncmp(o->longname, name, len) == 0)
            return o;
    return NULL;
}

static const rt_cli_opt *args_find_short(const rt_cli_opt *opts, char ch)
{
    for (const rt_cli_opt *o = opts; o && o->id != 0; o++)
        if (o->shortname && o->shortname == ch)
            return o;
    return NULL;
}

/* Looks for the option among the command's first so that a command may
 * reuse a letter, then among the globals. */
static int args_lookup(rt_cli *c, rt_cli_args *a, const rt_cli_opt *opts, const char *arg,
                       const rt_cli_opt **found, const char **value, rt_error *err)
{
    *value = NULL;
    if (arg[1] == '-') {
        const char *name = arg + 2;
        const char *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        *found = args_find_long(opts, name, len);
        if (!*found)
            *found = args_find_long(args_globals, name, len);
        if (!*found)
            return args_unknown(c, arg, err);
        if (eq) {
            if (!(*found)->takes_value)
                return rt_error_set(err, RT_EUSAGE, "option '--%s' takes no value",
                                    (*found)->longname);
            *value = eq + 1;
            return RT_OK;
        }
    } else {
        *found = args_find_short(opts, arg[1]);
        if (!*found)
            *found = args_find_short(args_globals, arg[1]);
        if (!*found)
            return args_unknown(c, arg, err);
        if (arg[2] != '\0') {
            if (!(*found)->takes_value)
                return args_unknown(c, arg, err);
            *value = arg + 2;
            return RT_OK;
        }
    }
    if ((*found)->takes_value) {
        if (a->i >= a->argc)
            return rt_error_set(err, RT_EUSAGE, "option '%s' needs a value", arg);
        *value = a->argv[a->i++];
    }
    return RT_OK;
}

static bool args_is_option(const char *arg)
{
    /* "-" alone and "-N" (relative downgrade targets) are positional. */
    return arg[0] == '-' && arg[1] != '\0' && !isdigit((unsigned char)arg[1]);
}

int rt_cli_next(rt_cli *c, rt_cli_args *a, const rt_cli_opt *opts, int *id,
                const char **value, rt_error *err)
{
    for (;;) {
        if (a->i >= a->argc)
            return RT_CLI_END;
        const char *arg = a->argv[a->i++];
        if (a->positional || !args_is_option(arg)) {
            *value = arg;
            return RT_CLI_POS;
        }
        if (strcmp(arg, "--") == 0) {
            a->positional = true;
            continue;
        }
        const rt_cli_opt *o;
        int rc = args_lookup(c, a, opts, arg, &o, value, err);
        if (rc != RT_OK)
            return rc;
        switch (o->id) {
        case ARGS_GLOBAL_CONFIG:
            c->config_path = *value;
            c->config_given = true;
            continue;
        case ARGS_GLOBAL_URL:
            c->cli_url = *value;
            continue;
        case ARGS_GLOBAL_HELP:
            return RT_CLI_HELP;
        case ARGS_GLOBAL_QUIET:
        case ARGS_GLOBAL_VERBOSE:
            rc = args_verbosity(o->id == ARGS_GLOBAL_QUIET ? RT_CLI_LOG_QUIET
                                                           : RT_CLI_LOG_VERBOSE,
                                err);
            if (rc != RT_OK)
                return rc;
            continue;
        default:
            *id = o->id;
            return RT_CLI_OPT;
        }
    }
}

int rt_cli_print_help(const rt_cli *c)
{
    fputs(c->cmd->help, stdout);
    fputs("\nGlobal options (before or after the command):\n"
          "  -c, --config FILE  configuration file (default: ./retort.ini)\n"
          "  --url URL          database URL; overrides $RETORT_URL, $DATABASE_URL\n"
          "                     and the config file's url\n"
          "  -q, --quiet        errors only: no INFO or WARNING lines on stderr\n"
          "  -v, --verbose      each statement on stderr as it runs, with its time\n"
          "                     (current, history, heads, branches: put it before\n"
          "                     the command; after it, -v shows full headers)\n"
          "  -h, --help         show this help\n",
          stdout);
    return RT_OK;
}

int rt_cli_parse_flags(rt_cli *c, int argc, char **argv, bool *verbose, rt_error *err)
{
    static const rt_cli_opt with_verbose[] = {
        { 'v', "verbose", false, 1 },
        { 0, NULL, false, 0 },
    };
    static const rt_cli_opt none[] = { { 0, NULL, false, 0 } };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    int id, r;
    const char *v;
    while ((r = rt_cli_next(c, &a, verbose ? with_verbose : none, &id, &v, err)) == RT_CLI_OPT
           || r == RT_CLI_POS) {
        if (r == RT_CLI_POS)
            return rt_error_set(err, RT_EUSAGE, "%s takes no argument, got '%s'", c->cmd->name,
                                v);
        *verbose = true;
    }
    if (r == RT_CLI_HELP) {
        rt_cli_print_help(c);
        return RT_CLI_HELP;
    }
    return r < 0 ? r : RT_OK;
}

int rt_cli_parse_one(rt_cli *c, int argc, char **argv, const char *what, const char **arg,
                     rt_error *err)
{
    static const rt_cli_opt none[] = { { 0, NULL, false, 0 } };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    int id, r;
    const char *v;
    *arg = NULL;
    while ((r = rt_cli_next(c, &a, none, &id, &v, err)) == RT_CLI_POS) {
        if (*arg)
            return rt_error_set(err, RT_EUSAGE, "%s takes one %s, got '%s' and '%s'",
                                c->cmd->name, what, *arg, v);
        *arg = v;
    }
    if (r == RT_CLI_HELP) {
        rt_cli_print_help(c);
        return RT_CLI_HELP;
    }
    return r < 0 ? r : RT_OK;
}
