"""Hospitation pages: the networks' site lists (public), plans, confirmations, overviews."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth.models import User
from app.core import access, writes
from app.core.conditional import send_conditional
from app.core.templating import format_date, status_label
from app.core.types import today_oslo
from app.core.xlsx import XLSX_MIMETYPE, Sheet, generate_xlsx
from app.extensions import db
from app.hospitation import links, operations, queries, rules
from app.hospitation.forms import CompleteForm, HospitationForm, SiteForm
from app.hospitation.models import Hospitation, HospitationSite, HospitationStatus
from app.people.models import Person, ServiceLevel
from app.people.queries import municipality_choices, profession_choices

bp = Blueprint("hospitation", __name__)


# --- template globals for the partials ------------------------------------------------------


@bp.app_template_global()
def person_hospitations(person: Person) -> list[Hospitation]:
    """The person's hospitations, for templates/hospitation/_person.html."""
    return queries.person_hospitations(person)


@bp.app_template_global()
def open_hospitation_lines(person: Person) -> list[tuple[int, str, str, str]]:
    """The person's planned and confirmed hospitations as (id, where, start, status) in
    words, for templates/hospitation/_dashboard.html."""
    return [
        (hid, where, format_date(start), status_label(status))
        for hid, where, start, status in queries.open_hospitations(person.id)
    ]


@bp.app_template_global()
def hospitation_site_count(network) -> int:
    """The number of active sites in the network's hospitation plan."""
    return queries.count_sites(network)


# --- sites (public list, export, coordinator edits) -----------------------------------------


@bp.get("/hospitation")
def list_sites():
    """Every network's hospitation plan: pick a network."""
    slug = request.args.get("network")
    if slug:
        network = access.get_network_or_404(slug)
        return redirect(url_for("hospitation.network_sites", slug=network.slug))
    return render_template("hospitation/index.html", networks=queries.network_site_counts())


def _site_filters() -> dict:
    level = request.args.get("level") or None
    profession = request.args.get("profession") or None
    return {"level": level, "profession": profession}


@bp.get("/networks/<slug>/hospitation-sites")
def network_sites(slug: str):
    """The network's hospitation plan, filtered by service level and profession (public)."""
    network = access.get_network_or_404(slug)
    manage = access.can_manage_network(current_user, network)
    filters = _site_filters()
    sites = queries.list_sites(network, include_inactive=manage, **filters)
    return render_template(
        "hospitation/sites.html",
        network=network,
        sites=sites,
        manage=manage,
        filters=filters,
        professions=profession_choices(),
        service_levels=ServiceLevel,
    )


@bp.get("/networks/<slug>/hospitation-sites/sites.xlsx")
@bp.get("/networks/<slug>/hospitation-sites.xlsx")
def sites_xlsx(slug: str):
    """The network's active hospitation sites as an Excel workbook (same filters)."""
    network = access.get_network_or_404(slug)
    headers, rows = queries.site_sheet_rows(queries.list_sites(network, **_site_filters()))
    body = generate_xlsx([Sheet(_("Hospiteringssteder"), headers, rows)])
    return send_conditional(
        body, XLSX_MIMETYPE, filename=f"hospiteringssteder-{network.slug}.xlsx", max_age=0
    )


def _site_choices(form: SiteForm) -> None:
    form.set_choices(municipality_choices(), profession_choices())


@bp.route("/networks/<slug>/hospitation-sites/new", methods=["GET", "POST"])
@login_required
def new_site(slug: str):
    """A coordinator adds a site to the network's hospitation plan."""
    network = access.get_managed_network_or_404(current_user, slug)
    form = SiteForm()
    _site_choices(form)
    if form.validate_on_submit():
        outcome = writes.run(
            lambda: operations.create_site(network, form.data_for_operation()), form=form
        )
        if outcome.ok:
            flash(_("%(name)s er lagt til.", name=outcome.value.name), "success")
            return redirect(url_for("hospitation.network_sites", slug=network.slug))
    return render_template("hospitation/site_form.html", form=form, network=network, site=None)


def _managed_site(site_id: int) -> HospitationSite:
    site = db.session.get(HospitationSite, site_id)
    if site is None or not access.can_manage_network(current_user, site.network):
        abort(404)
    return site


