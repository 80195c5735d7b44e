/* retort history / heads / show, and the revision formats they share with
 * current (Alembic's cmd_format and log_entry). */
#include "cli.h"
#include "version_log.h"

#include <stdlib.h>
#include <string.h>

static const char history_help[] =
    "usage: retort history [-r RANGE] [-v] [-i]\n"
    "\n"
    "Lists revisions newest first, one per line:\n"
    "  <down> -> <rev> (head), <message>      (<base> for a root)\n"
    "\n"
    "Options:\n"
    "  -r, --rev-range RANGE  START:END, either side optional; each side is a\n"
    "                         revision id or prefix, a branch label, base,\n"
    "                         head(s) or current (both ends included)\n"
    "  -v, --verbose          the full header and path of each revision\n"
    "  -i, --indicate-current mark the database's revisions with (current), and\n"
    "                         under each applied one say when and by whom it ran\n"
    "                         (from the migration log)\n";

static const char heads_help[] =
    "usage: retort heads [-v]\n"
    "\n"
    "Lists the head revisions (those no revision revises): '<rev> (head)'.\n"
    "  -v, --verbose  the full header and path of each head\n";

static const char show_help[] =
    "usage: retort show REV\n"
    "\n"
    "Shows one revision (id, unique prefix, branch label or head): its\n"
    "parents, dependencies, branches, file path and header.\n";

/* ---- formats ---- */

static void hist_join(FILE *out, const rt_strv *v)
{
    for (size_t i = 0; i < v->n; i++)
        fprintf(out, "%s%s", i ? ", " : "", v->items[i]);
}

static void hist_down(FILE *out, const rt_revision *r)
{
    if (r->down.n == 0)
        fputs("<base>", out);
    else
        hist_join(out, &r->down);
}

static void hist_indicators(FILE *out, const rt_revision *r, const rt_cli_marks *m)
{
    if (m->head)
        fputs(" (head)", out);
    if (m->current)
        fputs(" (current)", out);
    if (m->nchildren > 1)
        fputs(" (branchpoint)", out);
    if (r->down.n > 1)
        fputs(" (mergepoint)", out);
}

void rt_cli_print_short(FILE *out, const rt_revision *r, const rt_cli_marks *m, bool parents,
                        bool message)
{
    if (parents) {
        hist_down(out, r);
        if (r->depends_on.n) {
            fputs(" (", out);
            hist_join(out, &r->depends_on);
            fputc(')', out);
        }
        fputs(" -> ", out);
    }
    fputs(r->id, out);
    if (r->branch_labels.n) {
        fputs(" (", out);
        hist_join(out, &r->branch_labels);
        fputc(')', out);
    }
    hist_indicators(out, r, m);
    if (message)
        fprintf(out, ", %s", r->message);
    fputc('\n', out);
}

void rt_cli_print_verbose(FILE *out, const rt_graph *g, const rt_revision *r,
                          const rt_cli_marks *m)
{
    fprintf(out, "Rev: %s", r->id);
    hist_indicators(out, r, m);
    fputc('\n', out);
    fputs(r->down.n > 1 ? "Merges: " : "Parent: ", out);
    hist_down(out, r);
    fputc('\n', out);
    if (r->depends_on.n) {
        fputs("Also depends on: ", out);
        hist_join(out, &r->depends_on);
        fputc('\n', out);
    }
    if (m->nchildren > 1) {
        const rt_revision **kids;
        size_t n;
        rt_graph_children(g, r, &kids, &n);
        fputs("Branches into: ", out);
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%s%s", i ? ", " : "", kids[i]->id);
        fputc('\n', out);
        free(kids);
    }
    if (r->branch_labels.n) {
        fputs("Branch names: ", out);
        hist_join(out, &r->branch_labels);
        fputc('\n', out);
    }
    fprintf(out, "Path: %s\n\n", r->path);
    fprintf(out, "    %s\n\n", r->message);
    fprintf(out, "    Revision ID: %s\n    Revises: ", r->id);
    hist_join(out, &r->down);
    fprintf(out, "\n    Create Date: %s\n\n", r->create_date);
}

void rt_cli_print_applied(FILE *out, const rt_log *log, const char *id, const char *indent)
{
    const rt_log_entry *e = rt_version_log_applied(log, id);
    if (e)
        fprintf(out, "%sapplied %s UTC by %s%s\n", indent, e->started_at, e->run_by,
                strcmp(e->outcome, "stamped") == 0 ? " (stamped)" : "");
}

void rt_cli_marks_of(const rt_graph *g, const rt_revision *r, const rt_strv *current,
                     rt_cli_marks *m)
{
    const rt_revision **kids;
    memset(m, 0, sizeof *m);
    rt_graph_children(g, r, &kids, &m->nchildren);
    free(kids);
    m->head = rt_graph_is_head(g, r);
    m->current = current && rt_strv_find(current, r->id) >= 0;
}

/* ---- history ---- */

enum { HIST_RANGE = 1, HIST_VERBOSE, HIST_CURRENT };

