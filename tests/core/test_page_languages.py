"""The main pages in English and nynorsk: their visible text holds no word that only bokmål
writes that way (a string the catalogue missed, or a seeded title shown as stored), for a
coordinator, a resource person, a leader, a doctor on the KPM track and an admin."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.auth.models import Role
from tests.factories import (
    attended_with_leader,
    document,
    make_admin,
    make_coordinator,
    make_gathering,
    make_membership,
    make_network,
    make_person,
    make_user,
    meeting,
    network,
    service,
    teaching,
)

D = dt.date

#: words an English page never shows (names in the test data avoid them)
BOKMAL_NOT_EN = (
    "ikke",
    "Legg til",
    "Lagre",
    "påmelding",
    "Ingen ",
    "Avbryt",
    "Samling",
    "Neste",
    " kurs",
    " kl. ",
    "Ansatte",
)
#: bokmål spellings nynorsk writes differently (ikkje, kvar, kva, nokon)
BOKMAL_NOT_NN = (" ikke ", " hvor ", " hva ", " noen ", " hvordan ", " jeg ")


@pytest.fixture(scope="module", autouse=True)
def compiled(compiled_catalogues):
    """The catalogues compiled (tests/conftest.py)."""


def visible_text(html: str) -> str:
    """The page's text as a reader sees it: no scripts, styles or tags."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", html)
    return " " + re.sub(r"\s+", " ", text) + " "


def _pages(client, urls, lang):
    client.get(f"/lang/{lang}")
    found = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.get_data(as_text=True))
        for word in BOKMAL_NOT_EN if lang == "en" else BOKMAL_NOT_NN:
            if word in text:
                at = text.index(word)
                found.append((url, word, text[max(0, at - 60) : at + 60]))
    return found


@pytest.mark.parametrize("lang", ["en", "nn"])
def test_main_pages_speak_the_chosen_language(client, login, db, lang):
    net = make_network()
    nurse = make_person()
    make_membership(nurse, net, D(2024, 1, 1))
    gathering = make_gathering(net)
    doctor = make_person(profession="doctor")
    make_membership(doctor, network("kpm"), D(2024, 1, 1))
    coordinator = make_coordinator(net, network("kpm"))

    found = []
    login(coordinator)
    found += _pages(
        client,
        [
            "/dashboard",
            "/courses",
            f"/networks/{net.slug}",
            f"/networks/{net.slug}/members",
            "/gatherings",
            f"/networks/{net.slug}/year",
            f"/gatherings/{gathering.id}",
            f"/persons/{nurse.id}",
            f"/persons/{nurse.id}/progress",
            f"/persons/{doctor.id}/kpm",
            "/persons",
            "/account",
        ],
        lang,
    )
    login(make_user(Role.resource_person, person=nurse))
    found += _pages(client, ["/dashboard", "/courses", f"/persons/{nurse.id}/progress"], lang)
    assert found == []


@pytest.mark.parametrize("lang", ["en", "nn"])
def test_leader_doctor_and_admin_pages_speak_the_chosen_language(client, login, db, lang):
    net = network("innlandet-ressurssykepleiere")
    leader = make_person(name="Lise Leder")
    nurse = make_person(leader=leader)
    make_membership(nurse, net, D(2024, 1, 1))
    attended_with_leader(nurse, net, "intro_course", D(2024, 3, 4))
    # A doctor on the KPM track with service, supervision, teaching and a document.
    doctor = make_person(profession="doctor", specialist_approved_on=D(2020, 5, 1))
    make_membership(doctor, network("kpm"), D(2024, 1, 1))
    service(doctor, "centre_with_beds", D(2024, 1, 1), D(2024, 12, 31), 100)
    meeting(doctor, D(2024, 1, 15))
    meeting(doctor, D(2024, 2, 15), attested=False)
    teaching(doctor, D(2024, 3, 1), 1)
    teaching(doctor, D(2024, 4, 1), 1.5, attested=False)
    document(doctor, "education_plan", D(2024, 2, 1))
    admin = make_admin()

    found = []
    leader_user = make_user(Role.leader, person=leader)
    login(leader_user)
    found += _pages(
        client,
        ["/dashboard", "/reports", f"/persons/{nurse.id}", f"/persons/{nurse.id}/progress"],
        lang,
    )
    login(make_user(Role.resource_person, person=doctor))
    found += _pages(
        client,
        [
            "/dashboard",
            f"/persons/{doctor.id}/kpm",
            f"/persons/{doctor.id}/kpm/application",
            f"/persons/{doctor.id}/progress",
            "/varsler",
            "/personvern",
        ],
        lang,
    )
    login(admin)
    found += _pages(
        client,
        [
            "/dashboard",
            "/users",
            f"/users/{leader_user.id}",
            f"/users/{leader_user.id}/deactivate",
            "/registreringer",
            "/admin/outbox",
            "/retention",
            "/kpm/sites",
            "/kpm/applications",
            "/kpm/candidates",
            "/kpm/inbox",
            f"/persons/{doctor.id}/kpm",
            "/reports",
        ],
        lang,
    )
    assert found == []
