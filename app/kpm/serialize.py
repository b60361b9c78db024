"""KPM records and education sites as the JSON API shows them."""

from __future__ import annotations

from typing import Any

from app.kpm.models import (
    ChecklistAttestation,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SupervisionMeeting,
    TeachingHours,
)
from app.kpm.queries import site_inspection_due


def service_period_json(p: ServicePeriod) -> dict[str, Any]:
    """A service period as the API shows it."""
    return {
        "id": p.id,
        "person_id": p.person_id,
        "site_id": p.education_site_id,
        "site_kind": p.site_kind.value,
        "site_name": p.site_name,
        "approved": bool(p.approved),
        "start": p.start.isoformat(),
        "end": p.end.isoformat() if p.end else None,
        "position_pct": _plain_number(p.position_pct),
        "preapproval": {
            "supervisor": p.preapproval_supervisor,
            "teaching_programme": p.preapproval_programme,
            "beds": p.preapproval_beds,
            "cooperating_centre": p.preapproval_centre,
        }
        if p.site_kind.value == "nursing_home_unit"
        else None,
    }


def meeting_json(m: SupervisionMeeting) -> dict[str, Any]:
    """A supervision meeting as the API shows it."""
    return {
        "id": m.id,
        "person_id": m.person_id,
        "date": m.date.isoformat(),
        "supervisor": m.supervisor,
        "note": m.note,
        "attested": m.attested,
    }


def teaching_json(t: TeachingHours) -> dict[str, Any]:
    """Teaching hours as the API shows them."""
    return {
        "id": t.id,
        "person_id": t.person_id,
        "date": t.date.isoformat(),
        "hours": _plain_number(t.hours),
        "attested": t.attested,
    }


def document_json(d: PersonDocument) -> dict[str, Any]:
    """A document as the API shows it."""
    return {
        "id": d.id,
        "person_id": d.person_id,
        "kind": d.kind.value,
        "date": d.date.isoformat(),
        "note": d.note,
        "attested": d.attested,
    }


def attestation_json(a: ChecklistAttestation) -> dict[str, Any]:
    """A checklist attestation as the API shows it."""
    return {
        "id": a.id,
        "person_id": a.person_id,
        "plan": a.plan_key,
        "requirement": a.requirement_key,
        "item": a.item_key,
        "attested_on": a.attested_on.isoformat(),
        "attested_by": a.attested_by,
    }


def education_site_json(s: EducationSite) -> dict[str, Any]:
    """An education site as the API shows it (``open_findings`` 0 until inspections exist)."""
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind.value,
        "region": s.region.key if s.region else None,
        "regional_centre": bool(s.regional_centre),
        "approval": s.approval.value,
        "approved_from": s.approved_from.isoformat() if s.approved_from else None,
        "approved_until": s.approved_until.isoformat() if s.approved_until else None,
        "committee_chair": s.committee_chair,
        "committee_members": s.committee_members,
        "education_plan": s.education_plan,
        "weekly_teaching_hours": s.weekly_teaching_hours,
        "notes": s.notes,
        "approvals": [
            {
                "approval": c.approval.value,
                "approved_from": c.approved_from.isoformat() if c.approved_from else None,
                "approved_until": c.approved_until.isoformat() if c.approved_until else None,
                "reason": c.reason,
                "recorded_on": c.recorded_on.isoformat(),
            }
            for c in s.approvals
        ],
        "inspection_due": site_inspection_due(s),
        "open_findings": 0,
    }


def _plain_number(value: float) -> float | int:
    number = float(value)
    return int(number) if number == int(number) else number


