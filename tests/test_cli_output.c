/* Output for machines and people: `--format json` of current, heads,
 * branches, history, show and check (parsed by a strict reader, not
 * searched), the JSON writer's escaping, `history --graph` against golden
 * drawings and `graph --format dot` through Graphviz's dot. SQLite files in
 * a fresh folder per test; cli_json_db runs current and check on the
 * PostgreSQL and MariaDB servers. */
#include "cli_helpers.h"
#include "json_write.h"
#include "rt_test_db.h"
#include "rt_test_json.h"

static char *dir;

static void setup(void)
{
    dir = rt_test_tmpdir();
}

static void teardown(void)
{
    rt_test_rmtree(dir);
    free(dir);
}

TestSuite(cli_json, .init = setup, .fini = teardown);
TestSuite(cli_draw, .init = setup, .fini = teardown);
TestSuite(cli_json_db, .init = setup, .fini = teardown);

static char *run(const char *args)
{
    return cli_expect(0, dir, args);
}

static void ok(const char *args)
{
    free(run(args));
}

static void expect_out(const char *args, const char *want)
{
    cli_expect_stdout(dir, args, want);
}

static void expect_error(const char *args, const char *needle)
{
    cli_expect_usage_error(dir, args, needle);
}

/* stdout of `retort ARGS` (exit status want) as one JSON document of
 * format_version 1 for command; *v is the caller's (tj_free). */
static void json_of(int want, const char *args, const char *command, tj_value *v)
{
    char *cmd = rt_xasprintf("%s 2>/dev/null", args);
    char *out = cli_expect(want, dir, cmd);
    const char *why = NULL;
    cr_assert(tj_parse(out, v, &why), "retort %s: not JSON (%s):\n%s", args, why, out);
    const tj_value *fv = tj_get(v, "format_version");
    cr_assert(fv && fv->type == TJ_NUMBER && fv->num == 1, "format_version in %s", out);
    const tj_value *c = tj_get(v, "command");
    cr_assert(c && c->type == TJ_STRING && strcmp(c->str, command) == 0, "command in %s", out);
    free(out);
    free(cmd);
}

static const tj_value *member(const tj_value *v, const char *key, tj_type type)
{
    const tj_value *m = tj_get(v, key);
    cr_assert_not_null(m, "no member '%s'", key);
    cr_assert_eq(m->type, type, "member '%s' has type %d, not %d", key, m->type, type);
    return m;
}

static const char *str_of(const tj_value *v, const char *key)
{
    return member(v, key, TJ_STRING)->str;
}

static bool bool_of(const tj_value *v, const char *key)
{
    return member(v, key, TJ_BOOL)->b;
}

/* The strings of array member key, joined by ','. */
static void assert_ids(const tj_value *v, const char *key, const char *want)
{
    const tj_value *a = member(v, key, TJ_ARRAY);
    rt_buf b = RT_BUF_INIT;
    for (size_t i = 0; i < a->n; i++) {
        const tj_value *x = &a->items[i];
        const char *s = x->type == TJ_STRING ? x->str : str_of(x, "id");
        rt_buf_printf(&b, "%s%s", i ? "," : "", s);
    }
    cr_assert_str_eq(rt_buf_cstr(&b), want, "member '%s'", key);
    rt_buf_free(&b);
}

/* Every field of a revision object, with the types docs/cli.md gives. */
static void assert_revision_fields(const tj_value *r)
{
    static const char *arrays[] = { "down_revisions", "depends_on", "branch_labels",
                                    "next_revisions" };
    static const char *bools[] = { "is_head", "is_effective_head", "is_branch_point",
                                   "is_merge_point" };
    str_of(r, "id");
    str_of(r, "message");
    str_of(r, "path");
    for (size_t i = 0; i < 4; i++) {
        member(r, arrays[i], TJ_ARRAY);
        member(r, bools[i], TJ_BOOL);
    }
    cr_assert_not_null(tj_get(r, "create_date"));
    cr_assert_not_null(tj_get(r, "is_current"));
    cr_assert_not_null(tj_get(r, "applied"));
}

static char *quoted(const char *s)
{
    rt_buf b = RT_BUF_INIT;
    rt_json_quote(&b, s);
    return rt_buf_steal(&b);
}

