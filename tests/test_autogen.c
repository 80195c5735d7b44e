/* Autogenerate against the real backends: every model set of
 * tests/resources/models/ goes from an empty database to the models and
 * back, and a second comparison straight after the upgrade must find
 * nothing (no false positives). Plus the seed's Step 2 at library level. */
#include <criterion/criterion.h>
#include <sys/wait.h>
#include <unistd.h>

#include "autogen.h"
#include "dialect.h"
#include "models.h"
#include "rt_test.h"
#include "rt_test_db.h"
#include "rt_test_matrix.h"
#include "sql_parse.h"

#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CORPUS RT_SOURCE_DIR "/tests/resources/models"
#define VERSION_TABLE "retort_version"

typedef struct ag_env {
    char *tmp;       /* sqlite file lives here; removed at the end */
    char *url;
    rt_db *db;
    rt_config cfg;   /* built by hand: only the fields autogenerate reads */
    rt_schema model; /* what the engine would replay: the applied ops */
} ag_env;

/* The server databases are shared by the whole suite, and other runs of
 * the suite may go on at the same time: this file works in a database of
 * its own, named after the test runner process. */
static char *own_db_name(long runner_pid)
{
    return rt_xasprintf("rt_autogen_%ld", runner_pid);
}

/* base with its database part replaced by name (caller frees). */
static char *url_with_db(const char *base, const char *name)
{
    const char *q = strchr(base, '?');
    size_t end = q ? (size_t)(q - base) : strlen(base);
    size_t slash = end;
    while (slash > 0 && base[slash - 1] != '/')
        slash--;
    return rt_xasprintf("%.*s%s%s", (int)slash, base, name, q ? q : "");
}

static rt_db *open_url(const char *text)
{
    rt_url *url = NULL;
    rt_error err;
    cr_assert_eq(rt_url_parse(&url, text, &err), RT_OK, "%s", err.message);
    rt_db *db = NULL;
    int rc = rt_db_open(&db, url, &err);
    rt_url_free(url);
    cr_assert_eq(rc, RT_OK, "test server unreachable (run `bash ci/servers.sh start`): %s",
                 err.message);
    return db;
}

static char *own_server_db(const char *backend, const char *base)
{
    char *name = own_db_name((long)getppid()); /* tests run in children of the runner */
    rt_db *admin = open_url(base);
    rt_error err;
    char *sql;
    if (strncmp(backend, "postgresql", 10) == 0) {
        char *exists = NULL;
        sql = rt_xasprintf("SELECT 1 FROM pg_database WHERE datname = '%s'", name);
        cr_assert_eq(rt_db_query_value(admin, sql, &exists, &err), RT_OK, "%s", err.message);
        free(sql);
        sql = exists ? NULL : rt_xasprintf("CREATE DATABASE %s", name);
        free(exists);
    } else {
        sql = rt_xasprintf("CREATE DATABASE IF NOT EXISTS %s", name);
    }
    if (sql)
        cr_assert_eq(rt_db_exec(admin, sql, &err), RT_OK, "%s: %s", sql, err.message);
    free(sql);
    rt_db_close(admin);
    char *url = url_with_db(base, name);
    free(name);
    return url;
}

static void drop_own_dbs(long runner_pid)
{
    static const char *const servers[] = { "postgresql", "mysql" };
    char *name = own_db_name(runner_pid);
    for (size_t i = 0; i < 2; i++) {
        rt_url *url = NULL;
        rt_db *db = NULL;
        rt_error err;
        if (rt_url_parse(&url, rt_test_backend_url(servers[i]), &err) == RT_OK &&
            rt_db_open(&db, url, &err) == RT_OK) {
            char *sql = rt_xasprintf("DROP DATABASE IF EXISTS %s", name);
            rt_db_exec(db, sql, &err); /* best effort: the runner is ending */
            free(sql);
        }
        rt_db_close(db);
        rt_url_free(url);
    }
    free(name);
}

