"""Reads for privacy: the audit entries about a person, retention facts, the coming runs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, or_, select

from app.auth.models import User
from app.core.models import AuditEntry
from app.courses.models import CourseCompletion
from app.extensions import db
from app.hospitation.models import Hospitation
from app.kpm.models import (
    ChecklistAttestation,
    PersonDocument,
    ServicePeriod,
    SupervisionMeeting,
    SupervisorAssignment,
    TeachingHours,
)
from app.networks.models import Membership
from app.people.models import Person
from app.privacy import rules
from app.privacy.models import Anonymisation, RetentionHold
from app.registrations.models import Registration

#: records that belong to one person, by the object type the audit log names them with
PERSON_RECORDS = (
    Membership,
    Registration,
    CourseCompletion,
    Hospitation,
    ServicePeriod,
    SupervisionMeeting,
    TeachingHours,
    ChecklistAttestation,
    PersonDocument,
    SupervisorAssignment,
)


def audit_clause(person_id: int):
    """A WHERE clause on AuditEntry: entries about the person or one of her records."""
    clauses = [and_(AuditEntry.object_type == "Person", AuditEntry.object_id == person_id)]
    for model in PERSON_RECORDS:
        ids = select(model.id).where(model.person_id == person_id).scalar_subquery()
        clauses.append(
            and_(AuditEntry.object_type == model.__name__, AuditEntry.object_id.in_(ids))
        )
    account = select(User.id).where(User.person_id == person_id).scalar_subquery()
    clauses.append(and_(AuditEntry.object_type == "User", AuditEntry.object_id.in_(account)))
    return or_(*clauses)


def audit_about(person_id: int) -> list[dict[str, Any]]:
    """The audit entries about the person, oldest first, with who made each."""
    rows = db.session.execute(
        select(AuditEntry, User.email)
        .outerjoin(User, User.id == AuditEntry.user_id)
        .where(audit_clause(person_id))
        .order_by(AuditEntry.at, AuditEntry.id)
    ).all()
    return [
        {
            "at": entry.at.isoformat() if entry.at else None,
            "action": entry.action,
            "object": f"{entry.object_type} {entry.object_id or ''}".strip(),
            "by": email,
            "detail": entry.detail,
        }
        for entry, email in rows
    ]


def is_anonymised(person_id: int) -> bool:
    """Whether the person has been anonymised."""
    found = select(Anonymisation.id).where(Anonymisation.person_id == person_id)
    return db.session.scalar(found) is not None


def retention_facts(person_ids: list[int] | None = None) -> list[rules.RetentionFacts]:
    """The retention facts of every person with a membership (or of those given), in 5 queries."""
    query = select(Membership.person_id, Membership.end)
    if person_ids is not None:
        query = query.where(Membership.person_id.in_(person_ids))
    ends: dict[int, list[dt.date | None]] = defaultdict(list)
    for pid, end in db.session.execute(query):
        ends[pid].append(end)
    active = set(
        db.session.scalars(
            select(User.person_id).where(User.person_id.is_not(None), User.active.is_(True))
        )
    )
    anonymised = set(db.session.scalars(select(Anonymisation.person_id)))
    leaders = set(
        db.session.scalars(
            select(Person.leader_id)
            .where(Person.leader_id.is_not(None), Person.id.not_in(select(Anonymisation.person_id)))
            .distinct()
        )
    )
    holds = dict(
        db.session.execute(
            select(RetentionHold.person_id, func.max(RetentionHold.until)).group_by(
                RetentionHold.person_id
            )
        ).all()
    )
    return [
        rules.RetentionFacts(
            person_id=pid,
            membership_ends=tuple(person_ends),
            has_active_account=pid in active,
            leads_someone=pid in leaders,
            held_until=holds.get(pid),
            anonymised=pid in anonymised,
        )
        for pid, person_ends in sorted(ends.items())
    ]


def due_person_ids(on: dt.date, years: int) -> list[int]:
    """Ids of the persons the retention run anonymises on `on`."""
    return [f.person_id for f in retention_facts() if rules.is_due(f, on, years)]


def coming(on: dt.date, years: int, days: int, scope=None) -> list[dict[str, Any]]:
    """The persons due within `days` (in the `scope` clause on Person), with their day."""
    pairs = rules.due_within(retention_facts(), on, years, days)
    if not pairs:
        return []
    ids = [f.person_id for f, _day in pairs]
    query = select(Person).where(Person.id.in_(ids))
    if scope is not None:
        query = query.where(scope)
    persons = {p.id: p for p in db.session.scalars(query)}
    return [
        {
            "person": persons[f.person_id],
            "due_on": day,
            "last_end": rules.last_membership_end(f.membership_ends),
            "held_until": f.held_until,
        }
        for f, day in pairs
        if f.person_id in persons
    ]
