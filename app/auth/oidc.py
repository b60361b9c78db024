"""OpenID Connect sign-in (made for HelseID), off unless OIDC_ISSUER is set.

Authlib's Flask client does discovery from the issuer, the authorization-code flow with
state and nonce, and checks the ID token's signature, issuer, audience and nonce. We then
match an existing, active user: by the HPR number claim against her person's `hpr`, else by
a verified e-mail. No account is ever created here. The provider's sign-in counts as the
second factor (HelseID requires MFA itself), so such a session skips our TOTP step.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth import operations
from app.auth.models import User
from app.auth.rules import identity_from_claims
from app.auth.views import bp, sign_in
from app.core import audit, writes
from app.core.database import writing_read_request
from app.core.types import utcnow
from app.core.urls import safe_next
from app.extensions import db, limiter
from app.people.models import Person

_CLIENTS: dict[tuple, object] = {}


def _failures() -> tuple[type[BaseException], ...]:
    """What a failed exchange with the provider raises. Authlib is imported only when OIDC is
    used: it adds about 18 MB to every process that loads the app."""
    from authlib.integrations.base_client.errors import OAuthError

    return (OAuthError, OSError, ValueError)


def _client():
    """The Authlib client for the configured provider (one per issuer and client id)."""
    config = current_app.config
    issuer = config.get("OIDC_ISSUER")
    if not issuer:
        abort(404)
    key = (issuer, config.get("OIDC_CLIENT_ID"), config.get("OIDC_CLIENT_SECRET"))
    if key not in _CLIENTS:
        from authlib.integrations.flask_client import OAuth

        oauth = OAuth(current_app)
        _CLIENTS[key] = oauth.register(
            "helseid",
            client_id=config.get("OIDC_CLIENT_ID"),
            client_secret=config.get("OIDC_CLIENT_SECRET"),
            server_metadata_url=issuer.rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": config.get("OIDC_SCOPE", "openid profile email")},
        )
    return _CLIENTS[key]


def match_user(claims: dict) -> User | None:
    """The active user the provider's claims name (HPR number first, then verified e-mail)."""
    email, hpr = identity_from_claims(claims, current_app.config["OIDC_HPR_CLAIM"])
    if hpr is not None:
        user = db.session.scalar(
            select(User).join(Person, User.person_id == Person.id).where(Person.hpr == hpr)
        )
        if user is not None and user.active:
            return user
    if email is not None:
        user = operations.find_user(email)
        if user is not None and user.active:
            return user
    return None


@bp.route("/login/oidc", methods=["POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
def oidc_login():
    """Send the browser to the provider (a POST with CSRF: nobody starts it for her)."""
    client = _client()
    session["_oidc_next"] = safe_next(request.args.get("next"), url_for("dashboard.dashboard"))
    redirect_uri = current_app.config["BASE_URL"].rstrip("/") + url_for("auth.oidc_callback")
    try:
        return client.authorize_redirect(redirect_uri)
    except _failures():
        current_app.logger.exception("OIDC discovery failed")
        flash(_("Innlogging med %(name)s virker ikke akkurat nå.", name=_provider()), "error")
        return redirect(url_for("auth.login"))


def _provider() -> str:
    return current_app.config.get("OIDC_PROVIDER_NAME") or "OpenID Connect"


@bp.route("/login/oidc/callback")
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"])
def oidc_callback():
    """Back from the provider: check the answer, match the user, sign her in (a GET, as the
    provider redirects back, that writes by design)."""
    writing_read_request()
    client = _client()
    try:
        token = client.authorize_access_token()
    except _failures():
        flash(_("Innloggingen med %(name)s ble avbrutt eller feilet.", name=_provider()), "error")
        return redirect(url_for("auth.login"))
    claims = dict(token.get("userinfo") or {})
    user = match_user(claims)
    if user is None:
        flash(
            _(
                "Vi fant ingen aktiv konto med din e-post eller ditt HPR-nummer. Be "
                "koordinatoren din om en invitasjon. Ingen konto er opprettet."
            ),
            "error",
        )
        return redirect(url_for("auth.login"))

    def record():
        user.last_login_at = utcnow()
        audit.log("user.login_oidc", user)

    writes.run(record)
    return sign_in(user, mfa_done=True, via="idp")
