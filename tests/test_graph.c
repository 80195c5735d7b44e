#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "graph.h"
#include "rt_test.h"

/* Each test's own folder (rt_test_dir_setup). */
#define dir rt_test_dir

TestSuite(graph, .init = rt_test_dir_setup, .fini = rt_test_dir_teardown);

/* Writes <file>.sql with the given Revises and optional extra header lines. */
static void rev(const char *file, const char *id, const char *revises, const char *extra)
{
    char *path = rt_xasprintf("%s/%s.sql", dir, file);
    char *text = rt_xasprintf("-- Revision ID: %s\n-- Revises: %s\n-- Message: msg %s\n%s\n"
                              "-- upgrade\nSELECT 1;\n\n-- downgrade\nSELECT 2;\n",
                              id, revises, id, extra ? extra : "");
    rt_test_write_file(path, text);
    free(text);
    free(path);
}

/* The header cache leaves files of the last seconds out; instead of
 * sleeping, tests move this clock forward (each test runs in its own
 * process, so it starts at the system time). */
static time_t clock_offset;

static time_t test_now(void *ctx)
{
    (void)ctx;
    return time(NULL) + clock_offset;
}

static const rt_clock test_clock = { test_now, NULL };

static void let_time_pass(int seconds)
{
    clock_offset += seconds;
}

static rt_graph *load(void)
{
    rt_graph *g = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_graph_load_clock(&g, dir, &test_clock, &err), RT_OK, "%s", err.message);
    return g;
}

static void load_fails(int code, const char *file, const char *pos, const char *needle)
{
    rt_graph *g = (rt_graph *)1;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_graph_load(&g, dir, &err), code, "%s", err.message);
    cr_assert_null(g);
    char *prefix = rt_xasprintf("%s/%s.sql:%s: ", dir, file, pos);
    cr_assert(strncmp(err.message, prefix, strlen(prefix)) == 0, "'%s' does not start with '%s'",
              err.message, prefix);
    cr_assert(strstr(err.message, needle), "'%s' not in '%s'", needle, err.message);
    free(prefix);
}

static void heads_of(rt_strv *v, const char *ids)
{
    rt_strv_clear(v);
    char *copy = rt_xstrdup(ids);
    for (char *tok = strtok(copy, " "); tok; tok = strtok(NULL, " "))
        rt_strv_push(v, tok);
    free(copy);
}

/* "a b c" for the plan, or "ERR: message" */
static char *plan_text(const rt_graph *g, const char *current, const char *target, bool up)
{
    rt_strv heads = RT_STRV_INIT;
    heads_of(&heads, current);
    rt_plan p;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_graph_plan(&p, g, &heads, target, up, &err);
    rt_strv_free(&heads);
    if (rc != RT_OK) {
        cr_assert_eq(rc, err.code);
        return rt_xasprintf("ERR: %s", err.message);
    }
    cr_assert_eq(p.upgrade, up);
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "");
    for (size_t i = 0; i < p.n; i++)
        rt_buf_printf(&b, "%s%s", i ? " " : "", p.revs[i]->id);
    rt_plan_free(&p);
    return rt_buf_steal(&b);
}

static void expect_plan(const rt_graph *g, const char *current, const char *target, bool up,
                        const char *want)
{
    char *got = plan_text(g, current, target, up);
    cr_assert_str_eq(got, want, "%s %s from [%s]: got '%s'", up ? "upgrade" : "downgrade",
                     target, current, got);
    free(got);
}

static void expect_plan_error(const rt_graph *g, const char *current, const char *target, bool up,
                              const char *needle)
{
    char *got = plan_text(g, current, target, up);
    cr_assert(strncmp(got, "ERR: ", 5) == 0, "%s %s from [%s] should fail, planned '%s'",
              up ? "upgrade" : "downgrade", target, current, got);
    cr_assert(strstr(got, needle), "'%s' not in '%s'", needle, got);
    free(got);
}

static char *ids(const rt_revision **v, size_t n)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "");
    for (size_t i = 0; i < n; i++)
        rt_buf_printf(&b, "%s%s", i ? " " : "", v[i]->id);
    free((void *)v);
    return rt_buf_steal(&b);
}

static void expect_step(const rt_graph *g, const char *before, const char *rid, bool up,
                        const char *want)
{
    rt_strv heads = RT_STRV_INIT;
    heads_of(&heads, before);
    rt_error err;
    const rt_revision *r = rt_graph_find(g, rid, &err);
    cr_assert_not_null(r, "%s", err.message);
    rt_graph_step_heads(g, &heads, r, up);
    char *got = rt_strv_join(&heads, " ");
    cr_assert_str_eq(got, want, "step %s %s from [%s]", up ? "up" : "down", rid, before);
    free(got);
    rt_strv_free(&heads);
}

