"""Network pages: list, members (add, end, reopen), municipalities without coverage."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from app.core import access, writes
from app.core.confirm import confirm
from app.core.pagination import paginate
from app.core.types import today_oslo
from app.extensions import db
from app.networks import operations, queries
from app.networks.models import Membership, MembershipRole, Network
from app.people import queries as people_queries
from app.people.models import Person

bp = Blueprint("networks", __name__)


@bp.get("/networks")
def list_networks():
    """All networks (public)."""
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    return render_template("networks/list.html", networks=networks)


@bp.get("/networks/<slug>")
def show_network(slug: str):
    """A network: description, plan, calendar; members for those who manage it."""
    network = access.get_network_or_404(slug)
    today = today_oslo()
    manage = access.can_manage_network(current_user, network)
    page = None
    state = request.args.get("state", "active")
    if state not in {"active", "ended", "all"}:
        state = "active"
    if manage:
        page = paginate(
            queries.members_query(
                network,
                state=state,
                on=today,
                q=request.args.get("q"),
                profession=request.args.get("profession") or None,
                municipality=request.args.get("municipality") or None,
                workplace=request.args.get("workplace") or None,
            ),
            per_page=50,
        )
    active_count = db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.network_id == network.id,
            Membership.active_on(today),
        )
    )
    return render_template(
        "networks/show.html",
        network=network,
        manage=manage,
        page=page,
        state=state,
        active_count=active_count,
        today=today,
        professions=[(p.key, p.name_nb) for p in network.professions] if manage else [],
        member_roles=MembershipRole.choices(),
        municipalities=people_queries.municipality_choices(network.region_id) if manage else [],
    )


@bp.post("/networks/<slug>/members")
@login_required
def add_member(slug: str):
    """Add a person (by e-mail) to the network from a start date."""
    network = access.get_managed_network_or_404(current_user, slug)
    email = (request.form.get("email") or "").strip().lower()
    person = db.session.scalar(select(Person).where(func.lower(Person.email) == email))
    back = url_for("networks.show_network", slug=slug)
    if person is None or not access.can_manage_person(current_user, person):
        flash(_("Fant ingen person med e-posten %(email)s.", email=email), "error")
        return redirect(back)
    outcome = writes.run(
        lambda: operations.add_membership(
            network,
            person,
            request.form.get("start") or today_oslo(),
            None,
            request.form.get("role") or None,
        )
    )
    if outcome.ok:
        flash(_("%(name)s er lagt til i nettverket.", name=person.name), "success")
    return redirect(back)


def _managed_membership(membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or not access.can_manage_network(current_user, membership.network):
        abort(404)
    return membership


def _end_question(membership_id: int) -> str:
    membership = _managed_membership(membership_id)
    return _(
        "Avslutte medlemskapet til %(name)s i %(network)s? Det kan gjenåpnes etterpå.",
        name=membership.person.name,
        network=membership.network.name,
    )


@bp.post("/memberships/<int:membership_id>/end")
@login_required
@confirm(_end_question, lambda **_kw: _("Avslutt medlemskapet"))
def end_member(membership_id: int):
    """End a membership (history is kept)."""
    membership = _managed_membership(membership_id)
    if writes.run(
        lambda: operations.end_membership(membership, request.form.get("end") or today_oslo())
    ).ok:
        flash(
            _(
                "Medlemskapet til %(name)s er avsluttet. Angre med «Gjenåpne».",
                name=membership.person.name,
            ),
            "success",
        )
    return redirect(url_for("networks.show_network", slug=membership.network.slug))


@bp.post("/memberships/<int:membership_id>/reopen")
@login_required
def reopen_member(membership_id: int):
    """Undo an ended membership."""
    membership = _managed_membership(membership_id)
    if writes.run(lambda: operations.reopen_membership(membership)).ok:
        flash(_("Medlemskapet er gjenåpnet."), "success")
    return redirect(url_for("networks.show_network", slug=membership.network.slug, state="all"))


@bp.get("/networks/<slug>/uncovered")
@login_required
def uncovered(slug: str):
    """Municipalities in the network's area that have no active resource person."""
    network = access.get_managed_network_or_404(current_user, slug)
    municipalities = queries.uncovered_municipalities(network, today_oslo())
    return render_template(
        "networks/uncovered.html", network=network, municipalities=municipalities
    )
