/* retort copy --from URL --to URL: an application's rows moved to another
 * database (any backend) at the same revision (core/copy.h does the
 * moving; this file checks the revisions and reports). */
#include "cli.h"
#include "copy.h"
#include "engine.h"
#include "version_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char copy_help[] =
    "usage: retort copy --from URL --to URL [--migrate] [--truncate] [--batch N]\n"
    "\n"
    "Copies every table's rows (all but the version table and its log) from the\n"
    "database --from to the database --to, of the same or another backend. Both\n"
    "must be at the same revision, or the target empty: then --migrate first runs\n"
    "the project's history on it up to the source's revision. Tables go in\n"
    "foreign-key order (a key that closes a cycle is set in a second pass), in\n"
    "multi-row INSERTs with bound parameters, all in one transaction on the\n"
    "target: a failure leaves it as it was. Values travel as portable text\n"
    "(booleans, timestamps in UTC, exact NUMERIC, BLOB as hex, JSON, UUID).\n"
    "Identity sequences are moved past the copied keys. Row counts of every\n"
    "table are compared before the commit. One line per table on stderr, a\n"
    "summary on stdout.\n"
    "\n"
    "Options:\n"
    "  --from URL     the database to read (never written)\n"
    "  --to URL       the database to write\n"
    "  --migrate      when the target is empty, run the history to the source's\n"
    "                 revision first (needs the project: retort.ini)\n"
    "  --truncate     empty target tables that hold rows (else refused)\n"
    "  --batch N      rows per INSERT (default 500, fewer for wide tables)\n"
    "\n"
    "Exit status: 0 copied, 1 the copy failed (target rolled back), 2 usage, a\n"
    "bad or unreachable URL, databases at different revisions, a target that\n"
    "holds rows without --truncate.\n";

enum { CP_FROM = 1, CP_TO, CP_MIGRATE, CP_TRUNCATE, CP_BATCH };

static void cp_progress(void *ctx, const char *table, size_t rows, double seconds)
{
    (void)ctx;
    if (seconds > 0.001)
        rt_cli_log("INFO", "retort.copy", "%-24s %9zu rows  %10.0f rows/s", table, rows,
                   rows / seconds);
    else
        rt_cli_log("INFO", "retort.copy", "%-24s %9zu rows", table, rows);
}

static bool cp_same_heads(const rt_strv *a, const rt_strv *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++) {
        bool found = false;
        for (size_t k = 0; k < b->n && !found; k++)
            found = strcmp(a->items[i], b->items[k]) == 0;
        if (!found)
            return false;
    }
    return true;
}

/* The history run on the empty target up to each of the source's heads. */
static int cp_migrate(rt_cli *c, rt_db *dst, const rt_strv *heads, rt_error *err)
{
    int rc = rt_cli_config(c, err);
    if (rc == RT_OK)
        rc = rt_cli_graph(c, err);
    if (rc != RT_OK)
        return rc;
    rt_engine e;
    rt_cli_engine_init(c, &e, dst);
    for (size_t i = 0; i < heads->n && rc == RT_OK; i++)
        rc = rt_engine_upgrade(&e, heads->items[i], err);
    rt_engine_clear(&e);
    return rc;
}

/* Same revisions on both sides, or an empty target that --migrate brings
 * there. */
static int cp_revisions(rt_cli *c, rt_db *src, rt_db *dst, const char *src_shown,
                        const char *dst_shown, bool migrate, rt_error *err)
{
    const char *vt = rt_cli_version_table(c);
    rt_strv sh = RT_STRV_INIT, dh = RT_STRV_INIT;
    int rc = rt_version_read(src, vt, &sh, err);
    if (rc == RT_OK && sh.n == 0)
        rc = rt_error_set(err, RT_EUSAGE,
                          "%s has no revision in its version table '%s': copy moves rows "
                          "between databases that a history built",
                          src_shown, vt);
    if (rc == RT_OK)
        rc = rt_version_read(dst, vt, &dh, err);
    if (rc == RT_OK && dh.n == 0) {
        rc = rt_cli_require_empty(dst, dst_shown, vt,
                                  "copy writes into a database at the source's revision",
                                  err);
        if (rc == RT_OK && !migrate) {
            char *at = rt_strv_join(&sh, ", ");
            rc = rt_error_set(err, RT_EUSAGE,
                              "%s is empty; pass --migrate to run the history up to the "
                              "source's revision %s first",
                              dst_shown, at);
            free(at);
        }
        if (rc == RT_OK)
            rc = cp_migrate(c, dst, &sh, err);
    } else if (rc == RT_OK && !cp_same_heads(&sh, &dh)) {
        char *a = rt_strv_join(&sh, ", "), *b = rt_strv_join(&dh, ", ");
        rc = rt_error_set(err, RT_EUSAGE,
                          "%s is at revision %s but %s is at %s: upgrade or downgrade the "
                          "target to the source's revision first",
                          src_shown, a, dst_shown, b);
        free(a);
        free(b);
    }
    rt_strv_free(&sh);
    rt_strv_free(&dh);
    return rc;
}

