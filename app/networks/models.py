"""Networks, memberships and competence plans with requirements (gatherings are
app.gatherings')."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin
from app.core.types import LabelledEnum, enum_type
from app.extensions import db
from app.people.models import Person, Profession, Region, TrustArea

network_professions = Table(
    "network_professions",
    db.Model.metadata,
    Column("network_id", ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True),
    Column("profession_id", ForeignKey("professions.id", ondelete="CASCADE"), primary_key=True),
)


class Network(TimestampMixin, db.Model):
    """A competence network (kompetansenettverk)."""

    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(String(300))
    region_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"))
    trust_area_id: Mapped[int | None] = mapped_column(ForeignKey("trust_areas.id"))

    professions: Mapped[list[Profession]] = relationship(secondary=network_professions)
    region: Mapped[Region | None] = relationship()
    trust_area: Mapped[TrustArea | None] = relationship()
    plans: Mapped[list[CompetencePlan]] = relationship(
        back_populates="network", order_by="CompetencePlan.id"
    )

    @property
    def active_plan(self) -> CompetencePlan | None:
        """The plan in force: the last one activated."""
        active = [p for p in self.plans if p.active]
        return active[-1] if active else None

    def __str__(self) -> str:
        return self.name


class MembershipRole(LabelledEnum):
    """The role a person has in a network."""

    __labels__ = {
        "resource_person": _l("Ressursperson"),
        "coordinator": _l("Koordinator"),
    }

    resource_person = "resource_person"
    coordinator = "coordinator"


class Membership(db.Model):
    """A period of membership; leaving and rejoining keeps the old rows as history."""

    __tablename__ = "memberships"
    __table_args__ = (
        CheckConstraint('"end" IS NULL OR "end" >= start', name="end_after_start"),
        # who is a member on a day, read from the index alone (migration 0023)
        Index("ix_memberships_network_person", "network_id", "person_id", "start", "end"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[MembershipRole] = mapped_column(
        enum_type(MembershipRole, "membership_role"), default=MembershipRole.resource_person
    )
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date | None] = mapped_column(Date)

    person: Mapped[Person] = relationship()
    network: Mapped[Network] = relationship()

    @hybrid_method
    def active_on(self, day: dt.date) -> bool:
        """True when the membership covers `day` (also usable in queries)."""
        return self.start <= day and (self.end is None or self.end >= day)

    @active_on.expression
    def active_on(cls, day):  # noqa: N805 - SQLAlchemy hybrid expression
        return and_(cls.start <= day, or_(cls.end.is_(None), cls.end >= day))


class RequirementKind(LabelledEnum):
    """The kinds of requirement a competence plan can hold (CONTRACT.md)."""

    __labels__ = {
        "course": _l("Kurs"),
        "gathering": _l("Samling"),
        "hospitation": _l("Hospitering"),
        "checklist": _l("Sjekkliste"),
        "service": _l("Klinisk tjeneste"),
        "supervision": _l("Veiledning"),
        "teaching": _l("Undervisning"),
        "document": _l("Dokument"),
    }

    course = "course"
    gathering = "gathering"
    hospitation = "hospitation"
    checklist = "checklist"
    service = "service"
    supervision = "supervision"
    teaching = "teaching"
    document = "document"


class CompetencePlan(TimestampMixin, db.Model):
    """A network's competence plan (kompetanseplan), a list of requirements."""

    __tablename__ = "competence_plans"
    __table_args__ = (UniqueConstraint("network_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    #: the network's plan in force; set on the last one created or replaced
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    network: Mapped[Network] = relationship(back_populates="plans")
    requirements: Mapped[list[Requirement]] = relationship(
        back_populates="plan",
        order_by="Requirement.position",
        cascade="all, delete-orphan",
    )
    # Named by string: reading items are app.gatherings', which sits above this package.
    reading_list: Mapped[list[ReadingItem]] = relationship(  # noqa: F821
        "ReadingItem",
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="ReadingItem.id",
    )


class Requirement(db.Model):
    """One requirement of a plan, in CONTRACT.md's Requirement shape."""

    __tablename__ = "requirements"
    __table_args__ = (UniqueConstraint("plan_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("competence_plans.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    key: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[RequirementKind] = mapped_column(enum_type(RequirementKind, "requirement_kind"))
    #: profession keys; empty = all professions
    professions: Mapped[list[str]] = mapped_column(JSON, default=list)
    mandatory: Mapped[bool] = mapped_column(Boolean, default=True)
    #: calendar months from the start of the person's membership
    deadline_months: Mapped[int | None] = mapped_column(Integer)
    yearly: Mapped[bool] = mapped_column(Boolean, default=False)
    not_applicable_if: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    plan: Mapped[CompetencePlan] = relationship(back_populates="requirements")

    def to_json(self) -> dict[str, Any]:
        """The CONTRACT.md Requirement object."""
        return {
            "key": self.key,
            "title": self.title,
            "kind": self.kind.value,
            "professions": list(self.professions or []),
            "mandatory": self.mandatory,
            "deadline_months": self.deadline_months,
            "yearly": self.yearly,
            "not_applicable_if": dict(self.not_applicable_if or {}),
            "params": dict(self.params or {}),
        }
