"""The iCalendar serializer, read back by three independent parsers."""

from __future__ import annotations

import dataclasses
import datetime as dt

import icalendar
import pytest
import recurring_ical_events
import vobject

from app.core.ical import CalendarEvent, build_calendar, feed_etag, feed_last_modified
from app.core.types import OSLO, UTC

STAMP = dt.datetime(2026, 2, 1, 10, 30, tzinfo=UTC)


def winter_event(**overrides) -> CalendarEvent:
    values = dict(
        uid="gathering-17@kompetansenett.no",
        summary="Nettverkssamling: smertelindring; dag 1",
        start=dt.datetime(2026, 3, 10, 9, 0, tzinfo=OSLO),
        end=dt.datetime(2026, 3, 10, 15, 30, tzinfo=OSLO),
        sequence=3,
        stamp=STAMP,
        last_modified=STAMP,
        location="Ullevål, Oslo",
        description="Program:\n09.00 Velkommen, kaffe",
        url="https://kompetansenett.example/networks/palliasjon/gatherings/17",
        categories=("Samling",),
    )
    values.update(overrides)
    return CalendarEvent(**values)


def summer_event(**overrides) -> CalendarEvent:
    values = dict(
        uid="offering-4-module-2@kompetansenett.no",
        summary="Kurs i kreftomsorg, modul 2",
        # Given in UTC on purpose: the feed must show it as Oslo wall time.
        start=dt.datetime(2026, 6, 15, 7, 0, tzinfo=UTC),
        end=dt.datetime(2026, 6, 15, 14, 0, tzinfo=UTC),
        sequence=0,
        stamp=dt.datetime(2026, 1, 5, 8, 0, tzinfo=UTC),
        cancelled=True,
    )
    values.update(overrides)
    return CalendarEvent(**values)


@pytest.fixture()
def feed() -> bytes:
    return build_calendar(
        "Palliasjonsnettverket", [winter_event(), summer_event()], description="Samlinger"
    )


def test_calendar_header_properties(feed):
    calendar = icalendar.Calendar.from_ical(feed)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Kompetansenett//NO"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Palliasjonsnettverket"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Oslo"
    assert b"X-PUBLISHED-TTL:PT1H" in feed
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in feed
    assert b"\r\n" in feed


def test_one_vtimezone_and_times_with_tzid(feed):
    calendar = icalendar.Calendar.from_ical(feed)
    timezones = calendar.walk("VTIMEZONE")
    assert [tz["TZID"] for tz in timezones] == ["Europe/Oslo"]
    assert b"DTSTART;TZID=Europe/Oslo:20260310T090000" in feed
    assert b"DTEND;TZID=Europe/Oslo:20260310T153000" in feed
    # 07:00Z in June is 09:00 summer time in Oslo.
    assert b"DTSTART;TZID=Europe/Oslo:20260615T090000" in feed


def test_event_properties_read_back_with_icalendar(feed):
    calendar = icalendar.Calendar.from_ical(feed)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    winter = events["gathering-17@kompetansenett.no"]
    assert str(winter["SUMMARY"]) == "Nettverkssamling: smertelindring; dag 1"
    assert str(winter["LOCATION"]) == "Ullevål, Oslo"
    assert str(winter["DESCRIPTION"]) == "Program:\n09.00 Velkommen, kaffe"
    assert str(winter["URL"]) == "https://kompetansenett.example/networks/palliasjon/gatherings/17"
    assert winter["SEQUENCE"] == 3
    assert winter["STATUS"] == "CONFIRMED"
    assert winter["TRANSP"] == "OPAQUE"
    assert winter.decoded("DTSTAMP") == STAMP
    assert winter.decoded("LAST-MODIFIED") == STAMP
    assert winter.categories == ["Samling"]
    summer = events["offering-4-module-2@kompetansenett.no"]
    assert summer["STATUS"] == "CANCELLED"
    assert str(summer["SUMMARY"]) == "Kurs i kreftomsorg, modul 2"
    assert summer["SEQUENCE"] == 0


