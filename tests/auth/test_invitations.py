"""Invitations: the rules (role, voiding, expiry, 409), the link's page, the person page,
the members list with its confirmation step, the member import and `flask users invite`."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from app.auth import invitations
from app.auth.models import Invitation, Role, User
from app.core.errors import ConflictError, DomainError
from app.extensions import db as _db
from tests.factories import (
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
)

NEW_PASSWORD = "et-langt-godt-passord-42"  # noqa: S105 - test only


def _body(message) -> str:
    return message.get_payload(decode=True).decode()


def _link(message) -> str:
    found = re.search(r"http://localhost(/invitation/\S+)", _body(message))
    assert found, _body(message)
    return found.group(1)


@pytest.fixture()
def world(db):
    network = make_network()
    coordinator = make_coordinator(network)
    coordinator.person = make_person(name="Kari Koordinator")
    member = make_person(name="Mona Medlem")
    make_membership(member, network)
    return network, coordinator, member


# --------------------------------------------------------------------------- rules


def test_invitation_role_is_leader_when_the_person_leads_someone(world):
    network, coordinator, member = world
    leader = make_person(name="Lena Leder")
    member.leader = leader
    _db.session.flush()
    assert invitations.invite(leader, coordinator).invitation.role is Role.leader
    assert invitations.invite(member, coordinator).invitation.role is Role.resource_person
    asked = invitations.invite(member, coordinator, role="leader")
    assert asked.invitation.role is Role.leader


def test_an_invitation_names_an_invitable_role_only(world):
    _network, coordinator, member = world
    with pytest.raises(DomainError) as error:
        invitations.invite(member, coordinator, role="admin")
    assert error.value.field == "role"


def test_a_new_invitation_voids_the_older_one(world):
    _network, coordinator, member = world
    first = invitations.invite(member, coordinator)
    second = invitations.invite(member, coordinator)
    assert not invitations.usable(invitations.find(first.token))
    assert invitations.usable(invitations.find(second.token))
    assert first.invitation.voided_at is not None


def test_the_token_is_stored_hashed_and_lasts_fourteen_days(world):
    _network, coordinator, member = world
    sent = invitations.invite(member, coordinator)
    stored = _db.session.scalars(select(Invitation.token_hash)).all()
    assert sent.token not in stored
    assert (sent.invitation.expires_at - sent.invitation.sent_at) == dt.timedelta(days=14)
    later = sent.invitation.expires_at + dt.timedelta(seconds=1)
    assert not invitations.usable(sent.invitation, now=later)


def test_a_person_with_an_active_account_is_not_invited(world):
    _network, coordinator, _member = world
    user = make_user(Role.resource_person)
    with pytest.raises(ConflictError):
        invitations.invite(user.person, coordinator)


def test_accepting_refuses_a_weak_password_and_a_mismatch(world):
    _network, coordinator, member = world
    sent = invitations.invite(member, coordinator)
    with pytest.raises(DomainError) as weak:
        invitations.accept(sent.invitation, "kort", "kort")
    assert weak.value.field == "password"
    with pytest.raises(DomainError) as mismatch:
        invitations.accept(sent.invitation, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert mismatch.value.field == "password2"


# --------------------------------------------------------------------------- mail and page


def test_invitation_mail_says_who_and_which_network_and_the_link_signs_in(
    client, login, world, smtp_server
):
    network, coordinator, member = world
    login(coordinator)
    response = client.post(f"/persons/{member.id}/invite")
    assert response.status_code == 302
    (message,) = smtp_server.messages
    assert message["To"] == member.email
    body = _body(message)
    assert "Kari Koordinator" in body and network.name in body
    link = _link(message)
    client.post("/logout")

    page = client.get(link)
    assert page.status_code == 200
    assert 'name="password2"' in page.get_data(as_text=True)
    done = client.post(link, data={"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.headers["Location"].endswith(f"/persons/{member.id}/progress")
    user = _db.session.scalar(select(User).where(User.email == member.email))
    assert user.role is Role.resource_person and user.person_id == member.id
    assert client.get(f"/persons/{member.id}/progress").status_code == 200

    again = client.post(
        link, data={"password": "noe-annet-langt-1", "password2": "noe-annet-langt-1"}
    )
    assert again.status_code == 410
    assert "allerede brukt" in again.get_data(as_text=True)


def test_an_english_speaking_inviter_sends_the_mail_in_english(
    client, login, world, smtp_server, compiled_catalogues
):
    _network, coordinator, member = world
    login(coordinator)
    client.get("/lang/en")
    client.post(f"/persons/{member.id}/invite")
    (message,) = smtp_server.messages
    assert "invited you" in _body(message)


def test_weak_password_and_mismatch_show_on_the_field(client, world):
    _network, coordinator, member = world
    sent = invitations.invite(member, coordinator)
    _db.session.commit()
    weak = client.post(f"/invitation/{sent.token}", data={"password": "kort", "password2": "kort"})
    assert weak.status_code == 422
    assert "minst" in weak.get_data(as_text=True)
    mismatch = client.post(
        f"/invitation/{sent.token}",
        data={"password": NEW_PASSWORD, "password2": "annet-passord-99"},
    )
    assert "Passordene er ulike" in mismatch.get_data(as_text=True)
    assert _db.session.scalar(select(User).where(User.email == member.email)) is None


def test_voided_expired_and_unknown_links_change_nothing(client, world):
    _network, coordinator, member = world
    old = invitations.invite(member, coordinator)
    newer = invitations.invite(member, coordinator)
    newer.invitation.expires_at = newer.invitation.sent_at - dt.timedelta(days=1)
    _db.session.commit()
    for token in (old.token, newer.token, "finnes-ikke"):
        response = client.post(
            f"/invitation/{token}", data={"password": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
        assert response.status_code == 410
        assert "Invitasjonen virker ikke" in response.get_data(as_text=True)
    assert _db.session.scalar(select(User).where(User.email == member.email)) is None


def test_person_page_shows_invited_when_and_by_whom_and_offers_resend(client, login, world):
    _network, coordinator, member = world
    login(coordinator)
    page = client.get(f"/persons/{member.id}").get_data(as_text=True)
    assert "Inviter til Kompetansenett" in page
    client.post(f"/persons/{member.id}/invite")
    page = client.get(f"/persons/{member.id}").get_data(as_text=True)
    assert f"av {coordinator.email}" in page
    assert "Send invitasjon på nytt" in page


def test_another_networks_coordinator_cannot_invite(client, login, world):
    _network, _coordinator, member = world
    other = make_coordinator(make_network())
    login(other)
    assert client.post(f"/persons/{member.id}/invite").status_code == 404


def test_members_list_asks_before_sending_then_sends_and_shows_the_account_column(
    client, login, world, smtp_server
):
    network, coordinator, member = world
    second = make_person(name="Siri Andre")
    make_membership(second, network)
    has_account = make_user(Role.resource_person)
    make_membership(has_account.person, network)
    login(coordinator)
    page = client.get(f"/networks/{network.slug}/members").get_data(as_text=True)
    assert "Inviter valgte" in page and "Konto" in page
    ids = [member.id, second.id, has_account.person.id]
    asked = client.post(f"/networks/{network.slug}/invitations", data={"person_id": ids})
    text = asked.get_data(as_text=True)
    assert "2 personer får en e-post" in text
    assert smtp_server.messages == []
    client.post(
        f"/networks/{network.slug}/invitations",
        data={"person_id": [member.id, second.id], "confirm": "1"},
    )
    assert sorted(m["To"] for m in smtp_server.messages) == sorted([member.email, second.email])
    page = client.get(f"/networks/{network.slug}/members").get_data(as_text=True)
    assert "invitert " in page and "aktiv" in page


# --------------------------------------------------------------------------- CLI


def test_cli_invite_prints_the_link(runner, world, smtp_server):
    _network, _coordinator, member = world
    _db.session.commit()
    result = runner.invoke(args=["users", "invite", member.email.upper()])
    assert result.exit_code == 0, result.output
    assert re.search(r"http://localhost/invitation/\S+", result.output)
    assert len(smtp_server.messages) == 1
    again = runner.invoke(args=["users", "invite", "ukjent@example.no"])
    assert again.exit_code != 0 and "unknown person" in again.output


def test_the_account_column_loads_in_a_fixed_number_of_queries(client, login, world, count_queries):
    network, coordinator, _member = world
    login(coordinator)
    slug, network_id, coordinator_id = network.slug, network.id, coordinator.id

    def add(n):
        network = _db.session.get(type(world[0]), network_id)
        coordinator = _db.session.get(User, coordinator_id)
        for _ in range(n):
            person = make_person()
            make_membership(person, network)
            invitations.invite(person, coordinator)
            make_membership(make_user(Role.resource_person).person, network)

    def count():
        _db.session.commit()
        _db.session.expunge_all()
        with count_queries() as counter:
            assert client.get(f"/networks/{slug}/members").status_code == 200
        return counter.count

    add(2)
    small = count()
    add(10)
    assert count() == small
