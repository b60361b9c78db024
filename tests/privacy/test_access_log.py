"""The access log: workbook downloads and data exports, and the audit log by person."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core.models import AuditEntry
from app.extensions import db as _db
from tests import factories as f


def test_workbook_download_is_logged_with_who_and_scope(db, login, client, factories):
    net = f.network("innlandet-ressurssykepleiere")
    f.make_membership(f.make_person(), net)
    coordinator = f.make_coordinator(net)
    login(coordinator)
    book = client.get(f"/reports/overview.xlsx?network={net.slug}")
    assert book.status_code == 200
    entry = _db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "report.overview_download")
    ).one()
    assert entry.user_id == coordinator.id
    assert net.name in entry.detail["scope"]
    assert entry.at is not None


def test_audit_log_filtered_by_person(db, login, client, api, factories):
    net = f.network("innlandet-ressurssykepleiere")
    her = f.make_person(name="Hanne Logg")
    f.make_membership(her, net, start=dt.date(2024, 1, 1))
    other = f.make_person(name="Ivar Annen")
    admin = f.make_admin()
    as_admin = api(admin)
    as_admin.patch(f"/api/v1/persons/{her.id}", json={"phone": "12345678"})
    as_admin.patch(f"/api/v1/persons/{other.id}", json={"phone": "87654321"})
    as_admin.get(f"/api/v1/persons/{her.id}/export")
    login(admin)
    page = client.get(f"/admin/audit?person={her.id}").get_data(as_text=True)
    assert "Viser endringer og uttrekk om Hanne Logg." in page
    assert f"Person {her.id}" in page and "privacy.export" in page and "person.update" in page
    assert f"Person {other.id}" not in page
    # Nonsense in the filter is ignored, not an error.
    assert client.get("/admin/audit?person=abc").status_code == 200
