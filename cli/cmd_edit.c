/* retort edit REV: opens revision files in $EDITOR (Alembic's edit). */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char edit_help[] =
    "usage: retort edit REV\n"
    "\n"
    "Opens the file of REV in $EDITOR (else $VISUAL) and waits for it to\n"
    "close. REV is an id, prefix, branch label, head, label@head, heads\n"
    "(each head in turn) or current (the database's revisions).\n";

/* Runs the editor through the shell, as git does, so that EDITOR may carry
 * arguments ("code -w"); the path travels as "$1", never re-parsed. */
static int edit_open(const char *editor, const char *path, rt_error *err)
{
    char *script = rt_xasprintf("%s \"$@\"", editor);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", script, editor, path, (char *)NULL);
        _exit(127);
    }
    free(script);
    if (pid < 0)
        return rt_error_set(err, RT_EIO, "cannot start the editor: %s", strerror(errno));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return rt_error_set(err, RT_EIO, "waiting for the editor: %s", strerror(errno));
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return rt_error_set(err, RT_EIO, "the editor '%s' failed on %s (status %d)", editor,
                            path, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return RT_OK;
}

static int edit_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    const char *key;
    int r = rt_cli_parse_one(c, argc, argv, "REV", &key, err);
    if (r != RT_OK)
        return r == RT_CLI_HELP ? RT_OK : r;
    if (!key)
        return rt_error_set(err, RT_EUSAGE, "edit needs a revision, e.g. 'retort edit head'");
    const char *editor = getenv("EDITOR");
    if (!editor || !*editor)
        editor = getenv("VISUAL");
    if (!editor || !*editor)
        return rt_error_set(err, RT_EUSAGE,
                            "No suitable editor found: set the EDITOR or VISUAL environment "
                            "variable");
    rt_strv current = RT_STRV_INIT;
    bool want_current = strcmp(key, "current") == 0;
    int rc = want_current ? rt_cli_graph_and_heads(c, &current, err) : rt_cli_graph(c, err);
    const rt_revision **revs = NULL;
    size_t n = 0;
    if (rc == RT_OK && want_current) {
        revs = rt_xcalloc(current.n + 1, sizeof *revs);
        for (size_t i = 0; i < current.n && rc == RT_OK; i++) {
            revs[n] = rt_graph_get(c->graph, current.items[i]);
            if (!revs[n++])
                rc = rt_error_set(err, RT_EGRAPH, "the database is at '%s', which no file in %s "
                                  "defines", current.items[i], c->versions_dir);
        }
    } else if (rc == RT_OK) {
        rc = rt_cli_revisions(c, key, &revs, &n, err);
    }
    for (size_t i = 0; i < n && rc == RT_OK; i++)
        rc = edit_open(editor, revs[i]->path, err);
    free(revs);
    rt_strv_free(&current);
    return rc;
}

const rt_cli_command rt_cmd_edit = {
    "edit", "open a revision file in $EDITOR", edit_help, edit_run,
};
