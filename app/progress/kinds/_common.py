"""What every requirement kind shares: the plan and fact shapes, the outcome, the evidence line
and the counting helpers. Pure: no Flask, no database, no clock."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.core.dates import FAR_FUTURE  # noqa: F401 - shared with the kinds
from app.core.parsing import EPS, num  # noqa: F401 - shared with the kinds
from app.kpm.rules import (  # noqa: F401 - the KPM facts are the KPM package\'s
    ChecklistFact,
    DocumentFact,
    ServicePeriodFact,
    SupervisionFact,
    TeachingFact,
)

MET = "met"
IN_PROGRESS = "in_progress"
DUE = "due"
OVERDUE = "overdue"
NOT_APPLICABLE = "not_applicable"
STATUSES = (MET, IN_PROGRESS, DUE, OVERDUE, NOT_APPLICABLE)

#: reasons a ``with_leader`` gathering requirement is not met
LEADER_MISSING = "leader_missing"
LEADER_ABSENT = "leader_absent"

DEFAULT_SERVICE_MONTHS = 24.0

#: why a requirement with enough done is not met (the progress page words them)
WAITING_FOR_SERVICE = "waiting_for_service"
MISSING_MIN_MONTHS = "missing_min_months"  # followed by ":<site kind>"


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
    #: the professions the course is for (empty = all; a free-text course matched to a level)
    professions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GatheringAttendance:
    """An attended gathering, dated from its first day."""

    network: str
    kind: str
    on: date
    cancelled: bool = False
    #: the gathering's length (end - start) in hours; None when unknown
    hours: float | None = None
    #: the person's leader attended the same gathering
    leader_attended: bool = False


@dataclass(frozen=True, slots=True)
class HospitationFact:
    """A hospitation, dated from its end (or start when it has no end)."""

    days: float
    on: date
    has_goals: bool
    completed: bool = True
    #: calendar days from start to end, both included (None without an end date)
    calendar_days: int | None = None

    @property
    def counted_days(self) -> float:
        """The days that count: never more than the calendar days of the stay."""
        if self.calendar_days is None:
            return float(self.days)
        return float(min(self.days, self.calendar_days))


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """Everything the rules need to know about one person."""

    person_id: int | str
    profession: str | None
    further_education: bool = False
    #: the person has a leader recorded (``with_leader`` gatherings need one)
    has_leader: bool = False
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


# --------------------------------------------------------------------------- outcome


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a kind's evaluator found: amounts and the day it was first satisfied."""

    done: float
    needed: float
    unit: str
    met: bool
    met_on: date | None
    status: str | None = None  # a kind may force a status (supervision)
    #: recorded but not yet attested, in the unit (CONTRACT's ``pending``)
    pending: float = 0.0
    #: why it is not met: LEADER_MISSING, LEADER_ABSENT (gathering), WAITING_FOR_SERVICE,
    #: MISSING_MIN_MONTHS… (the KPM kinds)
    reason: str | None = None


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: its date, what it is, and whether it counts."""

    on: date | None
    text: str
    counts: bool = True


def in_window(day: date, req: Requirement, as_of: date) -> bool:
    """True when evidence dated ``day`` is seen on ``as_of`` (a yearly one: this year only)."""
    if day > as_of:
        return False
    return not req.yearly or day.year == as_of.year


# --------------------------------------------------------------------------- helpers


def accumulate(evidence: Iterable[tuple[date, float]], needed: float) -> tuple[float, date | None]:
    """Sum dated amounts in date order; return the total and the day it reached ``needed``."""
    total = 0.0
    met_on: date | None = None
    for on, amount in sorted(evidence, key=lambda e: e[0]):
        total += amount
        if met_on is None and total >= needed - EPS:
            met_on = on
    return total, met_on


def distinct(evidence: Iterable[tuple[date, str]], needed: float) -> tuple[float, date | None]:
    """Count distinct keys in date order; return the count and the day it reached ``needed``."""
    seen: set[str] = set()
    met_on: date | None = None
    for on, key in sorted(evidence, key=lambda e: e[0]):
        seen.add(key)
        if met_on is None and len(seen) >= needed - EPS:
            met_on = on
    return float(len(seen)), met_on
