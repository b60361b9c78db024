"""Reads of the progress read model: the network overview filtered, sorted and paged in the
database, and the standing of networks as aggregate queries. Used for today when the model
is fresh (see ``readmodel.is_fresh``); any other day goes through the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Date, Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import aliased

from app.core.batch import plain_rows
from app.core.dates import add_months
from app.core.pagination import RowPage
from app.extensions import db
from app.networks.models import Network
from app.people.models import Municipality, Person, Profession, Workplace, profession_labeler
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


@dataclass(frozen=True)
class MemberRow:
    """What the overview shows of a member: a row of one query, not a Person object."""

    id: int
    name: str
    kpm_approved_on: dt.date | None
    profession: str
    municipality: str | None


@dataclass(frozen=True)
class Choice:
    """A filter choice: a profession (``key``, ``label``) or a municipality (``id``, ``name``)."""

    id: int
    key: str
    label: str

    @property
    def name(self) -> str:
        return self.label


@dataclass
class StoredLine:
    """A member's row, as the overview template reads it (``result.complete``, ``by_key``)."""

    person: Any
    start: dt.date
    result: Any
    by_key: dict[str, StoredRequirement] = field(default_factory=dict)
    overdue: int = 0


@dataclass(frozen=True)
class _Complete:
    complete: bool


_DAY = bindparam("on", type_=Date)
_SOON = bindparam("soon", type_=Date)


def _municipality_of_person():
    via_workplace = select(Workplace.id).where(
        Workplace.municipality_id == bindparam("municipality")
    )
    return or_(
        Person.workplace_id.in_(via_workplace),
        and_(Person.workplace_id.is_(None), Person.municipality_id == bindparam("municipality")),
    )


_ORDER = {
    "name": (ProgressState.sort_name, ProgressState.person_id),
    "overdue": (ProgressState.overdue.desc(), ProgressState.sort_name, ProgressState.person_id),
    "start": (ProgressState.membership_start, ProgressState.sort_name, ProgressState.person_id),
}


@cache
def _statements(status: str, by_profession: bool, by_municipality: bool, sort: str):
    """The count and the page of one shape of filters, built once per process with the
    values as bound parameters (building them cost more than running them)."""
    query: Select = select(ProgressState.person_id).where(
        ProgressState.network_id == bindparam("network")
    )
    if by_profession or by_municipality:
        query = query.join(Person, Person.id == ProgressState.person_id)
    if status == "overdue":
        query = query.where(ProgressState.overdue > 0)
    elif status == "complete":
        query = query.where(ProgressState.complete.is_(True))
    elif status == "incomplete":
        query = query.where(ProgressState.complete.is_(False))
    elif status == "due_soon":
        query = query.where(
            exists().where(
                ProgressRequirementState.person_id == ProgressState.person_id,
                ProgressRequirementState.network_id == bindparam("network"),
                ProgressRequirementState.status.in_((rules.DUE, rules.IN_PROGRESS)),
                ProgressRequirementState.deadline.between(_DAY, _SOON),
            )
        )
    if by_profession:
        query = query.join(Profession, Profession.id == Person.profession_id).where(
            Profession.key == bindparam("profession")
        )
    if by_municipality:
        query = query.where(_municipality_of_person())
    count = select(func.count()).select_from(query.subquery())
    page = (
        query.add_columns(
            ProgressState.membership_start, ProgressState.complete, ProgressState.overdue
        )
        .order_by(*_ORDER.get(sort, _ORDER["name"]))
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )
    return count, page


_R = ProgressRequirementState
#: the stored requirement results of some members of a network, as row tuples
_CELLS = select(_R.person_id, _R.requirement_key, *CELL_COLUMNS).where(
    _R.network_id == bindparam("network"), _R.person_id.in_(bindparam("ids", expanding=True))
)


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
) -> RowPage:
    """One page of the network overview from the read model: four queries whatever the size,
    rows as tuples (a page of ORM persons with their professions and places cost more than the
    rest of the page)."""
    by_municipality = municipality.isdigit() and len(municipality) < 10
    count, page_rows = _statements(status, bool(profession), by_municipality, sort)
    params = {
        "network": network.id,
        "on": on,
        "soon": add_months(on, 3),
        "profession": profession,
        "municipality": int(municipality) if by_municipality else None,
        "offset": (page - 1) * per_page,
        "limit": per_page,
    }
    total = plain_rows(count, params).scalar() or 0
    rows = plain_rows(page_rows, params).all()
    ids = [row[0] for row in rows]
    persons = _member_rows(ids)
    by_person: dict[int, dict[str, StoredRequirement]] = {pid: {} for pid in ids}
    if ids:
        for row in plain_rows(_CELLS, {"network": network.id, "ids": ids}):
            pid, key, *values = row
            by_person[pid][key] = StoredRequirement(key, *values[:7], values[7] or 0.0, values[8])
    lines = [
        StoredLine(persons[pid], start, _Complete(complete), by_person[pid], overdue)
        for pid, start, complete, overdue in rows
        if pid in persons
    ]
    return RowPage(lines, page, per_page, total)


