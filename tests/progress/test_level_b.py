"""Level B as seeds 003 and 004 write it (issue 17): table tests of the pure rules.

- a level-only course requirement counts only courses for the person's profession;
- a hospitation counts at most its calendar days;
- an intro course counts only when it lasted ``min_hours`` and, ``with_leader``, when the
  person's leader attended the same gathering (``leader_missing`` when she has none).
"""

from datetime import date

import pytest

from app.hospitation.rules import calendar_days, check_details
from app.progress.evidence import evidence_for
from app.progress.rules import (
    CourseCompletion,
    GatheringAttendance,
    HospitationFact,
    PersonFacts,
    Plan,
    Requirement,
    evaluate,
)

D = date
ON = D(2026, 6, 1)
PLAN = Plan(network="inn", key="p", title="P")


def req(kind, **params):
    return Requirement.from_json({"key": "r", "title": "R", "kind": kind, "params": params})


def status(r, facts):
    return evaluate(r, facts, ON, membership_start=D(2026, 1, 1), plan=PLAN)


# --------------------------------------------------------------------------- courses

NURSE_B = CourseCompletion("niva-b", "B", None, D(2026, 2, 1), ("nurse",))
PHYSIO_B = CourseCompletion("nff-teoretisk-grunnkurs", "B", 40, D(2026, 2, 1), ("physiotherapist",))
ALL_B = CourseCompletion("tverrfaglig", "B", None, D(2026, 2, 1), ())
NURSE_A = CourseCompletion("niva-a", "A", None, D(2026, 2, 1), ("nurse",))
FREE_B = CourseCompletion("free-text:7", "B", 10, D(2026, 2, 1))  # matched by the coordinator
FREE_UNMATCHED = CourseCompletion("free-text:8", None, 10, D(2026, 2, 1))


@pytest.mark.parametrize(
    ("profession", "courses", "expected"),
    [
        ("nurse", (PHYSIO_B,), "due"),  # the issue: NFF's course is not level B for a nurse
        ("nurse", (NURSE_B,), "met"),
        ("nurse", (ALL_B,), "met"),  # a course for no profession in particular is for all
        ("nurse", (NURSE_A,), "due"),
        ("nurse", (PHYSIO_B, NURSE_A), "due"),
        ("physiotherapist", (PHYSIO_B,), "met"),
        ("physiotherapist", (NURSE_B,), "due"),
        ("nurse", (FREE_B,), "met"),  # free text, verified and matched to level B
        ("nurse", (FREE_UNMATCHED,), "due"),  # free text without a level never counts
    ],
)
def test_level_only_course_counts_only_courses_for_the_profession(profession, courses, expected):
    r = req("course", courses=[], match="any", level="B")
    facts = PersonFacts(1, profession, courses=courses)
    assert status(r, facts).status == expected


def test_listed_courses_count_whoever_they_are_for():
    r = req("course", courses=["nff-teoretisk-grunnkurs"], match="any")
    assert status(r, PersonFacts(1, "nurse", courses=(PHYSIO_B,))).status == "met"


def test_the_evidence_lists_only_the_courses_that_count():
    r = req("course", courses=[], match="any", level="B")
    facts = PersonFacts(1, "nurse", courses=(PHYSIO_B, NURSE_B))
    lines = evidence_for(r, facts, ON, PLAN, course_titles={"niva-b": "Nivå B-kurs"})
    assert [e.text for e in lines] == ["Nivå B-kurs"]


# --------------------------------------------------------------------------- hospitation


@pytest.mark.parametrize(
    ("days", "start", "end", "counted"),
    [
        (2, D(2026, 3, 2), D(2026, 3, 2), 1),  # one calendar day recorded as 2
        (10, D(2026, 3, 2), D(2026, 3, 3), 2),  # the overview's 10 days in a 2-day range
        (2, D(2026, 3, 2), D(2026, 3, 3), 2),
        (1.5, D(2026, 3, 2), D(2026, 3, 3), 1.5),
        (2, D(2026, 3, 2), None, 2),  # no end date: nothing to cap by
    ],
)
def test_a_hospitation_counts_at_most_its_calendar_days(days, start, end, counted):
    span = calendar_days(start, end)
    stay = HospitationFact(days, end or start, has_goals=True, calendar_days=span)
    result = status(req("hospitation", min_days=2), PersonFacts(1, "nurse", hospitations=(stay,)))
    assert result.done == counted
    assert (result.status == "met") is (counted >= 2)


