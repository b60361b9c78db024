"""performance: indexes found by the benchmark (bench/)

Persons are listed and sorted by name everywhere (member lists, register, overview), and the
network calendar finds a network's offerings through offering_networks by network_id.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 12:00:00

"""

from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

import app.core.types  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.create_index("ix_persons_name", ["name"], unique=False)
    op.create_index("ix_offering_networks_network_id", "offering_networks", ["network_id"])


def downgrade():
    op.drop_index("ix_offering_networks_network_id", table_name="offering_networks")
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_index("ix_persons_name")
