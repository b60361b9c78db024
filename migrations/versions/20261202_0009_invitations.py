"""invitations and sign-up requests

Revision ID: 0009
Revises: 0013
Create Date: 2026-12-02 20:30:00

"""

from alembic import op
import sqlalchemy as sa

import app.core.types

# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0013"
branch_labels = None
depends_on = None

ROLES = ("admin", "coordinator", "leader", "supervisor", "resource_person")


def upgrade():
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "role",
            sa.Enum(*ROLES, name="invitation_role", native_enum=False, create_constraint=True, length=23),
            nullable=False,
        ),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("sent_at", app.core.types.UTCDateTime(), nullable=False),
        sa.Column("expires_at", app.core.types.UTCDateTime(), nullable=False),
        sa.Column("accepted_at", app.core.types.UTCDateTime(), nullable=True),
        sa.Column("voided_at", app.core.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["invited_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["network_id"], ["networks.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_invitations_person_id", "invitations", ["person_id"])
    op.create_table(
        "signup_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("profession_key", sa.String(length=40), nullable=False),
        sa.Column("workplace", sa.String(length=200), nullable=True),
        sa.Column("municipality", sa.String(length=4), nullable=True),
        sa.Column("leader_email", sa.String(length=254), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=True),
        sa.Column(
            "status",
            sa.Enum("pending", "approved", "declined", name="signup_status", native_enum=False, create_constraint=True, length=16),
            nullable=False,
        ),
        sa.Column("reason", sa.String(length=1000), nullable=True),
        sa.Column("created_at", app.core.types.UTCDateTime(), nullable=False),
        sa.Column("decided_at", app.core.types.UTCDateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["network_id"], ["networks.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_signup_requests_network_id", "signup_requests", ["network_id"])


def downgrade():
    op.drop_index("ix_signup_requests_network_id", table_name="signup_requests")
    op.drop_table("signup_requests")
    op.drop_index("ix_invitations_person_id", table_name="invitations")
    op.drop_table("invitations")
