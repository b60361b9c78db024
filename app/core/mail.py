"""Outgoing e-mail: the outbox table (``mail_outbox``) and its delivery over SMTP.

Mail about a change goes through the outbox (:func:`queue`): a row written in the same
transaction as the change, so a rollback drops it and a commit keeps it. Delivery
(:func:`deliver`) claims queued rows, sends each once and records the outcome; a failure leaves
the message queued for the next run, and a message that has failed for 24 hours is marked
failed. Without a worker (``MAIL_DELIVERY=inline``, the default: ``make run``, tests) the
messages a transaction queued are delivered in the same process right after its commit; with a
worker (``MAIL_DELIVERY=worker``) the registered dispatcher hands them to the task engine.
"""

from __future__ import annotations

import base64
import datetime as dt
import email.policy
import logging
import smtplib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from flask import current_app
from sqlalchemy import event, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core.models import OutboxMessage
from app.core.types import utcnow
from app.extensions import db

log = logging.getLogger(__name__)

#: a message failing for this long is marked failed
GIVE_UP_AFTER = dt.timedelta(hours=24)
#: a claim older than this belongs to a deliverer that died: the message is queued again
STALE_CLAIM = dt.timedelta(minutes=15)

Attachment = tuple[str, str, bytes]


class MailNotSent(Exception):
    """SMTP refused the message or could not be reached."""


