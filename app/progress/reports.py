"""Progress of many persons at once: plan results, the API's Progress object, the overview's feed.

Everything is batched: plans and requirements are loaded once, facts in one query per kind
of evidence for the whole scope (the persons are named in one parameter, see
:func:`app.core.batch.person_filter`), so the number of queries does not grow with the
number of persons.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Select, select

from app.core import batch
from app.extensions import db
from app.people.models import Person
from app.progress import facts as facts_loader
from app.progress import rules


@contextmanager
def _bulk(count: int) -> Iterator[None]:
    """Pause the cyclic garbage collector while the facts and results of ``count`` persons
    are built.

    Hundreds of thousands of small, acyclic objects (facts, results) would otherwise set off
    full collections again and again, each walking every object in the process; they are
    freed by reference counting anyway. Small scopes leave the collector alone.
    """
    if count <= batch.INLINE_IDS or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def scope_ids(scope: Select | Iterable[int]) -> list[int]:
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
    ids = scope_ids(person_ids)
    with _bulk(len(ids)):
        out: dict[int, list[rules.PlanResult]] = {pid: [] for pid in ids}
        for pid, results in plan_results(ids, as_of, network_ids=network_ids):
            out[pid] = results
    return out


def plan_results(
    ids: Sequence[int],
    as_of: dt.date,
    *,
    network_ids: Sequence[int] | None = None,
) -> Iterator[tuple[int, list[rules.PlanResult]]]:
    """``(person id, plan results)`` in the order of ``ids``, for persons with a plan.

    A fixed number of queries for any number of persons: the memberships, the plans and
    one query per kind of evidence, all for the whole list at once.
    """
    if not ids:
        return
    plans = _plans_for(network_ids)
    members = facts_loader.memberships(ids, as_of, network_ids=network_ids, plans=plans)
    if not members:
        return
    person_facts = facts_loader.load_facts([pid for pid in ids if pid in members], as_of)
    evaluate_plan = rules.evaluate_plan
    for pid in ids:
        ms = members.get(pid)
        pf = person_facts.get(pid) if ms else None
        if pf is None:
            continue
        yield pid, [evaluate_plan(m.plan, pf, as_of, membership_start=m.start) for m in ms]


def memberships_and_results(
    ids: Sequence[int],
    as_of: dt.date,
    *,
    network_ids: Sequence[int] | None = None,
    batch: int | None = None,
    plans: dict[int, rules.Plan] | None = None,
) -> Iterator[tuple[int, facts_loader.PlanMembership, rules.PlanResult]]:
    """``(person id, membership, plan result)`` per person and plan, in the order of ``ids``.

    The overview's feed. The results are computed as they are consumed, so only the facts
    are held, never every result. ``batch`` bounds how many persons' facts are held at once
    (a fixed number of queries per batch); None loads the whole list in one go. ``plans``
    (network id → plan, as :func:`scope_plan_map` gives) may be passed when already loaded.
    """
    evaluate_plan = rules.evaluate_plan
    for pid, m, pf in _members_with_facts(ids, as_of, network_ids, batch, plans):
        yield pid, m, evaluate_plan(m.plan, pf, as_of, membership_start=m.start)


def results_and_horizons(
    ids: Sequence[int], as_of: dt.date, *, batch: int | None = None
) -> Iterator[tuple[int, facts_loader.PlanMembership, rules.PlanResult, dt.date]]:
    """As :func:`memberships_and_results`, with the day until which each result holds on
    the same facts (:func:`rules.holds_until`): the read model's feed."""
    evaluate_plan, holds_until = rules.evaluate_plan, rules.holds_until
    for pid, m, pf in _members_with_facts(ids, as_of, None, batch, None):
        yield (
            pid,
            m,
            evaluate_plan(m.plan, pf, as_of, membership_start=m.start),
            holds_until(m.plan, pf, as_of, membership_start=m.start),
        )


def _members_with_facts(
    ids: Sequence[int],
    as_of: dt.date,
    network_ids: Sequence[int] | None,
    batch: int | None,
    plans: dict[int, rules.Plan] | None,
) -> Iterator[tuple[int, facts_loader.PlanMembership, rules.PersonFacts]]:
    if not ids:
        return
    if plans is None:  # one plan lookup for every batch
        plans = scope_plan_map(ids, as_of, network_ids=network_ids)
    size = batch or len(ids)
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        with _bulk(len(chunk)):
            members = facts_loader.memberships(chunk, as_of, network_ids=network_ids, plans=plans)
            person_facts = facts_loader.load_facts([pid for pid in chunk if pid in members], as_of)
        for pid in chunk:
            ms = members.get(pid)
            pf = person_facts.pop(pid, None) if ms else None
            if pf is None:
                continue
            for m in ms:
                yield pid, m, pf
        del members, person_facts


def _scope_network_ids(
    ids: Sequence[int], as_of: dt.date, network_ids: Sequence[int] | None = None
) -> set[int]:
    """The networks the persons are active members of on ``as_of``, in one query."""
    from app.networks.models import Membership

    query = select(Membership.network_id).where(
        batch.person_filter(Membership.person_id, ids),
        Membership.active_on(as_of),
    )
    if network_ids is not None:
        query = query.where(Membership.network_id.in_(list(network_ids)))
    return set(db.session.scalars(query.distinct()))


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


def scope_plan_map(
    scope: Select | Iterable[int],
    as_of: dt.date,
    *,
    network_ids: Sequence[int] | None = None,
) -> dict[int, rules.Plan]:
    """The active plans of the networks the scope's persons are in on ``as_of``, by network."""
    ids = scope_ids(scope)
    if not ids:
        return {}
    return facts_loader.active_plans(_scope_network_ids(ids, as_of, network_ids))


def summary(results: Iterable[rules.PlanResult]) -> dict[str, int]:
    """Counts per status over the results' requirements (for summaries and dashboards)."""
    counts = dict.fromkeys(rules.STATUSES, 0)
    for result in results:
        for r in result.requirements:
            counts[r.status] = counts.get(r.status, 0) + 1
    return counts
