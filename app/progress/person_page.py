"""A person's progress page, built in Python once per request.

Today's statuses come from the read model (``current.stored_results``, one query) when it
holds them, any other day's from the engine; the evidence behind them from one batch of the
facts the plans' requirement kinds read. Each label is translated once per page and each
cell becomes a string, so the template only prints (as ``overview_cells`` does for the
network overview).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import flash, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access, batch, revisions
from app.core.i18n import gettext as _
from app.core.seed_texts import seeded
from app.core.templating import format_date, status_label
from app.core.types import today_oslo
from app.courses.models import COURSES_REVISION, Course
from app.progress import current, facts, rules
from app.progress.evidence import evidence_for
from app.progress.views import _day_arg, amount, bp, missing, plan_summary, reason

#: evidence lines shown per requirement; the rest are counted
SHOWN = 8


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    """One line behind a requirement: its date in words, what it is, whether it counts."""

    on: str
    text: str
    counts: bool


@dataclass(frozen=True, slots=True)
class Row:
    """A requirement's row of the plan's table, as strings the template prints."""

    title: str
    mandatory: bool
    yearly: bool
    status: str
    label: str
    late: bool
    reason: str
    needed: float
    bar: float
    amount: str
    deadline: str
    met_on: str
    evidence: list[EvidenceLine]
    more: str


@dataclass(frozen=True, slots=True)
class PlanView:
    """A plan's section of the page."""

    title: str
    network: str
    summary: str
    start: str
    missing: list[str]
    rows: list[Row]


@bp.get("/persons/<int:person_id>/progress")
@login_required
def person_progress(person_id: int):
    """A person's progress in each plan on a day, requirement by requirement."""
    person = access.get_person_or_404(current_user, person_id)
    on, error = _day_arg()
    if error:
        flash(error, "error")
    views = plans(person.id, on)
    return render_template(
        "progress/person.html", person=person, on=on, day=format_date(on), plans=views
    )


def plans(person_id: int, on: dt.date) -> list[PlanView]:
    """The person's plans on ``on`` as the page shows them."""
    shared = facts.shared_plans()
    members = facts.memberships([person_id], on, plans=shared.plans).get(person_id, [])
    if not members:
        return []
    results = None
    if on == today_oslo():
        found = current.stored_results([person_id], on, {person_id: members})
        results = None if found is None else found[person_id]
    if results is None:
        # Not stored for the day: the engine decides, on the same facts as the evidence.
        person_facts = facts.load_facts([person_id], on).get(person_id)
        if person_facts is None:
            return []
        results = [
            rules.evaluate_plan(m.plan, person_facts, on, membership_start=m.start)
            for m in members
        ]
    else:
        kinds = {r.kind for m in members for r in m.plan.requirements}
        person_facts = facts.load_facts([person_id], on, kinds=kinds).get(person_id)
    titles = _course_titles(person_id, person_facts)
    labels = _Labels()
    out = []
    for m, result in zip(members, results, strict=True):
        requirements = {r.key: r for r in m.plan.requirements}
        rows = []
        for r in result.requirements:
            lines = (
                evidence_for(requirements[r.key], person_facts, on, m.plan, course_titles=titles)
                if person_facts is not None and r.key in requirements
                else []
            )
            rows.append(_row(r, lines, labels))
        out.append(
            PlanView(
                title=seeded(result.title),
                network=shared.names.get(result.network, ""),
                summary=plan_summary(result),
                start=format_date(m.start),
                missing=[_missing_line(r, labels) for r in missing(result)],
                rows=rows,
            )
        )
    return out


def _course_titles(person_id: int, person_facts: rules.PersonFacts | None) -> dict[str, str]:
    """The titles of the courses among the person's evidence (none asked for without one)."""
    if person_facts is None or not person_facts.courses:
        return {}
    keys = {c.course_key for c in person_facts.courses}
    free_text = {k for k in keys if k.startswith(facts.FREE_TEXT_PREFIX)}
    titles: dict[str, str] = {}
    if keys - free_text:
        catalogue = revisions.memo(COURSES_REVISION, ("course-titles",), _all_titles)
        titles.update({key: catalogue[key] for key in keys - free_text if key in catalogue})
    if free_text:
        titles.update(facts.free_text_titles(person_id))
    return titles


def _all_titles() -> dict[str, str]:
    """Every course's title by key (the catalogue: a few hundred rows)."""
    return dict(batch.plain_rows(_TITLES).all())


_TITLES = select(Course.key, Course.title)


class _Labels:
    """The page's words, each translated once."""

    def __init__(self) -> None:
        self.statuses: dict[str, str] = {}
        self.overdue_on = _("fristen gikk ut %(d)s")
        self.due_by = _("innen %(d)s")
        self.more = _("og %(n)d til")

    def status(self, value: str) -> str:
        label = self.statuses.get(value)
        if label is None:
            label = self.statuses[value] = status_label(value)
        return label


def _row(r: rules.RequirementResult, lines: list, labels: _Labels) -> Row:
    shown = [
        EvidenceLine(f"{format_date(e.on)}: " if e.on else "", e.text, e.counts)
        for e in lines[:SHOWN]
    ]
    return Row(
        title=seeded(r.title),
        mandatory=r.mandatory,
        yearly=r.yearly,
        status=r.status,
        label=labels.status(r.status),
        late=bool(r.late),
        reason=reason(r),
        needed=r.needed if r.needed and r.needed > 0 else 0,
        bar=min(r.done, r.needed),
        amount=amount(r),
        deadline=format_date(r.deadline) if r.deadline else "–",
        met_on=format_date(r.met_on) if r.met_on else "",
        evidence=shown,
        more=labels.more % {"n": len(lines) - SHOWN} if len(lines) > SHOWN else "",
    )


def _missing_line(r: rules.RequirementResult, labels: _Labels) -> str:
    """«Title (why) – innen dd.mm.yyyy» for the list of what is missing."""
    text = seeded(r.title)
    why = reason(r)
    if why:
        text = f"{text} ({why})"
    if r.deadline:
        phrase = labels.overdue_on if r.status == rules.OVERDUE else labels.due_by
        text = f"{text} – {phrase % {'d': format_date(r.deadline)}}"
    return text
