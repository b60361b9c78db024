"""Requirement kinds in one place: one module per kind, and the registry that finds them.

Each kind module holds, for its kind, ``evaluate`` (the pure rule), ``evidence`` (the lines
behind the status on the progress page), ``unit`` and ``is_partial`` (for the overview
workbook) and ``validate`` (the params a plan may give it). ``rules.evaluate`` dispatches here.
"""

from __future__ import annotations

from types import ModuleType

from app.progress.kinds import (
    checklist,
    course,
    document,
    gathering,
    hospitation,
    service,
    supervision,
    teaching,
)

#: kind value → its module, in CONTRACT's order
REGISTRY: dict[str, ModuleType] = {
    m.KIND: m
    for m in (course, gathering, hospitation, checklist, service, supervision, teaching, document)
}
#: the kind values, in CONTRACT's order
KINDS: tuple[str, ...] = tuple(REGISTRY)


def get(kind: str) -> ModuleType | None:
    """The module of a requirement kind, or None for an unknown kind."""
    return REGISTRY.get(kind)
