"""Calendar arithmetic: month steps with day clamping and fractional calendar months."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def days_in_month(d: date) -> int:
    """The number of days in the month of ``d``."""
    return calendar.monthrange(d.year, d.month)[1]


def add_months(d: date, n: int) -> date:
    """``d`` moved ``n`` calendar months, clamping the day (31 Jan + 1 month = 28/29 Feb)."""
    index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:  # beyond the calendar: the nearest day there is
        return date.max if year > 9999 else date.min
    month = month0 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def calendar_months(start: date, last: date) -> float:
    """Calendar months from ``start`` to ``last``, both days included (0 if ``last < start``).

    ``stop = last + 1 day``; ``n`` is the largest whole number of months with
    ``add_months(start, n) <= stop``; the rest is the days from ``add_months(start, n)`` to
    ``stop`` divided by the number of days in the month of ``add_months(start, n)``.
    """
    if last < start:
        return 0.0
    stop = last + timedelta(days=1)
    n = (stop.year - start.year) * 12 + (stop.month - start.month)
    while n > 0 and add_months(start, n) > stop:
        n -= 1
    anchor = add_months(start, n)
    return n + (stop - anchor).days / days_in_month(anchor)


#: the end of an open period (one with no end date yet)
FAR_FUTURE = date.max
