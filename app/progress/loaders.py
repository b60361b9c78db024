"""The evidence loaders behind ``facts.load_facts``: one statement per kind of evidence for
any number of persons, read as plain tuples.

Each statement is written by a module-level function of the clause that names the persons
(``batch.rows``): for a short list (a person's page, the API, the hooks' refresh) it is built
once per process and only bound at each run; a long list (an overview, the rebuild) names
its persons in one parameter and reads the shared details (offerings, gatherings) once
rather than joining them to every registration. Facts that many persons share are built once
and shared between them.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from app.core import batch, revisions
from app.core.types import to_oslo
from app.courses.models import (
    COURSES_REVISION,
    Course,
    CourseCompletion,
    Offering,
    course_professions,
)
from app.gatherings.models import Gathering, GatheringStatus
from app.hospitation.models import Hospitation, HospitationStatus
from app.networks.models import Network
from app.people.models import Person, Profession
from app.progress import rules
from app.registrations.models import Registration, RegistrationStatus

#: how the key of a free-text course completion begins
FREE_TEXT_PREFIX = "free-text:"


def free_text_key(completion_id: int) -> str:
    """The key a free-text course completion goes by in the rules and on the progress page."""
    return f"{FREE_TEXT_PREFIX}{completion_id}"


def _oslo_day(value: dt.datetime | None) -> dt.date | None:
    """The Oslo calendar day of an aware datetime."""
    local = to_oslo(value)
    return local.date() if local is not None else None


# --------------------------------------------------------------------------- persons


def _persons(name_ids):
    return (
        select(
            Person.id,
            Profession.key,
            Person.further_education,
            Person.specialist_approved_on,
            Person.leader_id,
        )
        .join(Profession, Person.profession_id == Profession.id)
        .where(name_ids(Person.id))
    )


def load_persons(ids: list[int]) -> dict[int, tuple[str, bool, dt.date | None, bool]]:
    """Profession key, the person facts ``not_applicable_if`` may name, and a leader."""
    return {
        pid: (key, bool(further), approved_on, leader is not None and leader != pid)
        for pid, key, further, approved_on, leader in batch.rows(_persons, ids)
    }


# --------------------------------------------------------------------------- courses


@functools.cache
def _course_professions_query():
    return (
        select(course_professions.c.course_id, Profession.key)
        .join(Profession, Profession.id == course_professions.c.profession_id)
        .order_by(course_professions.c.course_id, Profession.key)
    )


def _course_professions() -> dict[int, tuple[str, ...]]:
    """Every course's professions (a catalogue of a few hundred rows): one query, kept per
    process while the catalogue's stamp stands."""
    return revisions.memo(COURSES_REVISION, ("course-professions",), _read_course_professions)


def _read_course_professions() -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = defaultdict(list)
    for course_id, key in batch.scoped_rows(_course_professions_query(), ()):
        out[course_id].append(key)
    return {course_id: tuple(keys) for course_id, keys in out.items()}


def _completed(name_ids):
    return and_(
        name_ids(Registration.person_id),
        Registration.offering_id.is_not(None),
        Registration.status == RegistrationStatus.completed,
    )


def _completed_offerings(name_ids):
    """The registrations with their offering and course (a short list's one join)."""
    return (
        select(Registration.person_id, Offering.id, Course.id, Course.key, Course.level,
               Course.hours, Offering.end)
        .join(Offering, Registration.offering_id == Offering.id)
        .join(Course, Offering.course_id == Course.id)
        .where(_completed(name_ids))
        .order_by(Registration.id)
    )  # fmt: skip


def _completed_registrations(name_ids):
    return select(Registration.person_id, Registration.offering_id).where(_completed(name_ids))


def _verified_records(name_ids):
    return (
        select(
            CourseCompletion.id,
            CourseCompletion.person_id,
            Course.id,
            Course.key,
            Course.level,
            CourseCompletion.level,
            CourseCompletion.hours,
            Course.hours,
            CourseCompletion.completed_on,
        )
        .outerjoin(Course, CourseCompletion.course_id == Course.id)
        .where(name_ids(CourseCompletion.person_id), CourseCompletion.verified.is_(True))
    )


def load_courses(ids: list[int]) -> dict[int, list[rules.CourseCompletion]]:
    """Completed registrations (dated by the offering's last day) and verified records."""
    out: dict[int, list[rules.CourseCompletion]] = defaultdict(list)
    # One fact per offering, shared by everyone who completed it.
    professions = _course_professions()
    offerings: dict[int, rules.CourseCompletion] = {}
    if batch.is_long(ids):
        # A long list reads every offering (a few thousand rows at most) rather than
        # joining them to the registrations.
        details = select(
            Offering.id, Course.id, Course.key, Course.level, Course.hours, Offering.end
        ).join(Course, Offering.course_id == Course.id)
        for oid, course_id, key, level, hours, end in batch.scoped_rows(details, ids):
            offerings[oid] = rules.CourseCompletion(
                key, level, hours, _oslo_day(end), professions.get(course_id, ())
            )
        for pid, oid in batch.rows(_completed_registrations, ids):
            fact = offerings.get(oid)
            if fact is not None:
                out[pid].append(fact)
    else:
        for pid, oid, course_id, key, level, hours, end in batch.rows(_completed_offerings, ids):
            fact = offerings.get(oid)
            if fact is None:
                fact = offerings[oid] = rules.CourseCompletion(
                    key, level, hours, _oslo_day(end), professions.get(course_id, ())
                )
            out[pid].append(fact)
    for cid, pid, course_id, key, level, own_level, own_hours, course_hours, on in batch.rows(
        _verified_records, ids
    ):
        hours = own_hours if own_hours is not None else course_hours
        if course_id is None:
            # A free-text course: the level the coordinator matched it to when verifying,
            # for the person's own profession (it is hers, so no profession list narrows it).
            out[pid].append(rules.CourseCompletion(free_text_key(cid), own_level, hours, on))
        else:
            out[pid].append(
                rules.CourseCompletion(key, level, hours, on, professions.get(course_id, ()))
            )
    return out


