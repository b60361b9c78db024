"""The personal calendar feed, ``GET /calendar/{token}.ics``: the person's registrations (from
the gatherings and courses features) and her open deadlines as all-day events.

A deadline event's ``UID`` is ``deadline-{person}-{network}-{requirement}@kompetansenett`` for
its whole life; once the requirement is met the event stays with ``STATUS:CANCELLED`` and a
raised ``SEQUENCE``. The route joins the ``gatherings`` blueprint (endpoint
``gatherings.person_calendar``, as before) but lives here because it reads progress, which the
gatherings layer may not import.
"""

from __future__ import annotations

import datetime as dt

from flask import abort
from flask_babel import gettext as _
from sqlalchemy import select

from app.core.conditional import send_conditional
from app.core.ical import ICAL_MIMETYPE, CalendarEvent, build_calendar, feed_last_modified
from app.core.types import OSLO, UTC, today_oslo
from app.extensions import db
from app.gatherings.calendar import person_events
from app.gatherings.views import bp
from app.notifications.messages import progress_url
from app.people.models import Person
from app.progress.reports import memberships_and_results


def deadline_uid(person_id: int, network: str, requirement: str) -> str:
    """The UID of a deadline event, stable for the person's requirement."""
    return f"deadline-{person_id}-{network}-{requirement}@kompetansenett"


def _midnight(day: dt.date, tz: dt.tzinfo = OSLO) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=tz)


def deadline_events(person_id: int, today: dt.date) -> list[CalendarEvent]:
    """One all-day event per requirement with a deadline: open ones confirmed, met ones
    cancelled (kept in the feed)."""
    events = []
    for _pid, membership, result in memberships_and_results([person_id], today):
        for r in result.requirements:
            if r.deadline is None or r.yearly or r.status == "not_applicable":
                continue
            met = r.status == "met"
            # DTSTAMP from what the event depends on, so an unchanged feed stays byte-identical.
            stamp = _midnight(r.met_on if met and r.met_on else membership.start, UTC)
            events.append(
                CalendarEvent(
                    uid=deadline_uid(person_id, result.network, r.key),
                    summary=_("Frist: %(title)s", title=r.title),
                    start=_midnight(r.deadline),
                    end=_midnight(r.deadline + dt.timedelta(days=1)),
                    sequence=1 if met else 0,
                    stamp=stamp,
                    last_modified=stamp,
                    description=f"{result.title}\n\n{progress_url(person_id)}",
                    url=progress_url(person_id),
                    cancelled=met,
                    categories=(_("Frist"),),
                    all_day=True,
                )
            )
    return events


@bp.get("/calendar/<token>.ics")
def person_calendar(token: str):
    """A person's own calendar; the token in the address is the secret."""
    if not token or len(token) > 64:
        abort(404)
    person = db.session.scalar(select(Person).where(Person.calendar_token == token))
    if person is None:
        abort(404)
    events = person_events(person) + deadline_events(person.id, today_oslo())
    events.sort(key=lambda e: (e.start, e.uid))
    body = build_calendar(
        f"Kompetansenett – {person.name}",
        events,
        description=_("Samlinger og kurs du er påmeldt, og fristene dine"),
    )
    return send_conditional(
        body,
        ICAL_MIMETYPE,
        last_modified=feed_last_modified(events),
        filename="kalender.ics",
        private=True,
        max_age=900,
    )
