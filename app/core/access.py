"""Access predicates shared by views, the API and templates. Out of scope means 404."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask import abort, has_request_context, request
from sqlalchemy import Select, String, and_, bindparam, cast, exists, func, or_, select
from sqlalchemy.orm import aliased

from app.auth.models import Role, User, coordinator_networks
from app.core.database import transaction_cache
from app.extensions import db
from app.networks.models import Membership, Network
from app.people.models import Person


def _authenticated(user: Any) -> bool:
    return bool(user) and getattr(user, "is_authenticated", False)


def is_admin(user: Any) -> bool:
    """Administrators see and do everything."""
    return _authenticated(user) and user.role is Role.admin


#: separators of coordinated_networks_column's text: "id:slug" pairs, one unit separator apart
_PAIR, _NEXT = ":", "\x1f"


def coordinated_networks_column() -> Any:
    """A column for a statement that loads users: the user's coordinated networks as one text
    (``id:slug`` pairs), so the sign-in's user load brings them in its own round trip; hand it
    to :func:`remember_coordinated_networks`."""
    pair = cast(Network.id, String) + _PAIR + Network.slug
    return (
        select(func.aggregate_strings(pair, _NEXT))
        .select_from(coordinator_networks)
        .join(Network, Network.id == coordinator_networks.c.network_id)
        .where(coordinator_networks.c.user_id == User.id)
        .scalar_subquery()
    )


def remember_coordinated_networks(user: Any, text: str | None) -> dict[int, str]:
    """Keep what :func:`coordinated_networks_column` read for the user, for this transaction."""
    networks = {}
    for pair in (text or "").split(_NEXT):
        network_id, _sep, slug = pair.partition(_PAIR)
        if network_id.isdigit():
            networks[int(network_id)] = slug
    transaction_cache()[("coordinated", user.id)] = networks
    return networks


@cache
def _networks_statement() -> Select:
    """The column alone, for a user loaded without it (a bearer token's, a command's)."""
    return select(coordinated_networks_column()).where(User.id == bindparam("user_id"))


def coordinated_networks(user: Any) -> dict[int, str]:
    """The networks a coordinator coordinates, id → slug (none for anyone else).

    Read with the user at sign-in (:func:`coordinated_networks_column`), else in one query,
    and kept for the transaction, instead of loading ``user.networks`` as objects on every
    page; when the relationship is already loaded (or being changed) in this session, it is
    the answer."""
    if not _authenticated(user) or user.role is not Role.coordinator:
        return {}
    if "networks" in user.__dict__:
        return {n.id: n.slug for n in user.networks}
    networks = transaction_cache().get(("coordinated", user.id))
    if networks is None:
        text = db.session.scalar(_networks_statement(), {"user_id": user.id})
        networks = remember_coordinated_networks(user, text)
    return networks


def managed_network_ids(user: Any) -> set[int]:
    """Ids of the networks the user coordinates (all for an admin)."""
    if not _authenticated(user):
        return set()
    if user.role is Role.admin:
        return set(db.session.scalars(select(Network.id)))
    return set(coordinated_networks(user))


def can_manage_network(user: Any, network: Network) -> bool:
    """Admins, and coordinators of this network."""
    if is_admin(user):
        return True
    return network.id in coordinated_networks(user)


def is_coordinator(user: Any) -> bool:
    """Admins and coordinators: the people who run networks."""
    return _authenticated(user) and user.role in (Role.admin, Role.coordinator)


def is_supervisor(user: Any) -> bool:
    """Users with the supervisor role (KPM: they follow their assigned doctors)."""
    return _authenticated(user) and user.role is Role.supervisor


def is_resource_person(user: Any) -> bool:
    """Users with the resource-person role (the members the networks train)."""
    return _authenticated(user) and user.role is Role.resource_person


def can_see_overviews(user: Any) -> bool:
    """Admins, coordinators and leaders: the persons list and the reports (of what they see)."""
    return _authenticated(user) and user.role in (Role.admin, Role.coordinator, Role.leader)


def can_see_education_sites(user: Any) -> bool:
    """Coordinators (and admins) and supervisors see the KPM education sites."""
    return is_coordinator(user) or is_supervisor(user)


@cache
def _staff() -> Any:
    """A member a person may lead: one alias for every clause (building an alias per request
    cost more than running the query), made on first use, once every model is mapped."""
    return aliased(Person, name="staff")


#: Persons linked to a user with one of these roles are not "unattached" resource persons:
#: a coordinator does not see or manage them unless they are members of her networks.
_STAFF_ROLES = (Role.admin, Role.coordinator, Role.supervisor)


def _coordinated_persons_clause(network_ids: Any):
    """A coordinator's persons: members of her networks; and a person with no membership
    who leads members of her networks, or (leading no member at all) was registered in one
    of them (`Person.created_in_network_id`) or by an admin. Staff users are nobody's.

    So a leader belongs to the networks whose members she leads, never to every coordinator:
    coordinator B neither sees nor changes network A's leader or her registrations (404).
    ``network_ids``: her networks' ids, or an expanding parameter that binds them.
    """
    member_of_mine = exists().where(
        Membership.person_id == Person.id, Membership.network_id.in_(network_ids)
    )
    staff = _staff()
    leads = exists().where(staff.leader_id == Person.id, Membership.person_id == staff.id)
    leads_mine = leads.where(Membership.network_id.in_(network_ids))
    unattached = and_(
        ~exists().where(Membership.person_id == Person.id),
        ~exists().where(User.person_id == Person.id, User.role.in_(_STAFF_ROLES)),
        or_(leads_mine, and_(~leads, _registered_in(network_ids))),
    )
    return or_(member_of_mine, unattached)


def _registered_in(network_ids: Any):
    """Registered by a coordinator of one of these networks, or by an admin (or before the
    network was recorded): an admin's unplaced person is every coordinator's to place."""
    return or_(
        Person.created_in_network_id.in_(network_ids), Person.created_in_network_id.is_(None)
    )


def home_network_id(user: Any) -> int | None:
    """The network a person this user registers belongs to until she has a membership: a
    coordinator's (her first, by id); none for an admin (any coordinator may place her)."""
    if not _authenticated(user) or user.role is not Role.coordinator:
        return None
    ids = list(coordinated_networks(user))
    return min(ids) if ids else None


