"""Seeded display data in the reader's language: the course catalogue, the theory course's
modules, the KPM skills checklist, the evidence lines, dates and error pages read in English
and nynorsk without a bokmål word the seed or the code put there."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.auth.models import Role
from app.core.seed_descriptions import DESCRIPTIONS
from app.core.seed_texts import SEEDED, seeded
from app.courses.demo import THEORY_MODULES
from tests.factories import (
    completed_course,
    course,
    make_coordinator,
    make_membership,
    make_network,
    make_offering,
    make_person,
    make_plan,
    make_user,
    network,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "app" / "seed" / "data"
TRANSLATIONS = ROOT / "app" / "translations"
D = dt.date


@pytest.fixture(scope="module", autouse=True)
def compiled(compiled_catalogues):
    """The catalogues compiled (tests/conftest.py)."""


def _course_titles() -> list[str]:
    return [c["title"] for c in json.loads((DATA / "courses.json").read_text("utf-8"))]


def _kpm_items() -> list[str]:
    networks = json.loads((DATA / "networks.json").read_text("utf-8"))
    kpm = next(n for n in networks if n["slug"] == "kpm")
    return [
        item["title"]
        for plan in kpm["plans"]
        for req in plan["requirements"]
        for item in (req.get("params") or {}).get("items", [])
    ]


def _catalogue(lang: str) -> dict[str, str]:
    path = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if m.id}


def test_every_seeded_title_is_marked_and_translated():
    titles = _course_titles() + [t for t, _d, _p in THEORY_MODULES] + _kpm_items()
    assert set(titles) <= set(SEEDED)  # a course added to the seed is not forgotten
    english, nynorsk = _catalogue("en"), _catalogue("nn")
    for title in titles:
        assert english[title] and nynorsk[title], title
    assert english["Grunnkurs i palliasjon"] == "Basic course in palliative care"
    assert nynorsk["Undervisning til kolleger"] == "Undervising for kollegaer"


#: what a bokmål page says that an English (or nynorsk) one must not
BOKMAL = {
    "en": [
        "Kurs på nivå B i palliasjon og kreftomsorg",
        "Teoretisk kurs i palliativ medisin",
        "Modul 1",
        "Praktisk sårbehandling",
        "Gjennomføring av familiesamtale",
        " kl. ",
        "Attestert:",
        "Fant ikke siden",
        "Ansatte",
    ],
    "nn": [
        "Kurs innen nevrologi",
        "Klientsentrert arbeid i spesialistområdet eldres helse",
        "Anleggelse av nasogastrisk sonde",
        "Undervisning til kolleger",
        "Fant ikke siden",
        "Tverrfaglig kurs",
    ],
}
#: and what it says instead
SHOWN = {
    "en": [
        "Level B course in palliative and cancer care",
        "Theory course in palliative medicine",
        "Module 1",
        "Practical wound care",
        " at ",
        "Page not found.",
    ],
    "nn": [
        "Kurs innan nevrologi",
        "Anlegging av nasogastrisk sonde",
        "Undervising for kollegaer",
        "Fann ikkje sida.",
    ],
}


@pytest.mark.parametrize("lang", ["en", "nn"])
def test_main_pages_show_no_bokmal_seed_text(client, login, db, lang):
    # A nurse with a seeded course completed, in a network whose plan asks for it.
    net = make_network()
    make_plan(
        net,
        {
            "key": "niva-b",
            "title": "Nivå B",
            "kind": "course",
            "params": {"courses": ["niva-b-palliasjon-sykepleie"]},
        },
    )
    nurse = make_person()
    make_membership(nurse, net, D(2024, 1, 1))
    completed_course(nurse, "niva-b-palliasjon-sykepleie", D(2024, 3, 1), D(2024, 3, 2))
    theory = make_offering(
        course("palliativ-medisin-teorikurs"), modules=[("Modul 1", 0, 5), ("Modul 2", 40, 5)]
    )
    # A doctor in the KPM network: her page lists the seeded skills checklist.
    doctor = make_person(profession="doctor", specialist_approved_on=D(2020, 5, 1))
    make_membership(doctor, network("kpm"), D(2024, 1, 1))
    coordinator = make_coordinator(net, network("kpm"))

    login(coordinator)
    client.get(f"/lang/{lang}")
    pages = {
        "/courses": None,
        "/courses/nevro": "/courses/kurs-andre-fagomrader-nevrologi",
        "offering": f"/courses/offerings/{theory.id}",
        "progress": f"/persons/{nurse.id}/progress",
        "kpm": f"/persons/{doctor.id}/kpm",
        "dashboard": "/dashboard",
        "missing": "/no-such-page",
    }
    seen = ""
    for name, url in pages.items():
        response = client.get(url or name)
        html = response.get_data(as_text=True)
        assert f'<html lang="{lang}"' in html, name
        for word in BOKMAL[lang]:
            assert word not in html, (name, word)
        seen += html
    for word in SHOWN[lang]:
        assert word in seen, word
    if lang == "en":
        # The nurse's evidence line names the course in English.
        assert "Level B course in palliative and cancer care" in client.get(
            pages["progress"]
        ).get_data(as_text=True)

    # A resource person's own pages too.
    login(make_user(Role.resource_person, person=nurse))
    client.get(f"/lang/{lang}")
    html = client.get("/dashboard").get_data(as_text=True)
    for word in BOKMAL[lang]:
        assert word not in html, ("own dashboard", word)


def _descriptions_and_goals() -> list[str]:
    courses = json.loads((DATA / "courses.json").read_text("utf-8"))
    networks = json.loads((DATA / "networks.json").read_text("utf-8"))
    goals = [
        item["title"]
        for net in networks
        if net["slug"] != "kpm"
        for plan in net["plans"]
        for req in plan["requirements"]
        for item in (req.get("params") or {}).get("items", [])
    ]
    return (
        [c["description"] for c in courses if c.get("description")]
        + [n["description"] for n in networks]
        + goals
    )


def test_every_seeded_description_and_level_b_goal_is_marked_and_translated():
    texts = _descriptions_and_goals()
    assert set(texts) <= set(DESCRIPTIONS)  # a description changed in the seed is not forgotten
    english, nynorsk = _catalogue("en"), _catalogue("nn")
    for text in texts:
        assert english[text] and nynorsk[text], text
        assert english[text] != text, text  # (some goals read the same in nynorsk)


@pytest.mark.parametrize(
    ("lang", "course_words", "network_words"),
    [
        ("en", "The Nordic theory course", "Network for resource nurses"),
        ("nn", "Eit avgrensa forskingsprosjekt", "Nettverk for ressurssjukepleiarar"),
    ],
)
def test_course_and_network_descriptions_in_the_reader_language(
    client, login, db, lang, course_words, network_words
):
    login(make_user(Role.resource_person))
    client.get(f"/lang/{lang}")
    course_page = client.get("/courses/nscpm").get_data(as_text=True)
    assert course_words in course_page
    assert "Et begrenset forskningsprosjekt" not in course_page
    slug = "innlandet-ressurssykepleiere"
    network_page = client.get(f"/networks/{slug}").get_data(as_text=True)
    assert network_words in network_page
    assert "Nettverk for ressurssykepleiere" not in network_page
    # A description a coordinator rewrote is shown as written.
    network(slug).description = "Vårt eget nettverk"
    db.session.flush()
    assert "Vårt eget nettverk" in client.get(f"/networks/{slug}").get_data(as_text=True)


def test_a_level_b_goal_attested_reads_in_english(app):
    from flask_babel import force_locale

    goal = "Fysioterapi i palliativ fase: smertelindrende tiltak"
    with app.test_request_context(), force_locale("en"):
        assert seeded(goal) == "Physiotherapy in the palliative phase: pain-relieving interventions"
        assert seeded(goal + " (egen)") == goal + " (egen)"
