"""Ten years of gatherings and course offerings, with registrations and attendance."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from sqlalchemy import select

from app.core.dates import add_months
from app.core.types import OSLO
from app.courses.models import Course, OfferingStatus
from app.extensions import db
from app.gatherings.models import GatheringKind, GatheringStatus
from app.people.models import (
    TrustArea,
)
from app.registrations.models import RegistrationStatus
from bench.synthetic.base import (
    ATTEND_P,
    CITIES,
    GATHERING_GROUP,
    GATHERINGS,
    YEARS,
    Net,
    Spec,
    World,
    at_oslo,
    date_in,
    stamp_on,
)

# --------------------------------------------------------------------------- gatherings


def add_gatherings(world: World) -> None:
    """Ten years of gatherings per network, plus the coming months."""
    rng, today = world.rng, world.today
    first_year = today.year - YEARS + 1
    horizon = today + dt.timedelta(days=270)
    for net in world.nets.values():
        plan = GATHERINGS.get(GATHERING_GROUP.get(net.group, net.group), ())
        specs = []
        for year in range(first_year - 1, today.year + 2):
            for kind, title, month, biennial in plan:
                if biennial and (year + net.id) % 2:
                    continue
                day = date_in(rng, year, month)
                if day < today - dt.timedelta(days=365 * YEARS) or day > horizon:
                    continue
                specs.append((day, kind, title))
        specs.sort(key=lambda s: (s[0], s[1].value))
        for day, kind, title in specs:
            online = kind is GatheringKind.network_meeting and rng.random() < 0.3
            cancelled = rng.random() < 0.03
            created = day - dt.timedelta(days=rng.randint(40, 120))
            capacity = None if kind is GatheringKind.network_meeting else rng.choice((40, 60, 80))
            world.gatherings.append(
                dict(
                    network_id=net.id,
                    kind=kind,
                    title=f"{title} {day.year}",
                    start=at_oslo(day, 9),
                    end=at_oslo(day, 15, 30),
                    location=None if online else f"{rng.choice(CITIES)}, Scandic hotell",
                    online_url="https://meet.example/samling" if online else None,
                    agenda="09.00 Velkommen\n10.00 Fagforedrag\n13.00 Gruppearbeid",
                    capacity=capacity,
                    seats_taken=0,
                    registration_deadline=at_oslo(day - dt.timedelta(days=14), 23, 59),
                    status=GatheringStatus.cancelled if cancelled else GatheringStatus.planned,
                    revision=1 if cancelled else 0,
                    created_at=stamp_on(created),
                    updated_at=stamp_on(created + dt.timedelta(days=30 if cancelled else 0)),
                )
            )
            net.gatherings.append(len(world.gatherings) - 1)
            net.starts.append(day)


def _register(
    world: World, spec: Spec, g: int | None, o: int | None, day: dt.date, outcome: str | None = None
) -> int:
    """Queue a registration (once per person and event); -1 when already there."""
    rng = world.rng
    key = (g, o, spec.id)
    if key in world.seen:
        return -1
    world.seen.add(key)
    if outcome is not None:
        status = RegistrationStatus(outcome)
    elif day >= world.today:
        status = RegistrationStatus.registered
    elif o is not None:
        status = RegistrationStatus(
            rng.choices(("completed", "attended", "no_show", "cancelled"), (84, 5, 4, 7))[0]
        )
    else:
        status = RegistrationStatus(
            rng.choices(("attended", "no_show", "cancelled"), (88, 5, 7))[0]
        )
    attended = None
    if g is not None and status in (RegistrationStatus.attended, RegistrationStatus.no_show):
        attended = status is RegistrationStatus.attended
    signed = day - dt.timedelta(days=rng.randint(15, 90))
    world.registrations.append(
        (g, o, spec, dict(status=status, attended=attended, signed=signed, day=day))
    )
    return len(world.registrations) - 1


def attend_gatherings(world: World) -> None:
    rng = world.rng
    horizon = world.today + dt.timedelta(days=270)
    leaders = {s.id: s for s in world.persons if s.leader}
    for spec in world.persons:
        seen: set[int] = set()
        for net, start, end in spec.spans:
            last = min(end or horizon, horizon)
            lo = bisect.bisect_left(net.starts, start)
            hi = bisect.bisect_right(net.starts, last)
            intro_done = False
            for g in net.gatherings[lo:hi]:
                row = world.gatherings[g]
                kind = row["kind"]
                if g in seen or (kind is GatheringKind.intro_course and intro_done):
                    continue
                if rng.random() >= ATTEND_P[kind]:
                    continue
                seen.add(g)
                day = row["start"].astimezone(OSLO).date()
                outcome = "cancelled" if row["status"] is GatheringStatus.cancelled else None
                index = _register(world, spec, g, None, day, outcome)
                if kind is GatheringKind.intro_course:
                    intro_done = True
                    boss = leaders.get(spec.row["leader_id"])
                    if boss and rng.random() < 0.4:
                        extra = _register(world, boss, g, None, day, outcome)
                        if extra >= 0:
                            world.companions.append((extra, index))


# --------------------------------------------------------------------------- courses


def _offering(
    world: World,
    course: Course,
    day: dt.date,
    place: str,
    nets: set[int],
    modules: int = 0,
    days: int = 2,
    capacity: int | None = 40,
) -> int:
    rng = world.rng
    parts = []
    for i in range(modules):
        mday = add_months(day, 3 * i) if modules > 2 else day + dt.timedelta(days=35 * i)
        parts.append(
            dict(
                title=f"Modul {i + 1}",
                start=at_oslo(mday, 9),
                end=at_oslo(mday + dt.timedelta(days=days - 1), 16),
                location=CITIES[(i + len(world.offerings)) % len(CITIES)],
            )
        )
    start = parts[0]["start"] if parts else at_oslo(day, 9)
    end = parts[-1]["end"] if parts else at_oslo(day + dt.timedelta(days=days - 1), 16)
    created = day - dt.timedelta(days=rng.randint(60, 200))
    cancelled = rng.random() < 0.03
    world.offerings.append(
        dict(
            course_id=course.id,
            start=start,
            end=end,
            location=place,
            online_url=None,
            capacity=capacity,
            seats_taken=0,
            registration_deadline=at_oslo(day - dt.timedelta(days=21), 23, 59),
            status=OfferingStatus.cancelled if cancelled else OfferingStatus.published,
            note=None,
            revision=1 if cancelled else 0,
            created_at=stamp_on(created),
            updated_at=stamp_on(created),
            _day=day,
            _course=course.key,
        )
    )
    world.modules.append(parts)
    world.links.append(nets)
    return len(world.offerings) - 1


def add_offerings(world: World) -> dict[str, list[tuple[dt.date, int, Any]]]:
    """Offerings per course key: (first day, offering index, scope: trust area id or None)."""
    rng, today = world.rng, world.today
    courses = {c.key: c for c in db.session.scalars(select(Course))}
    tas = db.session.scalars(select(TrustArea).order_by(TrustArea.id)).all()
    years = range(today.year - YEARS, today.year + 2)
    horizon = today + dt.timedelta(days=300)
    out: dict[str, list[tuple[dt.date, int, Any]]] = {}

    def add(key: str, day: dt.date, scope: Any, **kw: Any) -> None:
        if key in courses and today - dt.timedelta(days=365 * YEARS) <= day <= horizon:
            out.setdefault(key, []).append((day, _offering(world, courses[key], day, **kw), scope))

    by_group: dict[str, list[Net]] = {}
    for net in world.nets.values():
        by_group.setdefault(net.group, []).append(net)
    fysio = {n.id for n in by_group.get("fysio", [])}
    doctors = {n.id for n in by_group.get("doctor", [])}
    for year in years:
        for ta in tas:
            nets = {
                n.id
                for n in world.nets.values()
                if n.trust_area_id == ta.id and n.group in ("nurse", "home")
            }
            for month in (3, 9):
                add(
                    "niva-b-palliasjon-sykepleie",
                    date_in(rng, year, month),
                    ta.id,
                    place=f"{ta.name}",
                    nets=nets,
                    modules=2 if rng.random() < 0.3 else 0,
                    days=2,
                    capacity=rng.choice((30, 40)),
                )
        for i, key in enumerate(sorted(k for k in courses if k.startswith(("nff-", "sfl-")))):
            add(
                key,
                date_in(rng, year, 1 + (i * 3) % 11),
                None,
                place=rng.choice(CITIES),
                nets=fysio,
                days=int(courses[key].days or 3),
                capacity=30,
            )
        for month in (2, 10):
            add(
                "grunnkurs-palliasjon-haukeland",
                date_in(rng, year, month),
                None,
                place="Palliativt senter, Haukeland universitetssjukehus",
                nets=fysio,
                days=3,
                capacity=80,
            )
        if year < 2026 and year % 2:
            add(
                "nscpm",
                date_in(rng, year, 4),
                None,
                place="Norden",
                nets=doctors,
                modules=6,
                days=5,
                capacity=35,
            )
        if year >= 2026:
            add(
                "palliativ-medisin-teorikurs",
                dt.date(year, 1, rng.randint(12, 20)),
                None,
                place="Trondheim",
                nets=doctors,
                modules=6,
                days=4,
                capacity=35,
            )
    for items in out.values():
        items.sort(key=lambda t: (t[0], t[1]))
    return out


def _take(
    world: World, spec: Spec, offers: dict, key: str, after: dt.date, within: int, scope: Any = None
) -> tuple[int, dt.date] | None:
    """Register for the first offering of a course after ``after`` (within days); None if none."""
    items = offers.get(key, [])
    lo = bisect.bisect_left(items, (after, -1))
    for day, index, where in items[lo:]:
        if (day - after).days > within:
            return None
        if scope is not None and where not in (None, scope):
            continue
        if world.offerings[index]["status"] is OfferingStatus.cancelled:
            continue
        _register(world, spec, None, index, day)
        return index, day
    return None


def take_courses(world: World, offers: dict) -> None:
    """Each person's courses, by profession (draws in a fixed order: reproducible by seed)."""
    rng = world.rng
    course_ids = dict(db.session.execute(select(Course.key, Course.id)).all())
    for spec in world.persons:
        if spec.leader or not spec.spans:
            continue
        start = spec.spans[-1][1]
        p = spec.profession
        if p in ("nurse", "health_worker") and not spec.row["further_education"]:
            _nurse_course(world, spec, offers, course_ids, start)
        if p == "physiotherapist":
            _physio_courses(world, spec, offers, start)
        if (
            p in ("physiotherapist", "occupational_therapist", "social_worker")
            and rng.random() < 0.5
        ):
            _take(world, spec, offers, "grunnkurs-palliasjon-haukeland", start, 500)
        if p == "doctor":
            _doctor_theory(world, spec, offers, course_ids, start)


