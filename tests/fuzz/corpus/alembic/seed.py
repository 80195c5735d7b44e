"""seed

Revision ID: 0a1b
"""
from alembic import op
import sqlalchemy as sa

revision = "0a1b"
down_revision = None


def upgrade():
    op.create_table("t", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("g", GUID(), server_default=sa.text("now()")))
    if op.get_bind().dialect.name in ("mysql", "sqlite"):
        with op.batch_alter_table("t") as b:
            b.alter_column("id", new_column_name="pk", existing_nullable=False)
    op.bulk_insert(sa.table("t", sa.column("id")), [{"id": 1}, {"id": -2}])
    for x in y:
        pass