typedef struct hist_state {
    rt_cli *c;
    size_t n;
    rt_cli_idmap index;   /* id -> position in topological order */
    size_t *nchildren;
    rt_strv current;
    bool have_current;
    rt_log log;           /* -i: when and by whom each revision was applied */
} hist_state;

static int hist_load_current(hist_state *h, rt_error *err)
{
    if (h->have_current)
        return RT_OK;
    int rc = rt_cli_db(h->c, err);
    if (rc == RT_OK)
        rc = rt_cli_db_heads(h->c, &h->current, err);
    h->have_current = rc == RT_OK;
    return rc;
}

/* One side of a range: *all when unbounded, else the ids in ids. */
static int hist_endpoint(hist_state *h, const char *text, bool start, rt_strv *ids, bool *all,
                         rt_error *err)
{
    *all = false;
    if (!*text || (start && strcmp(text, "base") == 0) ||
        (!start && (strcmp(text, "head") == 0 || strcmp(text, "heads") == 0))) {
        *all = true;
        return RT_OK;
    }
    if (strcmp(text, "current") == 0) {
        int rc = hist_load_current(h, err);
        if (rc != RT_OK)
            return rc;
        if (start && h->current.n == 0)
            *all = true; /* an empty database sits below every root */
        else
            rt_strv_copy(ids, &h->current);
        return RT_OK;
    }
    if (strcmp(text, "head") == 0 || strcmp(text, "heads") == 0) {
        rt_cli_graph_heads(h->c, ids);
        return RT_OK;
    }
    if (strcmp(text, "base") == 0)
        return RT_OK; /* end at base: nothing is at or below it */
    rt_error_clear(err);
    const rt_revision *r = rt_graph_find(h->c->graph, text, err);
    if (!r)
        return err->code != RT_OK ? err->code
                                  : rt_error_set(err, RT_ENOTFOUND,
                                                 "no revision '%s' in %s", text,
                                                 h->c->versions_dir);
    rt_strv_push(ids, r->id);
    return RT_OK;
}

static void hist_mark_edges(const hist_state *h, const rt_strv *v, bool *flags)
{
    size_t k;
    for (size_t i = 0; i < v->n; i++)
        if (rt_cli_idmap_get(&h->index, v->items[i], &k))
            flags[k] = true;
}

static bool hist_any_edge(const hist_state *h, const rt_strv *v, const bool *flags)
{
    size_t k;
    for (size_t i = 0; i < v->n; i++)
        if (rt_cli_idmap_get(&h->index, v->items[i], &k) && flags[k])
            return true;
    return false;
}

/* in[i]: revision i lies in the range (descendant of start and ancestor of
 * end, both inclusive, following Revises and Depends On). */
static int hist_select(hist_state *h, const char *range, bool *in, rt_error *err)
{
    const rt_graph *g = h->c->graph;
    for (size_t i = 0; i < h->n; i++)
        in[i] = true;
    if (!range)
        return RT_OK;
    const char *colon = strchr(range, ':');
    if (!colon)
        return rt_error_set(err, RT_EUSAGE,
                            "history range '%s' must be START:END, START: or :END", range);
    char *start_text = rt_xstrndup(range, (size_t)(colon - range));
    rt_strv start = RT_STRV_INIT, end = RT_STRV_INIT;
    bool start_all, end_all;
    int rc = hist_endpoint(h, start_text, true, &start, &start_all, err);
    if (rc == RT_OK)
        rc = hist_endpoint(h, colon + 1, false, &end, &end_all, err);
    free(start_text);
    if (rc == RT_OK && !start_all) {
        memset(in, 0, h->n * sizeof *in);
        for (size_t i = 0; i < h->n; i++) {
            const rt_revision *r = rt_graph_at(g, i);
            in[i] = rt_strv_find(&start, r->id) >= 0 || hist_any_edge(h, &r->down, in) ||
                    hist_any_edge(h, &r->depends_on, in);
        }
    }
    if (rc == RT_OK && !end_all) {
        bool *need = rt_xcalloc(h->n ? h->n : 1, sizeof *need);
        hist_mark_edges(h, &end, need);
        for (size_t i = h->n; i-- > 0;) {
            if (!need[i]) {
                in[i] = false;
                continue;
            }
            const rt_revision *r = rt_graph_at(g, i);
            hist_mark_edges(h, &r->down, need);
            hist_mark_edges(h, &r->depends_on, need);
        }
        free(need);
    }
    rt_strv_free(&start);
    rt_strv_free(&end);
    return rc;
}

static int history_body(hist_state *h, const char *range, bool verbose, rt_error *err)
{
    const rt_graph *g = h->c->graph;
    bool *in = rt_xcalloc(h->n ? h->n : 1, sizeof *in);
    int rc = hist_select(h, range, in, err);
    for (size_t i = h->n; rc == RT_OK && i-- > 0;) {
        if (!in[i])
            continue;
        const rt_revision *r = rt_graph_at(g, i);
        rt_cli_marks m = { h->nchildren[i] == 0, false, h->nchildren[i] };
        m.current = h->have_current && rt_strv_find(&h->current, r->id) >= 0;
        if (verbose)
            rt_cli_print_verbose(stdout, g, r, &m);
        else
            rt_cli_print_short(stdout, r, &m, true, true);
        rt_cli_print_applied(stdout, &h->log, r->id, "    ");
    }
    free(in);
    return rc;
}

