"""Writes for gatherings: create, change, cancel, reading lists, registration with a leader,
attendance, the personal calendar token, and the notice sent when a gathering moves.

Operations flush, log and raise ``DomainError``; they never commit. Registration and the
waiting list are app.registrations' (shared with course offerings): a gathering is one more
target for the same code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core import audit, mail
from app.core.errors import DomainError
from app.core.ical import ICAL_MIMETYPE, build_calendar
from app.core.templating import format_datetime
from app.extensions import db
from app.gatherings.calendar import gathering_event
from app.gatherings.models import Gathering, GatheringKind, GatheringStatus, ReadingItem
from app.networks.models import Network
from app.people.models import Person, new_calendar_token
from app.registrations import operations as registrations
from app.registrations.models import SEAT_HOLDING, Registration, RegistrationStatus
from app.registrations.queries import registration_of

#: the fields a gathering takes from the API and the forms
GATHERING_FIELDS = (
    "kind",
    "title",
    "start",
    "end",
    "location",
    "online_url",
    "agenda",
    "capacity",
    "registration_deadline",
    "status",
)
#: changes of these tell the registered people that the gathering has moved
MOVE_FIELDS = ("start", "end", "location", "online_url")


@dataclass
class GatheringChange:
    """What an update changed, so the caller can notify people after committing."""

    changed: list[str] = field(default_factory=list)
    moved: bool = False
    cancelled: bool = False

    @property
    def notify(self) -> bool:
        """Whether the registered people should hear about it."""
        return self.moved or self.cancelled


# --- cleaning input -------------------------------------------------------------------------


def _text(value: Any, field_name: str, *, max_len: int, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DomainError(field_name, _("Feltet må fylles ut."))
        return None
    if not isinstance(value, str):
        raise DomainError(field_name, _("Må være tekst."))
    text = value.strip()
    if len(text) > max_len:
        raise DomainError(field_name, _("Høyst %(n)d tegn.", n=max_len))
    return text


def _url(value: Any, field_name: str) -> str | None:
    text = _text(value, field_name, max_len=500)
    if text and not text.lower().startswith(("https://", "http://")):
        raise DomainError(field_name, _("Lenken må begynne med https://."))
    return text


def _kind(value: Any) -> GatheringKind:
    if isinstance(value, GatheringKind):
        return value
    try:
        return GatheringKind(value)
    except ValueError as error:
        raise DomainError("kind", _("Ukjent type samling.")) from error


def _status(value: Any) -> GatheringStatus:
    if isinstance(value, GatheringStatus):
        return value
    try:
        return GatheringStatus(value)
    except ValueError as error:
        raise DomainError("status", _("Status må være planned eller cancelled.")) from error


def _datetime(value: Any, field_name: str, *, required: bool) -> dt.datetime | None:
    if value is None:
        if required:
            raise DomainError(field_name, _("Feltet må fylles ut."))
        return None
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise DomainError(field_name, _("Ugyldig tidspunkt."))
    return value.astimezone(dt.UTC)


def _capacity(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError("capacity", _("Må være et heltall."))
    if value < 0:
        raise DomainError("capacity", _("Kapasiteten kan ikke være negativ."))
    return value


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Typed values for the fields present in `data` (unknown fields are refused)."""
    unknown = sorted(set(data) - set(GATHERING_FIELDS))
    if unknown:
        raise DomainError(unknown[0], _("Ukjent felt."), code="unknown_field")
    cleaners = {
        "kind": _kind,
        "title": lambda v: _text(v, "title", max_len=200, required=True),
        "start": lambda v: _datetime(v, "start", required=True),
        "end": lambda v: _datetime(v, "end", required=True),
        "location": lambda v: _text(v, "location", max_len=300),
        "online_url": lambda v: _url(v, "online_url"),
        "agenda": lambda v: _text(v, "agenda", max_len=20000),
        "capacity": _capacity,
        "registration_deadline": lambda v: _datetime(v, "registration_deadline", required=False),
        "status": _status,
    }
    return {key: cleaners[key](value) for key, value in data.items()}


def seats_held(gathering: Gathering) -> int:
    """Registrations that hold a seat (registered, attended, no-show)."""

    if gathering.id is None:
        return 0
    return db.session.scalar(
        select(func.count(Registration.id)).where(
            Registration.gathering_id == gathering.id, Registration.status.in_(SEAT_HOLDING)
        )
    )


