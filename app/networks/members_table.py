"""The members table as rows: a count, the page's membership ids, and one query of what the
table shows of them, as tuples (50 ORM memberships with their persons, professions, workplaces
and municipalities cost five queries and most of the page's time); the rows then as markup.

The columns a higher layer knows (the account, the status in the plan) come from the template
globals those layers register (``account_states``, ``member_statuses``), keyed by person id.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

from flask import url_for
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape
from sqlalchemy import Date, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from app.core.batch import plain_rows
from app.core.i18n import gettext as _
from app.core.pagination import RowPage
from app.core.templating import format_date
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


_AT_WORK = aliased(Municipality)
_OWN = aliased(Municipality)
_DAY = bindparam("on", type_=Date)


@functools.cache
def _statements(state: str, sort: str, shape: tuple[bool, bool, bool, bool]):
    """The count and the page's ids for one shape of filters (name, profession, municipality,
    workplace given or not), built once per process: the values are bound parameters.
    Building these statements cost more than running them."""
    by_name, by_profession, by_municipality, by_workplace = shape
    query = select(Membership.id).where(Membership.network_id == bindparam("network"))
    if state == "active":
        query = query.where(Membership.active_on(_DAY))
    elif state == "ended":
        query = query.where(Membership.end.is_not(None), Membership.end < _DAY)
    if any(shape):
        query = query.join(Person, Person.id == Membership.person_id)
    if by_name:
        query = query.where(Person.name.ilike(bindparam("q")))
    if by_profession:
        query = query.join(Profession, Profession.id == Person.profession_id)
        query = query.where(Profession.key == bindparam("profession"))
    if by_municipality or by_workplace:
        query = query.outerjoin(Workplace, Workplace.id == Person.workplace_id)
    if by_municipality:
        chosen = bindparam("municipality")
        query = query.outerjoin(_AT_WORK, _AT_WORK.id == Workplace.municipality_id)
        query = query.outerjoin(_OWN, _OWN.id == Person.municipality_id)
        query = query.where(or_(_AT_WORK.number == chosen, _OWN.number == chosen))
    if by_workplace:
        query = query.where(Workplace.name.ilike(bindparam("workplace")))
    # The count joins only what the filters need; the order needs the name (and profession).
    count = select(func.count()).select_from(query.subquery())
    if not any(shape):
        query = query.join(Person, Person.id == Membership.person_id)
    key, descending = sort.lstrip("-"), sort.startswith("-")
    if key == "start":
        order = [Membership.start.desc() if descending else Membership.start, Person.sort_name]
    elif key == "profession":
        if not by_profession:
            query = query.join(Profession, Profession.id == Person.profession_id)
        order = [
            Profession.name_nb.desc() if descending else Profession.name_nb,
            Person.sort_name,
        ]
    else:
        order = [
            Person.sort_name.desc() if descending else Person.sort_name,
            Membership.start.desc(),
        ]
    ids = (
        query.order_by(*order, Membership.id)
        .offset(bindparam("offset"))
        .limit(bindparam("limit"))
    )
    return count, ids


#: what the table shows of the page's memberships, by their ids
_ROWS = (
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
        func.coalesce(_AT_WORK.name, _OWN.name),
    )
    .join(Person, Person.id == Membership.person_id)
    .join(Profession, Profession.id == Person.profession_id)
    .outerjoin(Workplace, Workplace.id == Person.workplace_id)
    .outerjoin(_AT_WORK, _AT_WORK.id == Workplace.municipality_id)
    .outerjoin(_OWN, _OWN.id == Person.municipality_id)
    .where(Membership.id.in_(bindparam("ids", expanding=True)))
)


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
    ``SORTS`` (a leading "-" turns it round) and paged in the database: three queries."""
    q = (q or "").strip()
    workplace = (workplace or "").strip()
    params = {
        "network": network_id,
        "on": on,
        "q": f"%{q}%",
        "profession": profession,
        "municipality": municipality,
        "workplace": f"%{workplace}%",
        "offset": (page - 1) * per_page,
        "limit": per_page,
    }
    shape = (bool(q), bool(profession), bool(municipality), bool(workplace))
    count, page_ids = _statements(state if state in ("active", "ended") else "all", sort, shape)
    total = plain_rows(count, params).scalar() or 0
    ids = plain_rows(page_ids, params).scalars().all()
    if not ids:
        return RowPage([], page, per_page, total)
    label = profession_labeler()
    by_id = {
        mid: MemberRow(mid, start, end, pid, name, email, label(pkey, nb, en),
                       place or "", town or "")
        for mid, start, end, pid, name, email, pkey, nb, en, place, town
        in plain_rows(_ROWS, {"ids": ids})
    }  # fmt: skip
    return RowPage([by_id[i] for i in ids if i in by_id], page, per_page, total)


#: a membership id no database holds: replaced in one built URL to make every row's
_MARK = 987654321987


def rows_html(items: list[MemberRow], statuses: dict, accounts: dict) -> Markup:
    """The table's rows as markup, each value escaped: the template printed some thirty
    pieces per row through Jinja's lookups; here a row is two strings. ``statuses`` (person
    id → the status cell's markup) and ``accounts`` (person id → the account's words) come
    from the layers that know them."""
    pick = _("Velg %(n)s")
    reopen = escape(_("Gjenåpne"))
    person = url_for("people.show_person", person_id=_MARK)
    reopen_url = url_for("networks.reopen_member", membership_id=_MARK)
    token = generate_csrf() if any(row.end for row in items) else ""
    mark = str(_MARK)
    out = []
    for row in items:
        name = escape(row.name)
        if row.end:
            action = escape(reopen_url.replace(mark, str(row.id)))
            out.append(
                f'<tr><td><form method="post" action="{action}" class="inline">'
                f'<input type="hidden" name="csrf_token" value="{escape(token)}">'
                f'<button class="ds-button" data-variant="secondary" type="submit">{reopen}'
                f'<span class="sr-only"> {name}</span></button></form></td>'
            )
            status = "–"
        else:
            label = escape(pick % {"n": row.name})
            out.append(
                f'<tr><td><input class="ds-input" type="checkbox" form="members-form"'
                f' name="membership_id" value="{row.id}" id="pick-{row.id}"'
                f' aria-label="{label}"></td>'
            )
            status = statuses.get(row.person_id) or "–"
        end = format_date(row.end) if row.end else "–"
        out.append(
            f'<td><a href="{person.replace(mark, str(row.person_id))}">{name}</a></td>'
            f"<td>{escape(row.profession)}</td><td>{escape(row.workplace)}</td>"
            f"<td>{escape(row.municipality)}</td><td>{escape(status)}</td>"
            f"<td>{format_date(row.start)}</td><td>{end}</td>"
            f"<td>{escape(accounts.get(row.person_id, ''))}</td></tr>\n"
        )
    return Markup("".join(out))  # noqa: S704 - every value above is escaped or our own
