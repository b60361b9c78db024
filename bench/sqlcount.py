"""Count SQL statements sent through an engine (SQLAlchemy ``before_cursor_execute``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


class Counter:
    """How many statements (an executemany counts once) ran inside the block."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *args, **kwargs) -> None:
        self.count += 1


@contextmanager
def counting(engine: Engine) -> Iterator[Counter]:
    """``with counting(db.engine) as c: ...; c.count``."""
    counter = Counter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)
