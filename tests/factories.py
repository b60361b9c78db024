"""Factories with sensible defaults: `make_person(**overrides)`; they flush, never commit."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from sqlalchemy import select

from app.auth.models import Role, User
from app.extensions import db
from app.networks.models import Membership, MembershipRole, Network
from app.people.models import Municipality, Person, Profession, Workplace

_counter = itertools.count(1)
PASSWORD = "riktig-passord-123"  # noqa: S105 - test only
_HASH: dict[str, str] = {}


def _password_hash() -> str:
    # argon2 is slow on purpose; hash the shared test password once.
    if "h" not in _HASH:
        from app.auth.operations import hash_password

        _HASH["h"] = hash_password(PASSWORD)
    return _HASH["h"]


def profession(key: str = "nurse") -> Profession:
    """The profession with this key (seeded), created if missing."""
    found = db.session.scalar(select(Profession).where(Profession.key == key))
    if found is None:
        found = Profession(key=key, name_nb=key, name_en=key)
        db.session.add(found)
        db.session.flush()
    return found


def municipality(name: str = "Hamar") -> Municipality | None:
    """A seeded municipality by name."""
    return db.session.scalar(select(Municipality).where(Municipality.name == name))


def make_network(**overrides: Any) -> Network:
    """A new network (no plan unless given)."""
    n = next(_counter)
    professions = overrides.pop("professions", ["nurse"])
    network = Network(slug=f"nettverk-{n}", name=f"Testnettverk {n}", **overrides)
    network.professions = [profession(k) for k in professions]
    db.session.add(network)
    db.session.flush()
    return network


def network(slug: str) -> Network:
    """A seeded network by slug."""
    return db.session.scalar(select(Network).where(Network.slug == slug))


def make_workplace(**overrides: Any) -> Workplace:
    """A new workplace."""
    n = next(_counter)
    values = {"name": f"Arbeidssted {n}", "municipality": municipality()}
    values.update(overrides)
    workplace = Workplace(**values)
    db.session.add(workplace)
    db.session.flush()
    return workplace


def make_person(**overrides: Any) -> Person:
    """A new person; `profession` may be a key."""
    n = next(_counter)
    prof = overrides.pop("profession", "nurse")
    values: dict[str, Any] = {
        "name": f"Person {n}",
        "email": f"person{n}@example.no",
        "profession": profession(prof) if isinstance(prof, str) else prof,
    }
    values.update(overrides)
    person = Person(**values)
    db.session.add(person)
    db.session.flush()
    return person


def make_membership(
    person: Person,
    net: Network,
    start: dt.date | None = None,
    end: dt.date | None = None,
    role=MembershipRole.resource_person,
) -> Membership:
    """Make the person a member of the network."""
    membership = Membership(
        person=person, network=net, start=start or dt.date(2025, 1, 1), end=end, role=role
    )
    db.session.add(membership)
    db.session.flush()
    return membership


def make_user(
    role: Role | str = Role.resource_person,
    *,
    person: Person | None = None,
    networks: list[Network] | None = None,
    email: str | None = None,
    with_person: bool | None = None,
) -> User:
    """A user with the shared test password; resource persons and leaders get a person."""
    role = Role(role)
    if with_person is None:
        with_person = role in (Role.resource_person, Role.leader)
    if person is None and with_person:
        person = make_person()
    n = next(_counter)
    user = User(
        email=email or (person.email if person else f"user{n}@example.no"),
        role=role,
        password_hash=_password_hash(),
        person=person,
    )
    user.networks = list(networks or [])
    db.session.add(user)
    db.session.flush()
    return user


def make_coordinator(*networks: Network) -> User:
    """A coordinator of the given networks."""
    return make_user(Role.coordinator, networks=list(networks))


def make_admin() -> User:
    """An administrator."""
    return make_user(Role.admin)
