/* verify, test, diff and inspect through the built binary on every
 * backend/transport pair, bad input included. Each pair's database is
 * compared with a SQLite file of the same project ("other.db"). */
#include "matrix_helpers.h"

#define UP_A                                                                               \
    "CREATE TABLE author (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL,\n"           \
    "    active BOOLEAN DEFAULT TRUE);\n"                                                  \
    "CREATE TABLE book (id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL,\n"            \
    "    author_id INTEGER REFERENCES author (id) ON DELETE CASCADE, price NUMERIC(10, 2));\n" \
    "CREATE INDEX ix_book_title ON book (title);"
#define DOWN_A "DROP TABLE book;\nDROP TABLE author;"
#define UP_B                                                                               \
    "ALTER TABLE book ADD COLUMN published DATE;\n"                                        \
    "CREATE TABLE tag (id BIGINT PRIMARY KEY, label VARCHAR(50) NOT NULL,\n"               \
    "    created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, UNIQUE (label));"
#define DOWN_B "DROP TABLE tag;\nALTER TABLE book DROP COLUMN published;"

/* The models that equal the history at head. */
#define MODELS_HEAD                                                                        \
    "CREATE TABLE author (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL,\n"           \
    "    active BOOLEAN DEFAULT TRUE);\n"                                                  \
    "CREATE TABLE book (id INTEGER PRIMARY KEY, title VARCHAR(200) NOT NULL,\n"            \
    "    author_id INTEGER REFERENCES author (id) ON DELETE CASCADE, price NUMERIC(10, 2),\n" \
    "    published DATE);\n"                                                               \
    "CREATE INDEX ix_book_title ON book (title);\n"                                        \
    "CREATE TABLE tag (id BIGINT PRIMARY KEY, label VARCHAR(50) NOT NULL,\n"               \
    "    created TIMESTAMP DEFAULT CURRENT_TIMESTAMP, UNIQUE (label));\n"

#define UNREACHABLE "postgresql://test:secret@127.0.0.1:1/test"

typedef struct tl_project {
    mx_project p;
    char *other;     /* sqlite URL of a second database in the project */
} tl_project;

static tl_project tl_open(rt_test_backend b)
{
    tl_project t = { mx_open(b), NULL };
    t.other = rt_xasprintf("sqlite:///%s/other.db", t.p.dir);
    char *out = NULL;
    cr_assert_eq(cli_run(&out, t.p.dir, "init migrations"), 0, "%s", out);
    free(out);
    mx_write_revision(&t.p, "a1", "", "authors and books", UP_A, DOWN_A);
    mx_write_revision(&t.p, "b2", "a1", "tags", UP_B, DOWN_B);
    return t;
}

static void tl_free(tl_project *t)
{
    free(t->other);
    mx_free(&t->p);
}

/* Both databases empty again. */
static void tl_reset(tl_project *t)
{
    rt_test_db_reset(t->p.url);
    rt_test_db_reset(t->other);
}

