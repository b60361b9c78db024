"""progress read model: the stored requirement result keeps its reason

Why a requirement is not met although enough may be done (waiting for the clinical service,
a minimum of months at a kind of site, the leader missing) was not stored, so a page read
from the model could not say it. The rows stored before this revision have no reason: they
are marked stale, so pages ask the engine until the next rebuild (nightly, or
``flask progress rebuild``).

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-03 11:20:00

"""

import datetime as dt

from alembic import op
import sqlalchemy as sa

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

STALE = dt.date(1970, 1, 1)


def upgrade():
    with op.batch_alter_table("progress_requirement_states") as batch:
        batch.add_column(sa.Column("reason", sa.String(length=80), nullable=True))
    for table in ("progress_states", "progress_requirement_states"):
        op.execute(
            sa.text(f"UPDATE {table} SET computed_on = :stale").bindparams(
                sa.bindparam("stale", STALE, type_=sa.Date())
            )
        )


def downgrade():
    with op.batch_alter_table("progress_requirement_states") as batch:
        batch.drop_column("reason")
