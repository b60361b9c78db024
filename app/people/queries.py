"""Reads for persons: lists with filters, the public register, form choices."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.people.models import Municipality, Person, Profession, Workplace


def profession_choices() -> list[tuple[str, str]]:
    """(key, Norwegian name) for select fields."""
    return [
        (p.key, p.name_nb)
        for p in db.session.scalars(select(Profession).order_by(Profession.name_nb))
    ]


def municipality_choices() -> list[tuple[str, str]]:
    """(number, "name (county)") for select fields, with an empty first choice."""
    rows = db.session.execute(
        select(Municipality.number, Municipality.name, Municipality.county).order_by(
            Municipality.name
        )
    )
    return [("", "—")] + [(n, f"{name} ({county})") for n, name, county in rows]


def person_list_options():
    """Eager loads for a person row (profession, workplace, municipalities, leader)."""
    return (
        selectinload(Person.profession),
        selectinload(Person.workplace).selectinload(Workplace.municipality),
        selectinload(Person.own_municipality),
        selectinload(Person.leader),
    )


def filter_persons(
    query: Select,
    *,
    q: str | None = None,
    profession: str | None = None,
    municipality: str | None = None,
) -> Select:
    """Apply the search box and filters to a person query."""
    if q:
        like = f"%{q.strip().lower()}%"
        query = query.where(
            or_(func.lower(Person.name).like(like), func.lower(Person.email).like(like))
        )
    if profession:
        query = query.where(Person.profession.has(Profession.key == profession))
    if municipality:
        query = query.where(
            or_(
                Person.own_municipality.has(Municipality.number == municipality),
                Person.workplace.has(
                    Workplace.municipality.has(Municipality.number == municipality)
                ),
            )
        )
    return query
