"""Pure progress rules: requirement evaluation over a person's facts on a given day.

No Flask, no database, no clock: the caller loads the facts (``PersonFacts``), the plan and
the membership start, and passes the day (``as_of``). Semantics follow CONTRACT.md,
sections "Requirement" and "Progress":

- evidence dated after ``as_of`` never counts;
- ``met_on`` is the day the evidence first satisfied the requirement;
- the deadline is ``membership_start + deadline_months`` (day clamped), never for yearly ones;
- ``late`` when met after the deadline; otherwise ``overdue`` once the deadline is before
  ``as_of``, ``in_progress`` when something is done, else ``due``;
- a yearly requirement only sees evidence from the calendar year of ``as_of``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from app.core.dates import add_months, calendar_months

EPS = 1e-9
FAR_FUTURE = date.max

MET = "met"
IN_PROGRESS = "in_progress"
DUE = "due"
OVERDUE = "overdue"
NOT_APPLICABLE = "not_applicable"
STATUSES = (MET, IN_PROGRESS, DUE, OVERDUE, NOT_APPLICABLE)

KINDS = (
    "course",
    "gathering",
    "hospitation",
    "checklist",
    "service",
    "supervision",
    "teaching",
    "document",
)

DEFAULT_SERVICE_MONTHS = 24.0


# --------------------------------------------------------------------------- plan shapes


@dataclass(frozen=True, slots=True)
class Requirement:
    """One requirement of a competence plan, as in CONTRACT's Requirement object."""

    key: str
    title: str
    kind: str
    professions: tuple[str, ...] = ()
    mandatory: bool = True
    deadline_months: int | None = None
    yearly: bool = False
    not_applicable_if: dict[str, Any] | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Requirement:
        """Build a requirement from its JSON object (missing optional fields get defaults)."""
        deadline = d.get("deadline_months")
        return cls(
            key=str(d["key"]),
            title=str(d.get("title") or d["key"]),
            kind=str(d["kind"]),
            professions=tuple(d.get("professions") or ()),
            mandatory=bool(d.get("mandatory", True)),
            deadline_months=int(deadline) if deadline is not None else None,
            yearly=bool(d.get("yearly", False)),
            not_applicable_if=dict(d["not_applicable_if"]) if d.get("not_applicable_if") else None,
            params=dict(d.get("params") or {}),
        )

    def to_json(self) -> dict[str, Any]:
        """The requirement as its JSON object."""
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind,
            "professions": list(self.professions),
            "mandatory": self.mandatory,
            "deadline_months": self.deadline_months,
            "yearly": self.yearly,
            "not_applicable_if": dict(self.not_applicable_if) if self.not_applicable_if else None,
            "params": dict(self.params),
        }


@dataclass(frozen=True, slots=True)
class Plan:
    """A network's competence plan: its network slug, key, title and requirements."""

    network: str
    key: str
    title: str
    requirements: tuple[Requirement, ...] = ()


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True, slots=True)
class CourseCompletion:
    """A completed course (registration or verified record), hours already resolved."""

    course_key: str
    level: str | None
    hours: float | None
    on: date


@dataclass(frozen=True, slots=True)
class GatheringAttendance:
    """An attended gathering, dated from its first day."""

    network: str
    kind: str
    on: date
    cancelled: bool = False


@dataclass(frozen=True, slots=True)
class HospitationFact:
    """A hospitation, dated from its end (or start when it has no end)."""

    days: float
    on: date
    has_goals: bool
    completed: bool = True


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


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """Everything the rules need to know about one person."""

    person_id: int | str
    profession: str | None
    further_education: bool = False
    specialist_approved: bool = False
    facts_flags: dict[str, Any] = field(default_factory=dict)
    courses: tuple[CourseCompletion, ...] = ()
    gatherings: tuple[GatheringAttendance, ...] = ()
    hospitations: tuple[HospitationFact, ...] = ()
    checklist: tuple[ChecklistFact, ...] = ()
    service: tuple[ServicePeriodFact, ...] = ()
    supervision: tuple[SupervisionFact, ...] = ()
    teaching: tuple[TeachingFact, ...] = ()
    documents: tuple[DocumentFact, ...] = ()


