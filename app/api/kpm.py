"""API v1: doctors' KPM records (service, supervision, teaching, checklist, documents),
their attestation and supervisors (CONTRACT.md "KPM"); the education sites are in
kpm_sites.py.

Who may write: admins and coordinators who manage the person write everything; an assigned
supervisor records meetings and teaching and attests checklist items; the doctor herself
records her own records, but ``approved: true`` on a service period outside the registry
from anyone but a coordinator or admin is refused with 403 (never silently stored as
unapproved), and she attests a checklist item only where the plan says ``attested_by: self``.
What the doctor records herself answers ``attested: false`` and counts once her supervisor
(meetings, teaching) or a KPM coordinator or admin (anything) attests it; what they record is
attested at once. The doctor cannot delete what someone attested (403). A person the token
cannot see is a 404.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from app.api import bp
from app.api.files import document_body
from app.api.helpers import (
    acting_user,
    created,
    json_body,
    only_fields,
    parse_bool,
    parse_date,
    parse_number,
)
from app.api.schemas import kpm as schemas
from app.api.schemas import typed
from app.auth.models import User
from app.core import access, writes
from app.core.errors import DomainError
from app.extensions import db
from app.kpm import (
    application_operations,
    operations,
    permissions,
    queries,
    rules,
    serialize,
)
from app.kpm.models import (
    ChecklistAttestation,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SupervisionMeeting,
    SupervisorAssignment,
    TeachingHours,
)
from app.people.models import Person

#: each kind of record by its path: its model, its key in `queries.person_records` and
#: `permissions`, its JSON and the model of its list
RECORDS: dict[str, tuple[type, str, Any, type]] = {
    "service-periods": (
        ServicePeriod,
        "service",
        serialize.service_period_json,
        schemas.ServicePeriodList,
    ),
    "supervision-meetings": (
        SupervisionMeeting,
        "supervision",
        serialize.meeting_json,
        schemas.SupervisionMeetingList,
    ),
    "teaching-hours": (
        TeachingHours,
        "teaching",
        serialize.teaching_json,
        schemas.TeachingHoursList,
    ),
    "documents": (PersonDocument, "documents", serialize.document_json, schemas.DocumentList),
    "checklist": (
        ChecklistAttestation,
        "checklist",
        serialize.attestation_json,
        schemas.ChecklistAttestationList,
    ),
}


def _person(person_id: int):
    return access.get_person_or_404(current_user, person_id)


def _site(data: dict) -> EducationSite | None:
    """The education site a period names (``site_id``; the old ``education_site_id`` too)."""
    field = "site_id" if data.get("site_id") is not None else "education_site_id"
    site_id = data.get(field)
    if site_id is None:
        return None
    if isinstance(site_id, bool) or not isinstance(site_id, int):
        raise DomainError(field, _("Må være et heltall."))
    site = db.session.get(EducationSite, site_id)
    if site is None:
        raise DomainError(field, _("Ukjent utdanningssted."))
    return site


@bp.post("/persons/<int:person_id>/service-periods")
@typed(json=schemas.ServicePeriodCreate, resp=schemas.ServicePeriod, status=201)
def create_service_period(person_id: int):
    """Record a service period: `{site_id?, site_kind?, site_name?, approved?, start, end,
    position_pct, preapproval?}` (refused when the total position would pass 100 %)."""
    person = _person(person_id)
    rel = permissions.require_record(current_user, person, "service")
    data = only_fields(
        json_body(),
        {
            "site_id",
            "education_site_id",
            "site_kind",
            "site_name",
            "approved",
            "start",
            "end",
            "position_pct",
            "preapproval",
        },
    )
    site = _site(data)
    approved = parse_bool(data.get("approved"), "approved")
    if site is None and approved and not rules.may_approve_service(rel):
        abort(403, description=_("Bare koordinator eller administrator kan godkjenne tjeneste."))
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
            preapproval=data.get("preapproval"),
        )
    ).value
    return created(serialize.service_period_json(period))


@bp.patch("/persons/<int:person_id>/service-periods/<int:record_id>")
@typed(json=schemas.ServicePeriodUpdate, resp=schemas.ServicePeriod)
def update_service_period(person_id: int, record_id: int):
    """Approve or withdraw the approval of a service period (coordinators and admins)."""
    person = _person(person_id)
    rel = permissions.require_record(current_user, person, "service")
    period = db.session.get(ServicePeriod, record_id)
    if period is None or period.person_id != person.id:
        abort(404)
    data = only_fields(json_body(), {"approved"})
    approved = parse_bool(data.get("approved"), "approved")
    if approved is None:
        raise DomainError("approved", _("Feltet må fylles ut."))
    if not rules.may_approve_service(rel):
        abort(403)
    writes.run(lambda: operations.set_service_approval(period, approved))
    return serialize.service_period_json(period)


@bp.post("/persons/<int:person_id>/supervision-meetings")
@typed(json=schemas.SupervisionMeetingCreate, resp=schemas.SupervisionMeeting, status=201)
def create_supervision_meeting(person_id: int):
    """Record a supervision meeting."""
    person = _person(person_id)
    permissions.require_record(current_user, person, "supervision")
    data = only_fields(json_body(), {"date", "supervisor", "note"})
    meeting = writes.run(
        lambda: operations.add_meeting(
            person,
            date=parse_date(data.get("date"), "date", required=True),
            supervisor=data.get("supervisor"),
            note=data.get("note"),
            attester=permissions.attester(current_user, person, "supervision"),
        )
    ).value
    return created(serialize.meeting_json(meeting))


@bp.post("/persons/<int:person_id>/teaching-hours")
@typed(json=schemas.TeachingHoursCreate, resp=schemas.TeachingHours, status=201)
def create_teaching_hours(person_id: int):
    """Log internal teaching hours."""
    person = _person(person_id)
    permissions.require_record(current_user, person, "teaching")
    data = only_fields(json_body(), {"date", "hours"})
    hours = parse_number(data.get("hours"), "hours")
    if hours is None:
        raise DomainError("hours", _("Feltet må fylles ut."))
    entry = writes.run(
        lambda: operations.add_teaching(
            person,
            date=parse_date(data.get("date"), "date", required=True),
            hours=hours,
            attester=permissions.attester(current_user, person, "teaching"),
        )
    ).value
    return created(serialize.teaching_json(entry))


@bp.post("/persons/<int:person_id>/documents")
@typed(json=schemas.DocumentCreate, form=schemas.DocumentForm, resp=schemas.Document, status=201)
def create_document(person_id: int):
    """Record a document (specialist approval, education plan, research project, theory,
    head of department's statement). The statement may carry a PDF ``file`` (base64 in JSON
    with ``filename``, or a multipart part), checked before it is kept: a PDF, at most 3 MB,
    without scripts or embedded files."""
    person = _person(person_id)
    permissions.require_record(current_user, person, "documents")
    fields, content, filename = document_body()
    data = only_fields(fields, {"kind", "date", "note"})
    if data.get("kind") in (None, ""):
        raise DomainError("kind", _("Feltet må fylles ut."))

    def write():
        document = operations.add_document(
            person,
            kind=data.get("kind"),
            date=parse_date(data.get("date"), "date", required=True),
            note=data.get("note"),
            attester=permissions.attester(current_user, person, "documents"),
        )
        kept = None
        if content is not None:
            kept = application_operations.attach_file(document, content, filename)
        return document, kept

    document, kept = writes.run(write).value
    body = serialize.document_json(document)
    body["file"] = {"filename": kept.filename, "size": kept.size} if kept is not None else None
    return created(body)


@bp.post("/persons/<int:person_id>/checklist")
@typed(json=schemas.ChecklistAttestationCreate, resp=schemas.ChecklistAttestation, status=201)
def create_checklist_attestation(person_id: int):
    """Attest a checklist item of a plan's checklist requirement."""
    person = _person(person_id)
    rel = permissions.require_record(current_user, person, "checklist")
    data = only_fields(json_body(), {"plan", "requirement", "item", "attested_on", "attested_by"})
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
            user=acting_user(),
        )
    ).value
    return created(serialize.attestation_json(attestation))


