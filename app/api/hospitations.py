"""API v1: hospitation sites and hospitations."""

from __future__ import annotations

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.api.helpers import created, json_body
from app.api.schemas import hospitations as schemas
from app.api.schemas import typed
from app.core import access, writes
from app.core.types import today_oslo
from app.extensions import db
from app.hospitation import operations, queries, rules
from app.hospitation.models import Hospitation, HospitationSite


@bp.get("/networks/<slug>/hospitation-sites")
@typed(query=schemas.HospitationSiteQuery, resp=schemas.HospitationSites)
def list_hospitation_sites(slug: str):
    """The network's active hospitation sites (`?level=`, `?profession=`)."""
    network = access.get_network_or_404(slug)
    manage = access.can_manage_network(current_user, network)
    sites = queries.list_sites(
        network,
        level=request.args.get("level") or None,
        profession=request.args.get("profession") or None,
        include_inactive=manage and request.args.get("inactive") == "1",
    )
    return [operations.site_to_json(s) for s in sites]


@bp.post("/networks/<slug>/hospitation-sites")
@typed(json=schemas.HospitationSiteCreate, resp=schemas.HospitationSite, status=201)
def create_hospitation_site(slug: str):
    """Add a site to the network's hospitation plan (its coordinators)."""
    network = access.get_network_or_404(slug)
    if not access.can_manage_network(current_user, network):
        abort(403)
    site = writes.run(lambda: operations.create_site(network, json_body())).value
    return created(operations.site_to_json(site))


@bp.patch("/hospitation-sites/<int:site_id>")
@typed(json=schemas.HospitationSiteFields, resp=schemas.HospitationSite)
def update_hospitation_site(site_id: int):
    """Change a site, or deactivate it with `{"active": false}`."""
    site = db.session.get(HospitationSite, site_id)
    if site is None or not access.can_manage_network(current_user, site.network):
        abort(404)
    writes.run(lambda: operations.update_site(site, json_body()))
    return operations.site_to_json(site)


@bp.get("/persons/<int:person_id>/hospitations")
@typed(resp=schemas.Hospitations)
def list_person_hospitations(person_id: int):
    """A person's hospitations."""
    person = access.get_person_or_404(current_user, person_id)
    return [operations.hospitation_to_json(h) for h in queries.person_hospitations(person)]


@bp.post("/persons/<int:person_id>/hospitations")
@typed(json=schemas.HospitationCreate, resp=schemas.Hospitation, status=201)
def create_hospitation(person_id: int):
    """Plan a hospitation (the person herself), or record one (coordinators)."""
    person = access.get_person_or_404(current_user, person_id)
    actor = operations.actor_for(current_user, person)
    if actor is None:
        abort(403)
    data = json_body()
    status = data.get("status")
    if status not in (None, "", rules.PLANNED) and actor != "coordinator":
        abort(403, description=_("Bare en koordinator kan registrere en bekreftet eller fullført."))
    h = writes.run(
        lambda: operations.create_hospitation(
            person, data, today=today_oslo(), may_record=actor == "coordinator"
        )
    ).value
    return created(operations.hospitation_to_json(h))


def _load(hospitation_id: int) -> Hospitation:
    h = db.session.get(Hospitation, hospitation_id)
    if h is None or not access.can_see_person(current_user, h.person):
        abort(404)
    return h


@bp.get("/hospitations/<int:hospitation_id>")
@typed(resp=schemas.Hospitation)
def get_hospitation(hospitation_id: int):
    """One hospitation with its log."""
    return operations.hospitation_to_json(_load(hospitation_id))


@bp.patch("/hospitations/<int:hospitation_id>")
@typed(json=schemas.HospitationUpdate, resp=schemas.Hospitation)
def update_hospitation(hospitation_id: int):
    """Change fields and/or `status` (only the allowed transitions, else 422)."""
    h = _load(hospitation_id)
    actor = operations.actor_for(current_user, h.person)
    if actor is None:
        abort(403)
    data = json_body()
    version = data.pop("version", None)
    target = data.get("status")
    if (
        isinstance(target, str)
        and target in rules.STATES
        and target != h.status.value
        and rules.check_transition(h, target, today=today_oslo()) is None
        and not rules.may_act(actor, target)
    ):
        abort(403, description=_("Du kan ikke gi hospiteringen denne statusen."))
    writes.run(
        lambda: operations.update_hospitation(
            h,
            data,
            today=today_oslo(),
            actor=actor,
            version=version if isinstance(version, int) and not isinstance(version, bool) else None,
        )
    )
    return operations.hospitation_to_json(h)
