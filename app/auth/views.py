"""Sign-in (password, then the second factor), sign-out and password reset pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import mfa, operations, sessions
from app.auth.forms import CodeForm, ForgotPasswordForm, LoginForm, ResetPasswordForm
from app.core import mail, writes
from app.core.security import CSP
from app.core.urls import safe_next
from app.extensions import limiter

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths; anything else goes to the dashboard."""
    return safe_next(target, url_for("dashboard.dashboard"))


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _mfa_limit() -> str:
    return current_app.config["MFA_RATE_LIMIT"]


def _submitted_account() -> str:
    """The per-account limit's key: the e-mail typed, whatever address it comes from."""
    return "account:" + (request.form.get("email") or "").strip().lower()[:254]


def _pending_account() -> str:
    """The MFA limit's key: the account waiting for its second factor."""
    return "mfa:" + str(session.get("_user_id", "")).partition(":")[0]


def _refused(response) -> bool:
    return response.status_code in (401, 422)


def sign_in(user, *, mfa_done: bool = False, via: str = "totp"):
    """Start a session for the user (password or IdP accepted) and go on: to the code page
    when she has MFA and has not passed it here, else to where she was going."""
    login_user(user)
    sessions.start(user)
    if mfa_done:
        sessions.mark_mfa_done(user, via)
    target = _safe_next(request.args.get("next") or session.pop("_oidc_next", None))
    if user.mfa_enabled and not mfa_done:
        return redirect(url_for("auth.mfa_verify", next=target))
    flash(_("Du er logget inn."), "success")
    return redirect(target)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(
    _account_limit, key_func=_submitted_account, methods=["POST"], deduct_when=_refused
)
def login():
    """Sign in with e-mail and password (then a code, for users with MFA)."""
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
            return sign_in(user)
    status = 200 if request.method == "GET" or not form.errors else 401
    issuer = current_app.config.get("OIDC_ISSUER")
    response = make_response(render_template("auth/login.html", form=form, oidc=bool(issuer)))
    if issuer:
        # The HelseID button posts here and is redirected to the provider: browsers apply
        # form-action to that redirect too, so the provider's origin is allowed on this page.
        parts = urlsplit(issuer)
        response.headers["Content-Security-Policy"] = CSP.replace(
            "form-action 'self'", f"form-action 'self' {parts.scheme}://{parts.netloc}"
        )
    return response, status


@bp.route("/login/code", methods=["GET", "POST"])
@login_required
@limiter.limit(_mfa_limit, methods=["POST"], deduct_when=_refused)
@limiter.limit(_mfa_limit, key_func=_pending_account, methods=["POST"], deduct_when=_refused)
def mfa_verify():
    """The second step of sign-in: a code from the authenticator app or a recovery code."""
    user = current_user._get_current_object()
    target = _safe_next(request.args.get("next"))
    if not user.mfa_enabled or sessions.mfa_done(user):
        return redirect(target)
    form = CodeForm()
    if form.validate_on_submit():
        outcome = writes.run(lambda: mfa.check_code(user, form.code.data), form=form)
        if outcome.ok:
            sessions.mark_mfa_done(user)
            if outcome.value == "recovery":
                flash(
                    _(
                        "Du brukte en gjenopprettingskode. Du har %(n)d igjen.",
                        n=mfa.remaining_recovery_codes(user),
                    ),
                    "info",
                )
            flash(_("Du er logget inn."), "success")
            return redirect(target)
    status = 422 if form.errors else 200
    return render_template("auth/mfa_verify.html", form=form), status


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
        if writes.run(lambda: operations.set_password(user, form.password.data), form=form).ok:
            flash(_("Passordet er endret. Logg inn med det nye."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200
