"""Writing the generated rows: events and registrations first (ids flow on), then the rest."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import bindparam, select, update

from app.courses.models import (
    CourseCompletion,
    ModuleAttendance,
    Offering,
    OfferingModule,
    offering_networks,
)
from app.extensions import db
from app.gatherings.models import Gathering
from app.hospitation.models import (
    Hospitation,
    HospitationEvent,
    HospitationSite,
    HospitationStatus,
    site_professions,
)
from app.kpm.models import (
    ChecklistAttestation,
    PersonDocument,
    ServicePeriod,
    SupervisionMeeting,
    TeachingHours,
)
from app.networks.models import network_professions
from app.registrations.models import Registration, RegistrationStatus
from bench.synthetic.base import World, insert_rows, stamp_on

# --------------------------------------------------------------------------- writing


def write_events(world: World) -> tuple[int, int]:
    """Gatherings, offerings, modules, registrations (with seats and waiting lists)."""
    _settle_seats(world)
    g_ids = insert_rows(Gathering, world.gatherings, ids=True)
    o_ids, modules_by_o = _write_offerings(world)
    r_ids = _write_registrations(world, g_ids, o_ids)
    attendance = []
    for (_, o, _, info), rid in zip(world.registrations, r_ids, strict=True):
        if o in modules_by_o and info["status"] in (
            RegistrationStatus.completed,
            RegistrationStatus.attended,
        ):
            for mid in modules_by_o[o]:
                attendance.append(
                    dict(registration_id=rid, module_id=mid, attended=world.rng.random() < 0.95)
                )
    insert_rows(ModuleAttendance, attendance)
    return len(g_ids), len(o_ids)


def _settle_seats(world: World) -> None:
    """Seats taken per event in sign-up order; a full future event puts the rest on its list."""
    rng = world.rng
    regs_by_g: dict[int, list[int]] = {}
    regs_by_o: dict[int, list[int]] = {}
    for i, (g, o, _, _) in enumerate(world.registrations):
        (regs_by_g.setdefault(g, []) if g is not None else regs_by_o.setdefault(o, [])).append(i)
    for holder, regs in ((world.gatherings, regs_by_g), (world.offerings, regs_by_o)):
        for index, row in enumerate(holder):
            mine = sorted(regs.get(index, []), key=lambda i: world.registrations[i][3]["signed"])
            future = row["start"].date() >= world.today
            if future and mine and row["capacity"] is not None and rng.random() < 0.5:
                row["capacity"] = max(1, round(len(mine) * rng.uniform(0.7, 1.3)))
            held = _hold_seats(world, row, mine, future)
            if not future and row["capacity"] is not None:
                row["capacity"] = max(row["capacity"], held)
            row["seats_taken"] = held


def _hold_seats(world: World, row: dict[str, Any], mine: list[int], future: bool) -> int:
    """How many of the event's registrations hold a seat (waitlisting the rest of a full one)."""
    held = 0
    for i in mine:
        info = world.registrations[i][3]
        if info["status"] is RegistrationStatus.cancelled:
            continue
        if future and row["capacity"] is not None and held >= row["capacity"]:
            info["status"] = RegistrationStatus.waitlisted
            info["waitlisted_at"] = stamp_on(info["signed"])
            continue
        held += 1
    return held


def _write_offerings(world: World) -> tuple[list[int], dict[int, list[int]]]:
    """Offerings with their networks and modules: offering ids, module ids per offering index."""
    offering_rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in world.offerings]
    o_ids = insert_rows(Offering, offering_rows, ids=True)
    insert_rows(
        offering_networks,
        [
            dict(offering_id=o_ids[i], network_id=n)
            for i, nets in enumerate(world.links)
            for n in sorted(nets)
        ],
    )
    module_rows, module_of = [], []
    for i, parts in enumerate(world.modules):
        for part in parts:
            module_rows.append(dict(part, offering_id=o_ids[i]))
            module_of.append(i)
    m_ids = insert_rows(OfferingModule, module_rows, ids=True)
    modules_by_o: dict[int, list[int]] = {}
    for i, mid in zip(module_of, m_ids, strict=True):
        modules_by_o.setdefault(i, []).append(mid)
    return o_ids, modules_by_o


