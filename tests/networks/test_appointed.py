"""One appointment date (issue 17): the membership's start is the day the person was appointed
resource person in that network; the import takes it as a column ("Oppnevnt" or "Startdato"),
the person has no ``appointed_on`` any more (the API refuses it as an unknown field)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.networks.models import Membership
from tests.factories import make_coordinator, make_membership, make_person, network
from tests.networks.helpers import xlsx
from tests.networks.test_import import person_by_email, preview_page

SLUG = "innlandet-ressurssykepleiere"


@pytest.mark.parametrize("column", ["Oppnevnt", "Startdato", "Oppnevnt som ressursperson"])
def test_the_import_takes_the_appointment_date_as_the_membership_start(
    client, login, api, db, column
):
    net = network(SLUG)
    coord = make_coordinator(net)
    login(coord)
    data = xlsx(
        [["Tone Mal", "tone.mal@example.no", "sykepleier", dt.date(2021, 9, 1)]],
        headers=["Navn", "E-post", "Yrke", column],
    )
    location, html, digest = preview_page(client, data)
    client.post(location, data={"digest": digest, "action": "apply"})
    person = person_by_email("tone.mal@example.no")
    start = _db.session.scalar(select(Membership.start).where(Membership.person_id == person.id))
    assert start == dt.date(2021, 9, 1)
    # Deadlines run from it: the intro course (24 months) was due long ago.
    body = api(coord).get(f"/api/v1/persons/{person.id}/progress?on=2026-01-01").get_json()
    intro = next(r for r in body["plans"][0]["requirements"] if r["key"] == "introduksjonskurs")
    assert (intro["deadline"], intro["status"]) == ("2023-09-01", "overdue")


def test_the_person_api_no_longer_takes_appointed_on(api, db):
    net = network(SLUG)
    person = make_person()
    make_membership(person, net, dt.date(2025, 1, 1))
    coord = api(make_coordinator(net))
    answer = coord.patch(f"/api/v1/persons/{person.id}", json={"appointed_on": "2020-01-01"})
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert error["code"] == "unknown_field" and "appointed_on" in error["fields"]
    assert "appointed_on" not in coord.get(f"/api/v1/persons/{person.id}").get_json()


def test_a_new_person_form_asks_when_she_was_appointed_in_the_network(client, login, db):
    net = network(SLUG)
    login(make_coordinator(net))
    page = client.get("/persons/new").text
    assert "Oppnevnt som ressursperson i nettverket" in page and "appointed_on" not in page
    response = client.post(
        "/persons/new",
        data={
            "name": "Nina Ny",
            "email": "nina.ny@example.no",
            "profession": "nurse",
            "network": str(net.id),
            "membership_start": "2022-02-01",
        },
    )
    assert response.status_code == 302, response.text
    person = person_by_email("nina.ny@example.no")
    start = _db.session.scalar(select(Membership.start).where(Membership.person_id == person.id))
    assert start == dt.date(2022, 2, 1)
    assert "Ressursperson fra" not in client.get(f"/persons/{person.id}").text


def test_migration_0012_moves_appointed_on_into_the_first_membership(tmp_path, database_url):
    """Upgrade from 0008 with data: appointed_on moves the start of the person's first
    membership of the network back where it is earlier; downgrade puts the column back."""
    import os
    import subprocess
    import sys

    import sqlalchemy as sa

    if database_url.startswith("sqlite"):
        url, cleanup = f"sqlite:///{tmp_path / 'm.sqlite3'}", None
    else:
        from tests.conftest import PG_URL, _create_pg_database

        url, cleanup = _create_pg_database(PG_URL)
    env = {**os.environ, "DATABASE_URL": url, "FLASK_APP": "wsgi", "INSTANCE_PATH": str(tmp_path)}

    def flask(*args):
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "wsgi", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, (args, result.stderr)

    engine = sa.create_engine(url)
    try:
        flask("db", "upgrade", "0008")
        with engine.begin() as c:
            c.execute(
                sa.text(
                    "INSERT INTO professions (id, key, name_nb, name_en)"
                    " VALUES (1, 'nurse', 'S', 'N')"
                )
            )
            c.execute(
                sa.text(
                    "INSERT INTO networks (id, slug, name, created_at, updated_at) "
                    "VALUES (1, 'n', 'N', :t, :t)"
                ),
                {"t": dt.datetime(2020, 1, 1)},
            )
            for pid, appointed in ((1, dt.date(2019, 5, 1)), (2, dt.date(2022, 5, 1))):
                c.execute(
                    sa.text(
                        "INSERT INTO persons (id, name, email, profession_id, further_education,"
                        " public_consent, calendar_token, version, created_at, updated_at,"
                        " appointed_on) VALUES (:id, 'P', :e, 1, false, false, :tok, 1, :t, :t, :a)"
                    ),
                    {
                        "id": pid,
                        "e": f"p{pid}@x.no",
                        "tok": f"t{pid}",
                        "t": dt.datetime(2020, 1, 1),
                        "a": appointed,
                    },
                )
            for mid, pid, start, end in (
                (1, 1, dt.date(2021, 1, 1), dt.date(2021, 6, 1)),
                (2, 1, dt.date(2023, 1, 1), None),
                (3, 2, dt.date(2021, 1, 1), None),
            ):
                c.execute(
                    sa.text(
                        'INSERT INTO memberships (id, person_id, network_id, role, start, "end")'
                        " VALUES (:m, :p, 1, 'resource_person', :s, :e)"
                    ),
                    {"m": mid, "p": pid, "s": start, "e": end},
                )
        flask("db", "upgrade")
        with engine.connect() as c:
            rows = c.execute(sa.text("SELECT id, start FROM memberships")).all()
            starts = {mid: str(start) for mid, start in rows}
            columns = {col["name"] for col in sa.inspect(c).get_columns("persons")}
        # The first membership moves back; the rejoined one and a later appointment do not.
        assert starts == {1: "2019-05-01", 2: "2023-01-01", 3: "2021-01-01"}
        assert "appointed_on" not in columns
        flask("db", "downgrade", "0008")
        with engine.connect() as c:
            rows = c.execute(sa.text("SELECT id, appointed_on FROM persons")).all()
        assert {pid: str(day) for pid, day in rows} == {1: "2019-05-01", 2: "2021-01-01"}
        flask("db", "upgrade")
    finally:
        engine.dispose()
        if cleanup:
            from tests.conftest import PG_URL, _drop_pg_database

            _drop_pg_database(PG_URL, cleanup)
