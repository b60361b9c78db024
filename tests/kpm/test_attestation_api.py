"""CONTRACT.md "KPM": education sites decide what a period counts; what the doctor records
herself counts once attested; the doctor cannot undo an attestation."""

from __future__ import annotations

import pytest

from app.auth.models import Role
from app.auth.operations import find_user
from tests.factories import make_admin, make_coordinator, make_network, make_person, make_user

SITE = {"name": "Palliativt senter, Haukeland", "kind": "centre_with_beds", "approval": "approved"}


def progress(client, person, on="2026-01-15"):
    body = client.get(f"/api/v1/persons/{person.id}/progress?on={on}").get_json()
    return {r["key"]: r for r in body["plans"][0]["requirements"]}


def make_site(client, **body):
    res = client.post("/api/v1/kpm/education-sites", json={**SITE, **body})
    assert res.status_code == 201, res.get_json()
    return res.get_json()["id"]


def add_period(client, doctor, **body):
    full = {"start": "2024-01-01", "end": "2025-12-31", "position_pct": 100, **body}
    return client.post(f"/api/v1/persons/{doctor.id}/service-periods", json=full)


# --------------------------------------------------------------------------- sites


def test_a_nursing_home_unit_is_never_an_education_site(api, coordinator):
    res = api(coordinator).post(
        "/api/v1/kpm/education-sites", json={**SITE, "kind": "nursing_home_unit"}
    )
    assert res.status_code == 422
    assert "kind" in res.get_json()["error"]["fields"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"approval": "maybe"}, "approval"),
        ({"approval": None}, "approval"),
        ({"region": "Helse Øst"}, "region"),
        ({"approved_from": "2025-01-01", "approved_until": "2024-01-01"}, "approved_until"),
        ({"approved_from": "1.1.2024"}, "approved_from"),
        ({"approved": True}, "approved"),  # the old boolean is gone
    ],
)
def test_bad_site_input_is_422_on_the_field(api, coordinator, body, field):
    res = api(coordinator).post("/api/v1/kpm/education-sites", json={**SITE, **body})
    assert res.status_code == 422
    assert field in res.get_json()["error"]["fields"]


def test_sites_list_with_region_inspection_due_and_open_findings(api, coordinator):
    client = api(coordinator)
    make_site(client, region="Helse Vest", regional_centre=True)
    make_site(client, name="Søkt senter", approval="applied", region="helse-nord")
    sites = {s["name"]: s for s in client.get("/api/v1/kpm/education-sites").get_json()}
    haukeland = sites["Palliativt senter, Haukeland"]
    assert (haukeland["region"], haukeland["regional_centre"]) == ("helse-vest", True)
    assert (haukeland["inspection_due"], haukeland["open_findings"]) == (True, 0)
    assert sites["Søkt senter"]["inspection_due"] is False


def test_patch_keeps_the_approval_history(api, coordinator):
    client = api(coordinator)
    site_id = make_site(client, approved_from="2020-01-01")
    res = client.patch(
        f"/api/v1/kpm/education-sites/{site_id}",
        json={
            "approval": "dispensation",
            "approved_from": "2022-01-01",
            "reason": "Overlegen med KPM har 60 % stilling",
        },
    )
    assert res.status_code == 200
    body = res.get_json()
    assert body["approval"] == "dispensation" and body["name"] == SITE["name"]
    assert [a["approval"] for a in body["approvals"]] == ["approved", "dispensation"]
    assert body["approvals"][1]["reason"] == "Overlegen med KPM har 60 % stilling"
    # A change of something else adds no history.
    client.patch(f"/api/v1/kpm/education-sites/{site_id}", json={"committee_chair": "Dr. A"})
    again = client.get(f"/api/v1/kpm/education-sites/{site_id}").get_json()
    assert len(again["approvals"]) == 2 and again["committee_chair"] == "Dr. A"


def test_only_kpm_coordinators_and_admins_manage_sites(api, coordinator):
    other = make_coordinator(make_network())
    assert api(other).post("/api/v1/kpm/education-sites", json=SITE).status_code == 403
    assert api(make_admin()).post("/api/v1/kpm/education-sites", json=SITE).status_code == 201


# --------------------------------------------------------------------------- periods at sites


def test_a_period_whose_kind_differs_from_its_sites_is_422(api, coordinator, doctor):
    client = api(coordinator)
    site_id = make_site(client, kind="centre_without_beds")
    res = add_period(client, doctor, site_id=site_id, site_kind="centre_with_beds")
    assert res.status_code == 422 and "site_kind" in res.get_json()["error"]["fields"]
    res = add_period(client, doctor, site_id=site_id, site_kind="centre_without_beds")
    assert res.status_code == 201
    assert res.get_json()["site_kind"] == "centre_without_beds"
    assert res.get_json()["site_id"] == site_id
    # A site without beds counts 12 months, never 24.
    assert progress(client, doctor, "2026-01-15")["klinisk-tjeneste"]["done"] == 12


