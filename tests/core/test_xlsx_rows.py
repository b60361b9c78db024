"""The fast row writer: rows written as XML and spliced in open as real cells in openpyxl."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill

from app.core.xlsx_rows import RowXml, column_letters, sheet_part_name, splice_rows

FILLS = {"met": PatternFill("solid", fgColor="C6EFCE")}
WORDS = {"met": "Oppfylt"}


def _workbook_with(row_xml: str) -> object:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Ark")
    cells = RowXml(ws, FILLS, WORDS)
    ws.append(["Navn", "Status", "Dato", "Tall"])
    letters = column_letters(4)
    row = row_xml(cells, letters)
    saved = io.BytesIO()
    wb.save(saved)
    saved.seek(0)
    out = io.BytesIO()
    splice_rows(saved, out, {sheet_part_name(ws): io.BytesIO(row.encode())})
    out.seek(0)
    return load_workbook(out)["Ark"]


def test_rows_open_as_text_status_date_and_number_cells():
    def row(cells, letters):
        return (
            '<row r="2">'
            + cells.text(letters[0] + "2", "Åse <Ø> & co")
            + cells.status(letters[1] + "2", "met")
            + cells.date(letters[2] + "2", dt.date(2026, 3, 1))
            + cells.number(letters[3] + "2", 12.5)
            + "</row>"
        )

    ws = _workbook_with(row)
    name, status, day, number = (c for c in ws[2])
    assert name.value == "Åse <Ø> & co"
    assert status.value == "Oppfylt" and status.fill.fgColor.rgb.endswith("C6EFCE")
    assert day.value.date() == dt.date(2026, 3, 1) and day.is_date
    assert number.value == 12.5


def test_formula_like_text_stays_text_and_illegal_characters_are_dropped():
    def row(cells, letters):
        return (
            '<row r="2">'
            + cells.text(letters[0] + "2", "=HYPERLINK(\"x\")")
            + cells.text(letters[1] + "2", "a\ufffeb\x01c")
            + "</row>"
        )

    ws = _workbook_with(row)
    formula, cleaned = ws["A2"], ws["B2"]
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("x")'
    assert formula.quotePrefix
    assert "\ufffe" not in cleaned.value and "\x01" not in cleaned.value
