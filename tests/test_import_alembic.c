/* retort import-alembic: the Python reader, every conversion rule, the
 * command's exact report of what it could not convert, and the real thing:
 * Alembic (Debian's package) and retort build the same schema from the same
 * .py files on SQLite, PostgreSQL and MariaDB, upgrade and downgrade alike,
 * and a database Alembic migrated carries on under retort. */
#include "alembic_import.h"
#include "alembic_lex.h"
#include "cli_helpers.h"
#include "db.h"
#include "dialect.h"
#include "diff.h"
#include "rt_test_db.h"
#include "schema.h"
#include "url.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#define ALEMBIC_BIN "/usr/bin/alembic"
#define RES RT_SOURCE_DIR "/tests/resources/alembic"

/* ---- conversion of Python text ---- */

static rt_alembic_rev conv_with(const char *body, const rt_strv *type_map)
{
    char *src = rt_xasprintf("\"\"\"t\n\nRevision ID: aaa\n\"\"\"\n"
                             "from alembic import op\nimport sqlalchemy as sa\n\n"
                             "revision = 'aaa'\ndown_revision = None\n\n"
                             "def upgrade():\n%s\n",
                             body);
    rt_alembic_opts o = { type_map };
    rt_alembic_rev r;
    rt_error err;
    rt_error_clear(&err);
    int rc = rt_alembic_convert_text(&r, "v/aaa.py", src, strlen(src), &o, &err);
    cr_assert_eq(rc, RT_OK, "%s", err.message);
    free(src);
    return r;
}

/* The upgrade of a body (indented by the caller) must be exactly want. */
static void converts(const char *body, const char *want)
{
    rt_alembic_rev r = conv_with(body, NULL);
    cr_assert_eq(r.problems.n, 0, "problem: %s", r.problems.n ? r.problems.items[0] : "");
    cr_assert_str_eq(r.upgrade, want);
    rt_alembic_rev_free(&r);
}

/* The body must give exactly one problem, "v/aaa.py:LINE: why". */
static void refuses(const char *body, int line, const char *why)
{
    rt_alembic_rev r = conv_with(body, NULL);
    cr_assert_eq(r.problems.n, 1, "%zu problems for:\n%s\nupgrade:\n%s", r.problems.n, body,
                 r.upgrade);
    char *want = rt_xasprintf("v/aaa.py:%d: %s", line, why);
    cr_assert_str_eq(r.problems.items[0], want);
    cr_assert(strstr(r.upgrade, "-- NOT CONVERTED (v/aaa.py:"), "%s", r.upgrade);
    free(want);
    rt_alembic_rev_free(&r);
}

/* Line of the first body line in conv_with's file. */
#define L1 12

TestSuite(py);

Test(py, strings_of_every_form_and_implicit_concatenation)
{
    converts("    op.execute('a' \"b\" '''c\nd''' r'\\n' u'\\u00e9' f'{{x}}' \\\n  'z')\n",
             "abc\nd\\n\xc3\xa9{x}z;\n");
}

Test(py, escapes_raw_strings_and_quotes_inside_quotes)
{
    converts("    op.execute(\"x = '\\x41\\101\\t' \\\\ \\\"q\\\"\")\n"
             "    op.execute(r'y \\'z\\' \\d')\n"
             "    op.execute(\"\"\"say \"hi\" ''\"\"\")\n"
             "    op.execute(R\"\"\"a\\\nb\"\"\")\n",
             "x = 'AA\t' \\ \"q\";\n"
             "y \\'z\\' \\d;\n"
             "say \"hi\" '';\n"
             "a\\\nb;\n");
}

Test(py, tokens_lines_and_indentation)
{
    const char *src = "def f():  # a comment\n"
                      "    x = [1,\n"
                      "         2]  # joined inside brackets\n"
                      "\n"
                      "    # a comment-only line does not count\n"
                      "    y = 1 + \\\n"
                      "        2\n"
                      "z = 0x1F\n";
    rt_py_toks t = { 0 };
    rt_error err;
    cr_assert_eq(rt_py_tokenize(&t, "x.py", src, strlen(src), &err), RT_OK, "%s", err.message);
    rt_buf b = RT_BUF_INIT;
    for (size_t i = 0; i < t.n; i++) {
        static const char *const kinds[] = { "END", "NL", "IN", "DE", "", "", "", "" };
        rt_buf_printf(&b, "%s%s%s@%d ", kinds[t.v[i].kind], t.v[i].kind >= RT_PY_NAME ? "" : "",
                      t.v[i].text, t.v[i].line);
    }
    cr_assert_str_eq(rt_buf_cstr(&b),
                     "def@1 f@1 (@1 )@1 :@1 NL@1 IN@2 x@2 =@2 [@2 1@2 ,@2 2@3 ]@3 NL@3 "
                     "y@6 =@6 1@6 +@6 2@7 NL@7 DE@8 z@8 =@8 0x1F@8 NL@8 END@9 ");
    rt_buf_free(&b);
    rt_py_toks_free(&t);
}

Test(py, identity_from_assignments_not_docstring)
{
    const char *src = "\"\"\"Add things\n\nRevision ID: wrong\nRevises: alsowrong\n"
                      "Create Date: 2024-01-02 03:04:05.000006\n\"\"\"\n"
                      "from typing import Sequence, Union\n"
                      "revision: str = \"r2\"\n"
                      "down_revision: Union[str, None] = ('r1a', 'r1b')\n"
                      "branch_labels: Union[str, Sequence[str], None] = ('lbl',)\n"
                      "depends_on = 'other'\n"
                      "def upgrade() -> None:\n    pass\n"
                      "def downgrade() -> None:\n    pass\n";
    rt_alembic_rev r;
    rt_error err;
    cr_assert_eq(rt_alembic_convert_text(&r, "x.py", src, strlen(src), NULL, &err), RT_OK, "%s",
                 err.message);
    cr_assert_str_eq(r.rev.id, "r2");
    cr_assert_eq(r.rev.down.n, 2);
    cr_assert_str_eq(r.rev.down.items[0], "r1a");
    cr_assert_str_eq(r.rev.down.items[1], "r1b");
    cr_assert_eq(r.rev.branch_labels.n, 1);
    cr_assert_str_eq(r.rev.branch_labels.items[0], "lbl");
    cr_assert_str_eq(r.rev.depends_on.items[0], "other");
    cr_assert_str_eq(r.rev.message, "Add things");
    cr_assert_str_eq(r.rev.create_date, "2024-01-02 03:04:05.000006");
    cr_assert_str_eq(r.upgrade, "");
    rt_alembic_rev_free(&r);
}

