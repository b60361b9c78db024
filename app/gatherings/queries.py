"""Reads for gatherings, batched: lists with seat counts, a person's attendance history,
the year view (årshjul) and the attendance workbook's rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import selectinload

from app.core.batch import plain_rows
from app.core.templating import format_datetime, status_label
from app.core.types import OSLO, UTC, to_oslo
from app.core.xlsx import Sheet
from app.courses.models import Offering, OfferingStatus, offering_networks
from app.extensions import db
from app.gatherings.models import Gathering, GatheringStatus
from app.networks.models import Network
from app.people.models import Person, Workplace
from app.registrations.models import SEAT_HOLDING, Registration, RegistrationStatus
from app.registrations.queries import registrations_with_positions


@dataclass
class Seats:
    """Seats taken and people waiting for one gathering."""

    taken: int = 0
    waiting: int = 0


def seat_counts(gathering_ids: Iterable[int]) -> dict[int, Seats]:
    """{gathering id: Seats} in one query."""
    ids = list(gathering_ids)
    counts: dict[int, Seats] = {gid: Seats() for gid in ids}
    if not ids:
        return counts
    rows = db.session.execute(
        select(Registration.gathering_id, Registration.status, func.count(Registration.id))
        .where(Registration.gathering_id.in_(ids))
        .group_by(Registration.gathering_id, Registration.status)
    )
    for gid, status, n in rows:
        if status in SEAT_HOLDING:
            counts[gid].taken += n
        elif status is RegistrationStatus.waitlisted:
            counts[gid].waiting += n
    return counts


def gatherings_query(
    *, network_id: int | None = None, after: dt.datetime | None = None, past: bool = False
):
    """Gatherings (with their network), upcoming first or, with `past`, the latest first."""
    query = select(Gathering).options(selectinload(Gathering.network))
    if network_id is not None:
        query = query.where(Gathering.network_id == network_id)
    if after is not None:
        if past:
            query = query.where(Gathering.end < after)
        else:
            query = query.where(Gathering.end >= after)
    order = (
        (Gathering.start.desc(), Gathering.id.desc()) if past else (Gathering.start, Gathering.id)
    )
    return query.order_by(*order)


def upcoming_for_network(network: Network, now: dt.datetime, limit: int = 5) -> list[Any]:
    """The network's next gatherings (cancelled ones shown as such), as rows of what the
    network page shows (id, title, kind, start, location, status)."""
    params = {"network": network.id, "now": now, "limit": limit}
    return list(plain_rows(_UPCOMING, params))


#: upcoming_for_network's statement, built once (comparing with a bound datetime of our
#: UTC type cost more to build than the query takes to run)
_UPCOMING = (
    select(
        Gathering.id,
        Gathering.title,
        Gathering.kind,
        Gathering.start,
        Gathering.location,
        Gathering.status,
    )
    .where(
        Gathering.network_id == bindparam("network"),
        Gathering.end >= bindparam("now", type_=Gathering.__table__.c.end.type),
    )
    .order_by(Gathering.start, Gathering.id)
    .limit(bindparam("limit"))
)


@dataclass
class ListRow:
    """One registration on the gathering's list, with what the pages and workbook show."""

    registration: Registration
    position: int | None
    companion_of: Person | None = None
    #: for a participant: whether her leader came (see LEADER_STATES); None for a leader row
    leader_state: str | None = None

    @property
    def leader_label(self) -> str:
        """Whether the participant's leader came, in words ("" for a leader's own row)."""
        label = LEADER_STATES.get(self.leader_state or "")
        return str(label) if label else ""

    @property
    def person(self) -> Person:
        """The registered person."""
        return self.registration.person

    @property
    def is_leader(self) -> bool:
        """True for a leader who came along with a resource person."""
        return self.registration.companion_of_id is not None


#: a participant's leader at the gathering: none recorded, not registered, came, did not, unmarked
LEADER_STATES = {
    "none": _l("Ingen leder registrert"),
    "not_registered": _l("Leder ikke påmeldt"),
    "present": _l("Leder deltok"),
    "absent": _l("Leder deltok ikke"),
    "unmarked": _l("Leder påmeldt"),
}


def _leader_state(person: Person, by_person: dict[int, Registration]) -> str:
    """Whether the person's leader came to the gathering (from the leader's own registration)."""
    if person.leader_id is None or person.leader_id == person.id:
        return "none"
    reg = by_person.get(person.leader_id)
    if reg is None or reg.status not in SEAT_HOLDING:
        return "not_registered"
    if reg.attended is None:
        return "unmarked"
    return "present" if reg.attended else "absent"


def registration_rows(gathering: Gathering) -> list[ListRow]:
    """The list in order (seats, waiting list, cancelled), persons and workplaces loaded."""

    pairs = registrations_with_positions(gathering)
    persons = [reg.person for reg, _pos in pairs]
    if persons:
        # One more query for workplaces and municipalities, not one per row.
        db.session.scalars(
            select(Person)
            .where(Person.id.in_([p.id for p in persons]))
            .options(
                selectinload(Person.workplace).selectinload(Workplace.municipality),
                selectinload(Person.profession),
                selectinload(Person.leader),
                selectinload(Person.own_municipality),
            )
        ).all()
    by_id = {reg.id: reg for reg, _pos in pairs}
    by_person = {reg.person_id: reg for reg, _pos in pairs}
    rows = []
    for reg, pos in pairs:
        lead = by_id.get(reg.companion_of_id) if reg.companion_of_id else None
        state = None if lead is not None else _leader_state(reg.person, by_person)
        rows.append(ListRow(reg, pos, lead.person if lead is not None else None, state))
    return rows


