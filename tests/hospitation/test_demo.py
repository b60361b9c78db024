"""The hospitation demo data: sites in both plans, a few hospitations, idempotent."""

from __future__ import annotations

from sqlalchemy import func, select

from app.core.types import today_oslo
from app.hospitation.demo import seed_demo as seed_hospitation
from app.hospitation.models import Hospitation, HospitationSite
from app.seed.demo import seed_demo


def test_demo_seed_is_idempotent(db):
    for _ in range(2):
        world = seed_demo(today_oslo())
        seed_hospitation(world)
        db.session.flush()
    sites = db.session.scalar(select(func.count(HospitationSite.id)))
    hospitations = db.session.scalars(select(Hospitation)).all()
    assert sites == 5
    assert sorted(h.status.value for h in hospitations) == ["completed", "confirmed", "planned"]
    kari = world.persons["kari"]
    done = next(h for h in hospitations if h.person_id == kari.id)
    assert done.days == 2 and done.goals and done.end <= today_oslo()
