"""Reads for networks: member lists and municipalities without a resource person."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from app.core import revisions
from app.core.types import today_oslo
from app.extensions import db
from app.networks.models import Membership, MembershipRole, Network
from app.people import queries as people_queries
from app.people.models import Municipality, Person, Profession, TrustArea, Workplace


def members_query(
    network: Network,
    *,
    state: str,
    on: dt.date,
    q: str | None = None,
    profession: str | None = None,
    municipality: str | None = None,
    workplace: str | None = None,
    sort: str = "name",
) -> Select:
    """Memberships of the network (active on `on`, ended, or all), filtered, sorted by one of
    `SORTS` (a leading "-" turns it round)."""
    query = (
        select(Membership)
        .join(Membership.person)
        .where(Membership.network_id == network.id)
        .options(
            selectinload(Membership.person).selectinload(Person.profession),
            selectinload(Membership.person)
            .selectinload(Person.workplace)
            .selectinload(Workplace.municipality),
            selectinload(Membership.person).selectinload(Person.own_municipality),
        )
    )
    active = Membership.active_on(on)
    if state == "active":
        query = query.where(active)
    elif state == "ended":
        query = query.where(Membership.end.is_not(None), Membership.end < on)
    if q:
        query = query.where(Person.name.ilike(f"%{q.strip()}%"))
    if profession:
        query = query.where(Person.profession.has(Profession.key == profession))
    if municipality:
        query = query.where(
            or_(
                Person.own_municipality.has(Municipality.number == municipality),
                Person.workplace.has(
                    Workplace.municipality.has(Municipality.number == municipality)
                ),
            )
        )
    if workplace:
        query = query.where(Person.workplace.has(Workplace.name.ilike(f"%{workplace.strip()}%")))
    key, descending = sort.lstrip("-"), sort.startswith("-")
    if key == "start":
        order = [Membership.start.desc() if descending else Membership.start, Person.name]
    elif key == "profession":
        query = query.outerjoin(Profession, Person.profession_id == Profession.id)
        first = Profession.name_nb.desc() if descending else Profession.name_nb
        order = [first, Person.name]
    else:
        order = [Person.name.desc() if descending else Person.name, Membership.start.desc()]
    return query.order_by(*order, Membership.id)


#: the columns the members table sorts by
SORTS = ("name", "-name", "profession", "-profession", "start", "-start")


def uncovered_municipalities(network: Network, on: dt.date) -> list[Municipality]:
    """Municipalities in the network's area with no active resource person of the network."""
    area = select(Municipality)
    if network.trust_area_id:
        area = area.where(Municipality.trust_area_id == network.trust_area_id)
    elif network.region_id:
        area = area.join(Municipality.trust_area).where(TrustArea.region_id == network.region_id)
    covered_via_workplace = (
        select(Workplace.municipality_id)
        .join(Person, Person.workplace_id == Workplace.id)
        .join(Membership, Membership.person_id == Person.id)
        .where(
            Membership.network_id == network.id,
            Membership.role == MembershipRole.resource_person,
            Membership.active_on(on),
            Workplace.municipality_id.is_not(None),
        )
    )
    covered_via_person = (
        select(Person.municipality_id)
        .join(Membership, Membership.person_id == Person.id)
        .where(
            Membership.network_id == network.id,
            Membership.role == MembershipRole.resource_person,
            Membership.active_on(on),
            Person.municipality_id.is_not(None),
        )
    )
    query = area.where(
        Municipality.id.not_in(covered_via_workplace),
        Municipality.id.not_in(covered_via_person),
    ).order_by(Municipality.county, Municipality.name)
    return db.session.scalars(query).all()


#: the revision stamp the public register's ETag reads: renewed by every change to what it shows
REGISTER_REVISION = "register"
revisions.watch(REGISTER_REVISION, Person, Membership, Network, Workplace, Municipality, Profession)


def public_register(
    *, municipality: str | None = None, profession: str | None = None, network: int | None = None
) -> Select:
    """Resource persons who consented to be listed, with an active membership."""
    today = today_oslo()
    active = select(Membership.person_id).where(Membership.active_on(today))
    if network:
        active = active.where(Membership.network_id == network)
    query = select(Person).where(Person.public_consent.is_(True), Person.id.in_(active))
    query = people_queries.filter_persons(query, profession=profession, municipality=municipality)
    return query.options(*people_queries.person_list_options()).order_by(Person.name, Person.id)


def memberships_of(person_id: int) -> list[Membership]:
    """A person's memberships with their networks, newest first."""
    return db.session.scalars(
        select(Membership)
        .where(Membership.person_id == person_id)
        .options(selectinload(Membership.network))
        .order_by(Membership.start.desc())
    ).all()
