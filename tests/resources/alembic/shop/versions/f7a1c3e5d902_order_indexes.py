"""order indexes

Revision ID: f7a1c3e5d902
Revises: e2f48a6b0c17
Create Date: 2025-02-10 13:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "f7a1c3e5d902"
down_revision: Union[str, None] = "e2f48a6b0c17"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # Only the open orders are looked up by date; MySQL has no partial
    # indexes and indexes them all.
    op.create_index(
        "ix_orders_open",
        "orders",
        ["placed_at"],
        unique=False,
        postgresql_where=sa.text("status = 'new'"),
        sqlite_where=sa.text("status = 'new'"),
    )
    op.create_index("ix_products_newest", "products", [sa.text("id DESC")])


def downgrade() -> None:
    op.drop_index("ix_products_newest", table_name="products")
    op.drop_index("ix_orders_open", table_name="orders")
