"""API v1: the registry of KPM education sites (utdanningssteder) and their approval
(CONTRACT.md "KPM"): coordinators of the KPM network and admins keep it; coordinators,
supervisors and admins read it, with each site's inspection standing this year."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.api.helpers import (
    acting_user,
    created,
    json_body,
    only_fields,
    parse_bool,
    parse_date,
    parse_number,
)
from app.api.schemas import kpm_sites as schemas
from app.api.schemas import typed
from app.core import access, writes
from app.core.errors import DomainError
from app.core.types import today_oslo
from app.extensions import db
from app.kpm import inspection_queries, permissions, queries, serialize, site_operations
from app.kpm.models import EducationSite


@bp.get("/kpm/education-sites")
@typed(resp=schemas.EducationSites)
def list_education_sites():
    """KPM education sites with `inspection_due` and `open_findings` (coordinators,
    supervisors and admins)."""
    if not access.can_see_education_sites(current_user):
        abort(403)
    sites = queries.education_sites()
    states = inspection_queries.inspection_states(sites, today_oslo())
    return [serialize.education_site_json(s, states[s.id]) for s in sites]


@bp.get("/kpm/education-sites/<int:site_id>")
@typed(resp=schemas.EducationSite)
def get_education_site(site_id: int):
    """One education site with its approval history."""
    if not access.can_see_education_sites(current_user):
        abort(403)
    site = db.session.get(EducationSite, site_id)
    if site is None:
        abort(404)
    return serialize.education_site_json(site)


SITE_FIELDS = {
    "name",
    "kind",
    "region",
    "regional_centre",
    "approval",
    "approved_from",
    "approved_until",
    "reason",
    "committee_chair",
    "committee_members",
    "education_plan",
    "weekly_teaching_hours",
    "notes",
}


def _save_site(site: EducationSite | None, data: dict):
    """Create or change a site from a body merged over its current values."""
    current = serialize.education_site_json(site) if site is not None else {}

    def value(name: str) -> Any:
        return data[name] if name in data else current.get(name)

    def day(name: str) -> Any:
        return parse_date(value(name), name)

    if site is None and data.get("approval") in (None, ""):
        raise DomainError("approval", _("Feltet må fylles ut."))
    if site is None and data.get("kind") in (None, ""):
        raise DomainError("kind", _("Feltet må fylles ut."))
    centre = parse_bool(value("regional_centre"), "regional_centre")
    hours = value("weekly_teaching_hours")
    if hours is not None:
        hours = parse_number(hours, "weekly_teaching_hours")
    return writes.run(
        lambda: site_operations.save_education_site(
            site,
            name=value("name"),
            kind=value("kind"),
            approval=value("approval"),
            approved_from=day("approved_from"),
            approved_until=day("approved_until"),
            region=value("region"),
            regional_centre=bool(centre),
            reason=data.get("reason"),
            committee_chair=value("committee_chair"),
            committee_members=value("committee_members"),
            education_plan=value("education_plan"),
            weekly_teaching_hours=hours,
            notes=value("notes"),
            user=acting_user(),
        )
    ).value


@bp.post("/kpm/education-sites")
@typed(json=schemas.EducationSiteCreate, resp=schemas.EducationSite, status=201)
def create_education_site():
    """Add an education site: `{name, kind, region?, regional_centre?, approval,
    approved_from?, approved_until?, reason?, committee_chair?, committee_members?,
    education_plan?, weekly_teaching_hours?, notes?}`; a nursing-home unit is 422."""
    if not permissions.can_manage_sites(current_user):
        abort(403)
    site = _save_site(None, only_fields(json_body(), SITE_FIELDS))
    return created(serialize.education_site_json(site))


@bp.patch("/kpm/education-sites/<int:site_id>")
@typed(json=schemas.EducationSiteFields, resp=schemas.EducationSite)
def update_education_site(site_id: int):
    """Change an education site; a change of approval is kept in its history."""
    if not permissions.can_manage_sites(current_user):
        abort(403)
    site = db.session.get(EducationSite, site_id)
    if site is None:
        abort(404)
    site = _save_site(site, only_fields(json_body(), SITE_FIELDS))
    return serialize.education_site_json(site)
