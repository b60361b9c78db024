"""Writes of doctors' KPM records: flush, audit, raise DomainError; never commit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import Role, User
from app.core import audit
from app.core.errors import ConflictError, DomainError
from app.core.types import utcnow
from app.extensions import db
from app.kpm import rules
from app.kpm.models import (
    ChecklistAttestation,
    DocumentKind,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SiteKind,
    SupervisionMeeting,
    SupervisorAssignment,
    SupervisorQualification,
    TeachingHours,
)
from app.kpm.queries import find_plans, service_fact
from app.kpm.rules import check_service_overlap
from app.networks.models import RequirementKind
from app.people.models import Person

MAX_TEACHING_HOURS = 1000.0
MIN_DATE = dt.date(1950, 1, 1)
MAX_DATE = dt.date(2200, 12, 31)


def _text(value: Any, field: str, max_len: int) -> str | None:
    """Trimmed text or None; too long is refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise DomainError(field, _("Må være tekst."))
    text = value.strip()
    if len(text) > max_len:
        raise DomainError(field, _("Høyst %(n)d tegn.", n=max_len))
    return text or None


def _date(value: Any, field: str) -> dt.date:
    """A required date within a sensible range."""
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise DomainError(field, _("Feltet må fylles ut."))
    if not MIN_DATE <= value <= MAX_DATE:
        raise DomainError(field, _("Datoen er utenfor gyldig område."))
    return value


def _enum(enum_cls: Any, value: Any, field: str) -> Any:
    """An enum member from its value (or the member itself)."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError as error:
        allowed = ", ".join(m.value for m in enum_cls)
        raise DomainError(field, _("Ugyldig verdi. Bruk en av: %(v)s.", v=allowed)) from error


# --------------------------------------------------------------------------- service


def _period_kind(site_kind: Any, approved: Any, site: EducationSite | None) -> tuple[Any, bool]:
    """The period's kind and stored approval: at a site the site decides (CONTRACT)."""
    if site is not None:
        if rules.site_kind_error(getattr(site_kind, "value", site_kind), site.kind.value):
            raise DomainError(
                "site_kind",
                _("Utdanningsstedet er «%(k)s»; perioden får stedets type.", k=site.kind.label),
                code="site_kind_mismatch",
            )
        return site.kind, False
    if site_kind in (None, ""):
        raise DomainError("site_kind", _("Feltet må fylles ut."))
    if approved is None:
        raise DomainError("approved", _("Feltet må fylles ut."))
    return _enum(SiteKind, site_kind, "site_kind"), bool(approved)


def _preapproval(kind: SiteKind, details: Any) -> dict[str, Any]:
    """A nursing-home unit's pre-approval details (they inform; they never block)."""
    if details in (None, {}):
        return {}
    if not isinstance(details, dict):
        raise DomainError("preapproval", _("Må være et JSON-objekt."))
    if kind is not SiteKind.nursing_home_unit:
        raise DomainError("preapproval", _("Forhåndsgodkjenning gjelder bare sykehjemsenheter."))
    unknown = sorted(
        set(details) - {"supervisor", "teaching_programme", "beds", "cooperating_centre"}
    )
    if unknown:
        raise DomainError(f"preapproval.{unknown[0]}", _("Ukjent felt."), code="unknown_field")
    beds = details.get("beds")
    if beds is not None and (
        isinstance(beds, bool) or not isinstance(beds, int) or not 1 <= beds <= 1000
    ):
        raise DomainError("preapproval.beds", _("Antall senger må være et heltall fra 1 til 1000."))
    return {
        "preapproval_supervisor": _text(details.get("supervisor"), "preapproval.supervisor", 200),
        "preapproval_programme": _text(
            details.get("teaching_programme"), "preapproval.teaching_programme", 5000
        ),
        "preapproval_beds": beds,
        "preapproval_centre": _text(
            details.get("cooperating_centre"), "preapproval.cooperating_centre", 200
        ),
    }


