"""Course catalogue, offerings with modules, module attendance and completions recorded
elsewhere (registrations are app.registrations')."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import revisions
from app.core.models import TimestampMixin
from app.core.types import LabelledEnum, UTCDateTime, enum_type
from app.extensions import db
from app.networks.models import Network
from app.people.models import Person, Profession

course_professions = Table(
    "course_professions",
    db.Model.metadata,
    Column("course_id", ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("profession_id", ForeignKey("professions.id", ondelete="CASCADE"), primary_key=True),
)

offering_networks = Table(
    "offering_networks",
    db.Model.metadata,
    Column("offering_id", ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True),
    Column("network_id", ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
    # The network feed looks offerings up by network: the primary key leads with offering_id.
    Index("ix_offering_networks_network_id", "network_id"),
)


class Course(TimestampMixin, db.Model):
    """A catalogue entry: what the course is, who gives it, who it is for."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    provider: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(10))
    hours: Mapped[float | None] = mapped_column(Float)
    days: Mapped[float | None] = mapped_column(Float)
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(500))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    professions: Mapped[list[Profession]] = relationship(secondary=course_professions)
    offerings: Mapped[list[Offering]] = relationship(
        back_populates="course", order_by="Offering.start"
    )

    def __str__(self) -> str:
        return self.title


class OfferingStatus(LabelledEnum):
    """An offering is published until it is cancelled."""

    # "cancelled" reads as the shared status table always said; the form offers plain "Avlyst"
    __labels__ = {
        "published": _l("Publisert"),
        "cancelled": _l("Avlyst/avmeldt"),
    }
    __choice_labels__ = {"cancelled": _l("Avlyst")}

    published = "published"
    cancelled = "cancelled"


class Offering(TimestampMixin, db.Model):
    """One run of a course: dates, place, capacity, deadline, possibly modules."""

    __tablename__ = "offerings"
    __table_args__ = (
        CheckConstraint('"end" >= start', name="end_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    start: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    end: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    location: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: seats held by registrations; moved only by a conditional UPDATE
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    registration_deadline: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[OfferingStatus] = mapped_column(
        enum_type(OfferingStatus, "offering_status"), default=OfferingStatus.published
    )
    note: Mapped[str | None] = mapped_column(Text)
    #: raised on every change; the calendar's SEQUENCE
    revision: Mapped[int] = mapped_column(Integer, default=0)

    course: Mapped[Course] = relationship(back_populates="offerings")
    modules: Mapped[list[OfferingModule]] = relationship(
        back_populates="offering", cascade="all, delete-orphan", order_by="OfferingModule.start"
    )
    networks: Mapped[list[Network]] = relationship(secondary=offering_networks)

    #: the Registration column that points here (app.registrations' Target protocol)
    registration_field: ClassVar[str] = "offering_id"

    @property
    def registration_title(self) -> str:
        """What a person is told they registered for: the course's title."""
        return self.course.title


class OfferingModule(db.Model):
    """A part of an offering with its own dates and place."""

    __tablename__ = "offering_modules"
    __table_args__ = (CheckConstraint('"end" >= start', name="end_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    start: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    end: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    location: Mapped[str | None] = mapped_column(String(300))

    offering: Mapped[Offering] = relationship(back_populates="modules")


class ModuleAttendance(db.Model):
    """Attendance of one registration at one module."""

    __tablename__ = "module_attendances"
    __table_args__ = (UniqueConstraint("registration_id", "module_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        ForeignKey("registrations.id", ondelete="CASCADE"), index=True
    )
    module_id: Mapped[int] = mapped_column(
        ForeignKey("offering_modules.id", ondelete="CASCADE"), index=True
    )
    attended: Mapped[bool] = mapped_column(Boolean, default=True)


class CourseCompletion(TimestampMixin, db.Model):
    """A course taken elsewhere, recorded by the person and verified by a coordinator.

    Either a catalogue course (``course_id``) or a free-text one (``title``, ``provider``,
    ``level``): the level of a free-text course is the one the coordinator matched it to when
    verifying, and only then does it count for a level-only requirement. A certificate (PDF or
    image, checked by app.core.uploads) may come with it.
    """

    __tablename__ = "course_completions"
    __table_args__ = (
        CheckConstraint("hours IS NULL OR hours > 0", name="hours_positive"),
        CheckConstraint(
            "course_id IS NOT NULL OR title IS NOT NULL", name="course_or_title"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    #: a free-text course: its title, provider and (set by the coordinator) level
    title: Mapped[str | None] = mapped_column(String(300))
    provider: Mapped[str | None] = mapped_column(String(200))
    level: Mapped[str | None] = mapped_column(String(10))
    #: the certificate, checked before it was stored (loaded only when asked for)
    certificate: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    certificate_name: Mapped[str | None] = mapped_column(String(200))
    certificate_type: Mapped[str | None] = mapped_column(String(100))
    completed_on: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    verified_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship()
    course: Mapped[Course | None] = relationship()

    @property
    def display_title(self) -> str:
        """The catalogue course's title, or the free-text title."""
        return self.course.title if self.course is not None else (self.title or "")

    @property
    def display_level(self) -> str | None:
        """The catalogue course's level, or the level the coordinator matched it to."""
        return self.course.level if self.course is not None else self.level


#: the revision stamp of the course catalogue: renewed by every change to a course (its
#: title, hours, level or professions) or to a profession; what the progress pages keep of
#: the catalogue per process is kept while it stands
COURSES_REVISION = "courses"
revisions.watch(COURSES_REVISION, Course, Profession)
