"""`flask seed synthetic`: a synthetic country for benchmarks, built with bulk inserts.

About 60 networks (the three real ones plus generated ones per trust area and region that
copy the real plans), persons over every municipality and profession, memberships with
history, ten years of gatherings and course offerings (some with modules) with
registrations and attendance, hospitations, doctors' KPM records. Everything is drawn from
one ``random.Random(seed)`` and dated relative to ``today``, so the same seed on the same
starting database gives the same data. Rows are generated in Python first and then written
with executemany inserts (ids come back through ``RETURNING`` in parameter order).
"""

from __future__ import annotations

import bisect
import copy
import datetime as dt
import json
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update

from app.auth.models import Role, User, coordinator_networks
from app.core.dates import add_months
from app.core.types import OSLO, UTC, today_oslo
from app.courses.models import (
    Course,
    CourseCompletion,
    ModuleAttendance,
    Offering,
    OfferingModule,
    OfferingStatus,
    offering_networks,
)
from app.extensions import db
from app.gatherings.models import Gathering, GatheringKind, GatheringStatus
from app.hospitation.models import (
    Hospitation,
    HospitationEvent,
    HospitationSite,
    HospitationStatus,
    site_professions,
)
from app.kpm.models import (
    ChecklistAttestation,
    DocumentKind,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SiteKind,
    SupervisionMeeting,
    TeachingHours,
)
from app.networks.models import Membership, MembershipRole, Network, network_professions
from app.people.models import (
    Municipality,
    Person,
    Profession,
    Region,
    ServiceLevel,
    TrustArea,
    Workplace,
    WorkplaceKind,
)
from app.registrations.models import Registration, RegistrationStatus
from app.seed.reference import DATA, put_plan, seed_reference

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
_ASCII = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})

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


def _insert(table_or_model: Any, rows: list[dict[str, Any]], *, ids: bool = False) -> list[int]:
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


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """Oslo wall time on a day, as an aware UTC datetime."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=OSLO).astimezone(UTC)


def _stamp(day: dt.date) -> dt.datetime:
    """A reproducible created/updated time for a record made on ``day``."""
    return _at(day, 12)


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _date_in(rng: random.Random, year: int, month: int) -> dt.date:
    return dt.date(year, month, rng.randint(1, 26))


# --------------------------------------------------------------------------- networks


def _plan_rows() -> dict[str, dict[str, Any]]:
    with open(DATA / "networks.json", encoding="utf-8") as fh:
        return {row["slug"]: row["plans"][0] for row in json.load(fh)}


def _network_candidates(tas: list[TrustArea], regions: list[Region]) -> list[dict[str, Any]]:
    """Generated networks, round-robin over the groups so a small run gets a mix."""
    vest = {r.id for r in regions if r.key == "helse-vest"}
    groups = [
        [
            dict(
                slug=f"ressurssykepleiere-{t.key}",
                group="nurse",
                ta=t,
                region=t.region,
                name=f"Ressurssykepleiernettverket i {t.name}",
                profs=["nurse"],
                plan="innlandet-ressurssykepleiere",
            )
            for t in tas
            if t.key != "sykehuset-innlandet"
        ],
        [
            dict(
                slug=f"fysio-ergo-{t.key}",
                group="fysio",
                ta=t,
                region=t.region,
                name=f"Fysio- og ergoterapinettverket i {t.name}",
                profs=["physiotherapist", "occupational_therapist"],
                plan="vest-fysio-ergo",
            )
            for t in tas
            if t.region_id not in vest
        ],
        [
            dict(
                slug=f"tverrfaglig-{r.key}",
                group="inter",
                ta=None,
                region=r,
                name=f"Tverrfaglig palliativt nettverk i {r.name}",
                profs=["health_worker", "social_worker", "chaplain", "pharmacist"],
                plan="innlandet-ressurssykepleiere",
                all_professions=True,
            )
            for r in regions
        ],
        [
            dict(
                slug=f"kpm-{r.key}",
                group="doctor",
                ta=None,
                region=r,
                name=f"KPM-kandidater i {r.name}",
                profs=["doctor"],
                plan="kpm",
            )
            for r in regions
        ],
        [
            dict(
                slug=f"hjemmetjeneste-{t.key}",
                group="home",
                ta=t,
                region=t.region,
                name=f"Ressurssykepleiere i hjemmetjenesten, {t.name}",
                profs=["nurse"],
                plan="innlandet-ressurssykepleiere",
            )
            for t in tas
        ],
    ]
    out = []
    for i in range(max(len(g) for g in groups)):
        out.extend(g[i] for g in groups if i < len(g))
    return out


def _ensure_networks(world: World, count: int) -> None:
    """The real networks plus generated copies, ~60 for 20,000 persons (fewer for small runs)."""
    tas = db.session.scalars(select(TrustArea).order_by(TrustArea.id)).all()
    regions = db.session.scalars(select(Region).order_by(Region.id)).all()
    plans = _plan_rows()
    profs = {p.key: p for p in db.session.scalars(select(Profession))}
    wanted = min(60, 3 + count // 350) - 3
    real = {
        "innlandet-ressurssykepleiere": "nurse",
        "vest-fysio-ergo": "fysio",
        "kpm": "doctor",
    }
    for slug, group in real.items():
        net = db.session.scalar(select(Network).where(Network.slug == slug))
        world.nets[slug] = Net(net.id, slug, group, net.trust_area_id, net.region_id)
    for cand in _network_candidates(tas, regions)[:wanted]:
        net = db.session.scalar(select(Network).where(Network.slug == cand["slug"]))
        if net is None:
            net = Network(
                slug=cand["slug"],
                name=cand["name"],
                description="Syntetisk nettverk for ytelsesmåling.",
                region_id=cand["region"].id,
                trust_area_id=cand["ta"].id if cand["ta"] else None,
            )
            net.professions = [profs[k] for k in cand["profs"]]
            db.session.add(net)
            db.session.flush()
            plan = copy.deepcopy(plans[cand["plan"]])
            if cand.get("all_professions"):
                for req in plan["requirements"]:
                    req["professions"] = []
            put_plan(net, plan)
        world.nets[cand["slug"]] = Net(
            net.id, cand["slug"], cand["group"], net.trust_area_id, net.region_id
        )
    db.session.flush()


def _network_for(world: World, spec: Spec, group: str) -> Net | None:
    """The network of a group that covers the person's area (trust area, else region)."""
    nets = [n for n in world.nets.values() if n.group == group]
    for test in (
        lambda n: n.trust_area_id is not None and n.trust_area_id == spec.trust_area_id,
        lambda n: n.trust_area_id is None and n.region_id == spec.region_id,
        lambda n: n.region_id == spec.region_id,
    ):
        found = [n for n in nets if test(n)]
        if found:
            return found[0]
    return nets[0] if nets else None


