"""Models of the networks endpoints: networks, memberships and competence plans."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from app.api.schemas import Answer, Body, Date, Id, ListOf, items, text

Slug = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)
Key = Field(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=80)
RequirementKind = Literal[
    "course", "gathering", "hospitation", "checklist", "service", "supervision", "teaching",
    "document",
]


class NetworkCreate(Body):
    """`POST /networks`."""

    slug: str = Slug
    name: str = text(200, required=True)
    professions: list[str] = items("professions", required=True, examples=[["nurse"]])
    region: str | None = Field(None, description="A region's key or name")
    trust_area: str | None = None
    url: str | None = text(300)
    description: str | None = None


class MemberCreate(Body):
    """`POST /networks/{slug}/members`."""

    person_id: Id
    start: Date
    end: Date | None = None
    role: Literal["resource_person", "coordinator"] | None = None


class Requirement(Body):
    """A requirement of a competence plan (CONTRACT.md "Requirement")."""

    key: str = Key
    title: str = text(300, required=True)
    kind: RequirementKind
    professions: list[str] | None = items("professions", description="Empty: all")
    mandatory: bool | None = None
    deadline_months: int | None = Field(None, ge=0, le=1200)
    yearly: bool | None = None
    not_applicable_if: dict[str, Any] | None = None
    params: dict[str, Any] | None = Field(None, description="The kind's parameters")


class PlanPut(Body):
    """`PUT /networks/{slug}/plans/{key}`: create or replace a plan."""

    title: str = text(200, required=True)
    requirements: list[Requirement] = items("requirements", required=True)


class RequirementOut(Answer):
    """A requirement as the API shows it."""

    key: str
    title: str
    kind: RequirementKind
    professions: list[str]
    mandatory: bool
    deadline_months: int | None
    yearly: bool
    not_applicable_if: dict[str, Any]
    params: dict[str, Any]


class PlanOut(Answer):
    """A competence plan of a network."""

    key: str
    title: str
    active: bool
    requirements: list[RequirementOut]


class Plan(PlanOut):
    """A plan with its network, as `PUT` answers."""

    network: str


class Network(Answer):
    """A network with its plans."""

    id: Id
    slug: str
    name: str
    description: str | None
    url: str | None
    professions: list[str]
    region: str | None
    trust_area: str | None
    plans: list[PlanOut]


class Networks(ListOf):
    """All networks."""

    root: list[Network]


class Membership(Answer):
    """A membership of a network."""

    id: Id
    person_id: Id
    network: str
    role: Literal["resource_person", "coordinator"]
    start: Date
    end: Date | None
