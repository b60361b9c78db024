"""Access: every foundation route × every role gets the answer it should, on the web and the
API, and the predicates of core/access.py decide who manages whom."""

from __future__ import annotations

import datetime as dt

import pytest

from app.auth.models import Role
from app.core import access
from tests.factories import (
    make_admin,
    make_coordinator,
    make_gathering,
    make_membership,
    make_network,
    make_person,
    make_user,
    network,
)

ROLES = ["anonymous", "resource_person", "leader", "coord_this", "coord_other", "admin"]
LOGIN = "login"  # redirected to the sign-in page

# (method, path template, expected per role in ROLES order)
WEB = [
    ("get", "/dashboard", [LOGIN, 200, 200, 200, 200, 200]),
    ("get", "/persons/{member}", [LOGIN, 404, 404, 200, 404, 200]),
    ("get", "/persons/{member}/edit", [LOGIN, 404, 404, 200, 404, 200]),
    # A leader with no membership belongs to the network whose members she leads.
    ("get", "/persons/{leader}", [LOGIN, 404, 404, 200, 404, 200]),
    ("get", "/persons/{leader}/edit", [LOGIN, 404, 404, 200, 404, 200]),
    ("get", "/persons", [LOGIN, 200, 200, 200, 200, 200]),
    ("get", "/persons/new", [LOGIN, 403, 403, 200, 200, 200]),
    ("get", "/networks/{slug}", [200, 200, 200, 200, 200, 200]),
    ("get", "/networks/{slug}/uncovered", [LOGIN, 404, 404, 200, 404, 200]),
    # allowed: the page that asks "are you sure?" (200); nothing ends before that
    ("post", "/memberships/{membership}/end", [LOGIN, 404, 404, 200, 404, 200]),
    ("get", "/admin/audit", [LOGIN, 403, 403, 403, 403, 200]),
    ("get", "/register", [200, 200, 200, 200, 200, 200]),
]
API = [
    ("get", "/api/v1/persons/{member}", None, [401, 404, 404, 200, 404, 200]),
    ("patch", "/api/v1/persons/{member}", {"phone": "123"}, [401, 404, 404, 200, 404, 200]),
    ("get", "/api/v1/persons/{leader}", None, [401, 404, 404, 200, 404, 200]),
    ("patch", "/api/v1/persons/{leader}", {"phone": "123"}, [401, 404, 404, 200, 404, 200]),
    ("get", "/api/v1/registrations/{leader_registration}", None, [401, 404, 404, 200, 404, 200]),
    (
        "post",
        "/api/v1/persons",
        {"name": "Ny", "email": "ny@example.no", "profession": "nurse"},
        [401, 403, 403, 201, 201, 201],
    ),
    (
        "post",
        "/api/v1/networks/{slug}/members",
        {"person_id": "{loose}", "start": "2025-01-01"},
        [401, 403, 403, 201, 403, 201],
    ),
    (
        "post",
        "/api/v1/networks",
        {"slug": "nytt", "name": "Nytt", "professions": []},
        [401, 403, 403, 403, 403, 201],
    ),
    ("get", "/api/v1/networks", None, [401, 200, 200, 200, 200, 200]),
]


def _registered(person, net):
    """The person registered for a gathering of the network (by its organiser)."""
    from app.gatherings import operations as gatherings

    registration, _companion = gatherings.register_person(make_gathering(net), person, manager=True)
    return registration


@pytest.fixture()
def world(db):
    net = network("innlandet-ressurssykepleiere")
    leader = make_person(name="Leder Uten Medlemskap")
    member = make_person(leader=leader)
    membership = make_membership(member, net)
    loose = make_person(created_in_network_id=net.id)
    leader_registration = _registered(leader, net)
    users = {
        "anonymous": None,
        "resource_person": make_user(Role.resource_person),
        "leader": make_user(Role.leader),
        "coord_this": make_coordinator(net),
        "coord_other": make_coordinator(network("kpm")),
        "admin": make_user(Role.admin),
    }
    values = {
        "member": member.id,
        "membership": membership.id,
        "slug": net.slug,
        "loose": loose.id,
        "leader": leader.id,
        "leader_registration": leader_registration.id,
    }
    return users, values


@pytest.mark.parametrize(("method", "path", "expected"), WEB)
def test_web_routes_by_role(client, login, world, method, path, expected):
    users, values = world
    for role, want in zip(ROLES, expected, strict=True):
        client.post("/logout")
        with client.session_transaction() as session:
            session.clear()
        if users[role] is not None:
            login(users[role])
        response = getattr(client, method)(path.format(**values))
        if want == LOGIN:
            assert "/login" in response.headers.get("Location", ""), (role, path)
        else:
            assert response.status_code == want, (role, path, response.status_code)