static int copy_run(rt_cli *c, int argc, char **argv, rt_error *err)
{
    static const rt_cli_opt opts[] = {
        { 0, "from", true, CP_FROM },       { 0, "to", true, CP_TO },
        { 0, "migrate", false, CP_MIGRATE }, { 0, "truncate", false, CP_TRUNCATE },
        { 0, "batch", true, CP_BATCH },      { 0, NULL, false, 0 },
    };
    rt_cli_args a;
    rt_cli_args_init(&a, argc, argv);
    const char *from = NULL, *to = NULL, *v;
    bool migrate = false;
    rt_copy_options o = { .progress = cp_progress };
    int id, r;
    while ((r = rt_cli_next(c, &a, opts, &id, &v, err)) == RT_CLI_OPT || r == RT_CLI_POS) {
        if (r == RT_CLI_POS)
            return rt_error_set(err, RT_EUSAGE, "copy takes no argument '%s'; name the "
                                                "databases with --from and --to", v);
        if (id == CP_FROM)
            from = v;
        else if (id == CP_TO)
            to = v;
        else if (id == CP_MIGRATE)
            migrate = true;
        else if (id == CP_TRUNCATE)
            o.truncate = true;
        else if (id == CP_BATCH) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || n < 1 || n > 100000)
                return rt_error_set(err, RT_EUSAGE, "--batch takes a number of rows from 1 "
                                                    "to 100000, not '%s'", v);
            o.batch_rows = (size_t)n;
        }
    }
    if (r == RT_CLI_HELP)
        return rt_cli_print_help(c);
    if (r < 0)
        return r;
    if (!from || !to)
        return rt_error_set(err, RT_EUSAGE, "copy needs --from URL and --to URL, e.g. "
                                            "'retort copy --from sqlite:///app.db --to "
                                            "postgresql://u:p@host/app'");
    int rc = rt_cli_config_if_any(c, err);
    if (rc != RT_OK)
        return rc;
    rt_url *su = NULL, *du = NULL;
    rt_db *src = NULL, *dst = NULL;
    char *ss = rt_cli_shown_url(from), *ds = rt_cli_shown_url(to);
    rc = rt_cli_open_url(from, &su, &src, err);
    if (rc == RT_OK)
        rc = rt_cli_open_url(to, &du, &dst, err);
    if (rc == RT_OK)
        rc = cp_revisions(c, src, dst, ss, ds, migrate, err);
    double t0 = rt_cli_seconds();
    rt_copy_report rep;
    if (rc == RT_OK) {
        rc = rt_copy_data(src, dst, rt_cli_version_table(c), &o, &rep, err);
        /* A server's refusal mid-copy: the target was rolled back. */
        if (rc == RT_EDB) {
            rt_error_prefix(err, "the copy failed and the target was rolled back: ");
            rc = RT_EMIGRATE;
        }
    }
    if (rc == RT_OK)
        printf("Copied %zu rows of %zu tables from %s to %s in %.2f s%s.\n", rep.rows,
               rep.tables, ss, ds, rt_cli_seconds() - t0,
               rep.deferred_keys ? " (foreign keys of a cycle set in a second pass)" : "");
    if (rc != RT_OK && su)
        rt_url_redact_text(su, err->message, sizeof err->message);
    if (rc != RT_OK && du)
        rt_url_redact_text(du, err->message, sizeof err->message);
    rt_db_close(src);
    rt_db_close(dst);
    rt_url_free(su);
    rt_url_free(du);
    free(ss);
    free(ds);
    return rc;
}

const rt_cli_command rt_cmd_copy = {
    "copy", "copy every table's rows to another database at the same revision", copy_help,
    copy_run,
};
