"""Capacity under concurrency: 50 simultaneous registrations for 10 seats give exactly 10 seats
and 40 on the waiting list, none lost, with threads (one connection each) and with separate
processes, on SQLite and on PostgreSQL (when TEST_DATABASE_URL is set).

These tests need committed data seen by many connections, so they build their own app on a
fresh database instead of using the rolled-back `db` fixture."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import tempfile
import threading

import pytest
from sqlalchemy import func, select

from app import create_app
from app.config import TestConfig
from app.extensions import db
from tests.conftest import PG_URL, _create_pg_database, _drop_pg_database

N_PEOPLE = 50
SEATS = 10
#: seconds a writer waits for SQLite's write lock, and for the others to be ready
QUEUE_TIMEOUT = 600


def _config(url: str) -> dict:
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = url
    options = {"pool_size": N_PEOPLE + 5, "max_overflow": 10}
    if url.startswith("sqlite"):
        # Fifty writers queue on SQLite's one write lock: on a loaded machine the last in line
        # may wait longer than the app's 30 s busy timeout (that, not a lost lock, was the
        # flaky "database is locked"). The queue is what is tested, so it may wait longer.
        options["connect_args"] = {"timeout": QUEUE_TIMEOUT}
    config["SQLALCHEMY_ENGINE_OPTIONS"] = options
    return config


def _register(url: str, offering_id: int, person_id: int, barrier, app=None) -> None:
    """One registration in its own app context (own session and connection)."""
    from app.courses.models import Offering
    from app.people.models import Person
    from app.registrations import operations as registrations

    app = app or create_app(_config(url))
    with app.app_context():
        barrier.wait(timeout=QUEUE_TIMEOUT)
        offering = db.session.get(Offering, offering_id)
        person = db.session.get(Person, person_id)
        registrations.register(offering, person)
        db.session.commit()
        db.session.remove()


def _process_main(url, offering_id, person_id, barrier, errors) -> None:
    try:
        _register(url, offering_id, person_id, barrier)
    except BaseException as error:  # reported to the parent
        errors.put(repr(error))


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database(request):
    """A migrated, empty database URL of each kind (PostgreSQL only when configured)."""
    if request.param == "postgresql":
        if not PG_URL:
            pytest.skip("TEST_DATABASE_URL not set: PostgreSQL concurrency test skipped")
        url, name = _create_pg_database(PG_URL)
    else:
        folder = tempfile.mkdtemp(prefix="kn-concurrency-")
        url, name = f"sqlite:///{os.path.join(folder, 'db.sqlite3')}", None
    app = create_app(_config(url))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.session.remove()
    yield url, app
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()
    if name:
        _drop_pg_database(PG_URL, name)


def _setup(app) -> tuple[int, list[int]]:
    from app.core.types import utcnow
    from app.courses.models import Course, Offering
    from app.people.models import Person, Profession

    with app.app_context():
        profession = Profession(key="nurse", name_nb="Sykepleier", name_en="Nurse")
        course = Course(key="samtidighet", title="Samtidighetskurs")
        start = utcnow() + dt.timedelta(days=30)
        offering = Offering(
            course=course,
            start=start,
            end=start + dt.timedelta(hours=6),
            capacity=SEATS,
            seats_taken=0,
            revision=0,
        )
        people = [
            Person(name=f"Person {i}", email=f"p{i}@example.no", profession=profession)
            for i in range(N_PEOPLE)
        ]
        db.session.add_all([offering, *people])
        db.session.commit()
        ids = offering.id, [p.id for p in people]
        db.session.remove()
        return ids


def _assert_outcome(app, offering_id: int) -> None:
    from app.courses.models import Offering
    from app.registrations.models import Registration, RegistrationStatus

    with app.app_context():
        counts = dict(
            db.session.execute(
                select(Registration.status, func.count())
                .where(Registration.offering_id == offering_id)
                .group_by(Registration.status)
            ).all()
        )
        assert counts == {
            RegistrationStatus.registered: SEATS,
            RegistrationStatus.waitlisted: N_PEOPLE - SEATS,
        }
        assert db.session.get(Offering, offering_id).seats_taken == SEATS
        waiting = db.session.scalars(
            select(Registration.waitlisted_at).where(
                Registration.status == RegistrationStatus.waitlisted
            )
        ).all()
        assert all(at is not None for at in waiting)
        db.session.remove()


def test_fifty_threads_ten_seats(fresh_database):
    url, app = fresh_database
    offering_id, person_ids = _setup(app)
    barrier = threading.Barrier(N_PEOPLE)
    errors: list[BaseException] = []

    def run(person_id: int) -> None:
        try:
            _register(url, offering_id, person_id, barrier, app=app)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(pid,)) for pid in person_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=QUEUE_TIMEOUT)
    assert errors == []
    _assert_outcome(app, offering_id)


def test_fifty_processes_ten_seats(fresh_database):
    url, app = fresh_database
    offering_id, person_ids = _setup(app)
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()  # no connection crosses the fork
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(N_PEOPLE)
    errors = context.Queue()
    processes = [
        context.Process(target=_process_main, args=(url, offering_id, pid, barrier, errors))
        for pid in person_ids
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=QUEUE_TIMEOUT)
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert failures == []
    assert [p.exitcode for p in processes] == [0] * N_PEOPLE
    _assert_outcome(app, offering_id)
