"""Member import and overview in a real browser: a coordinator downloads the template, fills it
in, uploads it, reads the preview, confirms, and finds the new members; axe on every page."""

from __future__ import annotations

import io

from openpyxl import load_workbook

COORD = "koordinator.innlandet@kompetansenett.no"
SLUG = "innlandet-ressurssykepleiere"


def test_coordinator_imports_members_from_the_template(browser_page, login_as, axe_check, tmp_path):
    page = login_as(browser_page, COORD)
    page.goto(f"/networks/{SLUG}")
    axe_check(page)
    page.get_by_role("link", name="Importer medlemmer fra Excel").click()
    page.wait_for_url(f"**/networks/{SLUG}/import")
    axe_check(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned malen (Excel)").click()
    template = tmp_path / "mal.xlsx"
    download_info.value.save_as(template)
    wb = load_workbook(template)
    assert "Tillatte verdier" in wb.sheetnames
    sheet = wb["Medlemmer"]
    sheet.append(["Nora Import", "nora.import@example.no", "Sykepleier", "Hamar sykehjem", "Hamar"])
    sheet.append(["Petter Import", "petter.import@example.no", "sykepleier", None, "3403"])
    sheet.append(["Kari Nordmann", "kari.nordmann@hamar.kommune.no", None, None, None, "99887766"])
    filled = tmp_path / "utfylt.xlsx"
    buffer = io.BytesIO()
    wb.save(buffer)
    filled.write_bytes(buffer.getvalue())

    page.get_by_label("Excel-fil (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Last opp og se forhåndsvisning").click()
    page.wait_for_url(f"**/networks/{SLUG}/import/*")
    assert page.get_by_role("heading", level=1).inner_text() == "Forhåndsvisning av import"
    new_table = page.get_by_role("table", name="Opprettes og blir medlem av nettverket")
    assert "Nora Import" in new_table.inner_text() and "Petter Import" in new_table.inner_text()
    assert "99887766" in page.get_by_role("heading", name="Endres").locator("..").inner_text()
    axe_check(page)

    page.get_by_role("button", name="Bekreft og importer").click()
    page.wait_for_url(f"**/networks/{SLUG}/members")
    assert "Importert: 2 nye personer, 1 oppdatert" in page.content()
    page.get_by_label("Søk på navn").fill("Import")
    page.get_by_role("button", name="Filtrer").click()
    members = page.get_by_role("table").first.inner_text()
    assert "Nora Import" in members and "Petter Import" in members
    axe_check(page)


def test_bad_file_is_refused_with_a_message(browser_page, login_as, axe_check, tmp_path):
    page = login_as(browser_page, COORD)
    page.goto(f"/networks/{SLUG}/import")
    fake = tmp_path / "medlemmer.xlsx"
    fake.write_text("navn;e-post;yrke\nKari;kari@example.no;sykepleier\n")
    page.get_by_label("Excel-fil (.xlsx)").set_input_files(str(fake))
    page.get_by_role("button", name="Last opp og se forhåndsvisning").click()
    alert = page.get_by_role("alert")
    assert "CSV" in alert.inner_text()
    axe_check(page)


def test_reports_page_and_overview_download(browser_page, login_as, axe_check, tmp_path):
    page = login_as(browser_page, COORD)
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Rapporter").click()
    page.wait_for_url("**/reports")
    axe_check(page)
    with page.expect_download() as download_info:
        page.locator(f'a[href*="network={SLUG}"]').first.click()
    path = tmp_path / "oversikt.xlsx"
    download_info.value.save_as(path)
    wb = load_workbook(path)
    assert wb.sheetnames[-2:] == ["Sammendrag", "Om filen"]
    page.goto("/reports/municipality/3403")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Hamar")
    axe_check(page)
