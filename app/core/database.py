"""Database engine set-up: SQLite pragmas and write transactions that take the lock early."""

from __future__ import annotations

import sqlite3

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

_READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def _wants_write_lock() -> bool:
    """Writes (and work outside a request) start with BEGIN IMMEDIATE on SQLite.

    SQLite upgrades a read lock to a write lock only if no other writer got there first, and
    otherwise fails at once with "database is locked"; taking the write lock at BEGIN makes
    concurrent writers queue (busy_timeout) instead. Reads stay deferred so that, with WAL,
    pages keep loading while something is written.
    """
    if has_request_context():
        return request.method not in _READ_METHODS
    return True


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is too late and lax).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()
    if mode and mode[0] not in ("memory", "wal"):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn) -> None:
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("BEGIN IMMEDIATE" if _wants_write_lock() else "BEGIN")


def init_app(app: Flask) -> None:
    """Nothing per app yet: the listeners above are global to every engine."""
    app.extensions.setdefault("kompetansenett_db", True)
