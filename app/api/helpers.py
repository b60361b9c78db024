"""Helpers shared by the API handlers: the JSON body, unknown fields, the value parsers,
201 answers, the acting user."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_babel import gettext as _
from flask_login import current_user

from app.core.errors import BadRequestError, DomainError
from app.core.parsing import (  # noqa: F401 - the API's parsers, re-exported
    MAX_INT,
    MAX_JSON_DEPTH,
    check_body,
    check_list,
    json_too_deep,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_int,
    parse_number,
    parse_text,
)


def json_body() -> dict[str, Any]:
    """The request's JSON object, or a 400 with a clear message.

    Depth is checked on the raw bytes before anything parses them; then every value of the
    body in one pass (`check_body`): numbers a column can hold, text with no illegal
    character, lists within their documented limits and without a repeated value."""
    if json_too_deep(request.get_data(cache=True)):
        raise BadRequestError(
            "body",
            _("JSON-en er nestet dypere enn %(n)d nivåer.", n=MAX_JSON_DEPTH),
            code="too_deep",
        )
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(400, description=_("Forventet et JSON-objekt i forespørselen."))
    check_body(data)
    return data


def optional_json_body() -> dict[str, Any]:
    """The request's JSON object where a body may be left out: an empty body is `{}`, any
    other passes the same checks as `json_body` (so a deep one is a 400, not a 500)."""
    if not request.get_data(cache=True):
        return {}
    return json_body()


def only_fields(data: dict[str, Any], allowed: set[str] | frozenset[str]) -> dict[str, Any]:
    """The body as it is, or a 422 on the first field the endpoint does not know."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise DomainError(unknown[0], _("Ukjent felt."), code="unknown_field")
    return data


def created(body: dict[str, Any]):
    """A 201 answer with the created object."""
    return body, 201


def acting_user() -> Any:
    """The user behind the token itself, not Flask-Login's proxy: what operations keep as
    the author of a record."""
    return current_user._get_current_object()
