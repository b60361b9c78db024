"""Writes for users: create, passwords (argon2id), sign-out, API tokens, reset links."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.auth.models import ApiToken, Role, User, new_session_token
from app.core import audit
from app.core.errors import ConflictError, DomainError
from app.core.types import utcnow
from app.extensions import db
from app.networks.models import Network

_hasher = PasswordHasher()  # argon2id with the library's current parameters
MIN_PASSWORD_LENGTH = 10
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


def check_password_strength(password: str) -> None:
    """Refuse passwords that are too short."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError("password", _("Passordet må ha minst %(n)d tegn.", n=MIN_PASSWORD_LENGTH))


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
        check_password_strength(password)
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
    check_password_strength(password)
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
