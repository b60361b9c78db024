"""Course pages: catalogue, course and offering pages, organisers' offering forms (with
modules), courses taken elsewhere and their verification, and the public calendar feed.
Registration and participant pages are in participant_views, courses taken elsewhere in
completion_views, on the same blueprint."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access, writes
from app.core.conditional import send_conditional
from app.core.errors import DomainError
from app.core.forms import put_error
from app.core.ical import ICAL_MIMETYPE, build_calendar, feed_etag, feed_last_modified
from app.core.types import to_oslo, utcnow
from app.courses import calendar, operations, permissions, queries
from app.courses.forms import CourseForm, OfferingForm, RegisterPersonForm
from app.courses.models import (
    Course,
    OfferingStatus,
)
from app.extensions import db
from app.networks.models import Network
from app.people.models import Profession
from app.registrations import queries as registration_queries
from app.registrations import rules as registration_rules

bp = Blueprint("courses", __name__)

#: blank module rows offered on the offering form ("Legg til modul" adds more)
EXTRA_MODULE_ROWS = 1
MAX_MODULE_ROWS = 50


def _course_or_404(key: str) -> Course:
    if "\x00" in key or len(key) > 80:
        abort(404)
    course = db.session.scalar(select(Course).where(Course.key == key))
    if course is None:
        abort(404)
    return course


def _profession_choices() -> list[tuple[str, str]]:
    return [
        (p.key, p.label)
        for p in db.session.scalars(select(Profession).order_by(Profession.name_nb))
    ]


def clean(value: str | None, limit: int = 200) -> str | None:
    """User text without NUL characters (PostgreSQL refuses them), trimmed, or None."""
    return (value or "").replace("\x00", "").strip()[:limit] or None


def _arg(name: str) -> str | None:
    return clean(request.args.get(name))


# --------------------------------------------------------------------------- public pages


@bp.get("/courses")
def catalogue():
    """The course catalogue with filters (profession, level, provider, upcoming)."""
    filters = queries.CatalogueFilters(
        profession=_arg("profession"),
        level=_arg("level"),
        provider=_arg("provider"),
        upcoming=request.args.get("upcoming") == "1",
        q=_arg("q"),
    )
    entries = queries.catalogue(filters)
    feed = url_for("courses.calendar_feed", _external=True)
    return render_template(
        "courses/catalogue.html",
        entries=entries,
        filters=filters,
        professions=_profession_choices(),
        levels=queries.levels(),
        providers=queries.providers(),
        webcal=feed.replace("https://", "webcal://").replace("http://", "webcal://"),
        can_edit=permissions.can_edit_catalogue(current_user),
    )


@bp.get("/courses/calendar.ics")
def calendar_feed():
    """All course offerings as iCalendar; cancelled ones kept with STATUS:CANCELLED."""
    events = calendar.offering_events(calendar.feed_offerings())
    body = build_calendar("Kurs – Kompetansenett", events)
    return send_conditional(
        body,
        ICAL_MIMETYPE,
        etag=feed_etag(events),
        last_modified=feed_last_modified(events),
        filename="kurs.ics",
    )


@bp.get("/courses/<key>")
def show_course(key: str):
    """A course with its offerings."""
    course = _course_or_404(key)
    now = utcnow()
    upcoming = [o for o in course.offerings if o.end >= now]
    past = [o for o in course.offerings if o.end < now]
    return render_template(
        "courses/course.html",
        course=course,
        upcoming=upcoming,
        past=past,
        can_edit=permissions.can_edit_catalogue(current_user),
        rules=registration_rules,
    )


@bp.get("/courses/offerings/<int:offering_id>")
def show_offering(offering_id: int):
    """An offering: dates, modules, seats left, the user's own status and buttons."""
    offering = queries.offering_with_details(offering_id)
    if offering is None:
        abort(404)
    person_id = current_user.person_id if current_user.is_authenticated else None
    own = registration_queries.registration_of(offering, person_id)
    position = registration_queries.waitlist_position(own) if own else None
    now = utcnow()
    return render_template(
        "courses/offering.html",
        offering=offering,
        own=own,
        position=position,
        seats_left=registration_rules.seats_left(offering.capacity, offering.seats_taken),
        is_open=registration_rules.registration_open(
            offering.registration_deadline, offering.start, now
        )
        and offering.status is OfferingStatus.published,
        closes=registration_rules.closes_at(offering.registration_deadline, offering.start),
        manage=permissions.can_manage_offering(current_user, offering),
        register_form=RegisterPersonForm(),
    )


# --------------------------------------------------------------------------- catalogue editing


def _require_catalogue_editor() -> None:
    if not permissions.can_edit_catalogue(current_user):
        abort(404)


@bp.route("/courses/new", methods=["GET", "POST"])
@login_required
def new_course():
    """Add a course to the catalogue."""
    _require_catalogue_editor()
    form = CourseForm()
    form.professions.choices = _profession_choices()
    if form.validate_on_submit():
        outcome = writes.run(lambda: operations.create_course(form.data_for_operation()), form=form)
        if outcome.ok:
            flash(_("Kurset er lagt til i katalogen."), "success")
            return redirect(url_for("courses.show_course", key=outcome.value.key))
    return render_template("courses/course_form.html", form=form, course=None)


