"""The registration of a person on an offering or a gathering, and where it stands."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin
from app.core.types import LabelledEnum, UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.people.models import Person


class RegistrationStatus(LabelledEnum):
    """Where a registration stands; registered..no_show hold a seat, waitlisted waits."""

    __labels__ = {
        "registered": _l("Påmeldt"),
        "waitlisted": _l("Venteliste"),
        # The shared word the pages showed before the labels moved here.
        "cancelled": _l("Avlyst/avmeldt"),
        "attended": _l("Deltok"),
        "completed": _l("Fullført"),
        "no_show": _l("Møtte ikke"),
    }

    registered = "registered"
    waitlisted = "waitlisted"
    cancelled = "cancelled"
    attended = "attended"
    completed = "completed"
    no_show = "no_show"


SEAT_HOLDING = (
    RegistrationStatus.registered,
    RegistrationStatus.attended,
    RegistrationStatus.completed,
    RegistrationStatus.no_show,
)


class Registration(TimestampMixin, db.Model):
    """A person's place on an offering or a gathering (exactly one of them)."""

    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("offering_id", "person_id"),
        UniqueConstraint("gathering_id", "person_id"),
        CheckConstraint(
            "(offering_id IS NULL) <> (gathering_id IS NULL)", name="offering_xor_gathering"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offering_id: Mapped[int | None] = mapped_column(
        ForeignKey("offerings.id", ondelete="CASCADE"), index=True
    )
    gathering_id: Mapped[int | None] = mapped_column(
        ForeignKey("gatherings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_type(RegistrationStatus, "registration_status")
    )
    #: order on the waiting list
    waitlisted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    #: the resource person's registration a leader came along with (intro course)
    companion_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("registrations.id", ondelete="SET NULL")
    )
    registered_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    status_changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: attendance recorded for a gathering (None = not recorded yet)
    attended: Mapped[bool | None] = mapped_column(Boolean)

    # Named by string: offerings and gatherings sit above this package and bring the classes.
    offering: Mapped[Offering | None] = relationship("Offering")  # noqa: F821
    gathering: Mapped[Gathering | None] = relationship("Gathering")  # noqa: F821
    person: Mapped[Person] = relationship()
    companion_of: Mapped[Registration | None] = relationship(remote_side=[id])