def test_a_period_counts_only_while_its_site_is_approved(api, coordinator, doctor):
    client = api(coordinator)
    applied = make_site(client, name="Søkt", approval="applied")
    window = make_site(
        client,
        name="Dispensasjon",
        approval="dispensation",
        approved_from="2025-01-01",
        approved_until="2025-06-30",
    )
    # The body's approved is ignored at a site.
    assert (
        add_period(client, doctor, site_id=applied, approved=True, end="2024-12-31").status_code
        == 201
    )
    assert add_period(client, doctor, site_id=window, start="2025-01-01").status_code == 201
    service = progress(client, doctor, "2026-01-15")["klinisk-tjeneste"]
    assert service["done"] == 6 and service["status"] == "in_progress"


def test_a_site_approved_later_counts_from_then(api, coordinator, doctor):
    client = api(coordinator)
    site_id = make_site(client, approval="applied")
    assert add_period(client, doctor, site_id=site_id).status_code == 201
    assert progress(client, doctor)["klinisk-tjeneste"]["done"] == 0
    client.patch(
        f"/api/v1/kpm/education-sites/{site_id}",
        json={"approval": "approved", "approved_from": "2025-01-01"},
    )
    assert progress(client, doctor)["klinisk-tjeneste"]["done"] == 12


def test_without_a_site_kind_and_approved_are_required(api, coordinator, doctor):
    client = api(coordinator)
    res = add_period(client, doctor, site_kind="nursing_home_unit")
    assert res.status_code == 422 and "approved" in res.get_json()["error"]["fields"]
    res = add_period(client, doctor, approved=True)
    assert res.status_code == 422 and "site_kind" in res.get_json()["error"]["fields"]


def test_nursing_home_pre_approval_is_recorded_and_never_blocks(api, coordinator, doctor):
    res = add_period(
        api(coordinator),
        doctor,
        site_kind="nursing_home_unit",
        site_name="Lindrende enhet, sykehjem",
        approved=True,
        end="2024-12-31",
        position_pct=50,
        preapproval={"supervisor": "Dr. B", "beds": 4, "cooperating_centre": "Haukeland"},
    )
    assert res.status_code == 201
    assert res.get_json()["preapproval"]["beds"] == 4
    assert progress(api(coordinator), doctor)["klinisk-tjeneste"]["done"] == 6


# --------------------------------------------------------------------------- attestation


def test_a_self_recorded_document_counts_once_a_coordinator_attests_it(
    api, doctor_user, doctor, coordinator, supervisor
):
    own = api(doctor_user)
    res = own.post(
        f"/api/v1/persons/{doctor.id}/documents",
        json={"kind": "research_project", "date": "2025-03-01"},
    )
    assert res.status_code == 201 and res.get_json()["attested"] is False
    doc_id = res.get_json()["id"]
    r = progress(own, doctor)["forskningsprosjekt"]
    assert (r["status"], r["pending"]) == ("due", 1)
    body = {"kind": "document", "id": doc_id}
    # Neither she nor her supervisor attests a document.
    assert own.post("/api/v1/kpm/attestations", json=body).status_code == 403
    assert api(supervisor).post("/api/v1/kpm/attestations", json=body).status_code == 403
    res = api(coordinator).post("/api/v1/kpm/attestations", json=body)
    assert (res.status_code, res.get_json()["attested"]) == (200, True)
    r = progress(own, doctor)["forskningsprosjekt"]
    assert (r["status"], r["met_on"]) == ("met", "2025-03-01") and "pending" not in r


def test_her_supervisor_attests_meetings_and_teaching(api, doctor_user, doctor, supervisor):
    own = api(doctor_user)
    meeting = own.post(
        f"/api/v1/persons/{doctor.id}/supervision-meetings", json={"date": "2024-01-20"}
    ).get_json()
    hours = own.post(
        f"/api/v1/persons/{doctor.id}/teaching-hours", json={"date": "2024-01-25", "hours": 3}
    ).get_json()
    assert meeting["attested"] is False and hours["attested"] is False
    assert progress(own, doctor, "2024-01-31")["undervisning"]["pending"] == 3
    for kind, record in (("supervision_meeting", meeting), ("teaching_hours", hours)):
        res = api(supervisor).post(
            "/api/v1/kpm/attestations", json={"kind": kind, "id": record["id"]}
        )
        assert res.status_code == 200 and res.get_json() == {
            "kind": kind,
            "id": record["id"],
            "attested": True,
        }
    result = progress(own, doctor, "2024-01-31")
    assert result["undervisning"]["done"] == 3 and "pending" not in result["undervisning"]
    assert result["veiledning"]["done"] == 1


