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
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin
from app.core.types import LabelledEnum, UTCDateTime, enum_type
from app.extensions import db
from app.people.models import Person, Region, TrustArea


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
        "head_of_department_statement": _l("Attest fra avdelingssjef"),
    }

    specialist_approval = "specialist_approval"
    education_plan = "education_plan"
    research_project = "research_project"
    theory_course = "theory_course"
    head_of_department_statement = "head_of_department_statement"


class SiteApproval(LabelledEnum):
    """Where an education site stands with its approval (CONTRACT.md "KPM")."""

    __labels__ = {
        "applied": _l("Søkt"),
        "approved": _l("Godkjent"),
        "dispensation": _l("Godkjent på dispensasjon"),
        "withdrawn": _l("Godkjenning trukket"),
    }

    applied = "applied"
    approved = "approved"
    dispensation = "dispensation"
    withdrawn = "withdrawn"


class EducationSite(TimestampMixin, db.Model):
    """An education site (utdanningssted) for KPM: a palliative centre, with or without beds.

    A nursing-home unit is never a site (seed 001). The site's approval and its window decide
    on which days service there counts; every change of approval is kept in ``approvals``.
    Its inspections (tilsyn) are in ``app.kpm.inspection_models``.
    """

    __tablename__ = "education_sites"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('centre_with_beds', 'centre_without_beds')", name="kind_is_a_centre"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[SiteKind] = mapped_column(enum_type(SiteKind, "education_site_kind"))
    trust_area_id: Mapped[int | None] = mapped_column(ForeignKey("trust_areas.id"))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    #: a regional competence centre: inspected by another region's centre
    regional_centre: Mapped[bool] = mapped_column(Boolean, default=False)
    approval: Mapped[SiteApproval] = mapped_column(
        enum_type(SiteApproval, "site_approval"), default=SiteApproval.applied
    )
    approved_from: Mapped[dt.date | None] = mapped_column(Date)
    approved_until: Mapped[dt.date | None] = mapped_column(Date)
    #: the education committee (utdanningsutvalg): its chair (a doctor) and members
    committee_chair: Mapped[str | None] = mapped_column(String(200))
    committee_members: Mapped[str | None] = mapped_column(Text)
    #: the site's education plan with its teaching programme
    education_plan: Mapped[str | None] = mapped_column(Text)
    #: internal teaching per week (seed 001: 2 hours)
    weekly_teaching_hours: Mapped[float | None] = mapped_column(Float)
    notes: Mapped[str | None] = mapped_column(Text)

    trust_area: Mapped[TrustArea | None] = relationship()
    region: Mapped[Region | None] = relationship()
    approvals: Mapped[list[SiteApprovalChange]] = relationship(
        back_populates="site",
        order_by="(SiteApprovalChange.recorded_on, SiteApprovalChange.id)",
        cascade="all, delete-orphan",
    )


class SiteApprovalChange(db.Model):
    """One change of a site's approval: the new standing, its window and the reason."""

    __tablename__ = "education_site_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(
        ForeignKey("education_sites.id", ondelete="CASCADE"), index=True
    )
    approval: Mapped[SiteApproval] = mapped_column(enum_type(SiteApproval, "site_approval"))
    approved_from: Mapped[dt.date | None] = mapped_column(Date)
    approved_until: Mapped[dt.date | None] = mapped_column(Date)
    #: why: e.g. no senior consultant at 100 % with KPM approval, hence dispensation
    reason: Mapped[str | None] = mapped_column(Text)
    recorded_on: Mapped[dt.date] = mapped_column(Date)
    recorded_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    site: Mapped[EducationSite] = relationship(back_populates="approvals")


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
    #: a nursing-home unit's pre-approval (seed 001), recorded for the dossier; informs only
    preapproval_supervisor: Mapped[str | None] = mapped_column(String(200))
    preapproval_programme: Mapped[str | None] = mapped_column(Text)
    preapproval_beds: Mapped[int | None] = mapped_column(Integer)
    preapproval_centre: Mapped[str | None] = mapped_column(String(200))

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

    #: attested by the supervisor (meetings, teaching) or a KPM coordinator; counts only then
    attested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attested_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship()

    @property
    def attested(self) -> bool:
        """True once attested."""
        return self.attested_at is not None


class TeachingHours(TimestampMixin, db.Model):
    """Internal teaching hours logged on a day."""

    __tablename__ = "teaching_hours"
    __table_args__ = (CheckConstraint("hours > 0", name="hours_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    date: Mapped[dt.date] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float)

    #: attested by the supervisor (meetings, teaching) or a KPM coordinator; counts only then
    attested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attested_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship()

    @property
    def attested(self) -> bool:
        """True once attested."""
        return self.attested_at is not None


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

    #: attested by the supervisor (meetings, teaching) or a KPM coordinator; counts only then
    attested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    attested_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    person: Mapped[Person] = relationship()

    @property
    def attested(self) -> bool:
        """True once attested."""
        return self.attested_at is not None


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


class SupervisorQualification(db.Model):
    """A supervisor's own KPM approval (seed 001: as a rule she holds it; flagged when not)."""

    __tablename__ = "kpm_supervisor_qualifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    kpm_approved_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))
