"""The real task engine: Huey consumers on Redis deliver the outbox of the test database.

Redis runs on the CI machine (127.0.0.1:6379); each test uses a queue of its own in the test
Redis database (TestConfig.REDIS_URL), so parallel runs never share tasks. The rows are
committed for real (the workers read them from other connections) and removed afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
from sqlalchemy import delete, select

from app.core import mail
from app.core.models import OutboxMessage
from app.extensions import db
from app.notifications.tasks import make_huey, register

ROOT = Path(__file__).resolve().parents[2]


def _redis_up(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture()
def engine(app):
    """A Huey of its own on the test Redis, with the app's tasks."""
    url = app.config["REDIS_URL"]
    if not _redis_up(url):
        pytest.skip(f"Redis is not reachable at {url}")
    huey = make_huey(url, name=f"kn-test-{uuid.uuid4().hex[:8]}")
    tasks = register(huey, app)
    yield huey, tasks
    huey.flush()


@pytest.fixture()
def committed(app):
    """Outbox rows committed for real; whatever the test made is deleted afterwards."""
    made: list[str] = []

    def add(n: int) -> list[str]:
        tag = uuid.uuid4().hex[:6]
        subjects = [f"Melding {tag}-{i}" for i in range(n)]
        with app.app_context():
            db.session.add_all(
                OutboxMessage(**mail.outbox_row("kari@example.no", s, "Tekst")) for s in subjects
            )
            db.session.commit()
        made.extend(subjects)
        return subjects

    yield add
    with app.app_context():
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.subject.in_(made)))
        db.session.commit()


@contextmanager
def consumers(huey, count: int):
    """``count`` Huey consumers (two worker threads each) on the same queue, as two worker
    processes would be; the signal handlers they install are given back afterwards."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    started = []
    try:
        for _ in range(count):
            consumer = huey.create_consumer(workers=2, worker_type="thread", periodic=False)
            consumer.start()
            started.append(consumer)
        yield started
    finally:
        for consumer in started:
            consumer.stop(graceful=True)
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _statuses(app, subjects):
    with app.app_context():
        rows = db.session.execute(
            select(OutboxMessage.subject, OutboxMessage.status).where(
                OutboxMessage.subject.in_(subjects)
            )
        ).all()
        db.session.remove()
    return dict(rows)


def test_two_workers_never_send_the_same_message(app, engine, committed, smtp_server):
    huey, tasks = engine
    subjects = committed(40)
    with consumers(huey, 2):
        results = [tasks["deliver_outbox"]() for _ in range(8)]
        outcomes = [r.get(blocking=True, timeout=60) for r in results]
    received = Counter(m["Subject"] for m in smtp_server.messages)
    assert {s: received[s] for s in subjects} == dict.fromkeys(subjects, 1)
    assert sum(o["sent"] for o in outcomes) >= 40
    assert set(_statuses(app, subjects).values()) == {"sent"}


def test_the_daily_job_runs_on_the_worker(app, engine, committed, smtp_server):
    huey, tasks = engine
    subjects = committed(3)
    with consumers(huey, 1):
        outcome = tasks["run_day"]("2026-03-03").get(blocking=True, timeout=60)
    assert outcome["sent"] >= 3 and "queued" in outcome
    assert {m["Subject"] for m in smtp_server.messages} >= set(subjects)


def test_the_worker_process_delivers_mail_a_request_handed_over(
    app, engine, committed, smtp_server, database_url
):
    """``huey_consumer worker.huey``, the production command, as a separate process."""
    huey, _tasks = engine
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": app.config["REDIS_URL"],
        "HUEY_NAME": huey.name,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(app.config["MAIL_PORT"]),
        "SECRET_KEY": "worker-test",
        "PYTHONPATH": str(ROOT),
    }
    consumer = Path(sys.executable).with_name("huey_consumer")
    process = subprocess.Popen(
        [str(consumer), "worker.huey", "-w", "2", "-k", "thread", "--no-periodic"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        subjects = committed(5)
        with app.app_context():
            ids = list(
                db.session.scalars(
                    select(OutboxMessage.id).where(OutboxMessage.subject.in_(subjects))
                )
            )
        # What the web process does after a commit with MAIL_DELIVERY=worker.
        huey.enqueue(_tasks["deliver_outbox"].s(ids))
        deadline = time.monotonic() + 60
        while set(_statuses(app, subjects).values()) != {"sent"}:
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "the worker did not deliver"
            time.sleep(0.2)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    received = Counter(m["Subject"] for m in smtp_server.messages)
    assert {s: received[s] for s in subjects} == dict.fromkeys(subjects, 1)


def test_the_nightly_jobs_are_on_the_schedule(engine):
    """Progress is rebuilt just after midnight in Norway and the retention run follows; the
    scheduler of the same consumer starts them (no cron needed)."""
    import datetime as dt

    huey, _tasks = engine
    due = {
        (hour, minute): {t.name.rsplit(".", 1)[-1] for t in huey.read_periodic(
            dt.datetime(2026, 12, 3, hour, minute)
        )}
        for hour, minute in ((23, 30), (2, 0), (12, 0))
    }
    assert "rebuild_progress" in due[(23, 30)] and "retention" not in due[(23, 30)]
    assert "retention" in due[(2, 0)] and "rebuild_progress" not in due[(2, 0)]
    assert not {"rebuild_progress", "retention"} & due[(12, 0)]


def test_the_retention_run_anonymises_on_the_worker(app, engine):
    """A person whose last membership ended long ago is anonymised by the worker's job."""
    import datetime as dt

    from app.networks.models import Membership, Network
    from app.people.models import Person, Profession

    huey, tasks = engine
    tag = uuid.uuid4().hex[:6]
    with app.app_context():
        network = db.session.scalar(select(Network).order_by(Network.id).limit(1))
        nurse = db.session.scalar(select(Profession).where(Profession.key == "nurse"))
        person = Person(
            name=f"Gammel Medlem {tag}", email=f"gammel-{tag}@example.no", profession=nurse
        )
        db.session.add(person)
        db.session.flush()
        db.session.add(
            Membership(
                person_id=person.id,
                network_id=network.id,
                start=dt.date(2010, 1, 1),
                end=dt.date(2015, 6, 30),
            )
        )
        db.session.commit()
        person_id = person.id
        db.session.remove()

    def stored() -> Person:
        with app.app_context():
            found = db.session.get(Person, person_id)
            db.session.expunge(found)
            db.session.remove()
        return found

    try:
        with consumers(huey, 1):
            # Huey keeps no result of a periodic task: the database tells.
            tasks["retention"]("2026-12-03")
            deadline = time.monotonic() + 60
            while stored().name != f"Anonymisert person #{person_id}":
                assert time.monotonic() < deadline, "the worker did not run the retention"
                time.sleep(0.2)
        assert tag not in stored().email
    finally:
        with app.app_context():
            db.session.execute(delete(Person).where(Person.id == person_id))
            db.session.commit()
