"""What the network page shows of a network, as rows: three statements built once, no ORM
objects (the network with its professions, region, health trust and plans as ORM objects
cost more than the rest of the page). The feature partials read ``id`` and ``slug``."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, func, select

from app.core.batch import plain_rows
from app.networks.models import CompetencePlan, Network, Requirement, network_professions
from app.people.models import Profession, Region, TrustArea, profession_labeler


@dataclass(frozen=True, slots=True)
class RequirementLine:
    """A requirement as the plan's list names it."""

    title: str
    mandatory: bool
    deadline_months: int | None
    yearly: bool


@dataclass(frozen=True, slots=True)
class PlanCard:
    """The plan in force: its title and requirements in order."""

    title: str
    requirements: list[RequirementLine]


@dataclass(frozen=True, slots=True)
class NetworkCard:
    """A network as its page shows it."""

    id: int
    slug: str
    name: str
    description: str | None
    url: str | None
    region: str | None
    trust_area: str | None
    professions: list[str]
    active_plan: PlanCard | None

    def __str__(self) -> str:
        return self.name


_NETWORK = (
    select(
        Network.id,
        Network.slug,
        Network.name,
        Network.description,
        Network.url,
        Region.name,
        TrustArea.name,
    )
    .outerjoin(Region, Region.id == Network.region_id)
    .outerjoin(TrustArea, TrustArea.id == Network.trust_area_id)
    .where(Network.slug == bindparam("slug"))
)
_PROFESSIONS = (
    select(Profession.key, Profession.name_nb, Profession.name_en)
    .join(network_professions, network_professions.c.profession_id == Profession.id)
    .where(network_professions.c.network_id == bindparam("network"))
    .order_by(Profession.id)
)
#: the plan in force is the last one activated (Network.active_plan)
_PLAN = (
    select(
        CompetencePlan.title,
        Requirement.title,
        Requirement.mandatory,
        Requirement.deadline_months,
        Requirement.yearly,
    )
    .outerjoin(Requirement, Requirement.plan_id == CompetencePlan.id)
    .where(
        CompetencePlan.id
        == select(func.max(CompetencePlan.id))
        .where(
            CompetencePlan.network_id == bindparam("network"),
            CompetencePlan.active.is_(True),
        )
        .scalar_subquery()
    )
    .order_by(Requirement.position, Requirement.id)
)


def network_card(slug: str) -> NetworkCard | None:
    """The network with this slug as its page shows it, or None."""
    row = plain_rows(_NETWORK, {"slug": slug}).first()
    if row is None:
        return None
    network_id = row[0]
    label = profession_labeler()
    rows = plain_rows(_PROFESSIONS, {"network": network_id})
    professions = [label(key, nb, en) for key, nb, en in rows]
    plan = None
    rows = plain_rows(_PLAN, {"network": network_id}).all()
    if rows:
        requirements = [
            RequirementLine(title, bool(mandatory), months, bool(yearly))
            for _plan, title, mandatory, months, yearly in rows
            if title is not None
        ]
        plan = PlanCard(rows[0][0], requirements)
    return NetworkCard(*row, professions, plan)
