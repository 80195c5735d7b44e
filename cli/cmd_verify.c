/* retort verify URL URL...: the CI matrix in one command. The history runs
 * on every database at once (one thread and one connection each), then the
 * reflected schemas are compared in portable terms, each with the first. */
#include "autogen.h"
#include "backend_registry.h"
#include "cli.h"
#include "engine.h"
#include "json_write.h"
#include "version_table.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const char verify_help[] =
    "usage: retort verify URL URL... [--to TARGET] [--reuse] [--down] [--format json]\n"
    "\n"
    "Runs the history from base to head (or TARGET) on every database at once,\n"
    "one thread and connection each, reflects each one and compares them in\n"
    "portable terms (the comparison of `check`), each with the first that\n"
    "succeeded. Prints one row per URL (backend, revisions applied, time,\n"
    "result), then every difference: table, column and what differs.\n"
    "\n"
    "Options:\n"
    "  --to TARGET     stop at TARGET instead of head\n"
    "  --reuse         accept a database that is not empty and upgrade it from\n"
    "                  where it is (without it such a database is refused)\n"
    "  --down          then run every downgrade back to base and check that each\n"
    "                  database is empty again\n"
    "  --format json   print one JSON document instead of the table\n"
    "\n"
    "Exit status: 0 all equivalent, 1 a database differs or a migration failed,\n"
    "2 usage, a bad URL, an unreachable database or one refused as not empty.\n";

enum { VF_TO = 1, VF_REUSE, VF_DOWN, VF_FORMAT };

typedef enum { VF_OK, VF_DIFFERS, VF_FAILED, VF_REFUSED, VF_UNREACHABLE, VF_BAD_URL } vf_result;

static const char *const vf_result_names[] = { "ok",      "differs",     "failed",
                                               "refused", "unreachable", "bad URL" };

/* One database: what its thread reads (the shared graph and settings,
 * borrowed and never written while threads run) and what it fills. */
typedef struct vf_job {
    const rt_cli *c;
    const char *text;       /* URL as given, borrowed from argv */
    const char *target;
    bool reuse, down;
    char *shown;            /* URL with the password masked, owned */
    rt_url *url;            /* owned */
    rt_db *db;              /* owned; opened before the thread starts and
                               closed after it ended, in the main thread */
    size_t applied;         /* revisions run by the upgrade */
    double seconds;
    rt_schema schema;       /* reflected at the target, owned */
    vf_result result;
    int rc;
    rt_error err;
    rt_diff diff;           /* from the reference to this one, owned */
} vf_job;

/* Revisions that upgrading from db's heads to target runs. */
static int vf_count_plan(vf_job *j, rt_db *db, size_t *n, rt_error *err)
{
    rt_strv heads = RT_STRV_INIT;
    rt_plan plan;
    int rc = rt_version_read(db, rt_cli_version_table(j->c), &heads, err);
    if (rc == RT_OK)
        rc = rt_graph_plan(&plan, j->c->graph, &heads, j->target, true, err);
    if (rc == RT_OK) {
        *n = plan.n;
        rt_plan_free(&plan);
    }
    rt_strv_free(&heads);
    return rc;
}

static int vf_migrate(vf_job *j, rt_db *db)
{
    const char *vt = rt_cli_version_table(j->c);
    int rc = RT_OK;
    if (!j->reuse) {
        rc = rt_cli_require_empty(db, j->shown, vt,
                                  "verify runs the history on empty databases (pass --reuse to "
                                  "upgrade it from where it is)",
                                  &j->err);
        if (rc != RT_OK) {
            j->result = VF_REFUSED;
            return rc;
        }
    }
    j->result = VF_FAILED;
    rt_engine e;
    rt_cli_engine_init(j->c, &e, db);
    size_t planned = 0, left = 0;
    rc = vf_count_plan(j, db, &planned, &j->err);
    if (rc == RT_OK) {
        rc = rt_engine_upgrade(&e, j->target, &j->err);
        /* What ran, also when a revision failed part-way. */
        rt_error ignored;
        if (vf_count_plan(j, db, &left, &ignored) == RT_OK && left <= planned)
            j->applied = planned - left;
    }
    if (rc == RT_OK)
        rc = rt_dialect_reflect(db, &e.opts, vt, &j->schema, &j->err);
    if (rc == RT_OK && j->down) {
        rc = rt_engine_downgrade(&e, "base", &j->err);
        if (rc == RT_OK)
            rc = rt_cli_require_empty(db, j->shown, vt,
                                      "after the downgrades to base it must be empty", &j->err);
    }
    if (rc == RT_OK)
        j->result = VF_OK;
    rt_engine_clear(&e);
    return rc;
}

