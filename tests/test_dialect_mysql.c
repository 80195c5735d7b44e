/* MySQL/MariaDB dialect: rendering of every op kind, quoting, the type
 * mapping, MODIFY COLUMN with the full definition, normalize rules.
 * Pure string assertions; the server round trips are in
 * test_dialect_mysql_db.c. */
#include "pg_dialect_helpers.h"

#include <criterion/criterion.h>

static const rt_dialect_options opts_default = RT_DIALECT_OPTIONS_INIT;

/* Renders op against before and returns the statements joined by "\n;\n";
 * asserts success. Caller frees. */
static char *render_ok(const rt_schema *before, const rt_op *op)
{
    rt_strv out = RT_STRV_INIT;
    rt_error err = {0};
    int rc = rt_dialect_mysql.render(&opts_default, before, op, &out, &err);
    cr_assert_eq(rc, RT_OK, "render failed: %s", err.message);
    char *s = rt_strv_join(&out, "\n;\n");
    rt_strv_free(&out);
    return s;
}

static int render_fail(const rt_schema *before, const rt_op *op, rt_error *err)
{
    rt_strv out = RT_STRV_INIT;
    int rc = rt_dialect_mysql.render(&opts_default, before, op, &out, err);
    cr_assert_eq(out.n, 0, "a failed render must not append statements");
    rt_strv_free(&out);
    return rc;
}

#define expect_render(before, op, want)                                                  \
    do {                                                                                 \
        char *got_ = render_ok((before), (op));                                          \
        cr_expect_str_eq(got_, (want));                                                  \
        free(got_);                                                                      \
    } while (0)

/* A parent table "p" (auto-increment id, name) and a child "c" with a FK
 * to it, as most ALTER tests need. */
