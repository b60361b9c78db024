"""Browser flow of a KPM application: the doctor applies, the KPM coordinator asks for more,
the doctor uploads the head of department's statement and resubmits, the coordinator
approves; every page axe-clean."""

from __future__ import annotations

import re

from app.core.pdf import PdfDocument

COORDINATOR = "koordinator.vest@kompetansenett.no"
DOCTOR = "Lise Lege"
DOCTOR_EMAIL = "lise.lege@helse-bergen.no"


def _form(page, button: str):
    return page.locator("form", has=page.get_by_role("button", name=button, exact=True))


def _statement() -> bytes:
    doc = PdfDocument("Attest")
    doc.paragraph("Læringsmålene er i hovedsak oppnådd.")
    return doc.bytes()


def _decide(page, outcome: str, note: str) -> None:
    form = _form(page, "Registrer vedtaket")
    form.get_by_label("Utfall").select_option(label=outcome)
    form.get_by_label("Merknad i vedtaket").fill(note)
    form.get_by_role("button", name="Registrer vedtaket").click()
    page.get_by_role("heading", level=1, name="Er du sikker?").wait_for()
    page.get_by_role("button", name="Registrer vedtaket").click()
    page.get_by_text("Vedtaket er registrert og sendt.").wait_for()


def test_apply_ask_for_more_resubmit_and_approve(browser_page, login_as, axe_check):
    page = login_as(browser_page, DOCTOR_EMAIL)
    page.get_by_role("link", name="Mine KPM-registreringer").click()
    page.get_by_role("heading", level=1, name=re.compile(DOCTOR)).wait_for()
    records_url = page.url
    page.get_by_role("link", name="Søk om KPM-godkjenning").click()
    page.get_by_role("heading", level=1, name="Søk om KPM-godkjenning").wait_for()
    assert page.get_by_text("Søknaden kan sendes med mangler.").count() in (0, 1)
    axe_check(page)
    page.get_by_role("button", name="Send søknaden").click()
    page.get_by_text("Søknaden er sendt.").wait_for()
    application_url = page.url
    axe_check(page)
    page.context.clear_cookies()

    page = login_as(browser_page, COORDINATOR)
    page.goto("/kpm/applications")
    axe_check(page)
    page.get_by_role("link", name=DOCTOR).first.click()
    page.get_by_role("heading", level=2, name="Nytt vedtak").wait_for()
    axe_check(page)
    # Approval on conditions without a condition is refused on the form, the note kept.
    form = _form(page, "Registrer vedtaket")
    form.get_by_label("Utfall").select_option(label="Godkjent på vilkår")
    form.get_by_label("Merknad i vedtaket").fill("Et utkast")
    form.get_by_role("button", name="Registrer vedtaket").click()
    page.get_by_role("button", name="Registrer vedtaket").click()
    page.get_by_text("Godkjenning på vilkår må ha minst ett vilkår.").wait_for()
    assert page.get_by_label("Merknad i vedtaket").input_value() == "Et utkast"
    axe_check(page)
    _decide(page, "Mangelfull dokumentasjon", "Send attest fra avdelingssjef.")
    page.context.clear_cookies()

    page = login_as(browser_page, DOCTOR_EMAIL)
    page.goto(records_url)
    assert "Mangelfull dokumentasjon" in page.locator("#soknad").inner_text()
    form = _form(page, "Legg til dokument")
    form.get_by_label("Dokument").select_option(label="Attest fra avdelingssjef")
    form.get_by_label("Dato").fill("2026-03-01")
    form.get_by_label(re.compile("PDF-fil")).set_input_files(
        {"name": "attest.pdf", "mimeType": "application/pdf", "buffer": _statement()}
    )
    form.get_by_role("button", name="Legg til dokument").click()
    page.get_by_text("Dokumentet er registrert.").wait_for()
    assert page.locator("#dokumenter").get_by_role("link", name="attest.pdf").count() == 1
    page.goto(application_url)
    axe_check(page)
    page.get_by_role("link", name="Send søknaden på nytt").click()
    page.get_by_role("heading", level=1, name="Sende søknaden på nytt?").wait_for()
    axe_check(page)
    page.get_by_role("button", name="Send søknaden på nytt").click()
    page.get_by_text("Søknaden er sendt på nytt.").wait_for()
    page.context.clear_cookies()

    page = login_as(browser_page, COORDINATOR)
    page.goto(application_url)
    _decide(page, "Godkjent", "Godkjent.")
    assert page.get_by_role("link", name="Diplom (PDF)").count() == 1
    axe_check(page)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(application_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 362
    page.context.clear_cookies()

    page = login_as(browser_page, DOCTOR_EMAIL)
    page.goto(records_url)
    assert "KPM-godkjent" in page.locator("#soknad").inner_text()
    assert page.locator("#soknad").get_by_role("link", name=re.compile("Vedtaksbrev")).count() == 2
