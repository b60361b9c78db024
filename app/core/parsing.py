"""Plain values from outside (JSON, forms, spreadsheets) into Python values, or a DomainError
naming the field. Shared by the API handlers and the operations."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from flask_babel import gettext as _

from app.core.errors import DomainError
from app.core.types import OSLO, UTC

#: the largest whole number a database column holds (PostgreSQL INTEGER)
MAX_INT = 2**31 - 1
#: the years a date or time may fall in: wide enough for every real record (memberships,
#: service periods, courses), narrow enough that time-zone arithmetic never overflows
MIN_YEAR, MAX_YEAR = 1900, 2200


def _check_year(value: dt.date, field: str) -> None:
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise DomainError(field, _("Året må være mellom %(a)d og %(b)d.", a=MIN_YEAR, b=MAX_YEAR))


def _missing(value: Any, field: str, required: bool) -> bool:
    if value is None or value == "":
        if required:
            raise DomainError(field, _("Feltet må fylles ut."))
        return True
    return False


def parse_date(value: Any, field: str, *, required: bool = False) -> dt.date | None:
    """A plain YYYY-MM-DD date (a date object passes through)."""
    if _missing(value, field, required):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    elif isinstance(value, str) and len(value.strip()) == 10:
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    if not isinstance(value, dt.date):
        raise DomainError(field, _("Ugyldig dato, bruk ÅÅÅÅ-MM-DD."))
    _check_year(value, field)
    return value


def parse_datetime(value: Any, field: str, *, required: bool = False) -> dt.datetime | None:
    """`YYYY-MM-DDTHH:MM[:SS]`, Europe/Oslo local time unless an offset is given; aware UTC."""
    if _missing(value, field, required):
        return None
    if isinstance(value, str) and "T" in value:
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            value = None
    if not isinstance(value, dt.datetime):
        raise DomainError(field, _("Ugyldig tidspunkt, bruk ÅÅÅÅ-MM-DDTTT:MM."))
    # Checked before any conversion: year 1 or 9999 overflows when the zone is applied.
    _check_year(value, field)
    if value.tzinfo is None:
        value = value.replace(tzinfo=OSLO)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError) as error:
        raise DomainError(field, _("Ugyldig tidspunkt, bruk ÅÅÅÅ-MM-DDTTT:MM.")) from error


def parse_int(value: Any, field: str, *, minimum: int | None = None) -> int | None:
    """An integer (not a bool) that a database column can hold, optionally at least `minimum`."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DomainError(field, _("Må være et heltall."))
    try:
        number = int(value)
    except ValueError as error:
        raise DomainError(field, _("Må være et heltall.")) from error
    if abs(number) > MAX_INT:
        raise DomainError(field, _("Tallet er for stort."))
    if minimum is not None and number < minimum:
        raise DomainError(field, _("Må være minst %(n)d.", n=minimum))
    return number


