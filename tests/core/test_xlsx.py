"""Workbooks from generate_xlsx, loaded back with openpyxl (and LibreOffice when installed)."""

from __future__ import annotations

import datetime as dt
import enum
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.types import OSLO, UTC
from app.core.xlsx import XLSX_MIMETYPE, Sheet, generate_xlsx, safe_text, write_xlsx

HEADERS = ["Navn", "Arbeidssted", "Startdato", "Sist endret", "Timer", "Aktiv"]
HOSTILE = [
    '=HYPERLINK("http://evil","klikk")',
    "+47 22 00 00 00",
    "-2+3",
    "@SUM(A1)",
    "\tTab",
    "\rRetur",
]


class Status(enum.Enum):
    MET = "met"


def people_rows():
    """A generator, as row builders may return."""
    yield [
        "Kari Nordmann",
        "Ullevål",
        dt.date(2025, 8, 1),
        dt.datetime(2026, 6, 15, 7, 30, tzinfo=UTC),
        12.5,
        True,
    ]
    for index, text in enumerate(HOSTILE):
        yield [text, f"Sted {index}", None, None, index, False]
    yield ["Ola\x07 Nordmann", Status.MET, dt.date(2026, 1, 2), None, Decimal("1.25"), None]


def load(data: bytes):
    return load_workbook(io.BytesIO(data))


@pytest.fixture()
def workbook_bytes() -> bytes:
    return generate_xlsx([Sheet("Palliasjon", HEADERS, people_rows(), widths=[30] * 6)])


def test_header_is_bold_frozen_and_filtered(workbook_bytes):
    ws = load(workbook_bytes)["Palliasjon"]
    assert [cell.value for cell in ws[1]] == HEADERS
    assert all(cell.font.b for cell in ws[1])
    assert ws.freeze_panes == "A2"
    row_count = 1 + 1 + len(HOSTILE) + 1
    assert ws.max_row == row_count
    assert ws.auto_filter.ref == f"A1:F{row_count}"
    assert ws.column_dimensions["A"].width == 30


def test_formula_like_strings_stay_text(workbook_bytes):
    ws = load(workbook_bytes)["Palliasjon"]
    cells = [ws.cell(row=3 + index, column=1) for index in range(len(HOSTILE))]
    # openpyxl's lxml writer keeps a carriage return (&#13;); without lxml, XML turns a bare
    # one into a line feed when the file is read back. Either way the text is the text.
    for cell, text in zip(cells, HOSTILE, strict=True):
        assert cell.value in (text, text.replace("\r", "\n"))
    assert all(cell.data_type == "s" for cell in cells)
    sheet_xml = zipfile.ZipFile(io.BytesIO(workbook_bytes)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml


def test_dates_numbers_and_other_values(workbook_bytes):
    ws = load(workbook_bytes)["Palliasjon"]
    start = ws["C2"]
    assert start.is_date and start.value.date() == dt.date(2025, 8, 1)
    assert start.number_format == "DD.MM.YYYY"
    changed = ws["D2"]
    # 07:30Z in June is 09:30 in Oslo, written as naive local time.
    assert changed.is_date and changed.value == dt.datetime(2026, 6, 15, 9, 30)
    assert changed.number_format == "DD.MM.YYYY HH:MM"
    assert ws["E2"].value == 12.5 and ws["E2"].data_type == "n"
    assert ws["F2"].value is True
    last = ws.max_row
    assert ws.cell(row=last, column=1).value == "Ola Nordmann"
    assert ws.cell(row=last, column=2).value == "met"
    assert ws.cell(row=last, column=5).value == 1.25
    assert ws.cell(row=last, column=6).value is None


def test_aware_datetime_in_winter_is_one_hour_ahead():
    rows = [[dt.datetime(2026, 1, 10, 23, 30, tzinfo=UTC)]]
    ws = load(generate_xlsx([Sheet("T", ["Tid"], rows)]))["T"]
    assert ws["A2"].value == dt.datetime(2026, 1, 11, 0, 30)
    assert dt.datetime(2026, 1, 11, 0, 30, tzinfo=OSLO) == rows[0][0]


def test_sheet_titles_are_sanitized_and_unique():
    long_title = "Kompetanseplan for sykepleiere i kommunehelsetjenesten"
    sheets = [
        Sheet("Plan: Kreft/Palliasjon [2026]?", ["A"], []),
        Sheet(long_title, ["A"], []),
        Sheet(long_title, ["A"], []),
        Sheet("oppsummering", ["A"], []),
        Sheet("Oppsummering", ["A"], []),
        Sheet("*:?", ["A"], []),
    ]
    titles = load(generate_xlsx(sheets)).sheetnames
    assert titles[0] == "Plan Kreft-Palliasjon 2026"
    assert titles[1] == long_title[:31].rstrip()
    assert len(titles[2]) <= 31 and titles[2].endswith(" (2)")
    assert titles[3:5] == ["oppsummering", "Oppsummering (2)"]
    assert titles[5] == "Sheet"
    assert len(set(title.lower() for title in titles)) == len(titles)
    assert all(len(title) <= 31 for title in titles)


def test_empty_sheet_and_options_off():
    data = generate_xlsx(
        [Sheet("Tom", ["Navn", "Status"], iter(()), freeze_header=False, autofilter=False)]
    )
    ws = load(data)["Tom"]
    assert [cell.value for cell in ws[1]] == ["Navn", "Status"]
    assert ws.freeze_panes is None
    assert ws.auto_filter.ref is None
    filtered = load(generate_xlsx([Sheet("Tom", ["Navn", "Status"], [])]))["Tom"]
    assert filtered.auto_filter.ref == "A1:B1"


def test_no_sheets_still_makes_a_valid_workbook():
    assert len(load(generate_xlsx([])).sheetnames) == 1


def test_safe_text():
    assert safe_text("a\x00b\x1fc\td\ne") == "abc\td\ne"
    assert len(safe_text("x" * 40000)) == 32767
    assert safe_text("=1+1") == "=1+1"
    assert safe_text(5) == 5


def test_write_xlsx_to_a_path(tmp_path):
    path = tmp_path / "oversikt.xlsx"
    write_xlsx([Sheet("A", ["x"], [[1], [2]])], path)
    assert load(path.read_bytes())["A"]["A3"].value == 2
    assert XLSX_MIMETYPE.endswith("spreadsheetml.sheet")


def test_libreoffice_opens_the_workbook(tmp_path, workbook_bytes):
    soffice = "/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "oversikt.xlsx"
    source.write_bytes(workbook_bytes)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "csv",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=False,
        capture_output=True,
        timeout=120,
    )
    # soffice exits 0 even when it fails: the output file is the evidence.
    output = tmp_path / "oversikt.csv"
    assert output.exists()
    text = output.read_text(encoding="utf-8", errors="replace")
    assert "Kari Nordmann" in text
    assert "@SUM(A1)" in text
