"""Nynorsk: a complete catalogue, chosen by the language link or the browser, and Norwegian
dates on its pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.core.i18n import LANGUAGE_NAMES
from tests.factories import make_coordinator, make_membership, make_network, make_person, make_user
from tools import untranslated

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "app" / "translations"
NN_PO = TRANSLATIONS / "nn" / "LC_MESSAGES" / "messages.po"
NN_MO = NN_PO.with_suffix(".mo")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue(compiled_catalogues):
    """The catalogues compiled (tests/conftest.py; it also forgets the cached locale at each
    request, as a real request's fresh app context does)."""
    assert NN_MO.exists()


# --------------------------------------------------------------------------- catalogue


def test_nynorsk_catalogue_is_complete_and_keeps_the_placeholders():
    assert untranslated.catalogue_problems(NN_PO, TRANSLATIONS / "messages.pot") == []
    assert untranslated.main(["nn"]) == 0


def test_the_checker_finds_an_empty_entry_and_a_lost_placeholder(tmp_path):
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Kurs"\nmsgstr ""\n\n'
        'msgid "Hei, %(name)s!"\nmsgstr "Hei!"\n\n'
        'msgid "<b>Frist</b> %(d)s"\nmsgstr "<b>Frist</b> %(d)s"\n',
        encoding="utf-8",
    )
    problems = untranslated.catalogue_problems(po)
    assert len(problems) == 2
    assert "empty msgstr" in problems[0] and "'Kurs'" in problems[0]
    assert "placeholders differ" in problems[1] and "%(name)s" in problems[1]


def test_nynorsk_is_offered_with_its_own_name(app):
    assert app.config["LANGUAGES"] == ("nb", "nn", "en")
    assert LANGUAGE_NAMES["nn"] == "Nynorsk"


# --------------------------------------------------------------------------- pages


def test_front_page_in_nynorsk_after_the_language_link(client, db):
    page = client.get("/").get_data(as_text=True)
    assert 'lang="nn"' in page and ">Nynorsk</a>" in page and ">English</a>" in page

    response = client.get("/lang/nn?next=/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/")

    page = client.get("/").get_data(as_text=True)
    assert '<html lang="nn"' in page
    assert "Eitt register for ressurspersonar i palliasjon og kreftomsorg" in page
    assert "Finn ressursperson i kommunen din" in page
    assert ">Nettverka<" in page
    assert "Samlingar" in page and "Hovudmeny" in page  # the menu
    assert "Samlinger" not in page and "Hovedmeny" not in page
    # the way back to bokmål and on to English; no link to the language already chosen
    assert ">Bokmål</a>" in page and ">English</a>" in page and ">Nynorsk</a>" not in page


def test_sign_in_page_in_nynorsk(client):
    client.get("/lang/nn")
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="nn"' in page
    assert "<h1>Logg inn</h1>" in page
    assert "Gløymt passordet?" in page and "Glemt" not in page
    assert "Passord" in page and "Password" not in page
    errors = client.post("/login", data={"email": "", "password": ""}).get_data(as_text=True)
    assert "Feltet må fyllast ut." in errors
    assert "Feltet må fylles ut." not in errors


def test_coordinators_dashboard_in_nynorsk_and_the_choice_is_kept(client, login):
    network = make_network()
    coordinator = make_coordinator(network)
    coordinator.person = make_person(name="Kari Koordinator")
    make_membership(coordinator.person, network, start=dt.date(2025, 3, 1))
    login(coordinator)

    client.get("/lang/nn?next=/dashboard")
    assert coordinator.locale == "nn"
    page = client.get("/dashboard").get_data(as_text=True)
    assert '<html lang="nn"' in page
    assert "Hei, Kari Koordinator" in page
    assert "Nettverk eg koordinerer" in page and network.name in page
    assert "Kommunar utan ressursperson" in page
    assert "Mi side" in page and "Kontoen min" in page and "Logg ut" in page
    assert "Samlingar" in page and "Rapportar" in page  # the menu
    for bokmal in ("Nettverk jeg koordinerer", "Kommuner uten", "Min side", "Rapporter<"):
        assert bokmal not in page
    # Norwegian dates: dd.mm.yyyy
    assert "frå 01.03.2025" in page

    # The saved choice outlives the session.
    with client.session_transaction() as session:
        session.clear()
    login(coordinator)
    assert "Nettverk eg koordinerer" in client.get("/dashboard").get_data(as_text=True)


