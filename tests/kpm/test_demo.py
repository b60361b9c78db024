"""The KPM demo seeder builds a doctor with records and is idempotent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.extensions import db as _db
from app.kpm.demo import seed_demo
from app.kpm.inspection_models import SiteInspection
from app.kpm.inspection_queries import inspection_states, overdue_findings
from app.kpm.models import (
    EducationSite,
    ServicePeriod,
    SupervisionMeeting,
    SupervisorAssignment,
)
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
    attested = {d.kind for d in facts["documents"] if d.attested}
    assert attested == {"specialist_approval", "education_plan"}
    assert [d.kind for d in facts["documents"] if not d.attested] == ["research_project"]
    assert len(facts["checklist"]) == 4
    # The last month's meetings wait for the supervisor; the service counts at the centre.
    assert any(not m.attested for m in facts["supervision"])
    assert any(m.attested for m in facts["supervision"])
    assert facts["service"][0].spans


def test_demo_sites_with_and_without_beds_and_one_on_dispensation(db):
    world = DemoWorld(today=dt.date(2026, 11, 20))
    world.networks = {n.slug: n for n in _db.session.scalars(select(Network))}
    seed_people(world)
    seed_demo(world)
    sites = _db.session.scalars(select(EducationSite)).all()
    kinds = {s.kind.value for s in sites}
    assert kinds == {"centre_with_beds", "centre_without_beds"}
    assert any(s.approval.value == "dispensation" for s in sites)
    assert all(len(s.approvals) == 2 for s in sites)


def test_demo_sites_have_inspections_and_an_overdue_finding(db):
    today = dt.date(2026, 11, 20)
    world = DemoWorld(today=today)
    world.networks = {n.slug: n for n in _db.session.scalars(select(Network))}
    seed_people(world)
    seed_demo(world)
    seed_demo(world)  # idempotent
    assert _db.session.scalar(select(func.count(SiteInspection.id))) == 5
    sites = list(_db.session.scalars(select(EducationSite)))
    states = inspection_states(sites, today)
    assert all(s.due for s in states.values())  # this year's visits are still to come
    (overdue,) = overdue_findings(today)
    assert overdue[0].startswith("Sunniva") and overdue[3] == dt.date(2025, 12, 31)


def test_the_whole_demo_has_an_application_in_the_kpm_queue(db, client, login):
    """`make run` shows KPM coordinators a submitted application (not the demo doctor's)."""
    from app.auth.models import User
    from app.kpm.application_models import KpmApplication
    from app.seed.demo import seed_demo as seed_whole_demo

    world = seed_whole_demo(dt.date(2026, 11, 20))
    seed_whole_demo(dt.date(2026, 11, 20))  # idempotent
    (application,) = _db.session.scalars(select(KpmApplication)).all()
    assert application.status.value == "submitted"
    assert application.person_id != world.persons["lege"].id
    assert application.dossier["service"]["periods"]
    coordinator = _db.session.scalar(
        select(User).where(User.email == "koordinator.vest@kompetansenett.no")
    )
    page = login(coordinator).get("/kpm/applications").get_data(as_text=True)
    assert "1 søknad venter på vedtak" in page and application.person.name in page