static void base_schema(rt_schema *s)
{
    rt_table *p = h_table("p");
    h_col(p, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(p, "name", h_varchar(40), true, "'anon'");
    h_col(p, "note", h_type(RT_TYPE_TEXT), false, NULL);
    h_col(p, "created", h_type(RT_TYPE_TIMESTAMP), false, NULL);
    h_col(p, "flag", h_type(RT_TYPE_BOOLEAN), true, "FALSE");
    h_pk(p, NULL, "id");
    h_unique(p, "uq_p_name", "name");
    h_check(p, "ck_p_name", "name <> ''");
    h_index(p, "ix_p_created", false, "created");
    rt_schema_add_table(s, p);
    h_table_free(p);

    rt_table *c = h_table("c");
    h_col(c, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(c, "p_id", h_type(RT_TYPE_INTEGER), false, NULL);
    h_col(c, "q_id", h_type(RT_TYPE_INTEGER), false, NULL);
    h_pk(c, NULL, "id");
    h_fk(c, "fk_c_p_id_p", "p_id", "p", "id", RT_FK_CASCADE, RT_FK_NO_ACTION);
    h_fk(c, "fk_c_q_id_p", "q_id", "p", "id", RT_FK_NO_ACTION, RT_FK_NO_ACTION);
    h_index(c, "ix_c_q", false, "q_id");
    rt_schema_add_table(s, c);
    h_table_free(c);
}

Test(mysql_render, create_table_every_type_and_default)
{
    rt_schema before = RT_SCHEMA_INIT;
    rt_table *t = h_table("t");
    h_col(t, "id", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(t, "big", h_type(RT_TYPE_BIGINT), false, "-3");
    h_col(t, "small", h_type(RT_TYPE_SMALLINT), false, "7");
    h_col(t, "ok", h_type(RT_TYPE_BOOLEAN), true, "TRUE");
    h_col(t, "v", h_varchar(20), false, "'it''s'");
    h_col(t, "vd", h_varchar(0), false, NULL);
    h_col(t, "body", h_type(RT_TYPE_TEXT), false, "'x'");
    h_col(t, "price", h_numeric(10, 2), false, "1.5");
    h_col(t, "r", h_type(RT_TYPE_REAL), false, NULL);
    h_col(t, "d", h_type(RT_TYPE_DOUBLE), false, NULL);
    h_col(t, "day", h_type(RT_TYPE_DATE), false, "CURRENT_DATE");
    h_col(t, "tm", h_type(RT_TYPE_TIME), false, "CURRENT_TIME");
    h_col(t, "at", h_type(RT_TYPE_TIMESTAMP), true, "CURRENT_TIMESTAMP");
    h_col(t, "atz", h_type(RT_TYPE_TIMESTAMPTZ), false, "CURRENT_TIMESTAMP");
    h_col(t, "bin", h_type(RT_TYPE_BLOB), false, NULL);
    h_col(t, "doc", h_type(RT_TYPE_JSON), false, "'{}'");
    h_col(t, "u", h_type(RT_TYPE_UUID), false, NULL);
    h_col(t, "e", h_type(RT_TYPE_INTEGER), false, "(1 + 2)");
    h_pk(t, NULL, "id");
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_create(&ops, t);
    expect_render(&before, &ops.items[0],
                  "CREATE TABLE t (\n"
                  "    id INT NOT NULL AUTO_INCREMENT,\n"
                  "    big BIGINT DEFAULT -3,\n"
                  "    small SMALLINT DEFAULT 7,\n"
                  "    ok BOOL NOT NULL DEFAULT TRUE,\n"
                  "    v VARCHAR(20) DEFAULT 'it''s',\n"
                  "    vd VARCHAR(255),\n"
                  "    body LONGTEXT DEFAULT ('x'),\n"
                  "    price DECIMAL(10,2) DEFAULT 1.5,\n"
                  "    r FLOAT,\n"
                  "    d DOUBLE,\n"
                  "    `day` DATE DEFAULT (CURRENT_DATE),\n"
                  "    tm TIME DEFAULT (CURRENT_TIME),\n"
                  "    `at` DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),\n"
                  "    atz TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6),\n"
                  "    bin LONGBLOB,\n"
                  "    doc JSON DEFAULT ('{}'),\n"
                  "    u CHAR(36),\n"
                  "    e INT DEFAULT (1 + 2),\n"
                  "    PRIMARY KEY (id)\n"
                  ")");
    rt_oplist_free(&ops);
    h_table_free(t);
    rt_schema_free(&before);
}

Test(mysql_render, varchar_without_length_uses_option)
{
    rt_schema before = RT_SCHEMA_INIT;
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_add_column(&ops, "t", "name", h_varchar(0), true, NULL);
    rt_dialect_options o = RT_DIALECT_OPTIONS_INIT;
    cr_assert_eq(rt_dialect_setting_int(&rt_dialect_mysql, &o, "default_varchar_length"), 255);
    rt_strv settings = RT_STRV_INIT;
    rt_strv_push(&settings, "mysql_default_varchar_length=100");
    o.settings = &settings;
    rt_strv out = RT_STRV_INIT;
    rt_error err = {0};
    cr_assert_eq(rt_dialect_mysql.render(&o, &before, &ops.items[0], &out, &err), RT_OK);
    cr_assert_eq(out.n, 1);
    cr_expect_str_eq(out.items[0], "ALTER TABLE t ADD COLUMN name VARCHAR(100) NOT NULL");
    rt_strv_free(&out);
    rt_strv_free(&settings);
    rt_oplist_free(&ops);
    rt_schema_free(&before); /* a lookup builds its name index */
}

Test(mysql_render, autoincrement_rule)
{
    rt_schema before = RT_SCHEMA_INIT;
    rt_oplist ops = RT_OPLIST_INIT;
    /* BIGINT single-column PK auto-increments; a composite PK does not. */
    rt_table *a = h_table("a");
    h_col(a, "id", h_type(RT_TYPE_BIGINT), true, NULL);
    h_pk(a, NULL, "id");
    h_op_create(&ops, a);
    rt_table *b = h_table("b");
    h_col(b, "x", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(b, "y", h_type(RT_TYPE_INTEGER), true, NULL);
    h_pk(b, "pk_b", "x,y");
    h_op_create(&ops, b);
    rt_table *s = h_table("s");
    h_col(s, "code", h_varchar(5), true, NULL);
    h_pk(s, NULL, "code");
    h_op_create(&ops, s);
    expect_render(&before, &ops.items[0],
                  "CREATE TABLE a (\n    id BIGINT NOT NULL AUTO_INCREMENT,\n    PRIMARY KEY (id)\n)");
    expect_render(&before, &ops.items[1],
                  "CREATE TABLE b (\n    x INT NOT NULL,\n    y INT NOT NULL,\n"
                  "    PRIMARY KEY (x, y)\n)");
    expect_render(&before, &ops.items[2],
                  "CREATE TABLE s (\n    code VARCHAR(5) NOT NULL,\n    PRIMARY KEY (code)\n)");
    h_table_free(a);
    h_table_free(b);
    h_table_free(s);
    rt_oplist_free(&ops);
}

Test(mysql_render, quoting_upper_case_reserved_and_backtick)
{
    rt_schema before = RT_SCHEMA_INIT;
    rt_table *t = h_table("A");
    h_col(t, "select", h_type(RT_TYPE_INTEGER), false, NULL);
    h_col(t, "Name", h_varchar(10), false, NULL);
    h_col(t, "we`ird", h_varchar(10), false, NULL);
    h_col(t, "plain_1", h_varchar(10), false, NULL);
    h_check(t, "ck_A_1", "\"Name\" <> 'a\\b'");
    h_index(t, "ix_A", false, "Name");
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_create(&ops, t);
    expect_render(&before, &ops.items[0],
                  "CREATE TABLE `A` (\n"
                  "    `select` INT,\n"
                  "    `Name` VARCHAR(10),\n"
                  "    `we``ird` VARCHAR(10),\n"
                  "    plain_1 VARCHAR(10),\n"
                  "    CONSTRAINT `ck_A_1` CHECK (`Name` <> 'a\\\\b')\n"
                  ")\n;\n"
                  "CREATE INDEX `ix_A` ON `A` (`Name`)");
    rt_buf b = RT_BUF_INIT;
    rt_dialect_mysql.quote_ident(&b, "A");
    rt_buf_putc(&b, ' ');
    rt_dialect_mysql.quote_ident(&b, "a");
    rt_buf_putc(&b, ' ');
    rt_dialect_mysql.quote_ident(&b, "order");
    cr_expect_str_eq(rt_buf_cstr(&b), "`A` a `order`");
    rt_buf_free(&b);
    h_table_free(t);
    rt_oplist_free(&ops);
}

Test(mysql_render, table_and_column_ops)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op(&ops, RT_OP_DROP_TABLE, "c", NULL, NULL);
    h_op(&ops, RT_OP_DROP_TABLE, "Gone", NULL, NULL)->if_exists = true;
    h_op(&ops, RT_OP_RENAME_TABLE, "p", NULL, "People");
    h_op_add_column(&ops, "p", "age", h_type(RT_TYPE_SMALLINT), true, "0");
    h_op_add_column(&ops, "p", "stamp", h_type(RT_TYPE_TIMESTAMPTZ), false, NULL);
    h_op(&ops, RT_OP_DROP_COLUMN, "p", "note", NULL);
    h_op(&ops, RT_OP_RENAME_COLUMN, "p", "name", "Full Name");
    rt_op *raw = h_op(&ops, RT_OP_RAW, NULL, NULL, NULL);
    raw->expr = rt_xstrdup("INSERT INTO p (name) VALUES ('x')");
    const char *want[] = {
        "DROP TABLE c",
        "DROP TABLE IF EXISTS `Gone`",
        "ALTER TABLE p RENAME TO `People`",
        "ALTER TABLE p ADD COLUMN age SMALLINT NOT NULL DEFAULT 0",
        "ALTER TABLE p ADD COLUMN stamp TIMESTAMP(6) NULL",
        "ALTER TABLE p DROP COLUMN note",
        "ALTER TABLE p RENAME COLUMN name TO `Full Name`",
        "INSERT INTO p (name) VALUES ('x')",
    };
    for (size_t i = 0; i < ops.n; i++)
        expect_render(&s, &ops.items[i], want[i]);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, modify_column_keeps_full_definition)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_alter_type(&ops, "p", "name", h_varchar(80));
    h_op(&ops, RT_OP_DROP_NOT_NULL, "p", "name", NULL);
    h_op(&ops, RT_OP_SET_NOT_NULL, "p", "created", NULL);
    h_op_alter_type(&ops, "p", "id", h_type(RT_TYPE_BIGINT));
    h_op(&ops, RT_OP_SET_NOT_NULL, "p", "flag", NULL);
    h_op_alter_type(&ops, "p", "note", h_type(RT_TYPE_TIMESTAMPTZ));
    const char *want[] = {
        "ALTER TABLE p MODIFY COLUMN name VARCHAR(80) NOT NULL DEFAULT 'anon'",
        "ALTER TABLE p MODIFY COLUMN name VARCHAR(40) DEFAULT 'anon'",
        "ALTER TABLE p MODIFY COLUMN created DATETIME(6) NOT NULL",
        "ALTER TABLE p MODIFY COLUMN id BIGINT NOT NULL AUTO_INCREMENT",
        "ALTER TABLE p MODIFY COLUMN flag BOOL NOT NULL DEFAULT FALSE",
        "ALTER TABLE p MODIFY COLUMN note TIMESTAMP(6) NULL",
    };
    for (size_t i = 0; i < ops.n; i++)
        expect_render(&s, &ops.items[i], want[i]);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, modify_unknown_column_is_an_error)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_alter_type(&ops, "p", "ghost", h_varchar(5));
    h_op(&ops, RT_OP_SET_NOT_NULL, "nowhere", "x", NULL);
    rt_error err = {0};
    cr_assert_eq(render_fail(&s, &ops.items[0], &err), RT_ENOTFOUND);
    cr_expect(strstr(err.message, "\"ghost\"") && strstr(err.message, "\"p\"") &&
                  strstr(err.message, "ALTER"),
              "message: %s", err.message);
    cr_assert_eq(render_fail(&s, &ops.items[1], &err), RT_ENOTFOUND);
    cr_expect(strstr(err.message, "\"nowhere\""), "message: %s", err.message);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, set_and_drop_default)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_set_default(&ops, "p", "name", "'bob'");
    h_op_set_default(&ops, "p", "note", "'n/a'");
    h_op_set_default(&ops, "p", "created", "CURRENT_TIMESTAMP");
    h_op_set_default(&ops, "p", "flag", "TRUE");
    h_op(&ops, RT_OP_DROP_DEFAULT, "p", "name", NULL);
    const char *want[] = {
        "ALTER TABLE p ALTER COLUMN name SET DEFAULT 'bob'",
        "ALTER TABLE p ALTER COLUMN note SET DEFAULT ('n/a')",
        "ALTER TABLE p ALTER COLUMN created SET DEFAULT CURRENT_TIMESTAMP(6)",
        "ALTER TABLE p ALTER COLUMN flag SET DEFAULT TRUE",
        "ALTER TABLE p ALTER COLUMN name DROP DEFAULT",
    };
    for (size_t i = 0; i < ops.n; i++)
        expect_render(&s, &ops.items[i], want[i]);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, add_constraints)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    rt_constraint k = h_fk_make("fk_p_Owner", "id", "c", "id", RT_FK_SET_NULL, RT_FK_CASCADE);
    h_op_add_constraint(&ops, "p", &k);
    k = h_fk_make("fk_c_p", "q_id", "p", NULL, RT_FK_RESTRICT, RT_FK_NO_ACTION);
    h_op_add_constraint(&ops, "c", &k);
    k = h_constraint(RT_CONSTRAINT_UNIQUE, "uq_c_pq", "p_id,q_id");
    h_op_add_constraint(&ops, "c", &k);
    k = h_constraint(RT_CONSTRAINT_CHECK, "ck_c_1", NULL);
    k.check_sql = rt_xstrdup("p_id <> q_id");
    h_op_add_constraint(&ops, "c", &k);
    k = h_constraint(RT_CONSTRAINT_PRIMARY_KEY, NULL, "p_id,q_id");
    h_op_add_constraint(&ops, "c", &k);
    const char *want[] = {
        "ALTER TABLE p ADD CONSTRAINT `fk_p_Owner` FOREIGN KEY (id) REFERENCES c (id) "
        "ON DELETE SET NULL ON UPDATE CASCADE",
        "ALTER TABLE c ADD CONSTRAINT fk_c_p FOREIGN KEY (q_id) REFERENCES p (id) "
        "ON DELETE RESTRICT",
        "ALTER TABLE c ADD CONSTRAINT uq_c_pq UNIQUE (p_id, q_id)",
        "ALTER TABLE c ADD CONSTRAINT ck_c_1 CHECK (p_id <> q_id)",
        "ALTER TABLE c ADD PRIMARY KEY (p_id, q_id)",
    };
    for (size_t i = 0; i < ops.n; i++)
        expect_render(&s, &ops.items[i], want[i]);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, fk_to_unknown_table_without_columns_is_an_error)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    rt_constraint k = h_fk_make("fk_c_x", "q_id", "elsewhere", NULL, 0, 0);
    h_op_add_constraint(&ops, "c", &k);
    rt_error err = {0};
    cr_assert_eq(render_fail(&s, &ops.items[0], &err), RT_ENOTFOUND);
    cr_expect(strstr(err.message, "\"elsewhere\"") && strstr(err.message, "fk_c_x"),
              "message: %s", err.message);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, drop_constraint_by_kind)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "c", "fk_c_p_id_p", NULL);
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "c", "fk_c_q_id_p", NULL);
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "p", "uq_p_name", NULL);
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "p", "ck_p_name", NULL);
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "p", "Made_by_raw_sql", NULL);
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "p", "p_pkey", NULL);
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "c", "PRIMARY", NULL);
    const char *want[] = {
        /* no other index covers p_id: MySQL's own FK index goes too */
        "ALTER TABLE c DROP FOREIGN KEY fk_c_p_id_p\n;\nALTER TABLE c DROP INDEX fk_c_p_id_p",
        /* ix_c_q covers q_id, so MySQL made no index of its own */
        "ALTER TABLE c DROP FOREIGN KEY fk_c_q_id_p",
        "ALTER TABLE p DROP INDEX uq_p_name",
        "ALTER TABLE p DROP CONSTRAINT ck_p_name",
        "ALTER TABLE p DROP CONSTRAINT `Made_by_raw_sql`",
        /* the unnamed PK by the portable names; its AUTO_INCREMENT goes
         * with it, which MySQL wants on a key (error 1075) */
        "ALTER TABLE p MODIFY COLUMN id INT NOT NULL, DROP PRIMARY KEY",
        "ALTER TABLE c MODIFY COLUMN id INT NOT NULL, DROP PRIMARY KEY",
    };
    for (size_t i = 0; i < ops.n; i++)
        expect_render(&s, &ops.items[i], want[i]);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