Test(graph, linear_history)
{
    rev("3_c", "cccc3333", "bbbb2222", NULL);
    rev("1_a", "aaaa1111", "", NULL);
    rev("2_b", "bbbb2222", "aaaa1111", NULL);
    rt_graph *g = load();
    cr_assert_eq(rt_graph_count(g), 3);
    cr_assert_str_eq(rt_graph_at(g, 0)->id, "aaaa1111");
    cr_assert_str_eq(rt_graph_at(g, 1)->id, "bbbb2222");
    cr_assert_str_eq(rt_graph_at(g, 2)->id, "cccc3333");
    cr_assert_null(rt_graph_at(g, 3));
    cr_assert_str_eq(rt_graph_at(g, 2)->message, "msg cccc3333");

    const rt_revision **v;
    size_t n;
    rt_graph_heads(g, &v, &n);
    char *s = ids(v, n);
    cr_assert_str_eq(s, "cccc3333");
    free(s);
    rt_graph_bases(g, &v, &n);
    s = ids(v, n);
    cr_assert_str_eq(s, "aaaa1111");
    free(s);
    const rt_revision *a = rt_graph_at(g, 0);
    rt_graph_children(g, a, &v, &n);
    s = ids(v, n);
    cr_assert_str_eq(s, "bbbb2222");
    free(s);
    cr_assert(rt_graph_is_head(g, rt_graph_at(g, 2)));
    cr_assert_not(rt_graph_is_head(g, a));

    expect_plan(g, "", "head", true, "aaaa1111 bbbb2222 cccc3333");
    expect_plan(g, "", "heads", true, "aaaa1111 bbbb2222 cccc3333");
    expect_plan(g, "aaaa1111", "head", true, "bbbb2222 cccc3333");
    expect_plan(g, "cccc3333", "head", true, "");
    expect_plan(g, "", "+1", true, "aaaa1111");
    expect_plan(g, "aaaa1111", "+2", true, "bbbb2222 cccc3333");
    expect_plan(g, "", "bbbb", true, "aaaa1111 bbbb2222");
    expect_plan(g, "", "aaaa1111+1", true, "aaaa1111 bbbb2222");
    expect_plan(g, "", "base+2", true, "aaaa1111 bbbb2222");
    expect_plan(g, "", "base", true, "");
    expect_plan(g, "cccc3333", "-1", false, "cccc3333");
    expect_plan(g, "cccc3333", "-2", false, "cccc3333 bbbb2222");
    expect_plan(g, "cccc3333", "-3", false, "cccc3333 bbbb2222 aaaa1111");
    expect_plan(g, "cccc3333", "base", false, "cccc3333 bbbb2222 aaaa1111");
    expect_plan(g, "bbbb2222", "aaaa1111", false, "bbbb2222");
    expect_plan(g, "cccc3333", "cccc3333-2", false, "cccc3333 bbbb2222");
    expect_plan(g, "cccc3333", "head-1", false, "cccc3333");
    expect_plan(g, "", "base", false, "");

    expect_plan_error(g, "cccc3333", "-4", false, "goes past base");
    expect_plan_error(g, "cccc3333", "+1", true, "goes past the head cccc3333");
    expect_plan_error(g, "cccc3333", "aaaa1111", true, "already applied");
    expect_plan_error(g, "cccc3333", "-1", true, "already applied");
    expect_plan_error(g, "aaaa1111", "cccc3333", false, "is not applied");
    expect_plan_error(g, "aaaa1111", "+1", false, "is not applied");
    expect_plan_error(g, "cccc3333", "base", true, "use downgrade");
    expect_plan_error(g, "", "nope", true, "No revision 'nope'");
    expect_plan_error(g, "", "", true, "No target");
    expect_plan_error(g, "dddd4444", "head", true,
                      "The database is at revision 'dddd4444', which is not in the versions");

    expect_step(g, "", "aaaa1111", true, "aaaa1111");
    expect_step(g, "aaaa1111", "bbbb2222", true, "bbbb2222");
    expect_step(g, "bbbb2222", "bbbb2222", false, "aaaa1111");
    expect_step(g, "aaaa1111", "aaaa1111", false, "");

    rt_strv heads = RT_STRV_INIT;
    heads_of(&heads, "bbbb2222");
    rt_graph_applied(g, &heads, &v, &n);
    s = ids(v, n);
    cr_assert_str_eq(s, "aaaa1111 bbbb2222");
    free(s);
    rt_strv_free(&heads);
    rt_graph_free(g);
}

