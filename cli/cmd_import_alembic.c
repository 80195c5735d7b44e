/* retort import-alembic: an Alembic versions folder -> retort revisions,
 * one per .py file, with the same ids (docs/import-alembic.md). */
#include "alembic_import.h"
#include "cli.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

static const char import_help[] =
    "usage: retort import-alembic ALEMBIC_VERSIONS_DIR [-o OUT_VERSIONS_DIR]\n"
    "                             [--type-map NAME=TYPE]... [--allow-partial]\n"
    "\n"
    "Reads every Alembic revision (.py) of ALEMBIC_VERSIONS_DIR without running\n"
    "Python and writes one retort revision per file, with the same ids, into\n"
    "OUT_VERSIONS_DIR (default: this project's versions folder). Each place that\n"
    "cannot be converted faithfully is quoted in the revision and listed on\n"
    "stderr as FILE:LINE: WHY; then the exit status is 1.\n"
    "\n"
    "Options:\n"
    "  -o, --out DIR           where the revisions are written\n"
    "  --type-map NAME=TYPE    portable type of a custom column type, e.g.\n"
    "                          GUID=CHAR(32) (repeatable)\n"
    "  --allow-partial         exit 0 even when some places were not converted\n";

enum { IMP_OUT = 1, IMP_TYPE_MAP, IMP_PARTIAL };

static int import_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .py files of dir, sorted (__init__.py aside). */
static int import_list(const char *dir, rt_strv *names, rt_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return rt_error_set(err, RT_EIO, "Cannot open the Alembic versions folder %s.", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 3 && strcmp(e->d_name + n - 3, ".py") == 0 && e->d_name[0] != '.' &&
            strcmp(e->d_name, "__init__.py") != 0)
            rt_strv_push(names, e->d_name);
    }
    closedir(d);
    if (names->n > 1)
        qsort(names->items, names->n, sizeof *names->items, import_cmp);
    return RT_OK;
}

static int import_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 'o', "out", true, IMP_OUT },
        { 0, "type-map", true, IMP_TYPE_MAP },
        { 0, "allow-partial", false, IMP_PARTIAL },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    const char *src = NULL, *out = NULL, *v;
    bool partial = false;
    rt_strv type_map = RT_STRV_INIT;
    int id, r, rc = RT_OK;
    while (rc == RT_OK && (r = rt_cli_next(c, &a, opts, &id, &v, err)) != RT_CLI_END) {
        if (r < 0) {
            rc = r;
        } else if (r == RT_CLI_HELP) {
            rt_strv_free(&type_map);
            return rt_cli_print_help(c);
        } else if (r == RT_CLI_POS) {
            if (src)
                rc = rt_error_set(err, RT_EUSAGE,
                                  "import-alembic takes one ALEMBIC_VERSIONS_DIR, got '%s' and '%s'",
                                  src, v);
            src = v;
        } else if (id == IMP_OUT) {
            out = v;
        } else if (id == IMP_TYPE_MAP) {
            rc = rt_alembic_type_map_check(v, err);
            rt_strv_push(&type_map, v);
        } else {
            partial = true;
        }
    }
    if (rc == RT_OK && !src)
        rc = rt_error_set(err, RT_EUSAGE,
                          "import-alembic needs the Alembic versions folder (see --help)");
    const char *template = "%(rev)s_%(slug)s";
    if (rc == RT_OK && !out) {
        /* The project's (first) versions folder, as the graph reads it. */
        rc = rt_cli_graph(c, err);
        if (rc == RT_OK)
            out = c->versions_dir;
    }
    if (rc == RT_OK && c->cfg)
        template = c->cfg->file_template;
    rt_strv names = RT_STRV_INIT;
    if (rc == RT_OK)
        rc = import_list(src, &names, err);
    rt_alembic_opts o = { &type_map };
    /* Every file is read before any is written: a file this reader cannot
     * read leaves the output folder as it was. */
    rt_alembic_rev *revs = rt_xcalloc(names.n ? names.n : 1, sizeof *revs);
    char **paths = rt_xcalloc(names.n ? names.n : 1, sizeof *paths);
    size_t nread = 0, problems = 0;
    for (; rc == RT_OK && nread < names.n; nread++) {
        paths[nread] = rt_xasprintf("%s/%s", src, names.items[nread]);
        rc = rt_alembic_convert_file(&revs[nread], paths[nread], &o, err);
    }
    for (size_t i = 0; rc == RT_OK && i < names.n; i++) {
        char *note = rt_xasprintf("Imported from: %s", paths[i]);
        char *written = NULL;
        rc = rt_script_write_noted(&written, out, template, &revs[i].rev, note,
                                   revs[i].upgrade, revs[i].downgrade, err);
        if (rc == RT_OK)
            printf("%s -> %s\n", paths[i], written);
        free(written);
        free(note);
        fflush(stdout);
        for (size_t k = 0; rc == RT_OK && k < revs[i].problems.n; k++)
            fprintf(stderr, "%s\n", revs[i].problems.items[k]);
        problems += revs[i].problems.n;
    }
    for (size_t i = 0; i < nread; i++) {
        rt_alembic_rev_free(&revs[i]);
        free(paths[i]);
    }
    free(revs);
    free(paths);
    rt_strv_free(&names);
    rt_strv_free(&type_map);
    if (rc != RT_OK)
        return rc;
    if (problems > 0) {
        fprintf(stderr,
                "retort: %zu place%s not converted; quoted in the revisions as NOT CONVERTED%s\n",
                problems, problems == 1 ? "" : "s", partial ? " (--allow-partial)" : "");
        return partial ? RT_OK : 1;
    }
    return RT_OK;
}

const rt_cli_command rt_cmd_import_alembic = {
    "import-alembic",
    "convert an Alembic versions folder into retort revisions",
    import_help,
    import_run,
};
