"""add slug and tags

Revision ID: 8e0d4b6c2f31
Revises: 3f1c2a9b7d10
Create Date: 2024-03-09 17:02:11.530144

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8e0d4b6c2f31'
down_revision = '3f1c2a9b7d10'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('posts', sa.Column('slug', sa.String(length=200), nullable=True))
    op.create_index('ix_posts_slug', 'posts', ['slug'], unique=True)
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=False, unique=True),
    )
    op.create_table(
        "post_tags",
        sa.Column("post_id", sa.Integer, sa.ForeignKey("posts.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("tag_id", sa.Integer, sa.ForeignKey("tags.id"), primary_key=True),
    )


def downgrade():
    op.drop_table("post_tags")
    op.drop_table("tags")
    op.drop_index('ix_posts_slug', table_name='posts')
    op.drop_column('posts', 'slug')
