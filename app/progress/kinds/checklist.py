"""The checklist requirement: distinct attested items of this plan and requirement."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask_babel import gettext as _

from app.core.errors import DomainError
from app.core.seed_texts import seeded
from app.progress.kinds import _params
from app.progress.kinds._common import (
    Evidence,
    Outcome,
    PersonFacts,
    Plan,
    Requirement,
    distinct,
    in_window,
)

KIND = "checklist"


def item_keys(items: Iterable[Any]) -> set[str]:
    """The keys of checklist items given as ``{"key", "title"}`` objects or plain strings."""
    keys: set[str] = set()
    for item in items:
        key = item.get("key") if isinstance(item, dict) else item
        if key is not None:
            keys.add(str(key))
    return keys


def evaluate(req: Requirement, facts: PersonFacts, plan: Plan, as_of: date) -> Outcome:
    """Count the distinct attested items of this plan and requirement."""
    keys = item_keys(req.params.get("items") or ())
    needed = float(len(keys))
    found = (
        (c.on, c.item_key)
        for c in facts.checklist
        if c.plan_key == plan.key and c.requirement_key == req.key and c.item_key in keys
    )
    done, met_on = distinct(found, needed)
    return Outcome(done, needed, "items", met_on is not None and needed > 0, met_on)


def evidence(
    req: Requirement, facts: PersonFacts, as_of: date, plan: Plan, titles: dict[str, str]
) -> list[Evidence]:
    """The attested items, by their titles."""
    names = {i.get("key"): i.get("title", i.get("key")) for i in req.params.get("items") or []}
    items = []
    for item in facts.checklist:
        if item.plan_key != plan.key or item.requirement_key != req.key:
            continue
        if item.item_key in names and in_window(item.on, req, as_of):
            items.append(Evidence(item.on, _("Attestert: %(t)s", t=seeded(names[item.item_key]))))
    return items


def unit(params: dict[str, Any]) -> str:
    """Checklist items."""
    return "items"


def is_partial(params: dict[str, Any]) -> bool:
    """Items are attested one by one."""
    return True


def validate(params: dict[str, Any], field: str, check: _params.Check) -> None:
    """Check the checklist params: items with unique keys and titles, ``attested_by``."""
    items = params.get("items")
    if not isinstance(items, list) or not items:
        raise DomainError(f"{field}.items", _("Sjekklisten må ha minst ett punkt."))
    seen: set[str] = set()
    for i, item in enumerate(items):
        f = f"{field}.items[{i}]"
        if not isinstance(item, dict):
            raise DomainError(f, _("Et punkt må ha «key» og «title»."))
        key, title = item.get("key"), item.get("title")
        if not isinstance(key, str) or not _params.KEY_RE.match(key) or len(key) > 80:
            raise DomainError(f"{f}.key", _("Nøkkel: små bokstaver, sifre og bindestrek."))
        if key in seen:
            raise DomainError(f"{f}.key", _("Nøkkelen er brukt før i listen."))
        seen.add(key)
        if not isinstance(title, str) or not title.strip():
            raise DomainError(f"{f}.title", _("Tittel må fylles ut."))
    attested_by = params.get("attested_by")
    if attested_by is not None and attested_by not in ("self", "supervisor"):
        raise DomainError(f"{field}.attested_by", _("Må være «self» eller «supervisor»."))
