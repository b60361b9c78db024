"""KPM records and education sites as the JSON API shows them."""

from __future__ import annotations

from typing import Any

from app.core.types import today_oslo
from app.kpm.inspection_models import InspectionFinding, SiteInspection
from app.kpm.inspection_queries import inspection_states
from app.kpm.inspection_rules import InspectionState, finding_overdue
from app.kpm.models import (
    ChecklistAttestation,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SupervisionMeeting,
    TeachingHours,
)


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


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def education_site_json(s: EducationSite, state: InspectionState | None = None) -> dict[str, Any]:
    """An education site as the API shows it, with its inspection standing this year (lists
    pass ``state`` from one batched read)."""
    if state is None:
        state = inspection_states([s], today_oslo())[s.id]
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
        "inspection_due": state.due,
        "open_findings": state.open_findings,
        "overdue_findings": state.overdue_findings,
        "last_report": _day(state.last_report),
        "last_visit": _day(state.last_visit),
    }


def finding_json(f: InspectionFinding, today: Any) -> dict[str, Any]:
    """A finding (avvik) with whether it is past its deadline."""
    return {
        "id": f.id,
        "inspection_id": f.inspection_id,
        "text": f.text,
        "deadline": f.deadline.isoformat(),
        "closed_on": _day(f.closed_on),
        "follow_up": f.follow_up.value if f.follow_up else None,
        "overdue": finding_overdue(f.deadline, f.closed_on, today),
    }


def inspection_json(i: SiteInspection, today: Any) -> dict[str, Any]:
    """An inspection with its findings."""
    return {
        "id": i.id,
        "site_id": i.site_id,
        "year": i.year,
        "kind": i.kind.value,
        "date": i.date.isoformat(),
        "inspector": i.inspector,
        "inspector_region": i.inspector_region.key if i.inspector_region else None,
        "findings": [finding_json(f, today) for f in i.findings],
    }


def _plain_number(value: float) -> float | int:
    number = float(value)
    return int(number) if number == int(number) else number


