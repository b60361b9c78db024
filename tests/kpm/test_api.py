"""The KPM record endpoints of CONTRACT.md: who may write, what is refused, what is stored."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from tests.factories import make_admin, make_coordinator, make_network, make_person, make_user

PERIOD = {
    "site_kind": "centre_with_beds",
    "site_name": "Palliativt senter, Haukeland",
    "approved": True,
    "start": "2024-01-01",
    "end": "2024-12-31",
    "position_pct": 50,
}


def test_coordinator_records_an_approved_period(api, coordinator, doctor):
    res = api(coordinator).post(f"/api/v1/persons/{doctor.id}/service-periods", json=PERIOD)
    assert res.status_code == 201
    body = res.get_json()
    assert body["id"]
    assert body["approved"] is True and body["position_pct"] == 50
    listed = api(coordinator).get(f"/api/v1/persons/{doctor.id}/service-periods").get_json()
    assert [p["id"] for p in listed["items"]] == [body["id"]]


def test_period_over_100_percent_on_a_day_is_refused(api, coordinator, doctor):
    client = api(coordinator)
    assert (
        client.post(f"/api/v1/persons/{doctor.id}/service-periods", json=PERIOD).status_code == 201
    )
    second = {
        **PERIOD,
        "site_kind": "nursing_home_unit",
        "start": "2024-12-31",
        "end": "2025-06-30",
        "position_pct": 60,
    }
    res = client.post(f"/api/v1/persons/{doctor.id}/service-periods", json=second)
    assert res.status_code == 422
    assert "position_pct" in res.get_json()["error"]["fields"]
    # Exactly 100 % on the shared day is fine.
    ok = {**second, "position_pct": 50}
    assert client.post(f"/api/v1/persons/{doctor.id}/service-periods", json=ok).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"position_pct": 0}, "position_pct"),
        ({"position_pct": 101}, "position_pct"),
        ({"position_pct": "femti"}, "position_pct"),
        ({"position_pct": None}, "position_pct"),
        ({"site_kind": "hospital"}, "site_kind"),
        ({"site_kind": None}, "site_kind"),
        ({"start": "2024-13-01"}, "start"),
        ({"start": None}, "start"),
        ({"end": "2023-12-31"}, "end"),
        ({"end": None}, "end"),
        ({"approved": "yes"}, "approved"),
        ({"site_name": "x" * 201}, "site_name"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_period_input_is_422_on_its_field(api, coordinator, doctor, change, field):
    res = api(coordinator).post(
        f"/api/v1/persons/{doctor.id}/service-periods", json={**PERIOD, **change}
    )
    assert res.status_code == 422
    assert field in res.get_json()["error"]["fields"]


def test_doctor_records_her_own_unapproved_period_but_cannot_approve(api, doctor_user, doctor):
    client = api(doctor_user)
    res = client.post(
        f"/api/v1/persons/{doctor.id}/service-periods", json={**PERIOD, "approved": False}
    )
    assert res.status_code == 201
    assert res.get_json()["approved"] is False
    res = client.post(
        f"/api/v1/persons/{doctor.id}/service-periods",
        json={**PERIOD, "start": "2025-01-01", "end": "2025-06-30"},
    )
    assert res.status_code == 403
    period_id = client.get(f"/api/v1/persons/{doctor.id}/service-periods").get_json()["items"][0][
        "id"
    ]
    res = client.patch(
        f"/api/v1/persons/{doctor.id}/service-periods/{period_id}", json={"approved": True}
    )
    assert res.status_code == 403


def test_coordinator_approves_a_period_later(api, coordinator, doctor_user, doctor):
    res = api(doctor_user).post(
        f"/api/v1/persons/{doctor.id}/service-periods", json={**PERIOD, "approved": False}
    )
    period_id = res.get_json()["id"]
    res = api(coordinator).patch(
        f"/api/v1/persons/{doctor.id}/service-periods/{period_id}", json={"approved": True}
    )
    assert res.status_code == 200 and res.get_json()["approved"] is True


def test_person_out_of_scope_is_404(api, doctor, db):
    other = make_coordinator(make_network())
    res = api(other).post(f"/api/v1/persons/{doctor.id}/service-periods", json=PERIOD)
    assert res.status_code == 404
    stranger = make_user(Role.resource_person)
    res = api(stranger).post(
        f"/api/v1/persons/{doctor.id}/teaching-hours", json={"date": "2024-02-01", "hours": 2}
    )
    assert res.status_code == 404
    assert api(stranger).get(f"/api/v1/persons/{doctor.id}/documents").status_code == 404
    assert (
        api(make_admin())
        .post(
            "/api/v1/persons/999999/documents",
            json={"kind": "education_plan", "date": "2024-01-01"},
        )
        .status_code
        == 404
    )


def test_supervision_meetings(api, supervisor, doctor):
    client = api(supervisor)
    res = client.post(
        f"/api/v1/persons/{doctor.id}/supervision-meetings",
        json={"date": "2024-01-15", "supervisor": "Dr. Veileder", "note": "Første møte"},
    )
    assert res.status_code == 201
    assert res.get_json()["date"] == "2024-01-15"
    res = client.post(
        f"/api/v1/persons/{doctor.id}/supervision-meetings", json={"date": "15.01.2024"}
    )
    assert res.status_code == 422 and "date" in res.get_json()["error"]["fields"]
    # She logs teaching too (attested at once), but not service.
    res = client.post(
        f"/api/v1/persons/{doctor.id}/teaching-hours", json={"date": "2024-02-01", "hours": 2}
    )
    assert res.status_code == 201 and res.get_json()["attested"] is True
    res = client.post(f"/api/v1/persons/{doctor.id}/service-periods", json=PERIOD)
    assert res.status_code == 403


def test_supervisor_of_someone_else_sees_nothing(api, doctor, db):
    other = make_user(Role.supervisor)
    res = api(other).post(
        f"/api/v1/persons/{doctor.id}/supervision-meetings", json={"date": "2024-01-15"}
    )
    assert res.status_code == 404


@pytest.mark.parametrize("hours", [0, -1, "mange", True, None])
def test_teaching_hours_must_be_positive(api, doctor_user, doctor, hours):
    res = api(doctor_user).post(
        f"/api/v1/persons/{doctor.id}/teaching-hours", json={"date": "2024-02-01", "hours": hours}
    )
    assert res.status_code == 422
    assert "hours" in res.get_json()["error"]["fields"]


def test_teaching_hours_and_documents_by_the_doctor(api, doctor_user, doctor):
    client = api(doctor_user)
    res = client.post(
        f"/api/v1/persons/{doctor.id}/teaching-hours", json={"date": "2024-02-01", "hours": 1.5}
    )
    assert res.status_code == 201 and res.get_json()["hours"] == 1.5
    res = client.post(
        f"/api/v1/persons/{doctor.id}/documents",
        json={"kind": "education_plan", "date": "2024-02-10"},
    )
    assert res.status_code == 201 and res.get_json()["kind"] == "education_plan"
    res = client.post(
        f"/api/v1/persons/{doctor.id}/documents", json={"kind": "diploma", "date": "2024-02-10"}
    )
    assert res.status_code == 422 and "kind" in res.get_json()["error"]["fields"]


def test_leader_reads_but_does_not_write(api, db, kpm):
    leader = make_user(Role.leader)
    doc = make_person(profession="doctor", leader=leader.person)
    res = api(leader).post(
        f"/api/v1/persons/{doc.id}/documents", json={"kind": "education_plan", "date": "2024-02-10"}
    )
    assert res.status_code == 403
    assert api(leader).get(f"/api/v1/persons/{doc.id}/documents").status_code == 200


CHECK = {
    "plan": "kpm",
    "requirement": "ferdigheter",
    "item": "pleuradren",
    "attested_on": "2024-05-02",
}


def test_supervisor_attests_a_skill(api, supervisor, doctor):
    res = api(supervisor).post(f"/api/v1/persons/{doctor.id}/checklist", json=CHECK)
    assert res.status_code == 201
    body = res.get_json()
    assert body["item"] == "pleuradren" and body["attested_by"]  # defaults to the supervisor
    # Attested again later: the same attestation, still from the first day.
    again = api(supervisor).post(
        f"/api/v1/persons/{doctor.id}/checklist", json={**CHECK, "attested_on": "2024-09-01"}
    )
    assert again.status_code == 201
    assert again.get_json()["id"] == body["id"]
    assert again.get_json()["attested_on"] == "2024-05-02"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"plan": "no-such-plan"}, "plan"),
        ({"requirement": "no-such-req"}, "requirement"),
        ({"requirement": "klinisk-tjeneste"}, "requirement"),
        ({"item": "no-such-item"}, "item"),
        ({"item": None}, "item"),
        ({"attested_on": "i går"}, "attested_on"),
    ],
)
def test_checklist_must_name_a_real_item(api, coordinator, doctor, change, field):
    res = api(coordinator).post(f"/api/v1/persons/{doctor.id}/checklist", json={**CHECK, **change})
    assert res.status_code == 422
    assert field in res.get_json()["error"]["fields"]


def test_doctor_cannot_attest_a_supervisor_attested_skill(api, doctor_user, doctor):
    res = api(doctor_user).post(f"/api/v1/persons/{doctor.id}/checklist", json=CHECK)
    assert res.status_code == 403


def test_delete_undoes_a_mistake(api, coordinator, doctor):
    client = api(coordinator)
    made = client.post(
        f"/api/v1/persons/{doctor.id}/teaching-hours", json={"date": "2024-02-01", "hours": 20}
    ).get_json()
    assert (
        client.delete(f"/api/v1/persons/{doctor.id}/teaching-hours/{made['id']}").status_code == 204
    )
    assert client.get(f"/api/v1/persons/{doctor.id}/teaching-hours").get_json()["items"] == []
    assert (
        client.delete(f"/api/v1/persons/{doctor.id}/teaching-hours/{made['id']}").status_code == 404
    )


def test_supervisor_assignment_gives_access(api, coordinator, doctor, db):
    sup = make_user(Role.supervisor)
    assert api(sup).get(f"/api/v1/persons/{doctor.id}").status_code == 404
    res = api(coordinator).post(
        f"/api/v1/persons/{doctor.id}/supervisors", json={"email": sup.email}
    )
    assert res.status_code == 201
    assert api(sup).get(f"/api/v1/persons/{doctor.id}").status_code == 200
    again = api(coordinator).post(
        f"/api/v1/persons/{doctor.id}/supervisors", json={"email": sup.email}
    )
    assert again.status_code == 409
    not_a_supervisor = make_user(Role.leader)
    res = api(coordinator).post(
        f"/api/v1/persons/{doctor.id}/supervisors", json={"email": not_a_supervisor.email}
    )
    assert res.status_code == 422 and "supervisor" in res.get_json()["error"]["fields"]


def test_education_sites(api, coordinator, db):
    res = api(coordinator).post(
        "/api/v1/kpm/education-sites",
        json={
            "name": "Palliativt senter, Haukeland",
            "kind": "centre_with_beds",
            "approval": "dispensation",
        },
    )
    assert res.status_code == 201
    names = [s["name"] for s in api(coordinator).get("/api/v1/kpm/education-sites").get_json()]
    assert "Palliativt senter, Haukeland" in names
    other = make_coordinator(make_network())
    assert (
        api(other)
        .post(
            "/api/v1/kpm/education-sites",
            json={"name": "X", "kind": "centre_with_beds", "approval": "approved"},
        )
        .status_code
        == 403
    )


def test_period_at_an_education_site_takes_its_kind(api, coordinator, doctor):
    site = (
        api(coordinator)
        .post(
            "/api/v1/kpm/education-sites",
            json={"name": "Sunniva", "kind": "centre_without_beds", "approval": "approved"},
        )
        .get_json()
    )
    body = {k: v for k, v in PERIOD.items() if k not in ("site_kind", "site_name")}
    res = api(coordinator).post(
        f"/api/v1/persons/{doctor.id}/service-periods",
        json={**body, "education_site_id": site["id"]},
    )
    assert res.status_code == 201
    assert res.get_json()["site_kind"] == "centre_without_beds"
    assert res.get_json()["site_name"] == "Sunniva"
