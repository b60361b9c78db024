"""The network and personal feeds, read back by icalendar, vobject and recurring-ical-events."""

from __future__ import annotations

import datetime as dt

import icalendar
import recurring_ical_events
import vobject

from app.auth.models import Role
from app.core.types import OSLO, UTC
from app.courses.models import Course, Offering, OfferingStatus
from app.extensions import db as _db
from tests.factories import (
    make_coordinator,
    make_gathering,
    make_network,
    make_person,
    make_user,
    network,
    oslo,
)

NET = "innlandet-ressurssykepleiere"
FEED = f"/networks/{NET}/calendar.ics"


def read_vobject(body: bytes):
    """Parse with vobject, forgetting the Europe/Oslo VTIMEZONE it cached from an earlier feed.

    vobject keeps the first VTIMEZONE it sees per TZID for the whole process, so a feed parsed
    earlier (covering other years) would otherwise decide this feed's offsets.
    """
    vars(vobject.icalendar)["__tzidMap"].pop("Europe/Oslo", None)
    return vobject.readOne(body.decode("utf-8"))


def events_by_uid(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_feed_is_public_with_name_categories_and_timezone(client, db):
    net = network(NET)
    gathering = make_gathering(net, title="Nettverkssamling høst – Øyer, Ålesund og Bærum")
    response = client.get(FEED)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(response.data)
    assert str(calendar["X-WR-CALNAME"]) == net.name
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    event = events_by_uid(response.data)[f"gathering-{gathering.id}@kompetansenett"]
    assert str(event["SUMMARY"]) == "Nettverkssamling høst – Øyer, Ålesund og Bærum"
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event.categories == [net.name]
    assert str(event["STATUS"]) == "CONFIRMED"
    # vobject reads the same UTF-8 text.
    parsed = read_vobject(response.data)
    assert parsed.vevent.summary.value == "Nettverkssamling høst – Øyer, Ålesund og Bærum"
    assert client.get("/networks/finnes-ikke/calendar.ics").status_code == 404


def test_uid_stable_sequence_raised_cancelled_kept(api, client, db):
    net = network(NET)
    coord = api(make_coordinator(net))
    gathering = make_gathering(net)
    uid = f"gathering-{gathering.id}@kompetansenett"
    before = events_by_uid(client.get(FEED).data)[uid]
    assert before["SEQUENCE"] == 0
    coord.patch(f"/api/v1/gatherings/{gathering.id}", json={"start": "2030-05-14T10:00"})
    after = events_by_uid(client.get(FEED).data)[uid]
    assert after["SEQUENCE"] == 1
    assert after.start == oslo(2030, 5, 14, 10)
    coord.patch(f"/api/v1/gatherings/{gathering.id}", json={"status": "cancelled"})
    body = client.get(FEED).data
    cancelled = events_by_uid(body)[uid]
    assert str(cancelled["STATUS"]) == "CANCELLED" and cancelled["SEQUENCE"] == 2
    # vobject and recurring-ical-events still see the one cancelled event under its UID.
    vevents = [e for e in read_vobject(body).vevent_list if e.uid.value == uid]
    assert len(vevents) == 1 and vevents[0].status.value == "CANCELLED"
    found = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
        dt.date(2030, 5, 14), dt.date(2030, 5, 15)
    )
    assert [str(e["UID"]) for e in found] == [uid]


def test_times_right_on_both_sides_of_daylight_saving(client, db):
    net = network(NET)
    # Summer time starts 31 March 2030 and ends 27 October 2030.
    winter = make_gathering(
        net, title="Vinter", start=oslo(2030, 3, 29, 9), end=oslo(2030, 3, 29, 15)
    )
    summer = make_gathering(
        net, title="Sommer", start=oslo(2030, 4, 2, 9), end=oslo(2030, 4, 2, 15)
    )
    autumn = make_gathering(
        net, title="Høst", start=oslo(2030, 10, 28, 9), end=oslo(2030, 10, 28, 15)
    )
    # A two-day gathering across the change stays a timed event in Oslo time.
    across = make_gathering(
        net,
        title="Basiskurs",
        kind="intro_course",
        start=oslo(2030, 3, 30, 9),
        end=oslo(2030, 3, 31, 15),
    )
    body = client.get(FEED).data
    expected_utc = {winter.id: 8, summer.id: 7, autumn.id: 8, across.id: 8}

    events = events_by_uid(body)
    for gid, hour in expected_utc.items():
        event = events[f"gathering-{gid}@kompetansenett"]
        assert event.start.astimezone(OSLO).hour == 9
        assert event.start.astimezone(UTC).hour == hour
    assert events[f"gathering-{across.id}@kompetansenett"].end.astimezone(UTC) == dt.datetime(
        2030, 3, 31, 13, 0, tzinfo=UTC
    )

    for vevent in read_vobject(body).vevent_list:
        gid = int(vevent.uid.value.split("-")[1].split("@")[0])
        if gid in expected_utc:
            assert vevent.dtstart.value.astimezone(UTC).hour == expected_utc[gid]
            assert vevent.dtstart.value.astimezone(OSLO).hour == 9

    occurrences = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
        dt.datetime(2030, 3, 1, tzinfo=UTC), dt.datetime(2030, 11, 1, tzinfo=UTC)
    )
    mine = {f"gathering-{gid}@kompetansenett" for gid in expected_utc}
    hours = {
        str(e["SUMMARY"]): e["DTSTART"].dt.astimezone(UTC).hour
        for e in occurrences
        if str(e["UID"]) in mine
    }
    assert hours == {"Vinter": 8, "Sommer": 7, "Høst": 8, "Basiskurs": 8}