Test(py, errors_name_file_line_and_column)
{
    static const struct {
        const char *src, *msg;
    } cases[] = {
        { "revision = 'a'\nx = 'open\n", "x.py:2:5: unterminated string (a newline before its closing quote)." },
        { "revision = 'a'\nx = '''open\n", "x.py:2:5: unterminated string." },
        { "revision = 'a'\ndef upgrade():\n    if 1:\n  pass\n", "x.py:4:3: unindent does not match any outer indentation level." },
        { "revision = 'a'\nx = (1,\n", "x.py:3:1: the file ends inside an open bracket." },
        { "x = 1\n", "x.py:1:1: no 'revision = \"...\"' assignment: not an Alembic revision file." },
        { "revision = 'a b'\n", "x.py:1:1: revision must be a literal id of 1 to 32 letters, digits, '_', '-' or '.'." },
        { "revision = 'a'\ndown_revision = make()\n", "x.py:2:17: down_revision is computed in Python; write it as a literal." },
        { "revision = 'a'\nx = 1 ? 2\n", "x.py:2:7: unexpected character '?' in Python code." },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_alembic_rev r;
        rt_error err;
        rt_error_clear(&err);
        cr_assert_eq(rt_alembic_convert_text(&r, "x.py", cases[i].src, strlen(cases[i].src),
                                             NULL, &err),
                     RT_EPARSE, "accepted: %s", cases[i].src);
        cr_assert_str_eq(err.message, cases[i].msg);
        rt_alembic_rev_free(&r);
    }
}

/* ---- one test per conversion rule ---- */

TestSuite(convert);

Test(convert, create_table_with_every_type)
{
    converts("    op.create_table('t',\n"
             "        sa.Column('a', sa.Integer()), sa.Column('b', sa.BigInteger),\n"
             "        sa.Column('c', sa.SmallInteger()), sa.Column('d', sa.String(length=20)),\n"
             "        sa.Column('e', sa.String()), sa.Column('f', sa.Text()),\n"
             "        sa.Column('g', sa.Unicode(5)), sa.Column('h', sa.UnicodeText()),\n"
             "        sa.Column('i', sa.Boolean()), sa.Column('j', sa.Date()),\n"
             "        sa.Column('k', sa.DateTime()),\n"
             "        sa.Column('m', sa.Time()), sa.Column('n', sa.Numeric(10, 2)),\n"
             "        sa.Column('o', sa.Numeric(precision=8)), sa.Column('p', sa.LargeBinary()),\n"
             "        sa.Column('q', sa.JSON()), sa.Column('r', sa.Uuid()),\n"
             "        sa.Column('s', sa.CHAR(3)), sa.Column('u', sa.REAL()),\n"
             "        sa.Column('v', postgresql.UUID(as_uuid=True)))\n",
             "CREATE TABLE t (\n    a INTEGER,\n    b BIGINT,\n    c SMALLINT,\n"
             "    d VARCHAR(20),\n    e VARCHAR,\n    f TEXT,\n    g VARCHAR(5),\n    h TEXT,\n"
             "    i BOOLEAN,\n    j DATE,\n    k TIMESTAMP,\n"
             "    m TIME,\n    n NUMERIC(10, 2),\n    o NUMERIC(8),\n    p BLOB,\n    q JSON,\n"
             "    r UUID,\n    s CHAR(3),\n    u REAL,\n    v UUID\n);\n");
}

Test(convert, time_zone_only_where_sqlalchemy_keeps_it)
{
    converts("    op.add_column('t', sa.Column('a', sa.DateTime(timezone=True)))\n"
             "    op.add_column('t', sa.Column('b', sa.TIMESTAMP(timezone=True)))\n",
             "-- dialect: sqlite, mysql\nALTER TABLE t ADD COLUMN a TIMESTAMP;\n"
             "-- dialect: postgresql\nALTER TABLE t ADD COLUMN a TIMESTAMP WITH TIME ZONE;\n"
             "-- dialect: sqlite\nALTER TABLE t ADD COLUMN b TIMESTAMP;\n"
             "-- dialect: postgresql, mysql\nALTER TABLE t ADD COLUMN b TIMESTAMP WITH TIME ZONE;\n");
}

Test(convert, true_and_false_are_numbers_on_sqlite_as_sqlalchemy_writes_them)
{
    converts("    op.add_column('t', sa.Column('j', sa.Boolean(), server_default=sa.true()))\n",
             "-- dialect: sqlite\nALTER TABLE t ADD COLUMN j BOOLEAN DEFAULT 1;\n"
             "-- dialect: postgresql, mysql\nALTER TABLE t ADD COLUMN j BOOLEAN DEFAULT TRUE;\n");
}

Test(convert, now_stays_now_on_postgresql)
{
    converts("    op.add_column('t', sa.Column('a', sa.DateTime(), server_default=sa.func.now()))\n"
             "    op.add_column('t', sa.Column('b', sa.DateTime(), server_default=sa.text('NOW()')))\n",
             "-- dialect: sqlite, mysql\nALTER TABLE t ADD COLUMN a TIMESTAMP DEFAULT CURRENT_TIMESTAMP;\n"
             "-- dialect: postgresql\nALTER TABLE t ADD COLUMN a TIMESTAMP DEFAULT (now());\n"
             "-- dialect: sqlite, mysql\nALTER TABLE t ADD COLUMN b TIMESTAMP DEFAULT CURRENT_TIMESTAMP;\n"
             "-- dialect: postgresql\nALTER TABLE t ADD COLUMN b TIMESTAMP DEFAULT (now());\n");
}

Test(convert, float_is_four_bytes_on_mysql_as_in_sqlalchemy)
{
    converts("    op.add_column('t', sa.Column('f', sa.Float()))\n",
             "-- dialect: sqlite, postgresql\nALTER TABLE t ADD COLUMN f DOUBLE PRECISION;\n"
             "-- dialect: mysql\nALTER TABLE t ADD COLUMN f REAL;\n");
}

