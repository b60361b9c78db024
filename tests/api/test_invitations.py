"""POST /api/v1/persons/{id}/invitation: 201, 409, 403, 404, 422."""

from __future__ import annotations

import datetime as dt

from app.auth.models import Role
from app.core.types import today_oslo
from tests.factories import (
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
)


def test_coordinator_invites_a_member_and_gets_email_and_expiry(api, db, smtp_server):
    network = make_network()
    member = make_person()
    make_membership(member, network)
    response = api(make_coordinator(network)).post(f"/api/v1/persons/{member.id}/invitation")
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["email"] == member.email
    assert body["expires_on"] == (today_oslo() + dt.timedelta(days=14)).isoformat()
    assert [m["To"] for m in smtp_server.messages] == [member.email]


def test_leader_role_in_the_body_and_leaders_of_staff_are_invitable(api, db):
    network = make_network()
    leader = make_person()
    member = make_person(leader=leader)
    make_membership(member, network)
    client = api(make_coordinator(network))
    response = client.post(f"/api/v1/persons/{leader.id}/invitation", json={"role": "leader"})
    assert response.status_code == 201, response.get_json()
    bad = client.post(f"/api/v1/persons/{leader.id}/invitation", json={"role": "admin"})
    assert bad.status_code == 422
    assert "role" in bad.get_json()["error"]["fields"]


def test_active_account_is_409(api, db):
    network = make_network()
    user = make_user(Role.resource_person)
    make_membership(user.person, network)
    response = api(make_coordinator(network)).post(f"/api/v1/persons/{user.person.id}/invitation")
    assert response.status_code == 409


def test_other_networks_coordinator_gets_404_and_a_resource_person_403(api, db):
    network = make_network()
    member = make_person()
    make_membership(member, network)
    other = make_coordinator(make_network())
    assert api(other).post(f"/api/v1/persons/{member.id}/invitation").status_code == 404
    assert api(other).post("/api/v1/persons/999999/invitation").status_code == 404
    # A leader sees her staff but may not invite them.
    leader = make_user(Role.leader)
    member.leader = leader.person
    db.session.flush()
    assert api(leader).post(f"/api/v1/persons/{member.id}/invitation").status_code == 403


def test_admin_may_invite_anyone(api, db):
    person = make_person()
    response = api(make_user(Role.admin)).post(f"/api/v1/persons/{person.id}/invitation")
    assert response.status_code == 201
