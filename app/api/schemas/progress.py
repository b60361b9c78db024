"""Models of a person's progress (CONTRACT.md "Progress")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from app.api.schemas import Answer, Date, Id

Status = Literal["met", "in_progress", "due", "overdue", "not_applicable"]


class ProgressQuery(BaseModel):
    """`?on=YYYY-MM-DD` (today by default)."""

    on: Date | None = None


class RequirementResult(Answer):
    """Where a person stands with one requirement."""

    key: str
    status: Status
    mandatory: bool
    done: float | None
    needed: float | None
    unit: Literal["days", "months", "hours", "count", "items"] | None
    deadline: Date | None
    met_on: Date | None
    late: bool | None = None
    pending: float | None = None
    leader_missing: bool | None = None


class PlanResult(Answer):
    """A plan's requirements for the person."""

    network: str
    plan: str
    complete: bool
    requirements: list[RequirementResult]


class Progress(Answer):
    """The Progress object."""

    person_id: Id
    on: Date
    plans: list[PlanResult]
