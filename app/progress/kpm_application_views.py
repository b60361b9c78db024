"""The pages that send a KPM application: apply (after a confirmation that lists what is
missing) and resubmit. They join the kpm blueprint; they live here because they freeze the
progress of the day, and progress is the layer above kpm."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core import access, writes
from app.core.seed_texts import seeded
from app.core.types import today_oslo
from app.kpm import application_queries as queries
from app.kpm import application_rules as rules
from app.kpm.forms import ConfirmForm
from app.kpm.views import bp
from app.progress import kpm_application


def _missing_titles(progress: dict, missing: list[str]) -> list[str]:
    """The titles of the missing requirements, seeded ones in the reader's language."""
    requirements = progress.get("requirements") or ()
    titles = {r["key"]: seeded(r.get("title")) or r["key"] for r in requirements}
    return [titles.get(key, key) for key in missing]


@bp.route("/persons/<int:person_id>/kpm/application", methods=["GET", "POST"])
@login_required
def apply_for_kpm(person_id: int):
    """Confirm, then submit the doctor's application (what is missing is listed first)."""
    person = access.get_person_or_404(current_user, person_id)
    if not queries.may_submit(current_user, person):
        abort(403)
    form = ConfirmForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        outcome = writes.run(lambda: kpm_application.submit(person, by=user, on=today_oslo()))
        if outcome.ok:
            flash(_("Søknaden er sendt."), "success")
            return redirect(url_for("kpm.application_page", application_id=outcome.value.id))
        return redirect(url_for("kpm.records", person_id=person.id) + "#soknad")
    progress, missing = kpm_application.snapshot(person, today_oslo())
    return render_template(
        "kpm/apply.html",
        person=person,
        missing=_missing_titles(progress, missing),
        form=form,
        resubmit=None,
    )


@bp.route("/kpm/applications/<int:application_id>/resubmit", methods=["GET", "POST"])
@login_required
def resubmit_application(application_id: int):
    """Confirm, then send an incomplete application again (the dossier frozen anew)."""
    application = queries.get_or_404(current_user, application_id)
    person = application.person
    if not queries.may_follow_up(current_user, person):
        abort(403)
    if not rules.may_resubmit(application.status.value):
        flash(_("Bare en søknad med mangelfull dokumentasjon kan sendes på nytt."), "error")
        return redirect(url_for("kpm.application_page", application_id=application.id))
    form = ConfirmForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        if writes.run(lambda: kpm_application.resubmit(application, by=user, on=today_oslo())).ok:
            flash(_("Søknaden er sendt på nytt."), "success")
        return redirect(url_for("kpm.application_page", application_id=application.id))
    progress, missing = kpm_application.snapshot(person, today_oslo())
    return render_template(
        "kpm/apply.html",
        person=person,
        missing=_missing_titles(progress, missing),
        form=form,
        resubmit=application,
    )
