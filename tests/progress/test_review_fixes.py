"""Regression tests for the code review: plan bounds, teaching on `on`, yearly supervision,
attendance, memberships, the dashboard counts and the reference seed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.core.errors import ConflictError, DomainError
from app.extensions import db as _db
from app.networks import operations as network_ops
from app.networks.models import CompetencePlan, Network
from app.progress import facts, plans
from app.progress.rules import (
    PersonFacts,
    Plan,
    Requirement,
    ServicePeriodFact,
    SupervisionFact,
    TeachingFact,
    evaluate,
)
from app.registrations.models import Registration, RegistrationStatus
from app.seed.reference import seed_reference
from tests.factories import (
    make_admin,
    make_coordinator,
    make_membership,
    make_network,
    make_person,
)
from tests.factories import network as seeded_network
from tests.progress import evidence as ev

D = dt.date
SLUG = "innlandet-ressurssykepleiere"
KPM_SERVICE = {
    "months": 24,
    "site_kinds": {
        "centre_with_beds": {"max_months": 24, "min_months": 12, "min_pct": 50},
        "centre_without_beds": {"max_months": 12, "min_pct": 50},
    },
}


def req(kind, key="r", **kw):
    return Requirement.from_json({"key": key, "title": key, "kind": kind, **kw})


SERVICE = req("service", key="tjeneste", params=KPM_SERVICE)


def run(requirement, as_of, **facts_kw):
    plan = Plan(network="kpm", key="kpm", title="KPM", requirements=(SERVICE, requirement))
    person = PersonFacts(person_id=1, profession="doctor", **facts_kw)
    return evaluate(requirement, person, as_of, plan=plan)


# --------------------------------------------------------------------------- plan bounds


@pytest.mark.parametrize(
    ("requirement", "field"),
    [
        (
            {"kind": "teaching", "params": {"hours_per_year_full_time": 10**400}},
            "params.hours_per_year_full_time",
        ),
        ({"kind": "service", "params": {"months": 10**30}}, "params.months"),
        ({"kind": "service", "params": {"months": 1201}}, "params.months"),
        (
            {"kind": "supervision", "params": {"first_within_days": 10**20}},
            "params.first_within_days",
        ),
        ({"kind": "hospitation", "params": {"min_days": 10**7}}, "params.min_days"),
        ({"kind": "course", "params": {"min_hours": 10**300}}, "params.min_hours"),
        ({"kind": "hospitation", "params": {"min_days": 1}, "not_applicable_if": {"x": 1}}, None),
    ],
)
def test_the_plan_editor_refuses_huge_numbers_and_unknown_facts(db, requirement, field):
    # The plan editor page reads the params with json.loads: any size of integer gets here.
    body = {"title": "T", "requirements": [{"key": "k", "title": "K", **requirement}]}
    with pytest.raises(DomainError) as caught:
        plans.validate_plan(body)
    assert caught.value.field == f"requirements[0].{field or 'not_applicable_if'}"


def test_the_plan_api_refuses_an_unknown_person_fact(api, db):
    net = make_network(professions=["doctor"])
    requirement = {
        "key": "k",
        "title": "K",
        "kind": "document",
        "params": {"document": "education_plan"},
        "not_applicable_if": {"has_course": True},
    }
    body = {"title": "T", "requirements": [requirement]}
    res = api(make_coordinator(net)).put(f"/api/v1/networks/{net.slug}/plans/p", json=body)
    assert res.status_code == 422
    assert "requirements[0].not_applicable_if" in res.get_json()["error"]["fields"]


def test_a_stored_plan_with_a_huge_number_still_evaluates():
    for params in ({"hours_per_year_full_time": 10**400}, {"hours_per_year_full_time": "inf"}):
        res = run(req("teaching", params=params), D(2026, 1, 1))
        assert res.needed == 0 and res.status == "due"  # falls back to the default rate
    sup = req("supervision", params={"first_within_days": 10**400, "max_gap_days": 0})
    assert run(sup, D(2026, 1, 1)).status == "due"


def test_a_progress_page_survives_a_huge_number_stored_in_a_plan(login, db):
    net = seeded_network("kpm")
    plan = net.active_plan
    teaching = next(r for r in plan.requirements if r.kind.value == "teaching")
    teaching.params = {"hours_per_year_full_time": 10**400}
    _db.session.flush()
    person = make_person(profession="doctor")
    make_membership(person, net, D(2024, 1, 1))
    client = login(make_admin())
    assert client.get(f"/persons/{person.id}/progress").status_code == 200
    assert client.get("/networks/kpm/progress").status_code == 200


# --------------------------------------------------------------------------- teaching


TEACHING = req("teaching", key="undervisning", params={"hours_per_year_full_time": 72})
TWO_YEARS = ServicePeriodFact("centre_with_beds", True, D(2024, 1, 1), D(2025, 12, 31), 100)
MORE = ServicePeriodFact("centre_without_beds", True, D(2026, 1, 1), D(2026, 12, 31), 100)


def test_teaching_need_follows_the_service_counted_on_the_day():
    hours = (TeachingFact(D(2025, 6, 1), 144),)
    met = run(TEACHING, D(2025, 12, 31), service=(TWO_YEARS, MORE), teaching=hours)
    assert (met.status, met.needed, met.met_on) == ("met", 144, D(2025, 12, 31))
    # A month more of counted service raises the need to 150 h: no longer met.
    later = run(TEACHING, D(2026, 1, 31), service=(TWO_YEARS, MORE), teaching=hours)
    assert (later.status, later.done, later.needed, later.met_on) == ("in_progress", 144, 150, None)
    # Six hours more meet it again, from the day they were taught (not from 2025).
    hours += (TeachingFact(D(2026, 1, 15), 6),)
    again = run(TEACHING, D(2026, 1, 31), service=(TWO_YEARS, MORE), teaching=hours)
    assert (again.status, again.needed, again.met_on) == ("met", 150, D(2026, 1, 15))


def test_teaching_need_is_not_rounded_before_comparing():
    hours = (TeachingFact(D(2025, 6, 1), 144.1),)
    # On 2 January 2026: 24 + 2/31 months → 144.39 h needed; 144.1 h is not enough.
    res = run(TEACHING, D(2026, 1, 2), service=(TWO_YEARS, MORE), teaching=hours)
    assert res.status == "in_progress" and res.to_json()["needed"] == 144.39


# --------------------------------------------------------------------------- yearly supervision


def test_a_yearly_supervision_requirement_is_never_overdue():
    params = {"first_within_days": 31, "max_gap_days": 31}
    service = (TWO_YEARS,)
    assert run(req("supervision", params=params), D(2024, 6, 1), service=service).status == (
        "overdue"
    )
    yearly = req("supervision", params=params, yearly=True)
    assert run(yearly, D(2024, 6, 1), service=service).status == "due"
    meetings = (SupervisionFact(D(2024, 3, 1)),)
    res = run(yearly, D(2024, 6, 1), service=service, supervision=meetings)
    assert res.status == "in_progress"


# --------------------------------------------------------------------------- facts


def test_only_attendance_recorded_true_counts(db):
    inn = seeded_network(SLUG)
    person = make_person()
    for status in (RegistrationStatus.attended, RegistrationStatus.completed):
        g = ev.gathering(inn, "theme_day", D(2025, 3, 1))
        _db.session.add(
            Registration(gathering_id=g.id, person_id=person.id, status=status, attended=None)
        )
    ev.attended(person, inn, "theme_day", D(2025, 4, 1))
    _db.session.flush()
    got = facts.load_facts([person.id], D(2026, 1, 1))[person.id]
    assert [g.on for g in got.gatherings] == [D(2025, 4, 1)]


def test_the_membership_that_began_last_is_the_current_one(db):
    inn = seeded_network(SLUG)
    person = make_person()
    make_membership(person, inn, D(2024, 1, 1))
    make_membership(person, inn, D(2025, 6, 1))  # overlapping rows from before the check
    (current,) = facts.memberships([person.id], D(2025, 7, 1))[person.id]
    assert current.start == D(2025, 6, 1)


def test_ending_a_membership_cannot_overlap_a_later_one(db):
    inn = seeded_network(SLUG)
    person = make_person()
    first = make_membership(person, inn, D(2024, 1, 1), D(2024, 12, 31))
    make_membership(person, inn, D(2025, 3, 1))
    with pytest.raises(ConflictError):
        network_ops.end_membership(first, D(2025, 6, 30))
    assert first.end == D(2024, 12, 31)
    network_ops.end_membership(first, D(2025, 2, 28))  # up to the day before is fine
    assert first.end == D(2025, 2, 28)


def test_the_dashboard_counts_overdue_members_per_network(login, db):
    inn = seeded_network(SLUG)
    other = make_network()
    late = make_person()
    make_membership(late, inn, D(2015, 1, 1))  # every deadline long past
    make_membership(make_person(), other, D(2015, 1, 1))  # no plan: never overdue
    html = login(make_coordinator(inn, other)).get("/dashboard").get_data(as_text=True)
    assert f"{inn.name}</a>: 1 personer med forfalte krav" in html
    assert f"{other.name}</a>: 0 personer med forfalte krav" in html


# --------------------------------------------------------------------------- reference seed


def test_reference_seed_keeps_coordinators_edits_and_creates_what_is_missing(db):
    inn = seeded_network(SLUG)
    inn.name = "Omdøpt av koordinator"
    plan = inn.active_plan
    first = plan.requirements[0]
    first.title = "Redigert krav"
    kpm = seeded_network("kpm")
    kpm_plan = kpm.active_plan
    _db.session.delete(kpm_plan)
    _db.session.flush()
    seed_reference()
    _db.session.expire_all()
    inn = seeded_network(SLUG)
    assert inn.name == "Omdøpt av koordinator"
    assert inn.active_plan.requirements[0].title == "Redigert krav"
    kpm = _db.session.scalar(select(Network).where(Network.slug == "kpm"))
    recreated = _db.session.scalars(
        select(CompetencePlan).where(CompetencePlan.network_id == kpm.id)
    ).all()
    assert [p.key for p in recreated] == ["kpm"] and recreated[0].active
    assert recreated[0].requirements  # rebuilt from the seed data
    seed_reference()  # idempotent
    assert len(_db.session.scalars(select(CompetencePlan)).all()) == len(
        {(p.network_id, p.key) for p in _db.session.scalars(select(CompetencePlan))}
    )


def test_reference_seed_keeps_the_plan_a_coordinator_made_active(db):
    inn = seeded_network(SLUG)
    seeded = inn.active_plan
    mine = CompetencePlan(network=inn, key="egen", title="Egen plan", active=True)
    _db.session.add(mine)
    seeded.active = False
    _db.session.flush()
    seed_reference()
    _db.session.expire_all()
    assert seeded_network(SLUG).active_plan.key == "egen"
