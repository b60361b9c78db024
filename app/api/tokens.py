"""`DELETE /api/v1/tokens/current`: the calling token revokes itself."""

from __future__ import annotations

from flask import abort, request
from flask_login import current_user

from app.api import bp
from app.api.schemas import typed
from app.auth import operations
from app.core import writes


@bp.delete("/tokens/current")
@typed(resp=None, status=204)
def revoke_current_token():
    """Revoke the bearer token that makes this call; 204."""
    token = operations.token_from_header(request.headers.get("Authorization", ""))
    if token is None or token.user_id != current_user.id:
        abort(401)
    writes.run(lambda: operations.revoke_token(token))
    return "", 204
