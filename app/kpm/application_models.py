"""A doctor's application for KPM approval (søknad om godkjenning), its decisions and files.

An application freezes what the doctor had on the day she applied: the attested service list
with the months each period counts, the skills checklist with who attested what and when,
the supervision and teaching logs, the documents, and her progress in the KPM plan with the
requirements not yet met (``missing``). Later edits of her records never change it; a
resubmission (after ``incomplete``) freezes it again and keeps the earlier one in its history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import TimestampMixin
from app.core.types import LabelledEnum, UTCDateTime, enum_type, utcnow
from app.extensions import db
from app.kpm.models import PersonDocument
from app.people.models import Person


class ApplicationStatus(LabelledEnum):
    """Where an application stands (CONTRACT.md "Application")."""

    __labels__ = {
        "submitted": _l("Sendt inn"),
        "approved": _l("Godkjent"),
        "approved_on_conditions": _l("Godkjent på vilkår"),
        "deferred": _l("Utsatt"),
        "incomplete": _l("Mangelfull dokumentasjon"),
        "rejected": _l("Avslått"),
        "appealed": _l("Klage"),
    }

    submitted = "submitted"
    approved = "approved"
    approved_on_conditions = "approved_on_conditions"
    deferred = "deferred"
    incomplete = "incomplete"
    rejected = "rejected"
    appealed = "appealed"


class DecisionOutcome(LabelledEnum):
    """What the KPM body decides (seed 000: the outcomes seen in the pilot)."""

    __labels__ = {
        "approved": _l("Godkjent"),
        "approved_on_conditions": _l("Godkjent på vilkår"),
        "deferred": _l("Utsatt"),
        "incomplete": _l("Mangelfull dokumentasjon"),
        "rejected": _l("Avslått"),
    }

    approved = "approved"
    approved_on_conditions = "approved_on_conditions"
    deferred = "deferred"
    incomplete = "incomplete"
    rejected = "rejected"


class ConditionKind(LabelledEnum):
    """What a condition of an approval asks for more of."""

    __labels__ = {
        "service": _l("Klinisk tjeneste"),
        "theory": _l("Teori"),
        "other": _l("Annet"),
    }

    service = "service"
    theory = "theory"
    other = "other"


class KpmApplication(TimestampMixin, db.Model):
    """One application for KPM approval, with the evidence frozen on the day it was sent."""

    __tablename__ = "kpm_applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(
        enum_type(ApplicationStatus, "kpm_application_status"),
        default=ApplicationStatus.submitted,
        index=True,
    )
    #: the day it was (last) submitted, in Oslo
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    started_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    #: the frozen dossier: service, checklist, supervision, teaching, documents (dossier.py)
    dossier: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: the Progress object of the KPM plan on ``submitted_on``
    progress: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: the mandatory requirement keys not met on ``submitted_on``
    missing: Mapped[list[str]] = mapped_column(JSON)
    #: the doctor's appeal (klage), while or after it is handled
    appeal_text: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    person: Mapped[Person] = relationship()
    decisions: Mapped[list[KpmDecision]] = relationship(
        back_populates="application",
        order_by="(KpmDecision.decided_at, KpmDecision.id)",
        cascade="all, delete-orphan",
    )
    events: Mapped[list[KpmApplicationEvent]] = relationship(
        back_populates="application",
        order_by="(KpmApplicationEvent.at, KpmApplicationEvent.id)",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}


class KpmDecision(db.Model):
    """A decision on an application; its letter (a PDF) is kept as sent."""

    __tablename__ = "kpm_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("kpm_applications.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[DecisionOutcome] = mapped_column(
        enum_type(DecisionOutcome, "kpm_decision_outcome")
    )
    #: ``[{"kind": "service"|"theory"|"other", "text": ...}]``
    conditions: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text)
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    #: the decision letter as sent (PDF, bokmål)
    letter: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)

    application: Mapped[KpmApplication] = relationship(back_populates="decisions")


class KpmApplicationEvent(db.Model):
    """What happened to an application besides decisions: submitted, resubmitted, appealed.

    A resubmission keeps the dossier it replaced here, so nothing sent is ever lost.
    """

    __tablename__ = "kpm_application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("kpm_applications.id", ondelete="CASCADE"), index=True
    )
    #: ``submitted``, ``resubmitted`` or ``appealed``
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    text: Mapped[str | None] = mapped_column(Text)
    #: the dossier a resubmission replaced
    previous_dossier: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    application: Mapped[KpmApplication] = relationship(back_populates="events")


class DocumentFile(db.Model):
    """A PDF attached to a document (the head of department's statement), checked on upload."""

    __tablename__ = "kpm_document_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("person_documents.id", ondelete="CASCADE"), unique=True
    )
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[PersonDocument] = relationship()
