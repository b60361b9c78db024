"""The preview of a member import: what would be created, what would change on whom, and why
a row is bad — computed from the checked rows, stored nowhere, the same on the page and the
command line.

:func:`build_preview` returns a new :class:`Preview`; it changes neither the rows it is given
nor the database. Its :meth:`Preview.digest` lets the confirmation notice that the register
changed since the coordinator looked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from app.networks.imports.context import ImportContext, load_context
from app.networks.imports.parse import RowIn
from app.networks.imports.validate import RowCheck, check_rows, display, field_labels
from app.networks.models import Network
from app.people.models import Person


@dataclass
class Change:
    """One field that changes on an existing person."""

    field: str
    label: str
    old: str
    new: str


@dataclass
class PlannedRow:
    """A good row: what will be done for it."""

    number: int
    name: str
    email: str | None
    action: str  # "create" | "update" | "unchanged"
    person_id: int | None = None
    #: the fields passed to create_person / update_person
    data: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    #: the start of the membership to add; None when the person is already a member
    membership_start: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    #: the profession's Norwegian name, for the preview of a new person
    profession_name: str | None = None


@dataclass
class BadRow:
    """A row that cannot be imported, with every reason."""

    number: int
    name: str
    errors: list[str]


@dataclass
class Preview:
    """What an import would do, row by row."""

    network: Network
    as_of: dt.date
    creates: list[PlannedRow] = field(default_factory=list)
    updates: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing stands in the way of applying it."""
        return not self.bad

    @property
    def new_memberships(self) -> int:
        """How many memberships the import would add."""
        return sum(1 for r in self.creates + self.updates if r.membership_start is not None)

    @property
    def total(self) -> int:
        """Number of data rows read."""
        return len(self.creates) + len(self.updates) + len(self.unchanged) + len(self.bad)

    def digest(self) -> str:
        """A fingerprint of the plan, to notice a changed plan between preview and confirm."""
        plan = [
            [
                r.action,
                r.number,
                r.person_id,
                sorted((k, str(v)) for k, v in r.data.items()),
                r.membership_start.isoformat() if r.membership_start else None,
            ]
            for r in self.creates + self.updates + self.unchanged
        ]
        plan.append([[b.number, b.errors] for b in self.bad])
        return hashlib.sha256(json.dumps(plan, default=str).encode()).hexdigest()[:32]


def build_preview(
    network: Network,
    rows: Iterable[RowIn],
    *,
    user: Any | None = None,
    as_of: dt.date,
) -> Preview:
    """Check every row and say what importing them into `network` would do.

    `user` limits which existing persons a row may match (a coordinator: persons in her
    networks or in none); a row matching anyone else is a bad row that reveals nothing about
    that person. None means everyone (the command line).
    """
    rows = list(rows)
    ctx = load_context(network, rows, user)
    checked = check_rows(rows, ctx, as_of)
    labels = field_labels()
    preview = Preview(network=network, as_of=as_of)
    sorted_into = {
        "create": preview.creates,
        "update": preview.updates,
        "unchanged": preview.unchanged,
    }
    for check in checked.rows:
        errors = list(check.errors)
        plan = _plan(check, ctx, labels, checked.file_emails, errors, as_of)
        if errors or plan is None:
            preview.bad.append(BadRow(check.number, check.display_name, errors))
        else:
            sorted_into[plan.action].append(plan)
    return preview


def _plan(
    check: RowCheck,
    ctx: ImportContext,
    labels: dict[str, str],
    file_emails: set[str],
    errors: list[str],
    as_of: dt.date,
) -> PlannedRow | None:
    """The plan for one checked row; None (with the reasons in `errors`) when it is bad."""
    leader_email = check.values["leader_email"]
    # Leaders may be persons created by this same file.
    if leader_email and leader_email not in ctx.leaders and leader_email not in file_emails:
        errors.append(
            _(
                "Fant ingen leder med e-post %(v)s (registrer lederen først, "
                "eller ta henne med i filen).",
                v=leader_email,
            )
        )
    if errors:
        return None
    if check.person is None:
        return _plan_create(check.number, check.values, errors, as_of)
    return _plan_update(check.number, check.person, check.values, ctx, labels, errors, as_of)


