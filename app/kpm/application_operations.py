"""Writes of KPM applications: submit, decide, resubmit, appeal, attach a PDF to a document.

Flush, audit, raise ``DomainError``; never commit. The caller freezes the dossier and the
progress of the day (``app.progress.kpm_application`` — progress is a layer above) and hands
them in. A decision writes its letter (PDF) and queues it by mail, in the outbox of the same
transaction, to the doctor and her supervisors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import User
from app.core import audit, mail
from app.core.errors import ConflictError, DomainError
from app.core.parsing import check_list, parse_text
from app.core.uploads import check_pdf
from app.extensions import db
from app.kpm import application_rules as rules
from app.kpm.application_models import (
    ApplicationStatus,
    DecisionOutcome,
    DocumentFile,
    KpmApplication,
    KpmApplicationEvent,
    KpmDecision,
)
from app.kpm.application_pdf import letter_pdf
from app.kpm.models import DocumentKind, PersonDocument
from app.kpm.queries import assignments_of
from app.people.models import Person

MAX_NOTE = 5000
MAX_APPEAL = 10000


def _user_id(user: Any) -> int | None:
    return getattr(user, "id", None)


def submit(
    person: Person,
    *,
    by: Any,
    on: dt.date,
    dossier: dict[str, Any],
    progress: dict[str, Any],
    missing: list[str],
) -> KpmApplication:
    """A new application, with the evidence and progress of ``on`` frozen in it.

    Refused (409) while an earlier application is open or once she is approved."""
    statuses = db.session.scalars(
        select(KpmApplication.status).where(KpmApplication.person_id == person.id)
    ).all()
    blocking = rules.blocks_new_application(s.value for s in statuses)
    if blocking is not None:
        raise ConflictError(
            None,
            _(
                "Legen har allerede en søknad med status «%(s)s».",
                s=ApplicationStatus(blocking).label,
            ),
            code="application_open",
        )
    application = KpmApplication(
        person_id=person.id,
        status=ApplicationStatus.submitted,
        submitted_on=on,
        started_by_user_id=_user_id(by),
        dossier=dossier,
        progress=progress,
        missing=list(missing),
    )
    application.events.append(KpmApplicationEvent(kind="submitted", by_user_id=_user_id(by)))
    db.session.add(application)
    db.session.flush()
    audit.log("kpm.application.submit", application, person_id=person.id, missing=len(missing))
    return application


def resubmit(
    application: KpmApplication,
    *,
    by: Any,
    on: dt.date,
    dossier: dict[str, Any],
    progress: dict[str, Any],
    missing: list[str],
) -> KpmApplication:
    """Send an incomplete application again: the dossier is frozen anew (the old one kept)."""
    if not rules.may_resubmit(application.status.value):
        raise ConflictError(
            "status", _("Bare en søknad med mangelfull dokumentasjon kan sendes på nytt.")
        )
    application.events.append(
        KpmApplicationEvent(
            kind="resubmitted", by_user_id=_user_id(by), previous_dossier=application.dossier
        )
    )
    application.dossier = dossier
    application.progress = progress
    application.missing = list(missing)
    application.submitted_on = on
    application.status = ApplicationStatus.submitted
    db.session.flush()
    audit.log("kpm.application.resubmit", application, person_id=application.person_id)
    return application


def appeal(application: KpmApplication, *, text: Any, by: Any) -> KpmApplication:
    """Appeal (klage) a rejection or a deferral, with the reasons."""
    if not rules.may_appeal(application.status.value):
        raise ConflictError(
            "status", _("Bare et avslag eller en utsettelse kan påklages."), code="not_appealable"
        )
    reason = parse_text(text, "text", max_length=MAX_APPEAL, required=True)
    application.appeal_text = reason
    application.status = ApplicationStatus.appealed
    application.events.append(
        KpmApplicationEvent(kind="appealed", by_user_id=_user_id(by), text=reason)
    )
    db.session.flush()
    audit.log("kpm.application.appeal", application, person_id=application.person_id)
    return application


def _outcome(value: Any) -> DecisionOutcome:
    if value in (None, ""):
        raise DomainError("outcome", _("Feltet må fylles ut."))
    try:
        return DecisionOutcome(value)
    except ValueError as error:
        raise DomainError(
            "outcome", _("Ugyldig verdi. Bruk en av: %(v)s.", v=", ".join(rules.OUTCOMES))
        ) from error


def _conditions(value: Any, outcome: DecisionOutcome) -> list[dict[str, str]]:
    items = [] if value is None else check_list(value, "conditions", unique=False)
    out = []
    for index, condition in enumerate(items):
        problem = rules.condition_problem(condition)
        if problem is not None:
            sub, code = problem
            field = f"conditions.{index}.{sub}" if sub else f"conditions.{index}"
            message = {
                "bad_kind": _(
                    "Ugyldig verdi. Bruk en av: %(v)s.", v=", ".join(rules.CONDITION_KINDS)
                ),
                "required": _("Feltet må fylles ut."),
                "too_long": _("Høyst %(n)d tegn.", n=rules.MAX_CONDITION_CHARS),
                "unknown_field": _("Ukjent felt."),
            }.get(code, _("Må være et JSON-objekt med kind og text."))
            raise DomainError(field, message)
        out.append({"kind": condition["kind"], "text": condition["text"].strip()})
    if outcome is DecisionOutcome.approved_on_conditions and not out:
        raise DomainError(
            "conditions", _("Godkjenning på vilkår må ha minst ett vilkår."), code="required"
        )
    return out


def decide(
    application: KpmApplication,
    *,
    outcome: Any,
    conditions: Any = None,
    note: Any = None,
    by: Any,
    on: dt.date,
) -> KpmDecision:
    """The KPM body's decision; the status becomes the outcome. ``approved`` records the
    doctor's KPM approval date. The letter is written and mailed."""
    chosen = _outcome(outcome)
    kept = _conditions(conditions, chosen)
    text = parse_text(note, "note", max_length=MAX_NOTE)
    if not rules.may_decide(application.status.value):
        raise ConflictError(
            "status",
            _(
                "Søknaden har status «%(s)s» og kan ikke avgjøres nå.",
                s=application.status.label,
            ),
            code="not_decidable",
        )
    decision = KpmDecision(
        outcome=chosen,
        conditions=kept,
        note=text,
        decided_on=on,
        decided_by_user_id=_user_id(by),
    )
    application.decisions.append(decision)
    application.status = ApplicationStatus(chosen.value)
    if chosen is DecisionOutcome.approved:
        application.person.kpm_approved_on = on
    db.session.flush()
    with force_locale("nb"):
        decision.letter = letter_pdf(decision)
    db.session.flush()
    audit.log(
        "kpm.application.decide",
        decision,
        application_id=application.id,
        person_id=application.person_id,
        outcome=chosen,
        conditions=len(kept),
    )
    _mail_letter(decision)
    return decision


