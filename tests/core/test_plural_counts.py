"""Counts through ngettext: the command line's import lines, the hospitation request mail,
and hour and month texts with decimals (1 is singular; 0, 1,5 and 2 are plural)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask_babel import force_locale
from openpyxl import Workbook

from app.hospitation import links
from app.progress.evidence import evidence_for
from app.progress.rules import (
    GatheringAttendance,
    PersonFacts,
    Plan,
    Requirement,
    ServicePeriodFact,
    TeachingFact,
)
from tests.factories import make_hospitation, make_network, make_person, make_site, network

D = dt.date


@pytest.fixture(scope="module", autouse=True)
def compiled(compiled_catalogues):
    """The catalogues compiled (tests/conftest.py)."""


def test_cli_import_says_one_new_person_and_one_new_membership(runner, db, tmp_path):
    net = make_network(professions=["nurse"])
    db.session.commit()
    book = Workbook()
    book.active.append(["name", "email", "profession", "start"])
    book.active.append(["Ny Ressurs", "ny.ressurs@example.no", "nurse", "2025-03-01"])
    path = tmp_path / "medlemmer.xlsx"
    book.save(path)

    result = runner.invoke(args=["import", "members", str(path), "--network", net.slug])
    assert result.exit_code == 0, result.output
    assert "1 ny, 0 endres, 0 uendret, 0 med feil; 1 nytt medlemskap." in result.output
    assert "Importert: 1 ny person, 0 oppdatert, 1 nytt medlemskap." in result.output
    assert "1 nye" not in result.output


@pytest.mark.parametrize(
    ("days", "lang", "shown"),
    [
        (1.0, "nb", "(1 dag)."),
        (1.5, "nb", "(1,5 dager)."),
        (1.0, "en", "(1 day)."),
        (2.0, "en", "(2 days)."),
        (1.0, "nn", "(1 dag)."),
        (0.5, "nn", "(0,5 dagar)."),
    ],
)
def test_hospitation_request_mail_counts_the_days(app, db, monkeypatch, days, lang, shown):
    site = make_site(network("innlandet-ressurssykepleiere"), email="kontakt@sykehus.no")
    h = make_hospitation(make_person(), site=site, days=days, place=None)
    sent = []
    monkeypatch.setattr(links, "send_mail", lambda to, subject, body: sent.append(body) or True)
    with app.test_request_context(), force_locale(lang):
        assert links.send_confirmation_request(h) is True
    assert shown in sent[0]


def _lines(req: Requirement, facts: PersonFacts, as_of: D = D(2026, 6, 1)) -> list[str]:
    plan = Plan(network="n", key="p", title="P", requirements=(req,))
    return [e.text for e in evidence_for(req, facts, as_of, plan)]


TEACHING = Requirement(key="t", title="T", kind="teaching", params={"hours_per_year_full_time": 72})
SERVICE = Requirement(
    key="s",
    title="S",
    kind="service",
    params={"months": 24, "site_kinds": {"centre_with_beds": {"max_months": 24}}},
)


@pytest.mark.parametrize(
    ("lang", "one", "half"),
    [
        ("nb", "1 undervisningstime", " undervisningstimer"),
        ("en", "1 teaching hour", " teaching hours"),
        ("nn", "1 undervisingstime", " undervisingstimar"),
    ],
)
def test_teaching_hours_one_is_singular_and_a_half_is_plural(app, lang, one, half):
    facts = PersonFacts(
        person_id=1,
        profession="doctor",
        teaching=(TeachingFact(D(2026, 1, 5), 1.0), TeachingFact(D(2026, 1, 12), 1.5)),
    )
    with app.test_request_context(), force_locale(lang):
        texts = _lines(TEACHING, facts)
    assert one in texts
    assert [t for t in texts if t.endswith(half)] == [t for t in texts if t != one]  # 1.5


def test_one_month_of_service_is_singular(app):
    facts = PersonFacts(
        person_id=1,
        profession="doctor",
        service=(ServicePeriodFact("centre_with_beds", True, D(2026, 1, 1), D(2026, 1, 31), 100),),
    )
    with app.test_request_context(), force_locale("en"):
        texts = _lines(SERVICE, facts)
    assert any(t.endswith("= 1 month") for t in texts), texts
    with app.test_request_context():
        assert any(t.endswith("= 1 måned") for t in _lines(SERVICE, facts)), texts


def test_a_gathering_shorter_than_one_hour(app):
    req = Requirement(
        key="g", title="G", kind="gathering", params={"gathering_kind": "theme_day", "min_hours": 1}
    )
    short = GatheringAttendance(
        on=D(2026, 2, 2), network="n", kind="theme_day", hours=0.5, cancelled=False
    )
    facts = PersonFacts(person_id=1, profession="nurse", gatherings=(short,))
    with app.test_request_context(), force_locale("en"):
        assert any("shorter than 1 hour (" in t for t in _lines(req, facts))
    with app.test_request_context():
        assert any("kortere enn 1 time (" in t for t in _lines(req, facts))
