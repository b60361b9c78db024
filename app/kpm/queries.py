"""Reads of doctors' KPM records, batched: a fixed number of queries whatever the row count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import selectinload

from app.auth.models import Role, User
from app.core import access, batch
from app.core.types import today_oslo
from app.extensions import db
from app.kpm.inspection_queries import inspection_states
from app.kpm.models import (
    ChecklistAttestation,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SiteApprovalChange,
    SupervisionMeeting,
    SupervisorAssignment,
    SupervisorQualification,
    TeachingHours,
)
from app.kpm.rules import (
    ApprovalChange,
    ChecklistFact,
    DocumentFact,
    ServicePeriodFact,
    SupervisionFact,
    TeachingFact,
    approval_spans,
)
from app.networks.models import CompetencePlan, Network, RequirementKind
from app.people.models import Person

KPM_NETWORK = "kpm"
KPM_PLAN = "kpm"
FACT_KINDS = ("service", "supervision", "teaching", "documents", "checklist")


def _empty() -> dict[str, list]:
    return {kind: [] for kind in FACT_KINDS}


def _change(c: SiteApprovalChange) -> ApprovalChange:
    return ApprovalChange(c.approval.value, c.approved_from, c.approved_until, c.recorded_on)


def site_spans(site: EducationSite) -> tuple:
    """The days the site was approved or on dispensation (from its approval history)."""
    return approval_spans(_change(c) for c in site.approvals)


def service_fact(period: ServicePeriod) -> ServicePeriodFact:
    """The engine's view of a service period: at an education site, the site's kind and
    the days it was approved decide."""
    site = period.education_site
    return ServicePeriodFact(
        site_kind=site.kind.value if site is not None else period.site_kind.value,
        approved=bool(period.approved),
        start=period.start,
        end=period.end,
        position_pct=float(period.position_pct),
        spans=site_spans(site) if site is not None else None,
    )


def all_site_spans() -> dict[int, tuple]:
    """Every site's approved spans, in one query (the registry is small)."""
    changes: dict[int, list[ApprovalChange]] = defaultdict(list)
    for c in db.session.scalars(
        select(SiteApprovalChange).order_by(
            SiteApprovalChange.site_id, SiteApprovalChange.recorded_on, SiteApprovalChange.id
        )
    ):
        changes[c.site_id].append(_change(c))
    return {site_id: approval_spans(items) for site_id, items in changes.items()}


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
            .options(
                selectinload(ServicePeriod.education_site).selectinload(EducationSite.approvals)
            )
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


@cache
def _has_records_statement():
    # Built once per process (the dashboard and the person page ask on every visit).
    return (
        select(ServicePeriod.id).where(ServicePeriod.person_id == bindparam("person_id")).limit(1)
    )


def has_records(person: Person) -> bool:
    """True when the person has any service period (a cheap check for the person page)."""
    return batch.plain_rows(_has_records_statement(), {"person_id": person.id}).first() is not None


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


def teaching_rate(plan: CompetencePlan | None) -> float:
    """The plan's teaching hours per year at full time (72 when it sets none)."""
    for req in plan.requirements if plan is not None else ():
        if req.kind is RequirementKind.teaching:
            value = (req.params or {}).get("hours_per_year_full_time")
            if isinstance(value, int | float) and not isinstance(value, bool):
                return float(value)
    return 72.0


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
    """All education sites by name, with their region and approval history."""
    return list(
        db.session.scalars(
            select(EducationSite)
            .options(
                selectinload(EducationSite.trust_area),
                selectinload(EducationSite.region),
                selectinload(EducationSite.approvals),
            )
            .order_by(EducationSite.name, EducationSite.id)
        )
    )


def site_inspection_due(site: EducationSite) -> bool:
    """Due for inspection this year (Europe/Oslo): approved or on dispensation in the year
    and the year lacks a report or a visit. Lists use ``inspection_states`` (batched)."""
    return inspection_states([site], today_oslo())[site.id].due


