"""Regressions found by driving the outside surfaces of CONTRACT.md (command line, JSON API,
files) as the acceptance suite does: each test is one deviation that once existed."""

from __future__ import annotations

import datetime as dt

from app.extensions import db as _db
from app.people.models import Person
from tests.courses.factories import make_offering
from tests.factories import (
    make_admin,
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    network,
)
from tests.gatherings.helpers import make_gathering
from tests.hospitation.factories import make_hospitation

# --------------------------------------------------------------------------- command line


def test_cli_users_create_refuses_a_taken_email_with_a_message(runner, db):
    """`flask users create` for an existing user: a clear error, not a traceback."""
    assert (
        runner.invoke(args=["users", "create", "dup@example.no", "--role", "admin"]).exit_code == 0
    )
    db.session.commit()
    result = runner.invoke(args=["users", "create", "dup@example.no", "--role", "admin"])
    assert result.exit_code == 1
    assert "Error: email:" in result.output
    assert not isinstance(result.exception, RuntimeError)


def test_cli_users_create_refuses_a_short_password_from_stdin(runner, db):
    result = runner.invoke(
        args=["users", "create", "short@example.no", "--role", "admin", "--password-stdin"],
        input="kort\n",
    )
    assert result.exit_code == 1
    assert "Error: password:" in result.output


def test_cli_import_reads_the_api_field_names_as_headers(runner, db, tmp_path):
    """A sheet headed with the API's names (leader_email, further_education) is understood."""
    from openpyxl import Workbook

    net = make_network(professions=["nurse"])
    leader = make_person(email="sjef@example.no")
    db.session.commit()
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "email", "profession", "further_education", "leader_email", "start"])
    sheet.append(["Ny Ressurs", "ny.ressurs@example.no", "nurse", "ja", leader.email, "2025-03-01"])
    path = tmp_path / "medlemmer.xlsx"
    book.save(path)

    result = runner.invoke(args=["import", "members", str(path), "--network", net.slug])
    assert result.exit_code == 0, result.output
    person = _db.session.query(Person).filter_by(email="ny.ressurs@example.no").one()
    assert person.further_education is True
    assert person.leader_id == leader.id


# --------------------------------------------------------------------------- API: never a 500


