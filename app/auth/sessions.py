"""What a signed-in session may do on each request: end it after the idle timeout or the
absolute lifetime, and hold it at the MFA step (enrolment or code) until that is done.

Bearer-token requests are untouched (API tokens are not affected by MFA): only requests
that carry a signed-in session cookie pass through here.
"""

from __future__ import annotations

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from app.auth.rules import SessionState, mfa_required, session_state

#: session keys: when the sign-in happened, the last request, and the identity (user id and
#: session generation) whose second factor this session has passed
STARTED, SEEN, MFA_DONE = "_started", "_seen", "_mfa"
#: pages a session waiting for its second factor may still reach
_ALWAYS = {"static", "auth.logout", "core.set_language", "core.healthz"}
_VERIFY = _ALWAYS | {"auth.mfa_verify"}
_ENROL = _ALWAYS | {"auth.mfa_setup"}
#: after this many seconds the "last seen" time is written again (fewer new cookies)
_SEEN_RESOLUTION = 30


def start(user) -> None:
    """Mark a fresh sign-in (call right after `login_user`)."""
    now = time.time()
    session[STARTED] = now
    session[SEEN] = now
    session.pop(MFA_DONE, None)


def mark_mfa_done(user, via: str = "totp") -> None:
    """This session has passed the user's second factor: `totp` (a code or a recovery code)
    or `idp` (an OpenID Connect provider that does MFA itself)."""
    session[MFA_DONE] = f"{user.get_id()}|{via}"


def mfa_done(user) -> bool:
    """True when this session passed the second factor of this very sign-in generation."""
    return str(session.get(MFA_DONE, "")).rpartition("|")[0] == user.get_id()


def mfa_by_idp(user) -> bool:
    """True when the provider this session signed in with did the second factor."""
    return session.get(MFA_DONE) == f"{user.get_id()}|idp"


def needs_enrolment(user) -> bool:
    """True when the user's role requires MFA and she has none yet."""
    roles = current_app.config.get("MFA_REQUIRED_ROLES") or ()
    return not user.mfa_enabled and mfa_required(user.role.value, roles)


def _end(state: SessionState):
    logout_user()
    for key in (STARTED, SEEN, MFA_DONE):
        session.pop(key, None)
    if state is SessionState.idle:
        flash(
            _("Du ble logget ut fordi du ikke har vært aktiv på en stund. Logg inn igjen."),
            "info",
        )
    else:
        flash(_("Økten din er utløpt. Logg inn igjen."), "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))


def _next_arg() -> str | None:
    return request.full_path.rstrip("?") if request.method == "GET" else None


def guard():
    """before_request: timeouts first, then the MFA step."""
    if request.path.startswith("/api/") or "_user_id" not in session:
        return None
    if not current_user.is_authenticated:
        return None
    now = time.time()
    config = current_app.config
    state = session_state(
        session.get(STARTED),
        session.get(SEEN),
        now,
        idle_minutes=config["SESSION_IDLE_MINUTES"],
        max_hours=config["SESSION_MAX_HOURS"],
    )
    if state is not SessionState.ok:
        return _end(state)
    session.setdefault(STARTED, now)  # a session from before these keys existed
    if now - session.get(SEEN, 0) > _SEEN_RESOLUTION:
        session[SEEN] = now
    user = current_user._get_current_object()
    if not user.mfa_enabled:
        if needs_enrolment(user) and not mfa_by_idp(user) and request.endpoint not in _ENROL:
            return redirect(url_for("auth.mfa_setup", next=_next_arg()))
        return None
    if not mfa_done(user) and request.endpoint not in _VERIFY:
        return redirect(url_for("auth.mfa_verify", next=_next_arg()))
    return None


def init_app(app: Flask) -> None:
    """Run the guard before every request."""
    app.before_request(guard)