@bp.route("/hospitation-sites/<int:site_id>/edit", methods=["GET", "POST"])
@login_required
def edit_site(site_id: int):
    """A coordinator edits a site."""
    site = _managed_site(site_id)
    form = SiteForm(obj=site if request.method == "GET" else None)
    _site_choices(form)
    if request.method == "GET":
        form.service_level.data = site.service_level.value
        form.workplace.data = site.workplace.name if site.workplace else ""
        form.municipality.data = site.municipality.number if site.municipality else ""
        form.professions.data = [p.key for p in site.professions]
    if (
        form.validate_on_submit()
        and writes.run(
            lambda: operations.update_site(site, form.data_for_operation()), form=form
        ).ok
    ):
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for("hospitation.network_sites", slug=site.network.slug))
    return render_template("hospitation/site_form.html", form=form, network=site.network, site=site)


@bp.post("/hospitation-sites/<int:site_id>/active")
@login_required
def set_site_active(site_id: int):
    """Deactivate a site (or take it back into the list)."""
    site = _managed_site(site_id)
    active = request.form.get("active") == "1"
    if writes.run(lambda: operations.set_site_active(site, active)).ok:
        if active:
            flash(_("%(name)s er tilbake i lista.", name=site.name), "success")
        else:
            flash(_("%(name)s er tatt ut av lista.", name=site.name), "success")
    return redirect(url_for("hospitation.network_sites", slug=site.network.slug))


# --- hospitations -----------------------------------------------------------------------------


def _hospitation_choices(form: HospitationForm, person: Person, current=None) -> None:
    sites = queries.site_choices(person, current)
    form.site_id.choices = [("", _("— Ikke i lista, skriv stedet under —"))] + [
        (str(s.id), f"{s.name} ({s.network.name})") for s in sites
    ]


@bp.route("/persons/<int:person_id>/hospitations/new", methods=["GET", "POST"])
@login_required
def new_hospitation(person_id: int):
    """Plan a hospitation: a site (or another place), dates, days and her own goals."""
    person = access.get_person_or_404(current_user, person_id)
    if operations.actor_for(current_user, person) is None:
        abort(403)
    form = HospitationForm()
    _hospitation_choices(form, person)
    if request.method == "GET" and request.args.get("site"):
        form.site_id.data = request.args["site"]
    if form.validate_on_submit():
        outcome = writes.run(
            lambda: operations.create_hospitation(
                person, form.data_for_operation(), today=today_oslo()
            ),
            form=form,
        )
        if outcome.ok:
            h = outcome.value
            # Mailed only once the hospitation is saved: the link must lead somewhere; the
            # second commit keeps the "request sent" entry in the history.
            sent = (
                form.notify_site.data
                and writes.run(lambda: links.send_confirmation_request(h)).value
            )
            flash(_("Hospiteringen er planlagt."), "success")
            if form.notify_site.data:
                if sent:
                    flash(_("Kontaktpersonen har fått en e-post med lenke for å bekrefte."), "info")
                else:
                    flash(_("Fikk ikke sendt e-post til kontaktpersonen."), "error")
            return redirect(url_for("hospitation.show_hospitation", hospitation_id=h.id))
    return render_template("hospitation/form.html", form=form, person=person, hospitation=None)


def _visible(hospitation_id: int) -> Hospitation:
    h = db.session.get(Hospitation, hospitation_id)
    if h is None or not access.can_see_person(current_user, h.person):
        abort(404)
    return h


def _editable(hospitation_id: int) -> tuple[Hospitation, str]:
    h = _visible(hospitation_id)
    actor = operations.actor_for(current_user, h.person)
    if actor is None:
        abort(403)
    return h, actor


@bp.get("/hospitations/<int:hospitation_id>")
@login_required
def show_hospitation(hospitation_id: int):
    """A hospitation with its log and the actions the user may take."""
    h = _visible(hospitation_id)
    actor = operations.actor_for(current_user, h.person)
    today = today_oslo()
    actions = rules.allowed_targets(h, today=today, actor=actor) if actor else []
    complete_form = CompleteForm(formdata=None)
    complete_form.end.data = h.end
    complete_form.reflection.data = h.reflection
    user_ids = {e.by_user_id for e in h.events if e.by_user_id}
    users = dict(db.session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())
    return render_template(
        "hospitation/show.html",
        h=h,
        users=users,
        actor=actor,
        actions=actions,
        complete_form=complete_form,
        can_complete_later=(
            actor in ("person", "coordinator")
            and h.status is HospitationStatus.confirmed
            and rules.COMPLETED not in actions
        ),
    )


