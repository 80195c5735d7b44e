/* Index constructs, IF [NOT] EXISTS, identifier limits and the defects of
 * issue #10 §4, through the built binary on all six backend/transport
 * pairs: each history goes up, is checked against its models where it has
 * them, bounces, and comes back down to an empty database. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "matrix_helpers.h"
#include "rt_mem.h"
#include "rt_test.h"

typedef mx_project project;

static project project_new(rt_test_backend b)
{
    project p = mx_open_project(b, "models = models/*.sql\n");
    cr_assert_eq(rt_test_sh(NULL, p.dir, "mkdir models"), 0);
    return p;
}

static void write_revision(project *p, const char *id, const char *down, const char *up_sql,
                           const char *down_sql)
{
    mx_write_revision(p, id, down, id, up_sql, down_sql);
}

static void write_model(project *p, const char *sql)
{
    char *path = rt_xasprintf("%s/models/m.sql", p->dir);
    rt_test_write_file(path, sql);
    free(path);
}

static const char *name(const project *p)
{
    return rt_test_matrix_name(p->backend);
}

/* `check` exits 0: the live schema and the models agree. */
static void expect_check_clean(project *p, const char *after)
{
    char *out = NULL;
    int rc = mx_run(p, &out, "check");
    cr_assert_eq(rc, 0, "[%s] check after %s found differences:\n%s", name(p), after, out);
    free(out);
}

/* `revision --autogenerate` finds nothing to write. */
static void expect_autogenerate_empty(project *p, const char *after)
{
    char *out = NULL;
    int rc = mx_run(p, &out, "revision --autogenerate -m again");
    cr_assert_eq(rc, 0, "[%s] %s", name(p), out);
    cr_assert(strstr(out, "No changes detected."), "[%s] autogenerate after %s:\n%s", name(p),
              after, out);
    free(out);
    cr_assert_eq(rt_test_sh(NULL, p->dir, "rm migrations/versions/*_again.sql"), 0);
}

/* The command fails with exit 2 before anything runs: message has every
 * piece of want, and the database is still empty. */
static void expect_refused(project *p, const char *args, const char *const *want)
{
    char *out = NULL;
    int rc = mx_run(p, &out, "%s", args);
    cr_assert_eq(rc, 2, "[%s] retort %s should be refused, exit %d:\n%s", name(p), args, rc, out);
    for (; *want; want++)
        cr_assert(strstr(out, *want), "[%s] want '%s' in:\n%s", name(p), *want, out);
    free(out);
    mx_expect_schema(p, "a refused upgrade", "");
}

/* ---- IF [NOT] EXISTS ------------------------------------------------------ */

#define IFX_SCHEMA                                                                   \
    "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, "                 \
    "CONSTRAINT ck_t_a CHECK (a > 0));"                                              \
    "CREATE INDEX ix_t_a ON t (a);"

static void if_exists(rt_test_backend b)
{
    project p = project_new(b);
    write_model(&p, IFX_SCHEMA);
    write_revision(&p, "f10000000001", "", IFX_SCHEMA, "DROP TABLE t;");
    /* Every statement of the second revision finds its object there (or
     * not there) already: each one is a no-op. */
    write_revision(&p, "f10000000002", "f10000000001",
                   "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, other TEXT);\n"
                   "CREATE INDEX IF NOT EXISTS ix_t_a ON t (a);\n"
                   "DROP INDEX IF EXISTS ix_t_none ON t;\n"
                   "ALTER TABLE t DROP CONSTRAINT IF EXISTS ck_t_none;\n"
                   "DROP TABLE IF EXISTS t_none;",
                   "DROP INDEX IF EXISTS ix_t_none ON t;");
    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "upgrade head", IFX_SCHEMA);
    expect_check_clean(&p, "upgrade head");
    mx_run_ok(&p, "downgrade -1");
    mx_run_ok(&p, "upgrade +1");
    mx_expect_schema(&p, "a bounce", IFX_SCHEMA);
    mx_run_ok(&p, "downgrade base");
    mx_expect_schema(&p, "downgrade base", "");
    mx_free(&p);
}

