/* retort inspect URL [-o DIR]: the live schema as model files in portable
 * SQL, one per table in foreign-key order, so that an existing database can
 * be adopted (`check` against it then reports nothing). */
#include "autogen.h"
#include "cli.h"
#include "diff_order.h"
#include "sql_write.h"

#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char inspect_help[] =
    "usage: retort inspect URL [-o DIR]\n"
    "\n"
    "Reflects the database at URL (the version table left out) and writes its\n"
    "schema as model files in portable SQL: one file per table, named so that\n"
    "they sort in foreign-key order (001_<table>.sql, ...). Where foreign keys\n"
    "form a cycle, the tables come first and the keys that close it follow as\n"
    "ALTER TABLE statements in a last file, NNN_constraints.sql. With\n"
    "`models = DIR/*.sql` in retort.ini, `retort check` against that database\n"
    "then reports nothing.\n"
    "\n"
    "Options:\n"
    "  -o, --output DIR  write the files into DIR (created when missing; it must\n"
    "                    hold no .sql file yet); without it, everything goes to\n"
    "                    stdout, each file after a '-- <name>' line\n";

enum { IN_OUTPUT = 1 };

/* One model file: its name and text. */
typedef struct in_file {
    char *name;
    char *text;
} in_file;

/* "007_order_items.sql": the position, then the table name with anything
 * a file name should not hold replaced by '_'. */
static char *in_file_name(size_t pos, int width, const char *table)
{
    char *name = rt_xasprintf("%0*zu_%s.sql", width, pos, table);
    for (char *p = name + width + 1; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '.' || *p == '-'))
            *p = '_';
    return name;
}

/* t's CREATE TABLE (and its indexes) without the deferred foreign keys. */
static char *in_table_text(const rt_schema *s, size_t ti, const rt_diff_fkref *deferred,
                           size_t ndeferred)
{
    rt_table t;
    rt_table_copy(&t, &s->tables[ti]);
    size_t kept = 0;
    for (size_t ci = 0; ci < t.nconstraints; ci++) {
        if (rt_diff_fkref_has(deferred, ndeferred, ti, ci))
            rt_constraint_free(&t.constraints[ci]);
        else
            t.constraints[kept++] = t.constraints[ci];
    }
    t.nconstraints = kept;
    rt_buf b = RT_BUF_INIT;
    rt_sql_write_table(&b, &t);
    rt_table_free(&t);
    return rt_buf_steal(&b);
}

/* The files of schema s, in order (caller frees each and the array). */
static in_file *in_render(const rt_schema *s, size_t *nfiles)
{
    size_t n = s->ntables;
    size_t *set = rt_xcalloc(n + 1, sizeof *set);
    size_t *order = rt_xcalloc(n + 1, sizeof *order);
    for (size_t i = 0; i < n; i++)
        set[i] = i;
    rt_diff_fkref *deferred = NULL;
    size_t ndeferred = 0;
    rt_diff_order_tables(s, set, n, order, &deferred, &ndeferred);

    int width = 3;
    for (size_t m = n + 1; m >= 1000; m /= 10)
        width++;
    in_file *files = rt_xcalloc(n + 1, sizeof *files);
    for (size_t k = 0; k < n; k++) {
        files[k].name = in_file_name(k + 1, width, s->tables[order[k]].name);
        files[k].text = in_table_text(s, order[k], deferred, ndeferred);
    }
    *nfiles = n;
    if (ndeferred) {
        rt_buf b = RT_BUF_INIT;
        rt_buf_append(&b, "-- Foreign keys that close a cycle: added once every table exists.\n");
        for (size_t i = 0; i < ndeferred; i++) {
            const rt_table *t = &s->tables[deferred[i].table];
            rt_op op = { .kind = RT_OP_ADD_CONSTRAINT, .table_name = t->name,
                         .constraint = &t->constraints[deferred[i].constraint] };
            rt_sql_write_op(&b, &op);
        }
        files[n].name = in_file_name(n + 1, width, "constraints");
        files[n].text = rt_buf_steal(&b);
        *nfiles = n + 1;
    }
    free(deferred);
    free(order);
    free(set);
    return files;
}

