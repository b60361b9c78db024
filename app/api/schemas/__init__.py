"""The typed request and response models of API v1 (pydantic), one module per endpoint group,
and `typed`, which puts them on a view. The OpenAPI document (`app/api/openapi.py`) is
generated from them by spectree.

The models describe; they do not refuse. What a body may hold is checked by the one text
parser (`app/core/parsing.py`) and the operations, which name the field in their 422 — so the
limits here (`maxLength`, `maxItems` from `LIST_LIMITS`) are the ones those checks apply, and
the schemathesis run (tests/api/test_schemathesis.py) holds the answers to these models."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel
from spectree import Response, SpecTree

from app.core.parsing import DEFAULT_LIST_LIMIT, LIST_LIMITS, MAX_INT

#: spectree collects the decorated API views only (`strict`); the document is served by
#: app/api/openapi.py, so spectree registers no page or route of its own
#: (by class name, nested ones too, so each model is one schema: keep the names unique)
spec = SpecTree(
    "flask",
    mode="strict",
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
)

#: an id or another whole number a database column holds
Int = Annotated[int, Field(ge=-MAX_INT, le=MAX_INT)]
Id = Annotated[int, Field(ge=1, le=MAX_INT)]
#: a plain `YYYY-MM-DD` date
Date = Annotated[dt.date, Field(json_schema_extra={"example": "2026-01-15"})]
#: `YYYY-MM-DDTHH:MM[:SS]`, Europe/Oslo local time unless an offset is given
DateTime = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?$",
        json_schema_extra={"format": "date-time", "example": "2026-05-14T09:00"},
    ),
]


def text(max_length: int, *, required: bool = False, **extra: Any) -> Any:
    """A text field of at most `max_length` characters (what the parser allows); a required
    one must not be empty."""
    if required:
        return Field(min_length=1, max_length=max_length, **extra)
    return Field(None, max_length=max_length, **extra)


def items(field: str, *, required: bool = False, unique: bool = True, **extra: Any) -> Any:
    """A list field: at most its `LIST_LIMITS` entries (by the field's name), each plain value
    at most once (`unique=False` for a list of objects: `check_list` compares only plain
    values, so two equal objects are taken)."""
    limit = LIST_LIMITS.get(field, DEFAULT_LIST_LIMIT)
    schema_extra = {"json_schema_extra": {"uniqueItems": True}} if unique else {}
    if required:
        return Field(max_length=limit, **schema_extra, **extra)
    return Field(None, max_length=limit, **schema_extra, **extra)


class Body(BaseModel):
    """A request body: its fields are optional unless marked, and unknown ones are ignored
    unless the endpoint says otherwise."""

    model_config = ConfigDict(extra="allow")


class Answer(BaseModel):
    """A response body: it may carry more fields than these."""

    model_config = ConfigDict(extra="allow")


class Created(Answer):
    """What a create answers at least: the new object's id."""

    id: Id


class ListOf(RootModel):
    """Base of list answers."""


def typed(
    *,
    json: type[BaseModel] | None = None,
    resp: type[BaseModel] | None = None,
    status: int | tuple[int, ...] = 200,
    query: type[BaseModel] | None = None,
    form: type[BaseModel] | None = None,
    optional_body: bool = False,
):
    """Document the view's request body (JSON, and `form` where multipart is taken too),
    query and main answer (at `status`, or each of several; `resp=None` with 204) with
    models. A view without `json` takes no body; `optional_body` says it may be left out.

    Validation is left to the parser and the operations (see the module docstring), so a
    refused body keeps its 400/422 with the field named, exactly as before."""
    codes = status if isinstance(status, tuple) else (status,)
    responses = Response(**{f"HTTP_{code}": resp for code in codes})
    document = spec.validate(
        json=json, form=form, query=query, resp=responses, skip_validation=True
    )

    def decorator(view):
        view = document(view)
        view.optional_body = optional_body  # read by app/api/openapi.py
        return view

    return decorator


__all__ = ["Answer", "Body", "Created", "Date", "DateTime", "Id", "Int", "ListOf", "items",
           "spec", "text", "typed"]
