"""Everything stored about one person, as plain data (the JSON export and the printable page).

Each record names what it refers to (the network's, gathering's, offering's or course's
title, the site's name), not only ids, so the export reads on its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.auth.models import ApiToken, User
from app.courses.models import CourseCompletion, Offering
from app.extensions import db
from app.hospitation.models import Hospitation
from app.kpm.application_models import DocumentFile, KpmApplication
from app.kpm.models import (
    ChecklistAttestation,
    PersonDocument,
    ServicePeriod,
    SupervisionMeeting,
    TeachingHours,
)
from app.networks.models import Membership
from app.people.models import Person
from app.privacy import queries
from app.privacy.models import ConsentEvent, RetentionHold
from app.registrations.models import Registration

EXPORT_FORMAT = 1


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _enum(value: Any) -> Any:
    return getattr(value, "value", value)


def person_part(person: Person) -> dict[str, Any]:
    """The person's own fields, with names rather than ids."""
    municipality = person.municipality
    return {
        "id": person.id,
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "hpr": person.hpr,
        "profession": person.profession.name_nb if person.profession else None,
        "workplace": person.workplace.name if person.workplace else None,
        "municipality": municipality.name if municipality else None,
        "leader": person.leader.name if person.leader else None,
        "further_education": person.further_education,
        "specialties": person.specialties,
        "specialist_approved_on": _iso(person.specialist_approved_on),
        "public_consent": person.public_consent,
        "notes": person.notes,
        "created_at": _iso(person.created_at),
        "updated_at": _iso(person.updated_at),
    }


def _memberships(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Membership)
        .where(Membership.person_id == person_id)
        .options(selectinload(Membership.network))
        .order_by(Membership.start)
    )
    return [
        {
            "id": m.id,
            "network": m.network.name,
            "network_slug": m.network.slug,
            "role": _enum(m.role),
            "start": _iso(m.start),
            "end": _iso(m.end),
        }
        for m in rows
    ]


def _registrations(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Registration)
        .where(Registration.person_id == person_id)
        .options(
            selectinload(Registration.offering).selectinload(Offering.course),
            selectinload(Registration.gathering),
        )
        .order_by(Registration.id)
    )
    out = []
    for r in rows:
        item: dict[str, Any] = {
            "id": r.id,
            "status": _enum(r.status),
            "attended": r.attended,
            "registered_at": _iso(r.created_at),
        }
        if r.offering is not None:
            item.update(
                kind="course_offering",
                course=r.offering.course.title,
                course_key=r.offering.course.key,
                offering_id=r.offering.id,
                start=_iso(r.offering.start),
                end=_iso(r.offering.end),
                location=r.offering.location,
            )
        if r.gathering is not None:
            item.update(
                kind="gathering",
                gathering=r.gathering.title,
                gathering_id=r.gathering.id,
                start=_iso(r.gathering.start),
                end=_iso(r.gathering.end),
                location=r.gathering.location,
            )
        out.append(item)
    return out


def _completions(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(CourseCompletion)
        .where(CourseCompletion.person_id == person_id)
        .options(selectinload(CourseCompletion.course))
        .order_by(CourseCompletion.completed_on)
    )
    return [
        {
            "id": c.id,
            "course": c.display_title,
            "course_key": c.course.key if c.course is not None else None,
            "provider": c.provider,
            "level": c.display_level,
            "certificate": c.certificate_name,
            "completed_on": _iso(c.completed_on),
            "hours": c.hours,
            "verified": c.verified,
            "note": c.note,
        }
        for c in rows
    ]


def _hospitations(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(Hospitation)
        .where(Hospitation.person_id == person_id)
        .options(selectinload(Hospitation.site), selectinload(Hospitation.events))
        .order_by(Hospitation.start)
    )
    return [
        {
            "id": h.id,
            "site": h.site.name if h.site else None,
            "place": h.place,
            "start": _iso(h.start),
            "end": _iso(h.end),
            "days": h.days,
            "status": _enum(h.status),
            "goals": h.goals,
            "reflection": h.reflection,
            "events": [
                {"at": _iso(e.at), "from": e.from_status, "to": e.to_status, "note": e.note}
                for e in h.events
            ],
        }
        for h in rows
    ]


