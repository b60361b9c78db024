"""Hospitation sites (the network's hospiteringsplan) and persons' hospitations."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin
from app.core.types import LabelledEnum, UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.networks.models import Network
from app.people.models import Municipality, Person, Profession, ServiceLevel, Workplace

site_professions = Table(
    "hospitation_site_professions",
    db.Model.metadata,
    Column("site_id", ForeignKey("hospitation_sites.id", ondelete="CASCADE"), primary_key=True),
    Column("profession_id", ForeignKey("professions.id", ondelete="CASCADE"), primary_key=True),
)


class HospitationSite(TimestampMixin, db.Model):
    """A place in the network's hospitation plan."""

    __tablename__ = "hospitation_sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    workplace_id: Mapped[int | None] = mapped_column(ForeignKey("workplaces.id"))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"))
    service_level: Mapped[ServiceLevel] = mapped_column(
        enum_type(ServiceLevel, "site_service_level")
    )
    contact_name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    network: Mapped[Network] = relationship()
    workplace: Mapped[Workplace | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    professions: Mapped[list[Profession]] = relationship(secondary=site_professions)


class HospitationStatus(LabelledEnum):
    """planned → confirmed → completed, or cancelled."""

    # "cancelled" says what the shared status table always said, so the pages read the same
    __labels__ = {
        "planned": _l("Planlagt"),
        "confirmed": _l("Bekreftet"),
        "completed": _l("Fullført"),
        "cancelled": _l("Avlyst/avmeldt"),
    }

    planned = "planned"
    confirmed = "confirmed"
    completed = "completed"
    cancelled = "cancelled"


class Hospitation(TimestampMixin, db.Model):
    """A person's placement at a site (or a place not yet listed)."""

    __tablename__ = "hospitations"
    __table_args__ = (
        CheckConstraint("days > 0", name="days_positive"),
        CheckConstraint('"end" IS NULL OR "end" >= start', name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("hospitation_sites.id", ondelete="SET NULL"), index=True
    )
    #: free-text place when the site is not in the list
    place: Mapped[str | None] = mapped_column(String(200))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    days: Mapped[float] = mapped_column(Float)
    #: the person's own goals, required before it is confirmed
    goals: Mapped[str | None] = mapped_column(Text)
    status: Mapped[HospitationStatus] = mapped_column(
        enum_type(HospitationStatus, "hospitation_status"), default=HospitationStatus.planned
    )
    reflection: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    person: Mapped[Person] = relationship()
    site: Mapped[HospitationSite | None] = relationship()

    @property
    def counted_days(self) -> float:
        """The days that count: never more than the calendar days from start to end (a row
        stored before that was checked may say more)."""
        if self.end is None or self.start is None or self.end < self.start:
            return self.days
        return min(self.days, (self.end - self.start).days + 1)

    events: Mapped[list[HospitationEvent]] = relationship(
        back_populates="hospitation", order_by="HospitationEvent.at", cascade="all, delete-orphan"
    )


class HospitationEvent(db.Model):
    """A status change of a hospitation: the log."""

    __tablename__ = "hospitation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    hospitation_id: Mapped[int] = mapped_column(
        ForeignKey("hospitations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: who confirmed without an account (the site contact through the signed link)
    by_label: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    hospitation: Mapped[Hospitation] = relationship(back_populates="events")

    @property
    def from_state(self) -> HospitationStatus | str | None:
        """The status before the change, as the enum (so it shows its label)."""
        return _state(self.from_status)

    @property
    def to_state(self) -> HospitationStatus | str | None:
        """The status after the change, as the enum (so it shows its label)."""
        return _state(self.to_status)


def _state(value: str | None) -> HospitationStatus | str | None:
    """A logged status as the enum; a value no member has stays as it was written."""
    try:
        return HospitationStatus(value) if value else value
    except ValueError:
        return value


class UsedLinkToken(db.Model):
    """Signed links that have been used once already (single-use confirmation links)."""

    __tablename__ = "used_link_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    purpose: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
