"""Regression tests for the code review: access to persons, redirects, paging, self-edit."""

from __future__ import annotations

import datetime as dt

import pytest

from app.auth.models import Role
from app.core import access
from app.core.models import AuditEntry
from app.core.urls import is_safe_path, safe_next
from app.kpm import operations as kpm_operations
from tests.factories import (
    make_admin,
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
    network,
)

SLUG = "innlandet-ressurssykepleiere"


# --------------------------------------------------------------------------- who manages whom


def test_a_coordinator_does_not_manage_herself_or_her_staff(db):
    net = network(SLUG)
    own = make_person(profession="doctor")
    coordinator = make_user(Role.coordinator, person=own, networks=[net])
    staff = make_person(leader=own)
    make_membership(staff, make_network(), dt.date(2025, 1, 1))
    # She sees both (herself; her staff as their leader) ...
    assert access.can_see_person(coordinator, own) and access.can_see_person(coordinator, staff)
    # ... but manages neither: not her network's members, and she is not unattached staff.
    assert not access.can_manage_person(coordinator, own)
    assert not access.can_manage_person(coordinator, staff)
    assert not access.can_edit_person(coordinator, staff)
    assert access.can_edit_person(coordinator, own)  # her own details, still
    member = make_person()
    make_membership(member, net, dt.date(2025, 1, 1))
    assert access.can_manage_person(coordinator, member)
    assert access.can_manage_person(make_admin(), own)


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
    )
    url = f"/persons/{own.id}/kpm/service-periods/{period.id}/approval"
    client = login(coordinator)
    res = client.post(url, data={"approved": "1"})
    assert res.status_code in (403, 404)
    assert not period.approved
    client = login(make_admin())  # the same request by someone who may approve
    res = client.post(url, data={"approved": "1"})
    assert res.status_code == 302 and period.approved


@pytest.mark.parametrize("role", [Role.admin, Role.coordinator, Role.supervisor])
def test_coordinators_do_not_see_unattached_staff_users(db, role):
    coordinator = make_coordinator(network(SLUG))
    staff_person = make_person()
    make_user(role, person=staff_person)
    assert not access.can_see_person(coordinator, staff_person)
    assert not access.can_manage_person(coordinator, staff_person)


@pytest.mark.parametrize("role", [Role.resource_person, Role.leader])
def test_coordinators_still_place_unattached_resource_persons_and_leaders(db, role):
    coordinator = make_coordinator(network(SLUG))
    loose = make_user(role).person
    assert access.can_manage_person(coordinator, loose)
    assert access.can_manage_person(coordinator, make_person())  # no user at all


# --------------------------------------------------------------------------- redirects


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.com",
        "/\n/evil.com",
        "/\r\n/evil.com",
        "//evil.com",
        "/\\evil.com",
        "\\\\evil.com",
        "https://evil.com/",
        "http:/evil.com",
        "evil.com",
        "",
        None,
    ],
)
def test_unsafe_next_targets_are_refused(target):
    assert not is_safe_path(target)
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/persons", "/persons?page=2&q=a%20b", "/a/b#x", "/%0a"])
def test_same_site_paths_are_kept(target):
    assert safe_next(target, "/home") == target


@pytest.mark.parametrize("raw", ["/%09/evil.com", "/%0A/evil.com", "/%0d%0a/evil.com", "/%5Cevil"])
def test_language_switch_and_login_never_redirect_off_site(client, login, db, raw):
    res = client.get(f"/lang/en?next={raw}")
    assert res.status_code == 302
    assert res.headers["Location"] == "/"
    login(make_user(Role.resource_person))
    res = client.get(f"/login?next={raw}")
    assert res.status_code == 302
    assert res.headers["Location"] == "/dashboard"


# --------------------------------------------------------------------------- paging


HUGE = "99999999999999999999"


def test_huge_page_numbers_and_ids_give_a_page_not_a_500(client, login, db):
    assert client.get(f"/register?page={HUGE}").status_code == 200
    assert client.get(f"/register?network={HUGE}").status_code == 200
    assert client.get(f"/register?network=2147483648&page={10**15}").status_code == 200
    login(make_admin())
    for path in ("/persons", "/admin/audit", f"/networks/{SLUG}", f"/networks/{SLUG}/progress"):
        for page in (HUGE, "-5", "abc", "100001"):
            res = client.get(f"{path}?page={page}")
            assert res.status_code == 200, (path, page, res.status_code)


def test_audit_log_lists_entries_with_the_users_email(client, login, db):
    admin = make_admin()
    client = login(admin)
    db.session.add(AuditEntry(user_id=admin.id, action="test.entry", object_type="User"))
    db.session.flush()
    html = client.get("/admin/audit?action=test.").get_data(as_text=True)
    assert "test.entry" in html and admin.email in html


# --------------------------------------------------------------------------- self-edit


def _form(person, **changes):
    data = {
        "name": person.name,
        "email": person.email,
        "profession": person.profession.key,
        "version": str(person.version),
    }
    data.update(changes)
    return data


def test_a_resource_person_cannot_change_her_progress_facts(client, login, db):
    person = make_person(profession="nurse", further_education=False)
    client = login(make_user(Role.resource_person, person=person))
    page = client.get(f"/persons/{person.id}/edit").get_data(as_text=True)
    assert 'name="profession"' not in page and 'name="further_education"' not in page
    assert 'name="specialist_approved_on"' not in page and "managed-facts" in page
    res = client.post(
        f"/persons/{person.id}/edit",
        data=_form(
            person,
            phone="12345678",
            profession="doctor",
            further_education="y",
            specialist_approved_on="2020-01-01",
        ),
    )
    assert res.status_code == 302, res.get_data(as_text=True)
    assert person.phone == "12345678"  # her other details are saved
    assert person.profession.key == "nurse"
    assert not person.further_education and person.specialist_approved_on is None


def test_a_coordinator_still_sets_the_progress_facts(client, login, db):
    net = network(SLUG)
    person = make_person(profession="nurse", further_education=False)
    make_membership(person, net, dt.date(2025, 1, 1))
    client = login(make_coordinator(net))
    assert 'name="further_education"' in client.get(f"/persons/{person.id}/edit").get_data(
        as_text=True
    )
    res = client.post(f"/persons/{person.id}/edit", data=_form(person, further_education="y"))
    assert res.status_code == 302
    assert person.further_education


# --------------------------------------------------------------------------- KPM numbers


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


# --------------------------------------------------------------------------- import, seed


def test_only_the_uploader_can_cancel_an_import(client, login, db):
    import io

    from app.core import uploads
    from tests.networks.helpers import xlsx

    net = network(SLUG)
    owner = make_coordinator(net)
    login(owner)
    res = client.post(
        f"/networks/{SLUG}/import",
        data={"file": (io.BytesIO(xlsx([["Ola", "ola@example.no", "nurse"]])), "m.xlsx")},
        content_type="multipart/form-data",
    )
    location = res.headers["Location"]
    token = location.rstrip("/").rsplit("/", 1)[-1]
    login(make_coordinator(net))  # a co-coordinator of the same network
    client.post(location, data={"action": "cancel"})
    assert uploads.kept_upload(token, user_id=owner.id, network_id=net.id) is not None
    login(owner)
    client.post(location, data={"action": "cancel"})
    assert uploads.kept_upload(token, user_id=owner.id, network_id=net.id) is None


def test_demo_data_is_refused_in_production(runner, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code != 0
    assert "production" in result.output
