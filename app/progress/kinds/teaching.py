"""The teaching requirement: attested hours in proportion to counted service months (the
months capped at the service requirement's ``months``), service met."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask_babel import ngettext

from app.core.i18n import count_form
from app.core.templating import format_number
from app.progress.kinds import _params
from app.progress.kinds._common import (
    DEFAULT_SERVICE_MONTHS,
    EPS,
    WAITING_FOR_SERVICE,
    Evidence,
    Outcome,
    PersonFacts,
    Plan,
    Requirement,
    num,
)
from app.progress.kinds.service import plan_service, service_met_on, service_months

KIND = "teaching"


def evaluate(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> Outcome:
    """Hours in proportion to counted service months, judged on ``as_of``.

    Needed = rate × counted months on ``as_of`` / 12, the months capped at the service
    requirement's ``months`` (CONTRACT), met when the plan's service is met and done ≥ needed.
    Only attested hours are done; the others are ``pending``. ``met_on`` is the earliest day
    from which it has held on every day through ``as_of``.
    """
    rate = num(req.params.get("hours_per_year_full_time"), 72.0)
    service_params = plan_service(plan).params
    cap = num(service_params.get("months"), DEFAULT_SERVICE_MONTHS)
    seen = [t for t in facts.teaching if t.on <= as_of]
    hours = sorted((t.on, float(t.hours)) for t in seen if t.attested)
    pending = sum(float(t.hours) for t in seen if not t.attested)
    done = sum(h for _day, h in hours)

    def needed_at(day: date) -> float:
        return rate * min(service_months(facts.service, service_params, day)[0], cap) / 12.0

    def hours_at(day: date) -> float:
        return sum(h for on, h in hours if on <= day)

    need = needed_at(as_of)
    service_done_on = service_met_on(facts.service, service_params, as_of)
    if service_done_on is None or done < need - EPS:
        reason = WAITING_FOR_SERVICE if done >= need - EPS and done > 0 else None
        return Outcome(done, need, "hours", False, None, pending=pending, reason=reason)
    # Between two entries the hours stand still while the need only grows, so each stretch
    # from a candidate day to the day before the next one holds iff it holds on its last day.
    candidates = sorted({service_done_on, *(on for on, _ in hours if on > service_done_on)})
    met_on, last = as_of, as_of
    for day in reversed(candidates):
        if hours_at(day) < needed_at(last) - EPS:
            break
        met_on, last = day, day - timedelta(days=1)
    return Outcome(done, need, "hours", True, met_on, pending=pending)


def evidence(
    req: Requirement, facts: PersonFacts, as_of: date, plan: Plan, titles: dict[str, str]
) -> list[Evidence]:
    """The teaching hours logged by ``as_of`` (those not attested yet do not count)."""
    return [
        Evidence(
            t.on,
            ngettext(
                "%(h)s undervisningstime",
                "%(h)s undervisningstimer",
                count_form(round(t.hours, 1)),
                h=format_number(t.hours),
            ),
        )
        if t.attested
        else Evidence(
            t.on,
            ngettext(
                "%(h)s undervisningstime – venter på attestering",
                "%(h)s undervisningstimer – venter på attestering",
                count_form(round(t.hours, 1)),
                h=format_number(t.hours),
            ),
            False,
        )
        for t in facts.teaching
        if t.on <= as_of
    ]


def unit(params: dict[str, Any]) -> str:
    """Hours of teaching."""
    return "hours"


def is_partial(params: dict[str, Any]) -> bool:
    """Hours add up bit by bit."""
    return True


def validate(params: dict[str, Any], field: str, check: _params.Check) -> None:
    """Check the teaching params: the yearly rate."""
    _params.number(params, "hours_per_year_full_time", field)
