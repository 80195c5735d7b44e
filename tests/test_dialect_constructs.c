/* How each dialect renders the constructs of issue #10 §3 (CHAR and the
 * type aliases, unbounded TEXT, the VARCHAR/CHAR limits of each backend,
 * comments, generated columns, DEFERRABLE foreign keys), and what it
 * refuses before anything runs. Portable SQL in, statements out. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "sql_parse.h"

/* Renders sql on a model holding setup_sql; the statements joined by ";\n".
 * Returns the rt_code; *out gets the text or the error message. */
static int render(const rt_dialect *d, const char *setup_sql, const char *sql, char **out)
{
    rt_dialect_options opts = RT_DIALECT_OPTIONS_INIT;
    rt_schema model = RT_SCHEMA_INIT;
    rt_oplist setup = RT_OPLIST_INIT, ops = RT_OPLIST_INIT;
    rt_strv stmts = RT_STRV_INIT, ignored = RT_STRV_INIT;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_sql_parse(&setup, setup_sql, "setup.sql", 1, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_sql_parse(&ops, sql, "v.sql", 1, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_dialect_render_all(d, &opts, &model, &setup, &ignored, &err), RT_OK, "%s",
                 err.message);
    int rc = rt_dialect_render_all(d, &opts, &model, &ops, &stmts, &err);
    *out = rc == RT_OK ? rt_strv_join(&stmts, ";\n") : rt_xstrdup(err.message);
    rt_strv_free(&stmts);
    rt_strv_free(&ignored);
    rt_oplist_free(&setup);
    rt_oplist_free(&ops);
    rt_schema_free(&model);
    return rc;
}

static void expect_sql(const rt_dialect *d, const char *setup, const char *sql, const char *want)
{
    char *got = NULL;
    int rc = render(d, setup, sql, &got);
    cr_assert_eq(rc, RT_OK, "[%s] %s: %s", d->name, sql, got);
    cr_expect_str_eq(got, want, "[%s] %s", d->name, sql);
    free(got);
}

static void expect_refused(const rt_dialect *d, const char *setup, const char *sql,
                           const char *want_in_message)
{
    char *got = NULL;
    int rc = render(d, setup, sql, &got);
    cr_assert_eq(rc, RT_ENOTSUPPORTED, "[%s] %s rendered: %s", d->name, sql, got);
    cr_expect(strstr(got, want_in_message), "[%s] message: %s", d->name, got);
    free(got);
}

#define TYPES_SQL                                                                   \
    "CREATE TABLE t (a CHAR(2), b NCHAR, c NVARCHAR(30), d DATETIME DEFAULT now(), e TEXT)"

Test(constructs_render, types_and_now)
{
    expect_sql(&rt_dialect_postgresql, "", TYPES_SQL,
               "CREATE TABLE t (\n    a CHAR(2),\n    b CHAR(1),\n    c VARCHAR(30),\n"
               "    d TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n    e TEXT\n)");
    expect_sql(&rt_dialect_mysql, "", TYPES_SQL,
               "CREATE TABLE t (\n    a CHAR(2),\n    b CHAR(1),\n    c VARCHAR(30),\n"
               "    d DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),\n    e LONGTEXT\n)");
    expect_sql(&rt_dialect_sqlite, "", TYPES_SQL,
               "CREATE TABLE t (\n    a CHAR(2),\n    b CHAR(1),\n    c VARCHAR(30),\n"
               "    d TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n    e TEXT\n)");
}

/* Each backend's limit comes from its dialect table and is named. */
Test(constructs_render, varchar_and_char_limits)
{
    const rt_dialect *pg = &rt_dialect_postgresql, *my = &rt_dialect_mysql;
    cr_assert_eq(pg->max_varchar_length, 10485760);
    cr_assert_eq(my->max_varchar_length, 16383);
    cr_assert_eq(my->max_char_length, 255);
    expect_sql(pg, "", "CREATE TABLE t (v VARCHAR(10485760))",
               "CREATE TABLE t (\n    v VARCHAR(10485760)\n)");
    expect_refused(pg, "", "CREATE TABLE t (v VARCHAR(10485761))",
                   "column \"v\" of table \"t\": VARCHAR(10485761) is longer than postgresql "
                   "allows (at most VARCHAR(10485760))");
    expect_sql(my, "", "CREATE TABLE t (v VARCHAR(16383))", "CREATE TABLE t (\n    v VARCHAR(16383)\n)");
    expect_refused(my, "", "CREATE TABLE t (v VARCHAR(16384))", "at most VARCHAR(16383)");
    expect_refused(my, "CREATE TABLE t (v INTEGER)", "ALTER TABLE t ADD COLUMN w VARCHAR(20000)",
                   "column \"w\" of table \"t\": VARCHAR(20000)");
    expect_refused(my, "CREATE TABLE t (v INTEGER)", "ALTER TABLE t ALTER COLUMN v TYPE CHAR(256)",
                   "CHAR(256) is longer than mysql allows (at most CHAR(255))");
    expect_sql(&rt_dialect_sqlite, "", "CREATE TABLE t (v VARCHAR(20000000))",
               "CREATE TABLE t (\n    v VARCHAR(20000000)\n)");
}

#define FK_SETUP "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER)"
#define FK_ADD "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED"

Test(constructs_render, deferrable_foreign_keys)
{
    expect_sql(&rt_dialect_postgresql, FK_SETUP, FK_ADD,
               "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) "
               "DEFERRABLE INITIALLY DEFERRED");
    expect_sql(&rt_dialect_postgresql, FK_SETUP,
               "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) DEFERRABLE",
               "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) DEFERRABLE");
    char *got = NULL;
    cr_assert_eq(render(&rt_dialect_sqlite, FK_SETUP, FK_ADD, &got), RT_OK, "%s", got);
    cr_expect(strstr(got, "CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED"),
              "%s", got);
    free(got);
    expect_refused(&rt_dialect_mysql, FK_SETUP, FK_ADD,
                   "foreign key \"fk_c_p\" of table \"c\" is DEFERRABLE, which mysql does not have");
    expect_refused(&rt_dialect_mysql, "CREATE TABLE p (id INTEGER PRIMARY KEY)",
                   "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p DEFERRABLE)",
                   "is DEFERRABLE");
}

#define CM_SETUP "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL DEFAULT 'x')"

Test(constructs_render, comments)
{
    const char *sql = "COMMENT ON TABLE t IS 'it''s t'; COMMENT ON COLUMN t.name IS 'the name';"
                      "COMMENT ON COLUMN t.name IS NULL; COMMENT ON TABLE t IS NULL";
    expect_sql(&rt_dialect_postgresql, CM_SETUP, sql,
               "COMMENT ON TABLE t IS 'it''s t';\nCOMMENT ON COLUMN t.name IS 'the name';\n"
               "COMMENT ON COLUMN t.name IS NULL;\nCOMMENT ON TABLE t IS NULL");
    expect_sql(&rt_dialect_mysql, CM_SETUP, sql,
               "ALTER TABLE t COMMENT = 'it''s t';\n"
               "ALTER TABLE t MODIFY COLUMN name VARCHAR(20) NOT NULL DEFAULT 'x' COMMENT 'the name';\n"
               "ALTER TABLE t MODIFY COLUMN name VARCHAR(20) NOT NULL DEFAULT 'x';\n"
               "ALTER TABLE t COMMENT = ''");
    expect_sql(&rt_dialect_sqlite, CM_SETUP, sql, "");
    /* MySQL: every later MODIFY COLUMN repeats the comment, or it is lost. */
    expect_sql(&rt_dialect_mysql, CM_SETUP,
               "COMMENT ON COLUMN t.name IS 'back\\slash'; ALTER TABLE t ALTER COLUMN name DROP NOT NULL",
               "ALTER TABLE t MODIFY COLUMN name VARCHAR(20) NOT NULL DEFAULT 'x' COMMENT 'back\\\\slash';\n"
               "ALTER TABLE t MODIFY COLUMN name VARCHAR(20) DEFAULT 'x' COMMENT 'back\\\\slash'");
}

Test(constructs_render, generated_columns)
{
    const char *sql = "CREATE TABLE t (a INTEGER, \"B\" INTEGER,"
                      " s INTEGER GENERATED ALWAYS AS (a + \"B\") STORED)";
    expect_sql(&rt_dialect_postgresql, "", sql,
               "CREATE TABLE t (\n    a INTEGER,\n    \"B\" INTEGER,\n"
               "    s INTEGER GENERATED ALWAYS AS (a + \"B\") STORED\n)");
    expect_sql(&rt_dialect_mysql, "", sql,
               "CREATE TABLE t (\n    a INT,\n    `B` INT,\n"
               "    s INT GENERATED ALWAYS AS (a + `B`) STORED\n)");
    expect_sql(&rt_dialect_sqlite, "", sql,
               "CREATE TABLE t (\n    a INTEGER,\n    \"B\" INTEGER,\n"
               "    s INTEGER GENERATED ALWAYS AS (a + \"B\") STORED\n)");
    /* SQLite adds only VIRTUAL generated columns: a STORED one rebuilds,
     * and the rows are copied without it. */
    char *got = NULL;
    cr_assert_eq(render(&rt_dialect_sqlite, "CREATE TABLE t (a INTEGER)",
                        "ALTER TABLE t ADD COLUMN s INTEGER GENERATED ALWAYS AS (a * 2) STORED", &got),
                 RT_OK, "%s", got);
    cr_expect(strstr(got, "INSERT INTO _retort_tmp_t (a) SELECT a FROM t"), "%s", got);
    free(got);
}

/* ENUM: native on MySQL; a VARCHAR with a CHECK named enum_<column>
 * elsewhere (core/enum_check.h), kept right when the type or name changes. */
Test(constructs_render, enum_type)
{
    const char *create = "CREATE TABLE t (s ENUM('draft', 'it''s done') NOT NULL DEFAULT 'draft')";
    expect_sql(&rt_dialect_mysql, "", create,
               "CREATE TABLE t (\n    s ENUM('draft','it''s done') NOT NULL DEFAULT 'draft'\n)");
    expect_sql(&rt_dialect_postgresql, "", create,
               "CREATE TABLE t (\n    s VARCHAR(9) CONSTRAINT enum_s CHECK (s IN ('draft', 'it''s done'))"
               " NOT NULL DEFAULT 'draft'\n)");
    expect_sql(&rt_dialect_sqlite, "", create,
               "CREATE TABLE t (\n    s VARCHAR(9) CONSTRAINT enum_s CHECK (s IN ('draft', 'it''s done'))"
               " NOT NULL DEFAULT 'draft'\n)");
    const char *widen = "ALTER TABLE t ALTER COLUMN s TYPE ENUM('draft', 'it''s done', 'archived')";
    expect_sql(&rt_dialect_postgresql, create, widen,
               "ALTER TABLE t DROP CONSTRAINT enum_s;\n"
               "ALTER TABLE t ALTER COLUMN s TYPE VARCHAR(9);\n"
               "ALTER TABLE t ADD CONSTRAINT enum_s CHECK (s IN ('draft', 'it''s done', 'archived'))");
    expect_sql(&rt_dialect_mysql, create, widen,
               "ALTER TABLE t MODIFY COLUMN s ENUM('draft','it''s done','archived') NOT NULL DEFAULT 'draft'");
    expect_sql(&rt_dialect_postgresql, create, "ALTER TABLE t RENAME COLUMN s TO st",
               "ALTER TABLE t RENAME COLUMN s TO st;\n"
               "ALTER TABLE t RENAME CONSTRAINT enum_s TO enum_st");
    expect_sql(&rt_dialect_postgresql, create, "ALTER TABLE t ALTER COLUMN s TYPE TEXT",
               "ALTER TABLE t DROP CONSTRAINT enum_s;\nALTER TABLE t ALTER COLUMN s TYPE TEXT");
    /* SQLite renames the column by rebuilding, reading it under its old name */
    char *got = NULL;
    cr_assert_eq(render(&rt_dialect_sqlite, create, "ALTER TABLE t RENAME COLUMN s TO st", &got), RT_OK,
                 "%s", got);
    cr_expect(strstr(got, "st VARCHAR(9) CONSTRAINT enum_st CHECK (st IN ('draft', 'it''s done'))"), "%s", got);
    cr_expect(strstr(got, "INSERT INTO _retort_tmp_t (st) SELECT s FROM t"), "%s", got);
    free(got);
}

/* MariaDB computes a generated column before AUTO_INCREMENT gives the key
 * its value: refused before anything runs, not halfway (error 1901). */
Test(constructs_render, generated_from_auto_increment_refused_on_mysql)
{
    const char *sql = "CREATE TABLE c (id INTEGER PRIMARY KEY, g INTEGER GENERATED ALWAYS AS (ID * 2) STORED)";
    expect_refused(&rt_dialect_mysql, "", sql,
                   "generated column \"g\" of table \"c\" reads \"id\", which is AUTO_INCREMENT");
    expect_refused(&rt_dialect_mysql, "CREATE TABLE c (id INTEGER PRIMARY KEY)",
                   "ALTER TABLE c ADD COLUMN g INTEGER GENERATED ALWAYS AS (id + 1) STORED",
                   "AUTO_INCREMENT");
    char *got = NULL;
    cr_expect_eq(render(&rt_dialect_postgresql, "", sql, &got), RT_OK, "%s", got);
    free(got);
    expect_sql(&rt_dialect_mysql, "", "CREATE TABLE c (id INTEGER PRIMARY KEY, n INTEGER,"
                                      " g INTEGER GENERATED ALWAYS AS (n * 2) STORED)",
               "CREATE TABLE c (\n    id INT NOT NULL AUTO_INCREMENT,\n    n INT,\n"
               "    g INT GENERATED ALWAYS AS (n * 2) STORED,\n    PRIMARY KEY (id)\n)");
}

/* Found by the conformance test: InnoDB keeps no SET DEFAULT action
 * (MariaDB stored RESTRICT), and MariaDB refuses an action writing a column
 * a CHECK reads (error 1901, after earlier statements had committed). */
Test(constructs_render, mysql_fk_actions_refused)
{
    expect_refused(&rt_dialect_mysql, FK_SETUP,
                   "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) "
                   "ON DELETE SET DEFAULT",
                   "foreign key \"fk_c_p\" of table \"c\" has ON DELETE SET DEFAULT");
    expect_refused(&rt_dialect_mysql, FK_SETUP "; ALTER TABLE c ADD CONSTRAINT ck_c_p CHECK (p_id > 0)",
                   "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) "
                   "ON DELETE SET NULL",
                   "writes column \"p_id\", which CHECK \"ck_c_p\" reads");
    expect_refused(&rt_dialect_mysql,
                   FK_SETUP "; ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) "
                   "ON UPDATE CASCADE",
                   "ALTER TABLE c ADD CONSTRAINT ck_c_p CHECK (p_id > 0)", "CHECK \"ck_c_p\" reads");
    char *got = NULL;
    cr_expect_eq(render(&rt_dialect_mysql, FK_SETUP "; ALTER TABLE c ADD CONSTRAINT ck_c_p CHECK (p_id > 0)",
                        "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) "
                        "ON DELETE CASCADE", &got),
                 RT_OK, "%s", got);
    free(got);
    expect_sql(&rt_dialect_postgresql, FK_SETUP,
               "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) ON UPDATE SET DEFAULT",
               "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (p_id) REFERENCES p (id) ON UPDATE SET DEFAULT");
}
