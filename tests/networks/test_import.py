"""Member import: upload checks, the preview, all-or-nothing apply, re-import, the command line."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from app.auth.models import Role
from app.core.types import today_oslo
from app.networks import imports
from app.networks.models import Membership
from app.people.models import Person
from tests.factories import (
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
    network,
)
from tests.networks.helpers import as_xlsm, load, xlsx, zip_bomb

SLUG = "innlandet-ressurssykepleiere"


def count(model, *where):
    from app.extensions import db

    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def person_by_email(email):
    from app.extensions import db

    return db.session.scalar(select(Person).where(func.lower(Person.email) == email.lower()))


@pytest.fixture()
def net(db):
    return network(SLUG)


@pytest.fixture()
def coordinator(net):
    return make_coordinator(net)


def upload(client, data: bytes, name: str = "medlemmer.xlsx", slug: str = SLUG):
    return client.post(
        f"/networks/{slug}/import",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def preview_page(client, data: bytes):
    response = upload(client, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert "/import/" in location
    page = client.get(location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', html).group(1)
    return location, html, digest


# --------------------------------------------------------------------------- the upload page


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "Filen er tom"),
        (b"navn,e-post\nKari,kari@example.no\n", "CSV"),
        ("xlsm", "makroer"),
        ("bomb", "altfor mye data"),
    ],
    ids=["empty", "csv", "xlsm", "bomb"],
)
def test_the_upload_page_refuses_bad_files_and_keeps_nothing(
    client, login, coordinator, data, words
):
    if data == "xlsm":
        data = as_xlsm(xlsx([["Kari", "kari@example.no", "nurse"]]))
    elif data == "bomb":
        data = zip_bomb()
    login(coordinator)
    persons = count(Person)
    response = upload(client, data)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert words in html
    assert 'role="alert"' in html
    assert count(Person) == persons


def test_a_sheet_without_the_header_row_is_refused(client, login, coordinator):
    login(coordinator)
    response = upload(client, xlsx([["Kari", "kari@example.no"]], headers=["a", "b"]))
    assert response.status_code == 422
    assert "overskriftsrad" in response.get_data(as_text=True)


def test_a_sheet_missing_a_required_column_is_refused(client, login, coordinator):
    login(coordinator)
    response = upload(client, xlsx([["Kari", "kari@example.no"]], headers=["navn", "e-post"]))
    assert response.status_code == 422
    assert "yrke" in response.get_data(as_text=True)


# --------------------------------------------------------------------------- template


def test_template_has_the_columns_and_allowed_values(client, login, coordinator):
    login(coordinator)
    response = client.get(f"/reports/import/template.xlsx?network={SLUG}")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    wb = load(response.data)
    members = wb["Medlemmer"]
    assert [c.value for c in members[1]] == [
        "navn",
        "e-post",
        "yrke",
        "arbeidssted",
        "kommune",
        "telefon",
        "hpr",
        "videreutdanning",
        "leders e-post",
        "startdato",
    ]
    allowed = wb["Tillatte verdier"]
    professions = {row[0].value for row in allowed.iter_rows(min_row=2) if row[0].value}
    municipalities = {row[4].value for row in allowed.iter_rows(min_row=2) if row[4].value}
    numbers = {row[3].value for row in allowed.iter_rows(min_row=2) if row[3].value}
    assert professions == {"Sykepleier"}  # only the network's professions
    assert "Hamar" in municipalities and "0301" in numbers  # leading zero kept as text


def test_template_is_for_coordinators_of_that_network(client, login, db):
    other = make_coordinator(make_network())
    login(other)
    assert client.get(f"/reports/import/template.xlsx?network={SLUG}").status_code == 404
    login(make_user("resource_person"))
    assert client.get("/reports/import/template.xlsx").status_code == 403


def test_a_filled_in_template_imports(client, login, coordinator):
    login(coordinator)
    template = client.get(f"/reports/import/template.xlsx?network={SLUG}").data
    wb = load(template)
    wb["Medlemmer"].append(["Tone Mal", "tone.mal@example.no", "Sykepleier", None, "Hamar"])
    buffer = io.BytesIO()
    wb.save(buffer)
    location, html, digest = preview_page(client, buffer.getvalue())
    assert "Tone Mal" in html
    client.post(location, data={"digest": digest, "action": "apply"})
    assert person_by_email("tone.mal@example.no") is not None


# --------------------------------------------------------------------------- preview + apply


def good_rows(existing: Person):
    return [
        [
            "Ny Nordmann",
            "ny.nordmann@example.no",
            "sykepleier",
            "Hamar sykehjem",
            "3403",
            "+47 900 00 000",
            "1234567",
            "nei",
            existing.email,
            dt.date(2026, 1, 15),
        ],
        # The existing person: new phone, new workplace; matched by e-mail.
        [existing.name, existing.email.upper(), "nurse", "Elverum helsetun", "Elverum", 4791234567],
        # A second new person whose leader is the first new one (in the same file).
        [
            "Per Andre",
            "per.andre@example.no",
            "Nurse",
            None,
            "Hamar",
            None,
            None,
            "ja",
            "ny.nordmann@example.no",
            "2026-02-01",
        ],
    ]


def test_good_file_creates_and_updates_exactly_what_the_preview_said(
    client, login, coordinator, net
):
    existing = make_person(name="Eva Eksisterende", phone="111")
    login(coordinator)
    location, html, digest = preview_page(client, xlsx(good_rows(existing)))
    assert "Ny Nordmann" in html and "Per Andre" in html
    assert "Telefon: 111 → 4791234567" in html
    assert "Arbeidssted: – → Elverum helsetun" in html
    assert "Rader med feil</dt><dd>0" in html.replace("\n", ""), html[html.find("<tbody>") :][:1500]
    assert count(Person, Person.email == "ny.nordmann@example.no") == 0  # nothing yet

    response = client.post(location, data={"digest": digest, "action": "apply"})
    assert response.headers["Location"].endswith(f"/networks/{SLUG}/members")
    ny = person_by_email("ny.nordmann@example.no")
    per = person_by_email("per.andre@example.no")
    assert ny.hpr == "1234567" and ny.phone == "+47 900 00 000"
    assert ny.workplace.name == "Hamar sykehjem" and ny.municipality.number == "3403"
    assert ny.leader_id == existing.id
    assert per.leader_id == ny.id and per.further_education is True
    assert existing.phone == "4791234567" and existing.workplace.name == "Elverum helsetun"
    assert existing.municipality.name == "Elverum"
    from app.extensions import db

    starts = {
        m.person_id: m.start
        for m in db.session.scalars(select(Membership).where(Membership.network_id == net.id))
    }
    assert starts[ny.id] == dt.date(2026, 1, 15)
    assert starts[per.id] == dt.date(2026, 2, 1)
    assert starts[existing.id] == today_oslo()
    # The kept upload is gone once applied.
    assert client.get(location).headers["Location"].endswith(f"/networks/{SLUG}/import")


def test_reimporting_the_same_file_changes_nothing(client, login, coordinator, net):
    existing = make_person(name="Eva Eksisterende", phone="111")
    data = xlsx(good_rows(existing))
    login(coordinator)
    location, _html, digest = preview_page(client, data)
    client.post(location, data={"digest": digest, "action": "apply"})
    versions = {p.id: p.version for p in Person.query.all()}
    memberships = count(Membership)

    location, html, digest = preview_page(client, data)
    assert "Nye personer</dt><dd>0" in html.replace("\n", "")
    assert "Endres</dt><dd>0" in html.replace("\n", "")
    assert "Uten endringer</dt><dd>3" in html.replace("\n", "")
    assert "Bekreft og importer" not in html
    preview = imports.build_preview(net, imports.read_rows(data), as_of=today_oslo())
    assert not preview.creates and not preview.updates and len(preview.unchanged) == 3
    imports.apply_preview(preview)
    assert {p.id: p.version for p in Person.query.all()} == versions
    assert count(Membership) == memberships


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (["Ola", "ola@example.no", "nurse", None, "Atlantis"], "Ukjent kommune: Atlantis"),
        (["Ola", "ola(at)example.no", "nurse"], "Ugyldig e-postadresse"),
        (["Ola", "ola@example.no", "nurse", None, None, None, "12AB"], "Ugyldig HPR-nummer"),
        (["Ola", "ola@example.no", "nurse", None, None, None, "1234567890"], "Ugyldig HPR-nummer"),
        ([None, "ola@example.no", "nurse"], "Navn mangler"),
        (["Ola", "ola@example.no", "doctor"], "er ikke med i nettverket"),
        (["Ola", "ola@example.no", "astronaut"], "Ukjent yrke"),
        (["Ola", "ola@example.no", "nurse", *[None] * 6, "31.02.2026"], "Ugyldig startdato"),
        (["Ola", "ola@example.no", "nurse", *[None] * 4, "kanskje"], "ja eller nei"),
        (["Ola", "ola@example.no", "nurse", *[None] * 5, "ukjent@example.no"], "Fant ingen leder"),
        (["Ola", None, "nurse"], "E-post mangler"),
        (["Ola", "ola@example.no", None], "Yrke mangler"),
    ],
)
def test_one_bad_row_changes_nothing(client, login, coordinator, net, row, reason):
    rows = [["God Rad", "god.rad@example.no", "nurse", None, "Hamar"], row]
    login(coordinator)
    persons, memberships = count(Person), count(Membership)
    location, html, digest = preview_page(client, xlsx(rows))
    assert reason in html
    assert "Rad" in html and "<td>3</td>" in html  # the bad row's Excel row number
    assert "Bekreft og importer" not in html
    response = client.post(location, data={"digest": digest, "action": "apply"})
    assert response.headers["Location"].endswith(location)
    assert count(Person) == persons and count(Membership) == memberships
    assert person_by_email("god.rad@example.no") is None


def test_duplicates_in_the_file_are_bad_rows(net):
    rows = imports.read_rows(
        xlsx(
            [
                ["A", "same@example.no", "nurse", *[None] * 3, "555"],
                ["B", "SAME@example.no", "nurse"],
                ["C", "c@example.no", "nurse", *[None] * 3, "555"],
            ]
        )
    )
    preview = imports.build_preview(net, rows, as_of=today_oslo())
    reasons = {b.number: " ".join(b.errors) for b in preview.bad}
    assert reasons == {3: "Samme e-post som rad 2.", 4: "Samme HPR-nummer som rad 2."}


def test_existing_person_is_matched_by_hpr_and_gets_the_new_email(net):
    person = make_person(hpr="7654321", email="gammel@example.no")
    rows = imports.read_rows(xlsx([[person.name, "ny@example.no", None, *[None] * 3, 7654321]]))
    preview = imports.build_preview(net, rows, as_of=today_oslo())
    assert [(r.person_id, [c.field for c in r.changes]) for r in preview.updates] == [
        (person.id, ["email"])
    ]
    imports.apply_preview(preview)
    assert person.email == "ny@example.no"


def test_active_member_gets_no_second_membership(net):
    person = make_person()
    make_membership(person, net, dt.date(2025, 1, 1))
    rows = imports.read_rows(xlsx([[person.name, person.email, "nurse"]]))
    preview = imports.build_preview(net, rows, as_of=today_oslo())
    assert [r.person_id for r in preview.unchanged] == [person.id]
    assert preview.new_memberships == 0


def test_start_inside_an_ended_membership_is_a_bad_row(net):
    person = make_person()
    make_membership(person, net, dt.date(2024, 1, 1), dt.date(2025, 6, 30))
    rows = imports.read_rows(xlsx([[person.name, person.email, *[None] * 7, "2025-01-01"]]))
    preview = imports.build_preview(net, rows, as_of=dt.date(2026, 1, 1))
    assert "tidligere medlemskap" in preview.bad[0].errors[0]


@pytest.mark.parametrize("match", ["email", "hpr"])
def test_a_person_the_coordinator_cannot_manage_is_a_bad_row_that_reveals_nothing(
    net, coordinator, match
):
    other_net = make_network()
    person = make_person(name="Skjult Navn", email="skjult@example.no", hpr="4445556")
    make_membership(person, other_net, dt.date(2025, 1, 1))
    email = person.email if match == "email" else "annen@example.no"
    rows = imports.read_rows(xlsx([["Nytt Navn", email, "nurse", *[None] * 3, "4445556"]]))
    preview = imports.build_preview(net, rows, user=coordinator, as_of=today_oslo())
    assert not preview.updates and not preview.creates and not preview.unchanged
    (bad,) = preview.bad
    text = " ".join(bad.errors)
    assert "Fant ingen person du kan administrere" in text
    assert bad.name == "Nytt Navn" and "Skjult" not in text and "skjult@" not in text
    with pytest.raises(imports.DomainError):
        imports.apply_preview(preview)
    assert count(Membership, Membership.person_id == person.id) == 1


def test_the_preview_page_does_not_show_an_unmanageable_persons_details(client, login, coordinator):
    person = make_person(name="Skjult Navn", phone="98765432")
    make_membership(person, make_network(), dt.date(2025, 1, 1))
    login(coordinator)
    _location, html, _digest = preview_page(client, xlsx([["Nytt Navn", person.email, "nurse"]]))
    assert "Fant ingen person du kan administrere" in html
    assert "Skjult Navn" not in html and "98765432" not in html


def test_an_admin_may_still_enrol_a_member_of_another_network(net):
    person = make_person(name="Annen Nettverk")
    make_membership(person, make_network(), dt.date(2025, 1, 1))
    rows = imports.read_rows(xlsx([["Annen Nettverk", person.email, "nurse"]]))
    preview = imports.build_preview(net, rows, user=make_user(Role.admin), as_of=today_oslo())
    assert [r.person_id for r in preview.updates] == [person.id]


def test_formula_like_names_are_kept_as_text(net):
    rows = imports.read_rows(xlsx([['=HYPERLINK("http://x","y")', "f@example.no", "nurse"]]))
    preview = imports.build_preview(net, rows, as_of=today_oslo())
    imports.apply_preview(preview)
    assert person_by_email("f@example.no").name == '=HYPERLINK("http://x","y")'


def test_stale_preview_is_shown_again_instead_of_applied(client, login, coordinator):
    login(coordinator)
    location, _html, digest = preview_page(client, xlsx([["Ola", "ola@example.no", "nurse"]]))
    make_person(email="ola@example.no", name="Kom Først")  # someone registered her meanwhile
    response = client.post(location, data={"digest": digest, "action": "apply"})
    assert response.headers["Location"].endswith(location)
    assert person_by_email("ola@example.no").name == "Kom Først"


def test_cancel_discards_the_upload(client, login, coordinator):
    login(coordinator)
    location, _html, digest = preview_page(client, xlsx([["Ola", "ola@example.no", "nurse"]]))
    client.post(location, data={"digest": digest, "action": "cancel"})
    assert person_by_email("ola@example.no") is None
    assert client.get(location).headers["Location"].endswith("/import")


def test_import_pages_are_for_the_networks_coordinators(client, login, db, coordinator):
    login(make_coordinator(make_network()))
    assert client.get(f"/networks/{SLUG}/import").status_code == 404
    assert upload(client, xlsx([["Ola", "ola@example.no", "nurse"]])).status_code == 404
    login(coordinator)
    location, _html, _digest = preview_page(client, xlsx([["Ola", "ola@example.no", "nurse"]]))
    login(make_coordinator(network(SLUG)))  # another coordinator cannot use my upload
    assert client.get(location).headers["Location"].endswith("/import")


# --------------------------------------------------------------------------- command line


def test_cli_dry_run_prints_the_preview_and_changes_nothing(runner, tmp_path, net):
    path = tmp_path / "m.xlsx"
    path.write_bytes(xlsx([["Cli Person", "cli@example.no", "nurse", None, "Hamar"]]))
    result = runner.invoke(args=["import", "members", str(path), "--network", SLUG, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 ny, " in result.output and "Cli Person" in result.output
    assert person_by_email("cli@example.no") is None


def test_cli_applies_a_good_file(runner, tmp_path, net):
    path = tmp_path / "m.xlsx"
    path.write_bytes(xlsx([["Cli Person", "cli@example.no", "nurse", None, "Hamar"]]))
    result = runner.invoke(args=["import", "members", str(path), "--network", SLUG])
    assert result.exit_code == 0, result.output
    person = person_by_email("cli@example.no")
    assert person is not None
    assert count(Membership, Membership.person_id == person.id) == 1


def test_cli_exits_non_zero_on_bad_rows_and_applies_nothing(runner, tmp_path, net):
    path = tmp_path / "m.xlsx"
    path.write_bytes(
        xlsx([["God", "god@example.no", "nurse"], ["Dårlig", "dårlig", "nurse", None, "Atlantis"]])
    )
    result = runner.invoke(args=["import", "members", str(path), "--network", SLUG])
    assert result.exit_code != 0
    assert "Ukjent kommune: Atlantis" in result.output
    assert person_by_email("god@example.no") is None


def test_cli_refuses_a_bad_file(runner, tmp_path, net):
    path = tmp_path / "m.xlsx"
    path.write_bytes(b"navn,e-post\n")
    result = runner.invoke(args=["import", "members", str(path), "--network", SLUG])
    assert result.exit_code != 0
    assert "CSV" in result.output
