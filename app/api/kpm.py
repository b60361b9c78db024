"""API v1: doctors' KPM records (service, supervision, teaching, checklist, documents).

Who may write: admins and coordinators who manage the person write everything; an assigned
supervisor records meetings and attests checklist items; the doctor herself records her own
records, but ``approved: true`` on a service period from anyone but a coordinator or admin
is refused with 403 (never silently stored as unapproved), and she attests a checklist item
only where the plan says ``attested_by: self``. A person the token cannot see is a 404.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.api.helpers import created, json_body, parse_bool, parse_date, parse_number
from app.core import access, writes
from app.core.errors import DomainError
from app.extensions import db
from app.kpm import operations, permissions, queries, rules
from app.kpm.models import (
    ChecklistAttestation,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SupervisionMeeting,
    SupervisorAssignment,
    TeachingHours,
)

RECORDS: dict[str, tuple[type, str, Any]] = {
    "service-periods": (ServicePeriod, "service", queries.service_period_json),
    "supervision-meetings": (SupervisionMeeting, "supervision", queries.meeting_json),
    "teaching-hours": (TeachingHours, "teaching", queries.teaching_json),
    "documents": (PersonDocument, "documents", queries.document_json),
    "checklist": (ChecklistAttestation, "checklist", queries.attestation_json),
}


def _only(data: dict, allowed: set[str]) -> dict:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise DomainError(unknown[0], _("Ukjent felt."), code="unknown_field")
    return data


def _person(person_id: int):
    return access.get_person_or_404(current_user, person_id)


@bp.post("/persons/<int:person_id>/service-periods")
def create_service_period(person_id: int):
    """Record a service period (refused when the total position would pass 100 %)."""
    person = _person(person_id)
    rel = permissions.require_record(current_user, person, "service")
    data = _only(
        json_body(),
        {"site_kind", "site_name", "education_site_id", "approved", "start", "end", "position_pct"},
    )
    approved = parse_bool(data.get("approved"), "approved") or False
    if approved and not rules.may_approve_service(rel):
        abort(403, description=_("Bare koordinator eller administrator kan godkjenne tjeneste."))
    site = None
    if data.get("education_site_id") is not None:
        site_id = data["education_site_id"]
        if isinstance(site_id, bool) or not isinstance(site_id, int):
            raise DomainError("education_site_id", _("Må være et heltall."))
        site = db.session.get(EducationSite, site_id)
        if site is None:
            raise DomainError("education_site_id", _("Ukjent utdanningssted."))
    if data.get("site_kind") in (None, "") and site is None:
        raise DomainError("site_kind", _("Feltet må fylles ut."))
    position = parse_number(data.get("position_pct"), "position_pct")
    if position is None:
        raise DomainError("position_pct", _("Feltet må fylles ut."))
    period = writes.run(
        lambda: operations.add_service_period(
            person,
            site_kind=data.get("site_kind"),
            site_name=data.get("site_name"),
            education_site=site,
            approved=approved,
            start=parse_date(data.get("start"), "start", required=True),
            end=parse_date(data.get("end"), "end", required=True),
            position_pct=position,
        )
    ).value
    return created(queries.service_period_json(period))


@bp.patch("/persons/<int:person_id>/service-periods/<int:record_id>")
def update_service_period(person_id: int, record_id: int):
    """Approve or withdraw the approval of a service period (coordinators and admins)."""
    person = _person(person_id)
    rel = permissions.require_record(current_user, person, "service")
    period = db.session.get(ServicePeriod, record_id)
    if period is None or period.person_id != person.id:
        abort(404)
    data = _only(json_body(), {"approved"})
    approved = parse_bool(data.get("approved"), "approved")
    if approved is None:
        raise DomainError("approved", _("Feltet må fylles ut."))
    if not rules.may_approve_service(rel):
        abort(403)
    writes.run(lambda: operations.set_service_approval(period, approved))
    return queries.service_period_json(period)


@bp.post("/persons/<int:person_id>/supervision-meetings")
def create_supervision_meeting(person_id: int):
    """Record a supervision meeting."""
    person = _person(person_id)
    permissions.require_record(current_user, person, "supervision")
    data = _only(json_body(), {"date", "supervisor", "note"})
    meeting = writes.run(
        lambda: operations.add_meeting(
            person,
            date=parse_date(data.get("date"), "date", required=True),
            supervisor=data.get("supervisor"),
            note=data.get("note"),
        )
    ).value
    return created(queries.meeting_json(meeting))


@bp.post("/persons/<int:person_id>/teaching-hours")
def create_teaching_hours(person_id: int):
    """Log internal teaching hours."""
    person = _person(person_id)
    permissions.require_record(current_user, person, "teaching")
    data = _only(json_body(), {"date", "hours"})
    hours = parse_number(data.get("hours"), "hours")
    if hours is None:
        raise DomainError("hours", _("Feltet må fylles ut."))
    entry = writes.run(
        lambda: operations.add_teaching(
            person, date=parse_date(data.get("date"), "date", required=True), hours=hours
        )
    ).value
    return created(queries.teaching_json(entry))


@bp.post("/persons/<int:person_id>/documents")
def create_document(person_id: int):
    """Record a document (specialist approval, education plan, research project, theory)."""
    person = _person(person_id)
    permissions.require_record(current_user, person, "documents")
    data = _only(json_body(), {"kind", "date", "note"})
    if data.get("kind") in (None, ""):
        raise DomainError("kind", _("Feltet må fylles ut."))
    document = writes.run(
        lambda: operations.add_document(
            person,
            kind=data.get("kind"),
            date=parse_date(data.get("date"), "date", required=True),
            note=data.get("note"),
        )
    ).value
    return created(queries.document_json(document))


@bp.post("/persons/<int:person_id>/checklist")
def create_checklist_attestation(person_id: int):
    """Attest a checklist item of a plan's checklist requirement."""
    person = _person(person_id)
    rel = permissions.require_record(current_user, person, "checklist")
    data = _only(json_body(), {"plan", "requirement", "item", "attested_on", "attested_by"})
    requirement = operations.checklist_requirement(
        data.get("plan"), data.get("requirement"), data.get("item")
    )
    if not rules.may_attest(rel, (requirement.params or {}).get("attested_by")):
        abort(403, description=_("Punktet attesteres av veileder."))
    attestation = writes.run(
        lambda: operations.attest_item(
            person,
            plan=data["plan"],
            requirement=data["requirement"],
            item=data["item"],
            attested_on=parse_date(data.get("attested_on"), "attested_on", required=True),
            attested_by=data.get("attested_by"),
            user=current_user._get_current_object(),
        )
    ).value
    return created(queries.attestation_json(attestation))


