"""iCalendar feeds (RFC 5545) built with the ``icalendar`` library, never from a template.

Every event keeps one ``UID`` for its whole life, carries a ``SEQUENCE`` that its owner bumps on
each change and a ``DTSTAMP`` taken from its ``updated_at``, so that calendar clients see edits
and cancellations as updates of the same event. Times are written as Europe/Oslo wall time with
``TZID=Europe/Oslo`` and one matching ``VTIMEZONE``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from icalendar import Calendar, Event, Timezone, vDuration

from app.core.types import OSLO, UTC, utcnow

TZID = "Europe/Oslo"
REFRESH = dt.timedelta(hours=1)
ICAL_MIMETYPE = "text/calendar"


@dataclass(frozen=True)
class CalendarEvent:
    """One event in a feed; datetimes must be timezone-aware."""

    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    sequence: int = 0
    #: When the event last changed (the model's ``updated_at``); becomes ``DTSTAMP``.
    stamp: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    location: str | None = None
    description: str | None = None
    url: str | None = None
    #: A cancelled event stays in the feed with ``STATUS:CANCELLED`` so clients remove it.
    cancelled: bool = False
    categories: tuple[str, ...] = ()
    #: an all-day event: written as ``VALUE=DATE`` from the Oslo days of start and end
    all_day: bool = False

    def __post_init__(self) -> None:
        if not self.uid:
            raise ValueError("a calendar event needs a uid")
        for name in ("start", "end", "stamp", "last_modified"):
            value = getattr(self, name)
            if value is not None and value.tzinfo is None:
                raise ValueError(f"CalendarEvent.{name} must be timezone-aware")
        if self.end < self.start:
            raise ValueError("a calendar event cannot end before it starts")


def _oslo_timezone(events: list[CalendarEvent]) -> Timezone:
    """The standard Europe/Oslo VTIMEZONE with yearly rules (EU rules, in force since 1996).

    Every feed carries the same definition, whatever its events: clients such as vobject and
    Outlook keep the first definition they see for a TZID, and an RRULE-based one (as the
    tzurl.org definitions) is read correctly by all of them, where long RDATE lists are not.
    """
    return Timezone.from_ical(OSLO_VTIMEZONE)


OSLO_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Oslo
X-LIC-LOCATION:Europe/Oslo
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
""".replace("\n", "\r\n")


def _vevent(event: CalendarEvent, now: dt.datetime) -> Event:
    """The VEVENT component for one event."""
    vevent = Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", (event.stamp or now).astimezone(UTC))
    if event.all_day:
        vevent.add("dtstart", event.start.astimezone(OSLO).date())
        vevent.add("dtend", event.end.astimezone(OSLO).date())
    else:
        vevent.add("dtstart", event.start.astimezone(OSLO))
        vevent.add("dtend", event.end.astimezone(OSLO))
    vevent.add("sequence", event.sequence)
    if event.last_modified is not None:
        vevent.add("last-modified", event.last_modified.astimezone(UTC))
    vevent.add("summary", event.summary)
    if event.location:
        vevent.add("location", event.location)
    if event.description:
        vevent.add("description", event.description)
    if event.url:
        vevent.add("url", event.url)
    if event.categories:
        vevent.add("categories", list(event.categories))
    vevent.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if event.all_day else "OPAQUE")
    return vevent


def build_calendar(
    name: str,
    events: Iterable[CalendarEvent],
    *,
    description: str | None = None,
    prodid: str = "-//Kompetansenett//NO",
) -> bytes:
    """Serialise events into a published iCalendar feed (bytes, CRLF line endings)."""
    events = list(events)
    now = utcnow()
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", prodid)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", TZID)
    # icalendar writes an unknown X- property from a timedelta as "1:00:00"; say PT1H explicitly.
    calendar.add("x-published-ttl", vDuration(REFRESH))
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add_component(_oslo_timezone(events))
    for event in events:
        calendar.add_component(_vevent(event, now))
    return calendar.to_ical()


def feed_etag(events: Iterable[CalendarEvent], extra: str = "") -> str:
    """A strong, quoted ETag for a feed, computed from what changes when an event changes."""
    digest = hashlib.sha256()
    for event in events:
        stamp = event.stamp.astimezone(UTC).isoformat() if event.stamp else ""
        line = f"{event.uid}\x1f{event.sequence}\x1f{stamp}\x1f{int(event.cancelled)}\x1e"
        digest.update(line.encode())
    digest.update(extra.encode())
    return f'"{digest.hexdigest()}"'


def feed_last_modified(events: Iterable[CalendarEvent]) -> dt.datetime | None:
    """The latest stamp among the events (for ``Last-Modified``), or None."""
    stamps = [event.stamp for event in events if event.stamp is not None]
    return max(stamps, default=None)
