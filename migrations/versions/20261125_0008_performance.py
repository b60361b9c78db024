"""performance: indexes found by the benchmark (bench/) — none applied here yet

The benchmark's index suggestions are listed in the issue note and handed to the owners of
the models: an index only in a migration would show as drift in `flask db check`, so each
one goes into its model's ``__table_args__`` and into this file together.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 12:00:00

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

import app.core.types  # noqa: F401

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
