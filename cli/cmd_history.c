/* retort history / heads / show, and the revision formats they share with
 * current (Alembic's cmd_format and log_entry). */
#include "cli.h"
#include "json_write.h"
#include "version_log.h"

#include <stdlib.h>
#include <string.h>

static const char history_help[] =
    "usage: retort history [-r RANGE] [-v] [-i] [--graph] [--format text|json]\n"
    "\n"
    "Lists revisions newest first, one per line:\n"
    "  <down> -> <rev> (head), <message>      (<base> for a root)\n"
    "\n"
    "Options:\n"
    "  -r, --rev-range RANGE  START:END, either side optional; each side is a\n"
    "                         revision id or prefix, a branch label, base,\n"
    "                         head(s), current or another target such as\n"
    "                         label@head (both ends included); one side may\n"
    "                         count from the other: -3:current, current:+2\n"
    "  -v, --verbose          the full header and path of each revision\n"
    "  -i, --indicate-current mark the database's revisions with (current), and\n"
    "                         under each applied one say when and by whom it ran\n"
    "                         (from the migration log)\n"
    "  --graph                draw the revision graph left of the lines, as\n"
    "                         'git log --graph' does: * a revision, | / \\ its\n"
    "                         Revises links (Depends On stays in the text)\n"
    "  --format json          one JSON document: the revisions, newest first,\n"
    "                         with every field of their headers (docs/cli.md)\n";

static const char heads_help[] =
    "usage: retort heads [-v] [--resolve-dependencies] [--format text|json]\n"
    "\n"
    "Lists the head revisions (those no revision revises): '<rev> (head)', or\n"
    "'<rev> (effective head)' when another revision depends on it.\n"
    "  -v, --verbose             the full header and path of each head\n"
    "  --resolve-dependencies    count Depends On as Revises: leave out the\n"
    "                            heads another revision depends on\n"
    "  --format json             one JSON document listing the heads (docs/cli.md)\n";

static const char show_help[] =
    "usage: retort show REV [--format text|json]\n"
    "\n"
    "Shows the revision REV names (id, unique prefix, branch label, head,\n"
    "label@head, REV+N...; heads: each head): its parents, dependencies,\n"
    "branches, file path and header.\n"
    "  --format json  one JSON document listing the revisions (docs/cli.md)\n";

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
        fputs(m->depended_on ? " (effective head)" : " (head)", out);
    if (m->current)
        fputs(" (current)", out);
    if (m->hide_tree)
        return;
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
    memset(m, 0, sizeof *m);
    m->nchildren = rt_graph_nchildren(g, r);
    m->head = rt_graph_is_head(g, r);
    m->depended_on = m->head && !rt_graph_is_real_head(g, r);
    m->current = current && rt_strv_find(current, r->id) >= 0;
}

/* ---- history ---- */

enum { HIST_RANGE = 1, HIST_VERBOSE, HIST_CURRENT, HIST_GRAPH, HIST_FORMAT };

static const char *const hist_formats[] = { "text", "json", NULL };

typedef struct hist_state {
    rt_cli *c;
    size_t n;
    rt_strv current;
    bool have_current;
    rt_log log;           /* -i: when and by whom each revision was applied */
    bool have_log;
} hist_state;

enum { HIST_TEXT, HIST_JSON, HIST_DRAW };

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

