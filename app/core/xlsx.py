"""Excel workbooks for exports, streamed with openpyxl's write-only mode.

Row builders return ``(headers, rows)``; :func:`generate_xlsx` turns them into a file. Every
string is written as a text cell (never a formula), so user input such as ``=HYPERLINK(...)``
stays inert; dates and datetimes are real Excel dates shown the Norwegian way, in Oslo time.
"""

from __future__ import annotations

import datetime as dt
import enum
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from app.core.types import OSLO

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
TIME_FORMAT = "HH:MM"
#: What Excel and LibreOffice may read as the start of a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_CHARS = 32767
MAX_TITLE_CHARS = 31
_TITLE_DASHES = str.maketrans({"/": "-", "\\": "-"})
_TITLE_SPACES = str.maketrans({ch: " " for ch in "[]:*?"})
_BOLD = Font(bold=True)


@dataclass
class Sheet:
    """One worksheet: a header row and data rows (rows may be a generator)."""

    title: str
    headers: list[str]
    rows: Iterable[Sequence[Any]]
    #: Column widths in characters; by default taken from the header lengths.
    widths: list[int] | None = None
    freeze_header: bool = True
    autofilter: bool = True
    #: the full title printed above every page (the sheet's title is cut to 31 characters)
    print_title: str | None = None


#: characters XML 1.0 cannot hold (openpyxl's own pattern misses U+FFFE, U+FFFF and lone
#: surrogates, which then break the whole sheet for Excel and openpyxl alike)
ILLEGAL_CHARACTERS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_text(value: Any) -> Any:
    """Strip characters XML cannot hold and cap a string's length; other values pass."""
    if not isinstance(value, str):
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:MAX_CELL_CHARS]


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet would take this text for a formula if it were not forced to text."""
    return text.startswith(FORMULA_PREFIXES)


def sanitize_title(title: str, used: set[str]) -> str:
    """A valid, unique (case-insensitive) sheet title of at most 31 characters; records it."""
    clean = ILLEGAL_CHARACTERS_RE.sub("", title.translate(_TITLE_DASHES).translate(_TITLE_SPACES))
    clean = " ".join(clean.split()).strip("'").strip() or "Sheet"
    if clean.lower() == "history":  # reserved by Excel
        clean = "History (1)"
    clean = clean[:MAX_TITLE_CHARS].rstrip()
    candidate, number = clean, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = clean[: MAX_TITLE_CHARS - len(suffix)].rstrip() + suffix
        number += 1
    used.add(candidate.lower())
    return candidate


def text_cell(ws: WriteOnlyWorksheet, value: Any, *, bold: bool = False, fill: Any = None) -> Cell:
    """A cell that holds text whatever the text looks like (never a formula)."""
    text = safe_text("" if value is None else str(value))
    cell = WriteOnlyCell(ws, text)
    # Assigning "=..." makes openpyxl choose a formula; the type is forced back to a string.
    cell.data_type = "s"
    if is_formula_like(text):
        # Excel and LibreOffice then keep the cell as text even when a user edits it.
        cell.quotePrefix = True
    if bold:
        cell.font = _BOLD
    if fill is not None:
        cell.fill = fill
    return cell


def _cell(ws: WriteOnlyWorksheet, value: Any) -> Any:
    """The value or cell to append for one Python value."""
    if value is None or isinstance(value, bool | int | float | Decimal | Cell):
        return value
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(OSLO).replace(tzinfo=None)
        cell = WriteOnlyCell(ws, value)
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(ws, value)
        cell.number_format = DATE_FORMAT
        return cell
    if isinstance(value, dt.time):
        cell = WriteOnlyCell(ws, value.replace(tzinfo=None))
        cell.number_format = TIME_FORMAT
        return cell
    if isinstance(value, bool | int | float | Decimal):  # an enum's value
        return value
    return text_cell(ws, value if isinstance(value, str) else str(value))


def _header_text(text: str) -> str:
    """Text for a printed page header: '&' is a control character there, and 255 the limit."""
    return safe_text(text).replace("&", "&&")[:200]


def print_layout(ws: WriteOnlyWorksheet, title: str | None = None) -> None:
    """Print as people expect: A4 landscape, one page wide, the header row on every page, the
    title above and page numbers below. Call it before the first row (write-only mode)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if title:
        ws.oddHeader.center.text = _header_text(title)
    ws.oddFooter.center.text = "&P / &N"


def prepare_sheet(
    ws: WriteOnlyWorksheet,
    widths: Sequence[float],
    *,
    freeze: bool = True,
    title: str | None = None,
) -> None:
    """Layout that write-only mode needs before the first row: column widths, the frozen
    header row and the print layout."""
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if freeze:
        ws.freeze_panes = "A2"
    print_layout(ws, title)


def header_lines(headers: Sequence[str], widths: Sequence[float]) -> int:
    """How many lines the tallest wrapped header takes (roughly one character per width unit)."""
    lines = (-(-len(h) // max(int(w) - 1, 1)) for h, w in zip(headers, widths, strict=True))
    return min(max(lines, default=1), 8)


def _write_sheet(workbook: Workbook, sheet: Sheet, title: str) -> None:
    """Append one worksheet: layout first (write-only mode needs it before any row), then rows."""
    ws = workbook.create_sheet(title)
    columns = len(sheet.headers)
    widths = sheet.widths or [min(max(len(str(h)) + 4, 10), 60) for h in sheet.headers]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if sheet.freeze_header and columns:
        ws.freeze_panes = "A2"
    print_layout(ws, sheet.print_title or sheet.title)
    if columns:
        ws.append([text_cell(ws, str(header), bold=True) for header in sheet.headers])
    count = 0
    for row in sheet.rows:
        ws.append([_cell(ws, value) for value in row])
        count += 1
    if sheet.autofilter and columns:
        # The autoFilter element follows sheetData, so write-only mode accepts it after the rows.
        ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{count + 1}"


def _workbook(sheets: Iterable[Sheet]) -> Workbook:
    """A write-only workbook holding the sheets (at least one, as Excel requires)."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook, sheet, sanitize_title(sheet.title, used))
    if not used:
        workbook.create_sheet("Sheet")
    return workbook


def generate_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The workbook file for the sheets, as bytes."""
    buffer = io.BytesIO()
    _workbook(sheets).save(buffer)
    return buffer.getvalue()


def write_xlsx(sheets: Iterable[Sheet], path: str | os.PathLike[str]) -> None:
    """Write the workbook for the sheets to a file."""
    _workbook(sheets).save(os.fspath(path))
