/* retort revision: a new revision file on top of the current head, empty
 * or (--autogenerate) holding the difference between models and database. */
#include "autogen.h"
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char revision_help[] =
    "usage: retort revision -m MESSAGE [--autogenerate] [--rev-id ID] [--head REV]\n"
    "                       [--splice] [--branch-label LABEL] [--depends-on REV]\n"
    "                       [--version-path DIR]\n"
    "\n"
    "Writes <script_location>/versions/<rev>_<slug>.sql revising the single\n"
    "head (or --head) and prints its path.\n"
    "\n"
    "Options:\n"
    "  -m, --message MESSAGE   what the revision does (one line)\n"
    "  --autogenerate          compare the models (retort.ini `models`) with the\n"
    "                          database, which must be at head, and write the\n"
    "                          difference as the upgrade and its reverse as the\n"
    "                          downgrade\n"
    "  --rev-id ID             use ID instead of 12 random hex digits\n"
    "  --head REV              revise REV instead of the single head (an id,\n"
    "                          prefix, branch label or label@head); 'base'\n"
    "                          starts a new root; given once\n"
    "  --splice                allow --head to name a revision that is not a head\n"
    "  --branch-label LABEL    name the branch this revision starts (repeatable)\n"
    "  --depends-on REV        also depend on REV (repeatable)\n"
    "  --version-path DIR      the versions folder to write to, one of\n"
    "                          version_locations (default: the folder of the\n"
    "                          revision it revises, or the only folder)\n";

enum {
    REV_MESSAGE = 1,
    REV_AUTOGEN,
    REV_ID,
    REV_HEAD,
    REV_SPLICE,
    REV_LABEL,
    REV_DEPENDS,
    REV_VERSION_PATH,
};

typedef struct rev_args {
    const char *message;
    const char *rev_id;
    const char *head;
    const char *version_path;
    bool autogenerate;
    bool splice;
    rt_strv labels;
    rt_strv depends;
} rev_args;

static int rev_parse(rt_cli *c, int argc, char **argv, rev_args *ra, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 'm', "message", true, REV_MESSAGE },
        { 0, "autogenerate", false, REV_AUTOGEN },
        { 0, "rev-id", true, REV_ID },
        { 0, "head", true, REV_HEAD },
        { 0, "splice", false, REV_SPLICE },
        { 0, "branch-label", true, REV_LABEL },
        { 0, "depends-on", true, REV_DEPENDS },
        { 0, "version-path", true, REV_VERSION_PATH },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    int id, r;
    const char *v;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_OPT || r == RT_CLI_POS) {
        if (r == RT_CLI_POS)
            return rt_error_set(err, RT_EUSAGE,
                                "unexpected argument '%s' (the message goes after -m, quoted)",
                                v);
        switch (id) {
        case REV_MESSAGE: ra->message = v; break;
        case REV_AUTOGEN: ra->autogenerate = true; break;
        case REV_ID: ra->rev_id = v; break;
        case REV_HEAD:
            /* Taking the last would revise a head the user did not mean. */
            if (ra->head)
                return rt_error_set(err, RT_EUSAGE,
                                    "--head given twice ('%s' and '%s'): a revision revises one "
                                    "head; 'retort merge' joins several",
                                    ra->head, v);
            ra->head = v;
            break;
        case REV_SPLICE: ra->splice = true; break;
        case REV_LABEL: rt_strv_push(&ra->labels, v); break;
        case REV_DEPENDS: rt_strv_push(&ra->depends, v); break;
        case REV_VERSION_PATH: ra->version_path = v; break;
        }
    }
    return r;
}

