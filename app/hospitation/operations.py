"""Writes for hospitation sites and hospitations; shared by the web pages and the API.

Operations flush, log (audit + HospitationEvent) and raise DomainError; they never commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.core import access, audit
from app.core.errors import ConflictError, DomainError
from app.extensions import db
from app.hospitation import rules
from app.hospitation.models import (
    Hospitation,
    HospitationEvent,
    HospitationSite,
    HospitationStatus,
)
from app.networks.models import Membership, Network
from app.people.models import Person, ServiceLevel
from app.people.operations import (
    find_municipality,
    find_professions,
    get_or_create_workplace,
    normalize_email,
    parse_date,
)

SITE_FIELDS = (
    "name",
    "service_level",
    "contact_name",
    "email",
    "phone",
    "professions",
    "workplace",
    "municipality",
    "notes",
    "active",
)
HOSPITATION_FIELDS = (
    "site_id",
    "place",
    "start",
    "end",
    "days",
    "goals",
    "status",
    "reflection",
)


# --- small parsers (accept JSON values and form values alike) -----------------------------


def _text(data: dict[str, Any], field: str, max_len: int, *, required: bool = False):
    value = data.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise DomainError(field, _("Feltet må fylles ut."))
        return None
    if not isinstance(value, str):
        raise DomainError(field, _("Må være tekst."))
    text = value.strip()
    if len(text) > max_len:
        raise DomainError(field, _("Høyst %(n)d tegn.", n=max_len))
    return text


def _number(value: Any, field: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise DomainError(field, _("Må være et tall."))
    try:
        number = float(str(value).replace(",", ".")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError) as error:
        raise DomainError(field, _("Må være et tall.")) from error
    if number != number or number in (float("inf"), float("-inf")):
        raise DomainError(field, _("Må være et tall."))
    return number


def _service_level(value: Any) -> ServiceLevel:
    if isinstance(value, ServiceLevel):
        return value
    try:
        return ServiceLevel(value)
    except ValueError as error:
        raise DomainError(
            "service_level", _("Tjenestenivå må være «primary» eller «specialist».")
        ) from error


def _professions(value: Any) -> list:
    return find_professions(value)


def _refuse(refusal: rules.Refusal | None) -> None:
    if refusal is not None:
        raise DomainError(refusal.field, _(refusal.message, **(refusal.params or {})))


def _user_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


# --- sites -------------------------------------------------------------------------------


def _apply_site(site: HospitationSite, data: dict[str, Any], *, creating: bool) -> list[str]:
    """Set the given fields on `site`; returns the names of the fields given."""
    unknown = sorted(set(data) - set(SITE_FIELDS))
    if unknown:
        raise DomainError(unknown[0], _("Ukjent felt."), code="unknown_field")
    if creating or "name" in data:
        site.name = _text(data, "name", 200, required=True)
    if creating or "service_level" in data:
        if data.get("service_level") in (None, ""):
            raise DomainError("service_level", _("Tjenestenivå må fylles ut."))
        site.service_level = _service_level(data.get("service_level"))
    if "contact_name" in data:
        site.contact_name = _text(data, "contact_name", 200)
    if "email" in data:
        site.email = normalize_email(data["email"], "email") if _text(data, "email", 254) else None
    if "phone" in data:
        site.phone = _text(data, "phone", 40)
    if "notes" in data:
        site.notes = _text(data, "notes", 5000)
    if "municipality" in data:
        site.municipality = find_municipality(data.get("municipality"))
    if "workplace" in data:
        name = _text(data, "workplace", 200)
        site.workplace = get_or_create_workplace(name, site.municipality) if name else None
        if site.workplace is not None and site.municipality is None:
            site.municipality = site.workplace.municipality
    if "professions" in data:
        site.professions = _professions(data.get("professions"))
    if "active" in data:
        if not isinstance(data["active"], bool):
            raise DomainError("active", _("Må være true eller false."))
        site.active = data["active"]
    return sorted(data)


def create_site(network: Network, data: dict[str, Any]) -> HospitationSite:
    """A new site in the network's hospitation plan."""
    site = HospitationSite(network=network, active=True)
    _apply_site(site, data, creating=True)
    db.session.add(site)
    db.session.flush()
    audit.log("hospitation_site.create", site, network=network.slug, name=site.name)
    return site


def update_site(site: HospitationSite, data: dict[str, Any]) -> HospitationSite:
    """Change some fields of a site."""
    changed = _apply_site(site, data, creating=False)
    db.session.flush()
    audit.log("hospitation_site.update", site, fields=",".join(changed))
    return site


def set_site_active(site: HospitationSite, active: bool) -> HospitationSite:
    """Take a site out of the list (or back in); its hospitations keep it."""
    site.active = active
    db.session.flush()
    audit.log("hospitation_site.activate" if active else "hospitation_site.deactivate", site)
    return site


