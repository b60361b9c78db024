"""Reads for the notification jobs, batched: a fixed number of queries for the whole country.

The deadlines come from the progress read model's batched loaders
(:func:`app.progress.reports.memberships_and_results`: one query per kind of evidence per batch
of persons); everything else here is one query each.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, literal, select, union_all
from sqlalchemy.orm import aliased, selectinload

from app.auth.models import Role, User, coordinator_networks
from app.core.batch import person_filter
from app.core.models import OutboxMessage
from app.core.types import OSLO
from app.courses.models import Course, CourseCompletion, Offering, OfferingStatus, offering_networks
from app.extensions import db
from app.gatherings.models import Gathering, GatheringStatus
from app.kpm import inspection_queries
from app.kpm.models import PersonDocument, SupervisionMeeting, TeachingHours
from app.networks.models import Membership, Network
from app.notifications import rules
from app.notifications.models import NotificationPreference
from app.people.models import Person
from app.progress.reports import memberships_and_results
from app.registrations.models import Registration, RegistrationStatus

#: persons whose facts are held at once while the country's deadlines are read (a country
#: of 20,000 in one go, as the progress of the country; larger ones in batches)
BATCH = 20000


@dataclass(frozen=True, slots=True)
class Recipient:
    """Where and in which language a person or user is written to."""

    id: int
    name: str
    email: str
    locale: str
    person_id: int | None = None


def member_ids(today: dt.date) -> list[int]:
    """Every person with a membership active on the day."""
    return list(
        db.session.scalars(
            select(Membership.person_id)
            .where(Membership.active_on(today))
            .distinct()
            .order_by(Membership.person_id)
        )
    )


def deadlines(
    ids: Sequence[int], today: dt.date, *, keep_met: bool = False
) -> list[rules.Deadline]:
    """The persons' requirements with a deadline on the day (open ones; met ones too when
    ``keep_met``), from the batched progress reads."""
    out = []
    for pid, membership, result in memberships_and_results(list(ids), today, batch=BATCH):
        for r in result.requirements:
            if r.deadline is None or r.yearly or r.status == "not_applicable":
                continue
            if r.status == "met" and not keep_met:
                continue
            if not keep_met and (r.deadline - today).days > rules.DIGEST_DAYS:
                continue
            out.append(
                rules.Deadline(
                    person_id=pid,
                    network=result.network,
                    requirement=r.key,
                    title=r.title,
                    deadline=r.deadline,
                    status=r.status,
                    network_id=membership.network_id,
                )
            )
    return out


def persons(ids: Iterable[int]) -> tuple[dict[int, Recipient], dict[int, int | None]]:
    """Recipients (person id → name, e-mail, language) and leaders (person id → leader id).

    The language is the person's account's, else bokmål (persons without an account).
    """
    wanted = sorted(set(ids))
    if not wanted:
        return {}, {}
    account = aliased(User)
    rows = db.session.execute(
        select(Person.id, Person.name, Person.email, Person.leader_id, account.locale)
        .outerjoin(account, and_(account.person_id == Person.id, account.active.is_(True)))
        .where(person_filter(Person.id, wanted))
    )
    recipients: dict[int, Recipient] = {}
    leaders: dict[int, int | None] = {}
    for pid, name, email, leader_id, locale in rows:
        if pid not in recipients or locale:
            recipients[pid] = Recipient(pid, name, email, locale or "nb", pid)
        leaders[pid] = leader_id
    return recipients, leaders


def leader_ids(ids: Iterable[int]) -> set[int]:
    """The leaders of the persons, in one query."""
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    return set(
        db.session.scalars(
            select(Person.leader_id).where(
                person_filter(Person.id, wanted), Person.leader_id.is_not(None)
            )
        )
    )


def _oslo_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=OSLO)


def upcoming(today: dt.date) -> list[rules.Upcoming]:
    """Registrations (registered, not waiting) for gatherings and offerings starting in the
    next 7 days that are not cancelled; two queries."""
    lo = _oslo_midnight(today + dt.timedelta(days=1))
    hi = _oslo_midnight(today + dt.timedelta(days=rules.EVENT_DAYS + 1))
    out = []
    gatherings = db.session.execute(
        select(Registration.id, Registration.person_id, Gathering.id, Gathering.start)
        .join(Gathering, Registration.gathering_id == Gathering.id)
        .where(
            Registration.status == RegistrationStatus.registered,
            Gathering.status != GatheringStatus.cancelled,
            Gathering.start >= lo,
            Gathering.start < hi,
        )
    )
    for rid, pid, gid, start in gatherings:
        out.append(rules.Upcoming(rid, pid, "gathering", gid, start.astimezone(OSLO).date()))
    offerings = db.session.execute(
        select(Registration.id, Registration.person_id, Offering.id, Offering.start)
        .join(Offering, Registration.offering_id == Offering.id)
        .where(
            Registration.status == RegistrationStatus.registered,
            Offering.status != OfferingStatus.cancelled,
            Offering.start >= lo,
            Offering.start < hi,
        )
    )
    for rid, pid, oid, start in offerings:
        out.append(rules.Upcoming(rid, pid, "offering", oid, start.astimezone(OSLO).date()))
    return out


def events(upcoming_: Iterable[rules.Upcoming]) -> tuple[dict[int, Gathering], dict[int, Offering]]:
    """The gatherings and offerings named, loaded for their text and .ics (four queries)."""
    gathering_ids = {u.what_id for u in upcoming_ if u.what == "gathering"}
    offering_ids = {u.what_id for u in upcoming_ if u.what == "offering"}
    gatherings = {}
    if gathering_ids:
        gatherings = {
            g.id: g
            for g in db.session.scalars(
                select(Gathering)
                .where(Gathering.id.in_(gathering_ids))
                .options(selectinload(Gathering.network), selectinload(Gathering.reading_list))
            )
        }
    offerings = {}
    if offering_ids:
        offerings = {
            o.id: o
            for o in db.session.scalars(
                select(Offering)
                .where(Offering.id.in_(offering_ids))
                .options(selectinload(Offering.course), selectinload(Offering.modules))
            )
        }
    return gatherings, offerings


def coordinators() -> tuple[dict[int, set[int]], dict[int, Recipient]]:
    """Active coordinators (user id → her network ids) and where to write to them."""
    rows = db.session.execute(
        select(User.id, User.email, User.locale, User.person_id, coordinator_networks.c.network_id)
        .join(coordinator_networks, coordinator_networks.c.user_id == User.id)
        .where(User.role == Role.coordinator, User.active.is_(True))
    )
    networks: dict[int, set[int]] = defaultdict(set)
    recipients: dict[int, Recipient] = {}
    for uid, email, locale, person_id, network_id in rows:
        networks[uid].add(network_id)
        recipients[uid] = Recipient(uid, email, email, locale or "nb", person_id)
    return dict(networks), recipients


def unverified_completions(today: dt.date) -> dict[int, list[tuple[str, str, dt.date]]]:
    """Courses taken elsewhere waiting for a coordinator's verification, by network:
    (person's name, course title, completed on)."""
    title = func.coalesce(Course.title, CourseCompletion.title)  # a written-in course too
    rows = db.session.execute(
        select(Membership.network_id, Person.name, title, CourseCompletion.completed_on)
        .join(Person, CourseCompletion.person_id == Person.id)
        .outerjoin(Course, CourseCompletion.course_id == Course.id)
        .join(Membership, Membership.person_id == Person.id)
        .where(CourseCompletion.verified.is_(False), Membership.active_on(today))
        .order_by(Person.name, CourseCompletion.completed_on)
    )
    out: dict[int, list] = defaultdict(list)
    for network_id, name, title, completed_on in rows:
        out[network_id].append((name, title, completed_on))
    return dict(out)


def waitlisted_offerings(today: dt.date) -> dict[int, list[tuple[str, dt.datetime, int]]]:
    """Offerings of the networks, not yet started, with people on the waiting list:
    (course title, start, offering id), by network."""
    waiting = exists().where(
        Registration.offering_id == Offering.id,
        Registration.status == RegistrationStatus.waitlisted,
    )
    rows = db.session.execute(
        select(offering_networks.c.network_id, Course.title, Offering.start, Offering.id)
        .join(Offering, offering_networks.c.offering_id == Offering.id)
        .join(Course, Offering.course_id == Course.id)
        .where(
            waiting,
            Offering.status != OfferingStatus.cancelled,
            Offering.start >= _oslo_midnight(today),
        )
        .order_by(Offering.start)
    )
    out: dict[int, list] = defaultdict(list)
    for network_id, title, start, offering_id in rows:
        out[network_id].append((title, start, offering_id))
    return dict(out)


def turned_off() -> set[tuple[str, str]]:
    """(e-mail, kind) pairs turned off, in one query."""
    rows = db.session.execute(
        select(NotificationPreference.email, NotificationPreference.kind).where(
            NotificationPreference.enabled.is_(False)
        )
    )
    return {(email.lower(), kind) for email, kind in rows}


def sent_keys(kinds: Iterable[str]) -> set[str]:
    """The keys of notifications already in the outbox (queued, sent or failed)."""
    return set(
        db.session.scalars(
            select(OutboxMessage.key).where(
                OutboxMessage.kind.in_(list(kinds)), OutboxMessage.key.is_not(None)
            )
        )
    )


def preferences_for(emails: Iterable[str]) -> dict[str, bool]:
    """Kind → on/off for the addresses (on unless any of them turned it off)."""
    addresses = sorted({e.lower() for e in emails if e})
    state = dict.fromkeys(rules.KINDS, True)
    if not addresses:
        return state
    for kind, enabled in db.session.execute(
        select(NotificationPreference.kind, NotificationPreference.enabled).where(
            NotificationPreference.email.in_(addresses)
        )
    ):
        if kind in state and not enabled:
            state[kind] = False
    return state


def outbox_page(status: str | None, page: int, per_page: int = 50) -> list[OutboxMessage]:
    """The outbox, newest first, optionally of one status."""
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    if status:
        query = query.where(OutboxMessage.status == status)
    return list(db.session.scalars(query.limit(per_page).offset(max(page - 1, 0) * per_page)))


def unattested_kpm_records(today: dt.date) -> dict[int, list[tuple[str, str, dt.date]]]:
    """What doctors recorded themselves and nobody has attested yet, by network (the KPM
    network's coordinators attest): (doctor's name, kind, date). One query."""
    meetings = SupervisionMeeting
    records = union_all(
        select(meetings.person_id, literal("supervision_meeting"), meetings.date)
        .where(meetings.attested_at.is_(None)),
        select(TeachingHours.person_id, literal("teaching_hours"), TeachingHours.date)
        .where(TeachingHours.attested_at.is_(None)),
        select(PersonDocument.person_id, literal("document"), PersonDocument.date)
        .where(PersonDocument.attested_at.is_(None)),
    ).subquery()
    rows = db.session.execute(
        select(Membership.network_id, Person.name, records.c[1], records.c[2])
        .join(Person, Person.id == records.c.person_id)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.active_on(today))
        .order_by(Person.name, records.c[2])
    )
    out: dict[int, list] = defaultdict(list)
    for network_id, name, kind, day in rows:
        out[network_id].append((name, kind, day))
    return dict(out)


def _kpm_network_id() -> int | None:
    return db.session.scalar(select(Network.id).where(Network.slug == "kpm"))


def sites_due_for_inspection(today: dt.date) -> dict[int, list[tuple[str, int]]]:
    """Education sites due for inspection this year (approved or on dispensation in the year,
    without both a report and a visit), for the KPM network's coordinators: (site name,
    year). Four queries."""
    kpm = _kpm_network_id()
    if kpm is None:
        return {}
    lines = [(site.name, today.year) for site in inspection_queries.sites_due(today)]
    return {kpm: lines} if lines else {}


def findings_past_deadline(today: dt.date) -> dict[int, list[tuple[str, str, dt.date]]]:
    """Open inspection findings past their deadline, for the KPM network's coordinators:
    (site name, finding, deadline). Two queries."""
    kpm = _kpm_network_id()
    if kpm is None:
        return {}
    lines = [
        (name, text, deadline)
        for name, _id, text, deadline in inspection_queries.overdue_findings(today)
    ]
    return {kpm: lines} if lines else {}
