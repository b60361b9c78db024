"""progress read model: each person's stored result per plan and requirement

Revision ID: 0017
Revises: 0008
Create Date: 2026-12-02 20:10:00

"""

from alembic import op
import sqlalchemy as sa

revision = "0017"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "progress_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("plan_key", sa.String(length=80), nullable=False),
        sa.Column("membership_start", sa.Date(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("overdue", sa.Integer(), nullable=False),
        sa.Column("met", sa.Integer(), nullable=False),
        sa.Column("applicable", sa.Integer(), nullable=False),
        sa.Column("next_deadline", sa.Date(), nullable=True),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"],
            name=op.f("fk_progress_states_network_id_networks"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"],
            name=op.f("fk_progress_states_person_id_persons"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_states")),
        sa.UniqueConstraint(
            "person_id", "network_id", name=op.f("uq_progress_states_person_id_network_id")
        ),
    )
    op.create_index(
        "ix_progress_states_network_standing",
        "progress_states",
        ["network_id", "complete", "overdue"],
    )
    op.create_table(
        "progress_requirement_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("requirement_key", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("done", sa.Float(), nullable=False),
        sa.Column("needed", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("pending", sa.Float(), nullable=True),
        sa.Column("computed_on", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"],
            name=op.f("fk_progress_requirement_states_network_id_networks"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"],
            name=op.f("fk_progress_requirement_states_person_id_persons"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_progress_requirement_states")),
        sa.UniqueConstraint(
            "person_id", "network_id", "requirement_key",
            name="uq_progress_req_states_person_key",
        ),
    )
    op.create_index(
        "ix_progress_requirement_states_status",
        "progress_requirement_states",
        ["network_id", "requirement_key", "status"],
    )


def downgrade():
    op.drop_index(
        "ix_progress_requirement_states_status", table_name="progress_requirement_states"
    )
    op.drop_table("progress_requirement_states")
    op.drop_index("ix_progress_states_network_standing", table_name="progress_states")
    op.drop_table("progress_states")