Test(cli_json, writer_escapes_and_replaces_invalid_utf8)
{
    struct {
        const char *in, *want;
    } cases[] = {
        { "a\"b\\c/", "\"a\\\"b\\\\c/\"" },
        { "\n\t\r\b\f\x01\x1f\x7f", "\"\\n\\t\\r\\b\\f\\u0001\\u001f\x7f\"" },
        { "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"" },
        { "\xff", "\"\xef\xbf\xbd\"" },
        { "x\xc3", "\"x\xef\xbf\xbd\"" },                         /* truncated */
        { "\xc0\xaf", "\"\xef\xbf\xbd\xef\xbf\xbd\"" },            /* overlong */
        { "\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"" }, /* surrogate */
        { "\xf4\x90\x80\x80z", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdz\"" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = quoted(cases[i].in);
        cr_assert_str_eq(got, cases[i].want, "case %zu", i);
        tj_value v;
        const char *why;
        cr_assert(tj_parse(got, &v, &why), "case %zu: %s", i, why);
        tj_free(&v);
        free(got);
    }
    rt_buf b = RT_BUF_INIT;
    rt_json j;
    rt_json_init(&j, &b);
    rt_json_object_begin(&j);
    rt_json_key(&j, "a");
    rt_json_array_begin(&j);
    rt_json_int(&j, -1);
    rt_json_bool(&j, true);
    rt_json_null(&j);
    rt_json_string(&j, NULL);
    rt_json_object_begin(&j);
    rt_json_object_end(&j);
    rt_json_array_end(&j);
    rt_json_key(&j, "b");
    rt_json_object_begin(&j);
    rt_json_key(&j, "c");
    rt_strv none = RT_STRV_INIT;
    rt_json_strv(&j, &none);
    rt_json_object_end(&j);
    rt_json_object_end(&j);
    cr_assert_str_eq(rt_buf_cstr(&b), "{\"a\":[-1,true,null,null,{}],\"b\":{\"c\":[]}}");
    rt_buf_free(&b);
}

/* migrations/versions/<id>_rev.sql, written directly (each run of the
 * binary costs seconds under valgrind); up: its upgrade section. */
static void write_rev(const char *id, const char *down, const char *labels, const char *deps,
                      const char *message, const char *up, const char *undo)
{
    char *path = rt_xasprintf("%s/migrations/versions/%s_rev.sql", dir, id);
    char *text = rt_xasprintf("-- Revision ID: %s\n-- Revises: %s\n-- Create Date: "
                              "2026-01-01 00:00:00.000000\n-- Message: %s\n-- Branch Labels: "
                              "%s\n-- Depends On: %s\n\n-- upgrade\n%s\n\n-- downgrade\n%s\n",
                              id, down, message, labels, deps, up, undo);
    rt_test_write_file(path, text);
    free(text);
    free(path);
}

static void rev(const char *id, const char *down, const char *labels, const char *deps,
                const char *message)
{
    write_rev(id, down, labels, deps, message, "", "");
}

/* a000 -> b100 (left), a000 -> b200 (right), merged by m000. */
static void merged_project(void)
{
    ok("init migrations");
    rev("a000", "", "", "", "say \"hi\"");
    rev("b100", "a000", "left", "", "left");
    rev("b200", "a000", "right", "", "right");
    rev("m000", "b100, b200", "", "", "join");
}

Test(cli_json, revision_commands_on_sqlite)
{
    merged_project();
    ok("upgrade b100");
    tj_value v;
    json_of(0, "current --format json", "current", &v);
    assert_ids(&v, "current", "b100");
    const tj_value *cur = &member(&v, "current", TJ_ARRAY)->items[0];
    assert_revision_fields(cur);
    cr_assert(bool_of(cur, "is_current"));
    cr_assert(!bool_of(cur, "is_head"));
    assert_ids(cur, "branch_labels", "left");
    assert_ids(cur, "next_revisions", "m000");
    const tj_value *applied = member(cur, "applied", TJ_OBJECT);
    cr_assert(strlen(str_of(applied, "at")) == 19, "%s", str_of(applied, "at"));
    cr_assert(strchr(str_of(applied, "by"), '@'));
    cr_assert(!bool_of(applied, "stamped"));
    member(&v, "dirty", TJ_NULL);
    tj_free(&v);

    /* Outside a project: the database's rows alone. */
    char *elsewhere = rt_test_tmpdir();
    char *out = NULL;
    cr_assert_eq(cli_run(&out, elsewhere, "--url 'sqlite:///%s/app.db' current --format json "
                                          "2>/dev/null", dir),
                 0, "%s", out);
    const char *why;
    cr_assert(tj_parse(out, &v, &why), "%s: %s", why, out);
    assert_ids(&v, "current", "b100");
    cur = &member(&v, "current", TJ_ARRAY)->items[0];
    cr_assert(bool_of(cur, "is_current"));
    member(cur, "applied", TJ_OBJECT);
    cr_assert_null(tj_get(cur, "path"));
    tj_free(&v);
    free(out);
    rt_test_rmtree(elsewhere);
    free(elsewhere);

    json_of(0, "heads --format json", "heads", &v);
    assert_ids(&v, "heads", "m000");
    const tj_value *h = &member(&v, "heads", TJ_ARRAY)->items[0];
    assert_revision_fields(h);
    cr_assert(bool_of(h, "is_head") && bool_of(h, "is_merge_point"));
    assert_ids(h, "down_revisions", "b100,b200");
    member(h, "is_current", TJ_NULL);
    tj_free(&v);

    json_of(0, "branches --format json", "branches", &v);
    assert_ids(&v, "branch_points", "a000");
    const tj_value *bp = &member(&v, "branch_points", TJ_ARRAY)->items[0];
    cr_assert(bool_of(bp, "is_branch_point"));
    assert_ids(bp, "next_revisions", "b100,b200");
    cr_assert_str_eq(str_of(bp, "message"), "say \"hi\"");
    tj_free(&v);

    json_of(0, "history --format json", "history", &v);
    assert_ids(&v, "revisions", "m000,b200,b100,a000");
    const tj_value *revs = member(&v, "revisions", TJ_ARRAY);
    for (size_t i = 0; i < revs->n; i++) {
        assert_revision_fields(&revs->items[i]);
        member(&revs->items[i], "is_current", TJ_NULL);
        member(&revs->items[i], "applied", TJ_NULL);
    }
    tj_free(&v);
    json_of(0, "history -i -r b100: --format json", "history", &v);
    assert_ids(&v, "revisions", "m000,b100");
    revs = member(&v, "revisions", TJ_ARRAY);
    cr_assert(!bool_of(&revs->items[0], "is_current"));
    member(&revs->items[0], "applied", TJ_NULL);
    cr_assert(bool_of(&revs->items[1], "is_current"));
    member(&revs->items[1], "applied", TJ_OBJECT);
    tj_free(&v);

    json_of(0, "show right --format json", "show", &v);
    assert_ids(&v, "revisions", "b200");
    const tj_value *s = &member(&v, "revisions", TJ_ARRAY)->items[0];
    cli_assert_has(str_of(s, "path"), "migrations/versions/b200_rev.sql");
    tj_free(&v);

    expect_error("heads --format xml", "--format takes text or json, not 'xml'");
    expect_error("history --graph --format json", "does not go with --format json");
}

static void write_file(const char *name, const char *text)
{
    char *p = rt_xasprintf("%s/%s", dir, name);
    rt_test_write_file(p, text);
    free(p);
}

/* A project whose revision a000 creates t(id), with `models` pointing at
 * models/t.sql; url: the database (NULL: the project's SQLite file). */
static void check_project(const char *url)
{
    ok("init migrations");
    write_rev("a000", "", "", "", "t", "CREATE TABLE t (id INTEGER PRIMARY KEY);",
              "DROP TABLE t;");
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir, "mkdir models && sed -i 's|^# models = .*|models = "
                                       "models/*.sql|' retort.ini && grep -q '^models = "
                                       "models/' retort.ini"),
                 0, "%s", out);
    free(out);
    write_file("models/t.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY);\n");
    char *up = url ? rt_xasprintf("--url '%s' upgrade head", url) : rt_xstrdup("upgrade head");
    ok(up);
    free(up);
}

/* check agrees, then finds an added table and column, exit status 1. */
static void check_json(const char *url)
{
    char *args = url ? rt_xasprintf("--url '%s' check --format json", url)
                     : rt_xstrdup("check --format json");
    tj_value v;
    json_of(0, args, "check", &v);
    cr_assert(bool_of(&v, "up_to_date"));
    cr_assert_eq(member(&v, "differences", TJ_ARRAY)->n, 0);
    tj_free(&v);
    write_file("models/t.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, note VARCHAR(20));\n"
                               "CREATE TABLE u (id INTEGER PRIMARY KEY);\n");
    json_of(1, args, "check", &v);
    cr_assert(!bool_of(&v, "up_to_date"));
    const tj_value *d = member(&v, "differences", TJ_ARRAY);
    cr_assert_eq(d->n, 2);
    cr_assert_str_eq(str_of(&d->items[0], "kind"), "add_table");
    cr_assert_str_eq(str_of(&d->items[0], "table"), "u");
    member(&d->items[0], "column", TJ_NULL);
    cr_assert_str_eq(str_of(&d->items[0], "detail"), "Detected added table 'u'");
    cr_assert(!bool_of(&d->items[0], "destructive"));
    cr_assert_str_eq(str_of(&d->items[1], "kind"), "add_column");
    cr_assert_str_eq(str_of(&d->items[1], "table"), "t");
    cr_assert_str_eq(str_of(&d->items[1], "column"), "note");
    tj_free(&v);
    free(args);
}

Test(cli_json, check_on_sqlite)
{
    check_project(NULL);
    check_json(NULL);
    write_file("models/t.sql", "CREATE TABLE u (id INTEGER PRIMARY KEY);\n");
    tj_value v;
    json_of(1, "check --format json", "check", &v);
    const tj_value *d = member(&v, "differences", TJ_ARRAY);
    cr_assert_eq(d->n, 2);
    cr_assert_str_eq(str_of(&d->items[1], "kind"), "remove_table");
    cr_assert(bool_of(&d->items[1], "destructive"));
    tj_free(&v);
}

static void current_and_check_on(const char *url)
{
    rt_test_db_reset(url);
    check_project(url);
    check_json(url);
    char *args = rt_xasprintf("--url '%s' current --format json", url);
    tj_value v;
    json_of(0, args, "current", &v);
    assert_ids(&v, "current", "a000");
    cr_assert(bool_of(&member(&v, "current", TJ_ARRAY)->items[0], "is_head"));
    member(&v, "dirty", TJ_NULL);
    tj_free(&v);
    free(args);
    rt_test_db_reset(url);
}

Test(cli_json_db, current_and_check_on_postgresql)
{
    current_and_check_on(rt_test_pg_url());
}

/* On MariaDB a failed revision leaves statements behind: current says
 * how many in "dirty". */
Test(cli_json_db, current_and_check_on_mysql)
{
    const char *url = rt_test_mysql_url();
    current_and_check_on(url);
    write_rev("b000", "a000", "", "", "fails",
              "CREATE TABLE w (id INTEGER PRIMARY KEY);\n"
              "INSERT INTO w (id) VALUES (1);\nINSERT INTO w (id) VALUES (1);",
              "DROP TABLE w;");
    char *args = rt_xasprintf("--url '%s' upgrade a000", url);
    ok(args);
    free(args);
    args = rt_xasprintf("--url '%s' upgrade head 2>&1", url);
    free(cli_expect(1, dir, args));
    free(args);
    args = rt_xasprintf("--url '%s' current --format json", url);
    tj_value v;
    json_of(0, args, "current", &v);
    assert_ids(&v, "current", "a000");
    const tj_value *d = member(&v, "dirty", TJ_OBJECT);
    cr_assert_str_eq(str_of(d, "revision"), "b000");
    cr_assert_str_eq(str_of(d, "direction"), "upgrade");
    cr_assert_eq(member(d, "statements_applied", TJ_NUMBER)->num, 2);
    cr_assert_eq(member(d, "statements_total", TJ_NUMBER)->num, 3);
    cr_assert_str_eq(str_of(d, "outcome"), "dirty");
    tj_free(&v);
    free(args);
    rt_test_db_reset(url);
}

/* ---- drawings ---- */

Test(cli_draw, linear)
{
    ok("init migrations");
    rev("a1", "", "", "", "one");
    rev("a2", "a1", "", "", "two");
    rev("a3", "a2", "", "", "three");
    expect_out("history --graph", "* a2 -> a3 (head), three\n"
                                  "* a1 -> a2, two\n"
                                  "* <base> -> a1, one\n");
}

Test(cli_draw, branch_and_merge)
{
    merged_project();
    rev("t000", "m000", "", "", "top");
    expect_out("history --graph -r :b200", "* a000 -> b200 (right), right\n"
                                           "* <base> -> a000 (branchpoint), say \"hi\"\n");
    expect_out("history --graph -r :heads", "* m000 -> t000 (head), top\n"
                                           "* b100, b200 -> m000 (mergepoint), join\n"
                                           "|\\\n"
                                           "| * a000 -> b200 (right), right\n"
                                           "* | a000 -> b100 (left), left\n"
                                           "|/\n"
                                           "* <base> -> a000 (branchpoint), say \"hi\"\n");
    rev("c000", "b200", "", "", "c");
    expect_out("graph", "* m000 -> t000 (head), top\n"
                        "* b100, b200 -> m000 (mergepoint), join\n"
                        "|\\\n"
                        "| | * b200 -> c000 (head), c\n"
                        "| |/\n"
                        "| * a000 -> b200 (right) (branchpoint), right\n"
                        "* | a000 -> b100 (left), left\n"
                        "|/\n"
                        "* <base> -> a000 (branchpoint), say \"hi\"\n");
    ok("upgrade heads");
    char *out = run("history --graph -i 2>/dev/null");
    cli_assert_has(out, "| | * b200 -> c000 (head) (current), c\n| | |     applied ");
    free(out);
}

Test(cli_draw, independent_roots_and_depends_on)
{
    ok("init migrations");
    rev("a1", "", "", "", "one");
    rev("a2", "a1", "", "", "two");
    rev("z1", "", "", "", "other");
    rev("z2", "z1", "", "a1", "needs");
    expect_out("history --graph", "* z1 (a1) -> z2 (head), needs\n"
                                  "* <base> -> z1, other\n"
                                  "\n"
                                  "* a1 -> a2 (head), two\n"
                                  "* <base> -> a1, one\n");
}

/* e merges c and b while d already waits for b: e's edge goes over to
 * d's lane instead of pulling it, so lanes never swap. */
Test(cli_draw, merge_into_a_lane_already_waiting)
{
    ok("init migrations");
    rev("a", "", "", "", "a");
    rev("b", "a", "", "", "b");
    rev("c", "a", "", "", "c");
    rev("d", "b", "", "", "d");
    rev("e", "c, b", "", "", "e");
    expect_out("history --graph", "* c, b -> e (head) (mergepoint), e\n"
                                  "|\\\n"
                                  "| | * b -> d (head), d\n"
                                  "| |/\n"
                                  "* | a -> c, c\n"
                                  "| * a -> b (branchpoint), b\n"
                                  "|/\n"
                                  "* <base> -> a (branchpoint), a\n");
}

Test(cli_draw, dot_for_graphviz)
{
    merged_project();
    rev("d000", "b100", "", "b200", "needs");
    char *url = rt_xasprintf("sqlite:///%s/app.db", dir);
    char *up = rt_xasprintf("--url '%s' upgrade m000", url);
    ok(up);
    char *args = rt_xasprintf("--url '%s' graph --format dot 2>/dev/null", url);
    char *dot = run(args);
    cr_assert(strncmp(dot, "digraph retort {\n  rankdir=BT;\n", 31) == 0, "%s", dot);
    cli_assert_has(dot, "\n  \"a000\" [label=\"a000\\nsay \\\"hi\\\"\", shape=ellipse];\n");
    cli_assert_has(dot, "\n  \"b100\" [label=\"b100 (left)\\nleft\", shape=ellipse];\n");
    cli_assert_has(dot, "\n  \"m000\" [label=\"m000 (head) (current)\\njoin\", peripheries=2, "
                        "shape=ellipse, style=filled, fillcolor=lightblue];\n");
    cli_assert_has(dot, "\n  \"b100\" -> \"m000\";\n  \"b200\" -> \"m000\";\n");
    cli_assert_has(dot, "\n  \"b200\" -> \"d000\" [style=dashed, label=\"depends on\"];\n");
    cr_assert(strcmp(dot + strlen(dot) - 2, "}\n") == 0, "%s", dot);
    free(dot);
    free(args);
    /* Graphviz reads it. */
    char *out = NULL;
    int rc = rt_test_sh(&out, dir, "'%s' --url '%s' graph --format dot 2>/dev/null | dot -Tsvg",
                        RT_RETORT_BIN, url);
    cr_assert_eq(rc, 0, "%s", out);
    cli_assert_has(out, "<svg");
    cli_assert_has(out, "m000 (head) (current)");
    free(out);
    /* Without a URL, nothing is current; -i reads the configured one. */
    dot = run("graph --format dot 2>/dev/null");
    cli_assert_lacks(dot, "(current)");
    free(dot);
    dot = run("graph -i --format dot 2>/dev/null");
    cli_assert_has(dot, "m000 (head) (current)");
    free(dot);
    expect_error("graph --format svg", "--format takes text or dot, not 'svg'");
    free(up);
    free(url);
}
