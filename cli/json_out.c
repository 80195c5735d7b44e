/* `--format json`: the option, and the documents of current, heads,
 * branches, history, show and check (fields: docs/cli.md, "Output for
 * machines"). Each document is built in memory and printed whole, so an
 * error leaves stdout empty. */
#include "cli.h"
#include "json_write.h"
#include "version_log.h"

#include <stdlib.h>
#include <string.h>

int rt_cli_parse_format(const char *value, const char *const *allowed, int *format,
                        rt_error *err)
{
    rt_buf names = RT_BUF_INIT;
    for (int i = 0; allowed[i]; i++) {
        if (strcmp(value, allowed[i]) == 0) {
            rt_buf_free(&names);
            *format = i;
            return RT_OK;
        }
        rt_buf_printf(&names, "%s%s", i ? (allowed[i + 1] ? ", " : " or ") : "", allowed[i]);
    }
    int rc = rt_error_set(err, RT_EUSAGE, "--format takes %s, not '%s'", rt_buf_cstr(&names),
                          value);
    rt_buf_free(&names);
    return rc;
}

int rt_cli_parse_flags_format(rt_cli *c, int argc, char **argv, bool *verbose, bool *json,
                              rt_error *err)
{
    static const char *const formats[] = { "text", "json", NULL };
    enum { JO_VERBOSE = 1, JO_FORMAT };
    static const rt_cli_opt opts[] = {
        { 'v', "verbose", false, JO_VERBOSE },
        { 0, "format", true, JO_FORMAT },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    int id, r;
    const char *v;
    *json = false;
    while ((r = rt_cli_next(c, &a, verbose ? opts : opts + 1, &id, &v, err)) == RT_CLI_OPT ||
           r == RT_CLI_POS) {
        if (r == RT_CLI_POS)
            return rt_error_set(err, RT_EUSAGE, "%s takes no argument, got '%s'", c->cmd->name,
                                v);
        if (id == JO_VERBOSE) {
            *verbose = true;
            continue;
        }
        int f;
        int rc = rt_cli_parse_format(v, formats, &f, err);
        if (rc != RT_OK)
            return rc;
        *json = f == 1;
    }
    if (r == RT_CLI_HELP) {
        rt_cli_print_help(c);
        return RT_CLI_HELP;
    }
    return r < 0 ? r : RT_OK;
}

void rt_cli_json_begin(rt_json *j, rt_buf *out, const char *command)
{
    rt_json_init(j, out);
    rt_json_object_begin(j);
    rt_json_key(j, "format_version");
    rt_json_int(j, RT_CLI_JSON_FORMAT_VERSION);
    rt_json_key(j, "command");
    rt_json_string(j, command);
}

void rt_cli_json_print(rt_json *j)
{
    rt_json_object_end(j);
    rt_buf_putc(j->out, '\n');
    fputs(rt_buf_cstr(j->out), stdout);
}

static void jo_applied(rt_json *j, const rt_log *log, const char *id)
{
    const rt_log_entry *e = log ? rt_version_log_applied(log, id) : NULL;
    rt_json_key(j, "applied");
    if (!e) {
        rt_json_null(j);
        return;
    }
    rt_json_object_begin(j);
    rt_json_key(j, "at");
    rt_json_string(j, e->started_at);
    rt_json_key(j, "by");
    rt_json_string(j, e->run_by);
    rt_json_key(j, "stamped");
    rt_json_bool(j, strcmp(e->outcome, "stamped") == 0);
    rt_json_object_end(j);
}

void rt_cli_json_revision(rt_json *j, const rt_graph *g, const rt_revision *r,
                          const rt_strv *current, const struct rt_log *log)
{
    rt_cli_marks m;
    rt_cli_marks_of(g, r, current, &m);
    rt_json_object_begin(j);
    rt_json_key(j, "id");
    rt_json_string(j, r->id);
    rt_json_key(j, "down_revisions");
    rt_json_strv(j, &r->down);
    rt_json_key(j, "depends_on");
    rt_json_strv(j, &r->depends_on);
    rt_json_key(j, "branch_labels");
    rt_json_strv(j, &r->branch_labels);
    rt_json_key(j, "message");
    rt_json_string(j, r->message);
    rt_json_key(j, "create_date");
    rt_json_string(j, *r->create_date ? r->create_date : NULL);
    rt_json_key(j, "path");
    rt_json_string(j, r->path);
    rt_json_key(j, "next_revisions");
    const rt_revision **kids;
    size_t n;
    rt_graph_children(g, r, &kids, &n);
    rt_json_array_begin(j);
    for (size_t i = 0; i < n; i++)
        rt_json_string(j, kids[i]->id);
    rt_json_array_end(j);
    free(kids);
    rt_json_key(j, "is_head");
    rt_json_bool(j, m.head);
    rt_json_key(j, "is_effective_head");
    rt_json_bool(j, m.depended_on);
    rt_json_key(j, "is_branch_point");
    rt_json_bool(j, m.nchildren > 1);
    rt_json_key(j, "is_merge_point");
    rt_json_bool(j, r->down.n > 1);
    rt_json_key(j, "is_current");
    if (current)
        rt_json_bool(j, m.current);
    else
        rt_json_null(j);
    jo_applied(j, log, r->id);
    rt_json_object_end(j);
}

/* A row of the version table that no file defines (current outside a
 * project): only what the database knows. */
void rt_cli_json_bare_revision(rt_json *j, const char *id, const struct rt_log *log)
{
    rt_json_object_begin(j);
    rt_json_key(j, "id");
    rt_json_string(j, id);
    rt_json_key(j, "is_current");
    rt_json_bool(j, true);
    jo_applied(j, log, id);
    rt_json_object_end(j);
}

void rt_cli_json_dirty(rt_json *j, const struct rt_log *log)
{
    const rt_log_entry *d = rt_version_log_dirty(log);
    rt_json_key(j, "dirty");
    if (!d) {
        rt_json_null(j);
        return;
    }
    rt_json_object_begin(j);
    rt_json_key(j, "revision");
    rt_json_string(j, d->revision);
    rt_json_key(j, "direction");
    rt_json_string(j, d->direction[0] == 'u' ? "upgrade" : "downgrade");
    rt_json_key(j, "statements_applied");
    rt_json_int(j, d->applied);
    rt_json_key(j, "statements_total");
    rt_json_int(j, d->statements);
    rt_json_key(j, "outcome");
    rt_json_string(j, d->outcome);
    rt_json_key(j, "started_at");
    rt_json_string(j, d->started_at);
    rt_json_key(j, "run_by");
    rt_json_string(j, d->run_by);
    rt_json_object_end(j);
}

void rt_cli_json_differences(rt_json *j, const rt_diff *d)
{
    rt_json_key(j, "differences");
    rt_json_array_begin(j);
    for (size_t i = 0; i < d->changes.n; i++) {
        const rt_diff_change *ch = &d->items[i];
        rt_json_object_begin(j);
        rt_json_key(j, "kind");
        rt_json_string(j, ch->kind);
        rt_json_key(j, "table");
        rt_json_string(j, ch->table);
        rt_json_key(j, "column");
        rt_json_string(j, ch->column);
        rt_json_key(j, "detail");
        rt_json_string(j, d->changes.items[i]);
        rt_json_key(j, "destructive");
        rt_json_bool(j, rt_strv_find(&d->destructive, d->changes.items[i]) >= 0);
        rt_json_object_end(j);
    }
    rt_json_array_end(j);
}
