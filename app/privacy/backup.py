"""Back the database up and restore a backup into an empty database.

SQLite: Python's sqlite3 online backup API (a consistent copy while the app runs).
PostgreSQL: `pg_dump --format=custom` and `pg_restore`, found on PATH or under
/usr/lib/postgresql/*/bin (the newest version first).
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore with a fixed argument list, no shell
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import Engine, make_url


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the operator."""


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0,
        reverse=True,
    )
    if candidates:
        return candidates[0]
    raise BackupError(f"{name} not found on PATH or in /usr/lib/postgresql/*/bin")


def _sqlite_path(engine: Engine) -> str:
    database = engine.url.database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite database cannot be backed up")
    return database


def _pg_env(engine: Engine) -> tuple[list[str], dict[str, str]]:
    url = make_url(engine.url)
    env = dict(os.environ)
    args = []
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    if url.password:
        env["PGPASSWORD"] = url.password
    args += ["--dbname", url.database or "postgres"]
    return args, env


def create_backup(engine: Engine, out_dir: str | os.PathLike, *, now: dt.datetime) -> Path:
    """Write a backup of the database into `out_dir`; its path."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    if engine.dialect.name == "sqlite":
        target = folder / f"kompetansenett-{stamp}.sqlite3"
        source = sqlite3.connect(_sqlite_path(engine))
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        return target
    if engine.dialect.name == "postgresql":
        target = folder / f"kompetansenett-{stamp}.dump"
        args, env = _pg_env(engine)
        command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return target
    raise BackupError(f"no backup for the {engine.dialect.name} database")


def is_empty(engine: Engine) -> bool:
    """True when the database has no tables at all."""
    return not inspect(engine).get_table_names()


def restore_backup(engine: Engine, file: str | os.PathLike) -> None:
    """Restore `file` into the (empty) database of `engine`."""
    path = Path(file)
    if not path.is_file():
        raise BackupError(f"no such backup file: {path}")
    if not is_empty(engine):
        raise BackupError(
            "the database is not empty: restore only into an empty database "
            "(create a new one and point DATABASE_URL at it)"
        )
    if engine.dialect.name == "sqlite":
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{path} is not an SQLite backup")
        engine.dispose()
        source = sqlite3.connect(path)
        dest = sqlite3.connect(_sqlite_path(engine))
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        return
    if engine.dialect.name == "postgresql":
        args, env = _pg_env(engine)
        command = [_tool("pg_restore"), "--no-owner", "--exit-on-error", *args, str(path)]
        result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        return
    raise BackupError(f"no restore for the {engine.dialect.name} database")
