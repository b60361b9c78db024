"""Bad input is a 4xx naming the field, never a 500 and never silently changed: lists past
their documented limit or with a value twice, JSON nested too deep, text with an unpaired
surrogate, U+FFFE/U+FFFF or a control character (API and web forms); and a workbook still
opens when an old row holds such a character."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import update

from app.core.parsing import LIST_LIMITS, MAX_JSON_DEPTH, json_too_deep
from app.people.models import Person
from tests.factories import (
    make_admin,
    make_coordinator,
    make_course,
    make_membership,
    make_person,
    network,
)

SLUG = "innlandet-ressurssykepleiere"


def _fields(response) -> dict:
    return response.get_json()["error"]["fields"]


def test_a_list_past_its_limit_is_refused_on_the_field_before_any_lookup(api, db, count_queries):
    client = api(make_admin())
    body = {"slug": "stort", "name": "Stort", "professions": ["nurse"] * 20_000}
    with count_queries() as queries:
        response = client.post("/api/v1/networks", json=body)
    assert response.status_code == 422
    assert "50" in _fields(response)["professions"]
    # The token, its user and nothing per entry: the length is checked first.
    assert queries.count < 10
    course = make_course()
    response = client.patch(
        f"/api/v1/courses/{course.key}", json={"professions": ["nurse"] * 500_000}
    )
    assert response.status_code == 422 and "professions" in _fields(response)


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/networks",
            {"slug": "to", "name": "To", "professions": ["nurse", "nurse"]},
            "professions",
        ),
        # Two names of one profession are the same value too.
        (
            "/api/v1/networks",
            {"slug": "to", "name": "To", "professions": ["nurse", "Sykepleier"]},
            "professions",
        ),
        (
            "/api/v1/courses",
            {"key": "dobbel", "title": "D", "professions": ["doctor", "doctor"]},
            "professions",
        ),
    ],
)
def test_a_repeated_value_is_422_on_the_field(api, db, path, body, field):
    response = api(make_admin()).post(path, json=body)
    assert response.status_code == 422
    assert field in _fields(response)


def test_a_repeated_network_or_profession_on_an_existing_course_or_offering_is_422(api, db):
    client = api(make_admin())
    course = make_course()
    response = client.patch(
        f"/api/v1/courses/{course.key}", json={"professions": ["nurse", "nurse"]}
    )
    assert response.status_code == 422 and "professions" in _fields(response)
    response = client.post(
        f"/api/v1/courses/{course.key}/offerings",
        json={"start": "2031-03-10T09:00", "end": "2031-03-11T15:00", "networks": ["kpm", "kpm"]},
    )
    assert response.status_code == 422 and "networks" in _fields(response)


def test_json_nested_deeper_than_the_limit_is_refused_before_parsing(api, db):
    client = api(make_admin())
    for depth in (MAX_JSON_DEPTH + 1, 990, 100_000):
        raw = '{"name": ' + "[" * depth + "]" * depth + "}"
        response = client.post(
            "/api/v1/persons", data=raw, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400, depth
        assert "body" in _fields(response)
    ok = '{"name": ' + "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1) + "}"
    response = client.post("/api/v1/persons", data=ok, headers={"Content-Type": "application/json"})
    assert response.status_code == 422  # read fine; a list is no name



def test_deep_json_is_refused_where_the_body_may_be_left_out(api, db):
    # The invitation and the verification of a recorded course take an optional body: it
    # passes the same depth check (the parser's recursion would otherwise be a 500).
    person = make_person()
    completion = api(make_admin()).post(
        f"/api/v1/persons/{person.id}/course-completions",
        json={"title": "Kurs", "completed_on": "2024-03-01"},
    )
    assert completion.status_code == 201, completion.get_json()
    client = api(make_admin())
    raw = '{"role": ' + "[" * 100_000 + "]" * 100_000 + "}"
    for path in (
        f"/api/v1/persons/{person.id}/invitation",
        f"/api/v1/course-completions/{completion.get_json()['id']}/verify",
    ):
        response = client.post(path, data=raw, headers={"Content-Type": "application/json"})
        assert response.status_code == 400, path
        assert "body" in _fields(response)
    assert client.post(f"/api/v1/persons/{person.id}/invitation").status_code == 201

@pytest.mark.parametrize(
    ("raw", "deep"),
    [
        (b"[]", False),
        (b"[" * 32 + b"]" * 32, False),
        (b"[" * 33 + b"]" * 33, True),
        (b'{"a":' * 33 + b"1" + b"}" * 33, True),
        (b'["' + b"[" * 100 + b'"]', False),  # brackets inside a string do not nest
        (b'["\\"' + b"[" * 100 + b'"]', False),  # nor after an escaped quote
        (b"[" + b"[]," * 10_000 + b"[]]", False),  # wide is not deep
        (b"[" * 5000, True),  # unbalanced and deep: refused before the parser sees it
    ],
)
def test_depth_is_found_without_parsing(raw, deep):
    assert json_too_deep(raw) is deep


@pytest.mark.parametrize(
    "bad",
    ["x\ud800y", "x\udfff", "x\ufffey", "x\uffff", "x\x01y", "x\x1b[31m", "x\ry", "x\x0by"],
)
def test_text_with_an_illegal_character_is_422_on_the_field(api, db, bad):
    client = api(make_admin())
    response = client.post(
        "/api/v1/persons", json={"name": bad, "email": "tegn@example.no", "profession": "nurse"}
    )
    assert response.status_code == 422
    assert "name" in _fields(response)
    person = make_person()
    response = client.patch(f"/api/v1/persons/{person.id}", json={"workplace": bad})
    assert response.status_code == 422 and "workplace" in _fields(response)
    # Deep in a body the path is named.
    response = client.put(
        f"/api/v1/networks/{SLUG}/plans/tegn",
        json={"title": "T", "requirements": [{"key": "k", "title": bad, "kind": "hospitation"}]},
    )
    assert response.status_code == 422
    assert "requirements.0.title" in _fields(response)


def test_tab_and_newline_are_text(api, db):
    client = api(make_admin())
    response = client.post(
        "/api/v1/persons",
        json={"name": "Tab\tNy", "email": "tab@example.no", "profession": "nurse", "notes": "a\nb"},
    )
    assert response.status_code == 201


def test_the_person_form_refuses_uffff_on_the_field_and_keeps_the_rest(client, login, db):
    net = network(SLUG)
    login(make_coordinator(net))
    response = client.post(
        "/persons/new",
        data={"name": "Kari\uffffNordmann", "email": "kari.tegn@example.no", "profession": "nurse"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ugyldig tegn i teksten (U+FFFF)" in page
    assert "kari.tegn@example.no" in page  # what was typed is kept
    assert db.session.query(Person).filter_by(email="kari.tegn@example.no").count() == 0


def test_a_textarea_line_break_from_a_browser_is_stored_as_a_newline(client, login, db):
    net = network(SLUG)
    login(make_coordinator(net))
    response = client.post(
        "/persons/new",
        data={
            "name": "Linje Skift",
            "email": "linje@example.no",
            "profession": "nurse",
            "notes": "første\r\nandre",
            "network": str(net.id),
        },
    )
    assert response.status_code == 302
    person = db.session.query(Person).filter_by(email="linje@example.no").one()
    assert person.notes == "første\nandre"


def test_the_overview_opens_after_uffff_was_tried_and_even_with_an_old_row_holding_it(
    client, login, api, db
):
    net = network(SLUG)
    coordinator = make_coordinator(net)
    member = make_person(name="Gammel Rad")
    make_membership(member, net)
    # Through the form and the API: refused, nothing stored.
    login(coordinator)
    client.post(
        f"/persons/{member.id}/edit",
        data={"name": "Ny\uffff", "email": member.email, "profession": "nurse", "version": "1"},
    )
    response = api(coordinator).patch(f"/api/v1/persons/{member.id}", json={"name": "Ny\uffff"})
    assert response.status_code == 422
    db.session.refresh(member)
    assert member.name == "Gammel Rad"
    # A row stored before the check existed still holds it: the workbook opens regardless.
    db.session.execute(
        update(Person).where(Person.id == member.id).values(name="Gammel\uffff\ufffeRad\x01")
    )
    db.session.commit()
    login(coordinator)
    response = client.get(f"/reports/overview.xlsx?network={SLUG}")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    names = [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(min_row=2, max_col=1)
        for cell in row
    ]
    assert "GammelRad" in names


def test_the_documented_limits_are_the_enforced_ones():
    import pathlib

    readme = (pathlib.Path(__file__).parents[2] / "README.md").read_text()
    for field, limit in LIST_LIMITS.items():
        assert f"`{field}`: {limit}" in readme, field
