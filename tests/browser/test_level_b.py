"""Level B in a real browser (issue 17): the demo's intro course shows that the leader came, a
leader is registered and marked by keyboard on the attendance page at 360 px, a resource nurse
records a course outside the catalogue with a certificate, and the coordinator sets its level
when verifying; axe on every page."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

COORDINATOR = "koordinator.innlandet@kompetansenett.no"
KARI = "kari.nordmann@hamar.kommune.no"
INGRID_PAGE_TEXT = "Ingrid Berg"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _page(browser, live_server, **kw):
    context = browser.new_context(base_url=live_server, locale="nb-NO", **kw)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def test_intro_course_attendance_shows_the_leader_at_360px(
    browser, live_server, login_as, axe_check
):
    coordinator = login_as(
        _page(browser, live_server, viewport={"width": 360, "height": 800}), COORDINATOR
    )
    coordinator.goto("/gatherings?when=past&network=innlandet-ressurssykepleiere")
    coordinator.get_by_role("link", name="Basiskurs for nye ressurssykepleiere og ledere").click()
    coordinator.get_by_role("link", name="Registrer oppmøte").click()
    coordinator.wait_for_url(re.compile(r".*/attendance$"))
    table = coordinator.locator("table.attendance").inner_text()
    # Demo: Ola came with Hanne Leder, who was marked present.
    assert "Leder deltok (Hanne Leder)" in table
    axe_check(coordinator)
    # The page fits the width: no sideways scrolling of the document.
    width = coordinator.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1, width
    # Saving the list by keyboard still works with the leader column in it.
    coordinator.locator("table.attendance input[value='yes']").first.focus()
    coordinator.keyboard.press("Enter")
    expect(coordinator.locator(".flashes")).to_contain_text("Oppmøtet er lagret")


def test_free_text_course_with_certificate_verified_with_a_level(
    browser, live_server, login_as, axe_check, tmp_path
):
    title = f"Palliasjon i sykehjem {uuid.uuid4().hex[:6]}"
    certificate = tmp_path / "kursbevis.pdf"
    certificate.write_bytes(PDF)
    kari = login_as(_page(browser, live_server), KARI)
    kari.goto("/courses/completions/new")
    axe_check(kari)
    kari.get_by_label("Eller: kursets tittel").fill(title)
    kari.get_by_label("Arrangør").fill("Utviklingssenteret")
    kari.get_by_label("Nivå").select_option("B")
    kari.get_by_label("Fullført dato").fill("2026-02-10")
    kari.get_by_label("Timer").fill("12")
    kari.get_by_label("Kursbevis (PDF eller bilde, valgfritt)").set_input_files(str(certificate))
    kari.get_by_role("button", name="Registrer").click()
    expect(kari.locator(".flashes")).to_contain_text("En koordinator vil verifisere det")
    assert title in kari.content()

    coordinator = login_as(_page(browser, live_server), COORDINATOR)
    coordinator.goto("/courses/completions/pending")
    row = coordinator.get_by_role("row").filter(has_text=title)
    assert "Ikke i katalogen" in row.inner_text() and "Last ned" in row.inner_text()
    axe_check(coordinator)
    with coordinator.expect_download() as download:
        row.get_by_role("link", name=re.compile("Last ned")).click()
    assert download.value.suggested_filename == "kursbevis.pdf"
    level = row.get_by_label("Nivå")
    assert level.input_value() == "B"
    level.focus()
    coordinator.keyboard.press("Tab")  # to "Verifiser"
    coordinator.keyboard.press("Enter")
    expect(coordinator.locator(".flashes")).to_contain_text("er verifisert")
    assert title not in coordinator.locator("table").inner_text()
