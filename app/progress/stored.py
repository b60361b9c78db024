"""Reads of the progress read model: the network overview filtered, sorted and paged in the
database, and the standing of networks as aggregate queries. Used for today when the model
is fresh (see ``readmodel.is_fresh``); any other day goes through the engine."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from app.core.dates import add_months
from app.extensions import db
from app.networks.models import Network
from app.people.models import Municipality, Person, Profession, Workplace
from app.progress import rules
from app.progress.models import ProgressRequirementState, ProgressState


@dataclass(frozen=True)
class StoredRequirement:
    """A stored requirement result, with what the overview's cells read."""

    key: str
    status: str
    done: float
    needed: float
    unit: str
    deadline: dt.date | None
    met_on: dt.date | None
    late: bool
    #: recorded but not yet attested, and why it is not met (as the engine's result has them)
    pending: float = 0.0
    reason: str | None = None


#: a stored requirement result's cell, in StoredRequirement's order after its key
CELL_COLUMNS = tuple(
    getattr(ProgressRequirementState, name)
    for name in ("status", "done", "needed", "unit", "deadline", "met_on", "late", "pending",
                 "reason")
)  # fmt: skip


@dataclass
class StoredLine:
    """A member's row, as the overview template reads it (``result.complete``, ``by_key``)."""

    person: Person
    start: dt.date
    result: Any
    by_key: dict[str, StoredRequirement] = field(default_factory=dict)
    overdue: int = 0


@dataclass
class StoredPage:
    """A page of rows paged in SQL (the shape the pagination macro reads)."""

    items: list[StoredLine]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


@dataclass(frozen=True)
class _Complete:
    complete: bool


def _municipality_of_person(municipality_id: int):
    via_workplace = select(Workplace.id).where(Workplace.municipality_id == municipality_id)
    return or_(
        Person.workplace_id.in_(via_workplace),
        and_(Person.workplace_id.is_(None), Person.municipality_id == municipality_id),
    )


def _filtered(network: Network, on: dt.date, status: str, profession: str, municipality: str):
    query: Select = (
        select(ProgressState.person_id)
        .join(Person, Person.id == ProgressState.person_id)
        .where(ProgressState.network_id == network.id)
    )
    if status == "overdue":
        query = query.where(ProgressState.overdue > 0)
    elif status == "complete":
        query = query.where(ProgressState.complete.is_(True))
    elif status == "incomplete":
        query = query.where(ProgressState.complete.is_(False))
    elif status == "due_soon":
        soon = add_months(on, 3)
        query = query.where(
            exists().where(
                ProgressRequirementState.person_id == ProgressState.person_id,
                ProgressRequirementState.network_id == network.id,
                ProgressRequirementState.status.in_((rules.DUE, rules.IN_PROGRESS)),
                ProgressRequirementState.deadline.between(on, soon),
            )
        )
    if profession:
        query = query.join(Profession, Profession.id == Person.profession_id).where(
            Profession.key == profession
        )
    if municipality.isdigit():
        query = query.where(_municipality_of_person(int(municipality)))
    return query


_ORDER = {
    "name": (func.lower(Person.name), Person.id),
    "overdue": (ProgressState.overdue.desc(), func.lower(Person.name), Person.id),
    "start": (ProgressState.membership_start, func.lower(Person.name), Person.id),
}


def overview_page(
    network: Network,
    on: dt.date,
    *,
    status: str,
    profession: str,
    municipality: str,
    sort: str,
    page: int,
    per_page: int,
) -> StoredPage:
    """One page of the network overview from the read model: four queries whatever the size."""
    query = _filtered(network, on, status, profession, municipality)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.execute(
        query.add_columns(
            ProgressState.membership_start, ProgressState.complete, ProgressState.overdue
        )
        .order_by(*_ORDER.get(sort, _ORDER["name"]))
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    ids = [row[0] for row in rows]
    persons = {
        p.id: p
        for p in db.session.scalars(
            select(Person)
            .where(Person.id.in_(ids))
            .options(
                selectinload(Person.profession),
                selectinload(Person.workplace).selectinload(Workplace.municipality),
                selectinload(Person.own_municipality),
            )
        )
    }
    by_person: dict[int, dict[str, StoredRequirement]] = {pid: {} for pid in ids}
    R = ProgressRequirementState  # noqa: N806 - the table, short
    for row in db.session.execute(  # row tuples: 500 cells need no ORM objects
        select(R.person_id, R.requirement_key, *CELL_COLUMNS)
        .where(R.network_id == network.id, R.person_id.in_(ids))
    ):  # fmt: skip
        pid, key, *values = row
        by_person[pid][key] = StoredRequirement(key, *values[:7], values[7] or 0.0, values[8])
    lines = [
        StoredLine(persons[pid], start, _Complete(complete), by_person[pid], overdue)
        for pid, start, complete, overdue in rows
        if pid in persons
    ]
    return StoredPage(lines, page, per_page, total)


def filter_choices(network: Network) -> tuple[list[Profession], list[Municipality]]:
    """The professions and municipalities among the network's stored members (two queries)."""
    members = select(ProgressState.person_id).where(ProgressState.network_id == network.id)
    professions = db.session.scalars(
        select(Profession)
        .where(Profession.id.in_(select(Person.profession_id).where(Person.id.in_(members))))
        .order_by(Profession.name_nb)
    ).all()
    own = select(Person.municipality_id).where(
        Person.id.in_(members), Person.workplace_id.is_(None)
    )
    at_work = (
        select(Workplace.municipality_id)
        .join(Person, Person.workplace_id == Workplace.id)
        .where(Person.id.in_(members))
    )
    municipalities = db.session.scalars(
        select(Municipality)
        .where(or_(Municipality.id.in_(own), Municipality.id.in_(at_work)))
        .order_by(Municipality.name)
    ).all()
    return list(professions), list(municipalities)


def network_counts(network_id: int) -> tuple[int, int, int]:
    """(members, complete, with anything overdue) of a network, from the read model."""
    members, complete, overdue = db.session.execute(
        select(
            func.count(ProgressState.id),
            func.coalesce(func.sum(func.cast(ProgressState.complete, db.Integer)), 0),
            func.count(ProgressState.id).filter(ProgressState.overdue > 0),
        ).where(ProgressState.network_id == network_id)
    ).one()
    return int(members), int(complete), int(overdue)


def requirement_counts(network_id: int) -> dict[str, dict[str, int]]:
    """Requirement key → status → how many members, from the read model (one query)."""
    out: dict[str, dict[str, int]] = {}
    rows = db.session.execute(
        select(
            ProgressRequirementState.requirement_key,
            ProgressRequirementState.status,
            func.count(),
        )
        .where(ProgressRequirementState.network_id == network_id)
        .group_by(ProgressRequirementState.requirement_key, ProgressRequirementState.status)
    )
    for key, status, count in rows:
        out.setdefault(key, {})[status] = count
    return out