def _nurse_course(
    world: World, spec: Spec, offers: dict, course_ids: dict[str, int], start: dt.date
) -> None:
    """Level B for nurses and health workers: in the network, or done at a college."""
    rng, today = world.rng, world.today
    if rng.random() < (0.72 if spec.profession == "nurse" else 0.2):
        ta = spec.trust_area_id
        if not _take(world, spec, offers, "niva-b-palliasjon-sykepleie", start, 420, ta):
            _take(world, spec, offers, "niva-b-palliasjon-sykepleie", start, 420)
    elif rng.random() < 0.06 and start < today:
        world.add(
            "completions",
            dict(
                person_id=spec.id,
                course_id=course_ids["niva-b-palliasjon-sykepleie"],
                completed_on=start + dt.timedelta(days=rng.randint(0, 300)),
                hours=30.0,
                note="Tatt ved høgskolen",
                verified=rng.random() < 0.8,
            ),
        )


def _physio_courses(world: World, spec: Spec, offers: dict, start: dt.date) -> None:
    """The physiotherapists' basic courses (often) and further ones (now and then)."""
    rng = world.rng
    for key in (
        "nff-teoretisk-grunnkurs",
        "nff-lymfodem-grunnkurs",
        "nff-fysioterapi-i-palliasjon",
    ):
        if rng.random() < 0.55:
            _take(world, spec, offers, key, start + dt.timedelta(days=rng.randint(0, 500)), 800)
    for key in (
        "nff-kreft-og-fysisk-aktivitet",
        "nff-diagnoserettet-kurs-1",
        "sfl-komplett-fysikalsk-lymfodembehandling",
    ):
        if rng.random() < 0.12:
            _take(world, spec, offers, key, start + dt.timedelta(days=rng.randint(0, 900)), 800)


def _doctor_theory(
    world: World, spec: Spec, offers: dict, course_ids: dict[str, int], start: dt.date
) -> None:
    """A doctor's theory course; its end day is kept in ``_theory`` for the KPM documents."""
    rng, today = world.rng, world.today
    spec.row["_theory"] = None
    key = "palliativ-medisin-teorikurs" if start >= dt.date(2025, 6, 1) else "nscpm"
    got = _take(world, spec, offers, key, start, 800) if rng.random() < 0.85 else None
    if got:
        spec.row["_theory"] = world.offerings[got[0]]["end"].date()
    elif key == "nscpm" and rng.random() < 0.5 and start < today:
        day = start + dt.timedelta(days=rng.randint(100, 600))
        if day < today:
            world.add(
                "completions",
                dict(
                    person_id=spec.id,
                    course_id=course_ids["nscpm"],
                    completed_on=day,
                    hours=None,
                    note="NSCPM, Stockholm",
                    verified=True,
                ),
            )
            spec.row["_theory"] = day
