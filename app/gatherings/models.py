"""Gatherings of a network and reading lists (for a gathering or a competence plan)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin
from app.core.types import LabelledEnum, UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.networks.models import CompetencePlan, Network


class GatheringKind(LabelledEnum):
    """Kinds of network gathering."""

    __labels__ = {
        "intro_course": _l("Introduksjonskurs"),
        "network_meeting": _l("Nettverkssamling"),
        "theme_day": _l("Temadag"),
        "fagdag": _l("Fagdag"),
    }

    intro_course = "intro_course"
    network_meeting = "network_meeting"
    theme_day = "theme_day"
    fagdag = "fagdag"


class GatheringStatus(LabelledEnum):
    """A gathering is planned until it is cancelled."""

    # The shared status words the pages showed before the labels moved here.
    __labels__ = {"planned": _l("Planlagt"), "cancelled": _l("Avlyst/avmeldt")}

    planned = "planned"
    cancelled = "cancelled"


class Gathering(TimestampMixin, db.Model):
    """A network meeting, theme day, fagdag or intro course."""

    __tablename__ = "gatherings"
    __table_args__ = (
        CheckConstraint('"end" >= start', name="end_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[GatheringKind] = mapped_column(enum_type(GatheringKind, "gathering_kind"))
    title: Mapped[str] = mapped_column(String(200))
    start: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    end: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    location: Mapped[str | None] = mapped_column(String(300))
    online_url: Mapped[str | None] = mapped_column(String(500))
    agenda: Mapped[str | None] = mapped_column(Text)
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: seats held by registrations; moved only by a conditional UPDATE (app.registrations)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    registration_deadline: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[GatheringStatus] = mapped_column(
        enum_type(GatheringStatus, "gathering_status"), default=GatheringStatus.planned
    )
    #: raised on every change; the calendar's SEQUENCE
    revision: Mapped[int] = mapped_column(Integer, default=0)

    network: Mapped[Network] = relationship()
    reading_list: Mapped[list[ReadingItem]] = relationship(
        back_populates="gathering", cascade="all, delete-orphan", order_by="ReadingItem.id"
    )

    #: the Registration column that points here (app.registrations' Target protocol)
    registration_field: ClassVar[str] = "gathering_id"

    @property
    def registration_title(self) -> str:
        """What a person is told they registered for."""
        return self.title

    @property
    def is_over(self) -> bool:
        """True once the gathering has ended (a planned one in the past was held)."""
        return self.end is not None and self.end <= utcnow()


class ReadingItem(db.Model):
    """Recommended literature, for a plan or a gathering."""

    __tablename__ = "reading_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("competence_plans.id", ondelete="CASCADE"), index=True
    )
    gathering_id: Mapped[int | None] = mapped_column(
        ForeignKey("gatherings.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))
    note: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[CompetencePlan | None] = relationship(back_populates="reading_list")
    gathering: Mapped[Gathering | None] = relationship(back_populates="reading_list")