/* Connects, in the main thread: loading a driver and initialising its
 * client library is not safe from several threads at once (concurrent
 * dlopen of the ODBC drivers leaks in glibc, mysql_init's first call
 * races). A connection takes milliseconds; the migrations run in parallel. */
static void vf_connect(vf_job *j)
{
    double t0 = rt_cli_seconds();
    j->result = VF_UNREACHABLE;
    j->rc = rt_cli_open_url(j->text, &j->url, &j->db, &j->err);
    if (!j->url)
        j->result = VF_BAD_URL;
    j->seconds = rt_cli_seconds() - t0;
}

static void *vf_thread(void *arg)
{
    vf_job *j = arg;
    double t0 = rt_cli_seconds();
    if (j->rc == RT_OK)
        j->rc = vf_migrate(j, j->db);
    /* A refusal names the database already masked. */
    if (j->rc != RT_OK && j->result != VF_REFUSED && j->url)
        rt_url_redact_text(j->url, j->err.message, sizeof j->err.message);
    j->seconds += rt_cli_seconds() - t0;
    return NULL;
}

/* Compares every database that got through with the first that did. */
static int vf_compare(vf_job *jobs, size_t n, const vf_job **ref, rt_error *err)
{
    *ref = NULL;
    for (size_t i = 0; i < n; i++) {
        vf_job *j = &jobs[i];
        if (j->result != VF_OK)
            continue;
        if (!*ref) {
            *ref = j;
            continue;
        }
        const rt_dialect *ds[2] = { rt_dialect_find((*ref)->url->dialect),
                                    rt_dialect_find(j->url->dialect) };
        rt_dialect_options opts;
        rt_autogen_options(j->c->cfg, &opts);
        int rc = rt_autogen_diff_portable(&j->diff, &(*ref)->schema, &j->schema, ds, 2, &opts,
                                          err);
        if (rc != RT_OK)
            return rc;
        if (!rt_diff_empty(&j->diff))
            j->result = VF_DIFFERS;
    }
    return RT_OK;
}

static void vf_print_text(const vf_job *jobs, size_t n, const vf_job *ref)
{
    size_t w = strlen("URL");
    for (size_t i = 0; i < n; i++)
        if (strlen(jobs[i].shown) > w)
            w = strlen(jobs[i].shown);
    printf("%-*s  %-24s %9s %9s  %s\n", (int)w, "URL", "BACKEND", "REVISIONS", "TIME", "RESULT");
    for (size_t i = 0; i < n; i++) {
        const vf_job *j = &jobs[i];
        char backend[64] = "?";
        if (j->url)
            snprintf(backend, sizeof backend, "%s+%s", j->url->dialect, j->url->driver);
        printf("%-*s  %-24s %9zu %8.3fs  %s", (int)w, j->shown, backend, j->applied, j->seconds,
               vf_result_names[j->result]);
        if (j->rc != RT_OK)
            printf(": %s", j->err.message);
        putchar('\n');
    }
    for (size_t i = 0; i < n; i++) {
        const vf_job *j = &jobs[i];
        if (j->result != VF_DIFFERS)
            continue;
        printf("\n%s differs from %s:\n", j->shown, ref->shown);
        for (size_t k = 0; k < j->diff.changes.n; k++)
            printf("  %s\n", j->diff.changes.items[k]);
    }
}