Test(graph, find_by_id_prefix_label)
{
    rev("1", "abcd1111", "", "-- Branch Labels: core\n");
    rev("2", "abcd2222", "abcd1111", NULL);
    rev("3", "ab99", "abcd2222", NULL);
    rt_graph *g = load();
    rt_error err;
    cr_assert_str_eq(rt_graph_find(g, "abcd1111", &err)->id, "abcd1111");
    cr_assert_str_eq(rt_graph_find(g, "abcd2", &err)->id, "abcd2222");
    cr_assert_str_eq(rt_graph_find(g, "core", &err)->id, "abcd1111");
    cr_assert_str_eq(rt_graph_find(g, "ab99", &err)->id, "ab99");
    cr_assert_null(rt_graph_find(g, "abcd", &err));
    cr_assert_eq(err.code, RT_EGRAPH);
    cr_assert(strstr(err.message, "ambiguous: multiple revisions start with it (abcd1111, "
                                  "abcd2222)"),
              "%s", err.message);
    /* Any unique prefix, as Alembic: no minimum length. */
    cr_assert_str_eq(rt_graph_find(g, "ab9", &err)->id, "ab99");
    cr_assert_null(rt_graph_find(g, "a", &err));
    cr_assert_eq(err.code, RT_EGRAPH);
    cr_assert_null(rt_graph_find(g, "b", &err));
    cr_assert_eq(err.code, RT_ENOREV);
    cr_assert_null(rt_graph_find(g, "zzzz", &err));
    cr_assert_eq(err.code, RT_ENOREV);
    cr_assert_null(rt_graph_find(g, "zzzz", NULL));
    /* rt_graph_get: the exact id only. */
    cr_assert_str_eq(rt_graph_get(g, "ab99")->id, "ab99");
    cr_assert_null(rt_graph_get(g, "ab9"));
    cr_assert_null(rt_graph_get(g, "core"));
    expect_plan(g, "", "core@head", true, "abcd1111 abcd2222 ab99");
    expect_plan(g, "", "core+1", true, "abcd1111 abcd2222");
    expect_plan_error(g, "", "abcd", true, "ambiguous");
    rt_graph_free(g);
}

Test(graph, id_that_looks_relative)
{
    rev("1", "rel", "", NULL);
    rev("2", "rel-1", "rel", NULL);
    rt_graph *g = load();
    expect_plan(g, "", "rel-1", true, "rel rel-1");
    expect_plan(g, "rel-1", "rel-1-1", false, "rel-1");
    rt_graph_free(g);
}

Test(graph, branches_and_merge)
{
    rev("1", "a000", "", NULL);
    rev("2", "b100", "a000", "-- Branch Labels: left\n");
    rev("3", "b200", "a000", NULL);
    rev("4", "b101", "b100", NULL);
    rt_graph *g = load();
    const rt_revision **v;
    size_t n;
    rt_graph_heads(g, &v, &n);
    char *s = ids(v, n);
    cr_assert_str_eq(s, "b200 b101");
    free(s);
    rt_graph_children(g, rt_graph_find(g, "a000", NULL), &v, &n);
    s = ids(v, n);
    cr_assert_str_eq(s, "b100 b200");
    free(s);

    expect_plan_error(g, "", "head", true,
                      "Multiple head revisions are present: b200, b101; give a specific target");
    expect_plan(g, "", "heads", true, "a000 b100 b200 b101");
    expect_plan(g, "", "b101", true, "a000 b100 b101");
    expect_plan(g, "", "left@head", true, "a000 b100 b101");
    expect_plan_error(g, "a000", "+1", true, "ambiguous: a000 has several next revisions");
    expect_plan_error(g, "b101 b200", "-1", false, "several heads");
    expect_plan(g, "b101 b200", "b101-1", false, "b101");
    expect_plan(g, "b101 b200", "a000", false, "b101 b200 b100");
    expect_plan(g, "b101 b200", "b100", false, "b101");
    expect_plan(g, "b101 b200", "base", false, "b101 b200 b100 a000");

    expect_step(g, "b100", "b200", true, "b100 b200");
    expect_step(g, "b101 b200", "b200", false, "b101");
    expect_step(g, "b100", "b100", false, "a000");
    rt_graph_free(g);

    rev("5", "m000", "b101, b200", NULL);
    g = load();
    expect_plan(g, "", "head", true, "a000 b100 b200 b101 m000");
    expect_plan(g, "b101", "head", true, "b200 m000");
    expect_plan(g, "m000", "-1", false, "m000");
    expect_plan_error(g, "m000", "-2", false, "m000 is a merge of b101, b200");
    expect_step(g, "b101 b200", "m000", true, "m000");
    expect_step(g, "m000", "m000", false, "b101 b200");
    rt_graph_free(g);
}

Test(graph, depends_on)
{
    rev("1", "x000", "", NULL);
    rev("2", "y000", "", NULL);
    rev("3", "y001", "y000", "-- Depends On: x000\n");
    rt_graph *g = load();
    expect_plan(g, "", "y001", true, "x000 y000 y001");
    expect_plan(g, "y000", "y001", true, "x000 y001");
    expect_step(g, "x000 y000", "y001", true, "x000 y001");
    expect_plan(g, "x000 y001", "y000", false, "y001");
    /* Reverting x000 must take its dependent first. */
    expect_plan(g, "x000 y001", "x000-1", false, "y001 x000");
    const rt_revision **v;
    size_t n;
    rt_strv heads = RT_STRV_INIT;
    heads_of(&heads, "y001");
    rt_graph_applied(g, &heads, &v, &n);
    char *s = ids(v, n);
    cr_assert_str_eq(s, "x000 y000 y001");
    free(s);
    rt_strv_free(&heads);
    rt_graph_heads(g, &v, &n);
    s = ids(v, n);
    cr_assert_str_eq(s, "x000 y001");
    free(s);
    rt_graph_free(g);
}

