"""Models of gatherings, their registrations and attendance, and of registrations (offerings
and gatherings share them)."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from app.api.schemas import Answer, Body, DateTime, Id, Int, ListOf, text

Kind = Literal["intro_course", "network_meeting", "theme_day", "fagdag"]
RegistrationStatus = Literal[
    "registered", "waitlisted", "cancelled", "attended", "completed", "no_show"
]


class GatheringFields(Body):
    """The fields of a gathering (unknown ones are refused)."""

    model_config = ConfigDict(extra="forbid")

    kind: Kind | None = None
    title: str | None = text(200)
    start: DateTime | None = None
    end: DateTime | None = None
    location: str | None = text(300)
    online_url: str | None = text(500)
    agenda: str | None = text(20000)
    capacity: Int | None = Field(None, ge=0)
    registration_deadline: DateTime | None = None
    status: Literal["planned", "cancelled"] | None = None


class GatheringCreate(GatheringFields):
    """`POST /networks/{slug}/gatherings`."""

    kind: Kind
    title: str = text(200, required=True)
    start: DateTime
    end: DateTime


class ReadingItem(Answer):
    """An entry of a gathering's reading list."""

    id: Id
    title: str
    url: str | None
    note: str | None


class Gathering(Answer):
    """A gathering (times in Oslo local time with offset)."""

    id: Id
    network: str
    kind: Kind
    title: str
    start: str
    end: str
    location: str | None
    online_url: str | None
    agenda: str | None
    capacity: int | None
    registration_deadline: str | None
    status: Literal["planned", "cancelled"]
    revision: int
    seats_taken: int
    reading_list: list[ReadingItem]


class GatheringRegistrationCreate(Body):
    """`POST /gatherings/{id}/registrations`."""

    person_id: Id
    with_leader: bool | None = None


class Attendance(Body):
    """`POST /gatherings/{id}/attendance`."""

    person_id: Id
    attended: bool


class OfferingRegistrationCreate(Body):
    """`POST /offerings/{id}/registrations` (yourself when `person_id` is left out)."""

    person_id: Id | None = None


class RegistrationUpdate(Body):
    """`PATCH /registrations/{id}`."""

    status: Literal["cancelled", "attended", "completed", "no_show"]


class Registration(Answer):
    """A registration; `position` on the waiting list only."""

    id: Id
    person_id: Id
    status: RegistrationStatus
    offering_id: Id | None = None
    gathering_id: Id | None = None
    position: int | None = None
    attended: bool | None = None
    companion_of: Id | None = None


class GatheringRegistration(Registration):
    """A registration for a gathering, with the leader's when she was registered too."""

    leader: Registration | None = None


class Registrations(ListOf):
    """Seats, then the waiting list in order, then the cancelled."""

    root: list[Registration]
