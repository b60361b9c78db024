"""Invitations: a single-use, 14-day link by e-mail with which a person gets her account.

The link carries a random token; only its SHA-256 is stored. A new invitation to the same
person voids the older one; a used, voided or expired link changes nothing. The mail goes
through the outbox (sent after the commit), in the invitee's language: her account's choice
when she has one, else the language of the person who invites (bokmål on the command line).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from flask import current_app, has_request_context
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import selectinload

from app.auth import operations
from app.auth.models import Invitation, Role, User, hash_token
from app.core import audit, mail
from app.core.errors import ConflictError, DomainError
from app.core.types import to_oslo, utcnow
from app.extensions import db
from app.networks.models import Membership, Network
from app.people.models import Person

VALID_DAYS = 14
INVITABLE_ROLES = (Role.resource_person, Role.leader)


@dataclass(frozen=True)
class Sent:
    """An invitation just made, with its token (shown once: in the mail, or by the CLI)."""

    invitation: Invitation
    token: str

    @property
    def link(self) -> str:
        """The absolute address of the invitation page."""
        return invitation_link(self.token)

    @property
    def expires_on(self) -> dt.date:
        """The last day the link works (Oslo)."""
        return to_oslo(self.invitation.expires_at).date()


def invitation_link(token: str) -> str:
    """`{BASE_URL}/invitation/{token}`."""
    return f"{current_app.config['BASE_URL'].rstrip('/')}/invitation/{token}"


def account_of(person: Person) -> User | None:
    """The user linked to the person, or with her e-mail."""
    return db.session.scalar(
        select(User)
        .where(or_(User.person_id == person.id, func.lower(User.email) == person.email.lower()))
        .order_by(User.active.desc())
        .limit(1)
    )


def leads_someone(person: Person) -> bool:
    """True when some person names her as leader."""
    staff = select(Person.id).where(Person.leader_id == person.id).limit(1)
    return db.session.scalar(staff) is not None


def _role(person: Person, requested: str | Role | None) -> Role:
    if requested in (None, ""):
        return Role.leader if leads_someone(person) else Role.resource_person
    try:
        role = Role(requested) if not isinstance(requested, Role) else requested
    except ValueError:
        role = None
    if role not in INVITABLE_ROLES:
        raise DomainError("role", _("Rollen må være resource_person eller leader."))
    return role


def invitation_network(person: Person, by: User | None) -> Network | None:
    """The network the invitation is from: one of the person's (or her staff's) that the
    inviter coordinates, else the first of the person's own."""
    own = select(Membership.network_id).where(Membership.person_id == person.id)
    staff = (
        select(Membership.network_id)
        .join(Person, Person.id == Membership.person_id)
        .where(Person.leader_id == person.id)
    )
    candidates = list(db.session.scalars(own)) + list(db.session.scalars(staff))
    if by is not None and by.role is Role.coordinator:
        managed = {n.id for n in by.networks}
        preferred = [i for i in candidates if i in managed]
        candidates = preferred or candidates
    return db.session.get(Network, candidates[0]) if candidates else None


def _mail_locale(person: Person, account: User | None) -> str:
    languages = current_app.config["LANGUAGES"]
    if account is not None and account.locale in languages:
        return account.locale
    if has_request_context():
        chosen = str(get_locale() or "")
        if chosen in languages:
            return chosen
    return languages[0]


def _send_mail(sent: Sent, locale: str) -> None:
    invitation = sent.invitation
    inviter = invitation.invited_by
    who = inviter.person.name if inviter is not None and inviter.person else None
    who = who or (inviter.email if inviter is not None else "Kompetansenett")
    network = invitation.network.name if invitation.network else "Kompetansenett"
    with force_locale(locale):
        subject = _("Invitasjon til Kompetansenett")
        body = _(
            "Hei, %(name)s!\n\n%(who)s har invitert deg til %(network)s i Kompetansenett. "
            "Der ser du kravene i kompetanseplanen din, melder deg på kurs og samlinger og "
            "følger med på det du har gjennomført.\n\nVelg et passord med denne lenken. "
            "Den virker én gang, til og med %(until)s:\n\n%(link)s\n\n"
            "Venter du ikke denne e-posten, kan du se bort fra den.\n",
            name=invitation.person.name,
            who=who,
            network=network,
            until=sent.expires_on.strftime("%d.%m.%Y"),
            link=sent.link,
        )
    mail.queue(invitation.email, subject, body)


def invite(
    person: Person,
    by: User | None,
    *,
    network: Network | None = None,
    role: str | Role | None = None,
    locale: str | None = None,
) -> Sent:
    """A new invitation (voiding the person's older ones) and its e-mail in the outbox.

    409 when the person already has an active account; a deactivated account is an admin's
    to bring back, not an invitation's.
    """
    account = account_of(person)
    if account is not None:
        if account.active:
            raise ConflictError("email", _("Personen har allerede en aktiv konto."))
        raise ConflictError("email", _("Personen har en deaktivert konto."))
    chosen = _role(person, role)
    now = utcnow()
    for older in db.session.scalars(
        select(Invitation).where(
            Invitation.person_id == person.id,
            Invitation.accepted_at.is_(None),
            Invitation.voided_at.is_(None),
        )
    ):
        older.voided_at = now
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        person=person,
        network=network or invitation_network(person, by),
        invited_by=by,
        role=chosen,
        token_hash=hash_token(token),
        email=person.email,
        sent_at=now,
        expires_at=now + dt.timedelta(days=VALID_DAYS),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.log("invitation.create", invitation, person=person.id, role=chosen.value)
    sent = Sent(invitation, token)
    languages = current_app.config["LANGUAGES"]
    _send_mail(sent, locale if locale in languages else _mail_locale(person, account))
    return sent


