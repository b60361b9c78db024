"""Sessions end when idle or too old; sign-in is limited per address and per account;
passwords need 12 characters and may not be common ones."""

from __future__ import annotations

import time

from app.auth.models import Role
from app.auth.operations import make_reset_token
from tests.factories import PASSWORD, make_user


def test_an_idle_session_goes_back_to_sign_in_with_a_message(client, db, login):
    login(make_user(Role.resource_person))
    assert client.get("/dashboard").status_code == 200
    with client.session_transaction() as session:
        session["_seen"] = time.time() - 61 * 60
    response = client.get("/dashboard")
    assert "/login" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ikke har vært aktiv på en stund" in page
    assert "/login" in client.get("/dashboard").headers["Location"]


def test_a_session_ends_after_its_absolute_lifetime_even_when_busy(client, db, login):
    login(make_user(Role.resource_person))
    with client.session_transaction() as session:
        session["_started"] = time.time() - 13 * 3600
    response = client.get("/dashboard")
    assert "/login" in response.headers["Location"]
    assert "Økten din er utløpt" in client.get("/login").get_data(as_text=True)


def test_an_active_session_goes_on(client, db, login):
    login(make_user(Role.resource_person))
    with client.session_transaction() as session:
        session["_seen"] = time.time() - 50 * 60
    assert client.get("/dashboard").status_code == 200


def test_sign_in_is_limited_per_account_from_any_address(client, db, app):
    user = make_user()
    app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "3 per hour"
    try:
        for n in range(3):
            wrong = client.post(
                "/login",
                data={"email": user.email, "password": "feil-passord-her"},
                environ_base={"REMOTE_ADDR": f"10.0.0.{n + 1}"},
            )
            assert wrong.status_code == 401
        limited = client.post(
            "/login",
            data={"email": user.email.upper(), "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.0.0.99"},
        )
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) > 0
        assert "For mange forsøk" in limited.get_data(as_text=True)
        other = make_user()
        fine = client.post(
            "/login",
            data={"email": other.email, "password": PASSWORD},
            environ_base={"REMOTE_ADDR": "10.0.0.99"},
        )
        assert fine.headers["Location"].endswith("/dashboard")
    finally:
        app.config["LOGIN_ACCOUNT_RATE_LIMIT"] = "20 per hour"


def test_sign_in_per_address_limit_has_retry_after(client, db):
    for _ in range(10):
        client.post("/login", data={"email": "x@example.no", "password": "feil"})
    limited = client.post("/login", data={"email": "y@example.no", "password": "feil"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0


def test_change_own_password_needs_the_current_one_and_ends_other_sessions(client, db, app):
    user = make_user()
    other = app.test_client()
    for c in (client, other):
        c.post("/login", data={"email": user.email, "password": PASSWORD})
    wrong = client.post(
        "/account/password",
        data={
            "pw-current": "ikke-dette",
            "pw-password": "et-nytt-langt-pass",
            "pw-confirm": "et-nytt-langt-pass",
        },
    )
    assert wrong.status_code == 422 and "Nåværende passord er feil" in wrong.get_data(True)
    ok = client.post(
        "/account/password",
        data={
            "pw-current": PASSWORD,
            "pw-password": "et-nytt-langt-pass",
            "pw-confirm": "et-nytt-langt-pass",
        },
    )
    assert ok.headers["Location"].endswith("/account")
    assert client.get("/dashboard").status_code == 200
    assert "/login" in other.get("/dashboard").headers["Location"]
    again = app.test_client().post(
        "/login", data={"email": user.email, "password": "et-nytt-langt-pass"}
    )
    assert again.headers["Location"].endswith("/dashboard")


def test_weak_new_passwords_get_a_message_on_the_field(client, db, login):
    login(make_user())
    cases = {
        "kort-pass": "minst 12 tegn",
        "Password1234": "for vanlig",
        "qwerty123456": "for vanlig",
    }
    for weak, message in cases.items():
        response = client.post(
            "/account/password",
            data={"pw-current": PASSWORD, "pw-password": weak, "pw-confirm": weak},
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and message in page, weak
        assert 'id="pw-password-error"' in page


def test_reset_link_refuses_a_short_password_on_the_field(client, db):
    user = make_user()
    token = make_reset_token(user)
    db.session.commit()
    response = client.post(
        f"/password/reset/{token}", data={"password": "elleve-tegn", "confirm": "elleve-tegn"}
    )
    assert response.status_code == 422
    assert "minst 12 tegn" in response.get_data(as_text=True)
