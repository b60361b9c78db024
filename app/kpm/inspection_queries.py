"""Reads of inspections (tilsyn), batched: two queries give the standing of any number of
sites; the workbook's rows are built from them."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.kpm.inspection_models import InspectionFinding, SiteInspection
from app.kpm.inspection_rules import InspectionFact, InspectionState, inspection_state
from app.kpm.models import EducationSite


def inspection_states(sites: Sequence[EducationSite], today: dt.date) -> dict[int, InspectionState]:
    """Each site's inspection standing on ``today``: two queries whatever the number."""
    ids = [s.id for s in sites]
    if not ids:
        return {}
    facts: dict[int, list[InspectionFact]] = defaultdict(list)
    for site_id, year, kind, on in db.session.execute(
        select(
            SiteInspection.site_id, SiteInspection.year, SiteInspection.kind, SiteInspection.date
        ).where(SiteInspection.site_id.in_(ids))
    ):
        facts[site_id].append(InspectionFact(year, kind.value, on))
    findings: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for site_id, deadline, closed_on in db.session.execute(
        select(SiteInspection.site_id, InspectionFinding.deadline, InspectionFinding.closed_on)
        .join(SiteInspection, SiteInspection.id == InspectionFinding.inspection_id)
        .where(SiteInspection.site_id.in_(ids))
    ):
        findings[site_id].append((deadline, closed_on))
    return {
        s.id: inspection_state(
            s.approval.value,
            s.approved_from,
            s.approved_until,
            facts.get(s.id, ()),
            findings.get(s.id, ()),
            today,
        )
        for s in sites
    }


def site_inspections(site: EducationSite) -> list[SiteInspection]:
    """The site's inspections, newest first, with their findings and the inspector's region."""
    return list(
        db.session.scalars(
            select(SiteInspection)
            .where(SiteInspection.site_id == site.id)
            .options(
                selectinload(SiteInspection.findings),
                selectinload(SiteInspection.inspector_region),
            )
            .order_by(
                SiteInspection.year.desc(), SiteInspection.date.desc(), SiteInspection.id.desc()
            )
        )
    )


def get_finding(finding_id: int) -> InspectionFinding | None:
    """A finding with its inspection and site loaded, or None."""
    return db.session.scalar(
        select(InspectionFinding)
        .where(InspectionFinding.id == finding_id)
        .options(selectinload(InspectionFinding.inspection).selectinload(SiteInspection.site))
    )


def overdue_findings(today: dt.date) -> list[tuple[str, int, str, dt.date]]:
    """Open findings past their deadline, oldest deadline first: (site name, site id, text,
    deadline). One query."""
    rows = db.session.execute(
        select(
            EducationSite.name,
            EducationSite.id,
            InspectionFinding.text,
            InspectionFinding.deadline,
        )
        .join(SiteInspection, SiteInspection.id == InspectionFinding.inspection_id)
        .join(EducationSite, EducationSite.id == SiteInspection.site_id)
        .where(InspectionFinding.closed_on.is_(None), InspectionFinding.deadline < today)
        .order_by(InspectionFinding.deadline, EducationSite.name, InspectionFinding.id)
    )
    return [(name, site_id, text, deadline) for name, site_id, text, deadline in rows]


def sites_due(today: dt.date) -> list[EducationSite]:
    """The sites due for inspection this year, by name (three queries)."""
    sites = list(
        db.session.scalars(select(EducationSite).order_by(EducationSite.name, EducationSite.id))
    )
    states = inspection_states(sites, today)
    return [s for s in sites if states[s.id].due]


def site_sheet_rows(
    sites: Sequence[EducationSite], states: dict[int, InspectionState]
) -> tuple[list[str], list[list[Any]]]:
    """The workbook of sites with their inspection standing: ``(headers, rows)``."""
    headers = [
        _("Navn"),
        _("Type"),
        _("Helseregion"),
        _("Regionalt senter"),
        _("Godkjenning"),
        _("Godkjent fra"),
        _("Godkjent til"),
        _("Siste rapport"),
        _("Siste besøk"),
        _("Tilsyn skyldes i år"),
        _("Åpne avvik"),
        _("Avvik over fristen"),
    ]
    rows = []
    for s in sites:
        state = states[s.id]
        rows.append(
            [
                s.name,
                s.kind.label,
                s.region.name if s.region else None,
                _("Ja") if s.regional_centre else _("Nei"),
                s.approval.label,
                s.approved_from,
                s.approved_until,
                state.last_report,
                state.last_visit,
                _("Ja") if state.due else _("Nei"),
                state.open_findings,
                state.overdue_findings,
            ]
        )
    return headers, rows
