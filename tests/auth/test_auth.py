"""Sign-in, sign-out, rate limit, CSRF, password reset by e-mail, CLI users and tokens."""

from __future__ import annotations

import re

import pytest

from app.auth.models import ApiToken, Role, User
from app.core.urls import is_safe_path, safe_next
from tests.factories import (
    PASSWORD,
    make_network,
    make_user,
)


def test_login_with_password_then_dashboard(client, db):
    user = make_user(Role.resource_person)
    response = client.post("/login", data={"email": user.email.upper(), "password": PASSWORD})
    assert response.headers["Location"].endswith("/dashboard")
    page = client.get("/dashboard").get_data(as_text=True)
    assert user.person.name in page


def test_wrong_password_keeps_email_and_says_so(client, db):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "feil"})
    assert response.status_code == 401
    page = response.get_data(as_text=True)
    assert "Feil e-post eller passord" in page
    assert f'value="{user.email}"' in page


def test_logout_kills_every_copy_of_the_session_cookie(client, db, app):
    user = make_user()
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    stolen = client.get_cookie("session").value
    client.post("/logout")
    other = app.test_client()
    other.set_cookie("session", stolen)
    response = other.get("/dashboard")
    assert "/login" in response.headers["Location"]


def test_login_is_rate_limited(client, db):
    for _ in range(10):
        client.post("/login", data={"email": "x@example.no", "password": "feil"})
    response = client.post("/login", data={"email": "x@example.no", "password": "feil"})
    assert response.status_code == 429


def test_forms_require_csrf_when_enabled(app, db):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        user = make_user()
        response = app.test_client().post(
            "/login", data={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_password_hash_is_argon2id(db):
    from app.auth.operations import hash_password

    assert hash_password("et-langt-passord").startswith("$argon2id$")


def test_password_reset_link_by_mail_works_once(client, db, smtp_server):
    user = make_user()
    client.post("/password/forgot", data={"email": user.email})
    assert len(smtp_server.messages) == 1
    body = smtp_server.messages[0].get_payload(decode=True).decode()
    link = re.search(r"http://localhost(/password/reset/\S+)", body).group(1)
    response = client.post(
        link, data={"password": "nytt-passord-456", "confirm": "nytt-passord-456"}
    )
    assert response.headers["Location"].endswith("/login")
    ok = client.post("/login", data={"email": user.email, "password": "nytt-passord-456"})
    assert ok.headers["Location"].endswith("/dashboard")
    client.post("/logout")
    again = client.get(link)
    assert "/password/forgot" in again.headers["Location"]


def test_unknown_email_gets_same_answer_and_no_mail(client, db, smtp_server):
    response = client.post("/password/forgot", data={"email": "ingen@example.no"})
    assert response.headers["Location"].endswith("/login")
    assert smtp_server.messages == []


def test_cli_creates_coordinator_and_token(runner, db):
    net = make_network()
    result = runner.invoke(
        args=[
            "users",
            "create",
            "koord@example.no",
            "--role",
            "coordinator",
            "--network",
            net.slug,
            "--password-stdin",
        ],
        input="et-sterkt-passord\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="koord@example.no").one()
    assert [n.slug for n in user.networks] == [net.slug]
    result = runner.invoke(args=["tokens", "create", "koord@example.no"])
    token = result.output.strip()
    assert len(token) > 30
    stored = db.session.query(ApiToken).filter_by(user_id=user.id).one()
    assert stored.token_hash == ApiToken.hash(token) and token not in stored.token_hash


def test_cli_rejects_unknown_role_and_network(runner, db):
    assert runner.invoke(args=["users", "create", "a@example.no", "--role", "boss"]).exit_code != 0
    result = runner.invoke(
        args=["users", "create", "a@example.no", "--role", "coordinator", "--network", "nope"]
    )
    assert result.exit_code != 0 and "unknown network" in result.output


def test_api_needs_a_valid_bearer_token(client, db, api):
    assert client.get("/api/v1/networks").status_code == 401
    bad = client.get("/api/v1/networks", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    assert bad.get_json()["error"]["code"] == "unauthorized"
    user = make_user()
    assert api(user).get("/api/v1/networks").status_code == 200


def test_api_refuses_session_cookie_without_token(client, db, login):
    login(make_user(Role.admin))
    assert client.get("/api/v1/networks").status_code == 401


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.com",
        "/\n/evil.com",
        "/\r\n/evil.com",
        "//evil.com",
        "/\\evil.com",
        "\\\\evil.com",
        "https://evil.com/",
        "http:/evil.com",
        "evil.com",
        "",
        None,
    ],
)
def test_unsafe_next_targets_are_refused(target):
    assert not is_safe_path(target)
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/persons", "/persons?page=2&q=a%20b", "/a/b#x", "/%0a"])
def test_same_site_paths_are_kept(target):
    assert safe_next(target, "/home") == target


@pytest.mark.parametrize("raw", ["/%09/evil.com", "/%0A/evil.com", "/%0d%0a/evil.com", "/%5Cevil"])
def test_language_switch_and_login_never_redirect_off_site(client, login, db, raw):
    res = client.get(f"/lang/en?next={raw}")
    assert res.status_code == 302
    assert res.headers["Location"] == "/"
    login(make_user(Role.resource_person))
    res = client.get(f"/login?next={raw}")
    assert res.status_code == 302
    assert res.headers["Location"] == "/dashboard"


def test_cli_users_create_refuses_a_taken_email_with_a_message(runner, db):
    """`flask users create` for an existing user: a clear error, not a traceback."""
    assert (
        runner.invoke(args=["users", "create", "dup@example.no", "--role", "admin"]).exit_code == 0
    )
    db.session.commit()
    result = runner.invoke(args=["users", "create", "dup@example.no", "--role", "admin"])
    assert result.exit_code == 1
    assert "Error: email:" in result.output
    assert not isinstance(result.exception, RuntimeError)


def test_cli_users_create_refuses_a_short_password_from_stdin(runner, db):
    result = runner.invoke(
        args=["users", "create", "short@example.no", "--role", "admin", "--password-stdin"],
        input="kort\n",
    )
    assert result.exit_code == 1
    assert "Error: password:" in result.output
