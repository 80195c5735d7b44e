"""merge companies and notes

Revision ID: 4c5d6e7f8092
Revises: 2a3b4c5d6e70, 3b4c5d6e7f81
Create Date: 2023-06-07 08:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "4c5d6e7f8092"
down_revision = ("2a3b4c5d6e70", "3b4c5d6e7f81")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