def test_offering_patch_with_end_before_start_is_422(api, db):
    coordinator = make_coordinator(network("innlandet-ressurssykepleiere"))
    offering = make_offering(networks=[network("innlandet-ressurssykepleiere")])
    db.session.commit()
    before_end = offering.end.isoformat()
    response = api(coordinator).patch(
        f"/api/v1/offerings/{offering.id}",
        json={"end": (offering.start - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    assert "end" in response.get_json()["error"]["fields"]
    # with a capacity in the same body the answer is the same
    response = api(coordinator).patch(
        f"/api/v1/offerings/{offering.id}",
        json={"capacity": 5, "end": (offering.start - dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 422
    shown = api(coordinator).get(f"/api/v1/offerings/{offering.id}").get_json()
    assert dt.datetime.fromisoformat(shown["end"]) == dt.datetime.fromisoformat(before_end)
    assert shown["capacity"] == 10


def test_ids_and_numbers_too_large_for_the_database_are_404_or_422(api, db):
    admin = make_admin()
    offering = make_offering()
    gathering = make_gathering(network("innlandet-ressurssykepleiere"))
    db.session.commit()
    client = api(admin)
    assert client.get("/api/v1/persons/99999999999999999999999").status_code == 404
    huge = 10**30
    for path, body in (
        (f"/api/v1/offerings/{offering.id}/registrations", {"person_id": huge}),
        (f"/api/v1/gatherings/{gathering.id}/registrations", {"person_id": huge}),
        (f"/api/v1/gatherings/{gathering.id}/attendance", {"person_id": huge, "attended": True}),
        ("/api/v1/networks/kpm/members", {"person_id": huge, "start": "2025-01-01"}),
    ):
        response = client.post(path, json=body)
        assert response.status_code == 422, path
        assert response.get_json()["error"]["fields"] == {"person_id": "Tallet er for stort."}
    response = client.post(
        f"/api/v1/courses/{offering.course.key}/offerings",
        json={"start": "2031-03-10T09:00", "end": "2031-03-11T15:00", "capacity": "99999999999"},
    )
    assert response.status_code == 422
    assert "capacity" in response.get_json()["error"]["fields"]


def test_a_nul_character_in_the_path_is_404_not_a_database_error(api, client, db):
    """PostgreSQL cannot compare text with NUL: such a path names nothing (404)."""
    admin = api(make_admin())
    for path in ("/courses/a%00b", "/networks/a%00b", "/networks/a%00b/calendar.ics"):
        assert client.get(path).status_code == 404, path
    for path in ("/api/v1/courses/a%00b", "/api/v1/networks/a%00b"):
        response = admin.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"]


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


# --------------------------------------------------------------------------- API: semantics


def test_a_forbidden_hospitation_transition_is_422_for_an_admin(api, db):
    """Only the allowed transitions; a move that does not exist is 422, not 403."""
    admin = make_admin()
    person = make_person()
    done = make_hospitation(
        person, status="completed", start=dt.date(2025, 3, 2), end=dt.date(2025, 3, 3)
    )
    planned = make_hospitation(person)
    db.session.commit()
    for h, target in ((done, "planned"), (done, "cancelled"), (planned, "completed")):
        response = api(admin).patch(f"/api/v1/hospitations/{h.id}", json={"status": target})
        assert response.status_code == 422, (h.status, target)
        assert "status" in response.get_json()["error"]["fields"]


def test_a_coordinator_cannot_register_a_person_outside_its_networks_for_a_gathering(api, db):
    innlandet = network("innlandet-ressurssykepleiere")
    coordinator = make_coordinator(innlandet)
    doctor = make_person(profession="doctor")
    make_membership(doctor, network("kpm"), start=dt.date(2024, 1, 1))
    nurse = make_person()
    make_membership(nurse, innlandet, start=dt.date(2024, 1, 1))
    gathering = make_gathering(innlandet)
    db.session.commit()
    path = f"/api/v1/gatherings/{gathering.id}/registrations"
    assert api(coordinator).post(path, json={"person_id": doctor.id}).status_code == 404
    response = api(coordinator).post(path, json={"person_id": nurse.id})
    assert response.status_code == 201 and response.get_json()["status"] == "registered"


def test_person_cannot_cancel_own_completed_registration(api, db):
    """A completion is the organiser's record: the person may not undo it (403)."""
    from app.auth.models import Role
    from app.registrations import operations as registrations
    from app.registrations.models import RegistrationStatus
    from tests.courses.factories import make_offering
    from tests.factories import make_user

    offering = make_offering()
    user = make_user(Role.resource_person)
    registration = registrations.register(offering, user.person, override_deadline=True)
    registrations.set_status(registration, RegistrationStatus.completed.value)
    response = api(user).patch(
        f"/api/v1/registrations/{registration.id}", json={"status": "cancelled"}
    )
    assert response.status_code == 403
    assert registration.status is RegistrationStatus.completed


def test_overview_with_an_impossible_workplace_id_is_not_a_500(client, db, login):
    login(make_admin())
    response = client.get("/reports/overview.xlsx?workplace=1000000000000000000000")
    assert response.status_code in (200, 404)


def test_seed_synthetic_twice_adds_more_people(runner, db):
    from sqlalchemy import func, select

    first = runner.invoke(args=["seed", "synthetic", "--persons", "20", "--seed", "3"])
    assert first.exit_code == 0, first.output
    count = _db.session.scalar(select(func.count(Person.id)))
    second = runner.invoke(args=["seed", "synthetic", "--persons", "20", "--seed", "3"])
    assert second.exit_code == 0, second.output
    assert _db.session.scalar(select(func.count(Person.id))) == count + 20
