"""Gatherings pages: list, page, coordinator forms, registration, attendance,
the year view (årshjul) and the attendance workbook (the feeds are in feeds.py)."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access, writes
from app.core.conditional import send_conditional
from app.core.confirm import confirm
from app.core.pagination import paginate
from app.core.types import OSLO, utcnow
from app.core.xlsx import XLSX_MIMETYPE, generate_xlsx
from app.courses import permissions
from app.extensions import db
from app.gatherings import operations, queries
from app.gatherings.forms import GatheringForm, ReadingItemForm, RegisterPersonForm
from app.gatherings.models import Gathering, GatheringKind, GatheringStatus, ReadingItem
from app.networks.models import Network
from app.people import queries as people_queries
from app.people.models import Person
from app.registrations import queries as registration_queries
from app.registrations.models import Registration, RegistrationStatus
from app.registrations.queries import waitlist_position

bp = Blueprint("gatherings", __name__)


# --- helpers --------------------------------------------------------------------------------


def _gathering_or_404(gathering_id: int) -> Gathering:
    gathering = db.session.get(Gathering, gathering_id)
    if gathering is None:
        abort(404)
    return gathering


def _managed_gathering_or_404(gathering_id: int) -> Gathering:
    gathering = _gathering_or_404(gathering_id)
    if not access.can_manage_network(current_user, gathering.network):
        abort(404)
    return gathering


def _back(gathering: Gathering):
    return redirect(url_for("gatherings.show_gathering", gathering_id=gathering.id))


# --- template globals for the partials on other pages ---------------------------------------


@bp.app_template_global()
def gathering_kind_label(kind) -> str:
    """The Norwegian name of a gathering kind."""
    value = getattr(kind, "value", kind)
    try:
        return GatheringKind(value).label
    except ValueError:
        return str(value)


@bp.app_template_global()
def network_gatherings(network: Network) -> list[Gathering]:
    """The network's next gatherings, for the network page."""
    return queries.upcoming_for_network(network, utcnow())


@bp.app_template_global()
def gathering_history(person: Person) -> list[Registration]:
    """The person's gatherings (registered, attended, absent, waiting), latest first."""
    return queries.person_history(person.id)


@bp.app_template_global()
def upcoming_gathering_registrations(person: Person) -> list[queries.UpcomingLine]:
    """The person's registrations for gatherings not yet over, soonest first, in words."""
    return queries.person_upcoming(person.id, utcnow())


# --- list and page --------------------------------------------------------------------------


@bp.get("/gatherings")
def list_gatherings():
    """Upcoming gatherings across networks (or past ones), filterable by network."""
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    slug = request.args.get("network") or None
    network = next((n for n in networks if n.slug == slug), None)
    past = request.args.get("when") == "past"
    page = paginate(
        queries.gatherings_query(
            network_id=network.id if network else None, after=utcnow(), past=past
        ),
        per_page=50,
    )
    seats = queries.seat_counts(g.id for g in page.items)
    return render_template(
        "gatherings/list.html",
        page=page,
        seats=seats,
        networks=networks,
        network=network,
        past=past,
    )


@bp.get("/gatherings/<int:gathering_id>")
def show_gathering(gathering_id: int):
    """A gathering: time, place, agenda, reading list, seats, and your registration."""
    gathering = _gathering_or_404(gathering_id)
    manage = access.can_manage_network(current_user, gathering.network)
    person_id = current_user.person_id if current_user.is_authenticated else None
    own = registration_queries.registration_of(gathering, person_id)
    person = db.session.get(Person, person_id) if person_id else None
    rows = queries.registration_rows(gathering) if manage else []
    seats = queries.seat_counts([gathering.id])[gathering.id]
    return render_template(
        "gatherings/show.html",
        gathering=gathering,
        manage=manage,
        own=own,
        person=person,
        rows=rows,
        seats=seats,
        reading_form=ReadingItemForm() if manage else None,
        register_form=RegisterPersonForm(prefix="other") if manage else None,
        is_past=gathering.end < utcnow(),
        position=_position(own),
    )


def _position(registration: Registration | None) -> int | None:
    if registration is None or registration.status is not RegistrationStatus.waitlisted:
        return None

    return waitlist_position(registration)


