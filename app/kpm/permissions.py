"""How a user stands to a doctor's KPM records, for views, the API and templates alike."""

from __future__ import annotations

from typing import Any

from flask import abort

from app.auth.models import Role
from app.core import access
from app.kpm import rules
from app.kpm.queries import KPM_NETWORK, is_supervisor_of
from app.people.models import Person


def relation(user: Any, person: Person) -> str | None:
    """``manager``, ``supervisor``, ``self``, ``reader``, or None when the person is hidden."""
    if not access.can_see_person(user, person):
        return None
    if access.can_manage_person(user, person):
        return rules.MANAGER
    if user.role is Role.supervisor and is_supervisor_of(user, person):
        return rules.SUPERVISOR
    if user.person_id == person.id:
        return rules.SELF
    return rules.READER


def require_record(user: Any, person: Person, kind: str) -> str:
    """The user's relation when she may record ``kind`` for the person, else 403."""
    rel = relation(user, person)
    if rel is None:
        abort(404)
    if not rules.may_record(rel, kind):
        abort(403)
    return rel


def can_record(user: Any, person: Person, kind: str) -> bool:
    """True when the user may record ``kind`` for the person (for templates)."""
    rel = relation(user, person)
    return rel is not None and rules.may_record(rel, kind)


def can_manage_supervisors(user: Any, person: Person) -> bool:
    """Admins, coordinators who manage the person, and coordinators of the KPM network."""
    if access.can_manage_person(user, person):
        return True
    if not access.is_coordinator(user):
        return False
    return any(n.slug == KPM_NETWORK for n in user.networks)


def can_manage_sites(user: Any) -> bool:
    """Admins and coordinators of the KPM network manage education sites."""
    if access.is_admin(user):
        return True
    if not access.is_coordinator(user):
        return False
    return any(n.slug == KPM_NETWORK for n in user.networks)
