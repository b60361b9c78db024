"""The foundation's main pages in a real browser: sign-in by keyboard, axe on each page."""

from __future__ import annotations

from playwright.sync_api import expect

from app.seed.demo import DEMO_PASSWORD
from tests.browser.conftest import at, totp_code_for

PUBLIC_PAGES = [
    "/",
    "/login",
    "/networks",
    "/networks/innlandet-ressurssykepleiere",
    "/register",
    "/password/forgot",
]


def test_public_pages_pass_axe(browser_page, axe_check):
    for path in PUBLIC_PAGES:
        browser_page.goto(path)
        axe_check(browser_page)


def test_keyboard_sign_in_and_coordinator_pages(browser_page, axe_check, live_app):
    page = browser_page
    email = "koordinator.innlandet@kompetansenett.no"
    page.goto("/login")
    page.keyboard.press("Tab")  # skip link first
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_label("E-post").focus()
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(at("/login/code"))  # the demo coordinator has the demo TOTP secret
    page.get_by_label("Kode").focus()
    page.keyboard.type(totp_code_for(live_app, email))
    page.keyboard.press("Enter")
    page.wait_for_url(at("/dashboard"))
    assert "Nettverk jeg koordinerer" in page.content()
    axe_check(page)
    # The standing of her network, as a chart whose bars say in words what they show.
    bar = page.locator("svg.bar").first
    assert "Oppfylt" in bar.get_attribute("aria-label")
    page.get_by_text("Tallene i tabell").first.click()
    expect(page.locator("details table").first).to_be_visible()
    axe_check(page)
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})
    for path in [
        "/networks/innlandet-ressurssykepleiere",
        "/persons",
        "/networks/innlandet-ressurssykepleiere/uncovered",
        "/persons/new",
    ]:
        page.goto(path)
        axe_check(page)


def test_resource_person_edits_profile_and_sees_error_on_field(browser_page, login_as, axe_check):
    page = login_as(browser_page, "kari.nordmann@hamar.kommune.no")
    page.get_by_role("link", name="Min profil").click()
    page.get_by_role("link", name="Rediger").click()
    axe_check(page)
    page.get_by_label("HPR-nummer").fill("12ab")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("body")).to_contain_text("HPR-nummer kan bare ha sifre")
    assert page.get_by_label("HPR-nummer").input_value() == "12ab"
    axe_check(page)


def test_sign_out_ends_session(browser_page, login_as):
    page = login_as(browser_page, "kari.nordmann@hamar.kommune.no")
    page.get_by_role("button", name="Logg ut").click()
    page.goto("/dashboard")
    assert "/login" in page.url
