"""The document requirement: met from the date of the person's attested document of that
kind; one she recorded herself is pending until a KPM coordinator attests it."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.progress.kinds import _params
from app.progress.kinds._common import Evidence, Outcome, PersonFacts, Plan, Requirement, in_window

KIND = "document"
#: the document kinds as the evidence lines name them
LABELS = {
    "specialist_approval": _l("Spesialistgodkjenning"),
    "education_plan": _l("Individuell utdanningsplan"),
    "research_project": _l("Forskningsprosjekt"),
    "theory_course": _l("Teorikurs"),
    "head_of_department_statement": _l("Attest fra avdelingssjef"),
}


def evaluate(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> Outcome:
    """Met from the earliest attested document of the wanted kind."""
    kind = req.params.get("document")
    dates = sorted(d.on for d in facts.documents if d.kind == kind and d.attested)
    met_on = dates[0] if dates else None
    waiting = not dates and any(d.kind == kind and not d.attested for d in facts.documents)
    return Outcome(
        1.0 if dates else 0.0,
        1.0,
        "count",
        met_on is not None,
        met_on,
        pending=1.0 if waiting else 0.0,
    )


def evidence(
    req: Requirement, facts: PersonFacts, as_of: date, plan: Plan, titles: dict[str, str]
) -> list[Evidence]:
    """The person's documents of the wanted kind."""
    wanted = req.params.get("document")
    return [
        Evidence(d.on, str(LABELS.get(d.kind, d.kind)))
        if d.attested
        else Evidence(d.on, _("%(d)s – venter på attestering", d=LABELS.get(d.kind, d.kind)), False)
        for d in facts.documents
        if d.kind == wanted and in_window(d.on, req, as_of)
    ]


def unit(params: dict[str, Any]) -> str:
    """One document."""
    return "count"


def is_partial(params: dict[str, Any]) -> bool:
    """A document is there or not."""
    return False


def validate(params: dict[str, Any], field: str, check: _params.Check) -> None:
    """Check the document params: a known ``document`` kind."""
    _params.one_of(params.get("document"), check.document_kinds, f"{field}.document")