Test(convert, enum_native_and_not)
{
    /* SQLAlchemy: a named type on PostgreSQL, ENUM on MySQL, and on SQLite
     * (no enum type) a VARCHAR with a CHECK only when create_constraint */
    converts("    op.add_column('t', sa.Column('s', sa.Enum('new', 'done', name='st')))\n"
             "    op.add_column('t', sa.Column('k', sa.Enum('a', 'bbb', native_enum=False)))\n"
             "    op.add_column('t', sa.Column('c', sa.Enum('x', name='c', create_constraint=True)))\n",
             "-- dialect: sqlite\nALTER TABLE t ADD COLUMN s VARCHAR(4);\n"
             "-- dialect: postgresql, mysql\nALTER TABLE t ADD COLUMN s ENUM('new', 'done');\n"
             "-- dialect: all\nALTER TABLE t ADD COLUMN k VARCHAR(3);\n"
             "ALTER TABLE t ADD COLUMN c ENUM('x');\n");
}

Test(convert, column_options)
{
    converts("    op.create_table('t',\n"
             "        sa.Column('id', sa.Integer(), primary_key=True, autoincrement=True),\n"
             "        sa.Column('a', sa.String(9), nullable=False, unique=True),\n"
             "        sa.Column('b', sa.Integer(), index=True, server_default='0'),\n"
             "        sa.Column('c', sa.Integer(), unique=True, index=True, comment=\"it's c\"),\n"
             "        sa.Column('d', sa.DateTime(), server_default=sa.func.current_timestamp()),\n"
             "        sa.Column('e', sa.Boolean(), server_default=sa.text('false')),\n"
             "        sa.Column('f', sa.String(5), server_default=sa.text(\"'x'::character varying\")),\n"
             "        sa.Column('g', sa.Integer(), server_default=sa.text('(1 + 2)')),\n"
             "        sa.Column('h', sa.Integer(), server_default=sa.text('abs(-1)')),\n"
             "        sa.Column('i', sa.Integer(), sa.Computed('b * 2')),\n"
             "        comment='the t')\n",
             "CREATE TABLE t (\n    id INTEGER,\n    a VARCHAR(9) NOT NULL UNIQUE,\n"
             "    b INTEGER DEFAULT '0',\n    c INTEGER,\n"
             "    d TIMESTAMP DEFAULT CURRENT_TIMESTAMP,\n    e BOOLEAN DEFAULT FALSE,\n"
             "    f VARCHAR(5) DEFAULT 'x',\n    g INTEGER DEFAULT (1 + 2),\n"
             "    h INTEGER DEFAULT (abs(-1)),\n"
             "    i INTEGER GENERATED ALWAYS AS (b * 2) STORED,\n"
             "    PRIMARY KEY (id)\n);\n"
             "CREATE INDEX ix_t_b ON t (b);\nCREATE UNIQUE INDEX ix_t_c ON t (c);\n"
             "COMMENT ON COLUMN t.c IS 'it''s c';\nCOMMENT ON TABLE t IS 'the t';\n");
}

Test(convert, table_constraints_and_indexes)
{
    converts("    op.create_table('c',\n"
             "        sa.Column('id', sa.Integer(), nullable=False),\n"
             "        sa.Column('p', sa.Integer(), sa.ForeignKey('p.id', ondelete='CASCADE', name='fk_x')),\n"
             "        sa.Column('q', sa.Integer()),\n"
             "        sa.PrimaryKeyConstraint('id', name=op.f('pk_c')),\n"
             "        sa.ForeignKeyConstraint(['q'], ['p.id'], onupdate='SET NULL', deferrable=True, initially='DEFERRED'),\n"
             "        sa.UniqueConstraint('p', 'q', name='uq_c_pq'),\n"
             "        sa.CheckConstraint('q > 0', name='ck_c_q'),\n"
             "        sa.Index('ix_c_q', 'q', unique=True))\n",
             "CREATE TABLE c (\n    id INTEGER NOT NULL,\n"
             "    p INTEGER CONSTRAINT fk_x REFERENCES p (id) ON DELETE CASCADE,\n    q INTEGER,\n"
             "    CONSTRAINT pk_c PRIMARY KEY (id),\n"
             "    FOREIGN KEY (q) REFERENCES p (id) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,\n"
             "    CONSTRAINT uq_c_pq UNIQUE (p, q),\n    CONSTRAINT ck_c_q CHECK (q > 0)\n);\n"
             "CREATE UNIQUE INDEX ix_c_q ON c (q);\n");
}

Test(convert, names_are_quoted_when_they_must_be)
{
    converts("    op.drop_table('Order')\n    op.drop_table('select')\n",
             "DROP TABLE \"Order\";\nDROP TABLE \"select\";\n");
}

Test(convert, simple_operations)
{
    converts("    op.drop_table('t')\n"
             "    op.add_column('t', sa.Column('x', sa.Integer(), sa.ForeignKey('u.id'), nullable=False))\n"
             "    op.drop_column('t', 'x')\n"
             "    op.rename_table('t', 'u')\n"
             "    op.create_index(op.f('ix_u_a'), 'u', ['a', sa.text('b DESC')], unique=True)\n"
             "    op.create_index('ix_u_l', 'u', [sa.text('lower(a)'), sa.desc('c')])\n"
             "    op.drop_index('ix_u_a', table_name='u')\n"
             "    op.drop_index('ix_u_l')\n"
             "    op.create_foreign_key('fk_u_v', 'u', 'v', ['v_id'], ['id'], ondelete='SET NULL')\n"
             "    op.create_foreign_key(None, 'u', 'v', ['w'], ['id'])\n"
             "    op.create_unique_constraint('uq_u_a', 'u', ['a', 'b'])\n"
             "    op.create_check_constraint('ck_u_a', 'u', sa.text('a > 0'))\n"
             "    op.create_primary_key('pk_u', 'u', ['id'])\n"
             "    op.drop_constraint('uq_u_a', 'u', type_='unique')\n"
             "    op.create_table_comment('u', 'users')\n"
             "    op.drop_table_comment('u')\n",
             "DROP TABLE t;\n"
             "ALTER TABLE t ADD COLUMN x INTEGER NOT NULL REFERENCES u (id);\n"
             "ALTER TABLE t DROP COLUMN x;\n"
             "ALTER TABLE t RENAME TO u;\n"
             "CREATE UNIQUE INDEX ix_u_a ON u (a, b DESC);\n"
             "CREATE INDEX ix_u_l ON u ((lower(a)), c DESC);\n"
             "DROP INDEX ix_u_a ON u;\n"
             "DROP INDEX ix_u_l;\n"
             "ALTER TABLE u ADD CONSTRAINT fk_u_v FOREIGN KEY (v_id) REFERENCES v (id) ON DELETE SET NULL;\n"
             "ALTER TABLE u ADD FOREIGN KEY (w) REFERENCES v (id);\n"
             "ALTER TABLE u ADD CONSTRAINT uq_u_a UNIQUE (a, b);\n"
             "ALTER TABLE u ADD CONSTRAINT ck_u_a CHECK (a > 0);\n"
             "ALTER TABLE u ADD CONSTRAINT pk_u PRIMARY KEY (id);\n"
             "ALTER TABLE u DROP CONSTRAINT uq_u_a;\n"
             "COMMENT ON TABLE u IS 'users';\n"
             "COMMENT ON TABLE u IS NULL;\n");
}