# --------------------------------------------------------------------------- gatherings


def _attended(name_ids):
    return and_(
        name_ids(Registration.person_id),
        Registration.gathering_id.is_not(None),
        Registration.attended.is_(True),
    )


@functools.cache
def _leader_join() -> tuple[Any, Any]:
    """The leader's registration (an alias) and the join on it, built once per process."""
    leader_reg = aliased(Registration, name="leader_reg")
    return leader_reg, and_(
        leader_reg.gathering_id == Registration.gathering_id,
        leader_reg.person_id == Person.leader_id,
        leader_reg.attended.is_(True),
    )


def _attended_gatherings(name_ids):
    """Each registration with its gathering and whether the person's leader attended it too
    (a short list's one statement)."""
    leader_reg, leader_came = _leader_join()
    leader_too = and_(
        Person.leader_id != Person.id,
        select(leader_reg.id).where(leader_came).correlate(Registration, Person).exists(),
    )
    return (
        select(Registration.person_id, Gathering.id, Network.slug, Gathering.kind,
               Gathering.start, Gathering.end, Gathering.status, leader_too)
        .join(Gathering, Registration.gathering_id == Gathering.id)
        .join(Network, Gathering.network_id == Network.id)
        .join(Person, Person.id == Registration.person_id)
        .where(_attended(name_ids))
        .order_by(Registration.id)
    )  # fmt: skip


def _attended_registrations(name_ids):
    return select(Registration.person_id, Registration.gathering_id).where(_attended(name_ids))


def _with_leader(name_ids):
    """(person, gathering) where the person's leader attended the same gathering."""
    leader_reg, leader_came = _leader_join()
    return (
        select(Registration.person_id, Registration.gathering_id)
        .join(Person, Person.id == Registration.person_id)
        .join(leader_reg, leader_came)
        .where(_attended(name_ids), Person.leader_id != Person.id)
    )


def load_gatherings(ids: list[int]) -> dict[int, list[rules.GatheringAttendance]]:
    """Attended gatherings: attendance recorded true (CONTRACT), whatever the status says."""
    out: dict[int, list[rules.GatheringAttendance]] = defaultdict(list)
    # One fact per gathering, shared by everyone who attended it.
    gatherings: dict[int, rules.GatheringAttendance] = {}
    if not batch.is_long(ids):
        for pid, gid, slug, kind, start, end, status, leader_too in batch.rows(
            _attended_gatherings, ids
        ):
            fact = gatherings.get(gid)
            if fact is None:
                fact = gatherings[gid] = _attendance(slug, kind, start, end, status)
            out[pid].append(replace(fact, leader_attended=True) if leader_too else fact)
        return out
    # A long list reads every gathering rather than joining them to the registrations.
    details = select(
        Gathering.id, Network.slug, Gathering.kind, Gathering.start, Gathering.end, Gathering.status
    ).join(Network, Gathering.network_id == Network.id)
    for gid, slug, kind, start, end, status in batch.scoped_rows(details, ids):
        gatherings[gid] = _attendance(slug, kind, start, end, status)
    with_leader = {(pid, gid) for pid, gid in batch.rows(_with_leader, ids)}
    for pid, gid in batch.rows(_attended_registrations, ids):
        fact = gatherings.get(gid)
        if fact is not None:
            if (pid, gid) in with_leader:
                fact = replace(fact, leader_attended=True)
            out[pid].append(fact)
    return out


def _attendance(slug, kind, start, end, status) -> rules.GatheringAttendance:
    return rules.GatheringAttendance(
        network=slug,
        kind=kind.value,
        on=_oslo_day(start),
        cancelled=status is GatheringStatus.cancelled,
        hours=_hours(start, end),
    )


def _hours(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    """A gathering's length in hours."""
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 3600


# --------------------------------------------------------------------------- hospitations


def _hospitations(name_ids):
    return select(
        Hospitation.person_id,
        Hospitation.days,
        Hospitation.start,
        Hospitation.end,
        Hospitation.goals,
    ).where(
        name_ids(Hospitation.person_id),
        Hospitation.status == HospitationStatus.completed,
    )


def load_hospitations(ids: list[int]) -> dict[int, list[rules.HospitationFact]]:
    """Completed hospitations, dated by their end (their start when they have none)."""
    out: dict[int, list[rules.HospitationFact]] = defaultdict(list)
    for pid, days, start, end, goals in batch.rows(_hospitations, ids):
        out[pid].append(
            rules.HospitationFact(
                days=float(days or 0),
                on=end or start,
                has_goals=bool(goals and goals.strip()),
                completed=True,
                calendar_days=(end - start).days + 1 if end is not None else None,
            )
        )
    return out
