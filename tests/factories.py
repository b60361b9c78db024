"""The one set of factories: `make_person(**overrides)` style, with sensible defaults; they
flush, never commit. People, networks and users first, then courses, gatherings,
hospitation, and the evidence rows progress is computed from (inserted as plain rows)."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from typing import Any

from sqlalchemy import select

from app.auth import mfa
from app.auth.models import Role, User
from app.core.types import OSLO, utcnow
from app.courses.models import (
    Course,
    CourseCompletion,
    Offering,
    OfferingModule,
)
from app.extensions import db
from app.gatherings import operations as gathering_operations
from app.gatherings.models import Gathering, GatheringKind, GatheringStatus
from app.hospitation.models import Hospitation, HospitationSite, HospitationStatus
from app.kpm.models import (
    ChecklistAttestation,
    DocumentKind,
    PersonDocument,
    ServicePeriod,
    SiteKind,
    SupervisionMeeting,
    TeachingHours,
)
from app.networks.models import Membership, MembershipRole, Network
from app.people.models import Municipality, Person, Profession, ServiceLevel, Workplace
from app.registrations.models import Registration, RegistrationStatus

_counter = itertools.count(1)
PASSWORD = "riktig-passord-123"  # noqa: S105 - test only
_HASH: dict[str, str] = {}


def _password_hash() -> str:
    # argon2 is slow on purpose; hash the shared test password once.
    if "h" not in _HASH:
        from app.auth.operations import hash_password

        _HASH["h"] = hash_password(PASSWORD)
    return _HASH["h"]


def profession(key: str = "nurse") -> Profession:
    """The profession with this key (seeded), created if missing."""
    found = db.session.scalar(select(Profession).where(Profession.key == key))
    if found is None:
        found = Profession(key=key, name_nb=key, name_en=key)
        db.session.add(found)
        db.session.flush()
    return found


def municipality(name: str = "Hamar") -> Municipality | None:
    """A seeded municipality by name."""
    return db.session.scalar(select(Municipality).where(Municipality.name == name))


def make_network(**overrides: Any) -> Network:
    """A new network (no plan unless given)."""
    n = next(_counter)
    professions = overrides.pop("professions", ["nurse"])
    network = Network(slug=f"nettverk-{n}", name=f"Testnettverk {n}", **overrides)
    network.professions = [profession(k) for k in professions]
    db.session.add(network)
    db.session.flush()
    return network


def network(slug: str) -> Network:
    """A seeded network by slug."""
    return db.session.scalar(select(Network).where(Network.slug == slug))


def make_workplace(**overrides: Any) -> Workplace:
    """A new workplace."""
    n = next(_counter)
    values = {"name": f"Arbeidssted {n}", "municipality": municipality()}
    values.update(overrides)
    workplace = Workplace(**values)
    db.session.add(workplace)
    db.session.flush()
    return workplace


def make_person(**overrides: Any) -> Person:
    """A new person; `profession` may be a key."""
    n = next(_counter)
    prof = overrides.pop("profession", "nurse")
    values: dict[str, Any] = {
        "name": f"Person {n}",
        "email": f"person{n}@example.no",
        "profession": profession(prof) if isinstance(prof, str) else prof,
    }
    values.update(overrides)
    person = Person(**values)
    db.session.add(person)
    db.session.flush()
    return person


def make_membership(
    person: Person,
    net: Network,
    start: dt.date | None = None,
    end: dt.date | None = None,
    role=MembershipRole.resource_person,
) -> Membership:
    """Make the person a member of the network."""
    membership = Membership(
        person=person, network=net, start=start or dt.date(2025, 1, 1), end=end, role=role
    )
    db.session.add(membership)
    db.session.flush()
    return membership


def make_user(
    role: Role | str = Role.resource_person,
    *,
    person: Person | None = None,
    networks: list[Network] | None = None,
    email: str | None = None,
    with_person: bool | None = None,
) -> User:
    """A user with the shared test password; resource persons and leaders get a person."""
    role = Role(role)
    if with_person is None:
        with_person = role in (Role.resource_person, Role.leader)
    if person is None and with_person:
        person = make_person()
    n = next(_counter)
    user = User(
        email=email or (person.email if person else f"user{n}@example.no"),
        role=role,
        password_hash=_password_hash(),
        person=person,
    )
    user.networks = list(networks or [])
    db.session.add(user)
    db.session.flush()
    return user


def make_coordinator(*networks: Network) -> User:
    """A coordinator of the given networks."""
    return make_user(Role.coordinator, networks=list(networks))


def make_admin() -> User:
    """An administrator."""
    return make_user(Role.admin)


# --------------------------------------------------------------------------- courses


def course(key: str) -> Course:
    """A seeded course by key."""
    found = db.session.scalar(select(Course).where(Course.key == key))
    assert found is not None, key
    return found


def make_course(**overrides: Any) -> Course:
    """A new catalogue entry."""
    n = next(_counter)
    values = {"key": f"testkurs-{n}", "title": f"Testkurs {n}", "provider": "Testarrangør"}
    values.update(overrides)
    entry = Course(**values)
    db.session.add(entry)
    db.session.flush()
    return entry


def make_offering(
    crs: Course | None = None,
    *,
    capacity: int | None = 10,
    days_ahead: int = 30,
    modules: list[tuple[str, int, int]] | None = None,
    **overrides: Any,
) -> Offering:
    """An offering starting `days_ahead` days from now (modules: (title, day offset, days))."""
    crs = crs or make_course()
    start = utcnow().replace(microsecond=0) + dt.timedelta(days=days_ahead)
    values = {
        "course": crs,
        "start": start,
        "end": start + dt.timedelta(days=2, hours=7),
        "capacity": capacity,
        "location": "Hamar",
        "seats_taken": 0,
        "revision": 0,
    }
    values.update(overrides)
    offering = Offering(**values)
    db.session.add(offering)
    for title, offset, length in modules or []:
        offering.modules.append(
            OfferingModule(
                title=title,
                start=start + dt.timedelta(days=offset),
                end=start + dt.timedelta(days=offset + length - 1, hours=7),
                location="Trondheim",
            )
        )
    db.session.flush()
    return offering


# --------------------------------------------------------------------------- gatherings


def oslo(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An aware datetime in Oslo wall time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=OSLO)


def make_gathering(network: Network, **overrides: Any) -> Gathering:
    """A planned theme day in the future (or as overridden), through the operation."""
    values: dict[str, Any] = {
        "kind": "theme_day",
        "title": "Temadag: smertelindring",
        "start": oslo(2030, 5, 14, 9),
        "end": oslo(2030, 5, 14, 15, 30),
        "location": "Hamar kulturhus",
    }
    values.update(overrides)
    return gathering_operations.create_gathering(network, values)


# --------------------------------------------------------------------------- hospitation


def make_site(network, **overrides: Any) -> HospitationSite:
    """A site in the network's hospitation plan."""
    n = next(_counter)
    professions = overrides.pop("professions", [])
    values: dict[str, Any] = {
        "network": network,
        "name": f"Palliativ enhet {n}",
        "service_level": ServiceLevel.specialist,
        "contact_name": f"Kontakt {n}",
        "email": f"kontakt{n}@sykehus.no",
        "active": True,
    }
    values.update(overrides)
    site = HospitationSite(**values)
    site.professions = [profession(k) for k in professions]
    db.session.add(site)
    db.session.flush()
    return site


