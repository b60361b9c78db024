"""The pure hospitation rules: the full transition table, who may act, valid details."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from app.hospitation import rules
from app.hospitation.models import HospitationStatus

TODAY = dt.date(2026, 11, 25)
PAST = dt.date(2026, 11, 20)

# planned → confirmed → completed, or cancelled (before completion); nothing else.
ALLOWED = {
    ("planned", "confirmed"),
    ("planned", "cancelled"),
    ("confirmed", "completed"),
    ("confirmed", "cancelled"),
}


def hosp(status, goals="Lære om symptomlindring", start=dt.date(2026, 11, 18), end=PAST):
    return SimpleNamespace(status=status, goals=goals, start=start, end=end)


@pytest.mark.parametrize("to", rules.STATES)
@pytest.mark.parametrize("current", rules.STATES)
def test_every_pair_of_states(current, to):
    refusal = rules.check_transition(hosp(current), to, today=TODAY)
    if (current, to) in ALLOWED:
        assert refusal is None
    else:
        assert refusal is not None and refusal.field == "status" and refusal.message


@pytest.mark.parametrize("current", rules.STATES)
def test_enum_statuses_work_like_strings(current):
    for to in rules.STATES:
        as_enum = rules.check_transition(
            hosp(HospitationStatus(current)), HospitationStatus(to), today=TODAY
        )
        as_text = rules.check_transition(hosp(current), to, today=TODAY)
        assert as_enum == as_text


@pytest.mark.parametrize("goals", [None, "", "   \n "])
def test_goals_required_before_confirmation(goals):
    refusal = rules.check_transition(hosp("planned", goals=goals), "confirmed", today=TODAY)
    assert refusal is not None and refusal.field == "goals"
    # Cancelling needs no goals.
    assert rules.check_transition(hosp("planned", goals=goals), "cancelled", today=TODAY) is None


def test_goals_required_to_complete():
    refusal = rules.check_transition(hosp("confirmed", goals=""), "completed", today=TODAY)
    assert refusal is not None and refusal.field == "goals"


@pytest.mark.parametrize(
    ("end", "ok"),
    [
        (None, False),
        (TODAY + dt.timedelta(days=1), False),
        (dt.date(2027, 5, 1), False),
        (TODAY, True),
        (PAST, True),
    ],
)
def test_completed_needs_end_date_not_in_future(end, ok):
    refusal = rules.check_transition(hosp("confirmed", end=end), "completed", today=TODAY)
    if ok:
        assert refusal is None
    else:
        assert refusal is not None and refusal.field == "end"


def test_unknown_target_is_refused():
    refusal = rules.check_transition(hosp("planned"), "approved", today=TODAY)
    assert refusal is not None and refusal.field == "status"


@pytest.mark.parametrize(
    ("actor", "to", "ok"),
    [
        ("person", "confirmed", False),
        ("person", "completed", True),
        ("person", "cancelled", True),
        ("coordinator", "confirmed", True),
        ("coordinator", "completed", True),
        ("coordinator", "cancelled", True),
        ("site", "confirmed", True),
        ("site", "completed", False),
        ("site", "cancelled", False),
        ("person", "planned", False),
        ("coordinator", "planned", False),
    ],
)
def test_who_may_set_which_status(actor, to, ok):
    assert rules.may_act(actor, to) is ok


def test_allowed_targets_per_actor():
    planned = hosp("planned")
    assert rules.allowed_targets(planned, today=TODAY) == ["confirmed", "cancelled"]
    assert rules.allowed_targets(planned, today=TODAY, actor="person") == ["cancelled"]
    confirmed_future = hosp("confirmed", end=TODAY + dt.timedelta(days=3))
    assert rules.allowed_targets(confirmed_future, today=TODAY, actor="person") == ["cancelled"]
    assert rules.allowed_targets(hosp("completed"), today=TODAY) == []


def _details(**overrides):
    values = {
        "start": dt.date(2026, 3, 2),
        "end": dt.date(2026, 3, 3),
        "days": 2.0,
        "goals": "Mål",
        "site_or_place": True,
    }
    values.update(overrides)
    return rules.check_details(**values)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({}, None),
        ({"end": None}, None),
        ({"days": 0.5}, None),
        ({"days": 0}, "days"),
        ({"days": -2}, "days"),
        ({"days": None}, "days"),
        ({"end": dt.date(2026, 3, 1)}, "end"),
        ({"goals": ""}, "goals"),
        ({"goals": None}, "goals"),
        ({"start": None}, "start"),
        ({"site_or_place": False}, "site_id"),
    ],
)
def test_details(overrides, field):
    refusal = _details(**overrides)
    assert (refusal.field if refusal else None) == field


def test_recorded_completed_must_be_over():
    assert rules.check_recorded_completed(PAST, None, today=TODAY) is None
    assert rules.check_recorded_completed(PAST, TODAY, today=TODAY) is None
    late = rules.check_recorded_completed(PAST, TODAY + dt.timedelta(days=1), today=TODAY)
    assert late is not None and late.field == "end"
    ahead = rules.check_recorded_completed(TODAY + dt.timedelta(days=2), None, today=TODAY)
    assert ahead is not None and ahead.field == "start"
