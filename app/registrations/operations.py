"""Writes for registrations and waiting lists, shared by course offerings and gatherings.

A target is any seat-holding object (:class:`~app.registrations.queries.Target`): an offering
or a gathering, both of which sit above this package and pass themselves in.

Capacity is held by the database, not by a read-then-write in Python: a seat is taken with the
conditional ``UPDATE … SET seats_taken = seats_taken + 1 WHERE id = :id AND (capacity IS NULL OR
seats_taken < capacity)`` and its row count says whether it was given. On PostgreSQL the UPDATE
locks the row and re-checks the condition after a concurrent writer commits; on SQLite every
write transaction starts with ``BEGIN IMMEDIATE`` (app/core/database.py), so writers queue.

Like every operation these functions flush and never commit. The e-mail to a person promoted
from the waiting list goes through the outbox (app.core.mail.queue), sent only after the commit,
so a rolled-back request never tells anyone they got a seat.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from app.core import audit, mail
from app.core.errors import ConflictError, DomainError
from app.core.types import to_oslo, utcnow
from app.extensions import db
from app.people.models import Person
from app.registrations import rules
from app.registrations.models import SEAT_HOLDING, Registration, RegistrationStatus
from app.registrations.queries import (
    Target,
    is_cancelled,
    registration_of,
    target_field,
    target_filter,
    target_of,
)

# --------------------------------------------------------------------------- helpers


def _take_seat(target: Target) -> bool:
    """Take one seat with a conditional UPDATE; True if there was room."""
    model = type(target)
    statement = (
        update(model)
        .where(
            model.id == target.id,
            or_(model.capacity.is_(None), model.seats_taken < model.capacity),
        )
        # updated_at kept as is: a seat changes no calendar event.
        .values(seats_taken=model.seats_taken + 1, updated_at=model.updated_at)
        .execution_options(synchronize_session=False)
    )
    taken = db.session.execute(statement).rowcount == 1
    db.session.expire(target, ["seats_taken"])
    return taken


def _lock_target(target: Target) -> None:
    """Lock the target's row (PostgreSQL; SQLite already holds the write lock)."""
    model = type(target)
    db.session.execute(select(model.id).where(model.id == target.id).with_for_update()).scalar_one()


