"""privacy: the consent log, retention holds and anonymisations

Revision ID: 0016
Revises: 0011
Create Date: 2026-12-02 20:00:00

"""

from alembic import op
import sqlalchemy as sa

import app.core.types

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "consent_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("given", sa.Boolean(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("at", app.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_consent_events_person_id", "consent_events", ["person_id"])
    op.create_table(
        "retention_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("at", app.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_retention_holds_person_id", "retention_holds", ["person_id"])
    op.create_table(
        "anonymisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("at", app.core.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["by_user_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_id"),
    )
    _backfill_consents()


def _backfill_consents():
    """Consents given before the log existed: one "given" entry on the person's creation day."""
    bind = op.get_bind()
    persons = sa.table(
        "persons",
        sa.column("id", sa.Integer),
        sa.column("public_consent", sa.Boolean),
        sa.column("created_at", app.core.types.UTCDateTime(timezone=True)),
    )
    events = sa.table(
        "consent_events",
        sa.column("person_id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("given", sa.Boolean),
        sa.column("on", sa.Date),
        sa.column("at", app.core.types.UTCDateTime(timezone=True)),
    )
    rows = bind.execute(
        sa.select(persons.c.id, persons.c.created_at).where(persons.c.public_consent.is_(True))
    ).all()
    if rows:
        bind.execute(
            events.insert(),
            [
                {"person_id": pid, "kind": "public_register", "given": True,
                 "on": at.date(), "at": at}
                for pid, at in rows
            ],
        )


def downgrade():
    op.drop_table("anonymisations")
    op.drop_index("ix_retention_holds_person_id", table_name="retention_holds")
    op.drop_table("retention_holds")
    op.drop_index("ix_consent_events_person_id", table_name="consent_events")
    op.drop_table("consent_events")