Test(convert, alter_column_in_alembics_order)
{
    converts("    op.alter_column('t', 'a', existing_type=sa.String(5), type_=sa.Text(),\n"
             "                    nullable=False, server_default='x', existing_nullable=True,\n"
             "                    new_column_name='b', comment='bee', existing_server_default=None)\n"
             "    op.alter_column('t', 'b', nullable=True, server_default=None, comment=None)\n",
             "ALTER TABLE t ALTER COLUMN a SET NOT NULL;\n"
             "ALTER TABLE t ALTER COLUMN a SET DEFAULT 'x';\n"
             "ALTER TABLE t ALTER COLUMN a TYPE TEXT;\n"
             "COMMENT ON COLUMN t.a IS 'bee';\n"
             "ALTER TABLE t RENAME COLUMN a TO b;\n"
             "ALTER TABLE t ALTER COLUMN b DROP NOT NULL;\n"
             "ALTER TABLE t ALTER COLUMN b DROP DEFAULT;\n"
             "COMMENT ON COLUMN t.b IS NULL;\n");
}

/* Alembic writes the whole column on MySQL (MODIFY/CHANGE): what the call
 * does not say is lost there, and retort does the same. */
Test(convert, alter_column_on_mysql_as_alembic_writes_it)
{
    converts("    op.alter_column('t', 'a', existing_type=sa.String(5), type_=sa.Text())\n"
             "    op.alter_column('t', 'b', existing_type=sa.String(5), nullable=False,\n"
             "                    existing_server_default='x')\n",
             "-- dialect: sqlite, postgresql\n"
             "ALTER TABLE t ALTER COLUMN a TYPE TEXT;\n"
             "-- dialect: mysql\n"
             "ALTER TABLE t ALTER COLUMN a DROP NOT NULL;\n"
             "ALTER TABLE t ALTER COLUMN a DROP DEFAULT;\n"
             "ALTER TABLE t ALTER COLUMN a TYPE TEXT;\n"
             "-- dialect: sqlite, postgresql\n"
             "ALTER TABLE t ALTER COLUMN b SET NOT NULL;\n"
             "-- dialect: mysql\n"
             "ALTER TABLE t ALTER COLUMN b SET NOT NULL;\n"
             "ALTER TABLE t ALTER COLUMN b SET DEFAULT 'x';\n");
}

Test(convert, batch_alter_table_implies_the_table)
{
    converts("    with op.batch_alter_table('t', schema=None, recreate='always') as b:\n"
             "        b.add_column(sa.Column('x', sa.Integer()))\n"
             "        b.drop_column('y')\n"
             "        b.alter_column('z', new_column_name='zz')\n"
             "        b.create_index(b.f('ix_t_x'), ['x'], unique=False)\n"
             "        b.drop_index('ix_t_old')\n"
             "        b.create_foreign_key('fk_t_u', 'u', ['x'], ['id'])\n"
             "        b.create_unique_constraint('uq_t_x', ['x'])\n"
             "        b.create_check_constraint('ck_t_x', 'x > 1')\n"
             "        b.create_primary_key('pk_t', ['x'])\n"
             "        b.drop_constraint('uq_t_x', type_='unique')\n",
             "ALTER TABLE t ADD COLUMN x INTEGER;\n"
             "ALTER TABLE t DROP COLUMN y;\n"
             "-- dialect: sqlite, postgresql\n"
             "ALTER TABLE t RENAME COLUMN z TO zz;\n"
             "-- dialect: mysql\n"
             "ALTER TABLE t ALTER COLUMN z DROP NOT NULL;\n"
             "ALTER TABLE t ALTER COLUMN z DROP DEFAULT;\n"
             "ALTER TABLE t RENAME COLUMN z TO zz;\n"
             "-- dialect: all\n"
             "CREATE INDEX ix_t_x ON t (x);\n"
             "DROP INDEX ix_t_old ON t;\n"
             "ALTER TABLE t ADD CONSTRAINT fk_t_u FOREIGN KEY (x) REFERENCES u (id);\n"
             "ALTER TABLE t ADD CONSTRAINT uq_t_x UNIQUE (x);\n"
             "ALTER TABLE t ADD CONSTRAINT ck_t_x CHECK (x > 1);\n"
             "ALTER TABLE t ADD CONSTRAINT pk_t PRIMARY KEY (x);\n"
             "ALTER TABLE t DROP CONSTRAINT uq_t_x;\n");
}

Test(convert, index_dialect_keywords)
{
    converts("    op.create_index('ix_a', 't', ['a'], postgresql_where=sa.text('a > 0'),\n"
             "                    sqlite_where=sa.text('a > 1'), postgresql_using='btree')\n",
             "-- dialect: sqlite\nCREATE INDEX ix_a ON t (a) WHERE a > 1;\n"
             "-- dialect: postgresql\nCREATE INDEX ix_a ON t (a) WHERE a > 0;\n"
             "-- dialect: mysql\nCREATE INDEX ix_a ON t (a);\n");
}

Test(convert, execute_and_bulk_insert)
{
    converts("    op.execute('UPDATE t SET a = 1;')\n"
             "    op.execute(sa.text(\"\"\"\n        DELETE FROM t\n    \"\"\"))\n"
             "    conn = op.get_bind()\n"
             "    conn.execute(sa.text('UPDATE t SET b = 2'))\n"
             "    t = sa.table('t', sa.column('a', sa.Integer), sa.column('b'))\n"
             "    op.bulk_insert(t, [{'a': 1, 'b': 'x'}, {'a': -2, 'b': None}, {'b': True}])\n",
             "UPDATE t SET a = 1;\nDELETE FROM t;\nUPDATE t SET b = 2;\n"
             "INSERT INTO t (a, b) VALUES\n    (1, 'x'),\n    (-2, NULL);\n"
             "INSERT INTO t (b) VALUES\n    (TRUE);\n");
}

