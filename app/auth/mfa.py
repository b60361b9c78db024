"""TOTP (RFC 6238, pyotp) and single-use recovery codes: enrolment, checking, reset.

The secret being enrolled lives in the user's session until she confirms it with a right
code; only then is it stored on the user. Recovery codes are stored as SHA-256 hashes and
shown once. Operations flush and log, never commit (see `app.core.writes`).
"""

from __future__ import annotations

import secrets
import time

import pyotp
import segno
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import delete, select

from app.auth.models import RecoveryCode, User
from app.auth.rules import accept_totp_step
from app.core import audit
from app.core.errors import DomainError
from app.core.types import utcnow
from app.extensions import db

ISSUER = "Kompetansenett"
RECOVERY_CODE_COUNT = 10
#: codes one step (30 s) early or late are accepted: phone clocks drift
VALID_WINDOW = 1
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to read back


def new_secret() -> str:
    """A random base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The URI as an inline SVG QR code (the page also shows the secret as text)."""
    svg = segno.make(uri, error="m").svg_inline(scale=4, border=2, title=_("QR-kode"))
    return Markup(svg)  # noqa: S704 - segno's own SVG, the URI is escaped by segno


def group_secret(secret: str) -> str:
    """The secret in groups of four, easier to type from the screen."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def code_at(secret: str, step: int) -> str:
    """The code of a time step (for tests and the demo helper)."""
    return pyotp.TOTP(secret).generate_otp(step)


def current_step(now: float | None = None) -> int:
    """The TOTP time step of now."""
    return int((time.time() if now is None else now) // 30)


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code this is (within the window), else None."""
    code = "".join((code or "").split())  # "123 456" as some apps show it
    if len(code) != 6 or not code.isascii() or not code.isdigit() or not secret:
        return None
    totp = pyotp.TOTP(secret)
    moment = time.time() if now is None else now
    current = int(moment // totp.interval)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if secrets.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_ALPHABET) for _j in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        codes.append(code)
        db.session.add(RecoveryCode(user=user, code_hash=RecoveryCode.hash(code)))
    return codes


def enable(user: User, secret: str, code: str) -> list[str]:
    """Confirm enrolment with a code from the app; returns the ten recovery codes (once)."""
    step = matching_step(secret, code)
    if step is None:
        raise DomainError("code", _("Koden stemmer ikke. Sjekk klokka på telefonen og prøv igjen."))
    user.totp_secret = secret
    user.totp_last_counter = step
    user.mfa_enabled_at = utcnow()
    codes = _new_recovery_codes(user)
    db.session.flush()
    audit.log("user.mfa_enable", user)
    return codes


def check_code(user: User, code: str) -> str:
    """Accept a TOTP code or an unused recovery code of the user; returns which it was
    ("totp" or "recovery"). A wrong or reused code is a DomainError on `code`."""
    step = matching_step(user.totp_secret or "", code)
    if step is not None:
        if not accept_totp_step(step, user.totp_last_counter):
            raise DomainError("code", _("Denne koden er allerede brukt. Vent på neste kode."))
        user.totp_last_counter = step
        return "totp"
    recovery = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == RecoveryCode.hash(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is None:
        raise DomainError("code", _("Feil kode. Prøv igjen, eller bruk en gjenopprettingskode."))
    recovery.used_at = utcnow()
    db.session.flush()
    audit.log("user.mfa_recovery_code", user)
    return "recovery"


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes the user has left."""
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def regenerate_recovery_codes(user: User) -> list[str]:
    """Ten new recovery codes (the old ones stop working)."""
    codes = _new_recovery_codes(user)
    db.session.flush()
    audit.log("user.mfa_recovery_codes", user)
    return codes


def disable(user: User, *, by: User | None = None) -> None:
    """Remove the user's TOTP and recovery codes (her own choice, or an admin's reset)."""
    user.totp_secret = None
    user.totp_last_counter = None
    user.mfa_enabled_at = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()
    audit.log("user.mfa_reset" if by is not None and by is not user else "user.mfa_disable", user)
