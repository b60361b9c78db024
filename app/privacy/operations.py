"""Writes for privacy: anonymise a person, end her account, retention runs and holds.

Operations flush and audit, never commit (the caller runs them through `core.writes`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from blinker import Namespace
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, or_, select, update

from app.auth.models import ApiToken, Invitation, SignupRequest, User, new_session_token
from app.core import audit
from app.core.errors import ConflictError, DomainError
from app.core.models import AuditEntry, OutboxMessage
from app.core.types import today_oslo
from app.courses.models import CourseCompletion
from app.extensions import db
from app.hospitation.models import Hospitation, HospitationEvent
from app.kpm.application_models import DocumentFile, KpmApplication
from app.kpm.models import PersonDocument, SupervisionMeeting
from app.people.models import Person, new_calendar_token
from app.privacy import queries
from app.privacy.models import Anonymisation, RetentionHold

#: how long a coordinator's "keep" holds a person past the retention period
HOLD_DAYS = 365
REASON_MAX = 1000

#: sent inside the anonymising transaction with ``person_id`` and ``emails`` (her addresses):
#: packages above privacy (notifications) forget what they keep under those addresses
person_anonymised = Namespace().signal("person-anonymised")


def anonymised_name(person_id: int) -> str:
    """The name an anonymised person keeps (stored, so in Norwegian whatever the reader)."""
    return f"Anonymisert person #{person_id}"


def anonymised_email(person_id: int) -> str:
    """A placeholder address (unique, undeliverable: the .invalid top-level domain)."""
    return f"anonymisert-{person_id}@anonymisert.invalid"


def end_account(user: User) -> None:
    """End an account at once: no sign-in, every session and API token stops working.

    The same as the admins' deactivation (`active = False`, a new session generation, every
    token revoked); anonymising also forgets the address and the password.
    """
    user.active = False
    user.session_token = new_session_token()
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id).values(revoked=True))


def _forget_account(person: Person) -> None:
    user = db.session.scalar(select(User).where(User.person_id == person.id))
    if user is None:
        return
    end_account(user)
    user.email = f"anonymisert-bruker-{user.id}@anonymisert.invalid"
    user.password_hash = None
    for column in ("totp_secret", "mfa_enabled_at", "totp_last_counter"):
        if hasattr(user, column):
            setattr(user, column, None)


def _forget_free_text(person_id: int) -> None:
    """Notes and free text on her records, removed; the records themselves stay."""
    db.session.execute(
        update(Hospitation)
        .where(Hospitation.person_id == person_id)
        .values(goals=None, reflection=None)
    )
    hospitation_ids = select(Hospitation.id).where(Hospitation.person_id == person_id)
    db.session.execute(
        update(HospitationEvent)
        .where(HospitationEvent.hospitation_id.in_(hospitation_ids))
        .values(note=None, by_label=None)
    )
    for model in (CourseCompletion, SupervisionMeeting, PersonDocument):
        db.session.execute(update(model).where(model.person_id == person_id).values(note=None))
    # A written-in course's certificate is her own document (it names her).
    db.session.execute(
        update(CourseCompletion)
        .where(CourseCompletion.person_id == person_id)
        .values(certificate=None, certificate_name=None, certificate_type=None)
    )
    db.session.execute(
        update(RetentionHold).where(RetentionHold.person_id == person_id).values(reason="")
    )


def _scrub(value: Any, secrets: list[str]) -> Any:
    if isinstance(value, str):
        lowered = value.lower()
        if any(s in lowered for s in secrets):
            return "[anonymisert]"
        return value
    if isinstance(value, dict):
        return {k: _scrub(v, secrets) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, secrets) for v in value]
    return value


def scrub_audit(secrets: list[str]) -> int:
    """Replace every audit detail that quotes one of `secrets` (names, addresses)."""
    secrets = [s.lower() for s in secrets if s and len(s) >= 3]
    if not secrets:
        return 0
    changed = 0
    query = (
        select(AuditEntry).where(AuditEntry.detail.is_not(None)).execution_options(yield_per=500)
    )
    for entry in db.session.scalars(query):
        cleaned = _scrub(entry.detail, secrets)
        if cleaned != entry.detail:
            entry.detail = cleaned
            changed += 1
    return changed


def _forget_identity(person: Person) -> list[str]:
    secrets = [person.name, person.email, person.phone or "", person.hpr or ""]
    if person.own_municipality is None and person.municipality is not None:
        # Keep the municipality for the statistics; the workplace names her too closely.
        person.own_municipality = person.municipality
    person.name = anonymised_name(person.id)
    person.email = anonymised_email(person.id)
    person.phone = None
    person.hpr = None
    person.notes = None
    person.specialties = None
    person.workplace = None
    person.leader = None
    person.public_consent = False
    person.calendar_token = new_calendar_token()
    # Those she led no longer name her as their leader.
    db.session.execute(update(Person).where(Person.leader_id == person.id).values(leader_id=None))
    return secrets


def anonymise(person: Person, *, reason: str = "admin", by: User | None = None) -> Person:
    """Remove the person's identity and free text for good and end her account.

    Registrations, attendance and completions stay as rows (seats and attendance numbers do
    not change); the audit log keeps the act, not the identity.
    """
    if queries.is_anonymised(person.id):
        raise ConflictError(None, _("Personen er allerede anonymisert."))
    if by is not None and getattr(by, "person_id", None) == person.id:
        raise DomainError("person", _("Du kan ikke anonymisere deg selv."))
    secrets = _anonymise(person, reason, by)
    scrub_audit(secrets)
    return person


def _forget_requests(person_id: int, emails: list[str]) -> None:
    """Her invitations and her sign-up requests go: they hold her address and her name."""
    db.session.execute(delete(Invitation).where(Invitation.person_id == person_id))
    emails = [e.lower() for e in emails if e]
    db.session.execute(
        delete(SignupRequest).where(
            or_(
                SignupRequest.person_id == person_id,
                db.func.lower(SignupRequest.email).in_(emails),
            )
        )
    )
    # Mail to her, sent or still queued, goes from the outbox (nothing more reaches her).
    for address in emails:
        db.session.execute(
            delete(OutboxMessage).where(
                db.func.lower(OutboxMessage.recipients).contains(address, autoescape=True)
            )
        )


def _addresses(person: Person) -> list[str]:
    user = db.session.scalar(select(User).where(User.person_id == person.id))
    return [a for a in {person.email, getattr(user, "email", None)} if a]


def _forget_kpm_application(person_id: int, secrets: list[str]) -> None:
    """Her KPM applications stay as counts (how many, which outcomes: seed 000's figures);
    her appeal, the letters and diplomas (they name her), the uploaded statements and every
    name in the frozen dossiers go."""
    lowered = [s.lower() for s in secrets if s and len(s) >= 3]
    applications = db.session.scalars(
        select(KpmApplication).where(KpmApplication.person_id == person_id)
    ).all()
    for application in applications:
        application.appeal_text = None
        application.dossier = _scrub(application.dossier, lowered)
        application.progress = _scrub(application.progress, lowered)
        for event in application.events:
            event.text = None
            event.previous_dossier = _scrub(event.previous_dossier, lowered)
        for decision in application.decisions:
            decision.letter = None
    documents = select(PersonDocument.id).where(PersonDocument.person_id == person_id)
    db.session.execute(delete(DocumentFile).where(DocumentFile.document_id.in_(documents)))


def _anonymise(person: Person, reason: str, by: User | None) -> list[str]:
    emails = _addresses(person)
    identity = [person.name, person.email, person.hpr or ""]
    secrets = _forget_identity(person)
    _forget_account(person)
    _forget_free_text(person.id)
    _forget_requests(person.id, emails)
    _forget_kpm_application(person.id, identity)
    person_anonymised.send(current_app._get_current_object(), person_id=person.id, emails=emails)
    db.session.add(
        Anonymisation(person_id=person.id, reason=reason, by_user_id=getattr(by, "id", None))
    )
    audit.log("privacy.anonymise", person, reason=reason)
    db.session.flush()
    return secrets


def retention_years() -> int:
    """RETENTION_YEARS from the configuration (default 5)."""
    return int(current_app.config.get("RETENTION_YEARS", 5))


def run_retention(on: dt.date | None = None) -> list[int]:
    """Anonymise everyone due on `on` (default today); the ids anonymised.

    The entry point for `flask retention run` and the scheduled job.
    """
    on = on or today_oslo()
    ids = queries.due_person_ids(on, retention_years())
    secrets: list[str] = []
    persons = db.session.scalars(select(Person).where(Person.id.in_(ids)).order_by(Person.id))
    for person in persons:
        secrets += _anonymise(person, "retention", None)
    if ids:
        scrub_audit(secrets)
        audit.log("privacy.retention_run", None, on=on.isoformat(), anonymised=len(ids))
    return ids


def hold(person: Person, reason: Any, *, by: User | None = None, on: dt.date | None = None):
    """Keep a person past the retention period for a year, with a reason (required)."""
    text = reason.strip() if isinstance(reason, str) else ""
    if not text:
        raise DomainError("reason", _("Skriv hvorfor personen skal beholdes."))
    if len(text) > REASON_MAX:
        raise DomainError("reason", _("Høyst %(n)d tegn.", n=REASON_MAX))
    on = on or today_oslo()
    entry = RetentionHold(
        person_id=person.id,
        reason=text,
        until=on + dt.timedelta(days=HOLD_DAYS),
        by_user_id=getattr(by, "id", None),
    )
    db.session.add(entry)
    db.session.flush()
    audit.log("privacy.hold", person, until=entry.until.isoformat())
    return entry
