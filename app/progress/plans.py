"""Competence plan operations: validate requirements, create or replace a plan, preview.

A network has one active plan: the last one put (CONTRACT.md). Operations flush, log and
raise ``DomainError`` with the offending field (``requirements[2].params.courses``); they
never commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core import audit
from app.core.errors import DomainError
from app.courses.models import Course
from app.extensions import db
from app.gatherings.models import GatheringKind
from app.kpm.models import DocumentKind, SiteKind
from app.networks.models import CompetencePlan, Membership, Network, Requirement, RequirementKind
from app.people.models import Person, Profession
from app.progress import kinds
from app.progress.kinds._params import KEY_RE

#: person facts ``not_applicable_if`` may name
PERSON_FACTS = ("further_education", "specialist_approved", "profession")
GATHERING_KINDS = tuple(k.value for k in GatheringKind)
SITE_KINDS = tuple(k.value for k in SiteKind)
DOCUMENT_KINDS = tuple(k.value for k in DocumentKind)
#: a hundred years: the longest deadline a plan may set
MAX_DEADLINE_MONTHS = 1200


class _Check:
    """Validation context: the database lists loaded once, and the field prefix."""

    gathering_kinds = GATHERING_KINDS
    site_kinds = SITE_KINDS
    document_kinds = DOCUMENT_KINDS

    def __init__(self) -> None:
        self._professions: set[str] | None = None
        self._courses: dict[str, bool] = {}

    def professions(self) -> set[str]:
        if self._professions is None:
            self._professions = set(db.session.scalars(select(Profession.key)))
        return self._professions

    def missing_courses(self, keys: list[str]) -> list[str]:
        unknown = [k for k in keys if k not in self._courses]
        if unknown:
            found = set(db.session.scalars(select(Course.key).where(Course.key.in_(unknown))))
            for k in unknown:
                self._courses[k] = k in found
        return [k for k in keys if not self._courses[k]]


def _params(kind: str, params: Any, field: str, check: _Check) -> dict[str, Any]:
    """Check a requirement's params for its kind (the kind's own ``validate``); unchanged."""
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise DomainError(field, _("Parametrene må være et JSON-objekt."))
    kinds.REGISTRY[kind].validate(params, field, check)
    return params


def _deadline_months(data: dict[str, Any], field: str) -> int | None:
    """The requirement's ``deadline_months``, checked: a whole number of months or None."""
    deadline = data.get("deadline_months")
    if deadline is not None and (
        isinstance(deadline, bool) or not isinstance(deadline, int) or deadline < 0
    ):
        raise DomainError(
            f"{field}.deadline_months", _("Må være et heltall (0 eller mer) eller null.")
        )
    if deadline is not None and deadline > MAX_DEADLINE_MONTHS:
        # A deadline past year 9999 cannot be computed (and means no deadline anyway).
        raise DomainError(
            f"{field}.deadline_months",
            _("Kan ikke være mer enn %(n)s.", n=MAX_DEADLINE_MONTHS),
        )
    return deadline


def _condition(data: dict[str, Any], field: str) -> dict[str, Any]:
    """The requirement's ``not_applicable_if``, checked: known person facts, plain values."""
    condition = data.get("not_applicable_if")
    if condition is None:
        condition = {}
    if not isinstance(condition, dict):
        raise DomainError(f"{field}.not_applicable_if", _("Må være et JSON-objekt."))
    for name, value in condition.items():
        if name not in PERSON_FACTS:
            raise DomainError(
                f"{field}.not_applicable_if",
                _(
                    "Ukjent opplysning: %(k)s (gyldige: %(v)s)",
                    k=name,
                    v=", ".join(PERSON_FACTS),
                ),
            )
        if not isinstance(value, str | int | float | bool) and value is not None:
            raise DomainError(
                f"{field}.not_applicable_if.{name}",
                _("Verdien må være tekst, tall eller sann/usann."),
            )
    return condition


def validate_requirement(data: Any, field: str, check: _Check | None = None) -> dict[str, Any]:
    """One requirement in CONTRACT's shape, checked; returns it normalised."""
    check = check or _Check()
    if not isinstance(data, dict):
        raise DomainError(field, _("Et krav må være et JSON-objekt."))
    key = data.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key) or len(key) > 80:
        raise DomainError(f"{field}.key", _("Nøkkel: små bokstaver, sifre og bindestrek."))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise DomainError(f"{field}.title", _("Tittel må fylles ut."))
    if len(title) > 300:
        raise DomainError(f"{field}.title", _("Tittelen er for lang (høyst 300 tegn)."))
    kind = data.get("kind")
    if kind not in kinds.KINDS:
        raise DomainError(f"{field}.kind", _("Må være en av: %(k)s", k=", ".join(kinds.KINDS)))
    professions = data.get("professions")
    if professions is None:
        professions = []
    if not isinstance(professions, list) or not all(isinstance(p, str) for p in professions):
        raise DomainError(f"{field}.professions", _("Må være en liste med yrkesnøkler."))
    unknown = [p for p in professions if p not in check.professions()]
    if unknown:
        raise DomainError(f"{field}.professions", _("Ukjente yrker: %(k)s", k=", ".join(unknown)))
    for flag in ("mandatory", "yearly"):
        if data.get(flag) is not None and not isinstance(data[flag], bool):
            raise DomainError(f"{field}.{flag}", _("Må være true eller false."))
    deadline = _deadline_months(data, field)
    condition = _condition(data, field)
    params = _params(kind, data.get("params"), f"{field}.params", check)
    return {
        "key": key,
        "title": title.strip(),
        "kind": kind,
        "professions": list(dict.fromkeys(professions)),
        "mandatory": data.get("mandatory") if data.get("mandatory") is not None else True,
        "deadline_months": deadline,
        "yearly": bool(data.get("yearly") or False),
        "not_applicable_if": dict(condition),
        "params": dict(params),
    }