# --------------------------------------------------------------------------- places, persons


def _workplaces(world: World, municipalities: list[Municipality]) -> dict[tuple, int]:
    """Four municipal workplaces per municipality, two hospital ones per trust area."""
    existing = {
        (name, mid): wid
        for wid, name, mid in db.session.execute(
            select(Workplace.id, Workplace.name, Workplace.municipality_id)
        )
    }
    wanted: dict[tuple, tuple[str, int, WorkplaceKind, ServiceLevel]] = {}
    seat: dict[int, Municipality] = {}
    for m in municipalities:
        for key, (label, kind) in MUNICIPAL_KINDS.items():
            wanted[(m.id, key)] = (f"{m.name} {label}", m.id, kind, ServiceLevel.primary)
        if m.trust_area_id and m.trust_area_id not in seat:
            seat[m.trust_area_id] = m
    for ta_id, m in seat.items():
        area = db.session.get(TrustArea, ta_id)
        for key, (label, kind) in HOSPITAL_KINDS.items():
            name = f"{area.name}, {label}"
            wanted[(("ta", ta_id), key)] = (name, m.id, kind, ServiceLevel.specialist)
    new_keys = [k for k, v in wanted.items() if (v[0], v[1]) not in existing]
    rows = [
        dict(
            name=wanted[k][0],
            municipality_id=wanted[k][1],
            kind=wanted[k][2],
            service_level=wanted[k][3],
        )
        for k in new_keys
    ]
    for key, wid in zip(new_keys, _insert(Workplace, rows, ids=True), strict=True):
        existing[(wanted[key][0], wanted[key][1])] = wid
    return {k: existing[(v[0], v[1])] for k, v in wanted.items()}