static int history_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 'r', "rev-range", true, HIST_RANGE },
        { 'v', "verbose", false, HIST_VERBOSE },
        { 'i', "indicate-current", false, HIST_CURRENT },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    const char *range = NULL;
    bool verbose = false, indicate = false;
    int id, r;
    const char *v;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_OPT || r == RT_CLI_POS) {
        if (r == RT_CLI_POS)
            return rt_error_set(err, RT_EUSAGE,
                                "unexpected argument '%s' (a range goes after -r)", v);
        if (id == HIST_RANGE)
            range = v;
        else if (id == HIST_VERBOSE)
            verbose = true;
        else
            indicate = true;
    }
    if (r == RT_CLI_HELP)
        return rt_cli_print_help(c);
    if (r < 0)
        return r;
    int rc = rt_cli_graph(c, err);
    if (rc != RT_OK)
        return rc;

    hist_state h;
    memset(&h, 0, sizeof h);
    h.c = c;
    h.n = rt_graph_count(c->graph);
    rt_cli_idmap_init(&h.index, h.n);
    h.nchildren = rt_xcalloc(h.n ? h.n : 1, sizeof *h.nchildren);
    for (size_t i = 0; i < h.n; i++)
        rt_cli_idmap_put(&h.index, rt_graph_at(c->graph, i)->id, i);
    for (size_t i = 0; i < h.n; i++) {
        const rt_strv *down = &rt_graph_at(c->graph, i)->down;
        size_t k;
        for (size_t j = 0; j < down->n; j++)
            if (rt_cli_idmap_get(&h.index, down->items[j], &k))
                h.nchildren[k]++;
    }
    if (indicate)
        rc = hist_load_current(&h, err);
    if (indicate && rc == RT_OK)
        rc = rt_version_log_read(c->db, rt_cli_version_table(c), &h.log, err);
    if (rc == RT_OK)
        rc = history_body(&h, range, verbose, err);
    rt_cli_idmap_free(&h.index);
    rt_log_free(&h.log);
    free(h.nchildren);
    rt_strv_free(&h.current);
    return rc;
}

/* ---- heads ---- */

static int heads_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    bool verbose = false;
    int r = rt_cli_parse_flags(c, argc, argv, &verbose, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    int rc = rt_cli_graph(c, err);
    if (rc != RT_OK)
        return rc;
    const rt_revision **hs;
    size_t n;
    rt_graph_heads(c->graph, &hs, &n);
    for (size_t i = 0; i < n; i++) {
        rt_cli_marks m;
        rt_cli_marks_of(c->graph, hs[i], NULL, &m);
        if (verbose)
            rt_cli_print_verbose(stdout, c->graph, hs[i], &m);
        else
            rt_cli_print_short(stdout, hs[i], &m, false, false);
    }
    free(hs);
    return RT_OK;
}

/* ---- show ---- */

static int show_find(rt_cli *c, const char *key, const rt_revision **out, rt_error *err)
{
    if (strcmp(key, "head") == 0) {
        const rt_revision **hs;
        size_t n;
        rt_graph_heads(c->graph, &hs, &n);
        int rc = RT_OK;
        if (n == 1) {
            *out = hs[0];
        } else if (n == 0) {
            rc = rt_error_set(err, RT_ENOTFOUND, "there are no revisions in %s",
                              c->versions_dir);
        } else {
            rt_strv ids = RT_STRV_INIT;
            rt_cli_graph_heads(c, &ids);
            char *list = rt_strv_join(&ids, ", ");
            rc = rt_error_set(err, RT_EGRAPH,
                              "multiple heads are present (%s): name one of them", list);
            free(list);
            rt_strv_free(&ids);
        }
        free(hs);
        return rc;
    }
    rt_error_clear(err);
    *out = rt_graph_find(c->graph, key, err);
    if (*out)
        return RT_OK;
    return err->code != RT_OK ? err->code
                              : rt_error_set(err, RT_ENOTFOUND, "no revision '%s' in %s", key,
                                             c->versions_dir);
}

static int show_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    const char *key;
    int r = rt_cli_parse_one(c, argc, argv, "REV", &key, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    if (!key)
        return rt_error_set(err, RT_EUSAGE, "show needs a revision, e.g. 'retort show head'");
    int rc = rt_cli_graph(c, err);
    const rt_revision *rev = NULL;
    if (rc == RT_OK)
        rc = show_find(c, key, &rev, err);
    if (rc != RT_OK)
        return rc;
    rt_cli_marks m;
    rt_cli_marks_of(c->graph, rev, NULL, &m);
    rt_cli_print_verbose(stdout, c->graph, rev, &m);
    return RT_OK;
}

const rt_cli_command rt_cmd_history = {
    "history", "list revisions, newest first", history_help, history_run,
};

const rt_cli_command rt_cmd_heads = {
    "heads", "list the head revisions", heads_help, heads_run,
};

const rt_cli_command rt_cmd_show = {
    "show", "show one revision", show_help, show_run,
};
