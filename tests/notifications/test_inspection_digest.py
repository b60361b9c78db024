"""The KPM coordinator's Monday digest: education sites due for inspection this year, and
inspection findings past their deadline (CONTRACT.md "Notifications")."""

from __future__ import annotations

import datetime as dt

from app.kpm import inspection_operations, site_operations
from app.notifications import jobs, queries
from tests import factories as f
from tests.notifications.test_jobs import subject, text, to

D = dt.date
MONDAY = D(2026, 3, 9)


def site(name, **kw):
    values = {"kind": "centre_with_beds", "approval": "approved", **kw}
    return site_operations.save_education_site(None, name=name, **values)


def test_the_digest_lists_sites_due_and_findings_past_their_deadline(smtp_server, db):
    coordinator = f.make_coordinator(f.network("kpm"))
    other = f.make_coordinator(f.make_network())
    due = site("Sunniva")
    done = site("Haukeland")
    site("Søkt senter", approval="applied")
    site("Utløpt", approved_until=D(2025, 12, 31))
    for kind in ("report", "visit"):
        inspection_operations.record_inspection(done, year=2026, kind=kind, date=D(2026, 2, 1))
    inspection = inspection_operations.record_inspection(
        due,
        year=2025,
        kind="visit",
        date=D(2025, 10, 1),
        findings=[
            {"text": "Mangler\nutdanningsplan", "deadline": D(2026, 3, 1)},
            {"text": "Lukket i tide", "deadline": D(2026, 1, 1)},
            {"text": "Frist senere", "deadline": D(2026, 4, 1)},
        ],
    )
    inspection_operations.close_finding(inspection.findings[1], closed_on=D(2025, 12, 20))
    (lines,) = queries.findings_past_deadline(MONDAY).values()
    assert lines == [("Sunniva", "Mangler\nutdanningsplan", D(2026, 3, 1))]

    jobs.run(MONDAY)
    (digest,) = [
        m for m in to(smtp_server.messages, coordinator.email) if "Ukeoversikt" in subject(m)
    ]
    body = text(digest)
    assert "Utdanningssteder som skal ha tilsyn i år:" in body
    assert "Sunniva: tilsyn for 2026" in body
    assert "Haukeland: tilsyn" not in body  # a report and a visit this year
    assert "Søkt senter" not in body and "Utløpt" not in body
    assert "Avvik fra tilsyn som har passert fristen:" in body
    assert "Sunniva: Mangler utdanningsplan (frist 01.03.2026)" in body
    assert "Lukket i tide" not in body and "Frist senere" not in body
    assert not [m for m in to(smtp_server.messages, other.email) if "Sunniva" in text(m)]


def test_the_sections_are_empty_without_the_kpm_network_or_sites(db):
    assert queries.sites_due_for_inspection(MONDAY) == {}
    assert queries.findings_past_deadline(MONDAY) == {}
