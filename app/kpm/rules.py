"""Pure decisions about KPM records: who may record and attest what, which days of service
count at an education site, and the service arithmetic. No Flask, no database, no clock.

The relation of the acting user to the doctor is worked out by ``app.kpm.permissions``;
this table says what each relation may do with each kind of record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from app.core.dates import FAR_FUTURE, add_months, calendar_months
from app.core.parsing import EPS, num
from app.kpm.inspection_rules import inspection_due  # noqa: F401 - part of the KPM rules

#: kinds of record a doctor has
RECORD_KINDS = ("service", "supervision", "teaching", "documents", "checklist")

#: how the acting user stands to the person whose records they are
MANAGER = "manager"  # an admin, or a coordinator who manages the person
SUPERVISOR = "supervisor"  # an assigned supervisor
SELF = "self"  # the doctor herself
READER = "reader"  # anyone else who may see the person (her leader)

#: what each relation may record (and undo). A doctor records her own records, but
#: a service period she records is never approved (only a manager approves service),
#: and she attests a checklist item only where the plan says the item is self-attested.
MAY_RECORD: dict[str, frozenset[str]] = {
    MANAGER: frozenset(RECORD_KINDS),
    SUPERVISOR: frozenset({"supervision", "teaching", "checklist"}),
    SELF: frozenset({"service", "supervision", "teaching", "documents", "checklist"}),
    READER: frozenset(),
}


def may_record(relation: str, kind: str) -> bool:
    """True when a user of this relation may add or remove records of this kind."""
    return kind in MAY_RECORD.get(relation, frozenset())


def may_approve_service(relation: str) -> bool:
    """Only managers (coordinators, admins) approve a service period."""
    return relation == MANAGER


def may_attest(relation: str, attested_by: str | None) -> bool:
    """Who attests a checklist item: managers and supervisors always; the doctor herself
    only when the requirement's ``attested_by`` is ``self``."""
    if relation in (MANAGER, SUPERVISOR):
        return True
    return relation == SELF and attested_by == "self"


#: what an attestation names (CONTRACT: POST /kpm/attestations {"kind"})
ATTESTATION_KINDS = ("supervision_meeting", "teaching_hours", "document")
#: what a doctor's assigned supervisor attests; a KPM coordinator or an admin attests anything
SUPERVISOR_ATTESTS = frozenset({"supervision_meeting", "teaching_hours"})


def may_attest_record(kind: str, *, kpm_manager: bool, supervisor: bool) -> bool:
    """True when a user attests a record of this kind: a KPM coordinator or an admin
    anything, the doctor's assigned supervisor her meetings and teaching hours."""
    if kind not in ATTESTATION_KINDS:
        return False
    return kpm_manager or (supervisor and kind in SUPERVISOR_ATTESTS)


def may_remove(relation: str, *, attested: bool, own_attestation: bool = False) -> bool:
    """The doctor herself cannot change or delete what someone attested (CONTRACT); a
    checklist item she attested herself (a self-attested list) she may undo."""
    if relation != SELF:
        return True
    return not attested or own_attestation


def checklist_item_keys(params: dict[str, Any] | None) -> list[str]:
    """The item keys of a checklist requirement's params, in order."""
    keys: list[str] = []
    for item in (params or {}).get("items") or ():
        key = item.get("key") if isinstance(item, dict) else item
        if key is not None:
            keys.append(str(key))
    return keys


# --------------------------------------------------------------------------- service arithmetic


@dataclass(frozen=True, slots=True)
class ChecklistFact:
    """An attested checklist item."""

    plan_key: str
    requirement_key: str
    item_key: str
    on: date


@dataclass(frozen=True, slots=True)
class ServicePeriodFact:
    """A period of clinical service (``end`` None = still open)."""

    site_kind: str
    approved: bool
    start: date
    end: date | None
    position_pct: float
    #: at an education site: the days the site was approved or on dispensation, as
    #: ``(first, last)`` spans (``last`` None = open); the period's own ``approved`` is then
    #: ignored. None = a site outside the registry, where ``approved`` decides.
    spans: tuple[tuple[date, date | None], ...] | None = None


@dataclass(frozen=True, slots=True)
class SupervisionFact:
    """A supervision meeting (counts once attested)."""

    on: date
    attested: bool = True


@dataclass(frozen=True, slots=True)
class TeachingFact:
    """Teaching hours logged on a day (count once attested)."""

    on: date
    hours: float
    attested: bool = True