Test(convert, dialect_branches_in_every_spelling)
{
    converts("    bind = op.get_bind()\n"
             "    if bind.dialect.name == 'postgresql':\n        op.drop_table('a')\n"
             "    elif bind.engine.name in ('mysql', 'mariadb'):\n        op.drop_table('b')\n"
             "    else:\n        op.drop_table('c')\n"
             "    if op.get_context().dialect.name != 'sqlite':\n        op.drop_table('d')\n"
             "    dialect = context.get_context().dialect.name\n"
             "    if dialect == 'mssql':\n        op.drop_table('never')\n"
             "    if not dialect not in ['sqlite'] or dialect == 'mysql':\n"
             "        pass\n"
             "    op.drop_table('e')\n",
             "-- dialect: postgresql\nDROP TABLE a;\n-- dialect: mysql\nDROP TABLE b;\n"
             "-- dialect: sqlite\nDROP TABLE c;\n-- dialect: postgresql, mysql\nDROP TABLE d;\n"
             "-- dialect: all\nDROP TABLE e;\n");
}

Test(convert, with_variant_per_backend)
{
    converts("    op.add_column('t', sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite')))\n"
             "    op.add_column('t', sa.Column('j', sa.Text().with_variant(mysql.LONGTEXT(), 'mysql', 'mariadb')))\n",
             "-- dialect: sqlite\nALTER TABLE t ADD COLUMN id INTEGER;\n"
             "-- dialect: postgresql, mysql\nALTER TABLE t ADD COLUMN id BIGINT;\n"
             "-- dialect: all\nALTER TABLE t ADD COLUMN j TEXT;\n");
}

Test(convert, module_constants_and_type_map)
{
    rt_strv map = RT_STRV_INIT;
    rt_strv_push(&map, "GUID=CHAR(32)");
    rt_alembic_rev r = conv_with("    op.add_column(TABLE, sa.Column('g', GUID(), nullable=False))\n"
                                 "    op.add_column(TABLE, sa.Column('h', my.types.GUID))\n"
                                 "\nTABLE = 't'\n",
                                 &map);
    cr_assert_eq(r.problems.n, 0);
    cr_assert_str_eq(r.upgrade, "ALTER TABLE t ADD COLUMN g CHAR(32) NOT NULL;\n"
                                "ALTER TABLE t ADD COLUMN h CHAR(32);\n");
    rt_alembic_rev_free(&r);
    rt_strv_free(&map);
    rt_error err;
    cr_assert_eq(rt_alembic_type_map_check("GUID", &err), RT_EUSAGE);
    cr_assert_eq(rt_alembic_type_map_check("=X", &err), RT_EUSAGE);
}

Test(convert, python_side_defaults_are_left_out)
{
    converts("    op.add_column('t', sa.Column('u', sa.String(36), default=lambda: str(uuid.uuid4()),\n"
             "                  onupdate=datetime.utcnow, nullable=False))\n",
             "ALTER TABLE t ADD COLUMN u VARCHAR(36) NOT NULL;\n");
}

Test(convert, python_that_does_nothing_to_the_database_is_left_out)
{
    converts("    \"\"\"A docstring.\"\"\"\n"
             "    import logging\n"
             "    print('upgrading')\n"
             "    logger.info('x')\n"
             "    pass\n"
             "    op.drop_table('t')\n",
             "DROP TABLE t;\n");
}

Test(convert, index_in_create_table_with_a_dialect_keyword)
{
    converts("    op.create_table('t', sa.Column('a', sa.Integer()),\n"
             "        sa.Index('ix_t_a', 'a', postgresql_where=sa.text('a > 0')))\n",
             "CREATE TABLE t (\n    a INTEGER\n);\n"
             "-- dialect: sqlite, mysql\nCREATE INDEX ix_t_a ON t (a);\n"
             "-- dialect: postgresql\nCREATE INDEX ix_t_a ON t (a) WHERE a > 0;\n");
}

/* ---- what is refused: never guessed ---- */

