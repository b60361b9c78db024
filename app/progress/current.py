"""Plan results for today, read from the progress read model when it holds them.

The dashboards, a person's progress page and the progress API ask :func:`results_for`. For
today it reads the stored answers (the memberships in one query, the plans as this process
keeps them while their revision stamp stands, then the stored rows in one), and gives them
the shape of the engine's own results. The engine still answers when a person's stored
result is missing, was computed for another day or for another plan (a bulk load written
behind the hooks' back, before the next rebuild), and for any other day: the read model
only keeps today's answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Date, and_, bindparam, select

from app.core import batch
from app.core.types import today_oslo
from app.progress import facts, reports, rules, stored
from app.progress.models import ProgressRequirementState, ProgressState


def results_for(
    person_ids: Iterable[int],
    on: dt.date | None = None,
    *,
    network_ids: Sequence[int] | None = None,
) -> dict[int, list[rules.PlanResult]]:
    """Each person's plan results on ``on`` (default today), as
    :func:`reports.progress_for_persons` gives them."""
    on = on or today_oslo()
    ids = list(dict.fromkeys(person_ids))
    if on == today_oslo() and ids and len(ids) <= batch.INLINE_IDS:
        plans = facts.shared_plans().plans
        members = facts.memberships(ids, on, network_ids=network_ids, plans=plans)
        found = stored_results(ids, on, members)
        if found is not None:
            return found
    return reports.progress_for_persons(ids, on, network_ids=network_ids)


def progress_json(person_id: int, on: dt.date) -> dict:
    """CONTRACT's Progress object for one person on ``on``."""
    results = results_for([person_id], on).get(person_id, [])
    return {"person_id": person_id, "on": on.isoformat(), "plans": [r.to_json() for r in results]}


def stored_results(
    ids: list[int], on: dt.date, members: dict[int, list[facts.PlanMembership]]
) -> dict[int, list[rules.PlanResult]] | None:
    """The stored results of these persons in the plans their memberships on ``on`` bring
    in (one query), or None when any is missing or not that day's."""
    wanted = {(m.person_id, m.network_id) for ms in members.values() for m in ms}
    if not wanted:
        return {pid: [] for pid in ids}
    states: dict[tuple[int, int], tuple[str, bool]] = {}
    cells: dict[tuple[int, int], dict[str, tuple]] = {}
    for pid, nid, plan_key, complete, key, *values in batch.rows(_stored_rows, ids, on=on):
        states[(pid, nid)] = (plan_key, complete)
        if key is not None:
            cells.setdefault((pid, nid), {})[key] = tuple(values)
    if not wanted <= states.keys():
        return None
    out: dict[int, list[rules.PlanResult]] = {pid: [] for pid in ids}
    for pid, ms in members.items():
        for m in ms:
            plan_key, complete = states[(pid, m.network_id)]
            result = _result(m.plan, plan_key, complete, cells.get((pid, m.network_id), {}))
            if result is None:
                return None
            out[pid].append(result)
    return out


def _stored_rows(name_ids):
    """The persons' state rows of a day with their requirement rows (one statement). The
    requirement rows stand for the day their state row says (the nightly catch-up moves only
    that one when nothing changed): a state of the day makes them that day's."""
    S, R = ProgressState, ProgressRequirementState  # noqa: N806 - the tables, short
    return (
        select(S.person_id, S.network_id, S.plan_key, S.complete, R.requirement_key,
               *stored.CELL_COLUMNS)
        .outerjoin(R, and_(R.person_id == S.person_id, R.network_id == S.network_id))
        .where(name_ids(S.person_id), S.computed_on == bindparam("on", type_=Date))
    )  # fmt: skip


def _result(
    plan: rules.Plan, plan_key: str, complete: bool, cells: dict[str, tuple]
) -> rules.PlanResult | None:
    """A stored plan result in the engine's shape (titles and kinds from the plan; only the
    requirements the engine gave her, in the plan's order: a profession's own are left out
    for the others)."""
    if plan_key != plan.key or not set(cells) <= {r.key for r in plan.requirements}:
        return None
    requirements = []
    for req in plan.requirements:
        if req.key not in cells:
            continue
        status, done, needed, unit, deadline, met_on, late, pending, reason = cells[req.key]
        requirements.append(
            rules.RequirementResult(
                key=req.key,
                title=req.title,
                kind=req.kind,
                status=status,
                mandatory=req.mandatory,
                done=done,
                needed=needed,
                unit=unit,
                deadline=deadline,
                met_on=met_on,
                late=bool(late),
                yearly=req.yearly,
                pending=pending or 0.0,
                reason=reason,
            )
        )
    return rules.PlanResult(plan.network, plan.key, plan.title, bool(complete), requirements)