def _list_view(kind: str):
    _model, key, to_json, _list = RECORDS[kind]

    def view(person_id: int):
        person = _person(person_id)
        return {"items": [to_json(r) for r in queries.person_records(person)[key]]}

    view.__doc__ = f"A doctor's {kind.replace('-', ' ')}, in date order."
    return view


def _delete_view(kind: str):
    model, key, _to_json, _list = RECORDS[kind]

    def view(person_id: int, record_id: int):
        person = _person(person_id)
        rel = permissions.require_record(current_user, person, key)
        record = db.session.get(model, record_id)
        if record is None or record.person_id != person.id:
            abort(404)
        if not permissions.may_remove(current_user, rel, record):
            abort(403, description=_("Attestert dokumentasjon kan ikke endres av legen selv."))
        writes.run(lambda: operations.delete_record(record))
        return "", 204

    view.__doc__ = f"Remove one of a doctor's {kind.replace('-', ' ')} entered by mistake."
    return view


for _kind in RECORDS:
    _name = _kind.replace("-", "_")
    bp.add_url_rule(
        f"/persons/<int:person_id>/{_kind}",
        endpoint=f"list_kpm_{_name}",
        view_func=typed(resp=RECORDS[_kind][3])(_list_view(_kind)),
        methods=["GET"],
    )
    bp.add_url_rule(
        f"/persons/<int:person_id>/{_kind}/<int:record_id>",
        endpoint=f"delete_kpm_{_name}",
        view_func=typed(resp=None, status=204)(_delete_view(_kind)),
        methods=["DELETE"],
    )


