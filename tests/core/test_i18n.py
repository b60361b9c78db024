"""The English catalogue: complete, compiled, and shown after choosing English."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.factories import make_membership, make_network, make_user

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "app" / "translations"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
EN_MO = EN_PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdf]|%%")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue(compiled_catalogues):
    """The catalogues compiled (tests/conftest.py; it also forgets the cached locale at each
    request, as a real request's fresh app context does)."""
    assert EN_MO.exists()


def _english_catalogue():
    with EN_PO.open("rb") as f:
        return read_po(f, locale="en")


def test_every_message_has_an_english_translation():
    catalogue = _english_catalogue()
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 100
    untranslated = [
        m.id
        for m in messages
        if not m.string or (isinstance(m.string, tuple) and not all(m.string))
    ]
    assert untranslated == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert not catalogue.fuzzy


def test_translations_keep_the_placeholders():
    for message in _english_catalogue():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = sorted(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert sorted(PLACEHOLDER.findall(string)) == expected, message.id
    assert list(_english_catalogue().check()) == []


def test_login_page_in_english_after_choosing_english(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Passord" in page and "Password" not in page

    response = client.get("/lang/en?next=/login")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")

    page = client.get("/login").get_data(as_text=True)
    assert 'lang="en"' in page
    assert "<h1>Log in</h1>" in page
    assert "Password" in page
    assert "Forgot your password?" in page
    assert "Passord" not in page and "Logg inn" not in page
    assert ">Bokmål</a>" in page and ">Nynorsk</a>" in page  # the way back

    client.get("/lang/nb")
    page = client.get("/login").get_data(as_text=True)
    assert 'lang="nb"' in page and "Passord" in page and "Password" not in page


def test_browser_language_english_is_honoured(client):
    page = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(
        as_text=True
    )
    assert "Password" in page and "Passord" not in page


def test_signed_in_dashboard_in_english_and_choice_remembered(client, login):
    network = make_network()
    user = make_user()
    make_membership(user.person, network, start=dt.date(2025, 3, 1))
    login(user)

    page = client.get("/dashboard").get_data(as_text=True)
    assert "Mine nettverk" in page and "Logg ut" in page

    client.get("/lang/en?next=/dashboard")
    assert user.locale == "en"
    page = client.get("/dashboard").get_data(as_text=True)
    assert f"Hello, {user.person.name}" in page
    assert "My networks" in page and network.name in page
    assert "My profile" in page and "Log out" in page and "My page" in page
    for norwegian in ("Mine nettverk", "Min profil", "Logg ut", "Min side", "Hei,"):
        assert norwegian not in page

    # The saved choice outlives the session: a fresh sign-in is still English.
    with client.session_transaction() as session:
        session.clear()
    login(user)
    page = client.get("/dashboard").get_data(as_text=True)
    assert "My networks" in page


def test_english_form_errors_and_flash(client):
    client.get("/lang/en")
    page = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Log in" in page
    assert "Logg inn" not in page
