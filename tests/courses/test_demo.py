"""The courses demo seeder runs on the demo world and is idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from app.core.types import today_oslo
from app.courses.demo import seed_demo
from app.courses.models import CourseCompletion, Offering
from app.registrations.models import Registration, RegistrationStatus


def test_demo_seed_is_idempotent(db):
    from app.seed.demo import seed_demo as seed_world

    world = seed_world(today_oslo())
    seed_demo(world)
    counts = (
        db.session.scalar(select(func.count(Offering.id))),
        db.session.scalar(select(func.count(Registration.id))),
        db.session.scalar(select(func.count(CourseCompletion.id))),
    )
    seed_demo(world)
    again = (
        db.session.scalar(select(func.count(Offering.id))),
        db.session.scalar(select(func.count(Registration.id))),
        db.session.scalar(select(func.count(CourseCompletion.id))),
    )
    assert counts == again and counts[0] >= 4
    theory = db.session.scalar(
        select(Offering).join(Offering.course).where(Offering.capacity == 35)
    )
    assert len(theory.modules) == 6
    assert (
        db.session.scalar(
            select(func.count(Registration.id)).where(
                Registration.status == RegistrationStatus.waitlisted
            )
        )
        >= 1
    )
