"""The start page, each user's dashboard and the admins' audit log: pages that draw on
every feature, so they sit in the top layer (the features add sections through partials)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm.attributes import set_committed_value

from app.auth.models import Role, User, coordinator_networks
from app.core import access
from app.core.batch import plain_rows
from app.core.models import AuditEntry
from app.core.pagination import int_arg, paginate
from app.core.types import today_oslo
from app.extensions import db
from app.networks import queries as network_queries
from app.networks.models import Network
from app.people.models import Person, Profession, Workplace, profession_label
from app.privacy.queries import audit_clause

bp = Blueprint("dashboard", __name__)


@bp.get("/")
def index():
    """Signed-in users go to their dashboard; others see what is public."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.dashboard"))
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    return render_template("dashboard/index.html", networks=networks)


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One of the leader's staff as the dashboard shows her."""

    id: int
    name: str
    profession: str
    workplace: str | None


# The dashboard's statements are built once per process (with bound parameters): building a
# statement and its cache key cost more than running most of them.


@dataclass(frozen=True, slots=True)
class ProfessionKey:
    """A profession as the dashboard's sections ask about it (the KPM one: a doctor?)."""

    key: str


@dataclass(frozen=True, slots=True)
class DashboardPerson:
    """The signed-in user's person as the dashboard and its sections read her."""

    id: int
    name: str
    profession: ProfessionKey


#: the user's person with her profession's key, as a row
_PERSON = (
    select(Person.id, Person.name, Profession.key)
    .join(Profession, Profession.id == Person.profession_id)
    .where(Person.id == bindparam("person_id"))
)


@cache
def _staff_statement():
    return (
        select(
            Person.id,
            Person.name,
            Profession.key,
            Profession.name_nb,
            Profession.name_en,
            Workplace.name,
        )
        .join(Profession, Profession.id == Person.profession_id)
        .outerjoin(Workplace, Workplace.id == Person.workplace_id)
        .where(Person.leader_id == bindparam("person_id"))
        .order_by(Person.name)
    )


@cache
def _managed_statement():
    return (
        select(Network)
        .where(Network.id.in_(bindparam("ids", expanding=True)))
        .order_by(Network.name)
    )


@cache
def _coordinated_statement():
    return (
        select(Network)
        .join(coordinator_networks, coordinator_networks.c.network_id == Network.id)
        .where(coordinator_networks.c.user_id == bindparam("user_id"))
        .order_by(Network.name)
    )


def _managed_networks(user) -> list[Network]:
    """The networks the user runs, by name. A coordinator's are her ``user.networks``,
    loaded here once in this order (the access checks of the sections read them too)."""
    if user.role is Role.coordinator:
        networks = list(db.session.scalars(_coordinated_statement(), {"user_id": user.id}))
        if "networks" not in sa_inspect(user).dict:
            set_committed_value(user, "networks", list(networks))
        return networks
    ids = access.managed_network_ids(user)
    if not ids:
        return []
    return list(db.session.scalars(_managed_statement(), {"ids": sorted(ids)}))


def _staff_of(person_id: int) -> list[StaffRow]:
    """The persons this person leads, by name, with their profession and workplace (one
    query of row tuples)."""
    rows = plain_rows(_staff_statement(), {"person_id": person_id}).all()
    labels: dict[str, str] = {}
    out = []
    for pid, name, key, name_nb, name_en, workplace in rows:
        label = labels.get(key)
        if label is None:
            label = labels[key] = profession_label(key, name_nb, name_en)
        out.append(StaffRow(pid, name, label, workplace))
    return out


@bp.get("/dashboard")
@login_required
def dashboard():
    """What this user needs to see first, by role."""
    user = current_user
    today = today_oslo()
    person = None
    if user.person_id is not None:
        row = plain_rows(_PERSON, {"person_id": user.person_id}).first()
        if row is not None:
            person = DashboardPerson(row[0], row[1], ProfessionKey(row[2]))
    memberships = []
    staff = []
    if person is not None:
        memberships = network_queries.membership_rows(person.id)
        staff = _staff_of(person.id)
    managed = _managed_networks(user._get_current_object())
    return render_template(
        "dashboard/dashboard.html",
        person=person,
        memberships=memberships,
        staff=staff,
        managed=managed,
        today=today,
    )


@bp.get("/admin/audit")
@login_required
def audit_log():
    """Who changed what and when (admins)."""
    if not access.is_admin(current_user):
        abort(403)
    query = select(AuditEntry)
    action = request.args.get("action")
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    person_id = int_arg("person")
    person = db.session.get(Person, person_id) if person_id else None
    if person is not None:
        # Entries about the person or one of her records (exports and downloads included).
        query = query.where(audit_clause(person.id))
    page = paginate(query.order_by(AuditEntry.id.desc()), per_page=100, count=True)
    # db.paginate yields only the first column of each row: add the e-mails in one query.
    user_ids = {e.user_id for e in page.items if e.user_id is not None}
    emails = (
        dict(db.session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())
        if user_ids
        else {}
    )
    page.items = [(entry, emails.get(entry.user_id)) for entry in page.items]
    return render_template("dashboard/audit.html", page=page, person=person)
