"""Demo inspections (tilsyn) of the demo education sites (idempotent): last year's report and
visit, with a finding closed in time and one past its deadline, and this year's report."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.extensions import db
from app.kpm.inspection_models import SiteInspection
from app.kpm.inspection_operations import close_finding, record_inspection
from app.kpm.models import EducationSite

HAUKELAND = "Palliativt senter, Haukeland universitetssjukehus"
SUNNIVA = "Sunniva senter for lindrende behandling, Haraldsplass"
#: a regional centre is inspected from another region (seed 000 §2.3)
MIDT = {"inspector": "KLB Midt-Norge", "inspector_region": "helse-midt-norge"}
VEST = {"inspector": "KLB Helse Vest", "inspector_region": "helse-vest"}


def seed_inspections(sites: dict[str, EducationSite], today: dt.date) -> None:
    """Inspections of two demo sites, unless a site already has some."""
    last = today.year - 1
    haukeland, sunniva = sites.get(HAUKELAND), sites.get(SUNNIVA)
    if haukeland is not None and not _inspected(haukeland):
        record_inspection(haukeland, year=last, kind="report", date=dt.date(last, 3, 1), **MIDT)
        plan = {"text": "Utdanningsplanen mangler hjemmebesøk.", "deadline": dt.date(last, 12, 1)}
        visit = record_inspection(
            haukeland, year=last, kind="visit", date=dt.date(last, 9, 15), findings=[plan], **MIDT
        )
        close_finding(visit.findings[0], closed_on=dt.date(last, 11, 20), follow_up="report")
        this_year = min(dt.date(today.year, 2, 15), today)
        record_inspection(haukeland, year=today.year, kind="report", date=this_year, **MIDT)
    if sunniva is not None and not _inspected(sunniva):
        record_inspection(sunniva, year=last, kind="report", date=dt.date(last, 3, 10), **VEST)
        teaching = {
            "text": "Internundervisningen er under to timer i uken.",
            "deadline": dt.date(last, 12, 31),
        }
        record_inspection(
            sunniva, year=last, kind="visit", date=dt.date(last, 10, 2), findings=[teaching], **VEST
        )


def _inspected(site: EducationSite) -> bool:
    found = select(SiteInspection.id).where(SiteInspection.site_id == site.id)
    return db.session.scalar(found) is not None
