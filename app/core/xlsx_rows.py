"""Fast data rows for large write-only workbooks: cells written as sheet XML, then spliced in.

openpyxl's write-only mode costs most of a big export in building cell objects. The overview
writes its header and styles through openpyxl, builds each data row as the same `<c>` XML
openpyxl would write (`RowXml`), spools the rows, and `splice_rows` puts them into the saved
file's `sheetData`. Text goes through the same guards as every workbook cell (`safe_text`: no
XML-illegal characters; formula-like text gets the quote prefix, so it stays text).
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from typing import IO, Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.compat import safe_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from app.core.types import to_oslo
from app.core.xlsx import DATE_FORMAT, DATETIME_FORMAT, is_formula_like, safe_text


def xml_text(text: str) -> str:
    """Text escaped for an XML text node (as ElementTree escapes it)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


class RowXml:
    """The ``<c>`` elements openpyxl's write-only mode writes, as strings.

    Style ids come from the workbook itself (a styled cell registers its style), so the
    styles part openpyxl writes holds exactly the styles the rows use.
    """

    def __init__(self, ws: Any, fills: dict[str, Any], words: dict[str, str]) -> None:
        self.ws = ws
        self.fills = fills  #: status → PatternFill
        self.words = words  #: status → the word shown
        self._styles: dict[str, str] = {}
        self._dates: dict[Any, str] = {}
        self._statuses: dict[str, str] = {}
        self.epoch = ws.parent.epoch

    def style(self, name: str) -> str:
        """`` s="N"`` for one of the few styles the data rows use."""
        found = self._styles.get(name)
        if found is None:
            cell = WriteOnlyCell(self.ws)
            if name == "date":
                cell.number_format = DATE_FORMAT
            elif name == "datetime":
                cell.number_format = DATETIME_FORMAT
            elif name == "quote":
                cell.quotePrefix = True
            else:  # a status
                cell.fill = self.fills[name]
            found = self._styles[name] = f' s="{cell.style_id}"'
        return found

    def text(self, ref: str, value: str) -> str:
        """A text cell (never a formula: formula-like text gets the quote prefix)."""
        text = safe_text(value)
        style = self.style("quote") if is_formula_like(text) else ""
        if not text:
            return f'<c r="{ref}"{style} t="inlineStr" />'
        stripped = text.strip()
        space = ' xml:space="preserve"' if stripped and stripped != text else ""
        return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{xml_text(text)}</t></is></c>'

    def status(self, ref: str, status: str) -> str:
        """A status word with its fill."""
        tail = self._statuses.get(status)
        if tail is None:
            word = xml_text(str(self.words[status]))
            tail = f'{self.style(status)} t="inlineStr"><is><t>{word}</t></is></c>'
            self._statuses[status] = tail
        return f'<c r="{ref}"{tail}'

    def date(self, ref: str, value: dt.date | dt.datetime | None) -> str:
        """A real Excel date (date and time in Oslo for a datetime), or nothing."""
        if value is None:
            return ""
        tail = self._dates.get(value)
        if tail is None:
            if isinstance(value, dt.datetime):
                local = to_oslo(value) if value.tzinfo else value
                serial = to_excel(local.replace(tzinfo=None), self.epoch)
                style = self.style("datetime")
            else:
                serial = to_excel(value, self.epoch)
                style = self.style("date")
            tail = f'{style} t="n"><v>{safe_string(serial)}</v></c>'
            self._dates[value] = tail
        return f'<c r="{ref}"{tail}'

    @staticmethod
    def number(ref: str, value: float | int | None) -> str:
        """A number, or nothing."""
        if value is None:
            return ""
        return f'<c r="{ref}" t="n"><v>{safe_string(value)}</v></c>'


_LETTERS: list[str] = []


def column_letters(count: int) -> list[str]:
    """Column letters A, B, … for at least ``count`` columns."""
    while len(_LETTERS) < count:
        _LETTERS.append(get_column_letter(len(_LETTERS) + 1))
    return _LETTERS


def sheet_part_name(ws: Any) -> str:
    """The part name of a saved worksheet inside the file."""
    return ws.path.lstrip("/")


def splice_rows(source: IO[bytes], target: IO[bytes], rows: dict[str, Any]) -> None:
    """Copy the saved workbook, putting each sheet's data rows at the end of its sheetData."""
    with (
        zipfile.ZipFile(source) as zin,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as zout,
    ):
        for info in zin.infolist():
            data = zin.read(info.filename)
            extra = rows.get(info.filename)
            if extra is None:
                zout.writestr(info, data)
                continue
            head, end, tail = data.partition(b"</sheetData>")
            if not end:
                raise ValueError(f"no sheetData in {info.filename}")
            part = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            part.compress_type = zipfile.ZIP_DEFLATED
            with zout.open(part, "w") as fh:
                fh.write(head)
                extra.seek(0)
                shutil.copyfileobj(extra, fh, 1024 * 1024)
                fh.write(end)
                fh.write(tail)
