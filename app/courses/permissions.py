"""Who may do what with courses, offerings and registrations (used by views, API, templates).

Decisions:
- The catalogue is shared: every coordinator and admin may add and edit courses.
- An offering linked to networks is managed by the coordinators of any of those networks (and
  admins). An offering linked to no network is managed by admins only (its participants may
  come from any network). A coordinator who creates an offering without naming networks links
  it to their own; a coordinator may link only networks they manage, and editing an offering
  keeps its links to networks the editor does not manage.
- A gathering registration is managed by the coordinators of the gathering's network.
- Anyone may cancel their own registration; coordinators may register and cancel the persons
  they manage (their networks' members) on any published offering.
"""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_babel import gettext as _

from app.core import access
from app.core.errors import DomainError
from app.courses.models import Offering
from app.extensions import db
from app.registrations.models import Registration, RegistrationStatus


def can_edit_catalogue(user: Any) -> bool:
    """Coordinators and admins edit the course catalogue."""
    return access.is_coordinator(user)


def can_manage_offering(user: Any, offering: Offering) -> bool:
    """Admins; coordinators of a linked network (an unlinked offering: admins only)."""
    if access.is_admin(user):
        return True
    if not access.is_coordinator(user):
        return False
    mine = access.coordinated_networks(user)
    return any(n.id in mine for n in offering.networks)


def can_manage_registration(user: Any, registration: Registration) -> bool:
    """Whoever manages the registration's offering or gathering."""
    if registration.offering_id is not None:
        return can_manage_offering(user, registration.offering)
    gathering = registration.gathering
    return gathering is not None and access.can_manage_network(user, gathering.network)


def can_cancel_registration(user: Any, registration: Registration) -> bool:
    """The person themselves, a manager of the event, or a coordinator managing the person."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can_manage_registration(user, registration):
        return True
    if user.person_id is not None and user.person_id == registration.person_id:
        # A seat or a place on the waiting list is one's own to give up; a recorded
        # attendance or completion is the organiser's record and counts toward progress.
        return registration.status in (
            RegistrationStatus.registered,
            RegistrationStatus.waitlisted,
        )
    return access.can_manage_person(user, registration.person)


def check_network_links(user: Any, slugs: Any, offering: Offering | None = None) -> list[str]:
    """The network slugs an offering is to be linked to, checked for ``user``.

    Not a list of strings: 422. Admins link any network. Others may name only networks they
    manage (403 otherwise), and an edited offering keeps its links to networks the editor does
    not manage (naming those again is no error).
    """
    if not isinstance(slugs, list) or not all(isinstance(slug, str) for slug in slugs):
        raise DomainError("networks", _("Nettverk må være en liste med nettverksnøkler."))
    if access.is_admin(user):
        return list(slugs)
    managed = set(access.coordinated_networks(user).values())
    kept = [n.slug for n in offering.networks if n.slug not in managed] if offering else []
    if any(slug not in managed and slug not in kept for slug in slugs):
        abort(403, description=_("Du kan bare knytte kurs til dine egne nettverk."))
    return kept + [slug for slug in slugs if slug not in kept]


def can_see_registration(user: Any, registration: Registration) -> bool:
    """Those who may cancel it, and those who may see the person (leaders, supervisors)."""
    return can_cancel_registration(user, registration) or access.can_see_person(
        user, registration.person
    )


def get_offering_or_404(offering_id: int) -> Offering:
    """An offering by id (offerings are public), else 404."""
    offering = db.session.get(Offering, offering_id)
    if offering is None:
        abort(404)
    return offering


def get_managed_offering_or_404(user: Any, offering_id: int) -> Offering:
    """An offering the user manages, else 404."""
    offering = get_offering_or_404(offering_id)
    if not can_manage_offering(user, offering):
        abort(404)
    return offering
