"""Person pages: list, profile, create, edit, and the public register.

They show and create memberships, so they live in networks (above people); the blueprint keeps
the name `people`, so its endpoints (`people.show_person`, …) and URLs are unchanged."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access, writes
from app.core.pagination import int_arg, paginate
from app.core.public_pages import public_page
from app.core.types import today_oslo
from app.extensions import db
from app.networks import queries as network_queries
from app.networks.models import Network
from app.networks.operations import add_membership
from app.people import operations, queries
from app.people.forms import PersonForm
from app.people.models import Person

bp = Blueprint("people", __name__)


def _choices(form: PersonForm) -> None:
    form.profession.choices = queries.profession_choices()
    form.municipality.choices = queries.municipality_choices()


@bp.get("/persons")
@login_required
def list_persons():
    """Persons this user may see, with search and filters."""
    query = queries.filter_persons(
        access.visible_persons(current_user),
        q=request.args.get("q"),
        profession=request.args.get("profession") or None,
        municipality=request.args.get("municipality") or None,
    )
    page = paginate(
        query.options(*queries.person_list_options()).order_by(Person.name, Person.id),
        per_page=50,
    )
    return render_template(
        "people/list.html",
        page=page,
        professions=queries.profession_choices(),
        municipalities=queries.municipality_choices(),
    )


@bp.get("/persons/<int:person_id>")
@login_required
def show_person(person_id: int):
    """A person's profile with memberships."""
    person = access.get_person_or_404(current_user, person_id)
    memberships = network_queries.memberships_of(person.id)
    networks = []
    if access.is_coordinator(current_user):
        ids = access.managed_network_ids(current_user)
        networks = db.session.scalars(
            select(Network).where(Network.id.in_(ids)).order_by(Network.name)
        ).all()
    return render_template(
        "people/show.html",
        person=person,
        memberships=memberships,
        networks=networks,
        can_edit=access.can_edit_person(current_user, person),
        can_manage=access.can_manage_person(current_user, person),
    )


@bp.route("/persons/new", methods=["GET", "POST"])
@login_required
def new_person():
    """Coordinators register a new person."""
    if not access.is_coordinator(current_user):
        abort(403)
    form = PersonForm()
    managed = access.managed_network_ids(current_user)
    # "Registrer ny person" from a network's members page comes with ?network=<slug>.
    preselected = db.session.scalar(
        select(Network).where(
            Network.slug == (request.args.get("network") or "")[:100], Network.id.in_(managed)
        )
    )
    _choices(form)
    # No profession is chosen for her (the first in the alphabet was, silently).
    form.profession.choices = [("", _("— velg yrke —")), *form.profession.choices]
    if preselected is not None and preselected.region_id is not None:
        form.municipality.choices = queries.municipality_choices(preselected.region_id)

    def create() -> Person:
        network_id = int_arg("network", request.form)
        chosen = network_id and network_id in access.managed_network_ids(current_user)
        person = operations.create_person(
            form.data_for_operation(include_consent=False),
            home_network_id=network_id if chosen else access.home_network_id(current_user),
        )
        if chosen:
            add_membership(
                db.session.get(Network, network_id),
                person,
                form.membership_start.data or today_oslo(),
            )
        return person

    if form.validate_on_submit():
        outcome = writes.run(create, form=form)
        if outcome.ok:
            flash(_("%(name)s er registrert.", name=outcome.value.name), "success")
            return redirect(url_for("people.show_person", person_id=outcome.value.id))
    networks = db.session.scalars(
        select(Network)
        .where(Network.id.in_(access.managed_network_ids(current_user)))
        .order_by(Network.name)
    ).all()
    return render_template(
        "people/form.html",
        form=form,
        person=None,
        networks=networks,
        preselected_id=preselected.id if preselected is not None else None,
    )


@bp.route("/persons/<int:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit_person(person_id: int):
    """Edit a person; a stale form is refused, not overwritten."""
    person = access.get_person_or_404(current_user, person_id)
    if not access.can_edit_person(current_user, person):
        abort(403)
    own = current_user.person_id == person.id
    manage = access.can_manage_person(current_user, person)
    form = PersonForm(obj=person if request.method == "GET" else None)
    _choices(form)
    if not manage:
        # Profession, further education and specialist approval are shown, not posted.
        form.profession.data = person.profession.key
    if request.method == "GET":
        form.profession.data = person.profession.key
        form.workplace.data = person.workplace.name if person.workplace else ""
        municipality = person.own_municipality or (
            person.workplace.municipality if person.workplace else None
        )
        form.municipality.data = municipality.number if municipality else ""
        form.leader_email.data = person.leader.email if person.leader else ""
        form.version.data = str(person.version)

    def update() -> None:
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        data = form.data_for_operation(include_consent=own, include_managed=manage)
        operations.update_person(person, data, version=version)

    if form.validate_on_submit() and writes.run(update, form=form).ok:
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for("people.show_person", person_id=person.id))
    return render_template(
        "people/form.html", form=form, person=person, own=own, manage=manage, networks=[]
    )


@bp.get("/register")
def public_register():
    """The public register of resource persons who consented (no sign-in needed); for
    visitors by ETag over the register's revision (persons, memberships, places, networks)."""
    return public_page(network_queries.REGISTER_REVISION, _render_register)


def _render_register() -> str:
    network = int_arg("network")
    page = paginate(
        network_queries.public_register(
            municipality=request.args.get("municipality") or None,
            profession=request.args.get("profession") or None,
            network=network,
        ),
        per_page=50,
    )
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    return render_template(
        "people/register.html",
        page=page,
        networks=networks,
        professions=queries.profession_choices(),
        municipalities=queries.municipality_choices(),
    )
