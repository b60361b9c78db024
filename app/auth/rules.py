"""Pure decisions for accounts: who must use MFA, when a session has ended, which
passwords are refused. No Flask, no database, no clock: the time is passed in."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection


class SessionState(enum.Enum):
    """Whether a signed-in session may go on."""

    ok = "ok"
    idle = "idle"  #: no request for longer than the idle timeout
    expired = "expired"  #: older than the absolute lifetime


def mfa_required(role: str, required_roles: Collection[str]) -> bool:
    """True when users of this role must enrol TOTP before any other page."""
    return role in required_roles


def session_state(
    started: float | None,
    seen: float | None,
    now: float,
    *,
    idle_minutes: int,
    max_hours: int,
) -> SessionState:
    """The state of a session that began at `started` and was last used at `seen` (epoch
    seconds); a zero or negative limit turns that limit off."""
    if started is not None and max_hours > 0 and now - started > max_hours * 3600:
        return SessionState.expired
    if seen is not None and idle_minutes > 0 and now - seen > idle_minutes * 60:
        return SessionState.idle
    return SessionState.ok


class PasswordProblem(enum.Enum):
    """Why a new password is refused."""

    too_short = "too_short"
    common = "common"
    same_as_email = "same_as_email"


def password_problem(
    password: str, *, min_length: int, common: Collection[str], email: str | None = None
) -> PasswordProblem | None:
    """What is wrong with a new password, or None when it may be used."""
    password = password or ""
    if len(password) < min_length:
        return PasswordProblem.too_short
    folded = password.strip().lower()
    if folded in common or len(set(folded)) <= 2:
        return PasswordProblem.common
    if email and folded in {email.strip().lower(), email.strip().lower().split("@")[0]}:
        return PasswordProblem.same_as_email
    return None


def accept_totp_step(step: int | None, last_used: int | None) -> bool:
    """A matched TOTP time step is accepted only if no later-or-equal step was used before
    (each code works once, RFC 6238 §5.2)."""
    return step is not None and (last_used is None or step > last_used)


def as_epoch(moment: dt.datetime) -> float:
    """Seconds since the epoch of an aware datetime."""
    return moment.timestamp()


def identity_from_claims(claims: dict, hpr_claim: str) -> tuple[str | None, str | None]:
    """The verified e-mail and the HPR number an OpenID Connect provider asserts.

    An e-mail counts only with `email_verified` true; the HPR number is read from the
    configured claim, else from plain `hpr_number`, as digits.
    """
    email = claims.get("email")
    verified = claims.get("email_verified") is True or claims.get("email_verified") == "true"
    email = email.strip().lower() if isinstance(email, str) and verified and email.strip() else None
    raw = claims.get(hpr_claim)
    if raw is None:
        raw = claims.get("hpr_number")
    if isinstance(raw, list) and len(raw) == 1:
        raw = raw[0]
    hpr = str(raw).strip() if isinstance(raw, str | int) and not isinstance(raw, bool) else None
    if hpr is not None and not (hpr.isascii() and hpr.isdigit() and len(hpr) <= 9):
        hpr = None
    return email, hpr
