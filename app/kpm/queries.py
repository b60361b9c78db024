"""Reads of doctors' KPM records, batched: a fixed number of queries whatever the row count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import Role, User
from app.core import access
from app.core.batch import person_filter, scoped_rows
from app.extensions import db
from app.kpm.models import (
    ChecklistAttestation,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SupervisionMeeting,
    SupervisorAssignment,
    TeachingHours,
)
from app.kpm.rules import (
    ChecklistFact,
    DocumentFact,
    ServicePeriodFact,
    SupervisionFact,
    TeachingFact,
)
from app.networks.models import CompetencePlan, Network, RequirementKind
from app.people.models import Person

KPM_NETWORK = "kpm"
KPM_PLAN = "kpm"
FACT_KINDS = ("service", "supervision", "teaching", "documents", "checklist")


def _empty() -> dict[str, list]:
    return {kind: [] for kind in FACT_KINDS}


def service_fact(period: ServicePeriod) -> ServicePeriodFact:
    """The engine's view of a service period."""
    return ServicePeriodFact(
        site_kind=period.site_kind.value,
        approved=bool(period.approved),
        start=period.start,
        end=period.end,
        position_pct=float(period.position_pct),
    )


def load_kpm_facts(person_ids: Iterable[int]) -> dict[int, dict[str, list]]:
    """The KPM facts of many persons: ``{person_id: {service, supervision, teaching,
    documents, checklist}}``, lists of the progress engine's fact dataclasses.

    Six queries whatever the number of persons: the progress loader's five record reads, plus
    the persons' ``specialist_approved_on`` (reported as a ``specialist_approval`` document).
    """
    ids = sorted({int(i) for i in person_ids})
    facts: dict[int, dict[str, list]] = {pid: _empty() for pid in ids}
    if not ids:
        return facts
    for row in db.session.execute(
        select(Person.id, Person.specialist_approved_on).where(
            Person.id.in_(ids), Person.specialist_approved_on.is_not(None)
        )
    ):
        facts[row.id]["documents"].append(
            DocumentFact(kind="specialist_approval", on=row.specialist_approved_on)
        )
    for kind, by_person in load_kpm_records(ids).items():
        for person_id, items in by_person.items():
            facts[person_id][kind].extend(items)
    return facts


# --------------------------------------------------------------------------- one person


def person_records(person: Person) -> dict[str, list]:
    """All KPM records of one person, as model objects, each list in date order."""
    pid = person.id
    return {
        "service": db.session.scalars(
            select(ServicePeriod)
            .where(ServicePeriod.person_id == pid)
            .options(selectinload(ServicePeriod.education_site))
            .order_by(ServicePeriod.start, ServicePeriod.id)
        ).all(),
        "supervision": db.session.scalars(
            select(SupervisionMeeting)
            .where(SupervisionMeeting.person_id == pid)
            .order_by(SupervisionMeeting.date, SupervisionMeeting.id)
        ).all(),
        "teaching": db.session.scalars(
            select(TeachingHours)
            .where(TeachingHours.person_id == pid)
            .order_by(TeachingHours.date, TeachingHours.id)
        ).all(),
        "documents": db.session.scalars(
            select(PersonDocument)
            .where(PersonDocument.person_id == pid)
            .order_by(PersonDocument.date, PersonDocument.id)
        ).all(),
        "checklist": db.session.scalars(
            select(ChecklistAttestation)
            .where(ChecklistAttestation.person_id == pid)
            .order_by(ChecklistAttestation.attested_on, ChecklistAttestation.id)
        ).all(),
    }


def has_records(person: Person) -> bool:
    """True when the person has any service period (a cheap check for the person page)."""
    return (
        db.session.scalar(select(ServicePeriod.id).where(ServicePeriod.person_id == person.id))
        is not None
    )


# --------------------------------------------------------------------------- plans


def find_plans(plan_key: str) -> list[CompetencePlan]:
    """Plans with this key (active ones first), with their requirements loaded."""
    return list(
        db.session.scalars(
            select(CompetencePlan)
            .where(CompetencePlan.key == plan_key)
            .options(selectinload(CompetencePlan.requirements))
            .order_by(CompetencePlan.active.desc(), CompetencePlan.id.desc())
        )
    )


