"""How a user stands to a doctor's KPM records, for views, the API and templates alike."""

from __future__ import annotations

from typing import Any

from flask import abort

from app.core import access
from app.kpm import rules
from app.kpm.models import ChecklistAttestation, ServicePeriod
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
    return KPM_NETWORK in access.coordinated_networks(user).values()


def can_manage_supervisors(user: Any, person: Person) -> bool:
    """Admins, coordinators who manage the person, and coordinators of the KPM network."""
    return access.can_manage_person(user, person) or _coordinates_kpm(user)


def can_manage_sites(user: Any) -> bool:
    """Admins and coordinators of the KPM network manage education sites."""
    return _coordinates_kpm(user)


#: a record kind of the pages and the API → the kind an attestation names
ATTESTED_KIND = {
    "supervision": "supervision_meeting",
    "teaching": "teaching_hours",
    "documents": "document",
}


def coordinates_kpm(user: Any) -> bool:
    """Admins, and coordinators of the KPM network (they attest anything)."""
    return _coordinates_kpm(user)


def may_attest(user: Any, person: Person, kind: str) -> bool:
    """True when the user attests the person's records of this attestation kind: a KPM
    coordinator or an admin anything, her assigned supervisor meetings and teaching."""
    if not access.can_see_person(user, person):
        return False
    return rules.may_attest_record(
        kind, kpm_manager=_coordinates_kpm(user), supervisor=is_supervisor_of(user, person)
    )


def attester(user: Any, person: Person, record_kind: str) -> Any:
    """The user when what she records of this kind is attested at once, else None."""
    kind = ATTESTED_KIND.get(record_kind)
    if kind is None or not may_attest(user, person, kind):
        return None
    return user._get_current_object() if hasattr(user, "_get_current_object") else user


def may_remove(user: Any, rel: str, record: Any) -> bool:
    """Approved service only managers remove; the doctor cannot undo what someone attested
    (a checklist item she attested herself in a self-attested list she may)."""
    if isinstance(record, ServicePeriod):
        return not record.approved or rules.may_approve_service(rel)
    if isinstance(record, ChecklistAttestation):
        own = user.id is not None and record.attested_by_user_id == user.id
        return rules.may_remove(rel, attested=True, own_attestation=own)
    return rules.may_remove(rel, attested=record.attested_at is not None)