def _check(gathering: Gathering | None, values: Mapping[str, Any]) -> None:
    """Rules across fields, on the gathering as it would be saved (nothing is changed yet)."""

    def value(key: str) -> Any:
        return values[key] if key in values else getattr(gathering, key, None)

    start, end, deadline, capacity = (
        value("start"),
        value("end"),
        value("registration_deadline"),
        value("capacity"),
    )
    if end < start:
        raise DomainError("end", _("Slutt kan ikke være før start."))
    if deadline and deadline > end:
        raise DomainError("registration_deadline", _("Påmeldingsfristen må være før slutt."))
    if capacity is not None and gathering is not None and gathering.id is not None:
        # The seat counter that registration takes seats from (not a count of rows).
        with db.session.no_autoflush:
            db.session.refresh(gathering, ["seats_taken"])
        taken = gathering.seats_taken or 0
        if capacity < taken:
            raise DomainError(
                "capacity",
                _(
                    "Kapasiteten kan ikke være lavere enn antall påmeldte (%(n)d).",
                    n=taken,
                ),
            )


# --- gatherings -----------------------------------------------------------------------------


def create_gathering(network: Network, data: Mapping[str, Any]) -> Gathering:
    """A new gathering of `network` from typed data (datetimes aware)."""
    values = _clean(data)
    for required in ("kind", "title", "start", "end"):
        if values.get(required) is None:
            raise DomainError(required, _("Feltet må fylles ut."))
    values.setdefault("status", GatheringStatus.planned)
    _check(None, values)
    gathering = Gathering(network=network, revision=0, **values)
    db.session.add(gathering)
    db.session.flush()
    audit.log("gathering.create", gathering, network=network.slug, title=gathering.title)
    return gathering


def update_gathering(gathering: Gathering, data: Mapping[str, Any]) -> GatheringChange:
    """Change some fields; any change raises the revision (the calendar's SEQUENCE)."""
    values = _clean(data)
    change = GatheringChange()
    was_cancelled = gathering.status is GatheringStatus.cancelled
    changed = {key: v for key, v in values.items() if getattr(gathering, key) != v}
    if not changed:
        return change
    _check(gathering, changed)
    for key, v in changed.items():
        setattr(gathering, key, v)
    change.changed = list(changed)
    gathering.revision = (gathering.revision or 0) + 1
    change.cancelled = not was_cancelled and gathering.status is GatheringStatus.cancelled
    change.moved = (
        not change.cancelled
        and gathering.status is GatheringStatus.planned
        and any(key in MOVE_FIELDS for key in change.changed)
    )
    if "capacity" in change.changed and gathering.status is GatheringStatus.planned:
        # More room, or no limit at all: the waiting list moves up.
        _fill_freed_seats(gathering)
    db.session.flush()
    audit.log("gathering.update", gathering, changed=",".join(change.changed))
    return change


def cancel_gathering(gathering: Gathering) -> GatheringChange:
    """Cancel: it stays in the calendars with STATUS:CANCELLED."""
    return update_gathering(gathering, {"status": GatheringStatus.cancelled})


def _fill_freed_seats(gathering: Gathering) -> None:
    """Raised capacity: the waiting list moves up (and is told by e-mail after the commit)."""

    db.session.flush()
    registrations.promote_waiting(gathering)


def touch(gathering: Gathering) -> None:
    """Record a change that is not a column of the gathering (its reading list)."""
    gathering.revision = (gathering.revision or 0) + 1


# --- reading list ---------------------------------------------------------------------------


def add_reading_item(gathering: Gathering, data: Mapping[str, Any]) -> ReadingItem:
    """Add recommended literature (title, url, note) to a gathering."""
    item = ReadingItem(
        gathering=gathering,
        title=_text(data.get("title"), "title", max_len=300, required=True),
        url=_url(data.get("url"), "url"),
        note=_text(data.get("note"), "note", max_len=5000),
    )
    db.session.add(item)
    touch(gathering)
    db.session.flush()
    audit.log("gathering.reading_add", gathering, title=item.title)
    return item


def remove_reading_item(item: ReadingItem) -> None:
    """Remove an item from its gathering's reading list."""
    gathering = item.gathering
    db.session.delete(item)
    if gathering is not None:
        touch(gathering)
        audit.log("gathering.reading_remove", gathering, title=item.title)
    db.session.flush()


# --- registration ---------------------------------------------------------------------------


def register_person(
    gathering: Gathering,
    person: Person,
    *,
    with_leader: bool = False,
    by: Any = None,
    manager: bool = False,
):
    """Register a person (and, if asked, their leader as a companion); returns both rows.

    Managers (the network's coordinators, admins) may register people after the deadline,
    to catch up from a paper list; capacity binds everyone (the waiting list takes the rest).
    """

    if gathering.status is GatheringStatus.cancelled:
        raise DomainError(None, _("Samlingen er avlyst."), code="cancelled")
    leader = None
    if with_leader:
        leader = person.leader
        if leader is None:
            raise DomainError("with_leader", _("Personen har ingen leder registrert."))
        if leader.id == person.id:
            raise DomainError("with_leader", _("Personen er sin egen leder."))
    registration = registrations.register(gathering, person, by=by, override_deadline=manager)
    companion = None
    if leader is not None:
        # A leader with several resource persons comes once.
        companion = registration_of(gathering, leader, active=True)
        if companion is None:
            companion = registrations.register(
                gathering, leader, by=by, companion_of=registration, override_deadline=True
            )
    db.session.flush()
    return registration, companion


