"""The progress read model: each person's result per plan and requirement, as the engine
decided it on ``computed_on``. Pages read it with plain SQL; only the engine decides."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.people.models import SORT_NAME  # byte-wise on every database, as persons.sort_name


class ProgressState(db.Model):
    """One person's standing in one network's active plan."""

    __tablename__ = "progress_states"
    __table_args__ = (
        UniqueConstraint("person_id", "network_id"),
        Index("ix_progress_states_network_standing", "network_id", "complete", "overdue"),
        # the pages' freshness check reads this index only (migration 0023)
        Index("ix_progress_states_network_day", "network_id", "computed_on"),
        # the overview's default order, read from the index without a sort (migration 0024)
        Index("ix_progress_states_network_name", "network_id", "sort_name", "person_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    plan_key: Mapped[str] = mapped_column(String(80))
    #: the start of the membership the deadlines run from
    membership_start: Mapped[dt.date] = mapped_column(Date)
    complete: Mapped[bool] = mapped_column(Boolean)
    #: how many requirements are overdue
    overdue: Mapped[int] = mapped_column(Integer)
    #: requirements met, of those that apply (not_applicable left out)
    met: Mapped[int] = mapped_column(Integer)
    applicable: Mapped[int] = mapped_column(Integer)
    #: the earliest deadline of a requirement not met yet
    next_deadline: Mapped[dt.date | None] = mapped_column(Date)
    computed_on: Mapped[dt.date] = mapped_column(Date)
    #: the first day the engine's answer may differ on the same facts (rules.holds_until);
    #: the daily catch-up recomputes from then on. None: recompute at the next catch-up.
    holds_until: Mapped[dt.date | None] = mapped_column(Date)
    #: a copy of the person's persons.sort_name (people.models.name_sort_key), stored with the
    #: result: the overview sorts by it in the database (``lower(name)`` over a network's
    #: persons was the page's costliest statement, and SQLite's lower() leaves Æ, Ø, Å)
    sort_name: Mapped[str] = mapped_column(SORT_NAME, default="", server_default="")


class ProgressRequirementState(db.Model):
    """One person's result on one requirement of a network's active plan."""

    __tablename__ = "progress_requirement_states"
    __table_args__ = (
        UniqueConstraint(
            "person_id", "network_id", "requirement_key", name="uq_progress_req_states_person_key"
        ),
        Index("ix_progress_requirement_states_status", "network_id", "requirement_key", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="CASCADE"))
    requirement_key: Mapped[str] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(20))
    done: Mapped[float] = mapped_column(Float)
    needed: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(10))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    met_on: Mapped[dt.date | None] = mapped_column(Date)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    pending: Mapped[float | None] = mapped_column(Float)
    #: why it is not met although enough may be done (``rules.RequirementResult.reason``)
    reason: Mapped[str | None] = mapped_column(String(80))
    #: the day the engine computed it; it stands for the day its state row says
    computed_on: Mapped[dt.date] = mapped_column(Date)