def _persons(world: World, count: int, offset: int) -> None:
    """Leaders first (their ids are needed), then resource persons and doctors."""
    rng, today = world.rng, world.today
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.id)).all()
    areas = {t.id: t.region_id for t in db.session.scalars(select(TrustArea))}
    fallback_area = sorted(areas)[0]
    places = _workplaces(world, municipalities)
    weights = [min(rng.paretovariate(1.1), 60.0) for _ in municipalities]
    n_doctors = min(500, max(2, round(count * 0.025)))
    n_leaders = max(1, count // 12)
    leaders_at: dict[int, list[int]] = {}

    def make(index: int, profession: str, leader: bool) -> Spec:
        m = rng.choices(municipalities, weights)[0]
        ta = m.trust_area_id or fallback_area
        group = profession if profession in WORKPLACE_MIX else "other"
        kind = _pick(rng, WORKPLACE_MIX[group])
        key = ("ta", ta) if kind in HOSPITAL_KINDS else m.id
        workplace = places.get((key, kind)) or places[(m.id, "nursing_home")]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        number = offset + index + 1
        email = f"{first}.{last}.{number}@{DOMAIN}".lower().translate(_ASCII)
        appointed = today - dt.timedelta(days=int(rng.random() ** 1.6 * 365 * YEARS))
        doctor = profession == "doctor"
        approved = doctor and rng.random() < 0.92
        row = dict(
            name=f"{first} {last}",
            email=email,
            phone=f"+47 9{rng.randrange(10**7):07d}",
            profession_id=world.professions[profession],
            workplace_id=None if rng.random() < 0.03 else workplace,
            municipality_id=m.id,
            leader_id=None,
            appointed_on=None if leader else appointed,
            hpr=f"{900000000 + number}" if doctor or rng.random() < 0.4 else None,
            further_education=profession == "nurse" and rng.random() < 0.3,
            specialties=rng.choice(SPECIALTIES) if doctor else None,
            specialist_approved_on=(
                appointed - dt.timedelta(days=rng.randint(100, 3000)) if approved else None
            ),
            public_consent=not leader and rng.random() < 0.55,
            calendar_token=f"syn{number}x{random_seed_token(rng)}",
            notes=None,
            version=1,
            created_at=_stamp(appointed),
            updated_at=_stamp(appointed),
        )
        return Spec(row, profession, m.id, ta, areas.get(ta), leader=leader)

    leaders = [make(i, _pick(rng, PROFESSION_MIX[:3]), True) for i in range(n_leaders)]
    for spec, pid in zip(leaders, _insert(Person, [s.row for s in leaders], ids=True), strict=True):
        spec.id = pid
        leaders_at.setdefault(spec.row["workplace_id"], []).append(pid)
    members = []
    for i in range(n_leaders, count):
        profession = "doctor" if i < n_leaders + n_doctors else _pick(rng, PROFESSION_MIX)
        spec = make(i, profession, False)
        bosses = leaders_at.get(spec.row["workplace_id"])
        if bosses and rng.random() < 0.9:
            spec.row["leader_id"] = rng.choice(bosses)
        members.append(spec)
    for spec, pid in zip(members, _insert(Person, [s.row for s in members], ids=True), strict=True):
        spec.id = pid
    world.persons = leaders + members


def random_seed_token(rng: random.Random) -> str:
    """A reproducible 32-hex-digit calendar token (synthetic data only, not a secret)."""
    return f"{rng.getrandbits(128):032x}"


def _memberships(world: World) -> None:
    """One network per person by profession and area; history, leavers, second networks."""
    rng, today = world.rng, world.today
    rows = []
    for spec in world.persons:
        if spec.leader:
            continue
        group = {
            "nurse": "nurse",
            "physiotherapist": "fysio",
            "occupational_therapist": "fysio",
            "doctor": "doctor",
        }.get(spec.profession, "inter")
        if group == "nurse" and rng.random() < 0.3:
            group = "home"
        net = (
            world.nets["kpm"]
            if group == "doctor"
            else _network_for(world, spec, group) or _network_for(world, spec, "nurse")
        )
        start = spec.row["appointed_on"]
        if group == "doctor":
            start = max(start, today - dt.timedelta(days=365 * 6))
        end = None
        if rng.random() < 0.12 and (today - start).days > 500:
            end = start + dt.timedelta(days=rng.randint(180, (today - start).days - 1))
        if rng.random() < 0.12:  # an earlier period in the same network: history
            old_start = start - dt.timedelta(days=rng.randint(500, 1500))
            old_end = old_start + dt.timedelta(days=rng.randint(90, 400))
            spec.spans.append((net, old_start, old_end))
        spec.spans.append((net, start, end))
        if group == "doctor":
            regional = _network_for(world, spec, "doctor")
            if regional and regional.slug != "kpm" and rng.random() < 0.15:
                spec.spans.append((regional, start, end))
        elif rng.random() < 0.08:
            other = _network_for(world, spec, "inter")
            if other and other is not net:
                second = start + dt.timedelta(days=rng.randint(0, max(1, (today - start).days)))
                spec.spans.append((other, second, None))
        for n, s, e in spec.spans:
            rows.append(
                dict(
                    person_id=spec.id,
                    network_id=n.id,
                    role=MembershipRole.resource_person,
                    start=s,
                    end=e,
                )
            )
    leaders = [s for s in world.persons if s.leader]
    rng.shuffle(leaders)
    coordinators: dict[str, int] = {}
    for i, net in enumerate(world.nets.values()):
        for spec in leaders[2 * i : 2 * i + 2]:
            start = world.today - dt.timedelta(days=rng.randint(100, 3000))
            rows.append(
                dict(
                    person_id=spec.id,
                    network_id=net.id,
                    role=MembershipRole.coordinator,
                    start=start,
                    end=None,
                )
            )
            coordinators.setdefault(net.slug, spec.id)
    _insert(Membership, rows)
    _users(world, coordinators)


def _users(world: World, coordinators: dict[str, int]) -> None:
    """One coordinator account per network (no password: the bench signs its own cookies)."""
    emails = [f"koordinator.{slug}@{DOMAIN}" for slug in coordinators]
    taken = set(db.session.scalars(select(User.email).where(User.email.in_(emails))))
    linked = set(db.session.scalars(select(User.person_id).where(User.person_id.is_not(None))))
    rows, nets = [], []
    for (slug, person_id), email in zip(coordinators.items(), emails, strict=True):
        if email in taken:
            continue
        rows.append(
            dict(
                email=email,
                password_hash=None,
                role=Role.coordinator,
                person_id=None if person_id in linked else person_id,
                session_token=random_seed_token(world.rng),
                active=True,
                locale=None,
                created_at=_stamp(world.today),
                last_login_at=None,
            )
        )
        nets.append(world.nets[slug].id)
    ids = _insert(User, rows, ids=True)
    _insert(
        coordinator_networks,
        [dict(user_id=u, network_id=n) for u, n in zip(ids, nets, strict=True)],
    )


# --------------------------------------------------------------------------- gatherings


def _gatherings(world: World) -> None:
    """Ten years of gatherings per network, plus the coming months."""
    rng, today = world.rng, world.today
    first_year = today.year - YEARS + 1
    horizon = today + dt.timedelta(days=270)
    for net in world.nets.values():
        plan = GATHERINGS.get(GATHERING_GROUP.get(net.group, net.group), ())
        specs = []
        for year in range(first_year - 1, today.year + 2):
            for kind, title, month, biennial in plan:
                if biennial and (year + net.id) % 2:
                    continue
                day = _date_in(rng, year, month)
                if day < today - dt.timedelta(days=365 * YEARS) or day > horizon:
                    continue
                specs.append((day, kind, title))
        specs.sort(key=lambda s: (s[0], s[1].value))
        for day, kind, title in specs:
            online = kind is GatheringKind.network_meeting and rng.random() < 0.3
            cancelled = rng.random() < 0.03
            created = day - dt.timedelta(days=rng.randint(40, 120))
            capacity = None if kind is GatheringKind.network_meeting else rng.choice((40, 60, 80))
            world.gatherings.append(
                dict(
                    network_id=net.id,
                    kind=kind,
                    title=f"{title} {day.year}",
                    start=_at(day, 9),
                    end=_at(day, 15, 30),
                    location=None if online else f"{rng.choice(CITIES)}, Scandic hotell",
                    online_url="https://meet.example/samling" if online else None,
                    agenda="09.00 Velkommen\n10.00 Fagforedrag\n13.00 Gruppearbeid",
                    capacity=capacity,
                    seats_taken=0,
                    registration_deadline=_at(day - dt.timedelta(days=14), 23, 59),
                    status=GatheringStatus.cancelled if cancelled else GatheringStatus.planned,
                    revision=1 if cancelled else 0,
                    created_at=_stamp(created),
                    updated_at=_stamp(created + dt.timedelta(days=30 if cancelled else 0)),
                )
            )
            net.gatherings.append(len(world.gatherings) - 1)
            net.starts.append(day)


def _register(
    world: World, spec: Spec, g: int | None, o: int | None, day: dt.date, outcome: str | None = None
) -> int:
    """Queue a registration (once per person and event); -1 when already there."""
    rng = world.rng
    key = (g, o, spec.id)
    if key in world.seen:
        return -1
    world.seen.add(key)
    if outcome is not None:
        status = RegistrationStatus(outcome)
    elif day >= world.today:
        status = RegistrationStatus.registered
    elif o is not None:
        status = RegistrationStatus(
            rng.choices(("completed", "attended", "no_show", "cancelled"), (84, 5, 4, 7))[0]
        )
    else:
        status = RegistrationStatus(
            rng.choices(("attended", "no_show", "cancelled"), (88, 5, 7))[0]
        )
    attended = None
    if g is not None and status in (RegistrationStatus.attended, RegistrationStatus.no_show):
        attended = status is RegistrationStatus.attended
    signed = day - dt.timedelta(days=rng.randint(15, 90))
    world.registrations.append(
        (g, o, spec, dict(status=status, attended=attended, signed=signed, day=day))
    )
    return len(world.registrations) - 1


def _attend_gatherings(world: World) -> None:
    rng = world.rng
    horizon = world.today + dt.timedelta(days=270)
    leaders = {s.id: s for s in world.persons if s.leader}
    for spec in world.persons:
        seen: set[int] = set()
        for net, start, end in spec.spans:
            last = min(end or horizon, horizon)
            lo = bisect.bisect_left(net.starts, start)
            hi = bisect.bisect_right(net.starts, last)
            intro_done = False
            for g in net.gatherings[lo:hi]:
                row = world.gatherings[g]
                kind = row["kind"]
                if g in seen or (kind is GatheringKind.intro_course and intro_done):
                    continue
                if rng.random() >= ATTEND_P[kind]:
                    continue
                seen.add(g)
                day = row["start"].astimezone(OSLO).date()
                outcome = "cancelled" if row["status"] is GatheringStatus.cancelled else None
                index = _register(world, spec, g, None, day, outcome)
                if kind is GatheringKind.intro_course:
                    intro_done = True
                    boss = leaders.get(spec.row["leader_id"])
                    if boss and rng.random() < 0.4:
                        extra = _register(world, boss, g, None, day, outcome)
                        if extra >= 0:
                            world.companions.append((extra, index))


# --------------------------------------------------------------------------- courses


def _offering(
    world: World,
    course: Course,
    day: dt.date,
    place: str,
    nets: set[int],
    modules: int = 0,
    days: int = 2,
    capacity: int | None = 40,
) -> int:
    rng = world.rng
    parts = []
    for i in range(modules):
        mday = add_months(day, 3 * i) if modules > 2 else day + dt.timedelta(days=35 * i)
        parts.append(
            dict(
                title=f"Modul {i + 1}",
                start=_at(mday, 9),
                end=_at(mday + dt.timedelta(days=days - 1), 16),
                location=CITIES[(i + len(world.offerings)) % len(CITIES)],
            )
        )
    start = parts[0]["start"] if parts else _at(day, 9)
    end = parts[-1]["end"] if parts else _at(day + dt.timedelta(days=days - 1), 16)
    created = day - dt.timedelta(days=rng.randint(60, 200))
    cancelled = rng.random() < 0.03
    world.offerings.append(
        dict(
            course_id=course.id,
            start=start,
            end=end,
            location=place,
            online_url=None,
            capacity=capacity,
            seats_taken=0,
            registration_deadline=_at(day - dt.timedelta(days=21), 23, 59),
            status=OfferingStatus.cancelled if cancelled else OfferingStatus.published,
            note=None,
            revision=1 if cancelled else 0,
            created_at=_stamp(created),
            updated_at=_stamp(created),
            _day=day,
            _course=course.key,
        )
    )
    world.modules.append(parts)
    world.links.append(nets)
    return len(world.offerings) - 1


def _offerings(world: World) -> dict[str, list[tuple[dt.date, int, Any]]]:
    """Offerings per course key: (first day, offering index, scope: trust area id or None)."""
    rng, today = world.rng, world.today
    courses = {c.key: c for c in db.session.scalars(select(Course))}
    tas = db.session.scalars(select(TrustArea).order_by(TrustArea.id)).all()
    years = range(today.year - YEARS, today.year + 2)
    horizon = today + dt.timedelta(days=300)
    out: dict[str, list[tuple[dt.date, int, Any]]] = {}

    def add(key: str, day: dt.date, scope: Any, **kw: Any) -> None:
        if key in courses and today - dt.timedelta(days=365 * YEARS) <= day <= horizon:
            out.setdefault(key, []).append((day, _offering(world, courses[key], day, **kw), scope))

    by_group: dict[str, list[Net]] = {}
    for net in world.nets.values():
        by_group.setdefault(net.group, []).append(net)
    fysio = {n.id for n in by_group.get("fysio", [])}
    doctors = {n.id for n in by_group.get("doctor", [])}
    for year in years:
        for ta in tas:
            nets = {
                n.id
                for n in world.nets.values()
                if n.trust_area_id == ta.id and n.group in ("nurse", "home")
            }
            for month in (3, 9):
                add(
                    "niva-b-palliasjon-sykepleie",
                    _date_in(rng, year, month),
                    ta.id,
                    place=f"{ta.name}",
                    nets=nets,
                    modules=2 if rng.random() < 0.3 else 0,
                    days=2,
                    capacity=rng.choice((30, 40)),
                )
        for i, key in enumerate(sorted(k for k in courses if k.startswith(("nff-", "sfl-")))):
            add(
                key,
                _date_in(rng, year, 1 + (i * 3) % 11),
                None,
                place=rng.choice(CITIES),
                nets=fysio,
                days=int(courses[key].days or 3),
                capacity=30,
            )
        for month in (2, 10):
            add(
                "grunnkurs-palliasjon-haukeland",
                _date_in(rng, year, month),
                None,
                place="Palliativt senter, Haukeland universitetssjukehus",
                nets=fysio,
                days=3,
                capacity=80,
            )
        if year < 2026 and year % 2:
            add(
                "nscpm",
                _date_in(rng, year, 4),
                None,
                place="Norden",
                nets=doctors,
                modules=6,
                days=5,
                capacity=35,
            )
        if year >= 2026:
            add(
                "palliativ-medisin-teorikurs",
                dt.date(year, 1, rng.randint(12, 20)),
                None,
                place="Trondheim",
                nets=doctors,
                modules=6,
                days=4,
                capacity=35,
            )
    for items in out.values():
        items.sort(key=lambda t: (t[0], t[1]))
    return out


def _take(
    world: World, spec: Spec, offers: dict, key: str, after: dt.date, within: int, scope: Any = None
) -> tuple[int, dt.date] | None:
    """Register for the first offering of a course after ``after`` (within days); None if none."""
    items = offers.get(key, [])
    lo = bisect.bisect_left(items, (after, -1))
    for day, index, where in items[lo:]:
        if (day - after).days > within:
            return None
        if scope is not None and where not in (None, scope):
            continue
        if world.offerings[index]["status"] is OfferingStatus.cancelled:
            continue
        _register(world, spec, None, index, day)
        return index, day
    return None


def _courses(world: World, offers: dict) -> None:
    rng, today = world.rng, world.today
    course_ids = dict(db.session.execute(select(Course.key, Course.id)).all())
    for spec in world.persons:
        if spec.leader or not spec.spans:
            continue
        start = spec.spans[-1][1]
        p = spec.profession
        if p in ("nurse", "health_worker") and not spec.row["further_education"]:
            if rng.random() < (0.72 if p == "nurse" else 0.2):
                ta = spec.trust_area_id
                if not _take(world, spec, offers, "niva-b-palliasjon-sykepleie", start, 420, ta):
                    _take(world, spec, offers, "niva-b-palliasjon-sykepleie", start, 420)
            elif rng.random() < 0.06 and start < today:
                world.add(
                    "completions",
                    dict(
                        person_id=spec.id,
                        course_id=course_ids["niva-b-palliasjon-sykepleie"],
                        completed_on=start + dt.timedelta(days=rng.randint(0, 300)),
                        hours=30.0,
                        note="Tatt ved høgskolen",
                        verified=rng.random() < 0.8,
                    ),
                )
        if p == "physiotherapist":
            for key in (
                "nff-teoretisk-grunnkurs",
                "nff-lymfodem-grunnkurs",
                "nff-fysioterapi-i-palliasjon",
            ):
                if rng.random() < 0.55:
                    _take(
                        world,
                        spec,
                        offers,
                        key,
                        start + dt.timedelta(days=rng.randint(0, 500)),
                        800,
                    )
            for key in (
                "nff-kreft-og-fysisk-aktivitet",
                "nff-diagnoserettet-kurs-1",
                "sfl-komplett-fysikalsk-lymfodembehandling",
            ):
                if rng.random() < 0.12:
                    _take(
                        world,
                        spec,
                        offers,
                        key,
                        start + dt.timedelta(days=rng.randint(0, 900)),
                        800,
                    )
        if (
            p in ("physiotherapist", "occupational_therapist", "social_worker")
            and rng.random() < 0.5
        ):
            _take(world, spec, offers, "grunnkurs-palliasjon-haukeland", start, 500)
        if p == "doctor":
            spec.row["_theory"] = None
            key = "palliativ-medisin-teorikurs" if start >= dt.date(2025, 6, 1) else "nscpm"
            got = _take(world, spec, offers, key, start, 800) if rng.random() < 0.85 else None
            if got:
                spec.row["_theory"] = world.offerings[got[0]]["end"].date()
            elif key == "nscpm" and rng.random() < 0.5 and start < today:
                day = start + dt.timedelta(days=rng.randint(100, 600))
                if day < today:
                    world.add(
                        "completions",
                        dict(
                            person_id=spec.id,
                            course_id=course_ids["nscpm"],
                            completed_on=day,
                            hours=None,
                            note="NSCPM, Stockholm",
                            verified=True,
                        ),
                    )
                    spec.row["_theory"] = day


# --------------------------------------------------------------------------- hospitation


def _hospitations(world: World) -> None:
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
                    created_at=_stamp(today),
                    updated_at=_stamp(today),
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
                created_at=_stamp(day - dt.timedelta(days=40)),
                updated_at=_stamp(min(end, today)),
            ),
        )