@pytest.mark.parametrize(
    ("days", "start", "end", "refused"),
    [
        (2, D(2026, 3, 2), D(2026, 3, 2), True),
        (1, D(2026, 3, 2), D(2026, 3, 2), False),
        (2, D(2026, 3, 2), D(2026, 3, 3), False),
        (3, D(2026, 3, 2), D(2026, 3, 3), True),
        (2.5, D(2026, 3, 2), D(2026, 3, 3), True),
        (5, D(2026, 3, 2), None, False),  # a planned stay may not know its last day yet
    ],
)
def test_days_may_not_exceed_the_calendar_days(days, start, end, refused):
    refusal = check_details(start=start, end=end, days=days, goals="Mål", site_or_place=True)
    assert (refusal is not None and refusal.field == "days") is refused


# --------------------------------------------------------------------------- gatherings

INTRO = req("gathering", gathering_kind="intro_course", count=1, min_hours=6, with_leader=True)


def intro(hours=7.0, *, leader=True, cancelled=False, network="inn"):
    return GatheringAttendance(
        network, "intro_course", D(2026, 3, 1), cancelled, hours=hours, leader_attended=leader
    )


@pytest.mark.parametrize(
    ("has_leader", "gatherings", "expected", "reason"),
    [
        (True, (intro(),), "met", None),
        (True, (intro(6.0),), "met", None),  # exactly 6 hours is enough
        (True, (intro(5.5),), "due", None),  # too short: not the leader's fault
        (True, (intro(leader=False),), "due", "leader_absent"),
        (False, (intro(leader=False),), "due", "leader_missing"),
        (False, (), "due", "leader_missing"),  # no leader: it can never be met
        (True, (), "due", None),
        (True, (intro(cancelled=True),), "due", None),
        (True, (intro(network="annet"),), "due", None),
        (True, (intro(None),), "due", None),  # unknown length never reaches min_hours
        (True, (intro(leader=False), intro()), "met", None),
    ],
)
def test_intro_course_needs_six_hours_and_the_leader(has_leader, gatherings, expected, reason):
    facts = PersonFacts(1, "nurse", has_leader=has_leader, gatherings=gatherings)
    result = status(INTRO, facts)
    assert (result.status, result.reason) == (expected, reason)
    assert ("leader_missing" in result.to_json()) is (reason == "leader_missing")


def test_without_the_new_params_a_gathering_counts_as_before():
    r = req("gathering", gathering_kind="intro_course", count=1)
    facts = PersonFacts(1, "nurse", gatherings=(intro(2.0, leader=False),))
    assert status(r, facts).status == "met"


def test_leader_missing_is_dropped_once_met_or_not_applicable():
    r = Requirement.from_json(
        {
            "key": "r",
            "title": "R",
            "kind": "gathering",
            "not_applicable_if": {"further_education": True},
            "params": INTRO.params,
        }
    )
    facts = PersonFacts(1, "nurse", further_education=True)
    assert "leader_missing" not in status(r, facts).to_json()


@pytest.mark.parametrize(
    ("has_leader", "gathering", "text"),
    [
        (False, intro(), "Introduksjonskurs, deltok – leder ikke registrert (teller ikke)"),
        (True, intro(leader=False), "Introduksjonskurs, deltok – leder deltok ikke (teller ikke)"),
        (True, intro(5.0), "Introduksjonskurs, deltok – kortere enn 6 timer (teller ikke)"),
        (True, intro(), "Introduksjonskurs, deltok sammen med leder"),
    ],
)
def test_the_evidence_says_why_an_intro_course_does_not_count(has_leader, gathering, text):
    facts = PersonFacts(1, "nurse", has_leader=has_leader, gatherings=(gathering,))
    assert [e.text for e in evidence_for(INTRO, facts, ON, PLAN)] == [text]
