"""The synthetic country: reproducible by seed, spread like the real one (no timings here)."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select

from app.courses.models import Offering, OfferingModule
from app.extensions import db as _db
from app.gatherings.models import Gathering
from app.hospitation.models import Hospitation, HospitationStatus
from app.kpm.models import ChecklistAttestation, ServicePeriod, SupervisionMeeting, TeachingHours
from app.networks.models import CompetencePlan, Membership, Network
from app.people.models import Person, Profession, Workplace
from app.registrations.models import Registration, RegistrationStatus
from bench.synthetic import seed_synthetic

DAY = dt.date(2026, 11, 25)
N = 700


def _fingerprint(db) -> str:
    """What the generator wrote, independent of database ids."""
    rows = db.session.execute(
        select(Person.email, Person.name, Profession.key, Workplace.name, Person.hpr)
        .join(Profession, Person.profession_id == Profession.id)
        .outerjoin(Workplace, Person.workplace_id == Workplace.id)
        .where(Person.email.like("%@syntetisk.example"))
        .order_by(Person.email)
    ).all()
    rows += db.session.execute(
        select(Person.email, Network.slug, Membership.start, Membership.end, Membership.role)
        .join(Person, Membership.person_id == Person.id)
        .join(Network, Membership.network_id == Network.id)
        .order_by(Person.email, Network.slug, Membership.start)
    ).all()
    rows += db.session.execute(
        select(Person.email, Gathering.title, Offering.start, Registration.status)
        .join(Person, Registration.person_id == Person.id)
        .outerjoin(Gathering, Registration.gathering_id == Gathering.id)
        .outerjoin(Offering, Registration.offering_id == Offering.id)
        .order_by(Person.email, Gathering.title, Offering.start, Registration.status)
    ).all()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _seeded(db, seed: int) -> tuple[str, str]:
    nested = db.session.begin_nested()
    summary = seed_synthetic(N, seed, today=DAY)
    fingerprint = _fingerprint(db)
    nested.rollback()
    db.session.expire_all()
    return summary, fingerprint


def test_same_seed_gives_the_same_country_and_another_seed_another(db):
    first = _seeded(db, 7)
    again = _seeded(db, 7)
    other = _seeded(db, 8)
    assert first == again
    assert other[1] != first[1]
    assert f"{N} persons" in first[0]


def test_spread_over_places_professions_history_and_activities(db):
    seed_synthetic(N, 3, today=DAY)
    synthetic = Person.email.like("%@syntetisk.example")
    assert db.session.scalar(select(func.count(Person.id)).where(synthetic)) == N
    professions = set(
        db.session.scalars(
            select(Profession.key).join(Person, Person.profession_id == Profession.id)
        )
    )
    assert {"nurse", "physiotherapist", "occupational_therapist", "doctor"} <= professions
    assert len(professions) == db.session.scalar(select(func.count(Profession.id)))
    municipalities = db.session.scalar(
        select(func.count(func.distinct(Workplace.municipality_id))).join(
            Person, Person.workplace_id == Workplace.id
        )
    )
    assert municipalities > 100

    # Generated networks copy the real plans, and persons are spread over them.
    assert db.session.scalar(select(func.count(Network.id))) > 3
    for network in db.session.scalars(select(Network)):
        assert network.active_plan is not None and network.active_plan.requirements
    per_network = db.session.execute(
        select(Membership.network_id, func.count()).group_by(Membership.network_id)
    ).all()
    assert len(per_network) == db.session.scalar(select(func.count(Network.id)))

    # History: ended memberships, and rejoining the same network.
    assert db.session.scalar(select(func.count()).where(Membership.end.is_not(None))) > 20
    rejoined = (
        select(Membership.person_id)
        .group_by(Membership.person_id, Membership.network_id)
        .having(func.count() > 1)
    )
    assert db.session.scalar(select(func.count()).select_from(rejoined.subquery())) > 10

    # Ten years of events with every kind of registration outcome.
    first, last = db.session.execute(
        select(func.min(Gathering.start), func.max(Gathering.start))
    ).one()
    assert (last - first).days > 365 * 9
    statuses = set(db.session.scalars(select(Registration.status).distinct()))
    assert {
        RegistrationStatus.registered,
        RegistrationStatus.waitlisted,
        RegistrationStatus.attended,
        RegistrationStatus.completed,
        RegistrationStatus.cancelled,
    } <= statuses
    assert db.session.scalar(select(func.count()).where(Registration.attended.is_(True))) > 100
    assert db.session.scalar(select(func.count(OfferingModule.id))) > 0

    # Seats held match the registrations, and nobody waits while a seat is free.
    for offering in db.session.scalars(select(Offering)):
        held = db.session.scalar(
            select(func.count()).where(
                Registration.offering_id == offering.id,
                Registration.status.in_(
                    [
                        RegistrationStatus.registered,
                        RegistrationStatus.attended,
                        RegistrationStatus.completed,
                        RegistrationStatus.no_show,
                    ]
                ),
            )
        )
        assert offering.seats_taken == held
        assert offering.capacity is None or held <= offering.capacity
        waiting = db.session.scalar(
            select(func.count()).where(
                Registration.offering_id == offering.id,
                Registration.status == RegistrationStatus.waitlisted,
            )
        )
        assert not waiting or held == offering.capacity

    # Hospitations and doctors' records.
    completed = db.session.scalar(
        select(func.count()).where(Hospitation.status == HospitationStatus.completed)
    )
    assert completed > N // 4
    for model in (ServicePeriod, SupervisionMeeting, TeachingHours, ChecklistAttestation):
        assert db.session.scalar(select(func.count(model.id))) > 0
    assert db.session.scalar(select(func.count(CompetencePlan.id))) >= 3


def test_cli_builds_and_reports(runner):
    result = runner.invoke(args=["seed", "synthetic", "--persons", "150", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "150 persons" in result.output


def test_seed_synthetic_twice_adds_more_people(runner, db):
    from sqlalchemy import func, select

    first = runner.invoke(args=["seed", "synthetic", "--persons", "20", "--seed", "3"])
    assert first.exit_code == 0, first.output
    count = _db.session.scalar(select(func.count(Person.id)))
    second = runner.invoke(args=["seed", "synthetic", "--persons", "20", "--seed", "3"])
    assert second.exit_code == 0, second.output
    assert _db.session.scalar(select(func.count(Person.id))) == count + 20