# --------------------------------------------------------------------------- results


def _shown(value: float, unit: str) -> float | int:
    """A number as shown: months to 0.1, others to 0.01; whole numbers as ints."""
    rounded = round(value, 1 if unit == "months" else 2)
    return int(rounded) if rounded == int(rounded) else rounded


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """The standing of one requirement on a day."""

    key: str
    title: str
    kind: str
    status: str
    mandatory: bool
    done: float
    needed: float
    unit: str
    deadline: date | None
    met_on: date | None
    late: bool = False
    yearly: bool = False

    def to_json(self) -> dict[str, Any]:
        """The result as in CONTRACT's Progress object (``late`` only when true)."""
        out: dict[str, Any] = {
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "mandatory": self.mandatory,
            "done": _shown(self.done, self.unit),
            "needed": _shown(self.needed, self.unit),
            "unit": self.unit,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "met_on": self.met_on.isoformat() if self.met_on else None,
        }
        if self.late:
            out["late"] = True
        return out


@dataclass(frozen=True, slots=True)
class PlanResult:
    """The standing of one plan on a day."""

    network: str
    plan: str
    title: str
    complete: bool
    requirements: list[RequirementResult]

    def to_json(self) -> dict[str, Any]:
        """The plan result as in CONTRACT's Progress object."""
        return {
            "network": self.network,
            "plan": self.plan,
            "title": self.title,
            "complete": self.complete,
            "requirements": [r.to_json() for r in self.requirements],
        }


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a kind's evaluator found: amounts and the day it was first satisfied."""

    done: float
    needed: float
    unit: str
    met: bool
    met_on: date | None
    status: str | None = None  # a kind may force a status (supervision)


# --------------------------------------------------------------------------- applicability


def applies_to(req: Requirement, profession: str | None) -> bool:
    """True when the requirement is for this profession (no professions = everyone)."""
    return not req.professions or profession in req.professions


def _person_fact(facts: PersonFacts, name: str) -> Any:
    """The value of a named person fact for ``not_applicable_if``."""
    if name == "further_education":
        return facts.further_education
    if name == "specialist_approved":
        return facts.specialist_approved
    if name == "profession":
        return facts.profession
    return facts.facts_flags.get(name)


def is_not_applicable(req: Requirement, facts: PersonFacts) -> bool:
    """True when every entry of ``not_applicable_if`` equals the person's fact."""
    conditions = req.not_applicable_if
    if not conditions:
        return False
    return all(_person_fact(facts, k) == v for k, v in conditions.items())


# --------------------------------------------------------------------------- helpers


def _num(value: Any, default: float) -> float:
    """A float parameter, or ``default`` when missing or unusable."""
    if value is None or isinstance(value, bool):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return number if math.isfinite(number) else default


def _accumulate(evidence: Iterable[tuple[date, float]], needed: float) -> tuple[float, date | None]:
    """Sum dated amounts in date order; return the total and the day it reached ``needed``."""
    total = 0.0
    met_on: date | None = None
    for on, amount in sorted(evidence, key=lambda e: e[0]):
        total += amount
        if met_on is None and total >= needed - EPS:
            met_on = on
    return total, met_on


def _distinct(evidence: Iterable[tuple[date, str]], needed: float) -> tuple[float, date | None]:
    """Count distinct keys in date order; return the count and the day it reached ``needed``."""
    seen: set[str] = set()
    met_on: date | None = None
    for on, key in sorted(evidence, key=lambda e: e[0]):
        seen.add(key)
        if met_on is None and len(seen) >= needed - EPS:
            met_on = on
    return float(len(seen)), met_on


_DATED_FIELDS = (
    "courses",
    "gatherings",
    "hospitations",
    "checklist",
    "supervision",
    "teaching",
    "documents",
)