def test_long_lines_folded_and_text_intact(client, db):
    net = network(NET)
    agenda = "Program: " + " ".join(
        f"Økt {n}: smertelindring, åndenød og ærlig samtale" for n in range(8)
    )
    make_gathering(net, agenda=agenda)
    body = client.get(FEED).data
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)
    event = next(iter(icalendar.Calendar.from_ical(body).walk("VEVENT")))
    assert agenda in str(event["DESCRIPTION"])
    vevent = read_vobject(body).vevent
    assert agenda in vevent.description.value


def test_unchanged_feed_is_byte_identical_and_304(client, db):
    net = network(NET)
    make_gathering(net)
    first = client.get(FEED)
    second = client.get(FEED)
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers.get("Last-Modified")
    again = client.get(FEED, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    make_gathering(net, title="En til")
    changed = client.get(FEED, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200 and changed.headers["ETag"] != first.headers["ETag"]


def test_feed_holds_only_this_networks_gatherings_and_linked_offerings(client, db):
    net = network(NET)
    other = make_network()
    own = make_gathering(net)
    foreign = make_gathering(other, title="Annet nettverk")
    course = _db.session.scalar(
        _db.select(Course).where(Course.key == "grunnkurs-palliasjon-haukeland")
    )
    linked = Offering(
        course=course,
        start=oslo(2030, 9, 1, 9),
        end=oslo(2030, 9, 2, 15),
        status=OfferingStatus.published,
    )
    linked.networks = [net]
    cancelled = Offering(
        course=course,
        start=oslo(2030, 10, 1, 9),
        end=oslo(2030, 10, 1, 15),
        status=OfferingStatus.cancelled,
    )
    cancelled.networks = [net]
    unlinked = Offering(course=course, start=oslo(2030, 11, 1, 9), end=oslo(2030, 11, 1, 15))
    _db.session.add_all([linked, cancelled, unlinked])
    _db.session.flush()
    events = events_by_uid(client.get(FEED).data)
    assert f"gathering-{own.id}@kompetansenett" in events
    assert f"gathering-{foreign.id}@kompetansenett" not in events
    offering = events[f"offering-{linked.id}@kompetansenett"]
    assert offering.categories == [net.name]
    assert str(events[f"offering-{cancelled.id}@kompetansenett"]["STATUS"]) == "CANCELLED"
    assert f"offering-{unlinked.id}@kompetansenett" not in events


def test_personal_feed_token_private_and_renewable(api, client, login, db):
    net = network(NET)
    user = make_user(Role.resource_person)
    person = user.person
    mine = make_gathering(net, title="Min samling")
    make_gathering(net, title="Ikke min")
    api(user).post(f"/api/v1/gatherings/{mine.id}/registrations", json={"person_id": person.id})
    url = f"/calendar/{person.calendar_token}.ics"
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]
    events = events_by_uid(response.data)
    assert list(events) == [f"gathering-{mine.id}@kompetansenett"]
    assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    assert client.get("/calendar/ukjent-token.ics").status_code == 404

    # Someone else may not renew it; the person may, and the old address stops working.
    login(make_user(Role.resource_person))
    assert client.post(f"/persons/{person.id}/calendar-token").status_code in (403, 404)
    assert client.get(url).status_code == 200
    login(user)
    renewed = client.post(f"/persons/{person.id}/calendar-token")
    assert renewed.headers["Location"].endswith(f"/persons/{person.id}")
    _db.session.refresh(person)
    assert client.get(url).status_code == 404
    assert client.get(f"/calendar/{person.calendar_token}.ics").status_code == 200


def test_personal_feed_marks_the_waiting_list(api, client, db):
    net = network(NET)
    coord = api(make_coordinator(net))
    full = make_gathering(net, title="Full samling", capacity=0)
    person = make_person()
    coord.post(f"/api/v1/gatherings/{full.id}/registrations", json={"person_id": person.id})
    event = next(
        iter(
            icalendar.Calendar.from_ical(
                client.get(f"/calendar/{person.calendar_token}.ics").data
            ).walk("VEVENT")
        )
    )
    assert str(event["SUMMARY"]) == "Venteliste: Full samling"
