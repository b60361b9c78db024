"""Each member's standing in her network's plan, as one short status for the members table:
complete, overdue, or how far along, with the next deadline. From the read model when it is
fresh for the network today, else from the engine for the page's members (one batch)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup, escape
from sqlalchemy import bindparam, select

from app.core.i18n import gettext as _
from app.core.i18n import ngettext
from app.core.templating import format_date
from app.core.types import today_oslo
from app.extensions import db
from app.networks.models import CompetencePlan, Network
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


_LEAD = Markup('<span class="status-%s">%s</span>%s')
_SMALL = Markup("%s<br><small>%s</small>")


def _cell(status: MemberStatus, words: dict[str, str]) -> Markup:
    """The members table's status cell: complete, overdue (how many, how far), or under way
    with the next deadline; a dash without a plan."""
    if status.kind == "complete":
        return _LEAD % ("complete", words["complete"], "")
    if status.kind == "overdue":
        lead = ngettext("%(num)d forsinket", "%(num)d forsinket", status.overdue)
        rest = ", " + words["of"] % {"m": status.met, "n": status.applicable}
        return _LEAD % ("overdue", lead, rest)
    if status.kind == "none":
        return Markup("–")
    rest = words["underway"] % {"m": status.met, "n": status.applicable}
    if status.next_deadline:
        return _SMALL % (rest, words["next"] % {"d": format_date(status.next_deadline)})
    return escape(rest)


@bp.app_template_global()
def member_statuses(network: Network, person_ids) -> dict[int, Markup]:
    """Person id → her status in ``network``'s plan today, as the members table's cell."""
    words = {
        "complete": _("Fullført"),
        "of": _("%(m)d av %(n)d"),
        "underway": _("Underveis, %(m)d av %(n)d"),
        "next": _("Neste frist %(d)s"),
    }
    standing = member_standing(network, person_ids)
    return {pid: _cell(status, words) for pid, status in standing.items()}


def member_standing(network: Network, person_ids) -> dict[int, MemberStatus]:
    """Person id → her status in ``network``'s plan today (``NO_PLAN`` when none applies)."""
    ids = sorted({int(i) for i in person_ids})
    if not ids:
        return {}
    today = today_oslo()
    if readmodel.is_fresh(network.id, today):  # results stored for today: a plan is in force
        rows = db.session.execute(_STANDING, {"network": network.id, "ids": ids})
        found = {pid: _status(c, o, m, a, d) for pid, c, o, m, a, d in rows}
    elif db.session.execute(_HAS_PLAN, {"network": network.id}).first() is None:
        return dict.fromkeys(ids, NO_PLAN)
    else:
        found = _from_engine(network, ids, today)
    return {pid: found.get(pid, NO_PLAN) for pid in ids}


#: the stored standing of some members in a network, built once
_STANDING = select(
    ProgressState.person_id,
    ProgressState.complete,
    ProgressState.overdue,
    ProgressState.met,
    ProgressState.applicable,
    ProgressState.next_deadline,
).where(
    ProgressState.network_id == bindparam("network"),
    ProgressState.person_id.in_(bindparam("ids", expanding=True)),
)
#: whether the network has a plan in force (Network.active_plan, without loading the plans)
_HAS_PLAN = select(CompetencePlan.id).where(
    CompetencePlan.network_id == bindparam("network"), CompetencePlan.active.is_(True)
).limit(1)
