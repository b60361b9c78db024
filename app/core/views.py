"""Language choice, the favicon and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, send_from_directory, session, url_for
from flask_login import current_user
from sqlalchemy import text, update
from sqlalchemy.orm.attributes import set_committed_value

from app.core.database import side_write
from app.core.urls import safe_next
from app.extensions import db

bp = Blueprint("core", __name__)


@bp.get("/lang/<code>")
def set_language(code: str):
    """Switch the interface language (nb, nn or en) and go back."""
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated:
            # A GET writes nothing in its transaction: the preference is a side write.
            user = current_user._get_current_object()
            model = type(user)
            if side_write(update(model).where(model.id == user.id).values(locale=code)):
                set_committed_value(user, "locale", code)  # as stored, without a flush
    return redirect(safe_next(request.args.get("next"), url_for("dashboard.index")))


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says; serve the static icon."""
    response = send_from_directory(
        current_app.static_folder, "favicon.ico", mimetype="image/vnd.microsoft.icon"
    )
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


@bp.get("/healthz")
def healthz():
    """Liveness and database check for load balancers."""
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means "not ready"
        db.session.rollback()
        return {"status": "error", "database": "error"}, 503
    return {"status": "ok", "database": "ok"}
