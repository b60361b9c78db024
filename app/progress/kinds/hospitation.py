"""The hospitation requirement: days of completed hospitations (with goals where required).

A stay counts at most its calendar days (start to end, both included): the write path
refuses more, and a row stored before that check is capped here rather than trusted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from app.core.errors import DomainError
from app.core.i18n import count_form, ngettext
from app.core.i18n import gettext as _
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

KIND = "hospitation"


def evaluate(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> Outcome:
    """Sum the days of completed hospitations (with goals where the plan requires them)."""
    needed = num(req.params.get("min_days"), 1.0)
    goals_required = bool(req.params.get("goals_required", False))
    found = (
        (h.on, h.counted_days)
        for h in facts.hospitations
        if h.completed and (h.has_goals or not goals_required)
    )
    done, met_on = accumulate(found, needed)
    return Outcome(done, needed, "days", met_on is not None, met_on)


def evidence(
    req: Requirement, facts: PersonFacts, as_of: date, plan: Plan, titles: dict[str, str]
) -> list[Evidence]:
    """The completed hospitations, those without required goals marked as not counting."""
    goals_required = bool(req.params.get("goals_required"))
    items = []
    for stay in facts.hospitations:
        if not stay.completed or not in_window(stay.on, req, as_of):
            continue
        if goals_required and not stay.has_goals:
            items.append(
                Evidence(
                    stay.on,
                    ngettext(
                        "%(d)s dag, uten mål (teller ikke)",
                        "%(d)s dager, uten mål (teller ikke)",
                        count_form(stay.days),
                        d=f"{stay.days:g}",
                    ),
                    counts=False,
                )
            )
        elif stay.counted_days < stay.days:
            items.append(
                Evidence(
                    stay.on,
                    ngettext(
                        "%(d)s dag registrert, teller %(c)s (datoene gir ikke flere dager)",
                        "%(d)s dager registrert, teller %(c)s (datoene gir ikke flere dager)",
                        count_form(stay.days),
                        d=f"{stay.days:g}",
                        c=f"{stay.counted_days:g}",
                    ),
                )
            )
        else:
            items.append(
                Evidence(
                    stay.on,
                    ngettext(
                        "%(d)s dag hospitering, fullført",
                        "%(d)s dager hospitering, fullført",
                        count_form(stay.days),
                        d=f"{stay.days:g}",
                    ),
                )
            )
    return items


def unit(params: dict[str, Any]) -> str:
    """Days of hospitation."""
    return "days"


def is_partial(params: dict[str, Any]) -> bool:
    """Days add up bit by bit."""
    return True


def validate(params: dict[str, Any], field: str, check: _params.Check) -> None:
    """Check the hospitation params: ``min_days`` required, ``goals_required`` a flag."""
    if params.get("min_days") is None:
        raise DomainError(f"{field}.min_days", _("Antall dager må fylles ut."))
    _params.number(params, "min_days", field, positive=True, maximum=_params.MAX_DAYS)
    _params.boolean(params, "goals_required", field)
