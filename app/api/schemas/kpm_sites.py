"""Models of the KPM education sites (utdanningssteder) with their approval history, and of
their inspections (tilsyn) and findings (CONTRACT.md "KPM", "Inspection"). Bodies refuse
unknown fields, as the handlers do."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from app.api.schemas import Answer, Body, Date, Id, ListOf, items, text

#: a nursing-home unit is never an education site (seed 001): that kind is a 422
CentreKind = Literal["centre_with_beds", "centre_without_beds"]
Approval = Literal["applied", "approved", "dispensation", "withdrawn"]
InspectionKind = Literal["report", "visit"]
Region = Field(None, description="A region's key or name")


class EducationSiteFields(Body):
    """`PATCH /kpm/education-sites/{id}`: any of the fields; a change of approval or of its
    window is kept in the site's history with `reason`."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = text(200)
    kind: CentreKind | None = None
    region: str | None = Region
    regional_centre: bool | None = None
    approval: Approval | None = None
    approved_from: Date | None = None
    approved_until: Date | None = None
    reason: str | None = text(2000)
    committee_chair: str | None = text(200)
    committee_members: str | None = text(5000)
    education_plan: str | None = text(20000)
    weekly_teaching_hours: float | None = Field(None, ge=0, le=40)
    notes: str | None = text(5000)


class EducationSiteCreate(EducationSiteFields):
    """`POST /kpm/education-sites`."""

    name: str = text(200, required=True)
    kind: CentreKind
    approval: Approval


class ApprovalChange(Answer):
    """One change of a site's approval."""

    approval: Approval
    approved_from: Date | None
    approved_until: Date | None
    reason: str | None
    recorded_on: Date


class EducationSite(Answer):
    """An education site with its approval history and its inspection standing this year."""

    id: Id
    name: str
    kind: CentreKind
    region: str | None = Field(description="The region's key")
    regional_centre: bool
    approval: Approval
    approved_from: Date | None
    approved_until: Date | None
    committee_chair: str | None
    committee_members: str | None
    education_plan: str | None
    weekly_teaching_hours: float | None
    notes: str | None
    approvals: list[ApprovalChange]
    inspection_due: bool = Field(description="Approved or on dispensation, and this year")
    open_findings: int
    overdue_findings: int
    last_report: Date | None
    last_visit: Date | None


class EducationSites(ListOf):
    """The registry."""

    root: list[EducationSite]


class FindingIn(Body):
    """A deficiency an inspection found, with its deadline (not before the inspection)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5000)
    deadline: Date


class InspectionCreate(Body):
    """`POST /kpm/education-sites/{id}/inspections`: `date` in `year` or the year after; a
    regional centre inspected by its own region is 422 on `inspector_region`."""

    model_config = ConfigDict(extra="forbid")

    year: int = Field(ge=2000, le=2200)
    kind: InspectionKind
    date: Date
    inspector: str | None = text(200)
    inspector_region: str | None = Region
    findings: list[FindingIn] | None = items("findings", unique=False)


class FindingUpdate(Body):
    """`PATCH /kpm/findings/{id}`: close a finding (`closed_on: null` opens it again)."""

    model_config = ConfigDict(extra="forbid")

    closed_on: Date | None
    follow_up: InspectionKind | None = None


class Finding(Answer):
    """A finding (avvik) and whether it is past its deadline."""

    id: Id
    inspection_id: Id
    text: str
    deadline: Date
    closed_on: Date | None
    follow_up: InspectionKind | None
    overdue: bool


class Inspection(Answer):
    """An inspection with its findings."""

    id: Id
    site_id: Id
    year: int
    kind: InspectionKind
    date: Date
    inspector: str | None
    inspector_region: str | None = Field(description="The region's key")
    findings: list[Finding]


class Inspections(ListOf):
    """A site's inspections, newest first."""

    root: list[Inspection]
