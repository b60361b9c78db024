"""The service requirement: counted calendar months × position, capped per site kind and,
in all, at ``months``; a period at an education site counts only on the site's approved days.

Also the service arithmetic the supervision and teaching kinds and the KPM pages use:
counted months, the first day the service was complete, overlapping periods.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from app.core.dates import calendar_months
from app.core.errors import DomainError
from app.core.i18n import count_form
from app.core.templating import format_date, format_number
from app.kpm.rules import (
    check_service_overlap,  # noqa: F401 - re-exported through progress.rules
    counted_periods,
    effective_periods,
    missing_minimum,
    service_months,
)
from app.kpm.rules import counts as _counts  # noqa: F401
from app.kpm.rules import site_kind_rules as _site_kinds
from app.progress.kinds import _params
from app.progress.kinds._common import (
    DEFAULT_SERVICE_MONTHS,
    EPS,
    MISSING_MIN_MONTHS,
    Evidence,
    Outcome,
    PersonFacts,
    Plan,
    Requirement,
    ServicePeriodFact,
    num,
)

KIND = "service"
#: the site kinds as the evidence lines name them
LABELS = {
    "centre_with_beds": _l("Palliativt senter med sengepost"),
    "centre_without_beds": _l("Palliativt senter uten sengepost"),
    "nursing_home_unit": _l("Palliativ enhet i sykehjem"),
}


def _service_met_at(
    periods: tuple[ServicePeriodFact, ...], params: dict[str, Any], day: date
) -> bool:
    """True when the service requirement is satisfied on ``day``."""
    total, by_kind = service_months(periods, params, day)
    if total < num(params.get("months"), DEFAULT_SERVICE_MONTHS) - EPS:
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


def service_met_on(
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
    counted = counted_periods(periods, params, as_of)
    if not counted or not _service_met_at(periods, params, as_of):
        return None
    return _first_true_day(counted[0].start, as_of, lambda d: _service_met_at(periods, params, d))


def plan_service(plan: Plan) -> Requirement:
    """The plan's service requirement (a default one when the plan has none)."""
    for other in plan.requirements:
        if other.kind == KIND:
            return other
    return Requirement(key="service", title="service", kind=KIND)


def evaluate(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> Outcome:
    """Counted calendar months × position, capped per site kind, minimums per kind; done is
    capped at ``months`` (CONTRACT), met when the uncapped sum and every minimum are reached."""
    total, _spans = service_months(facts.service, req.params, as_of)
    needed = num(req.params.get("months"), DEFAULT_SERVICE_MONTHS)
    met_on = service_met_on(facts.service, req.params, as_of)
    reason = None
    if met_on is None and total >= needed - EPS:
        short = missing_minimum(facts.service, req.params, as_of)
        reason = f"{MISSING_MIN_MONTHS}:{short}" if short else None
    return Outcome(min(total, needed), needed, "months", met_on is not None, met_on, reason=reason)


def _span(start: date, last: date, pct: float) -> str:
    """«01.02.2026–02.12.2026, 50 %»."""
    return f"{format_date(start)}–{format_date(last)}, {format_number(pct)} %"


def _period_line(period: ServicePeriodFact, kinds: dict[str, Any], as_of: date) -> Evidence:
    """One service period as shown: its months, or why it does not count."""
    last = min(period.end or as_of, as_of)
    rule = kinds.get(period.site_kind)
    label = str(LABELS.get(period.site_kind, period.site_kind))
    span = _span(period.start, last, period.position_pct)
    if period.spans is None and not period.approved:
        return Evidence(
            period.start, _("%(k)s: %(s)s – ikke godkjent (teller ikke)", k=label, s=span), False
        )
    if kinds and rule is None:
        return Evidence(
            period.start, _("%(k)s: %(s)s – stedstypen teller ikke", k=label, s=span), False
        )
    if rule and period.position_pct < rule.get("min_pct", 0):
        return Evidence(
            period.start,
            _(
                "%(k)s: %(s)s – under %(p)s %% stilling (teller ikke)",
                k=label,
                s=span,
                p=format_number(rule["min_pct"]),
            ),
            False,
        )
    pieces = [p for p in effective_periods([period]) if p.start <= as_of]
    months = sum(calendar_months(p.start, min(p.end or as_of, as_of)) for p in pieces)
    counted = months * period.position_pct / 100
    if period.spans is not None and not pieces:
        return Evidence(
            period.start,
            _("%(k)s: %(s)s – stedet var ikke godkjent (teller ikke)", k=label, s=span),
            False,
        )
    whole = calendar_months(period.start, last)
    shown = {"k": label, "s": span, "m": format_number(counted)}
    form = count_form(round(counted, 1))  # as format_number shows it
    if months >= whole - EPS:
        text = ngettext("%(k)s: %(s)s = %(m)s måned", "%(k)s: %(s)s = %(m)s måneder", form, **shown)
        return Evidence(period.start, text)
    text = ngettext(
        "%(k)s: %(s)s = %(m)s måned (bare dagene stedet var godkjent)",
        "%(k)s: %(s)s = %(m)s måneder (bare dagene stedet var godkjent)",
        form,
        **shown,
    )
    return Evidence(period.start, text)


def evidence(
    req: Requirement, facts: PersonFacts, as_of: date, plan: Plan, titles: dict[str, str]
) -> list[Evidence]:
    """The service periods started by ``as_of``, each with its months or why it does not count."""
    kinds = (req.params or plan_service(plan).params).get("site_kinds") or {}
    return [_period_line(p, kinds, as_of) for p in facts.service if p.start <= as_of]


def unit(params: dict[str, Any]) -> str:
    """Months of service."""
    return "months"


def is_partial(params: dict[str, Any]) -> bool:
    """Months add up bit by bit."""
    return True


def validate(params: dict[str, Any], field: str, check: _params.Check) -> None:
    """Check the service params: ``months`` and the ``site_kinds`` rules."""
    _params.number(params, "months", field, positive=True, maximum=_params.MAX_MONTHS)
    kinds = params.get("site_kinds")
    if kinds is None:
        return
    if not isinstance(kinds, dict):
        raise DomainError(f"{field}.site_kinds", _("Må være et JSON-objekt."))
    for name, rule in kinds.items():
        f = f"{field}.site_kinds.{name}"
        if name not in check.site_kinds:
            raise DomainError(
                f"{field}.site_kinds",
                _(
                    "Ukjent type sted: %(k)s (gyldige: %(v)s)",
                    k=name,
                    v=", ".join(check.site_kinds),
                ),
            )
        if not isinstance(rule, dict):
            raise DomainError(f, _("Må være et JSON-objekt."))
        for number in ("max_months", "min_months"):
            _params.number(rule, number, f, maximum=_params.MAX_MONTHS)
        _params.number(rule, "min_pct", f, maximum=100)