def kpm_plan() -> CompetencePlan | None:
    """The KPM network's plan in force (else any plan keyed ``kpm``)."""
    network = db.session.scalar(
        select(Network).where(Network.slug == KPM_NETWORK).options(selectinload(Network.plans))
    )
    if network is not None and network.active_plan is not None:
        return network.active_plan
    plans = find_plans(KPM_PLAN)
    return plans[0] if plans else None


def checklist_requirements(plan: CompetencePlan | None) -> list[Any]:
    """The plan's checklist requirements."""
    if plan is None:
        return []
    return [r for r in plan.requirements if r.kind is RequirementKind.checklist]


def service_params(plan: CompetencePlan | None) -> dict[str, Any]:
    """The params of the plan's service requirement (empty when it has none)."""
    if plan is None:
        return {}
    for req in plan.requirements:
        if req.kind is RequirementKind.service:
            return dict(req.params or {})
    return {}


def item_titles(requirement: Any) -> dict[str, str]:
    """``{item key: title}`` of a checklist requirement."""
    titles: dict[str, str] = {}
    for item in (requirement.params or {}).get("items") or ():
        if isinstance(item, dict) and item.get("key") is not None:
            titles[str(item["key"])] = str(item.get("title") or item["key"])
        elif isinstance(item, str):
            titles[item] = item
    return titles


# --------------------------------------------------------------------------- supervisors


def candidates_of(user: Any) -> list[Person]:
    """The persons a supervisor user is assigned to, by name."""
    return list(
        db.session.scalars(
            select(Person)
            .join(SupervisorAssignment, SupervisorAssignment.person_id == Person.id)
            .where(SupervisorAssignment.supervisor_user_id == user.id)
            .options(selectinload(Person.workplace))
            .order_by(Person.name, Person.id)
        )
    )


def is_supervisor_of(user: Any, person: Person) -> bool:
    """True when this user is an assigned supervisor of the person."""
    if not access.is_supervisor(user):
        return False
    return (
        db.session.scalar(
            select(SupervisorAssignment.id).where(
                SupervisorAssignment.supervisor_user_id == user.id,
                SupervisorAssignment.person_id == person.id,
            )
        )
        is not None
    )


def assignments_of(person: Person) -> list[tuple[SupervisorAssignment, User]]:
    """The person's supervisor assignments with their users."""
    rows = db.session.execute(
        select(SupervisorAssignment, User)
        .join(User, User.id == SupervisorAssignment.supervisor_user_id)
        .where(SupervisorAssignment.person_id == person.id)
        .order_by(User.email)
    )
    return [(a, u) for a, u in rows]


