/* `-- dialect:` blocks: splitting, names and aliases, errors with
 * file:line:col, what each backend parses, revisions (both sections) and
 * models (where the directive is refused). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "engine.h"
#include "models.h"
#include "rt_test.h"
#include "sql_blocks.h"

static const char issue_example[] = "CREATE TABLE t (id INTEGER PRIMARY KEY);\n"
                                    "-- dialect: postgresql\n"
                                    "CREATE SEQUENCE t_seq;\n"
                                    "-- dialect: mysql, sqlite\n"
                                    "CREATE TABLE t_seq (n INTEGER);\n"
                                    "-- dialect: all\n"
                                    "INSERT INTO t (id) VALUES (1);\n";

static rt_sql_blocks split_ok(const char *text, int first_line)
{
    rt_sql_blocks b;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_sql_blocks_split(&b, text, "v.sql", first_line, &err), RT_OK, "%s",
                 err.message);
    return b;
}

static void split_fails(const char *text, const char *message)
{
    rt_sql_blocks b;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_sql_blocks_split(&b, text, "v.sql", 10, &err), RT_EPARSE, "%s", text);
    cr_assert_str_eq(err.message, message);
    cr_assert_eq(b.n, 0);
}

static rt_oplist parse_for(const char *text, int first_line, const char *dialect)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_sql_parse_for(&ops, text, "v.sql", first_line, dialect, &err), RT_OK,
                 "%s: %s", dialect, err.message);
    return ops;
}

static void parse_for_fails(const char *text, const char *dialect, const char *message)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err;
    rt_error_clear(&err);
    cr_assert_eq(rt_sql_parse_for(&ops, text, "v.sql", 1, dialect, &err), RT_EPARSE, "%s",
                 text);
    cr_assert_str_eq(err.message, message);
    cr_assert_eq(ops.n, 0);
}

static void assert_names(const rt_sql_block *b, const char *joined)
{
    char *got = rt_strv_join(&b->dialects, ",");
    cr_assert_str_eq(got, joined);
    free(got);
}

Test(sql_blocks, no_directive_is_one_block_for_every_backend)
{
    rt_sql_blocks b = split_ok("CREATE TABLE t (id INTEGER);\n-- dialects are below\n", 4);
    cr_assert_eq(b.n, 1);
    cr_assert_str_eq(b.items[0].text, "CREATE TABLE t (id INTEGER);\n-- dialects are below\n");
    cr_assert_eq(b.items[0].line, 4);
    cr_assert_eq(b.items[0].directive_line, 0);
    cr_assert(rt_sql_block_applies(&b.items[0], "mysql"));
    rt_sql_blocks_free(&b);
}

Test(sql_blocks, blocks_keep_their_text_lines_and_names)
{
    rt_sql_blocks b = split_ok(issue_example, 9);
    cr_assert_eq(b.n, 4);
    cr_assert_str_eq(b.items[0].text, "CREATE TABLE t (id INTEGER PRIMARY KEY);\n");
    cr_assert_eq(b.items[0].line, 9);
    /* Every block is kept, for every backend: show and offline SQL print them. */
    cr_assert_str_eq(b.items[1].text, "CREATE SEQUENCE t_seq;\n");
    cr_assert_eq(b.items[1].directive_line, 10);
    cr_assert_eq(b.items[1].line, 11);
    assert_names(&b.items[1], "postgresql");
    cr_assert(rt_sql_block_applies(&b.items[1], "postgresql"));
    cr_assert_not(rt_sql_block_applies(&b.items[1], "mysql"));
    assert_names(&b.items[2], "mysql,sqlite");
    cr_assert_str_eq(b.items[2].text, "CREATE TABLE t_seq (n INTEGER);\n");
    /* all lifts the limit */
    assert_names(&b.items[3], "");
    cr_assert_eq(b.items[3].line, 15);
    cr_assert(rt_sql_block_applies(&b.items[3], "sqlite"));
    rt_sql_blocks_free(&b);
}

