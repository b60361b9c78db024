"""The course requirement: listed courses (all or any), any course of a level, or hours.

Evaluation and evidence share :func:`completions`, so the page lists exactly what counts:
the same completion recorded twice (registration and record) counts, and shows, once. A
requirement that names no courses but a level counts only courses of that level that are for
the person's profession (a course for no profession in particular is for everyone).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.core.errors import DomainError
from app.core.i18n import gettext as _
from app.core.seed_texts import seeded
from app.progress.kinds import _params
from app.progress.kinds._common import (
    CourseCompletion,
    Evidence,
    Outcome,
    PersonFacts,
    Plan,
    Requirement,
    accumulate,
    distinct,
    in_window,
    num,
)

KIND = "course"


def for_profession(course: CourseCompletion, profession: str | None) -> bool:
    """True when the course is for the profession (a course with no professions is for all)."""
    return not course.professions or profession in course.professions


def completions(
    req: Requirement, courses: tuple[CourseCompletion, ...], profession: str | None = None
) -> list[CourseCompletion]:
    """The completions that count for ``req``, one per course and day."""
    params = req.params
    keys = [str(k) for k in params.get("courses") or ()]
    level = params.get("level")
    if keys:
        matching = [c for c in courses if c.course_key in keys]
    else:
        matching = [
            c
            for c in courses
            if (level is None or c.level == level) and for_profession(c, profession)
        ]
    # The same completion recorded twice (registration and record) counts once.
    return list({(c.course_key, c.on): c for c in matching}.values())


def evaluate(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> Outcome:
    """Listed courses (all/any) or any course of a level; or hours."""
    params = req.params
    keys = [str(k) for k in params.get("courses") or ()]
    unique = completions(req, facts.courses, facts.profession)
    min_hours = params.get("min_hours")
    if min_hours is not None:
        needed = num(min_hours, 0.0)
        done, met_on = accumulate(((c.on, c.hours or 0.0) for c in unique), needed)
        return Outcome(done, needed, "hours", met_on is not None, met_on)
    needed = float(len(set(keys))) if keys and params.get("match", "all") == "all" else 1.0
    done, met_on = distinct(((c.on, c.course_key) for c in unique), needed)
    return Outcome(done, needed, "count", met_on is not None, met_on)


def evidence(
    req: Requirement, facts: PersonFacts, as_of: date, plan: Plan, titles: dict[str, str]
) -> list[Evidence]:
    """The completed courses that count, with their hours."""
    seen = tuple(c for c in facts.courses if in_window(c.on, req, as_of))
    items = []
    for course in completions(req, seen, facts.profession):
        title = seeded(titles.get(course.course_key, course.course_key))
        if course.hours:
            title = _("%(t)s (%(h)s t)", t=title, h=f"{course.hours:g}")
        items.append(Evidence(course.on, title))
    return items


def unit(params: dict[str, Any]) -> str:
    """Hours when the plan asks for hours, else a count of courses."""
    return "hours" if params.get("min_hours") is not None else "count"


def is_partial(params: dict[str, Any]) -> bool:
    """Met bit by bit when counting hours or needing all of several courses."""
    courses = params.get("courses") or []
    return params.get("min_hours") is not None or (
        params.get("match", "all") == "all" and len(set(courses)) > 1
    )


def validate(params: dict[str, Any], field: str, check: _params.Check) -> None:
    """Check the course params: known course keys, ``match``, ``level``, ``min_hours``."""
    courses = params.get("courses")
    if courses is not None:
        if not isinstance(courses, list) or not all(isinstance(c, str) for c in courses):
            raise DomainError(f"{field}.courses", _("Må være en liste med kursnøkler."))
        missing = check.missing_courses(courses)
        if missing:
            raise DomainError(f"{field}.courses", _("Ukjente kurs: %(k)s", k=", ".join(missing)))
    if params.get("match") is not None and params["match"] not in ("all", "any"):
        raise DomainError(f"{field}.match", _("Må være «all» eller «any»."))
    level = params.get("level")
    if level is not None and (not isinstance(level, str) or not level.strip()):
        raise DomainError(f"{field}.level", _("Ugyldig nivå."))
    _params.number(params, "min_hours", field)