def attendance_rows(gathering: Gathering) -> list[ListRow]:
    """The rows the attendance page marks: those holding a seat."""
    return [row for row in registration_rows(gathering) if row.registration.status in SEAT_HOLDING]


def person_history(person_id: int) -> list[Registration]:
    """A person's gathering registrations (not cancelled), the latest first, in one query."""
    return list(
        db.session.scalars(
            select(Registration)
            .join(Gathering, Gathering.id == Registration.gathering_id)
            .where(
                Registration.person_id == person_id,
                Registration.status != RegistrationStatus.cancelled,
            )
            .options(selectinload(Registration.gathering).selectinload(Gathering.network))
            .order_by(Gathering.start.desc(), Gathering.id.desc())
        )
    )


@dataclass(frozen=True, slots=True)
class UpcomingLine:
    """A gathering the person is registered for, in words (the dashboard's list)."""

    gathering_id: int
    title: str
    start: str
    status: str
    cancelled: bool


@cache
def _upcoming_statement():
    # Built once per process (the dashboard asks on every visit).
    return (
        select(
            Gathering.id, Gathering.title, Gathering.start, Gathering.status, Registration.status
        )
        .select_from(Registration)
        .join(Gathering, Gathering.id == Registration.gathering_id)
        .where(
            Registration.person_id == bindparam("person_id"),
            Registration.status != RegistrationStatus.cancelled,
            Gathering.end >= bindparam("now"),
        )
        .order_by(Gathering.start, Gathering.id)
    )


def person_upcoming(person_id: int, now: dt.datetime) -> list[UpcomingLine]:
    """A person's registrations (not cancelled) for gatherings not yet over, soonest first:
    one query of tuples, worded in Python."""
    rows = plain_rows(_upcoming_statement(), {"person_id": person_id, "now": now}).all()
    return [
        UpcomingLine(
            gid,
            title,
            format_datetime(start),
            status_label(status),
            gathering_status is GatheringStatus.cancelled,
        )
        for gid, title, start, gathering_status, status in rows
    ]


# --- the year view --------------------------------------------------------------------------


@dataclass
class YearItem:
    """A gathering or a course offering in the year view."""

    kind: str  # "gathering" | "offering"
    title: str
    start: dt.datetime
    end: dt.datetime
    location: str | None
    cancelled: bool
    url_args: dict[str, Any]
    label: str = ""


@dataclass
class Month:
    """One month of the year view."""

    number: int
    items: list[YearItem] = field(default_factory=list)


def _year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(year, 1, 1, tzinfo=OSLO).astimezone(UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=OSLO).astimezone(UTC)
    return start, end


def year_view(network: Network, year: int) -> list[Month]:
    """The network's gatherings and linked offerings of a year, by month (two queries)."""
    first, last = _year_bounds(year)
    months = [Month(n) for n in range(1, 13)]
    gatherings = db.session.scalars(
        select(Gathering)
        .where(Gathering.network_id == network.id, Gathering.start >= first, Gathering.start < last)
        .order_by(Gathering.start, Gathering.id)
    ).all()
    offerings = db.session.scalars(
        select(Offering)
        .join(offering_networks, offering_networks.c.offering_id == Offering.id)
        .where(
            offering_networks.c.network_id == network.id,
            Offering.start >= first,
            Offering.start < last,
        )
        .options(selectinload(Offering.course))
        .order_by(Offering.start, Offering.id)
    ).all()
    items: list[YearItem] = [
        YearItem(
            "gathering",
            g.title,
            g.start,
            g.end,
            g.location,
            g.status is GatheringStatus.cancelled,
            {"endpoint": "gatherings.show_gathering", "gathering_id": g.id},
            g.kind.label,
        )
        for g in gatherings
    ]
    items += [
        YearItem(
            "offering",
            o.course.title,
            o.start,
            o.end,
            o.location,
            o.status is OfferingStatus.cancelled,
            {"endpoint": "courses.show_offering", "offering_id": o.id},
            _("Kurs"),
        )
        for o in offerings
    ]
    for item in sorted(items, key=lambda i: (i.start, i.title)):
        months[to_oslo(item.start).month - 1].items.append(item)
    return months


# --- the attendance workbook ----------------------------------------------------------------


def attendance_sheet(gathering: Gathering, rows: Sequence[ListRow]) -> Sheet:
    """One row per registration; leaders who came along are marked."""
    headers = [
        _("Navn"),
        _("E-post"),
        _("Yrke"),
        _("Arbeidssted"),
        _("Kommune"),
        _("Rolle"),
        _("Leder for"),
        _("Status"),
        _("Plass på venteliste"),
        _("Oppmøte"),
        _("Leder deltok"),
    ]

    def presence(reg: Registration) -> str:
        if reg.attended is None:
            return ""
        return _("Til stede") if reg.attended else _("Fraværende")

    body = [
        [
            row.person.name,
            row.person.email,
            str(row.person.profession) if row.person.profession else "",
            row.person.workplace.name if row.person.workplace else "",
            row.person.municipality.name if row.person.municipality else "",
            _("Leder") if row.is_leader else _("Deltaker"),
            row.companion_of.name if row.companion_of else "",
            status_label(row.registration.status),
            row.position,
            presence(row.registration),
            row.leader_label,
        ]
        for row in rows
    ]
    title = _("Oppmøte")
    return Sheet(
        title=title, headers=headers, rows=body, widths=[28, 32, 18, 30, 16, 10, 24, 14, 10, 12, 22]
    )