@pytest.mark.parametrize(("method", "path", "body", "expected"), API)
def test_api_routes_by_role(client, api, world, method, path, body, expected):
    users, values = world
    for role, want in zip(ROLES, expected, strict=True):
        payload = None
        if body is not None:
            payload = {
                k: (int(v.format(**values)) if isinstance(v, str) and v.startswith("{") else v)
                for k, v in body.items()
            }
            if "email" in payload:
                payload["email"] = f"{role}@example.no"
            if "slug" in payload:
                payload["slug"] = f"nytt-{role.replace('_', '-')}"
        caller = client if users[role] is None else api(users[role])
        kwargs = {"json": payload} if payload is not None else {}
        response = getattr(caller, method)(path.format(**values), **kwargs)
        assert response.status_code == want, (
            role,
            path,
            response.status_code,
            response.get_data(as_text=True)[:200],
        )
        if want == 201 and "members" in path:
            # the next role adds the same person again: end this membership first
            from app.extensions import db as _db
            from app.networks.models import Membership

            _db.session.query(Membership).filter_by(id=response.get_json()["id"]).delete()
            _db.session.flush()


SLUG = "innlandet-ressurssykepleiere"


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


@pytest.mark.parametrize("role", [Role.admin, Role.coordinator, Role.supervisor])
def test_coordinators_do_not_see_unattached_staff_users(db, role):
    coordinator = make_coordinator(network(SLUG))
    staff_person = make_person()
    make_user(role, person=staff_person)
    assert not access.can_see_person(coordinator, staff_person)
    assert not access.can_manage_person(coordinator, staff_person)


@pytest.mark.parametrize("role", [Role.resource_person, Role.leader])
def test_coordinators_place_the_unattached_persons_registered_in_their_network(db, role):
    net = network(SLUG)
    coordinator = make_coordinator(net)
    loose = make_user(role).person
    loose.created_in_network_id = net.id
    assert access.can_manage_person(coordinator, loose)
    assert access.can_manage_person(coordinator, make_person(created_in_network_id=net.id))
    # ... and those an admin registered, but not those registered in another network.
    assert access.can_manage_person(coordinator, make_person())
    other = make_person(created_in_network_id=network("kpm").id)
    assert not access.can_see_person(coordinator, other)
    assert access.can_manage_person(make_admin(), other)


# --- persons without a membership: leaders and the not yet placed -------------------------


@pytest.fixture()
def two_networks(db):
    """Network A with a member led by a leader who has no membership; coordinators of A and B."""
    net_a, net_b = network(SLUG), network("vest-fysio-ergo")
    leader = make_person(name="Anne Leder")
    member = make_person(leader=leader)
    make_membership(member, net_a)
    return net_a, net_b, leader, make_coordinator(net_a), make_coordinator(net_b)


def test_a_leader_belongs_to_the_networks_whose_members_she_leads(two_networks):
    net_a, net_b, leader, coord_a, coord_b = two_networks
    assert access.can_see_person(coord_a, leader) and access.can_manage_person(coord_a, leader)
    assert not access.can_see_person(coord_b, leader)
    assert not access.can_manage_person(coord_b, leader)
    # Registered in B long ago does not make her B's while she leads A's members.
    leader.created_in_network_id = net_b.id
    assert not access.can_see_person(coord_b, leader)


def test_coordinator_b_cannot_read_change_or_take_network_a_leader(api, login, two_networks):
    net_a, net_b, leader, coord_a, coord_b = two_networks
    registration = _registered(leader, net_a)
    gathering_id = registration.gathering_id
    b = api(coord_b)
    assert b.get(f"/api/v1/persons/{leader.id}").status_code == 404
    assert b.patch(f"/api/v1/persons/{leader.id}", json={"phone": "1"}).status_code == 404
    # Pulling her into B (which would hide her from A) is refused as if she did not exist.
    taken = b.post(
        f"/api/v1/networks/{net_b.slug}/members",
        json={"person_id": leader.id, "start": "2025-01-01"},
    )
    assert taken.status_code == 404
    cancel = b.patch(f"/api/v1/registrations/{registration.id}", json={"status": "cancelled"})
    assert cancel.status_code == 404
    marked = b.post(
        f"/api/v1/gatherings/{gathering_id}/attendance",
        json={"person_id": leader.id, "attended": False},
    )
    assert marked.status_code in (403, 404)
    # Her record is as A left it: A still sees her, unchanged, registered, in no network.
    a = api(coord_a)
    person = a.get(f"/api/v1/persons/{leader.id}").get_json()
    assert person["phone"] is None
    assert a.get(f"/api/v1/registrations/{registration.id}").get_json()["status"] == "registered"
    client = login(coord_b)
    assert client.get(f"/persons/{leader.id}").status_code == 404
    assert client.post(f"/persons/{leader.id}/edit", data={"name": "B"}).status_code == 404
    login(coord_a)
    assert leader.name in client.get(f"/persons/{leader.id}").get_data(as_text=True)


def test_a_person_a_coordinator_registers_is_her_network_until_placed(api, two_networks):
    net_a, net_b, _leader, coord_a, coord_b = two_networks
    made = api(coord_a).post(
        "/api/v1/persons",
        json={"name": "Ny Leder", "email": "ny.leder@example.no", "profession": "nurse"},
    )
    assert made.status_code == 201
    person_id = made.get_json()["id"]
    assert api(coord_a).get(f"/api/v1/persons/{person_id}").status_code == 200
    assert api(coord_b).get(f"/api/v1/persons/{person_id}").status_code == 404
    placed = api(coord_a).post(
        f"/api/v1/networks/{net_a.slug}/members",
        json={"person_id": person_id, "start": "2025-01-01"},
    )
    assert placed.status_code == 201
    assert api(coord_b).get(f"/api/v1/persons/{person_id}").status_code == 404
