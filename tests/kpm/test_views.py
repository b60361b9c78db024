"""KPM pages: a doctor's records page, adding and undoing records, supervisors, sites."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db as _db
from app.kpm import operations
from app.kpm import operations as kpm_operations
from app.kpm.models import EducationSite, ServicePeriod, SupervisionMeeting, SupervisorAssignment
from tests.factories import (
    make_admin,
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
    network,
)


def csrf(html: str, prefix: str = "") -> str:
    """The CSRF token of the form with this prefix ("" when tests run without CSRF)."""
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    match = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]+)"', html)
    if match is None:
        match = re.search(rf'value="([^"]+)"[^>]*name="{re.escape(name)}"', html)
    return match.group(1) if match else ""


def test_records_page_shows_sections_and_counted_months(login, coordinator, doctor, db):
    operations.add_service_period(
        doctor,
        site_kind="centre_with_beds",
        site_name="Palliativt senter, Haukeland",
        start=dt.date(2024, 1, 1),
        end=dt.date(2025, 12, 31),
        position_pct=50,
        approved=True,
    )
    res = login(coordinator).get(f"/persons/{doctor.id}/kpm")
    html = res.get_data(as_text=True)
    assert res.status_code == 200
    for heading in (
        "Klinisk tjeneste",
        "Veiledning",
        "Internundervisning",
        "Dokumenter",
        "Praktiske ferdigheter",
        "Veiledere",
    ):
        assert f">{heading}</h2>" in html
    assert "Palliativt senter, Haukeland" in html
    # 24 calendar months at 50 % count as 12.
    assert "12 av 24 måneder" in html
    # The checklist of the KPM plan is listed.
    assert "Anleggelse av nasogastrisk sonde" in html
    assert "Ikke attestert" in html


def test_person_page_links_doctors_to_their_records(login, coordinator, doctor, db):
    html = login(coordinator).get(f"/persons/{doctor.id}").get_data(as_text=True)
    assert f'href="/persons/{doctor.id}/kpm"' in html
    nurse = make_person(profession="nurse")
    admin = make_user(Role.admin)
    html = login(admin).get(f"/persons/{nurse.id}").get_data(as_text=True)
    assert f"/persons/{nurse.id}/kpm" not in html


def test_doctor_adds_a_period_and_sees_it(login, doctor_user, doctor, db):
    client = login(doctor_user)
    page = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert 'name="sp-approved"' not in page  # only coordinators approve
    res = client.post(
        f"/persons/{doctor.id}/kpm/service-periods",
        data={
            "sp-csrf_token": csrf(page, "sp"),
            "sp-site_kind": "centre_with_beds",
            "sp-site_name": "Sunniva",
            "sp-start": "2024-01-01",
            "sp-end": "2024-06-30",
            "sp-position_pct": "100",
            "sp-approved": "y",  # ignored: a doctor cannot approve
        },
    )
    assert res.headers["Location"].endswith(f"/persons/{doctor.id}/kpm#tjeneste")
    period = _db.session.scalar(select(ServicePeriod).where(ServicePeriod.person_id == doctor.id))
    assert period.site_name == "Sunniva" and period.approved is False
    html = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert "Sunniva" in html and "Ikke godkjent" in html


def test_overlap_error_lands_on_the_position_field_with_input_kept(login, coordinator, doctor, db):
    operations.add_service_period(
        doctor,
        site_kind="centre_with_beds",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        position_pct=80,
        approved=True,
    )
    _db.session.commit()  # the view rolls back a refused write; keep the setup
    client = login(coordinator)
    page = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    res = client.post(
        f"/persons/{doctor.id}/kpm/service-periods",
        data={
            "sp-csrf_token": csrf(page, "sp"),
            "sp-site_kind": "nursing_home_unit",
            "sp-site_name": "Lindring sykehjem",
            "sp-start": "2024-06-01",
            "sp-end": "2024-08-31",
            "sp-position_pct": "30",
        },
    )
    html = res.get_data(as_text=True)
    assert res.status_code == 200
    assert 'id="sp-position_pct-error"' in html and "over 100 %" in html
    assert 'value="Lindring sykehjem"' in html
    assert (
        _db.session.scalar(
            select(ServicePeriod.id).where(ServicePeriod.site_name == "Lindring sykehjem")
        )
        is None
    )


def test_delete_asks_first_then_removes(login, doctor_user, doctor, db):
    meeting = operations.add_meeting(doctor, date=dt.date(2024, 1, 20), supervisor="Dr. Vei")
    client = login(doctor_user)
    url = f"/persons/{doctor.id}/kpm/supervision-meetings/{meeting.id}/delete"
    page = client.get(url)
    assert page.status_code == 200 and "Slette registreringen?" in page.get_data(as_text=True)
    assert _db.session.get(SupervisionMeeting, meeting.id) is not None
    res = client.post(url, data={"csrf_token": csrf(page.get_data(as_text=True))})
    assert res.headers["Location"].endswith(f"/persons/{doctor.id}/kpm")
    _db.session.expire_all()
    assert _db.session.get(SupervisionMeeting, meeting.id) is None


def test_doctor_cannot_delete_an_approved_period(login, doctor_user, doctor, db):
    period = operations.add_service_period(
        doctor,
        site_kind="centre_with_beds",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        position_pct=50,
        approved=True,
    )
    res = login(doctor_user).get(f"/persons/{doctor.id}/kpm/service-periods/{period.id}/delete")
    assert res.status_code == 403


def test_supervisor_attests_a_skill_and_records_a_meeting(login, supervisor, doctor, db):
    client = login(supervisor)
    dash = client.get("/dashboard").get_data(as_text=True)
    assert doctor.name in dash and f"/persons/{doctor.id}/kpm" in dash
    page = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert 'name="sp-site_kind"' not in page  # a supervisor does not record service
    res = client.post(
        f"/persons/{doctor.id}/kpm/checklist",
        data={
            "ck-csrf_token": csrf(page, "ck"),
            "ck-item": "ferdigheter/familiesamtale",
            "ck-attested_on": "2024-04-01",
        },
    )
    assert res.headers["Location"].endswith("#ferdigheter")
    html = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert "Attestert 01.04.2024" in html
    res = client.post(
        f"/persons/{doctor.id}/kpm/supervision-meetings",
        data={"sm-csrf_token": csrf(page, "sm"), "sm-date": "2024-01-20", "sm-note": "Plan"},
    )
    assert res.headers["Location"].endswith("#veiledning")


def test_candidates_page(login, supervisor, doctor, db):
    html = login(supervisor).get("/kpm/candidates").get_data(as_text=True)
    assert doctor.name in html
    other = make_person(profession="doctor")
    assert other.name not in html
    leader = make_user(Role.leader)
    assert login(leader).get("/kpm/candidates").status_code == 403


def test_supervisor_of_another_doctor_gets_404(login, doctor, db):
    other = make_user(Role.supervisor)
    assert login(other).get(f"/persons/{doctor.id}/kpm").status_code == 404


def test_coordinator_assigns_a_supervisor(login, coordinator, doctor, db):
    sup = make_user(Role.supervisor)
    client = login(coordinator)
    page = client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    res = client.post(
        f"/persons/{doctor.id}/kpm/supervisors",
        data={"sv-csrf_token": csrf(page, "sv"), "sv-supervisor": str(sup.id)},
    )
    assert res.headers["Location"].endswith("#veiledere")
    assert _db.session.scalar(
        select(SupervisorAssignment).where(SupervisorAssignment.person_id == doctor.id)
    )
    assert sup.email in client.get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)


def test_post_without_csrf_is_refused(login, coordinator, doctor, app, db):
    app.config["WTF_CSRF_ENABLED"], old = True, app.config.get("WTF_CSRF_ENABLED")
    try:
        res = login(coordinator).post(
            f"/persons/{doctor.id}/kpm/teaching-hours",
            data={"th-date": "2024-01-01", "th-hours": "2"},
        )
        assert res.status_code in (200, 400)
        from app.kpm.models import TeachingHours

        assert _db.session.scalar(select(TeachingHours.id)) is None
    finally:
        app.config["WTF_CSRF_ENABLED"] = old


def test_education_sites_list_and_create(login, coordinator, db):
    client = login(coordinator)
    page = client.get("/kpm/sites/new")
    assert page.status_code == 200
    res = client.post(
        "/kpm/sites/new",
        data={
            "csrf_token": csrf(page.get_data(as_text=True)),
            "name": "Lovisenberg",
            "kind": "centre_with_beds",
            "approval": "dispensation",
            "region": "helse-sor-ost",
            "reason": "Ingen overlege i 100 % stilling med KPM",
            "committee_chair": "Dr. Leder",
            "committee_members": "Dr. A\nSykepleier B",
            "weekly_teaching_hours": "2",
        },
    )
    site = _db.session.scalar(select(EducationSite).where(EducationSite.name == "Lovisenberg"))
    assert res.headers["Location"].endswith(f"/kpm/sites/{site.id}")
    html = client.get("/kpm/sites").get_data(as_text=True)
    assert "Lovisenberg" in html and "dispensasjon" in html and "Helse Sør-Øst" in html
    page = client.get(f"/kpm/sites/{site.id}").get_data(as_text=True)
    assert "Dr. Leder" in page and "Sykepleier B" in page
    assert "Ingen overlege i 100 % stilling med KPM" in page  # the approval history
    assert "2 timer per uke" in page
    nurse_coord = make_coordinator(make_network())
    assert login(nurse_coord).get("/kpm/sites/new").status_code == 403


def test_doctor_dashboard_links_to_her_records(login, doctor_user, doctor, db):
    html = login(doctor_user).get("/dashboard").get_data(as_text=True)
    assert f'href="/persons/{doctor.id}/kpm"' in html
    page = login(doctor_user).get(f"/persons/{doctor.id}/kpm").get_data(as_text=True)
    assert "Ferdighetene attesteres av veilederen din." in page
    assert 'name="ck-item"' not in page


def test_a_coordinator_who_is_a_doctor_cannot_approve_her_own_service(login, db):
    kpm = network("kpm")
    own = make_person(profession="doctor")
    make_membership(own, kpm, dt.date(2024, 1, 1))
    coordinator = make_user(Role.coordinator, person=own, networks=[make_network()])
    period = kpm_operations.add_service_period(
        own,
        site_kind="centre_with_beds",
        site_name="Senter",
        start=dt.date(2024, 1, 1),
        end=dt.date(2024, 12, 31),
        position_pct=100,
        approved=False,
    )
    url = f"/persons/{own.id}/kpm/service-periods/{period.id}/approval"
    client = login(coordinator)
    res = client.post(url, data={"approved": "1"})
    assert res.status_code in (403, 404)
    assert not period.approved
    client = login(make_admin())  # the same request by someone who may approve
    res = client.post(url, data={"approved": "1"})
    assert res.status_code == 302 and period.approved


@pytest.mark.parametrize("value", ["sNaN", "NaN", "Infinity", "-inf"])
def test_kpm_forms_refuse_nan_and_infinity(login, db, value):
    kpm = network("kpm")
    doctor = make_person(profession="doctor")
    make_membership(doctor, kpm, dt.date(2024, 1, 1))
    client = login(make_coordinator(kpm))
    res = client.post(
        f"/persons/{doctor.id}/kpm/teaching-hours",
        data={"th-date": "2024-02-01", "th-hours": value},
    )
    assert res.status_code in (200, 422), res.status_code
    assert "Må være et tall" in res.get_data(as_text=True)
    res = client.post(
        f"/persons/{doctor.id}/kpm/service-periods",
        data={
            "sp-site_kind": "centre_with_beds",
            "sp-site_name": "Senter",
            "sp-start": "2024-01-01",
            "sp-end": "2024-06-30",
            "sp-position_pct": value,
        },
    )
    assert res.status_code in (200, 422), res.status_code
    assert "Må være et tall" in res.get_data(as_text=True)