/* MySQL refuses to drop a column a foreign key uses (error 1553 on the
 * child's side, 1828 on the parent's); the model drops those keys with
 * the column, so the render drops them first. */
Test(mysql_render, drop_column_drops_the_foreign_keys_using_it_first)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op(&ops, RT_OP_DROP_COLUMN, "c", "p_id", NULL);
    h_op(&ops, RT_OP_DROP_COLUMN, "p", "id", NULL);
    const char *want[] = {
        "ALTER TABLE c DROP FOREIGN KEY fk_c_p_id_p\n;\nALTER TABLE c DROP INDEX fk_c_p_id_p"
        "\n;\nALTER TABLE c DROP COLUMN p_id",
        "ALTER TABLE c DROP FOREIGN KEY fk_c_p_id_p\n;\nALTER TABLE c DROP INDEX fk_c_p_id_p"
        "\n;\nALTER TABLE c DROP FOREIGN KEY fk_c_q_id_p\n;\nALTER TABLE p DROP COLUMN id",
    };
    for (size_t i = 0; i < ops.n; i++)
        expect_render(&s, &ops.items[i], want[i]);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, drop_primary_key_and_fk_covering_keys)
{
    rt_schema s = RT_SCHEMA_INIT;
    rt_table *t = h_table("t");
    h_col(t, "a", h_type(RT_TYPE_INTEGER), true, NULL);
    h_col(t, "b", h_type(RT_TYPE_INTEGER), true, NULL);
    h_pk(t, NULL, "a,b");
    h_unique(t, "uq_t_b", "b");
    h_fk(t, "fk_t_a_t", "a", "t", "a", 0, 0);
    h_fk(t, "fk_t_b_t", "b", "t", "b", 0, 0);
    rt_schema_add_table(&s, t);
    h_table_free(t);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "t", "uq_t_b", NULL);
    expect_render(&s, &ops.items[0],
                  "ALTER TABLE t DROP INDEX uq_t_b, ADD INDEX IF NOT EXISTS fk_t_b_t (b)");
    rt_oplist_free(&ops);

    /* The PK covers a (leading column): dropping it needs an index for fk_t_a_t. */
    rt_constraint *pk = rt_table_primary_key(rt_schema_find_table(&s, "t"));
    pk->name = rt_xstrdup("pk_t");
    h_op(&ops, RT_OP_DROP_CONSTRAINT, "t", "pk_t", NULL);
    expect_render(&s, &ops.items[0],
                  "ALTER TABLE t DROP PRIMARY KEY, ADD INDEX IF NOT EXISTS fk_t_a_t (a)");
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

