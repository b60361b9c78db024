"""GET /api/v1/persons/{id}/progress: CONTRACT's Progress object, kind by kind."""

from __future__ import annotations

import datetime as dt

import pytest

from tests import factories as ev
from tests.factories import (
    make_admin,
    make_coordinator,
    make_membership,
    make_person,
    make_user,
    network,
)

D = dt.date


@pytest.fixture()
def admin_api(api, db):
    return api(make_admin())


def progress(client, person, on):
    res = client.get(f"/api/v1/persons/{person.id}/progress?on={on.isoformat()}")
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def requirement(body, key, plan=None):
    for p in body["plans"]:
        if plan is None or p["plan"] == plan:
            for r in p["requirements"]:
                if r["key"] == key:
                    return r
    raise AssertionError(f"{key} not in {body}")


def nurse(start=D(2025, 1, 1), **kw):
    p = make_person(profession="nurse", **kw)
    make_membership(p, network("innlandet-ressurssykepleiere"), start)
    return p


def doctor(start=D(2024, 1, 1), **kw):
    p = make_person(profession="doctor", **kw)
    make_membership(p, network("kpm"), start)
    return p


# --------------------------------------------------------------------------- shape


def test_progress_object_has_contract_shape(admin_api):
    p = nurse()
    body = progress(admin_api, p, D(2025, 6, 1))
    assert body["person_id"] == p.id and body["on"] == "2025-06-01"
    assert len(body["plans"]) == 1
    plan = body["plans"][0]
    assert (plan["network"], plan["plan"], plan["complete"]) == (
        "innlandet-ressurssykepleiere",
        "innlandet-sykepleie",
        False,
    )
    keys = [r["key"] for r in plan["requirements"]]
    assert keys == ["introduksjonskurs", "niva-b-kurs", "hospitering", "temadag"]
    r = plan["requirements"][2]
    assert {"key", "status", "mandatory", "done", "needed", "unit", "deadline", "met_on"} <= set(r)
    assert r == {
        **r,
        "status": "due",
        "mandatory": True,
        "done": 0,
        "needed": 2,
        "unit": "days",
        "deadline": "2026-01-01",
        "met_on": None,
    }
    assert "late" not in r


def test_on_defaults_to_today_and_bad_dates_are_422(admin_api):
    from app.core.types import today_oslo

    p = nurse()
    res = admin_api.get(f"/api/v1/persons/{p.id}/progress")
    assert res.status_code == 200 and res.get_json()["on"] == today_oslo().isoformat()
    for bad in ("2025-02-30", "yesterday", "2025-6-1"):
        res = admin_api.get(f"/api/v1/persons/{p.id}/progress?on={bad}")
        assert res.status_code == 422
        assert "on" in res.get_json()["error"]["fields"]


def test_ended_membership_brings_no_plan(admin_api):
    p = make_person(profession="nurse")
    make_membership(p, network("innlandet-ressurssykepleiere"), D(2023, 1, 1), D(2024, 12, 31))
    assert progress(admin_api, p, D(2025, 6, 1))["plans"] == []
    assert len(progress(admin_api, p, D(2024, 12, 31))["plans"]) == 1


def test_requirement_for_other_profession_is_left_out(admin_api):
    p = make_person(profession="occupational_therapist")
    make_membership(p, network("vest-fysio-ergo"), D(2025, 1, 1))
    keys = [r["key"] for r in progress(admin_api, p, D(2025, 6, 1))["plans"][0]["requirements"]]
    assert "nff-kurs-niva-b" not in keys and "kompetansemal-fysioterapeut" not in keys
    assert "kompetansemal-ergoterapeut" in keys


# --------------------------------------------------------------------------- access


def test_progress_of_an_invisible_person_is_404(api, db):
    p = nurse()
    other = make_coordinator(network("kpm"))
    assert api(other).get(f"/api/v1/persons/{p.id}/progress").status_code == 404
    assert api(make_admin()).get("/api/v1/persons/999999/progress").status_code == 404
    own = make_user("resource_person", person=p)
    assert api(own).get(f"/api/v1/persons/{p.id}/progress").status_code == 200
    coord = make_coordinator(network("innlandet-ressurssykepleiere"))
    assert api(coord).get(f"/api/v1/persons/{p.id}/progress").status_code == 200


def test_progress_needs_a_token(client, db):
    p = nurse()
    assert client.get(f"/api/v1/persons/{p.id}/progress").status_code == 401


# --------------------------------------------------------------------------- courses


