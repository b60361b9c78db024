"""Notification preferences: per e-mail address and kind, on or off (on unless turned off)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.core.types import UTCDateTime, utcnow
from app.extensions import db


class NotificationPreference(db.Model):
    """Whether the owner of ``email`` wants notifications of ``kind``.

    Keyed by e-mail, not by account: notifications reach persons without an account too, and
    their unsubscribe link is their preference.
    """

    __tablename__ = "notification_preferences"
    __table_args__ = (UniqueConstraint("email", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: lower-cased
    email: Mapped[str] = mapped_column(String(254))
    kind: Mapped[str] = mapped_column(String(40))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