# --------------------------------------------------------------------------- doctors (KPM)


def _kpm(world: World) -> None:
    rng, today = world.rng, world.today
    tas = db.session.scalars(select(TrustArea).order_by(TrustArea.id)).all()
    sites = []
    for i, ta in enumerate(tas):
        sites.append(dict(name=f"{ta.name}, palliativt senter", kind=SiteKind.centre_with_beds))
        if i % 3 == 0:
            sites.append(
                dict(name=f"{ta.name}, palliativt team", kind=SiteKind.centre_without_beds)
            )
        if i % 2 == 0:
            sites.append(
                dict(
                    name=f"{ta.name}, sykehjem med lindrende enhet", kind=SiteKind.nursing_home_unit
                )
            )
    known = dict(db.session.execute(select(EducationSite.name, EducationSite.id)).all())
    new = [s for s in sites if s["name"] not in known]
    for s in new:
        s.update(
            trust_area_id=None,
            approved=True,
            dispensation=rng.random() < 0.1,
            last_inspection_on=today - dt.timedelta(days=rng.randint(30, 700)),
            notes=None,
            created_at=_stamp(today),
            updated_at=_stamp(today),
        )
    for s, sid in zip(new, _insert(EducationSite, new, ids=True), strict=True):
        known[s["name"]] = sid
    by_kind: dict[SiteKind, list[tuple[str, int]]] = {}
    for s in sites:
        by_kind.setdefault(s["kind"], []).append((s["name"], known[s["name"]]))
    plan = (
        (SiteKind.centre_with_beds, (50, 80, 100, 100), (10, 20), True),
        (SiteKind.centre_without_beds, (50, 60, 100), (6, 12), True),
        (SiteKind.nursing_home_unit, (30, 40, 60), (6, 12), True),
    )
    for spec in world.persons:
        if spec.profession != "doctor" or not spec.spans:
            continue
        _, start, _ = spec.spans[-1]
        pid, stamp = spec.id, _stamp(start)
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
        if not periods:
            continue
        first, last = periods[0][0], periods[-1][1]
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
                    created_at=_stamp(meet),
                    updated_at=_stamp(meet),
                ),
            )
            gap = rng.randint(45, 80) if sloppy and rng.random() < 0.1 else rng.randint(14, 31)
            meet += dt.timedelta(days=gap)
        for s, e, pct in periods:
            month = s.replace(day=15)
            while month <= e:
                hours = round(6 * pct / 100 * rng.uniform(0.6, 1.3), 1)
                world.add(
                    "teaching",
                    dict(
                        person_id=pid,
                        date=month,
                        hours=hours,
                        created_at=_stamp(month),
                        updated_at=_stamp(month),
                    ),
                )
                month = add_months(month, 1)
        served = (last - first).days / 30.4
        for item in SKILLS:
            if rng.random() < min(1.0, served / 24):
                on = first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))
                _attest(world, pid, "kpm", "ferdigheter", item, on, supervisor)
        docs = []
        if spec.row["specialist_approved_on"]:
            docs.append((DocumentKind.specialist_approval, spec.row["specialist_approved_on"]))
        if rng.random() < 0.85:
            docs.append(
                (DocumentKind.education_plan, first + dt.timedelta(days=rng.randint(10, 70)))
            )
        if served > 18 and rng.random() < 0.5:
            docs.append(
                (DocumentKind.research_project, last - dt.timedelta(days=rng.randint(0, 90)))
            )
        if spec.row.get("_theory"):
            docs.append((DocumentKind.theory_course, spec.row["_theory"]))
        for kind, on in docs:
            if on < today:
                world.add(
                    "documents",
                    dict(
                        person_id=pid,
                        kind=kind,
                        date=on,
                        note=None,
                        created_at=_stamp(on),
                        updated_at=_stamp(on),
                    ),
                )


