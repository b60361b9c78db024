"""Writes for courses taken elsewhere: a catalogue course or a free-text one, with an optional
certificate, verified (and, for free text, matched to a level) by a coordinator.

A free-text course (``title``, ``provider``, ``hours``, ``level``, ``completed_on``) counts for a
level-only requirement once it is verified and has a level: the level the person gave is her
claim, and the coordinator's verification confirms or changes it. Operations flush, log and
raise ``DomainError``; they never commit.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from app.core import audit, uploads
from app.core.errors import DomainError
from app.core.types import utcnow
from app.courses.models import Course, CourseCompletion
from app.courses.operations import LEVELS, _text, _to_date, _to_number, find_course
from app.extensions import db
from app.people.models import Person

#: what a recorded course takes (the API's body; ``course`` is the form's catalogue choice)
COMPLETION_FIELDS = frozenset(
    {
        "course",
        "course_key",
        "title",
        "provider",
        "level",
        "completed_on",
        "hours",
        "note",
        "verified",
    }
)


def _level(value: Any, field: str = "level") -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value.strip().upper() not in LEVELS:
        raise DomainError(field, _("Nivå må være en av: %(k)s", k=", ".join(LEVELS)))
    return value.strip().upper()


def _course_or_title(data: dict[str, Any]) -> tuple[Course | None, str | None]:
    course = data.get("course")
    key = data.get("course_key")
    title = _text(data.get("title"), "title", 300)
    if isinstance(course, Course):
        key = course.key
    if key not in (None, "") and title:
        raise DomainError(
            "title", _("Velg et kurs fra katalogen eller skriv inn et kurs, ikke begge.")
        )
    if key in (None, "") and not title:
        raise DomainError(
            "course_key", _("Velg et kurs fra katalogen, eller skriv inn kursets tittel.")
        )
    if title:
        return None, title
    return (course if isinstance(course, Course) else find_course(key)), None


def record_completion(
    person: Person,
    data: dict[str, Any],
    *,
    verified: bool = False,
    by: Any = None,
    certificate: tuple[bytes, str] | None = None,
) -> CourseCompletion:
    """A course taken elsewhere: ``{course_key | title, provider?, level?, completed_on,
    hours?, note?}``, with an optional certificate ``(bytes, file name)``."""
    unknown = sorted(set(data) - COMPLETION_FIELDS)
    if unknown:
        raise DomainError(unknown[0], _("Ukjent felt."), code="unknown_field")
    course, title = _course_or_title(data)
    provider = _text(data.get("provider"), "provider", 200)
    level = _level(data.get("level"))
    if course is not None and (provider or level):
        raise DomainError(
            "provider" if provider else "level",
            _("Arrangør og nivå gjelder bare kurs som ikke er i katalogen."),
        )
    completion = CourseCompletion(
        person=person,
        course=course,
        title=title,
        provider=provider,
        level=level,
        completed_on=_to_date(data.get("completed_on"), "completed_on", required=True),
        hours=_to_number(data.get("hours"), "hours"),
        note=_text(data.get("note"), "note", 5000),
        verified=False,
    )
    if certificate is not None:
        attach_certificate(completion, *certificate)
    db.session.add(completion)
    db.session.flush()
    audit.log("completion.create", completion, course=course.key if course else title)
    if verified:
        verify_completion(completion, by=by, level=level)
    return completion


def attach_certificate(completion: CourseCompletion, data: bytes, filename: str) -> None:
    """Check the file (PDF or image) before anything keeps it, then keep it on the record."""
    completion.certificate_type = uploads.check_certificate(data)
    completion.certificate = data
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    completion.certificate_name = name[:200] or None


def verify_completion(
    completion: CourseCompletion, *, by: Any = None, level: Any = None
) -> CourseCompletion:
    """A coordinator confirms a recorded course; from then on it counts for progress.

    A free-text course is matched to a level here (``level``; empty keeps the one given).
    """
    if completion.course_id is None and completion.course is None:
        chosen = _level(level)
        if chosen is not None:
            completion.level = chosen
    elif level not in (None, ""):
        raise DomainError("level", _("Et kurs fra katalogen har katalogens nivå."))
    completion.verified = True
    completion.verified_by_id = getattr(by, "id", None)
    completion.verified_at = utcnow()
    db.session.flush()
    audit.log("completion.verify", completion, level=completion.level)
    return completion


def reject_completion(completion: CourseCompletion) -> None:
    """Remove an unverified recorded course (a coordinator could not confirm it)."""
    audit.log("completion.reject", completion, person=completion.person_id)
    db.session.delete(completion)
    db.session.flush()
