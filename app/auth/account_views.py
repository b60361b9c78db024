"""The signed-in user's own account: password, API tokens and MFA (enrol, codes, turn off)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy import select

from app.auth import mfa, operations, sessions
from app.auth.forms import ChangePasswordForm, CodeForm, ConfirmForm, TokenForm
from app.auth.models import ApiToken
from app.auth.views import _login_limit, _safe_next, bp
from app.core import writes
from app.extensions import db, limiter

_PENDING = "_mfa_pending_secret"


def _me():
    return current_user._get_current_object()


def _tokens(user) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked.is_(False))
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def _page(password_form=None, token_form=None, *, new_token=None, status=200):
    user = _me()
    return (
        render_template(
            "auth/account.html",
            user=user,
            password_form=password_form or ChangePasswordForm(prefix="pw"),
            token_form=token_form or TokenForm(prefix="tok"),
            confirm_form=ConfirmForm(),
            tokens=_tokens(user),
            new_token=new_token,
            recovery_left=mfa.remaining_recovery_codes(user) if user.mfa_enabled else 0,
            mfa_required=_role_requires_mfa(user),
            disable_form=CodeForm(prefix="off"),
        ),
        status,
    )


def _role_requires_mfa(user) -> bool:
    return user.role.value in (current_app.config.get("MFA_REQUIRED_ROLES") or ())


@bp.route("/account")
@login_required
def account():
    """Her account: password, API tokens, MFA."""
    return _page()


@bp.route("/account/password", methods=["POST"])
@login_required
@limiter.limit(_login_limit)
def change_password():
    """Change her own password; every other session ends, this one goes on."""
    form = ChangePasswordForm(prefix="pw")
    user = _me()
    if form.validate_on_submit():
        action = lambda: operations.change_own_password(  # noqa: E731
            user, form.current.data, form.password.data
        )
        passed = sessions.mfa_done(user)  # before the new generation changes the identity
        via = "idp" if sessions.mfa_by_idp(user) else "totp"
        if writes.run(action, form=form).ok:
            login_user(user)  # the new session generation, for this browser only
            sessions.start(user)
            if passed:
                sessions.mark_mfa_done(user, via)
            flash(_("Passordet er endret. Andre økter er logget ut."), "success")
            return redirect(url_for("auth.account"))
    return _page(password_form=form, status=422)


@bp.route("/account/tokens", methods=["POST"])
@login_required
def create_token():
    """A new API token, shown once on the page that answers."""
    form = TokenForm(prefix="tok")
    if form.validate_on_submit():
        outcome = writes.run(lambda: operations.create_api_token(_me(), form.name.data), form=form)
        if outcome.ok:
            return _page(new_token=outcome.value, status=201)
    return _page(token_form=form, status=422)


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke_token(token_id: int):
    """Revoke one of her own tokens (someone else's is a 404)."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != _me().id or token.revoked:
        abort(404)
    if ConfirmForm().validate_on_submit():
        writes.run(lambda: operations.revoke_token(token))
        flash(_("API-nøkkelen «%(name)s» er trukket tilbake.", name=token.name or ""), "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/mfa", methods=["GET", "POST"])
@login_required
def mfa_setup():
    """Enrol an authenticator app: QR code and secret as text, confirmed by a code."""
    user = _me()
    target = _safe_next(request.args.get("next"))
    if user.mfa_enabled:
        return redirect(url_for("auth.account"))
    secret = session.get(_PENDING) or mfa.new_secret()
    session[_PENDING] = secret
    form = CodeForm()
    if form.validate_on_submit():
        outcome = writes.run(lambda: mfa.enable(user, secret, form.code.data), form=form)
        if outcome.ok:
            session.pop(_PENDING, None)
            sessions.mark_mfa_done(user)
            return render_template("auth/recovery_codes.html", codes=outcome.value, next=target)
    uri = mfa.provisioning_uri(secret, user.email)
    return (
        render_template(
            "auth/mfa_setup.html",
            form=form,
            qr=mfa.qr_svg(uri),
            secret=mfa.group_secret(secret),
            required=sessions.needs_enrolment(user),
        ),
        422 if form.errors else 200,
    )


@bp.route("/account/mfa/recovery-codes", methods=["POST"])
@login_required
def new_recovery_codes():
    """Ten new recovery codes; the old ones stop working."""
    user = _me()
    if not user.mfa_enabled or not ConfirmForm().validate_on_submit():
        return redirect(url_for("auth.account"))
    codes = writes.run(lambda: mfa.regenerate_recovery_codes(user)).value
    return render_template("auth/recovery_codes.html", codes=codes, next=url_for("auth.account"))


@bp.route("/account/mfa/disable", methods=["POST"])
@login_required
@limiter.limit(_login_limit)
def mfa_disable():
    """Turn MFA off (not for roles that require it); needs a current code."""
    user = _me()
    if not user.mfa_enabled or _role_requires_mfa(user):
        abort(404)
    form = CodeForm(prefix="off")
    if form.validate_on_submit():

        def action():
            mfa.check_code(user, form.code.data)
            mfa.disable(user, by=user)

        if writes.run(action, form=form).ok:
            flash(_("Tofaktorinnlogging er slått av."), "success")
            return redirect(url_for("auth.account"))
    flash(form.code.errors[0] if form.code.errors else _("Feil kode."), "error")
    return redirect(url_for("auth.account"))
