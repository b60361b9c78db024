"""`flask seed demo`: reference data plus demo users and persons to click through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from app.auth.models import Role, User
from app.auth.operations import create_user
from app.auth.rules import mfa_required
from app.core.types import utcnow
from app.extensions import db
from app.networks.models import Membership, MembershipRole, Network
from app.people.models import (
    Municipality,
    Person,
    Profession,
    ServiceLevel,
    Workplace,
    WorkplaceKind,
)
from app.seed.reference import seed_reference

DEMO_PASSWORD = "demo-passord-2026"  # noqa: S105 - printed for the demo on purpose
#: the TOTP secret of the demo users whose role requires MFA: DEMO ONLY, printed by
#: `flask seed demo` (add it to an authenticator app, or `flask seed demo-code`)
DEMO_TOTP_SECRET = "KOMPETANSENETTDEMOKOMPETANSENETT"  # noqa: S105 - demo only, printed


@dataclass
class DemoWorld:
    """What the demo created, for the feature seeders to build on."""

    today: dt.date
    networks: dict[str, Network] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    logins: list[tuple[str, str]] = field(default_factory=list)


def _municipality(name: str) -> Municipality | None:
    return db.session.scalar(select(Municipality).where(Municipality.name == name))


def _workplace(name: str, municipality: str, kind: WorkplaceKind, level: ServiceLevel) -> Workplace:
    place = _municipality(municipality)
    workplace = db.session.scalar(select(Workplace).where(Workplace.name == name))
    if workplace is None:
        workplace = Workplace(name=name, municipality=place, kind=kind, service_level=level)
        db.session.add(workplace)
        db.session.flush()
    return workplace


PEOPLE = [
    # key, name, email, profession, workplace, municipality, kind, level, network, months ago
    (
        "leder_hamar",
        "Hanne Leder",
        "hanne.leder@hamar.kommune.no",
        "nurse",
        "Hamar sykehjem",
        "Hamar",
        WorkplaceKind.nursing_home,
        ServiceLevel.primary,
        None,
        0,
    ),
    (
        "kari",
        "Kari Nordmann",
        "kari.nordmann@hamar.kommune.no",
        "nurse",
        "Hamar sykehjem",
        "Hamar",
        WorkplaceKind.nursing_home,
        ServiceLevel.primary,
        "innlandet-ressurssykepleiere",
        14,
    ),
    (
        "ola",
        "Ola Hansen",
        "ola.hansen@lillehammer.kommune.no",
        "nurse",
        "Lillehammer hjemmetjeneste",
        "Lillehammer",
        WorkplaceKind.home_care,
        ServiceLevel.primary,
        "innlandet-ressurssykepleiere",
        3,
    ),
    (
        "ingrid",
        "Ingrid Berg",
        "ingrid.berg@gjovik.kommune.no",
        "nurse",
        "Gjøvik omsorgssenter",
        "Gjøvik",
        WorkplaceKind.nursing_home,
        ServiceLevel.primary,
        "innlandet-ressurssykepleiere",
        30,
    ),
    (
        "siri",
        "Siri Fysio",
        "siri.fysio@bergen.kommune.no",
        "physiotherapist",
        "Bergen kommune fysioterapitjeneste",
        "Bergen",
        WorkplaceKind.physio_ot_service,
        ServiceLevel.primary,
        "vest-fysio-ergo",
        8,
    ),
    (
        "erik",
        "Erik Ergo",
        "erik.ergo@stord.kommune.no",
        "occupational_therapist",
        "Stord ergoterapitjeneste",
        "Stord",
        WorkplaceKind.physio_ot_service,
        ServiceLevel.primary,
        "vest-fysio-ergo",
        26,
    ),
    (
        "lege",
        "Lise Lege",
        "lise.lege@helse-bergen.no",
        "doctor",
        "Palliativt senter, Haukeland",
        "Bergen",
        WorkplaceKind.palliative_centre,
        ServiceLevel.specialist,
        "kpm",
        10,
    ),
]


def _months_ago(today: dt.date, months: int) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return dt.date(year, month + 1, 1)


def seed_people(world: DemoWorld) -> None:
    """Demo persons, memberships and users (one per role)."""
    professions = {p.key: p for p in db.session.scalars(select(Profession))}
    for row in PEOPLE:
        key, name, email, prof, wp, mun, kind, level, slug, months = row
        person = db.session.scalar(select(Person).where(Person.email == email))
        if person is None:
            person = Person(
                name=name,
                email=email,
                profession=professions[prof],
                workplace=_workplace(wp, mun, kind, level),
                public_consent=key in {"kari", "siri"},
                phone="+47 900 00 000",
            )
            if key == "lege":
                person.specialties = "Onkologi"
                person.specialist_approved_on = dt.date(2019, 6, 1)
            db.session.add(person)
            db.session.flush()
        world.persons[key] = person
        if slug:
            network = world.networks[slug]
            exists = db.session.scalar(
                select(Membership.id).where(
                    Membership.person_id == person.id, Membership.network_id == network.id
                )
            )
            if not exists:
                db.session.add(
                    Membership(
                        person=person,
                        network=network,
                        role=MembershipRole.resource_person,
                        start=_months_ago(world.today, months),
                    )
                )
    for key in ("kari", "ola", "ingrid"):
        world.persons[key].leader = world.persons["leder_hamar"]
    db.session.flush()

    def user(email: str, role: Role, person: Person | None = None, networks=()) -> None:
        found = db.session.scalar(select(User).where(User.email == email))
        if found is None:
            found = create_user(
                email, role, password=DEMO_PASSWORD, person=person, networks=list(networks)
            )
            if mfa_required(role.value, current_app.config.get("MFA_REQUIRED_ROLES") or ()):
                found.totp_secret = DEMO_TOTP_SECRET
                found.mfa_enabled_at = utcnow()
        world.users[email] = found
        world.logins.append((email, role.value))

    user("admin@kompetansenett.no", Role.admin)
    user(
        "koordinator.innlandet@kompetansenett.no",
        Role.coordinator,
        networks=[world.networks["innlandet-ressurssykepleiere"]],
    )
    user(
        "koordinator.vest@kompetansenett.no",
        Role.coordinator,
        networks=[world.networks["vest-fysio-ergo"], world.networks["kpm"]],
    )
    user(world.persons["leder_hamar"].email, Role.leader, world.persons["leder_hamar"])
    user(world.persons["kari"].email, Role.resource_person, world.persons["kari"])
    user(world.persons["siri"].email, Role.resource_person, world.persons["siri"])
    user(world.persons["lege"].email, Role.resource_person, world.persons["lege"])
    user("veileder@helse-bergen.no", Role.supervisor)


FIRST_NAMES = [
    "Anne",
    "Berit",
    "Camilla",
    "Dag",
    "Eva",
    "Frode",
    "Guro",
    "Hilde",
    "Ivar",
    "Jorunn",
    "Knut",
    "Liv",
    "Marit",
    "Nils",
    "Oda",
    "Petter",
    "Randi",
    "Silje",
    "Tone",
    "Unni",
    "Vidar",
    "Åse",
]
LAST_NAMES = [
    "Bakken",
    "Dahl",
    "Eide",
    "Fossum",
    "Haugen",
    "Kristiansen",
    "Lund",
    "Moe",
    "Nygård",
    "Ruud",
    "Solberg",
    "Strand",
    "Sæther",
    "Tangen",
    "Øien",
]
INNLANDET = [
    "Hamar",
    "Lillehammer",
    "Gjøvik",
    "Elverum",
    "Ringsaker",
    "Stange",
    "Løten",
    "Trysil",
    "Tynset",
    "Vågå",
    "Lom",
    "Nord-Fron",
    "Gausdal",
    "Østre Toten",
]
VESTLAND = [
    "Bergen",
    "Stord",
    "Voss",
    "Askøy",
    "Bjørnafjorden",
    "Kvinnherad",
    "Alver",
    "Sogndal",
    "Sunnfjord",
    "Stavanger",
    "Sandnes",
    "Haugesund",
]


def seed_more_people(world: DemoWorld) -> None:
    """About fifty more resource persons with leaders, spread over the two regions."""
    import random

    rng = random.Random(2026)  # noqa: S311 - reproducible demo data
    professions = {p.key: p for p in db.session.scalars(select(Profession))}
    plan = [
        ("innlandet-ressurssykepleiere", INNLANDET, ["nurse"], 30),
        ("vest-fysio-ergo", VESTLAND, ["physiotherapist", "occupational_therapist"], 18),
        ("kpm", VESTLAND, ["doctor"], 4),
    ]
    number = 0
    for slug, places, prof_keys, count in plan:
        network = world.networks[slug]
        leaders: dict[str, Person] = {}
        for _ in range(count):
            number += 1
            place = places[number % len(places)]
            municipality = _municipality(place)
            if municipality is None:
                continue
            ascii_place = place.lower().translate(
                str.maketrans({"æ": "ae", "ø": "o", "å": "a", " ": "-"})
            )
            email = f"demo{number}@{ascii_place}.kommune.no"
            if db.session.scalar(select(Person.id).where(Person.email == email)):
                continue
            prof = prof_keys[number % len(prof_keys)]
            kind = (
                WorkplaceKind.palliative_centre
                if prof == "doctor"
                else (
                    WorkplaceKind.physio_ot_service
                    if prof != "nurse"
                    else WorkplaceKind.nursing_home
                )
            )
            level = ServiceLevel.specialist if prof == "doctor" else ServiceLevel.primary
            workplace = _workplace(
                f"{place} {'helse og omsorg' if prof != 'doctor' else 'palliativt team'}",
                place,
                kind,
                level,
            )
            if place not in leaders:
                leader = Person(
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    email=f"leder{number}@{ascii_place}.kommune.no",
                    profession=professions["nurse"],
                    workplace=workplace,
                )
                db.session.add(leader)
                leaders[place] = leader
            months = rng.randint(0, 40)
            person = Person(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                email=email,
                profession=professions[prof],
                workplace=workplace,
                leader=leaders[place],
                further_education=prof == "nurse" and rng.random() < 0.3,
                public_consent=rng.random() < 0.6,
            )
            if prof == "doctor":
                person.specialties = rng.choice(["Onkologi", "Indremedisin", "Allmennmedisin"])
                person.specialist_approved_on = dt.date(2015 + number % 8, 3, 1)
            db.session.add(person)
            db.session.add(
                Membership(person=person, network=network, start=_months_ago(world.today, months))
            )
    db.session.flush()


def seed_demo(today: dt.date) -> DemoWorld:
    """Reference data, then demo people, then each feature's demo records."""
    seed_reference()
    world = DemoWorld(today=today)
    world.networks = {n.slug: n for n in db.session.scalars(select(Network))}
    seed_people(world)
    seed_more_people(world)
    for extend in _feature_seeders():
        extend(world)
    db.session.flush()
    return world


def _feature_seeders():
    """Each feature's `seed_demo(world)`, in dependency order."""
    from app.seed import features

    return features.SEEDERS
