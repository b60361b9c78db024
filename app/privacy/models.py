"""The consent log, retention holds and the record of anonymisations."""

from __future__ import annotations

import datetime as dt

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import Boolean, Date, ForeignKey, String, Text, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from app.core.types import UTCDateTime, today_oslo, utcnow
from app.extensions import db
from app.people.models import Person


class ConsentEvent(db.Model):
    """Consent to the public register given or withdrawn: when and by whom."""

    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    #: which consent: only the public register for now
    kind: Mapped[str] = mapped_column(String(40), default="public_register")
    given: Mapped[bool] = mapped_column(Boolean)
    on: Mapped[dt.date] = mapped_column(Date, default=today_oslo)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship()


class RetentionHold(db.Model):
    """A coordinator keeps a person past the retention period, with a reason, until a day."""

    __tablename__ = "retention_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    until: Mapped[dt.date] = mapped_column(Date)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship()


class Anonymisation(db.Model):
    """That a person was anonymised, when and why (the act, never the identity)."""

    __tablename__ = "anonymisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), unique=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: "admin" (by hand) or "retention" (the retention run)
    reason: Mapped[str] = mapped_column(String(20))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


def _acting_user_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


@event.listens_for(Session, "before_flush")
def _log_consent_changes(session: Session, flush_context, instances) -> None:
    """Every change of `Person.public_consent`, by whatever write, lands in the consent log."""
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, Person):
            continue
        history = inspect(obj).attrs.public_consent.history
        if not history.added:
            continue
        new = bool(history.added[0])
        old = bool(history.deleted[0]) if history.deleted else False
        if new == old:
            continue
        session.add(ConsentEvent(person=obj, given=new, by_user_id=_acting_user_id()))