ReportHook(POST_ALL)(struct criterion_global_stats *stats)
{
    (void)stats;
    /* Hooks run in the runner itself. The drop happens in a child of its
     * own so that libpq and libmariadb never load into the runner: at its
     * exit LeakSanitizer stops the world, and its tracer crashed now and
     * then on their resident state. _exit skips that check in the child. */
    long runner = (long)getpid();
    pid_t pid = fork();
    if (pid == 0) {
        drop_own_dbs(runner);
        _exit(0);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

static rt_test_backend backend_of(const char *name)
{
    for (int b = 0; b < RT_TB_COUNT; b++)
        if (strcmp(rt_test_matrix_name((rt_test_backend)b), name) == 0)
            return (rt_test_backend)b;
    cr_assert_fail("unknown backend %s", name);
    return RT_TB_COUNT;
}

/* backend: a name of tests/support/rt_test_matrix.h ("sqlite",
 * "postgresql+odbc", ...). */
static void env_open(ag_env *e, const char *backend)
{
    memset(e, 0, sizeof *e);
    e->tmp = rt_test_tmpdir();
    char *base = rt_test_matrix_url(backend_of(backend), e->tmp);
    if (strncmp(backend, "sqlite", 6) == 0)
        e->url = rt_xstrdup(base);
    else
        e->url = own_server_db(backend, base);
    free(base);
    rt_test_db_reset(e->url);
    e->db = open_url(e->url);
    rt_error err;
    /* The version table exists in real use and must never show in a diff. */
    cr_assert_eq(rt_db_exec(e->db,
                            "CREATE TABLE " VERSION_TABLE
                            " (version_num VARCHAR(32) NOT NULL, PRIMARY KEY (version_num))",
                            &err),
                 RT_OK, "%s", err.message);
    e->cfg.version_table = VERSION_TABLE;
}

static void env_close(ag_env *e)
{
    rt_db_close(e->db);
    rt_strv_free(&e->cfg.models);
    rt_schema_free(&e->model);
    rt_test_rmtree(e->tmp);
    free(e->tmp);
    free(e->url);
}

static rt_dialect_options env_opts(void)
{
    rt_dialect_options o = RT_DIALECT_OPTIONS_INIT;
    return o;
}

static char *lines_of(const rt_strv *v)
{
    char *s = rt_strv_join(v, "\n  ");
    return s;
}

/* Runs a section of portable SQL the way the engine does: parse, render
 * each op against the model as it stands, execute, update the model. */
static void run_section(ag_env *e, const char *sql, const char *what)
{
    rt_error err;
    rt_oplist ops = RT_OPLIST_INIT;
    cr_assert_eq(rt_sql_parse(&ops, sql, what, 1, &err), RT_OK, "%s\n%s", err.message, sql);
    const rt_dialect *d = rt_db_dialect(e->db);
    rt_dialect_options o = env_opts();
    for (size_t i = 0; i < ops.n; i++) {
        rt_strv stmts = RT_STRV_INIT;
        int rc = d->render(&o, &e->model, &ops.items[i], &stmts, &err);
        cr_assert_eq(rc, RT_OK, "%s: rendering op %zu for %s: %s\n%s", what, i, d->name,
                     err.message, sql);
        for (size_t k = 0; k < stmts.n; k++) {
            if (getenv("RT_TEST_TRACE")) /* diagnosing a backend by hand */
                fprintf(stderr, "[%s %s] %s;\n", d->name, what, stmts.items[k]);
            rc = rt_db_exec(e->db, stmts.items[k], &err);
            cr_assert_eq(rc, RT_OK, "%s on %s: %s\nstatement: %s\nsection:\n%s", what, d->name,
                         err.message, stmts.items[k], sql);
        }
        rt_strv_free(&stmts);
        cr_assert_eq(rt_schema_apply(&e->model, &ops.items[i], false, &err), RT_OK, "%s",
                     err.message);
    }
    rt_oplist_free(&ops);
}

static void compare(ag_env *e, rt_diff *d)
{
    rt_error err;
    int rc = rt_autogen_compare(d, e->db, &e->cfg, &err);
    cr_assert_eq(rc, RT_OK, "compare on %s: %s", rt_db_dialect(e->db)->name, err.message);
}

static void assert_database_empty(ag_env *e, const char *when)
{
    const rt_dialect *d = rt_db_dialect(e->db);
    rt_dialect_options o = env_opts();
    rt_schema live = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(d->reflect(e->db, &o, VERSION_TABLE, &live, &err), RT_OK, "%s", err.message);
    cr_assert_eq(live.ntables, 0, "%s on %s: %zu table(s) left, first '%s'", when, d->name,
                 live.ntables, live.ntables ? live.tables[0].name : "");
    rt_schema_free(&live);
    char *v = NULL;
    rt_buf q = RT_BUF_INIT;
    d->has_table_sql(&q, VERSION_TABLE);
    cr_assert_eq(rt_db_query_value(e->db, rt_buf_cstr(&q), &v, &err), RT_OK, "%s", err.message);
    cr_assert_not_null(v, "the version table survives a downgrade to base");
    free(v);
    rt_buf_free(&q);
}

static void use_models(ag_env *e, const char *pattern)
{
    rt_strv_clear(&e->cfg.models);
    rt_strv_push_owned(&e->cfg.models, rt_xasprintf("%s", pattern));
}

static void assert_in_sync(ag_env *e, const char *set, const char *when)
{
    rt_diff d;
    compare(e, &d);
    char *left = lines_of(&d.changes);
    cr_assert(rt_diff_empty(&d), "%s on %s: false positive(s) %s:\n  %s", set,
              rt_db_dialect(e->db)->name, when, left);
    free(left);
    rt_diff_free(&d);
}

static bool is_dir(const char *path)
{
    glob_t g;
    bool yes = glob(path, GLOB_ONLYDIR | GLOB_MARK, NULL, &g) == 0;
    globfree(&g);
    return yes;
}

/* The set's next/ folder, when there is one: the models after a change.
 * Upgrading to it and downgrading back must each leave nothing to detect. */
static void evolve(ag_env *e, const char *set)
{
    char *next_dir = rt_xasprintf("%s/%s/next", CORPUS, set);
    if (!is_dir(next_dir)) {
        free(next_dir);
        return;
    }
    char *v1 = rt_xstrdup(e->cfg.models.items[0]);
    char *v2 = rt_xasprintf("%s/*.sql", next_dir);
    use_models(e, v2);
    rt_diff d;
    compare(e, &d);
    cr_assert(!rt_diff_empty(&d), "%s: next/ changes nothing", set);
    /* The changes detected, as next/changes.txt lists them. */
    rt_buf got = RT_BUF_INIT;
    for (size_t i = 0; i < d.changes.n; i++) {
        rt_buf_append(&got, d.changes.items[i]);
        if (rt_strv_find(&d.destructive, d.changes.items[i]) >= 0)
            rt_buf_append(&got, " [destructive]");
        rt_buf_putc(&got, '\n');
    }
    if (getenv("RT_TEST_TRACE"))
        fprintf(stderr, "[%s changes]\n%s", set, rt_buf_cstr(&got));
    /* changes.<dialect>.txt where a backend shows values its own way */
    char *expected_path =
        rt_xasprintf("%s/changes.%s.txt", next_dir, rt_db_dialect(e->db)->name);
    char *expected = rt_test_read_file(expected_path);
    if (!expected) {
        free(expected_path);
        expected_path = rt_xasprintf("%s/changes.txt", next_dir);
        expected = rt_test_read_file(expected_path);
    }
    cr_assert_not_null(expected, "%s is missing", expected_path);
    cr_assert_str_eq(rt_buf_cstr(&got), expected, "%s on %s", set, rt_db_dialect(e->db)->name);
    rt_buf_free(&got);
    free(expected);
    free(expected_path);
    char *up, *down;
    rt_autogen_render(&d, &up, &down);
    rt_diff_free(&d);
    run_section(e, up, "upgrade to next");
    assert_in_sync(e, set, "after the upgrade to next/");
    run_section(e, down, "downgrade from next");
    use_models(e, v1);
    assert_in_sync(e, set, "after the downgrade from next/");
    free(up);
    free(down);
    free(v1);
    free(v2);
    free(next_dir);
}

static void roundtrip(const char *backend, const char *set)
{
    ag_env e;
    env_open(&e, backend);
    rt_strv_push_owned(&e.cfg.models, rt_xasprintf("%s/%s/*.sql", CORPUS, set));

    rt_diff d;
    compare(&e, &d);
    cr_assert(!rt_diff_empty(&d), "%s: models against an empty database", set);
    cr_assert_eq(d.destructive.n, 0);
    for (size_t i = 0; i < d.changes.n; i++)
        cr_assert(strncmp(d.changes.items[i], "Detected added ", 15) == 0, "%s: %s", set,
                  d.changes.items[i]);
    char *up, *down;
    rt_autogen_render(&d, &up, &down);
    rt_diff_free(&d);

    run_section(&e, up, "upgrade");
    assert_in_sync(&e, set, "after the upgrade");
    evolve(&e, set);

    run_section(&e, down, "downgrade");
    assert_database_empty(&e, set);
    free(up);
    free(down);
    env_close(&e);
}

/* The list below must name every set in the corpus. */
static const char *const corpus_sets[] = {
    "01_seed",        "02_integers",       "03_text",       "04_numeric",
    "05_temporal",    "06_misc_types",     "07_unique",     "08_foreign_keys",
    "09_checks",      "10_indexes",        "11_composite_keys", "12_quoted_names",
    "13_defaults_nullability", "14_fk_cycle", "15_evolve_columns", "16_evolve_constraints",
    "17_evolve_tables", "18_evolve_primary_key", "19_edge_cases",
    "20_evolve_renames_and_drops",
};

Test(corpus, every_set_is_tested)
{
    glob_t g;
    cr_assert_eq(glob(CORPUS "/*", GLOB_ONLYDIR, NULL, &g), 0);
    size_t n = sizeof corpus_sets / sizeof corpus_sets[0];
    cr_assert_geq(g.gl_pathc, 10, "the corpus needs at least ten model sets");
    cr_assert_eq(g.gl_pathc, n, "a set in %s is missing from corpus_sets", CORPUS);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        const char *base = strrchr(g.gl_pathv[i], '/') + 1;
        cr_assert_str_eq(base, corpus_sets[i]);
    }
    globfree(&g);
}

/* Every set parses as a model on its own (the differ needs nothing else). */
Test(corpus, every_set_loads)
{
    size_t n = sizeof corpus_sets / sizeof corpus_sets[0];
    for (size_t i = 0; i < n; i++) {
        rt_strv globs = RT_STRV_INIT;
        rt_strv_push_owned(&globs, rt_xasprintf("%s/%s/*.sql", CORPUS, corpus_sets[i]));
        rt_schema s = RT_SCHEMA_INIT;
        rt_error err;
        cr_assert_eq(rt_models_load(&globs, &s, &err), RT_OK, "%s", err.message);
        cr_assert_gt(s.ntables, 0);
        rt_schema_free(&s);
        rt_strv_free(&globs);
    }
}

#define ROUNDTRIP(backend, ident, set)                                                        \
    Test(backend, ident) { roundtrip(BACKEND_NAME_##backend, set); }
#define ROUNDTRIP_ALL(backend)                                                                \
    ROUNDTRIP(backend, set01_seed, "01_seed")                                                 \
    ROUNDTRIP(backend, set02_integers, "02_integers")                                         \
    ROUNDTRIP(backend, set03_text, "03_text")                                                 \
    ROUNDTRIP(backend, set04_numeric, "04_numeric")                                           \
    ROUNDTRIP(backend, set05_temporal, "05_temporal")                                         \
    ROUNDTRIP(backend, set06_misc_types, "06_misc_types")                                     \
    ROUNDTRIP(backend, set07_unique, "07_unique")                                             \
    ROUNDTRIP(backend, set08_foreign_keys, "08_foreign_keys")                                 \
    ROUNDTRIP(backend, set09_checks, "09_checks")                                             \
    ROUNDTRIP(backend, set10_indexes, "10_indexes")                                           \
    ROUNDTRIP(backend, set11_composite_keys, "11_composite_keys")                             \
    ROUNDTRIP(backend, set12_quoted_names, "12_quoted_names")                                 \
    ROUNDTRIP(backend, set13_defaults_nullability, "13_defaults_nullability")                 \
    ROUNDTRIP(backend, set14_fk_cycle, "14_fk_cycle")                                         \
    ROUNDTRIP(backend, set15_evolve_columns, "15_evolve_columns")                             \
    ROUNDTRIP(backend, set16_evolve_constraints, "16_evolve_constraints")                     \
    ROUNDTRIP(backend, set17_evolve_tables, "17_evolve_tables")                               \
    ROUNDTRIP(backend, set18_evolve_primary_key, "18_evolve_primary_key")                     \
    ROUNDTRIP(backend, set19_edge_cases, "19_edge_cases")                                     \
    ROUNDTRIP(backend, set20_evolve_renames_and_drops, "20_evolve_renames_and_drops")

#define BACKEND_NAME_sqlite "sqlite"
#define BACKEND_NAME_postgresql "postgresql"
#define BACKEND_NAME_mysql "mysql"
#define BACKEND_NAME_sqlite_odbc "sqlite+odbc"
#define BACKEND_NAME_postgresql_odbc "postgresql+odbc"
#define BACKEND_NAME_mysql_odbc "mysql+odbc"

ROUNDTRIP_ALL(sqlite)
ROUNDTRIP_ALL(postgresql)
ROUNDTRIP_ALL(mysql)
/* The same reflection through the ODBC transport (ci/odbc.sh setup). */
ROUNDTRIP_ALL(sqlite_odbc)
ROUNDTRIP_ALL(postgresql_odbc)
ROUNDTRIP_ALL(mysql_odbc)

/* ------------------------------------------------------------ seed step 2 */

static void copy_model(ag_env *e, const char *src, const char *dst)
{
    char *text = rt_test_read_file(src);
    cr_assert_not_null(text, "cannot read %s", src);
    char *path = rt_xasprintf("%s/models/%s", e->tmp, dst);
    rt_test_write_file(path, text);
    free(path);
    free(text);
}

static void expect_one_added_column(ag_env *e, const char *line, const char *table)
{
    rt_diff d;
    compare(e, &d);
    char *got = lines_of(&d.changes);
    cr_assert_str_eq(got, line);
    free(got);
    cr_assert_eq(d.upgrade.n, 1);
    cr_assert_eq(d.upgrade.items[0].kind, RT_OP_ADD_COLUMN);
    cr_assert_str_eq(d.upgrade.items[0].table_name, table);
    cr_assert_str_eq(d.upgrade.items[0].column->name, "thing");
    cr_assert_eq(d.destructive.n, 0);
    rt_diff_free(&d);
}

static void assert_no_changes(ag_env *e, const char *when)
{
    rt_diff d;
    compare(e, &d);
    char *left = lines_of(&d.changes);
    cr_assert(rt_diff_empty(&d), "%s: %s", when, left);
    free(left);
    rt_diff_free(&d);
}

static bool has_column(ag_env *e, const char *table, const char *column)
{
    const rt_dialect *d = rt_db_dialect(e->db);
    rt_dialect_options o = env_opts();
    rt_schema live = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(d->reflect(e->db, &o, VERSION_TABLE, &live, &err), RT_OK, "%s", err.message);
    const rt_table *t = rt_schema_find_table(&live, table);
    cr_assert_not_null(t, "table %s is missing", table);
    bool found = rt_table_find_column(t, column) != NULL;
    rt_schema_free(&live);
    return found;
}

static void seed_step2(const char *backend)
{
    ag_env e;
    env_open(&e, backend);
    rt_test_sh(NULL, NULL, "mkdir -p '%s/models'", e.tmp);
    copy_model(&e, RT_SOURCE_DIR "/examples/seed/models/a.sql", "a.sql");
    copy_model(&e, RT_SOURCE_DIR "/examples/seed/models/b.sql", "b.sql");
    rt_strv_push_owned(&e.cfg.models, rt_xasprintf("%s/models/*.sql", e.tmp));

    /* baseline */
    rt_diff d;
    compare(&e, &d);
    char *got = lines_of(&d.changes);
    cr_assert_str_eq(got, "Detected added table 'A'\n  Detected added table 'B'");
    free(got);
    char *up, *down;
    rt_autogen_render(&d, &up, &down);
    rt_diff_free(&d);
    run_section(&e, up, "baseline");
    free(up);
    free(down);
    assert_no_changes(&e, "after the baseline");

    /* cp a.sql.1 a.sql; autogenerate "Adds new thing to A"; upgrade */
    copy_model(&e, RT_SOURCE_DIR "/examples/seed/models/a.sql.1", "a.sql");
    expect_one_added_column(&e, "Detected added column 'A.thing'", "A");
    compare(&e, &d);
    char *up_a, *down_a;
    rt_autogen_render(&d, &up_a, &down_a);
    rt_diff_free(&d);
    run_section(&e, up_a, "Adds new thing to A");
    assert_no_changes(&e, "after adding A.thing");

    /* the same for B */
    copy_model(&e, RT_SOURCE_DIR "/examples/seed/models/b.sql.1", "b.sql");
    expect_one_added_column(&e, "Detected added column 'B.thing'", "B");
    compare(&e, &d);
    char *up_b, *down_b;
    rt_autogen_render(&d, &up_b, &down_b);
    rt_diff_free(&d);
    run_section(&e, up_b, "Adds new thing to B");
    assert_no_changes(&e, "after adding B.thing");
    cr_assert(has_column(&e, "A", "thing") && has_column(&e, "B", "thing"));

    /* downgrade -1, upgrade +1, downgrade -2 */
    run_section(&e, down_b, "downgrade B");
    cr_assert(!has_column(&e, "B", "thing") && has_column(&e, "A", "thing"));
    run_section(&e, up_b, "upgrade B again");
    cr_assert(has_column(&e, "B", "thing"));
    run_section(&e, down_b, "downgrade B");
    run_section(&e, down_a, "downgrade A");
    cr_assert(!has_column(&e, "A", "thing") && !has_column(&e, "B", "thing"));
    compare(&e, &d);
    got = lines_of(&d.changes);
    cr_assert_str_eq(got, "Detected added column 'A.thing'\n  Detected added column 'B.thing'");
    free(got);
    rt_diff_free(&d);
    free(up_a);
    free(down_a);
    free(up_b);
    free(down_b);
    env_close(&e);
}

Test(sqlite, seed_step2) { seed_step2("sqlite"); }
Test(postgresql, seed_step2) { seed_step2("postgresql"); }
Test(mysql, seed_step2) { seed_step2("mysql"); }
Test(sqlite_odbc, seed_step2) { seed_step2("sqlite+odbc"); }
Test(postgresql_odbc, seed_step2) { seed_step2("postgresql+odbc"); }
Test(mysql_odbc, seed_step2) { seed_step2("mysql+odbc"); }
