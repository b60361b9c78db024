"""Applying a member import: the preview's plan written all or nothing.

Writes go through the person and membership operations, so the import obeys the same rules as
the forms. Nothing is committed here: on any :class:`DomainError` the caller rolls back and the
register is as it was.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from app.core import audit
from app.core.errors import DomainError
from app.extensions import db
from app.networks.imports.preview import PlannedRow, Preview
from app.networks.operations import add_membership
from app.people import operations
from app.people.models import Person


@dataclass
class ImportResult:
    """What an applied import did."""

    created: list[Person]
    updated: list[Person]
    memberships: int


def apply_preview(preview: Preview) -> ImportResult:
    """Write the preview's plan; raise DomainError (and the caller rolls back) on any problem."""
    if not preview.ok:
        raise DomainError(
            "file", _("Filen har rader med feil. Rett dem og last opp på nytt."), code="bad_rows"
        )
    network = preview.network
    row: PlannedRow | None = None
    try:
        persons: dict[int, Person] = {}
        for row in preview.creates:
            persons[row.number] = _create(row, preview)
        for row in preview.creates:
            leader = row.data.get("leader_email")
            if leader in _new_emails(preview):
                operations.update_person(persons[row.number], {"leader_email": leader})
        for row in preview.updates:
            persons[row.number] = _update(row)
        members = 0
        for row in preview.creates + preview.updates:
            if row.membership_start is not None:
                add_membership(network, persons[row.number], row.membership_start)
                members += 1
    except DomainError as error:
        raise DomainError(
            "file",
            _(
                "Rad %(n)s: %(m)s Ingenting er importert.",
                n=row.number if row else None,
                m=error.message,
            ),
            code="apply_failed",
        ) from error
    audit.log(
        "import.members",
        network,
        created=len(preview.creates),
        updated=sum(1 for r in preview.updates if r.data),
        memberships=members,
    )
    return ImportResult(
        [persons[r.number] for r in preview.creates],
        [persons[r.number] for r in preview.updates],
        members,
    )


def _new_emails(preview: Preview) -> set[str | None]:
    return {r.email for r in preview.creates}


def _create(row: PlannedRow, preview: Preview) -> Person:
    """A new person; a leader created by the same file is set once everyone exists."""
    data = dict(row.data)
    if data.get("leader_email") in _new_emails(preview):
        data.pop("leader_email")
    return operations.create_person(data, home_network_id=preview.network.id)


def _update(row: PlannedRow) -> Person:
    person = db.session.get(Person, row.person_id)
    if person is None:
        raise DomainError(None, _("Personen på rad %(n)d finnes ikke lenger.", n=row.number))
    if row.data:
        operations.update_person(person, row.data)
    return person
