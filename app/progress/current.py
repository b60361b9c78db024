"""Plan results for today, read from the progress read model when it holds them.

The dashboards, a person's progress page and the progress API ask :func:`results_for`. For
today it reads the stored answers (the memberships and plans in a few queries, then the
stored rows in two), and gives them the shape of the engine's own results. The engine still
answers when a person's stored result is missing, was computed for another day or for
another plan (a bulk load written behind the hooks' back, before the next rebuild), and for
any other day: the read model only keeps today's answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import cache

from sqlalchemy import bindparam, select

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
    if on == today_oslo():
        stored = _stored(ids, on, network_ids)
        if stored is not None:
            return stored
    return reports.progress_for_persons(ids, on, network_ids=network_ids)


def progress_json(person_id: int, on: dt.date) -> dict:
    """CONTRACT's Progress object for one person on ``on``."""
    results = results_for([person_id], on).get(person_id, [])
    return {"person_id": person_id, "on": on.isoformat(), "plans": [r.to_json() for r in results]}


def _stored(
    ids: list[int], on: dt.date, network_ids: Sequence[int] | None
) -> dict[int, list[rules.PlanResult]] | None:
    """The stored results, or None when any is missing or not today's."""
    if not ids or len(ids) > batch.INLINE_IDS:
        return None
    members = facts.memberships(ids, on, network_ids=network_ids)
    wanted = {(m.person_id, m.network_id) for ms in members.values() for m in ms}
    if not wanted:
        return {pid: [] for pid in ids}
    states = {
        (pid, nid): (plan_key, complete)
        for pid, nid, plan_key, complete in batch.plain_rows(
            _states_statement(), {"ids": ids, "on": on}
        )
    }
    if not wanted <= states.keys():
        return None
    cells: dict[tuple[int, int], dict[str, tuple]] = {}
    for pid, nid, key, *values in batch.plain_rows(_cells_statement(), {"ids": ids}):
        cells.setdefault((pid, nid), {})[key] = tuple(values)
    out: dict[int, list[rules.PlanResult]] = {pid: [] for pid in ids}
    for pid, ms in members.items():
        for m in ms:
            plan_key, complete = states[(pid, m.network_id)]
            result = _result(m.plan, plan_key, complete, cells.get((pid, m.network_id), {}))
            if result is None:
                return None
            out[pid].append(result)
    return out


# The two statements are built once per process (with bound parameters): building them and
# their cache keys cost more than running them.


@cache
def _states_statement():
    return select(
        ProgressState.person_id,
        ProgressState.network_id,
        ProgressState.plan_key,
        ProgressState.complete,
    ).where(
        ProgressState.person_id.in_(bindparam("ids", expanding=True)),
        ProgressState.computed_on == bindparam("on"),
    )


@cache
def _cells_statement():
    # The requirement rows stand for the day their state row says (the nightly catch-up
    # moves only that one when nothing changed): the states read with them are today's.
    R = ProgressRequirementState  # noqa: N806 - the table, short
    return select(R.person_id, R.network_id, R.requirement_key, *stored.CELL_COLUMNS).where(
        R.person_id.in_(bindparam("ids", expanding=True))
    )


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