def qualifications(user_ids: Iterable[int]) -> dict[int, SupervisorQualification]:
    """The supervisors' own KPM approvals, by user id."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return {}
    return {
        q.user_id: q
        for q in db.session.scalars(
            select(SupervisorQualification).where(SupervisorQualification.user_id.in_(ids))
        )
    }


def _service_rows(name_ids):
    return (
        select(
            ServicePeriod.person_id,
            ServicePeriod.site_kind,
            EducationSite.kind,
            ServicePeriod.education_site_id,
            ServicePeriod.approved,
            ServicePeriod.start,
            ServicePeriod.end,
            ServicePeriod.position_pct,
        )
        .outerjoin(EducationSite, EducationSite.id == ServicePeriod.education_site_id)
        .where(name_ids(ServicePeriod.person_id))
        .order_by(ServicePeriod.person_id, ServicePeriod.start, ServicePeriod.id)
    )


def _supervision_rows(name_ids):
    M = SupervisionMeeting  # noqa: N806 - the table, short
    return (
        select(M.person_id, M.date, M.attested_at)
        .where(name_ids(M.person_id))
        .order_by(M.person_id, M.date, M.id)
    )


def _teaching_rows(name_ids):
    T = TeachingHours  # noqa: N806 - the table, short
    return (
        select(T.person_id, T.date, T.hours, T.attested_at)
        .where(name_ids(T.person_id))
        .order_by(T.person_id, T.date, T.id)
    )


def _document_rows(name_ids):
    D = PersonDocument  # noqa: N806 - the table, short
    return (
        select(D.person_id, D.kind, D.date, D.attested_at)
        .where(name_ids(D.person_id))
        .order_by(D.person_id, D.date, D.id)
    )


def _checklist_rows(name_ids):
    C = ChecklistAttestation  # noqa: N806 - the table, short
    return (
        select(C.person_id, C.plan_key, C.requirement_key, C.item_key, C.attested_on)
        .where(name_ids(C.person_id))
        .order_by(C.person_id, C.attested_on)
    )


def load_kpm_records(ids: list[int]) -> dict[str, dict[int, list[Any]]]:
    """Doctors' records per kind (service, supervision, teaching, checklist, documents).

    The persons are named in one parameter, so any number of persons costs five queries
    (for a few persons, statements built once per process: ``batch.rows``).
    ``app.kpm.queries.load_kpm_facts`` serves the KPM pages from the same reads.
    """
    out: dict[str, dict[int, list[Any]]] = {
        name: defaultdict(list)
        for name in ("service", "supervision", "teaching", "documents", "checklist")
    }
    service = out["service"]
    rows = batch.rows(_service_rows, ids).all()
    spans = all_site_spans() if any(row[3] is not None for row in rows) else {}
    for pid, kind, site_kind, site_id, approved, start, end, pct in rows:
        service[pid].append(
            ServicePeriodFact(
                site_kind=(site_kind or kind).value,
                approved=bool(approved),
                start=start,
                end=end,
                position_pct=float(pct),
                spans=spans.get(site_id, ()) if site_id is not None else None,
            )
        )
    supervision = out["supervision"]
    for pid, on, attested_at in batch.rows(_supervision_rows, ids):
        supervision[pid].append(SupervisionFact(on=on, attested=attested_at is not None))
    teaching = out["teaching"]
    for pid, on, hours, attested_at in batch.rows(_teaching_rows, ids):
        teaching[pid].append(
            TeachingFact(on=on, hours=float(hours), attested=attested_at is not None)
        )
    documents = out["documents"]
    for pid, kind, on, attested_at in batch.rows(_document_rows, ids):
        documents[pid].append(
            DocumentFact(kind=kind.value, on=on, attested=attested_at is not None)
        )
    checklist = out["checklist"]
    for pid, plan_key, req_key, item_key, on in batch.rows(_checklist_rows, ids):
        checklist[pid].append(
            ChecklistFact(plan_key=plan_key, requirement_key=req_key, item_key=item_key, on=on)
        )
    return out


# --------------------------------------------------------------------------- inbox

#: attestation kind → model, for the inbox
PENDING_MODELS = (
    ("supervision_meeting", SupervisionMeeting),
    ("teaching_hours", TeachingHours),
    ("document", PersonDocument),
)


def pending_records(user: Any, *, kpm_manager: bool) -> list[tuple[Person, list[tuple[str, Any]]]]:
    """What waits for this user's attestation, per doctor (by name): a supervisor's
    candidates' meetings and teaching; for a KPM coordinator or an admin, every unattested
    record of the persons she sees. Four queries whatever the number of records."""
    if kpm_manager:
        persons = select(Person.id).where(access.visible_persons_clause(user))
        kinds = PENDING_MODELS
    else:
        persons = select(SupervisorAssignment.person_id).where(
            SupervisorAssignment.supervisor_user_id == user.id
        )
        kinds = PENDING_MODELS[:2]
    found: dict[int, list[tuple[str, Any]]] = defaultdict(list)
    for kind, model in kinds:
        for record in db.session.scalars(
            select(model)
            .where(model.attested_at.is_(None), model.person_id.in_(persons))
            .order_by(model.date, model.id)
        ):
            found[record.person_id].append((kind, record))
    if not found:
        return []
    people = db.session.scalars(
        select(Person).where(Person.id.in_(list(found))).order_by(Person.name, Person.id)
    ).all()
    return [(p, sorted(found[p.id], key=lambda kr: (kr[1].date, kr[0]))) for p in people]
