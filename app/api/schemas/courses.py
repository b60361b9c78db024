"""Models of the course catalogue, offerings with modules, and recorded completions."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from app.api.schemas import Answer, Body, Date, DateTime, Id, Int, ListOf, items, text

Key = Field(max_length=80)


class CourseFields(Body):
    """The fields of a catalogue entry."""

    title: str | None = text(300)
    provider: str | None = text(200)
    level: Literal["A", "B", "C"] | None = None
    hours: float | None = Field(None, ge=0)
    days: float | None = Field(None, ge=0)
    description: str | None = text(20000)
    url: str | None = text(500, pattern=r"^https?://")
    professions: list[str] | None = items("professions")
    active: bool | None = None


class CourseCreate(CourseFields):
    """`POST /courses`."""

    key: str = Key
    title: str = text(300, required=True)


class Course(Answer):
    """A catalogue entry."""

    id: Id
    key: str
    title: str
    provider: str | None
    level: str | None
    hours: float | None
    days: float | None
    description: str | None
    url: str | None
    active: bool
    professions: list[str]


class ModuleIn(Body):
    """A module of an offering."""

    title: str = text(300, required=True)
    start: DateTime
    end: DateTime
    location: str | None = text(300)


class OfferingFields(Body):
    """The fields of an offering (unknown ones are refused)."""

    model_config = ConfigDict(extra="forbid")

    start: DateTime | None = None
    end: DateTime | None = None
    location: str | None = text(300)
    online_url: str | None = text(500)
    capacity: Int | None = Field(None, ge=0)
    registration_deadline: DateTime | None = None
    note: str | None = text(20000)
    networks: list[str] | None = items("networks", description="Network slugs")
    modules: list[ModuleIn] | None = items("modules")
    status: Literal["published", "cancelled"] | None = None


class OfferingCreate(OfferingFields):
    """`POST /courses/{key}/offerings`."""

    start: DateTime
    end: DateTime


class Module(Answer):
    """A module of an offering, as shown."""

    id: Id
    title: str
    start: str | None
    end: str | None
    location: str | None


class Offering(Answer):
    """An offering (Oslo times with offset) with seats left and modules."""

    id: Id
    course_key: str
    title: str
    start: str | None
    end: str | None
    location: str | None
    online_url: str | None
    capacity: int | None
    seats_taken: int
    seats_left: int | None
    registration_deadline: str | None
    status: Literal["published", "cancelled"]
    revision: int
    networks: list[str]
    modules: list[Module]


class CourseWithOfferings(Course):
    """One course with its offerings."""

    offerings: list[Offering]


class Courses(ListOf):
    """The catalogue."""

    root: list[Course]


class CompletionCreate(Body):
    """`POST /persons/{id}/course-completions`: a catalogue `course_key`, or a free-text
    `title`; only a coordinator's or admin's token may record it as verified."""

    course_key: str | None = Field(None, max_length=80)
    title: str | None = text(300)
    provider: str | None = text(200)
    level: str | None = None
    completed_on: Date
    hours: float | None = Field(None, ge=0)
    note: str | None = text(5000)
    verified: bool | None = None


class Completion(Answer):
    """A course recorded as taken elsewhere."""

    id: Id
    person_id: Id
    course_key: str | None
    title: str | None
    provider: str | None
    level: str | None
    completed_on: Date
    hours: float | None
    note: str | None
    verified: bool
    certificate: bool


class Completions(ListOf):
    """A person's recorded courses, newest first."""

    root: list[Completion]


class VerifyCompletion(Body):
    """`POST /course-completions/{id}/verify`."""

    model_config = ConfigDict(extra="forbid")

    level: str | None = None