@bp.get("/persons/<int:person_id>/supervisors")
@typed(resp=schemas.SupervisorList)
def list_supervisors(person_id: int):
    """The person's assigned supervisors, each with her own KPM approval (or its absence)."""
    person = _person(person_id)
    pairs = queries.assignments_of(person)
    quals = queries.qualifications(u.id for _a, u in pairs)
    items = []
    for a, u in pairs:
        approved_on = quals[u.id].kpm_approved_on if u.id in quals else None
        items.append(
            {
                "id": a.id,
                "user_id": u.id,
                "email": u.email,
                "start": a.start.isoformat() if a.start else None,
                "kpm_approved_on": approved_on.isoformat() if approved_on else None,
                "kpm_approval_missing": approved_on is None,
            }
        )
    return {"items": items}


@bp.post("/persons/<int:person_id>/supervisors")
@typed(json=schemas.SupervisorAssignmentCreate, resp=schemas.SupervisorAssignment, status=201)
def create_supervisor_assignment(person_id: int):
    """Assign a supervisor user to the doctor: `{email | user_id, start?, kpm_approved_on?}`."""
    person = _person(person_id)
    if not permissions.can_manage_supervisors(current_user, person):
        abort(403)
    data = only_fields(json_body(), {"email", "user_id", "start", "kpm_approved_on"})
    user = None
    if isinstance(data.get("user_id"), int) and not isinstance(data.get("user_id"), bool):
        user = db.session.get(User, data["user_id"])
    elif isinstance(data.get("email"), str) and data["email"].strip():
        user = db.session.scalar(
            select(User).where(func.lower(User.email) == data["email"].strip().lower())
        )
    else:
        raise DomainError("email", _("Feltet må fylles ut."))
    start = parse_date(data.get("start"), "start")
    approved_on = parse_date(data.get("kpm_approved_on"), "kpm_approved_on")

    def write():
        assignment = operations.assign_supervisor(person, user, start=start)
        if "kpm_approved_on" in data:
            operations.set_qualification(user, kpm_approved_on=approved_on)
        return assignment

    assignment = writes.run(write).value
    return created(
        {"id": assignment.id, "person_id": person.id, "user_id": assignment.supervisor_user_id}
    )


@bp.delete("/persons/<int:person_id>/supervisors/<int:assignment_id>")
@typed(resp=None, status=204)
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


# --------------------------------------------------------------------------- attestation

ATTESTABLE: dict[str, type] = {
    "supervision_meeting": SupervisionMeeting,
    "teaching_hours": TeachingHours,
    "document": PersonDocument,
}


@bp.post("/kpm/attestations")
@typed(json=schemas.AttestationCreate, resp=schemas.Attestation)
def create_attestation():
    """Attest a doctor's record: `{"kind": "supervision_meeting"|"teaching_hours"|"document",
    "id"}` → `{"attested": true}` (her supervisor: meetings and teaching; a KPM coordinator
    or an admin: anything)."""
    data = only_fields(json_body(), {"kind", "id"})
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in ATTESTABLE:
        raise DomainError(
            "kind", _("Ugyldig verdi. Bruk en av: %(v)s.", v=", ".join(rules.ATTESTATION_KINDS))
        )
    record_id = data.get("id")
    if isinstance(record_id, bool) or not isinstance(record_id, int):
        raise DomainError("id", _("Må være et heltall."))
    record = db.session.get(ATTESTABLE[kind], record_id)
    if record is None:
        abort(404)
    # CONTRACT: anyone but the doctor's supervisor, a KPM coordinator or an admin gets 403
    # (also when the doctor is out of her sight; the record's existence is all it tells).
    person = db.session.get(Person, record.person_id)
    if person is None or not permissions.may_attest(current_user, person, kind):
        abort(403, description=_("Du kan ikke attestere denne registreringen."))
    user = acting_user()
    writes.run(lambda: operations.attest_record(record, user))
    return {"kind": kind, "id": record.id, "attested": True}