def add_service_period(
    person: Person,
    *,
    site_kind: Any,
    start: Any,
    end: Any,
    position_pct: Any,
    approved: Any = None,
    site_name: str | None = None,
    education_site: EducationSite | None = None,
    preapproval: Any = None,
) -> ServicePeriod:
    """Record a period of clinical service; refused if it takes the person above 100 %.

    At an education site the site's kind is the period's kind (another ``site_kind`` is
    refused) and the site's approval decides what counts; elsewhere ``site_kind`` and
    ``approved`` (a coordinator's, or a nursing-home unit's pre-approval) are required.
    """
    start = _date(start, "start")
    end = _date(end, "end")
    if end < start:
        raise DomainError("end", _("Sluttdato kan ikke være før startdato."))
    kind, stored_approval = _period_kind(site_kind, approved, education_site)
    details = _preapproval(kind, preapproval)
    if isinstance(position_pct, bool) or not isinstance(position_pct, int | float):
        raise DomainError("position_pct", _("Må være et tall."))
    pct = float(position_pct)
    if not 1 <= pct <= 100:
        raise DomainError("position_pct", _("Stillingsprosenten må være mellom 1 og 100."))
    name = _text(site_name, "site_name", 200)
    if education_site is not None:
        name = education_site.name

    period = ServicePeriod(
        person_id=person.id,
        site_kind=kind,
        site_name=name,
        education_site=education_site,
        approved=stored_approval,
        start=start,
        end=end,
        position_pct=pct,
        **details,
    )
    existing = db.session.scalars(
        select(ServicePeriod).where(ServicePeriod.person_id == person.id)
    ).all()
    clash = check_service_overlap([service_fact(p) for p in existing], service_fact(period))
    if clash is not None:
        raise DomainError(
            "position_pct",
            _(
                "Samlet stilling blir over 100 %% den %(d)s. Juster stillingsprosenten "
                "eller periodene.",
                d=clash.strftime("%d.%m.%Y"),
            ),
            code="position_over_100",
        )
    db.session.add(period)
    db.session.flush()
    audit.log(
        "kpm.service_period.add",
        period,
        person_id=person.id,
        site_kind=kind,
        site_id=education_site.id if education_site is not None else None,
        start=start.isoformat(),
        end=end.isoformat(),
        position_pct=pct,
        approved=stored_approval,
    )
    return period


def set_service_approval(period: ServicePeriod, approved: bool) -> ServicePeriod:
    """Approve (or withdraw the approval of) a service period."""
    period.approved = bool(approved)
    db.session.flush()
    audit.log("kpm.service_period.approve", period, approved=bool(approved))
    return period


# --------------------------------------------------------------------------- supervision


def _attested(attester: User | None) -> dict[str, Any]:
    """The attestation columns of a record made by someone who attests it at once."""
    if attester is None:
        return {}
    return {"attested_at": utcnow(), "attested_by_user_id": attester.id}


def add_meeting(
    person: Person,
    *,
    date: Any,
    supervisor: str | None = None,
    note: str | None = None,
    attester: User | None = None,
) -> SupervisionMeeting:
    """Record a supervision meeting (attested at once when ``attester`` is given)."""
    meeting = SupervisionMeeting(
        person_id=person.id,
        date=_date(date, "date"),
        supervisor=_text(supervisor, "supervisor", 200),
        note=_text(note, "note", 5000),
        **_attested(attester),
    )
    db.session.add(meeting)
    db.session.flush()
    audit.log("kpm.supervision.add", meeting, person_id=person.id, date=meeting.date.isoformat())
    return meeting


# --------------------------------------------------------------------------- teaching


def add_teaching(
    person: Person, *, date: Any, hours: Any, attester: User | None = None
) -> TeachingHours:
    """Log internal teaching hours on a day (attested at once when ``attester`` is given)."""
    day = _date(date, "date")
    if isinstance(hours, bool) or not isinstance(hours, int | float):
        raise DomainError("hours", _("Må være et tall."))
    value = float(hours)
    if value != value or value <= 0:
        raise DomainError("hours", _("Timene må være flere enn 0."))
    if value > MAX_TEACHING_HOURS:
        raise DomainError("hours", _("Høyst %(n)d timer per registrering.", n=MAX_TEACHING_HOURS))
    entry = TeachingHours(person_id=person.id, date=day, hours=value, **_attested(attester))
    db.session.add(entry)
    db.session.flush()
    audit.log("kpm.teaching.add", entry, person_id=person.id, date=day.isoformat(), hours=value)
    return entry


# --------------------------------------------------------------------------- documents


def add_document(
    person: Person,
    *,
    kind: Any,
    date: Any,
    note: str | None = None,
    attester: User | None = None,
) -> PersonDocument:
    """Record a dated document (attested at once when ``attester`` is given)."""
    document = PersonDocument(
        person_id=person.id,
        kind=_enum(DocumentKind, kind, "kind"),
        date=_date(date, "date"),
        note=_text(note, "note", 5000),
        **_attested(attester),
    )
    db.session.add(document)
    db.session.flush()
    audit.log("kpm.document.add", document, person_id=person.id, kind=document.kind)
    return document


# --------------------------------------------------------------------------- attestation


def attest_record(record: Any, user: User) -> Any:
    """Attest a meeting, teaching hours or a document; attesting again changes nothing."""
    if record.attested_at is None:
        record.attested_at = utcnow()
        record.attested_by_user_id = user.id
        db.session.flush()
        audit.log(f"kpm.{type(record).__name__}.attest", record, person_id=record.person_id)
    return record


# --------------------------------------------------------------------------- checklist


