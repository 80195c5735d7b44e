/* Issue #10 §5: every op kind x every flag it has x every dialect, on the
 * real backends (SQLite in a temp file, the PostgreSQL and MariaDB servers
 * of $RETORT_TEST_PG_URL / $RETORT_TEST_MYSQL_URL).
 *
 * The round trip is the oracle, not hand-written SQL: each case's op is
 * rendered with rt_dialect_render (the entry point every caller uses) on
 * the model its setup made, run, and the database reflected; the reflection
 * must equal what rt_schema_apply makes of the op, after the dialect's
 * normalize (compared by the differ, as `check` does). Or the op is refused
 * with RT_ENOTSUPPORTED and a message naming its table, and only where the
 * case's table says that dialect refuses it. An op rendering to nothing
 * while the normalised model changed is a failure: a dialect documents what
 * it keeps in the model alone (SQLite's comments) by dropping it in its
 * normalize. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "diff.h"
#include "dialect.h"
#include "rt_test.h"
#include "rt_test_db.h"
#include "sql_parse.h"
#include "url.h"

/* The dialects a case may be refused on. */
#define R_SQ (1u << 0)
#define R_PG (1u << 1)
#define R_MY (1u << 2)

typedef struct cf_case {
    const char *kind;  /* op kind, as the failure names it */
    const char *flag;
    const char *setup; /* portable SQL run first (rendered by the same dialect) */
    const char *sql;   /* the op(s) under test */
    unsigned refused;  /* R_*: dialects that refuse it with RT_ENOTSUPPORTED */
} cf_case;

#define BASE                                                                             \
    "CREATE TABLE p (id INTEGER PRIMARY KEY, code VARCHAR(10) NOT NULL);"                \
    "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b VARCHAR(20), p_id INTEGER, "   \
    "n INTEGER NOT NULL DEFAULT 0, q INTEGER, CONSTRAINT uq_t_b UNIQUE (b), "                       \
    "CONSTRAINT ck_t_a CHECK (a > 0), "                                                  \
    "CONSTRAINT fk_t_p FOREIGN KEY (p_id) REFERENCES p (id));"                           \
    "CREATE INDEX ix_t_a ON t (a);"

#define QBASE                                                                            \
    "CREATE TABLE \"Odd Table\" (\"Id\" INTEGER PRIMARY KEY, \"the value\" INTEGER, "    \
    "\"select\" VARCHAR(10));"                                                           \
    "CREATE INDEX \"Ix Odd\" ON \"Odd Table\" (\"the value\");"