def _write_registrations(world: World, g_ids: list[int], o_ids: list[int]) -> list[int]:
    """Every registration, then who came along with whom; the registration ids."""
    rows = []
    for g, o, spec, info in world.registrations:
        stamp = stamp_on(info["signed"])
        rows.append(
            dict(
                offering_id=o_ids[o] if o is not None else None,
                gathering_id=g_ids[g] if g is not None else None,
                person_id=spec.id,
                status=info["status"],
                waitlisted_at=info.get("waitlisted_at"),
                companion_of_id=None,
                registered_by_id=None,
                status_changed_at=stamp_on(min(info["day"], world.today)),
                attended=info["attended"],
                created_at=stamp,
                updated_at=stamp,
            )
        )
    r_ids = insert_rows(Registration, rows, ids=True)
    if world.companions:
        table = Registration.__table__
        stmt = (
            update(table)
            .where(table.c.id == bindparam("rid"))
            .values(companion_of_id=bindparam("of"))
        )
        db.session.execute(stmt, [dict(rid=r_ids[a], of=r_ids[b]) for a, b in world.companions])
    return r_ids


def write_rest(world: World) -> None:
    rng = world.rng
    sites = world.rows.get("sites", [])
    site_ids = insert_rows(
        HospitationSite, [{k: v for k, v in s.items() if k != "_net"} for s in sites], ids=True
    )
    profs_of = {}
    for net_id, prof_id in db.session.execute(
        select(network_professions).order_by(*network_professions.c)
    ):
        profs_of.setdefault(net_id, []).append(prof_id)
    links = []
    for site, sid in zip(sites, site_ids, strict=True):
        site["_net"].sites.append(sid)
        links.extend(dict(site_id=sid, profession_id=p) for p in profs_of.get(site["_net"].id, []))
    insert_rows(site_professions, links)
    hosp = world.rows.get("hospitations", [])
    for row in hosp:
        net = row.pop("_net")
        if net.sites and rng.random() < 0.9:
            row["site_id"] = rng.choice(net.sites)
        else:
            row["place"] = "Lindrende enhet, annen kommune"
    h_ids = insert_rows(Hospitation, hosp, ids=True)
    events = []
    for row, hid in zip(hosp, h_ids, strict=True):
        steps = [(None, "planned", row["start"] - dt.timedelta(days=40))]
        if row["status"] in (HospitationStatus.confirmed, HospitationStatus.completed):
            steps.append(("planned", "confirmed", row["start"] - dt.timedelta(days=14)))
        if row["status"] is HospitationStatus.completed:
            steps.append(("confirmed", "completed", row["end"]))
        if row["status"] is HospitationStatus.cancelled:
            steps.append(("planned", "cancelled", row["start"] - dt.timedelta(days=5)))
        for before, after, on in steps:
            events.append(
                dict(
                    hospitation_id=hid,
                    at=stamp_on(on),
                    from_status=before,
                    to_status=after,
                    by_user_id=None,
                    by_label=None,
                    note=None,
                )
            )
    insert_rows(HospitationEvent, events)
    insert_rows(
        CourseCompletion,
        [
            dict(
                r,
                verified_by_id=None,
                verified_at=stamp_on(r["completed_on"]) if r["verified"] else None,
                created_at=stamp_on(r["completed_on"]),
                updated_at=stamp_on(r["completed_on"]),
            )
            for r in world.rows.get("completions", [])
        ],
    )
    insert_rows(ServicePeriod, world.rows.get("service", []))
    insert_rows(SupervisionMeeting, world.rows.get("supervision", []))
    insert_rows(TeachingHours, world.rows.get("teaching", []))
    insert_rows(ChecklistAttestation, world.rows.get("checklist", []))
    insert_rows(PersonDocument, world.rows.get("documents", []))
