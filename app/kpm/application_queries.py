"""Reads of KPM applications, who may do what with one, and their JSON."""

from __future__ import annotations

from typing import Any

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core import access
from app.core.types import to_oslo
from app.extensions import db
from app.kpm import application_rules as rules
from app.kpm.application_models import (
    ApplicationStatus,
    DocumentFile,
    KpmApplication,
    KpmDecision,
)
from app.kpm.permissions import coordinates_kpm, relation
from app.people.models import Person


def get_or_404(user: Any, application_id: int) -> KpmApplication:
    """The application when the user may see its doctor, else 404."""
    application = db.session.get(KpmApplication, application_id)
    if application is None or not access.can_see_person(user, application.person):
        abort(404)
    return application


def may_submit(user: Any, person: Person) -> bool:
    """The doctor, her assigned supervisor, a KPM coordinator or an admin."""
    return rules.may_submit(relation(user, person), kpm_manager=coordinates_kpm(user))


def may_follow_up(user: Any, person: Person) -> bool:
    """Resubmit and appeal: the doctor, a KPM coordinator or an admin."""
    return rules.may_follow_up(relation(user, person), kpm_manager=coordinates_kpm(user))


def may_decide(user: Any) -> bool:
    """A KPM coordinator or an admin decides."""
    return coordinates_kpm(user)


def applications_of(person: Person) -> list[KpmApplication]:
    """The person's applications, newest first, with their decisions."""
    return list(
        db.session.scalars(
            select(KpmApplication)
            .where(KpmApplication.person_id == person.id)
            .options(selectinload(KpmApplication.decisions), selectinload(KpmApplication.events))
            .order_by(KpmApplication.id.desc())
        )
    )


def queue(*, waiting_only: bool = True) -> list[KpmApplication]:
    """Applications for the KPM body: those waiting for a decision first (appeals marked by
    their status), oldest first; with ``waiting_only`` False also the decided ones."""
    query = select(KpmApplication).options(
        selectinload(KpmApplication.person), selectinload(KpmApplication.decisions)
    )
    if waiting_only:
        query = query.where(
            KpmApplication.status.in_([ApplicationStatus(s) for s in sorted(rules.DECIDABLE)])
        )
    rows = db.session.scalars(query.order_by(KpmApplication.submitted_on, KpmApplication.id))
    return sorted(rows, key=lambda a: (a.status.value not in rules.DECIDABLE, a.submitted_on))


def approved_decision(application: KpmApplication) -> KpmDecision | None:
    """The decision that approved the application, if it is approved."""
    if application.status is not ApplicationStatus.approved:
        return None
    found = [d for d in application.decisions if d.outcome.value == "approved"]
    return found[-1] if found else None


def letter(application: KpmApplication, decision_id: int) -> KpmDecision | None:
    """One of the application's decisions (with its letter)."""
    return next((d for d in application.decisions if d.id == decision_id), None)


def document_file(document_id: int) -> DocumentFile | None:
    """The PDF attached to a document, if any."""
    return db.session.scalar(select(DocumentFile).where(DocumentFile.document_id == document_id))


def files_of(document_ids: list[int]) -> dict[int, DocumentFile]:
    """The PDFs attached to these documents, by document id (one query)."""
    if not document_ids:
        return {}
    return {
        f.document_id: f
        for f in db.session.scalars(
            select(DocumentFile).where(DocumentFile.document_id.in_(document_ids))
        )
    }


def decision_json(d: KpmDecision) -> dict[str, Any]:
    """A decision as the API shows it."""
    return {
        "id": d.id,
        "outcome": d.outcome.value,
        "conditions": list(d.conditions or []),
        "note": d.note,
        "decided_on": d.decided_on.isoformat(),
        "decided_at": to_oslo(d.decided_at).isoformat() if d.decided_at else None,
        "decided_by_user_id": d.decided_by_user_id,
        "letter": f"/kpm/applications/{d.application_id}/letters/{d.id}.pdf",
    }


def application_json(a: KpmApplication) -> dict[str, Any]:
    """An application as the API shows it (CONTRACT.md "Application")."""
    return {
        "id": a.id,
        "person_id": a.person_id,
        "status": a.status.value,
        "submitted_on": a.submitted_on.isoformat(),
        "progress": a.progress,
        "missing": list(a.missing or []),
        "appeal_text": a.appeal_text,
        "decisions": [decision_json(d) for d in a.decisions],
        "history": [
            {
                "kind": e.kind,
                "at": to_oslo(e.at).isoformat() if e.at else None,
                "by_user_id": e.by_user_id,
                "text": e.text,
            }
            for e in a.events
        ],
        "dossier": a.dossier,
        "dossier_pdf": f"/kpm/applications/{a.id}/dossier.pdf",
        "diploma_pdf": (
            f"/kpm/applications/{a.id}/diploma.pdf"
            if a.status is ApplicationStatus.approved
            else None
        ),
    }
