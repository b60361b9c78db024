"""Sign-in, sign-out and password reset pages."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import operations
from app.auth.forms import ForgotPasswordForm, LoginForm, ResetPasswordForm
from app.core import mail, writes
from app.core.urls import safe_next
from app.extensions import limiter

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes to the dashboard."""
    return safe_next(target, url_for("core.dashboard"))


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = writes.run(
            lambda: operations.authenticate(form.email.data, form.password.data)
        ).value
        if user is None:
            form.password.errors.append(_("Feil e-post eller passord."))
        else:
            login_user(user)
            flash(_("Du er logget inn."), "success")
            return redirect(_safe_next(request.args.get("next")))
    status = 200 if request.method == "GET" or not form.errors else 401
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out everywhere this session's cookie went."""
    writes.run(lambda: operations.end_sessions(current_user._get_current_object()))
    logout_user()
    flash(_("Du er logget ut."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Send a reset link; the answer is the same whether the e-mail is known or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = operations.find_user(form.email.data)
        if user is not None and user.active:
            token = operations.make_reset_token(user)
            link = current_app.config["BASE_URL"].rstrip("/") + url_for(
                "auth.reset_password", token=token
            )
            mail.queue(
                user.email,
                _("Nytt passord i Kompetansenett"),
                _(
                    "Hei!\n\nBruk denne lenken for å velge et nytt passord. Den virker én gang "
                    "og i én time:\n\n%(link)s\n\nHar du ikke bedt om dette, kan du se bort "
                    "fra e-posten.\n",
                    link=link,
                ),
            )
            writes.run(lambda: None)  # nothing to write: the commit lets the outbox send it
        flash(_("Hvis adressen finnes hos oss, har vi sendt en lenke dit."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a valid link."""
    user = operations.user_from_reset_token(token)
    if user is None:
        flash(_("Lenken er ugyldig, utløpt eller allerede brukt."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        writes.run(lambda: operations.set_password(user, form.password.data))
        flash(_("Passordet er endret. Logg inn med det nye."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form)
