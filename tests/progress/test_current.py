"""Today's plan results from the read model: the same answers as the engine, read without
evaluating anybody; the engine answers when the stored results are not today's."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from app.core.types import today_oslo
from app.extensions import db
from app.progress import current, facts, reports
from app.progress.models import ProgressRequirementState, ProgressState
from tests import factories as f

NURSES = "innlandet-ressurssykepleiere"
VEST = "vest-fysio-ergo"


@pytest.fixture()
def people(db):
    rng = random.Random(5)
    nets = [f.network(NURSES), f.network(VEST)]
    kpm = f.network("kpm")
    persons = []
    for i in range(10):
        p = f.make_person(name=f"Person {i}", profession=rng.choice(["nurse", "physiotherapist"]))
        start = today_oslo() - dt.timedelta(days=rng.randint(1, 900))
        f.make_membership(p, rng.choice(nets), start)
        if rng.random() < 0.6:
            day = today_oslo() - dt.timedelta(days=rng.randint(1, 200))
            f.hospitation(p, rng.choice([1, 2, 5]), day, day + dt.timedelta(days=1))
        if rng.random() < 0.5:
            day = today_oslo() - dt.timedelta(days=30)
            f.recorded_course(p, "grunnkurs-palliasjon-haukeland", day)
        persons.append(p)
    doctor = f.make_person(name="Dina Doktor", profession="doctor")
    f.make_membership(doctor, kpm, today_oslo() - dt.timedelta(days=700))
    f.service(doctor, "centre_with_beds", today_oslo() - dt.timedelta(days=690),
              today_oslo() - dt.timedelta(days=10), 100)  # fmt: skip
    f.teaching(doctor, today_oslo() - dt.timedelta(days=20), 3, attested=False)
    both = f.make_person(name="Begge", profession="nurse")
    f.make_membership(both, nets[0], today_oslo() - dt.timedelta(days=100))
    f.make_membership(both, nets[1], today_oslo() - dt.timedelta(days=50))
    outside = f.make_person(name="Uten nettverk")
    db.session.commit()  # the hooks store everyone
    return [p.id for p in [*persons, doctor, both, outside]]


def _no_engine(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the engine was asked")

    monkeypatch.setattr(facts, "load_facts", refuse)


def test_todays_results_come_from_the_model_and_equal_the_engines(people, monkeypatch):
    engine = reports.progress_for_persons(people, today_oslo())
    assert sum(len(v) for v in engine.values()) >= len(people)  # «Begge» has two plans
    _no_engine(monkeypatch)
    assert current.results_for(people) == engine


def test_the_api_answer_is_the_same_from_the_model(people, api, monkeypatch):
    client = api(f.make_admin())
    doctor = people[-3]
    expected = reports.progress_json(doctor, today_oslo())
    _no_engine(monkeypatch)
    answer = client.get(f"/api/v1/persons/{doctor}/progress")
    assert answer.status_code == 200
    assert answer.get_json() == expected
    assert any(r.get("pending") for p in expected["plans"] for r in p["requirements"])


def test_stale_or_missing_stored_results_go_to_the_engine(people, monkeypatch):
    engine = reports.progress_for_persons(people, today_oslo())
    db.session.execute(  # yesterday's answers (the nightly job has not run yet)
        ProgressState.__table__.update().values(computed_on=today_oslo() - dt.timedelta(days=1))
    )
    db.session.execute(
        ProgressRequirementState.__table__.update().values(
            computed_on=today_oslo() - dt.timedelta(days=1)
        )
    )
    asked = []
    real = facts.load_facts
    monkeypatch.setattr(facts, "load_facts", lambda *a, **k: asked.append(1) or real(*a, **k))
    assert current.results_for(people) == engine
    assert asked


def test_another_day_is_the_engines(people, monkeypatch):
    day = today_oslo() - dt.timedelta(days=40)
    expected = reports.progress_for_persons(people, day)
    _no_engine(monkeypatch)
    with pytest.raises(AssertionError, match="engine was asked"):
        current.results_for(people, day)
    monkeypatch.undo()
    assert current.results_for(people, day) == expected
