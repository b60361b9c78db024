"""Each member's standing in her network's plan, as one short status for the members table:
complete, overdue, or how far along, with the next deadline. From the read model when it is
fresh for the network today, else from the engine for the page's members (one batch)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.core.types import today_oslo
from app.extensions import db
from app.networks.models import Network
from app.progress import readmodel, reports
from app.progress.models import ProgressState
from app.progress.views import bp


@dataclass(frozen=True)
class MemberStatus:
    """One member's standing: ``kind`` is overdue | in_progress | complete | none."""

    kind: str
    met: int = 0
    applicable: int = 0
    overdue: int = 0
    next_deadline: dt.date | None = None


NO_PLAN = MemberStatus("none")


def _status(complete: bool, overdue: int, met: int, applicable: int, deadline) -> MemberStatus:
    if complete:
        kind = "complete"
    elif overdue:
        kind = "overdue"
    else:
        kind = "in_progress"
    return MemberStatus(kind, met, applicable, overdue, deadline)


def _from_engine(network: Network, ids: list[int], on: dt.date) -> dict[int, MemberStatus]:
    out: dict[int, MemberStatus] = {}
    for pid, results in reports.progress_for_persons(ids, on, network_ids=[network.id]).items():
        if results:
            s = readmodel.summary(results[0])
            out[pid] = _status(
                s["complete"], s["overdue"], s["met"], s["applicable"], s["next_deadline"]
            )
    return out


@bp.app_template_global()
def member_statuses(network: Network, person_ids) -> dict[int, MemberStatus]:
    """Person id → her status in ``network``'s plan today (``NO_PLAN`` when none applies)."""
    ids = sorted({int(i) for i in person_ids})
    if not ids or network.active_plan is None:
        return dict.fromkeys(ids, NO_PLAN)
    today = today_oslo()
    if readmodel.is_fresh(network.id, today):
        rows = db.session.execute(
            select(
                ProgressState.person_id,
                ProgressState.complete,
                ProgressState.overdue,
                ProgressState.met,
                ProgressState.applicable,
                ProgressState.next_deadline,
            ).where(ProgressState.network_id == network.id, ProgressState.person_id.in_(ids))
        )
        found = {pid: _status(c, o, m, a, d) for pid, c, o, m, a, d in rows}
    else:
        found = _from_engine(network, ids, today)
    return {pid: found.get(pid, NO_PLAN) for pid in ids}
