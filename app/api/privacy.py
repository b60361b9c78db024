"""API v1: a person's data export and anonymisation (CONTRACT "Privacy")."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from app.api import bp
from app.api.schemas import privacy as schemas
from app.api.schemas import typed
from app.core import access, writes
from app.core.types import utcnow
from app.privacy import export, operations
from app.privacy.access_log import record_access


@bp.get("/persons/<int:person_id>/export")
@typed(resp=schemas.Export)
def export_person(person_id: int):
    """Everything stored about the person: herself, her network's coordinator, an admin."""
    person = access.get_person_or_404(current_user, person_id)
    if not access.can_export_person(current_user, person):
        abort(404)
    data = export.build_export(person, on=utcnow())
    record_access("privacy.export", person, format="json")
    return data


@bp.post("/persons/<int:person_id>/anonymise")
@typed(resp=schemas.Anonymised)
def anonymise_person(person_id: int):
    """Remove the person's identity for good (admins)."""
    person = access.get_person_or_404(current_user, person_id)
    if not access.can_anonymise_person(current_user, person):
        abort(403)
    writes.run(lambda: operations.anonymise(person, by=current_user))
    return {"id": person.id, "name": person.name, "anonymised": True}