/* Fills down with the revision(s) the new one revises. */
static int rev_pick_down(rt_cli *c, const rev_args *ra, rt_strv *down, rt_error *err)
{
    const rt_graph *g = c->graph;
    if (ra->head && strcmp(ra->head, "base") == 0)
        return RT_OK;
    if (ra->head && strcmp(ra->head, "head") != 0) {
        /* Any target names the head(s) to revise: an id, a prefix, a label,
         * label@head. The database plays no part, so +N counts from base. */
        const rt_revision **revs;
        size_t n;
        int rc = rt_cli_revisions(c, ra->head, &revs, &n, err);
        for (size_t i = 0; i < n && rc == RT_OK; i++) {
            if (!rt_graph_is_head(g, revs[i]) && !ra->splice)
                rc = rt_error_set(err, RT_EUSAGE,
                                  "revision %s is not a head; pass --splice to start a new "
                                  "branch from it",
                                  revs[i]->id);
            else
                rt_strv_push(down, revs[i]->id);
        }
        free(revs);
        return rc;
    }
    rt_strv heads = RT_STRV_INIT;
    rt_cli_graph_heads(c, &heads);
    int rc = RT_OK;
    if (heads.n == 1) {
        rt_strv_push(down, heads.items[0]);
    } else if (heads.n > 1) {
        char *list = rt_strv_join(&heads, ", ");
        rc = rt_error_set(err, RT_EGRAPH,
                          "multiple heads are present (%s): pass --head REV to choose the "
                          "one the new revision revises, or merge them first",
                          list);
        free(list);
    }
    rt_strv_free(&heads);
    return rc;
}

int rt_cli_check_new_revision(rt_cli *c, const char *id, const rt_strv *labels, rt_error *err)
{
    const rt_graph *g = c->graph;
    if (!rt_script_valid_id(id))
        return rt_error_set(err, RT_EUSAGE, "revision id '%s' must be " RT_SCRIPT_ID_RULE, id);
    for (size_t k = 0; k < labels->n; k++)
        if (!rt_script_valid_id(labels->items[k]))
            return rt_error_set(err, RT_EUSAGE, "branch label '%s' must be " RT_SCRIPT_ID_RULE,
                                labels->items[k]);
    for (size_t i = 0; i < rt_graph_count(g); i++) {
        const rt_revision *r = rt_graph_at(g, i);
        if (strcmp(r->id, id) == 0)
            return rt_error_set(err, RT_EUSAGE, "revision id '%s' already exists: %s", id,
                                r->path);
        for (size_t k = 0; k < labels->n; k++)
            if (rt_strv_find(&r->branch_labels, labels->items[k]) >= 0)
                return rt_error_set(err, RT_EUSAGE,
                                    "branch label '%s' is already used by revision %s",
                                    labels->items[k], r->id);
    }
    return RT_OK;
}

static int rev_check_new(rt_cli *c, const rev_args *ra, const char *id, rt_strv *depends,
                         rt_error *err)
{
    const rt_graph *g = c->graph;
    int rc = rt_cli_check_new_revision(c, id, &ra->labels, err);
    for (size_t k = 0; k < ra->depends.n && rc == RT_OK; k++) {
        rt_error_clear(err);
        const rt_revision *r = rt_graph_find(g, ra->depends.items[k], err);
        if (!r)
            return err->code != RT_OK
                       ? err->code
                       : rt_error_set(err, RT_ENOREV, "--depends-on: no revision '%s' in %s",
                                      ra->depends.items[k], c->versions_dir);
        rt_strv_push(depends, r->id);
    }
    return rc;
}

/* Alembic's choice of folder: --version-path when given, which must be one
 * of the versions folders; else the only folder; else the folder of the
 * first revision the new one revises. *dir: caller frees. */
static int rev_pick_dir(rt_cli *c, const char *version_path, const rt_strv *down,
                        char **dir, rt_error *err)
{
    if (!version_path) {
        if (c->version_dirs.n == 1) {
            *dir = rt_xstrdup(c->version_dirs.items[0]);
            return RT_OK;
        }
        const rt_revision *r = down->n ? rt_graph_get(c->graph, down->items[0]) : NULL;
        if (!r)
            return rt_error_set(err, RT_EUSAGE,
                                "Multiple version locations present, please specify "
                                "--version-path");
        const char *slash = strrchr(r->path, '/');
        *dir = slash ? rt_xstrndup(r->path, (size_t)(slash - r->path)) : rt_xstrdup(".");
        return RT_OK;
    }
    /* Every versions folder exists (the graph was read from them), so one
     * that does not is none of them. */
    char *want = realpath(version_path, NULL);
    for (size_t i = 0; want && i < c->version_dirs.n; i++) {
        char *have = realpath(c->version_dirs.items[i], NULL);
        bool same = have && strcmp(have, want) == 0;
        free(have);
        if (same) {
            free(want);
            *dir = rt_xstrdup(c->version_dirs.items[i]);
            return RT_OK;
        }
    }
    free(want);
    char *list = rt_strv_join(&c->version_dirs, ", ");
    int rc = rt_error_set(err, RT_EUSAGE,
                          "Path %s is not represented in current version locations (%s)",
                          version_path, list);
    free(list);
    return rc;
}

