"""What lies behind a requirement's status: the evidence that counts toward it, as plain
lines for the progress page. Pure: the facts and the day are passed in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from app.core.dates import calendar_months
from app.progress.rules import PersonFacts, Plan, Requirement

SITE_KINDS = {
    "centre_with_beds": "Palliativt senter med sengepost",
    "centre_without_beds": "Palliativt senter uten sengepost",
    "nursing_home_unit": "Palliativ enhet i sykehjem",
}
DOCUMENTS = {
    "specialist_approval": "Spesialistgodkjenning",
    "education_plan": "Individuell utdanningsplan",
    "research_project": "Forskningsprosjekt",
    "theory_course": "Teorikurs",
}
GATHERING_KINDS = {
    "intro_course": "Introduksjonskurs",
    "network_meeting": "Nettverkssamling",
    "theme_day": "Temadag",
    "fagdag": "Fagdag",
}


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: its date, what it is, and whether it counts."""

    on: date | None
    text: str
    counts: bool = True


def _in_window(day: date, req: Requirement, as_of: date) -> bool:
    if day > as_of:
        return False
    return not req.yearly or day.year == as_of.year


def evidence_for(
    req: Requirement,
    facts: PersonFacts,
    as_of: date,
    plan: Plan,
    *,
    course_titles: dict[str, str] | None = None,
) -> list[Evidence]:
    """The evidence behind one requirement, newest first."""
    params: dict[str, Any] = req.params or {}
    titles = course_titles or {}
    items: list[Evidence] = []
    if req.kind == "course":
        keys = set(params.get("courses") or [])
        level = params.get("level")
        for course in facts.courses:
            if keys and course.course_key not in keys:
                continue
            if not keys and level and course.level != level:
                continue
            if not _in_window(course.on, req, as_of):
                continue
            hours = f" ({course.hours:g} t)" if course.hours else ""
            items.append(
                Evidence(course.on, titles.get(course.course_key, course.course_key) + hours)
            )
    elif req.kind == "gathering":
        kind = params.get("gathering_kind")
        for attended in facts.gatherings:
            if attended.network != plan.network or (kind and attended.kind != kind):
                continue
            if not _in_window(attended.on, req, as_of):
                continue
            label = GATHERING_KINDS.get(attended.kind, attended.kind)
            if attended.cancelled:
                items.append(Evidence(attended.on, f"{label} (avlyst, teller ikke)", counts=False))
            else:
                items.append(Evidence(attended.on, f"{label}, deltok"))
    elif req.kind == "hospitation":
        goals_required = bool(params.get("goals_required"))
        for stay in facts.hospitations:
            if not stay.completed or not _in_window(stay.on, req, as_of):
                continue
            if goals_required and not stay.has_goals:
                items.append(
                    Evidence(stay.on, f"{stay.days:g} dager, uten mål (teller ikke)", counts=False)
                )
            else:
                items.append(Evidence(stay.on, f"{stay.days:g} dager hospitering, fullført"))
    elif req.kind == "checklist":
        names = {i.get("key"): i.get("title", i.get("key")) for i in params.get("items") or []}
        for item in facts.checklist:
            if item.plan_key != plan.key or item.requirement_key != req.key:
                continue
            if item.item_key in names and _in_window(item.on, req, as_of):
                items.append(Evidence(item.on, f"Attestert: {names[item.item_key]}"))
    elif req.kind in ("service", "supervision", "teaching"):
        items.extend(_service_evidence(req, facts, as_of, plan))
    elif req.kind == "document":
        wanted = params.get("document")
        for document in facts.documents:
            if document.kind == wanted and _in_window(document.on, req, as_of):
                items.append(Evidence(document.on, DOCUMENTS.get(document.kind, document.kind)))
    items.sort(key=lambda e: e.on or date.min, reverse=True)
    return items


def _service_params(plan: Plan) -> dict[str, Any]:
    for requirement in plan.requirements:
        if requirement.kind == "service":
            return requirement.params or {}
    return {}


def _service_evidence(req: Requirement, facts: PersonFacts, as_of: date, plan: Plan):
    if req.kind == "supervision":
        for meeting in facts.supervision:
            if meeting.on <= as_of:
                yield Evidence(meeting.on, "Veiledningsmøte")
        return
    if req.kind == "teaching":
        for entry in facts.teaching:
            if entry.on <= as_of:
                yield Evidence(entry.on, f"{entry.hours:g} undervisningstimer")
        return
    kinds = (req.params or _service_params(plan)).get("site_kinds") or {}
    for period in facts.service:
        if period.start > as_of:
            continue
        last = min(period.end or as_of, as_of)
        months = calendar_months(period.start, last)
        rule = kinds.get(period.site_kind)
        label = SITE_KINDS.get(period.site_kind, period.site_kind)
        span = f"{period.start:%d.%m.%Y}–{last:%d.%m.%Y}, {period.position_pct:g} %"
        if not period.approved:
            yield Evidence(period.start, f"{label}: {span} – ikke godkjent (teller ikke)", False)
        elif kinds and rule is None:
            yield Evidence(period.start, f"{label}: {span} – stedstypen teller ikke", False)
        elif rule and period.position_pct < rule.get("min_pct", 0):
            yield Evidence(
                period.start,
                f"{label}: {span} – under {rule['min_pct']} % stilling (teller ikke)",
                False,
            )
        else:
            counted = months * period.position_pct / 100
            yield Evidence(
                period.start, f"{label}: {span} = {counted:.1f} måneder".replace(".", ",")
            )
