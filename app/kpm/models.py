"""Doctors' KPM records: service periods, supervision, teaching, skills, documents, sites."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin
from app.core.types import LabelledEnum, enum_type
from app.extensions import db
from app.people.models import Person, TrustArea


class SiteKind(LabelledEnum):
    """The kinds of site where KPM service counts (CONTRACT.md)."""

    __labels__ = {
        "centre_with_beds": _l("Palliativt senter med sengepost"),
        "centre_without_beds": _l("Palliativt senter uten sengepost"),
        "nursing_home_unit": _l("Palliativ enhet i sykehjem / DMS"),
    }

    centre_with_beds = "centre_with_beds"
    centre_without_beds = "centre_without_beds"
    nursing_home_unit = "nursing_home_unit"


class DocumentKind(LabelledEnum):
    """Documents a KPM candidate collects."""

    __labels__ = {
        "specialist_approval": _l("Spesialistgodkjenning"),
        "education_plan": _l("Individuell utdanningsplan"),
        "research_project": _l("Forskningsprosjekt"),
        "theory_course": _l("Teoretisk kurs"),
    }

    specialist_approval = "specialist_approval"
    education_plan = "education_plan"
    research_project = "research_project"
    theory_course = "theory_course"


class EducationSite(TimestampMixin, db.Model):
    """An approved education site (utdanningssted) for KPM."""

    __tablename__ = "education_sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SiteKind] = mapped_column(enum_type(SiteKind, "education_site_kind"))
    trust_area_id: Mapped[int | None] = mapped_column(ForeignKey("trust_areas.id"))
    approved: Mapped[bool] = mapped_column(Boolean, default=True)
    #: approved without a KPM-approved senior consultant in a full position
    dispensation: Mapped[bool] = mapped_column(Boolean, default=False)
    last_inspection_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str | None] = mapped_column(Text)

    trust_area: Mapped[TrustArea | None] = relationship()


class ServicePeriod(TimestampMixin, db.Model):
    """Clinical service at a site, counted by position size."""

    __tablename__ = "service_periods"
    __table_args__ = (
        CheckConstraint("position_pct >= 1 AND position_pct <= 100", name="position_pct_range"),
        CheckConstraint('"end" IS NULL OR "end" >= start', name="end_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    site_kind: Mapped[SiteKind] = mapped_column(enum_type(SiteKind, "site_kind"))
    site_name: Mapped[str | None] = mapped_column(String(200))
    education_site_id: Mapped[int | None] = mapped_column(
        ForeignKey("education_sites.id", ondelete="SET NULL")
    )
    #: the site or the service is approved for KPM
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)
    position_pct: Mapped[float] = mapped_column(Float)

    person: Mapped[Person] = relationship()
    education_site: Mapped[EducationSite | None] = relationship()


class SupervisionMeeting(TimestampMixin, db.Model):
    """A supervision meeting (veiledning)."""

    __tablename__ = "supervision_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    supervisor: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship()


class TeachingHours(TimestampMixin, db.Model):
    """Internal teaching hours logged on a day."""

    __tablename__ = "teaching_hours"
    __table_args__ = (CheckConstraint("hours > 0", name="hours_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float)

    person: Mapped[Person] = relationship()


class ChecklistAttestation(TimestampMixin, db.Model):
    """One attested checklist item (a skill, or a level-B goal)."""

    __tablename__ = "checklist_attestations"
    __table_args__ = (UniqueConstraint("person_id", "plan_key", "requirement_key", "item_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    plan_key: Mapped[str] = mapped_column(String(80))
    requirement_key: Mapped[str] = mapped_column(String(80))
    item_key: Mapped[str] = mapped_column(String(80))
    attested_on: Mapped[dt.date] = mapped_column(Date)
    attested_by: Mapped[str | None] = mapped_column(String(200))
    attested_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship()


class PersonDocument(TimestampMixin, db.Model):
    """A dated document: specialist approval, education plan, research project, theory course."""

    __tablename__ = "person_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(enum_type(DocumentKind, "document_kind"))
    date: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship()


class SupervisorAssignment(db.Model):
    """A supervisor user's candidate: she sees the doctor's records and attests for them."""

    __tablename__ = "supervisor_assignments"
    __table_args__ = (UniqueConstraint("supervisor_user_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supervisor_user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    start: Mapped[dt.date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