def _window(facts: PersonFacts, lo: date | None, hi: date) -> PersonFacts:
    """The facts restricted to evidence dated in ``[lo, hi]`` (``lo`` None = no lower bound).

    The facts themselves when nothing falls outside (the common case: no lower bound and
    nothing dated after ``hi``).
    """
    changed: dict[str, Any] = {}
    for name in _DATED_FIELDS:
        items = getattr(facts, name)
        if not items:
            continue
        if lo is None:
            if all(x.on <= hi for x in items):
                continue
            kept = tuple(x for x in items if x.on <= hi)
        else:
            kept = tuple(x for x in items if lo <= x.on <= hi)
        if len(kept) != len(items):
            changed[name] = kept

    if facts.service:
        service = []
        for p in facts.service:
            if p.start > hi or (p.end is not None and lo is not None and p.end < lo):
                continue
            if lo is not None and p.start < lo:
                p = replace(p, start=lo)
            service.append(p)
        if len(service) != len(facts.service) or any(
            a is not b for a, b in zip(service, facts.service, strict=False)
        ):
            changed["service"] = tuple(service)
    return replace(facts, **changed) if changed else facts


# --------------------------------------------------------------------------- service


def _site_kinds(params: dict[str, Any]) -> dict[str, dict[str, Any]] | None:
    """The ``site_kinds`` rules, or None when the plan sets none (every kind counts)."""
    kinds = params.get("site_kinds")
    return dict(kinds) if kinds else None


def _counts(period: ServicePeriodFact, kinds: dict[str, dict[str, Any]] | None) -> bool:
    """True when a period counts: approved, of a listed kind, at least the kind's ``min_pct``."""
    if not period.approved:
        return False
    if kinds is None:
        return True
    rule = kinds.get(period.site_kind)
    if rule is None:
        return False
    return period.position_pct >= _num(rule.get("min_pct"), 0.0) - EPS


def _counted_periods(
    periods: Iterable[ServicePeriodFact], params: dict[str, Any], as_of: date
) -> list[ServicePeriodFact]:
    """The periods that count, started on or before ``as_of``, sorted by start."""
    kinds = _site_kinds(params)
    return sorted(
        (p for p in periods if p.start <= as_of and _counts(p, kinds)), key=lambda p: p.start
    )


def service_months(
    periods: Iterable[ServicePeriodFact], params: dict[str, Any], as_of: date
) -> tuple[float, dict[str, float]]:
    """Counted service months up to ``as_of``: the total and the capped sum per site kind."""
    kinds = _site_kinds(params)
    raw: dict[str, float] = {}
    for p in _counted_periods(periods, params, as_of):
        last = min(p.end or as_of, as_of)
        raw[p.site_kind] = raw.get(p.site_kind, 0.0) + (
            calendar_months(p.start, last) * p.position_pct / 100.0
        )
    by_kind: dict[str, float] = {}
    for kind, months in raw.items():
        cap = (kinds or {}).get(kind, {}).get("max_months")
        by_kind[kind] = min(months, float(cap)) if cap is not None else months
    return sum(by_kind.values()), by_kind


def _service_met_at(
    periods: tuple[ServicePeriodFact, ...], params: dict[str, Any], day: date
) -> bool:
    """True when the service requirement is satisfied on ``day``."""
    total, by_kind = service_months(periods, params, day)
    if total < _num(params.get("months"), DEFAULT_SERVICE_MONTHS) - EPS:
        return False
    for kind, rule in (_site_kinds(params) or {}).items():
        minimum = rule.get("min_months")
        if minimum is not None and by_kind.get(kind, 0.0) < float(minimum) - EPS:
            return False
    return True