def _recipients(person: Person) -> list[tuple[str, str]]:
    """``(e-mail, locale)`` of the doctor and her supervisors, each once."""
    out: dict[str, str] = {}
    own = db.session.scalar(select(User).where(User.person_id == person.id))
    if person.email:
        out[person.email.lower()] = (own.locale if own is not None else None) or "nb"
    for _a, user in assignments_of(person):
        if user.email and user.email.lower() not in out:
            out[user.email.lower()] = user.locale or "nb"
    return list(out.items())


def _mail_letter(decision: KpmDecision) -> None:
    application = decision.application
    person = application.person
    filename = f"vedtak-kpm-{application.id}-{decision.id}.pdf"
    for address, locale in _recipients(person):
        with force_locale(locale if locale in ("nb", "en") else "nb"):
            subject = _("Vedtak om KPM-godkjenning: %(o)s", o=decision.outcome.label)
            body = _(
                "Søknaden om godkjenning i kompetanseområde palliativ medisin for %(name)s "
                "er behandlet. Utfall: %(o)s.\n\nVedtaksbrevet er vedlagt, og ligger også på "
                "legens KPM-side i Kompetansenett.",
                name=person.name,
                o=decision.outcome.label,
            )
        mail.queue(
            address, subject, body, attachments=[(filename, "application/pdf", decision.letter)]
        )


def attach_file(document: PersonDocument, data: bytes, filename: str | None) -> DocumentFile:
    """Attach a PDF to the head of department's statement, checked before it is kept."""
    if document.kind is not DocumentKind.head_of_department_statement:
        raise DomainError("file", _("Bare attesten fra avdelingssjef kan ha en fil."))
    content_type = check_pdf(data)
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "attest.pdf"
    found = db.session.scalar(select(DocumentFile).where(DocumentFile.document_id == document.id))
    if found is None:
        found = DocumentFile(
            document_id=document.id, filename=name, content_type=content_type, size=0, data=b""
        )
        db.session.add(found)
    found.filename = name
    found.content_type = content_type
    found.size = len(data)
    found.data = data
    db.session.flush()
    audit.log("kpm.document.file", document, person_id=document.person_id, size=len(data))
    return found