def checklist_requirement(plan_key: Any, requirement_key: Any, item_key: Any) -> Any:
    """The checklist requirement holding this item, else DomainError on the wrong field."""
    if not isinstance(plan_key, str) or not plan_key.strip():
        raise DomainError("plan", _("Feltet må fylles ut."))
    if not isinstance(requirement_key, str) or not requirement_key.strip():
        raise DomainError("requirement", _("Feltet må fylles ut."))
    if not isinstance(item_key, str) or not item_key.strip():
        raise DomainError("item", _("Feltet må fylles ut."))
    plans = find_plans(plan_key.strip())
    if not plans:
        raise DomainError("plan", _("Ukjent kompetanseplan."))
    requirement = None
    for plan in plans:
        requirement = next((r for r in plan.requirements if r.key == requirement_key.strip()), None)
        if requirement is not None:
            break
    if requirement is None:
        raise DomainError("requirement", _("Planen har ikke dette kravet."))
    if requirement.kind is not RequirementKind.checklist:
        raise DomainError("requirement", _("Kravet er ikke en sjekkliste."))
    if item_key.strip() not in rules.checklist_item_keys(requirement.params):
        raise DomainError("item", _("Sjekklisten har ikke dette punktet."))
    return requirement


def attest_item(
    person: Person,
    *,
    plan: Any,
    requirement: Any,
    item: Any,
    attested_on: Any,
    attested_by: str | None = None,
    user: User | None = None,
) -> ChecklistAttestation:
    """Attest a checklist item. Attesting it again keeps the earliest date (evidence never
    goes back) and the attestation it belongs to."""
    req = checklist_requirement(plan, requirement, item)
    day = _date(attested_on, "attested_on")
    by = _text(attested_by, "attested_by", 200)
    if by is None and user is not None:
        by = user.person.name if user.person else user.email
    keys = (plan.strip(), req.key, item.strip())
    found = db.session.scalar(
        select(ChecklistAttestation).where(
            ChecklistAttestation.person_id == person.id,
            ChecklistAttestation.plan_key == keys[0],
            ChecklistAttestation.requirement_key == keys[1],
            ChecklistAttestation.item_key == keys[2],
        )
    )
    if found is not None:
        if day < found.attested_on:
            found.attested_on = day
            found.attested_by = by
            found.attested_by_user_id = user.id if user is not None else None
            db.session.flush()
            audit.log("kpm.checklist.reattest", found, attested_on=day.isoformat())
        return found
    attestation = ChecklistAttestation(
        person_id=person.id,
        plan_key=keys[0],
        requirement_key=keys[1],
        item_key=keys[2],
        attested_on=day,
        attested_by=by,
        attested_by_user_id=user.id if user is not None else None,
    )
    db.session.add(attestation)
    db.session.flush()
    audit.log(
        "kpm.checklist.attest",
        attestation,
        person_id=person.id,
        plan=keys[0],
        requirement=keys[1],
        item=keys[2],
    )
    return attestation


# --------------------------------------------------------------------------- undo


def delete_record(record: Any) -> None:
    """Remove a record entered by mistake (kept in the audit log)."""
    audit.log(f"kpm.{type(record).__name__}.delete", record, person_id=record.person_id)
    db.session.delete(record)
    db.session.flush()


# --------------------------------------------------------------------------- supervisors


def set_qualification(
    supervisor: User, *, kpm_approved_on: Any, note: str | None = None
) -> SupervisorQualification:
    """Record a supervisor's own KPM approval (None: she has none; allowed, but flagged)."""
    day = _date(kpm_approved_on, "kpm_approved_on") if kpm_approved_on is not None else None
    found = db.session.scalar(
        select(SupervisorQualification).where(SupervisorQualification.user_id == supervisor.id)
    )
    if found is None:
        found = SupervisorQualification(user_id=supervisor.id)
        db.session.add(found)
    found.kpm_approved_on = day
    found.note = _text(note, "note", 500)
    db.session.flush()
    audit.log(
        "kpm.supervisor.qualification",
        found,
        user_id=supervisor.id,
        kpm_approved_on=day.isoformat() if day else None,
    )
    return found


def assign_supervisor(
    person: Person, supervisor: User | None, *, start: dt.date | None = None
) -> SupervisorAssignment:
    """Make a supervisor user the person's supervisor (she then sees the person)."""
    if supervisor is None:
        raise DomainError("supervisor", _("Fant ingen bruker med den e-postadressen."))
    if supervisor.role is not Role.supervisor:
        raise DomainError("supervisor", _("Brukeren har ikke rollen veileder."))
    if supervisor.person_id == person.id:
        raise DomainError("supervisor", _("En lege kan ikke veilede seg selv."))
    exists = db.session.scalar(
        select(SupervisorAssignment.id).where(
            SupervisorAssignment.person_id == person.id,
            SupervisorAssignment.supervisor_user_id == supervisor.id,
        )
    )
    if exists is not None:
        raise ConflictError("supervisor", _("Veilederen er allerede knyttet til legen."))
    assignment = SupervisorAssignment(
        person_id=person.id, supervisor_user_id=supervisor.id, start=start
    )
    db.session.add(assignment)
    db.session.flush()
    audit.log("kpm.supervisor.assign", assignment, person_id=person.id, supervisor=supervisor.email)
    return assignment


def unassign_supervisor(assignment: SupervisorAssignment) -> None:
    """End a supervisor's assignment to a person."""
    audit.log("kpm.supervisor.unassign", assignment, person_id=assignment.person_id)
    db.session.delete(assignment)
    db.session.flush()
