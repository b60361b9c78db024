"""Page and id query arguments, bounded so that no URL can overflow a database integer."""

from __future__ import annotations

from typing import Any

from flask import request

from app.extensions import db

#: No list has this many pages; anything larger is clamped (an empty last page, not a 500).
MAX_PAGE = 100_000
#: The largest value a 32-bit signed INTEGER column holds.
MAX_INT = 2**31 - 1


def page_arg(name: str = "page") -> int:
    """The requested page number, 1..MAX_PAGE (1 when missing or not a number)."""
    raw = (request.args.get(name) or "").strip()
    if not (raw.isascii() and raw.isdigit()):
        return 1
    if len(raw) > 12:
        return MAX_PAGE
    return min(max(int(raw), 1), MAX_PAGE)


def int_arg(name: str, source: Any = None) -> int | None:
    """A positive id from the query string (or `source`), None when missing or out of range."""
    raw = ((source if source is not None else request.args).get(name) or "").strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_INT else None


def paginate(query: Any, *, per_page: int, **kwargs: Any) -> Any:
    """db.paginate with the page taken from ?page= and clamped; never a 404 or a 500."""
    kwargs.setdefault("error_out", False)
    return db.paginate(query, page=page_arg(), per_page=per_page, max_per_page=per_page, **kwargs)


class RowPage:
    """A page of rows paged in SQL or in Python (the shape the pagination macro reads)."""

    __slots__ = ("items", "page", "per_page", "total")

    def __init__(self, items: list[Any], page: int, per_page: int, total: int) -> None:
        self.items = items
        self.page = page
        self.per_page = per_page
        self.total = total

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1