def managed_persons_clause(user: Any):
    """A WHERE clause on Person for the persons this user may manage (not self or staff)."""
    if not _authenticated(user):
        return Person.id.is_(None)
    if user.role is Role.admin:
        return Person.id.is_not(None)
    if user.role is Role.coordinator:
        return _coordinated_persons_clause(list(coordinated_networks(user)))
    return Person.id.is_(None)


#: what a shape of :func:`scoped_visible_clause` binds: values named at each run
_SCOPE = {
    "person_id": bindparam("scope_person_id"),
    "network_ids": bindparam("scope_network_ids", expanding=True),
    "user_id": bindparam("scope_user_id"),
}
_NOBODY, _EVERYONE = ("nobody",), ("everyone",)


def person_scope(user: Any) -> tuple[tuple, dict[str, Any]]:
    """Who the user may see, as the shape of the clause (which parts it has) and the values
    it binds: a statement built once per shape (:func:`scoped_visible_clause`) runs with
    these values, instead of building the clause on every request."""
    if not _authenticated(user):
        return _NOBODY, {}
    if user.role is Role.admin:
        return _EVERYONE, {}
    shape = (bool(user.person_id), user.role is Role.coordinator, user.role is Role.supervisor)
    if not any(shape):
        return _NOBODY, {}
    # the values in the order of the shape's parts, each bound only when its part is there
    values = (
        ("scope_person_id", user.person_id),
        ("scope_network_ids", list(coordinated_networks(user))),
        ("scope_user_id", user.id),
    )
    chosen = zip(values, shape, strict=True)
    return shape, {key: value for (key, value), wanted in chosen if wanted}


def _visible(shape: tuple, person_id: Any, network_ids: Any, user_id: Any):
    if shape == _NOBODY:
        return Person.id.is_(None)
    if shape == _EVERYONE:
        return Person.id.is_not(None)
    has_person, coordinator, supervisor = shape
    clauses = []
    if has_person:
        clauses.append(Person.id == person_id)
        # A leader sees her staff: persons whose leader is her person record.
        clauses.append(Person.leader_id == person_id)
    if coordinator:
        clauses.append(_coordinated_persons_clause(network_ids))
    if supervisor:
        from app.kpm.models import SupervisorAssignment

        clauses.append(
            exists().where(
                SupervisorAssignment.person_id == Person.id,
                SupervisorAssignment.supervisor_user_id == user_id,
            )
        )
    return or_(*clauses)


