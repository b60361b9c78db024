"""Sign-up with approval: someone asks to join a network; one of its coordinators approves
(person, membership and invitation in one step) or declines with a reason. The applicant is
told either way, by e-mail, in the language she asked in."""

from __future__ import annotations

from functools import cache
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, select

from app.auth import invitations
from app.auth.models import SignupRequest, SignupStatus, User
from app.core import audit, mail
from app.core.batch import plain_rows
from app.core.errors import DomainError
from app.core.types import today_oslo, utcnow
from app.extensions import db
from app.networks.models import Membership, Network
from app.networks.operations import add_membership
from app.people import operations as people
from app.people.models import Person


def create_request(data: dict[str, Any], *, locale: str | None = None) -> SignupRequest:
    """A pending request from the public form; the fields are checked as a person's are."""
    network = db.session.scalar(select(Network).where(Network.slug == data.get("network")))
    if network is None:
        raise DomainError("network", _("Velg et nettverk."))
    name = (data.get("name") or "").strip()
    if not name:
        raise DomainError("name", _("Feltet må fylles ut."))
    email = people.normalize_email(data.get("email"))
    profession = people.find_profession(data.get("profession"))
    municipality = people.find_municipality(data.get("municipality") or None)
    leader = data.get("leader_email") or None
    request = SignupRequest(
        network=network,
        name=name[:200],
        email=email,
        profession_key=profession.key,
        workplace=(data.get("workplace") or "").strip()[:200] or None,
        municipality=municipality.number if municipality else None,
        leader_email=people.normalize_email(leader, "leader_email") if leader else None,
        locale=locale,
    )
    db.session.add(request)
    db.session.flush()
    audit.log("signup.create", request, network=network.slug)
    return request


def pending_for(user: Any, network_ids: set[int]) -> list[SignupRequest]:
    """The pending requests to these networks, oldest first."""
    if not network_ids:
        return []
    return list(db.session.scalars(_pending_statement(), {"ids": sorted(network_ids)}))


def pending_glance(network_ids: set[int], shown: int) -> tuple[int, list[tuple]]:
    """How many requests to these networks wait, and the oldest ``shown`` of them as rows
    (name, network name, created_at): what the dashboard shows, in two small queries."""
    if not network_ids:
        return 0, []
    params = {"ids": sorted(network_ids), "shown": shown}
    count = plain_rows(_pending_count_statement(), params).scalar() or 0
    rows = plain_rows(_pending_glance_statement(), params).all() if count else []
    return count, rows


def _pending_where():
    """Pending requests to the networks bound as ``ids``."""
    return (
        SignupRequest.network_id.in_(bindparam("ids", expanding=True)),
        SignupRequest.status == SignupStatus.pending,
    )


@cache
def _pending_count_statement():
    return select(func.count(SignupRequest.id)).where(*_pending_where())


@cache
def _pending_glance_statement():
    return (
        select(SignupRequest.name, Network.name, SignupRequest.created_at)
        .join(Network, Network.id == SignupRequest.network_id)
        .where(*_pending_where())
        .order_by(SignupRequest.created_at, SignupRequest.id)
        .limit(bindparam("shown"))
    )


@cache
def _pending_statement():
    # Built once per process (with bound parameters): the requests page asks on every visit.
    return (
        select(SignupRequest)
        .where(*_pending_where())
        .order_by(SignupRequest.created_at, SignupRequest.id)
    )


def _require_pending(request: SignupRequest) -> None:
    if request.status is not SignupStatus.pending:
        raise DomainError(None, _("Forespørselen er allerede behandlet."))


def _person_for(request: SignupRequest) -> Person:
    """The person with the request's e-mail (reused, never duplicated), else a new one."""
    person = db.session.scalar(
        select(Person).where(func.lower(Person.email) == request.email.lower())
    )
    if person is not None:
        return person
    data: dict[str, Any] = {
        "name": request.name,
        "email": request.email,
        "profession": request.profession_key,
        "workplace": request.workplace,
        "municipality": request.municipality,
    }
    if request.leader_email and db.session.scalar(
        select(Person.id).where(func.lower(Person.email) == request.leader_email)
    ):
        data["leader_email"] = request.leader_email
    return people.create_person(data)


def approve(request: SignupRequest, by: User) -> Person:
    """Person (merged by e-mail), membership from today, and the invitation, in one step."""
    _require_pending(request)
    person = _person_for(request)
    today = today_oslo()
    member = db.session.scalar(
        select(Membership.id).where(
            Membership.network_id == request.network_id,
            Membership.person_id == person.id,
            Membership.active_on(today),
        )
    )
    if member is None:
        add_membership(request.network, person, today)
    request.status = SignupStatus.approved
    request.decided_at = utcnow()
    request.decided_by_id = by.id
    request.person_id = person.id
    audit.log("signup.approve", request, person=person.id)
    account = invitations.account_of(person)
    if account is None:
        # in the language the applicant asked in
        invitations.invite(person, by, network=request.network, locale=request.locale)
    else:
        with force_locale(request.locale or "nb"):
            mail.queue(
                request.email,
                _("Du er med i %(network)s", network=request.network.name),
                _(
                    "Hei, %(name)s!\n\nForespørselen din er godkjent: du er nå medlem av "
                    "%(network)s. Logg inn i Kompetansenett med kontoen du har fra før.\n",
                    name=request.name,
                    network=request.network.name,
                ),
            )
    return person


def decline(request: SignupRequest, by: User, reason: str) -> None:
    """Decline with a reason, which the applicant is told."""
    _require_pending(request)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason", _("Skriv en begrunnelse."))
    request.status = SignupStatus.declined
    request.reason = reason[:1000]
    request.decided_at = utcnow()
    request.decided_by_id = by.id
    audit.log("signup.decline", request)
    with force_locale(request.locale or "nb"):
        mail.queue(
            request.email,
            _("Svar på forespørselen din til %(network)s", network=request.network.name),
            _(
                "Hei, %(name)s!\n\nForespørselen din om å bli med i %(network)s er dessverre "
                "avslått. Begrunnelse fra koordinatoren:\n\n%(reason)s\n",
                name=request.name,
                network=request.network.name,
                reason=request.reason,
            ),
        )
