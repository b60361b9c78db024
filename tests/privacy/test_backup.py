"""Backups: create one of a synthetic country, restore it into a fresh database, and the
progress of every person is the same; a non-empty database is refused."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sqlalchemy import func, select

from app import create_app
from app.config import TestConfig
from app.extensions import db as _db
from app.people.models import Person
from app.progress.reports import progress_for_persons
from bench.synthetic import seed_synthetic
from tests.conftest import PG_URL, _create_pg_database, _drop_pg_database

DAY = dt.date(2026, 11, 25)


def _app(url: str):
    return create_app(
        {
            **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
            "SQLALCHEMY_DATABASE_URI": url,
        }
    )


def _progress(application) -> tuple[int, dict]:
    with application.app_context():
        ids = list(_db.session.scalars(select(Person.id).order_by(Person.id)))
        results = progress_for_persons(ids, DAY)
        plain = {
            pid: [r.to_json() for r in person_results] for pid, person_results in results.items()
        }
        count = _db.session.scalar(select(func.count(Person.id)))
        _db.session.remove()
        _db.engine.dispose()
    return count, plain


@pytest.fixture(params=["sqlite", "postgresql"])
def two_databases(request, tmp_path, monkeypatch):
    """A source and an empty target database of one kind."""
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'target.sqlite3'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL: set TEST_DATABASE_URL")
    source, source_name = _create_pg_database(PG_URL)
    target, target_name = _create_pg_database(PG_URL)
    try:
        yield source, target
    finally:
        _drop_pg_database(PG_URL, source_name)
        _drop_pg_database(PG_URL, target_name)


def test_backup_and_restore_keep_everyones_progress(two_databases, tmp_path):
    from flask_migrate import upgrade

    source_url, target_url = two_databases
    source = _app(source_url)
    with source.app_context():
        upgrade()
        seed_synthetic(60, random_seed=3, today=DAY)
        _db.session.commit()
        _db.session.remove()
    count, before = _progress(source)
    assert count >= 60 and any(before.values())

    made = source.test_cli_runner().invoke(args=["backup", "create", "--out", str(tmp_path / "b")])
    assert made.exit_code == 0, made.output
    file = made.output.strip().splitlines()[-1]
    assert os.path.getsize(file) > 0
    with source.app_context():
        _db.engine.dispose()

    target = _app(target_url)
    restored = target.test_cli_runner().invoke(args=["backup", "restore", file])
    assert restored.exit_code == 0, restored.output
    assert _progress(target) == (count, before)

    # The target is no longer empty: a second restore is refused with a clear message.
    again = target.test_cli_runner().invoke(args=["backup", "restore", file])
    assert again.exit_code != 0 and "not empty" in again.output
    with target.app_context():
        _db.engine.dispose()


def test_restore_refuses_a_missing_file(runner, tmp_path):
    result = runner.invoke(args=["backup", "restore", str(tmp_path / "none.dump")])
    assert result.exit_code != 0 and "no such backup file" in result.output
