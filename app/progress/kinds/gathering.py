"""The gathering requirement: attended, not cancelled gatherings of the plan's network.

``min_hours`` counts only gatherings that lasted that long (end - start); ``with_leader``
counts only gatherings the person's leader attended too, so a person with no leader recorded
cannot meet it (the outcome's reason says so: ``leader_missing``; ``leader_absent`` when the
leader did not come to a gathering that would otherwise count).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.core.i18n import count_form, ngettext
from app.core.i18n import gettext as _
from app.core.templating import format_number
from app.progress.kinds import _params
from app.progress.kinds._common import (
    EPS,
    LEADER_ABSENT,
    LEADER_MISSING,
    Evidence,
    GatheringAttendance,
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


def _of_kind(req: Requirement, plan: Plan, g: GatheringAttendance) -> bool:
    kind = req.params.get("gathering_kind")
    return g.network == plan.network and (kind is None or g.kind == kind)


def long_enough(req: Requirement, g: GatheringAttendance) -> bool:
    """True when the gathering lasted ``min_hours`` (an unknown length never does)."""
    min_hours = req.params.get("min_hours")
    if min_hours is None:
        return True
    return g.hours is not None and g.hours >= num(min_hours, 0.0) - EPS


def evaluate(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> Outcome:
    """Count attended, not cancelled gatherings of the plan's network (of a kind)."""
    needed = num(req.params.get("count"), 1.0)
    with_leader = req.params.get("with_leader") is True
    candidates = [
        g
        for g in facts.gatherings
        if _of_kind(req, plan, g) and not g.cancelled and long_enough(req, g)
    ]
    counting = [g for g in candidates if not with_leader or g.leader_attended]
    if with_leader and not facts.has_leader:
        counting = []
    done, met_on = accumulate(((g.on, 1.0) for g in counting), needed)
    met = met_on is not None
    reason = None
    if with_leader and not met:
        if not facts.has_leader:
            reason = LEADER_MISSING
        elif len(candidates) > len(counting):
            reason = LEADER_ABSENT
    return Outcome(done, needed, "count", met, met_on, reason=reason)


def _line(req: Requirement, facts: PersonFacts, attended: GatheringAttendance) -> Evidence:
    label = _(LABELS.get(attended.kind, attended.kind))
    if attended.cancelled:
        return Evidence(attended.on, _("%(k)s (avlyst, teller ikke)", k=label), counts=False)
    if not long_enough(req, attended):
        min_hours = num(req.params.get("min_hours"), 0.0)
        return Evidence(
            attended.on,
            ngettext(
                "%(k)s, deltok – kortere enn %(h)s time (teller ikke)",
                "%(k)s, deltok – kortere enn %(h)s timer (teller ikke)",
                count_form(min_hours),
                k=label,
                h=format_number(min_hours),
            ),
            counts=False,
        )
    if req.params.get("with_leader") is True:
        if not facts.has_leader:
            return Evidence(
                attended.on,
                _("%(k)s, deltok – leder ikke registrert (teller ikke)", k=label),
                counts=False,
            )
        if not attended.leader_attended:
            return Evidence(
                attended.on, _("%(k)s, deltok – leder deltok ikke (teller ikke)", k=label), False
            )
        return Evidence(attended.on, _("%(k)s, deltok sammen med leder", k=label))
    return Evidence(attended.on, _("%(k)s, deltok", k=label))


def evidence(
    req: Requirement, facts: PersonFacts, as_of: date, plan: Plan, titles: dict[str, str]
) -> list[Evidence]:
    """The gatherings of the network attended; those that do not count say why."""
    return [
        _line(req, facts, attended)
        for attended in facts.gatherings
        if _of_kind(req, plan, attended) and in_window(attended.on, req, as_of)
    ]


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
    """Check the gathering params: a known kind, a whole ``count``, ``min_hours``, a flag."""
    _params.one_of(params.get("gathering_kind"), check.gathering_kinds, f"{field}.gathering_kind")
    _params.number(params, "count", field, positive=True, integer=True)
    _params.number(params, "min_hours", field, maximum=24 * 366)
    _params.boolean(params, "with_leader", field)
