"""Shared fixtures: an app on a migrated database (SQLite, or PostgreSQL when
TEST_DATABASE_URL is set), a per-test rolled-back session, clients, a login helper, the
query counter (`count_queries`) and the factories of tests/factories.py."""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from contextlib import contextmanager

import pytest
from flask import g, request_started
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url

from app import create_app
from app.config import TestConfig
from app.core import revisions
from app.extensions import db as _db
from app.extensions import limiter
from tests import factories as factories_module

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
#: non-empty while the harness commits a test's setup at the start of a request
_SETUP_COMMIT: list[bool] = []


def _create_pg_database(base_url: str) -> tuple[str, str]:
    """A fresh, uniquely named PostgreSQL database next to the given one."""
    url = make_url(base_url)
    name = f"kn_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), name


def _drop_pg_database(base_url: str, name: str) -> None:
    admin = create_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url():
    """The URL of a fresh, empty database for this test session."""
    if PG_URL:
        url, name = _create_pg_database(PG_URL)
        yield url
        _drop_pg_database(PG_URL, name)
    else:
        folder = tempfile.mkdtemp(prefix="kn-test-")
        yield f"sqlite:///{os.path.join(folder, 'test.sqlite3')}"


TRANSLATIONS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "app", "translations")


@pytest.fixture(scope="session")
def compiled_catalogues(app):
    """`make test` compiles the catalogues; compile here too when a test that reads them
    runs on its own after a .po changed (and forget translations looked up before)."""
    import subprocess
    import sys
    from pathlib import Path

    from flask_babel import get_domain

    stale = [
        po
        for po in Path(TRANSLATIONS).glob("*/LC_MESSAGES/messages.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    if stale:
        result = subprocess.run(  # noqa: S603 - our own interpreter and babel
            [sys.executable, "-m", "babel.messages.frontend", "-q", "compile", "-d", TRANSLATIONS],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        with app.app_context():
            get_domain().cache.clear()


@pytest.fixture(scope="session")
def app(database_url):
    """The app on a database built by `flask db upgrade`, with reference data loaded."""
    from flask_migrate import upgrade

    instance = tempfile.mkdtemp(prefix="kn-instance-")
    os.environ.setdefault("INSTANCE_PATH", instance)
    application = create_app(
        {
            **{k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()},
            "SQLALCHEMY_DATABASE_URI": database_url,
        }
    )
    with application.app_context():
        upgrade()
        from app.seed.reference import seed_reference

        seed_reference()
        _db.session.commit()
        _db.session.remove()

    def forget_cached_user(sender, **extra):
        # Tests keep an app context open, which Flask reuses for requests: drop the
        # user Flask-Login cached in `g` so each request authenticates afresh.
        g.pop("_login_user", None)
        g.pop("_flask_babel", None)  # Flask-Babel caches the locale in `g` too
        if sender.config.get("_COMMIT_SETUP_BEFORE_REQUEST"):
            # What a test set up exists before the request, as in real life: a view that
            # rolls back after refusing input must not take the test's fixtures with it.
            # (Inside the `db` fixture this only ends a savepoint.) Its statements, the
            # read model's refresh of what the test set up among them, are the setup's, not
            # the request's: `count_queries` leaves them out.
            _SETUP_COMMIT.append(True)
            try:
                _db.session.commit()
            finally:
                _SETUP_COMMIT.pop()

    request_started.connect(forget_cached_user, application)
    yield application


@pytest.fixture()
def db(app):
    """A session whose work is rolled back after the test (flask-sqlalchemy #1171 recipe)."""
    with app.app_context():
        engines = _db.engines
        swapped = []
        for key, engine in list(engines.items()):
            connection = engine.connect()
            transaction = connection.begin()
            engines[key] = connection
            swapped.append((key, engine, connection, transaction))
        _db.session.remove()
        _db.session.configure(join_transaction_mode="create_savepoint")
        limiter.reset()
        revisions.forget()  # a rolled-back test leaves no stamp behind to match the next one's
        app.config["_COMMIT_SETUP_BEFORE_REQUEST"] = True
        try:
            yield _db
        finally:
            app.config["_COMMIT_SETUP_BEFORE_REQUEST"] = False
            _db.session.remove()
            for key, engine, connection, transaction in swapped:
                if transaction.is_active:
                    transaction.rollback()
                connection.close()
                engines[key] = engine


@pytest.fixture()
def client(app, db):
    """A test client on the rolled-back session."""
    return app.test_client()


@pytest.fixture()
def runner(app, db):
    """A CLI runner on the rolled-back session."""
    return app.test_cli_runner()


@pytest.fixture()
def login(client):
    """`login(user)` signs the test client in as that user."""

    def do_login(user):
        # Keep the test's setup safe from a view's rollback after a refused form: commit ends
        # the savepoint only; the outer transaction still rolls everything back after the test.
        _db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        if user.mfa_enabled or user.role.value in client.application.config["MFA_REQUIRED_ROLES"]:
            pass_mfa(client, user)
        return client

    return do_login


def pass_mfa(client, user):
    """The second sign-in step done the honest way: the user gets an authenticator with the
    test secret (if she has none), and a right, unused code goes to the real code page."""
    if not user.mfa_enabled:
        factories_module.enrol_totp(user)
        _db.session.commit()
    data = {"code": factories_module.fresh_totp_code(user.totp_secret, user.totp_last_counter)}
    if client.application.config.get("WTF_CSRF_ENABLED"):  # a test that turned CSRF on
        page = client.get("/login/code").get_data(as_text=True)
        data["csrf_token"] = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[1]
    response = client.post("/login/code", data=data)
    assert "/login" not in response.headers.get("Location", "/login"), response.get_data(True)
    return client


@pytest.fixture()
def login_without_mfa(client):
    """`login_without_mfa(user)`: a session past the password step only (MFA not done)."""

    def do_login(user):
        _db.session.commit()
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
        return client

    return do_login


@pytest.fixture()
def api(client, db):
    """`api(user).get/post/patch/put(path, json=...)` with a fresh bearer token."""
    from app.auth.operations import create_api_token

    class Api:
        def __init__(self, token: str) -> None:
            self.headers = {"Authorization": f"Bearer {token}"}

        def __getattr__(self, method):
            def call(path, **kwargs):
                headers = {**self.headers, **kwargs.pop("headers", {})}
                return getattr(client, method)(path, headers=headers, **kwargs)

            return call

    def for_user(user):
        token = create_api_token(user)
        _db.session.commit()  # as in `login`: setup survives a handler's rollback
        return Api(token)

    return for_user


@contextmanager
def serve_smtp(config):
    """A real SMTP server (aiosmtpd) on localhost while the block runs; the app whose `config`
    is given sends its mail there. Yields the handler: `.messages` are the received ones."""
    import socket

    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Collector(Message):
        def __init__(self) -> None:
            super().__init__()
            self.messages = []

        def handle_message(self, message) -> None:
            self.messages.append(message)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    old = config.get("MAIL_SERVER"), config.get("MAIL_PORT")
    config["MAIL_SERVER"] = "127.0.0.1"
    config["MAIL_PORT"] = port
    try:
        yield handler
    finally:
        config["MAIL_SERVER"], config["MAIL_PORT"] = old
        controller.stop()


@pytest.fixture()
def smtp_server(app):
    """A real SMTP server (aiosmtpd) on localhost; the app sends its mail there."""
    with serve_smtp(app.config) as handler:
        yield handler


class QueryCount:
    """The SQL statements run inside a `count_queries()` block; `count` (or `len`) says how
    many, `selects` only the reads."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        """How many statements ran."""
        return len(self.statements)

    @property
    def selects(self) -> list[str]:
        """The SELECT statements among them."""
        return [s for s in self.statements if s.lstrip().upper().startswith("SELECT")]

    def __len__(self) -> int:
        return self.count


@pytest.fixture()
def count_queries():
    """`with count_queries() as q: ...; q.count` counts the statements the block sends to the
    database, so a test can assert that a page's query count does not grow with its rows."""

    @contextmanager
    def counting():
        seen = QueryCount()

        def before(conn, cursor, statement, parameters, context, executemany):
            if not _SETUP_COMMIT:
                seen.statements.append(statement)

        # On the Engine class: the `db` fixture swaps engines for connections, and a
        # listener there hears them all.
        event.listen(Engine, "before_cursor_execute", before)
        try:
            yield seen
        finally:
            event.remove(Engine, "before_cursor_execute", before)

    return counting


@pytest.fixture()
def factories(db):
    """The shared factories (tests/factories.py), for tests that prefer a fixture to an import."""
    return factories_module
