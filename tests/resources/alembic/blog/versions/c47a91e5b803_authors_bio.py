"""authors get a bio; display name required

Revision ID: c47a91e5b803
Revises: 8e0d4b6c2f31
Create Date: 2024-04-21 08:44:03.002917

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c47a91e5b803'
down_revision = '8e0d4b6c2f31'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('authors') as batch_op:
        batch_op.add_column(sa.Column('bio', sa.Text(), nullable=True))
        batch_op.alter_column('display_name',
               existing_type=sa.String(length=80),
               nullable=False,
               server_default='anonymous')


def downgrade():
    with op.batch_alter_table('authors') as batch_op:
        batch_op.alter_column('display_name',
               existing_type=sa.String(length=80),
               nullable=True,
               server_default=None)
        batch_op.drop_column('bio')
