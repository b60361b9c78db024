"""Month arithmetic: clamped month steps and the contract's calendar-month count."""

from datetime import date

import pytest

from app.core.dates import add_months, calendar_months, days_in_month


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 5, 31), 1, date(2024, 6, 30)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 12, 15), 1, date(2025, 1, 15)),
        (date(2024, 1, 15), 0, date(2024, 1, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 1, 1), 24, date(2026, 1, 1)),
        (date(2024, 1, 31), -13, date(2022, 12, 31)),
    ],
)
def test_add_months_clamps_the_day(start, n, expected):
    assert add_months(start, n) == expected


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 2, 10), 29),
        (date(2023, 2, 1), 28),
        (date(2024, 4, 30), 30),
        (date(2024, 12, 1), 31),
    ],
)
def test_days_in_month(d, expected):
    assert days_in_month(d) == expected


@pytest.mark.parametrize(
    ("start", "last", "expected"),
    [
        (date(2024, 1, 1), date(2025, 12, 31), 24.0),
        (date(2024, 1, 1), date(2024, 1, 31), 1.0),
        (date(2024, 1, 1), date(2024, 1, 1), 1 / 31),
        (date(2024, 2, 1), date(2024, 2, 14), 14 / 29),
        (date(2024, 1, 15), date(2024, 2, 14), 1.0),
        # stop = 2 Mar; n = 1 (15 Feb); 16 days of February's 29
        (date(2024, 1, 15), date(2024, 3, 1), 1 + 16 / 29),
        # 31 Jan + 1 month = 29 Feb = stop: exactly one month
        (date(2024, 1, 31), date(2024, 2, 28), 1.0),
        # stop = 30 Mar < 31 Mar = start + 2 months: n = 1, rest 30 days / 29 (literal rule)
        (date(2024, 1, 31), date(2024, 3, 29), 1 + 30 / 29),
        (date(2024, 3, 1), date(2024, 2, 29), 0.0),
    ],
)
def test_calendar_months(start, last, expected):
    assert calendar_months(start, last) == pytest.approx(expected, abs=1e-12)


def test_two_full_years_are_exactly_24():
    assert calendar_months(date(2024, 1, 1), date(2025, 12, 31)) == 24.0
