"""Account lifecycle: the users page, role and networks, deactivation (sessions and tokens
end at once), reactivation, the CLI, `DELETE /api/v1/tokens/current`, own API tokens."""

from __future__ import annotations

import html
import re

from app.auth.models import ApiToken, Role
from app.auth.operations import create_api_token
from tests.factories import (
    PASSWORD,
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
)


def _signed_in(app, user):
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/dashboard").status_code == 200
    return other


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_deactivation_on_the_users_page_ends_sessions_and_tokens_at_once(client, db, login, app):
    victim = make_user(Role.resource_person)
    her_browser = _signed_in(app, victim)
    token = create_api_token(victim)
    db.session.commit()
    assert client.get("/api/v1/networks", headers=_bearer(token)).status_code == 200

    login(make_user(Role.admin))
    confirm = client.get(f"/users/{victim.id}/deactivate")
    assert "Er du sikker?" in confirm.get_data(as_text=True)
    done = client.post(f"/users/{victim.id}/deactivate", follow_redirects=True)
    assert "Kontoen er deaktivert" in done.get_data(as_text=True)

    assert "/login" in her_browser.get("/dashboard").headers["Location"]
    assert client.get("/api/v1/networks", headers=_bearer(token)).status_code == 401
    refused = app.test_client().post("/login", data={"email": victim.email, "password": PASSWORD})
    assert refused.status_code == 401


def test_reactivation_lets_her_sign_in_but_old_tokens_stay_dead(client, db, login, app):
    victim = make_user(Role.resource_person)
    token = create_api_token(victim)
    db.session.commit()
    login(make_user(Role.admin))
    client.post(f"/users/{victim.id}/deactivate")
    page = client.post(f"/users/{victim.id}/reactivate", follow_redirects=True)
    assert "Kontoen er aktiv igjen" in page.get_data(as_text=True)
    _signed_in(app, victim)
    assert client.get("/api/v1/networks", headers=_bearer(token)).status_code == 401


def test_an_admin_cannot_deactivate_herself(client, db, login):
    admin = make_user(Role.admin)
    login(admin)
    page = client.post(f"/users/{admin.id}/deactivate", follow_redirects=True)
    assert "Du kan ikke deaktivere din egen konto" in page.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 200


def test_cli_deactivate_and_tokens_revoke(runner, db, app, client):
    user = make_user(Role.resource_person)
    browser = _signed_in(app, user)
    first, second = create_api_token(user), create_api_token(user)
    db.session.commit()
    result = runner.invoke(args=["tokens", "revoke", user.email])
    assert result.exit_code == 0 and "revoked 2 token(s)" in result.output
    for token in (first, second):
        assert client.get("/api/v1/networks", headers=_bearer(token)).status_code == 401
    assert browser.get("/dashboard").status_code == 200  # tokens only
    result = runner.invoke(args=["users", "deactivate", user.email])
    assert result.exit_code == 0, result.output
    assert "/login" in browser.get("/dashboard").headers["Location"]
    assert runner.invoke(args=["users", "deactivate", "ingen@example.no"]).exit_code == 1


def test_delete_tokens_current_revokes_only_the_calling_token(client, db):
    user = make_user()
    mine, other = create_api_token(user), create_api_token(user)
    db.session.commit()
    response = client.delete("/api/v1/tokens/current", headers=_bearer(mine))
    assert response.status_code == 204 and response.data == b""
    assert client.get("/api/v1/networks", headers=_bearer(mine)).status_code == 401
    assert client.get("/api/v1/networks", headers=_bearer(other)).status_code == 200
    assert client.delete("/api/v1/tokens/current", headers=_bearer(mine)).status_code == 401
    assert client.delete("/api/v1/tokens/current").status_code == 401


def test_users_page_shows_accounts_for_an_admin(client, db, login):
    network = make_network()
    coordinator = make_coordinator(network)
    login(make_user(Role.admin))
    page = client.get("/users", query_string={"q": coordinator.email}).get_data(as_text=True)
    assert html.escape(coordinator.email) in page and html.escape(network.name) in page
    assert "Koordinator" in page and "Aldri" in page


def test_admin_changes_role_and_networks(client, db, login):
    network = make_network()
    user = make_user(Role.resource_person)
    login(make_user(Role.admin))
    refused = client.post(f"/users/{user.id}", data={"role": "coordinator"})
    assert refused.status_code == 422
    assert "minst ett nettverk" in refused.get_data(as_text=True)
    client.post(f"/users/{user.id}", data={"role": "coordinator", "networks": [network.id]})
    db.session.refresh(user)
    assert user.role is Role.coordinator and [n.id for n in user.networks] == [network.id]


def test_coordinators_see_their_networks_users_read_only(client, db, login):
    mine, theirs = make_network(), make_network()
    member = make_person()
    make_membership(member, mine)
    member_user = make_user(Role.resource_person, person=member)
    stranger = make_user(Role.resource_person)
    make_membership(stranger.person, theirs)
    login(make_coordinator(mine))
    page = client.get("/users").get_data(as_text=True)
    assert html.escape(member_user.email) in page
    assert html.escape(stranger.email) not in page
    assert client.get(f"/users/{stranger.id}").status_code == 404
    shown = client.get(f"/users/{member_user.id}").get_data(as_text=True)
    assert "Deaktiver kontoen" not in shown
    assert client.post(f"/users/{member_user.id}", data={"role": "admin"}).status_code == 404
    assert client.post(f"/users/{member_user.id}/deactivate").status_code == 404


def test_others_do_not_see_the_users_page(client, db, login):
    login(make_user(Role.resource_person))
    assert client.get("/users").status_code == 404


def test_own_api_tokens_are_listed_created_once_and_revoked(client, db, login):
    user = make_user()
    login(user)
    created = client.post("/account/tokens", data={"tok-name": "Excel-uttrekk"})
    assert created.status_code == 201
    raw = re.search(r'<code id="new-token">([^<]+)</code>', created.get_data(True)).group(1)
    assert client.get("/api/v1/networks", headers=_bearer(raw)).status_code == 200
    page = client.get("/account").get_data(as_text=True)
    assert "Excel-uttrekk" in page and raw not in page
    token = db.session.query(ApiToken).filter_by(user_id=user.id).one()
    client.post(f"/account/tokens/{token.id}/revoke")
    assert client.get("/api/v1/networks", headers=_bearer(raw)).status_code == 401
    someone = make_user()
    theirs = create_api_token(someone)
    db.session.commit()
    their_id = db.session.query(ApiToken).filter_by(user_id=someone.id).one().id
    assert client.post(f"/account/tokens/{their_id}/revoke").status_code == 404
    assert client.get("/api/v1/networks", headers=_bearer(theirs)).status_code == 200


def test_users_page_loads_in_a_fixed_number_of_queries(client, db, login, count_queries):
    admin = make_user(Role.admin)
    login(admin)

    def queries_with(extra: int) -> int:
        for _ in range(extra):
            make_coordinator(make_network())
            make_user(Role.resource_person)
        db.session.commit()
        with count_queries() as q:
            assert client.get("/users").status_code == 200
        return len(q.selects)

    assert queries_with(1) == queries_with(6)
