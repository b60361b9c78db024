"""Pure decisions about inspections (tilsyn) of education sites: when a site is due, who may
inspect a regional centre, and when a finding is overdue. No Flask, no database, no clock.

Seed 000 §2.3: the inspection is yearly, a written report and a visit; the regional
centre is inspected by the competence centre of another region; a deficiency gets a
deadline to be corrected.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

#: the approvals under which a site is inspected (the same under which service counts)
INSPECTED_APPROVALS = frozenset({"approved", "dispensation"})
#: what a year's inspection consists of
INSPECTION_KINDS = ("report", "visit")


def approved_in_year(
    approved_from: date | None, approved_until: date | None, year: int | None
) -> bool:
    """True when the approval window (either end open) touches the year (None: any year)."""
    if year is None:
        return True
    if approved_from is not None and approved_from.year > year:
        return False
    return approved_until is None or approved_until.year >= year


def inspection_due(
    approval: str,
    inspections_this_year: Iterable[str] = (),
    *,
    year: int | None = None,
    approved_from: date | None = None,
    approved_until: date | None = None,
) -> bool:
    """CONTRACT: a site approved (or on dispensation) in a year is due for inspection in that
    year until the year has both a written report and a visit."""
    if approval not in INSPECTED_APPROVALS:
        return False
    if not approved_in_year(approved_from, approved_until, year):
        return False
    return not set(INSPECTION_KINDS) <= set(inspections_this_year)


def own_region_refused(
    regional_centre: bool, site_region: str | None, inspector_region: str | None
) -> bool:
    """True when a regional centre would be inspected by its own region (seed 000: it is
    inspected from another region). Unknown regions refuse nothing."""
    return bool(
        regional_centre
        and site_region is not None
        and inspector_region is not None
        and site_region == inspector_region
    )


def finding_overdue(deadline: date, closed_on: date | None, today: date) -> bool:
    """An open finding whose deadline has passed."""
    return closed_on is None and deadline < today


@dataclass(frozen=True, slots=True)
class InspectionFact:
    """One inspection as the summary sees it."""

    year: int
    kind: str
    on: date


@dataclass(frozen=True, slots=True)
class InspectionState:
    """A site's inspection standing on a day: due this year, its latest report and visit,
    its open and overdue findings."""

    due: bool
    last_report: date | None
    last_visit: date | None
    open_findings: int
    overdue_findings: int


def inspection_state(
    approval: str,
    approved_from: date | None,
    approved_until: date | None,
    inspections: Iterable[InspectionFact],
    findings: Iterable[tuple[date, date | None]],
    today: date,
) -> InspectionState:
    """The site's standing from its inspections and its findings ``(deadline, closed_on)``."""
    items = list(inspections)
    this_year = [i.kind for i in items if i.year == today.year]
    last = {
        kind: max((i.on for i in items if i.kind == kind), default=None)
        for kind in INSPECTION_KINDS
    }
    pairs = list(findings)
    return InspectionState(
        due=inspection_due(
            approval,
            this_year,
            year=today.year,
            approved_from=approved_from,
            approved_until=approved_until,
        ),
        last_report=last["report"],
        last_visit=last["visit"],
        open_findings=sum(1 for _d, closed in pairs if closed is None),
        overdue_findings=sum(1 for d, closed in pairs if finding_overdue(d, closed, today)),
    )
