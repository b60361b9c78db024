"""The attestation inbox: what doctors recorded themselves and waits for the supervisor
(meetings, teaching) or a KPM coordinator (anything), with "attester alle" per doctor."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.core import access, writes
from app.extensions import db
from app.kpm import forms, operations, permissions, queries
from app.kpm.views import bp

#: attestation kind → the model of its records
MODELS = dict(queries.PENDING_MODELS)


@bp.get("/kpm/inbox")
@login_required
def inbox():
    """The records waiting for the signed-in user's attestation, per doctor."""
    if not (access.is_supervisor(current_user) or permissions.coordinates_kpm(current_user)):
        abort(403)
    waiting = queries.pending_records(
        current_user, kpm_manager=permissions.coordinates_kpm(current_user)
    )
    return render_template("kpm/inbox.html", waiting=waiting, form=forms.ConfirmForm())


@bp.post(
    "/kpm/inbox/<any('supervision_meeting', 'teaching_hours', 'document'):kind>/<int:record_id>"
)
@login_required
def attest_one(kind: str, record_id: int):
    """Attest one record from the inbox."""
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    record = db.session.get(MODELS[kind], record_id)
    if record is None:
        abort(404)
    person = access.get_person_or_404(current_user, record.person_id)
    if not permissions.may_attest(current_user, person, kind):
        abort(403)
    user = current_user._get_current_object()
    if writes.run(lambda: operations.attest_record(record, user)).ok:
        flash(_("Registreringen er attestert."), "success")
    return redirect(url_for("kpm.inbox"))


@bp.post("/kpm/inbox/persons/<int:person_id>")
@login_required
def attest_all(person_id: int):
    """Attest everything of one doctor that waits for the signed-in user ("attester alle")."""
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    person = access.get_person_or_404(current_user, person_id)
    waiting = queries.pending_records(
        current_user, kpm_manager=permissions.coordinates_kpm(current_user)
    )
    records = [
        record
        for p, items in waiting
        if p.id == person.id
        for kind, record in items
        if permissions.may_attest(current_user, person, kind)
    ]
    if not records:
        abort(404)
    user = current_user._get_current_object()

    def write():
        for record in records:
            operations.attest_record(record, user)

    if writes.run(write).ok:
        flash(
            ngettext(
                "%(num)d registrering for %(n)s er attestert.",
                "%(num)d registreringer for %(n)s er attestert.",
                len(records),
                n=person.name,
            ),
            "success",
        )
    return redirect(url_for("kpm.inbox"))
