"""Excel reports.

- ``/reports``: the downloads this user may use;
- ``/reports/overview.xlsx``: the competence overview (session or bearer token);
- ``/reports/municipality/<number>``: a municipality's page with its overview;
- ``/networks/<slug>/members/export.xlsx`` (POST): the overview of the members chosen in the
  members table.

The member import pages are in :mod:`app.networks.import_views`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale, get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access
from app.core.types import today_oslo
from app.core.xlsx import XLSX_MIMETYPE
from app.extensions import db
from app.networks.models import Membership, Network
from app.people.models import Person
from app.privacy.access_log import record_access
from app.reports import queries
from app.reports.overview import Scope, build_overview, overview_filename, scope_person_ids

bp = Blueprint("reports", __name__)


def _require_login():
    """A session or a bearer token; a bad token is a 401, a browser goes to the login page."""
    if current_user.is_authenticated:
        return None
    if request.headers.get("Authorization"):
        abort(401)
    from flask import current_app

    return current_app.login_manager.unauthorized()


def _as_of() -> dt.date:
    raw = request.args.get("on")
    if not raw:
        return today_oslo()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        abort(400)


# --------------------------------------------------------------------------- overview


@bp.get("/reports")
@login_required
def index():
    """The reports and imports this user may use."""
    if not access.can_see_overviews(current_user):
        abort(403)
    managed = []
    ids = access.managed_network_ids(current_user)
    if ids:
        managed = db.session.scalars(
            select(Network).where(Network.id.in_(ids)).order_by(Network.name)
        ).all()
    has_staff = current_user.person_id is not None and (
        db.session.scalar(select(Person.id).where(Person.leader_id == current_user.person_id))
        is not None
    )
    return render_template(
        "reports/index.html", managed=managed, has_staff=has_staff, today=today_oslo()
    )


def _browser_asks_for_a_page() -> bool:
    """A browser following a link (it accepts HTML), not a program with a token."""
    return not request.authorization and "text/html" in request.headers.get("Accept", "")


def _workbook_language() -> str:
    """The reader's language for a person signed in; bokmål for a program with a token (the
    file such programs read has always been bokmål, whatever its user chose for the pages)."""
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        return "nb"
    return str(get_locale() or "nb")


@bp.get("/reports/overview.xlsx")
def overview():
    """The competence overview workbook for a network, a leader's staff, a place."""
    denied = _require_login()
    if denied is not None:
        return denied
    as_of = _as_of()
    language = _workbook_language()
    with force_locale(language):  # the scope's description is written in the file too
        scope = _scope(as_of)
    if _browser_asks_for_a_page() and not scope_person_ids(scope):
        # A person clicking a link expects to be told; a program still gets the (empty) file.
        message = _("Ingen personer i utvalget (%(s)s), så det er ingen fil å laste ned.")
        flash(message % {"s": scope.description}, "info")
        return redirect(url_for("reports.index"))
    name = (
        request.args.get("network")
        or ("mine-ansatte" if request.args.get("leader") else None)
        or request.args.get("municipality")
        or request.args.get("workplace")
        or "utvalg"
    )
    return _overview_download(scope, as_of, language, name)


def _overview_download(scope: Scope, as_of: dt.date, language: str, name: str):
    """The overview workbook of a scope as a download, logged as the reports' downloads are."""
    file = build_overview(scope, as_of, made_by=current_user.email, language=language)
    record_access("report.overview_download", None, scope=scope.description, on=as_of)
    response = send_file(
        file,
        mimetype=XLSX_MIMETYPE,
        as_attachment=True,
        download_name=overview_filename(name, as_of),
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/networks/<slug>/members/export.xlsx")
@login_required
def export_members(slug: str):
    """The competence overview of the members chosen in the members table ("Eksporter
    valgte"): the network's plan, for today, in the reader's language."""
    network = access.get_managed_network_or_404(current_user, slug)
    chosen = sorted(
        {int(v) for v in request.form.getlist("membership_id") if v.isdigit() and len(v) < 12}
    )
    person_ids = sorted(
        set(
            db.session.scalars(
                select(Membership.person_id).where(
                    Membership.id.in_(chosen[:5000]), Membership.network_id == network.id
                )
            )
        )
    )
    if not person_ids:
        flash(_("Velg minst ett medlem å eksportere."), "error")
        return redirect(url_for("networks.members", slug=slug))
    as_of = today_oslo()
    language = str(get_locale() or "nb")
    with force_locale(language):
        description = ngettext(
            "%(num)d valgt medlem i %(network)s",
            "%(num)d valgte medlemmer i %(network)s",
            len(person_ids),
            network=network.name,
        )
    scope = Scope(description, person_ids, [network.id])
    return _overview_download(scope, as_of, language, f"{network.slug}-utvalg")


def _scope(as_of: dt.date) -> Scope:
    """Whom the overview the query string asks for covers."""
    return queries.resolve_scope(
        current_user,
        as_of,
        network=request.args.get("network") or None,
        leader=request.args.get("leader") or None,
        municipality=request.args.get("municipality") or None,
        workplace=request.args.get("workplace") or None,
    )


@bp.get("/reports/municipality/<number>")
@login_required
def municipality(number: str):
    """A municipality: its resource persons in the user's scope, and the overview download."""
    if not access.can_see_overviews(current_user):
        abort(403)
    found = queries.find_municipality(number)
    if found is None:
        abort(404)
    today = today_oslo()
    scope = queries.resolve_scope(current_user, today, municipality=found.number)
    ids = scope_person_ids(scope)
    persons = []
    if ids:
        persons = db.session.scalars(
            select(Person)
            .where(Person.id.in_(ids[:500]))
            .options(*_person_options())
            .order_by(Person.name)
        ).all()
    return render_template(
        "reports/municipality.html",
        municipality=found,
        persons=persons,
        total=len(ids),
        today=today,
    )


def _person_options():
    from app.people.queries import person_list_options

    return person_list_options()


#: more managed networks than this, and the dashboard links to the reports page instead
ALL_REPORTS_FROM = 20


@bp.app_template_global()
def report_downloads(
    user, leads: bool | None = None, networks: Sequence[Network] | None = None
) -> list[tuple[str, str]]:
    """(label, URL) of the overviews this user may download, for the dashboard (``leads``:
    whether her person leads anyone, ``networks``: the ones she manages by name, when the
    page knows them already)."""
    if not access.can_see_overviews(user):
        return []
    links: list[tuple[str, str]] = []
    if leads is None:
        leads = user.person_id is not None and bool(
            db.session.scalar(select(Person.id).where(Person.leader_id == user.person_id))
        )
    if leads:
        links.append(
            (_("Kompetanseoversikt for mine ansatte"), url_for("reports.overview", leader="me"))
        )
    if networks is None:
        ids = access.managed_network_ids(user)
        if len(ids) > ALL_REPORTS_FROM:
            return [*links, (_("Alle rapporter"), url_for("reports.index"))]
        networks = (
            db.session.scalars(
                select(Network).where(Network.id.in_(ids)).order_by(Network.name)
            ).all()
            if ids
            else []
        )
    if len(networks) > ALL_REPORTS_FROM:
        return [*links, (_("Alle rapporter"), url_for("reports.index"))]
    for network in networks:
        links.append(
            (
                _("Kompetanseoversikt: %(n)s", n=network.name),
                url_for("reports.overview", network=network.slug),
            )
        )
    return links
