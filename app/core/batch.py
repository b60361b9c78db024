"""Reads keyed by many person ids in one statement, whatever the number of ids.

The progress loaders and the KPM pages name thousands of ids at once: `person_filter` keeps that
one statement (one parameter on SQLite and PostgreSQL) and `scoped_rows` streams long results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import ARRAY, Integer, String, bindparam, cast, func, or_, select

from app.extensions import db

#: id lists up to this length go into a plain ``IN (...)``; longer ones into one parameter
INLINE_IDS = 500
#: rows fetched at a time from the large evidence queries (server-side on PostgreSQL)
YIELD_PER = 5000


def is_long(ids: Sequence[int]) -> bool:
    """Whether an id list takes the one-parameter path of :func:`person_filter`."""
    return len(ids) > INLINE_IDS


def person_filter(column: Any, ids: Sequence[int]) -> Any:
    """``column IN ids`` as one statement whatever the number of ids.

    Short lists are a plain ``IN``; long ones a single text parameter: a JSON array read with
    ``json_each`` on SQLite, an integer array literal read with ``unnest`` on PostgreSQL (no limit
    on the number of bound parameters is ever reached, and the driver adapts one string, not
    thousands of numbers). Other databases get an ``OR`` of ``IN`` lists of a thousand, still
    one statement.
    """
    if not is_long(ids):
        return column.in_(list(ids))
    dialect = db.session.get_bind().dialect.name
    if dialect == "sqlite":
        values = func.json_each(_id_text(ids, "[", "]")).table_valued("value")
        return column.in_(select(values.c.value))
    if dialect == "postgresql":
        array = cast(bindparam(None, _id_text(ids, "{", "}"), type_=String), ARRAY(Integer))
        return column.in_(select(func.unnest(array)))
    ids = list(ids)
    return or_(*(column.in_(ids[i : i + 1000]) for i in range(0, len(ids), 1000)))


#: the last id list written as text: (brackets, ids, text); the loaders name one list often
_last_text: tuple[str, tuple[int, ...], str] = ("", (), "")


def _id_text(ids: Sequence[int], open_: str, close: str) -> str:
    """``[1,2,3]`` / ``{1,2,3}``: the ids as one literal (remembered for the same ids)."""
    global _last_text
    key = tuple(ids)
    last = _last_text  # one read: another thread may replace it meanwhile
    if last[0] == open_ and last[1] == key:
        return last[2]
    text = open_ + ",".join(str(int(i)) for i in key) + close
    _last_text = (open_, key, text)
    return text


def plain_rows(query: Any, params: dict | None = None) -> Any:
    """A column query's rows as plain tuples through the session's connection (Core, no ORM
    row processing: half the cost of ``session.execute`` for a small query), after
    flushing pending changes as ``session.execute`` would."""
    session = db.session
    if session.autoflush:
        session.flush()
    return session.connection().execute(query, params)


def scoped_rows(query: Any, ids: Sequence[int], params: dict | None = None) -> Any:
    """A query's rows as plain tuples (Core, no ORM row processing); for long id lists
    fetched in chunks (a server-side cursor on PostgreSQL) so the driver never holds all.
    ``params``: the values of the query's bound parameters, if it has any."""
    session = db.session
    if session.autoflush:  # as session.execute would: pending changes count
        session.flush()
    connection = session.connection()
    if len(ids) <= INLINE_IDS:
        return connection.execute(query, params)
    return connection.execute(query, params, execution_options={"yield_per": YIELD_PER})


def ids_param(column: Any) -> Any:
    """``column IN (:person_ids)``: the ids as one expanding parameter, bound at each run."""
    return column.in_(bindparam("person_ids", expanding=True))


#: statements built once per process for short id lists, by the function that builds them
_BUILT: dict[Callable[..., Any], Any] = {}


def rows(build: Callable[[Callable[[Any], Any]], Any], ids: Sequence[int], **params: Any) -> Any:
    """The rows (plain tuples) of the statement ``build(name_ids)`` for these persons, where
    ``name_ids(column)`` is the clause that names them.

    For a short list the statement is built once per process with the ids as an expanding
    parameter (:func:`ids_param`), and the ids and ``params`` are bound at each run: building
    a statement and its cache key cost several times more than running it. So ``build`` is a
    module-level function whose statement depends on nothing but the clause it is given
    (every other value a ``bindparam`` named in ``params``). A long list builds it each time
    with :func:`person_filter`, fetched as :func:`scoped_rows` fetches."""
    if is_long(ids):
        return scoped_rows(build(lambda column: person_filter(column, ids)), ids, params)
    if build.__closure__ is not None or "<locals>" in build.__qualname__:
        raise TypeError("batch.rows needs a module-level function (it is kept per process)")
    statement = _BUILT.get(build)
    if statement is None:
        statement = _BUILT[build] = build(ids_param)
    return scoped_rows(statement, ids, {"person_ids": list(ids), **params})
