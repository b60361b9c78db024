"""notifications: the mail outbox table and notification preferences

Revision ID: 0014
Revises: 0009
Create Date: 2026-12-02 20:00:00

"""

from alembic import op
import sqlalchemy as sa

import app.core.types

# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("recipients", sa.Text(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failing_since", app.core.types.UTCDateTime(), nullable=True),
        sa.Column("claim", sa.String(length=40), nullable=True),
        sa.Column("claimed_at", app.core.types.UTCDateTime(), nullable=True),
        sa.Column("created_at", app.core.types.UTCDateTime(), nullable=False),
        sa.Column("sent_at", app.core.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'failed')",
            name=op.f("ck_mail_outbox_outbox_status"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_mail_outbox_key")),
    )
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mail_outbox_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_mail_outbox_created_at"), ["created_at"], unique=False)

    op.create_table(
        "notification_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("updated_at", app.core.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_preferences")),
        sa.UniqueConstraint("email", "kind", name=op.f("uq_notification_preferences_email_kind")),
    )


def downgrade():
    op.drop_table("notification_preferences")
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mail_outbox_created_at"))
        batch_op.drop_index(batch_op.f("ix_mail_outbox_status"))
    op.drop_table("mail_outbox")
