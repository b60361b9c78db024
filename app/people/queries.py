"""Reads for persons: lists with filters, the public register, form choices."""

from __future__ import annotations

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.people.models import Municipality, Person, Profession, TrustArea, Workplace


def profession_choices() -> list[tuple[str, str]]:
    """(key, Norwegian name) for select fields."""
    return [
        (p.key, p.label)
        for p in db.session.scalars(select(Profession).order_by(Profession.name_nb))
    ]


def municipality_label(name: str, county: str) -> str:
    """«Hamar (Innlandet)»; a name that already says its county is not told twice."""
    return name if f"({county})" in name else f"{name} ({county})"


def municipality_choices(region_id: int | None = None) -> list[tuple[str, str]]:
    """(number, "name (county)") for select fields, with an empty first choice; with a
    region, only the municipalities of that region's health trusts."""
    query = select(Municipality.number, Municipality.name, Municipality.county)
    if region_id is not None:
        query = query.join(TrustArea, TrustArea.id == Municipality.trust_area_id).where(
            TrustArea.region_id == region_id
        )
    rows = db.session.execute(query.order_by(Municipality.name))
    return [("", "—")] + [(n, municipality_label(name, county)) for n, name, county in rows]


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


def person_by_email(email: str | None) -> Person | None:
    """The person with this e-mail address (case does not matter), or None."""
    address = (email or "").strip().lower()
    if not address:
        return None
    return db.session.scalar(select(Person).where(func.lower(Person.email) == address))
