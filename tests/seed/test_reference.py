"""The reference seed: it creates what is missing and keeps what coordinators changed."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db as _db
from app.networks.models import CompetencePlan, Network
from app.seed.reference import seed_reference
from tests.factories import network as seeded_network

SLUG = "innlandet-ressurssykepleiere"


def test_reference_seed_keeps_coordinators_edits_and_creates_what_is_missing(db):
    inn = seeded_network(SLUG)
    inn.name = "Omdøpt av koordinator"
    plan = inn.active_plan
    first = plan.requirements[0]
    first.title = "Redigert krav"
    kpm = seeded_network("kpm")
    kpm_plan = kpm.active_plan
    _db.session.delete(kpm_plan)
    _db.session.flush()
    seed_reference()
    _db.session.expire_all()
    inn = seeded_network(SLUG)
    assert inn.name == "Omdøpt av koordinator"
    assert inn.active_plan.requirements[0].title == "Redigert krav"
    kpm = _db.session.scalar(select(Network).where(Network.slug == "kpm"))
    recreated = _db.session.scalars(
        select(CompetencePlan).where(CompetencePlan.network_id == kpm.id)
    ).all()
    assert [p.key for p in recreated] == ["kpm"] and recreated[0].active
    assert recreated[0].requirements  # rebuilt from the seed data
    seed_reference()  # idempotent
    assert len(_db.session.scalars(select(CompetencePlan)).all()) == len(
        {(p.network_id, p.key) for p in _db.session.scalars(select(CompetencePlan))}
    )


def test_reference_seed_keeps_the_plan_a_coordinator_made_active(db):
    inn = seeded_network(SLUG)
    seeded = inn.active_plan
    mine = CompetencePlan(network=inn, key="egen", title="Egen plan", active=True)
    _db.session.add(mine)
    seeded.active = False
    _db.session.flush()
    seed_reference()
    _db.session.expire_all()
    assert seeded_network(SLUG).active_plan.key == "egen"
