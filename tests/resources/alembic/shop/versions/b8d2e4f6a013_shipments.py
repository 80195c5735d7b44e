"""shipments

Revision ID: b8d2e4f6a013
Revises: f7a1c3e5d902
Create Date: 2025-03-03 09:15:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "b8d2e4f6a013"
down_revision: Union[str, None] = "f7a1c3e5d902"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    # A native enum: a named type on PostgreSQL (created with the table),
    # ENUM on MySQL, a VARCHAR on SQLite.
    op.create_table(
        "shipments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column(
            "carrier",
            sa.Enum("post", "courier", "pickup", name="shipment_carrier"),
            server_default="post",
            nullable=False,
        ),
        sa.Column("state", sa.Enum("packed", "sent", "lost", name="shipment_state"),
                  nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"],
                                name=op.f("fk_shipments_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shipments")),
    )


def downgrade() -> None:
    op.drop_table("shipments")