def site_to_json(site: HospitationSite) -> dict[str, Any]:
    """The API representation of a site."""
    return {
        "id": site.id,
        "network": site.network.slug,
        "name": site.name,
        "service_level": site.service_level.value,
        "workplace": site.workplace.name if site.workplace else None,
        "municipality": site.municipality.name if site.municipality else None,
        "contact_name": site.contact_name,
        "email": site.email,
        "phone": site.phone,
        "professions": [p.key for p in site.professions],
        "notes": site.notes,
        "active": site.active,
    }


# --- hospitations --------------------------------------------------------------------------


def actor_for(user: Any, person: Person) -> str | None:
    """'coordinator' (admins and the person's coordinators), 'person' (herself) or None."""
    if access.can_manage_person(user, person):
        return "coordinator"
    if getattr(user, "is_authenticated", False) and user.person_id == person.id:
        return "person"
    return None


def person_network_ids(person: Person) -> set[int]:
    """The networks the person is (or was) a member of: their sites are hers to choose."""
    return set(
        db.session.scalars(select(Membership.network_id).where(Membership.person_id == person.id))
    )


def _site(value: Any, person: Person) -> HospitationSite | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DomainError("site_id", _("Ugyldig hospiteringssted."))
    try:
        site_id = int(value)
    except ValueError as error:
        raise DomainError("site_id", _("Ugyldig hospiteringssted.")) from error
    site = db.session.get(HospitationSite, site_id) if 0 < site_id < 2**31 else None
    if site is None:
        raise DomainError("site_id", _("Ukjent hospiteringssted."))
    if site.network_id not in person_network_ids(person):
        raise DomainError(
            "site_id", _("Hospiteringsstedet hører til et nettverk personen ikke er med i.")
        )
    return site


def _status_value(value: Any) -> str:
    text = getattr(value, "value", value)
    if text not in rules.STATES:
        raise DomainError("status", _("Ukjent status."))
    return text


def log_event(
    h: Hospitation,
    from_status: str | None,
    to_status: str,
    *,
    note: str | None = None,
    by_label: str | None = None,
) -> None:
    h.events.append(
        HospitationEvent(
            from_status=from_status,
            to_status=to_status,
            by_user_id=_user_id(),
            by_label=by_label,
            note=note,
        )
    )


def create_hospitation(
    person: Person,
    data: dict[str, Any],
    *,
    today: dt.date,
    may_record: bool = False,
) -> Hospitation:
    """Plan a hospitation for `person`; `may_record` (coordinators) allows confirmed/completed."""
    unknown = sorted(set(data) - set(HOSPITATION_FIELDS))
    if unknown:
        raise DomainError(unknown[0], _("Ukjent felt."), code="unknown_field")
    site = _site(data.get("site_id"), person)
    place = _text(data, "place", 200)
    start = parse_date(data.get("start"), "start")
    end = parse_date(data.get("end"), "end")
    days = _number(data.get("days"), "days")
    goals = _text(data, "goals", 5000)
    reflection = _text(data, "reflection", 5000)
    _refuse(
        rules.check_details(
            start=start, end=end, days=days, goals=goals, site_or_place=bool(site or place)
        )
    )
    status = _status_value(data.get("status") or rules.PLANNED)
    if status == rules.CANCELLED:
        raise DomainError("status", _("En ny hospitering kan ikke være avlyst."))
    if status != rules.PLANNED and not may_record:
        raise DomainError(
            "status",
            _("Bare en koordinator kan registrere en bekreftet eller fullført hospitering."),
        )
    if status == rules.COMPLETED:
        _refuse(rules.check_recorded_completed(start, end, today=today))
    if site is not None and not site.active and status == rules.PLANNED:
        raise DomainError("site_id", _("Hospiteringsstedet er ikke lenger i lista."))
    h = Hospitation(
        person=person,
        site=site,
        place=place,
        start=start,
        end=end,
        days=days,
        goals=goals,
        reflection=reflection,
        status=HospitationStatus(status),
    )
    db.session.add(h)
    log_event(h, None, status)
    db.session.flush()
    audit.log("hospitation.create", h, person=person.id, status=status)
    return h