def test_another_supervisor_cannot_attest(api, doctor_user, doctor, supervisor):
    meeting = (
        api(doctor_user)
        .post(f"/api/v1/persons/{doctor.id}/supervision-meetings", json={"date": "2024-01-20"})
        .get_json()
    )
    other = make_user(Role.supervisor)
    res = api(other).post(
        "/api/v1/kpm/attestations", json={"kind": "supervision_meeting", "id": meeting["id"]}
    )
    assert res.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "skill", "id": 1}, "kind"),
        ({"kind": {}, "id": 1}, "kind"),  # no name at all: was a 500 (an unhashable key)
        ({"kind": ["document"], "id": 1}, "kind"),
        ({"kind": "document", "id": "1"}, "id"),
    ],
)
def test_bad_attestation_is_422(api, coordinator, body, field):
    res = api(coordinator).post("/api/v1/kpm/attestations", json=body)
    assert res.status_code == 422 and field in res.get_json()["error"]["fields"]


def test_records_by_supervisor_and_coordinator_are_attested_at_once(
    api, doctor, supervisor, coordinator
):
    res = api(supervisor).post(
        f"/api/v1/persons/{doctor.id}/supervision-meetings", json={"date": "2024-01-20"}
    )
    assert res.get_json()["attested"] is True
    res = api(coordinator).post(
        f"/api/v1/persons/{doctor.id}/documents",
        json={"kind": "education_plan", "date": "2024-02-01"},
    )
    assert res.get_json()["attested"] is True


def test_the_doctor_cannot_delete_an_attested_record(api, doctor_user, doctor, supervisor):
    own = api(doctor_user)
    mine = own.post(
        f"/api/v1/persons/{doctor.id}/supervision-meetings", json={"date": "2024-01-20"}
    ).get_json()
    theirs = (
        api(supervisor)
        .post(f"/api/v1/persons/{doctor.id}/supervision-meetings", json={"date": "2024-02-20"})
        .get_json()
    )
    assert (
        own.delete(f"/api/v1/persons/{doctor.id}/supervision-meetings/{theirs['id']}").status_code
        == 403
    )
    assert (
        own.delete(f"/api/v1/persons/{doctor.id}/supervision-meetings/{mine['id']}").status_code
        == 204
    )
    attestation = (
        api(supervisor)
        .post(
            f"/api/v1/persons/{doctor.id}/checklist",
            json={
                "plan": "kpm",
                "requirement": "ferdigheter",
                "item": "pleuradren",
                "attested_on": "2024-03-01",
            },
        )
        .get_json()
    )
    assert (
        own.delete(f"/api/v1/persons/{doctor.id}/checklist/{attestation['id']}").status_code == 403
    )
    # Her supervisor may remove what she attested.
    assert (
        api(supervisor)
        .delete(f"/api/v1/persons/{doctor.id}/supervision-meetings/{theirs['id']}")
        .status_code
        == 204
    )


# --------------------------------------------------------------------------- supervisors


def test_assign_a_supervisor_by_email_with_her_kpm_approval(api, coordinator, doctor):
    vera = make_user(Role.supervisor)
    res = api(coordinator).post(
        f"/api/v1/persons/{doctor.id}/supervisors", json={"email": vera.email.upper()}
    )
    assert res.status_code == 201 and res.get_json()["id"]
    listed = api(coordinator).get(f"/api/v1/persons/{doctor.id}/supervisors").get_json()["items"]
    assert listed[0]["kpm_approval_missing"] is True
    other = make_user(Role.supervisor)
    api(coordinator).post(
        f"/api/v1/persons/{doctor.id}/supervisors",
        json={"email": other.email, "kpm_approved_on": "2015-05-01"},
    )
    listed = api(coordinator).get(f"/api/v1/persons/{doctor.id}/supervisors").get_json()["items"]
    flags = {i["email"]: i["kpm_approved_on"] for i in listed}
    assert flags == {vera.email: None, other.email: "2015-05-01"}


def test_the_doctor_cannot_assign_her_own_supervisor(api, doctor_user, doctor):
    vera = make_user(Role.supervisor)
    res = api(doctor_user).post(
        f"/api/v1/persons/{doctor.id}/supervisors", json={"email": vera.email}
    )
    assert res.status_code == 403


def test_a_user_made_on_the_command_line_is_linked_to_her_person(runner, api, coordinator, doctor):
    vera = make_person(profession="doctor", email="Vera.Veileder@helse-bergen.no")
    result = runner.invoke(
        args=["users", "create", "vera.veileder@helse-bergen.no", "--role", "supervisor"]
    )
    assert result.exit_code == 0, result.output
    user = find_user("vera.veileder@helse-bergen.no")
    assert user.person_id == vera.id
    res = api(coordinator).post(
        f"/api/v1/persons/{doctor.id}/supervisors", json={"email": "vera.veileder@helse-bergen.no"}
    )
    assert res.status_code == 201