@cache
def scoped_visible_clause(shape: tuple):
    """:func:`visible_persons_clause` for a shape of :func:`person_scope`, its values as
    parameters (``scope_*``) bound at each run."""
    return _visible(shape, **_SCOPE)


def visible_persons_clause(user: Any):
    """A WHERE clause on Person for the persons this user may see (the values bound in)."""
    shape, values = person_scope(user)
    return _visible(
        shape,
        values.get("scope_person_id"),
        values.get("scope_network_ids"),
        values.get("scope_user_id"),
    )


def visible_persons(user: Any) -> Select:
    """SELECT Person rows visible to the user."""
    return select(Person).where(visible_persons_clause(user))


def _remembered(kind: str, user: Any, person: Person, decide) -> bool:
    """``decide()``, remembered for the rest of a read request (a page asks whether she may
    see a person and then whether she manages her: each answer is a query)."""
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return decide()
    memo = request.__dict__.setdefault("_kn_access", {})
    key = (kind, user.id, person.id)
    if key not in memo:
        memo[key] = decide()
    return memo[key]


def can_see_person(user: Any, person: Person) -> bool:
    """Self, their leader, their supervisor, their network's coordinator, or an admin."""
    if not _authenticated(user) or person is None:
        return False
    if user.role is Role.admin or user.person_id == person.id:
        return True
    if user.role is Role.coordinator and can_manage_person(user, person):
        return True  # her coordinated persons are among those she sees: one query for both
    return _remembered("see", user, person, lambda: _sees(user, person))


def _sees(user: Any, person: Person) -> bool:
    shape, values = person_scope(user)
    return db.session.scalar(_seen_statement(shape), {"pid": person.id, **values}) is not None


@cache
def _seen_statement(shape: tuple) -> Select:
    return select(Person.id).where(Person.id == bindparam("pid"), scoped_visible_clause(shape))


def can_edit_person(user: Any, person: Person) -> bool:
    """Self, their network's coordinator, or an admin (leaders and supervisors only read)."""
    if not _authenticated(user):
        return False
    if user.role is Role.admin or user.person_id == person.id:
        return True
    return user.role is Role.coordinator and can_manage_person(user, person)


def can_manage_person(user: Any, person: Person) -> bool:
    """Admins, and coordinators of the person's network (for a person without membership:
    the networks whose members she leads, else the one she was registered in).

    Never through being the person herself or her leader: a coordinator who is also a
    resource person does not approve her own records.
    """
    if not is_coordinator(user) or person is None:
        return False
    if user.role is Role.admin:
        return True
    return _remembered("manage", user, person, lambda: _manages(user, person))


_THEIR_NETWORKS = select(Membership.network_id).where(Membership.person_id == bindparam("pid"))


def _manages(user: Any, person: Person) -> bool:
    mine = set(coordinated_networks(user))
    if mine:
        # The common case first, in a plain statement: a member (now or before) of one of
        # her networks. Building the whole clause cost more than running it.
        theirs = db.session.scalars(_THEIR_NETWORKS, {"pid": person.id})
        if not mine.isdisjoint(theirs):
            return True
    values = {"pid": person.id, "scope_network_ids": list(mine)}
    return db.session.scalar(_managed_statement(), values) is not None


@cache
def _managed_statement() -> Select:
    """One coordinated person: :func:`_manages` asks it for a coordinator only."""
    return select(Person.id).where(
        Person.id == bindparam("pid"), _coordinated_persons_clause(_SCOPE["network_ids"])
    )


def get_person_or_404(user: Any, person_id: int, *options: Any) -> Person:
    """Load a person the user may see, else 404 (never 403: do not reveal existence);
    ``options`` are loader options for what the caller reads of her."""
    person = db.session.get(Person, person_id, options=options or None)
    if person is None or not can_see_person(user, person):
        abort(404)
    return person


def get_network_or_404(slug: str, *options: Any) -> Network:
    """Load a network by slug, else 404 (``options``: loader options for what the page reads)."""
    network = db.session.scalar(select(Network).where(Network.slug == slug).options(*options))
    if network is None:
        abort(404)
    return network


