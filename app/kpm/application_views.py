"""KPM application pages: the KPM body's queue, an application with its decision form, the
appeal, and the files (dossier, letters, diploma, an attached statement).

The files open with a session or a bearer token, like the overview workbook. Submitting and
resubmitting freeze the progress of the day, so those two pages are in
``app.progress.kpm_application_views`` (progress is the layer above kpm).
"""

from __future__ import annotations

import io

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core import access, writes
from app.core.confirm import confirm
from app.core.errors import DomainError
from app.core.forms import put_error
from app.core.pdf import PDF_MIMETYPE
from app.core.types import today_oslo
from app.extensions import db
from app.kpm import application_forms as forms
from app.kpm import application_operations as operations
from app.kpm import application_queries as queries
from app.kpm import application_rules as rules
from app.kpm.application_models import DecisionOutcome
from app.kpm.application_pdf import diploma_pdf, dossier_pdf
from app.kpm.forms import ConfirmForm
from app.kpm.models import PersonDocument
from app.kpm.views import bp


@bp.app_template_global()
def kpm_decides() -> bool:
    """True when the signed-in user decides KPM applications (for links to the queue)."""
    return current_user.is_authenticated and queries.may_decide(current_user)


def _require_login():
    """A session or a bearer token; a bad token is a 401, a browser goes to the login page."""
    if current_user.is_authenticated:
        return None
    if request.headers.get("Authorization"):
        abort(401)
    return current_app.login_manager.unauthorized()


def _pdf(data: bytes, name: str):
    response = send_file(io.BytesIO(data), mimetype=PDF_MIMETYPE, download_name=name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/kpm/applications/<int:application_id>/dossier.pdf")
def application_dossier(application_id: int):
    """The frozen dossier as a PDF."""
    denied = _require_login()
    if denied is not None:
        return denied
    application = queries.get_or_404(current_user, application_id)
    return _pdf(dossier_pdf(application), f"kpm-soknad-{application.id}.pdf")


@bp.get("/kpm/applications/<int:application_id>/diploma.pdf")
def application_diploma(application_id: int):
    """The diploma, once the application is approved (404 before)."""
    denied = _require_login()
    if denied is not None:
        return denied
    application = queries.get_or_404(current_user, application_id)
    decision = queries.approved_decision(application)
    if decision is None:
        abort(404)
    approved_on = application.person.kpm_approved_on or decision.decided_on
    return _pdf(diploma_pdf(application, approved_on), f"kpm-diplom-{application.id}.pdf")


@bp.get("/kpm/applications/<int:application_id>/letters/<int:decision_id>.pdf")
def application_letter(application_id: int, decision_id: int):
    """A decision letter as it was sent."""
    denied = _require_login()
    if denied is not None:
        return denied
    application = queries.get_or_404(current_user, application_id)
    decision = queries.letter(application, decision_id)
    if decision is None or not decision.letter:
        abort(404)
    return _pdf(decision.letter, f"vedtak-kpm-{application.id}-{decision.id}.pdf")


@bp.get("/persons/<int:person_id>/kpm/documents/<int:document_id>/file")
def document_file(person_id: int, document_id: int):
    """The PDF attached to a document."""
    denied = _require_login()
    if denied is not None:
        return denied
    person = access.get_person_or_404(current_user, person_id)
    document = db.session.get(PersonDocument, document_id)
    found = queries.document_file(document_id) if document is not None else None
    if document is None or document.person_id != person.id or found is None:
        abort(404)
    return _pdf(found.data, found.filename)


@bp.get("/kpm/applications")
@login_required
def application_queue():
    """The KPM body's queue: applications waiting for a decision, appeals marked."""
    if not queries.may_decide(current_user):
        abort(403)
    show_all = request.args.get("all") == "1"
    return render_template(
        "kpm/applications.html",
        applications=queries.queue(waiting_only=not show_all),
        show_all=show_all,
    )


def _page(application, **overrides):
    person = application.person
    decide_form = overrides.get("decide_form") or forms.DecisionForm(formdata=None)
    appeal_form = overrides.get("appeal_form") or forms.AppealForm(formdata=None)
    return render_template(
        "kpm/application.html",
        application=application,
        person=person,
        dossier=application.dossier or {},
        may_decide=queries.may_decide(current_user) and rules.may_decide(application.status.value),
        may_appeal=queries.may_follow_up(current_user, person)
        and rules.may_appeal(application.status.value),
        may_resubmit=queries.may_follow_up(current_user, person)
        and rules.may_resubmit(application.status.value),
        decide_form=decide_form,
        appeal_form=appeal_form,
        confirm_form=ConfirmForm(formdata=None),
    ), (422 if overrides else 200)


@bp.get("/kpm/applications/<int:application_id>")
@login_required
def application_page(application_id: int):
    """An application: its status, dossier, decisions and letters; the decision form."""
    return _page(queries.get_or_404(current_user, application_id))


def _decision_error(form: forms.DecisionForm, error: DomainError) -> None:
    field = error.field or ""
    if field.startswith("conditions.") and field.count(".") == 2:
        _c, index, sub = field.split(".")
        rows = list(form.conditions)
        row_of = getattr(form, "row_of", [])
        if index.isdigit() and int(index) < len(row_of) and hasattr(rows[row_of[int(index)]], sub):
            getattr(rows[row_of[int(index)]], sub).errors.append(error.message)
            return
    put_error(form, error)


def _decision_question(application_id: int) -> str:
    if not queries.may_decide(current_user):
        abort(403)
    application = queries.get_or_404(current_user, application_id)
    value = request.form.get("decision-outcome") or ""
    try:
        label = DecisionOutcome(value).label
    except ValueError:
        label = value or "—"
    return _(
        "Vedtaket «%(o)s» for %(n)s registreres, og vedtaksbrevet sendes til legen og veilederen.",
        o=label,
        n=application.person.name,
    )


@bp.post("/kpm/applications/<int:application_id>/decision")
@login_required
@confirm(_decision_question, lambda **_kw: _("Registrer vedtaket"))
def decide_application(application_id: int):
    """Record the decision (after the browser's confirmation step on the page)."""
    if not queries.may_decide(current_user):
        abort(403)
    application = queries.get_or_404(current_user, application_id)
    form = forms.DecisionForm()
    user = current_user._get_current_object()

    def write():
        return operations.decide(
            application,
            outcome=form.outcome.data,
            conditions=form.condition_list(),
            note=form.note.data,
            by=user,
            on=today_oslo(),
        )

    if form.validate_on_submit() and writes.run(write, form=form, on_error=_decision_error).ok:
        flash(_("Vedtaket er registrert og sendt."), "success")
        return redirect(url_for("kpm.application_page", application_id=application.id))
    db.session.refresh(application)
    return _page(application, decide_form=form)


@bp.post("/kpm/applications/<int:application_id>/appeal")
@login_required
def appeal_application(application_id: int):
    """Appeal a rejection or a deferral."""
    application = queries.get_or_404(current_user, application_id)
    if not queries.may_follow_up(current_user, application.person):
        abort(403)
    form = forms.AppealForm()
    user = current_user._get_current_object()
    if (
        form.validate_on_submit()
        and writes.run(
            lambda: operations.appeal(application, text=form.text.data, by=user), form=form
        ).ok
    ):
        flash(_("Klagen er sendt."), "success")
        return redirect(url_for("kpm.application_page", application_id=application.id))
    db.session.refresh(application)
    return _page(application, appeal_form=form)
