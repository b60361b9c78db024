"""progress read model: each stored result keeps the day until which it holds

The daily job recomputes only the results whose answer may have changed since (the engine's
rules.holds_until) instead of the whole country. Rows stored before this revision have no
day: the next catch-up recomputes them.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 20:00:00

"""

from alembic import op
import sqlalchemy as sa

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("progress_states") as batch:
        batch.add_column(sa.Column("holds_until", sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table("progress_states") as batch:
        batch.drop_column("holds_until")
