"""Writes for users: create, passwords (argon2id), sign-out, API tokens, reset links,
and the account lifecycle (role and networks, deactivate, reactivate, own password)."""

from __future__ import annotations

import hashlib
import secrets
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select, update

from app.auth.models import ApiToken, Role, User, new_session_token
from app.auth.rules import PasswordProblem, password_problem
from app.core import audit
from app.core.errors import ConflictError, DomainError
from app.core.types import utcnow
from app.extensions import db
from app.networks.models import Network

_hasher = PasswordHasher()  # argon2id with the library's current parameters
MIN_PASSWORD_LENGTH = 12
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
# A hash to verify against when the e-mail is unknown, so timing does not reveal accounts;
# made on first use (argon2 takes tens of megabytes, which no command or export should pay).
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(_hasher.hash(secrets.token_hex(16)))
    return _DUMMY[0]


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (loaded once)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def check_password_strength(
    password: str, *, field: str = "password", email: str | None = None
) -> None:
    """Refuse passwords that are too short, common, or the e-mail address."""
    problem = password_problem(
        password, min_length=MIN_PASSWORD_LENGTH, common=common_passwords(), email=email
    )
    if problem is PasswordProblem.too_short:
        raise DomainError(field, _("Passordet må ha minst %(n)d tegn.", n=MIN_PASSWORD_LENGTH))
    if problem is PasswordProblem.common:
        raise DomainError(field, _("Passordet er for vanlig. Velg et annet."))
    if problem is PasswordProblem.same_as_email:
        raise DomainError(field, _("Passordet kan ikke være e-postadressen din."))


def find_user(email: str) -> User | None:
    """The user with this e-mail (case-insensitive)."""
    return db.session.scalar(
        select(User).where(func.lower(User.email) == (email or "").strip().lower())
    )


def authenticate(email: str, password: str) -> User | None:
    """The active user whose password matches, else None; rehashes old parameters."""
    user = find_user(email)
    if user is None or not user.password_hash or not user.active:
        try:
            _hasher.verify(_dummy_hash(), password or "")
        except VerificationError:
            pass
        return None
    try:
        _hasher.verify(user.password_hash, password or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    return user


def create_user(
    email: str,
    role: Role,
    *,
    password: str | None = None,
    networks: list[Network] | None = None,
    person=None,
) -> User:
    """A new user; coordinators get their networks."""
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise DomainError("email", _("Ugyldig e-postadresse."))
    if find_user(email) is not None:
        raise ConflictError("email", _("Det finnes allerede en bruker med denne e-posten."))
    if password is not None:
        check_password_strength(password, email=email)
    user = User(
        email=email,
        role=role,
        password_hash=hash_password(password) if password else None,
        person=person,
    )
    if networks:
        user.networks = list(networks)
    db.session.add(user)
    db.session.flush()
    audit.log("user.create", user, role=role.value)
    return user


def set_password(user: User, password: str) -> None:
    """Replace the password and end every other session."""
    check_password_strength(password, email=user.email)
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    audit.log("user.password", user)


def end_sessions(user: User) -> None:
    """Sign-out: rotate the session token so every copy of the old cookie is dead."""
    user.session_token = new_session_token()


def create_api_token(user: User, name: str | None = None) -> str:
    """A new API token; only its hash is stored, the token itself is returned once."""
    raw = secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, token_hash=ApiToken.hash(raw), name=name))
    db.session.flush()
    audit.log("token.create", user)
    return raw


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _fingerprint(user: User) -> str:
    # Changes whenever the password or session generation changes: the link works once.
    material = f"{user.password_hash}|{user.session_token}".encode()
    return hashlib.sha256(material).hexdigest()[:16]


def make_reset_token(user: User) -> str:
    """A signed, expiring, single-use password-reset token."""
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user)})


def user_from_reset_token(token: str) -> User | None:
    """The user a valid, unused, unexpired reset token names, else None."""
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    try:
        data = _serializer().loads(token, max_age=max_age)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, data.get("u")) if isinstance(data, dict) else None
    if user is None or not user.active or data.get("f") != _fingerprint(user):
        return None
    return user


# --------------------------------------------------------------------------- lifecycle


def change_own_password(user: User, current: str, new: str) -> None:
    """The user's own change: needs the current password; every session ends (the caller
    signs the current one in again)."""
    try:
        _hasher.verify(user.password_hash or _dummy_hash(), current or "")
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        raise DomainError("current", _("Nåværende passord er feil.")) from None
    if not user.password_hash:
        raise DomainError("current", _("Nåværende passord er feil."))
    set_password(user, new)


def revoke_tokens(user: User) -> int:
    """Revoke every API token of the user; returns how many were still valid."""
    result = db.session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
        .values(revoked=True)
        .execution_options(synchronize_session="fetch")
    )
    audit.log("token.revoke_all", user, count=result.rowcount)
    return result.rowcount


def token_from_header(header: str) -> ApiToken | None:
    """The unrevoked API token an `Authorization: Bearer …` header carries, else None."""
    if not (header or "").lower().startswith("bearer "):
        return None
    raw = header[7:].strip()
    if not raw:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(raw)))
    return None if token is None or token.revoked else token


def revoke_token(token: ApiToken) -> None:
    """Revoke one API token."""
    token.revoked = True
    db.session.flush()
    audit.log("token.revoke", token.user, token_id=token.id)


def deactivate(user: User, *, by: User | None = None) -> None:
    """End an account: sign-in refused, every session and API token stops working now."""
    if by is not None and by.id == user.id:
        raise DomainError(None, _("Du kan ikke deaktivere din egen konto."))
    if not user.active:
        raise DomainError(None, _("Kontoen er allerede deaktivert."))
    user.active = False
    user.session_token = new_session_token()
    revoke_tokens(user)
    db.session.flush()
    audit.log("user.deactivate", user)


def reactivate(user: User) -> None:
    """Let a deactivated account sign in again (old sessions and tokens stay dead)."""
    if user.active:
        raise DomainError(None, _("Kontoen er allerede aktiv."))
    user.active = True
    db.session.flush()
    audit.log("user.reactivate", user)


def change_role(user: User, role: Role, networks: list[Network], *, by: User) -> None:
    """Set the user's role and the networks she coordinates (coordinators only)."""
    if user.id == by.id and role is not Role.admin and user.role is Role.admin:
        raise DomainError("role", _("Du kan ikke ta fra deg selv administratorrollen."))
    if role is Role.coordinator and not networks:
        raise DomainError("networks", _("En koordinator må ha minst ett nettverk."))
    before = user.role
    user.role = role
    user.networks = list(networks) if role is Role.coordinator else []
    db.session.flush()
    audit.log(
        "user.role", user, role=role.value, before=before.value,
        networks=",".join(sorted(n.slug for n in user.networks)),
    )
