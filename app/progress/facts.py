"""Batch loading of progress facts and plan memberships for many persons at once.

Every loader here runs a fixed number of queries whatever the number of persons: one per
kind of evidence (ARCHITECTURE.md, "Reads are batched"; the loaders are in
:mod:`app.progress.loaders`). The persons are named in one parameter
(:func:`app.core.batch.person_filter`: a plain ``IN`` for short lists, a JSON array on
SQLite and an ``= ANY(array)`` on PostgreSQL for long ones), so a scope of 20,000 persons
costs the same number of statements as a scope of two.

The rows are read as plain tuples (no ORM entities). Facts that many persons share (the
same offering, the same gathering) are built once and shared between the persons.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, bindparam, select

from app.core import batch, revisions
from app.courses.models import CourseCompletion
from app.extensions import db
from app.kpm.queries import load_kpm_records
from app.networks.models import CompetencePlan, Membership, Network
from app.networks.queries import PLANS_REVISION
from app.progress import loaders, rules
from app.progress.loaders import FREE_TEXT_PREFIX, free_text_key  # noqa: F401 - re-exported


def _ids(person_ids: Iterable[int]) -> list[int]:
    """Distinct ids in a stable order."""
    return list(dict.fromkeys(int(i) for i in person_ids))


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


# --------------------------------------------------------------------------- public API

#: the doctors' records of nobody (load_facts without a kind that reads them)
_NO_KPM: dict[str, dict[int, list[Any]]] = {
    name: {} for name in ("service", "supervision", "teaching", "documents", "checklist")
}


#: the evidence a requirement kind reads (its evaluation and its evidence lines), by kind;
#: every other kind reads the doctors' records
_KIND_EVIDENCE = {"course": "courses", "gathering": "gatherings", "hospitation": "hospitations"}


def load_facts(
    person_ids: Iterable[int],
    as_of: dt.date | None = None,
    *,
    kinds: Collection[str] | None = None,
) -> dict[int, rules.PersonFacts]:
    """Every person's facts in a fixed number of queries (one per kind of evidence).

    ``as_of`` is accepted for symmetry with the rules; evidence after it is cut by the
    rules themselves, so the same facts serve any day. ``kinds`` (requirement kinds) loads
    only the evidence those kinds read and leaves the rest empty: enough for their
    requirements, not for a whole plan's evaluation.
    """
    ids = _ids(person_ids)
    if not ids:
        return {}
    persons = loaders.load_persons(ids)
    ids = [i for i in ids if i in persons]
    if not ids:
        return {}
    wanted = None if kinds is None else {_KIND_EVIDENCE.get(k, "kpm") for k in kinds}
    courses = loaders.load_courses(ids) if wanted is None or "courses" in wanted else {}
    gatherings = loaders.load_gatherings(ids) if wanted is None or "gatherings" in wanted else {}
    hospitations = (
        loaders.load_hospitations(ids) if wanted is None or "hospitations" in wanted else {}
    )
    kpm = load_kpm_records(ids) if wanted is None or "kpm" in wanted else _NO_KPM
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


@dataclass(frozen=True, slots=True)
class SharedPlans:
    """Every network's active plan (by network id) and every network's name (by slug)."""

    plans: dict[int, rules.Plan]
    names: dict[str, str]


def shared_plans() -> SharedPlans:
    """Every active plan and network name, kept in this process while the plans stamp stands
    (one primary-key read instead of three queries and an ORM graph). Plans are shared data,
    the same for every reader. For reads only: a request that changed a plan and has not
    committed yet must ask :func:`active_plans`."""
    return revisions.memo(PLANS_REVISION, ("shared-plans",), _build_shared_plans)


def _build_shared_plans() -> SharedPlans:
    rows = db.session.execute(select(Network.id, Network.slug, Network.name)).all()
    return SharedPlans(
        plans=active_plans([network_id for network_id, _slug, _name in rows]),
        names={slug: name for _id, slug, name in rows},
    )


def _memberships(name_ids):
    return (
        select(Membership.person_id, Membership.network_id, Network.slug, Membership.start)
        .join(Network, Membership.network_id == Network.id)
        .where(name_ids(Membership.person_id), Membership.active_on(bindparam("as_of", type_=Date)))
        # Should two overlap, the one that began last is the person's current membership.
        .order_by(Membership.person_id, Network.name, Membership.start.desc())
    )


def _network_memberships(name_ids):
    return _memberships(name_ids).where(
        Membership.network_id.in_(bindparam("network_ids", expanding=True))
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
    if network_ids is None:
        rows = batch.rows(_memberships, ids, as_of=as_of).all()
    else:
        rows = batch.rows(
            _network_memberships, ids, as_of=as_of, network_ids=list(network_ids)
        ).all()
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
