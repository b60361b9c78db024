"""The site contact's confirmation link: signed, expiring, single-use, for one hospitation.

The contact needs no account: the e-mail carries a link whose token names the hospitation;
the page shows the request (GET) and confirms on a button press (POST). A used token's digest
is stored in UsedLinkToken, so the link works once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.core import audit
from app.core.errors import DomainError
from app.core.i18n import count_form
from app.core.mail import send_mail
from app.extensions import db
from app.hospitation import rules
from app.hospitation.models import Hospitation, HospitationStatus, UsedLinkToken
from app.hospitation.operations import change_status, log_event

CONFIRM_SALT = "hospitation-confirm"
CONFIRM_PURPOSE = "hospitation-confirm"
#: how long a site contact's confirmation link works (seconds)
CONFIRM_MAX_AGE = 30 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CONFIRM_SALT)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_confirm_token(h: Hospitation) -> str:
    """A signed token that lets the site contact confirm this one hospitation, once."""
    return _serializer().dumps({"h": h.id, "n": secrets.token_urlsafe(8)})


def confirm_link(h: Hospitation) -> str:
    """The absolute confirmation link for the site contact."""
    token = make_confirm_token(h)
    path = url_for("hospitation.confirm_by_link", hospitation_id=h.id, token=token)
    return current_app.config["BASE_URL"].rstrip("/") + path


def check_confirm_token(h: Hospitation, token: str) -> str | None:
    """None when `token` is a valid, unused, unexpired link for `h`; else why not."""
    max_age = current_app.config.get("HOSPITATION_LINK_MAX_AGE", CONFIRM_MAX_AGE)
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        return _("Lenken er utløpt. Be om en ny fra personen eller koordinatoren.")
    except BadSignature:
        return _("Lenken er ugyldig.")
    if not isinstance(data, dict) or data.get("h") != h.id:
        return _("Lenken gjelder ikke denne hospiteringen.")
    used = db.session.scalar(select(UsedLinkToken.id).where(UsedLinkToken.digest == _digest(token)))
    if used is not None:
        return _("Lenken er allerede brukt.")
    return None


def confirm_with_token(h: Hospitation, token: str, *, today: dt.date) -> Hospitation:
    """The site contact confirms through the link: checked, used up, logged."""
    problem = check_confirm_token(h, token)
    if problem:
        raise DomainError(None, problem, code="invalid_link")
    try:
        with db.session.begin_nested():
            db.session.add(
                UsedLinkToken(digest=_digest(token), purpose=CONFIRM_PURPOSE, object_id=h.id)
            )
            db.session.flush()
    except IntegrityError as error:
        # Two clicks at once: the unique digest lets only one through.
        raise DomainError(None, _("Lenken er allerede brukt."), code="invalid_link") from error
    label = (h.site.contact_name or h.site.email) if h.site else None
    change_status(
        h,
        rules.CONFIRMED,
        today=today,
        actor="site",
        by_label=label or _("Hospiteringsstedet"),
        note=_("Bekreftet fra lenke i e-post"),
    )
    return h


def send_confirmation_request(h: Hospitation) -> bool:
    """E-mail the site contact a link to confirm the planned hospitation; True if sent."""
    if h.site is None or not h.site.email or h.status is not HospitationStatus.planned:
        return False
    link = confirm_link(h)
    period = h.start.strftime("%d.%m.%Y") + (" – " + h.end.strftime("%d.%m.%Y") if h.end else "")
    body = ngettext(
        "Hei%(name)s!\n\n%(person)s ønsker å hospitere hos %(site)s: %(period)s "
        "(%(days)s dag).\n\nEgne mål for hospiteringen:\n%(goals)s\n\n"
        "Bekreft hospiteringen med denne lenken (den virker én gang, i 30 dager, "
        "og du trenger ingen konto):\n\n%(link)s\n\nSpørsmål kan sendes til %(email)s.\n",
        "Hei%(name)s!\n\n%(person)s ønsker å hospitere hos %(site)s: %(period)s "
        "(%(days)s dager).\n\nEgne mål for hospiteringen:\n%(goals)s\n\n"
        "Bekreft hospiteringen med denne lenken (den virker én gang, i 30 dager, "
        "og du trenger ingen konto):\n\n%(link)s\n\nSpørsmål kan sendes til %(email)s.\n",
        count_form(h.days),
        name=f" {h.site.contact_name}" if h.site.contact_name else "",
        person=h.person.name,
        site=h.site.name,
        period=period,
        days=f"{h.days:g}".replace(".", ","),
        goals=h.goals or "",
        link=link,
        email=h.person.email,
    )
    sent = send_mail(h.site.email, _("Forespørsel om hospitering: %(n)s", n=h.person.name), body)
    if sent:
        log_event(
            h,
            h.status.value,
            h.status.value,
            note=_("Forespørsel sendt til %(e)s", e=h.site.email),
        )
        audit.log("hospitation.request_sent", h, to=h.site.email)
        db.session.flush()
    return sent
