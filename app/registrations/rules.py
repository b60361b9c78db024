"""Pure decisions for registrations and waiting lists: no Flask, no session, no clock.

Everything takes plain values (the current time is passed in as ``now``) so that the rules can be
tested with parametrized tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar


class Waiting(Protocol):
    """Anything on a waiting list: it has an id and the time it joined the list."""

    id: Any
    waitlisted_at: dt.datetime | None


W = TypeVar("W", bound=Waiting)

_FAR_FUTURE = dt.datetime.max.replace(tzinfo=dt.UTC)


def waitlist_key(item: Waiting) -> tuple[dt.datetime, int]:
    """Sort key of the waiting list: who joined first, then the lower id (ties in a microsecond)."""
    joined = item.waitlisted_at or _FAR_FUTURE
    return joined, item.id if item.id is not None else 0


def waitlist_order(waitlist: Iterable[W]) -> list[W]:
    """The waiting list in the order people move up."""
    return sorted(waitlist, key=waitlist_key)


def next_to_promote(waitlist: Iterable[W]) -> W | None:
    """The first one on the waiting list, or None when it is empty."""
    ordered = waitlist_order(waitlist)
    return ordered[0] if ordered else None


def has_room(capacity: int | None, seats_taken: int) -> bool:
    """Whether one more seat can be given (capacity None means unlimited)."""
    return capacity is None or seats_taken < capacity


def seats_left(capacity: int | None, seats_taken: int) -> int | None:
    """Free seats (None for unlimited, never negative)."""
    if capacity is None:
        return None
    return max(capacity - seats_taken, 0)


def closes_at(deadline: dt.datetime | None, start: dt.datetime | None) -> dt.datetime | None:
    """When self-service registration closes: the deadline, else the start."""
    return deadline or start


def registration_open(
    deadline: dt.datetime | None,
    start: dt.datetime | None,
    now: dt.datetime,
    *,
    override_deadline: bool = False,
) -> bool:
    """Whether registration is still open at ``now`` (organisers may override the deadline)."""
    if override_deadline:
        return True
    closing = closes_at(deadline, start)
    return closing is None or now <= closing


def waitlist_positions(statuses: Sequence[tuple[int, str, dt.datetime | None]]) -> dict[int, int]:
    """Positions 1, 2, … of the waitlisted entries among ``(id, status, waitlisted_at)`` rows."""

    class _Row:
        def __init__(self, id_: int, at: dt.datetime | None) -> None:
            self.id = id_
            self.waitlisted_at = at

    waiting = [_Row(id_, at) for id_, status, at in statuses if status == "waitlisted"]
    return {row.id: index for index, row in enumerate(waitlist_order(waiting), start=1)}


#: status changes an organiser may make (from → allowed targets); cancelling is always allowed
#: except from cancelled itself.
_SEAT_HOLDING = {"registered", "attended", "completed", "no_show"}


def check_status_change(current: str, target: str) -> str | None:
    """None if ``current → target`` is allowed, else a reason key.

    Reasons: ``same`` (nothing to do), ``cancelled`` (already cancelled), ``waitlisted``
    (a person on the waiting list has no seat to attend with), ``unknown``.
    """
    if target not in _SEAT_HOLDING | {"cancelled", "waitlisted"}:
        return "unknown"
    if current == "cancelled":
        return "cancelled"
    if target == "cancelled":
        return None
    if target == "waitlisted":
        return "unknown"
    if current == "waitlisted":
        return "waitlisted"
    return None