Test(sql_blocks, each_backend_parses_only_its_blocks)
{
    rt_oplist pg = parse_for(issue_example, 9, "postgresql");
    cr_assert_eq(pg.n, 3);
    cr_assert_eq(pg.items[0].kind, RT_OP_CREATE_TABLE);
    cr_assert_eq(pg.items[1].kind, RT_OP_RAW);
    cr_assert_str_eq(pg.items[1].expr, "CREATE SEQUENCE t_seq");
    cr_assert_eq(pg.items[1].line, 11);
    cr_assert_eq(pg.items[2].kind, RT_OP_RAW);
    cr_assert_eq(pg.items[2].line, 15);
    rt_oplist_free(&pg);

    const char *others[] = { "mysql", "sqlite" };
    for (size_t i = 0; i < 2; i++) {
        rt_oplist ops = parse_for(issue_example, 9, others[i]);
        cr_assert_eq(ops.n, 3, "%s", others[i]);
        cr_assert_eq(ops.items[1].kind, RT_OP_CREATE_TABLE);
        cr_assert_str_eq(ops.items[1].table->name, "t_seq");
        cr_assert_eq(ops.items[1].line, 13);
        cr_assert_eq(ops.items[1].col, 1);
        rt_oplist_free(&ops);
    }
}

Test(sql_blocks, aliases_any_case_and_blanks)
{
    rt_sql_blocks b = split_ok("  --DIALECT :  Postgres ,MariaDB\nSELECT 1;\n"
                               "-- dialect: SQLite, mysql, mariadb\nSELECT 2;\n"
                               "-- Dialect: ALL\nSELECT 3;\n",
                               1);
    cr_assert_eq(b.n, 4);
    assert_names(&b.items[1], "postgresql,mysql");
    assert_names(&b.items[2], "sqlite,mysql");
    assert_names(&b.items[3], "");
    rt_sql_blocks_free(&b);
}

Test(sql_blocks, bad_directives_name_file_line_and_column)
{
    split_fails("SELECT 1;\n-- dialect: postgresql, oracle\n",
                "v.sql:11:25: unknown dialect 'oracle' in '-- dialect:'; known are sqlite, "
                "postgresql (or postgres) and mysql (or mariadb), or 'all'.");
    split_fails("-- dialect:\nSELECT 1;\n",
                "v.sql:10:12: '-- dialect:' names no backend; name one or more of sqlite, "
                "postgresql (or postgres) and mysql (or mariadb), or write 'all' to lift the "
                "limit.");
    split_fails("-- dialect: mysql,,sqlite\n",
                "v.sql:10:19: empty dialect name in the '-- dialect:' list.");
    split_fails("-- dialect: mysql sqlite\n",
                "v.sql:10:19: expected ',' between two dialect names.");
    split_fails("-- dialect: all, mysql\n",
                "v.sql:10:18: 'all' stands alone in '-- dialect:'; it cannot be combined with "
                "dialect names.");
}

Test(sql_blocks, block_at_the_section_end)
{
    /* A directive as the last line limits nothing. */
    rt_oplist ops = parse_for("CREATE TABLE a (id INTEGER);\n-- dialect: mysql\n", 1, "sqlite");
    cr_assert_eq(ops.n, 1);
    rt_oplist_free(&ops);
    /* The last statement of the last block may omit its ';'. */
    const char *text = "CREATE TABLE a (id INTEGER);\n-- dialect: sqlite\nDROP TABLE a";
    ops = parse_for(text, 1, "sqlite");
    cr_assert_eq(ops.n, 2);
    cr_assert_eq(ops.items[1].kind, RT_OP_DROP_TABLE);
    cr_assert_eq(ops.items[1].line, 3);
    rt_oplist_free(&ops);
    ops = parse_for(text, 1, "postgresql");
    cr_assert_eq(ops.n, 1);
    rt_oplist_free(&ops);
}

Test(sql_blocks, other_backends_blocks_are_not_parsed)
{
    /* Not portable, and no error where it does not run. */
    const char *text = "CREATE TABLE a (id INTEGER);\n"
                       "-- dialect: mysql\n"
                       "ALTER TABLE a ENGINE = `InnoDB`;\n"
                       "-- dialect: all\n"
                       "CREATE TABLE b (id INTEGER);\n";
    rt_oplist ops = parse_for(text, 1, "postgresql");
    cr_assert_eq(ops.n, 2);
    cr_assert_str_eq(ops.items[1].table->name, "b");
    cr_assert_eq(ops.items[1].line, 5);
    rt_oplist_free(&ops);
    /* Where it runs it is parsed like any statement. */
    rt_oplist none = RT_OPLIST_INIT;
    rt_error err;
    cr_assert_eq(rt_sql_parse_for(&none, text, "v.sql", 1, "mysql", &err), RT_EPARSE);
    cr_assert(strstr(err.message, "v.sql:3:"), "%s", err.message);
}

