"""Professions, regions, trust areas, municipalities, workplaces and persons."""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from collections.abc import Callable

from flask import has_request_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.core.models import TimestampMixin
from app.core.types import LabelledEnum, enum_type
from app.extensions import db


class ServiceLevel(LabelledEnum):
    """Førstelinjetjenesten (municipal) or andrelinjetjenesten (specialist)."""

    __labels__ = {
        "primary": _l("Førstelinjetjenesten"),
        "specialist": _l("Andrelinjetjenesten"),
    }
    #: the site form says who runs each level
    __choice_labels__ = {
        "primary": _l("Førstelinjetjenesten (kommune)"),
        "specialist": _l("Andrelinjetjenesten (spesialisthelsetjenesten)"),
    }

    primary = "primary"
    specialist = "specialist"


class WorkplaceKind(enum.Enum):
    """The kinds of workplace resource persons come from."""

    nursing_home = "nursing_home"
    home_care = "home_care"
    hospital_ward = "hospital_ward"
    palliative_centre = "palliative_centre"
    palliative_unit = "palliative_unit"
    physio_ot_service = "physio_ot_service"
    gp_office = "gp_office"
    other = "other"


class Profession(db.Model):
    """A profession; the list is extensible."""

    __tablename__ = "professions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    name_nb: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))

    @property
    def label(self) -> str:
        """The name in the reader's language (bokmål on the command line and in workbooks,
        which read ``name_nb``); a profession added later without a nynorsk name shows its
        bokmål one."""
        return profession_label(self.key, self.name_nb, self.name_en)

    def __str__(self) -> str:
        return self.label


def profession_label(key: str, name_nb: str, name_en: str | None) -> str:
    """A profession's name in the reader's language, from its columns (for row tuples)."""
    return profession_labeler()(key, name_nb, name_en)


#: æ, ø and å after z and in that order (as in Norwegian), for byte-wise comparison
_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|"})


def name_sort_key(name: str) -> str:
    """A name as a Norwegian reader sorts it: case folded, æ ø å after z. Stored with the
    progress read model (compared byte-wise: the column has the "C" collation on PostgreSQL)
    and used where Python sorts the same list."""
    return (name or "").lower().translate(_NORWEGIAN_ORDER)


#: a sort key's column: compared byte-wise (the "C" collation on PostgreSQL, SQLite's own)
SORT_NAME = String(200).with_variant(String(200, collation="C"), "postgresql")


def _insert_sort_name(context) -> str:
    return name_sort_key(context.get_current_parameters().get("name") or "")


def profession_labeler() -> Callable[[str, str, str | None], str]:
    """:func:`profession_label` with the reader's language looked up once (for a page of
    rows: the lookup costs more than the rest)."""
    language = _reader_language()
    if language == "en":
        return lambda _key, name_nb, name_en: name_en or name_nb
    if language == "nn":
        return lambda key, name_nb, _en: PROFESSION_NAMES_NN.get(key, name_nb)
    return lambda _key, name_nb, _en: name_nb


#: the seeded professions in nynorsk (bokmål and English are stored on the row)
PROFESSION_NAMES_NN = {
    "nurse": "Sjukepleiar",
    "physiotherapist": "Fysioterapeut",
    "occupational_therapist": "Ergoterapeut",
    "doctor": "Lege",
    "health_worker": "Helsefagarbeidar",
    "chaplain": "Prest",
    "social_worker": "Sosionom",
    "pharmacist": "Farmasøyt",
}


def _reader_language() -> str:
    if not has_request_context():
        return "nb"
    locale = get_locale()
    return locale.language if locale is not None else "nb"


class Region(db.Model):
    """A health region (helseregion)."""

    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))

    trust_areas: Mapped[list[TrustArea]] = relationship(back_populates="region")


class TrustArea(db.Model):
    """A health-trust area (foretaksområde) within a region."""

    __tablename__ = "trust_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id"), index=True)

    region: Mapped[Region] = relationship(back_populates="trust_areas")


