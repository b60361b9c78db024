"""Workbooks for the import tests, built with openpyxl the way Excel users fill them in."""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook, load_workbook

HEADERS = [
    "navn",
    "e-post",
    "yrke",
    "arbeidssted",
    "kommune",
    "telefon",
    "hpr",
    "videreutdanning",
    "leders e-post",
    "startdato",
]


def xlsx(rows: Iterable[Sequence[Any]], headers: Sequence[str] = HEADERS) -> bytes:
    """A workbook with a "Medlemmer" sheet: the header row, then the rows."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Medlemmer"
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed as text (Excel: a leading apostrophe)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def load(data: bytes):
    """Load a workbook back (normal mode, so styles and freeze panes can be read)."""
    return load_workbook(io.BytesIO(data))


def rezip(
    data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None
) -> bytes:
    """A copy of a zip with some entries replaced or added."""
    replace = replace or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def as_xlsm(data: bytes) -> bytes:
    """A macro-enabled workbook (what Excel saves as .xlsm), to be uploaded renamed as .xlsx."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        types = src.read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    return rezip(
        data, replace={"[Content_Types].xml": types}, add={"xl/vbaProject.bin": b"\x00" * 64}
    )


@functools.lru_cache
def zip_bomb(megabytes: int = 100) -> bytes:
    """A small zip whose one entry inflates to `megabytes` of zeros, dressed as a workbook."""
    out = io.BytesIO()
    chunk = b"\x00" * (1024 * 1024)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.xml", b"<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
            for _ in range(megabytes):
                entry.write(chunk)
    return out.getvalue()