def _list_view(kind: str):
    _model, key, to_json = RECORDS[kind]

    def view(person_id: int):
        person = _person(person_id)
        return {"items": [to_json(r) for r in queries.person_records(person)[key]]}

    view.__doc__ = f"A doctor's {kind.replace('-', ' ')}, in date order."
    return view


def _delete_view(kind: str):
    model, key, _to_json = RECORDS[kind]

    def view(person_id: int, record_id: int):
        person = _person(person_id)
        rel = permissions.require_record(current_user, person, key)
        record = db.session.get(model, record_id)
        if record is None or record.person_id != person.id:
            abort(404)
        if isinstance(record, ServicePeriod) and record.approved:
            if not rules.may_approve_service(rel):
                abort(403)
        writes.run(lambda: operations.delete_record(record))
        return "", 204

    view.__doc__ = f"Remove one of a doctor's {kind.replace('-', ' ')} entered by mistake."
    return view


for _kind in RECORDS:
    _name = _kind.replace("-", "_")
    bp.add_url_rule(
        f"/persons/<int:person_id>/{_kind}",
        endpoint=f"list_kpm_{_name}",
        view_func=_list_view(_kind),
        methods=["GET"],
    )
    bp.add_url_rule(
        f"/persons/<int:person_id>/{_kind}/<int:record_id>",
        endpoint=f"delete_kpm_{_name}",
        view_func=_delete_view(_kind),
        methods=["DELETE"],
    )


@bp.get("/persons/<int:person_id>/supervisors")
def list_supervisors(person_id: int):
    """The person's assigned supervisors."""
    person = _person(person_id)
    return {
        "items": [
            {
                "id": a.id,
                "user_id": u.id,
                "email": u.email,
                "start": a.start.isoformat() if a.start else None,
            }
            for a, u in queries.assignments_of(person)
        ]
    }


@bp.post("/persons/<int:person_id>/supervisors")
def create_supervisor_assignment(person_id: int):
    """Assign a supervisor user to the doctor: `{email | user_id, start?}`."""
    from sqlalchemy import func, select

    from app.auth.models import User

    person = _person(person_id)
    if not permissions.can_manage_supervisors(current_user, person):
        abort(403)
    data = _only(json_body(), {"email", "user_id", "start"})
    user = None
    if isinstance(data.get("user_id"), int) and not isinstance(data.get("user_id"), bool):
        user = db.session.get(User, data["user_id"])
    elif isinstance(data.get("email"), str) and data["email"].strip():
        user = db.session.scalar(
            select(User).where(func.lower(User.email) == data["email"].strip().lower())
        )
    else:
        raise DomainError("email", _("Feltet må fylles ut."))
    assignment = writes.run(
        lambda: operations.assign_supervisor(
            person, user, start=parse_date(data.get("start"), "start")
        )
    ).value
    return created(
        {"id": assignment.id, "person_id": person.id, "user_id": assignment.supervisor_user_id}
    )


@bp.delete("/persons/<int:person_id>/supervisors/<int:assignment_id>")
def delete_supervisor_assignment(person_id: int, assignment_id: int):
    """End a supervisor's assignment."""
    person = _person(person_id)
    if not permissions.can_manage_supervisors(current_user, person):
        abort(403)
    assignment = db.session.get(SupervisorAssignment, assignment_id)
    if assignment is None or assignment.person_id != person.id:
        abort(404)
    writes.run(lambda: operations.unassign_supervisor(assignment))
    return "", 204


@bp.get("/kpm/education-sites")
def list_education_sites():
    """KPM education sites (coordinators, supervisors and admins)."""
    if not (access.is_coordinator(current_user) or current_user.role.value == "supervisor"):
        abort(403)
    return {"items": [queries.education_site_json(s) for s in queries.education_sites()]}


@bp.post("/kpm/education-sites")
def create_education_site():
    """Add an education site: `{name, kind, approved?, dispensation?, last_inspection_on?}`."""
    if not permissions.can_manage_sites(current_user):
        abort(403)
    data = _only(
        json_body(), {"name", "kind", "approved", "dispensation", "last_inspection_on", "notes"}
    )
    approved = parse_bool(data.get("approved"), "approved")
    site = writes.run(
        lambda: operations.save_education_site(
            None,
            name=data.get("name"),
            kind=data.get("kind"),
            approved=True if approved is None else approved,
            dispensation=parse_bool(data.get("dispensation"), "dispensation") or False,
            last_inspection_on=parse_date(data.get("last_inspection_on"), "last_inspection_on"),
            notes=data.get("notes"),
        )
    ).value
    return created(queries.education_site_json(site))