/* #10 §4: a helper index named after an FK (MySQL's own, or one added when
 * the last covering index was dropped) goes once another index covers the
 * FK, so that a bounce of CREATE INDEX does not end in Duplicate key name. */
Test(mysql_render, index_covering_a_foreign_key_drops_its_helper)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_create_index(&ops, "c", "ix_c_p", false, "p_id,q_id");
    h_op_create_index(&ops, "c", "ix_c_id", false, "id");
    expect_render(&s, &ops.items[0], "CREATE INDEX ix_c_p ON c (p_id, q_id)\n;\n"
                                     "ALTER TABLE c DROP INDEX IF EXISTS fk_c_p_id_p");
    expect_render(&s, &ops.items[1], "CREATE INDEX ix_c_id ON c (id)");
    /* an index a revision named like the FK is the user's, not a helper */
    h_index(rt_schema_find_table(&s, "c"), "fk_c_p_id_p", false, "p_id");
    expect_render(&s, &ops.items[0], "CREATE INDEX ix_c_p ON c (p_id, q_id)");
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, indexes)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_create_index(&ops, "p", "ix_p_name_flag", false, "name,flag");
    h_op_create_index(&ops, "p", "UX_p", true, "name");
    h_op(&ops, RT_OP_DROP_INDEX, NULL, "ix_p_created", NULL);
    h_op(&ops, RT_OP_DROP_INDEX, "p", "ix_p_created", NULL)->if_exists = true;
    h_op(&ops, RT_OP_DROP_INDEX, NULL, "ix_c_q", NULL);
    const char *want[] = {
        "CREATE INDEX ix_p_name_flag ON p (name, flag)",
        "CREATE UNIQUE INDEX `UX_p` ON p (name) COMMENT 'retort:unique-index'",
        "DROP INDEX ix_p_created ON p",
        "DROP INDEX IF EXISTS ix_p_created ON p",
        /* ix_c_q is the only index covering fk_c_q_id_p: MySQL refuses to
         * drop it unless another index takes over */
        "ALTER TABLE c DROP INDEX ix_c_q, ADD INDEX IF NOT EXISTS fk_c_q_id_p (q_id)",
    };
    for (size_t i = 0; i < ops.n; i++)
        expect_render(&s, &ops.items[i], want[i]);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

