"""API v1: competence plans (create or replace) and a person's progress."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from app.api import bp
from app.api.helpers import json_body, parse_date
from app.api.schemas import networks, typed
from app.api.schemas import progress as schemas
from app.core import access, writes
from app.core.types import today_oslo
from app.progress import current, plans


@bp.put("/networks/<slug>/plans/<key>")
@typed(json=networks.PlanPut, resp=networks.Plan, status=(200, 201))
def put_plan(slug: str, key: str):
    """Create or replace a competence plan; it becomes the network's active plan."""
    network = access.get_network_or_404(slug)
    if not access.can_manage_network(current_user, network):
        abort(403)
    plan, created = writes.run(lambda: plans.put_plan(network, key, json_body())).value
    return plans.plan_to_json(plan), 201 if created else 200


@bp.get("/persons/<int:person_id>/progress")
@typed(query=schemas.ProgressQuery, resp=schemas.Progress)
def person_progress(person_id: int):
    """A person's progress in every plan of the networks they are a member of on a day."""
    person = access.get_person_or_404(current_user, person_id)
    on = parse_date(request.args.get("on"), "on") or today_oslo()
    return current.progress_json(person.id, on)