Test(convert, refused_places)
{
    refuses("    for t in ('a', 'b'):\n        op.drop_table(t)\n", L1, "a loop");
    refuses("    try:\n        op.drop_table('a')\n    except Exception:\n        pass\n", L1,
            "try/except");
    refuses("    session = orm.Session(bind=op.get_bind())\n", L1, "an ORM session or query");
    refuses("    names = sa.inspect(op.get_bind()).get_table_names()\n", L1,
            "names looked up from the live database");
    refuses("    op.execute(f'DROP TABLE {name}')\n", L1,
            "SQL text formatted in Python (an f-string)");
    refuses("    op.execute('DROP TABLE ' + name)\n", L1, "SQL text computed in Python");
    refuses("    op.execute('UPDATE {0} SET a = 1'.format(name))\n", L1, "SQL text computed in Python");
    refuses("    op.execute(t.update().values(a=1))\n", L1,
            "SQL built with SQLAlchemy expressions in Python");
    refuses("    op.add_column('t', sa.Column('g', GUID()))\n", L1,
            "type GUID has no portable mapping (give one with --type-map GUID=TYPE)");
    refuses("    op.add_column('t', sa.Column('g', sa.Interval()))\n", L1,
            "type Interval has no portable mapping (give one with --type-map Interval=TYPE)");
    refuses("    if context.is_offline_mode():\n        pass\n", L1,
            "an if on a condition computed in Python (only tests of the dialect name are "
            "converted)");
    refuses("    _helper()\n\ndef _helper():\n    pass\n", L1,
            "a call of the Python function _helper()");
    refuses("    op.create_index('i', 't', ['a'], postgresql_using='gin')\n", L1,
            "postgresql_using='gin': index methods are not portable");
    refuses("    op.alter_column('t', 'a', type_=sa.Integer(), postgresql_using='a::integer')\n",
            L1, "postgresql_using: ALTER ... USING is not portable (convert the data with an "
                "UPDATE)");
    refuses("    op.bulk_insert(t, [{'d': datetime.date(2020, 1, 1)}])\n", L1,
            "bulk_insert into a table that is not a literal sa.table(...)");
    refuses("    t = sa.table('t', sa.column('d'))\n    op.bulk_insert(t, [{'d': datetime.date(2020, 1, 1)}])\n",
            L1 + 1, "a value computed in Python");
    /* found by fuzz_alembic: an empty schema part crashed the quoting */
    refuses("    op.create_table('t', sa.Column('.func.', sa.Integer()))\n", L1,
            "a name containing '.' (portable SQL reads it as schema.table)");
    refuses("    op.drop_table('a.b')\n", L1,
            "a name containing '.' (portable SQL reads it as schema.table)");
    refuses("    op.create_table('t', sa.Column('a', sa.Integer()), schema='other')\n", L1,
            "a schema-qualified table (schema=)");
    refuses("    op.add_column('t', sa.Column('a', sa.Time(timezone=True)))\n", L1,
            "Time(timezone=True): TIME WITH TIME ZONE is not portable");
    refuses("    with op.get_context().autocommit_block():\n        op.execute('VACUUM')\n", L1,
            "a 'with' block that is not op.batch_alter_table(...)");
    refuses("    x = [t for t in tables]\n", L1, "Python the importer does not read (a comprehension)");
    refuses("    op.drop_table(lambda: 'x')\n", L1, "a name computed in Python");
    refuses("    op.invalidate_cache()\n", L1, "op.invalidate_cache is not an operation the importer converts");
    refuses("    op.get_bind().execute(sa.text('UPDATE t SET a = :a'), {'a': 1})\n", L1,
            "execute() with bound parameters");
    refuses("    sync_rows()\n", L1, "a call of sync_rows() that is not an Alembic operation");
    refuses("    if op.get_bind().dialect.name == 'sqlite':\n        for x in y:\n            pass\n",
            L1 + 1, "a loop");
    refuses("    op.add_column('t', sa.Column('a', sa.Integer(), server_default=sa.func.random()))\n",
            L1, "a server_default computed in Python");
    refuses("    op.create_foreign_key('fk', 't', 'u', cols, ['id'])\n", L1,
            "a column list that is not a literal list of names");
}

Test(convert, refused_place_is_quoted_and_the_rest_kept)
{
    rt_alembic_rev r = conv_with("    op.drop_table('a')\n"
                                 "    for t in ('b',\n              'c'):\n"
                                 "        op.drop_table(t)\n"
                                 "    op.drop_table('d')\n",
                                 NULL);
    cr_assert_str_eq(r.upgrade,
                     "DROP TABLE a;\n"
                     "-- NOT CONVERTED (v/aaa.py:13: a loop); the original Python:\n"
                     "--   |     for t in ('b',\n"
                     "--   |               'c'):\n"
                     "--   |         op.drop_table(t)\n"
                     "DROP TABLE d;\n");
    rt_alembic_rev_free(&r);
}

/* ---- the command ---- */

TestSuite(cli);

static char *cli_project(const char *url)
{
    char *dir = rt_test_tmpdir();
    char *ini = rt_xasprintf("%s/retort.ini", dir);
    char *text = rt_xasprintf("[retort]\nscript_location = mig\nurl = %s\n"
                              "version_table = alembic_version\nmodels = models/*.sql\n",
                              url);
    rt_test_write_file(ini, text);
    free(text);
    free(ini);
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir, "mkdir -p mig/versions models"), 0, "%s", out);
    free(out);
    return dir;
}

Test(cli, lists_every_place_it_did_not_convert_and_exits_1)
{
    char *dir = cli_project("sqlite:///x.db");
    char *out = NULL;
    int rc = cli_run(&out, dir, "import-alembic '%s/crm/versions' 2>&1 >/dev/null", RES);
    char *want = rt_xasprintf(
        "%s/crm/versions/5d6e7f8091a3_normalise_names.py:20: a query whose result is used in "
        "Python\n"
        "%s/crm/versions/5d6e7f8091a3_normalise_names.py:21: a loop\n"
        "retort: 2 places not converted; quoted in the revisions as NOT CONVERTED\n",
        RES, RES);
    cr_assert_eq(rc, 1, "%s", out);
    cr_assert_str_eq(out, want);
    free(want);
    free(out);
    /* Every revision was written, the graph is Alembic's. */
    rc = cli_run(&out, dir, "heads");
    cr_assert_eq(rc, 0, "%s", out);
    cr_assert(strstr(out, "5d6e7f8091a3 (crm) (head)") || strstr(out, "5d6e7f8091a3 (head)"),
              "%s", out);
    cr_assert(strstr(out, "6e7f8091a2b4 (audit) (head)"), "%s", out);
    free(out);
    char *rev = NULL;
    rt_test_sh(&rev, dir, "cat mig/versions/5d6e7f8091a3_*.sql");
    cr_assert(strstr(rev, "-- Imported from: " RES "/crm/versions/5d6e7f8091a3_normalise_names.py\n"),
              "%s", rev);
    cr_assert(strstr(rev, "--   |     for row in rows:\n"), "%s", rev);
    free(rev);
    rt_test_rmtree(dir);
    free(dir);
}

Test(cli, allow_partial_type_map_and_usage)
{
    char *dir = cli_project("sqlite:///x.db");
    char *out = NULL;
    cr_assert_eq(cli_run(&out, dir, "import-alembic '%s/crm/versions' -o mig/versions --allow-partial --type-map 'GUID=CHAR(32)'", RES), 0, "%s", out);
    cr_assert(strstr(out, "retort: 2 places not converted; quoted in the revisions as NOT CONVERTED (--allow-partial)\n"), "%s", out);
    free(out);
    cr_assert_eq(cli_run(&out, dir, "import-alembic '%s/blog/versions' --type-map GUID", RES), 2, "%s", out);
    cr_assert(strstr(out, "retort: error: --type-map takes NAME=PORTABLE_TYPE (e.g. GUID=CHAR(32)), got 'GUID'"), "%s", out);
    free(out);
    cr_assert_eq(cli_run(&out, dir, "import-alembic"), 2, "%s", out);
    cr_assert(strstr(out, "import-alembic needs the Alembic versions folder"), "%s", out);
    free(out);
    /* Revisions are never overwritten. */
    cr_assert_eq(cli_run(&out, dir, "import-alembic '%s/crm/versions' --allow-partial", RES), 2, "%s", out);
    cr_assert(strstr(out, "/mig/versions/1d2e3f405162_contacts_with_the_first_rows.sql: File exists."), "%s", out);
    free(out);
    rt_test_rmtree(dir);
    free(dir);
}