/* MariaDB has DROP INDEX IF EXISTS x ON t only with the table: the
 * message names that fix; known to the model, the table is filled in. */
Test(mysql_render, drop_index_if_exists_without_table)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op(&ops, RT_OP_DROP_INDEX, NULL, "ix_nowhere", NULL)->if_exists = true;
    h_op(&ops, RT_OP_DROP_INDEX, NULL, "ix_p_created", NULL)->if_exists = true;
    rt_error err = {0};
    cr_assert_eq(render_fail(&s, &ops.items[0], &err), RT_ENOTFOUND);
    cr_assert_str_eq(err.message,
                     "DROP INDEX IF EXISTS ix_nowhere needs ON <table> on MySQL/MariaDB: they "
                     "drop an index only with its table, and no earlier revision creates "
                     "index \"ix_nowhere\" to say which; write DROP INDEX IF EXISTS ix_nowhere "
                     "ON <table> (MariaDB; MySQL 8 has no IF EXISTS there).");
    expect_render(&s, &ops.items[1], "DROP INDEX IF EXISTS ix_p_created ON p");
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, drop_index_of_unknown_table_is_an_error)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op(&ops, RT_OP_DROP_INDEX, NULL, "ix_nowhere", NULL);
    rt_error err = {0};
    cr_assert_eq(render_fail(&s, &ops.items[0], &err), RT_ENOTFOUND);
    cr_expect(strstr(err.message, "\"ix_nowhere\"") && strstr(err.message, "ON <table>"),
              "message: %s", err.message);
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, text_and_blob_keys_are_not_supported)
{
    rt_schema s = RT_SCHEMA_INIT;
    base_schema(&s);
    rt_oplist ops = RT_OPLIST_INIT;
    h_op_create_index(&ops, "p", "ix_p_note", false, "note");
    rt_constraint k = h_constraint(RT_CONSTRAINT_UNIQUE, "uq_p_note", "name,note");
    h_op_add_constraint(&ops, "p", &k);
    rt_table *t = h_table("docs");
    h_col(t, "body", h_type(RT_TYPE_JSON), true, NULL);
    h_pk(t, NULL, "body");
    h_op_create(&ops, t);
    h_table_free(t);
    h_op_alter_type(&ops, "p", "name", h_type(RT_TYPE_TEXT));
    h_op_alter_type(&ops, "p", "created", h_type(RT_TYPE_BLOB));
    rt_error err = {0};
    for (size_t i = ops.n; i-- > 0;) {
        cr_assert_eq(render_fail(&s, &ops.items[i], &err), RT_ENOTSUPPORTED, "op %zu", i);
        if (i == ops.n - 2)
            cr_expect(strstr(err.message, "\"name\"") && strstr(err.message, "uq_p_name") &&
                          strstr(err.message, "TEXT"),
                      "message: %s", err.message);
        if (i == 2)
            cr_expect(strstr(err.message, "\"body\"") && strstr(err.message, "JSON") &&
                          strstr(err.message, "\"docs\""),
                      "message: %s", err.message);
        cr_expect(strstr(err.message, "prefix length"), "message: %s", err.message);
    }
    rt_oplist_free(&ops);
    rt_schema_free(&s);
}