@bp.route("/courses/<key>/edit", methods=["GET", "POST"])
@login_required
def edit_course(key: str):
    """Edit a catalogue entry (the key stays)."""
    _require_catalogue_editor()
    course = _course_or_404(key)
    form = CourseForm(obj=course)
    form.professions.choices = _profession_choices()
    if request.method == "GET":
        form.professions.data = [p.key for p in course.professions]
        form.level.data = course.level or ""
    form.key.data = course.key

    def update() -> None:
        data = form.data_for_operation()
        data.pop("key")
        operations.update_course(course, data)

    if form.validate_on_submit() and writes.run(update, form=form).ok:
        flash(_("Kurset er lagret."), "success")
        return redirect(url_for("courses.show_course", key=course.key))
    return render_template("courses/course_form.html", form=form, course=course)


# --------------------------------------------------------------------------- offerings


def _network_choices() -> list[tuple[str, str]]:
    ids = access.managed_network_ids(current_user)
    networks = db.session.scalars(
        select(Network).where(Network.id.in_(ids)).order_by(Network.name)
    ).all()
    return [(n.slug, n.name) for n in networks]


def _offering_form(offering=None) -> OfferingForm:
    form = OfferingForm(obj=offering) if request.method == "GET" and offering else OfferingForm()
    form.networks.choices = _network_choices()
    if request.method == "GET":
        if offering is not None:
            form.start.data = to_oslo(offering.start).replace(tzinfo=None)
            form.end.data = to_oslo(offering.end).replace(tzinfo=None)
            deadline = offering.registration_deadline
            form.registration_deadline.data = (
                to_oslo(deadline).replace(tzinfo=None) if deadline else None
            )
            form.networks.data = [n.slug for n in offering.networks]
            form.status.data = offering.status.value
            while len(form.modules):
                form.modules.pop_entry()
            for module in offering.modules:
                form.modules.append_entry(
                    {
                        "title": module.title,
                        "start": to_oslo(module.start).replace(tzinfo=None),
                        "end": to_oslo(module.end).replace(tzinfo=None),
                        "location": module.location,
                    }
                )
        for _i in range(EXTRA_MODULE_ROWS):
            form.modules.append_entry()
    return form


def _offering_error(form: OfferingForm, error: DomainError) -> None:
    field = error.field or ""
    if field.startswith("modules."):
        parts = field.split(".")
        try:
            entry = form.modules[int(parts[1])]
        except (IndexError, ValueError):
            form.form_errors.append(error.message)
            return
        # Blank rows were dropped before the operation saw them: map back to the filled rows.
        filled = [m for m in form.modules if not m.form.is_blank()]
        index = int(parts[1])
        if index < len(filled):
            entry = filled[index]
        sub = getattr(entry.form, parts[2], None) if len(parts) > 2 else None
        if sub is not None:
            sub.errors = [*sub.errors, error.message]
        else:
            form.form_errors.append(error.message)
        return
    put_error(form, error)


def _module_rows_changed(form: OfferingForm) -> bool:
    """Handle "Legg til modul" / "Fjern modul": change the rows, save nothing. True if so."""
    action = request.form.get("action", "")
    if action == "add-module" and len(form.modules) < MAX_MODULE_ROWS:
        form.modules.append_entry()
    elif action.startswith("remove-module:") and action.partition(":")[2].isdigit():
        index = int(action.partition(":")[2])
        if index < len(form.modules):
            form.modules.entries.pop(index)
    else:
        return False
    return True


@bp.route("/courses/<key>/offerings/new", methods=["GET", "POST"])
@login_required
def new_offering(key: str):
    """Schedule an offering of a course, with modules."""
    _require_catalogue_editor()
    course = _course_or_404(key)
    form = _offering_form()

    def create():
        data = form.data_for_operation()
        data["networks"] = permissions.check_network_links(current_user, data["networks"])
        return operations.create_offering(course, data, by=current_user)

    if request.method == "POST" and _module_rows_changed(form):
        pass  # the rows changed; show the form again with what was typed
    elif form.validate_on_submit():
        outcome = writes.run(create, form=form, on_error=_offering_error)
        if outcome.ok:
            flash(_("Kurset er publisert."), "success")
            return redirect(url_for("courses.show_offering", offering_id=outcome.value.id))
    return render_template("courses/offering_form.html", form=form, course=course, offering=None)


@bp.route("/courses/offerings/<int:offering_id>/edit", methods=["GET", "POST"])
@login_required
def edit_offering(offering_id: int):
    """Edit an offering and its modules, or cancel it."""
    offering = permissions.get_managed_offering_or_404(current_user, offering_id)
    form = _offering_form(offering)

    def update() -> None:
        data = form.data_for_operation()
        # Links to networks the editor does not manage (not among the choices) are kept.
        data["networks"] = permissions.check_network_links(current_user, data["networks"], offering)
        operations.update_offering(offering, data, by=current_user)

    if request.method == "POST" and _module_rows_changed(form):
        pass  # the rows changed; show the form again with what was typed
    elif form.validate_on_submit() and writes.run(update, form=form, on_error=_offering_error).ok:
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for("courses.show_offering", offering_id=offering.id))
    return render_template(
        "courses/offering_form.html", form=form, course=offering.course, offering=offering
    )


# Registration and participant routes share this blueprint; importing them registers them.
from app.courses import completion_views, dashboard, participant_views  # noqa: E402,F401
