"""Inspection pages: a site's inspections and findings, "Registrer tilsyn" (errors on the
field, what was typed kept), "Lukk avvik" after a confirmation, the sites list and workbook."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook
from sqlalchemy import select

from app.core.types import today_oslo
from app.extensions import db as _db
from app.kpm import inspection_operations, site_operations
from app.kpm.inspection_models import InspectionFinding, SiteInspection
from tests.factories import make_coordinator, make_network
from tests.kpm.test_views import csrf

YEAR = today_oslo().year


def make_site(name="Palliativt senter, Haukeland", **kw):
    values = {"kind": "centre_with_beds", "approval": "approved", **kw}
    return site_operations.save_education_site(None, name=name, **values)


def form_body(html, **fields):
    body = {"insp-csrf_token": csrf(html, "insp"), "action": "save"}
    defaults = {
        "insp-year": str(YEAR),
        "insp-kind": "visit",
        "insp-date": f"{YEAR}-03-01",
        "insp-inspector": "Kompetansesenteret i Vest",
        "insp-inspector_region": "",
        "insp-findings-0-text": "",
        "insp-findings-0-deadline": "",
    }
    return {**body, **defaults, **fields}


def test_register_a_visit_with_a_finding_and_close_it(login, coordinator, db):
    site = make_site(region="helse-vest")
    client = login(coordinator)
    page = client.get(f"/kpm/sites/{site.id}").get_data(as_text=True)
    assert "Tilsyn skyldes i år" in page and "Registrer tilsyn" in page
    res = client.post(
        f"/kpm/sites/{site.id}/inspections",
        data=form_body(
            page,
            **{
                "insp-findings-0-text": "Mangler skriftlig utdanningsplan",
                "insp-findings-0-deadline": f"{YEAR}-09-01",
            },
        ),
    )
    assert res.headers["Location"].endswith(f"/kpm/sites/{site.id}#inspections-h")
    page = client.get(f"/kpm/sites/{site.id}").get_data(as_text=True)
    assert f"Tilsynsbesøk for {YEAR}" in page and "Mangler skriftlig utdanningsplan" in page
    finding = _db.session.scalar(select(InspectionFinding))
    confirm = client.get(f"/kpm/findings/{finding.id}/close")
    assert confirm.status_code == 200 and "Lukke avviket?" in confirm.get_data(as_text=True)
    res = client.post(
        f"/kpm/findings/{finding.id}/close",
        data={
            "csrf_token": csrf(confirm.get_data(as_text=True)),
            "closed_on": f"{YEAR}-10-01",
            "follow_up": "report",
        },
    )
    assert res.headers["Location"].endswith(f"/kpm/sites/{site.id}#inspections-h")
    _db.session.refresh(finding)
    assert finding.closed_on == dt.date(YEAR, 10, 1)
    assert finding.follow_up.value == "report"
    assert "Lukket 01.10." in client.get(f"/kpm/sites/{site.id}").get_data(as_text=True)


def test_an_error_stays_on_its_field_and_keeps_what_was_typed(login, coordinator, db):
    site = make_site(region="helse-vest", regional_centre=True)
    client = login(coordinator)
    page = client.get(f"/kpm/sites/{site.id}").get_data(as_text=True)
    res = client.post(
        f"/kpm/sites/{site.id}/inspections",
        data=form_body(
            page,
            **{
                "insp-inspector_region": "helse-vest",
                "insp-findings-0-text": "Internundervisning under 2 timer",
                "insp-findings-0-deadline": f"{YEAR}-09-01",
            },
        ),
    )
    html = res.get_data(as_text=True)
    assert res.status_code == 422
    assert 'id="insp-inspector_region-error"' in html and "annen helseregion" in html
    assert "Internundervisning under 2 timer" in html and f'value="{YEAR}-09-01"' in html
    assert _db.session.scalar(select(SiteInspection)) is None
    # a finding without a deadline: the error on that row's deadline
    res = client.post(
        f"/kpm/sites/{site.id}/inspections",
        data=form_body(page, **{"insp-findings-0-text": "Uten frist"}),
    )
    html = res.get_data(as_text=True)
    assert res.status_code == 422 and 'id="insp-findings-0-deadline-error"' in html
    assert "Uten frist" in html


def test_finding_rows_are_added_and_removed_without_saving(login, coordinator, db):
    site = make_site()
    client = login(coordinator)
    page = client.get(f"/kpm/sites/{site.id}").get_data(as_text=True)
    data = form_body(page, **{"insp-findings-0-text": "Første"})
    data["action"] = "add-finding"
    html = client.post(f"/kpm/sites/{site.id}/inspections", data=data).get_data(as_text=True)
    assert 'name="insp-findings-1-text"' in html and "Første" in html
    data = form_body(page, **{"insp-findings-0-text": "Første"})
    data["action"] = "remove-finding:0"
    html = client.post(f"/kpm/sites/{site.id}/inspections", data=data).get_data(as_text=True)
    assert 'name="insp-findings-0-text"' not in html
    assert _db.session.scalar(select(SiteInspection)) is None


def test_only_kpm_coordinators_register_and_close(login, coordinator, db):
    site = make_site()
    inspection = inspection_operations.record_inspection(
        site,
        year=YEAR,
        kind="report",
        date=dt.date(YEAR, 1, 10),
        findings=[{"text": "A", "deadline": dt.date(YEAR, 2, 1)}],
    )
    other = login(make_coordinator(make_network()))
    assert other.post(f"/kpm/sites/{site.id}/inspections", data={}).status_code == 403
    finding_id = inspection.findings[0].id
    assert other.get(f"/kpm/findings/{finding_id}/close").status_code == 403


def test_sites_list_and_workbook_show_the_inspection_standing(login, coordinator, db):
    due = make_site("Sunniva", region="helse-sor-ost")
    done = make_site("Haukeland", region="helse-vest")
    make_site("=SUM(A1:A2)", approval="applied")
    for kind in ("report", "visit"):
        inspection_operations.record_inspection(
            done, year=YEAR, kind=kind, date=dt.date(YEAR, 2, 1)
        )
    inspection_operations.record_inspection(
        due,
        year=YEAR - 1,
        kind="visit",
        date=dt.date(YEAR - 1, 5, 1),
        findings=[{"text": '=HYPERLINK("x")', "deadline": dt.date(YEAR - 1, 6, 1)}],
    )
    client = login(coordinator)
    html = client.get("/kpm/sites").get_data(as_text=True)
    assert html.count("Tilsyn skyldes i år</span>") == 1 and "1 over fristen" in html
    assert 'href="/kpm/sites.xlsx"' in html
    res = client.get("/kpm/sites.xlsx")
    assert res.status_code == 200
    sheet = load_workbook(io.BytesIO(res.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Navn", "Type", "Helseregion")
    by_name = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_name["Sunniva"]["Tilsyn skyldes i år"] == "Ja"
    assert by_name["Haukeland"]["Tilsyn skyldes i år"] == "Nei"
    assert (by_name["Sunniva"]["Åpne avvik"], by_name["Sunniva"]["Avvik over fristen"]) == (1, 1)
    assert by_name["Haukeland"]["Siste besøk"].date() == dt.date(YEAR, 2, 1)
    assert by_name["Sunniva"]["Godkjenning"] == "Godkjent"
    # a name that looks like a formula stays text
    assert by_name["=SUM(A1:A2)"]["Tilsyn skyldes i år"] == "Nei"
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in names)
    assert client.get("/kpm/education-sites.xlsx").status_code == 200


def test_the_kpm_coordinators_dashboard_lists_sites_due_and_overdue_findings(
    login, coordinator, db
):
    due = make_site("Sunniva")
    inspection_operations.record_inspection(
        due,
        year=YEAR - 1,
        kind="visit",
        date=dt.date(YEAR - 1, 5, 1),
        findings=[{"text": "Mangler utdanningsplan", "deadline": dt.date(YEAR - 1, 6, 1)}],
    )
    html = login(coordinator).get("/dashboard").get_data(as_text=True)
    assert "Tilsyn med utdanningssteder" in html
    assert f'href="/kpm/sites/{due.id}">Sunniva</a>' in html
    assert "Mangler utdanningsplan" in html and f"frist 01.06.{YEAR - 1}" in html
    nurse_coordinator = make_coordinator(make_network())
    html = login(nurse_coordinator).get("/dashboard").get_data(as_text=True)
    assert "Tilsyn med utdanningssteder" not in html


def test_the_sites_pages_run_a_fixed_number_of_queries(login, coordinator, db, count_queries):
    client = login(coordinator)

    def add_sites(n, start):
        for i in range(n):
            site = make_site(f"Senter {start + i}", region="helse-nord")
            inspection_operations.record_inspection(
                site,
                year=YEAR - 1,
                kind="visit",
                date=dt.date(YEAR - 1, 5, 1),
                findings=[{"text": "A", "deadline": dt.date(YEAR - 1, 6, 1)}],
            )

    def count(path):
        db.session.commit()  # releases the savepoint; the outer transaction still rolls back
        db.session.expunge_all()
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    paths = ["/kpm/sites", "/kpm/sites.xlsx", "/dashboard"]
    add_sites(2, 0)
    small = {p: count(p) for p in paths}
    add_sites(8, 10)
    assert {p: count(p) for p in paths} == small
