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


@pytest.fixture()
def world(db):
    net = network("innlandet-ressurssykepleiere")
    member = make_person()
    membership = make_membership(member, net)
    loose = make_person()
    users = {
        "anonymous": None,
        "resource_person": make_user(Role.resource_person),
        "leader": make_user(Role.leader),
        "coord_this": make_coordinator(net),
        "coord_other": make_coordinator(network("kpm")),
        "admin": make_user(Role.admin),
    }
    values = {"member": member.id, "membership": membership.id, "slug": net.slug, "loose": loose.id}
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
def test_coordinators_still_place_unattached_resource_persons_and_leaders(db, role):
    coordinator = make_coordinator(network(SLUG))
    loose = make_user(role).person
    assert access.can_manage_person(coordinator, loose)
    assert access.can_manage_person(coordinator, make_person())  # no user at all
