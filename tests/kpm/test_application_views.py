"""KPM application pages: the doctor applies after seeing what is missing, the KPM body's
queue marks appeals, a decision is confirmed first, bad input stays on the form."""

from __future__ import annotations

import io

from app.extensions import db as _db
from app.kpm.application_models import KpmApplication
from tests.kpm.test_applications import a_pdf
from tests.kpm.test_views import csrf


def _apply(client, doctor) -> int:
    page = client.get(f"/persons/{doctor.id}/kpm/application")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Dette mangler fortsatt" in html and "Søknaden kan sendes med mangler." in html
    res = client.post(f"/persons/{doctor.id}/kpm/application", data={"csrf_token": csrf(html)})
    assert "/kpm/applications/" in res.headers["Location"]
    return int(res.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def test_the_doctor_applies_from_her_page(login, doctor, doctor_user, coordinator, db):
    client = login(doctor_user)
    html = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert "Søk om KPM-godkjenning" in html and "Ingen søknad er sendt." in html
    app_id = _apply(client, doctor)
    html = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert "Sendt inn" in html and f"/kpm/applications/{app_id}/dossier.pdf" in html
    assert f'href="/persons/{doctor.id}/kpm/application"' not in html  # one open at a time
    # She cannot decide, nor open the queue.
    assert client.get("/kpm/applications").status_code == 403
    res = client.post(f"/kpm/applications/{app_id}/decision", data={"decision-outcome": "approved"})
    assert res.status_code == 403


def test_a_decision_is_confirmed_and_bad_input_stays(login, doctor, doctor_user, coordinator, db):
    app_id = _apply(login(doctor_user), doctor)
    client = login(coordinator)
    html = client.get("/kpm/applications").get_data(as_text=True)
    assert doctor.name in html
    page = client.get(f"/kpm/applications/{app_id}").get_data(as_text=True)
    assert "Nytt vedtak" in page
    form = {
        "decision-csrf_token": csrf(page, "decision"),
        "decision-outcome": "approved_on_conditions",
        "decision-note": "Et notat jeg skrev",
    }
    res = client.post(f"/kpm/applications/{app_id}/decision", data=form)
    assert "Er du sikker?" in res.get_data(as_text=True)  # the confirmation comes first
    res = client.post(f"/kpm/applications/{app_id}/decision", data={**form, "confirmed": "yes"})
    html = res.get_data(as_text=True)
    assert res.status_code == 422
    assert "minst ett vilkår" in html and "Et notat jeg skrev" in html
    form["decision-conditions-0-kind"] = "theory"
    form["decision-conditions-0-text"] = "Fullført NSCPM"
    res = client.post(f"/kpm/applications/{app_id}/decision", data={**form, "confirmed": "yes"})
    assert res.headers["Location"].endswith(f"/kpm/applications/{app_id}")
    assert _db.session.get(KpmApplication, app_id).status.value == "approved_on_conditions"


def test_incomplete_upload_resubmit_and_appeal_pages(login, doctor, doctor_user, coordinator, db):
    app_id = _apply(login(doctor_user), doctor)
    data = {"decision-outcome": "incomplete", "confirmed": "yes"}
    login(coordinator).post(f"/kpm/applications/{app_id}/decision", data=data)
    client = login(doctor_user)
    # A non-PDF is refused on the field, what she chose kept.
    res = client.post(
        f"/persons/{doctor.id}/kpm/documents",
        data={
            "doc-kind": "head_of_department_statement",
            "doc-date": "2025-02-01",
            "doc-note": "Fra avdelingssjefen",
            "doc-file": (io.BytesIO(b"not a pdf"), "attest.pdf"),
        },
        content_type="multipart/form-data",
    )
    html = res.get_data(as_text=True)
    assert "Filen må være en PDF." in html and "Fra avdelingssjefen" in html
    res = client.post(
        f"/persons/{doctor.id}/kpm/documents",
        data={
            "doc-kind": "head_of_department_statement",
            "doc-date": "2025-02-01",
            "doc-file": (io.BytesIO(a_pdf()), "attest.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert res.status_code in (302, 303)
    html = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert "attest.pdf" in html
    page = client.get(f"/kpm/applications/{app_id}/resubmit").get_data(as_text=True)
    res = client.post(f"/kpm/applications/{app_id}/resubmit", data={"csrf_token": csrf(page)})
    assert _db.session.get(KpmApplication, app_id).status.value == "submitted"
    login(coordinator).post(  # one test client: signing in again switches the user
        f"/kpm/applications/{app_id}/decision",
        data={"decision-outcome": "rejected", "confirmed": "yes"},
    )
    client = login(doctor_user)
    res = client.post(f"/kpm/applications/{app_id}/appeal", data={"appeal-text": ""})
    assert res.status_code == 422
    res = client.post(f"/kpm/applications/{app_id}/appeal", data={"appeal-text": "Jeg klager"})
    assert res.headers["Location"].endswith(f"/kpm/applications/{app_id}")
    html = login(coordinator).get("/kpm/applications").get_data(as_text=True)
    assert "Klage" in html


def test_the_person_page_shows_the_kpm_approval(login, doctor, coordinator, db):
    import datetime as dt

    doctor.kpm_approved_on = dt.date(2026, 3, 1)
    _db.session.flush()
    html = login(coordinator).get(f"/persons/{doctor.id}").get_data(as_text=True)
    assert "KPM-godkjent" in html and "01.03.2026" in html
