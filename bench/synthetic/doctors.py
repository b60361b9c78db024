"""Hospitations, doctors' KPM records (service, supervision, teaching, skills, documents), goals."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.core.dates import add_months
from app.extensions import db
from app.hospitation.models import (
    HospitationStatus,
)
from app.kpm.models import (
    DocumentKind,
    EducationSite,
    SiteApproval,
    SiteApprovalChange,
    SiteKind,
)
from app.people.models import (
    ServiceLevel,
    TrustArea,
)
from bench.synthetic.base import (
    CITIES,
    DOMAIN,
    FIRST,
    LAST,
    SKILLS,
    Spec,
    World,
    insert_rows,
    stamp_on,
)
from bench.synthetic.country import plan_rows

# --------------------------------------------------------------------------- hospitation


def add_hospitations(world: World) -> None:
    rng, today = world.rng, world.today
    names = ("sykehjem, lindrende enhet", "palliativt team", "hjemmesykepleie", "kreftpoliklinikk")
    for net in world.nets.values():
        if net.group == "doctor":
            continue
        for i in range(rng.randint(6, 12)):
            world.add(
                "sites",
                dict(
                    network_id=net.id,
                    name=f"{rng.choice(CITIES)} {names[i % len(names)]} {i + 1}",
                    workplace_id=None,
                    municipality_id=None,
                    service_level=ServiceLevel.primary if i % 2 else ServiceLevel.specialist,
                    contact_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    email=f"hospitering{i}.{net.slug}@{DOMAIN}",
                    phone=f"+47 4{rng.randrange(10**7):07d}",
                    notes=None,
                    active=rng.random() < 0.95,
                    created_at=stamp_on(today),
                    updated_at=stamp_on(today),
                    _net=net,
                ),
            )
    for spec in world.persons:
        if spec.leader or not spec.spans or spec.profession == "doctor":
            continue
        net, start, _ = spec.spans[-1]
        roll = rng.random()
        if roll < 0.68 and (today - start).days > 45:
            day = start + dt.timedelta(days=rng.randint(30, 420))
            if day >= today - dt.timedelta(days=3):
                day = today - dt.timedelta(days=rng.randint(3, 30))
            status = HospitationStatus.completed
        elif roll < 0.80:
            day = today + dt.timedelta(days=rng.randint(7, 150))
            status = rng.choice((HospitationStatus.planned, HospitationStatus.confirmed))
        elif roll < 0.84:
            day = start + dt.timedelta(days=rng.randint(20, 200))
            status = HospitationStatus.cancelled
        else:
            continue
        days = float(
            rng.choice((2, 2, 2, 3, 1)) if spec.profession == "nurse" else rng.choice((1, 2))
        )
        end = day + dt.timedelta(days=int(days) - 1)
        world.add(
            "hospitations",
            dict(
                person_id=spec.id,
                _net=net,
                site_id=None,
                place=None,
                start=day,
                end=end,
                days=days,
                goals=None if rng.random() < 0.03 else "Lære mer om symptomlindring og samtaler.",
                status=status,
                reflection="Nyttig; tar med meg rutinene."
                if status is HospitationStatus.completed and rng.random() < 0.7
                else None,
                version=1,
                created_at=stamp_on(day - dt.timedelta(days=40)),
                updated_at=stamp_on(min(end, today)),
            ),
        )


# --------------------------------------------------------------------------- doctors (KPM)


#: (site kind, position percentages, months per period, approved) a doctor's service draws from
_SERVICE_PLAN = (
    (SiteKind.centre_with_beds, (50, 80, 100, 100), (10, 20), True),
    (SiteKind.centre_without_beds, (50, 60, 100), (6, 12), True),
    (SiteKind.nursing_home_unit, (30, 40, 60), (6, 12), True),
)


def add_kpm_records(world: World) -> None:
    """Education sites, and each doctor's service, supervision, teaching, skills, documents."""
    by_kind = _education_sites(world)
    for spec in world.persons:
        if spec.profession != "doctor" or not spec.spans:
            continue
        periods = _service(world, spec, by_kind)
        if not periods:
            continue
        first, last = periods[0][0], periods[-1][1]
        supervisor = _supervision(world, spec.id, first, last)
        _teaching(world, spec.id, periods)
        served = (last - first).days / 30.4
        for item in SKILLS:
            if world.rng.random() < min(1.0, served / 24):
                on = first + dt.timedelta(days=world.rng.randint(0, max(0, (last - first).days)))
                attest(world, spec.id, "kpm", "ferdigheter", item, on, supervisor)
        _documents(world, spec, first, last, served)