def test_level_b_course_completed_registration_counts_from_last_day(admin_api):
    p = nurse()
    ev.completed_course(p, "niva-b-palliasjon-sykepleie", D(2025, 3, 10), D(2025, 3, 12))
    r = requirement(progress(admin_api, p, D(2025, 6, 1)), "niva-b-kurs")
    assert (r["status"], r["met_on"], r["done"], r["needed"]) == ("met", "2025-03-12", 1, 1)
    before = requirement(progress(admin_api, p, D(2025, 3, 11)), "niva-b-kurs")
    assert before["status"] == "due"


def test_unverified_recorded_course_does_not_count_verified_does(admin_api):
    p = nurse()
    row = ev.recorded_course(p, "niva-b-palliasjon-sykepleie", D(2025, 2, 1), verified=False)
    assert requirement(progress(admin_api, p, D(2025, 6, 1)), "niva-b-kurs")["status"] == "due"
    row.verified = True
    assert requirement(progress(admin_api, p, D(2025, 6, 1)), "niva-b-kurs")["met_on"] == (
        "2025-02-01"
    )


def test_nurse_with_further_education_level_b_not_applicable(admin_api):
    p = nurse(further_education=True)
    body = progress(admin_api, p, D(2026, 6, 1))
    r = requirement(body, "niva-b-kurs")
    assert r["status"] == "not_applicable" and r["deadline"] is None


def test_level_b_course_overdue_after_a_year_and_late_when_met_after(admin_api):
    p = nurse(start=D(2025, 1, 31))
    r = requirement(progress(admin_api, p, D(2026, 2, 1)), "niva-b-kurs")
    assert (r["status"], r["deadline"]) == ("overdue", "2026-01-31")
    ev.recorded_course(p, "niva-b-palliasjon-sykepleie", D(2026, 3, 1))
    r = requirement(progress(admin_api, p, D(2026, 6, 1)), "niva-b-kurs")
    assert (r["status"], r["met_on"], r.get("late")) == ("met", "2026-03-01", True)


def test_physio_nff_courses_all_three_needed(admin_api):
    p = make_person(profession="physiotherapist")
    make_membership(p, network("vest-fysio-ergo"), D(2025, 1, 1))
    ev.recorded_course(p, "nff-teoretisk-grunnkurs", D(2025, 2, 1))
    ev.completed_course(p, "nff-lymfodem-grunnkurs", D(2025, 3, 1), D(2025, 3, 5))
    r = requirement(progress(admin_api, p, D(2025, 6, 1)), "nff-kurs-niva-b")
    assert (r["status"], r["done"], r["needed"], r["unit"]) == ("in_progress", 2, 3, "count")
    ev.recorded_course(p, "nff-fysioterapi-i-palliasjon", D(2025, 5, 1))
    r = requirement(progress(admin_api, p, D(2025, 6, 1)), "nff-kurs-niva-b")
    assert (r["status"], r["met_on"]) == ("met", "2025-05-01")


# --------------------------------------------------------------------------- gatherings


def test_intro_course_25_months_after_start_is_overdue(admin_api):
    p = nurse(start=D(2024, 1, 1))
    r = requirement(progress(admin_api, p, D(2026, 2, 1)), "introduksjonskurs")
    assert (r["status"], r["deadline"]) == ("overdue", "2026-01-01")
    ev.attended_with_leader(
        p, network("innlandet-ressurssykepleiere"), "intro_course", D(2026, 3, 2)
    )
    r = requirement(progress(admin_api, p, D(2026, 4, 1)), "introduksjonskurs")
    assert (r["status"], r["met_on"], r["late"]) == ("met", "2026-03-02", True)


def test_cancelled_or_other_network_or_absent_gathering_never_counts(admin_api):
    p = nurse()
    inn = network("innlandet-ressurssykepleiere")
    ev.attended(p, inn, "intro_course", D(2025, 3, 1), cancelled=True)
    ev.attended(p, network("vest-fysio-ergo"), "intro_course", D(2025, 3, 2))
    ev.attended(p, inn, "intro_course", D(2025, 3, 3), came=False)
    r = requirement(progress(admin_api, p, D(2025, 6, 1)), "introduksjonskurs")
    assert (r["status"], r["done"]) == ("due", 0)


def test_theme_day_last_year_does_not_meet_this_year(admin_api):
    p = nurse(start=D(2024, 1, 1))
    ev.attended(p, network("innlandet-ressurssykepleiere"), "theme_day", D(2025, 10, 1))
    this_year = requirement(progress(admin_api, p, D(2026, 3, 1)), "temadag")
    assert (this_year["status"], this_year["deadline"], this_year["done"]) == ("due", None, 0)
    last_year = requirement(progress(admin_api, p, D(2025, 12, 31)), "temadag")
    assert (last_year["status"], last_year["met_on"]) == ("met", "2025-10-01")


