"""Course offerings as calendar events (serialised by app.core.ical, never a template).

An offering is one event, or one event per module when it has modules. UIDs come from the ids
and never change; SEQUENCE is the offering's ``revision`` (raised by every change to the offering
or its modules); DTSTAMP is its ``updated_at``; a cancelled offering keeps its events with
STATUS:CANCELLED so subscribers' calendars remove them.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.ical import CalendarEvent
from app.courses.models import Offering, OfferingStatus
from app.extensions import db
from app.registrations.models import Registration, RegistrationStatus

UID_DOMAIN = "kompetansenett"

#: registrations that put an offering in the person's own calendar
PERSONAL_STATUSES = (
    RegistrationStatus.registered,
    RegistrationStatus.waitlisted,
    RegistrationStatus.attended,
    RegistrationStatus.completed,
)


def offering_uid(offering_id: int, module_id: int | None = None) -> str:
    """The stable UID of an offering's event, or of one of its modules."""
    if module_id is None:
        return f"offering-{offering_id}@{UID_DOMAIN}"
    return f"offering-{offering_id}-module-{module_id}@{UID_DOMAIN}"


def _offering_url(offering: Offering) -> str | None:
    if not has_app_context():
        return None
    base = current_app.config.get("BASE_URL", "").rstrip("/")
    return f"{base}/courses/offerings/{offering.id}" if base else None


def offering_events(offerings: Iterable[Offering]) -> list[CalendarEvent]:
    """Events for the offerings (modules loaded; call with course and modules eager-loaded)."""
    events: list[CalendarEvent] = []
    for offering in offerings:
        course = offering.course
        cancelled = offering.status is OfferingStatus.cancelled
        common = {
            "sequence": offering.revision or 0,
            "stamp": offering.updated_at,
            "last_modified": offering.updated_at,
            "url": _offering_url(offering),
            "cancelled": cancelled,
            "categories": ("Kurs",),
        }
        description = "\n".join(
            part
            for part in (course.provider and f"Arrangør: {course.provider}", offering.note)
            if part
        )
        if offering.modules:
            for module in offering.modules:
                events.append(
                    CalendarEvent(
                        uid=offering_uid(offering.id, module.id),
                        summary=f"{course.title}: {module.title}",
                        start=module.start,
                        end=module.end,
                        location=module.location or offering.location,
                        description=description or None,
                        **common,
                    )
                )
        else:
            events.append(
                CalendarEvent(
                    uid=offering_uid(offering.id),
                    summary=course.title,
                    start=offering.start,
                    end=offering.end,
                    location=offering.location,
                    description=description or None,
                    **common,
                )
            )
    return events


def _with_details():
    return (selectinload(Offering.course), selectinload(Offering.modules))


def feed_offerings() -> list[Offering]:
    """Every offering for the public feed: published and cancelled (kept as cancelled)."""
    return list(
        db.session.scalars(
            select(Offering).options(*_with_details()).order_by(Offering.start, Offering.id)
        )
    )


def network_offerings(network_id: int) -> list[Offering]:
    """Offerings linked to a network (for the network's feed)."""
    return list(
        db.session.scalars(
            select(Offering)
            .where(Offering.networks.any(id=network_id))
            .options(*_with_details())
            .order_by(Offering.start, Offering.id)
        )
    )


def person_offering_events(person_id: int) -> list[CalendarEvent]:
    """Events of the offerings a person is registered, waitlisted, attended or completed for."""
    offerings = db.session.scalars(
        select(Offering)
        .join(Registration, Registration.offering_id == Offering.id)
        .where(Registration.person_id == person_id, Registration.status.in_(PERSONAL_STATUSES))
        .options(*_with_details())
        .order_by(Offering.start, Offering.id)
    ).all()
    # The same events as the public feed: a registration's status is not part of the event,
    # so a promotion needs no SEQUENCE change.
    return offering_events(offerings)