@dataclass(frozen=True, slots=True)
class DocumentFact:
    """A document of a kind (specialist approval, education plan, …) dated."""

    kind: str
    on: date
    attested: bool = True


def site_kind_rules(params: dict[str, Any]) -> dict[str, dict[str, Any]] | None:
    """The ``site_kinds`` rules, or None when the plan sets none (every kind counts)."""
    kinds = params.get("site_kinds")
    return dict(kinds) if kinds else None


# --------------------------------------------------------------------------- education sites

#: the approvals under which service at a site counts
COUNTING_APPROVALS = frozenset({"approved", "dispensation"})
#: the site kinds an education site may have (seed 001: never a nursing-home unit)
SITE_KINDS = ("centre_with_beds", "centre_without_beds")


@dataclass(frozen=True, slots=True)
class ApprovalChange:
    """One change of a site's approval, in the order recorded."""

    approval: str
    approved_from: date | None
    approved_until: date | None
    recorded_on: date


def approval_spans(changes: Iterable[ApprovalChange]) -> tuple[tuple[date, date | None], ...]:
    """The days a site was approved or on dispensation, from its approval history.

    Each approval or dispensation adds its window (``approved_from`` to ``approved_until``,
    either open); an application or a withdrawal ends every window before it, on its own
    ``approved_until`` (the last approved day) or else the day before it was recorded.
    """
    spans: list[tuple[date, date | None]] = []
    for change in changes:
        if change.approval in COUNTING_APPROVALS:
            spans.append((change.approved_from or date.min, change.approved_until))
            continue
        cut = change.approved_until or (change.recorded_on - timedelta(days=1))
        spans = [
            (lo, cut if hi is None or hi > cut else hi) for lo, hi in spans if lo <= cut
        ]
    return _merge(spans)


def _merge(spans: list[tuple[date, date | None]]) -> tuple[tuple[date, date | None], ...]:
    """Overlapping or touching spans merged, in order."""
    out: list[tuple[date, date | None]] = []
    for lo, hi in sorted(spans, key=lambda s: s[0]):
        if out:
            last_lo, last_hi = out[-1]
            if last_hi is None or lo <= last_hi + timedelta(days=1):
                merged = None if last_hi is None or hi is None else max(last_hi, hi)
                out[-1] = (last_lo, merged)
                continue
        out.append((lo, hi))
    return tuple(out)


def site_kind_error(body_kind: str | None, site_kind: str) -> bool:
    """True when a period names a kind that is not its site's (CONTRACT: 422)."""
    return body_kind not in (None, "") and body_kind != site_kind


# --------------------------------------------------------------------------- counting


def effective_periods(periods: Iterable[ServicePeriodFact]) -> list[ServicePeriodFact]:
    """The periods as the arithmetic sees them: a period at an education site becomes one
    approved piece per span of days the site was approved (none when it never was)."""
    out: list[ServicePeriodFact] = []
    for p in periods:
        if p.spans is None:
            out.append(p)
            continue
        end = p.end or FAR_FUTURE
        for lo, hi in p.spans:
            first, last = max(p.start, lo), min(end, hi or FAR_FUTURE)
            if first > last:
                continue
            piece_end = None if last == FAR_FUTURE else last
            out.append(
                ServicePeriodFact(p.site_kind, True, first, piece_end, p.position_pct, None)
            )
    return out


def counts(period: ServicePeriodFact, kinds: dict[str, dict[str, Any]] | None) -> bool:
    """True when a period counts: approved, of a listed kind, at least the kind's ``min_pct``."""
    if not period.approved or period.spans is not None:
        return False
    if kinds is None:
        return True
    rule = kinds.get(period.site_kind)
    if rule is None:
        return False
    return period.position_pct >= num(rule.get("min_pct"), 0.0) - EPS


def counted_periods(
    periods: Iterable[ServicePeriodFact], params: dict[str, Any], as_of: date
) -> list[ServicePeriodFact]:
    """The (pieces of) periods that count, started on or before ``as_of``, sorted by start."""
    kinds = site_kind_rules(params)
    return sorted(
        (p for p in effective_periods(periods) if p.start <= as_of and counts(p, kinds)),
        key=lambda p: p.start,
    )