def _education_sites(world: World) -> dict[SiteKind, list[tuple[str, int | None]]]:
    """Approved education sites per trust area (added when missing), by kind; the
    nursing-home units are outside the registry (no id)."""
    rng, today = world.rng, world.today
    tas = db.session.scalars(select(TrustArea).order_by(TrustArea.id)).all()
    sites = []
    homes = []
    for i, ta in enumerate(tas):
        sites.append(dict(name=f"{ta.name}, palliativt senter", kind=SiteKind.centre_with_beds))
        if i % 3 == 0:
            sites.append(
                dict(name=f"{ta.name}, palliativt team", kind=SiteKind.centre_without_beds)
            )
        if i % 2 == 0:  # a nursing-home unit is never an education site (seed 001)
            homes.append((f"{ta.name}, sykehjem med lindrende enhet", None))
    known = dict(db.session.execute(select(EducationSite.name, EducationSite.id)).all())
    new = [s for s in sites if s["name"] not in known]
    since = dt.date(today.year - 12, 1, 1)
    for s in new:
        s.update(
            trust_area_id=None,
            region_id=None,
            regional_centre=False,
            approval=SiteApproval.dispensation if rng.random() < 0.1 else SiteApproval.approved,
            approved_from=since,
            approved_until=None,
            committee_chair=None,
            committee_members=None,
            education_plan=None,
            weekly_teaching_hours=2.0,
            notes=None,
            created_at=stamp_on(today),
            updated_at=stamp_on(today),
        )
    history = []
    for s, sid in zip(new, insert_rows(EducationSite, new, ids=True), strict=True):
        known[s["name"]] = sid
        history.append(
            dict(
                site_id=sid,
                approval=s["approval"],
                approved_from=since,
                approved_until=None,
                reason=None,
                recorded_on=since,
                recorded_by_user_id=None,
            )
        )
    insert_rows(SiteApprovalChange, history)
    by_kind: dict[SiteKind, list[tuple[str, int | None]]] = {}
    for s in sites:
        by_kind.setdefault(s["kind"], []).append((s["name"], known[s["name"]]))
    by_kind[SiteKind.nursing_home_unit] = homes
    return by_kind


def _service(
    world: World, spec: Spec, by_kind: dict[SiteKind, list[tuple[str, int | None]]]
) -> list[tuple[dt.date, dt.date, float]]:
    """One to three service periods from the latest membership: (start, end so far, %)."""
    rng, today = world.rng, world.today
    plan = _SERVICE_PLAN
    _, start, _ = spec.spans[-1]
    pid, stamp = spec.id, stamp_on(start)
    day = start + dt.timedelta(days=rng.randint(0, 30))
    periods = []
    for step in range(rng.randint(1, 3)):
        kind, pcts, months, approved = plan[0] if step == 0 else rng.choice(plan[1:] + plan[:1])
        if day >= today:
            break
        if rng.random() < 0.08:
            approved = False
        pct = float(rng.choice(pcts))
        end = add_months(day, rng.randint(*months)) - dt.timedelta(days=1)
        open_ = end >= today and rng.random() < 0.5
        name, site_id = rng.choice(by_kind[kind])
        world.add(
            "service",
            dict(
                person_id=pid,
                site_kind=kind,
                site_name=name,
                education_site_id=site_id,
                approved=approved,
                start=day,
                end=None if open_ else end,
                position_pct=pct,
                created_at=stamp,
                updated_at=stamp,
            ),
        )
        periods.append((day, min(end, today), pct))
        day = end + dt.timedelta(days=rng.randint(1, 60))
    return periods


