"""Models of KPM applications (søknad om godkjenning) and their decisions (CONTRACT.md
"Application"). Submitting and resubmitting take no body; the decision and the appeal
refuse unknown fields, as the handlers do."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field

from app.api.schemas import Answer, Body, Date, Id, items
from app.api.schemas.progress import Progress, RequirementResult

Status = Literal[
    "submitted",
    "approved",
    "approved_on_conditions",
    "deferred",
    "incomplete",
    "rejected",
    "appealed",
]
Outcome = Literal["approved", "approved_on_conditions", "deferred", "incomplete", "rejected"]
ConditionKind = Literal["service", "theory", "other"]


class Condition(Body):
    """A condition of an approval on conditions."""

    model_config = ConfigDict(extra="forbid")

    kind: ConditionKind
    text: str = Field(min_length=1, max_length=2000)


class DecisionCreate(Body):
    """`POST /kpm-applications/{id}/decision`: taken while the application is submitted,
    appealed or approved on conditions (else 409); `approved_on_conditions` needs at least
    one condition."""

    model_config = ConfigDict(extra="forbid")

    outcome: Outcome
    conditions: list[Condition] | None = items("conditions", unique=False)
    note: str | None = Field(None, max_length=5000)


class AppealCreate(Body):
    """`POST /kpm-applications/{id}/appeal`, after a rejection or a deferral."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=10000)


class DecisionCondition(Answer):
    """A condition, as decided."""

    kind: ConditionKind
    text: str


class Decision(Answer):
    """A decision with its letter (PDF)."""

    id: Id
    outcome: Outcome
    conditions: list[DecisionCondition]
    note: str | None
    decided_on: Date
    decided_at: str | None
    decided_by_user_id: Id | None
    letter: str = Field(description="The letter's address (a session or a token with access)")


class ApplicationEvent(Answer):
    """A step in an application's history (submitted, resubmitted, appealed, …)."""

    kind: str
    at: str | None
    by_user_id: Id | None
    text: str | None


class FrozenProgress(Progress):
    """The Progress object of the KPM plan on the day it was submitted, with that plan's
    `complete` and `requirements` also at the top level."""

    complete: bool
    requirements: list[RequirementResult]


class ApplicationCreated(Answer):
    """A submitted application: the mandatory requirements not met are `missing`."""

    id: Id
    person_id: Id
    status: Literal["submitted"]
    submitted_on: Date
    missing: list[str]


class Application(Answer):
    """An application with the evidence and the progress frozen in it, and its decisions."""

    id: Id
    person_id: Id
    status: Status
    submitted_on: Date
    progress: FrozenProgress
    missing: list[str] = Field(description="The mandatory requirement keys not met")
    appeal_text: str | None
    decisions: list[Decision]
    history: list[ApplicationEvent]
    dossier: dict[str, Any] = Field(description="The attested evidence, as submitted")
    dossier_pdf: str
    diploma_pdf: str | None = Field(description="Once approved")


class DecidedApplication(Application):
    """The application after a decision, with that decision."""

    decision: Decision


class ApplicationList(Answer):
    """The doctor's applications, newest first."""

    items: list[Application]
