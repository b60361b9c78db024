"""CONTRACT.md "KPM", inspection: a site approved or on dispensation is due in a year until
that year has a report and a visit; a regional centre is not inspected by its own region;
an open finding past its deadline is overdue."""

from __future__ import annotations

import pytest

from app.core.types import today_oslo
from tests.factories import make_admin, make_coordinator, make_network, make_user

YEAR = today_oslo().year
SITE = {"name": "Palliativt senter, Haukeland", "kind": "centre_with_beds", "approval": "approved"}


def make_site(client, **body):
    res = client.post("/api/v1/kpm/education-sites", json={**SITE, **body})
    assert res.status_code == 201, res.get_json()
    return res.get_json()["id"]


def inspect(client, site_id, **body):
    full = {"year": YEAR, "kind": "report", "date": f"{YEAR}-01-15", **body}
    return client.post(f"/api/v1/kpm/education-sites/{site_id}/inspections", json=full)


def site_row(client, site_id):
    rows = client.get("/api/v1/kpm/education-sites").get_json()
    return next(s for s in rows if s["id"] == site_id)


def test_a_report_and_a_visit_end_this_years_inspection(api, coordinator):
    client = api(coordinator)
    site_id = make_site(client)
    assert site_row(client, site_id)["inspection_due"] is True
    res = inspect(client, site_id, inspector="Kompetansesenteret i Vest")
    assert res.status_code == 201 and isinstance(res.get_json()["id"], int)
    row = site_row(client, site_id)
    assert row["inspection_due"] is True  # only the report
    assert row["last_report"] == f"{YEAR}-01-15"
    assert inspect(client, site_id, kind="visit", date=f"{YEAR}-02-01").status_code == 201
    row = site_row(client, site_id)
    assert row["inspection_due"] is False and row["last_visit"] == f"{YEAR}-02-01"
    assert (
        client.get(f"/api/v1/kpm/education-sites/{site_id}").get_json()["inspection_due"] is False
    )


def test_last_years_inspection_does_not_count_for_this_year(api, coordinator):
    client = api(coordinator)
    site_id = make_site(client, approval="dispensation")
    for kind in ("report", "visit"):
        res = inspect(client, site_id, year=YEAR - 1, kind=kind, date=f"{YEAR - 1}-05-01")
        assert res.status_code == 201
    assert site_row(client, site_id)["inspection_due"] is True


def test_a_site_not_approved_is_never_due(api, coordinator):
    client = api(coordinator)
    site_id = make_site(client, approval="applied")
    assert site_row(client, site_id)["inspection_due"] is False


def test_a_regional_centre_is_not_inspected_by_its_own_region(api, coordinator):
    client = api(coordinator)
    site_id = make_site(client, region="helse-vest", regional_centre=True)
    res = inspect(client, site_id, kind="visit", inspector_region="Helse Vest")
    assert res.status_code == 422
    assert "inspector_region" in res.get_json()["error"]["fields"]
    res = inspect(client, site_id, kind="visit", inspector_region="helse-nord")
    assert res.status_code == 201
    listed = client.get(f"/api/v1/kpm/education-sites/{site_id}/inspections").get_json()
    assert listed[0]["inspector_region"] == "helse-nord"
    # an ordinary site may be inspected by its own region
    other = make_site(client, name="Sunniva", region="helse-vest")
    assert inspect(client, other, inspector_region="helse-vest").status_code == 201


