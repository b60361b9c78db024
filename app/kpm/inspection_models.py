"""Inspections (tilsyn) of KPM education sites and the deficiencies (avvik) they find.

Seed 000 §2.3: an approved site is inspected every year by the regional competence centre —
a written report and a visit; a regional centre is inspected from another region. A
deficiency gets a deadline, and its follow-up is a written report or a new visit.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.types import LabelledEnum, UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.kpm.models import EducationSite
from app.people.models import Region


class InspectionKind(LabelledEnum):
    """How a site was inspected: a written report from the site, or a visit."""

    __labels__ = {"report": _l("Skriftlig rapport"), "visit": _l("Tilsynsbesøk")}

    report = "report"
    visit = "visit"


class SiteInspection(db.Model):
    """One inspection of an education site, counted for the year it belongs to."""

    __tablename__ = "site_inspections"
    __table_args__ = (CheckConstraint("year BETWEEN 1900 AND 2200", name="year_in_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(
        ForeignKey("education_sites.id", ondelete="CASCADE"), index=True
    )
    #: the inspection year it answers for (a report for 2025 may arrive in 2026)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[InspectionKind] = mapped_column(enum_type(InspectionKind, "inspection_kind"))
    #: the day of the visit, or the day the written report was received
    date: Mapped[dt.date] = mapped_column(Date)
    #: who inspected (a name or the competence centre)
    inspector: Mapped[str | None] = mapped_column(String(200))
    #: the region of the inspecting competence centre (never the regional centre's own)
    inspector_region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    created_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    site: Mapped[EducationSite] = relationship()
    inspector_region: Mapped[Region | None] = relationship()
    findings: Mapped[list[InspectionFinding]] = relationship(
        back_populates="inspection",
        order_by="InspectionFinding.id",
        cascade="all, delete-orphan",
    )


class InspectionFinding(db.Model):
    """A deficiency an inspection found, with the deadline to correct it."""

    __tablename__ = "inspection_findings"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(
        ForeignKey("site_inspections.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    deadline: Mapped[dt.date] = mapped_column(Date)
    #: the day the deficiency was found corrected; None while it is open
    closed_on: Mapped[dt.date | None] = mapped_column(Date)
    #: how the correction was checked: a written report or a new visit
    follow_up: Mapped[InspectionKind | None] = mapped_column(
        enum_type(InspectionKind, "inspection_kind")
    )
    closed_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    inspection: Mapped[SiteInspection] = relationship(back_populates="findings")
