"""Database engine set-up: SQLite pragmas, write transactions that take the lock early, the
side writes a read may make (in their own short transaction), and the guard that a GET
request never writes in its own.

SQLite (SQLAlchemy's documented pysqlite recipe): pysqlite's own BEGIN handling is switched
off (`isolation_level = None`) and the "begin" event emits BEGIN itself. A request that may
write (POST, PUT, PATCH, DELETE, and all work outside a request: CLI, jobs) starts with
`BEGIN IMMEDIATE`, so concurrent writers queue on the busy timeout instead of failing when a
read lock cannot be upgraded. A read-only request (GET, HEAD, OPTIONS) starts a deferred
`BEGIN` and never writes, so with WAL it never waits for, nor blocks, a writer. Starting every
transaction deferred and letting the first write upgrade it would be the alternative; it was
refused because an upgrade fails at once (SQLITE_BUSY_SNAPSHOT, no busy wait) whenever another
connection committed since the read began, which is exactly the load the contract describes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.extensions import db

_READ_METHODS = {"GET", "HEAD", "OPTIONS"}
#: SQLite waits this long (ms) for a lock before "database is locked"
BUSY_TIMEOUT_MS = 30000
#: a side write of a read request waits at most this long (ms) for the write lock
SIDE_WRITE_TIMEOUT_MS = 500
#: execution option that marks a connection's next transaction as a write on SQLite
WRITE_OPTION = "kn_write"

log = logging.getLogger(__name__)


def is_read_request() -> bool:
    """True inside a GET, HEAD or OPTIONS request: it must not write in its transaction."""
    return has_request_context() and request.method in _READ_METHODS


def writing_read_request() -> None:
    """Declare that this GET writes by design (an identity provider's redirect back signs the
    user in): the write guard lets it, and on SQLite its transaction takes the write lock."""
    if has_request_context():
        request.kn_read_request = False
        request.kn_writing_get = True


def _wants_write_lock(conn: Connection) -> bool:
    """Writes (and work outside a request) start with BEGIN IMMEDIATE on SQLite.

    SQLite upgrades a read lock to a write lock only if no other writer got there first, and
    otherwise fails at once with "database is locked"; taking the write lock at BEGIN makes
    concurrent writers queue (busy_timeout) instead. Reads stay deferred so that, with WAL,
    pages keep loading while something is written.
    """
    if conn.get_execution_options().get(WRITE_OPTION):
        return True
    if has_request_context() and getattr(request, "kn_writing_get", False):
        return True
    return not is_read_request()


#: each SQLite connection's page cache (KiB) and memory-mapped window (bytes)
#: Each SQLite connection's page cache (KiB): a network's pages read a few thousand rows of a
#: big file, and SQLite's default (2 MB) read them again from the file for every statement
#: (bench: the network overview's statements 15 → 9 ms). Memory-mapped reads were as fast but
#: count every page of the file that an export touches in the process's memory.
CACHE_KIB = 16 * 1024
#: the page cache while an export reads each row once (a bigger one would only hold memory)
ONE_PASS_CACHE_KIB = 2 * 1024


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is too late and lax).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    # At least BUSY_TIMEOUT_MS; a longer wait asked for with connect_args={"timeout": s} stays.
    cursor.execute("PRAGMA busy_timeout")
    current = cursor.fetchone()
    busy = max(BUSY_TIMEOUT_MS, int(current[0]) if current else 0)
    cursor.execute(f"PRAGMA busy_timeout={busy}")
    connection_record.info["busy_timeout"] = busy
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()
    if mode and mode[0] not in ("memory", "wal"):
        # WAL: readers never wait for the writer, nor the writer for readers.
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    if conn.dialect.name != "sqlite":
        return
    if _wants_write_lock(conn):
        # Through SQLAlchemy: "database is locked" must arrive as its OperationalError.
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        # A deferred BEGIN takes no lock: straight to the driver (every read request runs
        # it, and SQLAlchemy's execution machinery cost more than the statement).
        conn.connection.driver_connection.execute("BEGIN")


#: server messages that mean the connection is gone (PostgreSQL restarted or shut down); the
#: psycopg dialect only looks at the connection's state, which is not always set yet
_GONE = (
    "terminating connection",
    "server closed the connection",
    "the database system is shutting down",
    "the database system is starting up",
    "connection is closed",
    "consuming input failed",
)


@event.listens_for(Engine, "handle_error")
def _server_gone(context) -> None:
    """Mark a restarted server's error as a disconnect: the whole pool is renewed, so the
    next request connects afresh instead of meeting another dead connection."""
    if context.is_disconnect or context.engine is None:
        return
    if context.engine.dialect.name != "postgresql":
        return
    message = str(context.original_exception).lower()
    if any(text in message for text in _GONE):
        context.is_disconnect = True


def side_write(statement: Any) -> bool:
    """Run one small write (a token's last use, a language choice) in its own short
    transaction, never in the request's session; True when it was committed.

    A read request must not fail because of it: a lock it cannot get quickly, or any other
    database error, is logged and forgotten (the write is only a convenience)."""
    bind = db.engine
    try:
        if isinstance(bind, Engine):
            with bind.connect() as conn:
                return _side_write_on(conn, statement)
        # Tests run every request on one rolled-back connection: a savepoint there.
        with bind.begin_nested():
            bind.execute(statement)
        return True
    except SQLAlchemyError as error:
        log.warning("side write skipped: %s", error.__class__.__name__)
        return False


def _side_write_on(conn: Connection, statement: Any) -> bool:
    sqlite = conn.dialect.name == "sqlite"
    conn.execution_options(**{WRITE_OPTION: True})
    # On the driver's connection: through SQLAlchemy the PRAGMA would begin a transaction.
    raw = conn.connection.driver_connection if sqlite else None
    busy = conn.connection.info.get("busy_timeout", BUSY_TIMEOUT_MS)
    if raw is not None:
        raw.execute(f"PRAGMA busy_timeout={SIDE_WRITE_TIMEOUT_MS}")
    try:
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = {SIDE_WRITE_TIMEOUT_MS}")
            conn.execute(statement)
    finally:
        if raw is not None:
            raw.execute(f"PRAGMA busy_timeout={busy}")
    return True


def _dispatched_read() -> bool:
    return has_request_context() and getattr(request, "kn_read_request", False)


def _pending_writes(session: Session) -> bool:
    if session.new or session.deleted:
        return True
    return any(session.is_modified(obj) for obj in session.dirty)


#: the key of :func:`transaction_cache` in ``session.info``
_TRANSACTION_CACHE = "kn_transaction_cache"


def transaction_cache() -> dict:
    """A dict that lives as long as the session's current transaction: what a request reads
    more than once and that only a write could change (a revision stamp, the signed-in
    coordinator's networks). It is dropped whenever a transaction or savepoint ends, so a
    value is never older than the transaction that reads it."""
    info = db.session.info
    cache = info.get(_TRANSACTION_CACHE)
    if cache is None:
        cache = info[_TRANSACTION_CACHE] = {}
    return cache


@event.listens_for(Session, "after_transaction_end")
def _drop_transaction_cache(session: Session, _transaction) -> None:
    session.info.pop(_TRANSACTION_CACHE, None)


@event.listens_for(Session, "before_flush")
def _no_writes_in_reads(session: Session, flush_context, instances) -> None:
    """A GET that would write in its transaction is a bug: refused in tests, logged else."""
    if not _dispatched_read() or not _pending_writes(session):
        return
    message = f"{request.method} {request.path} tried to write in its transaction"
    if current_app.testing:
        raise RuntimeError(message)
    log.warning(message)


def init_app(app: Flask) -> None:
    """Mark read requests for the write guard (the listeners above are global)."""

    @app.teardown_appcontext
    def close_session(_error: BaseException | None) -> None:
        # Runs before Flask-SQLAlchemy's own (teardowns run last-registered first): closing
        # a session whose server just went away fails in its rollback, which after the
        # response would be a 500; the connection is dropped and the pool renews it.
        try:
            db.session.remove()
        except SQLAlchemyError as error:
            log.warning("session closed on a lost connection: %s", error.__class__.__name__)
            db.session.registry.clear()

    @app.before_request
    def mark_read_request() -> None:
        # Set as the request is dispatched: what runs before (a test committing its set-up
        # on `request_started`) is not the request's own write.
        request.kn_read_request = is_read_request()


@contextmanager
def one_pass_reads() -> Iterator[None]:
    """Around reads that go through their rows once (the overview export): SQLite's page
    cache is kept small meanwhile, as it would only hold memory that nothing reads again."""
    conn = db.session.connection()
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    raw.execute(f"PRAGMA cache_size=-{ONE_PASS_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
