"""Batch loading of progress facts and plan memberships for many persons at once.

Every loader here runs a fixed number of queries whatever the number of persons: one per
kind of evidence, keyed by person id (ARCHITECTURE.md, "Reads are batched"). Callers pass
at most a few thousand ids at a time (``reports`` chunks larger scopes).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select

from app.core.types import to_oslo
from app.courses.models import Course, CourseCompletion, Offering, Registration, RegistrationStatus
from app.extensions import db
from app.hospitation.models import Hospitation, HospitationStatus
from app.networks.models import CompetencePlan, Gathering, GatheringStatus, Membership, Network
from app.people.models import Person, Profession
from app.progress import rules

#: registration statuses that mean a gathering was attended (when attendance is not recorded)
_ATTENDED = (RegistrationStatus.attended, RegistrationStatus.completed)


def _oslo_day(value: dt.datetime | None) -> dt.date | None:
    """The Oslo calendar day of an aware datetime."""
    local = to_oslo(value)
    return local.date() if local is not None else None


def _ids(person_ids: Iterable[int]) -> list[int]:
    """Distinct ids in a stable order."""
    return list(dict.fromkeys(int(i) for i in person_ids))


# --------------------------------------------------------------------------- evidence loaders


def _load_persons(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Profession key and the person facts ``not_applicable_if`` may name."""
    rows = db.session.execute(
        select(
            Person.id,
            Profession.key,
            Person.further_education,
            Person.specialist_approved_on,
        )
        .join(Profession, Person.profession_id == Profession.id)
        .where(Person.id.in_(ids))
    )
    return {
        pid: {
            "profession": key,
            "further_education": bool(further),
            "specialist_approved_on": approved_on,
        }
        for pid, key, further, approved_on in rows
    }


def _load_courses(ids: list[int]) -> dict[int, list[rules.CourseCompletion]]:
    """Completed registrations (dated by the offering's last day) and verified records."""
    out: dict[int, list[rules.CourseCompletion]] = defaultdict(list)
    registrations = db.session.execute(
        select(Registration.person_id, Course.key, Course.level, Course.hours, Offering.end)
        .join(Offering, Registration.offering_id == Offering.id)
        .join(Course, Offering.course_id == Course.id)
        .where(
            Registration.person_id.in_(ids),
            Registration.status == RegistrationStatus.completed,
        )
    )
    for pid, key, level, hours, end in registrations:
        out[pid].append(rules.CourseCompletion(key, level, hours, _oslo_day(end)))
    completions = db.session.execute(
        select(
            CourseCompletion.person_id,
            Course.key,
            Course.level,
            CourseCompletion.hours,
            Course.hours,
            CourseCompletion.completed_on,
        )
        .join(Course, CourseCompletion.course_id == Course.id)
        .where(CourseCompletion.person_id.in_(ids), CourseCompletion.verified.is_(True))
    )
    for pid, key, level, own_hours, course_hours, on in completions:
        hours = own_hours if own_hours is not None else course_hours
        out[pid].append(rules.CourseCompletion(key, level, hours, on))
    return out


def _load_gatherings(ids: list[int]) -> dict[int, list[rules.GatheringAttendance]]:
    """Attended gatherings: attendance recorded true, or an attended/completed status."""
    out: dict[int, list[rules.GatheringAttendance]] = defaultdict(list)
    attended = or_(
        Registration.attended.is_(True),
        and_(Registration.attended.is_(None), Registration.status.in_(_ATTENDED)),
    )
    rows = db.session.execute(
        select(
            Registration.person_id,
            Network.slug,
            Gathering.kind,
            Gathering.start,
            Gathering.status,
        )
        .join(Gathering, Registration.gathering_id == Gathering.id)
        .join(Network, Gathering.network_id == Network.id)
        .where(Registration.person_id.in_(ids), attended)
    )
    for pid, slug, kind, start, status in rows:
        out[pid].append(
            rules.GatheringAttendance(
                network=slug,
                kind=kind.value,
                on=_oslo_day(start),
                cancelled=status is GatheringStatus.cancelled,
            )
        )
    return out


def _load_hospitations(ids: list[int]) -> dict[int, list[rules.HospitationFact]]:
    """Completed hospitations, dated by their end (their start when they have none)."""
    out: dict[int, list[rules.HospitationFact]] = defaultdict(list)
    rows = db.session.execute(
        select(
            Hospitation.person_id,
            Hospitation.days,
            Hospitation.start,
            Hospitation.end,
            Hospitation.goals,
        ).where(
            Hospitation.person_id.in_(ids),
            Hospitation.status == HospitationStatus.completed,
        )
    )
    for pid, days, start, end, goals in rows:
        out[pid].append(
            rules.HospitationFact(
                days=float(days or 0),
                on=end or start,
                has_goals=bool(goals and goals.strip()),
                completed=True,
            )
        )
    return out


_KPM_FIELDS = ("checklist", "service", "supervision", "teaching", "documents")


