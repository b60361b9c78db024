"""Browser flows for doctors' KPM records: a coordinator and a supervisor at work, axe-clean."""

from __future__ import annotations

import re

COORDINATOR = "koordinator.vest@kompetansenett.no"
SUPERVISOR = "veileder@helse-bergen.no"
DOCTOR = "Lise Lege"


def _form(page, button: str):
    return page.locator("form", has=page.get_by_role("button", name=button, exact=True))


def test_coordinator_records_teaching_and_assigns_a_supervisor(browser_page, login_as, axe_check):
    page = login_as(browser_page, COORDINATOR)
    page.goto("/kpm/candidates")
    axe_check(page)
    page.get_by_role("link", name=re.compile(f"KPM-registreringer.*{DOCTOR}")).click()
    page.get_by_role("heading", level=1, name=re.compile(DOCTOR)).wait_for()
    axe_check(page)

    form = _form(page, "Legg til timer")
    form.get_by_label("Dato").fill("2026-03-02")
    form.get_by_label("Timer").fill("3,5".replace(",", "."))
    form.get_by_role("button", name="Legg til timer").click()
    page.get_by_text("Undervisningstimene er registrert.").wait_for()
    assert page.locator("#undervisning").get_by_role("cell", name="02.03.2026").count() >= 1

    if page.locator("#veiledere ul").get_by_text(SUPERVISOR).count() == 0:
        form = _form(page, "Knytt til")
        form.get_by_label("Veileder").select_option(label=SUPERVISOR)
        form.get_by_role("button", name="Knytt til").click()
        page.get_by_text("Veilederen er knyttet til legen.").wait_for()
    assert page.locator("#veiledere ul").get_by_text(SUPERVISOR).count() >= 1

    # A refused period shows its error on the field and keeps the input.
    form = _form(page, "Legg til periode")
    form.get_by_label("Fra dato").fill("2026-04-01")
    form.get_by_label("Til dato").fill("2026-03-01")
    form.get_by_label("Stillingsprosent").fill("50")
    form.get_by_role("button", name="Legg til periode").click()
    page.get_by_text("Sluttdato kan ikke være før startdato.").wait_for()
    axe_check(page)


def test_supervisor_sees_candidates_and_attests_a_skill(browser_page, login_as, axe_check):
    # Make sure the supervisor has the demo doctor (the other test may not have run first).
    coordinator_page = login_as(browser_page, COORDINATOR)
    coordinator_page.goto("/kpm/candidates")
    coordinator_page.get_by_role("link", name=re.compile(f"KPM-registreringer.*{DOCTOR}")).click()
    if coordinator_page.locator("#veiledere ul").get_by_text(SUPERVISOR).count() == 0:
        form = _form(coordinator_page, "Knytt til")
        form.get_by_label("Veileder").select_option(label=SUPERVISOR)
        form.get_by_role("button", name="Knytt til").click()
    coordinator_page.context.clear_cookies()

    page = login_as(browser_page, SUPERVISOR)
    axe_check(page)
    page.get_by_role("link", name=DOCTOR).first.click()
    page.get_by_role("heading", level=1, name=re.compile(DOCTOR)).wait_for()
    form = _form(page, "Attester")
    item = form.get_by_label("Ferdighet")
    title = item.locator("option").first.inner_text()
    form.get_by_label("Attestert dato").fill("2026-02-10")
    form.get_by_role("button", name="Attester").click()
    page.get_by_text("Ferdigheten er attestert.").wait_for()
    row = page.locator("#ferdigheter").locator("tr", has_text=title)
    assert "Attestert 10.02.2026" in row.inner_text()
    axe_check(page)
