/* retort copy through the built binary: a seeded database (every portable
 * type, NULLs, unicode, quoted names, a foreign-key cycle) moved SQLite ->
 * PostgreSQL -> MariaDB -> SQLite comes back with identical rows; and the
 * refusals: another revision, rows in the target, an unreachable URL, a
 * value the target cannot take (rolled back). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "copy.h"
#include "dialect.h"
#include "matrix_helpers.h"
#include "rt_mem.h"

#define REV1 "c0000000001"
#define REV2 "c0000000002"

static const char UP1[] =
    "CREATE TABLE \"Kinds\" (\n"
    "    id INTEGER PRIMARY KEY,\n"
    "    \"Label\" VARCHAR(40) NOT NULL,\n"
    "    flag BOOLEAN,\n"
    "    price NUMERIC(14, 4),\n"
    "    ratio DOUBLE PRECISION,\n"
    "    small REAL,\n"
    "    born DATE,\n"
    "    at TIME,\n"
    "    seen TIMESTAMP,\n"
    "    moment TIMESTAMP WITH TIME ZONE,\n"
    "    data BLOB,\n"
    "    doc JSON,\n"
    "    uid UUID,\n"
    "    state ENUM('new', 'old'),\n"
    "    note TEXT,\n"
    "    code CHAR(3),\n"
    "    big BIGINT\n"
    ");\n"
    "CREATE TABLE dept (id INTEGER PRIMARY KEY, name VARCHAR(40), head_id INTEGER);\n"
    "CREATE TABLE emp (id INTEGER PRIMARY KEY, dept_id INTEGER NOT NULL REFERENCES dept (id), "
    "name VARCHAR(40));\n"
    "ALTER TABLE dept ADD CONSTRAINT fk_dept_head FOREIGN KEY (head_id) REFERENCES emp (id);";
static const char DOWN1[] =
    "ALTER TABLE dept DROP CONSTRAINT fk_dept_head;\nDROP TABLE emp;\nDROP TABLE dept;\n"
    "DROP TABLE \"Kinds\";";
static const char UP2[] = "ALTER TABLE emp ADD COLUMN title VARCHAR(20);";
static const char DOWN2[] = "ALTER TABLE emp DROP COLUMN title;";

/* Generated rows (@ROWS@ of them), every fifth with NULLs, and a few
 * written out. */
static const char SEED[] =
    "INSERT INTO \"Kinds\" (id, \"Label\", flag, price, ratio, small, born, at, seen, moment, "
    "data, doc, uid, state, note, code, big) "
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @ROWS@) "
    "SELECT i, 'row ' || i, i % 2, CASE WHEN i % 5 = 0 THEN NULL ELSE i * 1000 + 0.1234 END, "
    "i / 10.0, i + 0.5, date('2024-02-29', '+' || i || ' days'), '13:14:15', "
    "'2024-02-29 13:14:15.' || printf('%06d', i), '2000-01-01 00:00:00.' || printf('%06d', i), "
    "CASE WHEN i % 5 = 0 THEN NULL ELSE X'00FF10' END, "
    "'{\"a\": [' || i || ', 2]}', printf('%08d-0000-4000-8000-%012d', i, i), "
    "CASE WHEN i % 2 = 0 THEN 'new' ELSE 'old' END, NULL, 'abc', 9007199254740993 + i FROM n";
static const char SEED_TEXT[] =
    "INSERT INTO \"Kinds\" (id, \"Label\", note, ratio) VALUES "
    "(1000001, 'Zoë ☃ 𝄞', 'it''s \"quoted\"\nand\ttabbed', 0.1 + 0.2), (1000002, '', '', -1.5e10)";
static const char SEED_CYCLE[] =
    "INSERT INTO dept (id, name, head_id) VALUES (1, 'a', NULL), (2, 'b', NULL);"
    "INSERT INTO emp (id, dept_id, name) VALUES (10, 1, 'x'), (11, 2, 'y'), (12, 2, 'z');"
    "UPDATE dept SET head_id = 10 WHERE id = 1;"
    "UPDATE dept SET head_id = 12 WHERE id = 2";

static void exec_url(const char *url, const char *sql)
{
    rt_url *u = NULL;
    rt_db *db = NULL;
    rt_error err;
    cr_assert_eq(rt_url_parse(&u, url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, u, &err), RT_OK, "%s", err.message);
    char *copy = rt_xstrdup(sql);
    for (char *s = strtok(copy, ";"); s; s = strtok(NULL, ";"))
        cr_assert_eq(rt_db_exec(db, s, &err), RT_OK, "%s\n-> %s", s, err.message);
    free(copy);
    rt_db_close(db);
    rt_url_free(u);
}

