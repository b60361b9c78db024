"""The supervisor's inbox, locked records on the doctor's page, and the progress page saying
why enough done is not met and what waits for attestation."""

from __future__ import annotations

import datetime as dt

from app.kpm import operations
from app.kpm.site_operations import save_education_site
from tests import factories as ev
from tests.kpm.test_views import csrf

D = dt.date


def _waiting(doctor):
    """A month of meetings and teaching the doctor recorded herself."""
    operations.add_service_period(
        doctor,
        site_kind="centre_with_beds",
        site_name="Senter",
        approved=True,
        start=D(2024, 1, 1),
        end=D(2025, 12, 31),
        position_pct=100,
    )
    operations.add_meeting(doctor, date=D(2024, 1, 10), note="Første møte")
    operations.add_meeting(doctor, date=D(2024, 1, 31))
    operations.add_teaching(doctor, date=D(2024, 1, 24), hours=6)


def test_the_supervisor_attests_everything_from_her_inbox(login, supervisor, doctor, db):
    _waiting(doctor)
    client = login(supervisor)
    page = client.get("/kpm/inbox").get_data(as_text=True)
    assert doctor.name in page and "Første møte" in page and "6 timer" in page
    assert "3 registreringer venter på attestering" in page
    res = client.post(f"/kpm/inbox/persons/{doctor.id}", data={"csrf_token": csrf(page)})
    assert res.headers["Location"].endswith("/kpm/inbox")
    page = client.get("/kpm/inbox").get_data(as_text=True)
    assert "3 registreringer for" in page and "er attestert" in page
    assert "Ingenting venter på attestering." in page
    records = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert "Venter på attestering" not in records


def test_one_record_at_a_time_and_documents_stay_for_the_coordinator(
    login, supervisor, coordinator, doctor, db
):
    _waiting(doctor)
    document = operations.add_document(doctor, kind="research_project", date=D(2024, 3, 1))
    client = login(supervisor)
    page = client.get("/kpm/inbox").get_data(as_text=True)
    assert "Forskningsprosjekt" not in page  # a supervisor does not attest documents
    res = client.post(f"/kpm/inbox/document/{document.id}", data={"csrf_token": csrf(page)})
    assert res.status_code == 403
    page = login(coordinator).get("/kpm/inbox").get_data(as_text=True)
    assert "Forskningsprosjekt" in page
    res = login(coordinator).post(
        f"/kpm/inbox/document/{document.id}", data={"csrf_token": csrf(page)}
    )
    assert res.headers["Location"].endswith("/kpm/inbox")
    assert document.attested


def test_others_have_no_inbox(login, doctor_user, db):
    assert login(doctor_user).get("/kpm/inbox").status_code == 403


def test_attested_records_are_locked_for_the_doctor(login, doctor_user, supervisor, doctor, db):
    operations.add_meeting(doctor, date=D(2024, 1, 10))
    attested = operations.add_meeting(doctor, date=D(2024, 2, 10), attester=supervisor)
    page = login(doctor_user).get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert "Venter på attestering" in page
    assert f"/supervision-meetings/{attested.id}/delete" not in page
    res = login(doctor_user).get(
        f"/persons/{doctor.id}/kpm/supervision-meetings/{attested.id}/delete"
    )
    assert res.status_code == 403


def test_progress_page_says_why_and_what_waits(login, doctor_user, doctor, db):
    ev.service(doctor, "centre_with_beds", D(2024, 1, 1), D(2024, 6, 30), 100)
    ev.service(doctor, "centre_without_beds", D(2024, 7, 1), D(2025, 6, 30), 100)
    ev.service(doctor, "nursing_home_unit", D(2025, 7, 1), D(2026, 6, 30), 100)
    for month in range(1, 13):
        ev.meeting(doctor, D(2024, month, 5))
    ev.teaching(doctor, D(2024, 2, 1), 10, attested=False)
    page = (
        login(doctor_user)
        .get(f"/persons/{doctor.id}/progress?on=2026-06-30")
        .get_data(as_text=True)
    )
    assert "24 av 24 måneder – mangler obligatorisk år ved senter med sengepost" in page
    assert "(10 venter på attestering)" in page
    assert "01.01.2024–30.06.2024, 100 %" in page  # dates as dd.mm.yyyy, not 01,01,2024
    early = (
        login(doctor_user)
        .get(f"/persons/{doctor.id}/progress?on=2024-12-31")
        .get_data(as_text=True)
    )
    assert "venter på at klinisk tjeneste er fullført" in early


def test_records_page_warns_about_nursing_home_first_and_shows_teaching_per_year(
    login, coordinator, doctor, db
):
    operations.add_service_period(
        doctor,
        site_kind="nursing_home_unit",
        site_name="Lindrende enhet",
        approved=True,
        start=D(2024, 1, 1),
        end=D(2024, 12, 31),
        position_pct=50,
        preapproval={"supervisor": "Dr. B", "beds": 4},
    )
    site = save_education_site(None, name="Haukeland", kind="centre_with_beds", approval="approved")
    operations.add_service_period(
        doctor,
        site_kind=None,
        education_site=site,
        start=D(2025, 1, 1),
        end=D(2025, 12, 31),
        position_pct=100,
    )
    operations.add_teaching(doctor, date=D(2024, 3, 1), hours=20, attester=coordinator)
    page = login(coordinator).get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert "bør avtjenes etter det obligatoriske året" in page
    assert "4 senger (under 6)" in page and "veileder Dr. B" in page
    assert "År 1: 01.01.2024–31.12.2024" in page
    assert "Stedet: Godkjent" in page