/* ---- #10 §4: an index that covers a foreign key, bounced ------------------ */

#define FKIX_BASE                                                                    \
    "CREATE TABLE p (id INTEGER PRIMARY KEY);"                                       \
    "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER, "                         \
    "CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id));"

static void fk_index_bounce(rt_test_backend b)
{
    project p = project_new(b);
    write_model(&p, FKIX_BASE "CREATE INDEX ix_c_p_id ON c (p_id);");
    write_revision(&p, "f20000000001", "", FKIX_BASE, "DROP TABLE c; DROP TABLE p;");
    write_revision(&p, "f20000000002", "f20000000001", "CREATE INDEX ix_c_p_id ON c (p_id);",
                   "DROP INDEX ix_c_p_id ON c;");
    /* MariaDB used to fail the second downgrade with Duplicate key name
     * (1061): the first left a helper index named after the FK behind. */
    mx_run_ok(&p, "upgrade head");
    expect_check_clean(&p, "upgrade head");
    for (int i = 0; i < 3; i++) {
        mx_run_ok(&p, "downgrade -1");
        mx_expect_schema(&p, "downgrade -1", FKIX_BASE);
        mx_run_ok(&p, "upgrade +1");
        mx_expect_schema(&p, "upgrade +1", FKIX_BASE "CREATE INDEX ix_c_p_id ON c (p_id);");
    }
    expect_check_clean(&p, "three bounces");
    mx_run_ok(&p, "downgrade base");
    mx_expect_schema(&p, "downgrade base", "");
    mx_free(&p);
}

/* ---- #10 §4: false differences that never converged ----------------------- */

#define CONVERGE_MODEL                                                               \
    "CREATE TABLE d (id INTEGER PRIMARY KEY, big BIGINT DEFAULT '0', "               \
    "flag BOOLEAN DEFAULT '0', on_ BOOLEAN DEFAULT '1');\n"                          \
    "CREATE TABLE rm (name VARCHAR(256) NOT NULL, CONSTRAINT rm_pk PRIMARY KEY (name), " \
    "UNIQUE (name));\n"

static void converges(rt_test_backend b)
{
    project p = project_new(b);
    write_model(&p, CONVERGE_MODEL);
    char *out = NULL;
    int rc = mx_run(&p, &out, "revision --autogenerate -m baseline");
    cr_assert_eq(rc, 0, "[%s] %s", name(&p), out);
    free(out);
    mx_run_ok(&p, "upgrade head");
    /* DEFAULT '0' on BIGINT/BOOLEAN and UNIQUE on the primary key's columns
     * (PostgreSQL skipped it in CREATE TABLE) were reported forever. */
    expect_check_clean(&p, "upgrade head");
    expect_autogenerate_empty(&p, "upgrade head");
    mx_run_ok(&p, "downgrade base");
    mx_expect_schema(&p, "downgrade base", "");
    mx_free(&p);
}

/* ---- #10 §4: CHECK (AGE > 0) and DROP COLUMN age -------------------------- */

static void check_names_column_in_any_case(rt_test_backend b)
{
    project p = project_new(b);
    write_revision(&p, "f30000000001", "",
                   "CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(20), age INTEGER, "
                   "CONSTRAINT ck_people_age CHECK (AGE > 0));\n"
                   "CREATE INDEX ix_people_name ON people (name);",
                   "DROP TABLE people;");
    write_revision(&p, "f30000000002", "f30000000001", "ALTER TABLE people DROP COLUMN age;",
                   "ALTER TABLE people ADD COLUMN age INTEGER;");
    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "DROP COLUMN age",
                     "CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(20));"
                     "CREATE INDEX ix_people_name ON people (name);");
    mx_run_ok(&p, "downgrade base");
    mx_expect_schema(&p, "downgrade base", "");
    mx_free(&p);
}