static int dump_row(void *ctx, size_t n, const char *const *names, const char *const *v)
{
    (void)names;
    rt_buf *b = ctx;
    for (size_t i = 0; i < n; i++) {
        /* A float in each backend's shortest text ("0.1") or SQLite's 17
         * digits: compared as the double it stands for. */
        char *end = NULL;
        double d = v[i] && strpbrk(v[i], ".e") ? strtod(v[i], &end) : 0;
        if (end && end != v[i] && *end == '\0')
            rt_buf_printf(b, "%.17g|", d);
        else
            rt_buf_printf(b, "%s|", v[i] ? v[i] : "<null>");
    }
    rt_buf_putc(b, '\n');
    return 0;
}

/* The rows through retort's copy reader of that backend, so that each
 * type reads in its portable text (the comparison is then exact). */
static char *dump(const char *url)
{
    rt_url *u = NULL;
    rt_db *db = NULL;
    rt_error err;
    cr_assert_eq(rt_url_parse(&u, url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, u, &err), RT_OK, "%s", err.message);
    const rt_dialect_copy *r = rt_db_dialect(db)->copy;
    for (size_t i = 0; r->session_sql && r->session_sql[i]; i++)
        cr_assert_eq(rt_db_exec(db, r->session_sql[i], &err), RT_OK, "%s", err.message);
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    rt_schema s = RT_SCHEMA_INIT;
    cr_assert_eq(rt_dialect_reflect(db, &opts, "retort_version", &s, &err), RT_OK, "%s",
                 err.message);
    rt_buf out = RT_BUF_INIT;
    static const char *const tables[] = { "Kinds", "dept", "emp" };
    for (size_t t = 0; t < 3; t++) {
        const rt_table *tab = rt_schema_find_table(&s, tables[t]);
        cr_assert(tab, "no table %s", tables[t]);
        rt_buf sql = RT_BUF_INIT;
        rt_buf_append(&sql, "SELECT ");
        for (size_t c = 0; c < tab->ncolumns; c++) {
            if (c)
                rt_buf_append(&sql, ", ");
            r->read(&sql, &tab->columns[c]);
        }
        rt_buf_append(&sql, " FROM ");
        rt_db_dialect(db)->quote_ident(&sql, tables[t]);
        rt_buf_append(&sql, " ORDER BY id");
        cr_assert_eq(rt_db_query(db, rt_buf_cstr(&sql), dump_row, &out, &err), RT_OK, "%s",
                     err.message);
        rt_buf_free(&sql);
    }
    rt_schema_free(&s);
    rt_db_close(db);
    rt_url_free(u);
    return rt_buf_steal(&out);
}