def test_read_back_with_vobject(feed):
    calendar = vobject.readOne(feed.decode("utf-8"))
    events = {event.uid.value: event for event in calendar.vevent_list}
    winter = events["gathering-17@kompetansenett.no"]
    start = winter.dtstart.value
    assert start.utcoffset() == dt.timedelta(hours=1)
    assert (start.hour, start.minute) == (9, 0)
    assert start.astimezone(UTC) == dt.datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
    assert winter.summary.value == "Nettverkssamling: smertelindring; dag 1"
    assert winter.sequence.value == "3"
    summer = events["offering-4-module-2@kompetansenett.no"]
    assert summer.status.value == "CANCELLED"
    assert summer.dtstart.value.astimezone(UTC) == dt.datetime(2026, 6, 15, 7, 0, tzinfo=UTC)
    assert summer.dtstart.value.utcoffset() == dt.timedelta(hours=2)
    assert len(calendar.vtimezone_list) == 1


def test_read_back_with_recurring_ical_events(feed):
    calendar = icalendar.Calendar.from_ical(feed)
    march = recurring_ical_events.of(calendar).between(dt.date(2026, 3, 1), dt.date(2026, 4, 1))
    assert [str(event["UID"]) for event in march] == ["gathering-17@kompetansenett.no"]
    start = march[0]["DTSTART"].dt
    assert start.astimezone(OSLO).replace(tzinfo=None) == dt.datetime(2026, 3, 10, 9, 0)
    assert start.astimezone(UTC) == dt.datetime(2026, 3, 10, 8, 0, tzinfo=UTC)

    june = recurring_ical_events.of(calendar).between(dt.date(2026, 6, 1), dt.date(2026, 7, 1))
    assert len(june) == 1
    assert june[0]["STATUS"] == "CANCELLED"
    start = june[0]["DTSTART"].dt
    assert start.astimezone(OSLO).replace(tzinfo=None) == dt.datetime(2026, 6, 15, 9, 0)
    assert start.astimezone(UTC) == dt.datetime(2026, 6, 15, 7, 0, tzinfo=UTC)


def test_empty_calendar_is_valid():
    feed = build_calendar("Tom", [])
    calendar = icalendar.Calendar.from_ical(feed)
    assert calendar.walk("VEVENT") == []
    assert len(calendar.walk("VTIMEZONE")) == 1
    vobject.readOne(feed.decode("utf-8"))


def test_missing_stamp_uses_now():
    before = dt.datetime.now(UTC).replace(microsecond=0)
    feed = build_calendar("X", [winter_event(stamp=None, last_modified=None)])
    event = icalendar.Calendar.from_ical(feed).walk("VEVENT")[0]
    assert event.decoded("DTSTAMP") >= before
    assert "LAST-MODIFIED" not in event


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        winter_event(start=dt.datetime(2026, 3, 10, 9, 0))
    with pytest.raises(ValueError, match="before"):
        winter_event(end=dt.datetime(2026, 3, 10, 8, 0, tzinfo=OSLO))


def test_etag_is_strong_stable_and_changes_with_the_events():
    events = [winter_event(), summer_event()]
    etag = feed_etag(events)
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert feed_etag([winter_event(), summer_event()]) == etag
    assert feed_etag([winter_event(sequence=4), summer_event()]) != etag
    assert feed_etag([winter_event(cancelled=True), summer_event()]) != etag
    later = STAMP + dt.timedelta(minutes=1)
    assert feed_etag([winter_event(stamp=later), summer_event()]) != etag
    assert feed_etag(events[:1]) != etag
    assert feed_etag(events, extra="renamed") != etag


def test_last_modified_is_the_latest_stamp():
    events = [winter_event(), summer_event()]
    assert feed_last_modified(events) == STAMP
    assert feed_last_modified([dataclasses.replace(events[0], stamp=None)]) is None
    assert feed_last_modified([]) is None
