"""Progress pages: a person's progress, a network's overview, who is overdue, the plan editor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, render_template, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core import access, revisions
from app.core.dates import add_months
from app.core.i18n import gettext as _
from app.core.i18n import text as label_text
from app.core.pagination import RowPage, page_arg
from app.core.types import today_oslo
from app.extensions import db
from app.networks.models import Membership, Network, RequirementKind
from app.networks.queries import REGISTER_REVISION
from app.people.models import Person, Workplace, name_sort_key
from app.progress import current, facts, overview_cells, readmodel, reports, rules, stored

bp = Blueprint("progress", __name__)

PER_PAGE = 50
#: requirement-kind labels by value (lazy strings: they follow the reader's language)
KIND_LABELS = RequirementKind.__labels__
UNIT_LABELS = {
    "days": _l("dager"),
    "months": _l("måneder"),
    "hours": _l("timer"),
    "count": _l("stk."),
    "items": _l("punkter"),
}
#: why a requirement is not met, when the rules can say (RequirementResult.reason)
REASON_LABELS = {
    rules.LEADER_MISSING: _l("leder ikke registrert"),
    rules.LEADER_ABSENT: _l("leder deltok ikke"),
}
STATUS_FILTERS = {
    "": _l("Alle"),
    "overdue": _l("Har forfalte krav"),
    "due_soon": _l("Frist innen 3 måneder"),
    "incomplete": _l("Ikke fullført"),
    "complete": _l("Fullført"),
}
SORTS = {"name": _l("Navn"), "overdue": _l("Flest forfalte"), "start": _l("Startdato")}


# --------------------------------------------------------------------------- helpers


def _day_arg() -> tuple[dt.date, str | None]:
    """The ``on`` query argument (default today in Oslo) and an error message if it is bad."""
    raw = (request.args.get("on") or "").strip()
    if not raw:
        return today_oslo(), None
    try:
        return dt.date.fromisoformat(raw), None
    except ValueError:
        return today_oslo(), _("Ugyldig dato «%(d)s», viser i dag.", d=raw[:20])


def is_kpm_plan(plan: rules.Plan | rules.PlanResult | Any) -> bool:
    """KPM-like plans (with clinical service) say «ready to apply» rather than «level B»."""
    requirements = getattr(plan, "requirements", ())
    return any(getattr(r, "kind", None) == "service" for r in requirements)


def missing(result: rules.PlanResult) -> list[rules.RequirementResult]:
    """The mandatory, non-yearly requirements not met yet (what holds back ``complete``)."""
    return [
        r
        for r in result.requirements
        if r.mandatory and not r.yearly and r.status not in (rules.MET, rules.NOT_APPLICABLE)
    ]


def plan_summary(result: rules.PlanResult) -> str:
    """A one-line summary of a plan result in words."""
    if result.complete:
        return _("Klar til å søke KPM") if is_kpm_plan(result) else _("Nivå B nådd")
    left = missing(result)
    overdue = [r for r in left if r.status == rules.OVERDUE]
    if overdue:
        return _(
            "%(n)d av %(m)d obligatoriske krav gjenstår, %(o)d har passert fristen",
            n=len(left),
            m=len([r for r in result.requirements if r.mandatory and not r.yearly]),
            o=len(overdue),
        )
    return _(
        "%(n)d av %(m)d obligatoriske krav gjenstår",
        n=len(left),
        m=len([r for r in result.requirements if r.mandatory and not r.yearly]),
    )


def _reason(code: str | None) -> str | None:
    """Why a requirement with enough done is not met, in words."""
    if code == rules.WAITING_FOR_SERVICE:
        return _("venter på at klinisk tjeneste er fullført")
    if code and code.startswith(rules.MISSING_MIN_MONTHS):
        if code.endswith(":centre_with_beds"):
            return _("mangler obligatorisk år ved senter med sengepost")
        return _("mangler minste antall måneder ved en type sted")
    return None


def amount(r: rules.RequirementResult) -> str:
    """«1 av 2 dager», numbers with a decimal comma; why it is not met although enough is
    done, and how much waits for attestation."""
    from app.core.templating import format_number

    text = _(
        "%(done)s av %(needed)s %(unit)s",
        done=format_number(r.done),
        needed=format_number(r.needed),
        unit=label_text(UNIT_LABELS.get(r.unit, r.unit)),
    )
    why = _reason(r.reason)
    if why:
        text = f"{text} – {why}"
    if r.pending > rules.EPS:
        waiting = _("%(n)s venter på attestering", n=format_number(r.pending))
        text = f"{text} ({waiting})"
    return text


@bp.app_template_global()
def progress_results(person: Person, on: dt.date | None = None) -> list[rules.PlanResult]:
    """A person's plan results today (for the person page and dashboard partials)."""
    if person is None:
        return []
    return current.results_for([person.id], on).get(person.id, [])


