"""The notification jobs: compute what is due today → outbox → deliver.

``run(day)`` is what ``flask notify run`` and the task engine's daily job call. Each step is
idempotent: a notification's ``key`` is unique in the outbox (``INSERT … ON CONFLICT DO
NOTHING``), so a second run, or a second worker, queues nothing new.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import force_locale

from app.core import mail
from app.extensions import db
from app.notifications import messages, queries, rules

#: the coordinator's digest sections: name → loader(day, the country's deadlines) giving
#: network id → lines; the KPM sections go to the KPM network's coordinators (CONTRACT.md
#: "KPM", "Notifications").
Section = Callable[[dt.date, list[rules.Deadline]], dict[int, list]]


def _new_overdue(day: dt.date, deadlines: list[rules.Deadline]) -> dict[int, list]:
    out: dict[int, list] = defaultdict(list)
    for d in deadlines:
        if rules.is_new_overdue(d, day):
            out[d.network_id].append(d)
    return dict(out)


DIGEST_SECTIONS: dict[str, Section] = {
    "new_overdue": _new_overdue,
    "completions": lambda day, _d: queries.unverified_completions(day),
    "waitlists": lambda day, _d: queries.waitlisted_offerings(day),
    "kpm_records": lambda day, _d: queries.unattested_kpm_records(day),
    "inspections": lambda day, _d: queries.sites_due_for_inspection(day),
    "findings_overdue": lambda day, _d: queries.findings_past_deadline(day),
}


@dataclass
class RunResult:
    """What a run did: notifications queued, and the delivery's outcome."""

    queued: int = 0
    delivery: mail.Delivery = field(default_factory=mail.Delivery)


def _coordinator_notices(day: dt.date, deadlines: list[rules.Deadline]):
    if day.weekday() != 0:
        return [], {}
    networks, recipients = queries.coordinators()
    if not networks:
        return [], recipients
    sections = {name: loader(day, deadlines) for name, loader in DIGEST_SECTIONS.items()}
    return rules.coordinator_digests(networks, sections, day), recipients


def due_rows(day: dt.date) -> list[dict]:
    """The outbox rows of every notification due on ``day`` not queued before."""
    deadlines = queries.deadlines(queries.member_ids(day), day)
    upcoming = queries.upcoming(day)
    subjects = {d.person_id for d in deadlines} | {u.person_id for u in upcoming}
    recipients, leaders = queries.persons(subjects | queries.leader_ids(subjects))
    notices = (
        rules.deadline_notices(deadlines, leaders, day)
        + rules.event_notices(upcoming, day)
        + rules.leader_digests(deadlines, leaders, day)
    )
    coordinator_notices, coordinators = _coordinator_notices(day, deadlines)
    done = queries.sent_keys(rules.KINDS)
    off = queries.turned_off()
    notices = [n for n in notices if n.key not in done]
    coordinator_notices = [n for n in coordinator_notices if n.key not in done]
    events = queries.events([n.about[0] for n in notices if n.kind == "event_soon"])
    names = {pid: r.name for pid, r in recipients.items()}
    person_addresses = {pid: r.email for pid, r in recipients.items()}
    user_addresses = {uid: r.email for uid, r in coordinators.items()}
    todo = [
        (notice, email, pool[notice.recipient])
        for pool, addresses, notices_ in (
            (recipients, person_addresses, notices),
            (coordinators, user_addresses, coordinator_notices),
        )
        for notice, email in rules.wanted(notices_, addresses, off)
    ]
    rows = []
    # One language switch per language, not per message.
    for locale in sorted({to.locale for _n, _e, to in todo}):
        with force_locale(locale):
            for notice, email, to in todo:
                if to.locale != locale:
                    continue
                message = messages.render_here(notice, to, names, events)
                if message is not None:
                    rows.append(_row(notice, email, message))
    return rows


def _row(notice: rules.Notice, email: str, message: messages.Message) -> dict:
    return mail.outbox_row(
        email,
        message.subject,
        message.body,
        attachments=message.attachments,
        headers=message.headers,
        kind=notice.kind,
        key=notice.key,
    )


def queue_due(day: dt.date) -> int:
    """Put every notification due on ``day`` in the outbox (committed); how many were new."""
    new = mail.queue_unique(due_rows(day))
    db.session.commit()
    return new


def run(day: dt.date, *, now: dt.datetime | None = None) -> RunResult:
    """The daily job: compute what is due on ``day``, queue it, try every queued message."""
    queued = queue_due(day)
    return RunResult(queued=queued, delivery=mail.deliver(now=now))