/* "+N" / "-N": a side counted from the other side of the range. */
static bool hist_is_relative(const char *text)
{
    if ((text[0] != '+' && text[0] != '-') || !text[1])
        return false;
    for (const char *p = text + 1; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

/* One side of a range: all (unbounded) or the revisions it names, as ids.
 * from: the ids +N/-N count from (NULL: the current rows). */
typedef struct hist_side {
    bool all;
    rt_strv ids;
} hist_side;

static int hist_side_resolve(hist_state *h, const char *text, bool start, const rt_strv *from,
                             hist_side *side, rt_error *err)
{
    if (!*text || (start && strcmp(text, "base") == 0) ||
        (!start && (strcmp(text, "head") == 0 || strcmp(text, "heads") == 0))) {
        side->all = true;
        return RT_OK;
    }
    if (strcmp(text, "current") == 0) {
        int rc = hist_load_current(h, err);
        if (rc != RT_OK)
            return rc;
        if (start && h->current.n == 0)
            side->all = true; /* an empty database sits below every root */
        else
            rt_strv_copy(&side->ids, &h->current);
        return RT_OK;
    }
    if (!from) {
        const char *at = strchr(text, '@');
        bool counts = hist_is_relative(text) || (at && hist_is_relative(at + 1));
        int rc = counts ? hist_load_current(h, err) : RT_OK;
        if (rc != RT_OK)
            return rc;
        from = &h->current;
    }
    const rt_revision **revs;
    size_t n;
    rt_error_clear(err);
    int rc = rt_graph_resolve(h->c->graph, from, text, &revs, &n, err);
    if (rc != RT_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        rt_strv_push(&side->ids, revs[i]->id);
    /* base below a start, or -N past a root: from the very beginning. */
    side->all = start && n == 0;
    free(revs);
    return RT_OK;
}

/* The revisions named by ids (all in the graph). Caller frees the array. */
static const rt_revision **hist_revs(const rt_graph *g, const rt_strv *ids)
{
    const rt_revision **revs = rt_xcalloc(ids->n + 1, sizeof *revs);
    for (size_t i = 0; i < ids->n; i++)
        revs[i] = rt_graph_get(g, ids->items[i]);
    return revs;
}

/* in[i]: revision i lies in the range (descendant of start and ancestor of
 * end, both inclusive, following Revises and Depends On). A relative side
 * (-3:current, current:+2) counts from the other side. */
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
    const char *end_text = colon + 1;
    hist_side start = { false, RT_STRV_INIT }, end = { false, RT_STRV_INIT };
    bool start_rel = hist_is_relative(start_text), end_rel = hist_is_relative(end_text);
    int rc;
    if (start_rel && end_rel) {
        rc = rt_error_set(err, RT_EUSAGE,
                          "history range '%s': only one side may be relative (+N/-N)", range);
    } else if (start_rel) {
        rc = hist_side_resolve(h, end_text, false, NULL, &end, err);
        if (rc == RT_OK) {
            rt_strv heads = RT_STRV_INIT;
            if (end.all)
                rt_cli_graph_heads(h->c, &heads);
            rc = hist_side_resolve(h, start_text, true, end.all ? &heads : &end.ids, &start,
                                   err);
            rt_strv_free(&heads);
        }
    } else {
        rc = hist_side_resolve(h, start_text, true, NULL, &start, err);
        if (rc == RT_OK)
            rc = hist_side_resolve(h, end_text, false, end_rel ? &start.ids : NULL, &end, err);
    }
    free(start_text);
    if (rc == RT_OK && !start.all) {
        const rt_revision **revs = hist_revs(g, &start.ids);
        rt_graph_descendants(g, revs, start.ids.n, in);
        free(revs);
    }
    if (rc == RT_OK && !end.all) {
        bool *need = rt_xcalloc(h->n + 1, sizeof *need);
        const rt_revision **revs = hist_revs(g, &end.ids);
        rt_graph_ancestors(g, revs, end.ids.n, need);
        free(revs);
        for (size_t i = 0; i < h->n; i++)
            in[i] = in[i] && need[i];
        free(need);
    }
    rt_strv_free(&start.ids);
    rt_strv_free(&end.ids);
    return rc;
}

static void history_json(hist_state *h, const bool *in)
{
    const rt_graph *g = h->c->graph;
    rt_buf out = RT_BUF_INIT;
    rt_json j;
    rt_cli_json_begin(&j, &out, "history");
    rt_json_key(&j, "revisions");
    rt_json_array_begin(&j);
    for (size_t i = h->n; i-- > 0;)
        if (in[i])
            rt_cli_json_revision(&j, g, rt_graph_at(g, i), h->have_current ? &h->current : NULL,
                                 h->have_log ? &h->log : NULL);
    rt_json_array_end(&j);
    rt_cli_json_print(&j);
    rt_buf_free(&out);
}

static int history_body(hist_state *h, const char *range, bool verbose, int style,
                        rt_error *err)
{
    const rt_graph *g = h->c->graph;
    bool *in = rt_xcalloc(h->n ? h->n : 1, sizeof *in);
    int rc = hist_select(h, range, in, err);
    if (rc == RT_OK && style != HIST_TEXT) {
        if (style == HIST_JSON)
            history_json(h, in);
        else
            rt_cli_draw_graph(stdout, g, in, h->have_current ? &h->current : NULL,
                              h->have_log ? &h->log : NULL);
        free(in);
        return RT_OK;
    }
    for (size_t i = h->n; rc == RT_OK && i-- > 0;) {
        if (!in[i])
            continue;
        const rt_revision *r = rt_graph_at(g, i);
        rt_cli_marks m;
        rt_cli_marks_of(g, r, h->have_current ? &h->current : NULL, &m);
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
        { 0, "graph", false, HIST_GRAPH },
        { 0, "format", true, HIST_FORMAT },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    const char *range = NULL;
    bool verbose = false, indicate = false, graph = false;
    int format = HIST_TEXT;
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
        else if (id == HIST_GRAPH)
            graph = true;
        else if (id == HIST_FORMAT) {
            int rc = rt_cli_parse_format(v, hist_formats, &format, err);
            if (rc != RT_OK)
                return rc;
        } else
            indicate = true;
    }
    if (r == RT_CLI_HELP)
        return rt_cli_print_help(c);
    if (r < 0)
        return r;
    if (graph && (format == HIST_JSON || verbose))
        return rt_error_set(err, RT_EUSAGE, "history --graph draws one line per revision: "
                                            "it does not go with %s",
                            verbose ? "--verbose" : "--format json");
    int style = graph ? HIST_DRAW : format;
    int rc = rt_cli_graph(c, err);
    if (rc != RT_OK)
        return rc;

    hist_state h;
    memset(&h, 0, sizeof h);
    h.c = c;
    h.n = rt_graph_count(c->graph);
    if (indicate)
        rc = hist_load_current(&h, err);
    if (indicate && rc == RT_OK)
        rc = rt_version_log_read(c->db, rt_cli_version_table(c), &h.log, err);
    h.have_log = indicate && rc == RT_OK;
    if (rc == RT_OK)
        rc = history_body(&h, range, verbose, style, err);
    rt_log_free(&h.log);
    rt_strv_free(&h.current);
    return rc;
}

/* ---- heads ---- */

enum { HEADS_VERBOSE = 1, HEADS_RESOLVE, HEADS_FORMAT };

static int heads_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 'v', "verbose", false, HEADS_VERBOSE },
        { 0, "resolve-dependencies", false, HEADS_RESOLVE },
        { 0, "format", true, HEADS_FORMAT },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    bool verbose = false, resolve = false;
    int format = HIST_TEXT;
    int id, r;
    const char *v;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_OPT || r == RT_CLI_POS) {
        if (r == RT_CLI_POS)
            return rt_error_set(err, RT_EUSAGE, "heads takes no argument, got '%s'", v);
        if (id == HEADS_VERBOSE)
            verbose = true;
        else if (id == HEADS_RESOLVE)
            resolve = true;
        else if ((r = rt_cli_parse_format(v, hist_formats, &format, err)) != RT_OK)
            return r;
    }
    if (r == RT_CLI_HELP)
        return rt_cli_print_help(c);
    if (r < 0)
        return r;
    int rc = rt_cli_graph(c, err);
    if (rc != RT_OK)
        return rc;
    const rt_revision **hs;
    size_t n;
    rt_graph_heads(c->graph, &hs, &n);
    rt_buf out = RT_BUF_INIT;
    rt_json j;
    if (format == HIST_JSON) {
        rt_cli_json_begin(&j, &out, "heads");
        rt_json_key(&j, "heads");
        rt_json_array_begin(&j);
    }
    for (size_t i = 0; i < n; i++) {
        if (resolve && !rt_graph_is_real_head(c->graph, hs[i]))
            continue;
        if (format == HIST_JSON) {
            rt_cli_json_revision(&j, c->graph, hs[i], NULL, NULL);
            continue;
        }
        rt_cli_marks m;
        rt_cli_marks_of(c->graph, hs[i], NULL, &m);
        m.hide_tree = true;
        if (verbose)
            rt_cli_print_verbose(stdout, c->graph, hs[i], &m);
        else
            rt_cli_print_short(stdout, hs[i], &m, false, false);
    }
    if (format == HIST_JSON) {
        rt_json_array_end(&j);
        rt_cli_json_print(&j);
    }
    rt_buf_free(&out);
    free(hs);
    return RT_OK;
}

