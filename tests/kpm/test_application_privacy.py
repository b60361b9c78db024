"""A KPM application in the privacy functions: her export holds it, anonymising keeps the
outcome for the statistics and removes her name, appeal, letters and uploaded statement."""

from __future__ import annotations

import base64
import json

from sqlalchemy import select

from app.extensions import db as _db
from app.kpm.application_models import DocumentFile, KpmApplication, KpmDecision
from tests.factories import make_admin
from tests.kpm.test_applications import PERIOD, a_pdf, decide, submit


def test_export_and_anonymise_an_application(
    api, app, login, doctor, doctor_user, coordinator
):
    doctor.name = "Sigrid Søker"
    doctor.hpr = "9876543"
    coord = api(coordinator)
    added = coord.post(f"/api/v1/persons/{doctor.id}/service-periods", json=PERIOD)
    assert added.status_code == 201
    mine = api(doctor_user)
    statement = mine.post(
        f"/api/v1/persons/{doctor.id}/documents",
        json={
            "kind": "head_of_department_statement",
            "date": "2025-01-10",
            "file": base64.b64encode(a_pdf("Sigrid Søker har tjenestegjort")).decode(),
            "filename": "attest-sigrid.pdf",
        },
    )
    assert statement.status_code == 201, statement.get_json()
    app_id = submit(mine, doctor)["id"]
    assert decide(coord, app_id, outcome="rejected", note="For kort tjeneste").status_code == 200
    appeal = mine.post(
        f"/api/v1/kpm-applications/{app_id}/appeal", json={"text": "Sigrid Søker klager"}
    )
    assert appeal.status_code == 200, appeal.get_json()

    exported = mine.get(f"/api/v1/persons/{doctor.id}/export").get_json()
    (application,) = exported["kpm"]["applications"]
    assert application["status"] == "appealed" and application["appeal"] == "Sigrid Søker klager"
    assert [d["outcome"] for d in application["decisions"]] == ["rejected"]
    assert exported["kpm"]["document_files"][0]["filename"] == "attest-sigrid.pdf"
    page = login(doctor_user).get(f"/persons/{doctor.id}/export").get_data(as_text=True)
    assert "KPM-søknader" in page and "Klage" in page and "Avslått" in page

    admin = api(make_admin())
    assert admin.post(f"/api/v1/persons/{doctor.id}/anonymise").status_code == 200
    _db.session.expire_all()
    kept = _db.session.get(KpmApplication, app_id)
    assert kept.status.value == "appealed"  # the figures stay
    assert kept.appeal_text is None
    stored = json.dumps([kept.dossier, kept.progress], ensure_ascii=False)
    assert "Sigrid Søker" not in stored and "9876543" not in stored
    assert "Palliativt senter, Ålesund" in stored  # what was served where stays
    letters = _db.session.scalars(
        select(KpmDecision.letter).where(KpmDecision.application_id == app_id)
    ).all()
    assert letters == [None]
    assert _db.session.scalars(select(DocumentFile)).all() == []
    letter = app.test_client().get(
        f"/kpm/applications/{app_id}/letters/{kept.decisions[0].id}.pdf", headers=admin.headers
    )
    assert letter.status_code == 404
