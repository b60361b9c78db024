"""The evidence lines behind a requirement: what counts, what does not, and why."""

from __future__ import annotations

from datetime import date

from app.progress.evidence import evidence_for
from app.progress.rules import (
    CourseCompletion,
    GatheringAttendance,
    HospitationFact,
    PersonFacts,
    Plan,
    Requirement,
    ServicePeriodFact,
    evaluate,
)

SERVICE = Requirement(
    key="klinisk-tjeneste",
    title="Klinisk tjeneste",
    kind="service",
    params={
        "months": 24,
        "site_kinds": {
            "centre_with_beds": {"max_months": 24, "min_months": 12, "min_pct": 50},
            "nursing_home_unit": {"max_months": 12, "min_pct": 30},
        },
    },
)
PLAN = Plan(network="kpm", key="kpm", title="KPM", requirements=(SERVICE,))


def test_service_periods_show_counted_months_and_why_others_do_not_count():
    facts = PersonFacts(
        person_id=1,
        profession="doctor",
        service=(
            ServicePeriodFact("centre_with_beds", True, date(2024, 1, 1), date(2025, 12, 31), 50),
            ServicePeriodFact("centre_with_beds", True, date(2026, 1, 1), date(2026, 6, 30), 40),
            ServicePeriodFact("nursing_home_unit", False, date(2023, 1, 1), date(2023, 6, 30), 50),
        ),
    )
    lines = evidence_for(SERVICE, facts, date(2026, 11, 1), PLAN)
    texts = [e.text for e in lines]
    assert "Palliativt senter med sengepost: 01.01.2024–31.12.2025, 50 % = 12 måneder" in texts
    assert any("under 50 % stilling" in t for t in texts)
    assert any("ikke godkjent" in t for t in texts)
    assert [e.counts for e in lines] == [False, True, False]  # newest first


def test_yearly_gathering_shows_only_this_years_and_marks_cancelled():
    req = Requirement(
        key="temadag",
        title="Temadag",
        kind="gathering",
        yearly=True,
        params={"gathering_kind": "theme_day"},
    )
    plan = Plan(network="innlandet", key="p", title="P", requirements=(req,))
    facts = PersonFacts(
        person_id=1,
        profession="nurse",
        gatherings=(
            GatheringAttendance("innlandet", "theme_day", date(2025, 5, 1)),
            GatheringAttendance("innlandet", "theme_day", date(2026, 5, 1), cancelled=True),
            GatheringAttendance("annet", "theme_day", date(2026, 6, 1)),
        ),
    )
    lines = evidence_for(req, facts, date(2026, 11, 1), plan)
    assert [(e.on, e.counts) for e in lines] == [(date(2026, 5, 1), False)]


def test_course_and_hospitation_evidence_after_as_of_is_left_out():
    course = Requirement(
        key="b", title="B", kind="course", params={"courses": ["nff-a"], "match": "all"}
    )
    stay = Requirement(
        key="h", title="H", kind="hospitation", params={"min_days": 2, "goals_required": True}
    )
    plan = Plan(network="n", key="p", title="P", requirements=(course, stay))
    facts = PersonFacts(
        person_id=1,
        profession="nurse",
        courses=(
            CourseCompletion("nff-a", "B", 40, date(2026, 3, 1)),
            CourseCompletion("nff-a", "B", 40, date(2027, 3, 1)),
        ),
        hospitations=(HospitationFact(1, date(2026, 2, 1), has_goals=False),),
    )
    lines = evidence_for(
        course, facts, date(2026, 11, 1), plan, course_titles={"nff-a": "Grunnkurs A"}
    )
    assert [e.text for e in lines] == ["Grunnkurs A (40 t)"]
    stays = evidence_for(stay, facts, date(2026, 11, 1), plan)
    assert stays[0].counts is False and "uten mål" in stays[0].text


def test_course_evidence_counts_a_twice_recorded_course_once_like_the_evaluation():
    # The same completion as a registration and as a verified record: one course, 40 hours.
    twice = (
        CourseCompletion("nff-a", "B", 40, date(2026, 3, 1)),
        CourseCompletion("nff-a", "B", 40, date(2026, 3, 1)),
    )
    facts = PersonFacts(person_id=1, profession="nurse", courses=twice)
    by_count = Requirement(key="a", title="A", kind="course", params={"courses": ["nff-a"]})
    by_hours = Requirement(key="h", title="H", kind="course", params={"min_hours": 80})
    plan = Plan(network="n", key="p", title="P", requirements=(by_count, by_hours))
    on = date(2026, 11, 1)
    for req in (by_count, by_hours):
        result = evaluate(req, facts, on, plan=plan)
        lines = [e for e in evidence_for(req, facts, on, plan) if e.counts]
        assert len(lines) == 1
        shown = sum(c.hours for c in facts.courses[:1]) if result.unit == "hours" else 1
        assert result.done == shown
    assert evaluate(by_hours, facts, on, plan=plan).status == "in_progress"


def test_progress_page_shows_the_evidence(client, db, login):
    from app.auth.models import Role
    from tests.factories import make_hospitation, make_membership, make_user, network

    user = make_user(Role.resource_person)
    net = network("innlandet-ressurssykepleiere")
    make_membership(user.person, net, start=date(2026, 1, 1))
    make_hospitation(
        user.person, status="completed", days=2, start=date(2026, 3, 2), end=date(2026, 3, 3)
    )
    login(user)
    page = client.get(f"/persons/{user.person.id}/progress?on=2026-11-01").get_data(as_text=True)
    assert "Grunnlag" in page
    assert "03.03.2026: 2 dager hospitering, fullført" in page
