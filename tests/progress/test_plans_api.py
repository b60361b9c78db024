"""PUT /api/v1/networks/{slug}/plans/{key}: validation, replacement, the active plan, access."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from app.core.errors import DomainError
from app.progress import plans
from tests.factories import (
    make_admin,
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
)

D = dt.date


def hosp(key="hospitering", **kw):
    return {
        "key": key,
        "title": "Hospitering",
        "kind": "hospitation",
        "professions": ["nurse"],
        "mandatory": True,
        "deadline_months": 12,
        "yearly": False,
        "not_applicable_if": {"further_education": True},
        "params": {"min_days": 2, "goals_required": True},
        **kw,
    }


@pytest.fixture()
def net(db):
    return make_network(professions=["nurse"])


@pytest.fixture()
def coord_api(api, net):
    return api(make_coordinator(net))


def put(client, net, key, body):
    return client.put(f"/api/v1/networks/{net.slug}/plans/{key}", json=body)


def active_plan(client, net):
    plans = client.get(f"/api/v1/networks/{net.slug}").get_json()["plans"]
    return [p["key"] for p in plans if p["active"]]


def test_put_creates_then_replaces_and_the_last_put_is_active(coord_api, net):
    res = put(coord_api, net, "plan-a", {"title": "Plan A", "requirements": [hosp()]})
    assert res.status_code == 201, res.get_json()
    body = res.get_json()
    assert body["key"] == "plan-a" and body["active"] is True
    assert body["requirements"] == [hosp()]
    assert active_plan(coord_api, net) == ["plan-a"]

    res = put(coord_api, net, "plan-b", {"title": "Plan B", "requirements": []})
    assert res.status_code == 201
    assert active_plan(coord_api, net) == ["plan-b"]

    new = [
        {
            "key": "temadag",
            "title": "Temadag",
            "kind": "gathering",
            "yearly": True,
            "params": {"gathering_kind": "theme_day", "count": 1},
        },
        hosp(title="Hospitering, to dager"),
    ]
    res = put(coord_api, net, "plan-a", {"title": "Plan A v2", "requirements": new})
    assert res.status_code == 200, res.get_json()
    assert active_plan(coord_api, net) == ["plan-a"]
    got = res.get_json()
    assert got["title"] == "Plan A v2"
    assert [r["key"] for r in got["requirements"]] == ["temadag", "hospitering"]
    assert got["requirements"][0]["professions"] == [] and got["requirements"][0]["mandatory"]
    assert got["requirements"][1]["title"] == "Hospitering, to dager"


def test_progress_follows_the_active_plan(coord_api, net):
    p = make_person(profession="nurse")
    make_membership(p, net, D(2025, 1, 1))
    put(coord_api, net, "plan-a", {"title": "Plan A", "requirements": [hosp()]})
    body = coord_api.get(f"/api/v1/persons/{p.id}/progress?on=2025-06-01").get_json()
    assert [(x["plan"], [r["key"] for r in x["requirements"]]) for x in body["plans"]] == [
        ("plan-a", ["hospitering"])
    ]
    doc = {
        "key": "dok",
        "title": "Dok",
        "kind": "document",
        "params": {"document": "education_plan"},
    }
    put(coord_api, net, "plan-b", {"title": "Plan B", "requirements": [doc]})
    body = coord_api.get(f"/api/v1/persons/{p.id}/progress?on=2025-06-01").get_json()
    assert [x["plan"] for x in body["plans"]] == ["plan-b"]
    assert body["plans"][0]["requirements"][0]["status"] == "due"


BAD = [
    ({"title": "", "requirements": []}, "title"),
    ({"title": "T", "requirements": "nope"}, "requirements"),
    ({"title": "T", "requirements": [42]}, "requirements[0]"),
    ({"title": "T", "requirements": [hosp(key="Ugyldig nøkkel")]}, "requirements[0].key"),
    ({"title": "T", "requirements": [hosp(), hosp()]}, "requirements[1].key"),
    ({"title": "T", "requirements": [hosp(title="")]}, "requirements[0].title"),
    ({"title": "T", "requirements": [hosp(kind="course_x")]}, "requirements[0].kind"),
    (
        {"title": "T", "requirements": [hosp(professions=["astronaut"])]},
        "requirements[0].professions",
    ),
    ({"title": "T", "requirements": [hosp(deadline_months=-1)]}, "requirements[0].deadline_months"),
    (
        {"title": "T", "requirements": [hosp(deadline_months="12")]},
        "requirements[0].deadline_months",
    ),
    (
        {"title": "T", "requirements": [hosp(deadline_months=1.5)]},
        "requirements[0].deadline_months",
    ),
    (
        {"title": "T", "requirements": [hosp(not_applicable_if=["x"])]},
        "requirements[0].not_applicable_if",
    ),
    ({"title": "T", "requirements": [hosp(mandatory="yes")]}, "requirements[0].mandatory"),
    (
        {"title": "T", "requirements": [hosp(params={"min_days": 0})]},
        "requirements[0].params.min_days",
    ),
    (
        {"title": "T", "requirements": [hosp(params={"min_days": "two"})]},
        "requirements[0].params.min_days",
    ),
    ({"title": "T", "requirements": [hosp(params=[1])]}, "requirements[0].params"),
    (
        {
            "title": "T",
            "requirements": [
                hosp(),
                hosp(
                    "kurs",
                    kind="course",
                    params={"courses": ["nff-teoretisk-grunnkurs", "finnes-ikke"]},
                ),
            ],
        },
        "requirements[1].params.courses",
    ),
    (
        {"title": "T", "requirements": [hosp(kind="course", params={"match": "some"})]},
        "requirements[0].params.match",
    ),
    (
        {"title": "T", "requirements": [hosp(kind="course", params={"min_hours": -3})]},
        "requirements[0].params.min_hours",
    ),
    (
        {
            "title": "T",
            "requirements": [hosp(kind="gathering", params={"gathering_kind": "party"})],
        },
        "requirements[0].params.gathering_kind",
    ),
    (
        {"title": "T", "requirements": [hosp(kind="checklist", params={"items": []})]},
        "requirements[0].params.items",
    ),
    (
        {"title": "T", "requirements": [hosp(kind="checklist", params={"items": [{"key": "a"}]})]},
        "requirements[0].params.items[0].title",
    ),
    (
        {
            "title": "T",
            "requirements": [
                hosp(
                    kind="service", params={"months": 24, "site_kinds": {"spa": {"max_months": 3}}}
                )
            ],
        },
        "requirements[0].params.site_kinds",
    ),
    (
        {
            "title": "T",
            "requirements": [
                hosp(kind="service", params={"site_kinds": {"centre_with_beds": {"min_pct": -5}}})
            ],
        },
        "requirements[0].params.site_kinds.centre_with_beds.min_pct",
    ),
    (
        {"title": "T", "requirements": [hosp(kind="supervision", params={"max_gap_days": 0})]},
        "requirements[0].params.max_gap_days",
    ),
    (
        {
            "title": "T",
            "requirements": [hosp(kind="teaching", params={"hours_per_year_full_time": -1})],
        },
        "requirements[0].params.hours_per_year_full_time",
    ),
    (
        {"title": "T", "requirements": [hosp(kind="document", params={"document": "passport"})]},
        "requirements[0].params.document",
    ),
]


@pytest.mark.parametrize(("body", "field"), BAD)
def test_put_refuses_bad_plans_naming_the_field(coord_api, net, body, field):
    res = put(coord_api, net, "plan-a", body)
    assert res.status_code == 422, res.get_json()
    assert list(res.get_json()["error"]["fields"]) == [field]
    # Nothing was stored.
    assert active_plan(coord_api, net) == []


def test_put_refuses_non_json_and_bad_plan_keys(coord_api, net):
    res = coord_api.put(f"/api/v1/networks/{net.slug}/plans/p", data="x", content_type="text/plain")
    assert res.status_code == 400
    res = put(coord_api, net, "Ugyldig_Nøkkel", {"title": "T", "requirements": []})
    assert res.status_code == 422 and "key" in res.get_json()["error"]["fields"]


def test_every_kind_accepts_its_contract_params(coord_api, net):
    reqs = [
        {
            "key": "k1",
            "title": "Kurs",
            "kind": "course",
            "params": {"courses": ["nff-teoretisk-grunnkurs"], "match": "all", "min_hours": 10},
        },
        {"key": "k2", "title": "Nivå B", "kind": "course", "params": {"level": "B"}},
        {
            "key": "g",
            "title": "Samling",
            "kind": "gathering",
            "params": {"gathering_kind": "network_meeting", "count": 2},
        },
        hosp("h"),
        {
            "key": "c",
            "title": "Sjekk",
            "kind": "checklist",
            "params": {"items": [{"key": "a", "title": "A"}], "attested_by": "supervisor"},
        },
        {
            "key": "s",
            "title": "Tjeneste",
            "kind": "service",
            "params": {
                "months": 24,
                "site_kinds": {
                    "centre_with_beds": {"max_months": 24, "min_months": 12, "min_pct": 50},
                    "centre_without_beds": {"max_months": 12, "min_pct": 50},
                    "nursing_home_unit": {"max_months": 12, "min_pct": 30},
                },
            },
        },
        {
            "key": "v",
            "title": "Veiledning",
            "kind": "supervision",
            "params": {"first_within_days": 31, "max_gap_days": 31},
        },
        {
            "key": "u",
            "title": "Undervisning",
            "kind": "teaching",
            "params": {"hours_per_year_full_time": 72},
        },
        {"key": "d", "title": "Dok", "kind": "document", "params": {"document": "theory_course"}},
    ]
    res = put(coord_api, net, "alle", {"title": "Alle typer", "requirements": reqs})
    assert res.status_code == 201, res.get_json()
    assert [r["kind"] for r in res.get_json()["requirements"]] == [
        "course",
        "course",
        "gathering",
        "hospitation",
        "checklist",
        "service",
        "supervision",
        "teaching",
        "document",
    ]


def test_seeded_plans_round_trip_through_put(api, db):
    admin = api(make_admin())
    for slug in ("innlandet-ressurssykepleiere", "vest-fysio-ergo", "kpm"):
        network = admin.get(f"/api/v1/networks/{slug}").get_json()
        plan = next(p for p in network["plans"] if p["active"])
        res = admin.put(
            f"/api/v1/networks/{slug}/plans/{plan['key']}",
            json={"title": plan["title"], "requirements": plan["requirements"]},
        )
        assert res.status_code == 200, (slug, res.get_json())
        assert json.dumps(res.get_json()["requirements"], sort_keys=True) == json.dumps(
            plan["requirements"], sort_keys=True
        )


def test_only_the_networks_coordinators_and_admins_may_put(api, net):
    body = {"title": "Plan", "requirements": []}
    other = make_coordinator(make_network())
    assert put(api(other), net, "p", body).status_code == 403
    assert put(api(make_user("resource_person")), net, "p", body).status_code == 403
    assert put(api(make_user("leader")), net, "p", body).status_code == 403
    assert put(api(make_admin()), net, "p", body).status_code == 201
    res = api(make_admin()).put("/api/v1/networks/finnes-ikke/plans/p", json=body)
    assert res.status_code == 404


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


def test_a_deadline_beyond_the_calendar_is_refused_and_far_dates_still_evaluate(api, db):
    admin = make_admin()
    net = make_network(professions=["nurse"])
    person = make_person()
    make_membership(person, net, start=dt.date(9999, 1, 1))
    db.session.commit()
    requirement = {
        "key": "kurs",
        "title": "Kurs",
        "kind": "course",
        "deadline_months": 100000,
        "params": {"level": "B"},
    }
    path = f"/api/v1/networks/{net.slug}/plans/plan"
    response = api(admin).put(path, json={"title": "Plan", "requirements": [requirement]})
    assert response.status_code == 422
    assert "requirements[0].deadline_months" in response.get_json()["error"]["fields"]
    requirement["deadline_months"] = 24
    assert (
        api(admin).put(path, json={"title": "Plan", "requirements": [requirement]}).status_code
        == 201
    )
    # A day beyond the years the app keeps (1900-2200) is bad input, not a 500.
    response = api(admin).get(f"/api/v1/persons/{person.id}/progress?on=9999-06-01")
    assert response.status_code == 422
    assert "on" in response.get_json()["error"]["fields"]
    # Stored far dates still evaluate: the deadline past the calendar is clamped, no 500.
    assert api(admin).get(f"/api/v1/persons/{person.id}/progress").status_code == 200
