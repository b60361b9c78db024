"""What lies behind a requirement's status: the evidence that counts toward it, as plain
lines for the progress page. Pure: the facts and the day are passed in.

Each kind lists its own evidence (``app.progress.kinds.<kind>.evidence``), counting the way
its evaluation counts; this module only asks the kind and orders the lines.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.progress import kinds
from app.progress.kinds._common import Evidence, PersonFacts, Plan, Requirement

__all__ = ["Evidence", "evidence_for"]


def evidence_for(
    req: Requirement,
    facts: PersonFacts,
    as_of: date,
    plan: Plan,
    *,
    course_titles: dict[str, str] | None = None,
) -> list[Evidence]:
    """The evidence behind one requirement, newest first."""
    kind = kinds.get(req.kind)
    if kind is None:
        return []
    if req.params is None:  # the kinds read their params with .get
        req = replace(req, params={})
    items = kind.evidence(req, facts, as_of, plan, course_titles or {})
    items.sort(key=lambda e: e.on or date.min, reverse=True)
    return items
