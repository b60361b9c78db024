"""Batch loading of progress facts and plan memberships for many persons at once.

Every loader here runs a fixed number of queries whatever the number of persons: one per
kind of evidence (ARCHITECTURE.md, "Reads are batched"). The persons are named in one
parameter (:func:`person_filter`: a plain ``IN`` for short lists, a JSON array on SQLite
and an ``= ANY(array)`` on PostgreSQL for long ones), so a scope of 20,000 persons costs
the same number of statements as a scope of two.

The rows are read as plain tuples (no ORM entities). Facts that many persons share (the
same offering, the same gathering) are built once and shared between the persons.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, select
from sqlalchemy.orm import aliased

from app.core import revisions
from app.core.batch import is_long, person_filter, scoped_rows
from app.core.types import to_oslo
from app.courses.models import Course, CourseCompletion, Offering, course_professions
from app.extensions import db
from app.gatherings.models import Gathering, GatheringStatus
from app.hospitation.models import Hospitation, HospitationStatus
from app.kpm.queries import load_kpm_records
from app.networks.models import CompetencePlan, Membership, Network
from app.networks.queries import PLANS_REVISION
from app.people.models import Person, Profession
from app.progress import rules
from app.registrations.models import Registration, RegistrationStatus


#: registration statuses that mean a gathering was attended (when attendance is not recorded)
def _oslo_day(value: dt.datetime | None) -> dt.date | None:
    """The Oslo calendar day of an aware datetime."""
    local = to_oslo(value)
    return local.date() if local is not None else None


def _ids(person_ids: Iterable[int]) -> list[int]:
    """Distinct ids in a stable order."""
    return list(dict.fromkeys(int(i) for i in person_ids))


# --------------------------------------------------------------------------- evidence loaders


def _load_persons(ids: list[int]) -> dict[int, tuple[str, bool, dt.date | None, bool]]:
    """Profession key, the person facts ``not_applicable_if`` may name, and a leader."""
    rows = scoped_rows(
        select(
            Person.id,
            Profession.key,
            Person.further_education,
            Person.specialist_approved_on,
            Person.leader_id,
        )
        .join(Profession, Person.profession_id == Profession.id)
        .where(person_filter(Person.id, ids)),
        ids,
    )
    return {
        pid: (key, bool(further), approved_on, leader is not None and leader != pid)
        for pid, key, further, approved_on, leader in rows
    }


def _course_professions() -> dict[int, tuple[str, ...]]:
    """Every course's professions (a catalogue of a few hundred rows), in one query."""
    out: dict[int, list[str]] = defaultdict(list)
    rows = db.session.execute(
        select(course_professions.c.course_id, Profession.key)
        .join(Profession, Profession.id == course_professions.c.profession_id)
        .order_by(course_professions.c.course_id, Profession.key)
    )
    for course_id, key in rows:
        out[course_id].append(key)
    return {course_id: tuple(keys) for course_id, keys in out.items()}


def _load_courses(ids: list[int]) -> dict[int, list[rules.CourseCompletion]]:
    """Completed registrations (dated by the offering's last day) and verified records."""
    out: dict[int, list[rules.CourseCompletion]] = defaultdict(list)
    completed = and_(
        person_filter(Registration.person_id, ids),
        Registration.offering_id.is_not(None),
        Registration.status == RegistrationStatus.completed,
    )
    # One fact per offering, shared by everyone who completed it.
    # A long list reads every offering (a few thousand rows at most) rather than
    # scanning the registrations twice.
    professions = _course_professions()
    details = select(
        Offering.id, Course.id, Course.key, Course.level, Course.hours, Offering.end
    ).join(Course, Offering.course_id == Course.id)
    if not is_long(ids):
        details = details.where(Offering.id.in_(select(Registration.offering_id).where(completed)))
    offerings = {
        oid: rules.CourseCompletion(
            key, level, hours, _oslo_day(end), professions.get(course_id, ())
        )
        for oid, course_id, key, level, hours, end in scoped_rows(details, ids)
    }
    for pid, oid in scoped_rows(
        select(Registration.person_id, Registration.offering_id).where(completed), ids
    ):
        fact = offerings.get(oid)
        if fact is not None:
            out[pid].append(fact)
    completions = scoped_rows(
        select(
            CourseCompletion.id,
            CourseCompletion.person_id,
            Course.id,
            Course.key,
            Course.level,
            CourseCompletion.level,
            CourseCompletion.hours,
            Course.hours,
            CourseCompletion.completed_on,
        )
        .outerjoin(Course, CourseCompletion.course_id == Course.id)
        .where(person_filter(CourseCompletion.person_id, ids), CourseCompletion.verified.is_(True)),
        ids,
    )
    for cid, pid, course_id, key, level, own_level, own_hours, course_hours, on in completions:
        hours = own_hours if own_hours is not None else course_hours
        if course_id is None:
            # A free-text course: the level the coordinator matched it to when verifying,
            # for the person's own profession (it is hers, so no profession list narrows it).
            out[pid].append(rules.CourseCompletion(free_text_key(cid), own_level, hours, on))
        else:
            out[pid].append(
                rules.CourseCompletion(key, level, hours, on, professions.get(course_id, ()))
            )
    return out


