"""Regressions from the code review: out-of-range times, registering and cancelling others,
the waiting list when capacity changes, and a leader's companion registration."""

from __future__ import annotations

from app.auth.models import Role
from app.gatherings.models import Gathering
from app.registrations.models import Registration, RegistrationStatus
from tests.factories import (
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
    network,
)
from tests.gatherings.helpers import make_gathering

NET = "innlandet-ressurssykepleiere"
BODY = {
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
            f"/api/v1/networks/{NET}/gatherings", json={**BODY, field: value}
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


def test_a_coordinator_cannot_register_another_networks_member_by_email(client, login, db):
    net = network(NET)
    stranger = make_person(name="Olga Utenfor", email="olga.utenfor@example.no")
    make_membership(stranger, make_network())
    gathering = make_gathering(net)
    login(make_coordinator(net))
    response = client.post(
        f"/gatherings/{gathering.id}/register-person",
        data={"other-email": stranger.email},
        follow_redirects=True,
    )
    assert "Fant ingen person med e-posten olga.utenfor@example.no" in response.text
    assert "Olga Utenfor" not in response.text
    assert (
        db.session.scalar(db.select(Registration).where(Registration.person_id == stranger.id))
        is None
    )
    # Her own network's member is registered as before.
    member = make_person(name="Nina Innafor")
    make_membership(member, net)
    ok = client.post(
        f"/gatherings/{gathering.id}/register-person",
        data={"other-email": member.email},
        follow_redirects=True,
    )
    assert "Nina Innafor er påmeldt." in ok.text


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


def test_cancelling_on_the_page_also_cancels_the_leader(client, login, db):
    net = network(NET)
    leader = make_person()
    nurse = make_user(Role.resource_person, person=make_person(leader=leader))
    gathering = make_gathering(net)
    login(nurse)
    client.post(f"/gatherings/{gathering.id}/register", data={"with_leader": "1"})
    own = db.session.scalar(
        db.select(Registration).where(Registration.person_id == nurse.person_id)
    )
    client.post(f"/gatherings/{gathering.id}/registrations/{own.id}/cancel")
    rows = db.session.scalars(
        db.select(Registration).where(Registration.gathering_id == gathering.id)
    ).all()
    assert {r.person_id: r.status.value for r in rows} == {
        nurse.person_id: "cancelled",
        leader.id: "cancelled",
    }


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
