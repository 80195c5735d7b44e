"""companies

Revision ID: 2a3b4c5d6e70
Revises: 1d2e3f405162
Create Date: 2023-06-05 09:12:44.000000

"""
from alembic import op
import sqlalchemy as sa

revision = "2a3b4c5d6e70"
down_revision = "1d2e3f405162"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "companies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("vat_id", sa.String(length=20), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("vat_id", name="uq_companies_vat"),
    )
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.add_column(sa.Column("company_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_contacts_company", "companies", ["company_id"], ["id"],
            ondelete="SET NULL",
        )
    # Every company contact gets its company row.
    op.execute(
        """
        INSERT INTO companies (id, name)
        SELECT id, name FROM contacts WHERE kind = 'company'
        """
    )
    op.execute(sa.text("UPDATE contacts SET company_id = id WHERE kind = 'company'"))


def downgrade():
    with op.batch_alter_table("contacts") as batch_op:
        batch_op.drop_constraint("fk_contacts_company", type_="foreignkey")
        batch_op.drop_column("company_id")
    op.drop_table("companies")
