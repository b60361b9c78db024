"""Demo hospitation sites and hospitations for `flask seed demo` (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.extensions import db
from app.hospitation.models import (
    Hospitation,
    HospitationEvent,
    HospitationSite,
    HospitationStatus,
)
from app.people.models import Municipality, Profession, ServiceLevel

if TYPE_CHECKING:  # the demo world is built by app.seed, above this layer
    from app.seed.demo import DemoWorld

# network slug, name, level, municipality, professions, contact, e-mail, phone, notes
SITES = [
    (
        "innlandet-ressurssykepleiere",
        "Palliativt team, Sykehuset Innlandet Gjøvik",
        ServiceLevel.specialist,
        "Gjøvik",
        ["nurse"],
        "Marit Kontakt",
        "palliativt.team.gjovik@example.no",
        "+47 61 00 00 01",
        "Hospitering to dager, mandag–tirsdag. Ta kontakt minst fire uker før.",
    ),
    (
        "innlandet-ressurssykepleiere",
        "Lindrende enhet, Hamar sykehjem",
        ServiceLevel.primary,
        "Hamar",
        ["nurse"],
        "Hanne Leder",
        "lindrende.hamar@example.no",
        "+47 62 00 00 02",
        None,
    ),
    (
        "innlandet-ressurssykepleiere",
        "Kreftpoliklinikken, Sykehuset Innlandet Lillehammer",
        ServiceLevel.specialist,
        "Lillehammer",
        [],
        "Tor Kontakt",
        "kreftpoliklinikk.lillehammer@example.no",
        None,
        None,
    ),
    (
        "vest-fysio-ergo",
        "Sunniva senter for lindrende behandling, Haraldsplass",
        ServiceLevel.specialist,
        "Bergen",
        ["physiotherapist", "occupational_therapist"],
        "Liv Kontakt",
        "sunniva@example.no",
        "+47 55 00 00 03",
        "Fysioterapeut og ergoterapeut i palliativt team.",
    ),
    (
        "vest-fysio-ergo",
        "Fysio- og ergoterapitjenesten, Stord kommune",
        ServiceLevel.primary,
        "Stord",
        ["physiotherapist", "occupational_therapist"],
        "Erik Kontakt",
        "fysio.ergo.stord@example.no",
        None,
        None,
    ),
]


def _site(world: DemoWorld, row) -> HospitationSite:
    slug, name, level, municipality, professions, contact, email, phone, notes = row
    network = world.networks[slug]
    site = db.session.scalar(
        select(HospitationSite).where(
            HospitationSite.network_id == network.id, HospitationSite.name == name
        )
    )
    if site is None:
        site = HospitationSite(
            network=network,
            name=name,
            service_level=level,
            municipality=db.session.scalar(
                select(Municipality).where(Municipality.name == municipality)
            ),
            contact_name=contact,
            email=email,
            phone=phone,
            notes=notes,
            active=True,
        )
        site.professions = list(
            db.session.scalars(select(Profession).where(Profession.key.in_(professions)))
        )
        db.session.add(site)
        db.session.flush()
    return site


def _hospitation(person, site, start: dt.date, days: float, status: str, **extra) -> None:
    exists = db.session.scalar(
        select(Hospitation.id).where(Hospitation.person_id == person.id, Hospitation.start == start)
    )
    if exists:
        return
    h = Hospitation(
        person=person,
        site=site,
        start=start,
        end=start + dt.timedelta(days=max(int(days) - 1, 0)),
        days=days,
        status=HospitationStatus(status),
        **extra,
    )
    path = ["planned", "confirmed", "completed"]
    steps = path[: path.index(status) + 1] if status in path else ["planned", status]
    previous = None
    for step in steps:
        h.events.append(HospitationEvent(from_status=previous, to_status=step, note="Demo"))
        previous = step
    db.session.add(h)


def seed_demo(world: DemoWorld) -> None:
    """Sites in the Innlandet and Helse Vest hospitation plans, and a few hospitations."""
    sites = [_site(world, row) for row in SITES]
    today = world.today
    persons = world.persons
    if "kari" in persons:
        _hospitation(
            persons["kari"],
            sites[0],
            today - dt.timedelta(days=200),
            2,
            "completed",
            goals="Lære hvordan palliativt team vurderer smerte og bruker smertepumpe.",
            reflection="Nyttig å se samarbeidet rundt utskrivning til kommunen.",
        )
    if "ola" in persons:
        _hospitation(
            persons["ola"],
            sites[0],
            today + dt.timedelta(days=30),
            2,
            "planned",
            goals="Bli kjent med kreftpoliklinikken og hvordan de følger opp hjemmeboende.",
        )
    if "siri" in persons:
        _hospitation(
            persons["siri"],
            sites[3],
            today + dt.timedelta(days=14),
            2,
            "confirmed",
            goals="Se fysioterapi i palliativ fase: mobilisering og lindring av dyspné.",
        )
    db.session.flush()