def _kpm(person_id: int) -> dict[str, list[dict[str, Any]]]:
    periods = db.session.scalars(
        select(ServicePeriod)
        .where(ServicePeriod.person_id == person_id)
        .options(selectinload(ServicePeriod.education_site))
        .order_by(ServicePeriod.start)
    )
    meetings = db.session.scalars(
        select(SupervisionMeeting)
        .where(SupervisionMeeting.person_id == person_id)
        .order_by(SupervisionMeeting.date)
    )
    teaching = db.session.scalars(
        select(TeachingHours)
        .where(TeachingHours.person_id == person_id)
        .order_by(TeachingHours.date)
    )
    checklist = db.session.scalars(
        select(ChecklistAttestation)
        .where(ChecklistAttestation.person_id == person_id)
        .order_by(ChecklistAttestation.attested_on)
    )
    documents = db.session.scalars(
        select(PersonDocument)
        .where(PersonDocument.person_id == person_id)
        .order_by(PersonDocument.date)
    )
    return {
        "service_periods": [
            {
                "id": p.id,
                "site": p.education_site.name if p.education_site else p.site_name,
                "site_kind": _enum(p.site_kind),
                "approved": p.approved,
                "start": _iso(p.start),
                "end": _iso(p.end),
                "position_pct": p.position_pct,
            }
            for p in periods
        ],
        "supervision_meetings": [
            {"id": m.id, "date": _iso(m.date), "supervisor": m.supervisor, "note": m.note}
            for m in meetings
        ],
        "teaching_hours": [{"id": t.id, "date": _iso(t.date), "hours": t.hours} for t in teaching],
        "checklist": [
            {
                "id": c.id,
                "plan": c.plan_key,
                "requirement": c.requirement_key,
                "item": c.item_key,
                "attested_on": _iso(c.attested_on),
                "attested_by": c.attested_by,
            }
            for c in checklist
        ],
        "documents": [
            {"id": d.id, "kind": _enum(d.kind), "date": _iso(d.date), "note": d.note}
            for d in documents
        ],
        "document_files": [
            {"document_id": f.document_id, "filename": f.filename, "size": f.size}
            for f in db.session.scalars(
                select(DocumentFile)
                .join(PersonDocument, PersonDocument.id == DocumentFile.document_id)
                .where(PersonDocument.person_id == person_id)
                .order_by(DocumentFile.id)
            )
        ],
        "applications": _applications(person_id),
    }


def _applications(person_id: int) -> list[dict[str, Any]]:
    """Her KPM applications: what was sent (the frozen dossier), the decisions, the appeal."""
    rows = db.session.scalars(
        select(KpmApplication)
        .where(KpmApplication.person_id == person_id)
        .options(selectinload(KpmApplication.decisions))
        .order_by(KpmApplication.submitted_on, KpmApplication.id)
    )
    return [
        {
            "id": a.id,
            "status": _enum(a.status),
            "submitted_on": _iso(a.submitted_on),
            "missing": a.missing,
            "appeal": a.appeal_text,
            "dossier": a.dossier,
            "decisions": [
                {
                    "outcome": _enum(d.outcome),
                    "decided_on": _iso(d.decided_on),
                    "conditions": d.conditions,
                    "note": d.note,
                }
                for d in a.decisions
            ],
        }
        for a in rows
    ]


def _consents(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(ConsentEvent, User.email)
        .outerjoin(User, User.id == ConsentEvent.by_user_id)
        .where(ConsentEvent.person_id == person_id)
        .order_by(ConsentEvent.at, ConsentEvent.id)
    ).all()
    return [
        {
            "consent": e.kind,
            "given": e.given,
            "on": _iso(e.on),
            "at": _iso(e.at),
            "by": email,
        }
        for e, email in rows
    ]


def _account(person_id: int) -> dict[str, Any] | None:
    user = db.session.scalar(select(User).where(User.person_id == person_id))
    if user is None:
        return None
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all()
    account: dict[str, Any] = {
        "email": user.email,
        "role": _enum(user.role),
        "active": user.active,
        "created_at": _iso(user.created_at),
        "last_login_at": _iso(user.last_login_at),
        "locale": user.locale,
        "api_tokens": [
            {"name": t.name, "created_at": _iso(t.created_at), "revoked": t.revoked} for t in tokens
        ],
    }
    for column in ("mfa_enabled_at", "mfa_enabled", "totp_secret"):
        if hasattr(user, column):
            account["mfa"] = bool(getattr(user, column))
            break
    return account


def _holds(person_id: int) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        select(RetentionHold).where(RetentionHold.person_id == person_id).order_by(RetentionHold.at)
    )
    return [{"until": _iso(h.until), "reason": h.reason, "at": _iso(h.at)} for h in rows]


def build_export(person: Person, *, on: dt.datetime | None = None) -> dict[str, Any]:
    """Everything stored about `person`: one dict, JSON-ready."""
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _iso(on),
        "person": person_part(person),
        "account": _account(person.id),
        "memberships": _memberships(person.id),
        "registrations": _registrations(person.id),
        "completions": _completions(person.id),
        "hospitations": _hospitations(person.id),
        "kpm": _kpm(person.id),
        "consents": _consents(person.id),
        "retention_holds": _holds(person.id),
        "audit": queries.audit_about(person.id),
    }
