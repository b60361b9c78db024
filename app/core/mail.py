"""Outgoing e-mail through SMTP (MAIL_SERVER); without a server the message is only logged."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage

from flask import current_app

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
