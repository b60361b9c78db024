"""Doctors' KPM records pages: a doctor's records, a supervisor's candidates, education sites."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core import access, uploads, writes
from app.core.errors import DomainError
from app.core.forms import put_error
from app.core.seed_texts import seeded
from app.core.types import today_oslo
from app.extensions import db
from app.kpm import (
    application_operations,
    application_queries,
    forms,
    operations,
    permissions,
    queries,
    rules,
)
from app.kpm.models import (
    ChecklistAttestation,
    DocumentKind,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SiteKind,
    SupervisionMeeting,
    SupervisorAssignment,
    TeachingHours,
)
from app.kpm.rules import service_months
from app.people.models import Person, Profession

bp = Blueprint("kpm", __name__)

#: URL part → (model, record kind, the name of one record)
RECORDS: dict[str, tuple[type, str, Any]] = {
    "service-periods": (ServicePeriod, "service", _l("tjenesteperioden")),
    "supervision-meetings": (SupervisionMeeting, "supervision", _l("veiledningsmøtet")),
    "teaching-hours": (TeachingHours, "teaching", _l("undervisningstimene")),
    "documents": (PersonDocument, "documents", _l("dokumentet")),
    "checklist": (ChecklistAttestation, "checklist", _l("attesteringen")),
}


def _put_error(form, error: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Show a DomainError on its field (or on the form as a whole)."""
    name = (aliases or {}).get(error.field or "", error.field)
    put_error(form, DomainError(name, error.message))


def _put_checklist_error(form: forms.AttestForm, error: DomainError) -> None:
    # The operation names the plan and requirement; the form has one "item" field for both.
    _put_error(form, error, {"plan": "item", "requirement": "item"})


def _site_choices(form: forms.ServicePeriodForm) -> None:
    form.education_site.choices = [("", "—")] + [
        (str(s.id), f"{s.name} ({s.kind.label}, {s.approval.label})")
        for s in queries.education_sites()
    ]


def _checklist_choices(plan: Any, attested: set[tuple[str, str]]) -> list[tuple[str, str]]:
    choices = []
    for req in queries.checklist_requirements(plan):
        for key, title in queries.item_titles(req).items():
            if (req.key, key) not in attested:
                choices.append((f"{req.key}/{key}", seeded(title)))
    return choices