def _attest(world: World, pid: int, plan: str, req: str, item: str, on: dt.date, by: str) -> None:
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
            created_at=_stamp(on),
            updated_at=_stamp(on),
        ),
    )


def _goals(world: World) -> None:
    """Level-B goal checklists of physiotherapists and occupational therapists."""
    rng, today = world.rng, world.today
    plan = _plan_rows()["vest-fysio-ergo"]
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
                _attest(world, spec.id, plan["key"], req, item, on, "self")


# --------------------------------------------------------------------------- writing


def _write_events(world: World) -> tuple[int, int]:
    """Gatherings, offerings, modules, registrations (with seats and waiting lists)."""
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
            held = 0
            for i in mine:
                info = world.registrations[i][3]
                if info["status"] is RegistrationStatus.cancelled:
                    continue
                if future and row["capacity"] is not None and held >= row["capacity"]:
                    info["status"] = RegistrationStatus.waitlisted
                    info["waitlisted_at"] = _stamp(info["signed"])
                    continue
                held += 1
            if not future and row["capacity"] is not None:
                row["capacity"] = max(row["capacity"], held)
            row["seats_taken"] = held
    g_ids = _insert(Gathering, world.gatherings, ids=True)
    offering_rows = [{k: v for k, v in r.items() if not k.startswith("_")} for r in world.offerings]
    o_ids = _insert(Offering, offering_rows, ids=True)
    _insert(
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
    m_ids = _insert(OfferingModule, module_rows, ids=True)
    modules_by_o: dict[int, list[int]] = {}
    for i, mid in zip(module_of, m_ids, strict=True):
        modules_by_o.setdefault(i, []).append(mid)
    rows = []
    for g, o, spec, info in world.registrations:
        stamp = _stamp(info["signed"])
        rows.append(
            dict(
                offering_id=o_ids[o] if o is not None else None,
                gathering_id=g_ids[g] if g is not None else None,
                person_id=spec.id,
                status=info["status"],
                waitlisted_at=info.get("waitlisted_at"),
                companion_of_id=None,
                registered_by_id=None,
                status_changed_at=_stamp(min(info["day"], world.today)),
                attended=info["attended"],
                created_at=stamp,
                updated_at=stamp,
            )
        )
    r_ids = _insert(Registration, rows, ids=True)
    if world.companions:
        table = Registration.__table__
        stmt = (
            update(table)
            .where(table.c.id == bindparam("rid"))
            .values(companion_of_id=bindparam("of"))
        )
        db.session.execute(stmt, [dict(rid=r_ids[a], of=r_ids[b]) for a, b in world.companions])
    attendance = []
    for (_, o, _, info), rid in zip(world.registrations, r_ids, strict=True):
        if o in modules_by_o and info["status"] in (
            RegistrationStatus.completed,
            RegistrationStatus.attended,
        ):
            for mid in modules_by_o[o]:
                attendance.append(
                    dict(registration_id=rid, module_id=mid, attended=rng.random() < 0.95)
                )
    _insert(ModuleAttendance, attendance)
    return len(g_ids), len(o_ids)


def _write_rest(world: World) -> None:
    rng = world.rng
    sites = world.rows.get("sites", [])
    site_ids = _insert(
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
    _insert(site_professions, links)
    hosp = world.rows.get("hospitations", [])
    for row in hosp:
        net = row.pop("_net")
        if net.sites and rng.random() < 0.9:
            row["site_id"] = rng.choice(net.sites)
        else:
            row["place"] = "Lindrende enhet, annen kommune"
    h_ids = _insert(Hospitation, hosp, ids=True)
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
                    at=_stamp(on),
                    from_status=before,
                    to_status=after,
                    by_user_id=None,
                    by_label=None,
                    note=None,
                )
            )
    _insert(HospitationEvent, events)
    _insert(
        CourseCompletion,
        [
            dict(
                r,
                verified_by_id=None,
                verified_at=_stamp(r["completed_on"]) if r["verified"] else None,
                created_at=_stamp(r["completed_on"]),
                updated_at=_stamp(r["completed_on"]),
            )
            for r in world.rows.get("completions", [])
        ],
    )
    _insert(ServicePeriod, world.rows.get("service", []))
    _insert(SupervisionMeeting, world.rows.get("supervision", []))
    _insert(TeachingHours, world.rows.get("teaching", []))
    _insert(ChecklistAttestation, world.rows.get("checklist", []))
    _insert(PersonDocument, world.rows.get("documents", []))


