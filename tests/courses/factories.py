"""Course factories: they flush, never commit."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy import select

from app.core.types import utcnow
from app.courses.models import Course, Offering, OfferingModule
from app.extensions import db

_counter = itertools.count(1)


def course(key: str) -> Course:
    """A seeded course by key."""
    return db.session.scalar(select(Course).where(Course.key == key))


def make_course(**overrides: Any) -> Course:
    """A new catalogue entry."""
    n = next(_counter)
    values = {"key": f"testkurs-{n}", "title": f"Testkurs {n}", "provider": "Testarrangør"}
    values.update(overrides)
    entry = Course(**values)
    db.session.add(entry)
    db.session.flush()
    return entry


def make_offering(
    crs: Course | None = None,
    *,
    capacity: int | None = 10,
    days_ahead: int = 30,
    modules: list[tuple[str, int, int]] | None = None,
    **overrides: Any,
) -> Offering:
    """An offering starting `days_ahead` days from now (modules: (title, day offset, days))."""
    crs = crs or make_course()
    start = utcnow().replace(microsecond=0) + dt.timedelta(days=days_ahead)
    values = {
        "course": crs,
        "start": start,
        "end": start + dt.timedelta(days=2, hours=7),
        "capacity": capacity,
        "location": "Hamar",
        "seats_taken": 0,
        "revision": 0,
    }
    values.update(overrides)
    offering = Offering(**values)
    db.session.add(offering)
    for title, offset, length in modules or []:
        offering.modules.append(
            OfferingModule(
                title=title,
                start=start + dt.timedelta(days=offset),
                end=start + dt.timedelta(days=offset + length - 1, hours=7),
                location="Trondheim",
            )
        )
    db.session.flush()
    return offering
