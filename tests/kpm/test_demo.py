"""The KPM demo seeder builds a doctor with records and is idempotent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.extensions import db as _db
from app.kpm.demo import seed_demo
from app.kpm.models import ServicePeriod, SupervisionMeeting, SupervisorAssignment
from app.kpm.queries import load_kpm_facts
from app.networks.models import Network
from app.seed.demo import DemoWorld, seed_people


def test_demo_doctor_has_records_and_a_supervisor(db):
    world = DemoWorld(today=dt.date(2026, 11, 20))
    world.networks = {n.slug: n for n in _db.session.scalars(select(Network))}
    seed_people(world)
    seed_demo(world)
    seed_demo(world)  # idempotent
    doctor = world.persons["lege"]
    assert (
        _db.session.scalar(
            select(func.count(ServicePeriod.id)).where(ServicePeriod.person_id == doctor.id)
        )
        == 1
    )
    meetings = _db.session.scalar(
        select(func.count(SupervisionMeeting.id)).where(SupervisionMeeting.person_id == doctor.id)
    )
    assert meetings >= 9
    assert (
        _db.session.scalar(
            select(func.count(SupervisorAssignment.id)).where(
                SupervisorAssignment.person_id == doctor.id
            )
        )
        == 1
    )
    facts = load_kpm_facts([doctor.id])[doctor.id]
    assert {d.kind for d in facts["documents"]} == {"specialist_approval", "education_plan"}
    assert len(facts["checklist"]) == 4
