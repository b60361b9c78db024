"""The overview written in batches and with long id lists is the same workbook, cell for cell."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook
from sqlalchemy import select

from app.core import batch
from app.people.models import Person
from app.reports import overview
from app.reports.overview import Scope, build_overview
from tests.reports.test_overview import HOSTILE, ON, world  # noqa: F401 - the fixture

LAGET = "Laget"


def _cells(data) -> dict[str, list[tuple]]:
    wb = load_workbook(data)
    out = {}
    for ws in wb.worksheets:
        rows = []
        for row in ws.iter_rows():
            if row[0].value == LAGET:  # the time the file was made
                continue
            rows.append(
                tuple(
                    (c.value, c.data_type, c.number_format, c.fill.fgColor.rgb, c.font.b,
                     c.quotePrefix)
                    for c in row
                )
            )  # fmt: skip
        out[ws.title] = rows
    return out


def test_batches_and_long_lists_write_the_same_workbook(db, world, monkeypatch):  # noqa: F811
    scope = Scope("Alle", select(Person.id), None)
    plain = _cells(build_overview(scope, ON))
    monkeypatch.setattr(batch, "INLINE_IDS", 0)
    monkeypatch.setattr(overview, "BATCH", 1)
    monkeypatch.setattr(overview, "ROWS_SPOOL_BYTES", 10)  # rows go through files on disk
    other = _cells(build_overview(scope, ON))
    assert other == plain
    sheet = next(v for k, v in plain.items() if k not in ("Sammendrag", "Om filen"))
    names = [row[0][0] for row in sheet[1:]]
    assert names == [HOSTILE, "Anne Aas", "Bjørn Berg"]
    assert sheet[1][0][5] is True  # the formula-like name keeps its quote prefix
    assert isinstance(sheet[1][5][0], dt.datetime) and sheet[1][5][2] == "DD.MM.YYYY"