Test(cli, a_file_it_cannot_read_leaves_the_output_as_it_was)
{
    char *dir = cli_project("sqlite:///x.db");
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir, "mkdir al && cp '%s/blog/versions/'*.py al/ && "
                                       "printf 'revision = \"zz\"\\nx = (1,\\n' > al/zz_bad.py",
                            RES),
                 0, "%s", out);
    free(out);
    cr_assert_eq(cli_run(&out, dir, "import-alembic al"), 2, "%s", out);
    cr_assert(strstr(out, "retort: error: al/zz_bad.py:3:1: the file ends inside an open bracket.\n"),
              "%s", out);
    free(out);
    rt_test_sh(&out, dir, "ls mig/versions | wc -l");
    cr_assert_str_eq(out, "0\n");
    free(out);
    rt_test_rmtree(dir);
    free(dir);
}

/* ---- Alembic itself and retort, on the same .py files ---- */

/* SQLAlchemy's URL of a retort test URL (pymysql is the Debian driver). */
static char *sa_url(const char *url)
{
    if (strncmp(url, "mysql://", 8) == 0)
        return rt_xasprintf("mysql+pymysql://%s", url + 8);
    return rt_xstrdup(url);
}

static void alembic(const char *project, const char *url, const char *args)
{
    char *u = sa_url(url), *out = NULL;
    int rc = rt_test_sh(&out, NULL, "ALEMBIC_TEST_URL='%s' " ALEMBIC_BIN " -c '%s/%s/alembic.ini' %s",
                        u, RES, project, args);
    cr_assert_eq(rc, 0, "alembic %s on %s failed:\n%s", args, url, out);
    free(out);
    free(u);
}

static void retort(const char *dir, const char *args)
{
    char *out = NULL;
    int rc = cli_run(&out, dir, "%s", args);
    cr_assert_eq(rc, 0, "retort %s failed:\n%s", args, out);
    free(out);
}

static void reflect(const char *url, rt_schema *out)
{
    rt_url *u = NULL;
    rt_db *db = NULL;
    rt_error err;
    cr_assert_eq(rt_url_parse(&u, url, &err), RT_OK, "%s", err.message);
    cr_assert_eq(rt_db_open(&db, u, &err), RT_OK, "%s", err.message);
    rt_dialect_options o = RT_DIALECT_OPTIONS_INIT;
    memset(out, 0, sizeof *out);
    cr_assert_eq(rt_dialect_reflect(db, &o, "alembic_version", out, &err), RT_OK, "%s",
                 err.message);
    rt_db_close(db);
    rt_url_free(u);
}

static void same_schema(const rt_schema *alembic_built, const rt_schema *retort_built,
                        const char *what)
{
    rt_diff d = RT_DIFF_INIT;
    rt_error err;
    cr_assert_eq(rt_diff_schemas(&d, alembic_built, retort_built, &err), RT_OK, "%s",
                 err.message);
    char *lines = rt_strv_join(&d.changes, "\n");
    cr_assert(rt_diff_empty(&d), "%s: retort's schema differs from Alembic's:\n%s", what, lines);
    free(lines);
    rt_diff_free(&d);
}

static void drop_index(rt_table *t, size_t i)
{
    rt_index_free(&t->indexes[i]);
    memmove(&t->indexes[i], &t->indexes[i + 1], (t->nindexes - i - 1) * sizeof *t->indexes);
    t->nindexes--;
}

/* MySQL stores a unique constraint and a unique index alike (retort marks
 * its own unique indexes with a comment, which Alembic's lack), and InnoDB
 * adds an index of its own for a foreign key no index covers, named after
 * the key's first column when the key has no name. Both schemas are folded
 * the same way so that only real differences remain. */
static void mysql_fold(rt_schema *s)
{
    for (size_t ti = 0; ti < s->ntables; ti++) {
        rt_table *t = &s->tables[ti];
        for (size_t i = t->nindexes; i > 0; i--) {
            rt_index *ix = &t->indexes[i - 1];
            if (ix->unique) {
                rt_constraint k = { .kind = RT_CONSTRAINT_UNIQUE, .name = ix->name };
                k.columns = ix->columns;
                rt_table_add_constraint(t, &k);
                drop_index(t, i - 1);
                continue;
            }
            for (size_t c = 0; c < t->nconstraints; c++) {
                const rt_constraint *k = &t->constraints[c];
                if (k->kind == RT_CONSTRAINT_FOREIGN_KEY && rt_strv_equal(&k->columns, &ix->columns) &&
                    strcmp(ix->name, k->columns.items[0]) == 0) {
                    drop_index(t, i - 1);
                    break;
                }
            }
        }
    }
}

/* Alembic builds project on url (upgrade heads, then downgrade to mid),
 * retort does the same from the imported files on an emptied database; the
 * reflected schemas must be equal at both points. */
static void compare(const char *backend, const char *project, const char *mid)
{
    const char *url = rt_test_backend_url(backend);
    rt_schema a_head, a_mid, r_head, r_mid;
    rt_test_db_reset(url);
    alembic(project, url, "upgrade heads");
    reflect(url, &a_head);
    cr_assert_gt(a_head.ntables, 0);
    char *down = rt_xasprintf("downgrade %s", mid);
    alembic(project, url, down);
    reflect(url, &a_mid);

    rt_test_db_reset(url);
    char *dir = cli_project(url);
    char *out = NULL;
    int rc = cli_run(&out, dir, "import-alembic '%s/%s/versions' --allow-partial", RES, project);
    cr_assert_eq(rc, 0, "%s", out);
    free(out);
    retort(dir, "upgrade heads");
    reflect(url, &r_head);
    retort(dir, down);
    reflect(url, &r_mid);
    if (strcmp(backend, "mysql") == 0) {
        mysql_fold(&a_head);
        mysql_fold(&a_mid);
        mysql_fold(&r_head);
        mysql_fold(&r_mid);
    }
    char *what = rt_xasprintf("%s on %s at heads", project, backend);
    same_schema(&a_head, &r_head, what);
    free(what);
    what = rt_xasprintf("%s on %s at %s", project, backend, mid);
    same_schema(&a_mid, &r_mid, what);
    free(what);
    free(down);
    rt_schema_free(&a_head);
    rt_schema_free(&a_mid);
    rt_schema_free(&r_head);
    rt_schema_free(&r_mid);
    rt_test_rmtree(dir);
    free(dir);
}