static int in_prepare_dir(const char *dir, rt_error *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return rt_error_set(err, RT_EIO, "Cannot create %s: %s.", dir, strerror(errno));
    char *pattern = rt_xasprintf("%s/*.sql", dir);
    glob_t g;
    int found = glob(pattern, 0, NULL, &g);
    int rc = RT_OK;
    if (found == 0)
        rc = rt_error_set(err, RT_EUSAGE,
                          "%s already holds model files (%s): inspect writes into a folder "
                          "without .sql files, so that no old file is mixed with the new ones",
                          dir, g.gl_pathv[0]);
    if (found == 0 || found == GLOB_NOMATCH)
        globfree(&g);
    free(pattern);
    return rc;
}

static int in_write(const char *dir, const in_file *files, size_t n, rt_error *err)
{
    int rc = dir ? in_prepare_dir(dir, err) : RT_OK;
    for (size_t i = 0; i < n && rc == RT_OK; i++) {
        if (!dir) {
            printf("%s-- %s\n%s", i ? "\n" : "", files[i].name, files[i].text);
            continue;
        }
        char *path = rt_xasprintf("%s/%s", dir, files[i].name);
        FILE *f = fopen(path, "w");
        if (!f || fputs(files[i].text, f) == EOF || fclose(f) != 0)
            rc = rt_error_set(err, RT_EIO, "Cannot write %s: %s.", path, strerror(errno));
        else
            printf("  Writing %s ...  done\n", path);
        free(path);
    }
    return rc;
}

static int in_inspect(rt_cli *c, const char *text, const char *dir, rt_error *err)
{
    rt_url *url = NULL;
    rt_db *db = NULL;
    rt_schema live = RT_SCHEMA_INIT;
    rt_dialect_options opts;
    rt_autogen_options(c->cfg, &opts);
    int rc = rt_cli_open_url(text, &url, &db, err);
    if (rc == RT_OK)
        rc = rt_dialect_reflect(db, &opts, rt_cli_version_table(c), &live, err);
    if (rc != RT_OK && url)
        rt_url_redact_text(url, err->message, sizeof err->message);
    rt_db_close(db);
    rt_url_free(url);
    if (rc == RT_OK) {
        size_t n = 0;
        in_file *files = in_render(&live, &n);
        if (n == 0)
            rt_cli_log("WARNING", "retort.inspect", "The database holds no table.");
        rc = in_write(dir, files, n, err);
        for (size_t i = 0; i < n; i++) {
            free(files[i].name);
            free(files[i].text);
        }
        free(files);
    }
    rt_schema_free(&live);
    return rc;
}

static int inspect_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 'o', "output", true, IN_OUTPUT },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    const char *url = NULL, *dir = NULL, *v;
    int id, r;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_OPT || r == RT_CLI_POS) {
        if (r == RT_CLI_OPT) {
            dir = v;
        } else if (url) {
            return rt_error_set(err, RT_EUSAGE, "inspect takes one URL, got '%s' and '%s'", url,
                                v);
        } else {
            url = v;
        }
    }
    if (r == RT_CLI_HELP)
        return rt_cli_print_help(c);
    if (r < 0)
        return r;
    if (!url)
        return rt_error_set(err, RT_EUSAGE,
                            "inspect needs a database URL, e.g. 'retort inspect "
                            "postgresql://user:pass@host/db -o models'");
    /* The config only names the version table to leave out; none is needed. */
    int rc = rt_cli_config_if_any(c, err);
    return rc == RT_OK ? in_inspect(c, url, dir, err) : rc;
}

const rt_cli_command rt_cmd_inspect = {
    "inspect", "write a database's schema as model files in portable SQL", inspect_help,
    inspect_run,
};
