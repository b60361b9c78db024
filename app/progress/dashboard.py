"""The dashboard's progress sections for a person and her staff: the plan results of all of
them in one batch (current.results_for), each cell worded once per page in Python so the
template only prints strings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _

from app.core.seed_texts import seeded
from app.core.templating import format_date, status_label
from app.progress import current, rules
from app.progress.views import bp, is_kpm_plan, missing, plan_summary, reason

#: how many of a plan's missing requirements the person's own section lists
MISSING_SHOWN = 5


@dataclass(frozen=True, slots=True)
class MissingLine:
    """A requirement that holds back the plan, in words."""

    title: str
    status: str
    reason: str
    deadline: str


@dataclass(frozen=True, slots=True)
class PlanLine:
    """A plan result in words: its title, its summary and (for the person herself) what is
    missing."""

    title: str
    summary: str
    missing: tuple[MissingLine, ...] = ()


@dataclass(frozen=True, slots=True)
class StaffLine:
    """One of the leader's staff with her plans in words."""

    id: int
    name: str
    plans: tuple[PlanLine, ...]


@dataclass(frozen=True, slots=True)
class DashboardProgress:
    """What progress/_dashboard.html shows of the person and her staff."""

    mine: tuple[PlanLine, ...]
    staff: tuple[StaffLine, ...]


class _Words:
    """Titles, summaries and statuses worded once per page (many staff share them)."""

    def __init__(self) -> None:
        self.titles: dict[str, str] = {}
        self.summaries: dict[tuple, str] = {}
        self.statuses: dict[str, str] = {}

    def title(self, text: str) -> str:
        found = self.titles.get(text)
        if found is None:
            found = self.titles[text] = seeded(text)
        return found

    def summary(self, result: rules.PlanResult) -> str:
        # plan_summary depends only on these: completion, the kind of plan and three counts
        mandatory = [r for r in result.requirements if r.mandatory and not r.yearly]
        left = [r for r in mandatory if r.status not in (rules.MET, rules.NOT_APPLICABLE)]
        key = (
            result.complete,
            is_kpm_plan(result),
            len(left),
            len(mandatory),
            sum(r.status == rules.OVERDUE for r in left),
        )
        found = self.summaries.get(key)
        if found is None:
            found = self.summaries[key] = plan_summary(result)
        return found

    def status(self, value: str) -> str:
        found = self.statuses.get(value)
        if found is None:
            found = self.statuses[value] = status_label(value)
        return found


def _missing_line(words: _Words, r: rules.RequirementResult) -> MissingLine:
    return MissingLine(
        words.title(r.title),
        words.status(r.status),
        reason(r),
        _("frist %(d)s", d=format_date(r.deadline)) if r.deadline else "",
    )


@bp.app_template_global()
def progress_dashboard(person: Any, staff: Sequence[Any]) -> DashboardProgress:
    """The person's own plans (with what is missing) and her staff's plans, worded; ``staff``
    are rows with ``id`` and ``name``."""
    ids = ([person.id] if person is not None else []) + [p.id for p in staff]
    if not ids:
        return DashboardProgress((), ())
    results = current.results_for(ids)
    words = _Words()
    mine = tuple(
        PlanLine(
            words.title(result.title),
            words.summary(result),
            tuple(_missing_line(words, r) for r in missing(result)[:MISSING_SHOWN]),
        )
        for result in (results.get(person.id, []) if person is not None else [])
    )
    lines = tuple(
        StaffLine(
            p.id,
            p.name,
            tuple(PlanLine(words.title(r.title), words.summary(r)) for r in results.get(p.id, [])),
        )
        for p in staff
    )
    return DashboardProgress(mine, lines)
