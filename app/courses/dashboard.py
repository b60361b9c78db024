"""The dashboard's course section: the person's coming courses (with her place on a waiting
list) as row tuples worded in Python, and for a coordinator how many recorded courses wait
for verification (one count)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from flask_login import current_user
from sqlalchemy import bindparam, func, select

from app.core import access
from app.core.batch import plain_rows
from app.core.seed_texts import seeded
from app.core.templating import format_date, status_label
from app.core.types import utcnow
from app.courses.models import Course, CourseCompletion, Offering
from app.courses.views import bp
from app.extensions import db
from app.people.models import Person
from app.registrations import rules as registration_rules
from app.registrations.models import Registration, RegistrationStatus


@dataclass(frozen=True, slots=True)
class CourseLine:
    """One coming course of the person, in words."""

    offering_id: int
    title: str
    start: str
    status: str
    position: int | None


@cache
def _coming_statement():
    # Built once per process (with bound parameters): building it cost more than running it.
    return (
        select(
            Registration.id,
            Registration.status,
            Offering.id,
            Offering.start,
            Course.title,
        )
        .join(Offering, Offering.id == Registration.offering_id)
        .join(Course, Course.id == Offering.course_id)
        .where(
            Registration.person_id == bindparam("person_id"),
            Registration.status != RegistrationStatus.cancelled,
            Offering.end >= bindparam("now"),
        )
        .order_by(Offering.start, Registration.id)
    )


def coming_courses(person_id: int, now: dt.datetime) -> list[CourseLine]:
    """The person's course registrations (not cancelled) for offerings not yet over, soonest
    first, with her place on each waiting list: one query, and one more when she waits."""
    rows = plain_rows(_coming_statement(), {"person_id": person_id, "now": now}).all()
    waiting = [
        offering_id
        for _, status, offering_id, _, _ in rows
        if status is RegistrationStatus.waitlisted
    ]
    positions = _waiting_positions(waiting) if waiting else {}
    return [
        CourseLine(
            offering_id, seeded(title), format_date(start), status_label(status), positions.get(rid)
        )
        for rid, status, offering_id, start, title in rows
    ]


def _waiting_positions(offering_ids: list[int]) -> dict[int, int]:
    """Registration id → place on its offering's waiting list."""
    waiting = db.session.execute(
        select(Registration.id, Registration.offering_id, Registration.waitlisted_at).where(
            Registration.offering_id.in_(offering_ids),
            Registration.status == RegistrationStatus.waitlisted,
        )
    ).all()
    by_offering: dict[int, list] = {}
    for row in waiting:
        by_offering.setdefault(row.offering_id, []).append(row)
    positions: dict[int, int] = {}
    for rows in by_offering.values():
        for index, row in enumerate(registration_rules.waitlist_order(rows), start=1):
            positions[row.id] = index
    return positions


def pending_completion_count(user) -> int:
    """How many recorded courses of the persons the user manages wait for verification."""
    shape, values = access.person_scope(user)
    return db.session.scalar(_pending_statement(shape), values) or 0


@cache
def _pending_statement(shape: tuple):
    """The count for one shape of the user's scope (built once; its values bound at each
    run: building the scope's clause cost more than the count)."""
    return (
        select(func.count(CourseCompletion.id))
        .join(Person, Person.id == CourseCompletion.person_id)
        .where(CourseCompletion.verified.is_(False), access.scoped_visible_clause(shape))
    )


@bp.app_template_global()
def courses_dashboard(person) -> dict:
    """Data for courses/_dashboard.html: the person's coming courses and waiting places, and
    how many courses wait for a coordinator's verification."""
    rows = coming_courses(person.id, utcnow()) if person is not None else []
    pending = 0
    if access.is_coordinator(current_user):
        pending = pending_completion_count(current_user)
    return {"rows": rows, "pending": pending}
