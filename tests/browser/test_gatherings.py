"""Gatherings in a real browser: a coordinator creates a theme day, two resource persons
register (one with her leader), the coordinator marks attendance with the keyboard only, and
the attendance shows on the persons' pages; axe on every page of the flow."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from app.core.types import today_oslo

COORDINATOR = "koordinator.innlandet@kompetansenett.no"
KARI = "kari.nordmann@hamar.kommune.no"
SIRI = "siri.fysio@bergen.kommune.no"
NETWORK = "/networks/innlandet-ressurssykepleiere"


def _tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_theme_day_registration_and_keyboard_attendance(browser, live_server, login_as, axe_check):
    title = f"Temadag: smertelindring {uuid.uuid4().hex[:6]}"
    year = today_oslo().year + 1

    def new_page():
        context = browser.new_context(base_url=live_server, locale="nb-NO")
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    # The coordinator creates the theme day from the network page.
    coordinator = login_as(new_page(), COORDINATOR)
    coordinator.goto(NETWORK)
    assert coordinator.locator(f'a[href^="webcal://"][href$="{NETWORK}/calendar.ics"]').count() == 1
    assert coordinator.locator(f'a[href^="http"][href$="{NETWORK}/calendar.ics"]').count() == 1
    axe_check(coordinator)
    coordinator.get_by_role("link", name="Ny samling").click()
    axe_check(coordinator)
    coordinator.get_by_label("Type").select_option("theme_day")
    coordinator.get_by_label("Tittel").fill(title)
    coordinator.get_by_label("Start", exact=True).fill(f"{year}-03-10T09:00")
    coordinator.get_by_label("Slutt", exact=True).fill(f"{year}-03-10T15:30")
    coordinator.get_by_label("Sted", exact=True).fill("Scandic Hamar")
    coordinator.get_by_label("Antall plasser").fill("20")
    coordinator.get_by_role("button", name="Lagre").click()
    coordinator.wait_for_url(re.compile(r".*/gatherings/\d+$"))
    gathering_url = coordinator.url
    assert title in coordinator.content()
    axe_check(coordinator)

    # Kari registers with her leader, Siri on her own.
    kari = login_as(new_page(), KARI)
    kari.goto(gathering_url)
    kari.get_by_label("Ta med lederen min, Hanne Leder").check()
    kari.get_by_role("button", name="Meld meg på").click()
    expect(kari.locator("body")).to_contain_text("Lederen Hanne Leder er påmeldt.")
    axe_check(kari)
    siri = login_as(new_page(), SIRI)
    siri.goto(gathering_url)
    siri.get_by_role("button", name="Meld meg på").click()
    expect(siri.locator("body")).to_contain_text("Siri Fysio er påmeldt.")

    # The coordinator sees all three on the list and marks attendance by keyboard only.
    coordinator.goto(gathering_url)
    listing = coordinator.get_by_role("table").inner_text()
    assert "Kari Nordmann" in listing and "Hanne Leder" in listing and "Siri Fysio" in listing
    coordinator.get_by_role("link", name="Registrer oppmøte").click()
    axe_check(coordinator)
    rows = coordinator.locator("table.attendance tbody tr")
    assert rows.count() == 3
    names = [rows.nth(i).locator("th").inner_text() for i in range(3)]
    siri_row = names.index("Siri Fysio")
    siri_yes = rows.nth(siri_row).locator('input[value="yes"]').get_attribute("id")
    # Everyone is present to start with; Siri did not come.
    _tab_to(coordinator, f"#{siri_yes}")
    coordinator.keyboard.press("ArrowRight")
    assert rows.nth(siri_row).locator('input[value="no"]').is_checked()
    _tab_to(coordinator, 'button[type="submit"].primary')
    coordinator.keyboard.press("Enter")
    expect(coordinator.locator(".flashes")).to_contain_text("Oppmøtet er lagret: 2 av 3 til stede.")

    # The attendance shows on the persons' pages.
    kari.get_by_role("link", name="Min side").click()
    kari.get_by_role("link", name="Min profil").click()
    row = kari.get_by_role("row").filter(has_text=title)
    assert "Til stede" in row.inner_text()
    assert kari.locator('a[href^="webcal://"][href*="/calendar/"]').count() == 1
    axe_check(kari)
    siri.get_by_role("link", name="Min side").click()
    siri.get_by_role("link", name="Min profil").click()
    assert "Fraværende" in siri.get_by_role("row").filter(has_text=title).inner_text()
    axe_check(siri)

    # The list and the year view pass axe too.
    coordinator.goto("/gatherings")
    assert title in coordinator.content()
    axe_check(coordinator)
    coordinator.goto(f"{NETWORK}/year?year={year}")
    assert title in coordinator.content()
    axe_check(coordinator)
