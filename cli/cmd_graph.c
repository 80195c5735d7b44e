/* retort graph: the whole revision graph, drawn in the terminal or written
 * for Graphviz. */
#include "cli.h"
#include "version_log.h"

#include <stdlib.h>
#include <string.h>

static const char graph_help[] =
    "usage: retort graph [--format text|dot] [-i]\n"
    "\n"
    "Draws the revision graph. text (the default) is 'retort history --graph':\n"
    "newest first, lanes as 'git log --graph' draws them. dot writes it for\n"
    "Graphviz ('retort graph --format dot | dot -Tsvg > graph.svg'): one node\n"
    "per revision (id, branch labels, message), an arrow from each revision\n"
    "to the one revising it, a dashed arrow for Depends On; heads drawn with\n"
    "a double border, merge and branch points as ellipses.\n"
    "  --format text|dot       the drawing (default text)\n"
    "  -i, --indicate-current  mark the database's revisions (current), filled\n"
    "                          in dot; implied when --url is given\n";

enum { GRAPH_FORMAT = 1, GRAPH_CURRENT };

/* s as a DOT quoted string: '"' and '\' escaped, a line break as \n. */
static void graph_dot_quote(FILE *out, const char *s)
{
    putc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putc('\\', out);
        if (*s == '\n') {
            fputs("\\n", out);
            continue;
        }
        putc(*s, out);
    }
    putc('"', out);
}

static void graph_dot(FILE *out, const rt_graph *g, const rt_strv *current)
{
    /* Base at the bottom, heads on top, as history lists them. */
    fputs("digraph retort {\n"
          "  rankdir=BT;\n"
          "  node [shape=box, fontname=\"monospace\"];\n",
          out);
    size_t n = rt_graph_count(g);
    for (size_t i = 0; i < n; i++) {
        const rt_revision *r = rt_graph_at(g, i);
        rt_cli_marks m;
        rt_cli_marks_of(g, r, current, &m);
        rt_buf label = RT_BUF_INIT;
        rt_buf_append(&label, r->id);
        for (size_t k = 0; k < r->branch_labels.n; k++)
            rt_buf_printf(&label, "%s%s%s", k ? ", " : " (", r->branch_labels.items[k],
                          k + 1 == r->branch_labels.n ? ")" : "");
        if (m.head)
            rt_buf_append(&label, m.depended_on ? " (effective head)" : " (head)");
        if (m.current)
            rt_buf_append(&label, " (current)");
        if (*r->message)
            rt_buf_printf(&label, "\n%s", r->message);
        fputs("  ", out);
        graph_dot_quote(out, r->id);
        fputs(" [label=", out);
        graph_dot_quote(out, rt_buf_cstr(&label));
        if (m.head)
            fputs(", peripheries=2", out);
        if (m.nchildren > 1 || r->down.n > 1)
            fputs(", shape=ellipse", out);
        if (m.current)
            fputs(", style=filled, fillcolor=lightblue", out);
        fputs("];\n", out);
        rt_buf_free(&label);
    }
    for (size_t i = 0; i < n; i++) {
        const rt_revision *r = rt_graph_at(g, i);
        for (size_t k = 0; k < r->down.n; k++) {
            fputs("  ", out);
            graph_dot_quote(out, r->down.items[k]);
            fputs(" -> ", out);
            graph_dot_quote(out, r->id);
            fputs(";\n", out);
        }
        for (size_t k = 0; k < r->depends_on.n; k++) {
            fputs("  ", out);
            graph_dot_quote(out, rt_graph_find(g, r->depends_on.items[k], NULL)->id);
            fputs(" -> ", out);
            graph_dot_quote(out, r->id);
            fputs(" [style=dashed, label=\"depends on\"];\n", out);
        }
    }
    fputs("}\n", out);
}

static int graph_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    static const char *const formats[] = { "text", "dot", NULL };
    static const rt_cli_opt opts[] = {
        { 0, "format", true, GRAPH_FORMAT },
        { 'i', "indicate-current", false, GRAPH_CURRENT },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    int format = 0, id, r;
    bool indicate = false;
    const char *v;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_OPT || r == RT_CLI_POS) {
        if (r == RT_CLI_POS)
            return rt_error_set(err, RT_EUSAGE, "graph takes no argument, got '%s'", v);
        if (id == GRAPH_CURRENT)
            indicate = true;
        else if ((r = rt_cli_parse_format(v, formats, &format, err)) != RT_OK)
            return r;
    }
    if (r == RT_CLI_HELP)
        return rt_cli_print_help(c);
    if (r < 0)
        return r;
    rt_strv current = RT_STRV_INIT;
    rt_log log = { NULL, 0 };
    int rc = indicate || c->cli_url ? rt_cli_graph_and_heads(c, &current, err)
                                    : rt_cli_graph(c, err);
    bool have_current = rc == RT_OK && (indicate || c->cli_url);
    if (have_current && format == 0)
        rc = rt_version_log_read(c->db, rt_cli_version_table(c), &log, err);
    if (rc == RT_OK && format == 0) {
        size_t n = rt_graph_count(c->graph);
        bool *all = rt_xmalloc((n ? n : 1) * sizeof *all);
        for (size_t i = 0; i < n; i++)
            all[i] = true;
        rt_cli_draw_graph(stdout, c->graph, all, have_current ? &current : NULL,
                          have_current ? &log : NULL);
        free(all);
    } else if (rc == RT_OK) {
        graph_dot(stdout, c->graph, have_current ? &current : NULL);
    }
    rt_log_free(&log);
    rt_strv_free(&current);
    return rc;
}

const rt_cli_command rt_cmd_graph = {
    "graph", "draw the revision graph (terminal or Graphviz dot)", graph_help, graph_run,
};
