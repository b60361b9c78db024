"""Factories and helpers for the gathering tests (flush, never commit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import event

from app.core.types import OSLO
from app.extensions import db
from app.gatherings import operations
from app.gatherings.models import Gathering
from app.networks.models import Network


def oslo(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware datetime in Oslo wall time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def make_gathering(network: Network, **overrides: Any) -> Gathering:
    """A planned theme day in the future (or as overridden), through the operation."""
    values: dict[str, Any] = {
        "kind": "theme_day",
        "title": "Temadag: smertelindring",
        "start": oslo(2030, 5, 14, 9),
        "end": oslo(2030, 5, 14, 15, 30),
        "location": "Hamar kulturhus",
    }
    values.update(overrides)
    return operations.create_gathering(network, values)


class QueryCounter:
    """Counts the SQL statements run while active (`with QueryCounter() as c: ...; c.count`)."""

    def __init__(self) -> None:
        self.count = 0

    def _count(self, *args, **kwargs) -> None:
        self.count += 1

    def __enter__(self) -> QueryCounter:
        event.listen(db.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(db.engine, "before_cursor_execute", self._count)