def invite_many(persons: list[Person], by: User | None, network: Network | None) -> int:
    """Invite each person who has no account yet; how many were invited."""
    count = 0
    for person in persons:
        if account_of(person) is not None:
            continue
        invite(person, by, network=network)
        count += 1
    return count


def find(token: str) -> Invitation | None:
    """The invitation this link's token names (whatever its state)."""
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def usable(invitation: Invitation | None, now: dt.datetime | None = None) -> bool:
    """Not used, not voided, not expired, and still the person's e-mail."""
    if invitation is None:
        return False
    return _usable(
        invitation.accepted_at,
        invitation.voided_at,
        invitation.expires_at,
        invitation.email,
        invitation.person.email,
        now or utcnow(),
    )


def _usable(accepted_at, voided_at, expires_at, sent_to: str, person_email: str, now) -> bool:
    """:func:`usable` on an invitation's columns (for rows read as tuples)."""
    if accepted_at or voided_at or to_oslo(expires_at) <= to_oslo(now):
        return False
    return person_email.lower() == sent_to.lower()


def accept(invitation: Invitation, password: str, password2: str) -> User:
    """Create the account from a usable invitation; the caller signs it in."""
    if not usable(invitation):
        raise DomainError(None, _("Invitasjonen er brukt, erstattet av en nyere eller utløpt."))
    operations.check_password_strength(password)
    if password != password2:
        raise DomainError("password2", _("Passordene er ulike."))
    person = invitation.person
    if account_of(person) is not None:
        raise ConflictError(None, _("Personen har allerede en konto."))
    role = invitation.role
    if role is Role.resource_person and leads_someone(person):
        role = Role.leader
    user = operations.create_user(person.email, role, password=password, person=person)
    user.last_login_at = utcnow()
    invitation.accepted_at = utcnow()
    audit.log("invitation.accept", invitation, user=user.id)
    return user


def latest_for(person_ids: list[int]) -> dict[int, Invitation]:
    """The newest invitation of each person, in one query."""
    if not person_ids:
        return {}
    rows = db.session.scalars(
        select(Invitation)
        .where(Invitation.person_id.in_(person_ids))
        .options(selectinload(Invitation.person))
        .order_by(Invitation.person_id, Invitation.sent_at, Invitation.id)
    )
    return {row.person_id: row for row in rows}


#: states_for's two statements, built once (the members table asks them on every page)
_ACCOUNTS = select(User.person_id, func.lower(User.email), User.active).where(
    or_(
        User.person_id.in_(bindparam("ids", expanding=True)),
        func.lower(User.email).in_(bindparam("emails", expanding=True)),
    )
)
_INVITATIONS = (
    select(
        Invitation.person_id,
        Invitation.email,
        Invitation.sent_at,
        Invitation.expires_at,
        Invitation.accepted_at,
        Invitation.voided_at,
    )
    .where(Invitation.person_id.in_(bindparam("ids", expanding=True)))
    .order_by(Invitation.person_id, Invitation.sent_at, Invitation.id)
)


def states_for(pairs: list[tuple[int, str]]) -> dict[int, tuple[str, dt.datetime | None]]:
    """(person id, e-mail) → the person's account state: ("active" | "inactive", None) for
    an account (linked, or by e-mail), else ("invited" | "expired", sent) for her newest
    invitation (as :func:`usable` judges it), else ("none", None). Two queries of tuples."""
    if not pairs:
        return {}
    ids = {pid for pid, _email in pairs}
    emails = {email.lower(): pid for pid, email in pairs}
    active: dict[int, bool] = {}
    for user_person, email, is_active in db.session.execute(
        _ACCOUNTS, {"ids": sorted(ids), "emails": sorted(emails)}
    ):
        pid = user_person if user_person in ids else emails.get(email)
        if pid is not None:
            active[pid] = active.get(pid, False) or bool(is_active)
    newest: dict[int, tuple] = {}
    for row in db.session.execute(_INVITATIONS, {"ids": sorted(ids)}):
        newest[row[0]] = row
    now = utcnow()
    states: dict[int, tuple[str, dt.datetime | None]] = {}
    for pid, email in pairs:
        if pid in active:
            states[pid] = ("active" if active[pid] else "inactive", None)
        elif pid in newest:
            _p, sent_to, sent, expires, accepted, voided = newest[pid]
            ok = _usable(accepted, voided, expires, sent_to, email, now)
            states[pid] = ("invited" if ok else "expired", sent)
        else:
            states[pid] = ("none", None)
    return states


def accounts_for(persons: list[Person]) -> dict[int, User]:
    """Each person's account (linked, or by e-mail), in one query."""
    if not persons:
        return {}
    emails = {p.email.lower(): p.id for p in persons}
    ids = {p.id for p in persons}
    users = db.session.scalars(
        select(User).where(or_(User.person_id.in_(ids), func.lower(User.email).in_(emails)))
    )
    found: dict[int, User] = {}
    for user in users:
        pid = user.person_id if user.person_id in ids else emails.get(user.email.lower())
        if pid is not None and (pid not in found or user.active):
            found[pid] = user
    return found
