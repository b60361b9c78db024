"""Inspection pages (tilsyn): a site's inspections with "Registrer tilsyn", closing a finding
("Lukk avvik") after a confirmation, and the sites workbook with their inspection standing."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access, writes
from app.core.conditional import send_conditional
from app.core.errors import DomainError
from app.core.forms import put_error
from app.core.types import today_oslo
from app.core.xlsx import XLSX_MIMETYPE, Sheet, generate_xlsx
from app.extensions import db
from app.kpm import inspection_operations, inspection_queries, permissions, queries
from app.kpm.inspection_forms import MAX_FINDING_ROWS, CloseFindingForm, InspectionForm
from app.kpm.models import EducationSite
from app.kpm.views import bp
from app.people.models import Region


def _regions() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.name)))


def _site_or_404(site_id: int) -> EducationSite:
    site = db.session.get(EducationSite, site_id)
    if site is None:
        abort(404)
    return site


def inspection_form() -> InspectionForm:
    """The "Registrer tilsyn" form: this year, one finding row to start with."""
    form = InspectionForm(regions=_regions())
    if request.method == "GET":
        form.year.data = today_oslo().year
        form.findings.append_entry()
    return form


def site_page(site: EducationSite, form: InspectionForm | None = None):
    """The site's page: approval, history, inspections with findings, the form."""
    today = today_oslo()
    can_manage = permissions.can_manage_sites(current_user)
    if form is None and can_manage:
        form = inspection_form()
    return render_template(
        "kpm/site.html",
        site=site,
        state=inspection_queries.inspection_states([site], today)[site.id],
        inspections=inspection_queries.site_inspections(site),
        form=form,
        today=today,
        can_manage=can_manage,
    )


def _inspection_error(form: InspectionForm, error: DomainError) -> None:
    """Put an error on its field; ``findings.N.x`` on the N-th filled row's field."""
    parts = (error.field or "").split(".")
    if parts[0] != "findings" or len(parts) < 2 or not parts[1].isdigit():
        put_error(form, error)
        return
    filled = [row for row in form.findings if not row.form.is_blank()]
    index = int(parts[1])
    sub = None
    if index < len(filled) and len(parts) > 2:
        sub = getattr(filled[index].form, parts[2], None)
    if sub is None:
        form.form_errors.append(error.message)
    else:
        sub.errors = [*sub.errors, error.message]


def _finding_rows_changed(form: InspectionForm) -> bool:
    """Handle "Legg til avvik" / "Fjern avvik": change the rows, save nothing. True if so."""
    action = request.form.get("action", "")
    if action == "add-finding":
        if len(form.findings) < MAX_FINDING_ROWS:
            form.findings.append_entry()
        return True
    if action.startswith("remove-finding:") and action.partition(":")[2].isdigit():
        index = int(action.partition(":")[2])
        if index < len(form.findings):
            form.findings.entries.pop(index)
        return True
    return False


@bp.app_template_global()
def kpm_inspection_overview() -> dict | None:
    """For the dashboard of KPM coordinators (and admins): the sites due for inspection this
    year and the findings past their deadline; None for everyone else."""
    if not permissions.coordinates_kpm(current_user):
        return None
    today = today_oslo()
    return {
        "due": inspection_queries.sites_due(today),
        "overdue": inspection_queries.overdue_findings(today),
        "year": today.year,
    }


@bp.post("/kpm/sites/<int:site_id>/inspections")
@login_required
def record_inspection(site_id: int):
    """Register an inspection of the site (KPM coordinators and admins)."""
    if not permissions.can_manage_sites(current_user):
        abort(403)
    site = _site_or_404(site_id)
    form = inspection_form()
    if _finding_rows_changed(form):
        return site_page(site, form)
    if form.validate_on_submit():
        outcome = writes.run(
            lambda: inspection_operations.record_inspection(
                site,
                year=form.year.data,
                kind=form.kind.data,
                date=form.date.data,
                inspector=form.inspector.data,
                inspector_region=form.inspector_region.data or None,
                findings=form.findings_data(),
                user=current_user._get_current_object(),
            ),
            form=form,
            on_error=_inspection_error,
        )
        if outcome.ok:
            flash(_("Tilsynet er registrert."), "success")
            return redirect(url_for("kpm.show_site", site_id=site.id, _anchor="inspections-h"))
    return site_page(site, form), 422


@bp.route("/kpm/findings/<int:finding_id>/close", methods=["GET", "POST"])
@login_required
def close_finding(finding_id: int):
    """Close a finding after a confirmation (KPM coordinators and admins)."""
    if not permissions.can_manage_sites(current_user):
        abort(403)
    finding = inspection_queries.get_finding(finding_id)
    if finding is None:
        abort(404)
    form = CloseFindingForm()
    if request.method == "GET":
        form.closed_on.data = today_oslo()
    if form.validate_on_submit():
        outcome = writes.run(
            lambda: inspection_operations.close_finding(
                finding,
                closed_on=form.closed_on.data,
                follow_up=form.follow_up.data or None,
                user=current_user._get_current_object(),
            ),
            form=form,
        )
        if outcome.ok:
            flash(_("Avviket er lukket."), "success")
            site_id = finding.inspection.site_id
            return redirect(url_for("kpm.show_site", site_id=site_id, _anchor="inspections-h"))
    return render_template("kpm/close_finding.html", finding=finding, form=form)


@bp.get("/kpm/education-sites.xlsx")
@bp.get("/kpm/sites.xlsx")
@login_required
def sites_xlsx():
    """The education sites with their approval and inspection standing, as a workbook."""
    if not access.can_see_education_sites(current_user):
        abort(403)
    sites = queries.education_sites()
    states = inspection_queries.inspection_states(sites, today_oslo())
    headers, rows = inspection_queries.site_sheet_rows(sites, states)
    body = generate_xlsx([Sheet(_("Utdanningssteder"), headers, rows)])
    return send_conditional(
        body, XLSX_MIMETYPE, filename="utdanningssteder.xlsx", max_age=0, private=True
    )