int rt_cli_write_revision(rt_cli *c, const rt_revision *rev, const char *version_path,
                          const char *up, const char *down, rt_error *err)
{
    char *dir = NULL, *path = NULL;
    int rc = rev_pick_dir(c, version_path, &rev->down, &dir, err);
    if (rc == RT_OK)
        rc = rt_script_write(&path, dir, c->cfg->file_template, rev, up ? up : "",
                             down ? down : "", err);
    if (rc == RT_OK)
        printf("  Generating %s ...  done\n", path);
    free(path);
    free(dir);
    return rc;
}

static void rev_print_changes(const rt_diff *d)
{
    for (size_t i = 0; i < d->changes.n; i++) {
        const char *line = d->changes.items[i];
        if (rt_strv_find(&d->destructive, line) >= 0)
            rt_cli_log("WARNING", "retort.autogenerate.compare", "%s (destructive: data loss)",
                       line);
        else
            rt_cli_log("INFO", "retort.autogenerate.compare", "%s", line);
    }
    if (d->changes.n == 0)
        rt_cli_log("INFO", "retort.autogenerate.compare", "No changes detected.");
}

static int rev_autogenerate(rt_cli *c, char **up, char **down, rt_error *err)
{
    rt_diff d = RT_DIFF_INIT;
    int rc = rt_cli_autogen_compare(c, &d, err);
    if (rc == RT_OK) {
        rev_print_changes(&d);
        rt_autogen_render(&d, up, down);
    }
    rt_diff_free(&d);
    return rc;
}

static int rev_write(rt_cli *c, const rev_args *ra, rt_error *err)
{
    rt_revision rev;
    memset(&rev, 0, sizeof rev);
    char *up = NULL, *down = NULL;
    rev.id = ra->rev_id ? rt_xstrdup(ra->rev_id) : rt_script_new_id();
    rev.message = rt_xstrdup(ra->message);
    rev.create_date = rt_xstrdup("");
    rt_strv_copy(&rev.branch_labels, &ra->labels);

    int rc = rev_check_new(c, ra, rev.id, &rev.depends_on, err);
    if (rc == RT_OK)
        rc = rev_pick_down(c, ra, &rev.down, err);
    if (rc == RT_OK && ra->autogenerate)
        rc = rev_autogenerate(c, &up, &down, err);
    if (rc == RT_OK)
        rc = rt_cli_write_revision(c, &rev, ra->version_path, up, down, err);
    free(up);
    free(down);
    free(rev.id);
    free(rev.message);
    free(rev.create_date);
    rt_strv_free(&rev.down);
    rt_strv_free(&rev.branch_labels);
    rt_strv_free(&rev.depends_on);
    return rc;
}

static int revision_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    rev_args ra = { .message = NULL, .labels = RT_STRV_INIT, .depends = RT_STRV_INIT };
    int rc = rev_parse(c, argc, argv, &ra, err);
    if (rc == RT_CLI_HELP) {
        rc = rt_cli_print_help(c);
    } else if (rc == RT_CLI_END) {
        if (!ra.message)
            ra.message = "empty message";
        if (strpbrk(ra.message, "\r\n"))
            rc = rt_error_set(err, RT_EUSAGE, "the message must be one line");
        else
            rc = rt_cli_graph(c, err);
        if (rc == RT_OK)
            rc = rev_write(c, &ra, err);
    }
    rt_strv_free(&ra.labels);
    rt_strv_free(&ra.depends);
    return rc;
}

const rt_cli_command rt_cmd_revision = {
    "revision", "create a new revision file", revision_help, revision_run,
};
