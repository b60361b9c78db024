"""Persons through the API and the forms: validation, access, stale edits."""

from __future__ import annotations

from app.auth.models import Role
from tests.factories import make_coordinator, make_membership, make_person, make_user, network


def test_coordinator_creates_person_with_all_fields(api, db):
    coord = make_coordinator(network("innlandet-ressurssykepleiere"))
    leader = make_person(email="leder@hamar.kommune.no")
    response = api(coord).post(
        "/api/v1/persons",
        json={
            "name": "Kari Nordmann",
            "email": "Kari@Hamar.Kommune.no",
            "profession": "nurse",
            "workplace": "Hamar sykehjem",
            "municipality": "Hamar",
            "phone": "90000000",
            "hpr": "123456789",
            "further_education": True,
            "leader_email": leader.email,
        },
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["id"] and body["email"] == "kari@hamar.kommune.no"
    assert body["municipality"] == "Hamar" and body["workplace"] == "Hamar sykehjem"
    got = api(coord).get(f"/api/v1/persons/{body['id']}").get_json()
    assert got["leader_email"] == leader.email and got["further_education"] is True


def test_bad_person_input_is_422_with_field(api, db):
    admin = make_user(Role.admin)
    client = api(admin)
    cases = [
        ({"name": "A", "email": "ikke-epost", "profession": "nurse"}, "email"),
        ({"name": "A", "email": "a@example.no", "profession": "baker"}, "profession"),
        ({"name": "A", "email": "a@example.no", "profession": "nurse", "hpr": "12ab"}, "hpr"),
        ({"name": "A", "email": "a@example.no", "profession": "nurse", "hpr": "1234567890"}, "hpr"),
        ({"email": "a@example.no", "profession": "nurse"}, "name"),
        (
            {
                "name": "A",
                "email": "a@example.no",
                "profession": "doctor",
                "specialist_approved_on": "01.02.2020",
            },
            "specialist_approved_on",
        ),
    ]
    for body, field in cases:
        response = client.post("/api/v1/persons", json=body)
        assert response.status_code == 422, body
        assert field in response.get_json()["error"]["fields"], body
    assert (
        client.post("/api/v1/persons", data="nope", content_type="application/json").status_code
        == 400
    )


def test_duplicate_email_is_409(api, db):
    admin = make_user(Role.admin)
    make_person(email="dup@example.no")
    response = api(admin).post(
        "/api/v1/persons", json={"name": "B", "email": "dup@example.no", "profession": "nurse"}
    )
    assert response.status_code == 409
    assert "email" in response.get_json()["error"]["fields"]


def test_other_networks_person_is_404_for_coordinator(api, db):
    innlandet = network("innlandet-ressurssykepleiere")
    vest = network("vest-fysio-ergo")
    coord = make_coordinator(innlandet)
    stranger = make_person(profession="physiotherapist")
    make_membership(stranger, vest)
    mine = make_person()
    make_membership(mine, innlandet)
    assert api(coord).get(f"/api/v1/persons/{stranger.id}").status_code == 404
    assert (
        api(coord).patch(f"/api/v1/persons/{stranger.id}", json={"phone": "1"}).status_code == 404
    )
    assert api(coord).get(f"/api/v1/persons/{mine.id}").status_code == 200


def test_resource_person_cannot_create_persons(api, db):
    user = make_user(Role.resource_person)
    response = api(user).post(
        "/api/v1/persons", json={"name": "X", "email": "x@e.no", "profession": "nurse"}
    )
    assert response.status_code == 403


def test_patch_with_stale_version_is_409(api, db):
    admin = make_user(Role.admin)
    person = make_person()
    old = person.version
    client = api(admin)
    assert client.patch(f"/api/v1/persons/{person.id}", json={"phone": "1"}).status_code == 200
    stale = client.patch(f"/api/v1/persons/{person.id}", json={"phone": "2", "version": old})
    assert stale.status_code == 409


def test_edit_form_keeps_input_and_shows_error_on_field(client, db, login):
    user = make_user(Role.resource_person)
    login(user)
    person = user.person
    response = client.post(
        f"/persons/{person.id}/edit",
        data={
            "name": "Nytt Navn",
            "email": person.email,
            "profession": "nurse",
            "hpr": "12x",
            "version": str(person.version),
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HPR-nummer kan bare ha sifre" in page
    assert 'value="Nytt Navn"' in page


def test_own_consent_puts_person_in_public_register(client, db, login):
    user = make_user(Role.resource_person)
    person = user.person
    make_membership(person, network("innlandet-ressurssykepleiere"))
    assert person.name not in client.get("/register").get_data(as_text=True)
    login(user)
    response = client.post(
        f"/persons/{person.id}/edit",
        data={
            "name": person.name,
            "email": person.email,
            "profession": "nurse",
            "public_consent": "y",
            "version": str(person.version),
        },
    )
    assert f"/persons/{person.id}" in response.headers["Location"]
    client.post("/logout")
    assert person.name in client.get("/register").get_data(as_text=True)


def test_person_cannot_change_own_progress_facts_through_the_api(api, db):
    user = make_user(Role.resource_person)
    client = api(user)
    person_id = user.person.id
    assert client.patch(f"/api/v1/persons/{person_id}", json={"phone": "55"}).status_code == 200
    for field, value in (
        ("profession", "doctor"),
        ("further_education", True),
        ("specialist_approved_on", "2020-01-01"),
    ):
        response = client.patch(f"/api/v1/persons/{person_id}", json={field: value})
        assert response.status_code == 403, field
    assert client.get(f"/api/v1/persons/{person_id}").get_json()["profession"] == "nurse"
