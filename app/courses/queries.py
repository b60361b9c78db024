"""Reads for courses: catalogue with filters, offering pages, participant lists, "my courses",
completions awaiting verification, and the JSON shapes of the API. Batched: a list costs a
fixed number of queries whatever its length."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.core import access
from app.core.types import to_oslo, utcnow
from app.courses.models import (
    Course,
    CourseCompletion,
    ModuleAttendance,
    Offering,
    OfferingStatus,
    course_professions,
)
from app.extensions import db
from app.people.models import Person, Profession, Workplace
from app.registrations import rules as registration_rules
from app.registrations.models import SEAT_HOLDING, Registration, RegistrationStatus


def _iso(value: dt.datetime | None) -> str | None:
    return to_oslo(value).isoformat() if value is not None else None


# --------------------------------------------------------------------------- JSON


def course_to_json(course: Course) -> dict[str, Any]:
    """A catalogue entry as JSON."""
    return {
        "id": course.id,
        "key": course.key,
        "title": course.title,
        "provider": course.provider,
        "level": course.level,
        "hours": course.hours,
        "days": course.days,
        "description": course.description,
        "url": course.url,
        "active": course.active,
        "professions": [p.key for p in course.professions],
    }


def offering_to_json(offering: Offering) -> dict[str, Any]:
    """An offering as JSON (Oslo times with offset)."""
    return {
        "id": offering.id,
        "course_key": offering.course.key,
        "title": offering.course.title,
        "start": _iso(offering.start),
        "end": _iso(offering.end),
        "location": offering.location,
        "online_url": offering.online_url,
        "capacity": offering.capacity,
        "seats_taken": offering.seats_taken,
        "seats_left": registration_rules.seats_left(offering.capacity, offering.seats_taken),
        "registration_deadline": _iso(offering.registration_deadline),
        "status": offering.status.value,
        "revision": offering.revision,
        "networks": [n.slug for n in offering.networks],
        "modules": [
            {
                "id": m.id,
                "title": m.title,
                "start": _iso(m.start),
                "end": _iso(m.end),
                "location": m.location,
            }
            for m in offering.modules
        ],
    }


def completion_to_json(completion: CourseCompletion) -> dict[str, Any]:
    """A recorded course as JSON."""
    return {
        "id": completion.id,
        "person_id": completion.person_id,
        "course_key": completion.course.key if completion.course else None,
        "title": completion.display_title,
        "provider": completion.course.provider if completion.course else completion.provider,
        "level": completion.display_level,
        "completed_on": completion.completed_on.isoformat(),
        "hours": completion.hours,
        "note": completion.note,
        "verified": completion.verified,
        "certificate": completion.certificate_type is not None,
    }


def get_completion(completion_id: int) -> CourseCompletion | None:
    """A recorded course by id."""
    return db.session.get(CourseCompletion, completion_id)


def person_completions(person_id: int) -> list[CourseCompletion]:
    """A person's recorded courses, newest first."""
    return list(
        db.session.scalars(
            select(CourseCompletion)
            .where(CourseCompletion.person_id == person_id)
            .options(selectinload(CourseCompletion.course))
            .order_by(CourseCompletion.completed_on.desc(), CourseCompletion.id.desc())
        )
    )


# --------------------------------------------------------------------------- catalogue


@dataclass
class CatalogueFilters:
    """The catalogue's filters (all optional)."""

    profession: str | None = None
    level: str | None = None
    provider: str | None = None
    upcoming: bool = False
    q: str | None = None


@dataclass
class CatalogueEntry:
    """A course with its next offerings (upcoming, published)."""

    course: Course
    #: published offerings not yet over, by start (an ongoing one first)
    upcoming: list[Offering] = field(default_factory=list)
    #: the first offering that starts later than now ("Neste kurs")
    next: Offering | None = None
    #: an offering that has started and is not over yet
    ongoing: Offering | None = None


def providers() -> list[str]:
    """Distinct providers for the filter."""
    return [
        p
        for p in db.session.scalars(
            select(Course.provider).where(Course.provider.is_not(None)).distinct()
        )
        if p
    ]


def levels() -> list[str]:
    """Distinct levels for the filter."""
    return sorted(
        lv for lv in db.session.scalars(select(Course.level).distinct()) if lv is not None
    )


def catalogue(filters: CatalogueFilters, *, include_inactive: bool = False) -> list[CatalogueEntry]:
    """The catalogue filtered by profession, level, provider, text and 'has upcoming offerings'."""
    now = utcnow()
    query = select(Course).options(selectinload(Course.professions)).order_by(Course.title)
    if not include_inactive:
        query = query.where(Course.active.is_(True))
    if filters.profession:
        # Courses for no particular profession are for everyone.
        for_profession = (
            select(course_professions.c.course_id)
            .join(Profession, Profession.id == course_professions.c.profession_id)
            .where(Profession.key == filters.profession)
        )
        any_profession = select(course_professions.c.course_id)
        query = query.where(or_(Course.id.in_(for_profession), Course.id.not_in(any_profession)))
    if filters.level:
        query = query.where(Course.level == filters.level)
    if filters.provider:
        query = query.where(Course.provider == filters.provider)
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        query = query.where(
            or_(func.lower(Course.title).like(like), func.lower(Course.key).like(like))
        )
    upcoming_q = select(Offering.course_id).where(
        Offering.end >= now, Offering.status == OfferingStatus.published
    )
    if filters.upcoming:
        query = query.where(Course.id.in_(upcoming_q))
    courses = list(db.session.scalars(query))
    offerings = db.session.scalars(
        select(Offering)
        .where(
            Offering.course_id.in_([c.id for c in courses]),
            Offering.end >= now,
            Offering.status == OfferingStatus.published,
        )
        .order_by(Offering.start)
    ).all()
    by_course: dict[int, list[Offering]] = {}
    for offering in offerings:
        by_course.setdefault(offering.course_id, []).append(offering)
    entries = []
    for course in courses:
        found = by_course.get(course.id, [])
        entries.append(
            CatalogueEntry(
                course,
                found,
                next=next((o for o in found if o.start > now), None),
                ongoing=next((o for o in found if o.start <= now), None),
            )
        )
    return entries


