"""API v1: inspections (tilsyn) of KPM education sites and their findings (CONTRACT.md "KPM",
"Inspection").

Coordinators of the KPM network and admins record inspections and close findings; whoever
may see the education sites reads them. An unknown site or finding is a 404.
"""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.api.helpers import acting_user, created, json_body, only_fields
from app.api.schemas import kpm_sites as schemas
from app.api.schemas import typed
from app.core import access, writes
from app.core.errors import DomainError
from app.core.types import today_oslo
from app.extensions import db
from app.kpm import inspection_operations, inspection_queries, permissions, serialize
from app.kpm.models import EducationSite

INSPECTION_FIELDS = {"year", "kind", "date", "inspector", "inspector_region", "findings"}
FINDING_FIELDS = {"closed_on", "follow_up"}


@bp.post("/kpm/education-sites/<int:site_id>/inspections")
@typed(json=schemas.InspectionCreate, resp=schemas.Inspection, status=201)
def create_inspection(site_id: int):
    """Record an inspection: `{year, kind: "report"|"visit", date, inspector?,
    inspector_region?, findings?: [{text, deadline}]}` → `201 {id}`; a regional centre
    inspected by its own region is 422 on `inspector_region`."""
    if not permissions.can_manage_sites(current_user):
        abort(403)
    site = db.session.get(EducationSite, site_id)
    if site is None:
        abort(404)
    data = only_fields(json_body(), INSPECTION_FIELDS)
    inspection = writes.run(
        lambda: inspection_operations.record_inspection(
            site,
            year=data.get("year"),
            kind=data.get("kind"),
            date=data.get("date"),
            inspector=data.get("inspector"),
            inspector_region=data.get("inspector_region"),
            findings=data.get("findings"),
            user=acting_user(),
        )
    ).value
    return created(serialize.inspection_json(inspection, today_oslo()))


@bp.get("/kpm/education-sites/<int:site_id>/inspections")
@typed(resp=schemas.Inspections)
def list_inspections(site_id: int):
    """A site's inspections, newest first, each with its findings and whether each is
    `overdue`."""
    if not access.can_see_education_sites(current_user):
        abort(403)
    site = db.session.get(EducationSite, site_id)
    if site is None:
        abort(404)
    today = today_oslo()
    return [serialize.inspection_json(i, today) for i in inspection_queries.site_inspections(site)]


@bp.get("/kpm/findings/<int:finding_id>")
@typed(resp=schemas.Finding)
def get_finding(finding_id: int):
    """One finding (avvik) with its deadline, `closed_on` and `overdue`."""
    if not access.can_see_education_sites(current_user):
        abort(403)
    finding = inspection_queries.get_finding(finding_id)
    if finding is None:
        abort(404)
    return serialize.finding_json(finding, today_oslo())


@bp.patch("/kpm/findings/<int:finding_id>")
@typed(json=schemas.FindingUpdate, resp=schemas.Finding)
def update_finding(finding_id: int):
    """Close a finding: `{"closed_on": date, "follow_up"?: "report"|"visit"}`
    (`closed_on: null` opens it again)."""
    if not permissions.can_manage_sites(current_user):
        abort(403)
    finding = inspection_queries.get_finding(finding_id)
    if finding is None:
        abort(404)
    data = only_fields(json_body(), FINDING_FIELDS)
    if "closed_on" not in data:
        raise DomainError("closed_on", _("Feltet må fylles ut."))
    writes.run(
        lambda: inspection_operations.close_finding(
            finding,
            closed_on=data.get("closed_on"),
            follow_up=data.get("follow_up"),
            user=acting_user(),
        )
    )
    return serialize.finding_json(finding, today_oslo())
