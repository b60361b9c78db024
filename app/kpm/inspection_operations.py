"""Writes of inspections (tilsyn) and their findings: flush, audit, raise DomainError.

Values come as the API sends them or as a form parsed them: the parsers of
``app.core.parsing`` take both, so every caller gets the same checks and the same field names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _

from app.auth.models import User
from app.core import audit
from app.core.errors import DomainError
from app.core.parsing import check_list, parse_date, parse_int, parse_text
from app.extensions import db
from app.kpm import inspection_rules
from app.kpm.inspection_models import InspectionFinding, InspectionKind, SiteInspection
from app.kpm.models import EducationSite
from app.kpm.operations import _enum
from app.kpm.site_operations import find_region

#: the inspection years taken (the pilot's first inspection was in 2013)
MIN_YEAR, MAX_YEAR = 2000, 2200
FINDING_FIELDS = frozenset({"text", "deadline"})


def _year(value: Any) -> int:
    year = parse_int(value, "year")
    if year is None:
        raise DomainError("year", _("Feltet må fylles ut."))
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError("year", _("Året må være mellom %(a)d og %(b)d.", a=MIN_YEAR, b=MAX_YEAR))
    return year


def _kind(value: Any, field: str, *, required: bool = True) -> InspectionKind | None:
    if value is None or value == "":
        if required:
            raise DomainError(field, _("Feltet må fylles ut."))
        return None
    return _enum(InspectionKind, value, field)


def _findings(value: Any, after: dt.date) -> list[tuple[str, dt.date]]:
    """``[{"text", "deadline"}]`` → (text, deadline) pairs; a deadline before the
    inspection is refused."""
    if value is None:
        return []
    out: list[tuple[str, dt.date]] = []
    for index, item in enumerate(check_list(value, "findings", unique=False)):
        field = f"findings.{index}"
        if not isinstance(item, dict):
            raise DomainError(field, _("Må være et objekt med text og deadline."))
        unknown = sorted(set(item) - FINDING_FIELDS)
        if unknown:
            raise DomainError(f"{field}.{unknown[0]}", _("Ukjent felt."), code="unknown_field")
        text = parse_text(item.get("text"), f"{field}.text", 5000, required=True)
        deadline = parse_date(item.get("deadline"), f"{field}.deadline", required=True)
        if deadline < after:
            raise DomainError(f"{field}.deadline", _("Fristen kan ikke være før tilsynsdatoen."))
        out.append((text, deadline))
    return out


def record_inspection(
    site: EducationSite,
    *,
    year: Any,
    kind: Any,
    date: Any,
    inspector: Any = None,
    inspector_region: Any = None,
    findings: Any = None,
    user: User | None = None,
) -> SiteInspection:
    """Record a report or visit for a site's inspection year, with the deficiencies found;
    a regional centre inspected by its own region is refused (seed 000 §2.3)."""
    the_year = _year(year)
    the_kind = _kind(kind, "kind")
    day = parse_date(date, "date", required=True)
    if day.year not in (the_year, the_year + 1):
        raise DomainError("date", _("Datoen må ligge i tilsynsåret eller året etter."))
    name = parse_text(inspector, "inspector", 200)
    region = find_region(inspector_region, "inspector_region")
    site_region = site.region.key if site.region is not None else None
    if inspection_rules.own_region_refused(
        bool(site.regional_centre), site_region, region.key if region else None
    ):
        raise DomainError(
            "inspector_region",
            _("Et regionalt kompetansesenter skal ha tilsyn fra en annen helseregion."),
            code="own_region",
        )
    inspection = SiteInspection(
        site=site,
        year=the_year,
        kind=the_kind,
        date=day,
        inspector=name,
        inspector_region=region,
        created_by_user_id=user.id if user is not None else None,
    )
    for text, deadline in _findings(findings, day):
        inspection.findings.append(InspectionFinding(text=text, deadline=deadline))
    db.session.add(inspection)
    db.session.flush()
    audit.log(
        "kpm.inspection.create",
        inspection,
        site_id=site.id,
        year=the_year,
        kind=the_kind.value,
        findings=len(inspection.findings),
    )
    return inspection


def close_finding(
    finding: InspectionFinding,
    *,
    closed_on: Any,
    follow_up: Any = None,
    user: User | None = None,
) -> InspectionFinding:
    """Close a finding on a day (not before its inspection), with how it was followed up;
    ``closed_on`` None opens it again."""
    day = parse_date(closed_on, "closed_on")
    kind = _kind(follow_up, "follow_up", required=False)
    if day is not None and day < finding.inspection.date:
        raise DomainError("closed_on", _("Avviket kan ikke lukkes før tilsynsdatoen."))
    finding.closed_on = day
    finding.follow_up = kind if day is not None else None
    finding.closed_by_user_id = user.id if user is not None and day is not None else None
    db.session.flush()
    audit.log(
        "kpm.finding.close" if day is not None else "kpm.finding.reopen",
        finding,
        inspection_id=finding.inspection_id,
        closed_on=day.isoformat() if day else None,
    )
    return finding