Test(sql_blocks, errors_keep_their_position_inside_a_block)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err;
    cr_assert_eq(rt_sql_parse_for(&ops, "-- dialect: sqlite\n\nCREATE TABLE a (id INTEGR);\n",
                                  "v.sql", 1, "sqlite", &err),
                 RT_EPARSE);
    const char want[] = "v.sql:3:20: expected a type";
    cr_assert(strncmp(err.message, want, sizeof want - 1) == 0, "%s", err.message);
    cr_assert_eq(ops.n, 0);
}

Test(sql_blocks, a_directive_cannot_cut_a_statement)
{
    parse_for_fails("INSERT INTO a (id)\n-- dialect: mysql\nVALUES (1);\n", "mysql",
                    "v.sql:2:1: '-- dialect:' line inside a statement; end the statement "
                    "before it (line 1) with ';'.");
}

/* A revision file whose both sections hold blocks, through the engine's
 * loader (what upgrade, downgrade and the model replay read). */
Test(sql_blocks, revision_sections_upgrade_and_downgrade)
{
    char *dir = rt_test_tmpdir();
    char *path = rt_xasprintf("%s/a1_rev.sql", dir);
    rt_test_write_file(path, "-- Revision ID: a1\n-- Revises: \n\n"
                             "-- upgrade\n"
                             "CREATE TABLE t (id INTEGER PRIMARY KEY);\n"
                             "-- dialect: postgres\n"
                             "CREATE SEQUENCE t_seq;\n"
                             "\n-- downgrade\n"
                             "-- dialect: mariadb\n"
                             "DROP INDEX ix ON t;\n"
                             "-- dialect: all\n"
                             "DROP TABLE t;\n");
    rt_revision r = { 0 };
    r.path = path;
    rt_error err;
    rt_oplist ops = RT_OPLIST_INIT;
    cr_assert_eq(rt_engine_load_ops(&r, true, &rt_dialect_postgresql, &ops, &err), RT_OK, "%s",
                 err.message);
    cr_assert_eq(ops.n, 2);
    cr_assert_eq(ops.items[1].line, 7);
    rt_oplist_free(&ops);
    cr_assert_eq(rt_engine_load_ops(&r, true, &rt_dialect_sqlite, &ops, &err), RT_OK, "%s",
                 err.message);
    cr_assert_eq(ops.n, 1);
    rt_oplist_free(&ops);
    cr_assert_eq(rt_engine_load_ops(&r, false, &rt_dialect_mysql, &ops, &err), RT_OK, "%s",
                 err.message);
    cr_assert_eq(ops.n, 2);
    cr_assert_eq(ops.items[0].kind, RT_OP_DROP_INDEX);
    cr_assert_eq(ops.items[0].line, 11);
    cr_assert_eq(ops.items[1].kind, RT_OP_DROP_TABLE);
    cr_assert_eq(ops.items[1].line, 13);
    rt_oplist_free(&ops);
    cr_assert_eq(rt_engine_load_ops(&r, false, &rt_dialect_postgresql, &ops, &err), RT_OK, "%s",
                 err.message);
    cr_assert_eq(ops.n, 1);
    cr_assert_eq(ops.items[0].kind, RT_OP_DROP_TABLE);
    rt_oplist_free(&ops);
    free(path);
    rt_test_rmtree(dir);
    free(dir);
}

Test(sql_blocks, models_refuse_the_directive)
{
    char *dir = rt_test_tmpdir();
    char *path = rt_xasprintf("%s/m.sql", dir);
    rt_test_write_file(path, "CREATE TABLE t (id INTEGER PRIMARY KEY);\n\n"
                             "-- dialect: postgresql\nCREATE INDEX ix ON t (id);\n");
    rt_strv globs = RT_STRV_INIT;
    rt_strv_push(&globs, path);
    rt_schema s = RT_SCHEMA_INIT;
    rt_error err;
    cr_assert_eq(rt_models_load(&globs, &s, &err), RT_EPARSE);
    char *want = rt_xasprintf("%s:3:1: '-- dialect:' is not allowed in a model", path);
    cr_assert(strncmp(err.message, want, strlen(want)) == 0, "%s", err.message);
    free(want);
    rt_strv_free(&globs);
    free(path);
    rt_test_rmtree(dir);
    free(dir);
}
