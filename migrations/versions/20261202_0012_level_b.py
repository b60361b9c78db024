"""level B as seeds 003 and 004 write it: one appointment date, courses taken elsewhere

- ``persons.appointed_on`` goes: the membership's start is the date the person was appointed
  resource person in that network. Where a person's ``appointed_on`` is earlier than the start
  of her first resource-person membership of a network, that start moves back to it (a later
  membership after leaving and rejoining keeps its own start).
- ``course_completions`` may be a free-text course: ``course_id`` becomes optional and the
  row gets ``title``, ``provider``, ``level`` (set by the coordinator when verifying) and an
  optional certificate (``certificate`` bytes, its file name and type).

Downgrade puts ``appointed_on`` back, filled from the person's earliest resource-person
membership start (the starts moved by the upgrade are not moved forward again: the old
values are not kept), and removes the free-text completions (they have no catalogue course,
which the old schema requires) and the new columns.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-02 19:50:00

"""

from alembic import op
import sqlalchemy as sa

import app.core.types  # noqa: F401

# revision identifiers, used by Alembic.
revision = "0012"
down_revision = "0010"
branch_labels = None
depends_on = None


MOVE_STARTS = """
UPDATE memberships
SET start = (SELECT p.appointed_on FROM persons p WHERE p.id = memberships.person_id)
WHERE role = 'resource_person'
  AND EXISTS (
    SELECT 1 FROM persons p
    WHERE p.id = memberships.person_id
      AND p.appointed_on IS NOT NULL
      AND p.appointed_on < memberships.start
  )
  AND NOT EXISTS (
    SELECT 1 FROM memberships m2
    WHERE m2.person_id = memberships.person_id
      AND m2.network_id = memberships.network_id
      AND m2.id <> memberships.id
      AND m2.start < memberships.start
  )
"""

FILL_APPOINTED = """
UPDATE persons
SET appointed_on = (
  SELECT MIN(m.start) FROM memberships m
  WHERE m.person_id = persons.id AND m.role = 'resource_person'
)
"""


def _drop_appointed_on():
    if op.get_bind().dialect.name == "sqlite":
        # Not batch mode: re-creating ``persons`` would drop the old table, and with
        # foreign keys on (app.core.database) every membership and registration would go
        # with it. SQLite has dropped a plain column in place since 3.35.
        op.execute("ALTER TABLE persons DROP COLUMN appointed_on")
        return
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_column("appointed_on")


def upgrade():
    op.execute(MOVE_STARTS)
    _drop_appointed_on()
    # Nothing refers to course_completions, so batch mode may re-create it on SQLite.
    with op.batch_alter_table("course_completions", schema=None) as batch_op:
        batch_op.alter_column("course_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("title", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("provider", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("level", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("certificate", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("certificate_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("certificate_type", sa.String(length=100), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_course_completions_course_or_title"),
            "course_id IS NOT NULL OR title IS NOT NULL",
        )


def downgrade():
    op.execute("DELETE FROM course_completions WHERE course_id IS NULL")
    with op.batch_alter_table("course_completions", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_course_completions_course_or_title"), type_="check")
        batch_op.drop_column("certificate_type")
        batch_op.drop_column("certificate_name")
        batch_op.drop_column("certificate")
        batch_op.drop_column("level")
        batch_op.drop_column("provider")
        batch_op.drop_column("title")
        batch_op.alter_column("course_id", existing_type=sa.Integer(), nullable=False)
    # An added column never re-creates the table, on SQLite either.
    op.add_column("persons", sa.Column("appointed_on", sa.Date(), nullable=True))
    op.execute(FILL_APPOINTED)
