/* retort diff SOURCE TARGET: the portable SQL that turns one schema into
 * another, each side a live database or the project's models. */
#include "autogen.h"
#include "cli.h"
#include "models.h"

#include <stdlib.h>
#include <string.h>

static const char diff_help[] =
    "usage: retort diff SOURCE TARGET\n"
    "\n"
    "SOURCE and TARGET are each a database URL or the word 'models' (the files\n"
    "named by retort.ini `models`). Prints the portable SQL that turns SOURCE\n"
    "into TARGET, as `revision --autogenerate` writes it: an '-- upgrade'\n"
    "section and its reverse, '-- downgrade'. Two databases of different\n"
    "backends compare in portable terms (the comparison of `check`); the version\n"
    "table is left out. Nothing is written to either side.\n"
    "\n"
    "Exit status: 0 when they are equal, 1 when they differ, 2 usage or an\n"
    "unreachable database.\n";

/* One side of the comparison. */
typedef struct df_side {
    const char *arg;         /* borrowed from argv */
    rt_url *url;             /* owned; NULL for models */
    rt_schema schema;        /* owned */
} df_side;

static bool df_is_models(const char *arg)
{
    return strcmp(arg, "models") == 0;
}

static int df_load(rt_cli *c, df_side *s, const rt_dialect_options *opts, rt_error *err)
{
    if (df_is_models(s->arg))
        return rt_models_load(&c->cfg->models, &s->schema, err);
    rt_db *db = NULL;
    int rc = rt_cli_open_url(s->arg, &s->url, &db, err);
    if (rc == RT_OK)
        rc = rt_dialect_reflect(db, opts, rt_cli_version_table(c), &s->schema, err);
    if (rc != RT_OK && s->url)
        rt_url_redact_text(s->url, err->message, sizeof err->message);
    rt_db_close(db);
    return rc;
}

static int df_compare(rt_cli *c, df_side *sides, rt_error *err)
{
    rt_dialect_options opts;
    /* A diff of two URLs needs no project; 'models' does. */
    int rc = df_is_models(sides[0].arg) || df_is_models(sides[1].arg)
                 ? rt_cli_config(c, err)
                 : rt_cli_config_if_any(c, err);
    if (rc != RT_OK)
        return rc;
    rt_autogen_options(c->cfg, &opts);
    const rt_dialect *ds[2];
    size_t nd = 0;
    for (int i = 0; i < 2 && rc == RT_OK; i++) {
        rc = df_load(c, &sides[i], &opts, err);
        if (rc == RT_OK && sides[i].url)
            ds[nd++] = rt_dialect_find(sides[i].url->dialect);
    }
    if (rc != RT_OK)
        return rc;
    rt_diff d = RT_DIFF_INIT;
    rc = rt_autogen_diff_portable(&d, &sides[0].schema, &sides[1].schema, ds, nd, &opts, err);
    if (rc == RT_OK) {
        if (rt_diff_empty(&d)) {
            printf("-- No differences detected.\n");
        } else {
            char *up, *down;
            rt_autogen_render(&d, &up, &down);
            printf("-- upgrade\n%s\n-- downgrade\n%s", up, down);
            free(up);
            free(down);
            rc = 1;
        }
    }
    rt_diff_free(&d);
    return rc;
}

static int diff_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    static const rt_cli_opt opts[] = { { 0, NULL, false, 0 } };
    df_side sides[2] = { { .schema = RT_SCHEMA_INIT }, { .schema = RT_SCHEMA_INIT } };
    int n = 0, id, r;
    const char *v;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_POS) {
        if (n == 2)
            return rt_error_set(err, RT_EUSAGE, "diff takes two arguments, SOURCE and TARGET; "
                                                "'%s' is one too many", v);
        sides[n++].arg = v;
    }
    if (r == RT_CLI_HELP)
        return rt_cli_print_help(c);
    if (r < 0)
        return r;
    if (n < 2)
        return rt_error_set(err, RT_EUSAGE,
                            "diff needs SOURCE and TARGET, each a database URL or 'models', "
                            "e.g. 'retort diff sqlite:///dev.db models'");
    int rc = df_compare(c, sides, err);
    for (int i = 0; i < 2; i++) {
        rt_url_free(sides[i].url);
        rt_schema_free(&sides[i].schema);
    }
    return rc;
}

const rt_cli_command rt_cmd_diff = {
    "diff", "print the SQL that turns one database or the models into another", diff_help,
    diff_run,
};