/* As Alembic: a downgrade to a revision reverts the revisions that descend
 * from it (and what depends on those); a revision on another branch that
 * only depends on the target stays, as the target does. */
Test(graph, downgrade_keeps_a_sibling_branch_that_depends_on_the_target)
{
    rev("1", "r000", "", NULL);
    rev("2", "a000", "r000", NULL);
    rev("3", "b000", "a000", NULL);
    rev("4", "x000", "r000", "-- Depends On: a000\n");
    rev("5", "c000", "b000", NULL);
    rev("6", "y000", "x000", "-- Depends On: c000\n");
    rt_graph *g = load();
    expect_plan(g, "b000 x000", "a000", false, "b000");
    /* a000 stays applied through x000, which depends on it: the version
     * table holds x000 alone (both would be a revision and its ancestor). */
    expect_step(g, "b000 x000", "b000", false, "x000");
    expect_plan(g, "a000 x000", "a000", false, "");
    /* What depends on a reverted revision goes with it. */
    expect_plan(g, "c000 y000", "a000", false, "y000 c000 b000");
    expect_plan(g, "c000 y000", "b000", false, "y000 c000");
    expect_plan(g, "b000 x000", "r000", false, "x000 b000 a000");
    rt_graph_free(g);
}

Test(graph, depends_on_a_label)
{
    rev("1", "x000", "", "-- Branch Labels: lib\n");
    rev("2", "y000", "", "-- Depends On: lib\n");
    rt_graph *g = load();
    expect_plan(g, "", "y000", true, "x000 y000");
    rt_graph_free(g);
}

Test(graph, empty_folder)
{
    rt_graph *g = load();
    cr_assert_eq(rt_graph_count(g), 0);
    expect_plan(g, "", "heads", true, "");
    expect_plan_error(g, "", "head", true, "no revisions yet");
    rt_graph_free(g);
}

Test(graph, ignores_other_files)
{
    rev("1", "a000", "", NULL);
    char *p = rt_xasprintf("%s/README.md", dir);
    rt_test_write_file(p, "not a revision");
    free(p);
    p = rt_xasprintf("%s/.hidden.sql", dir);
    rt_test_write_file(p, "garbage");
    free(p);
    rt_graph *g = load();
    cr_assert_eq(rt_graph_count(g), 1);
    rt_graph_free(g);
}

Test(graph, duplicate_id_names_both_files)
{
    rev("1_first", "a000", "", NULL);
    rev("2_second", "a000", "", NULL);
    char *other = rt_xasprintf("%s/1_first.sql:1", dir);
    load_fails(RT_EGRAPH, "2_second", "1:17", "duplicate Revision ID 'a000'");
    rt_graph *g = NULL;
    rt_error err;
    rt_graph_load(&g, dir, &err);
    cr_assert(strstr(err.message, other), "%s", err.message);
    free(other);
}

Test(graph, unknown_down_revision)
{
    rev("1", "a000", "", NULL);
    rev("2", "b000", "a000, zzz9", NULL);
    load_fails(RT_EGRAPH, "2", "2:19", "Revises names revision 'zzz9', which is not in");
}

Test(graph, unknown_dependency)
{
    rev("1", "a000", "", "-- Depends On: nothere\n");
    load_fails(RT_EGRAPH, "1", "4:16", "Depends On names revision 'nothere'");
}

Test(graph, cycle_lists_members)
{
    rev("1", "a000", "c000", NULL);
    rev("2", "b000", "a000", NULL);
    rev("3", "c000", "b000", NULL);
    rev("4", "d000", "", NULL);
    rt_graph *g = (rt_graph *)1;
    rt_error err;
    cr_assert_eq(rt_graph_load(&g, dir, &err), RT_EGRAPH);
    cr_assert_null(g);
    cr_assert(strstr(err.message, "cycle: a000 -> c000 -> b000 -> a000"), "%s", err.message);
    char *pos = rt_xasprintf("%s/1.sql:2:13: ", dir);
    cr_assert(strncmp(err.message, pos, strlen(pos)) == 0, "%s", err.message);
    free(pos);
}

Test(graph, self_reference)
{
    rev("1", "a000", "a000", NULL);
    load_fails(RT_EGRAPH, "1", "2:13", "names itself");
}

Test(graph, duplicate_label)
{
    rev("1", "a000", "", "-- Branch Labels: x\n");
    rev("2", "b000", "", "-- Branch Labels: y, x\n");
    load_fails(RT_EGRAPH, "2", "4:22", "branch label 'x' is already used");
}