static void vf_json_string(const char *s)
{
    rt_buf b = RT_BUF_INIT;
    rt_json_quote(&b, s);
    fputs(rt_buf_cstr(&b), stdout);
    rt_buf_free(&b);
}

static void vf_print_json(const vf_job *jobs, size_t n, const vf_job *ref, bool equivalent)
{
    printf("{\"equivalent\": %s, \"reference\": ", equivalent ? "true" : "false");
    if (ref)
        vf_json_string(ref->shown);
    else
        fputs("null", stdout);
    fputs(", \"databases\": [", stdout);
    for (size_t i = 0; i < n; i++) {
        const vf_job *j = &jobs[i];
        fputs(i ? ",\n  {\"url\": " : "\n  {\"url\": ", stdout);
        vf_json_string(j->shown);
        fputs(", \"backend\": ", stdout);
        vf_json_string(j->url ? j->url->dialect : "");
        fputs(", \"driver\": ", stdout);
        vf_json_string(j->url ? j->url->driver : "");
        printf(", \"revisions\": %zu, \"seconds\": %.3f, \"result\": \"%s\", \"error\": ",
               j->applied, j->seconds, vf_result_names[j->result]);
        if (j->rc != RT_OK)
            vf_json_string(j->err.message);
        else
            fputs("null", stdout);
        /* What failed, for a script to sort by without reading the text. */
        if (j->rc != RT_OK)
            printf(", \"error_class\": \"%s\", \"error_code\": \"%s\"",
                   rt_error_class_name(rt_error_class(j->err.code)),
                   rt_error_code_name(j->err.code));
        else
            fputs(", \"error_class\": null, \"error_code\": null", stdout);
        fputs(", \"differences\": [", stdout);
        for (size_t k = 0; k < j->diff.changes.n; k++) {
            if (k)
                fputs(", ", stdout);
            vf_json_string(j->diff.changes.items[k]);
        }
        fputs("]}", stdout);
    }
    fputs("\n]}\n", stdout);
}

typedef struct vf_args {
    const char *target;
    bool reuse, down, json;
    rt_strv urls;
} vf_args;

static int vf_parse(rt_cli *c, int argc, char **argv, vf_args *va, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 0, "to", true, VF_TO },
        { 0, "reuse", false, VF_REUSE },
        { 0, "down", false, VF_DOWN },
        { 0, "format", true, VF_FORMAT },
        { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    int id, r;
    const char *v;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_OPT || r == RT_CLI_POS) {
        if (r == RT_CLI_POS) {
            rt_strv_push(&va->urls, v);
            continue;
        }
        switch (id) {
        case VF_TO: va->target = v; break;
        case VF_REUSE: va->reuse = true; break;
        case VF_DOWN: va->down = true; break;
        case VF_FORMAT: {
            static const char *const formats[] = { "text", "json", NULL };
            int f;
            if ((r = rt_cli_parse_format(v, formats, &f, err)) != RT_OK)
                return r;
            va->json = f == 1;
            break;
        }
        }
    }
    if (r == RT_CLI_END && va->urls.n == 0)
        return rt_error_set(err, RT_EUSAGE,
                            "verify needs at least one database URL, e.g. 'retort verify "
                            "sqlite:///a.db postgresql://user:pass@host/db'");
    return r;
}

/* An unknown --to fails here, before any database is touched. */
static int vf_check_target(rt_cli *c, const char *target, rt_error *err)
{
    rt_strv none = RT_STRV_INIT;
    rt_plan plan;
    int rc = rt_graph_plan(&plan, c->graph, &none, target, true, err);
    if (rc == RT_OK)
        rt_plan_free(&plan);
    return rc;
}

