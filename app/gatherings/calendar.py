"""The network calendars: a network's public feed and a person's private feed (RFC 5545).

Events are built from the models by a serializer (``app.core.ical``), never from a template:
``UID`` ``gathering-{id}@kompetansenett`` for the gathering's whole life, ``SEQUENCE`` from its
revision, ``DTSTAMP`` from ``updated_at`` (so an unchanged feed is byte-identical), and
``STATUS:CANCELLED`` for a cancelled gathering, which stays in the feed. Course offerings come
from the courses feature's ``app.courses.calendar``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from flask import current_app, has_app_context
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core.ical import CalendarEvent, build_calendar, feed_last_modified
from app.courses.calendar import network_offerings, offering_events, person_offering_events
from app.courses.models import Offering, offering_networks
from app.extensions import db
from app.gatherings.models import Gathering
from app.networks.models import Network
from app.people.models import Person
from app.registrations.models import Registration, RegistrationStatus


def gathering_uid(gathering_id: int) -> str:
    """The event's UID, stable for the gathering's whole life."""
    return f"gathering-{gathering_id}@kompetansenett"


def _base_url() -> str:
    if has_app_context():
        return str(current_app.config.get("BASE_URL") or "").rstrip("/")
    return ""


def gathering_url(gathering_id: int) -> str:
    """The gathering's page as an absolute URL (from BASE_URL, so feeds do not vary by host)."""
    return f"{_base_url()}/gatherings/{gathering_id}"


def gathering_event(
    gathering: Gathering,
    *,
    categories: tuple[str, ...] = (),
    summary_prefix: str = "",
    stamp: dt.datetime | None = None,
) -> CalendarEvent:
    """The calendar event of one gathering (the network must be loaded for the description)."""
    lines = [gathering.kind.label]
    if gathering.online_url:
        lines.append(f"Digitalt: {gathering.online_url}")
    if gathering.agenda:
        lines += ["", gathering.agenda]
    if gathering.reading_list:
        lines += ["", "Anbefalt litteratur:"]
        lines += [
            f"- {item.title}" + (f" ({item.url})" if item.url else "")
            for item in gathering.reading_list
        ]
    lines += ["", gathering_url(gathering.id)]
    changed = stamp or gathering.updated_at
    return CalendarEvent(
        uid=gathering_uid(gathering.id),
        summary=f"{summary_prefix}{gathering.title}",
        start=gathering.start,
        end=gathering.end,
        sequence=gathering.revision or 0,
        stamp=changed,
        last_modified=changed,
        location=gathering.location or gathering.online_url,
        description="\n".join(lines),
        url=gathering_url(gathering.id),
        cancelled=gathering.status.value == "cancelled",
        categories=categories,
    )


def _ordered(events: Iterable[CalendarEvent]) -> list[CalendarEvent]:
    return sorted(events, key=lambda e: (e.start, e.uid))


@dataclass(frozen=True)
class Feed:
    """A built feed with its validators."""

    body: bytes
    last_modified: dt.datetime | None


def _offering_events_for_network(network: Network) -> list[CalendarEvent]:
    """The offerings linked to the network (cancelled ones kept), from the courses feature."""

    return list(offering_events(network_offerings(network.id)))


def network_events(network: Network) -> list[CalendarEvent]:
    """Every gathering of the network (cancelled ones too) and its linked course offerings,
    all tagged with the network's name."""
    gatherings = db.session.scalars(
        select(Gathering)
        .where(Gathering.network_id == network.id)
        .options(selectinload(Gathering.reading_list))
        .order_by(Gathering.start, Gathering.id)
    ).all()
    categories = (network.name,)
    events = [gathering_event(g, categories=categories) for g in gatherings]
    events += [
        dataclasses.replace(event, categories=categories)
        for event in _offering_events_for_network(network)
    ]
    return _ordered(events)


def network_feed(network: Network) -> Feed:
    """The network's public calendar."""
    events = network_events(network)
    body = build_calendar(
        network.name, events, description=_("Samlinger og kurs i %(n)s", n=network.name)
    )
    return Feed(body, feed_last_modified(events))


def person_events(person: Person) -> list[CalendarEvent]:
    """The gatherings the person is registered or waiting for, and their course offerings."""

    registrations = db.session.scalars(
        select(Registration)
        .where(
            Registration.person_id == person.id,
            Registration.gathering_id.is_not(None),
            Registration.status != RegistrationStatus.cancelled,
        )
        .options(
            selectinload(Registration.gathering).selectinload(Gathering.network),
            selectinload(Registration.gathering).selectinload(Gathering.reading_list),
        )
    ).all()
    events = []
    for registration in registrations:
        gathering = registration.gathering
        waiting = registration.status is RegistrationStatus.waitlisted
        # Promotion from the waiting list changes the summary: let DTSTAMP show it.
        stamp = max(gathering.updated_at, registration.updated_at)
        events.append(
            gathering_event(
                gathering,
                categories=(gathering.network.name,),
                summary_prefix="Venteliste: " if waiting else "",
                stamp=stamp,
            )
        )
    events += list(person_offering_events(person.id))
    return _ordered(events)


def person_feed(person: Person) -> Feed:
    """The person's private calendar."""
    events = person_events(person)
    body = build_calendar(
        f"Kompetansenett – {person.name}",
        events,
        description=_("Samlinger og kurs du er påmeldt"),
    )
    return Feed(body, feed_last_modified(events))


# --- cheap validators ------------------------------------------------------------------------
#
# A feed reader asks again every few minutes; rebuilding 1,000 events to find out nothing
# changed costs as much as the first fetch. Every change to an event raises its revision and
# updated_at (gatherings, offerings, their modules, reading lists and course titles all do), so
# two aggregate queries tell whether the feed changed: that is the ETag. Built bodies are kept
# by ETag in a small per-process cache.

_FEED_CACHE: dict[str, Feed] = {}
_FEED_CACHE_SIZE = 64


def network_feed_etag(network: Network) -> str:
    """A validator for the network feed that needs no event to be built."""

    gatherings = db.session.execute(
        select(
            func.count(Gathering.id),
            func.coalesce(func.sum(Gathering.revision), 0),
            func.max(Gathering.updated_at),
        ).where(Gathering.network_id == network.id)
    ).one()
    offerings = db.session.execute(
        select(
            func.count(Offering.id),
            func.coalesce(func.sum(Offering.revision), 0),
            func.max(Offering.updated_at),
            func.coalesce(func.sum(Offering.id), 0),
        )
        .join(offering_networks, offering_networks.c.offering_id == Offering.id)
        .where(offering_networks.c.network_id == network.id)
    ).one()
    material = "|".join(
        str(part)
        for part in (
            "network-feed-v1",
            network.id,
            network.name,
            network.updated_at,
            *gatherings,
            *offerings,
            _base_url(),
            get_locale(),
        )
    )
    return hashlib.sha256(material.encode()).hexdigest()


def cached_network_feed(network: Network, etag: str) -> Feed:
    """The network feed for this validator, built once per process."""
    feed = _FEED_CACHE.get(etag)
    if feed is None:
        feed = network_feed(network)
        if len(_FEED_CACHE) >= _FEED_CACHE_SIZE:
            _FEED_CACHE.pop(next(iter(_FEED_CACHE)))
        _FEED_CACHE[etag] = feed
    return feed