def _page(person: Person, **overrides: Any):
    """Render a doctor's records page; ``overrides`` replace the blank forms."""
    rel = permissions.relation(current_user, person)
    records = queries.person_records(person)
    plan = queries.kpm_plan()
    today = today_oslo()

    params = queries.service_params(plan)
    service_facts = [queries.service_fact(p) for p in records["service"]]
    total, by_kind = service_months(service_facts, params, today)
    kinds = params.get("site_kinds") or {}
    timeline = [
        {
            "kind": kind,
            "label": SiteKind(kind).label,
            "periods": [p for p in records["service"] if p.site_kind.value == kind],
            "months": by_kind.get(kind, 0.0),
            "max_months": (kinds.get(kind) or {}).get("max_months"),
            "min_months": (kinds.get(kind) or {}).get("min_months"),
            "min_pct": (kinds.get(kind) or {}).get("min_pct"),
        }
        for kind in (k.value for k in SiteKind)
    ]

    attested = {(a.requirement_key, a.item_key): a for a in records["checklist"]}
    checklist = []
    for req in queries.checklist_requirements(plan):
        for key, title in queries.item_titles(req).items():
            checklist.append(
                {
                    "requirement": req,
                    "key": key,
                    "title": title,
                    "att": attested.get((req.key, key)),
                }
            )
    self_attest = any(
        (req.params or {}).get("attested_by") == "self"
        for req in queries.checklist_requirements(plan)
    )

    sp_form = overrides.get("sp_form") or forms.ServicePeriodForm(formdata=None)
    _site_choices(sp_form)
    ck_form = overrides.get("ck_form") or forms.AttestForm(formdata=None)
    ck_form.item.choices = _checklist_choices(plan, set(attested))
    assignments = queries.assignments_of(person)
    assigned_ids = {u.id for _a, u in assignments}
    sv_form = overrides.get("sv_form") or forms.AssignSupervisorForm(formdata=None)
    sv_form.supervisor.choices = [("", "—")] + [
        (str(u.id), f"{u.person.name} ({u.email})" if u.person else u.email)
        for u in queries.supervisor_users()
        if u.id not in assigned_ids
    ]
    teaching_facts = [
        rules.TeachingFact(t.date, float(t.hours), t.attested) for t in records["teaching"]
    ]
    rate = queries.teaching_rate(plan)
    quals = queries.qualifications(u.id for _a, u in assignments)
    return render_template(
        "kpm/records.html",
        person=person,
        rel=rel,
        locked=lambda record: not rules.may_remove(
            rel or rules.READER, attested=bool(getattr(record, "attested_at", None))
        ),
        teaching_years=rules.teaching_by_service_year(
            service_facts, teaching_facts, params, rate, today
        ),
        teaching_rate=rate,
        home_first=rules.nursing_home_before_centre_year(service_facts, params, today),
        quals=quals,
        may=lambda kind: rel is not None and rules.may_record(rel, kind),
        may_approve=rel is not None and rules.may_approve_service(rel),
        may_attest=rel is not None and rules.may_attest(rel, "self" if self_attest else None),
        can_manage_supervisors=permissions.can_manage_supervisors(current_user, person),
        records=records,
        plan=plan,
        timeline=timeline,
        total_months=total,
        needed_months=params.get("months", 24),
        teaching_total=sum(t.hours for t in records["teaching"] if t.attested),
        teaching_pending=sum(t.hours for t in records["teaching"] if not t.attested),
        checklist=checklist,
        assignments=assignments,
        document_kinds=DocumentKind,
        sp_form=sp_form,
        sm_form=overrides.get("sm_form") or forms.MeetingForm(formdata=None),
        th_form=overrides.get("th_form") or forms.TeachingForm(formdata=None),
        doc_form=overrides.get("doc_form") or forms.DocumentForm(formdata=None),
        ck_form=ck_form,
        sv_form=sv_form,
        today=today,
        applications=application_queries.applications_of(person),
        may_apply=application_queries.may_submit(current_user, person),
        document_files=application_queries.files_of([d.id for d in records["documents"]]),
    )


def _records_url(person: Person, anchor: str) -> str:
    return url_for("kpm.records", person_id=person.id) + f"#{anchor}"


@bp.get("/persons/<int:person_id>/kpm")
@login_required
def records(person_id: int):
    """A doctor's KPM records: service, supervision, teaching, documents, skills."""
    person = access.get_person_or_404(current_user, person_id)
    return _page(person)


@bp.post("/persons/<int:person_id>/kpm/service-periods")
@login_required
def add_service_period(person_id: int):
    """Add a service period."""
    person = access.get_person_or_404(current_user, person_id)
    rel = permissions.require_record(current_user, person, "service")
    form = forms.ServicePeriodForm()
    _site_choices(form)

    def write():
        site = None
        if form.education_site.data:
            site = db.session.get(EducationSite, int(form.education_site.data))
        approved = bool(form.approved.data) and rules.may_approve_service(rel)
        operations.add_service_period(
            person,
            site_kind=form.site_kind.data or None,
            site_name=form.site_name.data,
            education_site=site,
            approved=approved if site is None else None,
            start=form.start.data,
            end=form.end.data,
            position_pct=float(form.position_pct.data),
            preapproval=form.preapproval() if form.site_kind.data == "nursing_home_unit" else None,
        )

    if form.validate_on_submit() and writes.run(write, form=form).ok:
        flash(_("Tjenesteperioden er registrert."), "success")
        return redirect(_records_url(person, "tjeneste"))
    return _page(person, sp_form=form)


@bp.post("/persons/<int:person_id>/kpm/service-periods/<int:record_id>/approval")
@login_required
def approve_service_period(person_id: int, record_id: int):
    """Approve a service period, or withdraw its approval (coordinators and admins)."""
    person = access.get_person_or_404(current_user, person_id)
    rel = permissions.require_record(current_user, person, "service")
    if not rules.may_approve_service(rel) or not forms.ConfirmForm().validate_on_submit():
        abort(403)
    period = db.session.get(ServicePeriod, record_id)
    if period is None or period.person_id != person.id:
        abort(404)
    approve = request.form.get("approved") == "1"
    if writes.run(lambda: operations.set_service_approval(period, approve)).ok:
        flash(_("Perioden er godkjent.") if approve else _("Godkjenningen er trukket."), "success")
    return redirect(_records_url(person, "tjeneste"))


