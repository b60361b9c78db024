"""The synthetic country, built once per (persons, seed, generator) and cached.

SQLite: a file under ``bench/.cache/``. PostgreSQL (optional): ``BENCH_DATABASE_URL`` names
the database the bench may drop and rebuild; without it, a database named after this checkout
(``kn_bench_<hash of its path>``, so two clones never share one) on the server of
``TEST_DATABASE_URL`` (or ``postgresql+psycopg://postgres@127.0.0.1:5432``), used when
``BENCH_PG=1`` or when that server answers; ``BENCH_PG=0`` turns it off. The cache key is
stored as the database's comment. A cached database is brought to the migration head
before use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
os.environ.setdefault("INSTANCE_PATH", str(CACHE / "instance"))

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
#: only for signing the bench's own session cookies on its own throwaway databases
SECRET = "kn-bench-secret-not-for-production"  # noqa: S105
CALENDAR_NETWORK = "innlandet-ressurssykepleiere"
CALENDAR_EVENTS = 1000
#: bump when this file changes what it writes
BUILD_VERSION = "3"


@dataclass
class Dataset:
    """A ready database and what the measurements need to know about it."""

    backend: str
    url: str
    persons: int
    seed: int
    build_seconds: float | None
    summary: str
    network: str = ""
    network_members: int = 0
    calendar_network: str = CALENDAR_NETWORK
    person_id: int = 0
    coordinator: str = ""
    #: a leader with staff in the network, and the resource person of ``person_id``
    leader: str = ""
    nurse: str = ""
    #: seconds of the read model's rebuild when this run found it stale (None: it was fresh)
    model_rebuild_seconds: float | None = None
    cached: bool = False

    def public(self) -> dict[str, Any]:
        """For results.json (no credentials in the URL)."""
        data = asdict(self)
        data["url"] = self.url.split("@")[-1]
        return data


def cache_key(persons: int, seed: int) -> str:
    """Changes when the generator or this builder changes."""
    digest = hashlib.sha256(BUILD_VERSION.encode())
    for path in sorted((ROOT / "bench" / "synthetic").glob("*.py")):
        digest.update(path.read_bytes())
    return f"n{persons}-s{seed}-{digest.hexdigest()[:10]}"


def make_app(url: str):
    """The application on a bench database (the bench's own secret key)."""
    from app import create_app

    return create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": SECRET, "RATELIMIT_ENABLED": False}
    )


# --------------------------------------------------------------------------- building


def _build(url: str, persons: int, seed: int, today: dt.date) -> str:
    """Migrate, seed the country and top up the calendar network; returns the summary."""
    from flask_migrate import upgrade

    from app.extensions import db
    from bench.synthetic import seed_synthetic

    app = make_app(url)
    with app.app_context():
        upgrade()
        summary = seed_synthetic(persons, seed, today=today)
        db.session.commit()
        _calendar_topup(today)
        db.session.commit()
        _analyze()
        db.session.remove()
        db.engine.dispose()
    return summary


def _analyze() -> None:
    """Planner statistics, as a production database would have them."""
    from sqlalchemy import text

    from app.extensions import db

    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def count_calendar_events(slug: str) -> int:
    """Events in the network's feed (the feature's own list when it is there)."""
    from sqlalchemy import func, select

    from app.courses.models import offering_networks
    from app.extensions import db
    from app.gatherings.models import Gathering
    from app.networks.models import Network

    network = db.session.scalar(select(Network).where(Network.slug == slug))
    try:
        from app.gatherings.calendar import network_events

        return len(network_events(network))
    except ImportError:
        gatherings = db.session.scalar(
            select(func.count(Gathering.id)).where(Gathering.network_id == network.id)
        )
        offerings = db.session.scalar(
            select(func.count()).where(offering_networks.c.network_id == network.id)
        )
        return int(gatherings or 0) + int(offerings or 0)


