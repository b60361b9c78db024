"""API v1: KPM applications (søknad om godkjenning) and their decisions (CONTRACT.md
"Application").

The doctor, her assigned supervisor, a KPM coordinator or an admin submits; a KPM
coordinator or an admin decides; the doctor, a KPM coordinator or an admin resubmits an
incomplete application or appeals a rejection or a deferral. A doctor the token cannot see
is a 404; someone who sees her but may not take the step gets 403. Anyone but a KPM
coordinator or an admin gets 403 on a decision.
"""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.api.helpers import acting_user, created, json_body, only_fields
from app.api.schemas import kpm_applications as schemas
from app.api.schemas import typed
from app.core import access, writes
from app.core.types import today_oslo
from app.kpm import application_operations as operations
from app.kpm import application_queries as queries
from app.progress import kpm_application


@bp.post("/persons/<int:person_id>/kpm-applications")
@typed(resp=schemas.ApplicationCreated, status=201)
def create_kpm_application(person_id: int):
    """Submit the doctor's application → `201 {id, status: "submitted", missing}`; the attested
    evidence and the progress of the day are frozen in it."""
    person = access.get_person_or_404(current_user, person_id)
    if not queries.may_submit(current_user, person):
        abort(403)
    application = writes.run(
        lambda: kpm_application.submit(person, by=acting_user(), on=today_oslo())
    ).value
    body = queries.application_json(application)
    return created(
        {
            "id": body["id"],
            "status": body["status"],
            "missing": body["missing"],
            "person_id": person.id,
            "submitted_on": body["submitted_on"],
        }
    )


@bp.get("/persons/<int:person_id>/kpm-applications")
@typed(resp=schemas.ApplicationList)
def list_kpm_applications(person_id: int):
    """The doctor's applications, newest first."""
    person = access.get_person_or_404(current_user, person_id)
    return {"items": [queries.application_json(a) for a in queries.applications_of(person)]}


@bp.get("/kpm-applications/<int:application_id>")
@typed(resp=schemas.Application)
def get_kpm_application(application_id: int):
    """`{id, person_id, status, submitted_on, progress, missing, decisions, ...}`."""
    return queries.application_json(queries.get_or_404(current_user, application_id))


@bp.post("/kpm-applications/<int:application_id>/decision")
@typed(json=schemas.DecisionCreate, resp=schemas.DecidedApplication)
def decide_kpm_application(application_id: int):
    """Decide: `{outcome, conditions?: [{kind, text}], note?}`; 409 unless the application is
    submitted, appealed or approved on conditions."""
    if not queries.may_decide(current_user):
        abort(403, description=_("Bare KPM-koordinator eller administrator avgjør søknader."))
    application = queries.get_or_404(current_user, application_id)
    data = only_fields(json_body(), {"outcome", "conditions", "note"})
    decision = writes.run(
        lambda: operations.decide(
            application,
            outcome=data.get("outcome"),
            conditions=data.get("conditions"),
            note=data.get("note"),
            by=acting_user(),
            on=today_oslo(),
        )
    ).value
    body = queries.application_json(application)
    return {**body, "decision": queries.decision_json(decision)}


@bp.post("/kpm-applications/<int:application_id>/resubmit")
@typed(resp=schemas.Application)
def resubmit_kpm_application(application_id: int):
    """Send an incomplete application again (status `submitted`, the dossier frozen anew)."""
    application = queries.get_or_404(current_user, application_id)
    if not queries.may_follow_up(current_user, application.person):
        abort(403)
    writes.run(lambda: kpm_application.resubmit(application, by=acting_user(), on=today_oslo()))
    return queries.application_json(application)


@bp.post("/kpm-applications/<int:application_id>/appeal")
@typed(json=schemas.AppealCreate, resp=schemas.Application)
def appeal_kpm_application(application_id: int):
    """Appeal a rejection or a deferral: `{text}` (status `appealed`)."""
    application = queries.get_or_404(current_user, application_id)
    if not queries.may_follow_up(current_user, application.person):
        abort(403)
    data = only_fields(json_body(), {"text"})
    writes.run(lambda: operations.appeal(application, text=data.get("text"), by=acting_user()))
    return queries.application_json(application)
