"""Mine varsler, the one-click unsubscribe link and the admin's outbox."""

from __future__ import annotations

from sqlalchemy import select

from app.auth.models import Role
from app.core import mail
from app.core.models import OutboxMessage
from app.notifications import messages, queries
from tests import factories as f


def test_my_notifications_page_turns_kinds_off_and_on(login, db):
    user = f.make_user(Role.resource_person)
    client = login(user)
    page = client.get("/varsler").get_data(as_text=True)
    assert "Mine varsler" in page and "Frist om 30 dager" in page
    response = client.post("/varsler", data={"overdue": "y", "event_soon": "y"})
    assert response.headers["Location"].endswith("/varsler")
    state = queries.preferences_for([user.email])
    assert state["overdue"] and state["event_soon"]
    assert not state["deadline_soon"] and not state["leader_digest"]
    assert "Varslene dine er lagret" in client.get("/varsler").get_data(as_text=True)


def test_the_dashboard_links_to_my_notifications(login, db):
    client = login(f.make_user(Role.resource_person))
    assert 'href="/varsler"' in client.get("/dashboard").get_data(as_text=True)


def test_my_notifications_needs_sign_in(client, db):
    assert "/login" in client.get("/varsler").headers["Location"]


def test_the_signed_link_asks_then_unsubscribes_without_sign_in(client, db):
    url = messages.unsubscribe_url("Kari@example.no", "deadline_soon").replace(
        "http://localhost", ""
    )
    page = client.get(url)
    assert page.status_code == 200 and "Ja, slå av" in page.get_data(as_text=True)
    assert queries.preferences_for(["kari@example.no"])["deadline_soon"]  # GET changes nothing
    done = client.post(url)
    assert done.status_code == 200 and "Varsler slått av" in done.get_data(as_text=True)
    assert not queries.preferences_for(["kari@example.no"])["deadline_soon"]
    assert queries.preferences_for(["kari@example.no"])["overdue"]


def test_one_click_post_works_without_a_csrf_token_only_for_a_signed_url(app, client, db):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        url = messages.unsubscribe_url("per@example.no", "overdue").replace("http://localhost", "")
        response = client.post(url, data={"List-Unsubscribe": "One-Click"})
        assert response.status_code == 200
        assert not queries.preferences_for(["per@example.no"])["overdue"]
        assert client.post("/varsler/av/forfalsket.token").status_code == 404
        assert client.post(url[:-3] + "abc").status_code == 404
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_admins_see_the_outbox_and_resend_after_confirming(login, db, smtp_server):
    mail.queue("kari@example.no", "Hei fra utboksen", "Tekst")
    db.session.commit()
    row = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.subject == "Hei fra utboksen")
    )
    assert row.status == "sent"
    client = login(f.make_admin())
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "Hei fra utboksen" in page and "Sendt" in page
    assert "Hei fra utboksen" not in client.get("/admin/outbox?status=failed").get_data(
        as_text=True
    )
    confirm = client.get(f"/admin/outbox/{row.id}/resend")
    assert "Ja, send igjen" in confirm.get_data(as_text=True)
    assert len(smtp_server.messages) == 1  # the confirmation page sends nothing
    done = client.post(f"/admin/outbox/{row.id}/resend")
    assert done.headers["Location"].endswith("/admin/outbox")
    assert [m["Subject"] for m in smtp_server.messages] == ["Hei fra utboksen"] * 2


def test_others_do_not_see_the_outbox(login, db):
    client = login(f.make_coordinator(f.make_network()))
    assert client.get("/admin/outbox").status_code == 404


def test_a_queued_message_cannot_be_resent_twice(login, db):
    message = mail.queue("kari@example.no", "Ikke ennå", "Tekst")
    db.session.flush()
    db.session.info.pop("kn_mail_outbox", None)  # keep it queued: no delivery at the commit
    client = login(f.make_admin())
    client.post(f"/admin/outbox/{message.id}/resend")
    db.session.refresh(message)
    assert message.status == "queued" and message.attempts == 0
    assert "Meldingen er ikke sendt ennå" in client.get("/admin/outbox").get_data(as_text=True)