# --- coordinator forms ----------------------------------------------------------------------


@bp.route("/networks/<slug>/gatherings/new", methods=["GET", "POST"])
@login_required
def new_gathering(slug: str):
    """Create a gathering of a network the user coordinates."""
    network = access.get_managed_network_or_404(current_user, slug)
    form = GatheringForm()
    if request.method == "GET":
        form.kind.data = request.args.get("kind") or "network_meeting"
    if form.validate_on_submit():
        outcome = writes.run(
            lambda: operations.create_gathering(network, form.data_for_operation()), form=form
        )
        if outcome.ok:
            gathering = outcome.value
            flash(_("Samlingen «%(t)s» er opprettet.", t=gathering.title), "success")
            return _back(gathering)
    return render_template("gatherings/form.html", form=form, network=network, gathering=None)


@bp.route("/gatherings/<int:gathering_id>/edit", methods=["GET", "POST"])
@login_required
def edit_gathering(gathering_id: int):
    """Change a gathering; registered people are told by e-mail when it moves."""
    gathering = _managed_gathering_or_404(gathering_id)
    form = GatheringForm()
    if request.method == "GET":
        form.fill_from(gathering)
    if form.validate_on_submit():
        outcome = writes.run(
            lambda: _update_and_notify(gathering, form.data_for_operation()), form=form
        )
        if outcome.ok:
            change, sent = outcome.value
            message = _("Endringene er lagret.")
            if change.moved:
                message += " " + ngettext(
                    "%(num)d påmeldt er varslet på e-post.",
                    "%(num)d påmeldte er varslet på e-post.",
                    sent,
                )
            flash(message, "success")
            return _back(gathering)
    return render_template(
        "gatherings/form.html", form=form, network=gathering.network, gathering=gathering
    )


def _update_and_notify(gathering: Gathering, data: dict) -> tuple:
    # The notices join the change's transaction: the outbox sends them only after its commit.
    change = operations.update_gathering(gathering, data)
    return change, operations.notify_change(gathering, change)


def _cancel_and_notify(gathering: Gathering, reopen: bool) -> int:
    if reopen:
        change = operations.update_gathering(gathering, {"status": GatheringStatus.planned})
    else:
        change = operations.cancel_gathering(gathering)
    return operations.notify_change(gathering, change)


def _cancel_question(gathering_id: int) -> str:
    gathering = _managed_gathering_or_404(gathering_id)
    if request.form.get("action") == "reopen":
        return _("Gjenoppta «%(t)s»? De påmeldte får beskjed på e-post.", t=gathering.title)
    seats = queries.seat_counts([gathering.id]).get(gathering.id)
    told = (seats.taken + seats.waiting) if seats else 0
    return ngettext(
        "Avlyse «%(t)s»? %(num)d påmeldt eller på venteliste får beskjed på e-post.",
        "Avlyse «%(t)s»? %(num)d påmeldte og på venteliste får beskjed på e-post.",
        told,
        t=gathering.title,
    )


def _cancel_button(gathering_id: int) -> str:
    reopen = request.form.get("action") == "reopen"
    return _("Gjenoppta samlingen") if reopen else _("Avlys samlingen")


@bp.post("/gatherings/<int:gathering_id>/cancel")
@login_required
@confirm(_cancel_question, _cancel_button)
def cancel_gathering(gathering_id: int):
    """Cancel a gathering (it stays in the calendars as cancelled) or plan it again."""
    gathering = _managed_gathering_or_404(gathering_id)
    reopen = request.form.get("action") == "reopen"
    outcome = writes.run(lambda: _cancel_and_notify(gathering, reopen))
    if not outcome.ok:
        return _back(gathering)
    sent = outcome.value
    if reopen:
        flash(_("Samlingen er gjenopptatt."), "success")
    else:
        told = ngettext(
            "Samlingen er avlyst. %(num)d påmeldt er varslet.",
            "Samlingen er avlyst. %(num)d påmeldte er varslet.",
            sent,
        )
        flash(told, "success")
    return _back(gathering)