_AT_WORK = aliased(Municipality)
_OWN = aliased(Municipality)
#: name, profession and municipality (the workplace's, else her own) of some persons
_MEMBERS = (
    select(
        Person.id,
        Person.name,
        Person.kpm_approved_on,
        Profession.key,
        Profession.name_nb,
        Profession.name_en,
        func.coalesce(_AT_WORK.name, _OWN.name),
    )
    .join(Profession, Profession.id == Person.profession_id)
    .outerjoin(Workplace, Workplace.id == Person.workplace_id)
    .outerjoin(_AT_WORK, _AT_WORK.id == Workplace.municipality_id)
    .outerjoin(_OWN, _OWN.id == Person.municipality_id)
    .where(Person.id.in_(bindparam("ids", expanding=True)))
)


def _member_rows(ids: list[int]) -> dict[int, MemberRow]:
    """Name, profession and municipality (the workplace's, else her own) of these persons."""
    if not ids:
        return {}
    label = profession_labeler()
    return {
        pid: MemberRow(pid, name, approved, label(key, nb, en), place)
        for pid, name, approved, key, nb, en, place in plain_rows(
            _MEMBERS, {"ids": ids}
        )
    }


def filter_choices(network: Network) -> tuple[list[Choice], list[Choice]]:
    """The professions and municipalities (the workplace's, else her own) among the network's
    stored members: one pass over them."""
    at_work = aliased(Municipality)
    own = aliased(Municipality)
    rows = db.session.execute(
        select(
            Profession.id,
            Profession.key,
            Profession.name_nb,
            Profession.name_en,
            func.coalesce(at_work.id, own.id),
            func.coalesce(at_work.name, own.name),
        )
        .distinct()
        .select_from(ProgressState)
        .join(Person, Person.id == ProgressState.person_id)
        .join(Profession, Profession.id == Person.profession_id)
        .outerjoin(Workplace, Workplace.id == Person.workplace_id)
        .outerjoin(at_work, at_work.id == Workplace.municipality_id)
        .outerjoin(own, and_(own.id == Person.municipality_id, Person.workplace_id.is_(None)))
        .where(ProgressState.network_id == network.id)
        .order_by(func.coalesce(at_work.name, own.name))
    ).all()
    label = profession_labeler()
    professions = {pid: (key, nb, en) for pid, key, nb, en, _m, _n in rows}
    places = {mid: name for *_p, mid, name in rows if mid is not None}
    return (
        sorted(
            (
                Choice(pid, key, label(key, nb, en))
                for pid, (key, nb, en) in professions.items()
            ),
            key=lambda c: professions[c.id][1],
        ),
        sorted(
            (Choice(mid, str(mid), name) for mid, name in places.items()), key=lambda c: c.label
        ),
    )


@dataclass(frozen=True, slots=True)
class NetworkCounts:
    """A network's stored results in figures: how many (one per member), how many complete
    or with anything overdue, and the oldest and newest day they were computed for."""

    members: int
    complete: int
    overdue: int
    oldest: dt.date | None
    newest: dt.date | None


# The dashboard's aggregates are built once per process (with bound parameters): building
# them and their cache keys cost more than running them.


@cache
def _network_counts_statement():
    return (
        select(
            ProgressState.network_id,
            func.count(ProgressState.id),
            func.coalesce(func.sum(func.cast(ProgressState.complete, db.Integer)), 0),
            func.count(ProgressState.id).filter(ProgressState.overdue > 0),
            func.min(ProgressState.computed_on),
            func.max(ProgressState.computed_on),
        )
        .where(ProgressState.network_id.in_(bindparam("ids", expanding=True)))
        .group_by(ProgressState.network_id)
    )


@cache
def _requirement_counts_statement():
    R = ProgressRequirementState  # noqa: N806 - the table, short
    return (
        select(R.network_id, R.requirement_key, R.status, func.count())
        .where(R.network_id.in_(bindparam("ids", expanding=True)))
        .group_by(R.network_id, R.requirement_key, R.status)
    )


def network_counts(network_ids: Sequence[int]) -> dict[int, NetworkCounts]:
    """Each network's stored results in figures, from the read model (one query; a network
    with no stored results is left out)."""
    rows = plain_rows(_network_counts_statement(), {"ids": list(network_ids)})
    return {
        nid: NetworkCounts(int(members), int(complete), int(overdue), oldest, newest)
        for nid, members, complete, overdue, oldest, newest in rows
    }


def requirement_counts(network_ids: Sequence[int]) -> dict[int, dict[str, dict[str, int]]]:
    """Network id → requirement key → status → how many members, from the read model (one
    query)."""
    out: dict[int, dict[str, dict[str, int]]] = {}
    rows = plain_rows(_requirement_counts_statement(), {"ids": list(network_ids)})
    for nid, key, status, count in rows:
        out.setdefault(nid, {}).setdefault(key, {})[status] = count
    return out
