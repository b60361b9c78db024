"""MFA: enrolment before any page for the required roles, the code step at sign-in,
recovery codes that work once, reset by an admin, and API tokens untouched."""

from __future__ import annotations

import html
import re

import pyotp

from app.auth import mfa
from app.auth.models import Role
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    enrol_totp,
    fresh_totp_code,
    make_coordinator,
    make_network,
    make_user,
)


def _secret_on(page: str) -> str:
    found = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', page)
    assert found, page
    return found.group(1).replace(" ", "")


def _sign_in(client, user):
    return client.post("/login", data={"email": user.email, "password": PASSWORD})


def test_coordinator_without_totp_reaches_only_enrolment_then_gets_in(client, db):
    coordinator = make_coordinator(make_network())
    response = _sign_in(client, coordinator)
    assert "/dashboard" in response.headers["Location"]
    for path in ("/dashboard", "/persons", "/account", "/users"):
        blocked = client.get(path)
        assert "/account/mfa" in blocked.headers["Location"], path
    page = client.get("/account/mfa").get_data(as_text=True)
    assert "<svg" in page and "Rollen din krever tofaktorinnlogging" in page
    secret = _secret_on(page)

    wrong = client.post("/account/mfa", data={"code": "000000"})
    assert wrong.status_code == 422
    text = wrong.get_data(as_text=True)
    assert 'aria-invalid="true"' in text and "Koden stemmer ikke" in text
    assert _secret_on(text) == secret  # the same secret: what she scanned still counts

    done = client.post("/account/mfa", data={"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([a-z0-9]{5}-[a-z0-9]{5})</code></li>", done.get_data(True))
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/dashboard").status_code == 200
    db.session.refresh(coordinator)
    assert coordinator.mfa_enabled and coordinator.totp_secret == secret


def test_sign_out_is_reachable_before_enrolment(client, db):
    coordinator = make_coordinator(make_network())
    _sign_in(client, coordinator)
    response = client.post("/logout")
    assert response.headers["Location"].endswith("/login")
    assert "/login" in client.get("/dashboard").headers["Location"]


def test_enrolled_user_gives_a_code_after_the_password(client, db):
    user = enrol_totp(make_coordinator(make_network()))
    response = _sign_in(client, user)
    assert "/login/code" in response.headers["Location"]
    assert "/login/code" in client.get("/dashboard").headers["Location"]
    wrong = client.post("/login/code", data={"code": "123456"})
    assert wrong.status_code == 422
    page = wrong.get_data(as_text=True)
    assert "Feil kode" in page and 'id="code-error"' in page
    right = client.post("/login/code", data={"code": fresh_totp_code(TOTP_SECRET, None)})
    assert right.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200


def test_a_totp_code_works_only_once(client, db, app):
    user = enrol_totp(make_coordinator(make_network()))
    code = fresh_totp_code(TOTP_SECRET, None)
    _sign_in(client, user)
    assert (
        client.post("/login/code", data={"code": code}).headers["Location"].endswith("/dashboard")
    )
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    again = other.post("/login/code", data={"code": code})
    assert again.status_code == 422 and "allerede brukt" in again.get_data(as_text=True)


def test_a_recovery_code_works_once(client, db, app, login):
    user = make_coordinator(make_network())
    codes = mfa.enable(user, TOTP_SECRET, fresh_totp_code(TOTP_SECRET, None))
    db.session.commit()
    _sign_in(client, user)
    used = client.post("/login/code", data={"code": codes[0].upper()})
    assert used.headers["Location"].endswith("/dashboard")
    assert "Du har 9 igjen" in client.get("/dashboard").get_data(as_text=True)
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    again = other.post("/login/code", data={"code": codes[0]})
    assert again.status_code == 422
    assert "/login/code" in other.get("/dashboard").headers["Location"]


def test_code_attempts_are_rate_limited(client, db):
    user = enrol_totp(make_coordinator(make_network()))
    _sign_in(client, user)
    for _ in range(5):
        assert client.post("/login/code", data={"code": "111111"}).status_code == 422
    limited = client.post("/login/code", data={"code": fresh_totp_code(TOTP_SECRET, None)})
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0


def test_api_tokens_are_not_affected_by_mfa(db, api):
    coordinator = make_coordinator(make_network())
    assert api(coordinator).get("/api/v1/networks").status_code == 200


def test_nobody_must_enrol_when_the_setting_is_empty(client, db, app):
    app.config["MFA_REQUIRED_ROLES"] = frozenset()
    try:
        coordinator = make_coordinator(make_network())
        _sign_in(client, coordinator)
        assert client.get("/dashboard").status_code == 200
    finally:
        app.config["MFA_REQUIRED_ROLES"] = frozenset({"admin", "coordinator"})


def test_others_may_turn_mfa_on_and_off_from_the_account_page(client, db, login):
    user = make_user(Role.resource_person)
    login(user)
    page = client.get("/account").get_data(as_text=True)
    assert "Tofaktorinnlogging er av" in page
    secret = _secret_on(client.get("/account/mfa").get_data(as_text=True))
    client.post("/account/mfa", data={"code": pyotp.TOTP(secret).now()})
    assert "Tofaktorinnlogging er på" in client.get("/account").get_data(as_text=True)
    wrong = client.post("/account/mfa/disable", data={"off-code": "000000"}, follow_redirects=True)
    assert "Feil kode" in wrong.get_data(as_text=True)
    db.session.refresh(user)
    code = fresh_totp_code(secret, user.totp_last_counter)
    off = client.post("/account/mfa/disable", data={"off-code": code}, follow_redirects=True)
    assert "Tofaktorinnlogging er slått av" in off.get_data(as_text=True)


def test_an_admin_resets_mfa_after_a_confirmation(client, db, login, app):
    user = enrol_totp(make_coordinator(make_network()))
    login(make_user(Role.admin))
    confirm = client.get(f"/users/{user.id}/mfa-reset").get_data(as_text=True)
    assert "Er du sikker?" in confirm and html.escape(user.email) in confirm
    client.post(f"/users/{user.id}/mfa-reset")
    db.session.refresh(user)
    assert not user.mfa_enabled
    other = app.test_client()
    other.post("/login", data={"email": user.email, "password": PASSWORD})
    assert "/account/mfa" in other.get("/dashboard").headers["Location"]


def test_cli_resets_mfa(runner, db):
    user = enrol_totp(make_coordinator(make_network()))
    result = runner.invoke(args=["users", "reset-mfa", user.email])
    assert result.exit_code == 0 and "MFA reset" in result.output
    assert not user.mfa_enabled
