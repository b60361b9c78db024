"""Reads for hospitation pages, exports and partials, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.core.batch import plain_rows
from app.extensions import db
from app.hospitation.models import Hospitation, HospitationSite, HospitationStatus
from app.networks.models import Membership, MembershipRole, Network
from app.people.models import Person, Profession, ServiceLevel, Workplace


def _site_options():
    return (
        selectinload(HospitationSite.professions),
        selectinload(HospitationSite.workplace),
        selectinload(HospitationSite.municipality),
    )


def sites_query(
    network: Network,
    *,
    level: str | None = None,
    profession: str | None = None,
    include_inactive: bool = False,
) -> Select:
    """The network's sites, filtered by service level and accepted profession."""
    query = select(HospitationSite).where(HospitationSite.network_id == network.id)
    if not include_inactive:
        query = query.where(HospitationSite.active.is_(True))
    if level in {lv.value for lv in ServiceLevel}:
        query = query.where(HospitationSite.service_level == ServiceLevel(level))
    if profession:
        # A site that lists no professions takes every profession.
        query = query.where(
            or_(
                HospitationSite.professions.any(Profession.key == profession),
                ~HospitationSite.professions.any(),
            )
        )
    return query.options(*_site_options()).order_by(
        HospitationSite.active.desc(), HospitationSite.name, HospitationSite.id
    )


def list_sites(network: Network, **filters: Any) -> list[HospitationSite]:
    """The sites of `sites_query`, loaded."""
    return list(db.session.scalars(sites_query(network, **filters)))


def site_sheet_rows(sites: list[HospitationSite]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the hospitation-site export."""
    headers = [
        _("Sted"),
        _("Tjenestenivå"),
        _("Arbeidssted"),
        _("Kommune"),
        _("Yrker"),
        _("Kontaktperson"),
        _("E-post"),
        _("Telefon"),
        _("Merknad"),
        _("Aktiv"),
    ]
    rows = [
        [
            s.name,
            s.service_level.label,
            s.workplace.name if s.workplace else "",
            s.municipality.name if s.municipality else "",
            ", ".join(p.label for p in s.professions) or _("Alle"),
            s.contact_name or "",
            s.email or "",
            s.phone or "",
            s.notes or "",
            _("Ja") if s.active else _("Nei"),
        ]
        for s in sites
    ]
    return headers, rows


def count_sites(network: Network) -> int:
    """The number of active sites in the network's hospitation plan."""
    return plain_rows(_COUNT_SITES, {"network": network.id}).scalar() or 0


#: count_sites's statement, built once (the network page asks it on every visit)
_COUNT_SITES = select(func.count(HospitationSite.id)).where(
    HospitationSite.network_id == bindparam("network"), HospitationSite.active.is_(True)
)


def network_site_counts() -> list[tuple[Network, int]]:
    """Every network with its number of active sites (two queries)."""
    counts = dict(
        db.session.execute(
            select(HospitationSite.network_id, func.count(HospitationSite.id))
            .where(HospitationSite.active.is_(True))
            .group_by(HospitationSite.network_id)
        ).all()
    )
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    return [(n, counts.get(n.id, 0)) for n in networks]


def _hospitation_options():
    return (selectinload(Hospitation.site).selectinload(HospitationSite.network),)


def person_hospitations(person: Person) -> list[Hospitation]:
    """The person's hospitations, newest first, with their sites."""
    return list(
        db.session.scalars(
            select(Hospitation)
            .where(Hospitation.person_id == person.id)
            .options(*_hospitation_options())
            .order_by(Hospitation.start.desc(), Hospitation.id.desc())
        )
    )


def open_hospitations(person_id: int) -> list[tuple[int, str, dt.date, HospitationStatus]]:
    """The person's planned and confirmed hospitations, newest first: (id, where, start,
    status) in one query, where being the site's name or else the place written in."""
    return [
        (hid, site or place, start, status)
        for hid, site, place, start, status in plain_rows(
            _open_statement(), {"person_id": person_id}
        )
    ]


@cache
def _open_statement():
    # Built once per process (the dashboard asks on every visit).
    return (
        select(
            Hospitation.id,
            HospitationSite.name,
            Hospitation.place,
            Hospitation.start,
            Hospitation.status,
        )
        .select_from(Hospitation)
        .outerjoin(HospitationSite, HospitationSite.id == Hospitation.site_id)
        .where(
            Hospitation.person_id == bindparam("person_id"),
            Hospitation.status.in_((HospitationStatus.planned, HospitationStatus.confirmed)),
        )
        .order_by(Hospitation.start.desc(), Hospitation.id.desc())
    )


def site_choices(person: Person, current: HospitationSite | None = None) -> list[HospitationSite]:
    """Active sites of the person's networks (plus the current one), for the plan form."""
    network_ids = select(Membership.network_id).where(Membership.person_id == person.id)
    query = (
        select(HospitationSite)
        .where(HospitationSite.network_id.in_(network_ids), HospitationSite.active.is_(True))
        .options(selectinload(HospitationSite.network))
        .order_by(HospitationSite.name)
    )
    sites = list(db.session.scalars(query))
    if current is not None and current not in sites:
        sites.insert(0, current)
    return sites


@dataclass
class MemberRow:
    """An active member of the network with her hospitations."""

    person: Person
    hospitations: list[Hospitation] = field(default_factory=list)

    @property
    def has_any(self) -> bool:
        """True when she has a hospitation that is not cancelled."""
        return any(h.status is not HospitationStatus.cancelled for h in self.hospitations)


@dataclass
class NetworkOverview:
    """A coordinator's view of the network's hospitations."""

    by_status: dict[str, list[Hospitation]]
    without: list[Person]
    #: every active resource person with her hospitations (keeps the loaded rows alive)
    rows: list[MemberRow]

    @property
    def members(self) -> int:
        """The number of active resource persons."""
        return len(self.rows)


def network_overview(network: Network, on: dt.date) -> NetworkOverview:
    """Planned, confirmed, completed hospitations of the active resource persons; who has none.

    Three queries whatever the number of members: memberships with persons, hospitations,
    sites.
    """
    memberships = db.session.scalars(
        select(Membership)
        .where(
            Membership.network_id == network.id,
            Membership.role == MembershipRole.resource_person,
            Membership.active_on(on),
        )
        .options(
            selectinload(Membership.person).options(
                selectinload(Person.workplace).selectinload(Workplace.municipality),
                selectinload(Person.own_municipality),
            )
        )
    ).all()
    persons: dict[int, Person] = {}
    for m in memberships:
        persons.setdefault(m.person_id, m.person)
    rows = {pid: MemberRow(p) for pid, p in persons.items()}
    hospitations: list[Hospitation] = []
    if rows:
        hospitations = list(
            db.session.scalars(
                select(Hospitation)
                .where(Hospitation.person_id.in_(list(rows)))
                .options(*_hospitation_options())
                .order_by(Hospitation.start, Hospitation.id)
            )
        )
    for h in hospitations:
        # The person is already loaded: set it, so no lazy load per row.
        set_committed_value(h, "person", rows[h.person_id].person)
        rows[h.person_id].hospitations.append(h)
    by_status: dict[str, list[Hospitation]] = {"planned": [], "confirmed": [], "completed": []}
    for h in hospitations:
        if h.status.value in by_status:
            by_status[h.status.value].append(h)
    by_status["completed"].sort(key=lambda h: (h.end or h.start, h.id), reverse=True)
    without = sorted((r.person for r in rows.values() if not r.has_any), key=lambda p: p.name)
    return NetworkOverview(by_status=by_status, without=without, rows=list(rows.values()))
