"""revisions: stamps renewed with every change to the rows they watch

A public page's validator (the resource-person register's ETag) reads one stamp instead of
aggregates over every person and membership.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 19:50:00

"""

from alembic import op
import sqlalchemy as sa

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "revisions",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_revisions")),
    )


def downgrade():
    op.drop_table("revisions")
