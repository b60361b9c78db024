"""Who gets what today: the pure rules, as tables (no app, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.notifications import rules

D = dt.date
DEADLINE = D(2026, 3, 31)


def deadline(status="due", day=DEADLINE, person=1, network_id=10):
    return rules.Deadline(person, "net", "hospitering", "Hospitering", day, status, network_id)


@pytest.mark.parametrize(
    ("today", "status", "kinds"),
    [
        (D(2026, 2, 28), "due", []),  # 31 days ahead: not yet
        (D(2026, 3, 1), "due", ["deadline_soon"]),  # 30 days ahead
        (D(2026, 3, 20), "in_progress", ["deadline_soon"]),  # a later run before it
        (D(2026, 3, 31), "due", ["deadline_soon"]),  # the day itself is not overdue yet
        (D(2026, 4, 1), "overdue", ["overdue", "overdue"]),  # person and leader
        (D(2026, 3, 10), "met", []),
        (D(2026, 3, 10), "not_applicable", []),
    ],
)
def test_deadline_notices(today, status, kinds):
    notices = rules.deadline_notices([deadline(status)], {1: 2}, today)
    assert [n.kind for n in notices] == kinds


def test_overdue_goes_to_the_person_and_once_to_her_leader():
    notices = rules.deadline_notices([deadline("overdue")], {1: 2}, D(2026, 4, 2))
    assert [(n.recipient, n.key) for n in notices] == [
        (1, "overdue:1:net:hospitering:2026-03-31:person"),
        (2, "overdue:1:net:hospitering:2026-03-31:leader"),
    ]
    # Without a leader only the person hears of it.
    assert len(rules.deadline_notices([deadline("overdue")], {1: None}, D(2026, 4, 2))) == 1


def test_the_key_is_per_person_requirement_and_deadline():
    soon = rules.deadline_notices([deadline()], {}, D(2026, 3, 5))
    later = rules.deadline_notices([deadline()], {}, D(2026, 3, 25))
    moved = rules.deadline_notices([deadline(day=D(2026, 4, 2))], {}, D(2026, 3, 25))
    assert soon[0].key == later[0].key != moved[0].key


@pytest.mark.parametrize(
    ("starts", "sent"),
    [(D(2026, 5, 8), True), (D(2026, 5, 2), True), (D(2026, 5, 9), False), (D(2026, 5, 1), False)],
)
def test_event_in_seven_days(starts, sent):
    upcoming = rules.Upcoming(5, 1, "gathering", 9, starts)
    notices = rules.event_notices([upcoming], D(2026, 5, 1))
    assert [n.key for n in notices] == (["event_soon:registration:5"] if sent else [])


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 2, 1), {2: [1, 3]}),  # overdue (3) and due within 60 days (1)
        (D(2026, 2, 2), {}),  # not the first of the month
    ],
)
def test_leader_digest_lists_her_staff_on_the_first(today, expected):
    rows = [
        deadline("due", D(2026, 3, 30), person=1),  # 57 days ahead
        deadline("due", D(2026, 6, 1), person=4),  # too far ahead
        deadline("overdue", D(2025, 12, 1), person=3),
        deadline("overdue", D(2025, 12, 1), person=5),  # another leader's staff
        deadline("met", D(2026, 2, 10), person=6),
    ]
    leaders = {1: 2, 3: 2, 4: 2, 5: 7, 6: 2}
    notices = [n for n in rules.leader_digests(rows, leaders, today) if n.recipient == 2]
    got = {n.recipient: sorted(d.person_id for d in n.about) for n in notices}
    assert got == expected
    if notices:
        assert notices[0].key == "leader_digest:2:2026-02"


def test_coordinator_digest_holds_only_her_networks_and_only_on_mondays():
    monday = D(2026, 3, 2)
    sections = {
        "new_overdue": {10: ["a"], 20: ["b"]},
        "waitlists": {20: ["c"]},
    }
    coordinators = {100: {10}, 200: {20}, 300: {30}}
    notices = {n.recipient: n for n in rules.coordinator_digests(coordinators, sections, monday)}
    assert set(notices) == {100, 200}  # 300 has nothing: no mail
    assert [(s.name, s.lines) for s in notices[100].about] == [("new_overdue", ("a",))]
    assert [(s.name, s.lines) for s in notices[200].about] == [
        ("new_overdue", ("b",)),
        ("waitlists", ("c",)),
    ]
    assert notices[100].key == "coordinator_digest:100:2026-W10"
    assert rules.coordinator_digests(coordinators, sections, monday + dt.timedelta(days=1)) == []


@pytest.mark.parametrize(("days_before", "new"), [(1, True), (7, True), (8, False), (0, False)])
def test_new_overdue_is_last_week(days_before, new):
    today = D(2026, 3, 9)
    d = deadline("overdue" if days_before else "due", today - dt.timedelta(days=days_before))
    assert rules.is_new_overdue(d, today) is new


def test_turned_off_kinds_and_missing_addresses_are_left_out():
    notices = [
        rules.Notice("overdue", "k1", 1),
        rules.Notice("deadline_soon", "k2", 1),
        rules.Notice("overdue", "k3", 2),
    ]
    kept = rules.wanted(notices, {1: "Kari@Example.no"}, {("kari@example.no", "overdue")})
    assert [(n.key, email) for n, email in kept] == [("k2", "Kari@Example.no")]
