"""Course pages for registrations: registering oneself or someone else, cancelling (the
waiting list moves up), "my courses", the organisers' participant list with attendance and
participants.xlsx, and the dashboard partials. Routes live on the courses blueprint."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access, writes
from app.core.conditional import send_conditional
from app.core.confirm import confirm
from app.core.seed_texts import seeded
from app.core.types import to_oslo, utcnow
from app.core.xlsx import XLSX_MIMETYPE, Sheet, generate_xlsx
from app.courses import operations, permissions, queries
from app.courses.forms import RegisterPersonForm
from app.courses.views import bp, clean
from app.extensions import db
from app.people import queries as people_queries
from app.people.models import Person
from app.registrations import operations as registrations
from app.registrations import queries as registration_queries
from app.registrations.models import SEAT_HOLDING, Registration, RegistrationStatus

# --------------------------------------------------------------------------- registration


@bp.post("/courses/offerings/<int:offering_id>/register")
@login_required
def register(offering_id: int):
    """Register oneself: a seat, or the waiting list when full."""
    offering = permissions.get_offering_or_404(offering_id)
    back = url_for("courses.show_offering", offering_id=offering.id)
    if current_user.person_id is None:
        flash(_("Brukeren din er ikke knyttet til en person og kan ikke meldes på."), "error")
        return redirect(back)
    person = db.session.get(Person, current_user.person_id)
    outcome = writes.run(lambda: registrations.register(offering, person, by=current_user))
    if not outcome.ok:
        return redirect(back)
    registration = outcome.value
    if registration.status is RegistrationStatus.registered:
        flash(_("Du er påmeldt «%(t)s».", t=seeded(offering.course.title)), "success")
    else:
        position = registration_queries.waitlist_position(registration)
        flash(
            _("Kurset er fullt. Du står på venteliste som nummer %(n)d.", n=position or 0),
            "success",
        )
    return redirect(back)


@bp.post("/courses/offerings/<int:offering_id>/register-person")
@login_required
def register_person(offering_id: int):
    """An organiser registers someone by e-mail (the deadline does not bind them)."""
    offering = permissions.get_managed_offering_or_404(current_user, offering_id)
    back = url_for("courses.participants", offering_id=offering.id)
    form = RegisterPersonForm()
    if not form.validate_on_submit():
        flash(_("Skriv inn personens e-post."), "error")
        return redirect(back)
    email = (clean(form.email.data, 254) or "").lower()
    person = people_queries.person_by_email(email)
    # The page already required managing the offering.
    if not access.can_register_other(current_user, person, manages_event=True):
        flash(_("Fant ingen person med e-posten %(email)s.", email=email), "error")
        return redirect(back)
    outcome = writes.run(
        lambda: registrations.register(offering, person, by=current_user, override_deadline=True)
    )
    if outcome.ok:
        flash(
            _(
                "%(name)s er meldt på (%(status)s).",
                name=person.name,
                status=outcome.value.status.label.lower(),
            ),
            "success",
        )
    return redirect(back)


def _cancellable(registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.offering_id is None:
        abort(404)
    if not permissions.can_cancel_registration(current_user, registration):
        abort(404)
    return registration


def _unregister_question(registration_id: int) -> str:
    registration = _cancellable(registration_id)
    title = seeded(registration.offering.course.title)
    if registration.person_id == current_user.person_id:
        return _("Melde deg av «%(t)s»? Plassen kan gå til den første på ventelisten.", t=title)
    return _(
        "Melde %(n)s av «%(t)s»? Plassen kan gå til den første på ventelisten.",
        n=registration.person.name,
        t=title,
    )


@bp.post("/courses/registrations/<int:registration_id>/cancel")
@login_required
@confirm(_unregister_question, lambda **_kw: _("Meld av"))
def cancel_registration(registration_id: int):
    """Cancel a registration; the first on the waiting list gets the seat."""
    registration = _cancellable(registration_id)
    offering = registration.offering
    own = registration.person_id == current_user.person_id
    outcome = writes.run(lambda: registrations.cancel(registration, by=current_user))
    if outcome.ok:
        if own:
            flash(_("Du er meldt av «%(t)s».", t=seeded(offering.course.title)), "success")
        else:
            flash(_("%(n)s er meldt av.", n=registration.person.name), "success")
        if outcome.value is not None and not own:
            flash(_("%(n)s fikk plassen fra ventelisten.", n=outcome.value.person.name), "success")
    target = request.form.get("next")
    if target == "participants" and permissions.can_manage_offering(current_user, offering):
        return redirect(url_for("courses.participants", offering_id=offering.id))
    if target == "mine":
        return redirect(url_for("courses.mine"))
    return redirect(url_for("courses.show_offering", offering_id=offering.id))


@bp.get("/courses/mine")
@login_required
def mine():
    """The user's own courses: registrations, waiting-list places and recorded courses."""
    person_id = current_user.person_id
    rows = queries.my_registrations(person_id) if person_id else []
    now = utcnow()
    return render_template(
        "courses/mine.html",
        upcoming=[
            r
            for r in rows
            if r.offering.end >= now and r.registration.status is not RegistrationStatus.cancelled
        ],
        history=[
            r
            for r in rows
            if r.offering.end < now or r.registration.status is RegistrationStatus.cancelled
        ],
        completions=queries.person_completions(person_id) if person_id else [],
        person_id=person_id,
    )