@bp.app_template_global()
def staff_progress(staff: list[Person]) -> list[tuple[Person, list[rules.PlanResult]]]:
    """A leader's staff with their plan results today, in one batch."""
    if not staff:
        return []
    results = current.results_for([p.id for p in staff])
    return [(p, results.get(p.id, [])) for p in staff]


def reason(r: rules.RequirementResult) -> str:
    """Why the requirement is not met, in words ("leder ikke registrert"), or ""."""
    label = REASON_LABELS.get(r.reason) if r.reason else None
    return str(label) if label else ""


for _fn in (plan_summary, amount, missing, is_kpm_plan, reason):
    bp.add_app_template_global(_fn, "progress_" + _fn.__name__)
bp.add_app_template_global(KIND_LABELS, "progress_kind_labels")


def _page_arg() -> int:
    return page_arg()


# --------------------------------------------------------------------------- network


@dataclass
class OverviewLine:
    """A member's row in the network overview."""

    person: Person
    start: dt.date
    result: rules.PlanResult | None
    by_key: dict[str, rules.RequirementResult]
    overdue: int
    due_soon: int


def _overview_lines(network: Network, on: dt.date) -> tuple[rules.Plan | None, list[OverviewLine]]:
    """Every member active on ``on`` with their result in the network's plan (batched)."""
    plan = facts.active_plans([network.id]).get(network.id)
    memberships = db.session.scalars(
        select(Membership)
        .where(
            Membership.network_id == network.id,
            Membership.active_on(on),
        )
        .options(
            selectinload(Membership.person).selectinload(Person.profession),
            selectinload(Membership.person)
            .selectinload(Person.workplace)
            .selectinload(Workplace.municipality),
            selectinload(Membership.person).selectinload(Person.own_municipality),
        )
    ).all()
    results = reports.progress_for_persons(
        [m.person_id for m in memberships], on, network_ids=[network.id]
    )
    soon = add_months(on, 3)
    lines = []
    for m in memberships:
        result = next(iter(results.get(m.person_id, [])), None)
        reqs = result.requirements if result else []
        lines.append(
            OverviewLine(
                person=m.person,
                start=m.start,
                result=result,
                by_key={r.key: r for r in reqs},
                overdue=sum(1 for r in reqs if r.status == rules.OVERDUE),
                due_soon=sum(
                    1
                    for r in reqs
                    if r.status in (rules.DUE, rules.IN_PROGRESS)
                    and r.deadline is not None
                    and on <= r.deadline <= soon
                ),
            )
        )
    return plan, lines


