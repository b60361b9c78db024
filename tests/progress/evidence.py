"""Evidence rows for progress tests, inserted directly as model rows (flush, never commit)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from app.core.types import OSLO
from app.courses.models import Course, CourseCompletion, Offering
from app.extensions import db
from app.gatherings.models import Gathering, GatheringKind, GatheringStatus
from app.hospitation.models import Hospitation, HospitationStatus
from app.kpm.models import (
    ChecklistAttestation,
    DocumentKind,
    PersonDocument,
    ServicePeriod,
    SiteKind,
    SupervisionMeeting,
    TeachingHours,
)
from app.registrations.models import Registration, RegistrationStatus


def oslo(day: dt.date, hour: int = 9) -> dt.datetime:
    """An aware datetime at ``hour`` Oslo time on ``day``."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)


def course(key: str) -> Course:
    """A seeded course by key."""
    found = db.session.scalar(select(Course).where(Course.key == key))
    assert found is not None, key
    return found


def completed_course(person, key: str, first: dt.date, last: dt.date) -> Registration:
    """A completed registration on a new offering of the course from ``first`` to ``last``."""
    offering = Offering(course=course(key), start=oslo(first), end=oslo(last, 15))
    db.session.add(offering)
    db.session.flush()
    reg = Registration(
        offering_id=offering.id, person_id=person.id, status=RegistrationStatus.completed
    )
    db.session.add(reg)
    db.session.flush()
    return reg


def recorded_course(person, key: str, on: dt.date, *, verified=True, hours=None):
    """A course taken elsewhere, recorded (and verified unless told otherwise)."""
    row = CourseCompletion(
        person_id=person.id, course=course(key), completed_on=on, verified=verified, hours=hours
    )
    db.session.add(row)
    db.session.flush()
    return row


def gathering(network, kind: str, day: dt.date, *, cancelled=False) -> Gathering:
    """A gathering of the network on ``day``."""
    g = Gathering(
        network=network,
        kind=GatheringKind(kind),
        title=f"{kind} {day}",
        start=oslo(day),
        end=oslo(day, 16),
        status=GatheringStatus.cancelled if cancelled else GatheringStatus.planned,
    )
    db.session.add(g)
    db.session.flush()
    return g


def attended(person, network, kind: str, day: dt.date, *, cancelled=False, came=True):
    """The person registered for a new gathering and attendance recorded."""
    g = gathering(network, kind, day, cancelled=cancelled)
    reg = Registration(
        gathering_id=g.id,
        person_id=person.id,
        status=RegistrationStatus.registered,
        attended=came,
    )
    db.session.add(reg)
    db.session.flush()
    return g


def hospitation(person, days: float, start: dt.date, end=None, *, goals="Lære", status="completed"):
    """A hospitation of the person."""
    h = Hospitation(
        person_id=person.id,
        place="Palliativ enhet",
        start=start,
        end=end,
        days=days,
        goals=goals,
        status=HospitationStatus(status),
    )
    db.session.add(h)
    db.session.flush()
    return h


def service(person, kind: str, start, end, pct, *, approved=True) -> ServicePeriod:
    """A KPM service period."""
    p = ServicePeriod(
        person_id=person.id,
        site_kind=SiteKind(kind),
        approved=approved,
        start=start,
        end=end,
        position_pct=pct,
    )
    db.session.add(p)
    db.session.flush()
    return p


def meeting(person, day):
    """A supervision meeting."""
    db.session.add(SupervisionMeeting(person_id=person.id, date=day))
    db.session.flush()


def teaching(person, day, hours):
    """Teaching hours."""
    db.session.add(TeachingHours(person_id=person.id, date=day, hours=hours))
    db.session.flush()


def document(person, kind, day):
    """A dated document."""
    db.session.add(PersonDocument(person_id=person.id, kind=DocumentKind(kind), date=day))
    db.session.flush()


def attest(person, plan, requirement, item, day):
    """An attested checklist item."""
    db.session.add(
        ChecklistAttestation(
            person_id=person.id,
            plan_key=plan,
            requirement_key=requirement,
            item_key=item,
            attested_on=day,
        )
    )
    db.session.flush()


@contextmanager
def count_queries():
    """Count the SELECT statements run inside the block: ``with count_queries() as n: ...``."""
    seen: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", before)
