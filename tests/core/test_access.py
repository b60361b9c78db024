"""The role predicates of core/access.py, one row per role."""

from __future__ import annotations

import pytest
from flask_login import AnonymousUserMixin

from app.auth.models import Role
from app.core import access
from tests.factories import make_user

#: role → (supervisor, resource person, sees overviews, sees education sites)
TABLE = {
    Role.admin: (False, False, True, True),
    Role.coordinator: (False, False, True, True),
    Role.leader: (False, False, True, False),
    Role.supervisor: (True, False, False, True),
    Role.resource_person: (False, True, False, False),
}


@pytest.mark.parametrize("role", list(TABLE))
def test_role_predicates(db, role):
    user = make_user(role)
    assert (
        access.is_supervisor(user),
        access.is_resource_person(user),
        access.can_see_overviews(user),
        access.can_see_education_sites(user),
    ) == TABLE[role]


def test_anonymous_has_none(db):
    anonymous = AnonymousUserMixin()
    assert not access.is_supervisor(anonymous)
    assert not access.is_resource_person(anonymous)
    assert not access.can_see_overviews(anonymous)
    assert not access.can_see_education_sites(anonymous)


def test_a_coordinators_pages_follow_her_networks_as_they_change(client, login, db):
    # her networks come with her user on each request (kept for that request only): a
    # network taken from her is a 404 on her next page, a network given to her opens
    from tests.factories import make_coordinator, make_network

    first, second = make_network(), make_network()
    coordinator = make_coordinator(first)
    login(coordinator)
    db.session.commit()
    assert client.get(f"/networks/{first.slug}/members").status_code == 200
    assert client.get(f"/networks/{second.slug}/members").status_code == 404
    coordinator.networks = [second]
    db.session.commit()
    assert client.get(f"/networks/{first.slug}/members").status_code == 404
    assert client.get(f"/networks/{second.slug}/members").status_code == 200
    assert access.coordinated_networks(coordinator) == {second.id: second.slug}
