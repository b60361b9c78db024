"""Demo data for courses: offerings (one with six modules), registrations with a waiting list,
a completed course and a course taken elsewhere awaiting verification. Idempotent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core.types import OSLO
from app.courses import completions, operations
from app.courses.models import Course, CourseCompletion, Offering
from app.extensions import db
from app.registrations import operations as registrations
from app.registrations.models import Registration, RegistrationStatus

#: the first intake of the national theory course in palliative medicine (35 doctors)
THEORY_MODULES = [
    ("Modul 1", dt.date(2026, 1, 12), "St. Olavs hospital, Trondheim"),
    ("Modul 2", dt.date(2026, 3, 9), "Oslo universitetssykehus"),
    ("Modul 3", dt.date(2026, 5, 4), "Haukeland universitetssjukehus, Bergen"),
    ("Modul 4", dt.date(2026, 9, 7), "Universitetssykehuset Nord-Norge, Tromsø"),
    ("Modul 5", dt.date(2026, 11, 2), "Stavanger universitetssjukehus"),
    ("Modul 6", dt.date(2027, 1, 11), "St. Olavs hospital, Trondheim"),
]


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=OSLO)


def _course(key: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.key == key))


def _offering(course: Course, start: dt.datetime, data: dict) -> Offering:
    found = db.session.scalar(
        select(Offering).where(Offering.course_id == course.id, Offering.start == start)
    )
    if found is not None:
        return found
    return operations.create_offering(course, {"start": start, **data})


def _register(offering: Offering, person, status: RegistrationStatus | None = None) -> None:
    exists = db.session.scalar(
        select(Registration.id).where(
            Registration.offering_id == offering.id, Registration.person_id == person.id
        )
    )
    if exists:
        return
    registration = registrations.register(offering, person, override_deadline=True)
    if status is not None and registration.status is RegistrationStatus.registered:
        registrations.set_status(registration, status)


def seed_demo(world) -> None:
    """Offerings around the demo's today, with registrations of the demo persons."""
    today = world.today
    persons = world.persons
    networks = world.networks

    theory = _course("palliativ-medisin-teorikurs")
    if theory is not None:
        modules = [
            {
                "title": title,
                "start": _at(day, 9),
                "end": _at(day + dt.timedelta(days=4), 15),
                "location": place,
            }
            for title, day, place in THEORY_MODULES
        ]
        offering = _offering(
            theory,
            modules[0]["start"],
            {
                "end": modules[-1]["end"],
                "location": "Trondheim (første modul)",
                "capacity": 35,
                "registration_deadline": _at(dt.date(2025, 11, 15), 23, 59),
                "modules": modules,
                "networks": [n for k, n in networks.items() if k == "kpm"],
            },
        )
        if "lege" in persons:
            _register(offering, persons["lege"])

    palliation = _course("nff-fysioterapi-i-palliasjon")
    if palliation is not None:
        start = _at(today + dt.timedelta(days=45), 9)
        offering = _offering(
            palliation,
            start,
            {
                "end": _at(today + dt.timedelta(days=47), 15),
                "location": "Bergen",
                "capacity": 1,
                "registration_deadline": _at(today + dt.timedelta(days=30), 23, 59),
                "networks": [n for k, n in networks.items() if k == "vest-fysio-ergo"],
            },
        )
        for key in ("erik", "siri"):
            if key in persons:
                _register(offering, persons[key])

    basic = _course("grunnkurs-palliasjon-haukeland")
    if basic is not None:
        start = _at(today + dt.timedelta(days=20), 9)
        offering = _offering(
            basic,
            start,
            {
                "end": _at(today + dt.timedelta(days=21), 15, 30),
                "location": "Palliativt senter, Haukeland universitetssjukehus",
                "capacity": 40,
            },
        )
        if "kari" in persons:
            _register(offering, persons["kari"])

    level_b = _course("niva-b-palliasjon-sykepleie")
    if level_b is not None:
        start = _at(today - dt.timedelta(days=120), 9)
        offering = _offering(
            level_b,
            start,
            {
                "end": _at(today - dt.timedelta(days=118), 15),
                "location": "Hamar",
                "capacity": 25,
                "networks": [n for k, n in networks.items() if k == "innlandet-ressurssykepleiere"],
            },
        )
        for key in ("ingrid", "kari"):
            if key in persons:
                _register(offering, persons[key], RegistrationStatus.completed)

    lymph = _course("nff-lymfodem-grunnkurs")
    if lymph is not None and "siri" in persons:
        exists = db.session.scalar(
            select(CourseCompletion.id).where(
                CourseCompletion.person_id == persons["siri"].id,
                CourseCompletion.course_id == lymph.id,
            )
        )
        if not exists:
            completions.record_completion(
                persons["siri"],
                {
                    "course": lymph,
                    "completed_on": today - dt.timedelta(days=200),
                    "note": "Tatt i Oslo",
                },
            )
    if "kari" in persons:
        exists = db.session.scalar(
            select(CourseCompletion.id).where(
                CourseCompletion.person_id == persons["kari"].id,
                CourseCompletion.course_id.is_(None),
            )
        )
        if not exists:
            # A course outside the catalogue, waiting for the coordinator to set its level.
            completions.record_completion(
                persons["kari"],
                {
                    "title": "Lindrende behandling i sykehjem",
                    "provider": "Utviklingssenter for sykehjem og hjemmetjenester",
                    "level": "B",
                    "hours": 14,
                    "completed_on": today - dt.timedelta(days=90),
                },
            )
    db.session.flush()