@bp.post("/persons/<int:person_id>/kpm/supervision-meetings")
@login_required
def add_meeting(person_id: int):
    """Add a supervision meeting."""
    person = access.get_person_or_404(current_user, person_id)
    permissions.require_record(current_user, person, "supervision")
    form = forms.MeetingForm()

    def write():
        operations.add_meeting(
            person,
            date=form.date.data,
            supervisor=form.supervisor.data,
            note=form.note.data,
            attester=permissions.attester(current_user, person, "supervision"),
        )

    if form.validate_on_submit() and writes.run(write, form=form).ok:
        flash(_("Veiledningsmøtet er registrert."), "success")
        return redirect(_records_url(person, "veiledning"))
    return _page(person, sm_form=form)


@bp.post("/persons/<int:person_id>/kpm/teaching-hours")
@login_required
def add_teaching(person_id: int):
    """Log internal teaching hours."""
    person = access.get_person_or_404(current_user, person_id)
    permissions.require_record(current_user, person, "teaching")
    form = forms.TeachingForm()

    def write():
        operations.add_teaching(
            person,
            date=form.date.data,
            hours=float(form.hours.data),
            attester=permissions.attester(current_user, person, "teaching"),
        )

    if form.validate_on_submit() and writes.run(write, form=form).ok:
        flash(_("Undervisningstimene er registrert."), "success")
        return redirect(_records_url(person, "undervisning"))
    return _page(person, th_form=form)


@bp.post("/persons/<int:person_id>/kpm/documents")
@login_required
def add_document(person_id: int):
    """Record a document."""
    person = access.get_person_or_404(current_user, person_id)
    permissions.require_record(current_user, person, "documents")
    form = forms.DocumentForm()

    def write():
        document = operations.add_document(
            person,
            kind=form.kind.data,
            date=form.date.data,
            note=form.note.data,
            attester=permissions.attester(current_user, person, "documents"),
        )
        upload = form.file.data
        if upload is not None and getattr(upload, "filename", ""):
            application_operations.attach_file(
                document, upload.read(uploads.PDF_MAX_BYTES + 1), upload.filename
            )

    if form.validate_on_submit() and writes.run(write, form=form).ok:
        flash(_("Dokumentet er registrert."), "success")
        return redirect(_records_url(person, "dokumenter"))
    return _page(person, doc_form=form)


@bp.post("/persons/<int:person_id>/kpm/checklist")
@login_required
def attest(person_id: int):
    """Attest a skill from the checklist of the KPM plan."""
    person = access.get_person_or_404(current_user, person_id)
    rel = permissions.require_record(current_user, person, "checklist")
    plan = queries.kpm_plan()
    form = forms.AttestForm()
    attested = {
        (a.requirement_key, a.item_key) for a in queries.person_records(person)["checklist"]
    }
    form.item.choices = _checklist_choices(plan, attested)
    if plan is None:
        abort(404)

    def write():
        requirement_key, _sep, item_key = form.item.data.partition("/")
        req = operations.checklist_requirement(plan.key, requirement_key, item_key)
        if not rules.may_attest(rel, (req.params or {}).get("attested_by")):
            abort(403)
        operations.attest_item(
            person,
            plan=plan.key,
            requirement=requirement_key,
            item=item_key,
            attested_on=form.attested_on.data,
            attested_by=form.attested_by.data,
            user=current_user._get_current_object(),
        )

    if form.validate_on_submit() and writes.run(write, form=form, on_error=_put_checklist_error).ok:
        flash(_("Ferdigheten er attestert."), "success")
        return redirect(_records_url(person, "ferdigheter"))
    return _page(person, ck_form=form)


