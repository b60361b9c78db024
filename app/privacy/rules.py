"""Pure retention decisions: who is due to be anonymised on a day (no Flask, no db, no clock).

The rule (CONTRACT "Privacy"): a person is anonymised once her last membership ended more than
`years` years before the day and she has no active account. Besides:

- a person with no membership at all is never due (a leader, someone just registered, a
  coordinator's person record): retention counts from the end of a membership, and there is none;
- a person with an open membership (no end, or an end still to come) is not due;
- a person who still leads someone who is not anonymised is kept (her staff's records name her);
- a coordinator's hold ("behold") keeps her until the hold's last day;
- an anonymised person is not anonymised again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionFacts:
    """What the retention rule looks at for one person."""

    person_id: int
    #: the end of each membership; None for a membership without an end
    membership_ends: tuple[dt.date | None, ...] = ()
    has_active_account: bool = False
    leads_someone: bool = False
    held_until: dt.date | None = None
    anonymised: bool = False


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` years earlier (29 February becomes the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day `years` years later (29 February becomes the 28th)."""
    return years_before(day, -years)


def last_membership_end(ends: Iterable[dt.date | None]) -> dt.date | None:
    """The day the last membership ended; None when there is none or one is still open."""
    ends = tuple(ends)
    if not ends or any(end is None for end in ends):
        return None
    return max(ends)  # type: ignore[type-var]


def due_on(facts: RetentionFacts, years: int) -> dt.date | None:
    """The first day the retention period alone would make her due, or None (never by age)."""
    if facts.anonymised:
        return None
    last = last_membership_end(facts.membership_ends)
    if last is None:
        return None
    # "ended more than `years` years before the day": the day after the anniversary.
    return years_after(last, years) + dt.timedelta(days=1)


def blocked(facts: RetentionFacts, on: dt.date) -> bool:
    """Kept for now whatever the age of her last membership."""
    held = facts.held_until is not None and facts.held_until >= on
    return facts.has_active_account or facts.leads_someone or held or facts.anonymised


def is_due(facts: RetentionFacts, on: dt.date, years: int) -> bool:
    """True when the person is to be anonymised on `on`."""
    first = due_on(facts, years)
    return first is not None and first <= on and not blocked(facts, on)


def due_within(
    all_facts: Iterable[RetentionFacts], on: dt.date, years: int, days: int
) -> list[tuple[RetentionFacts, dt.date]]:
    """Persons due on `on` or in the `days` after, with the day they fall due, soonest first.

    A hold is ignored here when it ends before the person's day: the list shows who the
    coming runs will take, so a coordinator can keep them in time.
    """
    horizon = on + dt.timedelta(days=days)
    out = []
    for facts in all_facts:
        first = due_on(facts, years)
        if first is None:
            continue
        day = max(first, on)
        if facts.held_until is not None and facts.held_until >= day:
            day = facts.held_until + dt.timedelta(days=1)
        if day <= horizon and not (facts.has_active_account or facts.leads_someone):
            out.append((facts, day))
    return sorted(out, key=lambda pair: (pair[1], pair[0].person_id))
