"""Shared checks for requirement params: numbers and flags, raising ``DomainError``.

Used by each kind's ``validate``; the messages go through Flask-Babel when raised.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from flask_babel import gettext as _

from app.core.errors import DomainError

KEY_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
#: The largest number any requirement parameter may hold (hours, counts, percentages ...).
MAX_PARAM = 10**6
#: Month and day parameters: a hundred years at most.
MAX_MONTHS = 1200
MAX_DAYS = 36_600


class Check(Protocol):
    """What a kind's validation may ask of the caller: the values the database knows."""

    gathering_kinds: tuple[str, ...]
    site_kinds: tuple[str, ...]
    document_kinds: tuple[str, ...]

    def missing_courses(self, keys: list[str]) -> list[str]:
        """The keys among ``keys`` that name no course."""
        ...


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value == value


def number(
    params: dict, name: str, field: str, *, positive=False, integer=False, maximum=MAX_PARAM
) -> None:
    """Check an optional number parameter (never above `maximum`, by default MAX_PARAM)."""
    if name not in params or params[name] is None:
        return
    value = params[name]
    f = f"{field}.{name}"
    if not _is_number(value) or value in (float("inf"), float("-inf")):
        raise DomainError(f, _("Må være et tall."))
    if integer and value != int(value):
        raise DomainError(f, _("Må være et heltall."))
    if positive and value <= 0:
        raise DomainError(f, _("Må være større enn 0."))
    if value < 0:
        raise DomainError(f, _("Kan ikke være negativ."))
    if value > maximum:
        raise DomainError(f, _("Kan ikke være mer enn %(n)s.", n=maximum))


def boolean(params: dict, name: str, field: str) -> None:
    """Check an optional true/false parameter."""
    if name in params and params[name] is not None and not isinstance(params[name], bool):
        raise DomainError(f"{field}.{name}", _("Må være true eller false."))


def one_of(value: Any, allowed: tuple[str, ...], field: str) -> None:
    """Check that ``value`` is one of ``allowed``."""
    if value not in allowed:
        raise DomainError(field, _("Må være en av: %(k)s", k=", ".join(allowed)))
