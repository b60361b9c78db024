"""Front page, dashboard, language choice and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from app.core import access, writes
from app.core.pagination import paginate
from app.core.types import today_oslo
from app.core.urls import safe_next
from app.extensions import db
from app.networks.models import Membership, Network
from app.people.models import Person

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    """Signed-in users go to their dashboard; others see what is public."""
    if current_user.is_authenticated:
        return redirect(url_for("core.dashboard"))
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    return render_template("core/index.html", networks=networks)


@bp.get("/dashboard")
@login_required
def dashboard():
    """What this user needs to see first, by role."""
    user = current_user
    today = today_oslo()
    person = user.person
    memberships = []
    if person is not None:
        memberships = db.session.scalars(
            select(Membership)
            .where(Membership.person_id == person.id)
            .options(selectinload(Membership.network))
            .order_by(Membership.start.desc())
        ).all()
    staff = []
    if person is not None:
        staff = db.session.scalars(
            select(Person)
            .where(Person.leader_id == person.id)
            .options(selectinload(Person.profession), selectinload(Person.workplace))
            .order_by(Person.name)
        ).all()
    managed = []
    ids = access.managed_network_ids(user)
    if ids:
        managed = db.session.scalars(
            select(Network).where(Network.id.in_(ids)).order_by(Network.name)
        ).all()
    return render_template(
        "core/dashboard.html",
        person=person,
        memberships=memberships,
        staff=staff,
        managed=managed,
        today=today,
    )


@bp.get("/lang/<code>")
def set_language(code: str):
    """Switch the interface language (nb or en) and go back."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            writes.run(lambda: setattr(current_user, "locale", code))
    return redirect(safe_next(request.args.get("next"), url_for("core.index")))


@bp.get("/healthz")
def healthz():
    """Liveness and database check for load balancers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        db.session.rollback()
        return {"status": "error", "database": "error"}, 503
    return {"status": "ok", "database": "ok"}


@bp.get("/admin/audit")
@login_required
def audit_log():
    """Who changed what and when (admins)."""
    from flask import abort

    from app.auth.models import User
    from app.core.models import AuditEntry

    if not access.is_admin(current_user):
        abort(403)
    query = select(AuditEntry)
    action = request.args.get("action")
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    page = paginate(query.order_by(AuditEntry.id.desc()), per_page=100, count=True)
    # db.paginate yields only the first column of each row: add the e-mails in one query.
    user_ids = {e.user_id for e in page.items if e.user_id is not None}
    emails = (
        dict(db.session.execute(select(User.id, User.email).where(User.id.in_(user_ids))).all())
        if user_ids
        else {}
    )
    page.items = [(entry, emails.get(entry.user_id)) for entry in page.items]
    return render_template("core/audit.html", page=page)
