"""Revision stamps: a number that changes in the same transaction as every change to the rows
it watches, so a validator (a public page's ETag) costs one primary-key read instead of
aggregates over thousands of rows. The new value is random, not the old one plus one: a
database restored from a backup (or a test's rollback) never brings back a value that once
stood for other content.

A layer above core names what a stamp watches (``watch("register", Person, Membership)``);
every ORM write through any session of this process then renews it on commit. Renewing it
for a change that turns out to change nothing only costs a visitor one full page."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import event, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.database import transaction_cache
from app.core.models import Revision
from app.extensions import db

T = TypeVar("T")

_WATCHED: dict[type, set[str]] = {}
_PENDING = "kn_revisions"


def watch(key: str, *models: type) -> None:
    """Renew the stamp ``key`` whenever a row of one of these models is added, changed or
    deleted."""
    for model in models:
        _WATCHED.setdefault(model, set()).add(key)


def current(key: str) -> int:
    """The stamp's value (0 before its first change): every stamp is read in one statement
    at the transaction's first question (a page asks for two or three), and the answers are
    kept until the transaction ends (a stamp changes only at a commit)."""
    cache = transaction_cache()
    stamps = cache.get(_STAMPS)
    if stamps is None:
        stamps = cache[_STAMPS] = {k: v for k, v in db.session.execute(_ALL).all()}
    return stamps.get(key) or 0


_ALL = select(Revision.key, Revision.value)
_STAMPS = "revisions"


#: what :func:`memo` keeps, oldest first; a few hundred small values per process
_MEMO: dict[tuple, object] = {}
_MEMO_SIZE = 256


def memo(key: str, parts: tuple, build: Callable[[], T]) -> T:
    """What ``build()`` returns, kept in this process while the stamp ``key`` stands: a value
    that depends only on the rows the stamp watches and on ``parts`` (which must name
    everything else it depends on: the network, the day, the reader's language). One
    primary-key read instead of ``build``'s queries; never per user."""
    session = db.session
    if session.autoflush:
        session.flush()  # as a query would: what is pending counts as written
    if key in session.info.get(_PENDING, ()):
        # This transaction wrote rows the stamp watches: the stamp will change at the
        # commit, and what is kept may no longer hold.
        return build()
    full = (key, current(key), *parts)
    try:
        return _MEMO[full]  # type: ignore[return-value]
    except KeyError:
        pass
    value = build()
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)), None)
    _MEMO[full] = value
    return value


def forget() -> None:
    """Drop what :func:`memo` keeps (a test whose database was rolled back)."""
    _MEMO.clear()


def _after_flush(session: Session, _context) -> None:
    # Still the flushed state here: new, dirty and deleted list what this flush wrote.
    keys: set[str] = set()
    for obj in itertools.chain(session.new, session.dirty, session.deleted):
        keys |= _WATCHED.get(type(obj), set())
    if keys:
        session.info.setdefault(_PENDING, set()).update(keys)


def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    keys = session.info.pop(_PENDING, None)
    for key in sorted(keys or ()):
        _renew(session, key)


def _renew(session: Session, key: str) -> None:
    value = 1 + secrets.randbelow(2**31 - 2)
    renew = update(Revision).where(Revision.key == key).values(value=value)
    if session.execute(renew).rowcount:
        return
    try:
        with session.begin_nested():
            session.execute(insert(Revision).values(key=key, value=value))
    except IntegrityError:  # another transaction wrote the first one meanwhile
        session.execute(renew)


def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


def init_app(_app) -> None:
    """Listen to every session of this process (once)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_rollback", _after_rollback)