def validate_plan(data: Any) -> tuple[str, list[dict[str, Any]]]:
    """The plan body ``{title, requirements}`` checked: the title and normalised requirements."""
    if not isinstance(data, dict):
        raise DomainError(None, _("Forventet et JSON-objekt."))
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        raise DomainError("title", _("Tittel må fylles ut."))
    if len(title.strip()) > 200:
        raise DomainError("title", _("Tittelen er for lang (høyst 200 tegn)."))
    requirements = data.get("requirements")
    if requirements is None:
        requirements = []
    if not isinstance(requirements, list):
        raise DomainError("requirements", _("Må være en liste med krav."))
    check = _Check()
    seen: set[str] = set()
    out = []
    for i, raw in enumerate(requirements):
        req = validate_requirement(raw, f"requirements[{i}]", check)
        if req["key"] in seen:
            raise DomainError(f"requirements[{i}].key", _("Nøkkelen er brukt av et annet krav."))
        seen.add(req["key"])
        out.append(req)
    return title.strip(), out


def put_plan(network: Network, key: str, data: Any) -> tuple[CompetencePlan, bool]:
    """Create or replace the network's plan ``key``; it becomes the active plan.

    Returns the plan and whether it was created. Requirements keep their rows (matched by
    key) so their ids stay stable; the order is the order given.
    """
    if not isinstance(key, str) or not KEY_RE.match(key) or len(key) > 80:
        raise DomainError("key", _("Nøkkel: små bokstaver, sifre og bindestrek."))
    title, requirements = validate_plan(data)
    plan = db.session.scalar(
        select(CompetencePlan).where(
            CompetencePlan.network_id == network.id, CompetencePlan.key == key
        )
    )
    created = plan is None
    if plan is None:
        plan = CompetencePlan(network=network, key=key, title=title, active=True)
        db.session.add(plan)
    plan.title = title
    existing = {r.key: r for r in plan.requirements}
    wanted = {r["key"] for r in requirements}
    for old_key, row in list(existing.items()):
        if old_key not in wanted:
            plan.requirements.remove(row)
    db.session.flush()
    rows = []
    for position, req in enumerate(requirements):
        row = existing.get(req["key"])
        if row is None:
            row = Requirement(key=req["key"])
        row.position = position
        row.title = req["title"]
        row.kind = RequirementKind(req["kind"])
        row.professions = req["professions"]
        row.mandatory = req["mandatory"]
        row.deadline_months = req["deadline_months"]
        row.yearly = req["yearly"]
        row.not_applicable_if = req["not_applicable_if"]
        row.params = req["params"]
        rows.append(row)
    plan.requirements = rows
    for other in db.session.scalars(
        select(CompetencePlan).where(CompetencePlan.network_id == network.id)
    ):
        other.active = other is plan
    plan.active = True
    db.session.flush()
    # The network's cached plan list must see the new active flags.
    db.session.expire(network, ["plans"])
    audit.log(
        "plan.create" if created else "plan.replace",
        plan,
        network=network.slug,
        key=key,
        requirements=len(rows),
    )
    return plan, created


def plan_to_json(plan: CompetencePlan) -> dict[str, Any]:
    """A plan as the API shows it."""
    return {
        "network": plan.network.slug,
        "key": plan.key,
        "title": plan.title,
        "active": bool(plan.active),
        "requirements": [r.to_json() for r in plan.requirements],
    }


def members_by_profession(network: Network, on: dt.date) -> dict[str, int]:
    """Active members per profession key on ``on`` (the editor's preview, one query)."""
    rows = db.session.execute(
        select(Profession.key, func.count(func.distinct(Membership.person_id)))
        .join(Person, Membership.person_id == Person.id)
        .join(Profession, Person.profession_id == Profession.id)
        .where(
            Membership.network_id == network.id,
            Membership.active_on(on),
        )
        .group_by(Profession.key)
    )
    return {key: int(n) for key, n in rows}


def affected_count(by_profession: dict[str, int], professions: list[str]) -> int:
    """Members a requirement for ``professions`` applies to (empty = everyone)."""
    if not professions:
        return sum(by_profession.values())
    return sum(by_profession.get(p, 0) for p in set(professions))
