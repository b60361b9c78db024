"""Who may register someone else: one predicate for courses, gatherings, web and API."""

from __future__ import annotations

from app.core import access
from tests.factories import (
    make_admin,
    make_coordinator,
    make_membership,
    make_network,
    make_person,
)


def test_an_organiser_registers_people_she_may_see_or_manage(db):
    own_network, other_network = make_network(), make_network()
    coordinator = make_coordinator(own_network)
    member = make_person()
    make_membership(member, own_network)
    stranger = make_person()
    make_membership(stranger, other_network)
    # The event's organiser: anyone she may see.
    assert access.can_register_other(coordinator, member, manages_event=True)
    assert not access.can_register_other(coordinator, stranger, manages_event=True)
    # Not the organiser: only the persons she manages.
    assert access.can_register_other(coordinator, member, manages_event=False)
    assert not access.can_register_other(coordinator, stranger, manages_event=False)
    assert access.can_register_other(make_admin(), stranger, manages_event=False)
    assert not access.can_register_other(coordinator, None, manages_event=True)