@bp.route("/hospitations/<int:hospitation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_hospitation(hospitation_id: int):
    """Change a hospitation's details; a stale form is refused, not overwritten."""
    h, actor = _editable(hospitation_id)
    form = HospitationForm(obj=h if request.method == "GET" else None)
    _hospitation_choices(form, h.person, h.site)
    if request.method == "GET":
        form.site_id.data = str(h.site_id) if h.site_id else ""
        form.version.data = str(h.version)
    if form.validate_on_submit():
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        outcome = writes.run(
            lambda: operations.update_hospitation(
                h, form.data_for_operation(), today=today_oslo(), actor=actor, version=version
            ),
            form=form,
        )
        if outcome.ok:
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for("hospitation.show_hospitation", hospitation_id=h.id))
    return render_template("hospitation/form.html", form=form, person=h.person, hospitation=h)


@bp.post("/hospitations/<int:hospitation_id>/status")
@login_required
def set_status(hospitation_id: int):
    """Confirm, complete (with end date and reflection) or cancel."""
    h, actor = _editable(hospitation_id)
    target = request.form.get("to", "")
    back = url_for("hospitation.show_hospitation", hospitation_id=h.id)
    if target not in rules.STATES or not rules.may_act(actor, target):
        abort(403)
    form = CompleteForm() if target == rules.COMPLETED else None
    if form is not None and not form.validate():
        for field in form:
            for message in field.errors:
                flash(f"{field.label.text}: {message}", "error")
        return redirect(back)

    def change() -> None:
        if form is not None:
            if form.end.data != h.end:
                operations.update_hospitation(
                    h, {"end": form.end.data}, today=today_oslo(), actor=actor
                )
            operations.change_status(
                h, target, today=today_oslo(), actor=actor, reflection=form.reflection.data
            )
        else:
            operations.change_status(h, target, today=today_oslo(), actor=actor)

    if not writes.run(change).ok:
        return redirect(back)
    flash(
        {
            rules.CONFIRMED: _("Hospiteringen er bekreftet."),
            rules.COMPLETED: _("Hospiteringen er fullført. Takk for refleksjonen!"),
            rules.CANCELLED: _("Hospiteringen er avlyst."),
        }.get(target, _("Status er endret.")),
        "success",
    )
    return redirect(back)


@bp.post("/hospitations/<int:hospitation_id>/request")
@login_required
def send_request(hospitation_id: int):
    """(Re)send the site contact the e-mail with the confirmation link."""
    h, _actor = _editable(hospitation_id)
    if writes.run(lambda: links.send_confirmation_request(h)).value:
        flash(_("E-post med bekreftelseslenke er sendt til %(e)s.", e=h.site.email), "success")
    else:
        flash(_("Fikk ikke sendt e-post til kontaktpersonen."), "error")
    return redirect(url_for("hospitation.show_hospitation", hospitation_id=h.id))


@bp.route("/hospitations/<int:hospitation_id>/confirm/<token>", methods=["GET", "POST"])
def confirm_by_link(hospitation_id: int, token: str):
    """The site contact confirms from the e-mailed link, without an account.

    GET only shows the request (mail scanners open links); the button POSTs.
    """
    h = db.session.get(Hospitation, hospitation_id)
    if h is None:
        abort(404)
    problem = links.check_confirm_token(h, token)
    done = False
    if problem is None and h.status is not HospitationStatus.planned:
        problem = _(
            "Hospiteringen er ikke lenger til bekreftelse (status: %(s)s).",
            s=status_label(h.status),
        )
    if problem is None and request.method == "POST":
        outcome = writes.run(
            lambda: links.confirm_with_token(h, token, today=today_oslo()), on_error=writes.silent
        )
        problem = outcome.error.message if outcome.error else None
        done = outcome.ok
    status = 200 if problem is None else 400
    return (
        render_template(
            "hospitation/confirm_link.html", h=h, token=token, problem=problem, done=done
        ),
        status,
    )


@bp.get("/networks/<slug>/hospitations")
@login_required
def network_overview(slug: str):
    """The coordinator's view: planned, confirmed and completed hospitations; who has none."""
    network = access.get_managed_network_or_404(current_user, slug)
    overview = queries.network_overview(network, today_oslo())
    return render_template("hospitation/overview.html", network=network, overview=overview)