@bp.get("/networks/<slug>/progress")
@login_required
def network_progress(slug: str):
    """The coordinator's overview: members × requirements, with filters and sorting."""
    network = access.get_managed_network_or_404(current_user, slug)
    on, error = _day_arg()
    if error:
        flash(error, "error")
    status = request.args.get("status", "")
    status = status if status in STATUS_FILTERS else ""
    profession = request.args.get("profession", "")
    municipality = request.args.get("municipality", "")
    sort = request.args.get("sort", "name")
    sort = sort if sort in SORTS else "name"

    number = _page_arg()
    if on == today_oslo() and readmodel.is_fresh(network.id, on):
        # Today, from the read model: filtered, sorted and paged in the database.
        plan = facts.active_plans([network.id]).get(network.id)
        page = stored.overview_page(
            network,
            on,
            status=status,
            profession=profession,
            municipality=municipality,
            sort=sort,
            page=number,
            per_page=PER_PAGE,
        )
        professions, municipalities = revisions.memo(
            REGISTER_REVISION,
            ("overview-choices", network.id, on, str(get_locale())),
            lambda: stored.filter_choices(network),
        )
    else:
        plan, page, professions, municipalities = _computed_page(
            network, on, status, profession, municipality, sort, number
        )
    present = {p.key for p in professions}
    columns = [
        r
        for r in (plan.requirements if plan else ())
        if not r.professions or present & set(r.professions) or not present
    ]
    return render_template(
        "progress/network.html",
        network=network,
        plan=plan,
        columns=columns,
        page=page,
        lines=overview_cells.lines(page.items, columns, on, amount),
        on=on,
        status=status,
        profession=profession,
        municipality=municipality,
        sort=sort,
        professions=professions,
        municipalities=municipalities,
        status_filters=STATUS_FILTERS,
        sorts=SORTS,
    )


def _computed_page(network, on, status, profession, municipality, sort, number):
    """The overview for a day the read model does not hold: the engine, filtered in Python."""
    plan, lines = _overview_lines(network, on)
    professions = sorted({line.person.profession for line in lines}, key=lambda p: p.name_nb)
    municipalities = sorted(
        {line.person.municipality for line in lines if line.person.municipality},
        key=lambda m: m.name,
    )
    if status == "overdue":
        lines = [ln for ln in lines if ln.overdue]
    elif status == "due_soon":
        lines = [ln for ln in lines if ln.due_soon]
    elif status == "incomplete":
        lines = [ln for ln in lines if ln.result is not None and not ln.result.complete]
    elif status == "complete":
        lines = [ln for ln in lines if ln.result is not None and ln.result.complete]
    if profession:
        lines = [ln for ln in lines if ln.person.profession.key == profession]
    if municipality:
        lines = [
            ln
            for ln in lines
            if ln.person.municipality and str(ln.person.municipality.id) == municipality
        ]
    if sort == "overdue":
        lines.sort(key=lambda ln: (-ln.overdue, name_sort_key(ln.person.name), ln.person.id))
    elif sort == "start":
        lines.sort(key=lambda ln: (ln.start, name_sort_key(ln.person.name), ln.person.id))
    else:
        lines.sort(key=lambda ln: (name_sort_key(ln.person.name), ln.person.id))

    page = RowPage(lines[(number - 1) * PER_PAGE : number * PER_PAGE], number, PER_PAGE, len(lines))
    return plan, page, professions, municipalities


@bp.get("/networks/<slug>/overdue")
@login_required
def network_overdue(slug: str):
    """Who is overdue: every overdue requirement of the network's members, oldest first."""
    network = access.get_managed_network_or_404(current_user, slug)
    on, error = _day_arg()
    if error:
        flash(error, "error")
    _plan, lines = _overview_lines(network, on)
    items = [
        (line, r)
        for line in lines
        for r in (line.result.requirements if line.result else [])
        if r.status == rules.OVERDUE
    ]
    items.sort(
        key=lambda item: (item[1].deadline or dt.date.min, name_sort_key(item[0].person.name))
    )
    return render_template(
        "progress/overdue.html", network=network, on=on, items=items, unit_labels=UNIT_LABELS
    )


# A person's page, the plan editor's routes and the dashboard's sections share this blueprint;
# importing them registers them.
from app.progress import (  # noqa: E402, F401
    dashboard,
    member_status,
    person_page,
    plan_views,
    standing,
)
