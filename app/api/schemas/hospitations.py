"""Models of hospitation sites (a network's hospitation plan) and of hospitations
(planned → confirmed → completed, or cancelled)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.api.schemas import Answer, Body, Date, Id, Int, ListOf, items, text

ServiceLevel = Literal["primary", "specialist"]
Status = Literal["planned", "confirmed", "completed", "cancelled"]
Municipality = Field(None, description="Name or four-digit number")


class HospitationSiteFields(Body):
    """`PATCH /hospitation-sites/{id}`: any of the fields (unknown ones are refused);
    `{"active": false}` takes the site out of the list."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = text(200)
    service_level: ServiceLevel | None = None
    contact_name: str | None = text(200)
    email: str | None = text(254, json_schema_extra={"format": "email"})
    phone: str | None = text(40)
    professions: list[str] | None = items("professions", description="Empty: all")
    workplace: str | None = text(200)
    municipality: str | None = Municipality
    notes: str | None = text(5000)
    active: bool | None = None


class HospitationSiteCreate(HospitationSiteFields):
    """`POST /networks/{slug}/hospitation-sites`."""

    name: str = text(200, required=True)
    service_level: ServiceLevel


class HospitationSite(Answer):
    """A site of a network's hospitation plan."""

    id: Id
    network: str
    name: str
    service_level: ServiceLevel
    workplace: str | None
    municipality: str | None
    contact_name: str | None
    email: str | None
    phone: str | None
    professions: list[str] = Field(description="Empty: all")
    notes: str | None
    active: bool


class HospitationSites(ListOf):
    """The network's sites, active ones first."""

    root: list[HospitationSite]


class HospitationSiteQuery(BaseModel):
    """`?level=`, `?profession=` (a site listing no professions takes every one), and
    `?inactive=1` for the network's coordinators."""

    level: ServiceLevel | None = None
    profession: str | None = Field(None, description="A profession key")
    inactive: Literal["1"] | None = None


class HospitationFields(Body):
    """The fields of a hospitation (unknown ones are refused). A listed `site_id` (of one of
    the person's networks) or a free-text `place`; `days` never more than the calendar days
    from `start` to `end`, both included."""

    model_config = ConfigDict(extra="forbid")

    site_id: Id | None = None
    place: str | None = text(200)
    start: Date | None = None
    end: Date | None = None
    days: float | None = Field(None, gt=0, le=366)
    goals: str | None = text(5000)
    status: Status | None = None
    reflection: str | None = text(5000)


class HospitationCreate(HospitationFields):
    """`POST /persons/{id}/hospitations`: `planned` by default; a coordinator or admin may
    record it `confirmed`, or `completed` when its last day is not ahead."""

    start: Date
    days: float = Field(gt=0, le=366)
    goals: str = text(5000, required=True)
    status: Literal["planned", "confirmed", "completed"] | None = None


class HospitationUpdate(HospitationFields):
    """`PATCH /hospitations/{id}`: fields and/or `status` (only the allowed moves);
    `version` refuses a stale change."""

    version: Int | None = None


class HospitationEvent(Answer):
    """A status change (or an edit) in a hospitation's log."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    at: str | None
    from_: str | None = Field(alias="from")
    to: str
    by_user_id: Id | None
    by: str | None = Field(description="Who confirmed without an account (the site contact)")
    note: str | None


class Hospitation(Answer):
    """A hospitation with its log."""

    id: Id
    person_id: Id
    site_id: Id | None
    site: str | None = Field(description="The site's name")
    network: str | None = Field(description="The site's network")
    place: str | None
    start: Date
    end: Date | None
    days: float
    goals: str | None
    status: Status
    reflection: str | None
    version: int
    events: list[HospitationEvent]


class Hospitations(ListOf):
    """A person's hospitations."""

    root: list[Hospitation]
