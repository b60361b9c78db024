"""GET /courses/calendar.ics read back by icalendar, vobject and recurring-ical-events: one
event per offering or per module, stable UIDs, Oslo times across the change to summer time,
SEQUENCE raised by edits, STATUS:CANCELLED kept, ETag/Last-Modified and 304."""

from __future__ import annotations

import datetime as dt

import icalendar
import recurring_ical_events
import vobject

from app.core.types import OSLO
from app.courses import calendar, operations
from app.registrations import operations as registrations
from tests.factories import make_admin, make_course, make_person


def _offering(api):
    course = make_course(title="Teoretisk kurs i palliativ medisin")
    body = {
        "start": "2026-03-23T09:00",
        "end": "2026-04-01T15:00",
        "location": "Trondheim",
        "capacity": 35,
        "modules": [
            {
                "title": "Modul 1",
                "start": "2026-03-23T09:00",
                "end": "2026-03-24T15:00",
                "location": "Trondheim",
            },
            {
                "title": "Modul 2",
                "start": "2026-03-31T09:00",
                "end": "2026-04-01T15:00",
                "location": "Bergen",
            },
        ],
    }
    response = api.post(f"/api/v1/courses/{course.key}/offerings", json=body)
    assert response.status_code == 201
    return response.get_json()["id"]


def _events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_feed_parses_in_three_libraries_and_keeps_wall_time(client, api, db):
    admin = api(make_admin())
    offering_id = _offering(admin)
    plain = make_course(title="Enkeltkurs")
    single = admin.post(
        f"/api/v1/courses/{plain.key}/offerings",
        json={"start": "2026-05-04T10:00", "end": "2026-05-04T14:00", "location": "Hamar"},
    ).get_json()["id"]
    response = client.get("/courses/calendar.ics")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    data = response.data
    events = _events(data)
    module_uids = [u for u in events if u.startswith(f"offering-{offering_id}-module-")]
    assert len(module_uids) == 2  # one event per module, not one for the offering
    assert f"offering-{offering_id}@kompetansenett" not in events
    assert f"offering-{single}@kompetansenett" in events
    starts = sorted(events[u].decoded("DTSTART") for u in module_uids)
    # 09:00 Oslo in winter (UTC+1) and summer time (UTC+2): the wall time stays 09:00.
    assert [s.astimezone(OSLO).hour for s in starts] == [9, 9]
    assert [s.utcoffset() for s in starts] == [dt.timedelta(hours=1), dt.timedelta(hours=2)]
    assert b"TZID=Europe/Oslo" in data and b"BEGIN:VTIMEZONE" in data

    parsed = vobject.readOne(data.decode())
    v_events = {e.uid.value: e for e in parsed.vevent_list}
    assert set(v_events) == set(events)
    for uid in module_uids:
        assert v_events[uid].dtstart.value == events[uid].decoded("DTSTART")
        assert int(v_events[uid].sequence.value) == int(events[uid]["SEQUENCE"])

    cal = icalendar.Calendar.from_ical(data)
    spring = recurring_ical_events.of(cal).between(dt.date(2026, 3, 1), dt.date(2026, 4, 30))
    assert sorted(str(e["UID"]) for e in spring) == sorted(module_uids)
    assert all(str(e["STATUS"]) == "CONFIRMED" for e in spring)


def test_edit_raises_sequence_and_cancel_keeps_event(client, api, db):
    admin = api(make_admin())
    offering_id = _offering(admin)
    before = _events(client.get("/courses/calendar.ics").data)
    uids = sorted(u for u in before if u.startswith(f"offering-{offering_id}-"))
    assert [int(before[u]["SEQUENCE"]) for u in uids] == [0, 0]

    admin.patch(f"/api/v1/offerings/{offering_id}", json={"location": "Levanger"})
    admin.patch(
        f"/api/v1/offerings/{offering_id}",
        json={
            "modules": [
                {"title": "Modul 1", "start": "2026-03-23T10:00", "end": "2026-03-24T15:00"},
                {"title": "Modul 2", "start": "2026-03-31T09:00", "end": "2026-04-01T15:00"},
            ]
        },
    )
    after = _events(client.get("/courses/calendar.ics").data)
    assert sorted(u for u in after if u.startswith(f"offering-{offering_id}-")) == uids
    assert [int(after[u]["SEQUENCE"]) for u in uids] == [2, 2]
    assert min(after[u].decoded("DTSTART") for u in uids).astimezone(OSLO).hour == 10

    admin.patch(f"/api/v1/offerings/{offering_id}", json={"status": "cancelled"})
    cancelled = client.get("/courses/calendar.ics").data
    events = _events(cancelled)
    assert [str(events[u]["STATUS"]) for u in uids] == ["CANCELLED", "CANCELLED"]
    assert [int(events[u]["SEQUENCE"]) for u in uids] == [3, 3]
    v_events = {e.uid.value: e for e in vobject.readOne(cancelled.decode()).vevent_list}
    assert [v_events[u].status.value for u in uids] == ["CANCELLED", "CANCELLED"]


def test_etag_and_304(client, api, db):
    admin = api(make_admin())
    offering_id = _offering(admin)
    first = client.get("/courses/calendar.ics")
    etag = first.headers["ETag"]
    assert etag and first.headers["Last-Modified"]
    again = client.get("/courses/calendar.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    since = client.get(
        "/courses/calendar.ics", headers={"If-Modified-Since": first.headers["Last-Modified"]}
    )
    assert since.status_code == 304
    admin.patch(f"/api/v1/offerings/{offering_id}", json={"location": "Molde"})
    changed = client.get("/courses/calendar.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_person_events_follow_registrations(db):
    course = make_course()
    start = dt.datetime(2026, 10, 26, 9, tzinfo=OSLO)
    offering = operations.create_offering(
        course, {"start": start, "end": start + dt.timedelta(hours=6), "capacity": 1}
    )
    other = operations.create_offering(
        course, {"start": start, "end": start + dt.timedelta(hours=6)}
    )
    person, second = make_person(), make_person()
    reg = registrations.register(offering, person, override_deadline=True)
    registrations.register(offering, second, override_deadline=True)
    uids = [e.uid for e in calendar.person_offering_events(person.id)]
    assert uids == [f"offering-{offering.id}@kompetansenett"]
    assert [e.uid for e in calendar.person_offering_events(second.id)] == uids  # waitlisted too
    registrations.cancel(reg)
    assert calendar.person_offering_events(person.id) == []
    assert other.id not in [e.uid for e in calendar.person_offering_events(second.id)]