def free_text_key(completion_id: int) -> str:
    """The key a free-text course completion goes by in the rules and on the progress page."""
    return f"free-text:{completion_id}"


def free_text_titles(person_id: int) -> dict[str, str]:
    """{free-text key: title} of a person's courses taken elsewhere outside the catalogue."""
    rows = db.session.execute(
        select(CourseCompletion.id, CourseCompletion.title, CourseCompletion.provider).where(
            CourseCompletion.person_id == person_id, CourseCompletion.course_id.is_(None)
        )
    )
    return {
        free_text_key(cid): f"{title} ({provider})" if provider else (title or "")
        for cid, title, provider in rows
    }


def _load_gatherings(ids: list[int]) -> dict[int, list[rules.GatheringAttendance]]:
    """Attended gatherings: attendance recorded true (CONTRACT), whatever the status says."""
    out: dict[int, list[rules.GatheringAttendance]] = defaultdict(list)
    attended = and_(
        person_filter(Registration.person_id, ids),
        Registration.gathering_id.is_not(None),
        Registration.attended.is_(True),
    )
    # One fact per gathering, shared by everyone who attended it (a long list reads every
    # gathering rather than scanning the registrations twice).
    details = select(
        Gathering.id, Network.slug, Gathering.kind, Gathering.start, Gathering.end, Gathering.status
    ).join(Network, Gathering.network_id == Network.id)
    if not is_long(ids):
        details = details.where(Gathering.id.in_(select(Registration.gathering_id).where(attended)))
    gatherings = {
        gid: rules.GatheringAttendance(
            network=slug,
            kind=kind.value,
            on=_oslo_day(start),
            cancelled=status is GatheringStatus.cancelled,
            hours=_hours(start, end),
        )
        for gid, slug, kind, start, end, status in scoped_rows(details, ids)
    }
    with_leader = _leader_attended(attended, ids)
    for pid, gid in scoped_rows(
        select(Registration.person_id, Registration.gathering_id).where(attended), ids
    ):
        fact = gatherings.get(gid)
        if fact is not None:
            if (pid, gid) in with_leader:
                fact = replace(fact, leader_attended=True)
            out[pid].append(fact)
    return out


