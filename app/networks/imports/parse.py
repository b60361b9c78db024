"""Reading a member-import workbook: the header row found by its aliases, then cleaned rows.

The workbook has already passed :func:`app.core.uploads.check_xlsx`; reading it can still fail
(no header, missing columns, too many rows), which is an :class:`ImportFileError` about the file
as a whole rather than about one row.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from openpyxl import load_workbook

from app.core.errors import DomainError

#: (field, header in the template) — the order of the template's columns
COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "navn"),
    ("email", "e-post"),
    ("profession", "yrke"),
    ("workplace", "arbeidssted"),
    ("municipality", "kommune"),
    ("phone", "telefon"),
    ("hpr", "hpr"),
    ("further_education", "videreutdanning"),
    ("leader_email", "leders e-post"),
    ("start", "startdato"),
)
REQUIRED_COLUMNS = ("name", "email", "profession")
MAX_ROWS = 5000
#: rows looked at in all, empty ones included (a sheet can claim a million empty rows)
MAX_SCANNED_ROWS = 20000
SHEET_NAME = "Medlemmer"

_ALIASES = {
    "name": "name",
    "navn": "name",
    "e-post": "email",
    "epost": "email",
    "e-postadresse": "email",
    "email": "email",
    "e-mail": "email",
    "yrke": "profession",
    "profession": "profession",
    "arbeidssted": "workplace",
    "workplace": "workplace",
    "kommune": "municipality",
    "kommunenummer": "municipality",
    "municipality": "municipality",
    "telefon": "phone",
    "mobil": "phone",
    "phone": "phone",
    "hpr": "hpr",
    "hpr-nummer": "hpr",
    "hprnummer": "hpr",
    "videreutdanning": "further_education",
    "further education": "further_education",
    "leders e-post": "leader_email",
    "leders epost": "leader_email",
    "leder e-post": "leader_email",
    "leder": "leader_email",
    "leader email": "leader_email",
    "startdato": "start",
    "start": "start",
    # the day the person was appointed resource person is the membership's start
    "oppnevnt": "start",
    "oppnevnt dato": "start",
    "dato oppnevnt": "start",
    "oppnevningsdato": "start",
    "oppnevnt som ressursperson": "start",
    "ressursperson fra": "start",
    "appointed": "start",
    "appointed on": "start",
    "fra dato": "start",
    "start date": "start",
}


class ImportFileError(DomainError):
    """The workbook as a whole cannot be imported (no header, missing columns, too many rows)."""

    def __init__(self, message: str) -> None:
        super().__init__("file", message, code="invalid_file")


@dataclass
class RowIn:
    """One data row of the sheet: its Excel row number and its cleaned values by field."""

    number: int
    values: dict[str, Any]


def _header_key(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    # "leader_email" (the API's field name) reads as "leader email"
    text = " ".join(value.replace("*", " ").replace("_", " ").replace("\u00a0", " ").split())
    text = text.lower()
    text = text.rstrip(":").strip()
    return _ALIASES.get(text)


def _clean(value: Any) -> Any:
    """A cell value made plain: stripped text or None, whole floats as ints, datetimes as dates."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.replace("\u00a0", " ").strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def read_rows(data: bytes) -> list[RowIn]:
    """The data rows of an accepted workbook; ImportFileError when it has no usable header."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (KeyError, ValueError, TypeError, OSError, zipfile.BadZipFile, IndexError) as error:
        raise ImportFileError(_("Kunne ikke lese regnearket. Er filen skadet?")) from error
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        raise ImportFileError(_("Kunne ikke lese regnearket. Er filen skadet?")) from error
    try:
        names = workbook.sheetnames
        if not names:
            raise ImportFileError(_("Regnearket har ingen ark."))
        sheet = workbook[SHEET_NAME] if SHEET_NAME in names else workbook[names[0]]
        return _rows_of(sheet)
    except ImportFileError:
        raise
    except Exception as error:  # a malformed sheet part
        raise ImportFileError(_("Kunne ikke lese regnearket. Er filen skadet?")) from error
    finally:
        workbook.close()


def _rows_of(sheet: Any) -> list[RowIn]:
    """The cleaned, non-empty data rows under the first row that reads as a header."""
    columns: dict[int, str] | None = None
    rows: list[RowIn] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_SCANNED_ROWS:
            raise ImportFileError(_("Høyst %(n)d rader per import.", n=MAX_ROWS))
        if columns is None:
            columns = _header_columns(values)
            # The header is looked for in the first ten rows only (a title row may come first).
            if columns is None and number >= 10:
                break
            continue
        cleaned = {
            key: _clean(values[i]) if i < len(values) else None for i, key in columns.items()
        }
        if all(v is None for v in cleaned.values()):
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(_("Høyst %(n)d rader per import.", n=MAX_ROWS))
        rows.append(RowIn(number, cleaned))
    if columns is None:
        raise ImportFileError(
            _(
                "Fant ingen overskriftsrad (navn, e-post, yrke, …). "
                "Bruk malen og ikke endre overskriftene."
            )
        )
    return rows


def _header_columns(values: tuple[Any, ...]) -> dict[int, str] | None:
    """Column index → field when this row reads as the header, else None."""
    found = {i: key for i, v in enumerate(values) if (key := _header_key(v))}
    if len(found) < 2:
        return None
    missing = [
        header for key, header in COLUMNS if key in REQUIRED_COLUMNS and key not in found.values()
    ]
    if missing:
        raise ImportFileError(_("Regnearket mangler kolonnene: %(c)s.", c=", ".join(missing)))
    return found


# --------------------------------------------------------------------------- cell values
#
# A cell may hold anything; these read one kind of value from it and raise ValueError when
# they cannot, so that the row checks can word the reason.


def email_of(value: Any) -> str:
    """The normalised (lower-case) e-mail address in a cell; ValueError when it is none."""
    if not isinstance(value, str):
        raise ValueError
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValueError from error


def maybe_email(value: Any) -> str | None:
    """The normalised e-mail address in a cell, or None when it holds none."""
    try:
        return email_of(value)
    except ValueError:
        return None


def hpr_text(value: Any) -> str | None:
    """An HPR number's text without spaces (not yet checked), or None for an empty cell."""
    if value is None:
        return None
    return str(value).strip().replace(" ", "")


def date_of(value: Any) -> dt.date:
    """The date in a cell (a date, or text in one of the usual Norwegian forms); else ValueError."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y"):
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a plain date
            except ValueError:
                continue
    raise ValueError
