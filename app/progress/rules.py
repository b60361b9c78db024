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

Each kind's own rule lives in its module under ``app.progress.kinds``; this module windows
the facts, dispatches to the kind and turns its outcome into a status.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from app.core.dates import add_months
from app.progress import kinds
from app.progress.kinds._common import (
    DEFAULT_SERVICE_MONTHS,
    DUE,
    EPS,
    FAR_FUTURE,
    IN_PROGRESS,
    LEADER_ABSENT,
    LEADER_MISSING,
    MET,
    MISSING_MIN_MONTHS,
    NOT_APPLICABLE,
    OVERDUE,
    STATUSES,
    WAITING_FOR_SERVICE,
    ChecklistFact,
    CourseCompletion,
    DocumentFact,
    GatheringAttendance,
    HospitationFact,
    Outcome,
    PersonFacts,
    Plan,
    Requirement,
    ServicePeriodFact,
    SupervisionFact,
    TeachingFact,
)
from app.progress.kinds.service import check_service_overlap, service_months

#: the requirement kinds, in CONTRACT's order (each has its module in ``app.progress.kinds``)
KINDS = kinds.KINDS

__all__ = [
    "DEFAULT_SERVICE_MONTHS",
    "DUE",
    "EPS",
    "FAR_FUTURE",
    "IN_PROGRESS",
    "KINDS",
    "LEADER_ABSENT",
    "LEADER_MISSING",
    "MET",
    "MISSING_MIN_MONTHS",
    "NOT_APPLICABLE",
    "OVERDUE",
    "STATUSES",
    "ChecklistFact",
    "CourseCompletion",
    "DocumentFact",
    "GatheringAttendance",
    "HospitationFact",
    "PersonFacts",
    "Plan",
    "PlanResult",
    "Requirement",
    "RequirementResult",
    "ServicePeriodFact",
    "SupervisionFact",
    "TeachingFact",
    "WAITING_FOR_SERVICE",
    "applies_to",
    "check_service_overlap",
    "deadline_for",
    "evaluate",
    "evaluate_plan",
    "holds_until",
    "is_not_applicable",
    "service_months",
]


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
    #: recorded but not yet attested, in the unit
    pending: float = 0.0
    #: why it is not met, when the kind can say (``leader_missing``, ``waiting_for_service``…);
    #: None when met
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The result as in CONTRACT's Progress object (``late``, ``pending`` and
        ``leader_missing`` only when there is something to say)."""
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
        if self.pending > EPS:
            out["pending"] = _shown(self.pending, self.unit)
        if self.reason == LEADER_MISSING:
            out["leader_missing"] = True
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


# --------------------------------------------------------------------------- windows


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

    kind = kinds.get(req.kind)
    if kind is None:
        outcome = Outcome(0.0, 1.0, "count", False, None)
        status = DUE
    else:
        outcome = kind.evaluate(req, seen, plan, as_of)
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
        pending=outcome.pending,
        reason=None if status in (MET, NOT_APPLICABLE) else outcome.reason,
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


# --------------------------------------------------------------------------- how long it holds


def holds_until(
    plan: Plan, facts: PersonFacts, as_of: date, *, membership_start: date | None = None
) -> date:
    """The first day after ``as_of`` on which :func:`evaluate_plan` could answer otherwise on
    the same facts (``FAR_FUTURE`` when never): what the stored read model may be kept for.

    On the same facts the answer depends on the day only through: evidence dated after
    ``as_of`` coming into view, a deadline passing (overdue the day after it), a yearly
    requirement's calendar year turning, and clinical service, whose months (and so
    supervision and teaching, which count by them) grow every day it runs.
    """
    tomorrow = as_of + timedelta(days=1)
    if facts.service:
        return tomorrow
    first = FAR_FUTURE
    for req in plan.requirements:
        if not applies_to(req, facts.profession) or kinds.get(req.kind) is None:
            continue
        if req.yearly:
            first = min(first, date(as_of.year + 1, 1, 1))
        deadline = deadline_for(req, membership_start)
        if deadline is not None and deadline >= as_of:
            first = min(first, deadline + timedelta(days=1))
    for name in _DATED_FIELDS:
        for item in getattr(facts, name):
            if as_of < item.on < first:
                first = item.on
    return max(first, tomorrow)
