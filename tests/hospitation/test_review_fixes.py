"""Regressions from the code review: a confirmed hospitation's details are locked for the
person, NaN days are refused on the form, the site is mailed only after the commit."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.auth.models import Role
from app.core.types import today_oslo
from app.hospitation import links
from app.hospitation.models import Hospitation
from tests.factories import make_coordinator, make_membership, make_person, make_user, network
from tests.hospitation.factories import make_hospitation, make_site

INNLANDET = "innlandet-ressurssykepleiere"


@pytest.fixture()
def nurse(db):
    person = make_person(name="Kari Sykepleier")
    make_membership(person, network(INNLANDET))
    return person, make_user(Role.resource_person, person=person)


def _day(n: int) -> str:
    return (today_oslo() + dt.timedelta(days=n)).isoformat()


def test_the_person_cannot_change_a_confirmed_hospitation(api, client, login, db, nurse):
    person, user = nurse
    h = make_hospitation(
        person,
        status="confirmed",
        start=today_oslo() - dt.timedelta(days=3),
        end=today_oslo() - dt.timedelta(days=2),
    )
    url = f"/api/v1/hospitations/{h.id}"
    own = api(user)
    for change in ({"days": 1}, {"start": _day(-4)}, {"place": "Et annet sted"}):
        response = own.patch(url, json=change)
        assert response.status_code == 422, change
        error = response.get_json()["error"]
        assert list(change)[0] in error["fields"]
        assert "bekreftet hospitering kan ikke endres" in error["message"]
    db.session.refresh(h)
    assert h.days == 2.0 and h.place == "Sykehuset Innlandet, palliativt team"
    # Her reflection stays hers, and she completes it with the real last day.
    assert own.patch(url, json={"reflection": "Lærerikt."}).status_code == 200
    done = own.patch(url, json={"status": "completed", "end": _day(-3)})
    assert done.status_code == 200 and done.get_json()["status"] == "completed"
    # On the page too the change is refused with the message on the field.
    other = make_hospitation(person, status="confirmed", start=today_oslo(), end=None, days=1.0)
    login(user)
    page = client.post(
        f"/hospitations/{other.id}/edit",
        data={
            "start": today_oslo().isoformat(),
            "days": "3",
            "goals": other.goals,
            "place": other.place,
        },
    )
    assert page.status_code == 200 and "bekreftet hospitering kan ikke endres" in page.text
    # The coordinator still can.
    client.post("/logout")
    coord = api(make_coordinator(network(INNLANDET)))
    answer = coord.patch(f"/api/v1/hospitations/{other.id}", json={"days": 3})
    assert answer.status_code == 200, answer.get_json()


def test_not_a_number_of_days_is_refused_on_the_form(client, login, db, nurse):
    person, user = nurse
    login(user)
    for value in ("NaN", "sNaN", "Infinity"):
        page = client.post(
            f"/persons/{person.id}/hospitations/new",
            data={"place": "Hamar", "start": _day(10), "days": value, "goals": "Lære."},
        )
        assert page.status_code == 200, value
        assert "Må være et tall." in page.text
    assert (
        db.session.scalar(db.select(Hospitation).where(Hospitation.person_id == person.id)) is None
    )


def test_the_site_is_mailed_only_after_the_hospitation_is_saved(
    client, login, db, nurse, monkeypatch
):
    person, user = nurse
    site = make_site(network(INNLANDET), email="anne@sykehus.no")
    commits: list[str] = []
    mailed_after: list[int] = []

    def on_commit(session):
        commits.append("commit")

    def fake_send(to, subject, body, **kwargs):
        mailed_after.append(len(commits))
        return True

    monkeypatch.setattr(links, "send_mail", fake_send)
    login(user)
    event.listen(Session, "after_commit", on_commit)
    try:
        response = client.post(
            f"/persons/{person.id}/hospitations/new",
            data={
                "site_id": str(site.id),
                "start": _day(14),
                "days": "1",
                "goals": "Lære.",
                "notify_site": "y",
            },
        )
    finally:
        event.remove(Session, "after_commit", on_commit)
    assert response.status_code == 302
    assert mailed_after and mailed_after[0] >= 1  # at least one commit before the mail