def _hours(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    """A gathering's length in hours."""
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 3600


def _leader_attended(attended, ids: list[int]) -> set[tuple[int, int]]:
    """(person, gathering) pairs where the person's leader attended the same gathering."""
    leader_reg = aliased(Registration)
    rows = scoped_rows(
        select(Registration.person_id, Registration.gathering_id)
        .join(Person, Person.id == Registration.person_id)
        .join(
            leader_reg,
            and_(
                leader_reg.gathering_id == Registration.gathering_id,
                leader_reg.person_id == Person.leader_id,
                leader_reg.attended.is_(True),
            ),
        )
        .where(attended, Person.leader_id != Person.id),
        ids,
    )
    return {(pid, gid) for pid, gid in rows}


def _load_hospitations(ids: list[int]) -> dict[int, list[rules.HospitationFact]]:
    """Completed hospitations, dated by their end (their start when they have none)."""
    out: dict[int, list[rules.HospitationFact]] = defaultdict(list)
    rows = scoped_rows(
        select(
            Hospitation.person_id,
            Hospitation.days,
            Hospitation.start,
            Hospitation.end,
            Hospitation.goals,
        ).where(
            person_filter(Hospitation.person_id, ids),
            Hospitation.status == HospitationStatus.completed,
        ),
        ids,
    )
    for pid, days, start, end, goals in rows:
        out[pid].append(
            rules.HospitationFact(
                days=float(days or 0),
                on=end or start,
                has_goals=bool(goals and goals.strip()),
                completed=True,
                calendar_days=(end - start).days + 1 if end is not None else None,
            )
        )
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
    kpm = load_kpm_records(ids)
    service, supervision, teaching = kpm["service"], kpm["supervision"], kpm["teaching"]
    documents, checklist = kpm["documents"], kpm["checklist"]
    empty: tuple[Any, ...] = ()
    out: dict[int, rules.PersonFacts] = {}
    for pid in ids:
        profession, further, approved_on, has_leader = persons[pid]
        docs = documents.get(pid, empty)
        if approved_on is not None:
            # The specialist approval on the person counts as a document of that kind.
            docs = [rules.DocumentFact("specialist_approval", approved_on), *docs]
        out[pid] = rules.PersonFacts(
            person_id=pid,
            profession=profession,
            further_education=further,
            has_leader=has_leader,
            specialist_approved=approved_on is not None,
            courses=tuple(courses.get(pid, empty)),
            gatherings=tuple(gatherings.get(pid, empty)),
            hospitations=tuple(hospitations.get(pid, empty)),
            checklist=tuple(checklist.get(pid, empty)),
            service=tuple(service.get(pid, empty)),
            supervision=tuple(supervision.get(pid, empty)),
            teaching=tuple(teaching.get(pid, empty)),
            documents=tuple(docs),
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
    """Each network's active plan (the last one made active), kept per process while the
    plans stamp stands (one primary-key read; the plans are frozen values, shared)."""
    ids = list(dict.fromkeys(network_ids))
    if not ids:
        return {}
    plans = revisions.memo(PLANS_REVISION, ("active-plans",), _all_active_plans)
    return {i: plans[i] for i in ids if i in plans}


def _all_active_plans() -> dict[int, rules.Plan]:
    """Every network's active plan, in two queries."""
    from sqlalchemy.orm import selectinload

    plans = db.session.scalars(
        select(CompetencePlan)
        .where(CompetencePlan.active.is_(True))
        .options(selectinload(CompetencePlan.requirements))
        .order_by(CompetencePlan.id)
    ).all()
    slugs = dict(db.session.execute(select(Network.id, Network.slug)).all())
    out: dict[int, rules.Plan] = {}
    for plan in plans:  # ordered by id: the last active one wins, as Network.active_plan
        out[plan.network_id] = plan_from_model(plan, slugs[plan.network_id])
    return out


def _memberships_query(persons: Any, as_of: Any) -> Any:
    return (
        select(Membership.person_id, Membership.network_id, Network.slug, Membership.start)
        .join(Network, Membership.network_id == Network.id)
        .where(persons, Membership.active_on(as_of))
        # Should two overlap, the one that began last is the person's current membership.
        .order_by(Membership.person_id, Network.name, Membership.start.desc())
    )


@cache
def _memberships_statement() -> Any:
    # A short list's statement, built once per process (with bound parameters): building it
    # and its cache key cost more than running it.
    return _memberships_query(
        Membership.person_id.in_(bindparam("ids", expanding=True)), bindparam("on")
    )


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
    if network_ids is None and not is_long(ids):  # the dashboard's and a person page's case
        rows = scoped_rows(_memberships_statement(), ids, {"ids": ids, "on": as_of}).all()
    else:
        query = _memberships_query(person_filter(Membership.person_id, ids), as_of)
        if network_ids is not None:
            query = query.where(Membership.network_id.in_(list(network_ids)))
        rows = scoped_rows(query, ids).all()
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
