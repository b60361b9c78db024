"""Network pages: list, overview, the members table (add, end one or many, undo, reopen),
municipalities without coverage."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import Date, bindparam, func, select

from app.core import access, writes
from app.core.batch import plain_rows
from app.core.confirm import CONFIRMED, ask, confirm
from app.core.pagination import page_arg
from app.core.types import today_oslo
from app.core.urls import is_safe_path
from app.extensions import db
from app.networks import members_table, operations, queries
from app.networks.card import network_card
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
    """A network: description, plan, calendar; for those who manage it, its pages."""
    network = network_card(slug)
    if network is None:
        abort(404)
    today = today_oslo()
    return render_template(
        "networks/show.html",
        network=network,
        manage=access.can_manage_network(current_user, network),
        active_count=_active_count(network, today),
        today=today,
    )


def _active_count(network: Network, today) -> int:
    return plain_rows(_ACTIVE_COUNT, {"network": network.id, "on": today}).scalar() or 0


_ACTIVE_COUNT = select(func.count(Membership.id)).where(
    Membership.network_id == bindparam("network"),
    Membership.active_on(bindparam("on", type_=Date)),
)


@bp.app_template_global()
def member_rows(items, statuses, accounts):
    """The members table's rows (members_table.rows_html)."""
    return members_table.rows_html(items, statuses, accounts)


def _ids(name: str) -> list[int]:
    return sorted({int(v) for v in request.form.getlist(name) if v.isdigit() and len(v) < 12})


@bp.get("/networks/<slug>/members")
@login_required
def members(slug: str):
    """The members table: status in the plan, filters, sorting, paging, select many."""
    network = access.get_managed_network_or_404(current_user, slug)
    today = today_oslo()
    state = request.args.get("state", "active")
    if state not in {"active", "ended", "all"}:
        state = "active"
    sort = request.args.get("sort", "name")
    if sort not in members_table.SORTS:
        sort = "name"
    page = members_table.members_page(
        network.id,
        state=state,
        on=today,
        q=request.args.get("q"),
        profession=request.args.get("profession") or None,
        municipality=request.args.get("municipality") or None,
        workplace=request.args.get("workplace") or None,
        sort=sort,
        page=page_arg(),
        per_page=50,
    )
    raw = request.args.get("ended", "")[:3000].split(",")
    ended = [int(v) for v in raw if v.isdigit() and len(v) < 12][:200]
    undo = (
        db.session.scalars(
            select(Membership).where(
                Membership.id.in_(ended),
                Membership.network_id == network.id,
                Membership.end.is_not(None),
            )
        ).all()
        if ended
        else []
    )
    return render_template(
        "networks/members.html",
        network=network,
        page=page,
        state=state,
        sort=sort,
        undo=undo,
        today=today,
        professions=[(p.key, p.label) for p in network.professions],
        member_roles=MembershipRole.choices(),
        municipalities=queries.region_municipality_choices(network.region_id),
    )


def _chosen_memberships(network: Network, *, open_only: bool) -> list[Membership]:
    ids = _ids("membership_id")
    if not ids:
        return []
    query = select(Membership).join(Membership.person).where(
        Membership.id.in_(ids), Membership.network_id == network.id
    )
    if open_only:
        query = query.where(Membership.end.is_(None))
    return list(db.session.scalars(query.order_by(Person.name)))


def _end_many_question(slug: str) -> str:
    network = access.get_managed_network_or_404(current_user, slug)
    chosen = _chosen_memberships(network, open_only=True)
    if not chosen:
        return _("Du har ikke valgt noen aktive medlemmer.")
    return ngettext(
        "Avslutte medlemskapet til %(num)d person i %(network)s (%(names)s)? "
        "Du kan angre etterpå.",
        "Avslutte medlemskapet til %(num)d personer i %(network)s (%(names)s)? "
        "Du kan angre etterpå.",
        len(chosen),
        network=network.name,
        names=", ".join(m.person.name for m in chosen),
    )


@bp.post("/networks/<slug>/memberships/end")
@login_required
@confirm(_end_many_question, lambda **_kw: _("Avslutt medlemskapene"))
def end_members(slug: str):
    """End the chosen memberships on one day; the next page offers to undo it."""
    network = access.get_managed_network_or_404(current_user, slug)
    chosen = _chosen_memberships(network, open_only=True)
    back = url_for("networks.members", slug=slug)
    if not chosen:
        flash(_("Velg minst ett aktivt medlem."), "error")
        return redirect(back)
    end = request.form.get("end") or today_oslo()
    if writes.run(lambda: [operations.end_membership(m, end) for m in chosen]).ok:
        # Back to the table as it was (filters, sorting, page), which says what was ended,
        # with the undo button.
        ended = ",".join(str(m.id) for m in chosen)
        page = request.form.get("back") or ""
        if not (is_safe_path(page) and page.startswith(back)):
            page = back
        return redirect(page + ("&" if "?" in page else "?") + f"ended={ended}")
    return redirect(back)


@bp.post("/networks/<slug>/memberships/reopen")
@login_required
def reopen_members(slug: str):
    """Undo ending the chosen memberships (the undo of "Avslutt valgte")."""
    network = access.get_managed_network_or_404(current_user, slug)
    chosen = [m for m in _chosen_memberships(network, open_only=False) if m.end is not None]
    if chosen and writes.run(lambda: [operations.reopen_membership(m) for m in chosen]).ok:
        flash(
            ngettext(
                "%(num)d medlemskap er gjenåpnet.", "%(num)d medlemskap er gjenåpnet.", len(chosen)
            ),
            "success",
        )
    return redirect(url_for("networks.members", slug=slug))


def _add_question(person: Person, network: Network) -> str:
    return _(
        "Legge %(name)s (%(email)s) til i %(network)s? Personen finnes allerede i registeret, "
        "kanskje i et annet nettverk.",
        name=person.name,
        email=person.email,
        network=network.name,
    )


@bp.post("/networks/<slug>/members")
@login_required
def add_member(slug: str):
    """Add a person (by her exact e-mail, from any network) to the network from a start date."""
    network = access.get_managed_network_or_404(current_user, slug)
    email = (request.form.get("email") or "").strip().lower()[:254]
    person = people_queries.person_by_email(email)
    back = url_for("networks.members", slug=slug)
    if person is None:
        flash(_("Fant ingen person med e-posten %(email)s.", email=email), "error")
        return redirect(back)
    if not access.can_manage_person(current_user, person) and request.form.get(CONFIRMED) != "yes":
        # Another network's member: added after a question that names her.
        return ask(_add_question(person, network), _("Legg til i nettverket"))
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
    return redirect(url_for("networks.members", slug=membership.network.slug))


@bp.post("/memberships/<int:membership_id>/reopen")
@login_required
def reopen_member(membership_id: int):
    """Undo an ended membership."""
    membership = _managed_membership(membership_id)
    if writes.run(lambda: operations.reopen_membership(membership)).ok:
        flash(_("Medlemskapet er gjenåpnet."), "success")
    return redirect(url_for("networks.members", slug=membership.network.slug, state="all"))


@bp.get("/networks/<slug>/uncovered")
@login_required
def uncovered(slug: str):
    """Municipalities in the network's area that have no active resource person."""
    network = access.get_managed_network_or_404(current_user, slug)
    municipalities = queries.uncovered_municipalities(network, today_oslo())
    return render_template(
        "networks/uncovered.html", network=network, municipalities=municipalities
    )
