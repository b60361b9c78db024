"""The dossier of a KPM application: a doctor's evidence as plain JSON, frozen when she applies.

The attested service list (sites, periods, position %, the months each period counts, the
months per kind of site), the skills checklist with who attested each item and when, the
supervision and teaching logs and the documents. Every record says whether it is attested,
so the KPM body sees what is evidence and what the doctor only recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from app.auth.models import User
from app.core.types import to_oslo
from app.extensions import db
from app.kpm import queries
from app.kpm.application_models import DocumentFile
from app.kpm.models import SiteKind
from app.kpm.rules import counts, service_months, site_kind_rules
from app.people.models import Person


def _months(value: float) -> float:
    return round(value + 1e-9, 1)


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return to_oslo(value).date().isoformat()
    return value.isoformat()


def _names(user_ids: set[int]) -> dict[int, str]:
    """Users' display names (their person's name, else their e-mail), in one query."""
    if not user_ids:
        return {}
    users = db.session.scalars(select(User).where(User.id.in_(sorted(user_ids)))).all()
    return {u.id: (u.person.name if u.person else u.email) for u in users}


def _files(document_ids: list[int]) -> dict[int, DocumentFile]:
    if not document_ids:
        return {}
    return {
        f.document_id: f
        for f in db.session.scalars(
            select(DocumentFile).where(DocumentFile.document_id.in_(document_ids))
        )
    }


def _service(records: dict[str, list], params: dict[str, Any], on: dt.date) -> dict[str, Any]:
    kinds = site_kind_rules(params)
    periods = []
    for p in records["service"]:
        fact = queries.service_fact(p)
        months, _by_kind = service_months([fact], params, on)
        periods.append(
            {
                "id": p.id,
                "site_kind": fact.site_kind,
                "site_kind_label": str(SiteKind(fact.site_kind).label),
                "site_name": p.site_name,
                "site_id": p.education_site_id,
                "start": p.start.isoformat(),
                "end": _iso(p.end),
                "position_pct": float(p.position_pct),
                "approved": bool(p.approved) or p.education_site_id is not None,
                "counts": counts(fact, kinds) and months > 0,
                "months": _months(months),
            }
        )
    total, by_kind = service_months(
        [queries.service_fact(p) for p in records["service"]], params, on
    )
    return {
        "periods": periods,
        "months_by_kind": {k: _months(v) for k, v in sorted(by_kind.items())},
        "months": _months(total),
        "needed_months": params.get("months", 24),
    }


def build_dossier(person: Person, on: dt.date) -> dict[str, Any]:
    """The person's KPM evidence on ``on`` as plain JSON (stored with the application)."""
    records = queries.person_records(person)
    plan = queries.kpm_plan()
    params = queries.service_params(plan)
    users = {
        r.attested_by_user_id
        for kind in ("supervision", "teaching", "documents", "checklist")
        for r in records[kind]
        if r.attested_by_user_id is not None
    }
    names = _names(users)
    titles: dict[tuple[str, str], str] = {}
    for req in queries.checklist_requirements(plan):
        for key, title in queries.item_titles(req).items():
            titles[(req.key, key)] = title
    files = _files([d.id for d in records["documents"]])

    def attester(record: Any) -> str | None:
        return names.get(record.attested_by_user_id) if record.attested_by_user_id else None

    documents = [
        {
            "id": d.id,
            "kind": d.kind.value,
            "kind_label": str(d.kind.label),
            "date": d.date.isoformat(),
            "note": d.note,
            "attested": d.attested,
            "attested_by": attester(d),
            "attested_on": _iso(d.attested_at),
            "file": (
                {"id": files[d.id].id, "filename": files[d.id].filename, "size": files[d.id].size}
                if d.id in files
                else None
            ),
        }
        for d in records["documents"]
    ]
    if person.specialist_approved_on:
        documents.insert(
            0,
            {
                "id": None,
                "kind": "specialist_approval",
                "kind_label": "Spesialistgodkjenning",
                "date": person.specialist_approved_on.isoformat(),
                "note": None,
                "attested": True,
                "attested_by": None,
                "attested_on": None,
                "file": None,
            },
        )
    return {
        "on": on.isoformat(),
        "plan": plan.key if plan is not None else None,
        "service": _service(records, params, on),
        "checklist": [
            {
                "requirement": a.requirement_key,
                "item": a.item_key,
                "title": titles.get((a.requirement_key, a.item_key), a.item_key),
                "attested_on": a.attested_on.isoformat(),
                "attested_by": a.attested_by or attester(a),
            }
            for a in records["checklist"]
        ],
        "supervision": [
            {
                "id": m.id,
                "date": m.date.isoformat(),
                "supervisor": m.supervisor,
                "note": m.note,
                "attested": m.attested,
                "attested_by": attester(m),
                "attested_on": _iso(m.attested_at),
            }
            for m in records["supervision"]
        ],
        "teaching": [
            {
                "id": t.id,
                "date": t.date.isoformat(),
                "hours": float(t.hours),
                "attested": t.attested,
                "attested_by": attester(t),
                "attested_on": _iso(t.attested_at),
            }
            for t in records["teaching"]
        ],
        "teaching_hours": sum(float(t.hours) for t in records["teaching"] if t.attested),
        "documents": documents,
    }
