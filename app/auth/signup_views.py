"""Sign-up pages: the public form (/registrer-deg) and the coordinators' requests page."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.auth import signups
from app.auth.forms import DeclineForm, SignupForm
from app.auth.models import SignupRequest
from app.auth.views import bp
from app.core import access, writes
from app.extensions import db, limiter
from app.networks.models import Network
from app.people import queries as people_queries


def _signup_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _signup_choices(form: SignupForm) -> None:
    form.profession.choices = [("", "—")] + people_queries.profession_choices()
    form.municipality.choices = people_queries.municipality_choices()
    form.network.choices = [("", "—")] + [
        (n.slug, n.name) for n in db.session.scalars(select(Network).order_by(Network.name))
    ]


@bp.route("/registrer-deg", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def signup():
    """Ask to join a network; the answer is the same whether the e-mail is known or not."""
    form = SignupForm()
    _signup_choices(form)
    if form.validate_on_submit():
        data = {
            k: form[k].data
            for k in (
                "name",
                "email",
                "profession",
                "workplace",
                "municipality",
                "network",
                "leader_email",
            )
        }
        locale = str(get_locale() or "nb")
        if writes.run(lambda: signups.create_request(data, locale=locale), form=form).ok:
            return redirect(url_for("auth.signup_sent"))
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("auth/signup.html", form=form), status


@bp.get("/registrer-deg/sendt")
def signup_sent():
    """The same answer for everyone who asked."""
    return render_template("auth/signup_sent.html")


def _managed_request(request_id: int) -> SignupRequest:
    found = db.session.get(SignupRequest, request_id)
    if found is None or not access.can_manage_network(current_user, found.network):
        abort(404)
    return found


@bp.get("/registreringer")
@login_required
def signup_requests():
    """Pending sign-up requests to the networks this user coordinates."""
    if not access.is_coordinator(current_user):
        abort(404)
    pending = signups.pending_for(current_user, access.managed_network_ids(current_user))
    return render_template(
        "auth/signup_requests.html",
        pending=pending,
        professions=dict(people_queries.profession_choices()),
        municipalities=dict(people_queries.municipality_choices()),
    )


@bp.post("/registreringer/<int:request_id>/approve")
@login_required
def approve_signup(request_id: int):
    """Approve: person, membership and invitation in one step."""
    found = _managed_request(request_id)
    outcome = writes.run(lambda: signups.approve(found, current_user))
    if outcome.ok:
        flash(
            _("%(name)s er godkjent og har fått en e-post.", name=found.name),
            "success",
        )
    return redirect(url_for("auth.signup_requests"))


@bp.route("/registreringer/<int:request_id>/decline", methods=["GET", "POST"])
@login_required
def decline_signup(request_id: int):
    """Decline with a reason (required), which the applicant is told."""
    found = _managed_request(request_id)
    form = DeclineForm()
    if form.validate_on_submit():
        outcome = writes.run(
            lambda: signups.decline(found, current_user, form.reason.data), form=form
        )
        if outcome.ok:
            flash(_("Forespørselen fra %(name)s er avslått.", name=found.name), "success")
            return redirect(url_for("auth.signup_requests"))
    status = 200 if request.method == "GET" or not form.errors else 422
    return render_template("auth/signup_decline.html", form=form, found=found), status


@bp.app_template_global()
def auth_dashboard() -> dict:
    """Data for auth/_dashboard.html: how many sign-up requests wait for this coordinator."""
    if not access.is_coordinator(current_user):
        return {"count": 0, "oldest": []}
    count, oldest = signups.pending_glance(access.managed_network_ids(current_user), shown=5)
    return {"count": count, "oldest": oldest}