def _plan_create(
    number: int, values: dict[str, Any], errors: list[str], as_of: dt.date
) -> PlannedRow | None:
    if not values["email"]:
        errors.append(_("E-post mangler."))
    if values["profession"] is None:
        errors.append(_("Yrke mangler."))
    if errors:
        return None
    data: dict[str, Any] = {
        "name": values["name"],
        "email": values["email"],
        "profession": values["profession"].key,
    }
    if values["municipality"] is not None:
        data["municipality"] = values["municipality"].number
    for key in ("workplace", "phone", "hpr", "further_education", "leader_email"):
        if values[key] is not None:
            data[key] = values[key]
    return PlannedRow(
        number=number,
        name=values["name"],
        email=values["email"],
        action="create",
        data=data,
        profession_name=values["profession"].name_nb,
        membership_start=values["start"] or as_of,
    )


@dataclass
class _Diff:
    """The changes planned for an existing person, as they are found."""

    labels: dict[str, str]
    errors: list[str]
    #: the fields passed to update_person
    data: dict[str, Any] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    def change(self, key: str, old: Any, new: Any, stored: Any = None) -> None:
        """Plan `key` to go from `old` to `new` (`stored` when the operation wants a key)."""
        self.data[key] = new if stored is None else stored
        self.changes.append(Change(key, self.labels[key], display(old), display(new)))


def _plan_update(
    number: int,
    person: Person,
    values: dict[str, Any],
    ctx: ImportContext,
    labels: dict[str, str],
    errors: list[str],
    as_of: dt.date,
) -> PlannedRow | None:
    diff = _Diff(labels, errors)
    _diff_identity(diff, person, values, ctx)
    _diff_place(diff, person, values)
    _diff_details(diff, person, values, ctx)
    notes: list[str] = []
    membership_start = _membership_start(person, values["start"], ctx, errors, notes, as_of)
    if errors:
        return None
    action = "update" if diff.data or membership_start is not None else "unchanged"
    return PlannedRow(
        number=number,
        name=person.name,
        email=person.email,
        action=action,
        person_id=person.id,
        data=diff.data,
        changes=diff.changes,
        membership_start=membership_start,
        notes=notes,
    )


def _diff_identity(diff: _Diff, person: Person, values: dict[str, Any], ctx: ImportContext) -> None:
    """Name, e-mail and profession (which must be one of the network's)."""
    if values["name"] and values["name"] != person.name:
        diff.change("name", person.name, values["name"])
    if values["email"] and values["email"] != person.email.lower():
        if values["email"] in ctx.by_email:
            diff.errors.append(_("E-postadressen er allerede registrert på en annen person."))
        else:
            diff.change("email", person.email, values["email"])
    profession = values["profession"]
    if profession is not None and profession.id != person.profession_id:
        diff.change("profession", person.profession.name_nb, profession.name_nb, profession.key)
    effective = profession.id if profession is not None else person.profession_id
    if effective not in ctx.network_profession_ids:
        diff.errors.append(
            _(
                "Personens yrke (%(v)s) er ikke med i nettverket.",
                v=person.profession.name_nb if person.profession else "–",
            )
        )


def _diff_place(diff: _Diff, person: Person, values: dict[str, Any]) -> None:
    """Workplace and municipality (a workplace is looked up in the given municipality)."""
    municipality = values["municipality"]
    workplace = values["workplace"]
    if workplace is not None:
        current = person.workplace
        differs = current is None or current.name.lower() != workplace.lower()
        if not differs and municipality is not None:
            differs = current.municipality_id != municipality.id
        if differs:
            diff.change("workplace", current.name if current else None, workplace)
            if municipality is not None:
                # The workplace is looked up (or created) in the given municipality.
                diff.data["municipality"] = municipality.number
    if municipality is not None:
        own = person.municipality_id
        via_workplace = person.workplace.municipality_id if person.workplace else None
        if own != municipality.id and not (own is None and via_workplace == municipality.id):
            old = person.own_municipality.name if person.own_municipality else None
            diff.change("municipality", old, municipality.name, municipality.number)