def _first_true_day(lo: date, hi: date, pred: Callable[[date], bool]) -> date | None:
    """The first day in ``[lo, hi]`` where ``pred`` holds, ``pred(hi)`` assumed true.

    Binary search, then a short backward scan: clamped month ends make calendar months
    dip by a day or two, so the predicate is monotone only up to a few days.
    """
    a, b = lo, hi
    while a < b:
        mid = a + timedelta(days=(b - a).days // 2)
        if pred(mid):
            b = mid
        else:
            a = mid + timedelta(days=1)
    first = a
    day = a - timedelta(days=1)
    floor = max(lo, a - timedelta(days=62))
    while day >= floor:
        if pred(day):
            first = day
        day -= timedelta(days=1)
    return first


def _service_met_on(
    periods: tuple[ServicePeriodFact, ...], params: dict[str, Any], as_of: date
) -> date | None:
    """The first day the service requirement was satisfied, if it is on ``as_of``."""
    try:
        key = json.dumps(params, sort_keys=True)
    except (TypeError, ValueError):
        return _search_service_met_on(tuple(periods), params, as_of)
    return _cached_service_met_on(tuple(periods), key, as_of)


@lru_cache(maxsize=1024)
def _cached_service_met_on(
    periods: tuple[ServicePeriodFact, ...], params_key: str, as_of: date
) -> date | None:
    """``_search_service_met_on`` memoised: service, supervision and teaching all ask."""
    return _search_service_met_on(periods, json.loads(params_key), as_of)


def _search_service_met_on(
    periods: tuple[ServicePeriodFact, ...], params: dict[str, Any], as_of: date
) -> date | None:
    """Search the first day the service requirement was satisfied, if it is on ``as_of``."""
    counted = _counted_periods(periods, params, as_of)
    if not counted or not _service_met_at(periods, params, as_of):
        return None
    return _first_true_day(counted[0].start, as_of, lambda d: _service_met_at(periods, params, d))


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


# --------------------------------------------------------------------------- kinds


def _course(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> _Outcome:
    """Course requirement: listed courses (all/any) or any course of a level; or hours."""
    params = req.params
    keys = [str(k) for k in params.get("courses") or ()]
    level = params.get("level")
    if keys:
        matching = [c for c in facts.courses if c.course_key in keys]
    else:
        matching = [c for c in facts.courses if level is None or c.level == level]
    # The same completion recorded twice (registration and record) counts once.
    unique = {(c.course_key, c.on): c for c in matching}.values()
    min_hours = params.get("min_hours")
    if min_hours is not None:
        needed = _num(min_hours, 0.0)
        done, met_on = _accumulate(((c.on, c.hours or 0.0) for c in unique), needed)
        return _Outcome(done, needed, "hours", met_on is not None, met_on)
    needed = float(len(set(keys))) if keys and params.get("match", "all") == "all" else 1.0
    done, met_on = _distinct(((c.on, c.course_key) for c in unique), needed)
    return _Outcome(done, needed, "count", met_on is not None, met_on)


def _gathering(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> _Outcome:
    """Gathering requirement: attended, not cancelled gatherings of the plan's network."""
    kind = req.params.get("gathering_kind")
    needed = _num(req.params.get("count"), 1.0)
    evidence = (
        (g.on, 1.0)
        for g in facts.gatherings
        if g.network == plan.network and not g.cancelled and (kind is None or g.kind == kind)
    )
    done, met_on = _accumulate(evidence, needed)
    return _Outcome(done, needed, "count", met_on is not None, met_on)


def _hospitation(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> _Outcome:
    """Hospitation requirement: days of completed hospitations (with goals where required)."""
    needed = _num(req.params.get("min_days"), 1.0)
    goals_required = bool(req.params.get("goals_required", False))
    evidence = (
        (h.on, float(h.days))
        for h in facts.hospitations
        if h.completed and (h.has_goals or not goals_required)
    )
    done, met_on = _accumulate(evidence, needed)
    return _Outcome(done, needed, "days", met_on is not None, met_on)


def _item_keys(items: Iterable[Any]) -> set[str]:
    """The keys of checklist items given as ``{"key", "title"}`` objects or plain strings."""
    keys: set[str] = set()
    for item in items:
        key = item.get("key") if isinstance(item, dict) else item
        if key is not None:
            keys.add(str(key))
    return keys


def _checklist(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> _Outcome:
    """Checklist requirement: distinct attested items of this plan and requirement."""
    keys = _item_keys(req.params.get("items") or ())
    needed = float(len(keys))
    evidence = (
        (c.on, c.item_key)
        for c in facts.checklist
        if c.plan_key == plan.key and c.requirement_key == req.key and c.item_key in keys
    )
    done, met_on = _distinct(evidence, needed)
    return _Outcome(done, needed, "items", met_on is not None and needed > 0, met_on)


def _service(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> _Outcome:
    """Service requirement: counted calendar months × position, capped per site kind."""
    done, _ = service_months(facts.service, req.params, as_of)
    needed = _num(req.params.get("months"), DEFAULT_SERVICE_MONTHS)
    met_on = _service_met_on(facts.service, req.params, as_of)
    return _Outcome(done, needed, "months", met_on is not None, met_on)


def _plan_service(plan: Plan) -> Requirement:
    """The plan's service requirement (a default one when the plan has none)."""
    for other in plan.requirements:
        if other.kind == "service":
            return other
    return Requirement(key="service", title="service", kind="service")


def _merged_spans(periods: list[ServicePeriodFact], as_of: date) -> list[tuple[date, date]]:
    """Days in service as merged ``[start, last]`` spans, cut at ``as_of``."""
    spans: list[tuple[date, date]] = []
    for p in periods:
        start, last = p.start, min(p.end or as_of, as_of)
        if last < start:
            continue
        if spans and start <= spans[-1][1] + timedelta(days=1):
            spans[-1] = (spans[-1][0], max(spans[-1][1], last))
        else:
            spans.append((start, last))
    return spans


def _days_in_service(spans: list[tuple[date, date]], after: date, upto: date) -> int:
    """The number of in-service days ``d`` with ``after < d <= upto``."""
    total = 0
    first = after + timedelta(days=1)
    for start, last in spans:
        lo, hi = max(start, first), min(last, upto)
        if hi >= lo:
            total += (hi - lo).days + 1
    return total


def _supervision(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> _Outcome:
    """Supervision requirement: a first meeting early, then no long gaps while in service."""
    first_within = int(_num(req.params.get("first_within_days"), 31))
    max_gap = max(1, int(_num(req.params.get("max_gap_days"), 31)))
    service_req = _plan_service(plan)
    meetings = sorted(s.on for s in facts.supervision if s.on <= as_of)
    done = float(len(meetings))
    counted = _counted_periods(facts.service, service_req.params, as_of)
    if not counted:
        return _Outcome(done, 0.0, "count", False, None, DUE)

    service_met_on = _service_met_on(facts.service, service_req.params, as_of)
    # Once the service is complete the supervised period is over: later days are not judged.
    horizon = service_met_on or as_of
    spans = _merged_spans(counted, horizon)
    start = counted[0].start

    gap = False
    anchor, limit = start, first_within
    for day in meetings:
        if day > horizon:
            break
        if _days_in_service(spans, anchor, day) > limit:
            gap = True
        anchor, limit = max(anchor, day), max_gap
    if _days_in_service(spans, anchor, horizon) > limit:
        gap = True

    served = _days_in_service(spans, start - timedelta(days=1), horizon)
    needed = 0.0 if served <= first_within else float(math.ceil((served - first_within) / max_gap))
    if gap:
        return _Outcome(done, needed, "count", False, None, OVERDUE)
    if service_met_on is not None:
        return _Outcome(done, needed, "count", True, service_met_on)
    return _Outcome(done, needed, "count", False, None, IN_PROGRESS)


def _teaching(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> _Outcome:
    """Teaching requirement: hours in proportion to counted service months, service met.

    Judged on ``as_of`` (CONTRACT): needed = rate × counted months on ``as_of`` / 12, met when
    the plan's service is met and done ≥ needed. ``met_on`` is the earliest day from which it
    has held on every day through ``as_of``.
    """
    rate = _num(req.params.get("hours_per_year_full_time"), 72.0)
    service_params = _plan_service(plan).params
    hours = sorted((t.on, float(t.hours)) for t in facts.teaching if t.on <= as_of)
    done = sum(h for _, h in hours)

    def needed_at(day: date) -> float:
        return rate * service_months(facts.service, service_params, day)[0] / 12.0

    def hours_at(day: date) -> float:
        return sum(h for on, h in hours if on <= day)

    need = needed_at(as_of)
    service_met_on = _service_met_on(facts.service, service_params, as_of)
    if service_met_on is None or done < need - EPS:
        return _Outcome(done, need, "hours", False, None)
    # Between two entries the hours stand still while the need only grows, so each stretch
    # from a candidate day to the day before the next one holds iff it holds on its last day.
    candidates = sorted({service_met_on, *(on for on, _ in hours if on > service_met_on)})
    met_on, last = as_of, as_of
    for day in reversed(candidates):
        if hours_at(day) < needed_at(last) - EPS:
            break
        met_on, last = day, day - timedelta(days=1)
    return _Outcome(done, need, "hours", True, met_on)


def _document(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> _Outcome:
    """Document requirement: met from the date of the person's document of that kind."""
    kind = req.params.get("document")
    dates = sorted(d.on for d in facts.documents if d.kind == kind)
    met_on = dates[0] if dates else None
    return _Outcome(1.0 if dates else 0.0, 1.0, "count", met_on is not None, met_on)


_EVALUATORS: dict[str, Callable[[Requirement, PersonFacts, Plan, date], _Outcome]] = {
    "course": _course,
    "gathering": _gathering,
    "hospitation": _hospitation,
    "checklist": _checklist,
    "service": _service,
    "supervision": _supervision,
    "teaching": _teaching,
    "document": _document,
}


# --------------------------------------------------------------------------- evaluation


def deadline_for(req: Requirement, membership_start: date | None) -> date | None:
    """The requirement's deadline for a membership starting on ``membership_start``."""
    if req.yearly or req.deadline_months is None or membership_start is None:
        return None
    return _deadline(membership_start, req.deadline_months)


@lru_cache(maxsize=8192)
def _deadline(start: date, months: int) -> date:
    """``add_months`` memoised: many persons share a membership start."""
    return add_months(start, months)


def evaluate(
    req: Requirement,
    facts: PersonFacts,
    as_of: date,
    *,
    membership_start: date | None = None,
    plan: Plan,
    _windows: dict[date | None, PersonFacts] | None = None,
) -> RequirementResult:
    """The standing of one requirement for a person on ``as_of``."""
    deadline = deadline_for(req, membership_start)
    lo = date(as_of.year, 1, 1) if req.yearly else None
    if _windows is None:
        seen = _window(facts, lo, as_of)
    else:  # evaluate_plan shares the windows between the plan's requirements
        seen = _windows.get(lo)
        if seen is None:
            seen = _windows[lo] = _window(facts, lo, as_of)

    evaluator = _EVALUATORS.get(req.kind)
    if evaluator is None:
        outcome = _Outcome(0.0, 1.0, "count", False, None)
        status = DUE
    else:
        outcome = evaluator(req, seen, plan, as_of)
        if is_not_applicable(req, facts):
            status, deadline = NOT_APPLICABLE, None
        elif outcome.met:
            status = MET
        elif not req.yearly and (
            outcome.status == OVERDUE or (deadline is not None and deadline < as_of)
        ):
            status = OVERDUE
        elif outcome.status is not None and outcome.status != OVERDUE:
            # A yearly requirement is never overdue (CONTRACT): met, in progress or due.
            status = outcome.status
        else:
            status = IN_PROGRESS if outcome.done > EPS else DUE
    met_on = outcome.met_on if status == MET else None
    return RequirementResult(
        key=req.key,
        title=req.title,
        kind=req.kind,
        status=status,
        mandatory=req.mandatory,
        done=outcome.done,
        needed=outcome.needed,
        unit=outcome.unit,
        deadline=deadline,
        met_on=met_on,
        late=bool(met_on and deadline and met_on > deadline),
        yearly=req.yearly,
    )


def evaluate_plan(
    plan: Plan, facts: PersonFacts, as_of: date, *, membership_start: date | None = None
) -> PlanResult:
    """The standing of every requirement of ``plan`` that applies to the person's profession."""
    windows: dict[date | None, PersonFacts] = {}
    results = [
        evaluate(req, facts, as_of, membership_start=membership_start, plan=plan, _windows=windows)
        for req in plan.requirements
        if applies_to(req, facts.profession)
    ]
    complete = all(
        r.status == MET
        for r in results
        if r.mandatory and not r.yearly and r.status != NOT_APPLICABLE
    )
    return PlanResult(plan.network, plan.key, plan.title, complete, results)
