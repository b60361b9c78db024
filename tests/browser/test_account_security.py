"""Account security in a real browser: a coordinator's first sign-in goes through TOTP
enrolment (QR code and secret as text), the code step at the next sign-in, the account
page, and the admin's users pages with their confirmation step; axe on each page."""

from __future__ import annotations

import random
import uuid

import httpx
import pyotp
import pytest
from playwright.sync_api import expect

from app.auth.models import Role
from app.auth.operations import create_user
from app.extensions import db
from app.people.models import Person, Profession
from app.seed.demo import DEMO_PASSWORD
from tests.browser.conftest import at, totp_code_for

ADMIN = "admin@kompetansenett.no"


def _new_coordinator(app) -> str:
    """A fresh coordinator (no MFA yet) in the live app's database; her e-mail."""
    from sqlalchemy import select

    from app.networks.models import Network

    email = f"ny.koordinator.{uuid.uuid4().hex[:8]}@kompetansenett.no"
    with app.app_context():
        network = db.session.scalar(
            select(Network).where(Network.slug == "innlandet-ressurssykepleiere")
        )
        create_user(email, Role.coordinator, password=DEMO_PASSWORD, networks=[network])
        db.session.commit()
        db.session.remove()
    return email


def _password_step(page, email):
    page.goto("/login")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()


def test_first_sign_in_enrols_totp_then_the_code_step(browser_page, live_app, axe_check):
    page = browser_page
    email = _new_coordinator(live_app)
    _password_step(page, email)
    page.wait_for_url(at("/account/mfa"))
    expect(page.locator("h1")).to_have_text("Slå på tofaktorinnlogging")
    assert page.locator("figure.qr svg").count() == 1
    axe_check(page)
    page.goto("/persons")  # every other page leads back here
    assert "/account/mfa" in page.url
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")

    page.get_by_label("Kode").fill("000000")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.locator("#code-error")).to_contain_text("Koden stemmer ikke")
    axe_check(page)

    page.get_by_label("Kode").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bekreft").click()
    expect(page.locator("h1")).to_have_text("Gjenopprettingskoder")
    assert page.locator(".recovery-codes li").count() == 10
    axe_check(page)
    page.get_by_role("link", name="Jeg har lagret kodene – fortsett").click()
    page.wait_for_url(at("/persons"))  # where she was going when enrolment stopped her

    page.get_by_role("link", name="Min konto").click()
    expect(page.locator("body")).to_contain_text("Tofaktorinnlogging er på")
    page.get_by_label("Navn på nøkkelen").fill("Uttrekk")
    page.get_by_role("button", name="Lag API-nøkkel").click()
    expect(page.locator("#new-token")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Logg ut").click()
    _password_step(page, email)
    page.wait_for_url(at("/login/code"))
    axe_check(page)
    page.get_by_label("Kode").fill("123456")
    page.get_by_role("button", name="Bekreft").click()
    expect(page.locator("#code-error")).to_contain_text("Feil kode")
    assert page.get_by_label("Kode").get_attribute("aria-invalid") == "true"
    page.get_by_label("Kode").fill(totp_code_for(live_app, email))
    page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(at("/dashboard"))


def test_admin_users_pages_and_deactivation_with_confirmation(
    browser_page, live_app, login_as, axe_check
):
    email = _new_coordinator(live_app)
    page = login_as(browser_page, ADMIN)
    page.get_by_role("link", name="Brukere").click()
    expect(page.locator("h1")).to_have_text("Brukere")
    axe_check(page)
    page.get_by_label("Søk på e-post").fill(email)
    page.get_by_role("button", name="Søk").click()
    page.get_by_role("link", name=email).click()
    axe_check(page)
    page.get_by_role("link", name="Deaktiver kontoen").click()
    expect(page.locator("h1")).to_have_text("Er du sikker?")
    axe_check(page)
    page.get_by_role("button", name="Ja, deaktiver").click()
    expect(page.locator("body")).to_contain_text("Kontoen er deaktivert")
    expect(page.locator("body")).to_contain_text("Deaktivert")


def test_account_pages_work_at_360_px(browser_page, login_as):
    page = browser_page
    page.set_viewport_size({"width": 360, "height": 740})
    login_as(page, "kari.nordmann@hamar.kommune.no")
    page.goto("/account")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    page.goto("/account/mfa")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_helseid_button_signs_in_the_doctor_by_hpr_number(browser_page, live_app, axe_check):
    """The OpenID Connect flow in the browser, against a real local provider: the person
    whose HPR number the provider asserts is signed in."""
    oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
    hpr = str(random.randint(1_000_000, 9_999_999))  # noqa: S311 - a test id
    name = f"Doktor {hpr}"
    with live_app.app_context():
        doctor = Person(
            name=name,
            email=f"doktor.{hpr}@example.no",
            hpr=hpr,
            profession=db.session.query(Profession).filter_by(key="doctor").one(),
        )
        db.session.add(doctor)
        create_user(doctor.email, Role.resource_person, person=doctor)
        db.session.commit()
        db.session.remove()
    with oidc_provider_mock.run_server_in_thread() as server:
        issuer = f"http://localhost:{server.server_port}"
        claims = {"helseid://claims/hpr/hpr_number": hpr, "email": "annen@example.no"}
        assert httpx.put(f"{issuer}/users/lege-{hpr}", json=claims).status_code == 204
        live_app.config.update(OIDC_ISSUER=issuer, OIDC_CLIENT_ID="kn", OIDC_CLIENT_SECRET="s")
        try:
            page = browser_page
            page.goto("/login")
            axe_check(page)
            page.get_by_role("button", name="Logg inn med HelseID").click()
            page.get_by_placeholder("sub").fill(f"lege-{hpr}")
            page.get_by_role("button", name="Authorize").click(no_wait_after=True)
            page.wait_for_url(at("/dashboard"))
            expect(page.locator("body")).to_contain_text(name)
        finally:
            live_app.config.update(OIDC_ISSUER=None)
