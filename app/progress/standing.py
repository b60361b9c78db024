"""Where a coordinator's networks stand today: members, who has completed the plan, who is
overdue, and per requirement how many are met, in progress, due or overdue (the dashboard's
figures and charts). One progress batch for every managed network."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_login import current_user
from sqlalchemy import select

from app.core import access
from app.core.seed_texts import seeded
from app.core.templating import status_label
from app.core.types import today_oslo
from app.extensions import db
from app.networks.models import Membership, Network
from app.progress import facts, readmodel, reports, rules, stored
from app.progress.views import bp

#: the statuses a chart shows, in the order of its segments
CHART_STATUSES = (rules.MET, rules.IN_PROGRESS, rules.DUE, rules.OVERDUE)


@dataclass
class RequirementStanding:
    """How many members stand where on one requirement (not_applicable left out)."""

    key: str
    title: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHART_STATUSES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Segment:
    """One status's part of a bar: where it starts and how wide it is (in per cent, as the
    SVG's attributes print them), and its tooltip."""

    status: str
    x: str
    width: str
    title: str


@dataclass(frozen=True, slots=True)
class Bar:
    """A requirement's bar in words: its title, what it says to a screen reader, its
    segments, and the counts in the order of CHART_STATUSES (the table's cells)."""

    title: str
    aria: str
    segments: tuple[Segment, ...]
    counts: tuple[int, ...]


@dataclass
class NetworkStanding:
    """A managed network today."""

    network: Network
    members: int = 0
    complete: int = 0
    overdue: int = 0
    plan_title: str | None = None
    requirements: list[RequirementStanding] = field(default_factory=list)
    #: the chart's status words in the order of CHART_STATUSES, and a bar per requirement
    labels: tuple[str, ...] = ()
    bars: list[Bar] = field(default_factory=list)

    @property
    def complete_pct(self) -> int:
        return round(100 * self.complete / self.members) if self.members else 0


def _standing_of(network: Network, results: dict[int, list[rules.PlanResult]]) -> NetworkStanding:
    out = NetworkStanding(network)
    by_key: dict[str, RequirementStanding] = {}
    for plan_results in results.values():
        mine = [pr for pr in plan_results if pr.network == network.slug]
        if not mine:
            continue
        out.members += 1
        for pr in mine:
            out.plan_title = out.plan_title or pr.title
            out.complete += pr.complete
            out.overdue += any(r.status == rules.OVERDUE for r in pr.requirements)
            for r in pr.requirements:
                if r.status not in CHART_STATUSES:
                    continue
                row = by_key.get(r.key)
                if row is None:
                    row = by_key[r.key] = RequirementStanding(r.key, r.title)
                    out.requirements.append(row)
                row.counts[r.status] += 1
    return out


@bp.app_template_global()
def managed_standing(networks: Sequence[Network] | None = None) -> list[NetworkStanding]:
    """For a coordinator: each network she runs, as it stands today (``networks``: the ones
    she runs, when the page has loaded them already)."""
    if not access.is_coordinator(current_user) or access.is_admin(current_user):
        return []
    if networks is None:
        ids = access.managed_network_ids(current_user)
        networks = (
            db.session.scalars(
                select(Network).where(Network.id.in_(ids)).order_by(Network.name)
            ).all()
            if ids
            else []
        )
    if not networks:
        return []
    today = today_oslo()
    counts = stored.network_counts([n.id for n in networks])
    fresh_ids = readmodel.fresh_networks([n.id for n in networks], today, counts)
    out = _stored_standings([n for n in networks if n.id in fresh_ids], counts)
    stale = [n for n in networks if n.id not in fresh_ids]
    if stale:
        members = db.session.scalars(
            select(Membership.person_id)
            .where(Membership.network_id.in_([n.id for n in stale]), Membership.active_on(today))
            .distinct()
        ).all()
        results = reports.progress_for_persons(
            members, today, network_ids=sorted(n.id for n in stale)
        )
        out.update({n.id: _standing_of(n, results) for n in stale})
    standings = [out[n.id] for n in networks]
    labels = tuple(status_label(status) for status in CHART_STATUSES)
    titles: dict[str, str] = {}
    for standing in standings:
        standing.labels = labels
        standing.bars = [_bar(row, labels, titles) for row in standing.requirements]
    return standings


def _bar(row: RequirementStanding, labels: tuple[str, ...], titles: dict[str, str]) -> Bar:
    """The requirement's bar worded once (titles shared between networks): the segments of
    the statuses anyone has, their widths as shares of the total."""
    title = titles.get(row.title)
    if title is None:
        title = titles[row.title] = seeded(row.title)
    counts = tuple(row.counts[status] for status in CHART_STATUSES)
    total = sum(counts)
    words = ", ".join(f"{label} {n}" for label, n in zip(labels, counts, strict=True))
    segments = []
    x = 0.0
    for status, label, n in zip(CHART_STATUSES, labels, counts, strict=True):
        if not n:
            continue
        width = 100 * n / total
        segments.append(Segment(status, f"{x:.3f}", f"{width:.3f}", f"{label}: {n}"))
        x += width
    return Bar(title, f"{title}: {words}", tuple(segments), counts)


def _stored_standings(
    networks: Sequence[Network], figures: dict[int, stored.NetworkCounts]
) -> dict[int, NetworkStanding]:
    """The networks' standings from the read model: their figures, one aggregate query of
    requirement counts for all of them, and their plans."""
    if not networks:
        return {}
    ids = [n.id for n in networks]
    plans = facts.active_plans(ids)
    counts_of = stored.requirement_counts(ids)
    out = {}
    for network in networks:
        plan = plans.get(network.id)
        f = figures[network.id]  # fresh: it has stored results
        standing = NetworkStanding(
            network, f.members, f.complete, f.overdue, plan.title if plan else None
        )
        counts = counts_of.get(network.id, {})
        for req in plan.requirements if plan else ():
            found = counts.get(req.key)
            if not found or not any(found.get(s) for s in CHART_STATUSES):
                continue
            row = RequirementStanding(req.key, req.title)
            for status in CHART_STATUSES:
                row.counts[status] = found.get(status, 0)
            standing.requirements.append(row)
        out[network.id] = standing
    return out