/* ---- identifier limits and the unnamed primary key's name ----------------- */

static void long_names(rt_test_backend b)
{
    project p = project_new(b);
    char t60[61], t64[65];
    memset(t60, 'q', 60);
    t60[60] = '\0';
    memset(t64, 'w', 64);
    t64[64] = '\0';
    char *create = rt_xasprintf("CREATE TABLE %s (code VARCHAR(10) PRIMARY KEY, n INTEGER);",
                                t60);
    char *drop_pk = rt_xasprintf("ALTER TABLE %s DROP CONSTRAINT %s_pkey;", t60, t60);
    char *add_pk = rt_xasprintf("ALTER TABLE %s ADD PRIMARY KEY (code);", t60);
    char *drop = rt_xasprintf("DROP TABLE %s;", t60);
    write_revision(&p, "f40000000001", "", create, drop);
    /* the documented name of an unnamed key, on a table whose name leaves
     * PostgreSQL no room for all of "<table>_pkey" */
    write_revision(&p, "f40000000002", "f40000000001", drop_pk, add_pk);
    mx_run_ok(&p, "upgrade head");
    mx_run_ok(&p, "downgrade -1");
    mx_run_ok(&p, "upgrade +1");
    mx_run_ok(&p, "downgrade base");
    mx_expect_schema(&p, "downgrade base", "");

    /* 64 bytes: one over PostgreSQL's limit, MySQL's own limit. */
    char *long_table = rt_xasprintf("CREATE TABLE %s (id INTEGER PRIMARY KEY);", t64);
    char *long_drop = rt_xasprintf("DROP TABLE %s;", t64);
    write_revision(&p, "f40000000003", "f40000000002", long_table, long_drop);
    if (b == RT_TB_POSTGRESQL || b == RT_TB_POSTGRESQL_ODBC) {
        const char *want[] = { "f40000000003_rev.sql:9:1: ", "is 64 bytes long",
                               "postgresql allows at most 63 bytes", NULL };
        expect_refused(&p, "upgrade head", want);
    } else {
        mx_run_ok(&p, "upgrade head");
        mx_run_ok(&p, "downgrade base");
    }
    free(long_table);
    free(long_drop);
    free(create);
    free(drop_pk);
    free(add_pk);
    free(drop);
    mx_free(&p);
}

/* ---- #10 §4: an index name reused on a second table ----------------------- */

static void index_name_reused(rt_test_backend b)
{
    project p = project_new(b);
    write_revision(&p, "f50000000001", "",
                   "CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER);\n"
                   "CREATE TABLE b (id INTEGER PRIMARY KEY, x INTEGER);\n"
                   "CREATE INDEX ix_x ON a (x);\n"
                   "CREATE INDEX ix_x ON b (x);",
                   "DROP TABLE b; DROP TABLE a;");
    const char *want[] = { "f50000000001_rev.sql:12:1: ",
                           "index \"ix_x\" already exists on table \"a\"", NULL };
    expect_refused(&p, "upgrade head", want);
    mx_free(&p);
}

/* ---- DESC, partial and expression indexes -------------------------------- */

#define EV_TABLE                                                                     \
    "CREATE TABLE ev (id INTEGER PRIMARY KEY, email VARCHAR(100), score INTEGER, "   \
    "active BOOLEAN);"
#define EV_DESC "CREATE INDEX ix_ev_score ON ev (score DESC, id);"
#define EV_PART "CREATE INDEX ix_ev_active ON ev (score) WHERE active = TRUE;"
#define EV_EXPR "CREATE UNIQUE INDEX ux_ev_email ON ev ((lower(email)));"

static void desc_index(rt_test_backend b)
{
    project p = project_new(b);
    write_model(&p, EV_TABLE EV_DESC);
    write_revision(&p, "f60000000001", "", EV_TABLE EV_DESC, "DROP TABLE ev;");
    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "a DESC index", EV_TABLE EV_DESC);
    expect_check_clean(&p, "a DESC index");
    mx_run_ok(&p, "downgrade base");
    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "a bounce", EV_TABLE EV_DESC);
    mx_run_ok(&p, "downgrade base");
    mx_expect_schema(&p, "downgrade base", "");
    mx_free(&p);
}