def test_member_dashboard_dates_in_nynorsk(client, login):
    network = make_network()
    user = make_user()
    make_membership(user.person, network, start=dt.date(2024, 11, 15))
    login(user)
    client.get("/lang/nn")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Mine nettverk" in page and "frå 15.11.2024" in page
    assert "from 15.11.2024" not in page and "fra 15.11.2024" not in page


# --------------------------------------------------------------------------- browser


@pytest.mark.parametrize(
    ("header", "expected", "word"),
    [
        ("nn-NO,nn;q=0.9,nb;q=0.8", "nn", "Gløymt"),
        ("nn", "nn", "Gløymt"),
        ("nb-NO,nb;q=0.9,nn;q=0.8", "nb", "Glemt"),
        ("no,en;q=0.5", "nb", "Glemt"),  # «no» is Norwegian, not a reason for English
        ("en-GB,en;q=0.8", "en", "Forgot"),
    ],
)
def test_browser_language(client, header, expected, word):
    page = client.get("/login", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{expected}"' in page
    assert word in page


# --------------------------------------------------------------------------- mail


@pytest.fixture()
def world(db):
    network = make_network()
    coordinator = make_coordinator(network)
    coordinator.person = make_person(name="Kari Koordinator")
    member = make_person(name="Mona Medlem")
    make_membership(member, network)
    return network, coordinator, member


def test_a_nynorsk_speaking_inviter_sends_the_mail_in_nynorsk(client, login, world, smtp_server):
    _network, coordinator, member = world
    login(coordinator)
    client.get("/lang/nn")
    client.post(f"/persons/{member.id}/invite")
    (message,) = smtp_server.messages
    body = message.get_payload(decode=True).decode()
    assert "Vel eit passord med denne lenkja" in body
    assert "Velg et passord" not in body


@pytest.mark.parametrize(
    ("code", "nurse", "therapist"),
    [
        ("nb", "Sykepleier", "Ergoterapeut"),
        ("nn", "Sjukepleiar", "Ergoterapeut"),
        ("en", "Nurse", "Occupational therapist"),
    ],
)
def test_professions_are_named_in_the_readers_language(client, login, code, nurse, therapist):
    """The members table and the person form name professions in the page's language."""
    from tests.factories import network

    net = network("innlandet-ressurssykepleiere")
    coordinator = make_coordinator(net)
    make_membership(make_person(name="Nina Nynorsk", profession="nurse"), net)
    login(coordinator)
    client.get(f"/lang/{code}?next=/dashboard")
    table = client.get(f"/networks/{net.slug}/members").get_data(as_text=True)
    row = table.split("Nina Nynorsk", 1)[1].split("</tr>", 1)[0]
    assert f"<td>{nurse}</td>" in row
    form = client.get("/persons/new").get_data(as_text=True)
    choices = form.split('name="profession"', 1)[1].split("</select>", 1)[0]
    assert f">{nurse}</option>" in choices and f">{therapist}</option>" in choices


@pytest.mark.parametrize(
    ("code", "plan", "requirement"),
    [
        ("nb", "Kompetanseplan for ressurssykepleiere i", "Temadag (én per år)"),
        ("nn", "Kompetanseplan for ressurssjukepleiarar i", "Temadag (éin per år)"),
        ("en", "Competence plan for resource nurses", "Theme day (one a year)"),
    ],
)
def test_seeded_plan_titles_in_the_readers_language(client, login, code, plan, requirement):
    """The seed's plan and requirement titles follow the page's language; a title a
    coordinator wrote herself is shown as she wrote it."""
    from tests.factories import network

    net = network("innlandet-ressurssykepleiere")
    nurse = make_person(name="Tone Tittel", profession="nurse")
    make_membership(nurse, net, start=dt.date(2025, 1, 1))
    login(make_user(person=nurse))
    client.get(f"/lang/{code}?next=/dashboard")
    page = client.get(f"/persons/{nurse.id}/progress").get_data(as_text=True)
    assert plan in page and requirement in page
    overview = client.get(f"/networks/{net.slug}").get_data(as_text=True)
    assert requirement in overview


def test_a_title_written_by_a_coordinator_is_not_translated(app):
    from app.core.seed_texts import seeded

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert seeded("Temadag (én per år)") == "Theme day (one a year)"
        assert seeded("Temadag om smerte") == "Temadag om smerte"
        assert seeded(None) == ""
