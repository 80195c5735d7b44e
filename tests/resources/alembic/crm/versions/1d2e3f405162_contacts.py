"""Contacts, with the first rows

Revision ID: 1d2e3f405162
Revises:
Create Date: 2023-06-01 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.sql import table, column

# revision identifiers, used by Alembic.
revision = "1d2e3f405162"
down_revision = None
branch_labels = ("crm",)
depends_on = None


def upgrade():
    contacts = op.create_table(
        "contacts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.Unicode(100), nullable=False, comment="as the contact writes it"),
        sa.Column("kind", sa.String(10), nullable=False, server_default="person"),
        sa.Column("vip", sa.Boolean(), nullable=True),
        sa.Column("created", sa.Date(), nullable=True),
        comment="people and companies we talk to",
    )
    contact_table = table(
        "contacts",
        column("id", sa.Integer),
        column("name", sa.Unicode),
        column("kind", sa.String),
        column("vip", sa.Boolean),
    )
    op.bulk_insert(
        contact_table,
        [
            {"id": 1, "name": "Ada Lovelace", "kind": "person", "vip": True},
            {"id": 2, "name": "O'Reilly Media", "kind": "company", "vip": False},
            {"id": 3, "name": u"Zo\u00eb", "kind": "person", "vip": None},
        ],
    )


def downgrade():
    op.drop_table("contacts")
