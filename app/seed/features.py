"""The feature modules' demo seeders, in the order they depend on each other."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.courses.demo import seed_demo as courses_demo
from app.extensions import db
from app.gatherings.demo import seed_demo as gatherings_demo
from app.hospitation.demo import seed_demo as hospitation_demo
from app.kpm.application_models import KpmApplication
from app.kpm.demo import seed_demo as kpm_demo
from app.kpm.models import EducationSite, ServicePeriod
from app.networks.models import Membership
from app.people.models import Person, Profession
from app.progress import kpm_application


def kpm_application_demo(world) -> None:
    """One doctor of the KPM network (not the demo doctor, who is still collecting) has two
    years at a centre and has applied: the KPM coordinators' queue is not empty (idempotent)."""
    if db.session.scalar(select(KpmApplication.id).limit(1)) is not None:
        return
    network = world.networks.get("kpm")
    centre = db.session.scalar(select(EducationSite).order_by(EducationSite.id).limit(1))
    if network is None or centre is None:
        return
    own = getattr(world.persons.get("lege"), "id", None)
    doctor = db.session.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .join(Profession, Profession.id == Person.profession_id)
        .where(Membership.network_id == network.id, Profession.key == "doctor", Person.id != own)
        .order_by(Person.name)
        .limit(1)
    )
    if doctor is None:
        return
    start = dt.date(world.today.year - 3, 1, 1)
    db.session.add(
        ServicePeriod(
            person_id=doctor.id,
            site_kind=centre.kind,
            site_name=centre.name,
            education_site=centre,
            approved=True,
            start=start,
            end=dt.date(start.year + 1, 12, 31),
            position_pct=100,
        )
    )
    db.session.flush()
    kpm_application.submit(doctor, by=None, on=world.today - dt.timedelta(days=3))


SEEDERS: list = [courses_demo, gatherings_demo, hospitation_demo, kpm_demo, kpm_application_demo]
