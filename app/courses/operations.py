"""Writes for the course catalogue, offerings with modules, attendance and completions.

Operations flush, log and raise DomainError; they never commit. Registration and the waiting
list live in app/registrations/ (shared with gatherings). Every change to an offering
or its modules raises ``offering.revision`` (the calendar's SEQUENCE).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.auth.models import Role
from app.core import audit, parsing
from app.core.errors import ConflictError, DomainError
from app.core.types import OSLO, utcnow
from app.courses import rules
from app.courses.models import (
    Course,
    ModuleAttendance,
    Offering,
    OfferingModule,
    OfferingStatus,
)
from app.extensions import db
from app.networks.models import Network
from app.people.operations import find_professions
from app.registrations import operations as registrations
from app.registrations.models import Registration, RegistrationStatus

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVELS = ("A", "B", "C")

_RULE_MESSAGES = {
    "required": _l("Feltet må fylles ut."),
    "end_before_start": _l("Slutt må være etter start."),
    "negative": _l("Kan ikke være negativ."),
    "deadline_after_start": _l("Påmeldingsfristen kan ikke være etter start."),
    "module_end_before_start": _l("Modulen må slutte etter at den starter."),
    "module_outside": _l("Modulen må ligge innenfor kursets datoer."),
}


# --------------------------------------------------------------------------- value parsing


def to_datetime(value: Any, field: str, *, required: bool = False) -> dt.datetime | None:
    """An aware UTC datetime from a datetime (naive = Oslo wall time) or an ISO string."""
    return parsing.parse_datetime(value, field, required=required)


def _to_date(value: Any, field: str, *, required: bool = False) -> dt.date | None:
    return parsing.parse_date(value, field, required=required)


def _to_int(value: Any, field: str) -> int | None:
    return parsing.parse_int(value, field)


def _to_number(value: Any, field: str) -> float | None:
    number = parsing.parse_number(value, field)
    if number is not None and number <= 0:
        raise DomainError(field, _("Må være større enn null."))
    return number


def _text(value: Any, field: str, limit: int, *, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DomainError(field, _("Feltet må fylles ut."))
        return None
    if not isinstance(value, str):
        raise DomainError(field, _("Må være tekst."))
    text = value.replace("\x00", "").strip()
    if required and not text:
        raise DomainError(field, _("Feltet må fylles ut."))
    if len(text) > limit:
        raise DomainError(field, _("Høyst %(n)d tegn.", n=limit))
    return text or None


def _raise_rule_problems(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, reason = problems[0]
        raise DomainError(field, str(_RULE_MESSAGES.get(reason, _l("Ugyldig verdi."))), code=reason)


# --------------------------------------------------------------------------- catalogue

COURSE_FIELDS = (
    "key",
    "title",
    "provider",
    "level",
    "hours",
    "days",
    "description",
    "url",
    "professions",
    "active",
)


def find_course(key: Any, field: str = "course_key") -> Course:
    """The course with this key, else a 422 on ``field``."""
    if not isinstance(key, str) or not key.strip():
        raise DomainError(field, _("Feltet må fylles ut."))
    if "\x00" in key or len(key) > 80:
        raise DomainError(field, _("Ukjent kurs."))
    course = db.session.scalar(select(Course).where(Course.key == key.strip()))
    if course is None:
        raise DomainError(field, _("Ukjent kurs: %(key)s", key=key))
    return course


def _apply_course(course: Course, data: dict[str, Any]) -> None:
    if "title" in data:
        course.title = _text(data["title"], "title", 300, required=True)
    if "provider" in data:
        course.provider = _text(data["provider"], "provider", 200)
    if "level" in data:
        level = _text(data["level"], "level", 10)
        if level is not None and level.upper() not in LEVELS:
            raise DomainError("level", _("Nivå må være A, B eller C."))
        course.level = level.upper() if level else None
    if "hours" in data:
        course.hours = _to_number(data["hours"], "hours")
    if "days" in data:
        course.days = _to_number(data["days"], "days")
    if "description" in data:
        course.description = _text(data["description"], "description", 20000)
    if "url" in data:
        url = _text(data["url"], "url", 500)
        if url and not url.startswith(("http://", "https://")):
            raise DomainError("url", _("Lenken må begynne med http:// eller https://."))
        course.url = url
    if "professions" in data:
        course.professions = find_professions(data["professions"] or [])
    if "active" in data and data["active"] is not None:
        if not isinstance(data["active"], bool):
            raise DomainError("active", _("Må være true eller false."))
        course.active = data["active"]


def create_course(data: dict[str, Any]) -> Course:
    """A new catalogue entry from ``{key, title, provider?, level?, hours?, days?, …}``."""
    key = data.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key.strip()) or len(key.strip()) > 80:
        raise DomainError("key", _("Nøkkel: små bokstaver, sifre og bindestrek."))
    key = key.strip()
    if db.session.scalar(select(Course.id).where(Course.key == key)):
        raise ConflictError("key", _("Nøkkelen er allerede i bruk."))
    course = Course(key=key, active=True)
    _apply_course(course, {"title": data.get("title"), **data})
    db.session.add(course)
    db.session.flush()
    audit.log("course.create", course)
    return course


def update_course(course: Course, data: dict[str, Any]) -> Course:
    """Change catalogue fields (the key stays)."""
    if "key" in data and data["key"] != course.key:
        raise DomainError("key", _("Nøkkelen kan ikke endres."))
    _apply_course(course, data)
    db.session.flush()
    audit.log("course.update", course, fields=",".join(sorted(k for k in data if k != "key")))
    # Offerings show the course title: their calendar events change with it.
    for offering in course.offerings:
        offering.revision = (offering.revision or 0) + 1
    db.session.flush()
    return course


# --------------------------------------------------------------------------- offerings

OFFERING_FIELDS = (
    "start",
    "end",
    "location",
    "online_url",
    "capacity",
    "registration_deadline",
    "note",
    "networks",
    "modules",
    "status",
)


def _networks(value: Any) -> list[Network]:
    """Networks by slug, in the order given, in one query; a repeat or an unknown one is 422."""
    if value is None:
        return []
    items = parsing.check_list(value, "networks")
    slugs = [item.slug if isinstance(item, Network) else str(item) for item in items]
    by_slug = {
        n.slug: n for n in db.session.scalars(select(Network).where(Network.slug.in_(slugs)))
    }
    found: list[Network] = []
    for slug, item in zip(slugs, items, strict=True):
        network = by_slug.get(slug)
        if network is None:
            raise DomainError("networks", _("Ukjent nettverk: %(v)s", v=item))
        if network in found:
            raise DomainError("networks", _("Verdien %(v)s står to ganger.", v=slug))
        found.append(network)
    return found


def _modules(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    parsed = []
    value = parsing.check_list(value, "modules")
    for index, item in enumerate(value):
        prefix = f"modules.{index}"
        if not isinstance(item, dict):
            raise DomainError(prefix, _("Hver modul må være et objekt."))
        parsed.append(
            {
                "title": _text(item.get("title"), f"{prefix}.title", 300)
                or _("Modul %(n)d", n=index + 1),
                "start": to_datetime(item.get("start"), f"{prefix}.start", required=True),
                "end": to_datetime(item.get("end"), f"{prefix}.end", required=True),
                "location": _text(item.get("location"), f"{prefix}.location", 300),
            }
        )
    return parsed


def _status(value: Any) -> OfferingStatus:
    try:
        return OfferingStatus(value.value if isinstance(value, OfferingStatus) else value)
    except ValueError as error:
        raise DomainError("status", _("Status må være published eller cancelled.")) from error


def _check(offering: Offering, modules: list[dict[str, Any]] | None) -> None:
    # No autoflush: loading the modules must not write the unchecked offering first.
    with db.session.no_autoflush:
        module_dates = (
            [(m["start"], m["end"]) for m in modules]
            if modules is not None
            else [(m.start, m.end) for m in offering.modules]
        )
    problems = rules.check_offering(
        offering.start,
        offering.end,
        offering.capacity,
        offering.registration_deadline,
        module_dates,
        tz=OSLO,
    )
    _raise_rule_problems(problems)


def _set_modules(offering: Offering, modules: list[dict[str, Any]]) -> None:
    """Update modules in place by position, so each keeps its id (and calendar UID)."""
    existing = list(offering.modules)
    for index, values in enumerate(modules):
        if index < len(existing):
            module = existing[index]
        else:
            module = OfferingModule()
            offering.modules.append(module)
        module.title = values["title"]
        module.start = values["start"]
        module.end = values["end"]
        module.location = values["location"]
    for module in existing[len(modules) :]:
        offering.modules.remove(module)


def create_offering(course: Course, data: dict[str, Any], *, by: Any = None) -> Offering:
    """A new offering: ``{start, end, location?, capacity?, registration_deadline?, modules?,
    networks?, online_url?, note?, status?}``."""
    unknown = sorted(set(data) - set(OFFERING_FIELDS))
    if unknown:
        raise DomainError(unknown[0], _("Ukjent felt."), code="unknown_field")
    capacity = _to_int(data.get("capacity"), "capacity")
    offering = Offering(
        start=to_datetime(data.get("start"), "start", required=True),
        end=to_datetime(data.get("end"), "end", required=True),
        location=_text(data.get("location"), "location", 300),
        online_url=_text(data.get("online_url"), "online_url", 500),
        capacity=capacity,
        registration_deadline=to_datetime(
            data.get("registration_deadline"), "registration_deadline"
        ),
        note=_text(data.get("note"), "note", 20000),
        status=_status(data.get("status") or "published"),
        seats_taken=0,
        revision=0,
    )
    modules = _modules(data.get("modules"))
    _check(offering, modules)
    networks = _networks(data.get("networks"))
    if not networks and getattr(by, "role", None) is Role.coordinator:
        # A coordinator's unlinked offering belongs to her networks; an admin's to none.
        networks = list(by.networks)
    offering.networks = networks
    offering.course = course
    db.session.add(offering)
    _set_modules(offering, modules)
    db.session.flush()
    audit.log("offering.create", offering, course=course.key)
    return offering


def _set_capacity(offering: Offering, value: Any) -> bool:
    """Set a new capacity, never below the seats taken; True when it rose (or became open)."""
    capacity = _to_int(value, "capacity")
    if capacity is not None and capacity >= 0:
        with db.session.no_autoflush:
            db.session.refresh(offering, ["seats_taken"])
        if capacity < offering.seats_taken:
            raise DomainError(
                "capacity",
                _(
                    "Kapasiteten kan ikke være lavere enn antall påmeldte (%(n)d).",
                    n=offering.seats_taken,
                ),
            )
    raised = capacity is None or (offering.capacity is not None and capacity > offering.capacity)
    offering.capacity = capacity
    return raised


def update_offering(offering: Offering, data: dict[str, Any], *, by: Any = None) -> Offering:
    """Change any offering field (and the modules); raises the revision. A raised capacity
    promotes from the waiting list; a capacity below the seats taken is refused."""
    unknown = sorted(set(data) - set(OFFERING_FIELDS) - {"course_key"})
    if unknown:
        raise DomainError(unknown[0], _("Ukjent felt."), code="unknown_field")
    if "start" in data:
        offering.start = to_datetime(data["start"], "start", required=True)
    if "end" in data:
        offering.end = to_datetime(data["end"], "end", required=True)
    if "location" in data:
        offering.location = _text(data["location"], "location", 300)
    if "online_url" in data:
        offering.online_url = _text(data["online_url"], "online_url", 500)
    if "note" in data:
        offering.note = _text(data["note"], "note", 20000)
    if "registration_deadline" in data:
        offering.registration_deadline = to_datetime(
            data["registration_deadline"], "registration_deadline"
        )
    capacity_raised = "capacity" in data and _set_capacity(offering, data["capacity"])
    if "course_key" in data:
        offering.course = find_course(data["course_key"])
    modules = _modules(data["modules"]) if "modules" in data else None
    _check(offering, modules)
    if modules is not None:
        _set_modules(offering, modules)
    if "networks" in data:
        offering.networks = _networks(data["networks"])
    if "status" in data:
        offering.status = _status(data["status"])
    offering.revision = (offering.revision or 0) + 1
    offering.updated_at = utcnow()
    db.session.flush()
    audit.log("offering.update", offering, fields=",".join(sorted(data)))
    if capacity_raised and offering.status is OfferingStatus.published:
        registrations.promote_waiting(offering)
    return offering


# --------------------------------------------------------------------------- attendance


def set_module_attendance(
    registration: Registration, module: OfferingModule, attended: bool
) -> ModuleAttendance:
    """Record whether a registered participant attended one module."""
    if module.offering_id != registration.offering_id:
        raise DomainError("module_id", _("Modulen hører ikke til dette kurset."))
    if registration.status not in (
        RegistrationStatus.registered,
        RegistrationStatus.attended,
        RegistrationStatus.completed,
        RegistrationStatus.no_show,
    ):
        raise DomainError("person_id", _("Personen er ikke påmeldt."), code="not_registered")
    record = db.session.scalar(
        select(ModuleAttendance).where(
            ModuleAttendance.registration_id == registration.id,
            ModuleAttendance.module_id == module.id,
        )
    )
    if record is None:
        record = ModuleAttendance(registration_id=registration.id, module_id=module.id)
        db.session.add(record)
    record.attended = bool(attended)
    db.session.flush()
    audit.log("registration.module_attendance", registration, module=module.id, attended=attended)
    return record
