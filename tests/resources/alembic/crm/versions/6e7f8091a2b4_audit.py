"""audit log

Revision ID: 6e7f8091a2b4
Revises:
Create Date: 2023-08-01 07:45:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "6e7f8091a2b4"
down_revision = None
branch_labels = ("audit",)
depends_on = "1d2e3f405162"


def upgrade():
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("contact_id", sa.Integer(), sa.ForeignKey("contacts.id"), nullable=True),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade():
    op.drop_table("audit_log")