Test(graph, header_error_propagates)
{
    rev("1", "a000", "", NULL);
    char *p = rt_xasprintf("%s/2.sql", dir);
    rt_test_write_file(p, "-- Revises: a000\n-- upgrade\n");
    free(p);
    load_fails(RT_EPARSE, "2", "1:1", "missing the '-- Revision ID");
}

Test(graph, missing_folder)
{
    char *p = rt_xasprintf("%s/nope", dir);
    rt_graph *g = NULL;
    rt_error err;
    cr_assert_eq(rt_graph_load(&g, p, &err), RT_EIO);
    cr_assert(strstr(err.message, p), "%s", err.message);
    free(p);
}

Test(graph, ten_thousand_revisions_load_fast, .timeout = 120)
{
    enum { N = 10000 };
    char prev[16] = "";
    for (int i = 0; i < N; i++) {
        char id[16], file[32];
        snprintf(id, sizeof id, "r%011d", i);
        snprintf(file, sizeof file, "%s_step", id);
        rev(file, id, prev, NULL);
        memcpy(prev, id, sizeof id);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    rt_graph *g = load();
    rt_strv heads = RT_STRV_INIT;
    rt_strv_push(&heads, "r00000005000");
    rt_plan p;
    rt_error err;
    cr_assert_eq(rt_graph_plan(&p, g, &heads, "head", true, &err), RT_OK, "%s", err.message);
    cr_assert_eq(p.n, N - 5001);
    rt_plan_free(&p);
    cr_assert_eq(rt_graph_plan(&p, g, &heads, "base", false, &err), RT_OK, "%s", err.message);
    cr_assert_eq(p.n, 5001);
    /* Walking the whole downgrade plan step by step must stay linear. */
    for (size_t i = 0; i < p.n; i++)
        rt_graph_step_heads(g, &heads, p.revs[i], false);
    cr_assert_eq(heads.n, 0);
    rt_plan_free(&p);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    cr_assert_eq(rt_graph_count(g), N);
    cr_assert_str_eq(rt_graph_at(g, N - 1)->id, "r00000009999");
    /* Generous for a shared machine; a quadratic step would take seconds. */
    cr_assert_lt(ms, 1000.0, "load + plans took %.1f ms", ms);
    cr_log_info("10,000 revisions: load + plans in %.1f ms", ms);
    rt_strv_free(&heads);
    rt_graph_free(g);
}

/* The cache is binary: looks for needle anywhere in the file. */
static bool file_holds(const char *path, const char *needle)
{
    size_t len = 0;
    char *data = rt_test_read_file_n(path, &len);
    if (!data)
        return false;
    bool found = false;
    size_t n = strlen(needle);
    for (size_t i = 0; !found && i + n <= len; i++)
        found = memcmp(data + i, needle, n) == 0;
    free(data);
    return found;
}

/* Writes a history of n revisions c00000 <- c00001 <- ... and lets it
 * settle, so that the next load stores every entry in the cache. */
static void settled_history(int n)
{
    char prev[16] = "";
    for (int i = 0; i < n; i++) {
        char id[16], file[32];
        snprintf(id, sizeof id, "c%05d", i);
        snprintf(file, sizeof file, "%s_x", id);
        rev(file, id, prev, NULL);
        memcpy(prev, id, sizeof id);
    }
    let_time_pass(4); /* entries younger than a few seconds are not cached */
}

/* Large histories keep a header cache in versions/.retort-cache; it must
 * never hide an edit. */
Test(graph, header_cache_follows_edits, .timeout = 120)
{
    enum { N = 300 };
    settled_history(N);
    rt_graph *g = load();
    rt_graph_free(g);
    char *cache_path = rt_xasprintf("%s/.retort-cache/headers", dir);
    cr_assert(file_holds(cache_path, "c00150_x.sql"), "no cache entries for %d revisions", N);

    g = load(); /* from the cache */
    cr_assert_eq(rt_graph_count(g), N);
    const rt_revision *r = rt_graph_find(g, "c00150", NULL);
    cr_assert_str_eq(r->message, "msg c00150");
    cr_assert_eq(r->down.n, 1);
    cr_assert_str_eq(r->down.items[0], "c00149");
    cr_assert_str_eq(rt_graph_at(g, N - 1)->id, "c00299");
    rt_graph_free(g);

    /* Same size, edited in place: a different message and parent. */
    char *p = rt_xasprintf("%s/c00150_x.sql", dir);
    char *text = rt_test_read_file(p);
    char *m = strstr(text, "msg c00150");
    m[4] = 'C';
    char *rv = strstr(text, "-- Revises: c00149");
    rv[17] = '8';
    FILE *f = fopen(p, "r+");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    free(text);
    g = load();
    r = rt_graph_find(g, "c00150", NULL);
    cr_assert_str_eq(r->message, "msg C00150");
    cr_assert_str_eq(r->down.items[0], "c00148");
    const rt_revision **hv;
    size_t nh;
    rt_graph_heads(g, &hv, &nh);
    cr_assert_eq(nh, 2, "c00149 became a head");
    free((void *)hv);
    rt_graph_free(g);

    /* A removed file disappears from the graph. */
    cr_assert_eq(remove(p), 0);
    rev("c00150_x", "c00150", "c00149", NULL);
    char *last = rt_xasprintf("%s/c00299_x.sql", dir);
    cr_assert_eq(remove(last), 0);
    g = load();
    cr_assert_eq(rt_graph_count(g), N - 1);
    cr_assert_null(rt_graph_find(g, "c00299", NULL));
    rt_graph_free(g);
    free(last);
    free(p);
    free(cache_path);
}

/* The hardest edit for a stat-based cache: the Revises line changed in
 * place, same size, and the mtime put back to the very nanosecond (as
 * `touch -r` or a careful editor would). Only the ctime, which nothing but
 * the clock sets, tells; the cache must see it. Revision k of n is edited
 * to revise k - 100. */
static void sees_edit_with_same_size_and_mtime(int n, int k)
{
    settled_history(n);
    rt_graph *g = load(); /* writes the cache */
    rt_graph_free(g);
    char id[16], parent[16], moved[16], name[32];
    snprintf(id, sizeof id, "c%05d", k);
    snprintf(parent, sizeof parent, "c%05d", k - 1);
    snprintf(moved, sizeof moved, "c%05d", k - 100);
    snprintf(name, sizeof name, "%s_x.sql", id);
    char *cache_path = rt_xasprintf("%s/.retort-cache/headers", dir);
    cr_assert(file_holds(cache_path, name));
    g = load(); /* from the cache */
    cr_assert_str_eq(rt_graph_find(g, id, NULL)->down.items[0], parent);
    rt_graph_free(g);

    char *p = rt_xasprintf("%s/%s", dir, name);
    struct stat before;
    cr_assert_eq(stat(p, &before), 0);
    char *text = rt_test_read_file(p);
    char *line = rt_xasprintf("-- Revises: %s", parent);
    char *rv = strstr(text, line);
    cr_assert_not_null(rv);
    memcpy(rv + strlen("-- Revises: "), moved, strlen(moved)); /* a branch point at k - 100 */
    FILE *f = fopen(p, "r+");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    free(text);
    free(line);
    struct timespec times[2] = { before.st_atim, before.st_mtim };
    cr_assert_eq(utimensat(AT_FDCWD, p, times, 0), 0);
    struct stat after;
    cr_assert_eq(stat(p, &after), 0);
    cr_assert_eq(after.st_size, before.st_size);
    cr_assert_eq(after.st_ino, before.st_ino);
    cr_assert_eq(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    cr_assert_eq(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);

    g = load();
    const rt_revision *r = rt_graph_find(g, id, NULL);
    cr_assert_eq(r->down.n, 1);
    cr_assert_str_eq(r->down.items[0], moved, "the in-place edit was missed");
    const rt_revision **hv;
    size_t nh;
    rt_graph_heads(g, &hv, &nh);
    cr_assert_eq(nh, 2, "%s became a head", parent);
    free((void *)hv);
    rt_graph_free(g);
    free(p);
    free(cache_path);
}

Test(graph, header_cache_sees_edit_with_same_size_and_mtime, .timeout = 120)
{
    sees_edit_with_same_size_and_mtime(300, 200);
}

/* Past a few thousand files the stats are split across threads; an edit in
 * the last slice must be seen as well. */
Test(graph, header_cache_sees_edit_when_stats_run_in_threads, .timeout = 120)
{
    sees_edit_with_same_size_and_mtime(5000, 4900);
}

/* A damaged cache is ignored, never trusted: every length and offset is
 * checked before use. */
Test(graph, header_cache_corrupt_is_ignored, .timeout = 120)
{
    enum { N = 300 };
    settled_history(N);
    rt_graph *g = load();
    rt_graph_free(g);
    char *cache_path = rt_xasprintf("%s/.retort-cache/headers", dir);
    struct stat st;
    cr_assert_eq(stat(cache_path, &st), 0);
    /* Cut short, then scribbled over past the header. */
    cr_assert_eq(truncate(cache_path, st.st_size / 2), 0);
    g = load();
    cr_assert_eq(rt_graph_count(g), N);
    cr_assert_str_eq(rt_graph_find(g, "c00150", NULL)->message, "msg c00150");
    rt_graph_free(g);
    cr_assert_eq(stat(cache_path, &st), 0);
    FILE *f = fopen(cache_path, "r+b");
    cr_assert_not_null(f);
    cr_assert_eq(fseek(f, 48, SEEK_SET), 0);
    for (int i = 0; i < 4096; i++)
        fputc(0xff, f);
    fclose(f);
    g = load();
    cr_assert_eq(rt_graph_count(g), N);
    cr_assert_str_eq(rt_graph_find(g, "c00150", NULL)->down.items[0], "c00149");
    rt_graph_free(g);
    free(cache_path);
}

/* The cache sits beside revisions that users commit: git must not see it. */
Test(graph, header_cache_ignores_itself_in_git, .timeout = 120)
{
    enum { N = 300 };
    settled_history(N);
    rt_graph_free(load());
    char *ignore = rt_xasprintf("%s/.retort-cache/.gitignore", dir);
    char *text = rt_test_read_file(ignore);
    cr_assert_not_null(text, "no %s", ignore);
    cr_assert(strstr(text, "\n*\n"), "%s", text);
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir, "git init -q . && git status --porcelain --untracked-files=all"),
                 0, "%s", out);
    cr_assert_null(strstr(out, ".retort-cache"), "git lists the cache:\n%s", out);
    free(out);
    free(text);
    free(ignore);
}