def _free_seat(target: Target) -> None:
    """Give one seat back (never below zero)."""
    model = type(target)
    db.session.execute(
        update(model)
        .where(model.id == target.id, model.seats_taken > 0)
        .values(seats_taken=model.seats_taken - 1, updated_at=model.updated_at)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(target, ["seats_taken"])


def _seat_or_wait(target: Target) -> bool:
    """A seat if there is room; the re-check under the row lock closes the gap where a seat
    freed by a concurrent cancellation would otherwise leave a newcomer on the waiting list."""
    if _take_seat(target):
        return True
    _lock_target(target)
    return _take_seat(target)


def _set_status(registration: Registration, status: RegistrationStatus) -> None:
    registration.status = status
    registration.status_changed_at = utcnow()


# --------------------------------------------------------------------------- mail


def _notify_promoted(registration: Registration) -> None:
    target = target_of(registration)
    person = registration.person
    if not person or not person.email:
        return
    title = target.registration_title
    start = to_oslo(target.start)
    when = start.strftime("%d.%m.%Y %H:%M") if start else ""
    subject = _("Du har fått plass: %(title)s", title=title)
    body = _(
        "Hei %(name)s,\n\nEn plass ble ledig, og du er flyttet fra ventelisten til påmeldt på "
        "«%(title)s» (%(when)s).\n\nKan du likevel ikke delta, ber vi deg melde deg av så "
        "plassen kan gå videre til neste på ventelisten.\n\nHilsen Kompetansenett",
        name=person.name,
        title=title,
        when=when,
    )
    mail.queue(person.email, subject, body)


# --------------------------------------------------------------------------- operations


def register(
    target: Target,
    person: Person,
    *,
    by: Any = None,
    companion_of: Registration | None = None,
    override_deadline: bool = False,
) -> Registration:
    """Register a person: a seat while there is room, else the waiting list (in order).

    One registration per person and target (409); a cancelled registration is reactivated.
    A cancelled target or a passed deadline (unless ``override_deadline``) is refused (422).
    """
    if is_cancelled(target):
        raise DomainError("status", _("Arrangementet er avlyst."), code="cancelled")
    now = utcnow()
    if not rules.registration_open(
        target.registration_deadline, target.start, now, override_deadline=override_deadline
    ):
        raise DomainError(
            "registration_deadline",
            _("Påmeldingsfristen er ute."),
            code="registration_closed",
        )
    existing = registration_of(target, person)
    if existing is not None and existing.status is not RegistrationStatus.cancelled:
        raise ConflictError("person_id", _("Personen er allerede påmeldt."), code="duplicate")

    try:
        with db.session.begin_nested():
            seated = _seat_or_wait(target)
            status = RegistrationStatus.registered if seated else RegistrationStatus.waitlisted
            registration = existing or Registration(
                person=person, **{target_field(target): target.id}
            )
            registration.status = status
            registration.status_changed_at = now
            registration.waitlisted_at = None if seated else now
            registration.attended = None
            registration.registered_by_id = getattr(by, "id", None)
            registration.companion_of = companion_of
            db.session.add(registration)
            db.session.flush()
    except IntegrityError as error:
        # Two requests for the same person raced past the check above.
        raise ConflictError(
            "person_id", _("Personen er allerede påmeldt."), code="duplicate"
        ) from error
    audit.log(
        "registration.reactivate" if existing else "registration.create",
        registration,
        status=registration.status,
        target=f"{target_field(target)}={target.id}",
    )
    return registration


def promote_waiting(target: Target) -> list[Registration]:
    """Move people from the waiting list into free seats, first come first served."""
    promoted: list[Registration] = []
    while True:
        waiting = db.session.scalars(
            select(Registration).where(
                target_filter(target), Registration.status == RegistrationStatus.waitlisted
            )
        ).all()
        first = rules.next_to_promote(waiting)
        if first is None or not _take_seat(target):
            return promoted
        _set_status(first, RegistrationStatus.registered)
        first.waitlisted_at = None
        db.session.flush()
        audit.log("registration.promote", first)
        _notify_promoted(first)
        promoted.append(first)


def cancel(registration: Registration, *, by: Any = None) -> Registration | None:
    """Cancel; a freed seat goes at once to the first on the waiting list (returned, e-mailed).

    A leader who came along as this registration's companion is cancelled with it. All are
    cancelled before any seat is given away, so none of them is promoted on the way out.
    """
    if registration.status is RegistrationStatus.cancelled:
        return None
    companions = db.session.scalars(
        select(Registration).where(
            Registration.companion_of_id == registration.id,
            Registration.status != RegistrationStatus.cancelled,
        )
    ).all()
    freed = 0
    for row in [registration, *companions]:
        freed += row.status in SEAT_HOLDING
        _set_status(row, RegistrationStatus.cancelled)
        row.waitlisted_at = None
        db.session.flush()
        audit.log("registration.cancel", row, by=getattr(by, "id", None))
    if not freed:
        return None
    target = target_of(registration)
    for _i in range(freed):
        _free_seat(target)
    if is_cancelled(target) or (target.end is not None and target.end < utcnow()):
        return None  # nobody gets a seat at something cancelled or over
    promoted = promote_waiting(target)
    return promoted[0] if promoted else None


_STATUS_MESSAGES = {
    "unknown": _l("Ugyldig status."),
    "cancelled": _l("Påmeldingen er avmeldt."),
    "waitlisted": _l("Personen står på venteliste og har ingen plass."),
}


def set_status(
    registration: Registration, status: RegistrationStatus | str, *, by: Any = None
) -> Registration:
    """Set cancelled, registered, attended, completed or no_show (attended/completed → attended)."""
    try:
        status = RegistrationStatus(status)
    except ValueError as error:
        raise DomainError("status", _("Ugyldig status.")) from error
    if status is registration.status:
        return registration
    reason = rules.check_status_change(registration.status.value, status.value)
    if reason is not None:
        raise DomainError("status", str(_STATUS_MESSAGES.get(reason, _STATUS_MESSAGES["unknown"])))
    if status is RegistrationStatus.cancelled:
        cancel(registration, by=by)
        return registration
    _set_status(registration, status)
    if status in (RegistrationStatus.attended, RegistrationStatus.completed):
        registration.attended = True
    elif status is RegistrationStatus.no_show:
        registration.attended = False
    db.session.flush()
    audit.log("registration.status", registration, status=status, by=getattr(by, "id", None))
    return registration


def set_attendance(registration: Registration, attended: bool) -> Registration:
    """Record whether a registered person came (the waiting list and the cancelled cannot)."""
    if registration.status not in SEAT_HOLDING:
        raise DomainError("person_id", _("Personen er ikke påmeldt."), code="not_registered")
    registration.attended = bool(attended)
    if attended and registration.status in (
        RegistrationStatus.registered,
        RegistrationStatus.no_show,
    ):
        _set_status(registration, RegistrationStatus.attended)
    elif not attended and registration.status is not RegistrationStatus.no_show:
        _set_status(registration, RegistrationStatus.no_show)
    db.session.flush()
    audit.log("registration.attendance", registration, attended=bool(attended))
    return registration