class Municipality(db.Model):
    """A Norwegian municipality (kommune) with its county and trust area where known."""

    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: four-digit kommunenummer, kept as text for the leading zero
    number: Mapped[str] = mapped_column(String(4), unique=True)
    name: Mapped[str] = mapped_column(String(120), index=True)
    county: Mapped[str] = mapped_column(String(80))
    trust_area_id: Mapped[int | None] = mapped_column(ForeignKey("trust_areas.id"), index=True)

    trust_area: Mapped[TrustArea | None] = relationship()

    def __str__(self) -> str:
        return self.name


class Workplace(db.Model):
    """Where a person works: a ward, a nursing home, a municipal service."""

    __tablename__ = "workplaces"
    __table_args__ = (UniqueConstraint("name", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[WorkplaceKind] = mapped_column(
        enum_type(WorkplaceKind, "workplace_kind"), default=WorkplaceKind.other
    )
    service_level: Mapped[ServiceLevel] = mapped_column(
        enum_type(ServiceLevel, "service_level"), default=ServiceLevel.primary
    )
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)

    municipality: Mapped[Municipality | None] = relationship()

    def __str__(self) -> str:
        return self.name


def new_calendar_token() -> str:
    """A secret for a person's own calendar feed."""
    return secrets.token_urlsafe(24)


class Person(TimestampMixin, db.Model):
    """A resource person, leader, coordinator or doctor in the registry."""

    __tablename__ = "persons"
    __table_args__ = (
        CheckConstraint("hpr IS NULL OR length(hpr) <= 9", name="hpr_length"),
        # A list that joins members to their persons to sort a page by name reads the sort
        # keys from this index, not from each person's row (migration 0025).
        Index("ix_persons_id_sort_name", "id", "sort_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    #: the name as a Norwegian reader sorts it (:func:`name_sort_key`), kept with every write
    #: of the name: set with the name through the ORM, computed from it by a Core insert
    sort_name: Mapped[str] = mapped_column(SORT_NAME, default=_insert_sort_name, server_default="")
    email: Mapped[str] = mapped_column(String(254), unique=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    profession_id: Mapped[int] = mapped_column(ForeignKey("professions.id"), index=True)
    workplace_id: Mapped[int | None] = mapped_column(ForeignKey("workplaces.id"), index=True)
    #: the person's municipality when no workplace says it
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipalities.id"), index=True)
    leader_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), index=True
    )
    #: the network of the coordinator who registered the person: while she has no membership
    #: and leads no member, its coordinators manage her (NULL: an admin registered her, any
    #: coordinator may place her; core/access.py)
    created_in_network_id: Mapped[int | None] = mapped_column(
        ForeignKey("networks.id", ondelete="SET NULL"), index=True
    )
    #: Helsepersonellregisteret number: digits only, up to 9
    hpr: Mapped[str | None] = mapped_column(String(9), unique=True)
    #: videreutdanning in cancer care or palliative care (nurses)
    further_education: Mapped[bool] = mapped_column(Boolean, default=False)
    specialties: Mapped[str | None] = mapped_column(String(300))
    specialist_approved_on: Mapped[dt.date | None] = mapped_column(Date)
    #: the day the KPM body approved her application (kpm/application_operations.py)
    kpm_approved_on: Mapped[dt.date | None] = mapped_column(Date)
    #: consent to be listed in the public register of resource persons
    public_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    calendar_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_calendar_token)
    notes: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    profession: Mapped[Profession] = relationship()
    workplace: Mapped[Workplace | None] = relationship()
    own_municipality: Mapped[Municipality | None] = relationship(foreign_keys=[municipality_id])
    leader: Mapped[Person | None] = relationship(remote_side=[id], foreign_keys=[leader_id])

    @validates("name")
    def _keep_sort_name(self, _key: str, name: str) -> str:
        self.sort_name = name_sort_key(name)
        return name

    @property
    def municipality(self) -> Municipality | None:
        """The workplace's municipality, else the person's own."""
        if self.workplace and self.workplace.municipality:
            return self.workplace.municipality
        return self.own_municipality

    def __str__(self) -> str:
        return self.name