def update_hospitation(
    h: Hospitation,
    data: dict[str, Any],
    *,
    today: dt.date,
    actor: str,
    version: int | None = None,
) -> Hospitation:
    """Change details and/or the status (only allowed moves) of a hospitation."""
    unknown = sorted(set(data) - set(HOSPITATION_FIELDS))
    if unknown:
        raise DomainError(unknown[0], _("Ukjent felt."), code="unknown_field")
    if version is not None and version != h.version:
        raise ConflictError(None, _("Hospiteringen er endret av noen andre. Last siden på nytt."))
    closed = h.status in (HospitationStatus.completed, HospitationStatus.cancelled)
    details = [f for f in data if f not in ("status", "reflection")]
    changed = [f for f in details if _differs(h, f, data[f])]
    if changed and closed and actor != "coordinator":
        raise DomainError(
            changed[0], _("En fullført eller avlyst hospitering kan bare endres av koordinator.")
        )
    # What the site confirmed (place, first day, days, goals) is locked for the person; the
    # last day stays hers to report when she completes it, and so does her reflection.
    locked = [f for f in changed if f != "end"]
    if locked and h.status is HospitationStatus.confirmed and actor == "person":
        raise DomainError(
            locked[0],
            _(
                "En bekreftet hospitering kan ikke endres. Ta kontakt med koordinatoren, "
                "eller avlys og planlegg en ny."
            ),
            code="locked",
        )
    # Parse and check everything before touching the row: an autoflush of a half-changed
    # hospitation would hit the database's CHECK constraints instead of a clear 422.
    site = _site(data["site_id"], h.person) if "site_id" in data else h.site
    place = _text(data, "place", 200) if "place" in data else h.place
    start = parse_date(data["start"], "start") if "start" in data else h.start
    end = parse_date(data["end"], "end") if "end" in data else h.end
    days = _number(data["days"], "days") if "days" in data else h.days
    goals = _text(data, "goals", 5000) if "goals" in data else h.goals
    reflection = _text(data, "reflection", 5000) if "reflection" in data else h.reflection
    _refuse(
        rules.check_details(
            start=start, end=end, days=days, goals=goals, site_or_place=bool(site or place)
        )
    )
    if h.status is HospitationStatus.completed:
        _refuse(rules.check_recorded_completed(start, end, today=today))
    target = _status_value(data["status"]) if "status" in data else h.status.value
    h.site, h.place, h.start, h.end = site, place, start, end
    h.days, h.goals, h.reflection = days, goals, reflection
    noted = changed + (["reflection"] if "reflection" in data else [])
    if noted:
        log_event(h, h.status.value, h.status.value, note=_("Endret: %(f)s", f=", ".join(noted)))
    if target != h.status.value:
        change_status(h, target, today=today, actor=actor)
    db.session.flush()
    audit.log("hospitation.update", h, fields=",".join(sorted(data)))
    return h


def _differs(h: Hospitation, field: str, value: Any) -> bool:
    """Whether `value` would change `field` (so a resent unchanged form is no edit)."""
    current = h.site_id if field == "site_id" else getattr(h, field, None)
    if current is None or value is None or value == "":
        return (current in (None, "")) != (value in (None, ""))
    if isinstance(current, dt.date):
        return current.isoformat() != (
            value.isoformat() if isinstance(value, dt.date) else str(value).strip()
        )
    if isinstance(current, float):
        try:
            return float(value) != current
        except (TypeError, ValueError):
            return True
    return str(current).strip() != str(value).strip()


def change_status(
    h: Hospitation,
    to: Any,
    *,
    today: dt.date,
    actor: str,
    reflection: str | None = None,
    by_label: str | None = None,
    note: str | None = None,
) -> Hospitation:
    """Move `h` to status `to` if the rules and the actor allow it; logs the change."""
    target = _status_value(to)
    if not rules.may_act(actor, target):
        _refuse(rules.check_transition(h, target, today=today))  # an impossible move says why
        raise DomainError("status", _("Du kan ikke gi hospiteringen denne statusen."))
    if reflection is not None and reflection.strip():
        h.reflection = reflection.strip()[:5000]
    _refuse(rules.check_transition(h, target, today=today))
    previous = h.status.value
    h.status = HospitationStatus(target)
    log_event(h, previous, target, by_label=by_label, note=note)
    db.session.flush()
    audit.log("hospitation.status", h, from_status=previous, to_status=target)
    return h


def hospitation_to_json(h: Hospitation) -> dict[str, Any]:
    """The API representation of a hospitation."""
    return {
        "id": h.id,
        "person_id": h.person_id,
        "site_id": h.site_id,
        "site": h.site.name if h.site else None,
        "network": h.site.network.slug if h.site else None,
        "place": h.place,
        "start": h.start.isoformat(),
        "end": h.end.isoformat() if h.end else None,
        "days": h.days,
        "goals": h.goals,
        "status": h.status.value,
        "reflection": h.reflection,
        "version": h.version,
        "events": [
            {
                "at": e.at.isoformat() if e.at else None,
                "from": e.from_status,
                "to": e.to_status,
                "by_user_id": e.by_user_id,
                "by": e.by_label,
                "note": e.note,
            }
            for e in h.events
        ],
    }