# --------------------------------------------------------------------------- participants


@bp.get("/courses/offerings/<int:offering_id>/participants")
@login_required
def participants(offering_id: int):
    """Participants and waiting list, with attendance per module and completion."""
    offering = permissions.get_managed_offering_or_404(current_user, offering_id)
    return render_template(
        "courses/participants.html",
        offering=offering,
        rows=queries.participants(offering),
        seat_holding=SEAT_HOLDING,
        statuses=[s for s in RegistrationStatus if s in SEAT_HOLDING],
        register_form=RegisterPersonForm(),
    )


@bp.post("/courses/offerings/<int:offering_id>/participants")
@login_required
def save_participants(offering_id: int):
    """Save status (attended, completed, no show) and module attendance for everyone."""
    offering = permissions.get_managed_offering_or_404(current_user, offering_id)
    modules = {m.id: m for m in offering.modules}
    seated = db.session.scalars(
        select(Registration).where(
            Registration.offering_id == offering.id,
            Registration.status.in_(SEAT_HOLDING),
        )
    ).all()

    def save() -> None:
        for registration in seated:
            status = request.form.get(f"status-{registration.id}")
            if status and status != registration.status.value:
                registrations.set_status(registration, status, by=current_user)
            for module_id, module in modules.items():
                key = f"module-{registration.id}-{module_id}"
                if f"{key}-shown" in request.form:
                    operations.set_module_attendance(registration, module, key in request.form)

    if writes.run(save).ok:
        flash(_("Oppmøte og status er lagret."), "success")
    return redirect(url_for("courses.participants", offering_id=offering.id))


@bp.get("/courses/offerings/<int:offering_id>/participants.xlsx")
@login_required
def participants_xlsx(offering_id: int):
    """The participant list as an Excel workbook."""
    offering = permissions.get_managed_offering_or_404(current_user, offering_id)
    headers, rows = queries.participant_sheet_rows(offering)
    body = generate_xlsx([Sheet(_("Deltakere"), headers, rows)])
    day = to_oslo(offering.start).date().isoformat()
    return send_conditional(
        body,
        XLSX_MIMETYPE,
        filename=f"deltakere-{offering.course.key}-{day}.xlsx",
        private=True,
        max_age=0,
    )


# --------------------------------------------------------------------------- partials


@bp.app_template_global()
def courses_for_person(person) -> dict:
    """Data for courses/_person.html: registrations and courses taken elsewhere."""
    return {
        "rows": queries.my_registrations(person.id),
        "completions": queries.person_completions(person.id),
    }
