"""The supervision requirement: a first meeting early, then no long gaps while in service."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _

from app.progress.kinds import _params
from app.progress.kinds._common import (
    DUE,
    IN_PROGRESS,
    OVERDUE,
    WAITING_FOR_SERVICE,
    Evidence,
    Outcome,
    PersonFacts,
    Plan,
    Requirement,
    ServicePeriodFact,
    num,
)
from app.progress.kinds.service import counted_periods, plan_service, service_met_on

KIND = "supervision"


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


def evaluate(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> Outcome:
    """A first meeting within ``first_within_days`` of service, then gaps ≤ ``max_gap_days``."""
    first_within = int(num(req.params.get("first_within_days"), 31))
    max_gap = max(1, int(num(req.params.get("max_gap_days"), 31)))
    service_req = plan_service(plan)
    meetings = sorted(s.on for s in facts.supervision if s.on <= as_of and s.attested)
    pending = float(sum(1 for s in facts.supervision if s.on <= as_of and not s.attested))
    done = float(len(meetings))
    counted = counted_periods(facts.service, service_req.params, as_of)
    if not counted:
        return Outcome(done, 0.0, "count", False, None, DUE, pending)

    service_done_on = service_met_on(facts.service, service_req.params, as_of)
    # Once the service is complete the supervised period is over: later days are not judged.
    horizon = service_done_on or as_of
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
        return Outcome(done, needed, "count", False, None, OVERDUE, pending)
    if service_done_on is not None:
        return Outcome(done, needed, "count", True, service_done_on, pending=pending)
    return Outcome(
        done, needed, "count", False, None, IN_PROGRESS, pending, reason=WAITING_FOR_SERVICE
    )


def evidence(
    req: Requirement, facts: PersonFacts, as_of: date, plan: Plan, titles: dict[str, str]
) -> list[Evidence]:
    """The supervision meetings held by ``as_of`` (those not attested yet do not count)."""
    return [
        Evidence(m.on, _("Veiledningsmøte"))
        if m.attested
        else Evidence(m.on, _("Veiledningsmøte – venter på attestering"), False)
        for m in facts.supervision
        if m.on <= as_of
    ]


def unit(params: dict[str, Any]) -> str:
    """A count of meetings."""
    return "count"


def is_partial(params: dict[str, Any]) -> bool:
    """Meetings are held one by one."""
    return True


def validate(params: dict[str, Any], field: str, check: _params.Check) -> None:
    """Check the supervision params: whole numbers of days."""
    for name in ("first_within_days", "max_gap_days"):
        _params.number(params, name, field, positive=True, integer=True, maximum=_params.MAX_DAYS)
