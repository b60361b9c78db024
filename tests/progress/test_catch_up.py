"""The daily catch-up: day after day, the stored progress equals the engine's for that day,
though only the results whose answer may have changed are recomputed."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select

from app.core.types import today_oslo
from app.extensions import db
from app.networks.models import Membership
from app.progress import readmodel, reports, rules
from app.progress.models import ProgressRequirementState as R
from app.progress.models import ProgressState
from bench.readmodel import engine_results, stored_results
from tests import factories as f

NURSES = "innlandet-ressurssykepleiere"
VEST = "vest-fysio-ergo"


def _stored(day: dt.date) -> dict:
    """The stored results, after checking none was left on another day."""
    days = set(db.session.scalars(select(ProgressState.computed_on).distinct()))
    assert days <= {day}, "a stored result was left on another day"
    orphans = db.session.scalar(
        select(db.func.count(R.id)).where(
            ~select(ProgressState.id)
            .where(ProgressState.person_id == R.person_id, ProgressState.network_id == R.network_id)
            .exists()
        )
    )
    assert orphans == 0, "a requirement row without its state row"
    return stored_results(day)


def _country(rng: random.Random, today: dt.date) -> None:
    """Nurses and therapists whose deadlines pass, memberships begin and end, evidence dated
    ahead, yearly gatherings, and doctors whose service is counted day by day."""
    nets = [f.network(NURSES), f.network(VEST)]
    kpm = f.network("kpm")

    def day(lo: int, hi: int) -> dt.date:
        return today + dt.timedelta(days=rng.randint(lo, hi))

    for i in range(16):
        p = f.make_person(name=f"Person {i}", profession=rng.choice(["nurse", "physiotherapist"]))
        # a deadline of 12 or 24 months passes within the days walked for some of them
        months = rng.choice([12, 24])
        start = (
            today - dt.timedelta(days=months * 365 // 12) + dt.timedelta(days=rng.randint(-5, 40))
        )
        end = day(5, 60) if rng.random() < 0.2 else None
        f.make_membership(p, rng.choice(nets), start if rng.random() < 0.85 else day(1, 30), end)
        if rng.random() < 0.5:
            first = day(-200, 40)
            f.hospitation(p, rng.choice([1, 2, 5]), first, first + dt.timedelta(days=1))
        if rng.random() < 0.5:
            f.recorded_course(p, "grunnkurs-palliasjon-haukeland", day(-300, 45))
        if rng.random() < 0.6:
            f.attended(
                p, rng.choice(nets), rng.choice(["intro_course", "theme_day"]), day(-380, 50)
            )
    # met a yearly requirement this year, nothing else ahead: holds until New Year
    yearly = f.make_person(name="Årlig", profession="nurse")
    f.make_membership(yearly, nets[0], today - dt.timedelta(days=1000))
    f.attended(
        yearly, nets[0], "theme_day", max(dt.date(today.year, 1, 1), today - dt.timedelta(days=30))
    )
    for i in range(3):
        doctor = f.make_person(name=f"Doktor {i}", profession="doctor")
        f.make_membership(doctor, kpm, today - dt.timedelta(days=700))
        f.service(doctor, "centre_with_beds", today - dt.timedelta(days=rng.randint(600, 720)),
                  day(-30, 30) if i else None, 100)  # fmt: skip
        f.meeting(doctor, day(-60, 20))
        f.teaching(doctor, day(-90, 20), 3)
    db.session.commit()


def test_day_after_day_the_catch_up_equals_the_engine_and_recomputes_only_what_changed(db):
    today = today_oslo()
    _country(random.Random(5), today)
    readmodel.rebuild(today)
    everyone = db.session.scalar(select(db.func.count(ProgressState.id)))
    # daily for two months (deadlines, memberships, evidence dated ahead), then over New Year
    new_year = dt.date(today.year + 1, 1, 1)
    days = [today + dt.timedelta(days=n) for n in range(1, 62)]
    days += [new_year - dt.timedelta(days=1), new_year, new_year + dt.timedelta(days=3)]
    days += [today + dt.timedelta(days=400)]
    recomputed = []
    for day in sorted(set(d for d in days if d > today)):
        recomputed.append(readmodel.catch_up(day))
        assert _stored(day) == engine_results(day), day
    # the doctors are counted every day; the others only when something happens
    assert min(recomputed) < everyone
    assert sum(recomputed) < everyone * len(recomputed) / 2


def test_a_result_holds_until_evidence_dated_ahead_comes_into_view(db):
    today = today_oslo()
    nurse = f.make_person(profession="nurse")
    f.make_membership(nurse, f.network(NURSES), today - dt.timedelta(days=30))
    f.recorded_course(nurse, "grunnkurs-palliasjon-haukeland", today + dt.timedelta(days=9))
    db.session.commit()
    plan = next(iter(reports.scope_plan_map([nurse.id], today).values()))
    facts = reports.facts_loader.load_facts([nurse.id], today)[nurse.id]
    start = today - dt.timedelta(days=30)
    assert rules.holds_until(plan, facts, today, membership_start=start) == (
        today + dt.timedelta(days=9)
    )


def test_a_catch_up_on_the_same_day_recomputes_nobody(db):
    today = today_oslo()
    _country(random.Random(8), today)
    readmodel.rebuild(today)
    assert readmodel.catch_up(today) == 0
    assert _stored(today) == engine_results(today)


def test_a_membership_removed_behind_the_hooks_back_leaves_the_model_at_the_catch_up(db):
    today = today_oslo()
    nurse = f.make_person(profession="nurse")
    membership = f.make_membership(nurse, f.network(NURSES), today - dt.timedelta(days=30))
    db.session.commit()
    readmodel.rebuild(today)
    db.session.execute(Membership.__table__.delete().where(Membership.id == membership.id))
    readmodel.catch_up(today + dt.timedelta(days=1))
    assert (
        db.session.scalar(select(ProgressState.id).where(ProgressState.person_id == nurse.id))
        is None
    )
