"""The site contact's signed confirmation link: works once, expires, fits one hospitation."""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest

from app.auth.models import Role
from app.core.types import today_oslo
from app.hospitation import links
from app.hospitation.models import Hospitation
from tests.factories import (
    make_hospitation,
    make_membership,
    make_person,
    make_site,
    make_user,
    network,
)

INNLANDET = "innlandet-ressurssykepleiere"


@pytest.fixture()
def planned(db):
    person = make_person(name="Ola Sykepleier")
    make_membership(person, network(INNLANDET))
    user = make_user(Role.resource_person, person=person)
    site = make_site(network(INNLANDET), contact_name="Anne Kontakt", email="anne@sykehus.no")
    return person, user, site


def _path(link: str) -> str:
    return link.replace("http://localhost", "")


def test_planning_mails_the_contact_and_the_link_confirms_once(
    client, login, db, planned, smtp_server
):
    person, user, site = planned
    login(user)
    start = today_oslo() + dt.timedelta(days=14)
    response = client.post(
        f"/persons/{person.id}/hospitations/new",
        data={
            "site_id": str(site.id),
            "start": start.isoformat(),
            "end": (start + dt.timedelta(days=1)).isoformat(),
            "days": "2",
            "goals": "Lære om samhandling mellom første- og andrelinjetjenesten.",
            "notify_site": "y",
        },
    )
    assert response.status_code == 302
    h = db.session.scalar(db.select(Hospitation).where(Hospitation.person_id == person.id))
    assert h.status.value == "planned"
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "anne@sykehus.no"
    body = message.get_payload(decode=True).decode()
    assert "Ola Sykepleier" in body and "samhandling" in body
    link = re.search(r"http://localhost/hospitations/\d+/confirm/\S+", body).group(0)

    client.post("/logout")
    anonymous = client
    # Opening the link (a mail scanner does too) changes nothing.
    page = anonymous.get(_path(link))
    assert page.status_code == 200 and "Bekreft hospiteringen" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Hospitation, h.id).status.value == "planned"

    confirmed = anonymous.post(_path(link))
    assert confirmed.status_code == 200
    assert "er bekreftet" in confirmed.get_data(as_text=True)
    db.session.expire_all()
    h = db.session.get(Hospitation, h.id)
    assert h.status.value == "confirmed"
    assert h.events[-1].by_label == "Anne Kontakt" and h.events[-1].to_status == "confirmed"

    again = anonymous.post(_path(link))
    assert again.status_code == 400
    assert "allerede brukt" in again.get_data(as_text=True)


def test_link_cannot_confirm_another_hospitation(app, client, db, planned):
    person, user, site = planned
    first = make_hospitation(person, site=site)
    second = make_hospitation(person, site=site)
    with app.test_request_context():
        link = links.confirm_link(first)
    wrong = _path(link).replace(f"/hospitations/{first.id}/", f"/hospitations/{second.id}/")
    response = client.post(wrong)
    assert response.status_code == 400
    assert "gjelder ikke" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Hospitation, second.id).status.value == "planned"
    # The right one still works.
    assert client.post(_path(link)).status_code == 200


def test_expired_link_is_refused(app, client, db, planned, monkeypatch):
    person, user, site = planned
    h = make_hospitation(person, site=site)
    long_ago = time.time() - 31 * 24 * 3600
    with app.test_request_context():
        monkeypatch.setattr("itsdangerous.timed.time.time", lambda: long_ago)
        link = links.confirm_link(h)
        monkeypatch.undo()
    response = client.post(_path(link))
    assert response.status_code == 400
    assert "utløpt" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Hospitation, h.id).status.value == "planned"


def test_tampered_or_stale_links(app, client, db, planned):
    person, user, site = planned
    h = make_hospitation(person, site=site)
    with app.test_request_context():
        link = links.confirm_link(h)
    assert client.get(_path(link)[:-3] + "xyz").status_code == 400
    assert client.post(f"/hospitations/{h.id}/confirm/not-a-token").status_code == 400
    assert client.get("/hospitations/999999/confirm/x").status_code == 404
    h.status = h.status.__class__("cancelled")
    db.session.flush()
    response = client.post(_path(link))
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Hospitation, h.id).status.value == "cancelled"


def test_no_mail_without_site_email(app, db, planned, smtp_server):
    person, user, site = planned
    h = make_hospitation(person, place="Et sted")
    with app.test_request_context():
        assert links.send_confirmation_request(h) is False
    assert smtp_server.messages == []
