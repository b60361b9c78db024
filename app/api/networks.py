"""API v1: networks and memberships."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.api import bp
from app.api.helpers import created, json_body
from app.api.schemas import networks as schemas
from app.api.schemas import typed
from app.core import access, writes
from app.core.errors import DomainError
from app.extensions import db
from app.networks import operations
from app.networks.models import CompetencePlan, Network


def _load_networks():
    return db.session.scalars(
        select(Network)
        .options(
            selectinload(Network.professions),
            selectinload(Network.region),
            selectinload(Network.trust_area),
            selectinload(Network.plans).selectinload(CompetencePlan.requirements),
        )
        .order_by(Network.name)
    ).all()


@bp.get("/networks")
@typed(resp=schemas.Networks)
def list_networks():
    """All networks with their plans."""
    return [operations.network_to_json(n) for n in _load_networks()]


@bp.get("/networks/<slug>")
@typed(resp=schemas.Network)
def get_network(slug: str):
    """One network with its plans."""
    return operations.network_to_json(access.get_network_or_404(slug))


@bp.post("/networks")
@typed(json=schemas.NetworkCreate, resp=schemas.Network, status=201)
def create_network():
    """Create a network (admins)."""
    if not access.is_admin(current_user):
        abort(403)
    network = writes.run(lambda: operations.create_network(json_body())).value
    return created(operations.network_to_json(network))


@bp.post("/networks/<slug>/members")
@typed(json=schemas.MemberCreate, resp=schemas.Membership, status=201)
def add_member(slug: str):
    """Add a person to the network from a start date."""
    network = access.get_network_or_404(slug)
    if not access.can_manage_network(current_user, network):
        abort(403)
    data = json_body()
    person_id = data.get("person_id")
    if not isinstance(person_id, int) or isinstance(person_id, bool):
        raise DomainError("person_id", _("Mangler person_id."))
    person = access.get_person_or_404(current_user, person_id)
    membership = writes.run(
        lambda: operations.add_membership(
            network, person, data.get("start"), data.get("end"), data.get("role")
        )
    ).value
    return created(operations.membership_to_json(membership))
