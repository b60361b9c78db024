"""Courses taken elsewhere: recording one (from the catalogue or written in, with an optional
certificate), the coordinator's list to verify (matching free text to a level), and the
certificate itself. Routes live on the courses blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access, parsing, writes
from app.core.conditional import send_conditional
from app.core.errors import DomainError
from app.core.forms import put_error
from app.core.seed_texts import seeded
from app.courses import completions, queries
from app.courses.forms import CompletionForm, VerifyCompletionForm
from app.courses.models import Course, CourseCompletion
from app.courses.views import bp
from app.extensions import db


def _course_choices() -> list[tuple[str, str]]:
    courses = db.session.scalars(select(Course).order_by(Course.title)).all()
    return [("", "—")] + [(c.key, seeded(c.title)) for c in courses]


def _completion_error(form: CompletionForm, error: DomainError) -> None:
    # The operation names the course by its key; the form calls that field "course".
    if error.field == "course_key":
        error.field = "course"
    put_error(form, error)


def _certificate(form: CompletionForm) -> tuple[bytes, str] | None:
    upload = form.certificate.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    # Read at most one byte more than allowed: the check refuses what is too large.
    data = upload.stream.read(completions.uploads.CERTIFICATE_MAX_BYTES + 1)
    return data, upload.filename


@bp.route("/courses/completions/new", methods=["GET", "POST"])
@login_required
def new_completion():
    """Record a course taken elsewhere (for oneself, or a coordinator for someone)."""
    try:
        person_id = parsing.parse_int(request.args.get("person_id"), "person_id", minimum=1)
    except DomainError:
        abort(404)
    person_id = person_id or current_user.person_id
    if person_id is None:
        abort(404)
    person = access.get_person_or_404(current_user, person_id)
    coordinator = access.can_manage_person(current_user, person)
    if person.id != current_user.person_id and not coordinator:
        abort(404)
    form = CompletionForm()
    form.course.choices = _course_choices()
    if form.validate_on_submit():
        verify = coordinator and request.form.get("verified") == "1"
        data = form.data_for_operation()
        certificate = _certificate(form)
        outcome = writes.run(
            lambda: completions.record_completion(
                person, data, verified=verify, by=current_user, certificate=certificate
            ),
            form=form,
            on_error=_completion_error,
        )
        if outcome.ok:
            flash(
                _("Kurset er registrert og verifisert.")
                if verify
                else _("Kurset er registrert. En koordinator vil verifisere det."),
                "success",
            )
            if person.id == current_user.person_id:
                return redirect(url_for("courses.mine"))
            return redirect(url_for("people.show_person", person_id=person.id))
    return render_template(
        "courses/completion_form.html", form=form, person=person, coordinator=coordinator
    )


@bp.get("/courses/completions/pending")
@login_required
def pending_completions():
    """Courses taken elsewhere waiting for a coordinator's verification."""
    if not access.is_coordinator(current_user):
        abort(404)
    return render_template(
        "courses/pending.html",
        completions=queries.pending_completions(current_user),
        form=VerifyCompletionForm(),
    )


def _managed_completion(completion_id: int) -> CourseCompletion:
    completion = db.session.get(CourseCompletion, completion_id)
    if completion is None or not access.can_manage_person(current_user, completion.person):
        abort(404)
    return completion


@bp.post("/courses/completions/<int:completion_id>/verify")
@login_required
def verify_completion(completion_id: int):
    """Verify a recorded course; a free-text one is matched to a level."""
    completion = _managed_completion(completion_id)
    form = VerifyCompletionForm()
    if not form.validate_on_submit():
        flash(_("Velg et gyldig nivå."), "error")
        return redirect(url_for("courses.pending_completions"))
    level = form.level.data or None
    outcome = writes.run(
        lambda: completions.verify_completion(completion, by=current_user, level=level)
    )
    if outcome.ok:
        flash(
            _(
                "«%(c)s» for %(n)s er verifisert.",
                c=completion.display_title,
                n=completion.person.name,
            ),
            "success",
        )
    return redirect(url_for("courses.pending_completions"))


@bp.post("/courses/completions/<int:completion_id>/reject")
@login_required
def reject_completion(completion_id: int):
    """Remove a recorded course that could not be confirmed."""
    completion = _managed_completion(completion_id)
    if completion.verified:
        flash(_("Et verifisert kurs kan ikke avvises."), "error")
        return redirect(url_for("courses.pending_completions"))
    name, title = completion.person.name, completion.display_title
    if writes.run(lambda: completions.reject_completion(completion)).ok:
        flash(_("«%(c)s» for %(n)s er avvist.", c=title, n=name), "success")
    return redirect(url_for("courses.pending_completions"))


@bp.get("/courses/completions/<int:completion_id>/certificate")
@login_required
def certificate(completion_id: int):
    """The certificate of a course taken elsewhere: for the person and her coordinators."""
    completion = db.session.get(CourseCompletion, completion_id)
    if completion is None:
        abort(404)
    own = completion.person_id == current_user.person_id
    if not own and not access.can_manage_person(current_user, completion.person):
        abort(404)
    if completion.certificate is None:
        abort(404)
    response = send_conditional(
        completion.certificate,
        completion.certificate_type or "application/octet-stream",
        filename=completion.certificate_name or f"kursbevis-{completion.id}",
        private=True,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