def supervisor_users() -> list[User]:
    """Active users with the supervisor role, by e-mail."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.supervisor, User.active.is_(True))
            .options(selectinload(User.person))
            .order_by(User.email)
        )
    )


def education_sites() -> list[EducationSite]:
    """All education sites by name."""
    return list(
        db.session.scalars(
            select(EducationSite)
            .options(selectinload(EducationSite.trust_area))
            .order_by(EducationSite.name, EducationSite.id)
        )
    )


# --------------------------------------------------------------------------- JSON


def service_period_json(p: ServicePeriod) -> dict[str, Any]:
    """A service period as the API shows it."""
    return {
        "id": p.id,
        "person_id": p.person_id,
        "site_kind": p.site_kind.value,
        "site_name": p.site_name,
        "education_site_id": p.education_site_id,
        "approved": bool(p.approved),
        "start": p.start.isoformat(),
        "end": p.end.isoformat() if p.end else None,
        "position_pct": _plain_number(p.position_pct),
    }


def meeting_json(m: SupervisionMeeting) -> dict[str, Any]:
    """A supervision meeting as the API shows it."""
    return {
        "id": m.id,
        "person_id": m.person_id,
        "date": m.date.isoformat(),
        "supervisor": m.supervisor,
        "note": m.note,
    }


def teaching_json(t: TeachingHours) -> dict[str, Any]:
    """Teaching hours as the API shows them."""
    return {
        "id": t.id,
        "person_id": t.person_id,
        "date": t.date.isoformat(),
        "hours": _plain_number(t.hours),
    }


def document_json(d: PersonDocument) -> dict[str, Any]:
    """A document as the API shows it."""
    return {
        "id": d.id,
        "person_id": d.person_id,
        "kind": d.kind.value,
        "date": d.date.isoformat(),
        "note": d.note,
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
    """An education site as the API shows it."""
    return {
        "id": s.id,
        "name": s.name,
        "kind": s.kind.value,
        "approved": bool(s.approved),
        "dispensation": bool(s.dispensation),
        "last_inspection_on": s.last_inspection_on.isoformat() if s.last_inspection_on else None,
        "trust_area": s.trust_area.key if s.trust_area else None,
        "notes": s.notes,
    }


def _plain_number(value: float) -> float | int:
    number = float(value)
    return int(number) if number == int(number) else number


def load_kpm_records(ids: list[int]) -> dict[str, dict[int, list[Any]]]:
    """Doctors' records per kind (service, supervision, teaching, checklist, documents).

    The persons are named in one parameter, so any number of persons costs five queries.
    ``app.kpm.queries.load_kpm_facts`` serves the KPM pages from the same reads.
    """
    out: dict[str, dict[int, list[Any]]] = {
        name: defaultdict(list)
        for name in ("service", "supervision", "teaching", "documents", "checklist")
    }
    service = out["service"]
    for pid, kind, approved, start, end, pct in scoped_rows(
        select(
            ServicePeriod.person_id,
            ServicePeriod.site_kind,
            ServicePeriod.approved,
            ServicePeriod.start,
            ServicePeriod.end,
            ServicePeriod.position_pct,
        )
        .where(person_filter(ServicePeriod.person_id, ids))
        .order_by(ServicePeriod.person_id, ServicePeriod.start, ServicePeriod.id),
        ids,
    ):
        service[pid].append(
            ServicePeriodFact(
                site_kind=kind.value,
                approved=bool(approved),
                start=start,
                end=end,
                position_pct=float(pct),
            )
        )
    supervision = out["supervision"]
    for pid, on in scoped_rows(
        select(SupervisionMeeting.person_id, SupervisionMeeting.date)
        .where(person_filter(SupervisionMeeting.person_id, ids))
        .order_by(SupervisionMeeting.person_id, SupervisionMeeting.date, SupervisionMeeting.id),
        ids,
    ):
        supervision[pid].append(SupervisionFact(on=on))
    teaching = out["teaching"]
    for pid, on, hours in scoped_rows(
        select(TeachingHours.person_id, TeachingHours.date, TeachingHours.hours)
        .where(person_filter(TeachingHours.person_id, ids))
        .order_by(TeachingHours.person_id, TeachingHours.date, TeachingHours.id),
        ids,
    ):
        teaching[pid].append(TeachingFact(on=on, hours=float(hours)))
    documents = out["documents"]
    for pid, kind, on in scoped_rows(
        select(PersonDocument.person_id, PersonDocument.kind, PersonDocument.date)
        .where(person_filter(PersonDocument.person_id, ids))
        .order_by(PersonDocument.person_id, PersonDocument.date, PersonDocument.id),
        ids,
    ):
        documents[pid].append(DocumentFact(kind=kind.value, on=on))
    checklist = out["checklist"]
    for pid, plan_key, req_key, item_key, on in scoped_rows(
        select(
            ChecklistAttestation.person_id,
            ChecklistAttestation.plan_key,
            ChecklistAttestation.requirement_key,
            ChecklistAttestation.item_key,
            ChecklistAttestation.attested_on,
        )
        .where(person_filter(ChecklistAttestation.person_id, ids))
        .order_by(ChecklistAttestation.person_id, ChecklistAttestation.attested_on),
        ids,
    ):
        checklist[pid].append(
            ChecklistFact(plan_key=plan_key, requirement_key=req_key, item_key=item_key, on=on)
        )
    return out