/* Once the folder has been still for a while, its stamp (mtime, ctime)
 * stands for the list of files and loads skip listing it: a file added or
 * removed afterwards changes the stamp and must be seen. */
Test(graph, header_cache_listing_follows_new_and_removed_files, .timeout = 120)
{
    enum { N = 300 };
    settled_history(N);
    rt_graph *g = load(); /* entries cached, folder changed by the cache's own folder */
    rt_graph_free(g);
    let_time_pass(4);
    g = load(); /* the folder has settled: its stamp is written */
    rt_graph_free(g);
    g = load(); /* names from the cache */
    cr_assert_eq(rt_graph_count(g), N);
    cr_assert_str_eq(rt_graph_at(g, N - 1)->id, "c00299");
    rt_graph_free(g);

    rev("c00300_x", "c00300", "c00299", NULL);
    g = load();
    cr_assert_eq(rt_graph_count(g), N + 1, "a new file was missed");
    cr_assert_str_eq(rt_graph_at(g, N)->id, "c00300");
    rt_graph_free(g);

    char *p = rt_xasprintf("%s/c00300_x.sql", dir);
    cr_assert_eq(remove(p), 0);
    free(p);
    g = load();
    cr_assert_eq(rt_graph_count(g), N, "a removed file is still listed");
    cr_assert_null(rt_graph_find(g, "c00300", NULL));
    rt_graph_free(g);
}

