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

/* ---- backend-only syntax in a block that names its backends ---- */

static const char options_text[] = "CREATE TABLE a (id INTEGER, c TEXT);\n"
                                   "-- dialect: mysql\n"
                                   "ALTER TABLE a ROW_FORMAT=DYNAMIC, ENGINE=InnoDB;\n"
                                   "-- dialect: postgresql\n"
                                   "ALTER TABLE IF EXISTS ONLY public.a OWNER TO test,\n"
                                   "    SET (fillfactor = 70), ENABLE ROW LEVEL SECURITY;\n"
                                   "ALTER TABLE a ALTER COLUMN c SET STATISTICS 100;\n"
                                   "CREATE INDEX ix_a_c ON a (c);\n";

Test(sql_blocks, table_options_run_verbatim_in_their_block)
{
    rt_oplist my = parse_for(options_text, 1, "mysql");
    cr_assert_eq(my.n, 2);
    cr_assert_eq(my.items[1].kind, RT_OP_RAW);
    cr_assert_str_eq(my.items[1].expr, "ALTER TABLE a ROW_FORMAT=DYNAMIC, ENGINE=InnoDB");
    cr_assert_eq(my.items[1].line, 3);
    rt_oplist_free(&my);

    rt_oplist pg = parse_for(options_text, 1, "postgresql");
    cr_assert_eq(pg.n, 4);
    cr_assert_eq(pg.items[1].kind, RT_OP_RAW);
    cr_assert_str_eq(pg.items[1].expr, "ALTER TABLE IF EXISTS ONLY public.a OWNER TO test,\n"
                                       "    SET (fillfactor = 70), ENABLE ROW LEVEL SECURITY");
    cr_assert_eq(pg.items[2].kind, RT_OP_RAW);
    /* modelled statements in a block stay modelled */
    cr_assert_eq(pg.items[3].kind, RT_OP_CREATE_INDEX);
    rt_oplist_free(&pg);
}

Test(sql_blocks, table_options_outside_a_named_block_stay_errors)
{
    /* Outside any block, and in `-- dialect: all`: the portable grammar. */
    parse_for_fails("ALTER TABLE a ENGINE=InnoDB;\n", "mysql",
                    "v.sql:1:15: expected ADD, DROP, RENAME or ALTER, found 'ENGINE'.");
    parse_for_fails("-- dialect: mysql\nSELECT 1;\n-- dialect: all\n"
                    "ALTER TABLE a ENGINE=InnoDB;\n",
                    "mysql", "v.sql:4:15: expected ADD, DROP, RENAME or ALTER, found 'ENGINE'.");
}

/* What changes the model must stay portable, even in a block. */
static void model_change_refused(const char *stmt, const char *dialect, const char *start)
{
    char *text = rt_xasprintf("-- dialect: %s\n%s;\n", dialect, stmt);
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err;
    cr_assert_eq(rt_sql_parse_for(&ops, text, "v.sql", 1, dialect, &err), RT_EPARSE, "%s", stmt);
    cr_assert(strncmp(err.message, start, strlen(start)) == 0, "%s: %s", stmt, err.message);
    cr_assert(strstr(err.message, "(In a '-- dialect:' block too, a statement that creates, "
                                  "changes or drops tables, columns, constraints, indexes or "
                                  "comments must be portable SQL"),
              "%s", err.message);
    cr_assert_eq(ops.n, 0);
    free(text);
}

Test(sql_blocks, model_changes_in_a_block_must_be_portable)
{
    model_change_refused("ALTER TABLE a ENGINE=InnoDB, ADD COLUMN b INTEGER", "mysql",
                         "v.sql:2:15: expected ADD, DROP, RENAME or ALTER, found 'ENGINE'.");
    model_change_refused("ALTER TABLE a ADD FULLTEXT INDEX ft (c)", "mysql", "v.sql:2:28: ");
    model_change_refused("ALTER TABLE a MODIFY c VARCHAR(10)", "mysql", "v.sql:2:15: ");
    model_change_refused("ALTER TABLE a COMMENT = 'x'", "mysql", "v.sql:2:15: ");
    model_change_refused("ALTER TABLE a SET SCHEMA other", "postgresql", "v.sql:2:15: ");
    model_change_refused("CREATE TABLE b (id INTEGER) ENGINE=MyISAM", "mysql", "v.sql:2:29: ");
    model_change_refused("CREATE INDEX ix ON a USING gin (c)", "postgresql", "v.sql:2:22: ");
    model_change_refused("DROP TABLE a CASCADE", "postgresql", "v.sql:2:14: ");
}

