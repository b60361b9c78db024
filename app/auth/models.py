"""Users, roles, coordinator scopes and API tokens."""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import secrets
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.types import UTCDateTime, enum_type, utcnow
from app.extensions import db

if TYPE_CHECKING:
    from app.networks.models import Network
    from app.people.models import Person


class Role(enum.Enum):
    """What a user may do; coordinators are scoped to networks."""

    admin = "admin"
    coordinator = "coordinator"
    leader = "leader"
    supervisor = "supervisor"
    resource_person = "resource_person"


coordinator_networks = Table(
    "coordinator_networks",
    db.Model.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("network_id", ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
)


def new_session_token() -> str:
    """A random token that identifies one sign-in generation of a user."""
    return secrets.token_urlsafe(24)


class User(UserMixin, db.Model):
    """Someone who signs in; linked to their person record where they have one."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), unique=True
    )
    #: rotated at sign-out so every cookie of the old session stops working
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: base32 TOTP secret (RFC 6238); set once enrolment is confirmed with a right code
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    #: when TOTP enrolment was confirmed (None: no MFA)
    mfa_enabled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the last TOTP time step accepted, so a code works only once (RFC 6238 §5.2)
    totp_last_counter: Mapped[int | None] = mapped_column(Integer)

    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    networks: Mapped[list[Network]] = relationship(secondary=coordinator_networks)

    def get_id(self) -> str:
        """Flask-Login identity: the id with the session generation."""
        return f"{self.id}:{self.session_token}"

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        """Deactivated users cannot sign in."""
        return self.active

    @property
    def mfa_enabled(self) -> bool:
        """True once the user has confirmed a TOTP authenticator."""
        return self.mfa_enabled_at is not None and bool(self.totp_secret)

    @property
    def is_admin(self) -> bool:
        """True for administrators."""
        return self.role is Role.admin

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship()

    @staticmethod
    def hash(token: str) -> str:
        """The stored form of a token."""
        return hashlib.sha256(token.encode()).hexdigest()


class RecoveryCode(db.Model):
    """A single-use MFA recovery code; only its SHA-256 is stored."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @staticmethod
    def hash(code: str) -> str:
        """The stored form of a code (case and separators ignored)."""
        normal = "".join(ch for ch in (code or "").lower() if ch.isalnum())
        return hashlib.sha256(normal.encode()).hexdigest()
# --------------------------------------------------------------------------- invitations


def hash_token(token: str) -> str:
    """The stored form of an invitation token (SHA-256)."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(db.Model):
    """A single-use link that lets a person choose a password and get her account.

    Only the token's hash is stored; a newer invitation to the same person voids this one.
    """

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), index=True
    )
    network_id: Mapped[int | None] = mapped_column(ForeignKey("networks.id", ondelete="SET NULL"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    role: Mapped[Role] = mapped_column(enum_type(Role, "invitation_role"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    voided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
    network: Mapped[Network | None] = relationship()
    invited_by: Mapped[User | None] = relationship()


class SignupStatus(enum.Enum):
    """Where a sign-up request stands."""

    pending = "pending"
    approved = "approved"
    declined = "declined"


class SignupRequest(db.Model):
    """Someone asking to join a network through /registrer-deg; a coordinator decides."""

    __tablename__ = "signup_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    profession_key: Mapped[str] = mapped_column(String(40))
    workplace: Mapped[str | None] = mapped_column(String(200))
    #: the municipality number
    municipality: Mapped[str | None] = mapped_column(String(4))
    leader_email: Mapped[str | None] = mapped_column(String(254))
    locale: Mapped[str | None] = mapped_column(String(5))
    status: Mapped[SignupStatus] = mapped_column(
        enum_type(SignupStatus, "signup_status"), default=SignupStatus.pending
    )
    reason: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"))

    network: Mapped[Network] = relationship()
