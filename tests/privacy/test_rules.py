"""The retention rule, as a table."""

from __future__ import annotations

import datetime as dt

import pytest

from app.privacy.rules import RetentionFacts, due_on, due_within, is_due, years_before

ON = dt.date(2031, 6, 15)
D = dt.date


@pytest.mark.parametrize(
    ("facts", "due"),
    [
        (RetentionFacts(1, (D(2026, 6, 14),)), True),  # ended 5 years and a day before
        (RetentionFacts(1, (D(2026, 6, 15),)), False),  # exactly 5 years: not yet "more than"
        (RetentionFacts(1, (D(2020, 1, 1), D(2027, 1, 1))), False),  # the last one counts
        (RetentionFacts(1, (D(2020, 1, 1), None)), False),  # still a member
        (RetentionFacts(1, ()), False),  # never a member: kept (a leader, a new person)
        (RetentionFacts(1, (D(2020, 1, 1),), has_active_account=True), False),
        (RetentionFacts(1, (D(2020, 1, 1),), leads_someone=True), False),
        (RetentionFacts(1, (D(2020, 1, 1),), held_until=D(2031, 6, 15)), False),
        (RetentionFacts(1, (D(2020, 1, 1),), held_until=D(2031, 6, 14)), True),  # hold over
        (RetentionFacts(1, (D(2020, 1, 1),), anonymised=True), False),
    ],
)
def test_is_due(facts, due):
    assert is_due(facts, ON, 5) is due


def test_leap_day():
    assert years_before(D(2028, 2, 29), 5) == D(2023, 2, 28)
    assert due_on(RetentionFacts(1, (D(2024, 2, 29),)), 1) == D(2025, 3, 1)


def test_due_within_lists_the_coming_month_soonest_first():
    facts = [
        RetentionFacts(1, (D(2026, 7, 1),)),  # due 2031-07-02
        RetentionFacts(2, (D(2026, 6, 1),)),  # due already
        RetentionFacts(3, (D(2026, 8, 1),)),  # after the 30 days
        RetentionFacts(4, (D(2026, 6, 1),), held_until=D(2031, 7, 1)),  # held: due 07-02
        RetentionFacts(5, (D(2026, 6, 1),), held_until=D(2032, 1, 1)),  # held past the month
        RetentionFacts(6, (D(2026, 6, 1),), has_active_account=True),
    ]
    assert [(f.person_id, day) for f, day in due_within(facts, ON, 5, 30)] == [
        (2, ON),
        (1, D(2031, 7, 2)),
        (4, D(2031, 7, 2)),
    ]
