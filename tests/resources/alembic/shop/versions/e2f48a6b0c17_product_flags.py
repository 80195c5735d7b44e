"""product flags; wider sku

Revision ID: e2f48a6b0c17
Revises: 9c3b5d7e1f60
Create Date: 2025-02-03 11:48:27.771100

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "e2f48a6b0c17"
down_revision: Union[str, None] = "9c3b5d7e1f60"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discontinued", sa.Boolean(), nullable=True))
        batch_op.alter_column("sku",
               existing_type=sa.String(length=32),
               type_=sa.String(length=64),
               existing_nullable=False)
        batch_op.alter_column("weight", new_column_name="weight_kg",
                              existing_type=sa.Float())
        batch_op.create_check_constraint("ck_products_price_positive", "price >= 0")

    if op.get_context().dialect.name == "sqlite":
        with op.batch_alter_table("orders") as batch_op:
            batch_op.alter_column("status", existing_type=sa.String(20), nullable=True)
    else:
        op.alter_column("orders", "status", existing_type=sa.String(20), nullable=True)


def downgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        op.alter_column("orders", "status", existing_type=sa.String(20), nullable=False)
    else:
        with op.batch_alter_table("orders") as batch_op:
            batch_op.alter_column("status", existing_type=sa.String(20), nullable=False)

    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_constraint("ck_products_price_positive", type_="check")
        batch_op.alter_column("weight_kg", new_column_name="weight",
                              existing_type=sa.Float())
        batch_op.alter_column("sku",
               existing_type=sa.String(length=64),
               type_=sa.String(length=32),
               existing_nullable=False)
        batch_op.drop_column("discontinued")
