"""The mail outbox: queued mail leaves after the commit and never after a rollback."""

from __future__ import annotations

from app.core import mail


def test_queued_mail_leaves_after_the_commit(db, smtp_server):
    mail.queue("kari@example.no", "Emne", "Tekst", attachments=[("a.ics", "text/calendar", b"x")])
    assert smtp_server.messages == []
    assert len(mail.pending()) == 1
    db.session.commit()
    assert [m["To"] for m in smtp_server.messages] == ["kari@example.no"]
    assert mail.pending() == []


def test_queued_mail_is_dropped_on_rollback(db, smtp_server):
    mail.queue("kari@example.no", "Emne", "Tekst")
    db.session.rollback()
    db.session.commit()
    assert smtp_server.messages == []
