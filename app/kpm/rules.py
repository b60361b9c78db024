"""Pure decisions about KPM records: who may record what. No Flask, no database.

The relation of the acting user to the doctor is worked out by ``app.kpm.permissions``;
this table says what each relation may do with each kind of record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.dates import FAR_FUTURE, calendar_months
from app.core.parsing import EPS, num

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
    SUPERVISOR: frozenset({"supervision", "checklist"}),
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


@dataclass(frozen=True, slots=True)
class SupervisionFact:
    """A supervision meeting."""

    on: date


@dataclass(frozen=True, slots=True)
class TeachingFact:
    """Teaching hours logged on a day."""

    on: date
    hours: float


@dataclass(frozen=True, slots=True)
class DocumentFact:
    """A document of a kind (specialist approval, education plan, …) dated."""

    kind: str
    on: date


def site_kind_rules(params: dict[str, Any]) -> dict[str, dict[str, Any]] | None:
    """The ``site_kinds`` rules, or None when the plan sets none (every kind counts)."""
    kinds = params.get("site_kinds")
    return dict(kinds) if kinds else None


def counts(period: ServicePeriodFact, kinds: dict[str, dict[str, Any]] | None) -> bool:
    """True when a period counts: approved, of a listed kind, at least the kind's ``min_pct``."""
    if not period.approved:
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
    """The periods that count, started on or before ``as_of``, sorted by start."""
    kinds = site_kind_rules(params)
    return sorted(
        (p for p in periods if p.start <= as_of and counts(p, kinds)), key=lambda p: p.start
    )


def service_months(
    periods: Iterable[ServicePeriodFact], params: dict[str, Any], as_of: date
) -> tuple[float, dict[str, float]]:
    """Counted service months up to ``as_of``: the total and the capped sum per site kind."""
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