def make_hospitation(person, **overrides: Any) -> Hospitation:
    """A planned hospitation with goals (status may be overridden)."""
    status = overrides.pop("status", "planned")
    values: dict[str, Any] = {
        "person": person,
        "place": "Sykehuset Innlandet, palliativt team",
        "start": dt.date(2026, 3, 2),
        "end": dt.date(2026, 3, 3),
        "days": 2.0,
        "goals": "Lære mer om symptomlindring.",
        "status": HospitationStatus(status),
    }
    values.update(overrides)
    h = Hospitation(**values)
    db.session.add(h)
    db.session.flush()
    return h


# ------------------------------------------------------ evidence rows for progress


def oslo_on(day: dt.date, hour: int = 9) -> dt.datetime:
    """An aware datetime at ``hour`` Oslo time on ``day``."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=OSLO)


def completed_course(person, key: str, first: dt.date, last: dt.date) -> Registration:
    """A completed registration on a new offering of the course from ``first`` to ``last``."""
    offering = Offering(course=course(key), start=oslo_on(first), end=oslo_on(last, 15))
    db.session.add(offering)
    db.session.flush()
    reg = Registration(
        offering_id=offering.id, person_id=person.id, status=RegistrationStatus.completed
    )
    db.session.add(reg)
    db.session.flush()
    return reg


def recorded_course(person, key: str, on: dt.date, *, verified=True, hours=None):
    """A course taken elsewhere, recorded (and verified unless told otherwise)."""
    row = CourseCompletion(
        person_id=person.id, course=course(key), completed_on=on, verified=verified, hours=hours
    )
    db.session.add(row)
    db.session.flush()
    return row


def gathering(network, kind: str, day: dt.date, *, cancelled=False) -> Gathering:
    """A gathering of the network on ``day``."""
    g = Gathering(
        network=network,
        kind=GatheringKind(kind),
        title=f"{kind} {day}",
        start=oslo_on(day),
        end=oslo_on(day, 16),
        status=GatheringStatus.cancelled if cancelled else GatheringStatus.planned,
    )
    db.session.add(g)
    db.session.flush()
    return g


def attended(person, network, kind: str, day: dt.date, *, cancelled=False, came=True):
    """The person registered for a new gathering and attendance recorded."""
    g = gathering(network, kind, day, cancelled=cancelled)
    reg = Registration(
        gathering_id=g.id,
        person_id=person.id,
        status=RegistrationStatus.registered,
        attended=came,
    )
    db.session.add(reg)
    db.session.flush()
    return g


def hospitation(person, days: float, start: dt.date, end=None, *, goals="Lære", status="completed"):
    """A hospitation of the person."""
    h = Hospitation(
        person_id=person.id,
        place="Palliativ enhet",
        start=start,
        end=end,
        days=days,
        goals=goals,
        status=HospitationStatus(status),
    )
    db.session.add(h)
    db.session.flush()
    return h


def service(person, kind: str, start, end, pct, *, approved=True) -> ServicePeriod:
    """A KPM service period."""
    p = ServicePeriod(
        person_id=person.id,
        site_kind=SiteKind(kind),
        approved=approved,
        start=start,
        end=end,
        position_pct=pct,
    )
    db.session.add(p)
    db.session.flush()
    return p


def _stamp(attested: bool) -> dict:
    """The attestation columns: attested now, or waiting."""
    return {"attested_at": dt.datetime.now(dt.UTC)} if attested else {}


def meeting(person, day, *, attested=True):
    """A supervision meeting (attested unless told otherwise)."""
    db.session.add(SupervisionMeeting(person_id=person.id, date=day, **_stamp(attested)))
    db.session.flush()


def teaching(person, day, hours, *, attested=True):
    """Teaching hours (attested unless told otherwise)."""
    db.session.add(TeachingHours(person_id=person.id, date=day, hours=hours, **_stamp(attested)))
    db.session.flush()


def document(person, kind, day, *, attested=True):
    """A dated document (attested unless told otherwise)."""
    db.session.add(
        PersonDocument(person_id=person.id, kind=DocumentKind(kind), date=day, **_stamp(attested))
    )
    db.session.flush()


def attest(person, plan, requirement, item, day):
    """An attested checklist item."""
    db.session.add(
        ChecklistAttestation(
            person_id=person.id,
            plan_key=plan,
            requirement_key=requirement,
            item_key=item,
            attested_on=day,
        )
    )
    db.session.flush()


# --------------------------------------------------------------------------- MFA

#: the TOTP secret test users are enrolled with (base32, test only)
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - test only


def enrol_totp(user: User, secret: str = TOTP_SECRET) -> User:
    """Give the user a confirmed TOTP authenticator with `secret` (no recovery codes)."""
    user.totp_secret = secret
    user.mfa_enabled_at = utcnow()
    user.totp_last_counter = None
    db.session.flush()
    return user


def fresh_totp_code(secret: str, last_used: int | None) -> str:
    """A right code for `secret` that has not been used yet: the current step's, or the next
    one's (accepted as clock drift) when the current was used; waits for a new step when
    both were. Each code works once, as RFC 6238 wants."""
    while True:
        step = mfa.current_step()
        for candidate in (step, step + 1):
            if last_used is None or candidate > last_used:
                return mfa.code_at(secret, candidate)
        time.sleep(30 - time.time() % 30 + 0.1)


# ------------------------------------------------------ level B (issue 17)


def leader_of(person) -> Person:
    """The person's leader, made (a nurse leader, no membership) when she has none."""
    if person.leader is None:
        person.leader = make_person(name=f"Leder for {person.name}")
        db.session.flush()
    return person.leader