/* ---- show ---- */

static int show_parse(rt_cli *c, int argc, char **argv, const char **key, int *format,
                      rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 0, "format", true, 1 },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    int id, r;
    const char *v;
    *key = NULL;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_POS || r == RT_CLI_OPT) {
        if (r == RT_CLI_OPT) {
            if ((r = rt_cli_parse_format(v, hist_formats, format, err)) != RT_OK)
                return r;
            continue;
        }
        if (*key)
            return rt_error_set(err, RT_EUSAGE, "show takes one REV, got '%s' and '%s'", *key,
                                v);
        *key = v;
    }
    if (r == RT_CLI_HELP) {
        rt_cli_print_help(c);
        return RT_CLI_HELP;
    }
    return r < 0 ? r : RT_OK;
}

static int show_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    const char *key;
    int format = HIST_TEXT;
    int r = show_parse(c, argc, argv, &key, &format, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    if (!key)
        return rt_error_set(err, RT_EUSAGE, "show needs a revision, e.g. 'retort show head'");
    int rc = rt_cli_graph(c, err);
    if (rc != RT_OK)
        return rc;
    /* Any target, as Alembic's show: each revision it names, in turn. */
    const rt_revision **revs;
    size_t n;
    rc = rt_cli_revisions(c, key, &revs, &n, err);
    if (rc == RT_OK && format == HIST_JSON) {
        rt_buf out = RT_BUF_INIT;
        rt_json j;
        rt_cli_json_begin(&j, &out, "show");
        rt_json_key(&j, "revisions");
        rt_json_array_begin(&j);
        for (size_t i = 0; i < n; i++)
            rt_cli_json_revision(&j, c->graph, revs[i], NULL, NULL);
        rt_json_array_end(&j);
        rt_cli_json_print(&j);
        rt_buf_free(&out);
        n = 0;
    }
    for (size_t i = 0; i < n && rc == RT_OK; i++) {
        rt_cli_marks m;
        rt_cli_marks_of(c->graph, revs[i], NULL, &m);
        rt_cli_print_verbose(stdout, c->graph, revs[i], &m);
    }
    free(revs);
    return rc;
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
