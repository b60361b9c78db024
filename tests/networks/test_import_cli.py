"""The `flask import` command: it reads the API field names as headers."""

from __future__ import annotations

from app.extensions import db as _db
from app.people.models import Person
from tests.factories import (
    make_network,
    make_person,
)


def test_cli_import_reads_the_api_field_names_as_headers(runner, db, tmp_path):
    """A sheet headed with the API's names (leader_email, further_education) is understood."""
    from openpyxl import Workbook

    net = make_network(professions=["nurse"])
    leader = make_person(email="sjef@example.no")
    db.session.commit()
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "email", "profession", "further_education", "leader_email", "start"])
    sheet.append(["Ny Ressurs", "ny.ressurs@example.no", "nurse", "ja", leader.email, "2025-03-01"])
    path = tmp_path / "medlemmer.xlsx"
    book.save(path)

    result = runner.invoke(args=["import", "members", str(path), "--network", net.slug])
    assert result.exit_code == 0, result.output
    person = _db.session.query(Person).filter_by(email="ny.ressurs@example.no").one()
    assert person.further_education is True
    assert person.leader_id == leader.id
