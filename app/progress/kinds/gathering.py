"""The gathering requirement: attended, not cancelled gatherings of the plan's network."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.progress.kinds import _params
from app.progress.kinds._common import (
    Evidence,
    Outcome,
    PersonFacts,
    Plan,
    Requirement,
    accumulate,
    in_window,
    num,
)

KIND = "gathering"
#: the gathering kinds as the evidence lines name them
LABELS = {
    "intro_course": "Introduksjonskurs",
    "network_meeting": "Nettverkssamling",
    "theme_day": "Temadag",
    "fagdag": "Fagdag",
}


def evaluate(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> Outcome:
    """Count attended, not cancelled gatherings of the plan's network (of a kind)."""
    kind = req.params.get("gathering_kind")
    needed = num(req.params.get("count"), 1.0)
    found = (
        (g.on, 1.0)
        for g in facts.gatherings
        if g.network == plan.network and not g.cancelled and (kind is None or g.kind == kind)
    )
    done, met_on = accumulate(found, needed)
    return Outcome(done, needed, "count", met_on is not None, met_on)


def evidence(
    req: Requirement, facts: PersonFacts, as_of: date, plan: Plan, titles: dict[str, str]
) -> list[Evidence]:
    """The gatherings of the network attended, cancelled ones marked as not counting."""
    kind = req.params.get("gathering_kind")
    items = []
    for attended in facts.gatherings:
        if attended.network != plan.network or (kind and attended.kind != kind):
            continue
        if not in_window(attended.on, req, as_of):
            continue
        label = LABELS.get(attended.kind, attended.kind)
        if attended.cancelled:
            items.append(Evidence(attended.on, f"{label} (avlyst, teller ikke)", counts=False))
        else:
            items.append(Evidence(attended.on, f"{label}, deltok"))
    return items


def unit(params: dict[str, Any]) -> str:
    """A count of gatherings."""
    return "count"


def is_partial(params: dict[str, Any]) -> bool:
    """Met bit by bit when more than one gathering is needed."""
    try:
        return float(params.get("count") or 1) > 1
    except (TypeError, ValueError):
        return False


def validate(params: dict[str, Any], field: str, check: _params.Check) -> None:
    """Check the gathering params: a known ``gathering_kind`` and a whole ``count``."""
    _params.one_of(params.get("gathering_kind"), check.gathering_kinds, f"{field}.gathering_kind")
    _params.number(params, "count", field, positive=True, integer=True)