@bp.post("/gatherings/<int:gathering_id>/reading")
@login_required
def add_reading(gathering_id: int):
    """Add recommended literature."""
    gathering = _managed_gathering_or_404(gathering_id)
    form = ReadingItemForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(str(e) for e in errors), "error")
        return _back(gathering)
    item = {"title": form.title.data, "url": form.url.data, "note": form.note.data}
    if not writes.run(lambda: operations.add_reading_item(gathering, item)).ok:
        return _back(gathering)
    flash(_("Lagt til i litteraturlisten."), "success")
    return _back(gathering)


@bp.post("/gatherings/<int:gathering_id>/reading/<int:item_id>/delete")
@login_required
def delete_reading(gathering_id: int, item_id: int):
    """Remove an item from the reading list."""
    gathering = _managed_gathering_or_404(gathering_id)
    item = db.session.get(ReadingItem, item_id)
    if item is None or item.gathering_id != gathering.id:
        abort(404)
    if not writes.run(lambda: operations.remove_reading_item(item)).ok:
        return _back(gathering)
    flash(_("Fjernet fra litteraturlisten."), "success")
    return _back(gathering)


# --- registration ---------------------------------------------------------------------------


@bp.post("/gatherings/<int:gathering_id>/register")
@login_required
def register_self(gathering_id: int):
    """Register yourself, optionally with your leader."""
    gathering = _gathering_or_404(gathering_id)
    person = current_user.person
    if person is None:
        flash(_("Brukeren din er ikke knyttet til en person og kan ikke meldes på."), "error")
        return _back(gathering)
    manage = access.can_manage_network(current_user, gathering.network)
    with_leader = bool(request.form.get("with_leader"))
    outcome = writes.run(
        lambda: operations.register_person(
            gathering, person, with_leader=with_leader, by=current_user, manager=manage
        )
    )
    if not outcome.ok:
        return _back(gathering)
    _flash_registered(*outcome.value)
    return _back(gathering)


def _flash_registered(registration: Registration, companion: Registration | None) -> None:
    name = registration.person.name
    if registration.status is RegistrationStatus.waitlisted:
        flash(_("%(n)s står på venteliste.", n=name), "success")
    else:
        flash(_("%(n)s er påmeldt.", n=name), "success")
    if companion is not None:
        if companion.status is RegistrationStatus.waitlisted:
            flash(_("Lederen %(n)s står på venteliste.", n=companion.person.name), "success")
        else:
            flash(_("Lederen %(n)s er påmeldt.", n=companion.person.name), "success")


@bp.post("/gatherings/<int:gathering_id>/register-person")
@login_required
def register_other(gathering_id: int):
    """A coordinator registers someone by e-mail (also after the deadline)."""
    gathering = _managed_gathering_or_404(gathering_id)
    form = RegisterPersonForm(prefix="other")
    if not form.validate_on_submit():
        flash(_("Skriv inn en gyldig e-postadresse."), "error")
        return _back(gathering)
    email = form.email.data.strip().lower()
    person = people_queries.person_by_email(email)
    # Only a person the coordinator may see (as in the API); anyone else is "not found", so
    # the page tells nothing about people outside the coordinator's networks.
    if not access.can_register_other(current_user, person, manages_event=True):
        flash(_("Fant ingen person med e-posten %(e)s.", e=email), "error")
        return _back(gathering)
    outcome = writes.run(
        lambda: operations.register_person(
            gathering, person, with_leader=form.with_leader.data, by=current_user, manager=True
        )
    )
    if not outcome.ok:
        return _back(gathering)
    _flash_registered(*outcome.value)
    return _back(gathering)


