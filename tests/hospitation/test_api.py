"""The hospitation API of CONTRACT.md: sites, hospitations, transitions, bad input, access."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.core.types import today_oslo
from app.hospitation.models import Hospitation, HospitationEvent
from tests.factories import (
    make_admin,
    make_coordinator,
    make_hospitation,
    make_membership,
    make_person,
    make_site,
    make_user,
    network,
)

INNLANDET = "innlandet-ressurssykepleiere"
VEST = "vest-fysio-ergo"


def _days(n: int) -> str:
    return (today_oslo() + dt.timedelta(days=n)).isoformat()


@pytest.fixture()
def nurse(db):
    """A resource nurse in the Innlandet network, with a login."""
    person = make_person(name="Kari Sykepleier")
    make_membership(person, network(INNLANDET))
    user = make_user(Role.resource_person, person=person)
    return person, user


def test_coordinator_adds_site_others_cannot(api, db):
    net = network(INNLANDET)
    body = {
        "name": "Palliativ enhet, Sykehuset Innlandet Hamar",
        "service_level": "specialist",
        "contact_name": "Anne Kontakt",
        "email": "Anne.Kontakt@sykehuset-innlandet.no",
        "phone": "+47 62 53 00 00",
        "professions": ["nurse"],
    }
    url = f"/api/v1/networks/{net.slug}/hospitation-sites"
    response = api(make_coordinator(net)).post(url, json=body)
    assert response.status_code == 201
    site = response.get_json()
    assert site["id"] and site["service_level"] == "specialist"
    assert (
        site["professions"] == ["nurse"] and site["email"] == "anne.kontakt@sykehuset-innlandet.no"
    )
    assert api(make_coordinator(network(VEST))).post(url, json=body).status_code == 403
    assert api(make_user(Role.resource_person)).post(url, json=body).status_code == 403
    missing = api(make_coordinator(net)).post(
        "/api/v1/networks/finnes-ikke/hospitation-sites", json=body
    )
    assert missing.status_code == 404
    listed = api(make_user()).get(url).get_json()
    assert [s["name"] for s in listed] == [body["name"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"service_level": "tertiary"}, "service_level"),
        ({"service_level": None}, "service_level"),
        ({"email": "ikke-en-epost"}, "email"),
        ({"professions": ["astronaut"]}, "professions"),
        ({"professions": "nurse"}, "professions"),
        ({"name": 42}, "name"),
    ],
)
def test_bad_site_input_is_422_with_field(api, db, change, field):
    net = network(INNLANDET)
    body = {"name": "Hamar sykehjem, lindrende enhet", "service_level": "primary", **change}
    response = api(make_coordinator(net)).post(
        f"/api/v1/networks/{net.slug}/hospitation-sites", json=body
    )
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_site_can_be_deactivated_and_leaves_the_public_list(api, db):
    net = network(INNLANDET)
    site = make_site(net)
    coord = api(make_coordinator(net))
    response = coord.patch(f"/api/v1/hospitation-sites/{site.id}", json={"active": False})
    assert response.status_code == 200 and response.get_json()["active"] is False
    listed = api(make_user()).get(f"/api/v1/networks/{net.slug}/hospitation-sites").get_json()
    assert site.id not in [s["id"] for s in listed]
    other = api(make_coordinator(network(VEST)))
    assert (
        other.patch(f"/api/v1/hospitation-sites/{site.id}", json={"active": True}).status_code
        == 404
    )


def test_resource_person_plans_her_own_hospitation(api, db, nurse):
    person, user = nurse
    site = make_site(network(INNLANDET))
    body = {
        "site_id": site.id,
        "start": _days(10),
        "end": _days(11),
        "days": 2,
        "goals": "Se hvordan palliativt team arbeider med symptomlindring.",
    }
    response = api(user).post(f"/api/v1/persons/{person.id}/hospitations", json=body)
    assert response.status_code == 201
    data = response.get_json()
    assert data["id"] and data["status"] == "planned" and data["days"] == 2
    h = db.session.get(Hospitation, data["id"])
    assert (h.start.isoformat(), h.end.isoformat(), h.goals) == (
        body["start"],
        body["end"],
        body["goals"],
    )
    assert [e.to_status for e in h.events] == ["planned"]
    # A place not yet listed works too.
    free = {
        "place": "Lovisenberg Diakonale Sykehus",
        "start": _days(30),
        "days": 1.5,
        "goals": "Mål",
    }
    assert api(user).post(f"/api/v1/persons/{person.id}/hospitations", json=free).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"days": 0}, "days"),
        ({"days": -1}, "days"),
        ({"days": "mange"}, "days"),
        ({"days": True}, "days"),
        ({"days": None}, "days"),
        ({"end": "2026-02-01"}, "end"),
        ({"goals": ""}, "goals"),
        ({"goals": "   "}, "goals"),
        ({"goals": None}, "goals"),
        ({"start": None}, "start"),
        ({"start": "2. mars"}, "start"),
        ({"start": 20260302}, "start"),
        ({"site_id": 999999}, "site_id"),
        ({"site_id": "abc"}, "site_id"),
        ({"site_id": None, "place": None}, "site_id"),
        ({"status": "godkjent"}, "status"),
        ({"status": "cancelled"}, "status"),
        ({"reflection": 5}, "reflection"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_hospitation_input_is_422_with_field(api, db, nurse, change, field):
    person, user = nurse
    body = {
        "place": "Sykehuset Innlandet Gjøvik",
        "start": "2026-03-02",
        "end": "2026-03-03",
        "days": 2,
        "goals": "Mål",
        **change,
    }
    response = api(make_coordinator(network(INNLANDET))).post(
        f"/api/v1/persons/{person.id}/hospitations", json=body
    )
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["error"]["fields"]


def test_site_of_another_network_is_refused(api, db, nurse):
    person, user = nurse
    other_site = make_site(network(VEST))
    body = {"site_id": other_site.id, "start": _days(5), "days": 2, "goals": "Mål"}
    response = api(user).post(f"/api/v1/persons/{person.id}/hospitations", json=body)
    assert response.status_code == 422
    assert "site_id" in response.get_json()["error"]["fields"]


def test_not_a_json_object_is_400(api, db, nurse):
    person, user = nurse
    response = api(user).post(
        f"/api/v1/persons/{person.id}/hospitations", data="[1,2]", content_type="application/json"
    )
    assert response.status_code == 400


def test_access_to_persons_hospitations(api, db, nurse):
    person, user = nurse
    body = {"place": "Et sted", "start": _days(3), "days": 2, "goals": "Mål"}
    stranger = api(make_user(Role.resource_person))
    assert stranger.post(f"/api/v1/persons/{person.id}/hospitations", json=body).status_code == 404
    other_coord = api(make_coordinator(network(VEST)))
    assert (
        other_coord.post(f"/api/v1/persons/{person.id}/hospitations", json=body).status_code == 404
    )
    leader = make_user(Role.leader)
    person.leader = leader.person
    db.session.flush()
    # A leader sees her staff but does not plan for them.
    assert (
        api(leader).post(f"/api/v1/persons/{person.id}/hospitations", json=body).status_code == 403
    )
    h = make_hospitation(person)
    assert stranger.get(f"/api/v1/hospitations/{h.id}").status_code == 404
    assert (
        stranger.patch(f"/api/v1/hospitations/{h.id}", json={"status": "cancelled"}).status_code
        == 404
    )
    assert api(leader).get(f"/api/v1/hospitations/{h.id}").status_code == 200
    assert api(leader).patch(f"/api/v1/hospitations/{h.id}", json={"goals": "x"}).status_code == 403


def test_coordinator_records_past_hospitation_as_completed(api, db, nurse):
    person, user = nurse
    coord = api(make_coordinator(network(INNLANDET)))
    url = f"/api/v1/persons/{person.id}/hospitations"
    past = {
        "place": "Palliativt senter",
        "start": "2025-05-05",
        "end": "2025-05-06",
        "days": 2,
        "goals": "Mål",
        "status": "completed",
        "reflection": "Lærerikt.",
    }
    response = coord.post(url, json=past)
    assert response.status_code == 201 and response.get_json()["status"] == "completed"
    # Counted from its start when it has no end.
    no_end = {**past, "end": None}
    assert coord.post(url, json=no_end).status_code == 201
    future = {**past, "start": _days(-1), "end": _days(1)}
    refused = coord.post(url, json=future)
    assert refused.status_code == 422 and "end" in refused.get_json()["error"]["fields"]
    # The person herself cannot skip the confirmation.
    assert api(user).post(url, json=past).status_code == 403
    assert api(user).post(url, json={**past, "status": "confirmed"}).status_code == 403


def test_lifecycle_through_patch(api, db, nurse):
    person, user = nurse
    coord = api(make_coordinator(network(INNLANDET)))
    own = api(user)
    h = make_hospitation(
        person, start=today_oslo() - dt.timedelta(days=3), end=today_oslo() + dt.timedelta(days=1)
    )
    url = f"/api/v1/hospitations/{h.id}"
    # The person does not confirm her own hospitation.
    assert own.patch(url, json={"status": "confirmed"}).status_code == 403
    # Not allowed: skipping confirmation.
    skipped = coord.patch(url, json={"status": "completed"})
    assert skipped.status_code == 422 and "status" in skipped.get_json()["error"]["fields"]
    assert coord.patch(url, json={"status": "confirmed"}).get_json()["status"] == "confirmed"
    # Completing before the last day is refused.
    early = own.patch(url, json={"status": "completed", "reflection": "Fint."})
    assert early.status_code == 422 and "end" in early.get_json()["error"]["fields"]
    done = own.patch(url, json={"status": "completed", "end": _days(0), "reflection": "Fint."})
    assert done.status_code == 200
    body = done.get_json()
    assert body["status"] == "completed" and body["reflection"] == "Fint."
    again = coord.patch(url, json={"status": "cancelled"})
    assert again.status_code == 422
    assert db.session.get(Hospitation, h.id).status.value == "completed"
    changes = [(e["from"], e["to"]) for e in body["events"]]
    assert ("planned", "confirmed") in changes and ("confirmed", "completed") in changes


def test_patch_other_fields_and_bad_values(api, db, nurse):
    person, user = nurse
    h = make_hospitation(person)
    url = f"/api/v1/hospitations/{h.id}"
    own = api(user)
    response = own.patch(url, json={"goals": "Nye mål", "days": 3, "end": "2026-03-04"})
    assert response.status_code == 200
    assert (response.get_json()["goals"], response.get_json()["days"]) == ("Nye mål", 3)
    for change, field in [
        ({"goals": ""}, "goals"),
        ({"days": 0}, "days"),
        ({"end": "2026-01-01"}, "end"),
        ({"status": "finished"}, "status"),
        ({"site_id": 424242}, "site_id"),
    ]:
        bad = own.patch(url, json=change)
        assert bad.status_code == 422, change
        assert field in bad.get_json()["error"]["fields"]
    db.session.expire_all()
    assert db.session.get(Hospitation, h.id).goals == "Nye mål"
    events = db.session.scalars(
        select(HospitationEvent).where(HospitationEvent.hospitation_id == h.id)
    ).all()
    assert any(e.note and "goals" in e.note for e in events)


def test_cancelled_by_person(api, db, nurse):
    person, user = nurse
    h = make_hospitation(person)
    response = api(user).patch(f"/api/v1/hospitations/{h.id}", json={"status": "cancelled"})
    assert response.status_code == 200 and response.get_json()["status"] == "cancelled"
    back = api(user).patch(f"/api/v1/hospitations/{h.id}", json={"status": "planned"})
    assert back.status_code in (403, 422)


def test_completed_hospitation_keeps_what_progress_reads(api, db, nurse):
    person, user = nurse
    coord = api(make_coordinator(network(INNLANDET)))
    body = {
        "place": "Sted",
        "start": "2025-09-01",
        "end": "2025-09-02",
        "days": 2,
        "goals": "Mål",
        "status": "completed",
    }
    hid = coord.post(f"/api/v1/persons/{person.id}/hospitations", json=body).get_json()["id"]
    h = db.session.get(Hospitation, hid)
    assert h.status.value == "completed" and h.days == 2 and h.goals == "Mål"
    assert (h.start, h.end) == (dt.date(2025, 9, 1), dt.date(2025, 9, 2))
    listed = api(user).get(f"/api/v1/persons/{person.id}/hospitations").get_json()
    assert [x["id"] for x in listed] == [hid]


def _day(n: int) -> str:
    return (today_oslo() + dt.timedelta(days=n)).isoformat()


def test_the_person_cannot_change_a_confirmed_hospitation(api, client, login, db, nurse):
    person, user = nurse
    h = make_hospitation(
        person,
        status="confirmed",
        start=today_oslo() - dt.timedelta(days=3),
        end=today_oslo() - dt.timedelta(days=1),
    )
    url = f"/api/v1/hospitations/{h.id}"
    own = api(user)
    for change in ({"days": 1}, {"start": _day(-4)}, {"place": "Et annet sted"}):
        response = own.patch(url, json=change)
        assert response.status_code == 422, change
        error = response.get_json()["error"]
        assert list(change)[0] in error["fields"]
        assert "bekreftet hospitering kan ikke endres" in error["message"]
    db.session.refresh(h)
    assert h.days == 2.0 and h.place == "Sykehuset Innlandet, palliativt team"
    # Her reflection stays hers, and she completes it with the real last day.
    assert own.patch(url, json={"reflection": "Lærerikt."}).status_code == 200
    # (one day earlier than planned: still the 2 days recorded)
    done = own.patch(url, json={"status": "completed", "end": _day(-2)})
    assert done.status_code == 200 and done.get_json()["status"] == "completed"
    # On the page too the change is refused with the message on the field.
    other = make_hospitation(person, status="confirmed", start=today_oslo(), end=None, days=1.0)
    login(user)
    page = client.post(
        f"/hospitations/{other.id}/edit",
        data={
            "start": today_oslo().isoformat(),
            "days": "3",
            "goals": other.goals,
            "place": other.place,
        },
    )
    assert page.status_code == 200 and "bekreftet hospitering kan ikke endres" in page.text
    # The coordinator still can.
    client.post("/logout")
    coord = api(make_coordinator(network(INNLANDET)))
    answer = coord.patch(f"/api/v1/hospitations/{other.id}", json={"days": 3})
    assert answer.status_code == 200, answer.get_json()


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
