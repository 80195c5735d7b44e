"""notes on contacts

Revision ID: 3b4c5d6e7f81
Revises: 1d2e3f405162
Create Date: 2023-06-05 10:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "3b4c5d6e7f81"
down_revision = "1d2e3f405162"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.ForeignKeyConstraint(["contact_id"], ["contacts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_notes_contact", "notes", ["contact_id", "pinned"])


def downgrade():
    op.drop_index("ix_notes_contact", table_name="notes")
    op.drop_table("notes")
