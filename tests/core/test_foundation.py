"""The app's skeleton: health check, migrations, configuration, security headers, language."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app import create_app


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_favicon_is_an_icon_and_every_page_names_it(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype == "image/vnd.microsoft.icon"
    assert response.data[:4] == b"\x00\x00\x01\x00"  # the ICO signature
    page = client.get("/login").get_data(as_text=True)
    assert 'rel="icon"' in page and "favicon.svg" in page


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from app.config import ProductionConfig

    class NoKey(ProductionConfig):
        SECRET_KEY = None

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(NoKey)


def test_security_headers_on_pages(client):
    response = client.get("/login")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in headers  # plain http in tests
    secure = client.get("/login", base_url="https://localhost")
    assert "max-age" in secure.headers["Strict-Transport-Security"]


def test_login_page_is_norwegian_and_english_selectable(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="nb"' in page and "Passord" in page
    client.get("/lang/en")
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en"' in page and "Password" in page


def test_unknown_page_is_404_page_not_stacktrace(client):
    response = client.get("/finnes-ikke")
    assert response.status_code == 404
    assert "Fant ikke" in response.get_data(as_text=True)


def test_migrations_match_models_and_downgrade(tmp_path, database_url):
    """`flask db upgrade` on an empty database, `flask db check`, then `downgrade base`."""
    if database_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        cleanup = None
    else:
        from tests.conftest import PG_URL, _create_pg_database, _drop_pg_database

        url, name = _create_pg_database(PG_URL)
        cleanup = name
    env = {"DATABASE_URL": url, "FLASK_APP": "wsgi", "INSTANCE_PATH": str(tmp_path)}
    import os

    env = {**os.environ, **env}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    try:
        for args in (
            ["db", "upgrade"],
            ["db", "check"],
            ["db", "downgrade", "base"],
            ["db", "upgrade"],
        ):
            result = subprocess.run(
                flask + args, env=env, capture_output=True, text=True, timeout=300
            )
            assert result.returncode == 0, (args, result.stdout, result.stderr)
        assert (
            "No new upgrade operations detected"
            in subprocess.run(
                flask + ["db", "check"], env=env, capture_output=True, text=True, timeout=300
            ).stdout
        )
    finally:
        if cleanup:
            from tests.conftest import PG_URL, _drop_pg_database

            _drop_pg_database(PG_URL, cleanup)


def test_nul_characters_are_a_400_not_a_500(client, api, db):
    from app.auth.models import Role
    from tests.factories import make_user

    assert client.get("/register?municipality=%00").status_code == 400
    assert client.post("/login", data={"email": "a\x00@b.no", "password": "x"}).status_code == 400
    response = api(make_user(Role.admin)).post(
        "/api/v1/persons", json={"name": "A\u0000", "email": "a@b.no", "profession": "nurse"}
    )
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_behind_a_proxy_forwarded_https_gets_hsts(monkeypatch):
    from app.config import TestConfig

    class Proxied(TestConfig):
        PROXY_COUNT = 1
        SQLALCHEMY_DATABASE_URI = "sqlite://"

    client = create_app(Proxied).test_client()
    response = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "max-age" in response.headers.get("Strict-Transport-Security", "")


@pytest.mark.parametrize(
    ("role", "sees_reports"),
    [("resource_person", False), ("supervisor", False), ("leader", True), ("coordinator", True)],
)
def test_menu_shows_only_pages_the_role_can_open(login, factories, role, sees_reports):
    user = factories.make_user(role)
    client = login(user)
    page = client.get("/", follow_redirects=True).get_data(as_text=True)
    menu = page.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]
    assert ("/reports" in menu) is sees_reports
    assert client.get("/reports").status_code == (200 if sees_reports else 403)
