"""How a user stands to a doctor's KPM records, for views, the API and templates alike."""

from __future__ import annotations

from typing import Any

from flask import abort

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
    if is_supervisor_of(user, person):
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


def _coordinates_kpm(user: Any) -> bool:
    """Admins, and coordinators of the KPM network."""
    if access.is_admin(user):
        return True
    return access.is_coordinator(user) and any(n.slug == KPM_NETWORK for n in user.networks)


def can_manage_supervisors(user: Any, person: Person) -> bool:
    """Admins, coordinators who manage the person, and coordinators of the KPM network."""
    return access.can_manage_person(user, person) or _coordinates_kpm(user)


def can_manage_sites(user: Any) -> bool:
    """Admins and coordinators of the KPM network manage education sites."""
    return _coordinates_kpm(user)
