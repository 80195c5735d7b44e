"""orders

Revision ID: 9c3b5d7e1f60
Revises: 5a0e7c1d9b42
Create Date: 2025-01-20 16:05:12.404040

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "9c3b5d7e1f60"
down_revision: Union[str, None] = "5a0e7c1d9b42"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("product_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  nullable=False),
        sa.Column("quantity", sa.SmallInteger(), server_default=sa.text("1"), nullable=False),
        sa.Column("status", sa.String(length=20), server_default="new", nullable=False),
        sa.Column("placed_at", sa.DateTime(timezone=True),
                  server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"],
            name=op.f("fk_orders_product_id_products"), ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_status"), ["status"], unique=False)

    op.create_index("ix_orders_placed", "orders", ["placed_at"])
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        # order numbers come from a sequence where there is one
        op.execute("CREATE SEQUENCE order_numbers START 1000")
    else:
        op.create_table(
            "order_numbers",
            sa.Column("n", sa.Integer(), primary_key=True),
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE order_numbers")
    else:
        op.drop_table("order_numbers")
    op.drop_index("ix_orders_placed", table_name="orders")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_status"))

    op.drop_table("orders")