def _calendar_topup(today: dt.date) -> None:
    """Extra gatherings so that the calendar network's feed has 1,000 events."""
    import random

    from sqlalchemy import insert, select

    from app.extensions import db
    from app.gatherings.models import Gathering, GatheringKind, GatheringStatus
    from app.networks.models import Network
    from bench.synthetic import at_oslo

    network = db.session.scalar(select(Network).where(Network.slug == CALENDAR_NETWORK))
    missing = CALENDAR_EVENTS - count_calendar_events(CALENDAR_NETWORK)
    rng = random.Random(CALENDAR_EVENTS)  # noqa: S311 - test data
    rows = []
    for i in range(max(0, missing)):
        day = today - dt.timedelta(days=3650) + dt.timedelta(days=(3900 * i) // max(1, missing))
        stamp = at_oslo(day - dt.timedelta(days=60), 12)
        cancelled = rng.random() < 0.03
        rows.append(
            dict(
                network_id=network.id,
                kind=GatheringKind.network_meeting,
                title=f"Fagmøte {i + 1}: palliasjon i praksis",
                start=at_oslo(day, 13),
                end=at_oslo(day, 15),
                location="Hamar, Kompetansesenteret",
                online_url=None,
                agenda="Faglig oppdatering og erfaringsdeling.",
                capacity=None,
                seats_taken=0,
                registration_deadline=None,
                status=GatheringStatus.cancelled if cancelled else GatheringStatus.planned,
                revision=1 if cancelled else 0,
                created_at=stamp,
                updated_at=stamp,
            )
        )
    if rows:
        db.session.execute(insert(Gathering), rows)


def _describe(ds: Dataset) -> None:
    """Fill in the network, person and coordinator the measurements use."""
    from sqlalchemy import func, or_, select

    from app.auth.models import User, coordinator_networks
    from app.core.types import today_oslo
    from app.extensions import db
    from app.networks.models import Membership, MembershipRole, Network
    from app.registrations.models import Registration

    today = today_oslo()
    active = (Membership.start <= today, or_(Membership.end.is_(None), Membership.end >= today))
    slug, members = db.session.execute(
        select(Network.slug, func.count(Membership.id))
        .join(Membership, Membership.network_id == Network.id)
        .where(*active)
        .group_by(Network.slug)
        .order_by(func.count(Membership.id).desc(), Network.slug)
        .limit(1)
    ).one()
    network = db.session.scalar(select(Network).where(Network.slug == slug))
    ds.network, ds.network_members = slug, int(members)
    ds.coordinator = (
        db.session.scalar(
            select(User.email)
            .join(coordinator_networks, coordinator_networks.c.user_id == User.id)
            .where(coordinator_networks.c.network_id == network.id)
            .order_by(User.id)
            .limit(1)
        )
        or ""
    )
    # The member with the most registrations: a person page with plenty to show.
    ds.person_id = db.session.scalar(
        select(Membership.person_id)
        .join(Registration, Registration.person_id == Membership.person_id)
        .where(
            Membership.network_id == network.id,
            Membership.role == MembershipRole.resource_person,
            *active,
        )
        .group_by(Membership.person_id)
        .order_by(func.count(Registration.id).desc(), Membership.person_id)
        .limit(1)
    )


def _bench_user(email: str, role, person_id: int | None) -> str:
    """A sign-in for the page part (no password: the bench signs its own cookies); an account
    already linked to the person is used as it is."""
    from sqlalchemy import select

    from app.auth.models import User
    from app.extensions import db

    if person_id is None:
        return ""
    existing = db.session.scalar(select(User.email).where(User.person_id == person_id))
    if existing:
        return existing
    if db.session.scalar(select(User.id).where(User.email == email)) is None:
        db.session.add(User(email=email, role=role, person_id=person_id, active=True))
        db.session.commit()
    return email


def _bench_users(ds: Dataset) -> None:
    """The leader with the most staff among the network's members, and the bench's person."""
    from sqlalchemy import func, select

    from app.auth.models import Role
    from app.core.types import today_oslo
    from app.extensions import db
    from app.networks.models import Membership, Network
    from app.people.models import Person

    today = today_oslo()
    leader_id = db.session.scalar(
        select(Person.leader_id)
        .join(Membership, Membership.person_id == Person.id)
        .join(Network, Network.id == Membership.network_id)
        .where(Network.slug == ds.network, Membership.active_on(today))
        .where(Person.leader_id.is_not(None))
        .group_by(Person.leader_id)
        .order_by(func.count().desc(), Person.leader_id)
        .limit(1)
    )
    ds.leader = _bench_user("bench.leder@kompetansenett.test", Role.leader, leader_id)
    ds.nurse = _bench_user("bench.ressurs@kompetansenett.test", Role.resource_person, ds.person_id)


def _fresh_model(ds: Dataset) -> None:
    """The progress read model stored for today, as the nightly job leaves it (a new dataset,
    or yesterday's, is rebuilt here and the time kept)."""
    from sqlalchemy import select

    from app.core.types import today_oslo
    from app.extensions import db
    from app.networks.models import Network
    from app.progress import readmodel

    today = today_oslo()
    network_id = db.session.scalar(select(Network.id).where(Network.slug == ds.network))
    if readmodel.is_fresh(network_id, today):
        return
    started = time.perf_counter()
    readmodel.rebuild(today, commit=True)
    ds.model_rebuild_seconds = round(time.perf_counter() - started, 2)


def _finish(ds: Dataset) -> Dataset:
    from flask_migrate import upgrade

    from app.extensions import db

    app = make_app(ds.url)
    with app.app_context():
        upgrade()
        _describe(ds)
        _bench_users(ds)
        _fresh_model(ds)
        # Planner statistics and (PostgreSQL) the dead rows of earlier runs vacuumed, as a
        # production database's autovacuum keeps them: part 6 rewrites the read model three
        # times, and a cached database then carried 500,000 dead rows into the next run's
        # pages (the coordinator's dashboard at half its speed).
        _analyze()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return ds


def _meta_path(key: str) -> Path:
    return CACHE / f"kn-{key}.json"


def _read_meta(key: str) -> dict[str, Any]:
    try:
        return json.loads(_meta_path(key).read_text())
    except (OSError, ValueError):
        return {}


def ensure_sqlite(persons: int, seed: int, *, rebuild: bool = False) -> Dataset:
    """The cached SQLite file for (persons, seed), built when missing."""
    from app.core.types import today_oslo

    CACHE.mkdir(parents=True, exist_ok=True)
    key = cache_key(persons, seed)
    path = CACHE / f"kn-{key}.sqlite3"
    cached = path.exists() and not rebuild
    meta = _read_meta(key) if cached else {}
    if not cached:
        for old in CACHE.glob(f"kn-n{persons}-s{seed}-*"):
            old.unlink()
        tmp = CACHE / f"building-{key}.sqlite3"
        for leftover in CACHE.glob(f"building-{key}.sqlite3*"):
            leftover.unlink()
        started = time.perf_counter()
        summary = _build(f"sqlite:///{tmp}", persons, seed, today_oslo())
        meta = {"build_seconds": round(time.perf_counter() - started, 2), "summary": summary}
        _checkpoint(tmp)
        shutil.move(tmp, path)
        _meta_path(key).write_text(json.dumps(meta))
    ds = Dataset(
        "sqlite",
        f"sqlite:///{path}",
        persons,
        seed,
        meta.get("build_seconds"),
        meta.get("summary", ""),
        cached=cached,
    )
    return _finish(ds)


def _checkpoint(path: Path) -> None:
    """Fold the WAL into the file so that it can be moved."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()


def pg_database() -> str:
    """The name of the database the bench owns on the PostgreSQL server."""
    from sqlalchemy.engine import make_url

    named = os.environ.get("BENCH_DATABASE_URL")
    if named:
        return make_url(named).database or "kn_bench"
    return "kn_bench_" + hashlib.sha256(str(ROOT).encode()).hexdigest()[:8]


def pg_server_url() -> tuple[str | None, str]:
    """The PostgreSQL server URL to use, or None with the reason."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    flag = os.environ.get("BENCH_PG", "")
    if flag == "0":
        return None, "BENCH_PG=0"
    named = os.environ.get("BENCH_DATABASE_URL")
    url = (
        make_url(named).set(database="postgres").render_as_string(hide_password=False)
        if named
        else os.environ.get("TEST_DATABASE_URL") or PG_DEFAULT
    )
    if not url.startswith("postgresql"):
        return None, "TEST_DATABASE_URL is not PostgreSQL"
    try:
        engine = create_engine(make_url(url), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "not available"
        return None, f"no PostgreSQL at {url.split('@')[-1]}: {type(error).__name__}"
    return url, ""


def ensure_pg(persons: int, seed: int, *, rebuild: bool = False) -> Dataset | str:
    """The bench's own database for (persons, seed), or why it is skipped."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from app.core.types import today_oslo

    server, reason = pg_server_url()
    if server is None:
        return f"skipped: {reason}"
    key = cache_key(persons, seed)
    database = pg_database()
    admin = create_engine(make_url(server), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        comment = conn.execute(
            text(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = :name"
            ),
            {"name": database},
        ).first()
        cached = comment is not None and comment[0] == key and not rebuild
        if not cached:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{database}"'))
    url = make_url(server).set(database=database).render_as_string(hide_password=False)
    meta = _read_meta(f"pg-{key}")
    if not cached:
        started = time.perf_counter()
        summary = _build(url, persons, seed, today_oslo())
        meta = {"build_seconds": round(time.perf_counter() - started, 2), "summary": summary}
        CACHE.mkdir(parents=True, exist_ok=True)
        _meta_path(f"pg-{key}").write_text(json.dumps(meta))
        with admin.connect() as conn:
            conn.execute(text(f"COMMENT ON DATABASE \"{database}\" IS '{key}'"))
    admin.dispose()
    ds = Dataset(
        "postgresql",
        url,
        persons,
        seed,
        meta.get("build_seconds"),
        meta.get("summary", ""),
        cached=cached,
    )
    return _finish(ds)