def build_message(
    to: str | list[str],
    subject: str,
    body: str,
    *,
    attachments: Iterable[Attachment] | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    """A plain-text message; attachments are (filename, mimetype, bytes)."""
    recipients = [to] if isinstance(to, str) else list(to)
    # No folding into encoded words: List-Unsubscribe's long URL must stay readable.
    message = EmailMessage(policy=email.policy.default.clone(max_line_length=998))
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for filename, mimetype, data in attachments or []:
        maintype, _, subtype = mimetype.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


def smtp_send(message: EmailMessage) -> bool:
    """Hand one message to MAIL_SERVER; False when none is configured (only logged).

    Raises :class:`MailNotSent` when the server cannot be reached or refuses it.
    """
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        log.info("mail not sent (no MAIL_SERVER): %s to %s", message["Subject"], message["To"])
        return False
    try:
        with smtplib.SMTP(server, current_app.config["MAIL_PORT"], timeout=10) as smtp:
            if current_app.config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if current_app.config.get("MAIL_USERNAME"):
                smtp.login(current_app.config["MAIL_USERNAME"], current_app.config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailNotSent(f"{type(error).__name__}: {error}") from error
    return True


def send_mail(
    to: str | list[str],
    subject: str,
    body: str,
    *,
    attachments: list[Attachment] | None = None,
) -> bool:
    """Send a message now, outside the outbox (a reply the user waits for). True if sent."""
    if not to:
        return False
    try:
        return smtp_send(build_message(to, subject, body, attachments=attachments))
    except MailNotSent:
        # A mail failure must not lose the user's change; it is logged for the operator.
        log.exception("could not send mail %r to %s", subject, to)
        return False


# --------------------------------------------------------------------------- the outbox

_OUTBOX = "kn_mail_outbox"
_ENDED_COMMITTED = "kn_mail_ended_committed"
_COMMITTED = "kn_mail_committed"

#: called with the ids a commit queued when MAIL_DELIVERY is "worker" (the task engine's hook)
_dispatchers: list[Callable[[list[int]], None]] = []


def register_dispatcher(dispatcher: Callable[[list[int]], None]) -> None:
    """Let a task engine take the messages a commit queued (used when MAIL_DELIVERY=worker)."""
    if dispatcher not in _dispatchers:
        _dispatchers.append(dispatcher)


def outbox_row(
    to: str | list[str],
    subject: str,
    body: str,
    *,
    attachments: Iterable[Attachment] | None = None,
    headers: dict[str, str] | None = None,
    kind: str = "mail",
    key: str | None = None,
) -> dict[str, Any]:
    """The column values of one outbox message."""
    recipients = [to] if isinstance(to, str) else list(to)
    return {
        "key": key,
        "kind": kind,
        "recipients": ", ".join(recipients),
        "subject": subject[:300],
        "body": body,
        "headers": dict(headers) if headers else None,
        "attachments": [
            [filename, mimetype, base64.b64encode(data).decode("ascii")]
            for filename, mimetype, data in attachments or []
        ]
        or None,
        "status": "queued",
        "attempts": 0,
        "created_at": utcnow(),
    }


def queue(
    to: str | list[str],
    subject: str,
    body: str,
    *,
    attachments: list[Attachment] | None = None,
    headers: dict[str, str] | None = None,
    kind: str = "mail",
    key: str | None = None,
) -> OutboxMessage:
    """Put a message in the outbox in the current transaction; it leaves after the commit."""
    session = db.session()
    if not session.in_transaction():
        # Tie the message to a transaction, so a rollback before any write drops it too.
        session.begin()
    values = outbox_row(
        to, subject, body, attachments=attachments, headers=headers, kind=kind, key=key
    )
    message = OutboxMessage(**values)
    #: what pending() answers: the arguments as given (tests and callers read them)
    message.queued_as = (to, subject, body, attachments)
    session.add(message)
    session.info.setdefault(_OUTBOX, []).append(message)
    return message


def queue_unique(rows: list[dict[str, Any]]) -> int:
    """Insert outbox rows (from :func:`outbox_row`, each with a ``key``) whose key is new.

    ``INSERT … ON CONFLICT (key) DO NOTHING``: a second run, or a second worker racing this
    one, never queues the same notification twice. Returns how many rows were new.
    """
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(OutboxMessage)
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(OutboxMessage.id)
    )
    new = 0
    for start in range(0, len(rows), 500):
        new += len(db.session.execute(statement, rows[start : start + 500]).all())
    return new


def pending() -> list[tuple]:
    """The messages queued in the current transaction, not yet committed, as
    ``(to, subject, body, attachments)``."""
    return [
        getattr(m, "queued_as", None) or (m.recipients, m.subject, m.body, None)
        for m in db.session.info.get(_OUTBOX, [])
    ]


@event.listens_for(Session, "before_commit")
def _note_queued(session: Session) -> None:
    messages = session.info.get(_OUTBOX)
    if messages:
        session.flush()
        ids = [m.id for m in messages if m.id is not None and m in session]
        session.info[_COMMITTED] = ids


@event.listens_for(Session, "after_commit")
def _mark_committed(session: Session) -> None:
    # after_commit fires for a released savepoint too (the read model's refresh is one):
    # only the end of the outermost transaction, committed, may send.
    session.info[_ENDED_COMMITTED] = True


@event.listens_for(Session, "after_transaction_end")
def _send_or_forget_outbox(session: Session, transaction) -> None:
    committed = session.info.pop(_ENDED_COMMITTED, False)
    if transaction.parent is not None:
        return
    session.info.pop(_OUTBOX, None)
    ids = session.info.pop(_COMMITTED, None)
    if not committed or not ids:
        return  # ended without commit: the queued rows rolled back with it
    try:
        if current_app.config.get("MAIL_DELIVERY") == "worker" and _dispatchers:
            for dispatcher in _dispatchers:
                dispatcher(ids)
            return
        # The committed session cannot run SQL any more: deliver on a session of its own.
        with Session(bind=session.get_bind(), join_transaction_mode="create_savepoint") as own:
            deliver(own, ids=ids)
    except Exception:  # a mail problem must never undo or break the committed change
        log.exception("could not deliver the mail queued by this commit: %s", ids)


# --------------------------------------------------------------------------- delivery


@dataclass
class Delivery:
    """What one delivery run did."""

    sent: int = 0
    retry: int = 0
    failed: int = 0


def _claim(session: Session, token: str, now: dt.datetime, ids: list[int] | None) -> list[int]:
    """Mark the queued messages (of ``ids``, or all) as ours, in one short write transaction.

    PostgreSQL skips rows another deliverer holds (``FOR UPDATE SKIP LOCKED``); on SQLite the
    write lock of the UPDATE makes the claim atomic. Either way a row is claimed by one only:
    the UPDATE also requires it still to be queued.
    """
    queued = select(OutboxMessage.id).where(OutboxMessage.status == "queued")
    if ids is not None:
        queued = queued.where(OutboxMessage.id.in_(ids))
    if session.get_bind().dialect.name == "postgresql":
        queued = queued.with_for_update(skip_locked=True)
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(queued.scalar_subquery()), OutboxMessage.status == "queued")
        .values(status="sending", claim=token, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return list(
        session.scalars(
            select(OutboxMessage.id).where(OutboxMessage.claim == token).order_by(OutboxMessage.id)
        )
    )


def release_stale(session: Session, now: dt.datetime) -> None:
    """Queue again the messages a deliverer claimed and never finished (it died)."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - STALE_CLAIM)
        .values(status="queued", claim=None)
        .execution_options(synchronize_session=False)
    )
    session.commit()


def _as_email(message: OutboxMessage) -> EmailMessage:
    attachments = [
        (filename, mimetype, base64.b64decode(data))
        for filename, mimetype, data in message.attachments or []
    ]
    return build_message(
        [r.strip() for r in message.recipients.split(",") if r.strip()],
        message.subject,
        message.body,
        attachments=attachments,
        headers=message.headers,
    )


def _try(message: OutboxMessage, now: dt.datetime) -> str:
    """Send one claimed message and record the outcome; returns sent, retry or failed."""
    message.attempts = (message.attempts or 0) + 1
    message.claim = None
    try:
        delivered = smtp_send(_as_email(message))
    except MailNotSent as error:
        message.last_error = str(error)[:1000]
        message.failing_since = message.failing_since or now
        if now - message.failing_since >= GIVE_UP_AFTER:
            message.status = "failed"
            return "failed"
        message.status = "queued"
        return "retry"
    message.status = "sent"
    message.sent_at = now
    message.last_error = None if delivered else "no MAIL_SERVER: logged, not sent"
    return "sent"


def deliver(
    session: Session | None = None,
    *,
    ids: list[int] | None = None,
    now: dt.datetime | None = None,
) -> Delivery:
    """Try every queued message (of ``ids``, or all) once; no waiting between tries."""
    session = session if session is not None else db.session()
    now = now or utcnow()
    release_stale(session, now)
    claimed = _claim(session, uuid.uuid4().hex, now, ids)
    outcome = Delivery()
    for message_id in claimed:
        message = session.get(OutboxMessage, message_id)
        if message is None:
            continue
        result = _try(message, now)
        setattr(outcome, result, getattr(outcome, result) + 1)
        session.commit()  # each outcome is kept at once: a crash later never resends it
    return outcome


def resend(message: OutboxMessage) -> OutboxMessage:
    """Queue a message again (an admin's resend): a failed one is retried as new, a sent one
    is copied (its key stays with the original, so it is never a second notification)."""
    if message.status == "sent":
        copy = OutboxMessage(
            kind=message.kind,
            recipients=message.recipients,
            subject=message.subject,
            body=message.body,
            headers=message.headers,
            attachments=message.attachments,
            status="queued",
            attempts=0,
        )
        db.session.add(copy)
        db.session.info.setdefault(_OUTBOX, []).append(copy)
        return copy
    message.status = "queued"
    message.attempts = 0
    message.failing_since = None
    message.last_error = None
    message.claim = None
    db.session.info.setdefault(_OUTBOX, []).append(message)
    return message