TestSuite(alembic_same);

Test(alembic_same, blog_sqlite) { compare("sqlite", "blog", "8e0d4b6c2f31"); }
Test(alembic_same, blog_postgresql) { compare("postgresql", "blog", "8e0d4b6c2f31"); }
Test(alembic_same, blog_mysql) { compare("mysql", "blog", "8e0d4b6c2f31"); }
Test(alembic_same, shop_sqlite) { compare("sqlite", "shop", "9c3b5d7e1f60"); }
Test(alembic_same, shop_postgresql) { compare("postgresql", "shop", "9c3b5d7e1f60"); }
Test(alembic_same, shop_mysql) { compare("mysql", "shop", "9c3b5d7e1f60"); }
Test(alembic_same, crm_sqlite) { compare("sqlite", "crm", "2a3b4c5d6e70"); }
Test(alembic_same, crm_postgresql) { compare("postgresql", "crm", "2a3b4c5d6e70"); }
Test(alembic_same, crm_mysql) { compare("mysql", "crm", "2a3b4c5d6e70"); }

/* ---- carrying on with the database Alembic migrated ---- */

static char *run_out(int want, const char *dir, const char *args)
{
    char *out = NULL;
    int rc = cli_run(&out, dir, "%s", args);
    cr_assert_eq(rc, want, "retort %s exited %d:\n%s", args, rc, out);
    return out;
}

static char *alembic_out(const char *project, const char *url, const char *args)
{
    char *u = sa_url(url), *out = NULL;
    int rc = rt_test_sh(&out, NULL, "ALEMBIC_TEST_URL='%s' " ALEMBIC_BIN " -c '%s/%s/alembic.ini' %s",
                        u, RES, project, args);
    cr_assert_eq(rc, 0, "alembic %s failed:\n%s", args, out);
    free(u);
    return out;
}

/* Alembic to some revision; import; retort upgrades the same database (its
 * alembic_version table) to head and `check` finds it equal to the models;
 * Alembic then reads retort's version rows as its own. */
static void carry_on(const char *backend, const char *stop)
{
    const char *url = rt_test_backend_url(backend);
    rt_test_db_reset(url);
    char *up = rt_xasprintf("upgrade %s", stop);
    alembic("blog", url, up);
    free(up);
    char *dir = cli_project(url);
    char *out = NULL;
    rt_test_sh(&out, dir, "cp '%s/blog/models/blog.sql' models/", RES);
    free(out);
    char *args = rt_xasprintf("import-alembic '%s/blog/versions'", RES);
    free(run_out(0, dir, args));
    free(args);
    out = run_out(0, dir, "current");
    cr_assert(strstr(out, stop), "%s", out);
    free(out);
    free(run_out(0, dir, "upgrade head"));
    out = run_out(0, dir, "check");
    cr_assert(strstr(out, "No new upgrade operations detected."), "%s", out);
    free(out);
    out = alembic_out("blog", url, "current");
    cr_assert(strstr(out, "c47a91e5b803 (head)"), "%s", out);
    free(out);
    free(run_out(0, dir, "downgrade -1"));
    out = alembic_out("blog", url, "current");
    cr_assert(strstr(out, "8e0d4b6c2f31"), "%s", out);
    free(out);
    free(alembic_out("blog", url, "upgrade head"));
    out = run_out(0, dir, "current");
    cr_assert(strstr(out, "c47a91e5b803 (head)"), "%s", out);
    free(out);
    rt_test_rmtree(dir);
    free(dir);
}

TestSuite(carry_on);

Test(carry_on, sqlite) { carry_on("sqlite", "8e0d4b6c2f31"); }
Test(carry_on, postgresql) { carry_on("postgresql", "8e0d4b6c2f31"); }
Test(carry_on, mysql) { carry_on("mysql", "8e0d4b6c2f31"); }
/* Alembic built all of it: its unique index (no retort comment: it reads as
 * a constraint) and InnoDB's own index for an unnamed foreign key must not
 * show in `check` (the MySQL dialect's reconcile). */
Test(carry_on, mysql_built_by_alembic) { carry_on("mysql", "c47a91e5b803"); }
Test(carry_on, postgresql_built_by_alembic) { carry_on("postgresql", "c47a91e5b803"); }
Test(carry_on, sqlite_built_by_alembic) { carry_on("sqlite", "c47a91e5b803"); }

/* The same through the project's alembic.ini: retort reads it (its version
 * table is then alembic_version) and writes the .sql revisions next to the
 * .py files, which Alembic ignores. */
Test(carry_on, through_alembic_ini)
{
    char *dir = rt_test_tmpdir();
    char *out = NULL;
    cr_assert_eq(rt_test_sh(&out, dir,
                            "cp -r '%s/blog/env.py' '%s/blog/versions' . && "
                            "printf '[alembic]\\nscript_location = %%%%(here)s\\n"
                            "sqlalchemy.url = sqlite:///%%%%(here)s/app.db\\n' > alembic.ini",
                            RES, RES),
                 0, "%s", out);
    free(out);
    const char *alembic_cmd = "env -u ALEMBIC_TEST_URL " ALEMBIC_BIN " -c alembic.ini";
    cr_assert_eq(rt_test_sh(&out, dir, "%s upgrade 8e0d4b6c2f31", alembic_cmd), 0, "%s", out);
    free(out);
    free(run_out(0, dir, "-c alembic.ini import-alembic versions"));
    out = run_out(0, dir, "-c alembic.ini current");
    cr_assert(strstr(out, "8e0d4b6c2f31"), "%s", out);
    free(out);
    free(run_out(0, dir, "-c alembic.ini upgrade head"));
    cr_assert_eq(rt_test_sh(&out, dir, "%s current", alembic_cmd), 0, "%s", out);
    cr_assert(strstr(out, "c47a91e5b803 (head)"), "%s", out);
    free(out);
    free(run_out(0, dir, "-c alembic.ini downgrade base"));
    cr_assert_eq(rt_test_sh(&out, dir, "%s upgrade head", alembic_cmd), 0, "%s", out);
    free(out);
    rt_test_rmtree(dir);
    free(dir);
}
