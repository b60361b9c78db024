"""The synthetic country for benchmarks (`flask seed synthetic`, `make bench`), bulk-inserted.

About 60 networks (the three real ones plus generated ones per trust area and region that
copy the real plans), persons over every municipality and profession, memberships with
history, ten years of gatherings and course offerings (some with modules) with
registrations and attendance, hospitations, doctors' KPM records. Everything is drawn from
one ``random.Random(seed)`` and dated relative to ``today``, so the same seed on the same
starting database gives the same data. Rows are generated in Python first and then written
with executemany inserts (ids come back through ``RETURNING`` in parameter order).
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select

from app.core.types import today_oslo
from app.extensions import db
from app.people.models import Person, Profession
from app.seed.reference import seed_reference
from bench.synthetic.base import World, at_oslo
from bench.synthetic.country import add_memberships, add_persons, ensure_networks
from bench.synthetic.doctors import add_goals, add_hospitations, add_kpm_records
from bench.synthetic.events import add_gatherings, add_offerings, attend_gatherings, take_courses
from bench.synthetic.write import write_events, write_rest

__all__ = ["at_oslo", "seed_synthetic"]


def seed_synthetic(count: int, random_seed: int = 1, today: dt.date | None = None) -> str:
    """Add a synthetic country of ``count`` persons (reproducible by seed); returns a summary."""
    seed_reference()
    today = today or today_oslo()
    rng = random.Random(random_seed)  # noqa: S311 - reproducible test data, not secrets
    professions = dict(db.session.execute(select(Profession.key, Profession.id)).all())
    world = World(rng=rng, today=today, professions=professions)
    offset = db.session.scalar(select(func.count(Person.id))) or 0
    ensure_networks(world, count)
    add_persons(world, count, offset)
    add_memberships(world)
    add_gatherings(world)
    attend_gatherings(world)
    offers = add_offerings(world)
    take_courses(world, offers)
    add_hospitations(world)
    add_kpm_records(world)
    add_goals(world)
    for spec in world.persons:
        spec.row.pop("_theory", None)
    n_gatherings, n_offerings = write_events(world)
    write_rest(world)
    db.session.flush()
    members = sum(len(s.spans) for s in world.persons)
    return (
        f"{count} persons, {len(world.nets)} networks, {members} memberships, "
        f"{n_gatherings} gatherings, {n_offerings} offerings, "
        f"{len(world.registrations)} registrations, "
        f"{len(world.rows.get('hospitations', []))} hospitations, "
        f"{sum(1 for s in world.persons if s.profession == 'doctor')} doctors"
    )
