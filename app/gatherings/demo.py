"""Demo gatherings: past ones with attendance recorded, upcoming ones open for registration,
reading lists, and a leader who came along to the intro course (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.core.types import OSLO
from app.extensions import db
from app.gatherings import operations
from app.gatherings.models import Gathering
from app.registrations import operations as registrations
from app.registrations.models import Registration

if TYPE_CHECKING:
    from app.seed.demo import DemoWorld


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO)


#: network, key, kind, title, days from today, length in days, place, capacity, agenda, reading
GATHERINGS = [
    (
        "innlandet-ressurssykepleiere",
        "basis",
        "intro_course",
        "Basiskurs for nye ressurssykepleiere og ledere",
        -200,
        2,
        "Sykehuset Innlandet, Hamar",
        40,
        "Dag 1: Palliasjon i kommunene, symptomlindring.\nDag 2: Kommunikasjon, "
        "lederens rolle og nettverkets kompetanseplan.",
        [
            (
                "Nasjonalt handlingsprogram for palliasjon i kreftomsorgen",
                "https://www.helsedirektoratet.no/retningslinjer/palliasjon-i-kreftomsorgen-handlingsprogram",
                None,
            )
        ],
    ),
    (
        "innlandet-ressurssykepleiere",
        "temadag",
        "theme_day",
        "Temadag: Lindrende behandling i livets sluttfase",
        -198,
        1,
        "Scandic Hamar",
        80,
        "09.00 Velkommen\n09.15 Livets siste dager – plan for lindring\n"
        "12.00 Lunsj\n13.00 Etiske dilemmaer\n15.00 Avslutning",
        [],
    ),
    (
        "innlandet-ressurssykepleiere",
        "vaar",
        "network_meeting",
        "Nettverkssamling: åndenød og angst",
        45,
        1,
        "Gjøvik omsorgssenter",
        30,
        "Erfaringsdeling fra kommunene og fagforedrag om åndenød.",
        [("Åndenød hos palliative pasienter", None, "Les før samlingen")],
    ),
    (
        "vest-fysio-ergo",
        "fagdag",
        "fagdag",
        "Fagdag for fysio- og ergoterapeuter i Helse Bergen",
        60,
        1,
        "Haukeland universitetssjukehus, Bergen",
        60,
        "Fysisk aktivitet under kreftbehandling; lymfødem; hjelpemidler i hjemmet.",
        [],
    ),
    (
        "vest-fysio-ergo",
        "nettverk-host",
        "network_meeting",
        "Nettverkssamling høst",
        -60,
        1,
        None,
        None,
        "Digital samling: kasusdrøfting.",
        [],
    ),
]


def seed_demo(world: DemoWorld) -> None:
    """Gatherings for the demo networks, with registrations and attendance."""

    made: dict[str, Gathering] = {}
    for slug, key, kind, title, offset, days, place, capacity, agenda, reading in GATHERINGS:
        network = world.networks.get(slug)
        if network is None:
            continue
        gathering = db.session.scalar(
            select(Gathering).where(Gathering.network_id == network.id, Gathering.title == title)
        )
        if gathering is None:
            first = world.today + dt.timedelta(days=offset)
            last = first + dt.timedelta(days=days - 1)
            gathering = operations.create_gathering(
                network,
                {
                    "kind": kind,
                    "title": title,
                    "start": _at(first, 9),
                    "end": _at(last, 15, 30),
                    "location": place,
                    "online_url": None if place else "https://teams.example.no/samling",
                    "capacity": capacity,
                    "agenda": agenda,
                },
            )
            for item_title, url, note in reading:
                operations.add_reading_item(
                    gathering, {"title": item_title, "url": url, "note": note}
                )
        made[key] = gathering

    def ensure(key: str, person_key: str, *, with_leader: bool = False, attended=None) -> None:
        gathering, person = made.get(key), world.persons.get(person_key)
        if gathering is None or person is None:
            return
        exists = db.session.scalar(
            select(Registration.id).where(
                Registration.gathering_id == gathering.id, Registration.person_id == person.id
            )
        )
        if exists:
            return
        registration, companion = operations.register_person(
            gathering, person, with_leader=with_leader, manager=True
        )
        if attended is not None:
            registrations.set_attendance(registration, attended)
            if companion is not None:
                registrations.set_attendance(companion, attended)

    ensure("basis", "ola", with_leader=True, attended=True)
    ensure("basis", "kari", attended=True)
    ensure("temadag", "kari", attended=True)
    ensure("temadag", "ingrid", attended=False)
    ensure("vaar", "ingrid")
    ensure("nettverk-host", "siri", attended=True)
    ensure("nettverk-host", "erik", attended=False)
    ensure("fagdag", "erik")
    db.session.flush()
