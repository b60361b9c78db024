"""Record write operations in the audit log."""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_login import current_user

from app.core.models import AuditEntry
from app.extensions import db


def log(action: str, obj: Any = None, **detail: Any) -> None:
    """Add an audit entry for `action` on `obj` by the current user (flushes nothing)."""
    user_id = None
    if has_request_context() and current_user and current_user.is_authenticated:
        user_id = current_user.id
    db.session.add(
        AuditEntry(
            user_id=user_id,
            action=action,
            object_type=type(obj).__name__ if obj is not None else "",
            object_id=getattr(obj, "id", None),
            detail={k: _plain(v) for k, v in detail.items()} or None,
        )
    )


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if hasattr(value, "value"):
        return value.value
    return str(value)
