"""Browser flow for inspections (tilsyn): a KPM coordinator registers a visit with a finding
and closes the finding; every page axe-clean and usable at 360 px."""

from __future__ import annotations

import datetime as dt
import re
import uuid

COORDINATOR = "koordinator.vest@kompetansenett.no"
SITE = "Palliativt senter, Haukeland universitetssjukehus"  # a regional centre in Helse Vest


def _fits_360(page) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.set_viewport_size({"width": 1280, "height": 900})


def test_coordinator_registers_a_visit_with_a_finding_and_closes_it(
    browser_page, login_as, axe_check
):
    year = dt.date.today().year
    finding = f"Mangler skriftlig introduksjonsprogram {uuid.uuid4().hex[:6]}"
    page = login_as(browser_page, COORDINATOR)
    page.goto("/kpm/sites")
    page.get_by_role("heading", level=1, name="Utdanningssteder for KPM").wait_for()
    axe_check(page)
    _fits_360(page)
    page.get_by_role("link", name=SITE, exact=True).click()
    page.get_by_role("heading", level=1, name=SITE).wait_for()
    axe_check(page)

    form = page.locator("form", has=page.get_by_role("button", name="Legg til avvik"))
    form.get_by_label("Type tilsyn").select_option("visit")
    form.get_by_label("Dato (besøket, eller da rapporten kom inn)").fill(f"{year}-03-01")
    form.get_by_label("Tilsynsfører (kompetansesenter eller navn)").fill("KLB Midt")
    # Its own region is refused, on the field, with what was typed kept.
    form.get_by_label("Tilsynsførerens helseregion").select_option(label="Helse Vest")
    fieldset = form.locator("fieldset.module").first
    fieldset.get_by_label("Beskrivelse av avviket").fill(finding)
    fieldset.get_by_label("Frist for å rette avviket").fill(f"{year}-06-01")
    form.get_by_role("button", name="Registrer tilsyn", exact=True).last.click()
    page.get_by_text("skal ha tilsyn fra en annen helseregion").wait_for()
    form = page.locator("form", has=page.get_by_role("button", name="Legg til avvik"))
    assert (
        form.locator("fieldset.module").first.get_by_label("Beskrivelse av avviket").input_value()
        == finding
    )
    axe_check(page)

    form.get_by_label("Tilsynsførerens helseregion").select_option(label="Helse Midt-Norge")
    form.get_by_role("button", name="Registrer tilsyn", exact=True).last.click()
    page.get_by_text("Tilsynet er registrert.").wait_for()
    row = page.locator("tr", has_text=finding)
    assert "01.06." in row.inner_text()
    axe_check(page)
    _fits_360(page)

    row.get_by_role("link", name=re.compile("Lukk avvik")).click()
    page.get_by_role("heading", level=1, name="Lukke avviket?").wait_for()
    axe_check(page)
    _fits_360(page)
    page.get_by_label("Lukket dato").fill(f"{year}-05-15")
    page.get_by_label("Fulgt opp med").select_option("report")
    page.get_by_role("button", name="Ja, lukk avviket").click()
    page.get_by_text("Avviket er lukket.").wait_for()
    assert "Lukket 15.05." in page.locator("tr", has_text=finding).inner_text()

    page.goto("/dashboard")
    page.get_by_role("heading", name="Tilsyn med utdanningssteder").wait_for()
    axe_check(page)
