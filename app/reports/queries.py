"""Who an overview covers: the scope from the request's filters and the user's access.

- ``network=slug``: the network's active members; only its coordinators and admins;
- ``leader=me``: the user's own staff (persons whose leader is her person record);
- ``municipality=`` (number or name) / ``workplace=`` (id or name): persons there, within
  what the user may see (a coordinator: members of her networks; a leader: her staff);
- nothing: everything the user may see in this way.

Filters combine. Out of scope is a 404 for a named network, a 403 for a role that has no
overview at all; a scope with nobody in it still gives a (valid, empty) workbook.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import Select, exists, func, or_, select

from app.auth.models import Role
from app.core import access
from app.extensions import db
from app.networks.models import Membership, Network
from app.people.models import Municipality, Person, Workplace
from app.reports.overview import Scope


def _active_member(network_ids: list[int] | None, as_of: dt.date):
    clause = exists().where(
        Membership.person_id == Person.id,
        Membership.active_on(as_of),
    )
    if network_ids is not None:
        clause = exists().where(
            Membership.person_id == Person.id,
            Membership.network_id.in_(network_ids),
            Membership.active_on(as_of),
        )
    return clause


def find_municipality(value: str) -> Municipality | None:
    """A municipality by number or (case-insensitive) name."""
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return db.session.scalar(select(Municipality).where(Municipality.number == text.zfill(4)))
    return db.session.scalar(
        select(Municipality).where(func.lower(Municipality.name) == text.lower())
    )


def find_workplaces(value: str) -> list[Workplace]:
    """Workplaces by id or (case-insensitive) name."""
    text = value.strip()
    if not text:
        return []
    if text.isdigit():
        number = int(text)
        found = db.session.get(Workplace, number) if 0 < number < 2**31 else None
        return [found] if found else []
    return list(
        db.session.scalars(select(Workplace).where(func.lower(Workplace.name) == text.lower()))
    )


def resolve_scope(
    user: Any | None,
    as_of: dt.date,
    *,
    network: str | None = None,
    leader: str | None = None,
    municipality: str | None = None,
    workplace: str | None = None,
) -> Scope:
    """The overview's scope for `user` (None: the command line, everything)."""
    admin = user is None or access.is_admin(user)
    if user is not None and not access.can_see_overviews(user):
        abort(403)
    query: Select = select(Person.id)
    network_ids: list[int] | None = None
    parts: list[str] = []

    if network:
        found = db.session.scalar(select(Network).where(Network.slug == network))
        if found is None or (user is not None and not access.can_manage_network(user, found)):
            abort(404)
        network_ids = [found.id]
        parts.append(_("Nettverk: %(n)s", n=found.name))
    if leader:
        if leader != "me" or user is None or user.person_id is None:
            abort(404)
        query = query.where(Person.leader_id == user.person_id)
        parts.append(_("Ansatte med leder %(n)s", n=user.person.name))
    if not admin and not leader and network_ids is None:
        # A coordinator's own networks, else (a leader) her staff.
        if user.role is Role.coordinator:
            network_ids = sorted(access.managed_network_ids(user))
        elif user.person_id is not None:
            query = query.where(Person.leader_id == user.person_id)
            parts.append(_("Ansatte med leder %(n)s", n=user.person.name))
        else:
            query = query.where(Person.id.is_(None))
    if municipality:
        found_m = find_municipality(municipality)
        if found_m is None:
            abort(404)
        via_workplace = select(Workplace.id).where(Workplace.municipality_id == found_m.id)
        query = query.where(
            or_(
                Person.workplace_id.in_(via_workplace),
                (Person.workplace_id.is_(None)) & (Person.municipality_id == found_m.id),
            )
        )
        parts.append(_("Kommune: %(n)s %(m)s", n=found_m.number, m=found_m.name))
    if workplace:
        places = find_workplaces(workplace)
        if not places:
            abort(404)
        query = query.where(Person.workplace_id.in_([w.id for w in places]))
        parts.append(_("Arbeidssted: %(n)s", n=places[0].name))
    if network_ids is not None and not parts:
        names = db.session.scalars(
            select(Network.name).where(Network.id.in_(network_ids)).order_by(Network.name)
        ).all()
        parts.append(_("Nettverk: %(n)s", n=", ".join(names) or _("ingen")))
    query = query.where(_active_member(network_ids, as_of)).order_by(Person.id)
    if not parts:
        parts.append(_("Alle aktive medlemmer"))
    return Scope(description="; ".join(parts), person_ids=query, network_ids=network_ids)