/* Below the threshold no file is added to the user's folder. */
Test(graph, small_history_writes_no_cache)
{
    rev("1", "a000", "", NULL);
    rt_graph *g = load();
    rt_graph_free(g);
    char *cache_path = rt_xasprintf("%s/.retort-cache/headers", dir);
    cr_assert_null(rt_test_read_file(cache_path));
    free(cache_path);
}

/* a000 -> b100 (left) -> b101, and a000 -> b200 (right) -> b201. */
static rt_graph *two_branches(void)
{
    rev("1", "a000", "", NULL);
    rev("2", "b100", "a000", "-- Branch Labels: left\n");
    rev("3", "b101", "b100", NULL);
    rev("4", "b200", "a000", "-- Branch Labels: right\n");
    rev("5", "b201", "b200", NULL);
    return load();
}

Test(graph, branch_relative_targets)
{
    rt_graph *g = two_branches();
    expect_plan(g, "b101", "right@+1", true, "b200");
    expect_plan(g, "b101", "right@+2", true, "b200 b201");
    expect_plan(g, "b100 b200", "left@+1", true, "b101");
    expect_plan(g, "", "left@+1", true, "a000 b100");
    expect_plan(g, "b101 b201", "left@-1", false, "b101");
    expect_plan(g, "b101 b201", "right@-1", false, "b201");
    expect_plan(g, "b101 b201", "left@base", false, "b101 b100");
    expect_plan(g, "b101 b201", "right@base", false, "b201 b200");
    expect_plan(g, "b101 b201", "b100@head", false, "");
    expect_plan_error(g, "b101", "right@-1", false, "nothing of branch 'right' is applied");
    expect_plan_error(g, "b101", "left@+1", true, "goes past the head b101");
    expect_plan_error(g, "b101", "left@base", true, "use downgrade");
    expect_plan_error(g, "b101", "nope@+1", true, "No revision 'nope'");
    rt_graph_free(g);

    /* A branch label on its own root: @base is everything of that root. */
    rev("6", "c000", "", "-- Branch Labels: other\n");
    rev("7", "c001", "c000", NULL);
    g = load();
    expect_plan(g, "b101 b201 c001", "other@base", false, "c001 c000");
    expect_plan(g, "b101 b201", "other@+1", true, "c000");
    rt_graph_free(g);
}

static char *resolve_text(const rt_graph *g, const char *current, const char *target)
{
    rt_strv heads = RT_STRV_INIT;
    heads_of(&heads, current);
    const rt_revision **v;
    size_t n;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_graph_resolve(g, &heads, target, &v, &n, &err);
    rt_strv_free(&heads);
    if (rc != RT_OK)
        return rt_xasprintf("ERR: %s", err.message);
    return ids(v, n);
}

