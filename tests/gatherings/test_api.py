"""The gatherings API of CONTRACT.md: create, change, register (with leader), attendance."""

from __future__ import annotations

import datetime as dt

from app.auth.models import Role
from app.core.types import UTC
from app.gatherings.models import Gathering
from app.registrations.models import Registration, RegistrationStatus
from tests.factories import (
    make_coordinator,
    make_gathering,
    make_membership,
    make_network,
    make_person,
    make_user,
    network,
    oslo,
)

NET = "innlandet-ressurssykepleiere"
BODY = {
    "kind": "theme_day",
    "title": "Temadag om lindrende behandling",
    "start": "2030-03-29T09:00",
    "end": "2030-03-29T15:30",
    "location": "Scandic Hamar",
    "capacity": 40,
}


def test_coordinator_creates_gathering_in_oslo_time(api, db):
    coord = make_coordinator(network(NET))
    response = api(coord).post(f"/api/v1/networks/{NET}/gatherings", json=BODY)
    assert response.status_code == 201
    gathering = db.session.get(Gathering, response.get_json()["id"])
    # 29 March 2030 is after the change to summer time (31 March is not): +01:00 before it.
    assert gathering.start == dt.datetime(2030, 3, 29, 8, 0, tzinfo=UTC)
    assert gathering.status.value == "planned" and gathering.revision == 0
    assert response.get_json()["start"] == "2030-03-29T09:00:00+01:00"

    summer = api(coord).post(
        f"/api/v1/networks/{NET}/gatherings",
        json={**BODY, "start": "2030-04-02T09:00", "end": "2030-04-02T10:00"},
    )
    assert db.session.get(Gathering, summer.get_json()["id"]).start.hour == 7  # +02:00
    with_offset = api(coord).post(
        f"/api/v1/networks/{NET}/gatherings",
        json={**BODY, "start": "2030-04-02T09:00+00:00", "end": "2030-04-02T10:00Z"},
    )
    assert db.session.get(Gathering, with_offset.get_json()["id"]).start.hour == 9