static const cf_case cf_fixed[] = {
    /* CREATE TABLE */
    {"CREATE TABLE", "plain", "", "CREATE TABLE x (id INTEGER PRIMARY KEY, v TEXT)", 0},
    {"CREATE TABLE", "IF NOT EXISTS, new", "", "CREATE TABLE IF NOT EXISTS x (id INTEGER PRIMARY KEY)", 0},
    {"CREATE TABLE", "IF NOT EXISTS, existing", BASE, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY)", 0},
    {"CREATE TABLE", "no primary key", "", "CREATE TABLE x (a INTEGER, b INTEGER)", 0},
    {"CREATE TABLE", "composite primary key", "", "CREATE TABLE x (a INTEGER, b VARCHAR(5), PRIMARY KEY (a, b))", 0},
    {"CREATE TABLE", "named primary key", "", "CREATE TABLE x (a INTEGER, CONSTRAINT pk_x PRIMARY KEY (a))", 0},
    {"CREATE TABLE", "text primary key", "", "CREATE TABLE x (code VARCHAR(10) PRIMARY KEY)", 0},
    {"CREATE TABLE", "NOT NULL", "", "CREATE TABLE x (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)", 0},
    {"CREATE TABLE", "inline UNIQUE", "", "CREATE TABLE x (id INTEGER PRIMARY KEY, v INTEGER UNIQUE)", 0},
    {"CREATE TABLE", "named UNIQUE", "", "CREATE TABLE x (id INTEGER PRIMARY KEY, v INTEGER, w INTEGER, CONSTRAINT uq_x_vw UNIQUE (v, w))", 0},
    {"CREATE TABLE", "named CHECK", "", "CREATE TABLE x (id INTEGER PRIMARY KEY, v INTEGER, CONSTRAINT ck_x_v CHECK (v >= 0))", 0},
    {"CREATE TABLE", "inline CHECK", "", "CREATE TABLE x (id INTEGER PRIMARY KEY, v INTEGER CHECK (v <> 3))", 0},
    {"CREATE TABLE", "inline REFERENCES", BASE, "CREATE TABLE x (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p)", 0},
    {"CREATE TABLE", "self-referencing FK", "", "CREATE TABLE x (id INTEGER PRIMARY KEY, up INTEGER, CONSTRAINT fk_x_up FOREIGN KEY (up) REFERENCES x (id))", 0},
    {"CREATE TABLE", "FK DEFERRABLE", BASE, "CREATE TABLE x (id INTEGER PRIMARY KEY, p_id INTEGER, CONSTRAINT fk_x_p FOREIGN KEY (p_id) REFERENCES p (id) DEFERRABLE)", R_MY},
    {"CREATE TABLE", "FK DEFERRABLE INITIALLY DEFERRED", BASE, "CREATE TABLE x (id INTEGER PRIMARY KEY, p_id INTEGER, CONSTRAINT fk_x_p FOREIGN KEY (p_id) REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)", R_MY},
    {"CREATE TABLE", "generated column", "", "CREATE TABLE x (id INTEGER PRIMARY KEY, a INTEGER, g INTEGER GENERATED ALWAYS AS (a * 2) STORED)", 0},
    {"CREATE TABLE", "quoted names", "", "CREATE TABLE \"New Tab\" (\"Id\" INTEGER PRIMARY KEY, \"order\" INTEGER, \"a b\" VARCHAR(5) DEFAULT 'q')", 0},
    {"CREATE TABLE", "ENUM with quote", "", "CREATE TABLE x (id INTEGER PRIMARY KEY, s ENUM('draft', 'it''s') NOT NULL DEFAULT 'draft')", 0},
    /* DROP TABLE */
    {"DROP TABLE", "plain", BASE, "DROP TABLE t", 0},
    {"DROP TABLE", "IF EXISTS, existing", BASE, "DROP TABLE IF EXISTS t", 0},
    {"DROP TABLE", "IF EXISTS, missing", BASE, "DROP TABLE IF EXISTS nothere", 0},
    {"DROP TABLE", "quoted name", QBASE, "DROP TABLE \"Odd Table\"", 0},
    /* RENAME TABLE */
    {"RENAME TABLE", "plain", BASE, "ALTER TABLE t RENAME TO t2", 0},
    {"RENAME TABLE", "referenced by a FK", BASE, "ALTER TABLE p RENAME TO parent", 0},
    {"RENAME TABLE", "quoted names", QBASE, "ALTER TABLE \"Odd Table\" RENAME TO \"Even Table\"", 0},
    /* ADD COLUMN */
    {"ADD COLUMN", "plain", BASE, "ALTER TABLE t ADD COLUMN c INTEGER", 0},
    {"ADD COLUMN", "NOT NULL DEFAULT", BASE, "ALTER TABLE t ADD COLUMN c VARCHAR(5) NOT NULL DEFAULT 'z'", 0},
    {"ADD COLUMN", "inline UNIQUE", BASE, "ALTER TABLE t ADD COLUMN c INTEGER UNIQUE", 0},
    {"ADD COLUMN", "inline CHECK", BASE, "ALTER TABLE t ADD COLUMN c INTEGER CHECK (c > 1)", 0},
    {"ADD COLUMN", "inline REFERENCES", BASE, "ALTER TABLE t ADD COLUMN q_id INTEGER REFERENCES p (id)", 0},
    {"ADD COLUMN", "REFERENCES ON DELETE CASCADE", BASE, "ALTER TABLE t ADD COLUMN q_id INTEGER REFERENCES p (id) ON DELETE CASCADE", 0},
    {"ADD COLUMN", "generated column", BASE, "ALTER TABLE t ADD COLUMN g INTEGER GENERATED ALWAYS AS (a + n) STORED", 0},
    {"ADD COLUMN", "ENUM", BASE, "ALTER TABLE t ADD COLUMN s ENUM('x', 'y') DEFAULT 'x'", 0},
    {"ADD COLUMN", "quoted name", QBASE, "ALTER TABLE \"Odd Table\" ADD COLUMN \"New Col\" TEXT", 0},
    /* DROP COLUMN */
    {"DROP COLUMN", "plain", BASE, "ALTER TABLE t DROP COLUMN n", 0},
    {"DROP COLUMN", "indexed", BASE, "ALTER TABLE t DROP COLUMN a", 0},
    {"DROP COLUMN", "in a UNIQUE", BASE, "ALTER TABLE t DROP COLUMN b", 0},
    {"DROP COLUMN", "FK column", BASE, "ALTER TABLE t DROP COLUMN p_id", 0},
    {"DROP COLUMN", "quoted name", QBASE, "ALTER TABLE \"Odd Table\" DROP COLUMN \"select\"", 0},
    {"DROP COLUMN", "with comment", BASE "COMMENT ON COLUMN t.n IS 'count';", "ALTER TABLE t DROP COLUMN n", 0},
    /* RENAME COLUMN */
    {"RENAME COLUMN", "plain", BASE, "ALTER TABLE t RENAME COLUMN n TO m", 0},
    {"RENAME COLUMN", "indexed", BASE, "ALTER TABLE t RENAME COLUMN a TO aa", 0},
    {"RENAME COLUMN", "FK column", BASE, "ALTER TABLE t RENAME COLUMN p_id TO parent_id", 0},
    {"RENAME COLUMN", "referenced column", BASE, "ALTER TABLE p RENAME COLUMN id TO pid", 0},
    {"RENAME COLUMN", "quoted names", QBASE, "ALTER TABLE \"Odd Table\" RENAME COLUMN \"the value\" TO \"The Value\"", 0},
    /* ALTER TYPE: each type kind comes from cf_types */
    {"ALTER COLUMN TYPE", "widen VARCHAR keeps NOT NULL and default",
     "CREATE TABLE x (id INTEGER PRIMARY KEY, v VARCHAR(5) NOT NULL DEFAULT 'a');",
     "ALTER TABLE x ALTER COLUMN v TYPE VARCHAR(50)", 0},
    /* PostgreSQL has no cast between these: it would fail whatever the rows hold */
    {"ALTER COLUMN TYPE", "DATE to INTEGER", "CREATE TABLE x (id INTEGER PRIMARY KEY, d DATE);", "ALTER TABLE x ALTER COLUMN d TYPE INTEGER", R_PG},
    {"ALTER COLUMN TYPE", "BOOLEAN to NUMERIC", "CREATE TABLE x (id INTEGER PRIMARY KEY, b BOOLEAN);", "ALTER TABLE x ALTER COLUMN b TYPE NUMERIC(5,2)", R_PG},
    {"ALTER COLUMN TYPE", "BOOLEAN to INTEGER", "CREATE TABLE x (id INTEGER PRIMARY KEY, b BOOLEAN);", "ALTER TABLE x ALTER COLUMN b TYPE INTEGER", 0},
    {"ALTER COLUMN TYPE", "with comment", BASE "COMMENT ON COLUMN t.b IS 'bee';", "ALTER TABLE t ALTER COLUMN b TYPE VARCHAR(40)", 0},
    /* SET / DROP NOT NULL */
    {"SET NOT NULL", "plain", BASE, "ALTER TABLE t ALTER COLUMN a SET NOT NULL", 0},
    {"SET NOT NULL", "column with default", "CREATE TABLE x (id INTEGER PRIMARY KEY, v VARCHAR(5) DEFAULT 'a');", "ALTER TABLE x ALTER COLUMN v SET NOT NULL", 0},
    {"SET NOT NULL", "quoted name", QBASE, "ALTER TABLE \"Odd Table\" ALTER COLUMN \"the value\" SET NOT NULL", 0},
    {"DROP NOT NULL", "plain", BASE, "ALTER TABLE t ALTER COLUMN n DROP NOT NULL", 0},
    {"DROP NOT NULL", "with comment", BASE "COMMENT ON COLUMN t.n IS 'count';", "ALTER TABLE t ALTER COLUMN n DROP NOT NULL", 0},
    /* SET / DROP DEFAULT: each form comes from cf_defaults */
    {"DROP DEFAULT", "plain", BASE, "ALTER TABLE t ALTER COLUMN n DROP DEFAULT", 0},
    {"DROP DEFAULT", "quoted name", "CREATE TABLE \"Q\" (\"Id\" INTEGER PRIMARY KEY, \"V v\" INTEGER DEFAULT 7);", "ALTER TABLE \"Q\" ALTER COLUMN \"V v\" DROP DEFAULT", 0},
    /* ADD CONSTRAINT */
    {"ADD CONSTRAINT", "PRIMARY KEY", "CREATE TABLE x (a INTEGER NOT NULL, b INTEGER);", "ALTER TABLE x ADD PRIMARY KEY (a)", 0},
    {"ADD CONSTRAINT", "named PRIMARY KEY", "CREATE TABLE x (a INTEGER NOT NULL, b INTEGER);", "ALTER TABLE x ADD CONSTRAINT pk_x PRIMARY KEY (a)", 0},
    {"ADD CONSTRAINT", "UNIQUE", BASE, "ALTER TABLE t ADD CONSTRAINT uq_t_an UNIQUE (a, n)", 0},
    {"ADD CONSTRAINT", "CHECK", BASE, "ALTER TABLE t ADD CONSTRAINT ck_t_n CHECK (n >= 0)", 0},
    {"ADD CONSTRAINT", "FOREIGN KEY", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_n FOREIGN KEY (n) REFERENCES p (id)", 0},
    {"ADD CONSTRAINT", "FK ON DELETE CASCADE", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_n FOREIGN KEY (n) REFERENCES p (id) ON DELETE CASCADE", 0},
    {"ADD CONSTRAINT", "FK ON DELETE SET NULL", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_q FOREIGN KEY (q) REFERENCES p (id) ON DELETE SET NULL", 0},
    /* MariaDB: error 1901 once the statements before it had committed */
    {"ADD CONSTRAINT", "FK ON DELETE SET NULL on a column a CHECK reads", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_a FOREIGN KEY (a) REFERENCES p (id) ON DELETE SET NULL", R_MY},
    {"ADD CONSTRAINT", "CHECK on a column of a FK ON UPDATE CASCADE", BASE "ALTER TABLE t ADD CONSTRAINT fk_t_q FOREIGN KEY (q) REFERENCES p (id) ON UPDATE CASCADE;", "ALTER TABLE t ADD CONSTRAINT ck_t_q CHECK (q < 100)", R_MY},
    {"CREATE TABLE", "FK ON UPDATE SET NULL and a CHECK on its column", BASE, "CREATE TABLE x (id INTEGER PRIMARY KEY, p_id INTEGER CHECK (p_id > 0), CONSTRAINT fk_x_p FOREIGN KEY (p_id) REFERENCES p (id) ON UPDATE SET NULL)", R_MY},
    {"ADD CONSTRAINT", "FK ON DELETE RESTRICT", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_n FOREIGN KEY (n) REFERENCES p (id) ON DELETE RESTRICT", 0},
    {"ADD CONSTRAINT", "FK ON DELETE SET DEFAULT", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_n FOREIGN KEY (n) REFERENCES p (id) ON DELETE SET DEFAULT", R_MY},
    {"ADD CONSTRAINT", "FK ON UPDATE SET DEFAULT", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_n FOREIGN KEY (n) REFERENCES p (id) ON UPDATE SET DEFAULT", R_MY},
    {"ADD CONSTRAINT", "FK ON UPDATE CASCADE", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_n FOREIGN KEY (n) REFERENCES p (id) ON UPDATE CASCADE", 0},
    {"ADD CONSTRAINT", "FK without columns", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_n FOREIGN KEY (n) REFERENCES p", 0},
    {"ADD CONSTRAINT", "FK DEFERRABLE", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_n FOREIGN KEY (n) REFERENCES p (id) DEFERRABLE", R_MY},
    {"ADD CONSTRAINT", "FK DEFERRABLE INITIALLY DEFERRED", BASE, "ALTER TABLE t ADD CONSTRAINT fk_t_n FOREIGN KEY (n) REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED", R_MY},
    {"ADD CONSTRAINT", "quoted names", QBASE, "ALTER TABLE \"Odd Table\" ADD CONSTRAINT \"Uq Odd\" UNIQUE (\"select\")", 0},
    /* DROP CONSTRAINT */
    {"ADD CONSTRAINT", "CHECK on the auto-increment key", BASE, "ALTER TABLE t ADD CONSTRAINT ck_t_id CHECK (id > 0)", R_MY},
    {"DROP CONSTRAINT", "UNIQUE", BASE, "ALTER TABLE t DROP CONSTRAINT uq_t_b", 0},
    {"DROP CONSTRAINT", "CHECK", BASE, "ALTER TABLE t DROP CONSTRAINT ck_t_a", 0},
    {"DROP CONSTRAINT", "FOREIGN KEY", BASE, "ALTER TABLE t DROP CONSTRAINT fk_t_p", 0},
    {"DROP CONSTRAINT", "PRIMARY KEY", "CREATE TABLE x (a INTEGER NOT NULL, CONSTRAINT pk_x PRIMARY KEY (a));", "ALTER TABLE x DROP CONSTRAINT pk_x", 0},
    {"DROP CONSTRAINT", "IF EXISTS, existing", BASE, "ALTER TABLE t DROP CONSTRAINT IF EXISTS uq_t_b", 0},
    {"DROP CONSTRAINT", "IF EXISTS, missing", BASE, "ALTER TABLE t DROP CONSTRAINT IF EXISTS nothere", 0},
    {"DROP CONSTRAINT", "quoted name", QBASE "ALTER TABLE \"Odd Table\" ADD CONSTRAINT \"Uq Odd\" UNIQUE (\"select\");", "ALTER TABLE \"Odd Table\" DROP CONSTRAINT \"Uq Odd\"", 0},
    /* CREATE INDEX */
    {"CREATE INDEX", "plain", BASE, "CREATE INDEX ix_t_n ON t (n)", 0},
    {"CREATE INDEX", "UNIQUE", BASE, "CREATE UNIQUE INDEX ux_t_n ON t (n)", 0},
    {"CREATE INDEX", "DESC", BASE, "CREATE INDEX ix_t_nd ON t (n DESC, a)", 0},
    {"CREATE INDEX", "several columns", BASE, "CREATE INDEX ix_t_na ON t (n, a, b)", 0},
    {"CREATE INDEX", "partial WHERE", BASE, "CREATE INDEX ix_t_np ON t (n) WHERE a > 0", R_MY},
    {"CREATE INDEX", "expression element", BASE, "CREATE INDEX ix_t_lb ON t ((lower(b)))", R_MY},
    {"CREATE INDEX", "IF NOT EXISTS, new", BASE, "CREATE INDEX IF NOT EXISTS ix_t_n ON t (n)", 0},
    {"CREATE INDEX", "IF NOT EXISTS, existing", BASE, "CREATE INDEX IF NOT EXISTS ix_t_a ON t (a)", 0},
    {"CREATE INDEX", "quoted names", QBASE, "CREATE UNIQUE INDEX \"Ux Odd\" ON \"Odd Table\" (\"select\" DESC)", 0},
    {"CREATE INDEX", "on a FK column", BASE, "CREATE INDEX ix_t_p ON t (p_id)", 0},
    /* DROP INDEX */
    {"DROP INDEX", "plain", BASE, "DROP INDEX ix_t_a", 0},
    {"DROP INDEX", "ON table", BASE, "DROP INDEX ix_t_a ON t", 0},
    {"DROP INDEX", "IF EXISTS, existing", BASE, "DROP INDEX IF EXISTS ix_t_a ON t", 0},
    {"DROP INDEX", "IF EXISTS, missing", BASE, "DROP INDEX IF EXISTS nothere ON t", 0},
    {"DROP INDEX", "UNIQUE", BASE "CREATE UNIQUE INDEX ux_t_n ON t (n);", "DROP INDEX ux_t_n ON t", 0},
    {"DROP INDEX", "covering a FK", BASE "CREATE INDEX ix_t_p ON t (p_id);", "DROP INDEX ix_t_p ON t", 0},
    {"DROP INDEX", "quoted name", QBASE, "DROP INDEX \"Ix Odd\" ON \"Odd Table\"", 0},
    /* COMMENT */
    {"COMMENT", "on table", BASE, "COMMENT ON TABLE t IS 'the t''s table'", 0},
    {"COMMENT", "on column", BASE, "COMMENT ON COLUMN t.n IS 'a count'", 0},
    {"COMMENT", "table IS NULL", BASE "COMMENT ON TABLE t IS 'x';", "COMMENT ON TABLE t IS NULL", 0},
    {"COMMENT", "column IS NULL", BASE "COMMENT ON COLUMN t.b IS 'x';", "COMMENT ON COLUMN t.b IS NULL", 0},
    {"COMMENT", "backslash", BASE, "COMMENT ON COLUMN t.b IS 'back\\slash'", 0},
    {"COMMENT", "quoted names", QBASE, "COMMENT ON COLUMN \"Odd Table\".\"the value\" IS 'v'", 0},
    /* ENUM through every op that touches its column */
#define EBASE "CREATE TABLE e (id INTEGER PRIMARY KEY, s ENUM('on', 'off') NOT NULL DEFAULT 'on', v INTEGER);"
    {"RENAME COLUMN", "ENUM column", EBASE, "ALTER TABLE e RENAME COLUMN s TO st", 0},
    {"DROP COLUMN", "ENUM column", EBASE, "ALTER TABLE e DROP COLUMN s", 0},
    {"ALTER COLUMN TYPE", "ENUM to VARCHAR", EBASE, "ALTER TABLE e ALTER COLUMN s TYPE VARCHAR(10)", 0},
    {"ALTER COLUMN TYPE", "ENUM widened", EBASE, "ALTER TABLE e ALTER COLUMN s TYPE ENUM('on', 'off', 'auto')", 0},
    {"DROP NOT NULL", "ENUM column", EBASE, "ALTER TABLE e ALTER COLUMN s DROP NOT NULL", 0},
    {"SET DEFAULT", "ENUM column", EBASE, "ALTER TABLE e ALTER COLUMN s SET DEFAULT 'off'", 0},
    {"DROP DEFAULT", "ENUM column", EBASE, "ALTER TABLE e ALTER COLUMN s DROP DEFAULT", 0},
    {"RENAME TABLE", "with an ENUM column", EBASE, "ALTER TABLE e RENAME TO e2", 0},
    /* generated columns and what they read */
#define GBASE "CREATE TABLE g (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER, s INTEGER GENERATED ALWAYS AS (a + 1) STORED);"
    {"DROP COLUMN", "generated column", GBASE, "ALTER TABLE g DROP COLUMN s", 0},
    {"DROP COLUMN", "next to a generated column", GBASE, "ALTER TABLE g DROP COLUMN b", 0},
    {"RENAME TABLE", "with a generated column", GBASE, "ALTER TABLE g RENAME TO g2", 0},
    {"CREATE INDEX", "on a generated column", GBASE, "CREATE INDEX ix_g_s ON g (s)", 0},
    /* comments kept through other ops */
#define CBASE BASE "COMMENT ON TABLE t IS 'tee'; COMMENT ON COLUMN t.b IS 'bee';"
    {"RENAME COLUMN", "with comment", CBASE, "ALTER TABLE t RENAME COLUMN b TO bb", 0},
    {"RENAME TABLE", "with comments", CBASE, "ALTER TABLE t RENAME TO t2", 0},
    {"SET DEFAULT", "with comment", CBASE, "ALTER TABLE t ALTER COLUMN b SET DEFAULT 'x'", 0},
    {"SET NOT NULL", "with comment", CBASE, "ALTER TABLE t ALTER COLUMN b SET NOT NULL", 0},
    {"ADD COLUMN", "next to comments", CBASE, "ALTER TABLE t ADD COLUMN c INTEGER", 0},
    {"DROP COLUMN", "next to comments", CBASE, "ALTER TABLE t DROP COLUMN a", 0},
    {"CREATE INDEX", "next to comments", CBASE, "CREATE INDEX ix_t_b ON t (b)", 0},
    /* foreign keys of other shapes */
    {"ADD CONSTRAINT", "composite FK", "CREATE TABLE p2 (a INTEGER, b VARCHAR(5), PRIMARY KEY (a, b)); CREATE TABLE c2 (id INTEGER PRIMARY KEY, a INTEGER, b VARCHAR(5));",
     "ALTER TABLE c2 ADD CONSTRAINT fk_c2_p2 FOREIGN KEY (a, b) REFERENCES p2 (a, b)", 0},
    {"ADD CONSTRAINT", "FK to a UNIQUE column", BASE "ALTER TABLE p ADD CONSTRAINT uq_p_code UNIQUE (code);", "ALTER TABLE t ADD CONSTRAINT fk_t_code FOREIGN KEY (b) REFERENCES p (code)", 0},
    {"RENAME COLUMN", "composite PK column", "CREATE TABLE x (a INTEGER, b VARCHAR(5), PRIMARY KEY (a, b));", "ALTER TABLE x RENAME COLUMN b TO bb", 0},
    {"DROP COLUMN", "column of a multi-column index", BASE "CREATE INDEX ix_t_an ON t (a, n);", "ALTER TABLE t DROP COLUMN n", 0},
    {"DROP COLUMN", "column of a CHECK", BASE, "ALTER TABLE t DROP COLUMN a", 0},
    {"DROP COLUMN", "column of a multi-column UNIQUE", BASE "ALTER TABLE t ADD CONSTRAINT uq_t_an UNIQUE (a, n);", "ALTER TABLE t DROP COLUMN n", R_SQ | R_PG | R_MY},
    {"DROP COLUMN", "column of a multi-column PRIMARY KEY", "CREATE TABLE x (a INTEGER, b INTEGER, c INTEGER, PRIMARY KEY (a, b));", "ALTER TABLE x DROP COLUMN b", R_SQ | R_PG | R_MY},
    {"DROP COLUMN", "column of a multi-column unique index", BASE "CREATE UNIQUE INDEX ux_t_an ON t (a, n);", "ALTER TABLE t DROP COLUMN n", R_SQ | R_PG | R_MY},
    {"DROP COLUMN", "column of a partial index", "CREATE TABLE x (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER); CREATE INDEX ix_x_a ON x (a) WHERE b > 0;", "ALTER TABLE x DROP COLUMN b", R_MY},
    {"DROP COLUMN", "column of an expression index", "CREATE TABLE x (id INTEGER PRIMARY KEY, a INTEGER, b VARCHAR(5)); CREATE INDEX ix_x_b ON x ((lower(b)));", "ALTER TABLE x DROP COLUMN b", R_MY},
    {"DROP COLUMN", "referenced by another table", BASE, "ALTER TABLE p DROP COLUMN id", R_SQ},
    {"DROP TABLE", "referenced by another table", BASE, "DROP TABLE p", R_SQ | R_PG | R_MY},
    {"DROP TABLE", "self-referencing", "CREATE TABLE x (id INTEGER PRIMARY KEY, up INTEGER REFERENCES x (id));", "DROP TABLE x", 0},
    {"ADD COLUMN", "NOT NULL without default", BASE, "ALTER TABLE t ADD COLUMN c INTEGER NOT NULL", 0},
    {"ADD COLUMN", "PRIMARY KEY", "CREATE TABLE x (a INTEGER);", "ALTER TABLE x ADD COLUMN id INTEGER PRIMARY KEY", 0},
    {"CREATE INDEX", "UNIQUE partial", BASE, "CREATE UNIQUE INDEX ux_t_np ON t (n) WHERE a IS NOT NULL", R_MY},
    {"CREATE INDEX", "DESC expression", BASE, "CREATE INDEX ix_t_lbd ON t ((lower(b)) DESC)", R_MY},
    /* RAW */
    {"RAW SQL", "data statement", BASE, "INSERT INTO p (id, code) VALUES (1, 'one')", 0},
};

/* Not cases yet, an open defect: DROP COLUMN of one column of a
 * multi-column UNIQUE or PRIMARY KEY. rt_schema_apply shrinks the key to
 * the other columns (a stricter rule than the one written), PostgreSQL
 * drops a UNIQUE whole and MariaDB refuses the drop (1072); the model's
 * rule has to be settled first. */

/* Each type kind of core/schema.h, with a default of its form. */
typedef struct cf_type {
    const char *type;
    const char *dflt;
} cf_type;

static const cf_type cf_types[] = {
    {"INTEGER", "42"},
    {"BIGINT", "-7"},
    {"SMALLINT", "3"},
    {"BOOLEAN", "TRUE"},
    {"VARCHAR(30)", "'it''s'"},
    {"VARCHAR", "'v'"},
    {"TEXT", NULL},
    {"NUMERIC(10,2)", "1.50"},
    {"NUMERIC", NULL},
    {"REAL", "2.5"},
    {"DOUBLE PRECISION", "0.25"},
    {"DATE", "CURRENT_DATE"},
    {"TIME", NULL},
    {"TIMESTAMP", "CURRENT_TIMESTAMP"},
    {"TIMESTAMP WITH TIME ZONE", "CURRENT_TIMESTAMP"},
    {"BLOB", NULL},
    {"JSON", NULL},
    {"UUID", NULL},
    {"CHAR(3)", "'abc'"},
    {"ENUM('a', 'b')", "'b'"},
};

/* Defaults of each remaining form, on SET DEFAULT. */
static const cf_type cf_defaults[] = {
    {"INTEGER", "42"},     {"INTEGER", "-1"},       {"INTEGER", "NULL"},
    {"BOOLEAN", "FALSE"},  {"VARCHAR(10)", "''"},   {"VARCHAR(10)", "'x y'"},
    {"NUMERIC(6,3)", "0.125"}, {"TIMESTAMP", "CURRENT_TIMESTAMP"},
};

typedef struct cf_list {
    cf_case *items;
    size_t n, cap;
    rt_strv owned; /* the generated strings */
} cf_list;

static void cf_add(cf_list *l, const cf_case *c)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
        cr_assert(l->items);
    }
    l->items[l->n++] = *c;
}

static const char *cf_own(cf_list *l, char *s)
{
    rt_strv_push_owned(&l->owned, s);
    return s;
}

static void cf_build(cf_list *l)
{
    for (size_t i = 0; i < sizeof cf_fixed / sizeof *cf_fixed; i++)
        cf_add(l, &cf_fixed[i]);
    /* From VARCHAR: PostgreSQL casts text to every type (USING v::type) */
    const char *tbl = "CREATE TABLE x (id INTEGER PRIMARY KEY, v VARCHAR(40));";
    for (size_t i = 0; i < sizeof cf_types / sizeof *cf_types; i++) {
        const cf_type *ty = &cf_types[i];
        const char *flag = cf_own(l, rt_xasprintf("type %s", ty->type));
        cf_add(l, &(cf_case){"CREATE TABLE", flag, "",
                             cf_own(l, rt_xasprintf("CREATE TABLE x (id INTEGER PRIMARY KEY, c %s)", ty->type)), 0});
        cf_add(l, &(cf_case){"ADD COLUMN", flag, tbl,
                             cf_own(l, rt_xasprintf("ALTER TABLE x ADD COLUMN c %s", ty->type)), 0});
        cf_add(l, &(cf_case){"ALTER COLUMN TYPE", flag, tbl,
                             cf_own(l, rt_xasprintf("ALTER TABLE x ALTER COLUMN v TYPE %s", ty->type)), 0});
        if (!ty->dflt)
            continue;
        const char *dflag = cf_own(l, rt_xasprintf("type %s DEFAULT %s", ty->type, ty->dflt));
        cf_add(l, &(cf_case){"CREATE TABLE", dflag, "",
                             cf_own(l, rt_xasprintf("CREATE TABLE x (id INTEGER PRIMARY KEY, c %s NOT NULL DEFAULT %s)",
                                                    ty->type, ty->dflt)), 0});
        cf_add(l, &(cf_case){"ADD COLUMN", dflag, tbl,
                             cf_own(l, rt_xasprintf("ALTER TABLE x ADD COLUMN c %s DEFAULT %s", ty->type, ty->dflt)), 0});
        cf_add(l, &(cf_case){"SET DEFAULT", dflag,
                             cf_own(l, rt_xasprintf("CREATE TABLE x (id INTEGER PRIMARY KEY, c %s);", ty->type)),
                             cf_own(l, rt_xasprintf("ALTER TABLE x ALTER COLUMN c SET DEFAULT %s", ty->dflt)), 0});
    }
    /* Names at and beyond each backend's limit (max_ident_len: PostgreSQL
     * 63 bytes, MySQL 64, SQLite none). */
    static const struct { size_t len; unsigned refused; } names[] = {
        {63, 0}, {64, R_PG}, {65, R_PG | R_MY}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char n[80];
        memset(n, 'n', names[i].len);
        n[names[i].len] = '\0';
        const char *flag = cf_own(l, rt_xasprintf("%zu-byte name", names[i].len));
        cf_add(l, &(cf_case){"CREATE TABLE", flag, "",
                             cf_own(l, rt_xasprintf("CREATE TABLE %s (id INTEGER PRIMARY KEY)", n)),
                             names[i].refused});
        cf_add(l, &(cf_case){"CREATE INDEX", flag, BASE,
                             cf_own(l, rt_xasprintf("CREATE INDEX %s ON t (n)", n)), names[i].refused});
        cf_add(l, &(cf_case){"RENAME COLUMN", flag, BASE,
                             cf_own(l, rt_xasprintf("ALTER TABLE t RENAME COLUMN n TO %s", n)),
                             names[i].refused});
    }
    for (size_t i = 0; i < sizeof cf_defaults / sizeof *cf_defaults; i++) {
        const cf_type *ty = &cf_defaults[i];
        cf_add(l, &(cf_case){"SET DEFAULT", cf_own(l, rt_xasprintf("type %s DEFAULT %s", ty->type, ty->dflt)),
                             cf_own(l, rt_xasprintf("CREATE TABLE x (id INTEGER PRIMARY KEY, c %s);", ty->type)),
                             cf_own(l, rt_xasprintf("ALTER TABLE x ALTER COLUMN c SET DEFAULT %s", ty->dflt)), 0});
    }
}

static void cf_list_free(cf_list *l)
{
    free(l->items);
    rt_strv_free(&l->owned);
}

/* ---- running one case ---------------------------------------------------- */

typedef struct cf_run {
    const rt_dialect *d;
    unsigned bit;     /* R_* of d */
    const char *url;
    rt_db *db;
    rt_dialect_options opts;
    bool covered[RT_OP_RAW + 1];
    int failures, refusals, passed;
} cf_run;

#define CF_FAIL(r, c, ...)                                                               \
    do {                                                                                 \
        char *m_ = rt_xasprintf(__VA_ARGS__);                                            \
        cr_log_error("[%s] %s / %s: %s\n    %s", (r)->d->name, (c)->kind, (c)->flag, m_, (c)->sql); \
        free(m_);                                                                        \
        (r)->failures++;                                                                 \
    } while (0)

static void cf_open(cf_run *r)
{
    rt_error err;
    rt_error_clear(&err);
    rt_test_db_reset(r->url);
    rt_url *url = NULL;
    cr_assert_eq(rt_url_parse(&url, r->url, &err), RT_OK, "%s", err.message);
    int rc = rt_db_open(&r->db, url, &err);
    rt_url_free(url);
    cr_assert_eq(rc, RT_OK, "[%s] %s is not reachable: %s", r->d->name, r->url, err.message);
    r->opts = (rt_dialect_options)RT_DIALECT_OPTIONS_INIT;
    if (r->d->caps & RT_DIALECT_RENDERS_LIVE)
        r->opts.live_db = r->db;
}

static void cf_close(cf_run *r)
{
    rt_db_close(r->db);
    r->db = NULL;
}

/* Runs stmts; false (after naming the failure) when one fails. */
static bool cf_exec(cf_run *r, const cf_case *c, const char *what, const rt_strv *stmts)
{
    rt_error err;
    rt_error_clear(&err);
    for (size_t i = 0; i < stmts->n; i++) {
        if (rt_db_exec(r->db, stmts->items[i], &err) != RT_OK) {
            CF_FAIL(r, c, "%s statement failed: %s\n    -> %s", what, stmts->items[i], err.message);
            return false;
        }
    }
    return true;
}

/* The differences between the model and the live database, one per line;
 * NULL when none. */
static char *cf_differences(cf_run *r, const cf_case *c, const rt_schema *model)
{
    rt_error err;
    rt_error_clear(&err);
    rt_schema want = RT_SCHEMA_INIT, live = RT_SCHEMA_INIT;
    rt_schema_copy(&want, model);
    r->d->normalize(&r->opts, &want);
    char *out = NULL;
    if (r->d->reflect(r->db, &r->opts, NULL, &live, &err) != RT_OK) {
        out = rt_xasprintf("reflect: %s", err.message);
    } else {
        rt_diff diff;
        if (rt_diff_schemas(&diff, &live, &want, &err) != RT_OK)
            out = rt_xasprintf("diff: %s", err.message);
        else if (!rt_diff_empty(&diff))
            out = diff.changes.n ? rt_strv_join(&diff.changes, "; ") : rt_xstrdup("(ops only)");
        rt_diff_free(&diff);
    }
    rt_schema_free(&want);
    rt_schema_free(&live);
    (void)c;
    return out;
}

/* Whether the normalised models a and b differ. */
static bool cf_model_changed(cf_run *r, const rt_schema *a, const rt_schema *b)
{
    rt_schema na = RT_SCHEMA_INIT, nb = RT_SCHEMA_INIT;
    rt_schema_copy(&na, a);
    rt_schema_copy(&nb, b);
    r->d->normalize(&r->opts, &na);
    r->d->normalize(&r->opts, &nb);
    rt_error err;
    rt_error_clear(&err);
    rt_diff diff;
    bool changed = rt_diff_schemas(&diff, &na, &nb, &err) != RT_OK || !rt_diff_empty(&diff);
    rt_diff_free(&diff);
    rt_schema_free(&na);
    rt_schema_free(&nb);
    return changed;
}

typedef enum cf_result { CF_OK, CF_REFUSED, CF_FAILED } cf_result;

/* The op, rendered and run on a database its setup made, or refused. The
 * case stops at anything but CF_OK: its later ops depend on this one. */
static cf_result cf_op(cf_run *r, const cf_case *c, rt_schema *model, const rt_op *op)
{
    rt_error err;
    rt_error_clear(&err);
    r->covered[op->kind] = true;
    rt_strv stmts = RT_STRV_INIT;
    int rc = rt_dialect_render(r->d, &r->opts, model, op, &stmts, &err);
    if (rc == RT_ENOTSUPPORTED) {
        r->refusals++;
        const char *subject = op->table_name ? op->table_name
                            : op->table      ? op->table->name
                                             : op->name;
        if (!(c->refused & r->bit))
            CF_FAIL(r, c, "refused, but this dialect should do it: %s", err.message);
        else if (!err.message[0] || (subject && !strstr(err.message, subject)))
            CF_FAIL(r, c, "refused without naming \"%s\": '%s'", subject, err.message);
        rt_strv_free(&stmts);
        return CF_REFUSED;
    }
    if (rc != RT_OK) {
        CF_FAIL(r, c, "render failed (code %d): %s", rc, err.message);
        rt_strv_free(&stmts);
        return CF_FAILED;
    }
    int failures = r->failures;
    rt_schema after = RT_SCHEMA_INIT;
    rt_schema_copy(&after, model);
    if (rt_schema_apply(&after, op, true, &err) != RT_OK) {
        CF_FAIL(r, c, "rt_schema_apply: %s", err.message);
    } else if (stmts.n == 0 && cf_model_changed(r, model, &after)) {
        CF_FAIL(r, c, "rendered no statement, but the model changed (silently ignored)");
    } else if (cf_exec(r, c, "the op's", &stmts)) {
        char *diff = cf_differences(r, c, &after);
        if (diff) {
            char *sql = rt_strv_join(&stmts, ";\n    ");
            CF_FAIL(r, c, "reflection differs from the model: %s\n    rendered: %s", diff, sql);
            free(sql);
        } else {
            r->passed++;
        }
        free(diff);
    }
    rt_schema_free(model);
    *model = after;
    rt_strv_free(&stmts);
    return r->failures == failures ? CF_OK : CF_FAILED;
}

static void cf_case_run(cf_run *r, const cf_case *c)
{
    rt_error err;
    rt_error_clear(&err);
    cf_open(r);
    rt_schema model = RT_SCHEMA_INIT;
    rt_oplist setup = RT_OPLIST_INIT, ops = RT_OPLIST_INIT;
    rt_strv stmts = RT_STRV_INIT;
    cr_assert_eq(rt_sql_parse(&setup, c->setup, "setup.sql", 1, &err), RT_OK, "%s / %s: %s",
                 c->kind, c->flag, err.message);
    cr_assert_eq(rt_sql_parse(&ops, c->sql, "case.sql", 1, &err), RT_OK, "%s / %s: %s", c->kind,
                 c->flag, err.message);
    cr_assert(ops.n > 0, "%s / %s: no op", c->kind, c->flag);
    int rc = rt_dialect_render_all(r->d, &r->opts, &model, &setup, &stmts, &err);
    if (rc == RT_ENOTSUPPORTED && (c->refused & r->bit))
        r->refusals++; /* the construct the case is about cannot even be set up */
    else if (rc != RT_OK)
        CF_FAIL(r, c, "setup does not render: %s", err.message);
    else if (cf_exec(r, c, "setup", &stmts)) {
        cf_result res = CF_OK;
        for (size_t i = 0; i < ops.n && res == CF_OK; i++)
            res = cf_op(r, c, &model, &ops.items[i]);
        if (res == CF_OK && (c->refused & r->bit))
            CF_FAIL(r, c, "the case table says this dialect refuses it, but it rendered");
    }
    rt_strv_free(&stmts);
    rt_oplist_free(&setup);
    rt_oplist_free(&ops);
    rt_schema_free(&model);
    cf_close(r);
}

static void cf_dialect(const rt_dialect *d, unsigned bit, const char *url)
{
    cf_run r = {.d = d, .bit = bit, .url = url};
    cf_list l = {0};
    cf_build(&l);
    for (size_t i = 0; i < l.n; i++)
        cf_case_run(&r, &l.items[i]);
    for (int k = 0; k <= RT_OP_RAW; k++)
        cr_expect(r.covered[k], "[%s] no case exercises op kind %s", d->name,
                  rt_op_kind_name((rt_op_kind)k));
    size_t n = l.n;
    cf_list_free(&l);
    cr_log_info("[%s] %zu cases: %d round-tripped, %d refused as documented, %d failed", d->name,
                n, r.passed, r.refusals, r.failures);
    cr_assert_eq(r.failures, 0, "[%s] %d of %zu cases failed (see the log above)", d->name,
                 r.failures, n);
}

Test(conformance, sqlite)
{
    char *dir = rt_test_tmpdir();
    char *url = rt_xasprintf("sqlite:///%s/conformance.db", dir);
    cf_dialect(&rt_dialect_sqlite, R_SQ, url);
    rt_test_rmtree(dir);
    free(url);
    free(dir);
}

Test(conformance, postgresql)
{
    cf_dialect(&rt_dialect_postgresql, R_PG, rt_test_pg_url());
}

Test(conformance, mysql)
{
    cf_dialect(&rt_dialect_mysql, R_MY, rt_test_mysql_url());
}
