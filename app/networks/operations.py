"""Writes for networks and memberships."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.core import audit
from app.core.errors import ConflictError, DomainError
from app.extensions import db
from app.networks.models import Membership, MembershipRole, Network
from app.people.models import Person, Region, TrustArea
from app.people.operations import find_professions, parse_date

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _region(value: Any) -> Region | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    region = db.session.scalar(select(Region).where((Region.key == text) | (Region.name == text)))
    if region is None:
        raise DomainError("region", _("Ukjent helseregion: %(v)s", v=text))
    return region


def _trust_area(value: Any) -> TrustArea | None:
    if value in (None, ""):
        return None
    text = str(value).strip()
    area = db.session.scalar(
        select(TrustArea).where((TrustArea.key == text) | (TrustArea.name == text))
    )
    if area is None:
        raise DomainError("trust_area", _("Ukjent foretaksområde: %(v)s", v=text))
    return area


def create_network(data: dict[str, Any]) -> Network:
    """A new network from `{slug, name, professions, region?, trust_area?, url?, description?}`."""
    slug = data.get("slug")
    if not isinstance(slug, str) or not SLUG_RE.match(slug) or len(slug) > 80:
        raise DomainError("slug", _("Kortnavn: små bokstaver, sifre og bindestrek."))
    if db.session.scalar(select(Network.id).where(Network.slug == slug)):
        raise ConflictError("slug", _("Kortnavnet er allerede i bruk."))
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise DomainError("name", _("Navn må fylles ut."))
    network = Network(slug=slug, name=name.strip()[:200])
    network.professions = find_professions(data.get("professions") or [])
    network.region = _region(data.get("region"))
    network.trust_area = _trust_area(data.get("trust_area"))
    if network.trust_area and network.region is None:
        network.region = network.trust_area.region
    network.url = (data.get("url") or None) and str(data["url"])[:300]
    network.description = data.get("description") or None
    db.session.add(network)
    db.session.flush()
    audit.log("network.create", network)
    return network


def add_membership(
    network: Network,
    person: Person,
    start: Any,
    end: Any = None,
    role: Any = None,
) -> Membership:
    """Make the person a member from `start`; periods in one network may not overlap."""
    start_date = parse_date(start, "start")
    if start_date is None:
        raise DomainError("start", _("Startdato må fylles ut."))
    end_date = parse_date(end, "end")
    if end_date is not None and end_date < start_date:
        raise DomainError("end", _("Sluttdato kan ikke være før startdato."))
    try:
        role_value = MembershipRole(role) if role else MembershipRole.resource_person
    except ValueError as error:
        raise DomainError("role", _("Ugyldig rolle.")) from error
    far = dt.date.max
    for other in db.session.scalars(
        select(Membership).where(
            Membership.network_id == network.id, Membership.person_id == person.id
        )
    ):
        if start_date <= (other.end or far) and other.start <= (end_date or far):
            raise ConflictError(
                "start", _("Personen er allerede medlem av nettverket i denne perioden.")
            )
    membership = Membership(
        network=network, person=person, start=start_date, end=end_date, role=role_value
    )
    db.session.add(membership)
    db.session.flush()
    audit.log("membership.create", membership, network=network.slug, person=person.id)
    return membership


def end_membership(membership: Membership, end: Any) -> Membership:
    """Close a membership on `end`; the history stays."""
    end_date = parse_date(end, "end")
    if end_date is None:
        raise DomainError("end", _("Sluttdato må fylles ut."))
    if end_date < membership.start:
        raise DomainError("end", _("Sluttdato kan ikke være før startdato."))
    far = dt.date.max
    for other in db.session.scalars(
        select(Membership).where(
            Membership.network_id == membership.network_id,
            Membership.person_id == membership.person_id,
            Membership.id != membership.id,
        )
    ):
        if membership.start <= (other.end or far) and other.start <= end_date:
            raise ConflictError(
                "end", _("Personen er allerede medlem av nettverket i denne perioden.")
            )
    membership.end = end_date
    db.session.flush()
    audit.log("membership.end", membership, end=end_date.isoformat())
    return membership


def reopen_membership(membership: Membership) -> Membership:
    """Undo an ending by mistake: the membership is open again."""
    later = db.session.scalar(
        select(Membership.id).where(
            Membership.network_id == membership.network_id,
            Membership.person_id == membership.person_id,
            Membership.start > membership.start,
        )
    )
    if later:
        raise ConflictError(None, _("Personen har et senere medlemskap i nettverket."))
    membership.end = None
    db.session.flush()
    audit.log("membership.reopen", membership)
    return membership


def membership_to_json(membership: Membership) -> dict[str, Any]:
    """The API representation of a membership."""
    return {
        "id": membership.id,
        "person_id": membership.person_id,
        "network": membership.network.slug,
        "role": membership.role.value,
        "start": membership.start.isoformat(),
        "end": membership.end.isoformat() if membership.end else None,
    }


def network_to_json(network: Network) -> dict[str, Any]:
    """The API representation of a network with its plans."""
    active = network.active_plan
    return {
        "id": network.id,
        "slug": network.slug,
        "name": network.name,
        "description": network.description,
        "url": network.url,
        "professions": [p.key for p in network.professions],
        "region": network.region.key if network.region else None,
        "trust_area": network.trust_area.key if network.trust_area else None,
        "plans": [
            {
                "key": plan.key,
                "title": plan.title,
                "active": active is not None and plan.id == active.id,
                "requirements": [r.to_json() for r in plan.requirements],
            }
            for plan in network.plans
        ],
    }
