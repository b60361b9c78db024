"""The audit log page: who did what, shown with the user's e-mail."""

from __future__ import annotations

from app.core.models import AuditEntry
from tests.factories import (
    make_admin,
)


def test_audit_log_lists_entries_with_the_users_email(client, login, db):
    admin = make_admin()
    client = login(admin)
    db.session.add(AuditEntry(user_id=admin.id, action="test.entry", object_type="User"))
    db.session.flush()
    html = client.get("/admin/audit?action=test.").get_data(as_text=True)
    assert "test.entry" in html and admin.email in html
