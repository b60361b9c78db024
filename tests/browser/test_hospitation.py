"""Hospitation in a real browser: the coordinator adds a site to the hospitation plan, a
resource person plans a 2-day hospitation there with her own goals, the coordinator confirms
it, and the person completes it with a reflection; axe on every page of the flow."""

from __future__ import annotations

import datetime as dt
import re
import uuid

from playwright.sync_api import expect

from app.core.types import today_oslo

COORDINATOR = "koordinator.innlandet@kompetansenett.no"
KARI = "kari.nordmann@hamar.kommune.no"
SLUG = "innlandet-ressurssykepleiere"


def test_plan_confirm_complete_hospitation(browser, live_server, login_as, axe_check):
    site_name = f"Palliativ enhet, Sykehuset Innlandet Hamar {uuid.uuid4().hex[:6]}"
    goals = "Lære hvordan palliativt team vurderer smerte og samarbeider med kommunen."
    reflection = "Fikk se bruk av smertepumpe og hvordan utskrivning planlegges."
    today = today_oslo()
    start, end = today - dt.timedelta(days=3), today - dt.timedelta(days=2)

    def new_page():
        context = browser.new_context(base_url=live_server, locale="nb-NO")
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    # The public list of the network's hospitation plan, reached from the menu.
    visitor = new_page()
    visitor.goto("/")
    visitor.get_by_role("navigation", name="Hovedmeny").get_by_role(
        "link", name="Hospitering"
    ).click()
    axe_check(visitor)
    visitor.get_by_label("Velg nettverk").select_option(SLUG)
    visitor.get_by_role("button", name="Vis hospiteringssteder").click()
    visitor.wait_for_url(f"**/networks/{SLUG}/hospitation-sites")
    axe_check(visitor)

    # The coordinator adds a site.
    coordinator = login_as(new_page(), COORDINATOR)
    coordinator.goto(f"/networks/{SLUG}/hospitation-sites")
    coordinator.get_by_role("link", name="Nytt hospiteringssted").click()
    axe_check(coordinator)
    coordinator.get_by_label("Navn på stedet").fill(site_name)
    coordinator.get_by_label("Tjenestenivå").select_option("specialist")
    coordinator.get_by_label("Sykepleier", exact=True).check()
    coordinator.get_by_label("Kontaktperson").fill("Anne Kontakt")
    coordinator.get_by_label("E-post").fill("anne.kontakt@example.no")
    coordinator.get_by_role("button", name="Lagre").click()
    coordinator.wait_for_url(f"**/networks/{SLUG}/hospitation-sites")
    assert site_name in coordinator.content()
    axe_check(coordinator)

    # Kari plans a 2-day hospitation there, with her own goals.
    kari = login_as(new_page(), KARI)
    kari.get_by_role("link", name="Min profil").click()
    kari.get_by_role("link", name="Planlegg hospitering").click()
    axe_check(kari)
    option = kari.locator("#site_id option", has_text=site_name)
    kari.get_by_label("Hospiteringssted").select_option(option.get_attribute("value"))
    kari.get_by_label("Første dag").fill(start.isoformat())
    kari.get_by_label("Siste dag").fill(end.isoformat())
    kari.get_by_label("Antall dager").fill("2")
    kari.get_by_label("Egne mål for hospiteringen").fill(goals)
    kari.get_by_role("button", name="Lagre").click()
    kari.wait_for_url(re.compile(r".*/hospitations/\d+$"))
    hospitation_url = kari.url
    assert goals in kari.content()
    assert kari.get_by_role("button", name="Bekreft hospiteringen").count() == 0
    axe_check(kari)

    # The coordinator finds it in the network overview and confirms it.
    coordinator.goto(f"/networks/{SLUG}/hospitations")
    axe_check(coordinator)
    coordinator.get_by_role("link", name=site_name).first.click()
    coordinator.wait_for_url(hospitation_url)
    coordinator.get_by_role("button", name="Bekreft hospiteringen").click()
    expect(coordinator.locator("body")).to_contain_text("Hospiteringen er bekreftet.")
    axe_check(coordinator)

    # Kari completes it with a reflection.
    kari.goto(hospitation_url)
    kari.get_by_label("Kort refleksjon").fill(reflection)
    kari.get_by_role("button", name="Marker som fullført").click()
    kari.wait_for_url(hospitation_url)
    text = kari.content()
    assert reflection in text and "Fullført" in text
    assert "Bekreftet → Fullført" in kari.locator("table").last.inner_text()
    axe_check(kari)
    kari.get_by_role("link", name="Kari Nordmann").first.click()
    expect(kari.locator("body")).to_contain_text(site_name)
    axe_check(kari)
