"""Shared models: the audit log and timestamp mix-in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.types import UTCDateTime, utcnow
from app.extensions import db


class TimestampMixin:
    """created_at / updated_at in UTC."""

    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AuditEntry(db.Model):
    """Who changed what, when: one row per write operation worth remembering."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(80))
    object_type: Mapped[str] = mapped_column(String(60))
    object_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class OutboxMessage(db.Model):
    """One e-mail in the outbox: written in the transaction that caused it, delivered after.

    ``status`` runs queued → sending (claimed by one deliverer) → sent, or back to queued after
    a failed try; a message that has kept failing for 24 hours becomes failed.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (
        CheckConstraint(
            "status IN ('queued', 'sending', 'sent', 'failed')", name="outbox_status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: idempotency key of a notification (NULL for mail a request sends): never sent twice
    key: Mapped[str | None] = mapped_column(String(200), unique=True)
    #: what the message is (a notification kind, or "mail")
    kind: Mapped[str] = mapped_column(String(40), default="mail")
    recipients: Mapped[str] = mapped_column(Text)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict[str, str] | None] = mapped_column(JSON)
    #: [[filename, mimetype, base64 data], ...]
    attachments: Mapped[list[list[str]] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    #: the first failed try: 24 hours of failing from here marks the message failed
    failing_since: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: who claimed it for delivery, and when (a stale claim is released)
    claim: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class Revision(db.Model):
    """A stamp renewed in the same transaction as any change to the rows it watches (see
    core/revisions.py): what a public page's validator reads instead of aggregates."""

    __tablename__ = "revisions"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
