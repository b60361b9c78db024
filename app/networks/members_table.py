"""The members table as rows: one count and one paged query of memberships with what the table
shows of each person, as tuples (50 ORM memberships with their persons, professions, workplaces
and municipalities cost four queries and most of the page's time).

The columns a higher layer knows (the account, the status in the plan) come from the template
globals those layers register (``account_states``, ``member_statuses``), keyed by person id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from app.core.pagination import RowPage
from app.extensions import db
from app.networks.models import Membership
from app.people.models import Municipality, Person, Profession, Workplace, profession_labeler

#: the columns the members table sorts by
SORTS = ("name", "-name", "profession", "-profession", "start", "-start")


@dataclass(frozen=True, slots=True)
class MemberRow:
    """A membership and what the table shows of its person."""

    id: int
    start: dt.date
    end: dt.date | None
    person_id: int
    name: str
    email: str
    profession: str
    workplace: str
    municipality: str


def _filtered(network_id: int, *, state, on, q, profession, municipality, workplace):
    """The memberships' ids with the filters applied, joining only the tables they need."""
    at_work = aliased(Municipality)
    own = aliased(Municipality)
    query = select(Membership.id).where(Membership.network_id == network_id)
    if state == "active":
        query = query.where(Membership.active_on(on))
    elif state == "ended":
        query = query.where(Membership.end.is_not(None), Membership.end < on)
    joined: set[str] = set()
    if (q and q.strip()) or profession or municipality or (workplace and workplace.strip()):
        query = query.join(Person, Person.id == Membership.person_id)
        joined.add("person")
    if q and q.strip():
        query = query.where(Person.name.ilike(f"%{q.strip()}%"))
    if profession:
        query = query.join(Profession, Profession.id == Person.profession_id)
        query = query.where(Profession.key == profession)
        joined.add("profession")
    if municipality or (workplace and workplace.strip()):
        query = query.outerjoin(Workplace, Workplace.id == Person.workplace_id)
        joined.add("workplace")
    if municipality:
        query = query.outerjoin(at_work, at_work.id == Workplace.municipality_id)
        query = query.outerjoin(own, own.id == Person.municipality_id)
        query = query.where(or_(at_work.number == municipality, own.number == municipality))
        joined.add("places")
    if workplace and workplace.strip():
        query = query.where(Workplace.name.ilike(f"%{workplace.strip()}%"))
    return query, joined, at_work, own


def members_page(
    network_id: int,
    *,
    state: str,
    on: dt.date,
    q: str | None = None,
    profession: str | None = None,
    municipality: str | None = None,
    workplace: str | None = None,
    sort: str = "name",
    page: int = 1,
    per_page: int = 50,
) -> RowPage:
    """Memberships of the network (active on ``on``, ended, or all), filtered, sorted by one of
    ``SORTS`` (a leading "-" turns it round) and paged in the database: two queries."""
    query, joined, at_work, own = _filtered(
        network_id,
        state=state,
        on=on,
        q=q,
        profession=profession,
        municipality=municipality,
        workplace=workplace,
    )
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if "person" not in joined:
        query = query.join(Person, Person.id == Membership.person_id)
    key, descending = sort.lstrip("-"), sort.startswith("-")
    if key == "start":
        order = [Membership.start.desc() if descending else Membership.start, Person.name]
    elif key == "profession":
        if "profession" not in joined:
            query = query.join(Profession, Profession.id == Person.profession_id)
        order = [Profession.name_nb.desc() if descending else Profession.name_nb, Person.name]
    else:
        order = [Person.name.desc() if descending else Person.name, Membership.start.desc()]
    # The page's ids first, sorted over the fewest joins; then what the table shows of them.
    ids = db.session.scalars(
        query.order_by(*order, Membership.id).offset((page - 1) * per_page).limit(per_page)
    ).all()
    if not ids:
        return RowPage([], page, per_page, total)
    rows = db.session.execute(
        select(
            Membership.id,
            Membership.start,
            Membership.end,
            Person.id,
            Person.name,
            Person.email,
            Profession.key,
            Profession.name_nb,
            Profession.name_en,
            Workplace.name,
            func.coalesce(at_work.name, own.name),
        )
        .join(Person, Person.id == Membership.person_id)
        .join(Profession, Profession.id == Person.profession_id)
        .outerjoin(Workplace, Workplace.id == Person.workplace_id)
        .outerjoin(at_work, at_work.id == Workplace.municipality_id)
        .outerjoin(own, own.id == Person.municipality_id)
        .where(Membership.id.in_(ids))
    )
    label = profession_labeler()
    by_id = {
        mid: MemberRow(mid, start, end, pid, name, email, label(pkey, nb, en),
                       place or "", town or "")
        for mid, start, end, pid, name, email, pkey, nb, en, place, town in rows
    }  # fmt: skip
    return RowPage([by_id[i] for i in ids if i in by_id], page, per_page, total)