def test_findings_open_overdue_and_closed(api, coordinator):
    client = api(coordinator)
    site_id = make_site(client)
    res = inspect(
        client,
        site_id,
        year=YEAR - 1,
        kind="visit",
        date=f"{YEAR - 1}-03-01",
        findings=[
            {"text": "Mangler utdanningsplan", "deadline": f"{YEAR - 1}-06-01"},
            {"text": "Internundervisning under 2 timer", "deadline": f"{YEAR + 1}-06-01"},
        ],
    )
    assert res.status_code == 201
    findings = res.get_json()["findings"]
    assert [f["overdue"] for f in findings] == [True, False]
    row = site_row(client, site_id)
    assert (row["open_findings"], row["overdue_findings"]) == (2, 1)

    res = client.patch(
        f"/api/v1/kpm/findings/{findings[0]['id']}", json={"closed_on": f"{YEAR - 1}-07-01"}
    )
    assert res.status_code == 200
    assert res.get_json()["closed_on"] == f"{YEAR - 1}-07-01"
    assert res.get_json()["overdue"] is False
    row = site_row(client, site_id)
    assert (row["open_findings"], row["overdue_findings"]) == (1, 0)
    listed = client.get(f"/api/v1/kpm/education-sites/{site_id}/inspections").get_json()
    assert [f["closed_on"] for f in listed[0]["findings"]] == [f"{YEAR - 1}-07-01", None]
    # opening it again
    res = client.patch(f"/api/v1/kpm/findings/{findings[0]['id']}", json={"closed_on": None})
    assert res.status_code == 200 and res.get_json()["overdue"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"year": "tjuetjueseks"}, "year"),
        ({"year": None}, "year"),
        ({"year": 1850}, "year"),
        ({"year": True}, "year"),
        ({"kind": "telefon"}, "kind"),
        ({"kind": None}, "kind"),
        ({"kind": ["report"]}, "kind"),
        ({"date": "15.01.2026"}, "date"),
        ({"date": None}, "date"),
        ({"date": f"{YEAR - 5}-01-01"}, "date"),
        ({"inspector": 7}, "inspector"),
        ({"inspector": "x" * 201}, "inspector"),
        ({"inspector_region": "Helse Øst"}, "inspector_region"),
        ({"findings": "mange"}, "findings"),
        ({"findings": ["tekst"]}, "findings.0"),
        ({"findings": [{"text": "Mangler plan"}]}, "findings.0.deadline"),
        ({"findings": [{"deadline": f"{YEAR}-06-01"}]}, "findings.0.text"),
        ({"findings": [{"text": "A", "deadline": f"{YEAR - 1}-06-01"}]}, "findings.0.deadline"),
        ({"findings": [{"text": "A", "deadline": f"{YEAR}-06-01", "x": 1}]}, "findings.0.x"),
        ({"findings": [{"text": "A\ufffe", "deadline": f"{YEAR}-06-01"}]}, "findings.0.text"),
        ({"findings": [{"text": "A", "deadline": f"{YEAR}-06-01"}] * 201}, "findings"),
        ({"approved": True}, "approved"),
    ],
)
def test_bad_input_is_422_on_the_field(api, coordinator, body, field):
    client = api(coordinator)
    site_id = make_site(client)
    res = inspect(client, site_id, **body)
    assert res.status_code == 422, res.get_json()
    assert field in res.get_json()["error"]["fields"]
    assert client.get(f"/api/v1/kpm/education-sites/{site_id}/inspections").get_json() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "closed_on"),
        ({"closed_on": "i går"}, "closed_on"),
        ({"closed_on": f"{YEAR - 2}-01-01"}, "closed_on"),  # before the inspection
        ({"closed_on": f"{YEAR}-02-01", "follow_up": "telefon"}, "follow_up"),
        ({"closed_on": f"{YEAR}-02-01", "text": "ny"}, "text"),
    ],
)
def test_bad_closing_is_422_on_the_field(api, coordinator, body, field):
    client = api(coordinator)
    site_id = make_site(client)
    res = inspect(client, site_id, findings=[{"text": "A", "deadline": f"{YEAR}-06-01"}])
    finding_id = res.get_json()["findings"][0]["id"]
    res = client.patch(f"/api/v1/kpm/findings/{finding_id}", json=body)
    assert res.status_code == 422
    assert field in res.get_json()["error"]["fields"]


def test_who_may_record_and_unknown_ids(api, coordinator):
    site_id = make_site(api(coordinator))
    res = inspect(api(coordinator), site_id, findings=[{"text": "A", "deadline": f"{YEAR}-06-01"}])
    finding_id = res.get_json()["findings"][0]["id"]
    other = make_coordinator(make_network())
    assert inspect(api(other), site_id).status_code == 403
    assert (
        api(other)
        .patch(f"/api/v1/kpm/findings/{finding_id}", json={"closed_on": f"{YEAR}-02-01"})
        .status_code
        == 403
    )
    supervisor = make_user("supervisor")
    assert inspect(api(supervisor), site_id).status_code == 403
    # a supervisor reads the sites and their inspections
    assert (
        api(supervisor).get(f"/api/v1/kpm/education-sites/{site_id}/inspections").status_code == 200
    )
    admin = api(make_admin())
    assert inspect(admin, site_id, kind="visit").status_code == 201
    assert inspect(admin, 999999).status_code == 404
    assert (
        admin.patch("/api/v1/kpm/findings/999999", json={"closed_on": f"{YEAR}-02-01"}).status_code
        == 404
    )
    assert admin.get("/api/v1/kpm/education-sites/999999/inspections").status_code == 404


def test_the_sites_list_runs_a_fixed_number_of_queries(api, coordinator, count_queries):
    client = api(coordinator)

    def add_sites(n, start):
        for i in range(n):
            site_id = make_site(client, name=f"Senter {start + i}", region="helse-nord")
            inspect(client, site_id, findings=[{"text": "A", "deadline": f"{YEAR}-06-01"}])

    def count():
        with count_queries() as q:
            assert client.get("/api/v1/kpm/education-sites").status_code == 200
        return len(q.statements)

    add_sites(2, 0)
    few = count()
    add_sites(6, 10)
    assert count() == few
