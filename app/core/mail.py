"""Outgoing e-mail through SMTP (MAIL_SERVER); without a server the message is only logged.

Mail about a change goes through the outbox (:func:`queue`): sent after the commit, dropped on
rollback.
"""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db

log = logging.getLogger(__name__)


def send_mail(
    to: str | list[str],
    subject: str,
    body: str,
    *,
    attachments: list[tuple[str, str, bytes]] | None = None,
) -> bool:
    """Send a plain-text message; attachments are (filename, mimetype, bytes). True if sent."""
    recipients = [to] if isinstance(to, str) else list(to)
    if not recipients:
        return False
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message.set_content(body)
    for filename, mimetype, data in attachments or []:
        maintype, _, subtype = mimetype.partition("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        log.info("mail not sent (no MAIL_SERVER): %s to %s", subject, recipients)
        return False
    try:
        with smtplib.SMTP(server, current_app.config["MAIL_PORT"], timeout=10) as smtp:
            if current_app.config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if current_app.config.get("MAIL_USERNAME"):
                smtp.login(current_app.config["MAIL_USERNAME"], current_app.config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        # A mail failure must not lose the user's change; it is logged for the operator.
        log.exception("could not send mail %r to %s", subject, recipients)
        return False
    return True


# --------------------------------------------------------------------------- outbox
#
# Mail that announces a change must not leave before the change is committed, and must not
# leave at all when the request rolls back. queue() keeps the message on the session; the
# listeners below send it after the outermost commit or drop it when the transaction ends
# without one.

_OUTBOX = "kn_mail_outbox"
_COMMITTED = "kn_mail_committed"


def queue(
    to: str | list[str],
    subject: str,
    body: str,
    *,
    attachments: list[tuple[str, str, bytes]] | None = None,
) -> None:
    """Send a message once the current transaction commits (dropped on rollback)."""
    session = db.session()
    if not session.in_transaction():
        # Tie the message to a transaction, so a rollback before any write drops it too.
        session.begin()
    session.info.setdefault(_OUTBOX, []).append((to, subject, body, attachments))


def pending() -> list[tuple]:
    """The messages queued in the current transaction, not yet sent."""
    return list(db.session.info.get(_OUTBOX, []))


@event.listens_for(Session, "after_commit")
def _mark_committed(session: Session) -> None:
    session.info[_COMMITTED] = True


@event.listens_for(Session, "after_transaction_end")
def _send_or_forget_outbox(session: Session, transaction) -> None:
    # after_commit fires for a released savepoint too: only the end of the outermost
    # transaction, committed, sends; a savepoint's end only forgets that it "committed".
    committed = session.info.pop(_COMMITTED, False)
    if transaction.parent is not None:
        return
    messages = session.info.pop(_OUTBOX, None)
    if not committed:
        return  # ended without commit: what was queued is dropped
    for to, subject, body, attachments in messages or []:
        try:
            send_mail(to, subject, body, attachments=attachments)
        except Exception:  # a mail problem must never undo or break the committed change
            log.exception("could not send queued mail %r to %s", subject, to)