def seed_synthetic(count: int, random_seed: int = 1, today: dt.date | None = None) -> str:
    """Add a synthetic country of ``count`` persons (reproducible by seed); returns a summary."""
    seed_reference()
    today = today or today_oslo()
    rng = random.Random(random_seed)  # noqa: S311 - reproducible test data, not secrets
    professions = dict(db.session.execute(select(Profession.key, Profession.id)).all())
    world = World(rng=rng, today=today, professions=professions)
    offset = db.session.scalar(select(func.count(Person.id))) or 0
    _ensure_networks(world, count)
    _persons(world, count, offset)
    _memberships(world)
    _gatherings(world)
    _attend_gatherings(world)
    offers = _offerings(world)
    _courses(world, offers)
    _hospitations(world)
    _kpm(world)
    _goals(world)
    for spec in world.persons:
        spec.row.pop("_theory", None)
    n_gatherings, n_offerings = _write_events(world)
    _write_rest(world)
    db.session.flush()
    members = sum(len(s.spans) for s in world.persons)
    return (
        f"{count} persons, {len(world.nets)} networks, {members} memberships, "
        f"{n_gatherings} gatherings, {n_offerings} offerings, "
        f"{len(world.registrations)} registrations, "
        f"{len(world.rows.get('hospitations', []))} hospitations, "
        f"{sum(1 for s in world.persons if s.profession == 'doctor')} doctors"
    )
