"""Progress pages in a real browser: a resource person's progress, the coordinator's overview
(keyboard, filters), who is overdue and the plan editor; axe (WCAG 2.1 AA) on each."""

from __future__ import annotations

from playwright.sync_api import expect

COORD = "koordinator.innlandet@kompetansenett.no"
SLUG = "innlandet-ressurssykepleiere"


def test_resource_person_sees_own_progress(browser_page, login_as, axe_check):
    page = login_as(browser_page, "kari.nordmann@hamar.kommune.no")
    assert "Min progresjon" in page.content()
    axe_check(page)
    page.get_by_role("link", name="Se min progresjon i detalj").click()
    page.wait_for_url("**/progress")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Progresjon for")
    table = page.get_by_role("table").first
    assert table.get_by_role("rowheader", name="Hospitering (minst 2 dager, med egne mål)").count()
    statuses = {"Oppfylt", "Underveis", "Gjenstår", "Forfalt", "Ikke aktuelt"}
    assert any(s in table.inner_text() for s in statuses)
    axe_check(page)
    page.get_by_label("Status per dato").fill("2020-01-01")
    page.get_by_role("button", name="Vis").click()
    expect(page.locator("body")).to_contain_text("Ingen kompetanseplan gjelder")
    axe_check(page)


def test_leader_sees_staff_progress(browser_page, login_as, axe_check):
    page = login_as(browser_page, "hanne.leder@hamar.kommune.no")
    assert "Progresjon for mine ansatte" in page.content()
    axe_check(page)


def test_coordinator_overview_by_keyboard_and_overdue_list(browser_page, login_as, axe_check):
    page = login_as(browser_page, COORD)
    page.goto(f"/networks/{SLUG}")
    page.get_by_role("link", name="Progresjonsoversikt for medlemmene").click()
    page.wait_for_url(f"**/networks/{SLUG}/progress")
    table = page.get_by_role("table")
    assert "medlemmer per" in table.locator("caption").inner_text()
    assert table.get_by_role("columnheader", name="Navn").count() == 1
    axe_check(page)
    # The wide table scrolls in a focusable region; the filters work from the keyboard.
    page.locator(".table-scroll").focus()
    assert page.evaluate("document.activeElement.classList.contains('table-scroll')")
    page.get_by_label("Status").select_option("overdue")
    page.get_by_role("button", name="Vis").press("Enter")
    page.wait_for_url("**status=overdue**")
    assert "status=overdue" in page.url
    axe_check(page)
    page.goto(f"/networks/{SLUG}/overdue")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Forfalte krav")
    axe_check(page)


def test_plan_editor_reorders_and_previews(browser_page, login_as, axe_check):
    page = login_as(browser_page, COORD)
    page.goto(f"/networks/{SLUG}/plans/edit")
    page.wait_for_url(f"**/networks/{SLUG}/plans/*/edit")
    axe_check(page)
    titles = page.locator("details[id$=block] .summary-title")
    first = titles.nth(0).inner_text()
    # Blocks are folded; a keyboard user opens one with Enter on its summary.
    page.locator("details[id$=block] > summary").first.focus()
    page.keyboard.press("Enter")
    assert "gjelder" in page.locator(".preview").first.inner_text()
    assert "JSON" not in page.locator("main").inner_text()
    page.get_by_role("button", name="Flytt ned").first.click()
    assert titles.nth(1).inner_text().split(": ", 1)[1] == first.split(": ", 1)[1]
    assert "Flyttet" in page.content()
    axe_check(page)  # with blocks open: every field labelled
    page.set_viewport_size({"width": 360, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("details[id$=block] > summary").first.click()
    page.get_by_role("button", name="Fjern").first.click()
    expect(page.locator("body")).to_contain_text("Fjernes ved lagring")
    axe_check(page)