def _diff_details(diff: _Diff, person: Person, values: dict[str, Any], ctx: ImportContext) -> None:
    """Phone, HPR number, further education and leader."""
    if values["phone"] is not None and values["phone"] != (person.phone or None):
        diff.change("phone", person.phone, values["phone"])
    if values["hpr"] is not None and values["hpr"] != person.hpr:
        other = ctx.by_hpr.get(values["hpr"])
        if other is not None and other.id != person.id:
            diff.errors.append(_("HPR-nummeret er registrert på en annen person."))
        else:
            diff.change("hpr", person.hpr, values["hpr"])
    further = values["further_education"]
    if further is not None and further != bool(person.further_education):
        diff.change("further_education", person.further_education, further)
    leader_email = values["leader_email"]
    current_leader = person.leader.email.lower() if person.leader else None
    if leader_email and leader_email != current_leader:
        leader = ctx.leaders.get(leader_email)
        if leader is not None and leader.id == person.id:
            diff.errors.append(_("En person kan ikke være sin egen leder."))
        else:
            diff.change("leader_email", current_leader, leader_email)


def _membership_start(
    person: Person,
    start: dt.date | None,
    ctx: ImportContext,
    errors: list[str],
    notes: list[str],
    as_of: dt.date,
) -> dt.date | None:
    """The start of the membership to add; None when the person is already a member."""
    periods = ctx.memberships.get(person.id, [])
    current = [m for m in periods if m.end is None or m.end >= as_of]
    if current:
        first = min(m.start for m in current)
        if first > as_of:
            notes.append(_("Medlem fra %(d)s.", d=display(first)))
        return None
    membership_start = start or as_of
    for m in periods:
        if m.start <= membership_start <= (m.end or dt.date.max):
            errors.append(
                _(
                    "Startdatoen %(d)s ligger i et tidligere medlemskap "
                    "(%(a)s–%(b)s); bruk en senere startdato.",
                    d=display(membership_start),
                    a=display(m.start),
                    b=display(m.end),
                )
            )
            break
        if m.start > membership_start:
            errors.append(
                _(
                    "Startdatoen %(d)s er før et tidligere medlemskap (fra %(a)s).",
                    d=display(membership_start),
                    a=display(m.start),
                )
            )
            break
    return membership_start


def preview_lines(preview: Preview) -> list[str]:
    """The preview as plain text lines (the command line prints them)."""
    lines = [
        _(
            "%(c)s, %(u)s, %(s)d uendret, %(b)s; %(m)s.",
            c=ngettext("%(num)d ny", "%(num)d nye", len(preview.creates)),
            u=ngettext("%(num)d endres", "%(num)d endres", len(preview.updates)),
            s=len(preview.unchanged),
            b=ngettext("%(num)d med feil", "%(num)d med feil", len(preview.bad)),
            m=ngettext(
                "%(num)d nytt medlemskap", "%(num)d nye medlemskap", preview.new_memberships
            ),
        )
    ]
    for r in preview.creates:
        lines.append(_("Ny       rad %(n)d: %(name)s <%(e)s>", n=r.number, name=r.name, e=r.email))
    for r in preview.updates:
        detail = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in r.changes)
        if r.membership_start:
            detail = "; ".join(
                x for x in (detail, _("medlem fra %(d)s", d=display(r.membership_start))) if x
            )
        lines.append(_("Endres   rad %(n)d: %(name)s: %(d)s", n=r.number, name=r.name, d=detail))
    for r in preview.unchanged:
        lines.append(_("Uendret  rad %(n)d: %(name)s", n=r.number, name=r.name))
    for b in preview.bad:
        lines.append(
            _("FEIL     rad %(n)d: %(name)s: %(e)s", n=b.number, name=b.name, e=" ".join(b.errors))
        )
    return lines
