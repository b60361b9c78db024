"""Browser fixtures: the app served in a thread on its own demo-seeded SQLite database,
Debian's Chromium driven by Playwright, and an axe (WCAG 2.1 AA) check."""

from __future__ import annotations

import os
import tempfile
import threading
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    """Every test in this folder is a browser test."""
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_app():
    """A separate app on a temp SQLite file with demo data, CSRF on."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}")
    from flask_migrate import upgrade

    from app import create_app
    from app.config import TestConfig
    from app.core.types import today_oslo
    from app.extensions import db
    from app.seed.demo import seed_demo

    folder = tempfile.mkdtemp(prefix="kn-browser-")
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    config.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{os.path.join(folder, 'live.sqlite3')}",
        WTF_CSRF_ENABLED=True,
        LOGIN_RATE_LIMIT="1000 per minute",
        BASE_URL="http://127.0.0.1",
    )
    application = create_app(config)
    with application.app_context():
        upgrade()
        seed_demo(today_oslo())
        db.session.commit()
        db.session.remove()
    return application


@pytest.fixture(scope="session")
def live_server(live_app):
    """The base URL of the app served by werkzeug in a background thread."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live_app.config["BASE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield live_app.config["BASE_URL"]
    server.shutdown()


@pytest.fixture(scope="session")
def browser(live_server):
    """Headless Debian Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox"]
        )
        yield instance
        instance.close()


@pytest.fixture()
def browser_page(browser, live_server):
    """A fresh browser context (no cookies) and page; base URL set to the live server."""
    context = browser.new_context(base_url=live_server, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture()
def login_as(live_app, live_server):
    """`login_as(page, email)` signs in through the real form with the demo password, and
    for users with MFA (the demo's admins and coordinators) a right code of the demo TOTP
    secret on the code page."""
    from app.seed.demo import DEMO_PASSWORD

    def do_login(page, email: str, password: str = DEMO_PASSWORD):
        page.goto("/login")
        page.get_by_label("E-post").fill(email)
        page.get_by_label("Passord").fill(password)
        page.get_by_role("button", name="Logg inn").click()
        page.wait_for_url(lambda url: urlsplit(url).path in ("/dashboard", "/login/code"))
        if urlsplit(page.url).path == "/login/code":
            page.get_by_label("Kode").fill(totp_code_for(live_app, email))
            page.get_by_role("button", name="Bekreft").click()
            page.wait_for_url(at("/dashboard"))
        return page

    return do_login


def at(path: str):
    """A `wait_for_url` predicate: the page's path is exactly `path` (a glob like
    `**/dashboard` also matches `/login/code?next=/dashboard`)."""
    return lambda url: urlsplit(url).path == path


def totp_code_for(app, email: str) -> str:
    """A right, unused TOTP code for the user (her secret and last used step from the live
    app's database)."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.extensions import db
    from tests.factories import fresh_totp_code

    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        secret, last = user.totp_secret, user.totp_last_counter
        db.session.remove()
    return fresh_totp_code(secret, last)


@pytest.fixture()
def axe_check():
    """`axe_check(page)` fails with axe's report when the page breaks WCAG 2.1 A/AA."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, results.generate_report()

    return check


@pytest.fixture()
def live_smtp(live_app):
    """A real SMTP server (aiosmtpd) that the live app sends its mail to, for this test."""
    from tests.conftest import serve_smtp

    with serve_smtp(live_app.config) as handler:
        yield handler