static void expect_resolve(const rt_graph *g, const char *current, const char *target,
                           const char *want)
{
    char *got = resolve_text(g, current, target);
    cr_assert_str_eq(got, want, "%s from [%s]", target, current);
    free(got);
}

Test(graph, resolve_targets)
{
    rt_graph *g = two_branches();
    expect_resolve(g, "", "left@head", "b101");
    expect_resolve(g, "", "heads", "b101 b201");
    expect_resolve(g, "", "base", "");
    expect_resolve(g, "", "a", "a000");
    expect_resolve(g, "b101", "-2", "a000");
    expect_resolve(g, "b101", "-3", "");
    expect_resolve(g, "b201", "b2", "ERR: Revision prefix 'b2' is ambiguous: multiple revisions "
                                    "start with it (b200, b201); give more characters.");
    expect_resolve(g, "b101 b200", "right@+1", "b201");
    expect_resolve(g, "zzz", "head", "ERR: The database is at revision 'zzz', which is not in "
                                     "the versions folder (was its file deleted or renamed?).");
    rt_graph_free(g);
}

static char *marked(const rt_graph *g, const bool *mark)
{
    rt_buf b = RT_BUF_INIT;
    rt_buf_append(&b, "");
    for (size_t i = 0; i < rt_graph_count(g); i++)
        if (mark[i])
            rt_buf_printf(&b, "%s%s", b.len ? " " : "", rt_graph_at(g, i)->id);
    return rt_buf_steal(&b);
}

static void expect_walk(const rt_graph *g, bool up, const char *seeds, const char *want)
{
    rt_strv v = RT_STRV_INIT;
    heads_of(&v, seeds);
    const rt_revision **revs = rt_xcalloc(v.n + 1, sizeof *revs);
    for (size_t i = 0; i < v.n; i++)
        revs[i] = rt_graph_find(g, v.items[i], NULL);
    bool *mark = rt_xcalloc(rt_graph_count(g) + 1, sizeof *mark);
    if (up)
        rt_graph_descendants(g, revs, v.n, mark);
    else
        rt_graph_ancestors(g, revs, v.n, mark);
    char *got = marked(g, mark);
    cr_assert_str_eq(got, want, "%s of [%s]", up ? "descendants" : "ancestors", seeds);
    free(got);
    free(mark);
    free(revs);
    rt_strv_free(&v);
}

Test(graph, walks_and_index)
{
    rt_graph *g = two_branches();
    rev("6", "d000", "", "-- Depends On: b100\n");
    rt_graph_free(g);
    g = load();
    expect_walk(g, false, "b101", "a000 b100 b101");
    expect_walk(g, false, "d000", "a000 b100 d000");
    expect_walk(g, false, "b101 b201", "a000 b100 b101 b200 b201");
    expect_walk(g, true, "b100", "b100 b101 d000");
    expect_walk(g, true, "a000", "a000 b100 b101 b200 b201 d000");
    expect_walk(g, true, "", "");
    for (size_t i = 0; i < rt_graph_count(g); i++)
        cr_assert_eq(rt_graph_index(g, rt_graph_at(g, i)), i);
    cr_assert_eq(rt_graph_nchildren(g, rt_graph_find(g, "a000", NULL)), 2);
    cr_assert_eq(rt_graph_nchildren(g, rt_graph_find(g, "b100", NULL)), 1);
    cr_assert_eq(rt_graph_nchildren(g, rt_graph_find(g, "b101", NULL)), 0);
    rt_graph_free(g);
}

Test(graph, several_folders)
{
    char *one = rt_xasprintf("%s/one", dir), *two = rt_xasprintf("%s/two", dir);
    cr_assert_eq(mkdir(one, 0700), 0);
    cr_assert_eq(mkdir(two, 0700), 0);
    rev("one/1", "a000", "", NULL);
    rev("two/1", "b000", "a000", NULL);
    rev("two/2", "c000", "b000", NULL);
    const char *dirs[] = { one, two };
    rt_graph *g = NULL;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_graph_load_dirs(&g, dirs, 2, &test_clock, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_graph_count(g), 3);
    expect_plan(g, "", "head", true, "a000 b000 c000");
    char *path = rt_xasprintf("%s/1.sql", two);
    cr_assert_str_eq(rt_graph_find(g, "b000", NULL)->path, path);
    free(path);
    rt_graph_free(g);

    rev("two/3", "a000", "", NULL);
    cr_assert_eq(rt_graph_load_dirs(&g, dirs, 2, &test_clock, &err), RT_EGRAPH);
    cr_assert_null(g);
    cr_assert(strstr(err.message, "duplicate Revision ID 'a000'"), "%s", err.message);
    free(one);
    free(two);
}
