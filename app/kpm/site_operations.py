"""Writes of KPM education sites (utdanningssteder): flush, audit, raise DomainError."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import User
from app.core import audit
from app.core.errors import DomainError
from app.core.types import today_oslo
from app.extensions import db
from app.kpm import rules
from app.kpm.models import (
    EducationSite,
    ServicePeriod,
    SiteApproval,
    SiteApprovalChange,
    SiteKind,
)
from app.kpm.operations import _date, _enum, _text
from app.people.models import Region


def find_region(value: Any, field: str = "region") -> Region | None:
    """A region by its key or its name (CONTRACT "Reference keys"); unknown is 422 on
    ``field``."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise DomainError(field, _("Må være tekst."))
    text = value.strip()
    region = db.session.scalar(select(Region).where((Region.key == text) | (Region.name == text)))
    if region is None:
        raise DomainError(field, _("Ukjent helseregion: %(r)s.", r=text))
    return region


def _site_kind(kind: Any) -> SiteKind:
    site_kind = _enum(SiteKind, kind, "kind")
    if site_kind.value not in rules.SITE_KINDS:
        raise DomainError(
            "kind",
            _("Palliative enheter i sykehjem kan ikke være utdanningssted (målbeskrivelsen)."),
            code="nursing_home_not_a_site",
        )
    return site_kind


def _hours(value: Any) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 40:
        raise DomainError("weekly_teaching_hours", _("Timer per uke må være et tall fra 0 til 40."))
    return float(value)


def save_education_site(
    site: EducationSite | None,
    *,
    name: Any,
    kind: Any,
    approval: Any,
    approved_from: dt.date | None = None,
    approved_until: dt.date | None = None,
    region: Any = None,
    regional_centre: bool = False,
    reason: str | None = None,
    committee_chair: str | None = None,
    committee_members: str | None = None,
    education_plan: str | None = None,
    weekly_teaching_hours: Any = None,
    notes: str | None = None,
    user: User | None = None,
) -> EducationSite:
    """Create or change an education site (utdanningssted); every change of its approval or
    its window is kept in the site's approval history with the reason."""
    clean = _text(name, "name", 200)
    if clean is None:
        raise DomainError("name", _("Feltet må fylles ut."))
    site_kind = _site_kind(kind)
    standing = _enum(SiteApproval, approval, "approval")
    if approved_from is not None:
        approved_from = _date(approved_from, "approved_from")
    if approved_until is not None:
        approved_until = _date(approved_until, "approved_until")
    if approved_from and approved_until and approved_until < approved_from:
        raise DomainError("approved_until", _("Sluttdato kan ikke være før startdato."))
    created = site is None
    if site is None:
        site = EducationSite(name=clean, kind=site_kind, approval=standing)
        db.session.add(site)
    changed = created or (standing, approved_from, approved_until) != (
        site.approval,
        site.approved_from,
        site.approved_until,
    )
    if not created and site.kind is not site_kind:
        for period in db.session.scalars(
            select(ServicePeriod).where(ServicePeriod.education_site_id == site.id)
        ):
            period.site_kind = site_kind
    site.name = clean
    site.kind = site_kind
    site.approval = standing
    site.approved_from = approved_from
    site.approved_until = approved_until
    site.region = find_region(region)
    site.regional_centre = bool(regional_centre)
    site.committee_chair = _text(committee_chair, "committee_chair", 200)
    site.committee_members = _text(committee_members, "committee_members", 5000)
    site.education_plan = _text(education_plan, "education_plan", 20000)
    site.weekly_teaching_hours = _hours(weekly_teaching_hours)
    site.notes = _text(notes, "notes", 5000)
    if changed:
        site.approvals.append(
            SiteApprovalChange(
                approval=standing,
                approved_from=approved_from,
                approved_until=approved_until,
                reason=_text(reason, "reason", 2000),
                recorded_on=today_oslo(),
                recorded_by_user_id=user.id if user is not None else None,
            )
        )
    db.session.flush()
    audit.log(
        "kpm.site.create" if created else "kpm.site.update",
        site,
        name=clean,
        approval=standing.value,
    )
    return site
