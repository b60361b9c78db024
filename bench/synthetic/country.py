"""Networks (real and generated), workplaces, persons, memberships with history, and users."""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from typing import Any

from sqlalchemy import select

from app.auth.models import Role, User, coordinator_networks
from app.extensions import db
from app.networks.models import (
    Membership,
    MembershipRole,
    Network,
)
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
from app.seed.reference import DATA, put_plan
from bench.synthetic.base import (
    ASCII_FOLD,
    DOMAIN,
    FIRST,
    HOSPITAL_KINDS,
    LAST,
    MUNICIPAL_KINDS,
    PROFESSION_MIX,
    SPECIALTIES,
    WORKPLACE_MIX,
    YEARS,
    Net,
    Spec,
    World,
    insert_rows,
    pick,
    stamp_on,
)

# --------------------------------------------------------------------------- networks


def plan_rows() -> dict[str, dict[str, Any]]:
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


def ensure_networks(world: World, count: int) -> None:
    """The real networks plus generated copies, ~60 for 20,000 persons (fewer for small runs)."""
    tas = db.session.scalars(select(TrustArea).order_by(TrustArea.id)).all()
    regions = db.session.scalars(select(Region).order_by(Region.id)).all()
    plans = plan_rows()
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


def network_for(world: World, spec: Spec, group: str) -> Net | None:
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
    for key, wid in zip(new_keys, insert_rows(Workplace, rows, ids=True), strict=True):
        existing[(wanted[key][0], wanted[key][1])] = wid
    return {k: existing[(v[0], v[1])] for k, v in wanted.items()}


def add_persons(world: World, count: int, offset: int) -> None:
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
        kind = pick(rng, WORKPLACE_MIX[group])
        key = ("ta", ta) if kind in HOSPITAL_KINDS else m.id
        workplace = places.get((key, kind)) or places[(m.id, "nursing_home")]
        first, last = rng.choice(FIRST), rng.choice(LAST)
        number = offset + index + 1
        email = f"{first}.{last}.{number}@{DOMAIN}".lower().translate(ASCII_FOLD)
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
            created_at=stamp_on(appointed),
            updated_at=stamp_on(appointed),
        )
        return Spec(
            row, profession, m.id, ta, areas.get(ta), leader=leader, appointed=appointed
        )

    leaders = [make(i, pick(rng, PROFESSION_MIX[:3]), True) for i in range(n_leaders)]
    for spec, pid in zip(
        leaders, insert_rows(Person, [s.row for s in leaders], ids=True), strict=True
    ):
        spec.id = pid
        leaders_at.setdefault(spec.row["workplace_id"], []).append(pid)
    members = []
    for i in range(n_leaders, count):
        profession = "doctor" if i < n_leaders + n_doctors else pick(rng, PROFESSION_MIX)
        spec = make(i, profession, False)
        bosses = leaders_at.get(spec.row["workplace_id"])
        if bosses and rng.random() < 0.9:
            spec.row["leader_id"] = rng.choice(bosses)
        members.append(spec)
    for spec, pid in zip(
        members, insert_rows(Person, [s.row for s in members], ids=True), strict=True
    ):
        spec.id = pid
    world.persons = leaders + members


def random_seed_token(rng: random.Random) -> str:
    """A reproducible 32-hex-digit calendar token (synthetic data only, not a secret)."""
    return f"{rng.getrandbits(128):032x}"


def add_memberships(world: World) -> None:
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
            else network_for(world, spec, group) or network_for(world, spec, "nurse")
        )
        start = spec.appointed
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
            regional = network_for(world, spec, "doctor")
            if regional and regional.slug != "kpm" and rng.random() < 0.15:
                spec.spans.append((regional, start, end))
        elif rng.random() < 0.08:
            other = network_for(world, spec, "inter")
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
    insert_rows(Membership, rows)
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
                created_at=stamp_on(world.today),
                last_login_at=None,
            )
        )
        nets.append(world.nets[slug].id)
    ids = insert_rows(User, rows, ids=True)
    insert_rows(
        coordinator_networks,
        [dict(user_id=u, network_id=n) for u, n in zip(ids, nets, strict=True)],
    )
