"""Models of accounts: the invitation to an account (CONTRACT.md "Accounts")."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.api.schemas import Answer, Body, Date


class InvitationCreate(Body):
    """`POST /persons/{id}/invitation`: the body may be left out; the role is `leader` when
    the person leads someone, else `resource_person`, unless it is given."""

    role: Literal["resource_person", "leader"] | None = None


class Invitation(Answer):
    """An invitation just sent: a single-use link to the person's e-mail."""

    email: str
    expires_on: Date = Field(description="The last day the link works (14 days)")
