"""The intro course with the leader (issue 17): the keyboard attendance page records the
leader, the attendance list says whether the leader came, and progress says why an intro
course without the leader does not count."""

from __future__ import annotations

import datetime as dt

from app.registrations.models import Registration
from tests.factories import (
    make_coordinator,
    make_gathering,
    make_membership,
    make_person,
    make_user,
    network,
    oslo,
)

NET = "innlandet-ressurssykepleiere"
ON = "2025-06-01"


def _intro(net, hours=6):
    return make_gathering(
        net, kind="intro_course", start=oslo(2025, 3, 4, 9), end=oslo(2025, 3, 4, 9 + hours)
    )


def _regs(db, gathering):
    return {
        r.person_id: r
        for r in db.session.scalars(
            db.select(Registration).where(Registration.gathering_id == gathering.id)
        )
    }


def _intro_result(client, person):
    body = client.get(f"/api/v1/persons/{person.id}/progress?on={ON}").get_json()
    return next(r for r in body["plans"][0]["requirements"] if r["key"] == "introduksjonskurs")


def test_the_attendance_page_records_the_leader_and_progress_follows(client, login, api, db):
    net = network(NET)
    coord = make_coordinator(net)
    leader = make_person(name="Hanne Leder")
    kari = make_person(name="Kari Nilsen", leader=leader)
    make_membership(kari, net, dt.date(2025, 1, 1))
    gathering = _intro(net)
    coord_api = api(coord)
    coord_api.post(
        f"/api/v1/gatherings/{gathering.id}/registrations",
        json={"person_id": kari.id, "with_leader": True},
    )
    regs = _regs(db, gathering)
    login(coord)
    # Kari came, her leader did not: the list says so and the course does not count.
    data = {f"present-{regs[kari.id].id}": "yes", f"present-{regs[leader.id].id}": "no"}
    response = client.post(f"/gatherings/{gathering.id}/attendance", data=data)
    assert response.status_code == 302
    page = client.get(f"/gatherings/{gathering.id}/attendance").text
    assert "Leder deltok ikke (Hanne Leder)" in page
    assert _intro_result(coord_api, kari)["status"] == "due"
    progress = client.get(f"/persons/{kari.id}/progress?on={ON}").text
    assert "leder deltok ikke" in progress
    # Marked present on the same page, the leader makes the intro course count.
    data[f"present-{regs[leader.id].id}"] = "yes"
    client.post(f"/gatherings/{gathering.id}/attendance", data=data)
    assert "Leder deltok (Hanne Leder)" in client.get(f"/gatherings/{gathering.id}/attendance").text
    result = _intro_result(coord_api, kari)
    assert (result["status"], result["met_on"]) == ("met", "2025-03-04")


def test_a_leader_not_registered_can_be_added_from_the_attendance_page(client, login, api, db):
    net = network(NET)
    coord = make_coordinator(net)
    leader = make_person(name="Hanne Leder")
    kari = make_person(name="Kari Nilsen", leader=leader)
    make_membership(kari, net, dt.date(2025, 1, 1))
    gathering = _intro(net)
    api(coord).post(f"/api/v1/gatherings/{gathering.id}/registrations", json={"person_id": kari.id})
    login(coord)
    page = client.get(f"/gatherings/{gathering.id}/attendance").text
    assert "Leder ikke påmeldt (Hanne Leder)" in page and "Meld på lederen" in page
    reg = _regs(db, gathering)[kari.id]
    response = client.post(f"/gatherings/{gathering.id}/registrations/{reg.id}/leader")
    assert response.headers["Location"].endswith(f"/gatherings/{gathering.id}/attendance")
    regs = _regs(db, gathering)
    assert regs[leader.id].companion_of_id == reg.id
    page = client.get(f"/gatherings/{gathering.id}/attendance").text
    assert f'name="present-{regs[leader.id].id}"' in page and "med Kari Nilsen" in page


def test_progress_says_the_leader_is_not_registered(client, login, api, db):
    net = network(NET)
    kari = make_person(name="Kari Nilsen")
    make_membership(kari, net, dt.date(2025, 1, 1))
    gathering = _intro(net)
    coord_api = api(make_coordinator(net))
    coord_api.post(f"/api/v1/gatherings/{gathering.id}/registrations", json={"person_id": kari.id})
    coord_api.post(
        f"/api/v1/gatherings/{gathering.id}/attendance",
        json={"person_id": kari.id, "attended": True},
    )
    result = _intro_result(coord_api, kari)
    assert (result["status"], result["leader_missing"]) == ("due", True)
    login(make_user("resource_person", person=kari))
    page = client.get(f"/persons/{kari.id}/progress?on={ON}").text
    assert "leder ikke registrert" in page
    assert "Introduksjonskurs, deltok – leder ikke registrert (teller ikke)" in page


def test_an_intro_course_shorter_than_six_hours_does_not_count(client, login, api, db):
    net = network(NET)
    leader = make_person(name="Hanne Leder")
    kari = make_person(name="Kari Nilsen", leader=leader)
    make_membership(kari, net, dt.date(2025, 1, 1))
    gathering = _intro(net, hours=4)
    coord_api = api(make_coordinator(net))
    coord_api.post(
        f"/api/v1/gatherings/{gathering.id}/registrations",
        json={"person_id": kari.id, "with_leader": True},
    )
    for person in (kari, leader):
        coord_api.post(
            f"/api/v1/gatherings/{gathering.id}/attendance",
            json={"person_id": person.id, "attended": True},
        )
    result = _intro_result(coord_api, kari)
    assert result["status"] == "due" and "leader_missing" not in result
    login(make_user("resource_person", person=kari))
    page = client.get(f"/persons/{kari.id}/progress?on={ON}").text
    assert "kortere enn 6 timer (teller ikke)" in page
