"""Reads for networks: member lists and municipalities without a resource person."""

from __future__ import annotations

import datetime as dt
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import selectinload

from app.core import revisions
from app.core.batch import plain_rows
from app.core.types import today_oslo
from app.extensions import db
from app.networks.models import CompetencePlan, Membership, MembershipRole, Network, Requirement
from app.people import queries as people_queries
from app.people.models import Municipality, Person, Profession, TrustArea, Workplace


def region_municipality_choices(region_id: int | None) -> list[tuple[str, str]]:
    """The municipality select's choices for a region, kept while the register stamp stands
    (it watches municipalities and health trusts)."""
    return revisions.memo(
        REGISTER_REVISION,
        ("municipality-choices", region_id),
        lambda: people_queries.municipality_choices(region_id),
    )


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
revisions.watch(
    REGISTER_REVISION, Person, Membership, Network, Workplace, Municipality, Profession, TrustArea
)
#: the revision stamp of the competence plans: renewed by every change to a plan, one of its
#: requirements or a network (whose slug the progress engine's plans carry)
PLANS_REVISION = "plans"
revisions.watch(PLANS_REVISION, CompetencePlan, Requirement, Network)


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


@cache
def _membership_rows_statement():
    # Built once per process (the dashboard asks on every visit).
    return (
        select(Network.slug, Network.name, Membership.start, Membership.end)
        .select_from(Membership)
        .join(Network, Network.id == Membership.network_id)
        .where(Membership.person_id == bindparam("person_id"))
        .order_by(Membership.start.desc())
    )


def membership_rows(person_id: int) -> list:
    """A person's memberships as rows (slug, name, start, end) of one query, newest first."""
    return plain_rows(_membership_rows_statement(), {"person_id": person_id}).all()


def memberships_of(person_id: int) -> list[Membership]:
    """A person's memberships with their networks, newest first."""
    return db.session.scalars(
        select(Membership)
        .where(Membership.person_id == person_id)
        .options(selectinload(Membership.network))
        .order_by(Membership.start.desc())
    ).all()
