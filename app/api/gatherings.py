"""API v1: network gatherings, their registrations and attendance."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.api.helpers import created, json_body, parse_bool, parse_datetime, parse_int
from app.api.schemas import gatherings as schemas
from app.api.schemas import typed
from app.core import access, writes
from app.core.errors import DomainError
from app.core.types import to_oslo
from app.extensions import db
from app.gatherings import operations
from app.gatherings.models import Gathering
from app.people.models import Person
from app.registrations import queries as registration_queries


def _parse(data: dict[str, Any]) -> dict[str, Any]:
    """The API's JSON fields as typed values for the operations."""
    values = dict(data)
    for key in ("start", "end", "registration_deadline"):
        if key in values:
            values[key] = parse_datetime(values[key], key, required=key != "registration_deadline")
    if "capacity" in values:
        values["capacity"] = parse_int(values["capacity"], "capacity", minimum=0)
    return values


def gathering_to_json(gathering: Gathering) -> dict[str, Any]:
    """A gathering as JSON (times in Oslo local time with offset)."""
    return {
        "id": gathering.id,
        "network": gathering.network.slug,
        "kind": gathering.kind.value,
        "title": gathering.title,
        "start": to_oslo(gathering.start).isoformat(),
        "end": to_oslo(gathering.end).isoformat(),
        "location": gathering.location,
        "online_url": gathering.online_url,
        "agenda": gathering.agenda,
        "capacity": gathering.capacity,
        "registration_deadline": to_oslo(gathering.registration_deadline).isoformat()
        if gathering.registration_deadline
        else None,
        "status": gathering.status.value,
        "revision": gathering.revision,
        "seats_taken": operations.seats_held(gathering),
        "reading_list": [
            {"id": item.id, "title": item.title, "url": item.url, "note": item.note}
            for item in gathering.reading_list
        ],
    }


def _gathering_or_404(gathering_id: int) -> Gathering:
    gathering = db.session.get(Gathering, gathering_id)
    if gathering is None:
        abort(404)
    return gathering


def _require_manager(gathering: Gathering) -> None:
    # Gatherings are public (they are in the network calendar), so refusing says 403.
    if not access.can_manage_network(current_user, gathering.network):
        abort(403)


@bp.post("/networks/<slug>/gatherings")
@typed(json=schemas.GatheringCreate, resp=schemas.Gathering, status=201)
def create_network_gathering(slug: str):
    """Create a gathering of a network (its coordinators and admins)."""
    network = access.get_network_or_404(slug)
    if not access.can_manage_network(current_user, network):
        abort(403)
    gathering = writes.run(lambda: operations.create_gathering(network, _parse(json_body()))).value
    return created(gathering_to_json(gathering))


@bp.get("/gatherings/<int:gathering_id>")
@typed(resp=schemas.Gathering)
def get_gathering_api(gathering_id: int):
    """One gathering."""
    return gathering_to_json(_gathering_or_404(gathering_id))


@bp.patch("/gatherings/<int:gathering_id>")
@typed(json=schemas.GatheringFields, resp=schemas.Gathering)
def update_gathering_api(gathering_id: int):
    """Change a gathering; registered people are told when it moves or is cancelled."""
    gathering = _gathering_or_404(gathering_id)
    _require_manager(gathering)
    data = _parse(json_body())

    def update_and_notify() -> None:
        # The notices are queued in the same transaction and leave after its commit.
        operations.notify_change(gathering, operations.update_gathering(gathering, data))

    writes.run(update_and_notify)
    return gathering_to_json(gathering)


@bp.post("/gatherings/<int:gathering_id>/registrations")
@typed(
    json=schemas.GatheringRegistrationCreate, resp=schemas.GatheringRegistration, status=201
)
def register_for_gathering(gathering_id: int):
    """Register a person (yourself, or anyone as the network's coordinator)."""
    gathering = _gathering_or_404(gathering_id)
    data = json_body()
    person_id = parse_int(data.get("person_id"), "person_id")
    if person_id is None:
        raise DomainError("person_id", _("Feltet må fylles ut."))
    with_leader = bool(parse_bool(data.get("with_leader"), "with_leader"))
    manager = access.can_manage_network(current_user, gathering.network)
    if not manager and current_user.person_id != person_id:
        abort(403)
    # Only a person the token may see (a coordinator's networks, or not yet in any).
    person = access.get_person_or_404(current_user, person_id)
    if current_user.person_id != person_id and not access.can_register_other(
        current_user, person, manages_event=manager
    ):
        abort(403)
    registration, companion = writes.run(
        lambda: operations.register_person(
            gathering, person, with_leader=with_leader, by=current_user, manager=manager
        )
    ).value
    body = registration_queries.registration_to_json(
        registration, registration_queries.waitlist_position(registration)
    )
    if companion is not None:
        body["leader"] = registration_queries.registration_to_json(
            companion, registration_queries.waitlist_position(companion)
        )
    return created(body)


@bp.get("/gatherings/<int:gathering_id>/registrations")
@typed(resp=schemas.Registrations)
def list_gathering_registrations(gathering_id: int):
    """The list: seats, then the waiting list in order, then the cancelled."""
    gathering = _gathering_or_404(gathering_id)
    _require_manager(gathering)
    return [
        registration_queries.registration_to_json(reg, position)
        for reg, position in registration_queries.registrations_with_positions(gathering)
    ]


@bp.post("/gatherings/<int:gathering_id>/attendance")
@typed(json=schemas.Attendance, resp=schemas.Registration)
def record_gathering_attendance(gathering_id: int):
    """Mark a registered person present or absent."""
    gathering = _gathering_or_404(gathering_id)
    _require_manager(gathering)
    data = json_body()
    person_id = parse_int(data.get("person_id"), "person_id")
    if person_id is None:
        raise DomainError("person_id", _("Feltet må fylles ut."))
    attended = parse_bool(data.get("attended"), "attended")
    if attended is None:
        raise DomainError("attended", _("Feltet må fylles ut."))
    person = db.session.get(Person, person_id)
    if person is None:
        raise DomainError("person_id", _("Ukjent person."), code="not_registered")
    registration = writes.run(
        lambda: operations.record_attendance(gathering, person, attended)
    ).value
    return registration_queries.registration_to_json(registration)
