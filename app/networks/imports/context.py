"""What checking an import needs from the database, loaded once in a fixed number of queries.

The persons a file may match (by e-mail, by HPR number, as a leader), their memberships of the
network, which of them the uploading user may manage, and lookups for professions and
municipalities. Queries go in chunks of 500 so a file of thousands of rows stays within the
databases' parameter limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core.access import managed_persons_clause
from app.extensions import db
from app.networks.imports.parse import RowIn, hpr_text, maybe_email
from app.networks.models import Membership, Network
from app.people.models import Municipality, Person, Profession, Workplace

CHUNK = 500


@dataclass(frozen=True)
class ImportContext:
    """The database's side of an import: lookups the row checks and the plan read from."""

    network: Network
    professions: dict[str, Profession]
    network_profession_ids: set[int]
    municipalities: dict[str, list[Municipality]]
    by_email: dict[str, Person]
    by_hpr: dict[str, Person]
    leaders: dict[str, Person]
    memberships: dict[int, list[Membership]]
    #: ids of the matched persons the user may manage; None when the user is not limited
    manageable: set[int] | None


def _chunks(values: Iterable[Any]) -> Iterable[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def _person_options() -> tuple[Any, ...]:
    return (
        selectinload(Person.profession),
        selectinload(Person.workplace).selectinload(Workplace.municipality),
        selectinload(Person.own_municipality),
        selectinload(Person.leader),
    )


def _persons_by_email(
    emails: set[str], leader_emails: set[str]
) -> tuple[dict[str, Person], dict[str, Person]]:
    """Persons by their (lower-case) e-mail: those the rows name, and the leaders they name."""
    by_email: dict[str, Person] = {}
    leaders: dict[str, Person] = {}
    for chunk in _chunks(emails | leader_emails):
        for p in db.session.scalars(
            select(Person).where(func.lower(Person.email).in_(chunk)).options(*_person_options())
        ):
            if p.email.lower() in emails:
                by_email[p.email.lower()] = p
            if p.email.lower() in leader_emails:
                leaders[p.email.lower()] = p
    return by_email, leaders


def _persons_by_hpr(hprs: set[str]) -> dict[str, Person]:
    by_hpr: dict[str, Person] = {}
    for chunk in _chunks(hprs):
        for p in db.session.scalars(
            select(Person).where(Person.hpr.in_(chunk)).options(*_person_options())
        ):
            by_hpr[p.hpr] = p
    return by_hpr


def _memberships(network: Network, person_ids: set[int]) -> dict[int, list[Membership]]:
    memberships: dict[int, list[Membership]] = {}
    for chunk in _chunks(person_ids):
        for m in db.session.scalars(
            select(Membership).where(
                Membership.network_id == network.id, Membership.person_id.in_(chunk)
            )
        ):
            memberships.setdefault(m.person_id, []).append(m)
    return memberships


def _manageable(user: Any | None, person_ids: set[int]) -> set[int] | None:
    if user is None:
        return None
    manageable: set[int] = set()
    for chunk in _chunks(person_ids):
        manageable.update(
            db.session.scalars(
                select(Person.id).where(Person.id.in_(chunk), managed_persons_clause(user))
            )
        )
    return manageable


def _profession_index() -> dict[str, Profession]:
    professions: dict[str, Profession] = {}
    for p in db.session.scalars(select(Profession)):
        for key in (p.key, p.name_nb, p.name_en):
            professions.setdefault(key.strip().lower(), p)
    return professions


def _municipality_index() -> dict[str, list[Municipality]]:
    """Municipalities by number (with and without leading zeros), name and "number name"."""
    index: dict[str, list[Municipality]] = {}
    for m in db.session.scalars(select(Municipality)):
        bare = re.sub(r"\s*\(.*\)$", "", m.name).lower()
        keys = {
            m.number,
            m.number.lstrip("0"),
            m.name.lower(),
            bare,
            f"{m.number} {m.name}".lower(),
            f"{m.number} {bare}",
        }
        for key in keys:
            index.setdefault(key, [])
            if m not in index[key]:
                index[key].append(m)
    return index


def load_context(network: Network, rows: list[RowIn], user: Any | None) -> ImportContext:
    """Everything the row checks need about the persons and places the rows name."""
    emails = {e for r in rows if (e := maybe_email(r.values.get("email")))}
    hprs = {h for r in rows if (h := hpr_text(r.values.get("hpr"))) and h.isdigit()}
    leader_emails = {e for r in rows if (e := maybe_email(r.values.get("leader_email")))}
    by_email, leaders = _persons_by_email(emails, leader_emails)
    by_hpr = _persons_by_hpr(hprs)
    person_ids = {p.id for p in by_email.values()} | {p.id for p in by_hpr.values()}
    return ImportContext(
        network=network,
        professions=_profession_index(),
        network_profession_ids={p.id for p in network.professions},
        municipalities=_municipality_index(),
        by_email=by_email,
        by_hpr=by_hpr,
        leaders=leaders,
        memberships=_memberships(network, person_ids),
        manageable=_manageable(user, person_ids),
    )