def _cancellable(gathering_id: int, registration_id: int) -> tuple[Gathering, Registration]:
    gathering = _gathering_or_404(gathering_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.gathering_id != gathering.id:
        abort(404)
    if not permissions.can_cancel_registration(current_user, registration):
        abort(404)
    return gathering, registration


def _unregister_question(gathering_id: int, registration_id: int) -> str:
    gathering, registration = _cancellable(gathering_id, registration_id)
    if registration.person_id == current_user.person_id:
        return _(
            "Melde deg av «%(t)s»? Plassen kan gå til den første på ventelisten.",
            t=gathering.title,
        )
    return _(
        "Melde %(n)s av «%(t)s»? Plassen kan gå til den første på ventelisten.",
        n=registration.person.name,
        t=gathering.title,
    )


@bp.post("/gatherings/<int:gathering_id>/registrations/<int:registration_id>/cancel")
@login_required
@confirm(_unregister_question, lambda **_kw: _("Meld av"))
def cancel_registration(gathering_id: int, registration_id: int):
    """Cancel your own registration, or any as the coordinator; the waiting list moves up."""
    gathering, registration = _cancellable(gathering_id, registration_id)
    if not writes.run(lambda: operations.cancel_registration(registration, by=current_user)).ok:
        return _back(gathering)
    flash(_("%(n)s er meldt av.", n=registration.person.name), "success")
    return _back(gathering)


# --- attendance -----------------------------------------------------------------------------


@bp.route("/gatherings/<int:gathering_id>/attendance", methods=["GET", "POST"])
@login_required
def attendance(gathering_id: int):
    """Mark the whole list at once: everyone present as a start, absent where not."""
    gathering = _managed_gathering_or_404(gathering_id)
    rows = queries.attendance_rows(gathering)
    errors = []
    if request.method == "POST":
        # CSRFProtect has checked the token (as for every POST).
        marks = {}
        for row in rows:
            value = request.form.get(f"present-{row.registration.id}")
            if value not in ("yes", "no"):
                errors.append(row.person.name)
                continue
            marks[row.registration.id] = value == "yes"
        if not errors:
            outcome = writes.run(lambda: operations.record_attendance_list(gathering, marks))
            if outcome.ok:
                count = outcome.value
                present = sum(1 for v in marks.values() if v)
                flash(
                    _(
                        "Oppmøtet er lagret: %(p)d av %(n)d til stede.",
                        p=present,
                        n=count,
                    ),
                    "success",
                )
                return redirect(url_for("gatherings.attendance", gathering_id=gathering.id))
    return render_template(
        "gatherings/attendance.html", gathering=gathering, rows=rows, errors=errors
    )


@bp.post("/gatherings/<int:gathering_id>/registrations/<int:registration_id>/leader")
@login_required
def register_leader(gathering_id: int, registration_id: int):
    """The coordinator registers a participant's leader, so the leader's attendance can be
    marked on the same page (an intro course counts only when the leader came too)."""
    gathering = _managed_gathering_or_404(gathering_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.gathering_id != gathering.id:
        abort(404)
    outcome = writes.run(
        lambda: operations.register_leader(gathering, registration, by=current_user)
    )
    if outcome.ok:
        flash(_("Lederen %(n)s er påmeldt.", n=outcome.value.person.name), "success")
    return redirect(url_for("gatherings.attendance", gathering_id=gathering.id))


@bp.get("/gatherings/<int:gathering_id>/attendance.xlsx")
@login_required
def attendance_xlsx(gathering_id: int):
    """The attendance list as a workbook: one row per registration, leaders marked."""
    gathering = _managed_gathering_or_404(gathering_id)
    sheet = queries.attendance_sheet(gathering, queries.registration_rows(gathering))
    body = generate_xlsx([sheet])
    start = gathering.start.astimezone(OSLO)
    return send_conditional(
        body,
        XLSX_MIMETYPE,
        filename=f"oppmøte-{start:%Y-%m-%d}-{gathering.id}.xlsx",
        private=True,
        max_age=0,
    )


# --- the year view --------------------------------------------------------------------------


@bp.get("/networks/<slug>/year")
def year(slug: str):
    """The årshjul: the year's gatherings and linked course offerings, month by month."""
    network = access.get_network_or_404(slug)
    this_year = dt.datetime.now(OSLO).year
    try:
        chosen = int(request.args.get("year", this_year))
    except ValueError:
        chosen = this_year
    if not 1900 <= chosen <= 2200:
        chosen = this_year
    months = queries.year_view(network, chosen)
    return render_template(
        "gatherings/year.html",
        network=network,
        year=chosen,
        months=months,
        manage=access.can_manage_network(current_user, network),
        has_endpoint=lambda e: e in current_app.view_functions,
    )
