"""Parsing helpers shared by the API handlers: JSON bodies, dates and Oslo datetimes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, request
from flask_babel import gettext as _

from app.core.errors import DomainError
from app.core.types import OSLO, UTC

#: the largest whole number a database column holds (PostgreSQL INTEGER)
MAX_INT = 2**31 - 1


def _check_sizes(value: Any, path: str) -> None:
    """A 422 on the first whole number no column can hold (instead of a database error)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) > MAX_INT:
            raise DomainError(path, _("Tallet er for stort."))
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_sizes(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_sizes(item, f"{path}.{index}")


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 with a clear message."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, description=_("Forventet et JSON-objekt i forespørselen."))
    _check_sizes(data, "")
    return data


def parse_date(value: Any, field: str, *, required: bool = False) -> dt.date | None:
    """A plain YYYY-MM-DD date."""
    if value is None or value == "":
        if required:
            raise DomainError(field, _("Feltet må fylles ut."))
        return None
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise DomainError(field, _("Ugyldig dato, bruk ÅÅÅÅ-MM-DD."))


def parse_datetime(value: Any, field: str, *, required: bool = False) -> dt.datetime | None:
    """`YYYY-MM-DDTHH:MM[:SS]`, Europe/Oslo local time unless an offset is given; aware UTC."""
    if value is None or value == "":
        if required:
            raise DomainError(field, _("Feltet må fylles ut."))
        return None
    if isinstance(value, str) and "T" in value:
        text = value.strip()
        if text.endswith("Z"):
            text = text[:-1] + "+00:00"
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is not None:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=OSLO)
            return parsed.astimezone(UTC)
    raise DomainError(field, _("Ugyldig tidspunkt, bruk ÅÅÅÅ-MM-DDTTT:MM."))


def parse_int(value: Any, field: str, *, minimum: int | None = None) -> int | None:
    """An integer (not a bool), optionally at least `minimum`."""
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
    """A number (int or float, not a bool)."""
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


def created(body: dict[str, Any]):
    """A 201 answer with the created object."""
    return body, 201
