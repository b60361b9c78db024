"""`flask seed synthetic`: many persons spread over the networks, for benchmarks."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import func, select

from app.core.types import today_oslo
from app.extensions import db
from app.networks.models import Membership, Network
from app.people.models import Municipality, Person, Profession, Workplace
from app.seed.reference import seed_reference

FIRST = ["Kari", "Ola", "Ingrid", "Lars", "Siri", "Erik", "Anne", "Per", "Mona", "Jonas", "Nina"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Berg", "Haugen", "Bakke", "Moen", "Lie", "Dahl"]


def seed_synthetic(count: int, random_seed: int = 1) -> str:
    """Add `count` persons with memberships (history included); returns a summary."""
    seed_reference()
    rng = random.Random(random_seed)  # noqa: S311 - reproducible test data, not secrets
    networks = db.session.scalars(select(Network).order_by(Network.id)).all()
    municipalities = db.session.scalars(select(Municipality).order_by(Municipality.id)).all()
    professions = {p.key: p for p in db.session.scalars(select(Profession))}
    start_id = (db.session.scalar(select(func.max(Person.id))) or 0) + 1
    today = today_oslo()
    workplaces: dict[int, Workplace] = {}
    for index in range(count):
        network = networks[index % len(networks)]
        keys = [p.key for p in network.professions] or ["nurse"]
        municipality = rng.choice(municipalities)
        workplace = workplaces.get(municipality.id)
        if workplace is None:
            workplace = Workplace(
                name=f"{municipality.name} helse og omsorg", municipality=municipality
            )
            db.session.add(workplace)
            workplaces[municipality.id] = workplace
        number = start_id + index
        person = Person(
            name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {number}",
            email=f"person{number}.s{random_seed}@syntetisk.example",
            profession=professions[rng.choice(keys)],
            workplace=workplace,
            further_education=rng.random() < 0.3,
        )
        db.session.add(person)
        start = today - dt.timedelta(days=rng.randint(0, 365 * 4))
        if rng.random() < 0.1:
            # An earlier, ended membership: history that must not count.
            old_start = start - dt.timedelta(days=rng.randint(400, 900))
            db.session.add(
                Membership(
                    person=person,
                    network=network,
                    start=old_start,
                    end=old_start + dt.timedelta(days=300),
                )
            )
        db.session.add(Membership(person=person, network=network, start=start))
        if index % 500 == 499:
            db.session.flush()
    db.session.flush()
    return f"{count} persons in {len(networks)} networks"
