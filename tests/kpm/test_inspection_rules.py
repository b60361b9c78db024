"""Inspection rules (seed 000 §2.3) as tables: no app, no database."""

from __future__ import annotations

from datetime import date

import pytest

from app.kpm.inspection_rules import (
    InspectionFact,
    approved_in_year,
    finding_overdue,
    inspection_due,
    inspection_state,
    own_region_refused,
)

D = date


@pytest.mark.parametrize(
    ("approval", "kinds", "window", "due"),
    [
        ("approved", (), (None, None), True),
        ("dispensation", ("report",), (None, None), True),
        ("approved", ("visit",), (None, None), True),
        ("approved", ("report", "visit"), (None, None), False),
        ("dispensation", ("visit", "report", "visit"), (None, None), False),
        ("applied", (), (None, None), False),
        ("withdrawn", (), (None, None), False),
        # approved in the year: a window that touches 2026 at all
        ("approved", (), (D(2026, 11, 1), None), True),
        ("approved", (), (D(2027, 1, 1), None), False),
        ("approved", (), (None, D(2026, 1, 31)), True),
        ("approved", (), (None, D(2025, 12, 31)), False),
        ("approved", (), (D(2020, 1, 1), D(2030, 1, 1)), True),
    ],
)
def test_due_in_a_year_until_it_has_a_report_and_a_visit(approval, kinds, window, due):
    lo, hi = window
    assert inspection_due(approval, kinds, year=2026, approved_from=lo, approved_until=hi) is due


@pytest.mark.parametrize(
    ("lo", "hi", "year", "expected"),
    [
        (None, None, 2026, True),
        (None, None, None, True),
        (D(2026, 12, 31), None, 2026, True),
        (D(2027, 1, 1), None, 2026, False),
        (None, D(2026, 1, 1), 2026, True),
        (None, D(2025, 12, 31), 2026, False),
    ],
)
def test_approved_in_year(lo, hi, year, expected):
    assert approved_in_year(lo, hi, year) is expected


@pytest.mark.parametrize(
    ("regional_centre", "site_region", "inspector_region", "refused"),
    [
        (True, "helse-vest", "helse-vest", True),
        (True, "helse-vest", "helse-nord", False),
        (True, "helse-vest", None, False),
        (True, None, "helse-vest", False),
        (False, "helse-vest", "helse-vest", False),
    ],
)
def test_a_regional_centre_is_inspected_from_another_region(
    regional_centre, site_region, inspector_region, refused
):
    assert own_region_refused(regional_centre, site_region, inspector_region) is refused


@pytest.mark.parametrize(
    ("deadline", "closed_on", "overdue"),
    [
        (D(2026, 6, 1), None, True),
        (D(2026, 6, 2), None, False),  # the deadline day itself is not past it
        (D(2026, 6, 3), None, False),
        (D(2026, 6, 1), D(2026, 6, 1), False),
        (D(2026, 5, 1), D(2026, 6, 1), False),  # closed late is closed
    ],
)
def test_a_finding_is_overdue_when_open_past_its_deadline(deadline, closed_on, overdue):
    assert finding_overdue(deadline, closed_on, D(2026, 6, 2)) is overdue


@pytest.mark.parametrize(
    ("inspections", "due", "last_report", "last_visit"),
    [
        ([], True, None, None),
        ([("report", 2026, D(2026, 2, 1))], True, D(2026, 2, 1), None),
        (
            [("report", 2026, D(2026, 2, 1)), ("visit", 2026, D(2026, 5, 1))],
            False,
            D(2026, 2, 1),
            D(2026, 5, 1),
        ),
        # last year's visit does not count for this year, but is the last visit
        (
            [("report", 2026, D(2026, 2, 1)), ("visit", 2025, D(2025, 9, 1))],
            True,
            D(2026, 2, 1),
            D(2025, 9, 1),
        ),
        # the report for 2025, received in 2026, is 2025's
        (
            [("report", 2025, D(2026, 1, 20)), ("visit", 2026, D(2026, 5, 1))],
            True,
            D(2026, 1, 20),
            D(2026, 5, 1),
        ),
    ],
)
def test_inspection_state(inspections, due, last_report, last_visit):
    facts = [InspectionFact(year, kind, on) for kind, year, on in inspections]
    findings = [(D(2026, 3, 1), None), (D(2026, 12, 1), None), (D(2026, 1, 1), D(2026, 2, 1))]
    state = inspection_state("approved", None, None, facts, findings, D(2026, 6, 2))
    assert (state.due, state.last_report, state.last_visit) == (due, last_report, last_visit)
    assert (state.open_findings, state.overdue_findings) == (2, 1)
