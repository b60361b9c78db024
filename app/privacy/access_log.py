"""The access log for personal data: who took out whose data, what scope, when.

Downloads and exports are GET requests, whose transaction on SQLite is a deferred read
(`core.database`). Writing the log entry in that same transaction would upgrade a read lock
that another writer may have overtaken ("database is locked"); so the read transaction ends
first and the entry is the first statement of a short transaction of its own.
"""

from __future__ import annotations

from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import insert

from app.core.audit import _plain
from app.core.models import AuditEntry
from app.core.types import utcnow
from app.extensions import db


def record_access(action: str, obj: Any = None, **detail: Any) -> None:
    """Log that the current user read personal data (`obj`, with `detail`) and commit it."""
    user_id = None
    if has_request_context() and current_user and current_user.is_authenticated:
        user_id = current_user.id
    values = {
        "at": utcnow(),
        "user_id": user_id,
        "action": action,
        "object_type": type(obj).__name__ if obj is not None else "",
        "object_id": getattr(obj, "id", None),
        "detail": {k: _plain(v) for k, v in detail.items()} or None,
    }
    db.session.commit()  # end the read transaction (nothing is pending in a GET)
    try:
        db.session.execute(insert(AuditEntry).values(**values))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