def test_gathering_attendance_through_the_gatherings_api(api, db):
    coord = make_coordinator(network("innlandet-ressurssykepleiere"))
    client = api(coord)
    p = nurse()
    leader = ev.leader_of(p)
    make_membership(leader, network("innlandet-ressurssykepleiere"), D(2025, 1, 1))
    res = client.post(
        "/api/v1/networks/innlandet-ressurssykepleiere/gatherings",
        json={
            "kind": "intro_course",
            "title": "Introduksjonskurs",
            "start": "2025-03-04T09:00",
            "end": "2025-03-04T15:00",
        },
    )
    assert res.status_code == 201, res.get_json()
    gid = res.get_json()["id"]
    res = client.post(
        f"/api/v1/gatherings/{gid}/registrations", json={"person_id": p.id, "with_leader": True}
    )
    assert res.status_code == 201, res.get_json()
    res = client.post(
        f"/api/v1/gatherings/{gid}/attendance", json={"person_id": p.id, "attended": True}
    )
    assert res.status_code in (200, 201), res.get_json()
    r = requirement(progress(client, p, D(2025, 6, 1)), "introduksjonskurs")
    assert (r["status"], r.get("leader_missing")) == ("due", None)  # the leader did not come
    res = client.post(
        f"/api/v1/gatherings/{gid}/attendance", json={"person_id": leader.id, "attended": True}
    )
    assert res.status_code in (200, 201), res.get_json()
    r = requirement(progress(client, p, D(2025, 6, 1)), "introduksjonskurs")
    assert (r["status"], r["met_on"]) == ("met", "2025-03-04")


# --------------------------------------------------------------------------- hospitation


def test_hospitation_of_one_day_is_in_progress_1_of_2(admin_api):
    p = nurse()
    ev.hospitation(p, 1, D(2025, 3, 3), D(2025, 3, 3))
    ev.hospitation(p, 3, D(2025, 4, 1), D(2025, 4, 3), goals="")  # no goals: does not count
    r = requirement(progress(admin_api, p, D(2025, 6, 1)), "hospitering")
    assert (r["status"], r["done"], r["needed"], r["unit"]) == ("in_progress", 1, 2, "days")
    ev.hospitation(p, 1, D(2025, 5, 5))  # no end: counts from its start
    r = requirement(progress(admin_api, p, D(2025, 6, 1)), "hospitering")
    assert (r["status"], r["met_on"]) == ("met", "2025-05-05")


def test_completed_hospitation_through_the_api(api, db):
    coord = make_coordinator(network("innlandet-ressurssykepleiere"))
    client = api(coord)
    p = nurse()
    res = client.post(
        f"/api/v1/persons/{p.id}/hospitations",
        json={
            "place": "Palliativ enhet, Sykehuset Innlandet",
            "start": "2025-04-01",
            "end": "2025-04-02",
            "days": 2,
            "goals": "Se symptomlindring i praksis",
            "status": "completed",
        },
    )
    assert res.status_code == 201, res.get_json()
    r = requirement(progress(client, p, D(2025, 6, 1)), "hospitering")
    assert (r["status"], r["done"], r["met_on"]) == ("met", 2, "2025-04-02")


# --------------------------------------------------------------------------- KPM


def test_kpm_24_calendar_months_at_50_percent_count_12(admin_api):
    p = doctor()
    ev.service(p, "centre_with_beds", D(2024, 1, 1), D(2025, 12, 31), 50)
    r = requirement(progress(admin_api, p, D(2026, 1, 15)), "klinisk-tjeneste")
    assert (r["status"], r["done"], r["needed"], r["unit"]) == ("in_progress", 12, 24, "months")


def test_kpm_24_months_full_time_at_centre_with_beds_is_met(admin_api):
    p = doctor()
    ev.service(p, "centre_with_beds", D(2024, 1, 1), D(2025, 12, 31), 100)
    r = requirement(progress(admin_api, p, D(2026, 1, 15)), "klinisk-tjeneste")
    assert (r["status"], r["done"], r["met_on"]) == ("met", 24, "2025-12-31")
    mid = requirement(progress(admin_api, p, D(2024, 7, 15)), "klinisk-tjeneste")
    assert mid["status"] == "in_progress" and 6.4 <= mid["done"] <= 6.5