def attended_with_leader(person, network, kind: str, day: dt.date, *, leader_came=True):
    """The person and her leader (made if missing) registered for a new gathering, both
    marked: the person present, the leader as ``leader_came``. Returns the gathering."""
    g = attended(person, network, kind, day)
    lead = leader_of(person)
    own = db.session.scalar(
        select(Registration).where(
            Registration.gathering_id == g.id, Registration.person_id == person.id
        )
    )
    db.session.add(
        Registration(
            gathering_id=g.id,
            person_id=lead.id,
            status=RegistrationStatus.registered,
            attended=leader_came,
            companion_of_id=own.id,
        )
    )
    db.session.flush()
    return g


def free_text_completion(person, title: str, on: dt.date, *, level=None, verified=True, hours=None):
    """A course taken elsewhere that is not in the catalogue (free text)."""
    row = CourseCompletion(
        person_id=person.id,
        title=title,
        provider="Et annet sted",
        level=level,
        completed_on=on,
        verified=verified,
        hours=hours,
    )
    db.session.add(row)
    db.session.flush()
    return row
# --------------------------------------------------------------------------- notifications


def make_plan(net: Network, *requirements: dict, key: str = "plan") -> None:
    """Give the network an active plan (CONTRACT's Requirement objects)."""
    from app.progress.plans import put_plan

    put_plan(net, key, {"title": "Kompetanseplan", "requirements": list(requirements)})
    db.session.flush()


def hospitation_requirement(months: int = 12, title: str = "Hospitering") -> dict:
    """A hospitation requirement (2 days) with a deadline ``months`` after the start."""
    return {
        "key": "hospitering",
        "title": title,
        "kind": "hospitation",
        "deadline_months": months,
        "params": {"min_days": 2, "goals_required": False},
    }
