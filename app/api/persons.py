"""API v1: persons."""

from __future__ import annotations

from flask import abort, current_app
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.api.helpers import created, json_body, only_fields
from app.api.schemas import persons as schemas
from app.api.schemas import typed
from app.core import access, writes
from app.core.errors import DomainError
from app.people import operations
from app.people.forms import PersonForm
from app.people.operations import PERSON_FIELDS


def _fields(data: dict) -> dict:
    return only_fields(data, {*PERSON_FIELDS, "version"})


@bp.post("/persons")
@typed(json=schemas.PersonCreate, resp=schemas.Person, status=201)
def create_person():
    """Create a person (coordinators and admins)."""
    if not access.is_coordinator(current_user):
        abort(403)
    data = _fields(json_body())
    home = access.home_network_id(current_user)
    person = writes.run(lambda: operations.create_person(data, home_network_id=home)).value
    return created(operations.person_to_json(person))


@bp.get("/persons/<int:person_id>")
@typed(resp=schemas.Person)
def get_person(person_id: int):
    """A person the token may see."""
    person = access.get_person_or_404(current_user, person_id, *operations.PERSON_JSON_LOADS)
    body = operations.person_to_json(person)
    if current_user.person_id == person.id or access.can_manage_person(current_user, person):
        # The secret feed's address: for the person herself, her coordinators and admins.
        base = str(current_app.config.get("BASE_URL") or "").rstrip("/")
        body["calendar_url"] = f"{base}/calendar/{person.calendar_token}.ics"
    return body


@bp.patch("/persons/<int:person_id>")
@typed(json=schemas.PersonUpdate, resp=schemas.Person)
def update_person(person_id: int):
    """Change some fields of a person."""
    person = access.get_person_or_404(current_user, person_id)
    if not access.can_edit_person(current_user, person):
        abort(403)
    data = _fields(json_body())
    version = data.pop("version", None)
    managed = sorted(set(data) & set(PersonForm.MANAGED_FIELDS))
    if managed and not access.can_manage_person(current_user, person):
        # Profession, further education and specialist approval decide what is required of
        # the person: the network's coordinator changes them, not the person herself.
        abort(403, description=f"Bare koordinatoren kan endre {managed[0]}.")
    if "public_consent" in data and current_user.person_id != person.id:
        # Consent is the person's own to give.
        if not access.is_admin(current_user):
            raise DomainError("public_consent", _("Bare personen selv kan gi samtykke."))
    writes.run(
        lambda: operations.update_person(
            person, data, version=version if isinstance(version, int) else None
        )
    )
    return operations.person_to_json(person)
