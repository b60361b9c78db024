"""The synthetic country's vocabulary: the mixes it draws from, its records, helpers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert

from app.core.types import OSLO, UTC
from app.extensions import db
from app.gatherings.models import GatheringKind
from app.people.models import (
    WorkplaceKind,
)

CHUNK = 2000
YEARS = 10
DOMAIN = "syntetisk.example"
FIRST = (
    "Kari Ola Ingrid Lars Siri Erik Anne Per Mona Jonas Nina Hilde Knut Marit Arne Tone Bjørn "
    "Liv Geir Randi Trond Heidi Espen Solveig Håkon Astrid Øystein Camilla Magnus Ida Sindre "
    "Guro Eirik Maria Emil Nora Aksel Ragnhild Vegard Åse Jørgen Sunniva"
).split()
LAST = (
    "Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen Jensen Karlsen Berg "
    "Haugen Bakke Moen Lie Dahl Halvorsen Eriksen Jacobsen Strand Solberg Knutsen Lund Sæther "
    "Hagen Aas Myhre Nygård Brekke Holm Ødegård Tangen Løken Vik Rønning Fjeld Aune Ruud"
).split()
SPECIALTIES = ("indremedisin", "onkologi", "anestesiologi", "allmennmedisin", "geriatri")
CITIES = ("Oslo", "Bergen", "Trondheim", "Tromsø", "Stavanger", "Kristiansand", "Bodø", "Hamar")
ASCII_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})

#: profession mix of the non-doctors (doctors are a fixed share, up to 500)
PROFESSION_MIX = (
    ("nurse", 0.66),
    ("physiotherapist", 0.10),
    ("occupational_therapist", 0.08),
    ("health_worker", 0.08),
    ("social_worker", 0.03),
    ("chaplain", 0.02),
    ("pharmacist", 0.03),
)
WORKPLACE_MIX = {
    "nurse": (("nursing_home", 45), ("home_care", 35), ("hospital_ward", 12), ("centre", 8)),
    "physiotherapist": (("physio_ot_service", 70), ("hospital_ward", 20), ("nursing_home", 10)),
    "occupational_therapist": (("physio_ot_service", 70), ("hospital_ward", 15), ("home_care", 15)),
    "doctor": (("centre", 45), ("hospital_ward", 30), ("gp_office", 25)),
    "other": (("nursing_home", 40), ("home_care", 35), ("hospital_ward", 25)),
}
MUNICIPAL_KINDS = {
    "nursing_home": ("sykehjem", WorkplaceKind.nursing_home),
    "home_care": ("hjemmetjeneste", WorkplaceKind.home_care),
    "physio_ot_service": ("fysio- og ergoterapitjeneste", WorkplaceKind.physio_ot_service),
    "gp_office": ("legekontor", WorkplaceKind.gp_office),
}
HOSPITAL_KINDS = {
    "hospital_ward": ("medisinsk avdeling", WorkplaceKind.hospital_ward),
    "centre": ("palliativt senter", WorkplaceKind.palliative_centre),
}
#: gathering kinds a network of each group holds: (kind, title, month, every other year)
GATHERINGS = {
    "nurse": (
        (GatheringKind.intro_course, "Introduksjonskurs for nye ressurssykepleiere", 3, True),
        (GatheringKind.theme_day, "Temadag i palliasjon", 10, False),
        (GatheringKind.network_meeting, "Nettverkssamling vår", 2, False),
        (GatheringKind.network_meeting, "Nettverkssamling høst", 9, False),
    ),
    "fysio": (
        (GatheringKind.intro_course, "Introduksjonskurs", 4, True),
        (GatheringKind.network_meeting, "Nettverkssamling", 5, False),
        (GatheringKind.network_meeting, "Nettverkssamling høst", 9, False),
        (GatheringKind.fagdag, "Fagdag for fysio- og ergoterapeuter", 11, False),
    ),
    "doctor": (
        (GatheringKind.network_meeting, "Digitalt nettverksmøte for KPM-kandidater", 6, False),
    ),
}
GATHERING_GROUP = {"nurse": "nurse", "home": "nurse", "inter": "nurse", "fysio": "fysio"}
ATTEND_P = {
    GatheringKind.intro_course: 0.85,
    GatheringKind.theme_day: 0.6,
    GatheringKind.network_meeting: 0.45,
    GatheringKind.fagdag: 0.55,
}
SKILLS = (
    "pleuradren cvk-veneport spinal-epidural-kateter urinkateter ascitesdren sc-administrasjon "
    "pumper sarbehandling nasogastrisk-sonde familiesamtale individuell-plan undervisning-kolleger"
).split()


@dataclass
class Net:
    """A network as the generator needs it."""

    id: int
    slug: str
    group: str  # nurse, home, inter, fysio, doctor
    trust_area_id: int | None
    region_id: int | None
    gatherings: list[int] = field(default_factory=list)  # indexes into World.gatherings
    starts: list[dt.date] = field(default_factory=list)
    sites: list[int] = field(default_factory=list)


@dataclass
class Spec:
    """A person before insert, with what the generator knows about them."""

    row: dict[str, Any]
    profession: str
    municipality_id: int
    trust_area_id: int | None
    region_id: int | None
    leader: bool = False
    id: int = 0
    #: the day the person was appointed resource person (her first membership's start)
    appointed: dt.date | None = None
    spans: list[tuple[Net, dt.date, dt.date | None]] = field(default_factory=list)


@dataclass
class World:
    """Everything generated, in Python, before it is written."""

    rng: random.Random
    today: dt.date
    professions: dict[str, int]
    nets: dict[str, Net] = field(default_factory=dict)
    persons: list[Spec] = field(default_factory=list)
    gatherings: list[dict[str, Any]] = field(default_factory=list)
    offerings: list[dict[str, Any]] = field(default_factory=list)
    modules: list[list[dict[str, Any]]] = field(default_factory=list)
    links: list[set[int]] = field(default_factory=list)  # offering index -> network ids
    #: (gathering index or None, offering index or None, person spec, row)
    registrations: list[tuple[int | None, int | None, Spec, dict[str, Any]]] = field(
        default_factory=list
    )
    companions: list[tuple[int, int]] = field(default_factory=list)  # (reg index, of reg index)
    seen: set[tuple[Any, Any, int]] = field(default_factory=set)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, name: str, row: dict[str, Any]) -> None:
        """Queue a row for a table written late (no ids needed from it)."""
        self.rows.setdefault(name, []).append(row)


# --------------------------------------------------------------------------- helpers


def insert_rows(table_or_model: Any, rows: list[dict[str, Any]], *, ids: bool = False) -> list[int]:
    """Executemany insert in chunks; with ``ids`` the new primary keys in row order."""
    table = getattr(table_or_model, "__table__", table_or_model)
    out: list[int] = []
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        if ids:
            stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            out.extend(db.session.execute(stmt, chunk).scalars())
        else:
            db.session.execute(insert(table), chunk)
    return out


def at_oslo(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """Oslo wall time on a day, as an aware UTC datetime."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO).astimezone(UTC)


def stamp_on(day: dt.date) -> dt.datetime:
    """A reproducible created/updated time for a record made on ``day``."""
    return at_oslo(day, 12)


def pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    """One key of a (key, weight) mix, drawn by weight."""
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def date_in(rng: random.Random, year: int, month: int) -> dt.date:
    """A day early enough in the month to leave room for a few days' event."""
    return dt.date(year, month, rng.randint(1, 26))