def test_bad_input_gets_clear_errors(api, db):
    client = api(make_coordinator(network(NET)))
    url = f"/api/v1/networks/{NET}/gatherings"
    cases = [
        ({**BODY, "end": "2030-03-29T08:00"}, "end"),
        ({**BODY, "kind": "picnic"}, "kind"),
        ({**BODY, "start": "29.03.2030"}, "start"),
        ({**BODY, "title": "  "}, "title"),
        ({**BODY, "capacity": -1}, "capacity"),
        ({**BODY, "capacity": "mange"}, "capacity"),
        ({**BODY, "status": "maybe"}, "status"),
        ({**BODY, "colour": "red"}, "colour"),
        ({k: v for k, v in BODY.items() if k != "end"}, "end"),
    ]
    for body, field in cases:
        response = client.post(url, json=body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["fields"], body
    assert client.post(url, data="not json").status_code == 400


def test_only_the_networks_coordinators_and_admins_manage(api, db):
    other = make_coordinator(make_network())
    person = make_user(Role.resource_person)
    url = f"/api/v1/networks/{NET}/gatherings"
    assert api(other).post(url, json=BODY).status_code == 403
    assert api(person).post(url, json=BODY).status_code == 403
    assert api(make_user(Role.admin)).post(url, json=BODY).status_code == 201
    assert (
        api(make_user(Role.admin)).post("/api/v1/networks/nope/gatherings", json=BODY).status_code
        == 404
    )
    gathering = make_gathering(network(NET))
    assert (
        api(other).patch(f"/api/v1/gatherings/{gathering.id}", json={"title": "X"}).status_code
        == 403
    )
    assert api(other).get(f"/api/v1/gatherings/{gathering.id}/registrations").status_code == 403
    assert (
        api(other)
        .post(
            f"/api/v1/gatherings/{gathering.id}/attendance", json={"person_id": 1, "attended": True}
        )
        .status_code
        == 403
    )
    assert api(other).patch("/api/v1/gatherings/999999", json={"title": "X"}).status_code == 404


def test_patch_raises_revision_and_checks_capacity(api, db):
    net = network(NET)
    coord = make_coordinator(net)
    gathering = make_gathering(net, capacity=3)
    client = api(coord)
    response = client.patch(f"/api/v1/gatherings/{gathering.id}", json={"title": "Ny tittel"})
    assert response.status_code == 200 and response.get_json()["revision"] == 1
    # The same value again changes nothing.
    assert (
        client.patch(f"/api/v1/gatherings/{gathering.id}", json={"title": "Ny tittel"}).get_json()[
            "revision"
        ]
        == 1
    )
    for _ in range(2):
        person = make_person()
        assert (
            client.post(
                f"/api/v1/gatherings/{gathering.id}/registrations", json={"person_id": person.id}
            ).status_code
            == 201
        )
    too_small = client.patch(f"/api/v1/gatherings/{gathering.id}", json={"capacity": 1})
    assert too_small.status_code == 422
    assert "2" in too_small.get_json()["error"]["fields"]["capacity"]
    end_first = client.patch(f"/api/v1/gatherings/{gathering.id}", json={"end": "2030-05-14T08:00"})
    assert end_first.status_code == 422 and "end" in end_first.get_json()["error"]["fields"]
    cancelled = client.patch(f"/api/v1/gatherings/{gathering.id}", json={"status": "cancelled"})
    assert cancelled.get_json()["status"] == "cancelled"
    assert cancelled.get_json()["revision"] == 2


def test_register_self_with_leader_and_list(api, db):
    net = network(NET)
    leader = make_person(name="Hanne Leder")
    nurse_user = make_user(Role.resource_person, person=make_person(name="Kari", leader=leader))
    gathering = make_gathering(net, kind="intro_course")
    response = api(nurse_user).post(
        f"/api/v1/gatherings/{gathering.id}/registrations",
        json={"person_id": nurse_user.person_id, "with_leader": True},
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["status"] == "registered" and body["id"]
    assert body["leader"]["person_id"] == leader.id and body["leader"]["status"] == "registered"
    listing = api(make_coordinator(net)).get(f"/api/v1/gatherings/{gathering.id}/registrations")
    assert listing.status_code == 200
    assert {r["person_id"] for r in listing.get_json()} == {nurse_user.person_id, leader.id}
    # A second resource person of the same leader brings her too: she is not registered twice.
    colleague = make_user(Role.resource_person, person=make_person(leader=leader))
    again = api(colleague).post(
        f"/api/v1/gatherings/{gathering.id}/registrations",
        json={"person_id": colleague.person_id, "with_leader": True},
    )
    assert again.status_code == 201
    assert (
        len(
            api(make_coordinator(net))
            .get(f"/api/v1/gatherings/{gathering.id}/registrations")
            .get_json()
        )
        == 3
    )


def test_with_leader_needs_a_leader_and_self_only_for_yourself(api, db):
    gathering = make_gathering(network(NET))
    user = make_user(Role.resource_person)
    url = f"/api/v1/gatherings/{gathering.id}/registrations"
    response = api(user).post(url, json={"person_id": user.person_id, "with_leader": True})
    assert response.status_code == 422 and "with_leader" in response.get_json()["error"]["fields"]
    assert api(user).post(url, json={"person_id": make_person().id}).status_code == 403
    assert api(user).post(url, json={"person_id": "x"}).status_code == 422
    assert api(user).post(url, json={}).status_code == 422
    assert api(user).post(url, json={"person_id": user.person_id}).status_code == 201
    assert api(user).post(url, json={"person_id": user.person_id}).status_code == 409


def test_capacity_binds_everyone_and_waiting_list_is_ordered(api, db):
    net = network(NET)
    coord = api(make_coordinator(net))
    gathering = make_gathering(net, capacity=1)
    url = f"/api/v1/gatherings/{gathering.id}/registrations"
    people = [make_person() for _ in range(3)]
    statuses = [coord.post(url, json={"person_id": p.id}).get_json()["status"] for p in people]
    assert statuses == ["registered", "waitlisted", "waitlisted"]
    listing = coord.get(url).get_json()
    assert [(r["person_id"], r.get("position")) for r in listing] == [
        (people[0].id, None),
        (people[1].id, 1),
        (people[2].id, 2),
    ]
    # Raising the capacity lets the first on the waiting list in.
    coord.patch(f"/api/v1/gatherings/{gathering.id}", json={"capacity": 2})
    listing = coord.get(url).get_json()
    assert [r["status"] for r in listing] == ["registered", "registered", "waitlisted"]


def test_past_gathering_coordinator_catches_up_self_service_closed(api, db):
    net = network(NET)
    past = make_gathering(net, start=oslo(2024, 10, 1, 9), end=oslo(2024, 10, 1, 15))
    user = make_user(Role.resource_person)
    url = f"/api/v1/gatherings/{past.id}/registrations"
    closed = api(user).post(url, json={"person_id": user.person_id})
    assert closed.status_code == 422
    coord = api(make_coordinator(net))
    assert coord.post(url, json={"person_id": user.person_id}).status_code == 201
    marked = coord.post(
        f"/api/v1/gatherings/{past.id}/attendance",
        json={"person_id": user.person_id, "attended": True},
    )
    assert marked.status_code == 200 and marked.get_json()["attended"] is True


def test_attendance_requires_a_registration(api, db):
    net = network(NET)
    coord = api(make_coordinator(net))
    gathering = make_gathering(net, capacity=1)
    seated, waiting, stranger = make_person(), make_person(), make_person()
    url = f"/api/v1/gatherings/{gathering.id}"
    coord.post(f"{url}/registrations", json={"person_id": seated.id})
    coord.post(f"{url}/registrations", json={"person_id": waiting.id})
    for person in (stranger, waiting):
        response = coord.post(f"{url}/attendance", json={"person_id": person.id, "attended": True})
        assert response.status_code == 422
        assert "person_id" in response.get_json()["error"]["fields"]
    assert (
        coord.post(f"{url}/attendance", json={"person_id": 999999, "attended": True}).status_code
        == 422
    )
    assert (
        coord.post(f"{url}/attendance", json={"person_id": seated.id, "attended": "ja"}).status_code
        == 422
    )
    assert coord.post(f"{url}/attendance", json={"person_id": seated.id}).status_code == 422
    ok = coord.post(f"{url}/attendance", json={"person_id": seated.id, "attended": False})
    assert ok.status_code == 200 and ok.get_json()["attended"] is False
    ok = coord.post(f"{url}/attendance", json={"person_id": seated.id, "attended": True})
    assert ok.get_json()["attended"] is True
    listing = coord.get(f"{url}/registrations").get_json()
    assert listing[0]["attended"] is True


def test_cancelled_gathering_refuses_registration(api, db):
    net = network(NET)
    gathering = make_gathering(net, status="cancelled")
    response = api(make_coordinator(net)).post(
        f"/api/v1/gatherings/{gathering.id}/registrations", json={"person_id": make_person().id}
    )
    assert response.status_code == 422


def test_moving_or_cancelling_mails_the_registered_with_ics(api, db, smtp_server):
    net = network(NET)
    coord = api(make_coordinator(net))
    gathering = make_gathering(net)
    person = make_person(email="kari@example.no")
    coord.post(f"/api/v1/gatherings/{gathering.id}/registrations", json={"person_id": person.id})
    coord.patch(f"/api/v1/gatherings/{gathering.id}", json={"title": "Bare ny tittel"})
    assert smtp_server.messages == []
    coord.patch(
        f"/api/v1/gatherings/{gathering.id}",
        json={"start": "2030-05-15T09:00", "end": "2030-05-15T15:00"},
    )
    assert len(smtp_server.messages) == 1
    moved = smtp_server.messages[0]
    assert moved["To"] == "kari@example.no"
    text = moved.get_payload()[0].get_payload(decode=True).decode()
    assert "15.05.2030 kl. 09:00" in text
    attachment = moved.get_payload()[1]
    assert attachment.get_content_type() == "text/calendar"
    assert attachment.get_filename().endswith(".ics")
    ics = attachment.get_payload(decode=True).decode()
    assert f"UID:gathering-{gathering.id}@kompetansenett" in ics and "SEQUENCE:2" in ics
    coord.patch(f"/api/v1/gatherings/{gathering.id}", json={"status": "cancelled"})
    assert len(smtp_server.messages) == 2
    assert "Avlyst" in smtp_server.messages[1]["Subject"]
    assert (
        "STATUS:CANCELLED"
        in smtp_server.messages[1].get_payload()[1].get_payload(decode=True).decode()
    )


UNLIMITED_BODY = {
    "kind": "theme_day",
    "title": "Temadag om lindrende behandling",
    "start": "2030-03-29T09:00",
    "end": "2030-03-29T15:30",
}


FORM = {
    "kind": "theme_day",
    "title": "Temadag: tidsgrenser",
    "start": "2030-06-03T09:00",
    "end": "2030-06-03T15:00",
}


def _count(db) -> int:
    return db.session.scalar(db.select(db.func.count(Gathering.id)))


def test_times_outside_the_calendar_are_refused_and_the_feed_stays_up(api, client, login, db):
    coord = make_coordinator(network(NET))
    before = _count(db)
    for field, value in [
        ("start", "0001-01-01T00:30"),
        ("start", "9999-12-31T23:00Z"),
        ("end", "9999-12-31T23:00"),
        ("registration_deadline", "1899-12-31T23:00"),
    ]:
        response = api(coord).post(
            f"/api/v1/networks/{NET}/gatherings", json={**UNLIMITED_BODY, field: value}
        )
        assert response.status_code == 422, (field, value)
        assert field in response.get_json()["error"]["fields"]
    login(coord)
    page = client.post(
        f"/networks/{NET}/gatherings/new", data={**FORM, "start": "0001-01-01T00:30"}
    )
    assert page.status_code == 200 and "Året må være mellom 1900 og 2200." in page.text
    assert _count(db) == before
    assert client.get(f"/networks/{NET}/calendar.ics").status_code == 200


def test_unlimited_or_raised_capacity_promotes_the_waiting_list(api, db):
    net = network(NET)
    coord = api(make_coordinator(net))
    gathering = make_gathering(net, capacity=1)
    url = f"/api/v1/gatherings/{gathering.id}"
    ids = []
    for _ in range(3):
        body = coord.post(f"{url}/registrations", json={"person_id": make_person().id}).get_json()
        ids.append(body["id"])
    assert [db.session.get(Registration, i).status.value for i in ids] == [
        "registered",
        "waitlisted",
        "waitlisted",
    ]
    assert coord.patch(url, json={"capacity": 2}).status_code == 200
    assert db.session.get(Registration, ids[1]).status is RegistrationStatus.registered
    assert coord.patch(url, json={"capacity": None}).status_code == 200
    assert db.session.get(Registration, ids[2]).status is RegistrationStatus.registered


def test_capacity_is_checked_against_the_seat_counter(api, db):
    net = network(NET)
    gathering = make_gathering(net, capacity=5)
    gathering.seats_taken = 3  # seats held, e.g. by registrations still being written
    db.session.flush()
    response = api(make_coordinator(net)).patch(
        f"/api/v1/gatherings/{gathering.id}", json={"capacity": 2}
    )
    assert response.status_code == 422 and "capacity" in response.get_json()["error"]["fields"]


def test_cancelling_through_the_api_also_cancels_the_leader_who_came_along(api, db):
    net = network(NET)
    leader = make_person(name="Hanne Leder")
    nurse = make_user(Role.resource_person, person=make_person(leader=leader))
    gathering = make_gathering(net, kind="intro_course")
    body = (
        api(nurse)
        .post(
            f"/api/v1/gatherings/{gathering.id}/registrations",
            json={"person_id": nurse.person_id, "with_leader": True},
        )
        .get_json()
    )
    response = api(nurse).patch(f"/api/v1/registrations/{body['id']}", json={"status": "cancelled"})
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    companion = db.session.get(Registration, body["leader"]["id"])
    assert companion.status is RegistrationStatus.cancelled


def test_a_person_cannot_cancel_a_recorded_attendance(api, client, login, db):
    net = network(NET)
    nurse = make_user(Role.resource_person)
    gathering = make_gathering(net)
    registration_id = (
        api(nurse)
        .post(
            f"/api/v1/gatherings/{gathering.id}/registrations", json={"person_id": nurse.person_id}
        )
        .get_json()["id"]
    )
    api(make_coordinator(net)).post(
        f"/api/v1/gatherings/{gathering.id}/attendance",
        json={"person_id": nurse.person_id, "attended": True},
    )
    login(nurse)
    response = client.post(f"/gatherings/{gathering.id}/registrations/{registration_id}/cancel")
    assert response.status_code == 404
    assert db.session.get(Registration, registration_id).status is RegistrationStatus.attended


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
