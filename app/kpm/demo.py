"""Demo KPM records: education sites (with and without beds, one on dispensation), the demo
doctor's service, supervision, teaching and skills, and records waiting for her supervisor."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.dates import add_months
from app.core.types import utcnow
from app.extensions import db
from app.kpm import inspection_demo
from app.kpm.models import (
    ChecklistAttestation,
    DocumentKind,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SiteApproval,
    SiteApprovalChange,
    SiteKind,
    SupervisionMeeting,
    SupervisorAssignment,
    SupervisorQualification,
    TeachingHours,
)
from app.people.models import Region

if TYPE_CHECKING:
    from app.seed.demo import DemoWorld

#: name, kind, region key, regional centre, approval, reason
SITES = [
    (
        "Palliativt senter, Haukeland universitetssjukehus",
        SiteKind.centre_with_beds,
        "helse-vest",
        True,
        SiteApproval.approved,
        "Overlege i 100 % stilling med godkjenning i KPM.",
    ),
    (
        "Sunniva senter for lindrende behandling, Haraldsplass",
        SiteKind.centre_with_beds,
        "helse-vest",
        False,
        SiteApproval.approved,
        "Overlege i 100 % stilling med godkjenning i KPM.",
    ),
    (
        "Palliativt team, Stavanger universitetssjukehus",
        SiteKind.centre_without_beds,
        "helse-vest",
        False,
        SiteApproval.dispensation,
        "Eneste overlege med godkjenning i KPM har 60 % stilling ved senteret.",
    ),
]
SUPERVISOR_EMAIL = "veileder@helse-bergen.no"
SUPERVISOR_NAME = "Dr. Vera Veileder"
ATTESTED = ("familiesamtale", "sc-administrasjon", "pumper", "urinkateter")
COMMITTEE = "Dr. Vera Veileder\nSykepleier Kari Lund\nFysioterapeut Ola Berg"
PLAN = (
    "Tjeneste ved sengepost, poliklinikk, tilsyn og hjemmebesøk.\n"
    "Internundervisning to timer i uken, minst 36 uker i året, etter programmet i NSCPM."
)


def _sites(today: dt.date) -> dict[str, EducationSite]:
    regions = {r.key: r for r in db.session.scalars(select(Region))}
    sites = {}
    for name, kind, region, regional, approval, reason in SITES:
        site = db.session.scalar(select(EducationSite).where(EducationSite.name == name))
        if site is None:
            since = dt.date(today.year - 6, 1, 1)
            site = EducationSite(
                name=name,
                kind=kind,
                region=regions.get(region),
                regional_centre=regional,
                approval=approval,
                approved_from=since,
                committee_chair=SUPERVISOR_NAME if regional else None,
                committee_members=COMMITTEE if regional else None,
                education_plan=PLAN if regional else None,
                weekly_teaching_hours=2,
            )
            site.approvals.append(
                SiteApprovalChange(approval=SiteApproval.applied, recorded_on=since)
            )
            site.approvals.append(
                SiteApprovalChange(
                    approval=approval, approved_from=since, reason=reason, recorded_on=since
                )
            )
            db.session.add(site)
        sites[name] = site
    db.session.flush()
    return sites


def _supervisor(world: DemoWorld, doctor) -> object | None:
    supervisor = world.users.get(SUPERVISOR_EMAIL)
    if supervisor is None:
        return None
    assigned = db.session.scalar(
        select(SupervisorAssignment.id).where(
            SupervisorAssignment.person_id == doctor.id,
            SupervisorAssignment.supervisor_user_id == supervisor.id,
        )
    )
    if assigned is None:
        db.session.add(SupervisorAssignment(supervisor_user_id=supervisor.id, person_id=doctor.id))
    known = db.session.scalar(
        select(SupervisorQualification.id).where(SupervisorQualification.user_id == supervisor.id)
    )
    if known is None:
        db.session.add(
            SupervisorQualification(
                user_id=supervisor.id, kpm_approved_on=dt.date(world.today.year - 8, 5, 1)
            )
        )
    return supervisor


def seed_demo(world: DemoWorld) -> None:
    """Education sites and their inspections; the demo doctor's records and her supervisor
    (idempotent). The last ten days' meetings and teaching and her research project wait for
    attestation."""
    sites = _sites(world.today)
    inspection_demo.seed_inspections(sites, world.today)
    doctor = world.persons.get("lege")
    if doctor is None:
        return
    supervisor = _supervisor(world, doctor)
    if db.session.scalar(select(ServicePeriod.id).where(ServicePeriod.person_id == doctor.id)):
        db.session.flush()
        return

    # She started at the centre ten months ago, full time, for two years.
    start = add_months(dt.date(world.today.year, world.today.month, 1), -10)
    centre = sites[SITES[0][0]]
    db.session.add(
        ServicePeriod(
            person_id=doctor.id,
            site_kind=centre.kind,
            site_name=centre.name,
            education_site=centre,
            approved=False,
            start=start,
            end=add_months(start, 24) - dt.timedelta(days=1),
            position_pct=100,
        )
    )
    stamp = {"attested_at": utcnow(), "attested_by_user_id": getattr(supervisor, "id", None)}
    # Meetings and teaching every fortnight; the last ten days wait for the supervisor.
    recent = world.today - dt.timedelta(days=10)
    day = start + dt.timedelta(days=14)
    while day <= world.today:
        attested = stamp if day < recent else {}
        db.session.add(
            SupervisionMeeting(
                person_id=doctor.id,
                date=day,
                supervisor=SUPERVISOR_NAME,
                note="Veiledning",
                **attested,
            )
        )
        db.session.add(TeachingHours(person_id=doctor.id, date=day, hours=3, **attested))
        day += dt.timedelta(days=14)
    # Whatever the day, something waits for the supervisor: the doctor's own latest entries.
    latest = world.today - dt.timedelta(days=2)
    db.session.add(
        SupervisionMeeting(
            person_id=doctor.id, date=latest, supervisor=SUPERVISOR_NAME, note="Kasusdrøfting"
        )
    )
    db.session.add(TeachingHours(person_id=doctor.id, date=latest, hours=1.5))
    db.session.add(
        PersonDocument(
            person_id=doctor.id,
            kind=DocumentKind.education_plan,
            date=start + dt.timedelta(days=21),
            note="Godkjent i utdanningsutvalget",
            **stamp,
        )
    )
    db.session.add(
        PersonDocument(
            person_id=doctor.id,
            kind=DocumentKind.research_project,
            date=world.today - dt.timedelta(days=7),
            note="Prosjektbeskrivelse, venter på koordinator",
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