/* Equal dumps, or the first line that differs. */
static void expect_same(const char *now, const char *before, const char *where)
{
    if (strcmp(now, before) == 0)
        return;
    const char *a = now, *b = before;
    while (*a && *a == *b) {
        a++;
        b++;
    }
    while (a > now && a[-1] != '\n') {
        a--;
        b--;
    }
    cr_assert_fail("after the copy to %s, rows differ:\n  got:  %.*s\n  want: %.*s", where,
                   (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
}

static char *backend_url(rt_test_backend b, const char *dir)
{
    char *url = rt_test_matrix_url(b, dir);
    rt_test_db_reset(url);
    return url;
}

static mx_project project(void)
{
    mx_project p = mx_open_project(RT_TB_SQLITE, "");
    mx_write_revision(&p, REV1, "", "kinds", UP1, DOWN1);
    mx_write_revision(&p, REV2, REV1, "title", UP2, DOWN2);
    return p;
}

static int copy(mx_project *p, char **out, const char *from, const char *to, const char *extra)
{
    return cli_run(out, p->dir, "copy --from '%s' --to '%s' %s", from, to, extra);
}

TestSuite(copy);

/* The seeded SQLite database of p copied to `via` (two servers), then to
 * an SQLite file in `last_dir` through `last`; after each hop every row
 * read back equals the original (the last hop read through read_last). */
static void round_trip(mx_project *p, int rows, rt_test_backend a, rt_test_backend b,
                       rt_test_backend last, rt_test_backend read_last, char **server_a)
{
    mx_run_ok(p, "upgrade head");
    const char *at = strstr(SEED, "@ROWS@");
    char *seed = rt_xasprintf("%.*s%d%s", (int)(at - SEED), SEED, rows, at + 6);
    exec_url(p->url, seed);
    free(seed);
    exec_url(p->url, SEED_TEXT);
    exec_url(p->url, SEED_CYCLE);
    char *before = dump(p->url);
    cr_assert(strstr(before, "Zoë ☃ 𝄞"), "%s", before);
    char *other = rt_test_tmpdir();
    char *urls[3] = { backend_url(a, p->dir), backend_url(b, p->dir), backend_url(last, other) };
    char *last_read = rt_test_matrix_url(read_last, other);
    const char *from = p->url;
    for (size_t i = 0; i < 3; i++) {
        char *out = NULL;
        int rc = copy(p, &out, from, urls[i], "--migrate --verify-data");
        cr_assert_eq(rc, 0, "%s -> %s:\n%s", from, urls[i], out);
        cli_assert_hasf(out, "Copied %d rows of 3 tables", rows + 7);
        cli_assert_has(out, "verified by checksum");
        cli_assert_has(out, "second pass");
        free(out);
        char *now = dump(i == 2 ? last_read : urls[i]);
        expect_same(now, before, urls[i]);
        free(now);
        from = urls[i];
    }
    *server_a = urls[0];
    free(urls[1]);
    free(urls[2]);
    free(last_read);
    free(before);
    rt_test_rmtree(other);
    free(other);
}

Test(copy, round_trip_through_every_backend)
{
    mx_project p = project();
    char *pg = NULL;
    round_trip(&p, 300, RT_TB_POSTGRESQL, RT_TB_MYSQL, RT_TB_SQLITE, RT_TB_SQLITE, &pg);
    /* The identity sequence goes on past the copied keys. */
    exec_url(pg, "INSERT INTO dept (name) VALUES ('new')");
    mx_project q = { RT_TB_POSTGRESQL, p.dir, pg };
    char *id = mx_value(&q, "SELECT MAX(id) FROM dept");
    cr_assert_str_eq(id, "3");
    free(id);
    free(pg);
    mx_free(&p);
}

/* The same hops over ODBC: PostgreSQL, MariaDB and SQLite drivers. */
Test(copy, round_trip_over_odbc)
{
    mx_project p = project();
    char *pg = NULL;
    round_trip(&p, 300, RT_TB_POSTGRESQL_ODBC, RT_TB_MYSQL_ODBC, RT_TB_SQLITE_ODBC,
               RT_TB_SQLITE_ODBC, &pg);
    free(pg);
    mx_free(&p);
}

/* 100,000 rows of every type, the same three hops (ci/suites.sh leaves
 * it out under valgrind: the 300-row tests run the same code). */
Test(copy, hundred_thousand_rows)
{
    mx_project p = project();
    char *pg = NULL;
    round_trip(&p, 100000, RT_TB_POSTGRESQL, RT_TB_MYSQL, RT_TB_SQLITE, RT_TB_SQLITE, &pg);
    free(pg);
    mx_free(&p);
}

Test(copy, refusals_leave_the_target_alone)
{
    mx_project p = project();
    mx_run_ok(&p, "upgrade head");
    exec_url(p.url, SEED_CYCLE);
    char *pg = backend_url(RT_TB_POSTGRESQL, p.dir);
    char *out = NULL;

    /* an empty target without --migrate */
    cr_assert_eq(copy(&p, &out, p.url, pg, ""), 2, "%s", out);
    cli_assert_has(out, "is empty; pass --migrate");
    free(out);

    /* another revision */
    mx_project q = { RT_TB_POSTGRESQL, p.dir, pg };
    mx_run_ok(&q, "upgrade " REV1);
    cr_assert_eq(copy(&p, &out, p.url, pg, ""), 2, "%s", out);
    cli_assert_has(out, "is at revision " REV2);
    cli_assert_has(out, "is at " REV1);
    free(out);

    /* rows already there: refused, then replaced with --truncate */
    mx_run_ok(&q, "upgrade head");
    exec_url(pg, "INSERT INTO dept (id, name) VALUES (7, 'old')");
    cr_assert_eq(copy(&p, &out, p.url, pg, ""), 2, "%s", out);
    cli_assert_has(out, "already holds rows: 'dept' (1 rows)");
    cli_assert_has(out, "--truncate");
    free(out);
    cr_assert_eq(copy(&p, &out, p.url, pg, "--truncate"), 0, "%s", out);
    free(out);
    char *v = mx_value(&q, "SELECT COUNT(*) FROM dept");
    cr_assert_str_eq(v, "2");
    free(v);

    /* a value the target cannot take: the whole copy rolls back */
    exec_url(p.url, "INSERT INTO \"Kinds\" (id, \"Label\", big) VALUES (1, 'x', 'not a number')");
    cr_assert_eq(copy(&p, &out, p.url, pg, "--truncate"), 1, "%s", out);
    cli_assert_has(out, "copying table 'Kinds'");
    cli_assert_has(out, "rolled back");
    free(out);
    v = mx_value(&q, "SELECT COUNT(*) FROM emp");
    cr_assert_str_eq(v, "3", "the earlier copy's rows stay");
    free(v);

    /* unreachable, and no revision at the source */
    cr_assert_eq(copy(&p, &out, p.url, "postgresql://test:secret@127.0.0.1:1/x", ""), 2, "%s",
                 out);
    cli_assert_lacks(out, "secret");
    free(out);
    char *empty = rt_xasprintf("sqlite:///%s/empty.db", p.dir);
    cr_assert_eq(copy(&p, &out, empty, pg, ""), 2, "%s", out);
    cli_assert_has(out, "has no revision");
    free(out);
    cr_assert_eq(cli_run(&out, p.dir, "copy --from '%s'", p.url), 2, "%s", out);
    cli_assert_has(out, "copy needs --from URL and --to URL");
    free(out);
    free(empty);
    free(pg);
    mx_free(&p);
}