/* USING is read in a block only; the dialects without it refuse it. */
Test(sql_blocks, alter_type_using_in_a_block)
{
    const char *text = "-- dialect: postgresql\n"
                       "ALTER TABLE a ALTER COLUMN c TYPE INTEGER USING length(c, 'x'),\n"
                       "    ALTER COLUMN d TYPE TEXT;\n";
    rt_oplist pg = parse_for(text, 1, "postgresql");
    cr_assert_eq(pg.n, 2);
    cr_assert_eq(pg.items[0].kind, RT_OP_ALTER_TYPE);
    cr_assert_str_eq(pg.items[0].expr, "length(c, 'x')");
    cr_assert_eq(pg.items[1].kind, RT_OP_ALTER_TYPE);
    cr_assert_null(pg.items[1].expr);
    rt_oplist_free(&pg);
    parse_for_fails("ALTER TABLE a ALTER COLUMN c TYPE INTEGER USING c::integer;\n", "postgresql",
                    "v.sql:1:43: ALTER COLUMN ... USING is not portable; convert the data with "
                    "a separate UPDATE.");
    parse_for_fails("-- dialect: postgresql\nALTER TABLE a ALTER COLUMN c TYPE INTEGER USING;\n",
                    "postgresql",
                    "v.sql:2:48: expected an expression after USING, found end of statement. (In "
                    "a '-- dialect:' block too, a statement that creates, changes or drops "
                    "tables, columns, constraints, indexes or comments must be portable SQL: "
                    "retort models it. Only other statements, and ALTER TABLE with table "
                    "options alone, run verbatim there.)");
}

Test(sql_blocks, routine_bodies_split_at_their_end)
{
    const char *text = "-- dialect: postgresql\n"
                       "CREATE FUNCTION one() RETURNS integer AS $fn$\n"
                       "BEGIN RETURN 1; END;\n"
                       "$fn$ LANGUAGE plpgsql;\n"
                       "CREATE FUNCTION two() RETURNS integer AS $$ SELECT 2; $$ LANGUAGE sql;\n"
                       "-- dialect: mysql\n"
                       "CREATE PROCEDURE fill(IN n INTEGER)\n"
                       "BEGIN\n"
                       "    DECLARE i INTEGER DEFAULT 0;\n"
                       "    WHILE i < n DO SET i = i + 1; END WHILE;\n"
                       "    IF n > 1 THEN SELECT 1; END IF;\n"
                       "END;\n"
                       "ANALYZE TABLE a;\n";
    rt_oplist pg = parse_for(text, 1, "postgresql");
    cr_assert_eq(pg.n, 2);
    cr_assert_str_eq(pg.items[0].expr, "CREATE FUNCTION one() RETURNS integer AS $fn$\n"
                                       "BEGIN RETURN 1; END;\n$fn$ LANGUAGE plpgsql");
    cr_assert_eq(pg.items[1].line, 5);
    rt_oplist_free(&pg);
    rt_oplist my = parse_for(text, 1, "mysql");
    cr_assert_eq(my.n, 2);
    cr_assert_eq(my.items[0].kind, RT_OP_RAW);
    cr_assert(strstr(my.items[0].expr, "END IF;\nEND"), "%s", my.items[0].expr);
    cr_assert_str_eq(my.items[1].expr, "ANALYZE TABLE a");
    rt_oplist_free(&my);
}

Test(sql_blocks, delimiter_lines_say_what_to_write)
{
    const char want[] = "v.sql:2:1: DELIMITER is a command of the mysql client, not SQL; "
                        "remove the DELIMITER lines and end the routine with ';' after its "
                        "END: retort does not end a CREATE PROCEDURE, FUNCTION, TRIGGER or "
                        "EVENT inside its BEGIN ... END body.";
    parse_for_fails("-- dialect: mysql\nDELIMITER //\nCREATE PROCEDURE p() BEGIN SELECT 1; "
                    "END //\nDELIMITER ;\n",
                    "mysql", want);
    parse_for_fails("-- dialect: mysql\nDELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; "
                    "END$$\nDELIMITER ;\n",
                    "mysql", want);
    /* a $$ left open: the lexer's error would hide the cause */
    parse_for_fails("-- dialect: mysql\nDELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; "
                    "END $$\nDELIMITER ;\nSELECT 1 $$",
                    "mysql", want);
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
