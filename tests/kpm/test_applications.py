"""CONTRACT.md "Application": a doctor applies for KPM approval, the KPM body decides, she
adds what is missing and resubmits or appeals; the dossier, the letters and the diploma are
PDFs; the dossier never changes after she applies."""

from __future__ import annotations

import base64
import io
from email.header import decode_header, make_header

import pytest
from pypdf import PdfReader

from app.auth.models import Role
from app.core.pdf import PdfDocument
from app.core.types import today_oslo
from tests.factories import make_admin, make_coordinator, make_network, make_person, make_user

PERIOD = {
    "site_kind": "centre_with_beds",
    "site_name": "Palliativt senter, Ålesund",
    "approved": True,
    "start": "2023-01-01",
    "end": "2024-12-31",
    "position_pct": 50,
}


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def a_pdf(text: str = "Attest fra avdelingssjef") -> bytes:
    doc = PdfDocument("Attest")
    doc.paragraph(text)
    return doc.bytes()


def submit(client, person):
    res = client.post(f"/api/v1/persons/{person.id}/kpm-applications")
    assert res.status_code == 201, res.get_json()
    return res.get_json()


def decide(client, application_id, **body):
    return client.post(f"/api/v1/kpm-applications/{application_id}/decision", json=body)


@pytest.fixture()
def evidence(api, coordinator, doctor):
    """Two years at 50 % (12 counted months), an attested meeting and teaching hours."""
    client = api(coordinator)
    assert (
        client.post(f"/api/v1/persons/{doctor.id}/service-periods", json=PERIOD).status_code == 201
    )
    client.post(f"/api/v1/persons/{doctor.id}/supervision-meetings", json={"date": "2023-01-20"})
    client.post(
        f"/api/v1/persons/{doctor.id}/teaching-hours", json={"date": "2023-02-01", "hours": 3}
    )
    return client


def test_the_whole_flow(api, app, client, doctor, doctor_user, coordinator, supervisor, evidence):
    doctor.name = "Åse Ørnø Bjørkås"
    mine = api(doctor_user)
    body = submit(mine, doctor)
    assert body["status"] == "submitted"
    assert isinstance(body["missing"], list) and body["missing"]
    app_id = body["id"]

    got = mine.get(f"/api/v1/kpm-applications/{app_id}").get_json()
    assert (got["person_id"], got["status"]) == (doctor.id, "submitted")
    assert got["submitted_on"] == today_oslo().isoformat()
    assert got["progress"]["plans"] and got["decisions"] == []

    coord = api(coordinator)
    res = decide(coord, app_id, outcome="incomplete", note="Mangler attest fra avdelingssjef")
    assert res.status_code == 200 and res.get_json()["status"] == "incomplete"
    assert mine.get(f"/api/v1/kpm-applications/{app_id}").get_json()["decisions"][0]["outcome"] == (
        "incomplete"
    )

    # She adds the head of department's statement with a PDF, and sends it again.
    res = mine.post(
        f"/api/v1/persons/{doctor.id}/documents",
        json={
            "kind": "head_of_department_statement",
            "date": "2025-01-10",
            "file": base64.b64encode(a_pdf()).decode(),
            "filename": "attest.pdf",
        },
    )
    assert res.status_code == 201, res.get_json()
    assert res.get_json()["file"]["filename"] == "attest.pdf"
    res = mine.post(f"/api/v1/kpm-applications/{app_id}/resubmit")
    assert res.status_code == 200 and res.get_json()["status"] == "submitted"
    kinds = [d["kind"] for d in res.get_json()["dossier"]["documents"]]
    assert "head_of_department_statement" in kinds

    assert (
        client.get(f"/kpm/applications/{app_id}/diploma.pdf", headers=mine.headers).status_code
        == 404
    )
    res = decide(coord, app_id, outcome="approved")
    assert res.status_code == 200 and res.get_json()["status"] == "approved"
    person = coord.get(f"/api/v1/persons/{doctor.id}").get_json()
    assert person["kpm_approved_on"] == today_oslo().isoformat()

    res = client.get(f"/kpm/applications/{app_id}/diploma.pdf", headers=mine.headers)
    assert res.status_code == 200 and res.mimetype == "application/pdf"
    assert "Åse Ørnø Bjørkås" in pdf_text(res.data)

    res = client.get(f"/kpm/applications/{app_id}/dossier.pdf", headers=mine.headers)
    assert res.status_code == 200
    text = pdf_text(res.data)
    assert "Palliativt senter, Ålesund" in text
    assert "12" in text  # 24 calendar months at 50 % count as 12
    assert "attest.pdf" in text


def test_the_letter_is_mailed_to_the_doctor_and_her_supervisor(
    api, doctor, doctor_user, coordinator, supervisor, smtp_server, evidence, compiled_catalogues
):
    doctor_user.locale = "en"
    app_id = submit(api(doctor_user), doctor)["id"]
    assert decide(api(coordinator), app_id, outcome="rejected").status_code == 200
    to = {m["To"]: m for m in smtp_server.messages}
    assert set(to) == {doctor.email, supervisor.email}
    english, norwegian = to[doctor.email], to[supervisor.email]
    assert "decision" in subject(english).lower()
    assert "Vedtak om KPM-godkjenning: Avslått" == subject(norwegian)
    letters = [p for p in norwegian.walk() if p.get_content_type() == "application/pdf"]
    assert letters and "Søknaden er avslått" in pdf_text(letters[0].get_payload(decode=True))


