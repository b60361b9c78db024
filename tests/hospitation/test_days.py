"""A hospitation's days never exceed its calendar days (issue 17): 422 on ``days`` in the API,
the message on the form's field, and a stored row that says more is capped by progress."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.hospitation.models import Hospitation
from tests.factories import (
    hospitation,
    make_coordinator,
    make_hospitation,
    make_membership,
    make_person,
    make_user,
    network,
)

INNLANDET = "innlandet-ressurssykepleiere"


@pytest.fixture()
def nurse(db):
    person = make_person(name="Kari Sykepleier")
    make_membership(person, network(INNLANDET), dt.date(2025, 1, 1))
    return person, make_user(Role.resource_person, person=person)


BODY = {"place": "Palliativ enhet", "start": "2026-03-02", "end": "2026-03-02", "goals": "Mål"}


def test_one_day_recorded_as_two_is_refused_on_the_api(api, nurse):
    person, user = nurse
    answer = api(user).post(f"/api/v1/persons/{person.id}/hospitations", json={**BODY, "days": 2})
    assert answer.status_code == 422
    error = answer.get_json()["error"]
    assert "days" in error["fields"] and "(1)" in error["message"]
    ok = api(user).post(f"/api/v1/persons/{person.id}/hospitations", json={**BODY, "days": 1})
    assert ok.status_code == 201
    # Neither can PATCH stretch the days beyond the dates, nor shrink the dates under them.
    url = f"/api/v1/hospitations/{ok.get_json()['id']}"
    assert api(user).patch(url, json={"days": 2}).status_code == 422
    assert api(user).patch(url, json={"end": "2026-03-03", "days": 2}).status_code == 200
    shrink = api(user).patch(url, json={"end": "2026-03-02"})
    assert shrink.status_code == 422 and "days" in shrink.get_json()["error"]["fields"]


def test_a_coordinator_recording_a_past_stay_is_held_to_the_dates_too(api, nurse):
    person, _user = nurse
    coord = api(make_coordinator(network(INNLANDET)))
    body = {**BODY, "days": 10, "end": "2026-03-03", "status": "completed"}
    answer = coord.post(f"/api/v1/persons/{person.id}/hospitations", json=body)
    assert answer.status_code == 422 and "days" in answer.get_json()["error"]["fields"]


def test_the_form_puts_the_message_on_days_and_keeps_the_input(client, login, db, nurse):
    person, user = nurse
    login(user)
    data = {**BODY, "days": "2", "goals": "Mine egne mål"}
    page = client.post(f"/persons/{person.id}/hospitations/new", data=data)
    assert page.status_code == 200
    assert (
        "Antall dager kan ikke være flere enn kalenderdagene fra start til slutt (1)." in page.text
    )
    assert "Mine egne mål" in page.text
    assert db.session.scalar(select(Hospitation).where(Hospitation.person_id == person.id)) is None


def test_a_stored_row_with_too_many_days_counts_only_its_calendar_days(api, db, nurse):
    person, _user = nurse
    hospitation(person, 10, dt.date(2025, 3, 3), dt.date(2025, 3, 3))  # from before the check
    client = api(make_coordinator(network(INNLANDET)))
    body = client.get(f"/api/v1/persons/{person.id}/progress?on=2025-06-01").get_json()
    r = next(r for r in body["plans"][0]["requirements"] if r["key"] == "hospitering")
    assert (r["status"], r["done"], r["needed"]) == ("in_progress", 1, 2)


def test_factory_hospitations_stay_valid(db, nurse):
    person, _user = nurse
    h = make_hospitation(person)
    assert h.end is None or h.days <= (h.end - h.start).days + 1
