"""Who gets which notification today: pure functions over plain data, the day passed in.

No Flask, no database, no clock. The jobs (``jobs.py``) load the plain data in a fixed number of
queries, these functions decide, and the outbox's unique ``key`` makes each decision at most one
e-mail however many times the job runs (CONTRACT.md "Notifications", "once per" column).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

#: the kinds a recipient can turn off, in the order the preferences page shows them
KINDS = ("deadline_soon", "overdue", "event_soon", "leader_digest", "coordinator_digest")

#: a deadline this many days ahead is announced
SOON_DAYS = 30
#: a gathering or offering starting within this many days is announced
EVENT_DAYS = 7
#: the leader's digest lists deadlines up to this many days ahead
DIGEST_DAYS = 60
#: the coordinator's Monday digest counts as new what became overdue in the last week
NEW_OVERDUE_DAYS = 7

OPEN = ("due", "in_progress", "overdue")


@dataclass(frozen=True, slots=True)
class Deadline:
    """One requirement of one person with a deadline, and its standing on the day."""

    person_id: int
    network: str
    requirement: str
    title: str
    deadline: dt.date
    status: str
    network_id: int = 0

    def days_left(self, today: dt.date) -> int:
        """Days from ``today`` to the deadline (negative once passed)."""
        return (self.deadline - today).days

    @property
    def ident(self) -> str:
        """Person, requirement and deadline: what a notice about it is once per."""
        return f"{self.person_id}:{self.network}:{self.requirement}:{self.deadline.isoformat()}"


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A registration (registered, not waiting) for a gathering or offering."""

    registration_id: int
    person_id: int
    what: str  # "gathering" or "offering"
    what_id: int
    starts_on: dt.date


@dataclass(frozen=True, slots=True)
class Notice:
    """One notification due today: its kind, its once-only key, to whom, about what."""

    kind: str
    key: str
    #: the recipient: a person id (persons) or a user id (coordinators)
    recipient: int
    about: tuple = field(default=())


def deadline_notices(
    deadlines: Iterable[Deadline], leaders: dict[int, int | None], today: dt.date
) -> list[Notice]:
    """30 days ahead (that day or a later run before it) to the person; overdue to the person
    and, once, her leader (``leaders``: person id → leader's person id)."""
    out: list[Notice] = []
    for d in deadlines:
        if d.status not in OPEN:
            continue
        left = d.days_left(today)
        if left < 0 or d.status == "overdue":
            out.append(Notice("overdue", f"overdue:{d.ident}:person", d.person_id, (d,)))
            leader = leaders.get(d.person_id)
            if leader is not None and leader != d.person_id:
                out.append(Notice("overdue", f"overdue:{d.ident}:leader", leader, (d,)))
        elif left <= SOON_DAYS:
            out.append(Notice("deadline_soon", f"deadline_soon:{d.ident}", d.person_id, (d,)))
    return out


def event_notices(upcoming: Iterable[Upcoming], today: dt.date) -> list[Notice]:
    """A gathering or offering starting within 7 days, to each registered person, once."""
    return [
        Notice("event_soon", f"event_soon:registration:{u.registration_id}", u.person_id, (u,))
        for u in upcoming
        if 0 < (u.starts_on - today).days <= EVENT_DAYS
    ]


def in_digest(d: Deadline, today: dt.date) -> bool:
    """Open and overdue, or due within 60 days: what a leader's digest lists."""
    return d.status in OPEN and d.days_left(today) <= DIGEST_DAYS


def leader_digests(
    deadlines: Iterable[Deadline], leaders: dict[int, int | None], today: dt.date
) -> list[Notice]:
    """The first day of a month: each leader with staff overdue or due within 60 days."""
    if today.day != 1:
        return []
    staff: dict[int, list[Deadline]] = defaultdict(list)
    for d in deadlines:
        leader = leaders.get(d.person_id)
        if leader is not None and in_digest(d, today):
            staff[leader].append(d)
    month = f"{today.year:04d}-{today.month:02d}"
    return [
        Notice("leader_digest", f"leader_digest:{leader}:{month}", leader, tuple(items))
        for leader, items in sorted(staff.items())
    ]


def is_new_overdue(d: Deadline, today: dt.date) -> bool:
    """Became overdue within the last week (the deadline passed in the last 7 days)."""
    return d.status == "overdue" and -NEW_OVERDUE_DAYS <= d.days_left(today) < 0


def week_key(today: dt.date) -> str:
    """The ISO week of the day, e.g. 2026-W49."""
    year, week, _ = today.isocalendar()
    return f"{year:04d}-W{week:02d}"


@dataclass(frozen=True, slots=True)
class DigestSection:
    """One section of a coordinator's digest: a name and its lines (plain data)."""

    name: str
    lines: tuple = ()


def coordinator_digests(
    coordinators: dict[int, set[int]],
    sections: dict[str, dict[int, list]],
    today: dt.date,
) -> list[Notice]:
    """Mondays: each coordinator (user id → her network ids) with something in her networks.

    ``sections`` maps a section name to network id → lines; a coordinator's digest holds only
    the lines of her own networks and is not sent when every section is empty for her.
    """
    if today.weekday() != 0:
        return []
    out = []
    for user_id, networks in sorted(coordinators.items()):
        mine = []
        for name, by_network in sections.items():
            lines = [line for nid in sorted(networks) for line in by_network.get(nid, ())]
            if lines:
                mine.append(DigestSection(name, tuple(lines)))
        if mine:
            key = f"coordinator_digest:{user_id}:{week_key(today)}"
            out.append(Notice("coordinator_digest", key, user_id, tuple(mine)))
    return out


def wanted(notices: Iterable[Notice], address: dict[int, str], off: set[tuple[str, str]]):
    """The notices whose recipient has an address and has not turned their kind off."""
    for notice in notices:
        email = address.get(notice.recipient)
        if email and (email.lower(), notice.kind) not in off:
            yield notice, email
