"""Progress of many persons at once: plan results, the API's Progress object, overview rows.

Everything is batched: plans and requirements are loaded once, facts in one query per kind
of evidence, persons in chunks (``BATCH``) so a scope of 20,000 persons streams in a few
dozen queries without holding every row at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.people.models import Person, Workplace
from app.progress import facts as facts_loader
from app.progress import rules

#: persons per batch: keeps IN lists well under every database's parameter limit
BATCH = 1000


def _chunks(ids: Sequence[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield list(ids[i : i + size])


def _person_ids(scope: Select | Iterable[int]) -> list[int]:
    """Person ids from a list of ids or a SELECT of ids (or of Person rows)."""
    if isinstance(scope, Select):
        ids = scope
        if len(scope.selected_columns) != 1 or scope.selected_columns[0].name != "id":
            ids = select(scope.subquery().c.id)
        return list(dict.fromkeys(db.session.scalars(ids)))
    return list(dict.fromkeys(int(i) for i in scope))


def progress_for_persons(
    person_ids: Iterable[int],
    as_of: dt.date,
    *,
    network_ids: Sequence[int] | None = None,
) -> dict[int, list[rules.PlanResult]]:
    """Each person's plan results on ``as_of`` (only memberships active that day count).

    ``network_ids`` limits the result to plans of those networks. Every person asked for
    is in the answer, with an empty list when no plan applies.
    """
    ids = _person_ids(person_ids)
    out: dict[int, list[rules.PlanResult]] = {pid: [] for pid in ids}
    if not ids:
        return out
    plans = _plans_for(network_ids)
    for chunk in _chunks(ids, BATCH):
        members = facts_loader.memberships(chunk, as_of, network_ids=network_ids, plans=plans)
        person_facts = facts_loader.load_facts([pid for pid in chunk if pid in members], as_of)
        for pid, ms in members.items():
            pf = person_facts.get(pid)
            if pf is None:
                continue
            out[pid] = [
                rules.evaluate_plan(m.plan, pf, as_of, membership_start=m.start) for m in ms
            ]
    return out


def _plans_for(network_ids: Sequence[int] | None) -> dict[int, rules.Plan] | None:
    """Active plans of the networks given; None lets each batch load its own networks'."""
    if network_ids is None:
        return None
    return facts_loader.active_plans(network_ids)


def progress_json(person: Person | int, as_of: dt.date) -> dict[str, Any]:
    """CONTRACT's Progress object for one person on ``as_of``."""
    pid = person if isinstance(person, int) else person.id
    results = progress_for_persons([pid], as_of).get(pid, [])
    return {
        "person_id": pid,
        "on": as_of.isoformat(),
        "plans": [r.to_json() for r in results],
    }


# --------------------------------------------------------------------------- overview


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One person's standing in one plan, with what the overview shows about the person."""

    person: Person
    network_slug: str
    membership_start: dt.date
    plan: rules.Plan
    result: rules.PlanResult

    @property
    def requirements(self) -> dict[str, rules.RequirementResult]:
        """The person's results by requirement key (absent = not for their profession)."""
        return {r.key: r for r in self.result.requirements}


def scope_plans(
    scope: Select | Iterable[int],
    as_of: dt.date,
    *,
    network_ids: Sequence[int] | None = None,
) -> list[rules.Plan]:
    """The plans the persons of a scope are in on ``as_of`` (for sheet headers), by title."""
    ids = _person_ids(scope)
    if not ids:
        return []
    from app.networks.models import Membership

    query = select(Membership.network_id).where(
        Membership.start <= as_of,
        (Membership.end.is_(None)) | (Membership.end >= as_of),
    )
    if network_ids is not None:
        query = query.where(Membership.network_id.in_(list(network_ids)))
    network_set: set[int] = set()
    for chunk in _chunks(ids, BATCH):
        network_set.update(
            db.session.scalars(query.where(Membership.person_id.in_(chunk)).distinct())
        )
    plans = facts_loader.active_plans(network_set)
    return sorted(plans.values(), key=lambda p: (p.title, p.network))


def overview_rows(
    scope: Select | Iterable[int],
    as_of: dt.date,
    *,
    network_ids: Sequence[int] | None = None,
    batch: int = BATCH,
) -> Iterator[OverviewRow]:
    """One row per person and plan for the competence overview, streamed in batches.

    Persons come in name order with profession, workplace (and its municipality), own
    municipality and leader loaded; a batch costs a fixed number of queries.
    """
    ids = _person_ids(scope)
    if not ids:
        return
    ordered = []
    for chunk in _chunks(ids, batch):
        ordered.extend(
            db.session.execute(select(Person.id, Person.name).where(Person.id.in_(chunk))).all()
        )
    ordered.sort(key=lambda row: (row[1].lower(), row[0]))
    ids = [row[0] for row in ordered]
    plans = _plans_for(network_ids)
    for chunk in _chunks(ids, batch):
        persons = {
            p.id: p
            for p in db.session.scalars(
                select(Person)
                .where(Person.id.in_(chunk))
                .options(
                    selectinload(Person.profession),
                    selectinload(Person.workplace).selectinload(Workplace.municipality),
                    selectinload(Person.own_municipality),
                    selectinload(Person.leader),
                )
            )
        }
        members = facts_loader.memberships(chunk, as_of, network_ids=network_ids, plans=plans)
        person_facts = facts_loader.load_facts([pid for pid in chunk if pid in members], as_of)
        for pid in chunk:
            pf = person_facts.get(pid)
            if pf is None:
                continue
            for m in members.get(pid, ()):
                yield OverviewRow(
                    person=persons[pid],
                    network_slug=m.network_slug,
                    membership_start=m.start,
                    plan=m.plan,
                    result=rules.evaluate_plan(m.plan, pf, as_of, membership_start=m.start),
                )


def summary(results: Iterable[rules.PlanResult]) -> dict[str, int]:
    """Counts per status over the results' requirements (for summaries and dashboards)."""
    counts = dict.fromkeys(rules.STATUSES, 0)
    for result in results:
        for r in result.requirements:
            counts[r.status] = counts.get(r.status, 0) + 1
    return counts