def test_the_dossier_is_frozen(api, doctor, doctor_user, coordinator, evidence):
    app_id = submit(api(doctor_user), doctor)["id"]
    before = evidence.get(f"/api/v1/kpm-applications/{app_id}").get_json()["dossier"]
    period_id = before["service"]["periods"][0]["id"]
    res = evidence.delete(f"/api/v1/persons/{doctor.id}/service-periods/{period_id}")
    assert res.status_code == 204
    after = evidence.get(f"/api/v1/kpm-applications/{app_id}").get_json()["dossier"]
    assert after == before and after["service"]["months"] == 12


def test_conditions(api, doctor, doctor_user, coordinator, evidence):
    app_id = submit(api(doctor_user), doctor)["id"]
    coord = api(coordinator)
    res = decide(coord, app_id, outcome="approved_on_conditions")
    assert res.status_code == 422 and "conditions" in res.get_json()["error"]["fields"]
    res = decide(
        coord, app_id, outcome="approved_on_conditions", conditions=[{"kind": "x", "text": "?"}]
    )
    assert res.status_code == 422 and "conditions.0.kind" in res.get_json()["error"]["fields"]
    res = decide(coord, app_id, outcome="approved_on_conditions", conditions=[{"kind": "service"}])
    assert res.status_code == 422 and "conditions.0.text" in res.get_json()["error"]["fields"]
    res = decide(
        coord,
        app_id,
        outcome="approved_on_conditions",
        conditions=[{"kind": "service", "text": "Seks måneder til ved senter med sengepost"}],
    )
    assert res.status_code == 200 and res.get_json()["status"] == "approved_on_conditions"
    assert res.get_json()["decisions"][0]["conditions"][0]["kind"] == "service"
    # Once the conditions are met, a new decision approves.
    res = decide(coord, app_id, outcome="approved", note="Vilkårene er oppfylt")
    assert res.status_code == 200 and res.get_json()["status"] == "approved"
    assert len(res.get_json()["decisions"]) == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"outcome": "maybe"}, "outcome"),
        ({}, "outcome"),
        ({"outcome": "approved", "note": 5}, "note"),
        ({"outcome": "approved", "colour": "red"}, "colour"),
        ({"outcome": "approved", "note": "a\ufffeb"}, "note"),
        ({"outcome": "approved_on_conditions", "conditions": "more service"}, "conditions"),
        (
            {"outcome": "approved_on_conditions", "conditions": [{"kind": "other", "text": 5}]},
            "conditions.0.text",
        ),
    ],
)
def test_bad_decisions_are_422_on_the_field(api, doctor, doctor_user, coordinator, body, field):
    app_id = submit(api(doctor_user), doctor)["id"]
    res = decide(api(coordinator), app_id, **body)
    assert res.status_code == 422
    assert field in res.get_json()["error"]["fields"]
    assert api(coordinator).get(f"/api/v1/kpm-applications/{app_id}").get_json()["status"] == (
        "submitted"
    )


def test_deferral_and_rejection_can_be_appealed(api, doctor, doctor_user, coordinator):
    mine, coord = api(doctor_user), api(coordinator)
    app_id = submit(mine, doctor)["id"]
    assert decide(coord, app_id, outcome="deferred").get_json()["status"] == "deferred"
    res = mine.post(f"/api/v1/kpm-applications/{app_id}/appeal", json={"text": " "})
    assert res.status_code == 422 and "text" in res.get_json()["error"]["fields"]
    res = mine.post(f"/api/v1/kpm-applications/{app_id}/appeal", json={"text": "Godkjent nå"})
    assert res.status_code == 200 and res.get_json()["status"] == "appealed"
    assert res.get_json()["appeal_text"] == "Godkjent nå"
    assert decide(coord, app_id, outcome="rejected").get_json()["status"] == "rejected"
    res = coord.post(f"/api/v1/kpm-applications/{app_id}/appeal", json={"text": "Ny klage"})
    assert res.status_code == 200 and res.get_json()["status"] == "appealed"
    assert [h["kind"] for h in res.get_json()["history"]] == ["submitted", "appealed", "appealed"]


def test_steps_out_of_turn_are_409(api, doctor, doctor_user, coordinator):
    mine, coord = api(doctor_user), api(coordinator)
    app_id = submit(mine, doctor)["id"]
    assert mine.post(f"/api/v1/kpm-applications/{app_id}/resubmit").status_code == 409
    assert (
        mine.post(f"/api/v1/kpm-applications/{app_id}/appeal", json={"text": "x"}).status_code
        == 409
    )
    assert mine.post(f"/api/v1/persons/{doctor.id}/kpm-applications").status_code == 409
    for outcome in ("incomplete", "deferred", "rejected", "approved"):
        other = make_person(profession="doctor")
        from tests.factories import make_membership, network

        make_membership(other, network("kpm"), today_oslo())
        other_id = submit(coord, other)["id"]
        assert decide(coord, other_id, outcome=outcome).status_code == 200
        assert decide(coord, other_id, outcome="approved").status_code == 409
    assert decide(coord, app_id, outcome="approved").status_code == 200
    assert decide(coord, app_id, outcome="rejected").status_code == 409
    assert mine.post(f"/api/v1/persons/{doctor.id}/kpm-applications").status_code == 409


