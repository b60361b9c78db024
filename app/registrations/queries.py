"""Reads for registrations: a person's registration, the list with waiting positions, JSON.

A target is an offering or a gathering. Both sit above this package, so it knows them only by
the :class:`Target` protocol: ``registration_field`` names the registration column that points
at them, ``registration_title`` is what a person is told they registered for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar, Protocol

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.people.models import Person
from app.registrations import rules
from app.registrations.models import SEAT_HOLDING, Registration, RegistrationStatus


class Target(Protocol):
    """Something people register for: an offering or a gathering."""

    #: the Registration column that points at this kind of target
    registration_field: ClassVar[str]
    id: Any
    capacity: int | None
    seats_taken: int
    registration_deadline: dt.datetime | None
    start: dt.datetime
    end: dt.datetime
    status: Any

    @property
    def registration_title(self) -> str:
        """What a person is told they registered for."""


def target_field(target: Target) -> str:
    """The Registration column (``offering_id`` or ``gathering_id``) that points at the target."""
    return target.registration_field


def target_filter(target: Target):
    """A WHERE clause for the target's registrations."""
    return getattr(Registration, target.registration_field) == target.id


def target_of(registration: Registration) -> Target:
    """The offering or gathering a registration belongs to."""
    return registration.offering if registration.offering_id else registration.gathering


def is_cancelled(target: Target) -> bool:
    """Whether the offering or gathering is cancelled (both call that status ``cancelled``)."""
    return target.status.value == "cancelled"


def registration_of(
    target: Target, person: Person | int | None, *, active: bool = False
) -> Registration | None:
    """The person's registration for the target (with ``active``, only one not cancelled)."""
    if person is None:
        return None
    person_id = person if isinstance(person, int) else person.id
    statement = select(Registration).where(
        target_filter(target), Registration.person_id == person_id
    )
    if active:
        statement = statement.where(Registration.status != RegistrationStatus.cancelled)
    return db.session.scalar(statement)


def registrations_with_positions(target: Target) -> list[tuple[Registration, int | None]]:
    """All registrations of the target: seats first, then the waiting list in order (1, 2, …),
    then the cancelled."""
    rows = db.session.scalars(
        select(Registration)
        .where(target_filter(target))
        .options(selectinload(Registration.person))
        .order_by(Registration.id)
    ).all()
    seated = [r for r in rows if r.status in SEAT_HOLDING]
    waiting = rules.waitlist_order([r for r in rows if r.status is RegistrationStatus.waitlisted])
    cancelled = [r for r in rows if r.status is RegistrationStatus.cancelled]
    result: list[tuple[Registration, int | None]] = [(r, None) for r in seated]
    result += [(r, index) for index, r in enumerate(waiting, start=1)]
    result += [(r, None) for r in cancelled]
    return result


def waitlist_position(registration: Registration) -> int | None:
    """The registration's place on its waiting list (1 = next), or None when not waiting."""
    if registration.status is not RegistrationStatus.waitlisted:
        return None
    target = target_of(registration)
    waiting = db.session.scalars(
        select(Registration).where(
            target_filter(target), Registration.status == RegistrationStatus.waitlisted
        )
    ).all()
    for index, row in enumerate(rules.waitlist_order(waiting), start=1):
        if row.id == registration.id:
            return index
    return None


def registration_to_json(registration: Registration, position: int | None = None) -> dict:
    """``{id, person_id, status, position?}`` (position only on the waiting list)."""
    body: dict[str, Any] = {
        "id": registration.id,
        "person_id": registration.person_id,
        "status": registration.status.value,
    }
    if registration.offering_id is not None:
        body["offering_id"] = registration.offering_id
    if registration.gathering_id is not None:
        body["gathering_id"] = registration.gathering_id
    if registration.status is RegistrationStatus.waitlisted and position is not None:
        body["position"] = position
    if registration.attended is not None:
        body["attended"] = registration.attended
    if registration.companion_of_id is not None:
        body["companion_of"] = registration.companion_of_id
    return body
