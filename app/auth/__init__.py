"""Users, roles, sign-in and API tokens."""

from __future__ import annotations

import datetime as dt
from functools import cache

from flask import Flask, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import joinedload

from app.auth import sessions
from app.core import access
from app.core.database import is_read_request, side_write
from app.core.types import utcnow
from app.extensions import db, login_manager

#: a token's last use is written at most this often (every request would be a write)
TOKEN_USE_INTERVAL = dt.timedelta(minutes=5)


def _record_use(token) -> None:
    """Note the token's use in its own short transaction, never the request's: a GET writes
    nothing in its transaction, and a lock the note cannot get is logged, not an error."""
    model = type(token)  # ApiToken (the models import this package)
    now = utcnow()
    if token.last_used_at is not None and now - token.last_used_at < TOKEN_USE_INTERVAL:
        return
    if not is_read_request():
        # A write request holds the write lock already (SQLite): note it in its transaction.
        token.last_used_at = now
        return
    stale = now - TOKEN_USE_INTERVAL
    side_write(
        update(model)
        .where(
            model.id == token.id,
            or_(model.last_used_at.is_(None), model.last_used_at < stale),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )


@cache
def _user_statement():
    """The signed-in user by id with her coordinated networks (one round trip), built once:
    every page of a session loads her."""
    from app.auth.models import User

    return select(User, access.coordinated_networks_column()).where(User.id == bindparam("id"))


def init_login(app: Flask) -> None:
    """Flask-Login: session cookie carries "id:session_token"; the API uses bearer tokens."""
    from app.auth.models import ApiToken

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Logg inn for å se denne siden.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(identity: str):
        if request.path.startswith("/api/"):
            return None  # the API acts only as its bearer token's user, never the cookie's
        user_id, _, token = identity.partition(":")
        if not user_id.isdigit() or not token:
            return None
        row = db.session.execute(_user_statement(), {"id": int(user_id)}).first()
        if row is None:
            return None
        user, networks = row
        if not user.active or user.session_token != token:
            return None
        access.remember_coordinated_networks(user, networks)
        return user

    @login_manager.request_loader
    def load_from_bearer(req):
        header = req.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        raw = header[7:].strip()
        if not raw:
            return None
        token = db.session.scalar(
            select(ApiToken)
            .where(ApiToken.token_hash == ApiToken.hash(raw))
            .options(joinedload(ApiToken.user))  # the token and its user in one statement
        )
        if token is None or token.revoked or not token.user.active:
            return None
        _record_use(token)
        return token.user

    @login_manager.unauthorized_handler
    def unauthorized():
        from flask import abort, flash, redirect, url_for

        from app.core.errors import wants_json

        if wants_json():
            abort(401)
        flash(str(login_manager.login_message), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    sessions.init_app(app)