def test_who_may_do_what(api, doctor, doctor_user, coordinator, supervisor):
    assert submit(api(supervisor), doctor)["status"] == "submitted"
    app_id = (
        api(coordinator)
        .get(f"/api/v1/persons/{doctor.id}/kpm-applications")
        .get_json()["items"][0]["id"]
    )
    # Nobody but a KPM coordinator or an admin decides.
    for user in (
        doctor_user,
        supervisor,
        make_coordinator(make_network()),
        make_user(Role.resource_person),
    ):
        assert decide(api(user), app_id, outcome="approved").status_code == 403
    # Her supervisor does not appeal or resubmit; she is not a KPM coordinator.
    assert decide(api(coordinator), app_id, outcome="incomplete").status_code == 200
    assert api(supervisor).post(f"/api/v1/kpm-applications/{app_id}/resubmit").status_code == 403
    assert api(make_admin()).post(f"/api/v1/kpm-applications/{app_id}/resubmit").status_code == 200


def test_out_of_scope_is_404(api, doctor, doctor_user):
    app_id = submit(api(doctor_user), doctor)["id"]
    other_doctor = make_user(Role.resource_person, person=make_person(profession="doctor"))
    stranger = make_coordinator(make_network())
    for user in (other_doctor, stranger):
        client = api(user)
        assert client.post(f"/api/v1/persons/{doctor.id}/kpm-applications").status_code == 404
        assert client.get(f"/api/v1/kpm-applications/{app_id}").status_code == 404
        assert (
            client.post(f"/api/v1/kpm-applications/{app_id}/appeal", json={"text": "x"}).status_code
            == 404
        )
    assert api(make_admin()).get("/api/v1/kpm-applications/999999").status_code == 404
    res = api(other_doctor).get(f"/kpm/applications/{app_id}/dossier.pdf")
    assert res.status_code == 404


def test_pdf_files_are_anonymous_401_without_a_token(client, api, doctor, doctor_user):
    app_id = submit(api(doctor_user), doctor)["id"]
    res = client.get(
        f"/kpm/applications/{app_id}/dossier.pdf", headers={"Authorization": "Bearer nope"}
    )
    assert res.status_code == 401
    res = client.get(f"/kpm/applications/{app_id}/dossier.pdf")
    assert res.status_code in (302, 303) and "/login" in res.headers["Location"]


JS_PDF = (
    b"%PDF-1.4\n1 0 obj <</Type/Catalog/OpenAction <</S/JavaScript/JS(app.alert(1))>> >>\n"
    b"endobj\n%%EOF\n"
)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"just text, not a PDF", "PDF"),
        (JS_PDF, "skript"),
        (b"%PDF-1.4\n" + b"0" * (3 * 1024 * 1024 + 10) + b"\n%%EOF", "for stor"),
        (b"", "tom"),
    ],
)
def test_bad_uploads_are_refused_with_a_clear_message(api, doctor, doctor_user, content, words):
    res = api(doctor_user).post(
        f"/api/v1/persons/{doctor.id}/documents",
        json={
            "kind": "head_of_department_statement",
            "date": "2025-01-10",
            "file": base64.b64encode(content).decode(),
        },
    )
    assert res.status_code == 422
    assert words in res.get_json()["error"]["fields"]["file"]
    docs = api(doctor_user).get(f"/api/v1/persons/{doctor.id}/documents").get_json()["items"]
    assert docs == []


def test_multipart_upload_and_other_kinds_without_files(api, doctor, doctor_user):
    client = api(doctor_user)
    res = client.post(
        f"/api/v1/persons/{doctor.id}/documents",
        data={
            "kind": "head_of_department_statement",
            "date": "2025-01-10",
            "file": (io.BytesIO(a_pdf()), "uttalelse.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert res.status_code == 201 and res.get_json()["file"]["filename"] == "uttalelse.pdf"
    res = client.post(
        f"/api/v1/persons/{doctor.id}/documents",
        json={"kind": "head_of_department_statement", "date": "2025-01-11"},
    )
    assert res.status_code == 201 and res.get_json()["file"] is None
    res = client.post(
        f"/api/v1/persons/{doctor.id}/documents",
        json={
            "kind": "education_plan",
            "date": "2025-01-11",
            "file": base64.b64encode(a_pdf()).decode(),
        },
    )
    assert res.status_code == 422 and "file" in res.get_json()["error"]["fields"]
    res = client.post(
        f"/api/v1/persons/{doctor.id}/documents",
        json={"kind": "head_of_department_statement", "date": "2025-01-11", "file": "***"},
    )
    assert res.status_code == 422 and "file" in res.get_json()["error"]["fields"]