Test(mysql_render, has_table_sql_escapes)
{
    rt_buf b = RT_BUF_INIT;
    rt_dialect_mysql.has_table_sql(&b, "it's\\");
    cr_expect_str_eq(rt_buf_cstr(&b),
                     "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() "
                     "AND TABLE_NAME = 'it''s\\\\'");
    rt_buf_free(&b);
    cr_expect_str_eq(rt_dialect_mysql.name, "mysql");
    cr_expect_eq(rt_dialect_mysql.caps & RT_DIALECT_TRANSACTIONAL_DDL, 0);
    cr_expect_eq(rt_dialect_find("mysql"), &rt_dialect_mysql);
}

Test(mysql_normalize, rules)
{
    rt_schema s = RT_SCHEMA_INIT;
    rt_table *p = h_table("p");
    h_col(p, "id", h_type(RT_TYPE_INTEGER), false, "5");
    h_col(p, "v", h_varchar(0), false, "42");
    h_col(p, "n", h_type(RT_TYPE_NUMERIC), false, NULL);
    h_col(p, "n2", h_numeric(8, -1), false, NULL);
    h_col(p, "price", h_numeric(10, 2), false, "1.5");
    h_col(p, "neg", h_numeric(6, 3), false, "-.5");
    h_col(p, "b1", h_type(RT_TYPE_BOOLEAN), false, "1");
    h_col(p, "b0", h_type(RT_TYPE_BOOLEAN), false, "0");
    h_col(p, "at", h_type(RT_TYPE_TIMESTAMP), false, "'2020-01-02 03:04:05'");
    h_col(p, "atz", h_type(RT_TYPE_TIMESTAMPTZ), false, "'2020-01-02'");
    h_col(p, "at3", h_type(RT_TYPE_TIMESTAMP), false, "'2020-01-02 03:04:05.12'");
    h_col(p, "tm", h_type(RT_TYPE_TIME), false, "'12:30'");
    h_col(p, "keep", h_type(RT_TYPE_TEXT), false, "'x'");
    h_pk(p, NULL, "id");
    rt_schema_add_table(&s, p);
    h_table_free(p);
    rt_table *c = h_table("c");
    h_col(c, "p_id", h_type(RT_TYPE_INTEGER), false, NULL);
    h_fk(c, "fk_c", "p_id", "p", NULL, RT_FK_RESTRICT, RT_FK_RESTRICT);
    rt_schema_add_table(&s, c);
    h_table_free(c);

    rt_dialect_options o = RT_DIALECT_OPTIONS_INIT;
    rt_dialect_mysql.normalize(&o, &s);
    rt_table *t = rt_schema_find_table(&s, "p");
    const rt_column *col;
    col = rt_table_find_column(t, "id");
    cr_expect_null(col->default_sql, "AUTO_INCREMENT admits no default");
    cr_expect(col->not_null);
    col = rt_table_find_column(t, "v");
    cr_expect_eq(col->type.length, 255);
    cr_expect_str_eq(col->default_sql, "'42'");
    col = rt_table_find_column(t, "n");
    cr_expect(col->type.precision == 10 && col->type.scale == 0);
    col = rt_table_find_column(t, "n2");
    cr_expect(col->type.precision == 8 && col->type.scale == 0);
    cr_expect_str_eq(rt_table_find_column(t, "price")->default_sql, "1.50");
    cr_expect_str_eq(rt_table_find_column(t, "neg")->default_sql, "-0.500");
    cr_expect_str_eq(rt_table_find_column(t, "b1")->default_sql, "TRUE");
    cr_expect_str_eq(rt_table_find_column(t, "b0")->default_sql, "FALSE");
    cr_expect_str_eq(rt_table_find_column(t, "at")->default_sql, "'2020-01-02 03:04:05.000000'");
    cr_expect_str_eq(rt_table_find_column(t, "atz")->default_sql, "'2020-01-02 00:00:00.000000'");
    cr_expect_str_eq(rt_table_find_column(t, "at3")->default_sql, "'2020-01-02 03:04:05.120000'");
    cr_expect_str_eq(rt_table_find_column(t, "tm")->default_sql, "'12:30:00'");
    cr_expect_str_eq(rt_table_find_column(t, "keep")->default_sql, "'x'");
    const rt_constraint *fk = rt_table_find_constraint(rt_schema_find_table(&s, "c"), "fk_c");
    cr_expect_eq(fk->on_delete, RT_FK_NO_ACTION);
    cr_expect_eq(fk->on_update, RT_FK_NO_ACTION);
    cr_assert_eq(fk->ref_columns.n, 1);
    cr_expect_str_eq(fk->ref_columns.items[0], "id");
    rt_schema_free(&s);
}