/* Two URLs naming one database would run the history twice on it. */
static int vf_check_distinct(const rt_strv *urls, rt_error *err)
{
    size_t n = urls->n;
    rt_url **parsed = rt_xcalloc(n + 1, sizeof *parsed);
    rt_error ignored; /* an unparsable URL is reported on its row */
    int rc = RT_OK;
    for (size_t i = 0; i < n; i++)
        if (rt_url_parse(&parsed[i], urls->items[i], &ignored) != RT_OK)
            parsed[i] = NULL;
    for (size_t i = 0; i < n && rc == RT_OK; i++)
        for (size_t k = i + 1; k < n && rc == RT_OK; k++) {
            const rt_url *a = parsed[i], *b = parsed[k];
            if (!a || !b || strcmp(a->dialect, b->dialect) != 0 || a->port != b->port ||
                strcmp(a->host ? a->host : "", b->host ? b->host : "") != 0 ||
                strcmp(a->database ? a->database : "", b->database ? b->database : "") != 0 ||
                (rt_backend_named(a->dialect)->file_based && !*a->database))
                continue;
            char *sa = rt_url_redacted(a), *sb = rt_url_redacted(b);
            rc = rt_error_set(err, RT_EUSAGE,
                              "%s and %s name the same database: give each database once",
                              sa, sb);
            free(sa);
            free(sb);
        }
    for (size_t i = 0; i < n; i++)
        rt_url_free(parsed[i]);
    free(parsed);
    return rc;
}

static int vf_run_all(rt_cli *c, const vf_args *va, rt_error *err)
{
    size_t n = va->urls.n;
    vf_job *jobs = rt_xcalloc(n, sizeof *jobs);
    pthread_t *tids = rt_xcalloc(n, sizeof *tids);
    bool *started = rt_xcalloc(n, sizeof *started);
    for (size_t i = 0; i < n; i++) {
        vf_job *j = &jobs[i];
        j->c = c;
        j->text = va->urls.items[i];
        j->target = va->target;
        j->reuse = va->reuse;
        j->down = va->down;
        j->shown = rt_cli_shown_url(j->text);
        j->diff = (rt_diff)RT_DIFF_INIT;
        rt_error_clear(&j->err);
    }
    for (size_t i = 0; i < n; i++)
        vf_connect(&jobs[i]);
    for (size_t i = 0; i < n; i++)
        started[i] = pthread_create(&tids[i], NULL, vf_thread, &jobs[i]) == 0;
    for (size_t i = 0; i < n; i++) {
        if (started[i])
            pthread_join(tids[i], NULL);
        else
            vf_thread(&jobs[i]);
    }

    const vf_job *ref = NULL;
    int rc = vf_compare(jobs, n, &ref, err);
    int status = 0;
    for (size_t i = 0; i < n && rc == RT_OK; i++) {
        vf_result r = jobs[i].result;
        int s = r == VF_OK ? 0 : r == VF_DIFFERS || r == VF_FAILED ? 1 : 2;
        if (s > status)
            status = s;
    }
    if (rc == RT_OK) {
        if (va->json)
            vf_print_json(jobs, n, ref, status == 0);
        else
            vf_print_text(jobs, n, ref);
    }
    for (size_t i = 0; i < n; i++) {
        rt_db_close(jobs[i].db);
        free(jobs[i].shown);
        rt_url_free(jobs[i].url);
        rt_schema_free(&jobs[i].schema);
        rt_diff_free(&jobs[i].diff);
    }
    free(started);
    free(tids);
    free(jobs);
    return rc == RT_OK ? status : rc;
}

static int verify_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    vf_args va = { .target = "head", .urls = RT_STRV_INIT };
    int rc = vf_parse(c, argc, argv, &va, err);
    if (rc == RT_CLI_HELP) {
        rc = rt_cli_print_help(c);
    } else if (rc == RT_CLI_END) {
        rc = rt_cli_graph(c, err);
        if (rc == RT_OK)
            rc = vf_check_target(c, va.target, err);
        if (rc == RT_OK)
            rc = vf_check_distinct(&va.urls, err);
        if (rc == RT_OK)
            rc = vf_run_all(c, &va, err);
    }
    rt_strv_free(&va.urls);
    return rc;
}

const rt_cli_command rt_cmd_verify = {
    "verify", "run the history on several databases at once and compare them", verify_help,
    verify_run,
};
