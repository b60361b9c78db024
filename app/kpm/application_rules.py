"""Pure decisions about KPM applications: which step is allowed from which status, who takes
it, what a decision needs, and which requirements are missing. No Flask, no database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

#: a decision may be taken while the application is in one of these (CONTRACT.md)
DECIDABLE = frozenset({"submitted", "appealed", "approved_on_conditions"})
#: a new application waits while one of these is open (or she is approved)
OPEN = frozenset({"submitted", "incomplete", "appealed", "approved_on_conditions"})
APPEALABLE = frozenset({"rejected", "deferred"})
OUTCOMES = ("approved", "approved_on_conditions", "deferred", "incomplete", "rejected")
CONDITION_KINDS = ("service", "theory", "other")
MAX_CONDITIONS = 50
MAX_CONDITION_CHARS = 2000


def may_decide(status: str) -> bool:
    """True when a decision may be taken on an application in ``status``."""
    return status in DECIDABLE


def may_resubmit(status: str) -> bool:
    """Only an application found incomplete is sent in again."""
    return status == "incomplete"


def may_appeal(status: str) -> bool:
    """A rejected or deferred application may be appealed (klage)."""
    return status in APPEALABLE


def blocks_new_application(statuses: Iterable[str]) -> str | None:
    """The status of an earlier application that stops a new one (open, or approved)."""
    for status in statuses:
        if status in OPEN or status == "approved":
            return status
    return None


def may_submit(relation: str | None, *, kpm_manager: bool) -> bool:
    """The doctor, her assigned supervisor, a KPM coordinator or an admin submits."""
    return kpm_manager or relation in ("self", "supervisor")


def may_follow_up(relation: str | None, *, kpm_manager: bool) -> bool:
    """Resubmit and appeal: the doctor, a KPM coordinator or an admin."""
    return kpm_manager or relation == "self"


def missing_keys(plan_result: dict[str, Any] | None) -> list[str]:
    """The mandatory requirement keys of a plan result (its JSON) that are not met."""
    if not plan_result:
        return []
    return [
        r["key"]
        for r in plan_result.get("requirements") or ()
        if r.get("mandatory", True) and r.get("status") not in ("met", "not_applicable")
    ]


def condition_problem(condition: Any) -> tuple[str, str] | None:
    """``(subfield, problem code)`` when a condition is malformed, else None."""
    if not isinstance(condition, dict):
        return "", "not_object"
    unknown = sorted(set(condition) - {"kind", "text"})
    if unknown:
        return unknown[0], "unknown_field"
    if condition.get("kind") not in CONDITION_KINDS:
        return "kind", "bad_kind"
    text = condition.get("text")
    if not isinstance(text, str) or not text.strip():
        return "text", "required"
    if len(text.strip()) > MAX_CONDITION_CHARS:
        return "text", "too_long"
    return None
