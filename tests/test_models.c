/* Model files: globs, name order, what a model may contain, positions of
 * errors. */
#include <criterion/criterion.h>

#include "models.h"
#include "rt_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir

static void put(const char *name, const char *text)
{
    char *p = rt_xasprintf("%s/%s", dir, name);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    rt_test_sh(NULL, NULL, "mkdir -p '%s'", p);
    *slash = '/';
    rt_test_write_file(p, text);
    free(p);
}

static void add_glob(rt_strv *v, const char *pattern)
{
    rt_strv_push_owned(v, rt_xasprintf("%s/%s", dir, pattern));
}

static int load(const char *pattern, rt_schema *s, rt_error *err)
{
    rt_strv globs = RT_STRV_INIT;
    add_glob(&globs, pattern);
    int rc = rt_models_load(&globs, s, err);
    rt_strv_free(&globs);
    return rc;
}

TestSuite(models, .init = rt_test_dir_setup, .fini = rt_test_dir_teardown);

Test(models, seed_models_load)
{
    put("models/a.sql", "CREATE TABLE \"A\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);\n");
    put("models/b.sql", "CREATE TABLE \"B\" (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL);\n");
    put("models/a.sql.1", "this is not read: the glob is *.sql\n");
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(load("models/*.sql", &s, &err), RT_OK, "%s", err.message);
    cr_assert_eq(s.ntables, 2);
    cr_assert_str_eq(s.tables[0].name, "A");
    cr_assert_str_eq(s.tables[1].name, "B");
    const rt_column *name = rt_table_find_column(&s.tables[0], "name");
    cr_assert_not_null(name);
    cr_assert(name->not_null);
    cr_assert_eq(name->type.kind, RT_TYPE_VARCHAR);
    rt_schema_free(&s);
}

/* Later files build on earlier ones in name order, whatever the order of
 * the globs, and a file matched twice is read once. */
Test(models, name_order_across_globs_without_duplicates)
{
    put("x/20_more.sql", "ALTER TABLE base ADD COLUMN extra INTEGER;\n"
                         "CREATE INDEX ix_base_extra ON base (extra);\n");
    put("w/10_base.sql", "CREATE TABLE base (id INTEGER PRIMARY KEY);\n");
    rt_strv globs = RT_STRV_INIT;
    add_glob(&globs, "x/*.sql");
    add_glob(&globs, "w/*.sql");
    add_glob(&globs, "x/20_*.sql");
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(rt_models_load(&globs, &s, &err), RT_OK, "%s", err.message);
    cr_assert_eq(s.ntables, 1);
    cr_assert_not_null(rt_table_find_column(&s.tables[0], "extra"));
    cr_assert_eq(s.tables[0].nindexes, 1);
    rt_schema_free(&s);
    rt_strv_free(&globs);
}

Test(models, insert_is_not_allowed)
{
    put("m.sql", "CREATE TABLE t (id INTEGER);\n\n  INSERT INTO t VALUES (1);\n");
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(load("*.sql", &s, &err), RT_EPARSE);
    char *want = rt_xasprintf("%s/m.sql:3:3: INSERT is not allowed in a model", dir);
    cr_assert(strncmp(err.message, want, strlen(want)) == 0, "got: %s", err.message);
    cr_assert_eq(s.ntables, 0, "nothing is left behind on failure");
    free(want);
}

Test(models, drop_table_is_not_allowed)
{
    put("m.sql", "CREATE TABLE t (id INTEGER);\nDROP TABLE t;\n");
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(load("*.sql", &s, &err), RT_EPARSE);
    cr_assert(strstr(err.message, "m.sql:2:1: DROP TABLE is not allowed in a model"), "got: %s",
              err.message);
}

Test(models, parse_error_has_its_position)
{
    put("m.sql", "CREATE TABLE t (\n  id INTEGER,\n  x FROBNICATE\n);\n");
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(load("*.sql", &s, &err), RT_EPARSE);
    cr_assert(strstr(err.message, "m.sql:3:"), "got: %s", err.message);
}

Test(models, replay_is_strict)
{
    put("m.sql", "CREATE TABLE t (id INTEGER);\nCREATE INDEX ix_q ON missing (id);\n");
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(load("*.sql", &s, &err), RT_EPARSE);
    cr_assert(strstr(err.message, "m.sql:2:1: "), "got: %s", err.message);
    cr_assert(strstr(err.message, "missing"), "got: %s", err.message);

    put("m.sql", "CREATE TABLE t (id INTEGER);\nCREATE TABLE t (id INTEGER);\n");
    cr_assert_eq(load("*.sql", &s, &err), RT_EPARSE);
    cr_assert(strstr(err.message, "m.sql:2:1: "), "got: %s", err.message);
}

Test(models, nothing_configured_or_matched)
{
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    rt_strv none = RT_STRV_INIT;
    cr_assert_eq(rt_models_load(&none, &s, &err), RT_ECONFIG);
    cr_assert(strstr(err.message, "models"), "got: %s", err.message);
    cr_assert_eq(rt_models_load(NULL, &s, &err), RT_ECONFIG);

    cr_assert_eq(load("nowhere/*.sql", &s, &err), RT_ECONFIG);
    cr_assert(strstr(err.message, "nowhere/*.sql"), "got: %s", err.message);
}

/* A folder matched by the glob cannot be read as a file (even by root). */
Test(models, unreadable_file)
{
    put("m.sql/inside", "x");
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(load("*.sql", &s, &err), RT_EIO);
    cr_assert(strstr(err.message, "m.sql"), "got: %s", err.message);
    cr_assert(strstr(err.message, "Cannot read model file"), "got: %s", err.message);
}

/* Before: the model ended silently at the NUL byte. */
Test(models, nul_byte_is_refused_with_its_position)
{
    char *p = rt_xasprintf("%s/m.sql", dir);
    static const char text[] = "CREATE TABLE t (id INTEGER);\nCREATE TABLE u (\0id INTEGER);\n";
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    fwrite(text, 1, sizeof text - 1, f);
    fclose(f);
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(load("*.sql", &s, &err), RT_EPARSE);
    char *want = rt_xasprintf("%s:2:17: a NUL byte", p);
    cr_assert(strncmp(err.message, want, strlen(want)) == 0, "got: %s", err.message);
    free(want);
    free(p);
}

Test(models, utf8_bom_is_accepted)
{
    put("m.sql", "\xEF\xBB\xBF" "CREATE TABLE t (id INTEGER);\n");
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(load("*.sql", &s, &err), RT_OK, "%s", err.message);
    cr_assert_not_null(rt_schema_find_table(&s, "t"));
    rt_schema_free(&s);
}
