#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "ops.h"
#include "sql_lex.h"
#include "sql_parse.h"

static rt_oplist parse_ok(const char *sql)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_sql_parse(&ops, sql, "v.sql", 1, &err);
    cr_assert_eq(rc, RT_OK, "%s: %s", sql, err.message);
    return ops;
}

/* Parsing fails with exactly this message and appends nothing. */
static void parse_fails(const char *sql, int first_line, const char *message)
{
    rt_oplist ops = RT_OPLIST_INIT;
    rt_op *keep = rt_oplist_push(&ops, RT_OP_RAW);
    keep->expr = rt_xstrdup("SELECT 1");
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_sql_parse(&ops, sql, "v.sql", first_line, &err);
    cr_assert_eq(rc, RT_EPARSE, "expected a parse error for: %s", sql);
    cr_assert_str_eq(err.message, message);
    cr_assert_eq(ops.n, 1, "nothing is appended on error");
    rt_oplist_free(&ops);
}

static rt_type type_of(const char *sql_type)
{
    rt_type t;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_sql_parse_type(&t, sql_type, &err);
    cr_assert_eq(rc, RT_OK, "%s: %s", sql_type, err.message);
    return t;
}

Test(sql_parse, every_type_and_alias)
{
    static const struct {
        const char *text;
        rt_type_kind kind;
        int length, precision, scale;
    } cases[] = {
        { "INTEGER", RT_TYPE_INTEGER, 0, -1, -1 },
        { "int", RT_TYPE_INTEGER, 0, -1, -1 },
        { "BIGINT", RT_TYPE_BIGINT, 0, -1, -1 },
        { "SmallInt", RT_TYPE_SMALLINT, 0, -1, -1 },
        { "BOOLEAN", RT_TYPE_BOOLEAN, 0, -1, -1 },
        { "bool", RT_TYPE_BOOLEAN, 0, -1, -1 },
        { "VARCHAR", RT_TYPE_VARCHAR, 0, -1, -1 },
        { "varchar(50)", RT_TYPE_VARCHAR, 50, -1, -1 },
        { "character varying(7)", RT_TYPE_VARCHAR, 7, -1, -1 },
        { "TEXT", RT_TYPE_TEXT, 0, -1, -1 },
        { "NUMERIC(10,2)", RT_TYPE_NUMERIC, 0, 10, 2 },
        { "decimal(5, 0)", RT_TYPE_NUMERIC, 0, 5, 0 },
        { "NUMERIC(8)", RT_TYPE_NUMERIC, 0, 8, -1 },
        { "NUMERIC", RT_TYPE_NUMERIC, 0, -1, -1 },
        { "REAL", RT_TYPE_REAL, 0, -1, -1 },
        { "FLOAT", RT_TYPE_DOUBLE, 0, -1, -1 },
        { "double precision", RT_TYPE_DOUBLE, 0, -1, -1 },
        { "DATE", RT_TYPE_DATE, 0, -1, -1 },
        { "TIME", RT_TYPE_TIME, 0, -1, -1 },
        { "time without time zone", RT_TYPE_TIME, 0, -1, -1 },
        { "TIMESTAMP", RT_TYPE_TIMESTAMP, 0, -1, -1 },
        { "timestamp without time zone", RT_TYPE_TIMESTAMP, 0, -1, -1 },
        { "TIMESTAMP WITH TIME ZONE", RT_TYPE_TIMESTAMPTZ, 0, -1, -1 },
        { "timestamptz", RT_TYPE_TIMESTAMPTZ, 0, -1, -1 },
        { "BLOB", RT_TYPE_BLOB, 0, -1, -1 },
        { "bytea", RT_TYPE_BLOB, 0, -1, -1 },
        { "JSON", RT_TYPE_JSON, 0, -1, -1 },
        { "uuid", RT_TYPE_UUID, 0, -1, -1 },
        { "CHAR(2)", RT_TYPE_CHAR, 2, -1, -1 },
        { "char", RT_TYPE_CHAR, 1, -1, -1 },
        { "CHARACTER(5)", RT_TYPE_CHAR, 5, -1, -1 },
        { "NCHAR(3)", RT_TYPE_CHAR, 3, -1, -1 },
        { "NVARCHAR(40)", RT_TYPE_VARCHAR, 40, -1, -1 },
        { "nvarchar", RT_TYPE_VARCHAR, 0, -1, -1 },
        { "DATETIME", RT_TYPE_TIMESTAMP, 0, -1, -1 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_type t = type_of(cases[i].text);
        cr_assert_eq(t.kind, cases[i].kind, "%s", cases[i].text);
        cr_assert_eq(t.length, cases[i].length, "%s", cases[i].text);
        cr_assert_eq(t.precision, cases[i].precision, "%s", cases[i].text);
        cr_assert_eq(t.scale, cases[i].scale, "%s", cases[i].text);
    }
}

Test(sql_parse, bad_types)
{
    const char *bad[] = { "varchar(", "VARCHAR(0)", "CHAR(0)", "NUMERIC(2,5)", "money", "INTEGER extra",
                          "TIME WITH TIME ZONE", "", "\"INTEGER\"" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rt_type t;
        rt_error err;
        rt_error_clear(&err);
        cr_assert_eq(rt_sql_parse_type(&t, bad[i], &err), RT_EPARSE, "%s", bad[i]);
    }
    rt_type t;
    rt_error err;
    rt_sql_parse_type(&t, "money", &err);
    cr_assert_str_eq(err.message, "\"money\" is not a portable type.");
}

Test(sql_parse, create_table_columns_defaults_and_case)
{
    rt_oplist ops = parse_ok(
        "CREATE TABLE users (\n"
        "  id INTEGER PRIMARY KEY,\n"
        "  Name VARCHAR(20) NOT NULL DEFAULT 'it''s',\n"
        "  \"A b\" TEXT NULL DEFAULT NULL,\n"
        "  n1 INTEGER DEFAULT -3, n2 REAL DEFAULT +1.5, n3 BIGINT DEFAULT 42,\n"
        "  f BOOLEAN DEFAULT false, t TIMESTAMP default current_timestamp,\n"
        "  d DATE DEFAULT Current_Date, tm TIME DEFAULT CURRENT_TIME,\n"
        "  e INTEGER DEFAULT (1 +  2)\n"
        ");");
    cr_assert_eq(ops.n, 1);
    rt_op *op = &ops.items[0];
    cr_assert_eq(op->kind, RT_OP_CREATE_TABLE);
    cr_assert_eq(op->line, 1);
    cr_assert_eq(op->col, 1);
    cr_assert_str_eq(op->table_name, "users");
    rt_table *t = op->table;
    cr_assert_str_eq(t->name, "users");
    cr_assert_eq(t->ncolumns, 11);
    cr_assert_str_eq(t->columns[1].name, "Name", "unquoted names keep their case");
    cr_assert_str_eq(t->columns[2].name, "A b");
    const char *defaults[] = { NULL, "'it''s'", NULL, "-3", "1.5", "42", "FALSE",
                               "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "(1 +  2)" };
    for (size_t i = 0; i < 11; i++) {
        if (defaults[i])
            cr_assert_str_eq(t->columns[i].default_sql, defaults[i], "column %zu", i);
        else
            cr_assert_null(t->columns[i].default_sql, "column %zu", i);
    }
    cr_assert(t->columns[0].not_null, "PK column is NOT NULL");
    cr_assert(t->columns[1].not_null);
    cr_assert_not(t->columns[2].not_null);
    cr_assert_eq(t->nconstraints, 1);
    cr_assert_eq(t->constraints[0].kind, RT_CONSTRAINT_PRIMARY_KEY);
    cr_assert_null(t->constraints[0].name, "an unnamed PK stays unnamed");
    rt_oplist_free(&ops);

    ops = parse_ok("create table \"A\" (x int); CREATE TABLE Users (x int)");
    cr_assert_str_eq(ops.items[0].table->name, "A");
    cr_assert_str_eq(ops.items[1].table->name, "Users");
    rt_oplist_free(&ops);
}

Test(sql_parse, constraints_become_named_table_constraints)
{
    rt_oplist ops = parse_ok(
        "CREATE TABLE IF NOT EXISTS orders (\n"
        "  id BIGINT CONSTRAINT orders_pk PRIMARY KEY,\n"
        "  code VARCHAR(8) UNIQUE,\n"
        "  customer INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE ON UPDATE SET NULL,\n"
        "  other INTEGER CONSTRAINT other_fk REFERENCES \"Other\" ON UPDATE RESTRICT,\n"
        "  qty INTEGER CHECK (qty > 0),\n"
        "  a INTEGER, b INTEGER,\n"
        "  UNIQUE (a, b),\n"
        "  CONSTRAINT named_uq UNIQUE (b),\n"
        "  FOREIGN KEY (a, b) REFERENCES pairs (x, y) ON DELETE SET DEFAULT ON UPDATE NO ACTION,\n"
        "  CHECK (a < b), CONSTRAINT ck_named CHECK (a > 0), CHECK ((b) <> 3)\n"
        ");");
    rt_op *op = &ops.items[0];
    cr_assert(op->if_exists, "IF NOT EXISTS is kept in if_exists");
    rt_table *t = op->table;
    const char *names[] = { "orders_pk", "uq_orders_code", "fk_orders_customer_customers",
                            "other_fk", "ck_orders_qty", "uq_orders_a_b", "named_uq",
                            "fk_orders_a_pairs", "ck_orders_1", "ck_named", "ck_orders_2" };
    cr_assert_eq(t->nconstraints, 11);
    for (size_t i = 0; i < 11; i++)
        cr_assert_str_eq(t->constraints[i].name, names[i], "constraint %zu", i);
    rt_constraint *fk = &t->constraints[2];
    cr_assert_eq(fk->kind, RT_CONSTRAINT_FOREIGN_KEY);
    cr_assert_str_eq(fk->columns.items[0], "customer");
    cr_assert_str_eq(fk->ref_table, "customers");
    cr_assert_str_eq(fk->ref_columns.items[0], "id");
    cr_assert_eq(fk->on_delete, RT_FK_CASCADE);
    cr_assert_eq(fk->on_update, RT_FK_SET_NULL);
    fk = &t->constraints[3];
    cr_assert_str_eq(fk->ref_table, "Other");
    cr_assert_eq(fk->ref_columns.n, 0, "REFERENCES t alone leaves ref_columns empty");
    cr_assert_eq(fk->on_update, RT_FK_RESTRICT);
    fk = &t->constraints[7];
    cr_assert_eq(fk->columns.n, 2);
    cr_assert_eq(fk->on_delete, RT_FK_SET_DEFAULT);
    cr_assert_eq(fk->on_update, RT_FK_NO_ACTION);
    cr_assert_str_eq(t->constraints[4].check_sql, "qty > 0");
    cr_assert_str_eq(t->constraints[10].check_sql, "(b) <> 3");
    cr_assert(t->columns[0].not_null);
    rt_oplist_free(&ops);
}

Test(sql_parse, alter_table_actions)
{
    rt_oplist ops = parse_ok(
        "-- header comment\n"
        "ALTER TABLE t ADD COLUMN c1 INTEGER NOT NULL DEFAULT 0 UNIQUE,\n"
        "  ADD c2 TEXT, DROP COLUMN c3, DROP c4,\n"
        "  ALTER COLUMN c5 TYPE VARCHAR(9), ALTER c6 SET DATA TYPE BIGINT,\n"
        "  ALTER c7 SET NOT NULL, ALTER c8 DROP NOT NULL,\n"
        "  ALTER c9 SET DEFAULT 'x', ALTER c10 DROP DEFAULT, ALTER c11 SET DEFAULT NULL,\n"
        "  ADD CONSTRAINT pk PRIMARY KEY (c1), ADD CHECK (c1 > 0), ADD FOREIGN KEY (c2) REFERENCES o(id),\n"
        "  DROP CONSTRAINT old;\n"
        "ALTER TABLE t RENAME COLUMN a TO b;\n"
        "ALTER TABLE t RENAME a TO \"B\";\n"
        "ALTER TABLE t RENAME TO u;\n");
    static const rt_op_kind kinds[] = {
        RT_OP_ADD_COLUMN, RT_OP_ADD_CONSTRAINT, RT_OP_ADD_COLUMN, RT_OP_DROP_COLUMN,
        RT_OP_DROP_COLUMN, RT_OP_ALTER_TYPE, RT_OP_ALTER_TYPE, RT_OP_SET_NOT_NULL,
        RT_OP_DROP_NOT_NULL, RT_OP_SET_DEFAULT, RT_OP_DROP_DEFAULT, RT_OP_DROP_DEFAULT,
        RT_OP_ADD_CONSTRAINT, RT_OP_ADD_CONSTRAINT, RT_OP_ADD_CONSTRAINT, RT_OP_DROP_CONSTRAINT,
        RT_OP_RENAME_COLUMN, RT_OP_RENAME_COLUMN, RT_OP_RENAME_TABLE,
    };
    cr_assert_eq(ops.n, sizeof kinds / sizeof kinds[0]);
    for (size_t i = 0; i < ops.n; i++) {
        cr_assert_eq(ops.items[i].kind, kinds[i], "op %zu is %s", i, rt_op_kind_name(ops.items[i].kind));
        cr_assert_str_eq(ops.items[i].table_name, "t");
        cr_assert_eq(ops.items[i].line, i < 16 ? 2 : (int)i - 16 + 9, "op %zu", i);
        cr_assert_eq(ops.items[i].col, 1);
    }
    cr_assert_str_eq(ops.items[0].column->name, "c1");
    cr_assert_str_eq(ops.items[0].column->default_sql, "0");
    cr_assert_str_eq(ops.items[1].constraint->name, "uq_t_c1");
    cr_assert_str_eq(ops.items[3].name, "c3");
    cr_assert_eq(ops.items[5].type.length, 9);
    cr_assert_eq(ops.items[6].type.kind, RT_TYPE_BIGINT);
    cr_assert_str_eq(ops.items[9].expr, "'x'");
    cr_assert_str_eq(ops.items[11].name, "c11");
    cr_assert_str_eq(ops.items[12].constraint->name, "pk");
    cr_assert_str_eq(ops.items[13].constraint->name, "ck_t_1");
    cr_assert_str_eq(ops.items[14].constraint->name, "fk_t_c2_o");
    cr_assert_str_eq(ops.items[15].name, "old");
    cr_assert_str_eq(ops.items[17].new_name, "B");
    cr_assert_str_eq(ops.items[18].new_name, "u");
    rt_oplist_free(&ops);
}

Test(sql_parse, indexes_and_drops)
{
    rt_oplist ops = parse_ok("CREATE INDEX ix_a ON t (a);\n"
                             "CREATE UNIQUE INDEX IF NOT EXISTS \"Ix\" ON \"T\" (a, \"B\");\n"
                             "DROP INDEX ix_a; DROP INDEX IF EXISTS \"Ix\" ON \"T\";\n"
                             "DROP TABLE t; DROP TABLE IF EXISTS a, b;");
    cr_assert_eq(ops.n, 7);
    cr_assert_eq(ops.items[0].kind, RT_OP_CREATE_INDEX);
    cr_assert_not(ops.items[0].index->unique);
    cr_assert_str_eq(ops.items[0].table_name, "t");
    cr_assert(ops.items[1].index->unique);
    cr_assert(ops.items[1].if_exists);
    cr_assert_str_eq(ops.items[1].index->name, "Ix");
    cr_assert_str_eq(ops.items[1].index->columns.items[1], "B");
    cr_assert_eq(ops.items[2].kind, RT_OP_DROP_INDEX);
    cr_assert_null(ops.items[2].table_name);
    cr_assert_not(ops.items[2].if_exists);
    cr_assert_str_eq(ops.items[3].table_name, "T");
    cr_assert(ops.items[3].if_exists);
    cr_assert_eq(ops.items[4].kind, RT_OP_DROP_TABLE);
    cr_assert_not(ops.items[4].if_exists);
    cr_assert_str_eq(ops.items[6].table_name, "b");
    cr_assert(ops.items[6].if_exists);
    rt_oplist_free(&ops);
}

Test(sql_parse, raw_statements_are_split_carefully)
{
    const char *sql =
        "INSERT INTO t VALUES ('a;b', \"c;d\"); -- c; d\n"
        "/* x; y */ UPDATE t SET a = 1 /* ; */ WHERE b = 'it''s;';\n"
        "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN x := 1; RETURN NEW; END; $body$ LANGUAGE plpgsql;\n"
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
        "  UPDATE t SET a = CASE WHEN 1 THEN 2 ELSE 3 END;\n"
        "  DELETE FROM u;\n"
        "END;\n"
        "DO $$ BEGIN PERFORM 1; END $$;\n"
        ";;\n"
        "SELECT 1";
    rt_oplist ops = parse_ok(sql);
    const char *want[] = {
        "INSERT INTO t VALUES ('a;b', \"c;d\")",
        "UPDATE t SET a = 1 /* ; */ WHERE b = 'it''s;'",
        "CREATE FUNCTION f() RETURNS trigger AS $body$ BEGIN x := 1; RETURN NEW; END; $body$ LANGUAGE plpgsql",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n  UPDATE t SET a = CASE WHEN 1 THEN 2 ELSE 3 END;\n  DELETE FROM u;\nEND",
        "DO $$ BEGIN PERFORM 1; END $$",
        "SELECT 1",
    };
    const int lines[] = { 1, 2, 3, 4, 8, 10 };
    const int cols[] = { 1, 12, 1, 1, 1, 1 };
    cr_assert_eq(ops.n, 6);
    for (size_t i = 0; i < 6; i++) {
        cr_assert_eq(ops.items[i].kind, RT_OP_RAW);
        cr_assert_str_eq(ops.items[i].expr, want[i]);
        cr_assert_eq(ops.items[i].line, lines[i], "statement %zu", i);
        cr_assert_eq(ops.items[i].col, cols[i], "statement %zu", i);
    }
    rt_oplist_free(&ops);

    /* MySQL routine bodies: END IF / END LOOP close no BEGIN, END CASE closes its CASE */
    ops = parse_ok("CREATE PROCEDURE p() BEGIN\n"
                   "  IF 1 THEN SELECT 1; END IF;\n"
                   "  CASE WHEN 1 THEN SELECT 2; END CASE;\n"
                   "  l: LOOP LEAVE l; END LOOP;\n"
                   "END;\n"
                   "SELECT 3;");
    cr_assert_eq(ops.n, 2);
    cr_assert_eq(ops.items[1].line, 6);
    rt_oplist_free(&ops);

    /* CREATE TABLE ... AS, CREATE TEMPORARY TABLE and views are not modelled */
    ops = parse_ok("CREATE TEMPORARY TABLE x (a int); CREATE VIEW v AS SELECT 1;");
    cr_assert_eq(ops.items[0].kind, RT_OP_RAW);
    cr_assert_eq(ops.items[1].kind, RT_OP_RAW);
    rt_oplist_free(&ops);

    ops = parse_ok("  -- only comments\n/* nothing */\n");
    cr_assert_eq(ops.n, 0);
    rt_oplist_free(&ops);
}

Test(sql_parse, errors_have_exact_positions)
{
    parse_fails("CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL FOO);", 1,
                "v.sql:1:67: expected a column constraint (PRIMARY KEY, NOT NULL, NULL, DEFAULT, "
                "GENERATED, UNIQUE, REFERENCES, CHECK), ',' or ')', found 'FOO'.");
    /* a statement over several lines, the section starting at line 12 */
    parse_fails("SELECT 1;\n"
                "CREATE TABLE t (\n"
                "    id INTEGER,\n"
                "    name VARCHR(20)\n"
                ");",
                12,
                "v.sql:15:10: expected a type (INTEGER, BIGINT, SMALLINT, BOOLEAN, VARCHAR, CHAR, TEXT, "
                "NUMERIC, REAL, DOUBLE PRECISION, DATE, TIME, TIMESTAMP, BLOB, JSON, UUID, ENUM), found 'VARCHR'.");
    parse_fails("CREATE TABLE t (id INTEGER", 1, "v.sql:1:27: expected ',' or ')', found end of input.");
    parse_fails("CREATE TABLE t (id INTEGER;", 1, "v.sql:1:27: expected ',' or ')', found end of statement.");
    parse_fails("ALTER TABLE t ADD COLUMN x VARCHAR(0);", 3,
                "v.sql:3:36: a VARCHAR length must be at least 1.");
    parse_fails("ALTER TABLE t ALTER x SET FOO;", 1,
                "v.sql:1:27: expected NOT NULL, DEFAULT or DATA TYPE, found 'FOO'.");
    parse_fails("ALTER TABLE t ADD x INTEGER DEFAULT lower('A');", 1,
                "v.sql:1:37: expected a default value (a number, a 'string', TRUE, FALSE, NULL, "
                "CURRENT_TIMESTAMP, now(), CURRENT_DATE, CURRENT_TIME or an (expression)), found 'lower'.");
    parse_fails("CREATE TABLE `t` (id INTEGER);", 1,
                "v.sql:1:14: backtick-quoted identifiers are MySQL-only and not portable; write \"name\" instead.");
    parse_fails("SELECT 1;\n  INSERT INTO t VALUES ('abc);\n", 1,
                "v.sql:2:25: unterminated string literal.");
    parse_fails("SELECT $$ abc", 1, "v.sql:1:8: unterminated dollar-quoted string.");
    parse_fails("SELECT 1; /* open", 1, "v.sql:1:11: unterminated /* comment.");
    parse_fails("CREATE TABLE t (a INTEGER PRIMARY KEY, b INTEGER, PRIMARY KEY (b));", 1,
                "v.sql:1:51: table \"t\" has more than one PRIMARY KEY.");
    parse_fails("CREATE TABLE t (a INTEGER, UNIQUE (a, zz));", 1,
                "v.sql:1:28: the constraint names column \"zz\", which table \"t\" does not have.");
    parse_fails("CREATE TABLE t (a INTEGER, a TEXT);", 1,
                "v.sql:1:28: table \"t\" already has a column named \"a\".");
    parse_fails("CREATE TABLE t (a INTEGER CHECK ());", 1,
                "v.sql:1:34: expected an expression, found ')'.");
    parse_fails("CREATE TABLE t (a INTEGER CHECK (a > (1);", 1,
                "v.sql:1:33: this '(' is never closed.");
    parse_fails("CREATE TABLE t (a INTEGER) ENGINE=InnoDB;", 1,
                "v.sql:1:28: expected end of statement, found 'ENGINE'.");
    parse_fails("ALTER TABLE t RENAME TO u, ADD x INTEGER;", 1,
                "v.sql:1:15: RENAME cannot be combined with other actions in one ALTER TABLE; write a separate statement.");
    parse_fails("CREATE INDEX ON t (a);", 1,
                "v.sql:1:14: expected an index name (portable indexes are named), found 'ON'.");
    parse_fails("CREATE INDEX ix ON t (lower(a));", 1,
                "v.sql:1:28: expected ',' or ')', found '('.");
    parse_fails("DROP TABLE t CASCADE;", 1,
                "v.sql:1:14: DROP TABLE ... CASCADE/RESTRICT is not portable; drop the dependent objects first.");
    parse_fails("CREATE TABLE t (a INTEGER REFERENCES u ON DELETE CASCADE ON DELETE RESTRICT);", 1,
                "v.sql:1:58: ON DELETE is given twice.");
    parse_fails("CREATE TABLE t (a INTEGER, FOREIGN KEY (a) REFERENCES u (x, y));", 1,
                "v.sql:1:62: the FOREIGN KEY has 1 column(s) but REFERENCES names 2.");
    parse_fails("CREATE TABLE t (a INTEGER NOT NULL NULL);", 1,
                "v.sql:1:36: column \"a\" is declared both NULL and NOT NULL.");
    parse_fails("CREATE TABLE t (a INTEGER DEFAULT 1 DEFAULT 2);", 1,
                "v.sql:1:37: column \"a\" has two DEFAULT clauses.");
    parse_fails("CREATE TABLE t (a NUMERIC(2, 5));", 1,
                "v.sql:1:30: a NUMERIC scale cannot exceed its precision.");
    parse_fails("CREATE TABLE t (a TIME WITH TIME ZONE);", 1,
                "v.sql:1:24: TIME WITH TIME ZONE is not portable; use TIME or TIMESTAMP WITH TIME ZONE.");
    /* columns count characters, not bytes */
    parse_fails("CREATE TABLE \"é\" (a INTEGER FOO);", 1,
                "v.sql:1:29: expected a column constraint (PRIMARY KEY, NOT NULL, NULL, DEFAULT, "
                "GENERATED, UNIQUE, REFERENCES, CHECK), ',' or ')', found 'FOO'.");
}

Test(sql_parse, later_error_discards_earlier_statements)
{
    parse_fails("CREATE TABLE a (x INTEGER);\nCREATE TABLE b (x INTEGR);", 1,
                "v.sql:2:19: expected a type (INTEGER, BIGINT, SMALLINT, BOOLEAN, VARCHAR, CHAR, TEXT, "
                "NUMERIC, REAL, DOUBLE PRECISION, DATE, TIME, TIMESTAMP, BLOB, JSON, UUID, ENUM), found 'INTEGR'.");
}

Test(sql_parse, lexer_tokens_and_text)
{
    const char *src = "E'a\\'b' \"x\"\"y\" 1.5e3 .5 $t$ q $t$ :: ->> $1";
    rt_lexer lx;
    rt_lex_init(&lx, src, 7);
    rt_error err;
    rt_token tok;
    const rt_tok_kind kinds[] = { RT_TOK_STRING, RT_TOK_QIDENT, RT_TOK_NUMBER, RT_TOK_NUMBER,
                                  RT_TOK_DOLLAR, RT_TOK_PUNCT, RT_TOK_PUNCT, RT_TOK_PUNCT, RT_TOK_EOF };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        cr_assert_eq(rt_lex_next(&lx, &tok, &err), RT_OK);
        cr_assert_eq(tok.kind, kinds[i], "token %zu", i);
        cr_assert_eq(tok.line, 7);
        if (i == 0) {
            char *v = rt_tok_text(src, &tok);
            cr_assert_str_eq(v, "a'b");
            free(v);
        }
        if (i == 1) {
            char *v = rt_tok_text(src, &tok);
            cr_assert_str_eq(v, "x\"y");
            free(v);
        }
        if (i == 6)
            cr_assert_eq(tok.len, 3);
    }
}

/* What reflection relies on to tell a number from an expression. */
Test(sql_parse, is_number_matches_the_lexer)
{
    const char *yes[] = { "0", "42", "-3", "+7", "1.50", ".5", "5.", "2e-3", "-1.5E+10" };
    const char *no[] = { "", "-", ".", "e5", "1e", "1e+", "0x10", "1,5", " 1", "1 ", "'1'",
                         "(1)", "1.2.3", "NULL" };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        cr_assert(rt_sql_is_number(yes[i]), "'%s' is a number", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        cr_assert_not(rt_sql_is_number(no[i]), "'%s' is not a number", no[i]);
}

Test(sql_parse, now_is_current_timestamp)
{
    rt_oplist ops = parse_ok("CREATE TABLE t (a TIMESTAMP DEFAULT now(), b DATETIME DEFAULT NOW ( ));"
                             "ALTER TABLE t ALTER COLUMN a SET DEFAULT now()");
    cr_assert_eq(ops.n, 2);
    cr_expect_str_eq(ops.items[0].table->columns[0].default_sql, "CURRENT_TIMESTAMP");
    cr_expect_str_eq(ops.items[0].table->columns[1].default_sql, "CURRENT_TIMESTAMP");
    cr_expect_str_eq(ops.items[1].expr, "CURRENT_TIMESTAMP");
    rt_oplist_free(&ops);
    parse_fails("CREATE TABLE t (a TIMESTAMP DEFAULT now)", 1,
                "v.sql:1:37: expected a default value (a number, a 'string', TRUE, FALSE, NULL, "
                "CURRENT_TIMESTAMP, now(), CURRENT_DATE, CURRENT_TIME or an (expression)), found 'now'.");
}

Test(sql_parse, deferrable_foreign_keys)
{
    rt_oplist ops = parse_ok(
        "CREATE TABLE c (id INTEGER PRIMARY KEY,"
        " a INTEGER REFERENCES p (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,"
        " b INTEGER, d INTEGER,"
        " FOREIGN KEY (b) REFERENCES p (id) DEFERRABLE,"
        " FOREIGN KEY (d) REFERENCES p (id) NOT DEFERRABLE INITIALLY IMMEDIATE);"
        "ALTER TABLE c ADD CONSTRAINT fk_x FOREIGN KEY (b) REFERENCES p DEFERRABLE INITIALLY IMMEDIATE");
    cr_assert_eq(ops.n, 2);
    const rt_table *t = ops.items[0].table;
    cr_assert_eq(t->nconstraints, 4);
    cr_expect(t->constraints[1].deferrable && t->constraints[1].initially_deferred);
    cr_expect_eq(t->constraints[1].on_delete, RT_FK_CASCADE);
    cr_expect(t->constraints[2].deferrable && !t->constraints[2].initially_deferred);
    cr_expect(!t->constraints[3].deferrable && !t->constraints[3].initially_deferred);
    cr_expect(ops.items[1].constraint->deferrable && !ops.items[1].constraint->initially_deferred);
    rt_oplist_free(&ops);
    parse_fails("CREATE TABLE c (a INTEGER REFERENCES p (id) INITIALLY DEFERRED)", 1,
                "v.sql:1:45: INITIALLY DEFERRED needs DEFERRABLE: write DEFERRABLE INITIALLY DEFERRED.");
}

Test(sql_parse, comments_on_tables_and_columns)
{
    rt_oplist ops = parse_ok("COMMENT ON TABLE \"T\" IS 'it''s a table';"
                             "comment on column t.\"C\" is 'col';"
                             "COMMENT ON COLUMN t.c IS NULL; COMMENT ON TABLE t IS ''");
    cr_assert_eq(ops.n, 4);
    for (size_t i = 0; i < ops.n; i++)
        cr_assert_eq(ops.items[i].kind, RT_OP_COMMENT);
    cr_expect_str_eq(ops.items[0].table_name, "T");
    cr_expect_null(ops.items[0].name);
    cr_expect_str_eq(ops.items[0].expr, "it's a table");
    cr_expect_str_eq(ops.items[1].table_name, "t");
    cr_expect_str_eq(ops.items[1].name, "C");
    cr_expect_str_eq(ops.items[1].expr, "col");
    cr_expect_null(ops.items[2].expr, "IS NULL removes the comment");
    cr_expect_str_eq(ops.items[3].expr, "");
    rt_oplist_free(&ops);
    ops = parse_ok("COMMENT ON VIEW v IS 'x'");
    cr_expect_eq(ops.items[0].kind, RT_OP_RAW, "comments on other objects pass through");
    rt_oplist_free(&ops);
    parse_fails("COMMENT ON COLUMN t IS 'x'", 1, "v.sql:1:21: expected '.', found 'IS'.");
    parse_fails("COMMENT ON TABLE t IS 42", 1, "v.sql:1:23: expected a 'string' or NULL, found number 42.");
}

Test(sql_parse, generated_columns)
{
    rt_oplist ops = parse_ok("CREATE TABLE t (a INTEGER, b INTEGER GENERATED ALWAYS AS (a * (a + 1)) STORED);"
                             "ALTER TABLE t ADD COLUMN c TEXT GENERATED ALWAYS AS ('x' || \"a\") STORED");
    cr_assert_eq(ops.n, 2);
    cr_expect_null(ops.items[0].table->columns[0].generated_sql);
    cr_expect_str_eq(ops.items[0].table->columns[1].generated_sql, "a * (a + 1)");
    cr_expect_str_eq(ops.items[1].column->generated_sql, "'x' || \"a\"");
    rt_oplist_free(&ops);
    parse_fails("CREATE TABLE t (a INTEGER, b INTEGER GENERATED ALWAYS AS (a) VIRTUAL)", 1,
                "v.sql:1:62: VIRTUAL generated columns are not portable (PostgreSQL has none); write STORED.");
    parse_fails("CREATE TABLE t (a INTEGER, b INTEGER GENERATED ALWAYS AS (a))", 1,
                "v.sql:1:61: expected STORED, found ')'.");
    parse_fails("CREATE TABLE t (a INTEGER, b INTEGER NOT NULL GENERATED ALWAYS AS (a) STORED)", 1,
                "v.sql:1:47: generated column \"b\" cannot also have NOT NULL (MariaDB refuses it).");
    parse_fails("CREATE TABLE t (a INTEGER, b INTEGER GENERATED ALWAYS AS (a) STORED DEFAULT 1)", 1,
                "v.sql:1:38: generated column \"b\" cannot also have a DEFAULT (MariaDB refuses it).");
}

Test(sql_parse, enum_type)
{
    rt_oplist ops = parse_ok("CREATE TABLE t (s ENUM('a', 'it''s', '') NOT NULL DEFAULT 'a');"
                             "ALTER TABLE t ALTER COLUMN s TYPE enum('x')");
    const rt_type *ty = &ops.items[0].table->columns[0].type;
    cr_assert_eq(ty->kind, RT_TYPE_ENUM);
    cr_assert_eq(ty->values.n, 3);
    cr_expect_str_eq(ty->values.items[1], "it's");
    cr_expect_str_eq(ty->values.items[2], "");
    cr_expect_eq(ops.items[1].type.kind, RT_TYPE_ENUM);
    cr_expect_str_eq(ops.items[1].type.values.items[0], "x");
    rt_oplist_free(&ops);
    parse_fails("CREATE TABLE t (s ENUM())", 1,
                "v.sql:1:24: expected an ENUM value (a 'string'), found ')'.");
    parse_fails("CREATE TABLE t (s ENUM('a', 'a'))", 1, "v.sql:1:29: ENUM value 'a' is listed twice.");
    parse_fails("ALTER TABLE t ALTER COLUMN s TYPE ENUM('a', 1)", 1,
                "v.sql:1:45: expected an ENUM value (a 'string'), found number 1.");
    parse_fails("ALTER TABLE t ALTER COLUMN s TYPE ENUM('a') USING s", 1,
                "v.sql:1:45: ALTER COLUMN ... USING is not portable; convert the data with a separate UPDATE.");
}

Test(sql_parse, drop_constraint_if_exists)
{
    rt_oplist ops = parse_ok("ALTER TABLE t DROP CONSTRAINT IF EXISTS ck_t_a, "
                             "DROP CONSTRAINT uq_t_b;");
    cr_assert_eq(ops.n, 2);
    cr_assert_eq(ops.items[0].kind, RT_OP_DROP_CONSTRAINT);
    cr_assert_str_eq(ops.items[0].name, "ck_t_a");
    cr_assert(ops.items[0].if_exists);
    cr_assert_str_eq(ops.items[1].name, "uq_t_b");
    cr_assert_not(ops.items[1].if_exists);
    rt_oplist_free(&ops);
    parse_fails("ALTER TABLE t DROP CONSTRAINT IF ck;", 1,
                "v.sql:1:34: expected EXISTS, found 'ck'.");
}

/* Regression (#10 §4): MySQL's inline KEY used to read as a column with a
 * bad type ("expected a type, found 'idx'"). */
Test(sql_parse, inline_key_is_named_as_not_portable)
{
    const char *want = "v.sql:2:3: an index inside CREATE TABLE (MySQL's KEY/INDEX name "
                       "(columns)) is not portable; write CREATE INDEX name ON t (columns) "
                       "after the table.";
    parse_fails("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER,\n  KEY idx (a));", 1, want);
    parse_fails("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER,\n  INDEX idx (a));", 1,
                "v.sql:2:3: an index inside CREATE TABLE (MySQL's KEY/INDEX name "
                "(columns)) is not portable; write CREATE INDEX name ON t (columns) "
                "after the table.");
    /* a column named key is still a column */
    rt_oplist ops = parse_ok("CREATE TABLE t (key VARCHAR(10), \"index\" INTEGER);");
    cr_assert_eq(ops.items[0].table->ncolumns, 2);
    rt_oplist_free(&ops);
}

/* One rule decides whether a CHECK names a column: bare words regardless
 * of case, quoted names exactly, nothing inside strings. */
Test(sql_parse, expr_mentions_is_the_one_column_rule)
{
    cr_assert(rt_sql_expr_mentions("AGE > 0", "age"));
    cr_assert(rt_sql_expr_mentions("\"age\" > 0", "age"));
    cr_assert_not(rt_sql_expr_mentions("\"AGE\" > 0", "age"));
    cr_assert_not(rt_sql_expr_mentions("name <> 'age'", "age"));
    cr_assert_not(rt_sql_expr_mentions("ages > 0", "age"));
    cr_assert(rt_sql_expr_mentions("a + \"My Col\" > 0", "My Col"));
}

Test(sql_parse, index_elements_desc_expressions_and_where)
{
    rt_oplist ops = parse_ok("CREATE UNIQUE INDEX ux ON t (a DESC, (lower(\"B\")), c ASC) "
                             "WHERE a > 0 AND c IS NOT NULL;");
    cr_assert_eq(ops.n, 1);
    const rt_index *ix = ops.items[0].index;
    cr_assert_eq(ix->columns.n, 3);
    cr_expect_str_eq(ix->columns.items[0], "a");
    cr_expect_str_eq(ix->columns.items[1], "(lower(\"B\"))");
    cr_expect(rt_index_element_is_expr(ix->columns.items[1]));
    cr_expect_str_eq(ix->columns.items[2], "c");
    cr_expect(rt_index_element_desc(ix, 0));
    cr_expect_not(rt_index_element_desc(ix, 1));
    cr_expect_not(rt_index_element_desc(ix, 2));
    cr_expect_str_eq(ix->where_sql, "a > 0 AND c IS NOT NULL");
    rt_oplist_free(&ops);

    parse_fails("CREATE INDEX ix ON t (a) WHERE;", 1,
                "v.sql:1:31: expected a predicate after WHERE, found end of statement.");
    parse_fails("CREATE INDEX ix ON t (a NULLS FIRST);", 1,
                "v.sql:1:25: NULLS FIRST/LAST in an index is not portable (MySQL has neither).");
    parse_fails("CREATE INDEX ix ON t USING gin (a);", 1,
                "v.sql:1:22: USING <method> in an index is not portable; every backend builds "
                "its default kind of index.");
}

/* Dropping an element keeps the DESC bits of the others with them. */
Test(sql_parse, index_element_removal_keeps_desc_in_step)
{
    rt_oplist ops = parse_ok("CREATE INDEX ix ON t (a, b DESC, c, d DESC);");
    rt_index *ix = ops.items[0].index;
    rt_index_remove_element(ix, 0);
    cr_assert_eq(ix->columns.n, 3);
    cr_expect(rt_index_element_desc(ix, 0) && !rt_index_element_desc(ix, 1) &&
              rt_index_element_desc(ix, 2));
    rt_index_remove_element(ix, 1);
    cr_expect_str_eq(ix->columns.items[1], "d");
    cr_expect(rt_index_element_desc(ix, 0) && rt_index_element_desc(ix, 1));
    cr_expect(rt_index_uses_column(ix, "b"));
    cr_expect_not(rt_index_uses_column(ix, "c"));
    rt_oplist_free(&ops);
}
