"""`flask seed reference`: idempotent load of professions, places, networks, plans, courses."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.courses.models import Course
from app.extensions import db
from app.gatherings.models import ReadingItem
from app.hospitation.models import HospitationSite
from app.networks.models import CompetencePlan, Network
from app.people.models import Municipality, Profession, Region, ServiceLevel, TrustArea

DATA = Path(__file__).parent / "data"


def _json(name: str) -> Any:
    with open(DATA / name, encoding="utf-8") as fh:
        return json.load(fh)


def _by_key(model, key: str):
    return db.session.scalar(select(model).where(model.key == key))


def load_professions() -> dict[str, Profession]:
    """Upsert the professions."""
    found = {}
    for row in _json("professions.json"):
        profession = _by_key(Profession, row["key"]) or Profession(key=row["key"])
        profession.name_nb = row["name_nb"]
        profession.name_en = row["name_en"]
        db.session.add(profession)
        found[row["key"]] = profession
    db.session.flush()
    return found


def load_regions() -> None:
    """Upsert regions and their trust areas."""
    for row in _json("regions.json"):
        region = _by_key(Region, row["key"]) or Region(key=row["key"])
        region.name = row["name"]
        db.session.add(region)
        db.session.flush()
        for area_row in row.get("trust_areas", []):
            area = _by_key(TrustArea, area_row["key"]) or TrustArea(key=area_row["key"])
            area.name = area_row["name"]
            area.region = region
            db.session.add(area)
    db.session.flush()


def load_municipalities() -> None:
    """Upsert every municipality with its county and trust area."""
    areas = {a.key: a for a in db.session.scalars(select(TrustArea))}
    existing = {m.number: m for m in db.session.scalars(select(Municipality))}
    with open(DATA / "municipalities.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            number = row["number"].strip().zfill(4)
            municipality = existing.get(number) or Municipality(number=number)
            municipality.name = row["name"].strip()
            municipality.county = row["county"].strip()
            area_key = (row.get("trust_area") or "").strip()
            municipality.trust_area = areas.get(area_key) if area_key else None
            db.session.add(municipality)
    db.session.flush()


def load_courses(professions: dict[str, Profession]) -> None:
    """Upsert the course catalogue."""
    for row in _json("courses.json"):
        course = _by_key(Course, row["key"]) or Course(key=row["key"])
        course.title = row["title"]
        course.provider = row.get("provider")
        course.level = row.get("level")
        course.hours = row.get("hours")
        course.days = row.get("days")
        course.description = row.get("description")
        course.url = row.get("url")
        course.professions = [
            professions[k] for k in row.get("professions", []) if k in professions
        ]
        if hasattr(course, "module_titles") and row.get("modules"):
            course.module_titles = row["modules"]
        db.session.add(course)
    db.session.flush()


def add_new_params(plan: CompetencePlan, row: dict[str, Any]) -> int:
    """Give an existing seed plan the params a later seed added (``min_hours``, ...).

    Only a parameter the stored requirement does not have at all is added, and only to a
    requirement of the same key and kind: a value a coordinator set (or removed by editing the
    requirement's kind) is never changed. Returns how many requirements changed.
    """
    stored = {r.key: r for r in plan.requirements}
    changed = 0
    for seed_req in row.get("requirements", []):
        req = stored.get(seed_req["key"])
        if req is None or req.kind.value != seed_req["kind"]:
            continue
        params = dict(req.params or {})
        missing = {k: v for k, v in (seed_req.get("params") or {}).items() if k not in params}
        if missing:
            req.params = {**params, **missing}
            changed += 1
    return changed


def put_plan(network: Network, row: dict[str, Any]) -> CompetencePlan:
    """Create a seed plan the network lacks; an existing plan keeps the coordinators' edits
    and only gains parameters the seed added since (:func:`add_new_params`).

    The plan goes through the plan editor's own checks (app.progress.plans.put_plan). A new
    plan becomes active only when the network has no active plan yet.
    """
    plan = db.session.scalar(
        select(CompetencePlan).where(
            CompetencePlan.network_id == network.id, CompetencePlan.key == row["key"]
        )
    )
    if plan is not None:
        if add_new_params(plan, row):
            db.session.flush()
        return plan
    from app.progress import plans as plan_ops

    previous = db.session.scalar(
        select(CompetencePlan)
        .where(CompetencePlan.network_id == network.id, CompetencePlan.active.is_(True))
        .order_by(CompetencePlan.id.desc())
        .limit(1)
    )
    plan, _created = plan_ops.put_plan(
        network,
        row["key"],
        {"title": row["title"], "requirements": row.get("requirements", [])},
    )
    for item in row.get("reading_list", []):
        title = item["title"]
        if item.get("author"):
            title = f"{item['author']}: {title}"
        plan.reading_list.append(
            ReadingItem(title=title[:300], url=item.get("url"), note=item.get("note"))
        )
    if previous is not None:
        # Keep the plan a coordinator made active.
        for other in network.plans:
            other.active = other is previous
    db.session.flush()
    return plan


def load_networks(professions: dict[str, Profession]) -> None:
    """Create the real networks of the sources and their plans, where missing."""
    for row in _json("networks.json"):
        network = db.session.scalar(select(Network).where(Network.slug == row["slug"]))
        if network is None:
            network = _create_network(row, professions)
        for plan_row in row.get("plans", []):
            put_plan(network, plan_row)
        load_hospitation_sites(network, row.get("hospitation_plan") or {}, professions)
    db.session.flush()


def load_hospitation_sites(
    network: Network, plan: dict[str, Any], professions: dict[str, Profession]
) -> None:
    """The sites of a network's hospitation plan, where the seed lists them (by name).

    Seed 004 says Helse Vest's plan is on the network's web pages and lists no site, so its
    plan is empty: coordinators add the sites with the fields the seed names (the place, first
    or second line, contact details, the professions it takes).
    """
    existing = {
        s.name: s
        for s in db.session.scalars(
            select(HospitationSite).where(HospitationSite.network_id == network.id)
        )
    }
    for row in plan.get("sites", []):
        if row["name"] in existing:
            continue  # a site a coordinator may have edited since
        db.session.add(
            HospitationSite(
                network=network,
                name=row["name"],
                service_level=ServiceLevel(row["service_level"]),
                contact_name=row.get("contact_name"),
                email=row.get("email"),
                phone=row.get("phone"),
                notes=row.get("notes"),
                professions=[professions[k] for k in row.get("professions", [])],
            )
        )


def _create_network(row: dict[str, Any], professions: dict[str, Profession]) -> Network:
    """A seed network that is missing; an existing one keeps the coordinators' edits."""
    network = Network(slug=row["slug"])
    db.session.add(network)
    network.name = row["name"]
    network.description = row.get("description")
    network.url = row.get("url")
    network.professions = [professions[k] for k in row.get("professions", [])]
    network.region = _by_key(Region, row["region"]) if row.get("region") else None
    network.trust_area = _by_key(TrustArea, row["trust_area"]) if row.get("trust_area") else None
    db.session.flush()
    return network


def seed_reference() -> None:
    """Load all reference data; running it again changes nothing."""
    professions = load_professions()
    load_regions()
    load_municipalities()
    load_courses(professions)
    load_networks(professions)
