"""Models of the persons endpoints (`/persons`, `/persons/{id}`)."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from app.api.schemas import Answer, Body, Date, Id, Int, text

#: the profession keys of the seeded reference data (a Norwegian or English name works too)
Profession = str


class PersonFields(Body):
    """The fields of a person a body may set."""

    model_config = ConfigDict(extra="forbid")  # an unknown field is a 422 on its name

    name: str | None = text(200)
    email: str | None = text(320, json_schema_extra={"format": "email"})
    profession: Profession | None = Field(None, examples=["nurse", "doctor"])
    workplace: str | None = text(200)
    municipality: str | None = Field(None, description="Name or four-digit number")
    phone: str | None = text(40)
    hpr: str | None = Field(None, pattern=r"^\s*\d{1,9}\s*$", description="Digits, at most 9")
    further_education: bool | None = None
    specialties: str | None = text(300)
    specialist_approved_on: Date | None = None
    leader_email: str | None = text(320, json_schema_extra={"format": "email"})
    public_consent: bool | None = Field(None, description="The person's own to give")
    notes: str | None = text(5000)


class PersonCreate(PersonFields):
    """`POST /persons`."""

    name: str = text(200, required=True)
    email: str = text(320, required=True, json_schema_extra={"format": "email"})
    profession: Profession = Field(examples=["nurse", "doctor"])


class PersonUpdate(PersonFields):
    """`PATCH /persons/{id}`: any of the fields; `version` refuses a stale change."""

    version: Int | None = None


class Person(Answer):
    """A person."""

    id: Id
    name: str
    email: str | None
    profession: str | None
    workplace: str | None
    municipality: str | None
    municipality_number: str | None
    phone: str | None = None
    hpr: str | None = None
    further_education: bool | None = None
    specialties: str | None = None
    specialist_approved_on: Date | None = None
    kpm_approved_on: Date | None = None
    leader_email: str | None = None
    leader_id: Id | None = None
    public_consent: bool | None = None
    version: int | None = None
    calendar_url: str | None = Field(
        None, description="The secret feed: for the person, her coordinators and admins"
    )


__all__ = ["Person", "PersonCreate", "PersonUpdate"]
