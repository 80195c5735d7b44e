/* The seed's Step 2 through the built binary on every backend: models in
 * portable SQL, `revision --autogenerate` writes each revision, `check`
 * finds nothing right after each upgrade (no false positives), and the live
 * schema is compared with the same portable expectation after each step. */
#include "matrix_helpers.h"

#define A_BASE "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);"
#define B_BASE "CREATE TABLE \"B\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);"
#define A_NEXT "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, thing VARCHAR(50));"
#define B_NEXT "CREATE TABLE \"B\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, thing VARCHAR(50));"

typedef mx_project step2;

static void copy_model(step2 *s, const char *from, const char *to)
{
    cr_assert_eq(rt_test_sh(NULL, s->dir, "cp '%s/examples/seed/models/%s' models/%s",
                            RT_SOURCE_DIR, from, to), 0);
}

/* `check` agrees with the models: exit 0, nothing detected. */
static void expect_check_clean(step2 *s, const char *after)
{
    char *out = NULL;
    int rc = mx_run(s, &out, "check");
    cr_assert_eq(rc, 0, "[%s] check after %s found differences (false positive?):\n%s",
                 rt_test_matrix_name(s->backend), after, out);
    free(out);
}

static void autogenerate(step2 *s, const char *message, const char *detected)
{
    char *out = NULL;
    int rc = mx_run(s, &out, "check");
    cr_assert_eq(rc, 1, "[%s] check before '%s' should report a difference:\n%s",
                 rt_test_matrix_name(s->backend), message, out);
    cli_assert_has(out, detected);
    free(out);
    rc = mx_run(s, &out, "revision --autogenerate -m '%s'", message);
    cr_assert_eq(rc, 0, "[%s] %s", rt_test_matrix_name(s->backend), out);
    cli_assert_has(out, detected);
    free(out);
}

static void seed_step2(rt_test_backend b)
{
    step2 s = mx_open(b);

    char *out = NULL;
    cr_assert_eq(cli_run(&out, s.dir, "init migrations"), 0, "%s", out);
    free(out);
    cr_assert_eq(rt_test_sh(NULL, s.dir, "echo 'models = models/*.sql' >> retort.ini && mkdir models"), 0);
    copy_model(&s, "a.sql", "a.sql");
    copy_model(&s, "b.sql", "b.sql");

    /* Step 1: the baseline, written from the models into an empty database. */
    autogenerate(&s, "baseline", "Detected added table 'A'");
    mx_run_ok(&s, "upgrade head");
    mx_expect_schema(&s, "baseline", A_BASE B_BASE);
    expect_check_clean(&s, "baseline");

    /* Step 2: a.py.1 over a.py, then b.py.1 over b.py. */
    copy_model(&s, "a.sql.1", "a.sql");
    autogenerate(&s, "Adds new thing to A", "Detected added column 'A.thing'");
    mx_run_ok(&s, "upgrade head");
    mx_expect_schema(&s, "Adds new thing to A", A_NEXT B_BASE);
    expect_check_clean(&s, "Adds new thing to A");

    copy_model(&s, "b.sql.1", "b.sql");
    autogenerate(&s, "Adds new thing to B", "Detected added column 'B.thing'");
    mx_run_ok(&s, "upgrade head");
    mx_expect_schema(&s, "Adds new thing to B", A_NEXT B_NEXT);
    expect_check_clean(&s, "Adds new thing to B");

    /* "From now on you can do the following" */
    mx_run_ok(&s, "downgrade -1");
    mx_expect_schema(&s, "downgrade -1", A_NEXT B_BASE);
    mx_run_ok(&s, "upgrade +1");
    mx_expect_schema(&s, "upgrade +1", A_NEXT B_NEXT);
    mx_run_ok(&s, "downgrade -2");
    mx_expect_schema(&s, "downgrade -2", A_BASE B_BASE);
    mx_run_ok(&s, "downgrade base");
    mx_expect_schema(&s, "downgrade base", "");

    mx_free(&s);
}

Test(step2, sqlite) { seed_step2(RT_TB_SQLITE); }
Test(step2, postgresql) { seed_step2(RT_TB_POSTGRESQL); }
Test(step2, mysql) { seed_step2(RT_TB_MYSQL); }
Test(step2, sqlite_odbc) { seed_step2(RT_TB_SQLITE_ODBC); }
Test(step2, postgresql_odbc) { seed_step2(RT_TB_POSTGRESQL_ODBC); }
Test(step2, mysql_odbc) { seed_step2(RT_TB_MYSQL_ODBC); }