def register_leader(gathering: Gathering, registration: Registration, *, by: Any = None):
    """Register the leader of an already registered person (from the attendance page)."""
    leader = registration.person.leader
    if leader is None:
        raise DomainError("with_leader", _("Personen har ingen leder registrert."))
    if leader.id == registration.person_id:
        raise DomainError("with_leader", _("Personen er sin egen leder."))
    companion = registration_of(gathering, leader, active=True)
    if companion is None:
        companion = registrations.register(
            gathering, leader, by=by, companion_of=registration, override_deadline=True
        )
    db.session.flush()
    audit.log("gathering.register_leader", gathering, person=registration.person_id)
    return companion


def cancel_registration(registration, *, by: Any = None) -> None:
    """Cancel a registration and the leader who came along with it; the waiting list moves."""

    registrations.cancel(registration, by=by)
    db.session.flush()


# --- attendance -----------------------------------------------------------------------------


def _seat_holding(registration) -> bool:

    return registration is not None and registration.status in SEAT_HOLDING


def record_attendance(gathering: Gathering, person: Person, attended: bool):
    """Mark one person present or absent; they must hold a seat at the gathering."""

    if not isinstance(attended, bool):
        raise DomainError("attended", _("Må være true eller false."))
    registration = registration_of(gathering, person, active=True)
    if not _seat_holding(registration):
        raise DomainError(
            "person_id",
            _("%(name)s er ikke påmeldt samlingen.", name=person.name),
            code="not_registered",
        )
    registrations.set_attendance(registration, attended)
    db.session.flush()
    return registration


def record_attendance_list(gathering: Gathering, marks: Mapping[int, bool]) -> int:
    """Mark the whole list at once: {registration id: present}; returns how many were set."""

    rows = {
        r.id: r
        for r in db.session.scalars(
            select(Registration).where(Registration.gathering_id == gathering.id)
        )
    }
    unknown = [rid for rid in marks if rid not in rows or not _seat_holding(rows[rid])]
    if unknown:
        raise DomainError(None, _("Listen gjelder bare påmeldte til denne samlingen."))
    for rid, present in marks.items():
        if rows[rid].attended is not present:
            registrations.set_attendance(rows[rid], present)
    db.session.flush()
    audit.log("gathering.attendance", gathering, marked=len(marks))
    return len(marks)


# --- personal calendar ----------------------------------------------------------------------


def renew_calendar_token(person: Person) -> str:
    """A new secret for the person's calendar feed; the old address stops working."""
    person.calendar_token = new_calendar_token()
    db.session.flush()
    audit.log("person.calendar_token_renew", person)
    return person.calendar_token


# --- notices --------------------------------------------------------------------------------


def notify_change(gathering: Gathering, change: GatheringChange) -> int:
    """E-mail everyone registered (or waiting) that the gathering moved or was cancelled,
    with the event attached as .ics, through the outbox (sent after the commit). Returns how
    many were told."""
    if not change.notify:
        return 0

    people = db.session.scalars(
        select(Person)
        .join(Registration, Registration.person_id == Person.id)
        .where(
            Registration.gathering_id == gathering.id,
            Registration.status != RegistrationStatus.cancelled,
        )
        .order_by(Person.id)
    ).all()
    if not people:
        return 0
    attachment = build_calendar(
        gathering.title, [gathering_event(gathering, categories=(gathering.network.name,))]
    )
    when = f"{format_datetime(gathering.start)} – {format_datetime(gathering.end)}"
    place = gathering.location or gathering.online_url or _("ikke oppgitt")
    if change.cancelled:
        subject = _("Avlyst: %(t)s", t=gathering.title)
        lead = _("Samlingen «%(t)s» (%(when)s) er avlyst.", t=gathering.title, when=when)
    else:
        subject = _("Endret tid eller sted: %(t)s", t=gathering.title)
        lead = _(
            "Samlingen «%(t)s» er flyttet.\nNy tid: %(when)s\nSted: %(place)s",
            t=gathering.title,
            when=when,
            place=place,
        )
    footer = _(
        "Vedlagt kalenderfil oppdaterer avtalen i kalenderen din.\n\nHilsen %(n)s",
        n=gathering.network.name,
    )
    for person in people:
        body = _("Hei %(name)s,", name=person.name) + "\n\n" + lead + "\n\n" + footer
        mail.queue(
            person.email,
            subject,
            body,
            attachments=[(f"samling-{gathering.id}.ics", ICAL_MIMETYPE, attachment)],
        )
    return len(people)
