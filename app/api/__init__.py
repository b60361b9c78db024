"""JSON API v1: thin handlers (parse → operation/query → serialise), bearer tokens only."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user

from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Bearer tokens are not sent by browsers on their own, so CSRF does not apply; cookies are
# refused below, which is what makes the exemption safe.
csrf.exempt(bp)

PUBLIC_ENDPOINTS = {"api.openapi"}


@bp.before_request
def require_token():
    """Every API call but the OpenAPI document needs `Authorization: Bearer TOKEN`."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not request.headers.get("Authorization", "").lower().startswith("bearer "):
        abort(401)
    if not current_user.is_authenticated:
        abort(401)
    return None


from app.api import (  # noqa: E402,F401 - routes register on bp
    courses,
    gatherings,
    hospitations,
    invitations,
    kpm,
    kpm_applications,
    kpm_inspections,
    kpm_sites,
    networks,
    openapi,
    persons,
    privacy,
    progress,
    tokens,
)
