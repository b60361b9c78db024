"""The competence overview workbook: content matches the progress API, layout, scopes, access."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.auth.models import Role
from app.networks.models import Network
from app.reports.overview import STATUS_WORDS
from tests.factories import (
    attended,
    hospitation,
    make_admin,
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
    make_workplace,
    municipality,
    network,
)

SLUG = "innlandet-ressurssykepleiere"
ON = dt.date(2026, 3, 1)
HOSTILE = '=HYPERLINK("http://x","y")'


def load(data: bytes):
    return load_workbook(io.BytesIO(data))


@pytest.fixture()
def world(db):
    """Three nurses in the Innlandet network with different standing on ON, and a leader."""
    net = network(SLUG)
    leader = make_person(name="Lise Leder")
    place = make_workplace(name="Hamar sykehjem", municipality=municipality("Hamar"))
    a = make_person(name="Anne Aas", further_education=True, workplace=place, leader=leader)
    b = make_person(name="Bjørn Berg", leader=leader)
    c = make_person(
        name=HOSTILE,
        workplace=make_workplace(name="@Elverum", municipality=municipality("Elverum")),
    )
    make_membership(a, net, dt.date(2025, 9, 1))
    make_membership(b, net, dt.date(2024, 1, 31))
    make_membership(c, net, dt.date(2026, 1, 1))
    hospitation(a, 1, dt.date(2025, 10, 1), dt.date(2025, 10, 1))  # 1 of 2 days
    attended(b, net, "intro_course", dt.date(2024, 5, 6))
    attended(b, net, "theme_day", dt.date(2026, 2, 2))
    hospitation(b, 2, dt.date(2024, 3, 4), dt.date(2024, 3, 5))
    return {"net": net, "leader": leader, "persons": [a, b, c], "place": place}


def plan_sheet(wb):
    names = [n for n in wb.sheetnames if n not in ("Sammendrag", "Om filen")]
    assert len(names) == 1, wb.sheetnames
    return wb[names[0]]


def rows_by_name(ws):
    header = [c.value for c in ws[1]]
    return header, {row[0].value: row for row in ws.iter_rows(min_row=2)}


def test_overview_matches_the_progress_api(client, login, api, world):
    admin = make_admin()
    coordinator = make_coordinator(world["net"])
    login(coordinator)
    response = client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    wb = load(response.data)
    assert wb.sheetnames[-2:] == ["Sammendrag", "Om filen"]
    ws = plan_sheet(wb)
    header, rows = rows_by_name(ws)
    assert header[:6] == ["Navn", "Yrke", "Arbeidssted", "Kommune", "Leder", "Medlem fra"]
    assert list(rows) == [HOSTILE, "Anne Aas", "Bjørn Berg"]  # sorted by name
    statuses_seen = set()
    for person in world["persons"]:
        row = rows[person.name]
        progress = api(admin).get(f"/api/v1/persons/{person.id}/progress?on={ON}").get_json()
        (plan,) = progress["plans"]
        for req in plan["requirements"]:
            col = header.index(req["title"])
            status_cell, date_cell = row[col], row[col + 1]
            assert status_cell.value == STATUS_WORDS[req["status"]], (person.name, req["key"])
            assert status_cell.fill.fgColor.rgb.endswith(
                {
                    "met": "C6EFCE",
                    "in_progress": "FFEB9C",
                    "due": "DDEBF7",
                    "overdue": "FFC7CE",
                    "not_applicable": "EDEDED",
                }[req["status"]]
            )
            expected = req["met_on"] or req["deadline"]
            value = date_cell.value
            assert (value.date().isoformat() if value else None) == expected
            if expected:
                assert date_cell.number_format == "DD.MM.YYYY"
            if f"{req['title']} – utført (dager)" in header:
                done = row[header.index(f"{req['title']} – utført (dager)")].value
                needed = row[header.index(f"{req['title']} – kreves (dager)")].value
                assert (done, needed) == (req["done"], req["needed"])
                assert isinstance(done, int | float)
            statuses_seen.add(req["status"])
    assert {"met", "in_progress", "overdue", "not_applicable", "due"} <= statuses_seen
    # The membership start is a real date; the leader is named.
    assert rows["Anne Aas"][5].value.date() == dt.date(2025, 9, 1)
    assert rows["Anne Aas"][4].value == "Lise Leder"
    assert rows["Anne Aas"][3].value == "Hamar"


def test_layout_frozen_filtered_and_widths_fit(client, login, world):
    login(make_coordinator(world["net"]))
    wb = load(client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data)
    ws = plan_sheet(wb)
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}4"
    assert all(c.font.b for c in ws[1])
    name_width = ws.column_dimensions["A"].width
    assert len(HOSTILE) + 2 <= name_width <= 50
    summary = wb["Sammendrag"]
    assert summary.freeze_panes == "A2" and summary.auto_filter.ref


def test_summary_counts_per_requirement_and_complete(client, login, world):
    login(make_coordinator(world["net"]))
    wb = load(client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data)
    ws = wb["Sammendrag"]
    header = [c.value for c in ws[1]]
    assert header == [
        "Plan",
        "Krav",
        "Obligatorisk",
        "Oppfylt",
        "Underveis",
        "Gjenstår",
        "Forfalt",
        "Ikke aktuelt",
        "I alt",
    ]
    rows = {r[1].value: [c.value for c in r] for r in ws.iter_rows(min_row=2)}
    hosp = next(v for k, v in rows.items() if k.startswith("Hospitering"))
    # Bjørn met it, Anne has 1 of 2 days, the third nurse started this year: due.
    assert hosp[3:9] == [1, 1, 1, 0, 0, 3]
    niva_b = next(v for k, v in rows.items() if k.startswith("Kurs på nivå B"))
    assert niva_b[7] == 1  # Anne has further education
    whole = rows["Hele planen: alle obligatoriske krav oppfylt"]
    assert whole[8] == 3


def test_info_sheet_says_what_for_whom_when_and_the_legend(client, login, world):
    coordinator = make_coordinator(world["net"])
    login(coordinator)
    wb = load(client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data)
    info = {r[0].value: r[1].value for r in wb["Om filen"].iter_rows() if r[0].value}
    assert "Kompetanseoversikt" in info
    assert world["net"].name in info["Utvalg"]
    assert info["Status per dag"].date() == ON
    assert isinstance(info["Laget"], dt.datetime)
    assert info["Laget av"] == coordinator.email
    assert info["Personer"] == 3
    for word in STATUS_WORDS.values():
        assert word in info


def test_formula_in_a_name_stays_text(client, login, world):
    login(make_coordinator(world["net"]))
    data = client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data
    ws = plan_sheet(load(data))
    _header, rows = rows_by_name(ws)
    cell = rows[HOSTILE][0]
    assert cell.data_type == "s" and cell.value == HOSTILE
    assert cell.quotePrefix
    assert rows[HOSTILE][2].value == "@Elverum" and rows[HOSTILE][2].data_type == "s"
    # No formula anywhere in the file.
    for sheet in load(data).worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_overview_converts_with_libreoffice(client, login, world, tmp_path):
    soffice = shutil.which("soffice") or (
        "/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else None
    )
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    login(make_coordinator(world["net"]))
    source = tmp_path / "oversikt.xlsx"
    source.write_bytes(client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "ods", "--outdir", str(tmp_path), str(source)],
        check=False,
        timeout=120,
        capture_output=True,
    )
    assert (tmp_path / "oversikt.ods").exists()  # soffice exits 0 even when it fails


def test_leader_gets_her_staff(client, login, world):
    user = make_user(Role.leader, person=world["leader"])
    login(user)
    ws = plan_sheet(load(client.get(f"/reports/overview.xlsx?leader=me&on={ON}").data))
    assert list(rows_by_name(ws)[1]) == ["Anne Aas", "Bjørn Berg"]
    # A leader has no network overview.
    assert client.get(f"/reports/overview.xlsx?network={SLUG}").status_code == 404


def test_municipality_and_workplace_scopes(client, login, world):
    login(make_coordinator(world["net"]))
    for query in (
        "municipality=3403",
        "municipality=Hamar",
        f"workplace={world['place'].id}",
        "workplace=hamar sykehjem",
    ):
        ws = plan_sheet(load(client.get(f"/reports/overview.xlsx?{query}&on={ON}").data))
        assert list(rows_by_name(ws)[1]) == ["Anne Aas"], query
    assert client.get("/reports/overview.xlsx?municipality=Atlantis").status_code == 404
    assert client.get("/reports/overview.xlsx?workplace=999999").status_code == 404


def test_coordinator_of_another_network_sees_none_of_it(client, login, world):
    login(make_coordinator(make_network()))
    assert client.get(f"/reports/overview.xlsx?network={SLUG}").status_code == 404
    wb = load(client.get(f"/reports/overview.xlsx?municipality=Hamar&on={ON}").data)
    assert wb.sheetnames == ["Sammendrag", "Om filen"]  # nobody in scope: still a workbook


def test_resource_person_is_refused_and_anonymous_must_log_in(client, login, world):
    response = client.get(f"/reports/overview.xlsx?network={SLUG}")
    assert "/login" in response.headers["Location"]
    login(make_user(Role.resource_person))
    assert client.get(f"/reports/overview.xlsx?network={SLUG}").status_code == 403


def test_bearer_token_with_access(client, api, world):
    coordinator = make_coordinator(world["net"])
    response = api(coordinator).get(f"/reports/overview.xlsx?network={SLUG}&on={ON}")
    assert response.status_code == 200
    assert "Anne Aas" in rows_by_name(plan_sheet(load(response.data)))[1]
    other = make_coordinator(make_network())
    assert api(other).get(f"/reports/overview.xlsx?network={SLUG}").status_code == 404
    bad = client.get(
        f"/reports/overview.xlsx?network={SLUG}", headers={"Authorization": "Bearer nope"}
    )
    assert bad.status_code == 401


def test_admin_gets_every_network_a_sheet_per_plan(client, login, world):
    vest = network("vest-fysio-ergo")
    physio = make_person(name="Fysio Fredrik", profession="physiotherapist")
    make_membership(physio, vest, dt.date(2025, 1, 1))
    login(make_admin())
    wb = load(client.get(f"/reports/overview.xlsx?on={ON}").data)
    assert len(wb.sheetnames) == 4
    titles = {wb[n]["A2"].value for n in wb.sheetnames[:2]}
    assert "Fysio Fredrik" in titles


def test_bad_day_is_400(client, login, world):
    login(make_coordinator(world["net"]))
    assert client.get(f"/reports/overview.xlsx?network={SLUG}&on=31.02.2026").status_code == 400


def test_query_count_does_not_grow_with_persons(client, login, db, count_queries):
    net = network(SLUG)
    coordinator = make_coordinator(net)
    login(coordinator)

    def queries_for(n: int) -> int:
        for _ in range(n):
            make_membership(make_person(leader=make_person()), net, dt.date(2025, 1, 1))
        with count_queries() as seen:
            assert client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").status_code == 200
        return len(seen)

    two = queries_for(2)
    ten = queries_for(8)
    assert ten == two


def test_cli_export_writes_the_same_file(runner, world, tmp_path, client, login):
    out = tmp_path / "oversikt.xlsx"
    result = runner.invoke(
        args=["export", "overview", "--network", SLUG, "--out", str(out), "--on", ON.isoformat()]
    )
    assert result.exit_code == 0, result.output
    cli = load(out.read_bytes())
    login(make_coordinator(world["net"]))
    web = load(client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data)
    assert cli.sheetnames == web.sheetnames
    for name in cli.sheetnames[:-1]:  # the info sheet names who made it and when
        assert [[c.value for c in r] for r in cli[name].iter_rows()] == [
            [c.value for c in r] for r in web[name].iter_rows()
        ]


def test_cli_export_unknown_network(runner, db, tmp_path):
    result = runner.invoke(
        args=["export", "overview", "--network", "finnes-ikke", "--out", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code != 0 and "Ukjent nettverk" in result.output


def test_network_page_and_dashboard_offer_the_download(client, login, world):
    coordinator = make_coordinator(world["net"])
    login(coordinator)
    page = client.get(f"/networks/{SLUG}").get_data(as_text=True)
    assert f"/reports/overview.xlsx?network={SLUG}" in page
    assert f"/networks/{SLUG}/import" in page
    assert f"/reports/overview.xlsx?network={SLUG}" in client.get("/dashboard").get_data(
        as_text=True
    )
    leader = make_user(Role.leader, person=world["leader"])
    login(leader)
    assert "/reports/overview.xlsx?leader=me" in client.get("/dashboard").get_data(as_text=True)
    assert f"/reports/overview.xlsx?network={SLUG}" not in client.get(f"/networks/{SLUG}").get_data(
        as_text=True
    )


def test_reports_index_and_municipality_page(client, login, world):
    login(make_coordinator(world["net"]))
    index = client.get("/reports")
    assert index.status_code == 200
    html = index.get_data(as_text=True)
    assert f"/reports/overview.xlsx?network={SLUG}" in html
    assert f"/reports/import/template.xlsx?network={SLUG}" in html
    page = client.get("/reports/municipality/3403")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Anne Aas" in html and "/reports/overview.xlsx?municipality=3403" in html
    assert client.get("/reports/municipality/9999").status_code == 404
    login(make_user(Role.resource_person))
    assert client.get("/reports").status_code == 403


def test_every_workbook_keeps_formulas_as_text(client, login, db):
    """The formula test for the import template too: a network named like a formula."""
    net = make_network()
    net.name = HOSTILE
    login(make_coordinator(net))
    wb = load(client.get(f"/reports/import/template.xlsx?network={net.slug}").data)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)
    assert any(HOSTILE in str(c.value) for c in wb["Veiledning"][1])
    person = make_person(name=HOSTILE)
    make_membership(person, net, dt.date(2025, 1, 1))
    data = client.get(f"/reports/overview.xlsx?network={net.slug}").data
    info = load(data)["Om filen"]
    for sheet in load(data).worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)
    assert any(HOSTILE in str(c.value) for r in info.iter_rows() for c in r)


def test_network_without_plan_gives_a_valid_workbook(client, login, db):
    net = make_network()
    make_membership(make_person(), net, dt.date(2025, 1, 1))
    login(make_coordinator(net))
    response = client.get(f"/reports/overview.xlsx?network={net.slug}")
    assert response.status_code == 200
    assert load(response.data).sheetnames == ["Sammendrag", "Om filen"]
    assert isinstance(net, Network)


def test_overview_with_an_impossible_workplace_id_is_not_a_500(client, db, login):
    login(make_admin())
    response = client.get("/reports/overview.xlsx?workplace=1000000000000000000000")
    assert response.status_code in (200, 404)


def test_an_empty_scope_is_a_message_in_the_browser_and_a_file_for_programs(client, login, world):
    login(make_coordinator(make_network()))
    browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    response = client.get("/reports/overview.xlsx?municipality=Hamar", headers=browser)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ingen personer i utvalget" in page and "Kommune: 3403 Hamar" in page
    assert client.get("/reports/overview.xlsx?municipality=Hamar").mimetype.endswith(".sheet")


def test_overview_prints_landscape_one_page_wide_with_header_on_every_page(client, login, world):
    login(make_coordinator(world["net"]))
    wb = load(client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data)
    ws = plan_sheet(wb)
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"
    assert world["net"].slug in ws.oddHeader.center.text


def test_first_printed_page_has_names_and_statuses_side_by_side(client, login, world, tmp_path):
    soffice = shutil.which("soffice")
    pdftotext = shutil.which("pdftotext")
    if soffice is None or pdftotext is None:
        pytest.skip("LibreOffice (soffice) or pdftotext (poppler-utils) is not installed")
    login(make_coordinator(world["net"]))
    source = tmp_path / "oversikt.xlsx"
    source.write_bytes(client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data)
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=False,
        timeout=180,
        capture_output=True,
    )
    pdf = tmp_path / "oversikt.pdf"
    assert pdf.exists()
    first = subprocess.run(
        [pdftotext, "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    words = set(STATUS_WORDS.values())
    line = next(row for row in first.splitlines() if "Bjørn Berg" in row)
    assert any(word in line for word in words), line


def test_a_kpm_sheet_shows_who_the_kpm_body_approved(client, login, db):
    kpm = network("kpm")
    approved = make_person(
        name="Aud Godkjent", profession="doctor", specialist_approved_on=dt.date(2019, 1, 1)
    )
    approved.kpm_approved_on = dt.date(2026, 2, 10)
    waiting = make_person(name="Bo Venter", profession="doctor")
    make_membership(approved, kpm, dt.date(2023, 1, 1))
    make_membership(waiting, kpm, dt.date(2024, 1, 1))
    login(make_coordinator(kpm))
    res = client.get(f"/reports/overview.xlsx?network=kpm&on={ON.isoformat()}")
    assert res.status_code == 200
    book = load(res.data)
    sheet = next(ws for ws in book.worksheets if ws.cell(1, 1).value == "Navn")
    header = [c.value for c in sheet[1]]
    assert header[-1] == "KPM godkjent"
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    assert rows["Aud Godkjent"][len(header) - 1].value.date() == dt.date(2026, 2, 10)
    assert rows["Bo Venter"][len(header) - 1].value is None
    # A level-B sheet has no such column.
    login(make_coordinator(network(SLUG)))
    other = load(client.get(f"/reports/overview.xlsx?network={SLUG}").data)
    assert all("KPM godkjent" not in [c.value for c in ws[1]] for ws in other.worksheets)