def service_months(
    periods: Iterable[ServicePeriodFact], params: dict[str, Any], as_of: date
) -> tuple[float, dict[str, float]]:
    """Counted service months up to ``as_of``: the total (not capped at ``months``) and the
    sum per site kind capped at its ``max_months``."""
    kinds = site_kind_rules(params)
    raw: dict[str, float] = {}
    for p in counted_periods(periods, params, as_of):
        last = min(p.end or as_of, as_of)
        raw[p.site_kind] = raw.get(p.site_kind, 0.0) + (
            calendar_months(p.start, last) * p.position_pct / 100.0
        )
    by_kind: dict[str, float] = {}
    for kind, months in raw.items():
        cap = (kinds or {}).get(kind, {}).get("max_months")
        by_kind[kind] = min(months, float(cap)) if cap is not None else months
    return sum(by_kind.values()), by_kind


def check_service_overlap(existing: list[ServicePeriodFact], new: ServicePeriodFact) -> date | None:
    """The first day on which ``new`` would take the total position above 100 %, else None."""
    new_end = new.end or FAR_FUTURE
    candidates = {new.start}
    candidates.update(p.start for p in existing if new.start <= p.start <= new_end)
    for day in sorted(candidates):
        total = new.position_pct + sum(
            p.position_pct for p in existing if p.start <= day <= (p.end or FAR_FUTURE)
        )
        if total > 100.0 + EPS:
            return day
    return None


# --------------------------------------------------------------------------- advice


def nursing_home_before_centre_year(
    periods: Iterable[ServicePeriodFact], params: dict[str, Any], as_of: date
) -> bool:
    """Seed 001: the mandatory year at a centre with beds should come before nursing-home
    service. True when counted nursing-home service starts before the centre's
    ``min_months`` were reached (or while they still are not)."""
    kinds = site_kind_rules(params) or {}
    minimum = (kinds.get("centre_with_beds") or {}).get("min_months")
    counted = counted_periods(periods, params, as_of)
    homes = [p for p in counted if p.site_kind == "nursing_home_unit"]
    if not homes or minimum is None:
        return False
    first_home = homes[0].start
    centre = [p for p in counted if p.site_kind == "centre_with_beds"]
    day_before = first_home - timedelta(days=1)
    _total, by_kind = service_months(centre, params, day_before)
    return by_kind.get("centre_with_beds", 0.0) < float(minimum) - EPS


def missing_minimum(
    periods: Iterable[ServicePeriodFact], params: dict[str, Any], as_of: date
) -> str | None:
    """The site kind whose ``min_months`` is not reached on ``as_of`` (None when all are)."""
    _total, by_kind = service_months(periods, params, as_of)
    for kind, rule in (site_kind_rules(params) or {}).items():
        minimum = rule.get("min_months")
        if minimum is not None and by_kind.get(kind, 0.0) < float(minimum) - EPS:
            return kind
    return None


@dataclass(frozen=True, slots=True)
class TeachingYear:
    """One service year: its days, the counted months in it, the hours due and attested."""

    number: int
    first: date
    last: date
    months: float
    needed: float
    hours: float
    pending: float


def teaching_by_service_year(
    periods: Iterable[ServicePeriodFact],
    teaching: Iterable[TeachingFact],
    params: dict[str, Any],
    rate: float,
    as_of: date,
) -> list[TeachingYear]:
    """Hours per service year (from the first counted day, a year at a time, up to
    ``as_of``) against the pro-rata need: ``rate`` × the counted months in that year / 12.
    CONTRACT judges the total; this shows a coordinator a year without teaching."""
    counted = counted_periods(periods, params, as_of)
    if not counted:
        return []
    entries = [t for t in teaching if t.on <= as_of]
    years: list[TeachingYear] = []
    first = counted[0].start
    number = 1
    while first <= as_of:
        nxt = add_months(first, 12)
        last = min(nxt - timedelta(days=1), as_of)
        pieces = [_clip(p, first, last) for p in counted]
        months, _by_kind = service_months([p for p in pieces if p is not None], params, last)
        inside = [t for t in entries if first <= t.on <= last]
        years.append(
            TeachingYear(
                number=number,
                first=first,
                last=last,
                months=months,
                needed=rate * months / 12.0,
                hours=sum(t.hours for t in inside if t.attested),
                pending=sum(t.hours for t in inside if not t.attested),
            )
        )
        first, number = nxt, number + 1
    return years


def _clip(p: ServicePeriodFact, first: date, last: date) -> ServicePeriodFact | None:
    """The part of a counted period between ``first`` and ``last``."""
    lo, hi = max(p.start, first), min(p.end or FAR_FUTURE, last)
    if lo > hi:
        return None
    return ServicePeriodFact(p.site_kind, True, lo, hi, p.position_pct, None)
