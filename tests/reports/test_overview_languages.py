"""The overview workbook in the reader's language: a user who chose English or nynorsk gets
the headers, status words, sheet names, legend, seeded titles and professions in it; a
program with an API token and the command line still get the bokmål file."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from app.extensions import db as _db
from app.reports.overview import PERSON_HEADERS, STATUS_WORDS
from tests.factories import (
    attended,
    hospitation,
    make_coordinator,
    make_membership,
    make_person,
    network,
)

SLUG = "innlandet-ressurssykepleiere"
ON = dt.date(2026, 3, 1)


@pytest.fixture(scope="module", autouse=True)
def compiled(compiled_catalogues):
    """The catalogues compiled (tests/conftest.py)."""


@pytest.fixture()
def coordinator(db):
    """A coordinator of the Innlandet network with two nurses of different standing."""
    net = network(SLUG)
    done = make_person(name="Bjørn Berg", leader=make_person(name="Lise Leder"))
    started = make_person(name="Anne Aas")
    make_membership(done, net, dt.date(2024, 1, 31))
    make_membership(started, net, dt.date(2025, 9, 1))
    attended(done, net, "intro_course", dt.date(2024, 5, 6))
    hospitation(done, 2, dt.date(2024, 3, 4), dt.date(2024, 3, 5))
    hospitation(started, 1, dt.date(2025, 10, 1), dt.date(2025, 10, 1))
    return make_coordinator(net)


def _load(data: bytes):
    return load_workbook(io.BytesIO(data))


def _texts(wb) -> set[str]:
    return {
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str)
    }


def _choose(user, language: str) -> None:
    user.locale = language
    _db.session.commit()  # as `login` does: the request reads it from the database


def test_english_reader_gets_an_english_workbook(client, login, coordinator):
    _choose(coordinator, "en")
    login(coordinator)
    wb = _load(client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data)
    plan, summary, info = wb.sheetnames
    assert (summary, info) == ("Summary", "About this file")
    assert plan.startswith("Competence plan")  # the seeded plan title, in English
    ws = wb[plan]
    header = [c.value for c in ws[1]]
    assert tuple(header[:6]) == (
        "Name",
        "Profession",
        "Workplace",
        "Municipality",
        "Manager",
        "Member from",
    )
    assert any(h.startswith("Hospitation") and h.endswith("– date") for h in header)
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=2)}
    assert rows["Bjørn Berg"][1] == "Nurse"
    assert "leader did not attend" in rows["Bjørn Berg"]  # she came without her leader
    statuses = {v for row in rows.values() for v in row} & {
        "Met",
        "In progress",
        "Outstanding",
        "Overdue",
        "Not applicable",
    }
    assert {"Met", "In progress"} <= statuses
    assert [c.value for c in wb[summary][1]][:3] == ["Plan", "Requirement", "Mandatory"]
    texts = _texts(wb)
    assert "Whole plan: all mandatory requirements met" in texts
    assert "The requirement is met; the date is the day it was met." in texts
    # No bokmål word of the fixed text is left in the file.
    for word in (
        *PERSON_HEADERS,
        *STATUS_WORDS.values(),
        "Sammendrag",
        "Forklaring",
        "Sykepleier",
        "leder deltok",
        "I alt",
        "Utvalg",
    ):
        assert word not in texts, word


def test_nynorsk_reader_gets_nynorsk_words(client, login, coordinator):
    _choose(coordinator, "nn")
    login(coordinator)
    wb = _load(client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data)
    assert wb.sheetnames[1:] == ["Samandrag", "Om fila"]
    ws = wb[wb.sheetnames[0]]
    assert [c.value for c in ws[1]][:6] == [
        "Namn",
        "Yrke",
        "Arbeidsstad",
        "Kommune",
        "Leiar",
        "Medlem frå",
    ]
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=2)}
    assert rows["Bjørn Berg"][1] == "Sjukepleiar"
    assert "Undervegs" in rows["Anne Aas"]
    assert "Heile planen: alle obligatoriske krav oppfylte" in _texts(wb)


def test_a_token_and_the_command_line_still_get_bokmal(client, api, runner, coordinator, tmp_path):
    _choose(coordinator, "en")  # whatever the token's user chose for the pages
    response = api(coordinator).get(f"/reports/overview.xlsx?network={SLUG}&on={ON}")
    assert response.status_code == 200
    wb = _load(response.data)
    assert wb.sheetnames[1:] == ["Sammendrag", "Om filen"]
    ws = wb[wb.sheetnames[0]]
    assert tuple(c.value for c in ws[1])[:6] == PERSON_HEADERS
    rows = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=2)}
    assert rows["Bjørn Berg"][1] == "Sykepleier"
    assert STATUS_WORDS["met"] in rows["Bjørn Berg"]
    info = {r[0].value: r[1].value for r in wb["Om filen"].iter_rows() if r[0].value}
    assert info["Utvalg"].startswith("Nettverk: ")
    assert "Nurse" not in _texts(wb) and "Summary" not in _texts(wb)

    out = tmp_path / "oversikt.xlsx"
    result = runner.invoke(
        args=["export", "overview", "--network", SLUG, "--out", str(out), "--on", ON.isoformat()]
    )
    assert result.exit_code == 0, result.output
    cli = _load(out.read_bytes())
    assert cli.sheetnames == wb.sheetnames
    for name in cli.sheetnames[:-1]:  # the info sheet names who made it and when
        assert [[c.value for c in r] for r in cli[name].iter_rows()] == [
            [c.value for c in r] for r in wb[name].iter_rows()
        ]