static bool is_mysql(rt_test_backend b)
{
    return b == RT_TB_MYSQL || b == RT_TB_MYSQL_ODBC;
}

static void partial_and_expression_indexes(rt_test_backend b)
{
    project p = project_new(b);
    write_revision(&p, "f70000000001", "", EV_TABLE, "DROP TABLE ev;");
    write_revision(&p, "f70000000002", "f70000000001", EV_PART "\n" EV_EXPR,
                   "DROP INDEX ux_ev_email; DROP INDEX ix_ev_active;");
    if (is_mysql(b)) {
        /* refused before anything runs, naming what MariaDB lacks */
        const char *want[] = { "f70000000002_rev.sql:9:1: ", "no partial indexes", NULL };
        expect_refused(&p, "upgrade head", want);
        write_revision(&p, "f70000000002", "f70000000001", EV_EXPR, "DROP INDEX ux_ev_email;");
        const char *want_expr[] = { "f70000000002_rev.sql:9:1: ", "no expression indexes",
                                    NULL };
        expect_refused(&p, "upgrade head", want_expr);
        mx_free(&p);
        return;
    }
    /* Dropping a column takes the partial index that reads it along. */
    write_revision(&p, "f70000000003", "f70000000002", "ALTER TABLE ev DROP COLUMN active;",
                   "ALTER TABLE ev ADD COLUMN active BOOLEAN;\n" EV_PART);
    write_model(&p, "CREATE TABLE ev (id INTEGER PRIMARY KEY, email VARCHAR(100), "
                    "score INTEGER);" EV_EXPR);
    mx_run_ok(&p, "upgrade f70000000002");
    mx_expect_schema(&p, "partial and expression indexes", EV_TABLE EV_PART EV_EXPR);
    mx_run_ok(&p, "upgrade head");
    mx_expect_schema(&p, "DROP COLUMN active",
                     "CREATE TABLE ev (id INTEGER PRIMARY KEY, email VARCHAR(100), "
                     "score INTEGER);" EV_EXPR);
    expect_check_clean(&p, "upgrade head");
    expect_autogenerate_empty(&p, "DROP COLUMN active");
    for (int i = 0; i < 2; i++) {
        mx_run_ok(&p, "downgrade -1");
        mx_expect_schema(&p, "downgrade -1", EV_TABLE EV_PART EV_EXPR);
        mx_run_ok(&p, "upgrade +1");
    }
    mx_run_ok(&p, "downgrade base");
    mx_expect_schema(&p, "downgrade base", "");
    mx_free(&p);
}

#define MATRIX(suite, backend)                                                         \
    Test(suite, if_not_exists_and_if_exists) { if_exists(backend); }                   \
    Test(suite, fk_covering_index_bounces) { fk_index_bounce(backend); }               \
    Test(suite, quoted_defaults_and_pk_unique_converge) { converges(backend); }        \
    Test(suite, check_names_column_in_any_case) { check_names_column_in_any_case(backend); } \
    Test(suite, long_names) { long_names(backend); }                                   \
    Test(suite, index_name_reused) { index_name_reused(backend); }                     \
    Test(suite, desc_index) { desc_index(backend); }                                   \
    Test(suite, partial_and_expression_indexes) { partial_and_expression_indexes(backend); }

MATRIX(ddl_sqlite, RT_TB_SQLITE)
MATRIX(ddl_postgresql, RT_TB_POSTGRESQL)
MATRIX(ddl_mysql, RT_TB_MYSQL)
MATRIX(ddl_sqlite_odbc, RT_TB_SQLITE_ODBC)
MATRIX(ddl_postgresql_odbc, RT_TB_POSTGRESQL_ODBC)
MATRIX(ddl_mysql_odbc, RT_TB_MYSQL_ODBC)
