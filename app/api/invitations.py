"""API v1: invitations to an account."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.api import bp
from app.api.helpers import created, optional_json_body
from app.api.schemas import accounts as schemas
from app.api.schemas import typed
from app.auth import invitations
from app.core import access, writes


@bp.post("/persons/<int:person_id>/invitation")
@typed(json=schemas.InvitationCreate, resp=schemas.Invitation, status=201, optional_body=True)
def invite_person(person_id: int):
    """E-mail the person a single-use 14-day link to her account (`{"role": "leader"}`
    optional); answers `{email, expires_on}`."""
    person = access.get_person_or_404(current_user, person_id)
    if not access.can_invite(current_user, person):
        abort(403)
    role = optional_json_body().get("role")
    sent = writes.run(lambda: invitations.invite(person, current_user, role=role)).value
    return created({"email": sent.invitation.email, "expires_on": sent.expires_on.isoformat()})
