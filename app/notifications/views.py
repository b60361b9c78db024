"""Notification pages: "Mine varsler" (the user's own kinds on/off), the signed one-click
unsubscribe link (no sign-in) and the admin's outbox (queued, sent, failed; resend)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core import access, writes
from app.core.forms import FlaskForm
from app.core.models import OutboxMessage
from app.extensions import csrf, db
from app.notifications import messages, operations, queries, rules
from app.notifications.forms import PreferencesForm

bp = Blueprint("notifications", __name__, template_folder="templates")

STATUSES = ("queued", "sending", "sent", "failed")


def _own_addresses() -> list[str]:
    emails = [current_user.email]
    if current_user.person is not None:
        emails.append(current_user.person.email)
    return list(dict.fromkeys(e.lower() for e in emails if e))


@bp.route("/varsler", methods=["GET", "POST"])
@login_required
def preferences():
    """Mine varsler: each kind of notification on or off."""
    emails = _own_addresses()
    state = queries.preferences_for(emails)
    form = PreferencesForm(data=state if request.method == "GET" else None)
    if form.validate_on_submit():
        chosen = {kind: bool(getattr(form, kind).data) for kind in rules.KINDS}
        if writes.run(lambda: operations.set_preferences(emails, chosen), form=form).ok:
            flash(_("Varslene dine er lagret."), "success")
            return redirect(url_for("notifications.preferences"))
    return render_template("notifications/preferences.html", form=form, emails=emails)


@bp.route("/varsler/av/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token is the proof; mail clients' One-Click POST has no CSRF token
def unsubscribe(token: str):
    """GET: a button to turn that kind off; POST (also RFC 8058 One-Click): turn it off."""
    read = messages.read_unsubscribe_token(token)
    if read is None:
        abort(404)
    email, kind = read
    if request.method == "POST":
        writes.run(lambda: operations.set_preference(email, kind, False))
        return render_template(
            "notifications/unsubscribed.html", email=email, kind=messages.kind_label(kind)
        )
    return render_template(
        "notifications/unsubscribe.html", email=email, kind=messages.kind_label(kind), token=token
    )


def _admin_only() -> None:
    if not access.is_admin(current_user):
        abort(404)


@bp.get("/admin/outbox")
@login_required
def outbox():
    """The outbox, newest first: queued, sent and failed messages."""
    _admin_only()
    status = request.args.get("status")
    if status not in STATUSES:
        status = None
    page = request.args.get("page", 1, type=int) or 1
    rows = queries.outbox_page(status, max(page, 1))
    return render_template(
        "notifications/outbox.html", rows=rows, status=status, statuses=STATUSES, page=page
    )


@bp.route("/admin/outbox/<int:message_id>/resend", methods=["GET", "POST"])
@login_required
def resend(message_id: int):
    """GET: confirm; POST: queue the message again (delivered at once without a worker)."""
    _admin_only()
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    form = FlaskForm()
    if form.validate_on_submit():
        if writes.run(lambda: operations.resend(message)).ok:
            flash(_("Meldingen er lagt i kø for ny sending."), "success")
        return redirect(url_for("notifications.outbox"))
    return render_template("notifications/resend.html", message=message, form=form)