# --------------------------------------------------------------------------- offering page


def offering_with_details(offering_id: int) -> Offering | None:
    """An offering with course, modules and networks loaded."""
    return db.session.scalar(
        select(Offering)
        .where(Offering.id == offering_id)
        .options(
            selectinload(Offering.course),
            selectinload(Offering.modules),
            selectinload(Offering.networks),
        )
    )


@dataclass
class ParticipantRow:
    """One line of the participant list."""

    registration: Registration
    position: int | None
    modules: dict[int, bool | None]


def participants(offering: Offering) -> list[ParticipantRow]:
    """Registrations with persons (profession, workplace, municipality) and module attendance."""
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.offering_id == offering.id)
        .options(
            selectinload(Registration.person).selectinload(Person.profession),
            selectinload(Registration.person)
            .selectinload(Person.workplace)
            .selectinload(Workplace.municipality),
            selectinload(Registration.person).selectinload(Person.own_municipality),
        )
        .order_by(Registration.id)
    ).all()
    attendance: dict[tuple[int, int], bool] = {
        (a.registration_id, a.module_id): a.attended
        for a in db.session.scalars(
            select(ModuleAttendance).where(
                ModuleAttendance.registration_id.in_([r.id for r in rows])
            )
        )
    }
    seated = [r for r in rows if r.status in SEAT_HOLDING]
    waiting = registration_rules.waitlist_order(
        [r for r in rows if r.status is RegistrationStatus.waitlisted]
    )
    cancelled = [r for r in rows if r.status is RegistrationStatus.cancelled]
    ordered = [(r, None) for r in seated]
    ordered += [(r, i) for i, r in enumerate(waiting, start=1)]
    ordered += [(r, None) for r in cancelled]
    return [
        ParticipantRow(
            registration=r,
            position=pos,
            modules={m.id: attendance.get((r.id, m.id)) for m in offering.modules},
        )
        for r, pos in ordered
    ]


def participant_sheet_rows(offering: Offering) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of participants.xlsx."""
    headers = [
        "Navn",
        "Yrke",
        "Arbeidssted",
        "Kommune",
        "Status",
        "Plass på venteliste",
        "E-post",
    ]
    headers += [m.title for m in offering.modules]
    rows = []
    for row in participants(offering):
        person = row.registration.person
        municipality = person.municipality
        line: list[Any] = [
            person.name,
            person.profession.name_nb if person.profession else "",
            person.workplace.name if person.workplace else "",
            municipality.name if municipality else "",
            _export_status(row.registration.status),
            row.position,
            person.email,
        ]
        for module in offering.modules:
            value = row.modules.get(module.id)
            line.append("" if value is None else ("Til stede" if value else "Fraværende"))
        rows.append(line)
    return headers, rows


# --------------------------------------------------------------------------- my courses


def _export_status(status: RegistrationStatus) -> str:
    """The status word in the participant workbook (which has always said "Avmeldt")."""
    if status is RegistrationStatus.cancelled:
        return str(_l("Avmeldt"))
    return status.label


@dataclass
class MyCourseRow:
    """One of the person's course registrations with its waiting-list position."""

    registration: Registration
    offering: Offering
    position: int | None


def my_registrations(person_id: int) -> list[MyCourseRow]:
    """The person's course registrations (newest offering first) with waiting positions."""
    regs = db.session.scalars(
        select(Registration)
        .where(Registration.person_id == person_id, Registration.offering_id.is_not(None))
        .options(
            selectinload(Registration.offering).selectinload(Offering.course),
            selectinload(Registration.offering).selectinload(Offering.modules),
        )
    ).all()
    offering_ids = [r.offering_id for r in regs if r.status is RegistrationStatus.waitlisted]
    waiting = db.session.execute(
        select(Registration.id, Registration.offering_id, Registration.waitlisted_at).where(
            Registration.offering_id.in_(offering_ids),
            Registration.status == RegistrationStatus.waitlisted,
        )
    ).all()
    positions: dict[int, int] = {}
    by_offering: dict[int, list] = {}
    for row in waiting:
        by_offering.setdefault(row.offering_id, []).append(row)
    for rows in by_offering.values():
        for index, row in enumerate(registration_rules.waitlist_order(rows), start=1):
            positions[row.id] = index
    result = [MyCourseRow(r, r.offering, positions.get(r.id)) for r in regs]
    result.sort(key=lambda row: row.offering.start, reverse=True)
    return result


def pending_completions(user: Any) -> list[CourseCompletion]:
    """Unverified recorded courses of the persons the user manages."""
    query = (
        select(CourseCompletion)
        .join(Person, Person.id == CourseCompletion.person_id)
        .where(CourseCompletion.verified.is_(False), access.visible_persons_clause(user))
        .options(selectinload(CourseCompletion.course), selectinload(CourseCompletion.person))
        .order_by(CourseCompletion.created_at)
    )
    return list(db.session.scalars(query))
