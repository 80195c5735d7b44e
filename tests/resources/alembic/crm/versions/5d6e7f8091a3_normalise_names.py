"""normalise contact names

Revision ID: 5d6e7f8091a3
Revises: 4c5d6e7f8092
Create Date: 2023-07-11 14:22:05.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "5d6e7f8091a3"
down_revision = "4c5d6e7f8092"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("contacts", sa.Column("search_name", sa.String(100), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM contacts")).fetchall()
    for row in rows:
        conn.execute(
            sa.text("UPDATE contacts SET search_name = :n WHERE id = :id"),
            {"n": row.name.lower(), "id": row.id},
        )
    op.create_index("ix_contacts_search_name", "contacts", ["search_name"])


def downgrade():
    op.drop_index("ix_contacts_search_name", table_name="contacts")
    op.drop_column("contacts", "search_name")
