"""The users page: who has an account, her role, networks, last sign-in, MFA and whether
it is active. Admins change role and networks, deactivate and reactivate, and reset MFA
(each irreversible step behind a confirmation page); coordinators read their networks'."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.auth import mfa, operations
from app.auth.forms import ConfirmForm, UserForm, role_label
from app.auth.models import Role, User
from app.auth.views import bp
from app.core import access, writes
from app.core.pagination import paginate
from app.extensions import db
from app.networks.models import Network


@bp.app_context_processor
def _role_label() -> dict:
    return {"role_label": role_label}


def _viewer():
    viewer = current_user._get_current_object()
    if not access.can_see_users(viewer):
        abort(404)
    return viewer


def _admin():
    viewer = _viewer()
    if not access.can_manage_users(viewer):
        abort(404)
    return viewer


@bp.route("/users")
@login_required
def list_users():
    """Accounts the viewer may see, by e-mail; `q` filters on e-mail."""
    viewer = _viewer()
    query = (
        select(User)
        .where(access.visible_users_clause(viewer))
        .options(selectinload(User.networks), selectinload(User.person))
        .order_by(User.email)
    )
    q = (request.args.get("q") or "").strip()[:100]
    if q:
        query = query.where(func.lower(User.email).contains(q.lower(), autoescape=True))
    page = paginate(query, per_page=current_app.config["PER_PAGE"])
    return render_template(
        "auth/users.html", page=page, q=q, can_manage=access.can_manage_users(viewer)
    )


def _user_form(user: User) -> UserForm:
    form = UserForm(obj=None)
    form.role.choices = [(r.value, role_label(r)) for r in Role]
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    form.networks.choices = [(n.id, n.name) for n in networks]
    if request.method == "GET":
        form.role.data = user.role.value
        form.networks.data = [n.id for n in user.networks]
    return form


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@login_required
def show_user(user_id: int):
    """One account; an admin may change its role and networks."""
    viewer = _viewer()
    user = access.get_visible_user_or_404(viewer, user_id)
    can_manage = access.can_manage_users(viewer)
    form = _user_form(user) if can_manage else None
    if form is not None and request.method == "POST" and form.validate_on_submit():
        chosen = db.session.scalars(
            select(Network).where(Network.id.in_(form.networks.data or []))
        ).all()
        action = lambda: operations.change_role(  # noqa: E731
            user, Role(form.role.data), list(chosen), by=viewer
        )
        if writes.run(action, form=form).ok:
            flash(_("Endringen er lagret."), "success")
            return redirect(url_for("auth.show_user", user_id=user.id))
    elif request.method == "POST":
        if form is None:
            abort(404)
    return (
        render_template(
            "auth/user.html",
            user=user,
            form=form,
            can_manage=can_manage,
            confirm_form=ConfirmForm(),
            recovery_left=mfa.remaining_recovery_codes(user) if user.mfa_enabled else 0,
        ),
        422 if form is not None and form.errors else 200,
    )


#: the steps that ask again first: (operation, message when done, confirmation text)
def _steps():
    return {
        "deactivate": (
            lambda user: operations.deactivate(user, by=current_user._get_current_object()),
            _("Kontoen er deaktivert. Alle økter og API-nøkler er stoppet."),
            _(
                "Deaktivere kontoen til %(email)s? Alle innlogginger og API-nøkler slutter å "
                "virke med en gang."
            ),
        ),
        "mfa-reset": (
            lambda user: mfa.disable(user, by=current_user._get_current_object()),
            _("Tofaktorinnloggingen er nullstilt."),
            _(
                "Nullstille tofaktorinnloggingen til %(email)s? Må rollen bruke tofaktor, "
                "setter hun den opp på nytt ved neste innlogging."
            ),
        ),
    }


@bp.route("/users/<int:user_id>/<any(deactivate, 'mfa-reset'):step>", methods=["GET", "POST"])
@login_required
def confirm_user_step(user_id: int, step: str):
    """Ask again (GET), then deactivate the account or reset its MFA (POST)."""
    viewer = _admin()
    user = access.get_visible_user_or_404(viewer, user_id)
    action, done, question = _steps()[step]
    if step == "deactivate" and user.id == viewer.id:
        flash(_("Du kan ikke deaktivere din egen konto."), "error")
        return redirect(url_for("auth.show_user", user_id=user.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        if writes.run(lambda: action(user)).ok:
            flash(done, "success")
        return redirect(url_for("auth.show_user", user_id=user.id))
    return render_template(
        "auth/confirm_user_step.html",
        user=user,
        form=form,
        question=question % {"email": user.email},
        step=step,
    )


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@login_required
def reactivate_user(user_id: int):
    """Let a deactivated account sign in again."""
    viewer = _admin()
    user = access.get_visible_user_or_404(viewer, user_id)
    if ConfirmForm().validate_on_submit() and writes.run(lambda: operations.reactivate(user)).ok:
        flash(_("Kontoen er aktiv igjen."), "success")
    return redirect(url_for("auth.show_user", user_id=user.id))
