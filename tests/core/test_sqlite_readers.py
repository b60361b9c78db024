"""SQLite under concurrent use: 16 API clients reading while one writes, through a live,
threaded server on a file database — no request fails ("database is locked" was a 500), and
a GET writes nothing in its own transaction (the token's last use is a throttled side write).

It needs committed data seen by many connections, so it builds its own app on a fresh
database instead of using the rolled-back `db` fixture."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from app import create_app
from app.config import TestConfig
from app.extensions import db

READERS = 16
READS_EACH = 25
WRITES = 40


def _call(base: str, method: str, path: str, token: str, body: dict | None = None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=60) as response:  # noqa: S310 - loopback
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture()
def live_sqlite():
    """A threaded server on a fresh, migrated SQLite file, with an admin and 16 tokens."""
    from flask_migrate import upgrade

    from app.auth.models import Role, User
    from app.auth.operations import create_api_token
    from app.people.models import Person, Profession

    folder = tempfile.mkdtemp(prefix="kn-readers-")
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{os.path.join(folder, 'db.sqlite3')}"
    app = create_app(config)
    with app.app_context():
        upgrade()
        profession = Profession(key="nurse", name_nb="Sykepleier", name_en="Nurse")
        admin = User(email="admin@example.no", role=Role.admin, active=True)
        person = Person(name="Lesbar", email="lesbar@example.no", profession=profession)
        db.session.add_all([admin, person])
        db.session.flush()
        tokens = [create_api_token(admin) for _ in range(READERS + 1)]
        db.session.commit()
        person_id = person.id
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_port}", tokens, person_id
    finally:
        server.shutdown()
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()


def test_sixteen_readers_and_a_writer_never_fail(live_sqlite):
    app, base, tokens, person_id = live_sqlite
    writer_token, reader_tokens = tokens[0], tokens[1:]
    start = threading.Barrier(READERS + 1)
    failures: list[tuple] = []

    def read(token: str) -> None:
        start.wait(timeout=60)
        for i in range(READS_EACH):
            path = f"/api/v1/persons/{person_id}" if i % 2 else "/api/v1/networks"
            status, body = _call(base, "GET", path, token)
            if status != 200:
                failures.append(("GET", path, status, body[:200]))

    def write() -> None:
        start.wait(timeout=60)
        for i in range(WRITES):
            status, body = _call(
                base, "PATCH", f"/api/v1/persons/{person_id}", writer_token, {"phone": str(i)}
            )
            if status != 200:
                failures.append(("PATCH", status, body[:200]))
            status, body = _call(
                base,
                "POST",
                "/api/v1/persons",
                writer_token,
                {"name": f"Ny {i}", "email": f"ny{i}@example.no", "profession": "nurse"},
            )
            if status != 201:
                failures.append(("POST", status, body[:200]))

    threads = [threading.Thread(target=read, args=(t,)) for t in reader_tokens]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert failures == []
    status, body = _call(base, "GET", f"/api/v1/persons/{person_id}", reader_tokens[0])
    assert json.loads(body)["phone"] == str(WRITES - 1)

    from app.auth.models import ApiToken

    with app.app_context():
        # Every token's first use was recorded, in its own transaction (not rolled back).
        used = db.session.scalars(select(ApiToken.last_used_at)).all()  # readers + the writer
        assert len(used) == READERS + 1 and all(at is not None for at in used)
        db.session.remove()


def test_a_get_writes_nothing_even_when_another_client_holds_the_write_lock(live_sqlite):
    """A writer holding SQLite's write lock does not make an API read fail or wait for it;
    the token note that cannot get the lock is skipped, not an error."""
    app, base, tokens, person_id = live_sqlite
    with app.app_context():
        with db.engine.connect() as conn:
            # Outside a request a transaction begins IMMEDIATE: this holds the write lock.
            conn.exec_driver_sql("UPDATE api_tokens SET last_used_at = NULL")
            try:
                status, body = _call(base, "GET", f"/api/v1/persons/{person_id}", tokens[1])
            finally:
                conn.rollback()
    assert status == 200 and json.loads(body)["name"] == "Lesbar"
