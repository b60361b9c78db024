"""Models of a person's data export and anonymisation (CONTRACT.md "Privacy"). Every record
of the export names what it refers to (a title, a site's name), not only ids."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from app.api.schemas import Answer, Date, Id


class ExportPerson(Answer):
    """The person's own fields, with names rather than ids."""

    id: Id
    name: str
    email: str | None
    phone: str | None
    hpr: str | None
    profession: str | None
    workplace: str | None
    municipality: str | None
    leader: str | None = Field(description="The leader's name")
    further_education: bool | None
    specialties: str | None
    specialist_approved_on: Date | None
    public_consent: bool | None
    notes: str | None
    created_at: str | None
    updated_at: str | None


class ExportToken(Answer):
    """One of the account's API tokens (never the token itself)."""

    name: str | None
    created_at: str | None
    revoked: bool


class ExportAccount(Answer):
    """The person's account."""

    email: str
    role: str
    active: bool
    created_at: str | None
    last_login_at: str | None
    locale: str | None
    api_tokens: list[ExportToken]
    mfa: bool | None = None


class ExportMembership(Answer):
    """A membership, with the network's name."""

    id: Id
    network: str
    network_slug: str
    role: str
    start: Date | None
    end: Date | None


class ExportRegistration(Answer):
    """A registration, with the course's or the gathering's title and its times."""

    id: Id
    status: str
    attended: bool | None
    registered_at: str | None
    kind: Literal["course_offering", "gathering"] | None = None
    course: str | None = None
    course_key: str | None = None
    offering_id: Id | None = None
    gathering: str | None = None
    gathering_id: Id | None = None
    start: str | None = None
    end: str | None = None
    location: str | None = None


class ExportCompletion(Answer):
    """A course recorded as taken elsewhere."""

    id: Id
    course: str | None
    course_key: str | None
    provider: str | None
    level: str | None
    certificate: str | None = Field(description="The certificate's file name")
    completed_on: Date | None
    hours: float | None
    verified: bool | None
    note: str | None


class ExportHospitationEvent(Answer):
    """A step in a hospitation's log."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    at: str | None
    from_: str | None = Field(alias="from")
    to: str | None
    note: str | None


class ExportHospitation(Answer):
    """A hospitation, with the site's name."""

    id: Id
    site: str | None
    place: str | None
    start: Date | None
    end: Date | None
    days: float | None
    status: str
    goals: str | None
    reflection: str | None
    events: list[ExportHospitationEvent]


class ExportServicePeriod(Answer):
    """A service period, with the site's name."""

    id: Id
    site: str | None
    site_kind: str
    approved: bool | None
    start: Date | None
    end: Date | None
    position_pct: float


class ExportMeeting(Answer):
    """A supervision meeting."""

    id: Id
    date: Date | None
    supervisor: str | None
    note: str | None


class ExportTeaching(Answer):
    """Teaching hours on a day."""

    id: Id
    date: Date | None
    hours: float


class ExportChecklistItem(Answer):
    """An attested checklist item."""

    id: Id
    plan: str
    requirement: str
    item: str
    attested_on: Date | None
    attested_by: str | None


class ExportDocument(Answer):
    """A dated document."""

    id: Id
    kind: str
    date: Date | None
    note: str | None


class ExportDocumentFile(Answer):
    """The PDF kept with a document."""

    document_id: Id
    filename: str
    size: int


class ExportDecision(Answer):
    """A decision on an application."""

    outcome: str
    decided_on: Date | None
    conditions: list[dict[str, Any]] | None
    note: str | None


class ExportApplication(Answer):
    """A KPM application: what was sent (the frozen dossier), the decisions, the appeal."""

    id: Id
    status: str
    submitted_on: Date | None
    missing: list[str] | None
    appeal: str | None
    dossier: dict[str, Any] | None
    decisions: list[ExportDecision]


class ExportKpm(Answer):
    """The person's KPM records and applications."""

    service_periods: list[ExportServicePeriod]
    supervision_meetings: list[ExportMeeting]
    teaching_hours: list[ExportTeaching]
    checklist: list[ExportChecklistItem]
    documents: list[ExportDocument]
    document_files: list[ExportDocumentFile]
    applications: list[ExportApplication]


class ExportConsent(Answer):
    """Consent given or withdrawn, with its date and who recorded it."""

    consent: str
    given: bool
    on: Date | None
    at: str | None
    by: str | None = Field(description="The e-mail of who recorded it")


class ExportHold(Answer):
    """A hold on retention."""

    until: Date | None
    reason: str | None
    at: str | None


class ExportAuditEntry(Answer):
    """An audit entry about the person."""

    at: str | None
    action: str
    object: str
    by: str | None = Field(description="The e-mail of who did it")
    detail: dict[str, Any] | None


class Export(Answer):
    """Everything stored about a person (`GET /persons/{id}/export`)."""

    format: int
    exported_at: str | None
    person: ExportPerson
    account: ExportAccount | None
    memberships: list[ExportMembership]
    registrations: list[ExportRegistration]
    completions: list[ExportCompletion]
    hospitations: list[ExportHospitation]
    kpm: ExportKpm
    consents: list[ExportConsent]
    retention_holds: list[ExportHold]
    audit: list[ExportAuditEntry]


class Anonymised(Answer):
    """`POST /persons/{id}/anonymise` (admins): the person's identity removed for good."""

    id: Id
    name: str = Field(description="What stands in her name's place")
    anonymised: Literal[True]
