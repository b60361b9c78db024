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


def test_a_savepoint_released_inside_the_transaction_sends_nothing_yet(app, db):
    from app.core import mail as mail_module

    sent = []
    original = mail_module.send_mail
    mail_module.send_mail = lambda *a, **k: sent.append(a) or True
    try:
        with app.test_request_context("/x", method="POST"):
            mail_module.queue("kari@example.no", "Emne", "Tekst")
            with db.session.begin_nested():
                pass
            assert sent == []  # the change is not committed yet
            db.session.commit()
        assert len(sent) == 1
    finally:
        mail_module.send_mail = original
