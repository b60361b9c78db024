"""Pure decisions about hospitations: which status changes are allowed, and valid details.

No Flask, no session, no clock: the day is passed in. A hospitation is anything with
``status`` (an enum or its value), ``goals``, ``start`` and ``end``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

PLANNED = "planned"
CONFIRMED = "confirmed"
COMPLETED = "completed"
CANCELLED = "cancelled"
STATES = (PLANNED, CONFIRMED, COMPLETED, CANCELLED)

#: the only moves there are: planned → confirmed → completed, or cancelled before completion
TRANSITIONS: dict[str, frozenset[str]] = {
    PLANNED: frozenset({CONFIRMED, CANCELLED}),
    CONFIRMED: frozenset({COMPLETED, CANCELLED}),
    COMPLETED: frozenset(),
    CANCELLED: frozenset(),
}

#: who may make each move: the person herself, a coordinator (or admin), the site contact
ACTORS: dict[str, frozenset[str]] = {
    CONFIRMED: frozenset({"coordinator", "site"}),
    COMPLETED: frozenset({"person", "coordinator"}),
    CANCELLED: frozenset({"person", "coordinator"}),
}


def N_(message: str) -> str:  # noqa: N802 - the gettext marker pybabel looks for
    """Mark a message for the catalogue; the caller translates it (``_(refusal.message)``)."""
    return message


@dataclass(frozen=True)
class Refusal:
    """Why something is not allowed, and which input it concerns."""

    field: str | None
    message: str
    #: values for the message's %(name)s placeholders
    params: dict[str, Any] | None = None


def _status(value: Any) -> str:
    return getattr(value, "value", value)


def _has_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def check_transition(h: Any, to: Any, *, today: dt.date) -> Refusal | None:
    """None when `h` may move to status `to` on `today`, else the reason it may not."""
    current, target = _status(h.status), _status(to)
    if target not in STATES:
        return Refusal("status", N_("Ukjent status."))
    if current == target:
        return Refusal("status", N_("Hospiteringen har allerede denne statusen."))
    if target not in TRANSITIONS.get(current, frozenset()):
        if current in (COMPLETED, CANCELLED):
            return Refusal("status", N_("En fullført eller avlyst hospitering kan ikke endres."))
        return Refusal("status", N_("Denne statusendringen er ikke tillatt."))
    if target in (CONFIRMED, COMPLETED) and not _has_text(h.goals):
        return Refusal("goals", N_("Egne mål for hospiteringen må fylles ut før den bekreftes."))
    if target == COMPLETED:
        if h.end is None:
            return Refusal("end", N_("Sluttdato må fylles ut før hospiteringen kan fullføres."))
        if h.end > today:
            return Refusal("end", N_("Hospiteringen kan ikke fullføres før sluttdatoen."))
    return None


def allowed_targets(h: Any, *, today: dt.date, actor: str | None = None) -> list[str]:
    """The statuses `h` may move to now (by `actor` when given), in lifecycle order."""
    return [
        to
        for to in STATES
        if check_transition(h, to, today=today) is None and (actor is None or may_act(actor, to))
    ]


def may_act(actor: str, to: Any) -> bool:
    """Whether this kind of actor ('person', 'coordinator', 'site') may set status `to`."""
    return actor in ACTORS.get(_status(to), frozenset())


def calendar_days(start: dt.date | None, end: dt.date | None) -> int | None:
    """The calendar days from ``start`` to ``end``, both included (None without both)."""
    if start is None or end is None or end < start:
        return None
    return (end - start).days + 1


def check_details(
    *,
    start: dt.date | None,
    end: dt.date | None,
    days: float | None,
    goals: str | None,
    site_or_place: bool,
) -> Refusal | None:
    """The first problem with a hospitation's details, or None."""
    if not site_or_place:
        return Refusal("site_id", N_("Velg et hospiteringssted eller skriv inn et sted."))
    if start is None:
        return Refusal("start", N_("Startdato må fylles ut."))
    if end is not None and end < start:
        return Refusal("end", N_("Sluttdato kan ikke være før startdato."))
    if days is None:
        return Refusal("days", N_("Antall dager må fylles ut."))
    if days <= 0:
        return Refusal("days", N_("Antall dager må være større enn 0."))
    if days > 366:
        return Refusal("days", N_("Antall dager er for stort."))
    span = calendar_days(start, end)
    if span is not None and days > span:
        return Refusal(
            "days",
            N_("Antall dager kan ikke være flere enn kalenderdagene fra start til slutt (%(n)d)."),
            {"n": span},
        )
    if not _has_text(goals):
        return Refusal("goals", N_("Egne mål for hospiteringen må fylles ut."))
    return None


def check_recorded_completed(
    start: dt.date, end: dt.date | None, *, today: dt.date
) -> Refusal | None:
    """A hospitation recorded afterwards as completed must be over (its last day not ahead)."""
    last = end or start
    if last > today:
        field = "end" if end else "start"
        return Refusal(field, N_("En fullført hospitering kan ikke ha sluttdato fram i tid."))
    return None
