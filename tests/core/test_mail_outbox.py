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


def test_a_savepoint_released_inside_the_transaction_sends_nothing_yet(db, smtp_server):
    # SQLAlchemy reports a released savepoint as after_commit too (the progress read model's
    # refresh runs in one): the mail must wait for the transaction itself.
    mail.queue("kari@example.no", "Emne", "Tekst")
    with db.session.begin_nested():
        pass
    assert smtp_server.messages == []
    db.session.commit()
    assert [m["To"] for m in smtp_server.messages] == ["kari@example.no"]


def test_a_write_that_refreshes_progress_still_sends_its_mail_once(db, smtp_server, factories):
    person = factories.make_person()
    factories.make_membership(person, factories.network("innlandet-ressurssykepleiere"))
    mail.queue("kari@example.no", "Emne", "Tekst")
    db.session.commit()  # the read model refreshes her in a savepoint before this commit
    assert [m["To"] for m in smtp_server.messages] == ["kari@example.no"]