def get_managed_network_or_404(user: Any, slug: str) -> Network:
    """A network the user coordinates, else 404."""
    network = get_network_or_404(slug)
    if not can_manage_network(user, network):
        abort(404)
    return network


def can_invite(user: Any, person: Person | None) -> bool:
    """Who may send a person an invitation to an account: an admin, or a coordinator of one
    of the person's networks, or (for a leader outside the networks) of her staff's."""
    if not _authenticated(user) or person is None:
        return False
    if user.role is Role.admin:
        return True
    if user.role is not Role.coordinator:
        return False
    ids = list(coordinated_networks(user))
    if not ids:
        return False
    own = select(Membership.id).where(
        Membership.person_id == person.id, Membership.network_id.in_(ids)
    )
    staff = (
        select(Membership.id)
        .join(Person, Person.id == Membership.person_id)
        .where(Person.leader_id == person.id, Membership.network_id.in_(ids))
    )
    return db.session.scalar(own.union(staff).limit(1)) is not None


# --- privacy: a person's data export and anonymisation -------------------------------------


def can_export_person(user: Any, person: Person) -> bool:
    """The person herself (her own account), her networks' coordinators, admins."""
    if not _authenticated(user) or person is None:
        return False
    if user.role is Role.admin or user.person_id == person.id:
        return True
    return user.role is Role.coordinator and can_manage_person(user, person)


def can_anonymise_person(user: Any, person: Person) -> bool:
    """Admins only: anonymising removes a person's identity for good."""
    return is_admin(user) and person is not None


def can_review_retention(user: Any) -> bool:
    """Coordinators and admins see who the retention run will take and may keep someone."""
    return is_coordinator(user)


# --- an organiser registers someone else -----------------------------------------------------


def can_register_other(user: Any, person: Person | None, *, manages_event: bool) -> bool:
    """Whether ``user`` may register ``person`` (not themselves) for an offering or gathering.

    The organiser of the event (``manages_event``: she manages the offering or the gathering's
    network) may register anyone she may see; a coordinator may register the persons she
    manages on any event. The same rule for the web pages and the API.
    """
    if person is None:
        return False
    if manages_event and can_see_person(user, person):
        return True
    return can_manage_person(user, person)


# --- accounts --------------------------------------------------------------------------------


def can_see_users(user: Any) -> bool:
    """Admins and coordinators see the users page (coordinators: their networks' users)."""
    return is_coordinator(user)


def can_manage_users(user: Any) -> bool:
    """Only admins change roles and networks, deactivate accounts and reset MFA."""
    return is_admin(user)


def visible_users_clause(user: Any):
    """A WHERE clause on User: all for an admin; for a coordinator the accounts of members of
    her networks and of the coordinators of her networks; nothing for anyone else."""
    if not is_coordinator(user):
        return User.id.is_(None)
    if user.role is Role.admin:
        return User.id.is_not(None)
    network_ids = list(coordinated_networks(user))
    member = exists().where(
        Membership.person_id == User.person_id, Membership.network_id.in_(network_ids)
    )
    colleague = exists().where(
        coordinator_networks.c.user_id == User.id,
        coordinator_networks.c.network_id.in_(network_ids),
    )
    return or_(member, colleague)


def get_visible_user_or_404(viewer: Any, user_id: int) -> User:
    """A user account the viewer may see on the users page, else 404."""
    found = db.session.scalar(
        select(User).where(User.id == user_id, visible_users_clause(viewer))
    )
    if found is None:
        abort(404)
    return found


__all__ = [
    "can_anonymise_person",
    "can_export_person",
    "can_review_retention",
    "can_edit_person",
    "can_invite",
    "can_register_other",
    "can_manage_network",
    "can_manage_person",
    "can_see_education_sites",
    "can_see_overviews",
    "can_see_person",
    "can_see_users",
    "can_manage_users",
    "get_visible_user_or_404",
    "visible_users_clause",
    "coordinator_networks",
    "get_managed_network_or_404",
    "get_network_or_404",
    "get_person_or_404",
    "home_network_id",
    "is_admin",
    "is_coordinator",
    "is_resource_person",
    "is_supervisor",
    "managed_network_ids",
    "managed_persons_clause",
    "visible_persons",
    "visible_persons_clause",
]