/* Runs statements on the pair's database through retort's own layer. */
static void tl_exec(tl_project *t, const char *sql)
{
    rt_error err;
    rt_url *url = NULL;
    rt_db *db = NULL;
    cr_assert_eq(rt_url_parse(&url, t->p.url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_exec(db, sql, &err), RT_OK, "[%s] %s: %s",
                 rt_test_matrix_name(t->p.backend), sql, err.message);
    rt_db_close(db);
    rt_url_free(url);
}

/* `retort ARGS` (a format) in the project must exit with want; returns the
 * output (caller frees). */
__attribute__((format(printf, 3, 4))) static char *tl_expect(tl_project *t, int want,
                                                             const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *args = rt_xvasprintf(fmt, ap);
    va_end(ap);
    char *out = NULL;
    int rc = cli_run(&out, t->p.dir, "%s", args);
    cr_assert_eq(rc, want, "[%s] retort %s -> exit %d, want %d:\n%s",
                 rt_test_matrix_name(t->p.backend), args, rc, want, out);
    cr_assert_null(strstr(out, ":test@"), "password shown:\n%s", out);
    cr_assert_null(strstr(out, "secret"), "password shown:\n%s", out);
    free(args);
    return out;
}

static const char *tl_backend_label(rt_test_backend b)
{
    static const char *const labels[] = {
        "sqlite+sqlite3", "postgresql+libpq", "mysql+mysqlclient",
        "sqlite+odbc",    "postgresql+odbc",  "mysql+odbc",
    };
    return labels[b];
}

static void verify_cmd(rt_test_backend b)
{
    tl_project t = tl_open(b);
    char *out = tl_expect(&t, 0, "verify '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, tl_backend_label(b));
    cli_assert_has(out, "REVISIONS");
    cr_assert_eq(strstr(out, " ok") != NULL && strstr(strstr(out, " ok") + 1, " ok") != NULL, 1,
                 "two rows ok:\n%s", out);
    cli_assert_lacks(out, "differs");
    free(out);
    mx_expect_schema(&t.p, "verify", MODELS_HEAD);

    /* Now neither is empty: refused, and --reuse runs nothing more. */
    out = tl_expect(&t, 2, "verify '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, "refused");
    cli_assert_has(out, "is not empty: it is at revision b2");
    free(out);
    out = tl_expect(&t, 2, "verify --format json '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, "\"error_class\": \"usage\", \"error_code\": \"usage\"");
    free(out);
    out = tl_expect(&t, 0, "verify --reuse --format json '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, "\"equivalent\": true");
    cli_assert_has(out, "\"revisions\": 0");
    cli_assert_has(out, "\"error_class\": null");
    free(out);

    /* A database at another revision: refused; with --reuse brought along. */
    tl_reset(&t);
    mx_run_ok(&t.p, "upgrade a1");
    out = tl_expect(&t, 2, "verify '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, "it is at revision a1");
    free(out);
    out = tl_expect(&t, 0, "verify --reuse '%s' '%s'", t.p.url, t.other);
    cli_assert_hasf(out, "%s", tl_backend_label(b));
    free(out);

    /* --to, then --down back to base: empty again. */
    tl_reset(&t);
    out = tl_expect(&t, 0, "verify --to a1 --down '%s' '%s'", t.p.url, t.other);
    free(out);
    char *live = rt_test_live_summary(t.p.url);
    cr_assert_str_eq(live, "", "[%s] not empty after --down:\n%s", rt_test_matrix_name(b), live);
    free(live);

    /* Bad input: an unknown --to touches nothing, an unreachable server. */
    out = tl_expect(&t, 2, "verify --to nope '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, "No revision 'nope'");
    free(out);
    live = rt_test_live_summary(t.p.url);
    cr_assert_str_eq(live, "", "[%s] --to nope changed the database", rt_test_matrix_name(b));
    free(live);
    out = tl_expect(&t, 2, "verify '%s' '%s'", t.p.url, UNREACHABLE);
    cli_assert_has(out, "unreachable");
    cli_assert_has(out, "127.0.0.1:1");
    free(out);
    out = tl_expect(&t, 2, "verify '%s' 'bogus://u:secret@h/db'", t.p.url);
    cli_assert_has(out, "bad URL: Unknown database dialect 'bogus'");
    cli_assert_has(out, "bogus://u:***@h/db");
    free(out);
    out = tl_expect(&t, 2, "verify '%s' '%s'", t.p.url, t.p.url);
    cli_assert_has(out, "name the same database");
    free(out);
    tl_free(&t);
}

/* A database that holds what the other lacks: every difference named. */
static void verify_differs(rt_test_backend b)
{
    tl_project t = tl_open(b);
    /* Only on servers: a column added in the pair's own dialect block. */
    if (b != RT_TB_SQLITE && b != RT_TB_SQLITE_ODBC) {
        const char *d = b == RT_TB_MYSQL || b == RT_TB_MYSQL_ODBC ? "mysql" : "postgresql";
        char *up = rt_xasprintf("-- dialect: %s\nALTER TABLE tag ADD COLUMN note VARCHAR(20);", d);
        char *down = rt_xasprintf("-- dialect: %s\nALTER TABLE tag DROP COLUMN note;", d);
        mx_write_revision(&t.p, "c3", "b2", "server only", up, down);
        free(up);
        free(down);
    }
    tl_exec(&t, "CREATE TABLE extra (id INTEGER PRIMARY KEY)");
    char *out = tl_expect(&t, 1, "verify --reuse '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, "differs");
    cli_assert_has(out, "other.db differs from ");
    cli_assert_has(out, "Detected removed table 'extra'");
    if (b != RT_TB_SQLITE && b != RT_TB_SQLITE_ODBC)
        cli_assert_has(out, "Detected removed column 'tag.note'");
    free(out);
    out = tl_expect(&t, 1, "verify --reuse --format json '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, "\"equivalent\": false");
    cli_assert_has(out, "\"result\": \"differs\"");
    free(out);
    tl_free(&t);
}

static void test_cmd(rt_test_backend b)
{
    tl_project t = tl_open(b);
    char *out = tl_expect(&t, 0, "test '%s'", t.p.url);
    cli_assert_has(out, "2 revisions tested");
    free(out);
    mx_expect_schema(&t.p, "test", MODELS_HEAD);
    out = tl_expect(&t, 2, "test '%s'", t.p.url);
    cli_assert_has(out, "is not empty: it is at revision b2");
    free(out);

    /* A downgrade that forgets a column: named, with the difference. */
    tl_reset(&t);
    mx_write_revision(&t.p, "c3", "b2", "bio", "ALTER TABLE author ADD COLUMN bio VARCHAR(200);",
                      "CREATE INDEX ix_author_name ON author (name);");
    out = tl_expect(&t, 1, "test '%s'", t.p.url);
    cli_assert_has(out, "Revision c3");
    cli_assert_has(out, "does not reverse");
    cli_assert_has(out, "Detected added column 'author.bio'");
    cli_assert_has(out, "Detected added index 'ix_author_name' on 'author'(name)");
    cli_assert_lacks(out, "Revision b2");
    free(out);

    /* Models that differ from head. */
    tl_reset(&t);
    mx_write_revision(&t.p, "c3", "b2", "bio", "ALTER TABLE author ADD COLUMN bio VARCHAR(200);",
                      "ALTER TABLE author DROP COLUMN bio;");
    cr_assert_eq(rt_test_sh(NULL, t.p.dir, "echo 'models = models/*.sql' >> retort.ini && "
                                           "mkdir models"), 0);
    char *path = rt_xasprintf("%s/models/all.sql", t.p.dir);
    rt_test_write_file(path, MODELS_HEAD);
    out = tl_expect(&t, 1, "test '%s'", t.p.url);
    cli_assert_has(out, "The models differ from the schema at head");
    cli_assert_has(out, "Detected removed column 'author.bio'");
    free(out);
    tl_reset(&t);
    rt_test_write_file(path, MODELS_HEAD "ALTER TABLE author ADD COLUMN bio VARCHAR(200);\n");
    out = tl_expect(&t, 0, "test '%s'", t.p.url);
    cli_assert_has(out, "3 revisions tested");
    free(out);
    free(path);

    /* Two branches from c3 and their merge: each revision alone. */
    tl_reset(&t);
    cr_assert_eq(rt_test_sh(NULL, t.p.dir, "sed -i '/^models/d' retort.ini"), 0);
    mx_write_revision(&t.p, "d4", "c3", "left", "CREATE TABLE x1 (id INTEGER PRIMARY KEY);",
                      "DROP TABLE x1;");
    mx_write_revision(&t.p, "e5", "c3", "right", "CREATE TABLE x2 (id INTEGER PRIMARY KEY);",
                      "DROP TABLE x2;");
    mx_write_revision(&t.p, "f6", "d4, e5", "merge", "CREATE TABLE x3 (id INTEGER PRIMARY KEY);",
                      "DROP TABLE x3;");
    out = tl_expect(&t, 0, "test '%s'", t.p.url);
    cli_assert_has(out, "6 revisions tested");
    free(out);

    out = tl_expect(&t, 2, "test '%s'", UNREACHABLE);
    free(out);
    out = tl_expect(&t, 2, "test");
    cli_assert_has(out, "test needs the URL");
    free(out);
    tl_free(&t);
}

static void diff_cmd(rt_test_backend b)
{
    tl_project t = tl_open(b);
    mx_run_ok(&t.p, "upgrade head");
    char *out = tl_expect(&t, 1, "diff '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, "-- upgrade\n");
    cli_assert_has(out, "DROP TABLE tag;");
    cli_assert_has(out, "-- downgrade\n");
    cli_assert_has(out, "CREATE TABLE author (");
    free(out);

    /* Two backends at the same revision: equal. */
    out = tl_expect(&t, 0, "--url '%s' upgrade head", t.other);
    free(out);
    out = tl_expect(&t, 0, "diff '%s' '%s'", t.p.url, t.other);
    cli_assert_has(out, "No differences detected.");
    free(out);

    cr_assert_eq(rt_test_sh(NULL, t.p.dir, "echo 'models = models/*.sql' >> retort.ini && "
                                           "mkdir models"), 0);
    char *path = rt_xasprintf("%s/models/all.sql", t.p.dir);
    rt_test_write_file(path, MODELS_HEAD "ALTER TABLE author ADD COLUMN bio VARCHAR(200);\n");
    out = tl_expect(&t, 1, "diff '%s' models", t.p.url);
    cli_assert_has(out, "ALTER TABLE author ADD COLUMN bio VARCHAR(200);");
    cli_assert_has(out, "ALTER TABLE author DROP COLUMN bio;");
    free(out);
    out = tl_expect(&t, 1, "diff models '%s'", t.p.url);
    cli_assert_has(out, "-- upgrade\nALTER TABLE author DROP COLUMN bio;");
    free(out);
    rt_test_write_file(path, MODELS_HEAD);
    out = tl_expect(&t, 0, "diff models '%s'", t.p.url);
    free(out);
    free(path);

    out = tl_expect(&t, 2, "diff '%s' '%s'", t.p.url, UNREACHABLE);
    cli_assert_has(out, "127.0.0.1");
    free(out);
    out = tl_expect(&t, 2, "diff '%s'", t.p.url);
    cli_assert_has(out, "diff needs SOURCE and TARGET");
    free(out);
    out = tl_expect(&t, 2, "diff 'nosuch://x' models");
    free(out);
    tl_free(&t);
}

#define CYCLE_UP                                                                           \
    "CREATE TABLE dept (id INTEGER PRIMARY KEY, head_id INTEGER);\n"                       \
    "CREATE TABLE emp (id INTEGER PRIMARY KEY, dept_id INTEGER NOT NULL REFERENCES dept (id));\n" \
    "ALTER TABLE dept ADD CONSTRAINT fk_dept_head FOREIGN KEY (head_id) REFERENCES emp (id);"
#define CYCLE_DOWN                                                                         \
    "ALTER TABLE dept DROP CONSTRAINT fk_dept_head;\nDROP TABLE emp;\nDROP TABLE dept;"

static void inspect_cmd(rt_test_backend b)
{
    tl_project t = tl_open(b);
    mx_write_revision(&t.p, "c3", "b2", "cycle", CYCLE_UP, CYCLE_DOWN);
    mx_run_ok(&t.p, "upgrade head");
    char *out = tl_expect(&t, 0, "inspect '%s' -o models", t.p.url);
    free(out);
    /* Foreign-key order, the cycle's closing key last. */
    out = NULL;
    cr_assert_eq(rt_test_sh(&out, t.p.dir, "ls models | tr '\\n' ' '"), 0);
    cr_assert(strstr(out, "001_author.sql") && strstr(out, "constraints.sql"), "%s", out);
    char *book = strstr(out, "_book.sql"), *author = strstr(out, "_author.sql");
    cr_assert(book && author && author < book, "book before author: %s", out);
    free(out);
    cr_assert_eq(rt_test_sh(&out, t.p.dir, "cat models/*constraints.sql"), 0);
    cli_assert_has(out, "ALTER TABLE ");
    cli_assert_has(out, "FOREIGN KEY");
    free(out);

    /* Adopting: the models agree with the database. */
    cr_assert_eq(rt_test_sh(NULL, t.p.dir, "echo 'models = models/*.sql' >> retort.ini"), 0);
    out = NULL;
    cr_assert_eq(mx_run(&t.p, &out, "check"), 0, "[%s] check after inspect:\n%s",
                 rt_test_matrix_name(b), out);
    cli_assert_has(out, "No new upgrade operations detected.");
    free(out);
    out = tl_expect(&t, 0, "diff '%s' models", t.p.url);
    free(out);

    /* To stdout; an -o folder that holds model files already is refused. */
    out = tl_expect(&t, 0, "inspect '%s'", t.p.url);
    cli_assert_has(out, "-- 001_author.sql\nCREATE TABLE author (");
    free(out);
    out = tl_expect(&t, 2, "inspect '%s' -o models", t.p.url);
    cli_assert_has(out, "already holds model files");
    free(out);
    out = tl_expect(&t, 2, "inspect '%s'", UNREACHABLE);
    free(out);
    out = tl_expect(&t, 2, "inspect");
    cli_assert_has(out, "inspect needs a database URL");
    free(out);
    tl_free(&t);
}

/* The constructs of issue #10 (CHAR, aliases, ENUM, now(), comments,
 * generated columns): verify finds the pair equal to SQLite, inspect writes
 * them so that check agrees, test reverses them. */
#define CONSTRUCTS_UP                                                                      \
    "CREATE TABLE artist (id INTEGER PRIMARY KEY, name NVARCHAR(120) NOT NULL,\n"           \
    "    country CHAR(2), code NCHAR(3) DEFAULT 'abc', born DATETIME DEFAULT now(),\n"      \
    "    status ENUM('active', 'retired') NOT NULL DEFAULT 'active');\n"                     \
    "COMMENT ON TABLE artist IS 'People who make albums';\n"                               \
    "COMMENT ON COLUMN artist.name IS 'Display name, it''s shown as is';\n"                \
    "CREATE TABLE track (id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL REFERENCES\n"  \
    "    artist (id), price_cents INTEGER NOT NULL, qty INTEGER NOT NULL DEFAULT 1,\n"      \
    "    total_cents INTEGER GENERATED ALWAYS AS (price_cents * qty) STORED);"
#define CONSTRUCTS_DOWN "DROP TABLE track;\nDROP TABLE artist;"

static void constructs(rt_test_backend b)
{
    tl_project t = tl_open(b);
    mx_write_revision(&t.p, "c3", "b2", "constructs", CONSTRUCTS_UP, CONSTRUCTS_DOWN);
    char *out = tl_expect(&t, 0, "verify '%s' '%s'", t.p.url, t.other);
    cli_assert_lacks(out, "differs");
    free(out);
    out = tl_expect(&t, 0, "inspect '%s' -o models", t.p.url);
    free(out);
    cr_assert_eq(rt_test_sh(NULL, t.p.dir, "echo 'models = models/*.sql' >> retort.ini"), 0);
    out = tl_expect(&t, 0, "--url '%s' check", t.p.url);
    free(out);
    out = tl_expect(&t, 0, "diff '%s' models", t.p.url);
    free(out);
    out = tl_expect(&t, 0, "diff '%s' '%s'", t.other, t.p.url);
    free(out);
    tl_reset(&t);
    out = tl_expect(&t, 0, "test '%s'", t.p.url);
    cli_assert_has(out, "3 revisions tested");
    free(out);
    tl_free(&t);
}

#define TOOLS(suite, backend)                                                  \
    Test(suite, verify) { verify_cmd(backend); }                               \
    Test(suite, verify_differs) { verify_differs(backend); }                   \
    Test(suite, test) { test_cmd(backend); }                                   \
    Test(suite, diff) { diff_cmd(backend); }                                   \
    Test(suite, inspect) { inspect_cmd(backend); }                             \
    Test(suite, constructs) { constructs(backend); }

TOOLS(tools_sqlite, RT_TB_SQLITE)
TOOLS(tools_postgresql, RT_TB_POSTGRESQL)
TOOLS(tools_mysql, RT_TB_MYSQL)
TOOLS(tools_sqlite_odbc, RT_TB_SQLITE_ODBC)
TOOLS(tools_postgresql_odbc, RT_TB_POSTGRESQL_ODBC)
TOOLS(tools_mysql_odbc, RT_TB_MYSQL_ODBC)

/* The CI matrix in one run: the three native backends, then over ODBC. */
static void verify_three(bool odbc)
{
    mx_project p = mx_open(odbc ? RT_TB_SQLITE_ODBC : RT_TB_SQLITE);
    char *pg = rt_test_matrix_url(odbc ? RT_TB_POSTGRESQL_ODBC : RT_TB_POSTGRESQL, p.dir);
    char *my = rt_test_matrix_url(odbc ? RT_TB_MYSQL_ODBC : RT_TB_MYSQL, p.dir);
    rt_test_db_reset(pg);
    rt_test_db_reset(my);
    char *out = NULL;
    cr_assert_eq(cli_run(&out, p.dir, "init migrations"), 0, "%s", out);
    free(out);
    mx_write_revision(&p, "a1", "", "authors and books", UP_A, DOWN_A);
    mx_write_revision(&p, "b2", "a1", "tags", UP_B, DOWN_B);
    mx_write_revision(&p, "c3", "b2", "cycle", CYCLE_UP, CYCLE_DOWN);
    int rc = cli_run(&out, p.dir, "verify --down '%s' '%s' '%s'", p.url, pg, my);
    cr_assert_eq(rc, 0, "verify on three backends -> %d:\n%s", rc, out);
    cli_assert_lacks(out, "differs");
    free(out);
    free(pg);
    free(my);
    mx_free(&p);
}

Test(tools_all, native) { verify_three(false); }
Test(tools_all, odbc) { verify_three(true); }