def test_kpm_only_six_months_at_centre_with_beds_is_not_met(admin_api):
    p = doctor()
    ev.service(p, "centre_with_beds", D(2024, 1, 1), D(2024, 6, 30), 100)
    ev.service(p, "centre_without_beds", D(2024, 7, 1), D(2025, 6, 30), 100)
    ev.service(p, "nursing_home_unit", D(2025, 7, 1), D(2026, 6, 30), 100)
    ev.service(p, "nursing_home_unit", D(2026, 7, 1), D(2026, 12, 31), 25)  # below 30 %
    r = requirement(progress(admin_api, p, D(2027, 1, 1)), "klinisk-tjeneste")
    # 6 + 12 + 12 = 30 counted, shown capped at 24; the mandatory 12 months are missing.
    assert r["status"] == "in_progress" and r["done"] == 24 and r["needed"] == 24


def test_kpm_supervision_teaching_documents_and_checklist(admin_api):
    p = doctor(specialist_approved_on=D(2020, 5, 5))
    ev.service(p, "centre_with_beds", D(2024, 1, 1), D(2025, 12, 31), 100)
    day = D(2024, 1, 20)
    while day <= D(2025, 12, 31):
        ev.meeting(p, day)
        day += dt.timedelta(days=28)
    ev.teaching(p, D(2024, 12, 1), 72)
    ev.document(p, "education_plan", D(2024, 2, 1))
    ev.attest(p, "kpm", "ferdigheter", "pleuradren", D(2024, 5, 1))
    body = progress(admin_api, p, D(2026, 1, 15))
    assert requirement(body, "spesialistgodkjenning")["met_on"] == "2020-05-05"
    assert requirement(body, "utdanningsplan")["met_on"] == "2024-02-01"
    assert requirement(body, "forskningsprosjekt")["status"] == "due"
    sup = requirement(body, "veiledning")
    assert (sup["status"], sup["met_on"]) == ("met", "2025-12-31")
    teach = requirement(body, "undervisning")
    assert (teach["status"], teach["done"], teach["needed"]) == ("in_progress", 72, 144)
    skills = requirement(body, "ferdigheter")
    assert (skills["status"], skills["done"], skills["unit"]) == ("in_progress", 1, "items")
    assert body["plans"][0]["complete"] is False


def test_kpm_supervision_gap_is_overdue(admin_api):
    p = doctor()
    ev.service(p, "centre_with_beds", D(2024, 1, 1), None, 100)
    ev.meeting(p, D(2024, 1, 15))
    ev.meeting(p, D(2024, 4, 1))
    r = requirement(progress(admin_api, p, D(2024, 5, 1)), "veiledning")
    assert (r["status"], r["done"]) == ("overdue", 2)


def test_kpm_records_through_the_kpm_api(api, db):
    coord = make_coordinator(network("kpm"))
    client = api(coord)
    p = doctor()
    res = client.post(
        f"/api/v1/persons/{p.id}/service-periods",
        json={
            "site_kind": "centre_with_beds",
            "approved": True,
            "start": "2024-01-01",
            "end": "2025-12-31",
            "position_pct": 50,
        },
    )
    assert res.status_code == 201, res.get_json()
    res = client.post(
        f"/api/v1/persons/{p.id}/documents", json={"kind": "research_project", "date": "2025-05-05"}
    )
    assert res.status_code == 201, res.get_json()
    body = progress(client, p, D(2026, 1, 1))
    assert requirement(body, "klinisk-tjeneste")["done"] == 12
    assert requirement(body, "forskningsprosjekt")["met_on"] == "2025-05-05"


# --------------------------------------------------------------------------- complete


def test_complete_flips_when_the_last_mandatory_requirement_is_met(admin_api):
    inn = network("innlandet-ressurssykepleiere")
    p = nurse(start=D(2025, 1, 1))
    ev.attended_with_leader(p, inn, "intro_course", D(2025, 2, 1))
    ev.recorded_course(p, "niva-b-palliasjon-sykepleie", D(2025, 3, 1))
    # The yearly theme day is mandatory but never holds back `complete`.
    assert progress(admin_api, p, D(2025, 6, 1))["plans"][0]["complete"] is False
    ev.hospitation(p, 2, D(2025, 4, 1), D(2025, 4, 2))
    body = progress(admin_api, p, D(2025, 6, 1))
    assert body["plans"][0]["complete"] is True
    assert requirement(body, "temadag")["status"] == "due"
    assert progress(admin_api, p, D(2025, 4, 1))["plans"][0]["complete"] is False
