"""Demo KPM records: education sites, the demo doctor's service, supervision and skills."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.dates import add_months
from app.extensions import db
from app.kpm.models import (
    ChecklistAttestation,
    DocumentKind,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SiteKind,
    SupervisionMeeting,
    SupervisorAssignment,
    TeachingHours,
)

if TYPE_CHECKING:
    from app.seed.demo import DemoWorld

SITES = [
    ("Palliativt senter, Haukeland universitetssjukehus", SiteKind.centre_with_beds, False),
    ("Sunniva senter for lindrende behandling, Haraldsplass", SiteKind.centre_with_beds, False),
    ("Palliativt team, Stavanger universitetssjukehus", SiteKind.centre_without_beds, True),
    ("Lindrende enhet, Bergen Røde Kors sykehjem", SiteKind.nursing_home_unit, False),
]
SUPERVISOR_EMAIL = "veileder@helse-bergen.no"
SUPERVISOR_NAME = "Dr. Vera Veileder"
ATTESTED = ("familiesamtale", "sc-administrasjon", "pumper", "urinkateter")


def _sites(today: dt.date) -> dict[str, EducationSite]:
    sites = {}
    for name, kind, dispensation in SITES:
        site = db.session.scalar(select(EducationSite).where(EducationSite.name == name))
        if site is None:
            site = EducationSite(
                name=name,
                kind=kind,
                approved=True,
                dispensation=dispensation,
                last_inspection_on=dt.date(today.year - 1, 10, 15),
            )
            db.session.add(site)
        sites[name] = site
    db.session.flush()
    return sites


def seed_demo(world: DemoWorld) -> None:
    """Education sites; the demo doctor's records and her supervisor (idempotent)."""
    sites = _sites(world.today)
    doctor = world.persons.get("lege")
    if doctor is None:
        return
    supervisor = world.users.get(SUPERVISOR_EMAIL)
    if supervisor is not None:
        assigned = db.session.scalar(
            select(SupervisorAssignment.id).where(
                SupervisorAssignment.person_id == doctor.id,
                SupervisorAssignment.supervisor_user_id == supervisor.id,
            )
        )
        if assigned is None:
            db.session.add(
                SupervisorAssignment(supervisor_user_id=supervisor.id, person_id=doctor.id)
            )
    if db.session.scalar(select(ServicePeriod.id).where(ServicePeriod.person_id == doctor.id)):
        db.session.flush()
        return

    # She started at the centre ten months ago, full time, for two years.
    start = dt.date(world.today.year, world.today.month, 1)
    start = add_months(start, -10)
    centre = sites[SITES[0][0]]
    db.session.add(
        ServicePeriod(
            person_id=doctor.id,
            site_kind=centre.kind,
            site_name=centre.name,
            education_site=centre,
            approved=True,
            start=start,
            end=add_months(start, 24) - dt.timedelta(days=1),
            position_pct=100,
        )
    )
    day = start + dt.timedelta(days=14)
    while day <= world.today:
        db.session.add(
            SupervisionMeeting(
                person_id=doctor.id, date=day, supervisor=SUPERVISOR_NAME, note="Veiledning"
            )
        )
        db.session.add(TeachingHours(person_id=doctor.id, date=day, hours=6))
        day += dt.timedelta(days=28)
    db.session.add(
        PersonDocument(
            person_id=doctor.id,
            kind=DocumentKind.education_plan,
            date=start + dt.timedelta(days=21),
            note="Godkjent i utdanningsutvalget",
        )
    )
    for n, item in enumerate(ATTESTED):
        db.session.add(
            ChecklistAttestation(
                person_id=doctor.id,
                plan_key="kpm",
                requirement_key="ferdigheter",
                item_key=item,
                attested_on=start + dt.timedelta(days=60 + 45 * n),
                attested_by=SUPERVISOR_NAME,
                attested_by_user_id=supervisor.id if supervisor is not None else None,
            )
        )
    db.session.flush()
