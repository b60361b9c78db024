"""Models of a doctor's KPM records (service periods, supervision meetings, teaching hours,
documents, checklist attestations), her supervisors, and the attestation of a record
(CONTRACT.md "KPM"). Bodies refuse unknown fields, as the handlers do."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from app.api.schemas import Answer, Body, Date, Id, text

SiteKind = Literal["centre_with_beds", "centre_without_beds", "nursing_home_unit"]
DocumentKind = Literal[
    "specialist_approval",
    "education_plan",
    "research_project",
    "theory_course",
    "head_of_department_statement",
]
AttestationKind = Literal["supervision_meeting", "teaching_hours", "document"]


class Strict(Body):
    """A body whose unknown fields are a 422 on their name."""

    model_config = ConfigDict(extra="forbid")


class Preapproval(Strict):
    """A nursing-home unit's pre-approval details (they inform the dossier, never block)."""

    supervisor: str | None = text(200)
    teaching_programme: str | None = text(5000)
    beds: int | None = Field(None, ge=1, le=1000)
    cooperating_centre: str | None = text(200)


class ServicePeriodCreate(Strict):
    """`POST /persons/{id}/service-periods`. With `site_id` the education site gives the kind
    and the approval (a different `site_kind` is 422, `approved` is ignored); without it
    `site_kind` and `approved` are required, and only a coordinator or admin may say
    `approved: true`. Refused when the person's total position would pass 100 % on a day."""

    site_id: Id | None = Field(None, description="An education site of the registry")
    education_site_id: Id | None = Field(None, description="The older name of site_id")
    site_kind: SiteKind | None = None
    site_name: str | None = text(200)
    approved: bool | None = None
    start: Date
    end: Date
    position_pct: float = Field(ge=1, le=100)
    preapproval: Preapproval | None = Field(None, description="Nursing-home units only")


class ServicePeriodUpdate(Strict):
    """`PATCH /persons/{id}/service-periods/{record_id}` (coordinators and admins)."""

    approved: bool


class PreapprovalDetails(Answer):
    """A nursing-home unit's pre-approval, as recorded."""

    supervisor: str | None
    teaching_programme: str | None
    beds: int | None
    cooperating_centre: str | None


class ServicePeriod(Answer):
    """A period of clinical service."""

    id: Id
    person_id: Id
    site_id: Id | None
    site_kind: SiteKind
    site_name: str | None
    approved: bool
    start: Date
    end: Date | None
    position_pct: float
    preapproval: PreapprovalDetails | None = Field(description="Nursing-home units only")


class SupervisionMeetingCreate(Strict):
    """`POST /persons/{id}/supervision-meetings`."""

    date: Date
    supervisor: str | None = text(200)
    note: str | None = text(5000)


class SupervisionMeeting(Answer):
    """A supervision meeting; it counts once `attested`."""

    id: Id
    person_id: Id
    date: Date
    supervisor: str | None
    note: str | None
    attested: bool


class TeachingHoursCreate(Strict):
    """`POST /persons/{id}/teaching-hours`."""

    date: Date
    hours: float = Field(gt=0, le=1000)


class TeachingHours(Answer):
    """Teaching hours logged on a day; they count once `attested`."""

    id: Id
    person_id: Id
    date: Date
    hours: float
    attested: bool


class DocumentCreate(Strict):
    """`POST /persons/{id}/documents`. A head of department's statement may carry a PDF
    (at most 3 MB, no scripts or embedded files): `file` in base64 with its `filename`."""

    kind: DocumentKind
    date: Date
    note: str | None = text(5000)
    file: str | None = Field(None, json_schema_extra={"contentEncoding": "base64"})
    filename: str | None = None


def _no_default(schema: dict) -> None:
    # A form field left out is absent, never null: no `default: null` for a string.
    schema.pop("default", None)


class DocumentForm(Strict):
    """The same as multipart/form-data, the PDF as its `file` part."""

    kind: DocumentKind
    date: Date
    note: str = text(5000, json_schema_extra=_no_default)
    file: bytes = Field(None, description="The PDF", json_schema_extra=_no_default)


class DocumentFile(Answer):
    """The PDF kept with a document."""

    filename: str
    size: int


class Document(Answer):
    """A dated document; it counts once `attested`."""

    id: Id
    person_id: Id
    kind: DocumentKind
    date: Date
    note: str | None
    attested: bool
    file: DocumentFile | None = Field(None, description="In the answer to its creation")


class ChecklistAttestationCreate(Strict):
    """`POST /persons/{id}/checklist`: an item of a plan's checklist requirement."""

    plan: str = text(80, required=True, description="The plan's key")
    requirement: str = text(80, required=True, description="The requirement's key")
    item: str = text(80, required=True, description="The item's key")
    attested_on: Date
    attested_by: str | None = text(200, description="By default the attesting user's name")


class ChecklistAttestation(Answer):
    """An attested checklist item."""

    id: Id
    person_id: Id
    plan: str
    requirement: str
    item: str
    attested_on: Date
    attested_by: str | None


class ServicePeriodList(Answer):
    """A doctor's service periods, in date order."""

    items: list[ServicePeriod]


class SupervisionMeetingList(Answer):
    """A doctor's supervision meetings, in date order."""

    items: list[SupervisionMeeting]


class TeachingHoursList(Answer):
    """A doctor's teaching hours, in date order."""

    items: list[TeachingHours]


class DocumentList(Answer):
    """A doctor's documents, in date order."""

    items: list[Document]


class ChecklistAttestationList(Answer):
    """A doctor's attested checklist items, in date order."""

    items: list[ChecklistAttestation]


class SupervisorAssignmentCreate(Strict):
    """`POST /persons/{id}/supervisors`: the supervisor user by `email` or `user_id`; with
    `kpm_approved_on` her own KPM approval is recorded too (null: she has none)."""

    email: str | None = text(320, json_schema_extra={"format": "email"})
    user_id: Id | None = None
    start: Date | None = None
    kpm_approved_on: Date | None = None


class SupervisorAssignment(Answer):
    """A supervisor assigned to a doctor."""

    id: Id
    person_id: Id
    user_id: Id


class Supervisor(Answer):
    """An assigned supervisor, with her own KPM approval (or its absence)."""

    id: Id = Field(description="The assignment's id")
    user_id: Id
    email: str
    start: Date | None
    kpm_approved_on: Date | None
    kpm_approval_missing: bool


class SupervisorList(Answer):
    """A doctor's supervisors."""

    items: list[Supervisor]


class AttestationCreate(Strict):
    """`POST /kpm/attestations`: her supervisor attests meetings and teaching, a KPM
    coordinator or an admin anything."""

    kind: AttestationKind
    id: Id


class Attestation(Answer):
    """An attested record."""

    kind: AttestationKind
    id: Id
    attested: Literal[True]