@bp.route(
    "/persons/<int:person_id>/kpm/<any('service-periods', 'supervision-meetings', "
    "'teaching-hours', 'documents', 'checklist'):kind>/<int:record_id>/delete",
    methods=["GET", "POST"],
)
@login_required
def delete_record(person_id: int, kind: str, record_id: int):
    """Confirm, then remove a record entered by mistake."""
    person = access.get_person_or_404(current_user, person_id)
    model, key, name = RECORDS[kind]
    rel = permissions.require_record(current_user, person, key)
    record = db.session.get(model, record_id)
    if record is None or record.person_id != person.id:
        abort(404)
    if not permissions.may_remove(current_user, rel, record):
        abort(403)
    form = forms.ConfirmForm()
    if form.validate_on_submit() and writes.run(lambda: operations.delete_record(record)).ok:
        flash(_("Registreringen er slettet."), "success")
        return redirect(url_for("kpm.records", person_id=person.id))
    return render_template(
        "kpm/confirm_delete.html",
        person=person,
        record=record,
        kind=kind,
        name=name,
        form=form,
    )


@bp.post("/persons/<int:person_id>/kpm/supervisors")
@login_required
def assign_supervisor(person_id: int):
    """Assign a supervisor to the doctor."""
    person = access.get_person_or_404(current_user, person_id)
    if not permissions.can_manage_supervisors(current_user, person):
        abort(403)
    form = forms.AssignSupervisorForm()
    form.supervisor.choices = [("", "—")] + [
        (str(u.id), u.email) for u in queries.supervisor_users()
    ]
    if form.validate_on_submit():
        user = db.session.get(User, int(form.supervisor.data))

        def write():
            operations.assign_supervisor(person, user, start=form.start.data)
            if form.kpm_approved_on.data is not None:
                operations.set_qualification(user, kpm_approved_on=form.kpm_approved_on.data)

        outcome = writes.run(write, form=form)
        if outcome.ok:
            flash(_("Veilederen er knyttet til legen."), "success")
            return redirect(_records_url(person, "veiledere"))
    return _page(person, sv_form=form)


@bp.post("/persons/<int:person_id>/kpm/supervisors/<int:assignment_id>/delete")
@login_required
def unassign_supervisor(person_id: int, assignment_id: int):
    """Remove a supervisor from the doctor."""
    person = access.get_person_or_404(current_user, person_id)
    if not permissions.can_manage_supervisors(current_user, person):
        abort(403)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    assignment = db.session.get(SupervisorAssignment, assignment_id)
    if assignment is None or assignment.person_id != person.id:
        abort(404)
    if writes.run(lambda: operations.unassign_supervisor(assignment)).ok:
        flash(_("Veilederen er fjernet."), "success")
    return redirect(_records_url(person, "veiledere"))


@bp.get("/kpm/candidates")
@login_required
def candidates():
    """A supervisor's candidates; coordinators see the doctors they manage."""
    if access.is_supervisor(current_user):
        persons = queries.candidates_of(current_user)
    elif access.is_coordinator(current_user):
        persons = db.session.scalars(
            select(Person)
            .join(Profession, Profession.id == Person.profession_id)
            .where(Profession.key == "doctor", access.visible_persons_clause(current_user))
            .options(selectinload(Person.workplace))
            .order_by(Person.name, Person.id)
        ).all()
    else:
        abort(403)
    return render_template("kpm/candidates.html", persons=persons)


# --------------------------------------------------------------------------- partials


@bp.app_template_global()
def kpm_records_link(person: Person) -> bool:
    """True when the person page should link to the KPM records (doctors, or has records)."""
    profession = getattr(person, "profession", None)
    return getattr(profession, "key", None) == "doctor" or queries.has_records(person)


@bp.app_template_global()
def kpm_has_inbox() -> bool:
    """True when the signed-in user attests KPM records (supervisors, KPM coordinators)."""
    return access.is_supervisor(current_user) or permissions.coordinates_kpm(current_user)


@bp.app_template_global()
def kpm_candidates() -> list[Person]:
    """The signed-in supervisor's candidates (empty for other roles)."""
    if not access.is_supervisor(current_user):
        return []
    return queries.candidates_of(current_user)


# The education sites, their inspections and the supervisor's inbox live in their own modules
# on this blueprint.
from app.kpm import inbox_views, inspection_views, site_views  # noqa: E402, F401
