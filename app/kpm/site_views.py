"""Education sites pages (utdanningssteder): the list, a site's page, the site form (the
inspections on a site's page are in ``inspection_views``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access, writes
from app.core.types import today_oslo
from app.extensions import db
from app.kpm import (
    forms,
    inspection_queries,
    inspection_views,
    permissions,
    queries,
    site_operations,
)
from app.kpm.models import EducationSite
from app.kpm.views import bp
from app.people.models import Region


def _regions() -> list[Region]:
    return list(db.session.scalars(select(Region).order_by(Region.name)))


@bp.get("/kpm/sites")
@login_required
def list_sites():
    """KPM education sites with their approval and whether an inspection is due."""
    if not access.can_see_education_sites(current_user):
        abort(403)
    sites = queries.education_sites()
    return render_template(
        "kpm/sites.html",
        sites=sites,
        states=inspection_queries.inspection_states(sites, today_oslo()),
        can_manage=permissions.can_manage_sites(current_user),
    )


@bp.get("/kpm/sites/<int:site_id>")
@login_required
def show_site(site_id: int):
    """A site: its approval and history, committee, education plan, weekly teaching, and
    its inspections with their findings."""
    if not access.can_see_education_sites(current_user):
        abort(403)
    site = db.session.get(EducationSite, site_id)
    if site is None:
        abort(404)
    return inspection_views.site_page(site)


@bp.route("/kpm/sites/new", methods=["GET", "POST"], defaults={"site_id": None})
@bp.route("/kpm/sites/<int:site_id>/edit", methods=["GET", "POST"])
@login_required
def edit_site(site_id: int | None):
    """Add or change an education site (admins and KPM coordinators)."""
    if not permissions.can_manage_sites(current_user):
        abort(403)
    site = db.session.get(EducationSite, site_id) if site_id else None
    if site_id and site is None:
        abort(404)
    form = forms.EducationSiteForm(
        obj=site if request.method == "GET" else None, regions=_regions()
    )
    if request.method == "GET" and site is not None:
        form.kind.data = site.kind.value
        form.approval.data = site.approval.value
        form.region.data = site.region.key if site.region else ""
    if form.validate_on_submit():
        hours = form.weekly_teaching_hours.data
        outcome = writes.run(
            lambda: site_operations.save_education_site(
                site,
                name=form.name.data,
                kind=form.kind.data,
                approval=form.approval.data,
                approved_from=form.approved_from.data,
                approved_until=form.approved_until.data,
                region=form.region.data or None,
                regional_centre=form.regional_centre.data,
                reason=form.reason.data,
                committee_chair=form.committee_chair.data,
                committee_members=form.committee_members.data,
                education_plan=form.education_plan.data,
                weekly_teaching_hours=float(hours) if hours is not None else None,
                notes=form.notes.data,
                user=current_user._get_current_object(),
            ),
            form=form,
        )
        if outcome.ok:
            flash(_("Utdanningsstedet er lagret."), "success")
            return redirect(url_for("kpm.show_site", site_id=outcome.value.id))
    return render_template("kpm/site_form.html", form=form, site=site)
