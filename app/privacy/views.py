"""Privacy pages: the privacy statement, a person's data (page and download), anonymising,
and the coordinators' list of who the retention run takes next."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core import access, writes
from app.core.confirm import confirm
from app.core.templating import format_date
from app.core.types import today_oslo, utcnow
from app.extensions import db
from app.people.models import Person
from app.privacy import export, operations, queries, sections
from app.privacy.access_log import record_access
from app.privacy.forms import HoldForm

bp = Blueprint("privacy", __name__)

#: how far ahead the retention page looks
COMING_DAYS = 30


@bp.get("/personvern")
def statement():
    """Personvernerklæring: what is stored, why, for how long, whom to ask (public)."""
    return render_template("privacy/statement.html", retention_years=operations.retention_years())


def _exportable(person_id: int) -> Person:
    person = access.get_person_or_404(current_user, person_id)
    if not access.can_export_person(current_user, person):
        abort(404)
    return person


@bp.get("/persons/<int:person_id>/export")
@login_required
def export_page(person_id: int):
    """Everything stored about the person, as a readable, printable page."""
    person = _exportable(person_id)
    data = export.build_export(person, on=utcnow())
    page = sections.sections(data)
    record_access("privacy.export", person, format="html")
    return render_template(
        "privacy/export.html",
        person=person,
        data=data,
        sections=page,
        moment=sections.moment,
    )


@bp.get("/persons/<int:person_id>/export.json")
@login_required
def export_download(person_id: int):
    """The same as a JSON file to keep."""
    person = _exportable(person_id)
    data = export.build_export(person, on=utcnow())
    record_access("privacy.export", person, format="json")
    body = json.dumps(data, ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    name = f"mine-data-{person.id}-{today_oslo().isoformat()}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _anonymise_question(person_id: int) -> str:
    person = access.get_person_or_404(current_user, person_id)
    if not access.can_anonymise_person(current_user, person):
        abort(404)
    return _(
        "%(name)s (%(email)s) anonymiseres for godt: navn, e-post, telefon, HPR-nummer, "
        "notater og fritekst slettes, og kontoen avsluttes. Påmeldinger, oppmøte og "
        "fullføringer blir stående uten navn. Dette kan ikke angres.",
        name=person.name,
        email=person.email,
    )


@bp.post("/persons/<int:person_id>/anonymise")
@login_required
@confirm(_anonymise_question, lambda **_kw: _("Anonymiser personen"))
def anonymise(person_id: int):
    """Anonymise a person for good (admins), once confirmed."""
    person = access.get_person_or_404(current_user, person_id)
    if not access.can_anonymise_person(current_user, person):
        abort(404)
    if writes.run(lambda: operations.anonymise(person, by=current_user)).ok:
        flash(_("Personen er anonymisert."), "success")
    return redirect(url_for("people.show_person", person_id=person.id))


def _coming():
    scope = access.managed_persons_clause(current_user)
    return queries.coming(today_oslo(), operations.retention_years(), COMING_DAYS, scope)


@bp.get("/retention")
@login_required
def retention():
    """Who the retention run will anonymise in the next 30 days (coordinators, admins)."""
    if not access.can_review_retention(current_user):
        abort(404)
    return render_template(
        "privacy/retention.html",
        rows=_coming(),
        days=COMING_DAYS,
        years=operations.retention_years(),
        form=HoldForm(),
    )


@bp.post("/retention/<int:person_id>/hold")
@login_required
def hold(person_id: int):
    """Keep a person for a year past the retention period, with a reason."""
    if not access.can_review_retention(current_user):
        abort(404)
    person = db.session.get(Person, person_id)
    if person is None or not access.can_manage_person(current_user, person):
        abort(404)
    form = HoldForm()
    if form.validate_on_submit():
        outcome = writes.run(
            lambda: operations.hold(person, form.reason.data, by=current_user), form=form
        )
        if outcome.ok:
            flash(
                _(
                    "%(name)s beholdes til %(day)s.",
                    name=person.name,
                    day=format_date(outcome.value.until),
                ),
                "success",
            )
            return redirect(url_for("privacy.retention"))
    return (
        render_template(
            "privacy/retention.html",
            rows=_coming(),
            days=COMING_DAYS,
            years=operations.retention_years(),
            form=form,
            failed_id=person.id,
        ),
        422,
    )
