"""Pure decisions for course offerings: no Flask, no session, no clock.

The waiting-list and registration rules are app.registrations.rules'.

Everything takes plain values (the current time is passed in as ``now``) so that the rules can be
tested with parametrized tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence


def check_offering(
    start: dt.datetime | None,
    end: dt.datetime | None,
    capacity: int | None,
    deadline: dt.datetime | None,
    modules: Sequence[tuple[dt.datetime | None, dt.datetime | None]] = (),
    tz: dt.tzinfo | None = None,
) -> list[tuple[str, str]]:
    """Problems with an offering's dates and capacity as ``(field, reason)`` pairs.

    Reasons: ``required``, ``end_before_start``, ``negative``, ``deadline_after_start``,
    ``module_end_before_start``, ``module_outside`` (field ``modules.<i>.start``/``end``).
    A module lies inside the offering when its local dates (in ``tz``) fall within the
    offering's first and last day.
    """

    def day(value: dt.datetime) -> dt.date:
        return value.astimezone(tz).date() if tz is not None else value.date()

    problems: list[tuple[str, str]] = []
    if start is None:
        problems.append(("start", "required"))
    if end is None:
        problems.append(("end", "required"))
    if start is not None and end is not None and end < start:
        problems.append(("end", "end_before_start"))
    if capacity is not None and capacity < 0:
        problems.append(("capacity", "negative"))
    if deadline is not None and start is not None and deadline > start:
        problems.append(("registration_deadline", "deadline_after_start"))
    for index, (m_start, m_end) in enumerate(modules):
        prefix = f"modules.{index}"
        if m_start is None:
            problems.append((f"{prefix}.start", "required"))
        if m_end is None:
            problems.append((f"{prefix}.end", "required"))
        if m_start is None or m_end is None:
            continue
        if m_end < m_start:
            problems.append((f"{prefix}.end", "module_end_before_start"))
        if (start is not None and day(m_start) < day(start)) or (
            end is not None and day(m_start) > day(end)
        ):
            problems.append((f"{prefix}.start", "module_outside"))
        elif end is not None and day(m_end) > day(end):
            problems.append((f"{prefix}.end", "module_outside"))
    return problems

