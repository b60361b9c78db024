"""Writes: notification preferences and the admin's resend. They flush and never commit."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select

from app.core import audit, mail
from app.core.errors import DomainError
from app.core.models import OutboxMessage
from app.extensions import db
from app.notifications import rules
from app.notifications.models import NotificationPreference
from app.privacy.operations import person_anonymised


def set_preference(email: str, kind: str, enabled: bool) -> NotificationPreference:
    """Turn one kind on or off for an address."""
    if kind not in rules.KINDS:
        raise DomainError("kind", _("Ukjent varseltype."))
    address = email.strip().lower()
    pref = db.session.scalar(
        select(NotificationPreference).where(
            NotificationPreference.email == address, NotificationPreference.kind == kind
        )
    )
    if pref is None:
        pref = NotificationPreference(email=address, kind=kind, enabled=enabled)
        db.session.add(pref)
    elif pref.enabled == enabled:
        return pref
    pref.enabled = enabled
    db.session.flush()
    audit.log("notification.preference", pref, kind=kind, enabled=enabled)
    return pref


def set_preferences(emails: list[str], state: dict[str, bool]) -> None:
    """Set every kind for each of the addresses (a user's own and her person's)."""
    for email in dict.fromkeys(e.lower() for e in emails if e):
        for kind in rules.KINDS:
            set_preference(email, kind, bool(state.get(kind)))


def resend(message: OutboxMessage) -> OutboxMessage:
    """Queue an outbox message again (the admin's resend): only a sent or failed one, so a
    message still queued or being sent is never doubled."""
    if message.status not in ("sent", "failed"):
        raise DomainError("status", _("Meldingen er ikke sendt ennå."))
    queued = mail.resend(message)
    db.session.flush()
    audit.log("outbox.resend", message, copy=queued.id)
    return queued


@person_anonymised.connect
def forget_preferences(sender, *, person_id: int, emails: list[str], **_extra) -> None:
    """An anonymised person's preferences go with her address."""
    addresses = [e.strip().lower() for e in emails if e]
    if addresses:
        db.session.execute(
            delete(NotificationPreference).where(NotificationPreference.email.in_(addresses))
        )