def _load_kpm(ids: list[int]) -> dict[int, dict[str, list[Any]]]:
    """Doctors' records (service, supervision, teaching, checklist, documents) per person.

    The KPM feature owns these reads (``app.kpm.queries.load_kpm_facts``); it answers per
    person id with an object or mapping holding some of ``_KPM_FIELDS``.
    """
    try:
        from app.kpm.queries import load_kpm_facts
    except ImportError:
        return {}
    loaded = load_kpm_facts(ids) or {}
    out: dict[int, dict[str, list[Any]]] = {}
    for pid, value in loaded.items():
        fields: dict[str, list[Any]] = {}
        for name in _KPM_FIELDS:
            items = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
            if items:
                fields[name] = list(items)
        out[int(pid)] = fields
    return out


# --------------------------------------------------------------------------- public API


def load_facts(
    person_ids: Iterable[int], as_of: dt.date | None = None
) -> dict[int, rules.PersonFacts]:
    """Every person's facts in a fixed number of queries (one per kind of evidence).

    ``as_of`` is accepted for symmetry with the rules; evidence after it is cut by the
    rules themselves, so the same facts serve any day.
    """
    ids = _ids(person_ids)
    if not ids:
        return {}
    persons = _load_persons(ids)
    ids = [i for i in ids if i in persons]
    if not ids:
        return {}
    courses = _load_courses(ids)
    gatherings = _load_gatherings(ids)
    hospitations = _load_hospitations(ids)
    kpm = _load_kpm(ids)
    out: dict[int, rules.PersonFacts] = {}
    for pid in ids:
        info = persons[pid]
        records = kpm.get(pid, {})
        documents = list(records.get("documents", ()))
        approved_on = info["specialist_approved_on"]
        if approved_on is not None and not any(
            d.kind == "specialist_approval" and d.on == approved_on for d in documents
        ):
            documents.append(rules.DocumentFact("specialist_approval", approved_on))
        out[pid] = rules.PersonFacts(
            person_id=pid,
            profession=info["profession"],
            further_education=info["further_education"],
            specialist_approved=approved_on is not None,
            courses=tuple(courses.get(pid, ())),
            gatherings=tuple(gatherings.get(pid, ())),
            hospitations=tuple(hospitations.get(pid, ())),
            checklist=tuple(records.get("checklist", ())),
            service=tuple(records.get("service", ())),
            supervision=tuple(records.get("supervision", ())),
            teaching=tuple(records.get("teaching", ())),
            documents=tuple(documents),
        )
    return out


@dataclass(frozen=True, slots=True)
class PlanMembership:
    """A membership active on the day, with the plan it brings in."""

    person_id: int
    network_id: int
    network_slug: str
    start: dt.date
    plan: rules.Plan


def plan_from_model(plan: CompetencePlan, network_slug: str) -> rules.Plan:
    """The pure rules' plan from a stored plan (requirements in their order)."""
    return rules.Plan(
        network=network_slug,
        key=plan.key,
        title=plan.title,
        requirements=tuple(
            rules.Requirement.from_json(r.to_json())
            for r in sorted(plan.requirements, key=lambda r: (r.position, r.id or 0))
        ),
    )


def active_plans(network_ids: Iterable[int]) -> dict[int, rules.Plan]:
    """Each network's active plan (the last one made active) in two queries."""
    from sqlalchemy.orm import selectinload

    ids = list(dict.fromkeys(network_ids))
    if not ids:
        return {}
    plans = db.session.scalars(
        select(CompetencePlan)
        .where(CompetencePlan.network_id.in_(ids), CompetencePlan.active.is_(True))
        .options(selectinload(CompetencePlan.requirements))
        .order_by(CompetencePlan.id)
    ).all()
    rows = db.session.execute(select(Network.id, Network.slug).where(Network.id.in_(ids)))
    slugs = {network_id: slug for network_id, slug in rows}
    out: dict[int, rules.Plan] = {}
    for plan in plans:  # ordered by id: the last active one wins, as Network.active_plan
        out[plan.network_id] = plan_from_model(plan, slugs[plan.network_id])
    return out


def memberships(
    person_ids: Iterable[int],
    as_of: dt.date,
    *,
    network_ids: Sequence[int] | None = None,
    plans: dict[int, rules.Plan] | None = None,
) -> dict[int, list[PlanMembership]]:
    """Memberships active on ``as_of`` whose network has an active plan, per person.

    ``plans`` (network id → plan) may be passed in when the caller already loaded them.
    """
    ids = _ids(person_ids)
    if not ids:
        return {}
    query = (
        select(Membership.person_id, Membership.network_id, Network.slug, Membership.start)
        .join(Network, Membership.network_id == Network.id)
        .where(
            Membership.person_id.in_(ids),
            Membership.start <= as_of,
            or_(Membership.end.is_(None), Membership.end >= as_of),
        )
        .order_by(Membership.person_id, Network.name, Membership.start)
    )
    if network_ids is not None:
        query = query.where(Membership.network_id.in_(list(network_ids)))
    rows = db.session.execute(query).all()
    if plans is None:
        plans = active_plans({row[1] for row in rows})
    out: dict[int, list[PlanMembership]] = defaultdict(list)
    seen: set[tuple[int, int]] = set()
    for pid, network_id, slug, start in rows:
        plan = plans.get(network_id)
        if plan is None or (pid, network_id) in seen:
            continue
        seen.add((pid, network_id))
        out[pid].append(PlanMembership(pid, network_id, slug, start, plan))
    return dict(out)
