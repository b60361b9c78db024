"""progress read model: each stored result keeps its person's name for sorting

The network overview sorted a page of 50 out of a network's members by ``lower(name)`` over
a join with persons: about 2 ms of SQL on every request at 1,409 members. The stored result
now keeps the name as readers sort it (lower case, æ ø å after z: people.models.
name_sort_key, compared byte-wise) with an index, and the page reads its 50 rows from the
index. Filled here for the results already stored; every refresh writes it from then on.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-07 15:00:00

"""

import sqlalchemy as sa
from alembic import op

#: as the model's column and key (migrations do not import the application)
SORT_NAME = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")
_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def _sort_key(name):
    return (name or "").lower().translate(_ORDER)


revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("progress_states") as batch:
        batch.add_column(sa.Column("sort_name", SORT_NAME, nullable=False, server_default=""))
    bind = op.get_bind()
    names = bind.execute(
        sa.text(
            "SELECT DISTINCT persons.id, persons.name FROM persons "
            "JOIN progress_states ON progress_states.person_id = persons.id"
        )
    ).all()
    if names:
        bind.execute(
            sa.text("UPDATE progress_states SET sort_name = :name WHERE person_id = :id"),
            [{"id": pid, "name": _sort_key(name)} for pid, name in names],
        )
    op.create_index(
        "ix_progress_states_network_name",
        "progress_states",
        ["network_id", "sort_name", "person_id"],
    )
    # Planner statistics for the new index: without them SQLite takes it for the freshness
    # check too (it guesses an unanalysed index is the most selective) and reads every
    # member's row instead of the narrow (network_id, computed_on) index: 0.2 -> 1.1 ms.
    op.execute("ANALYZE progress_states")


def downgrade():
    op.drop_index("ix_progress_states_network_name", table_name="progress_states")
    with op.batch_alter_table("progress_states") as batch:
        batch.drop_column("sort_name")
