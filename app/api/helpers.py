"""Helpers shared by the API handlers: the JSON body, the value parsers, 201 answers."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_babel import gettext as _

from app.core.errors import DomainError
from app.core.parsing import (  # noqa: F401 - the API's parsers, re-exported
    MAX_INT,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_int,
    parse_number,
)


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


def created(body: dict[str, Any]):
    """A 201 answer with the created object."""
    return body, 201