def _supervision(world: World, pid: int, first: dt.date, last: dt.date) -> str:
    """Supervision meetings every two to four weeks (with gaps for a sloppy few); the name."""
    rng = world.rng
    meet = first + dt.timedelta(days=rng.randint(5, 40))
    sloppy = rng.random() < 0.2
    supervisor = f"Dr. {rng.choice(FIRST)} {rng.choice(LAST)}"
    while meet <= last:
        world.add(
            "supervision",
            dict(
                person_id=pid,
                date=meet,
                supervisor=supervisor,
                note=None,
                created_at=stamp_on(meet),
                updated_at=stamp_on(meet),
                **attested(world, meet),
            ),
        )
        gap = rng.randint(45, 80) if sloppy and rng.random() < 0.1 else rng.randint(14, 31)
        meet += dt.timedelta(days=gap)
    return supervisor


def _teaching(world: World, pid: int, periods: list[tuple[dt.date, dt.date, float]]) -> None:
    """Monthly teaching hours, in proportion to the position."""
    for s, e, pct in periods:
        month = s.replace(day=15)
        while month <= e:
            hours = round(6 * pct / 100 * world.rng.uniform(0.6, 1.3), 1)
            world.add(
                "teaching",
                dict(
                    person_id=pid,
                    date=month,
                    hours=hours,
                    created_at=stamp_on(month),
                    updated_at=stamp_on(month),
                    **attested(world, month),
                ),
            )
            month = add_months(month, 1)


def _documents(world: World, spec: Spec, first: dt.date, last: dt.date, served: float) -> None:
    """Specialist approval, education plan, research project and theory course documents."""
    rng, today = world.rng, world.today
    docs = []
    if spec.row["specialist_approved_on"]:
        docs.append((DocumentKind.specialist_approval, spec.row["specialist_approved_on"]))
    if rng.random() < 0.85:
        docs.append((DocumentKind.education_plan, first + dt.timedelta(days=rng.randint(10, 70))))
    if served > 18 and rng.random() < 0.5:
        docs.append((DocumentKind.research_project, last - dt.timedelta(days=rng.randint(0, 90))))
    if spec.row.get("_theory"):
        docs.append((DocumentKind.theory_course, spec.row["_theory"]))
    for kind, on in docs:
        if on < today:
            world.add(
                "documents",
                dict(
                    person_id=spec.id,
                    kind=kind,
                    date=on,
                    note=None,
                    created_at=stamp_on(on),
                    updated_at=stamp_on(on),
                    **attested(world, on),
                ),
            )


def attested(world: World, on: dt.date) -> dict:
    """Records older than a month are attested (a week after); the last month's wait."""
    if on > world.today - dt.timedelta(days=30):
        return {"attested_at": None, "attested_by_user_id": None}
    return {"attested_at": stamp_on(on + dt.timedelta(days=7)), "attested_by_user_id": None}


def attest(world: World, pid: int, plan: str, req: str, item: str, on: dt.date, by: str) -> None:
    world.add(
        "checklist",
        dict(
            person_id=pid,
            plan_key=plan,
            requirement_key=req,
            item_key=item,
            attested_on=on,
            attested_by=by,
            attested_by_user_id=None,
            created_at=stamp_on(on),
            updated_at=stamp_on(on),
        ),
    )


def add_goals(world: World) -> None:
    """Level-B goal checklists of physiotherapists and occupational therapists."""
    rng, today = world.rng, world.today
    plan = plan_rows()["vest-fysio-ergo"]
    items = {
        req["key"]: [i["key"] for i in req["params"]["items"]]
        for req in plan["requirements"]
        if req["kind"] == "checklist"
    }
    for spec in world.persons:
        if spec.leader or spec.profession not in ("physiotherapist", "occupational_therapist"):
            continue
        if not spec.spans or rng.random() >= 0.5:
            continue
        physio = spec.profession == "physiotherapist"
        req = f"kompetansemal-{'fysioterapeut' if physio else 'ergoterapeut'}"
        start = spec.spans[-1][1]
        for item in rng.sample(items[req], rng.randint(1, len(items[req]))):
            on = start + dt.timedelta(days=rng.randint(0, 900))
            if on < today:
                attest(world, spec.id, plan["key"], req, item, on, "self")