def parse_number(value: Any, field: str, *, minimum: float | None = None) -> float | None:
    """A finite number (int or float, not a bool)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DomainError(field, _("Må være et tall."))
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise DomainError(field, _("Må være et tall.")) from error
    if number != number or number in (float("inf"), float("-inf")):
        raise DomainError(field, _("Må være et tall."))
    if minimum is not None and number < minimum:
        raise DomainError(field, _("Må være minst %(n)s.", n=minimum))
    return number


def parse_bool(value: Any, field: str) -> bool | None:
    """A JSON boolean."""
    if value is None:
        return None
    if not isinstance(value, bool):
        raise DomainError(field, _("Må være true eller false."))
    return value


#: the tolerance for comparing counted amounts (months, hours) with what a plan asks
EPS = 1e-9


def num(value: Any, default: float) -> float:
    """A float parameter, or ``default`` when missing or unusable."""
    if value is None or isinstance(value, bool):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return number if math.isfinite(number) else default


# --------------------------------------------------------------------------- text and lists
#
# The one place where outside text and lists are checked: the API runs every request body
# through `check_body`, the web forms every text field through `clean_text` (core/forms.py),
# and operations take lists through `check_list`.

#: characters no stored text may hold: C0 controls but tab and newline (so CR too), the
#: XML-illegal non-characters U+FFFE/U+FFFF, and unpaired surrogates (they cannot be encoded)
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff\ud800-\udfff]")

#: the most entries each list field takes, by the field's name wherever it occurs in a body
#: (README, "Limits"); a list field not named here takes DEFAULT_LIST_LIMIT
LIST_LIMITS = {
    "professions": 50,
    "networks": 50,
    "modules": 200,
    "requirements": 500,
    "courses": 200,
    "items": 500,
    "conditions": 50,
    "findings": 200,
}
DEFAULT_LIST_LIMIT = 1000
#: JSON nested deeper than this is refused before it is parsed
MAX_JSON_DEPTH = 32


def text_problem(text: str) -> str | None:
    """Why this text cannot be stored, or None when it can."""
    match = _ILLEGAL.search(text)
    if match is None:
        return None
    return _("Ugyldig tegn i teksten (U+%(code)04X).", code=ord(match.group()))


def normalise_newlines(text: str) -> str:
    """CRLF (what browsers send for a line break in a textarea) and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(
    value: Any, field: str, max_length: int, *, required: bool = False
) -> str | None:
    """A stripped text of at most `max_length` characters with no illegal character."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DomainError(field, _("Feltet må fylles ut."))
        return None
    if not isinstance(value, str):
        raise DomainError(field, _("Må være tekst."))
    problem = text_problem(value)
    if problem:
        raise DomainError(field, problem)
    text = value.strip()
    if len(text) > max_length:
        raise DomainError(field, _("Høyst %(n)d tegn.", n=max_length))
    return text


def list_limit(field: str) -> int:
    """The most entries the list field (a body path such as `requirements.2.params.courses`)
    takes: by its last name."""
    names = [part for part in field.split(".") if part and not part.isdigit()]
    return LIST_LIMITS.get(names[-1] if names else "", DEFAULT_LIST_LIMIT)


def check_list(value: Any, field: str, *, unique: bool = True) -> list:
    """A list within its field's limit (checked first, so a huge list costs nothing more),
    each plain value at most once: a repeat is refused, never dropped."""
    if not isinstance(value, list | tuple):
        raise DomainError(field, _("Må være en liste."))
    limit = list_limit(field)
    if len(value) > limit:
        raise DomainError(field, _("Høyst %(n)d verdier.", n=limit), code="too_many")
    if unique:
        seen: set = set()
        for item in value:
            if isinstance(item, dict | list):
                continue
            key = (type(item) is bool, item.casefold() if isinstance(item, str) else item)
            if key in seen:
                raise DomainError(
                    field, _("Verdien %(v)s står to ganger.", v=item), code="duplicate"
                )
            seen.add(key)
    return list(value)


def check_body(value: Any, path: str = "") -> None:
    """Every value of a parsed JSON body: numbers a column can hold, text without illegal
    characters (keys too), lists within their limits and without repeats."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise DomainError(path or "body", problem)
    elif isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_INT:
            raise DomainError(path or "body", _("Tallet er for stort."))
    elif isinstance(value, dict):
        for key, item in value.items():
            key_problem = text_problem(str(key))
            if key_problem:
                raise DomainError(path or "body", key_problem)
            check_body(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        check_list(value, path or "body")
        for index, item in enumerate(value):
            check_body(item, f"{path}.{index}")


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def json_too_deep(raw: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON text nests arrays and objects deeper than `limit`, found without
    parsing it (a deep body would exhaust the parser's recursion)."""
    if raw.count(b"[") + raw.count(b"{") <= limit:
        return False
    brackets = _JSON_STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    brackets = brackets.replace(b"{", b"[").replace(b"}", b"]")
    # Each pass removes every innermost pair, so the depth is the number of passes needed;
    # what is left after `limit` passes is deeper than that (or does not balance: no JSON).
    for _pass in range(limit):  # noqa: B007 - only the count matters
        shorter = brackets.replace(b"[]", b"")
        if shorter == brackets:
            break
        brackets = shorter
    return bool(brackets)
