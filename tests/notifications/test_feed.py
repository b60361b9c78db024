"""The personal feed carries open deadlines as all-day events, kept CANCELLED once met."""

from __future__ import annotations

import datetime as dt

import icalendar

from app.auth.models import Role
from tests import factories as f


def deadline_events(client, person):
    response = client.get(f"/calendar/{person.calendar_token}.ics")
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.data)
    events = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Frist:")]
    return response, events


def test_an_open_deadline_is_an_all_day_event_and_stays_cancelled_once_met(client, db):
    net = f.make_network()
    f.make_plan(net, f.hospitation_requirement(months=24))
    person = f.make_person()
    f.make_membership(person, net, start=dt.date(2025, 12, 1))  # deadline 01.12.2027
    response, (event,) = deadline_events(client, person)
    assert str(event["SUMMARY"]) == "Frist: Hospitering"
    assert event["DTSTART"].dt == dt.date(2027, 12, 1)  # a date: an all-day event
    assert event["DTEND"].dt == dt.date(2027, 12, 2)
    assert str(event["STATUS"]) == "CONFIRMED"
    uid = str(event["UID"])
    assert uid == f"deadline-{person.id}-{net.slug}-hospitering@kompetansenett"
    # An unchanged feed answers 304.
    again = client.get(
        f"/calendar/{person.calendar_token}.ics",
        headers={"If-None-Match": response.headers["ETag"]},
    )
    assert again.status_code == 304

    f.hospitation(person, 2, dt.date(2026, 1, 5), dt.date(2026, 1, 6))
    _response, (met,) = deadline_events(client, person)
    assert str(met["UID"]) == uid
    assert str(met["STATUS"]) == "CANCELLED"
    assert int(met["SEQUENCE"]) > int(event["SEQUENCE"])


def test_the_api_gives_calendar_url_to_the_person_her_coordinator_and_admins(api, db):
    net = f.make_network()
    user = f.make_user(Role.resource_person)
    f.make_membership(user.person, net)
    url = f"http://localhost/calendar/{user.person.calendar_token}.ics"
    for who in (user, f.make_coordinator(net), f.make_admin()):
        body = api(who).get(f"/api/v1/persons/{user.person.id}").get_json()
        assert body["calendar_url"] == url
    other = f.make_coordinator(f.make_network())
    response = api(other).get(f"/api/v1/persons/{user.person.id}")
    assert response.status_code == 404 or "calendar_url" not in response.get_json()
