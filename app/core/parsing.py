"""Plain values from outside (JSON, forms, spreadsheets) into Python values, or a DomainError
naming the field. Shared by the API handlers and the operations."""

from __future__ import annotations

import datetime as dt
import math
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
