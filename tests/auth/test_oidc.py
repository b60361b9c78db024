"""OpenID Connect sign-in against a real local provider (oidc-provider-mock in a thread):
discovery, the authorization-code flow, the ID token checked by Authlib, and our matching
by HPR number or verified e-mail."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import httpx
import pytest

from app.auth.models import Role, User
from tests.factories import make_coordinator, make_network, make_person, make_user

# The mock provider runs on Authlib too and warns about its own deprecated hooks.
pytestmark = pytest.mark.filterwarnings("ignore:get_jwt_config:DeprecationWarning")

HPR_CLAIM = "helseid://claims/hpr/hpr_number"


@pytest.fixture(scope="module")
def provider():
    """The issuer URL of a mock OpenID provider served on a free port."""
    oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
    with oidc_provider_mock.run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture()
def oidc(app, provider):
    """The app configured for the provider; `oidc.sign_in(client, sub, claims)` runs the
    whole flow and returns our last answer."""
    saved = {k: app.config.get(k) for k in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")}
    app.config.update(
        OIDC_ISSUER=provider, OIDC_CLIENT_ID="kompetansenett", OIDC_CLIENT_SECRET="hemmelig"
    )

    class Flow:
        @staticmethod
        def sign_in(client, sub: str, claims: dict):
            put = httpx.put(f"{provider}/users/{quote(sub, safe='')}", json=claims)
            assert put.status_code == 204
            start = client.post("/login/oidc")
            authorize = start.headers["Location"]
            assert authorize.startswith(provider)
            answer = httpx.post(authorize, data={"sub": sub})
            back = urlsplit(answer.headers["location"])
            assert back.path == "/login/oidc/callback"
            return client.get(f"{back.path}?{back.query}")

    yield Flow()
    app.config.update(saved)


def test_the_button_shows_only_when_configured(client, db, oidc, app):
    assert "Logg inn med HelseID" in client.get("/login").get_data(as_text=True)
    app.config["OIDC_ISSUER"] = None
    assert "Logg inn med HelseID" not in client.get("/login").get_data(as_text=True)
    assert client.post("/login/oidc").status_code == 404


def test_the_person_with_the_matching_hpr_number_is_signed_in(client, db, oidc):
    doctor = make_person(name="Lege Legesen", hpr="7654321")
    make_user(Role.resource_person, person=doctor)
    make_user(Role.resource_person)  # someone else, not matched
    response = oidc.sign_in(
        client,
        "hpr-7654321",
        {HPR_CLAIM: "7654321", "email": "annen@adresse.no", "email_verified": False},
    )
    assert response.headers["Location"].endswith("/dashboard")
    assert "Lege Legesen" in client.get("/dashboard").get_data(as_text=True)


def test_plain_hpr_number_claim_is_accepted_too(client, db, oidc):
    doctor = make_person(name="Doktor Plain", hpr="1112223")
    make_user(Role.resource_person, person=doctor)
    response = oidc.sign_in(client, "plain", {"hpr_number": "1112223"})
    assert response.headers["Location"].endswith("/dashboard")


def test_a_verified_email_matches_and_mfa_of_the_provider_counts(client, db, oidc):
    coordinator = make_coordinator(make_network())
    response = oidc.sign_in(
        client, coordinator.email, {"email": coordinator.email, "email_verified": True}
    )
    assert response.headers["Location"].endswith("/dashboard")
    assert client.get("/dashboard").status_code == 200  # no TOTP enrolment asked for


def test_an_unverified_email_or_no_match_signs_nobody_in_and_creates_nothing(client, db, oidc):
    user = make_user(Role.resource_person)
    before = db.session.query(User).count()
    response = oidc.sign_in(client, "unverified", {"email": user.email, "email_verified": False})
    assert response.headers["Location"].endswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert "Vi fant ingen aktiv konto" in page
    assert "/login" in client.get("/dashboard").headers["Location"]
    oidc.sign_in(client, "ukjent", {"email": "ny@example.no", "email_verified": True})
    assert db.session.query(User).count() == before


def test_a_deactivated_account_is_not_matched(client, db, oidc):
    doctor = make_person(hpr="9998887")
    user = make_user(Role.resource_person, person=doctor)
    user.active = False
    response = oidc.sign_in(client, "deactivated", {HPR_CLAIM: "9998887"})
    assert response.headers["Location"].endswith("/login")


def test_a_denied_authorization_is_a_message(client, db, oidc, provider):
    start = client.post("/login/oidc")
    answer = httpx.post(start.headers["Location"], data={"action": "deny"})
    back = urlsplit(answer.headers["location"])
    response = client.get(f"{back.path}?{back.query}")
    assert response.headers["Location"].endswith("/login")
    assert "avbrutt eller feilet" in client.get("/login").get_data(as_text=True)


def test_the_sign_in_page_lets_its_form_go_to_the_provider(client, db, oidc, provider):
    """Browsers apply CSP form-action to the redirect after the button's POST."""
    csp = client.get("/login").headers["Content-Security-Policy"]
    assert f"form-action 'self' {provider}" in csp
    assert (
        "form-action 'self';" in client.get("/password/forgot").headers["Content-Security-Policy"]
    )
