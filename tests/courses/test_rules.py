"""Pure rules: waiting-list order, room, deadlines, offering checks, status changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from app.courses import rules
from app.registrations import rules as registration_rules

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@dataclass
class W:
    id: int
    waitlisted_at: dt.datetime | None


@pytest.mark.parametrize(
    ("waitlist", "expected"),
    [
        ([], None),
        ([W(1, T0)], 1),
        ([W(5, T0 + dt.timedelta(seconds=1)), W(7, T0)], 7),
        ([W(9, T0), W(3, T0)], 3),  # same instant: lower id first
        ([W(2, None), W(8, T0)], 8),
    ],
)
def test_next_to_promote(waitlist, expected):
    found = registration_rules.next_to_promote(waitlist)
    assert (found.id if found else None) == expected


@pytest.mark.parametrize(
    ("capacity", "taken", "room", "left"),
    [
        (None, 100, True, None),
        (10, 9, True, 1),
        (10, 10, False, 0),
        (0, 0, False, 0),
        (3, 5, False, 0),
    ],
)
def test_room_and_seats_left(capacity, taken, room, left):
    assert registration_rules.has_room(capacity, taken) is room
    assert registration_rules.seats_left(capacity, taken) == left


@pytest.mark.parametrize(
    ("deadline", "now", "override", "open_"),
    [
        (T0, T0 - dt.timedelta(minutes=1), False, True),
        (T0, T0, False, True),
        (T0, T0 + dt.timedelta(minutes=1), False, False),
        (T0, T0 + dt.timedelta(days=9), True, True),
        (None, T0 + dt.timedelta(days=1), False, True),  # start of T0+2d is the close
        (None, T0 + dt.timedelta(days=3), False, False),
    ],
)
def test_registration_open(deadline, now, override, open_):
    start = T0 + dt.timedelta(days=2)
    assert (
        registration_rules.registration_open(deadline, start, now, override_deadline=override)
        is open_
    )


def test_waitlist_positions():
    rows = [(1, "registered", None), (2, "waitlisted", T0 + dt.timedelta(1)), (3, "waitlisted", T0)]
    assert registration_rules.waitlist_positions(rows) == {3: 1, 2: 2}


@pytest.mark.parametrize(
    ("current", "target", "reason"),
    [
        ("registered", "attended", None),
        ("registered", "cancelled", None),
        ("waitlisted", "cancelled", None),
        ("waitlisted", "attended", "waitlisted"),
        ("cancelled", "attended", "cancelled"),
        ("completed", "no_show", None),
        ("registered", "bogus", "unknown"),
    ],
)
def test_status_changes(current, target, reason):
    assert registration_rules.check_status_change(current, target) == reason


D = dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, []),
        ({"end": T0 - D}, [("end", "end_before_start")]),
        ({"capacity": -1}, [("capacity", "negative")]),
        ({"deadline": T0 + D}, [("registration_deadline", "deadline_after_start")]),
        ({"modules": [(T0, T0 + dt.timedelta(hours=5))]}, []),
        ({"modules": [(T0 - D, T0)]}, [("modules.0.start", "module_outside")]),
        ({"modules": [(T0, T0 + 40 * D)]}, [("modules.0.end", "module_outside")]),
        ({"modules": [(T0 + D, T0)]}, [("modules.0.end", "module_end_before_start")]),
    ],
)
def test_check_offering(kwargs, expected):
    values = {"start": T0, "end": T0 + 30 * D, "capacity": 10, "deadline": None, "modules": ()}
    values.update(kwargs)
    assert rules.check_offering(**values) == expected
