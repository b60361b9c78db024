"""Retention: the run takes the right persons on a synthetic country, and only those."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select

from app.auth.models import User
from app.core.types import today_oslo
from app.extensions import db as _db
from app.networks.models import Membership
from app.people.models import Person
from app.privacy import operations
from app.privacy.models import RetentionHold
from bench.synthetic import seed_synthetic
from tests import factories as f

DAY = dt.date(2026, 11, 25)
ON = dt.date(2029, 6, 1)  # with RETENTION_YEARS=3: memberships that ended before 2026-06-01


def _expected(on: dt.date, years: int) -> set[int]:
    """Who should go, worked out plainly from the tables."""
    ends = defaultdict(list)
    for pid, end in _db.session.execute(select(Membership.person_id, Membership.end)):
        ends[pid].append(end)
    active = set(_db.session.scalars(select(User.person_id).where(User.active.is_(True))))
    leaders = set(
        _db.session.scalars(select(Person.leader_id).where(Person.leader_id.is_not(None)))
    )
    held = set(
        _db.session.scalars(select(RetentionHold.person_id).where(RetentionHold.until >= on))
    )
    limit = on.replace(year=on.year - years)
    return {
        pid
        for pid, person_ends in ends.items()
        if None not in person_ends
        and max(person_ends) < limit
        and pid not in active | leaders | held
    }


def test_retention_on_a_synthetic_country(app, db, runner):
    seed_synthetic(150, random_seed=7, today=DAY)
    ended = (
        _db.session.execute(
            select(Membership.person_id).where(Membership.end < dt.date(2026, 6, 1))
        )
        .scalars()
        .all()
    )
    assert ended, "the synthetic country has people who left"
    # A person who left long ago but still signs in, and one a coordinator keeps.
    candidates = sorted(_expected(ON, 3))
    assert len(candidates) >= 3
    signed_in = _db.session.get(Person, candidates[0])
    f.make_user(person=signed_in, email="still.active@example.no")
    kept = _db.session.get(Person, candidates[1])
    operations.hold(kept, "Klage under behandling", on=DAY + dt.timedelta(days=1000))
    db.session.flush()
    expected = _expected(ON, 3)
    assert signed_in.id not in expected and kept.id not in expected
    names = dict(_db.session.execute(select(Person.id, Person.name)).all())

    app.config["RETENTION_YEARS"] = 3
    try:
        result = runner.invoke(args=["retention", "run", "--on", ON.isoformat()])
    finally:
        app.config["RETENTION_YEARS"] = 5
    assert result.exit_code == 0, result.output
    assert f"{len(expected)} persons anonymised" in result.output

    _db.session.expire_all()
    after = dict(_db.session.execute(select(Person.id, Person.name)).all())
    gone = {pid for pid, name in after.items() if name != names[pid]}
    assert gone == expected
    assert all(after[pid] == f"Anonymisert person #{pid}" for pid in gone)
    # A second run the same day has nothing left to do.
    again = runner.invoke(args=["retention", "run", "--on", ON.isoformat()])
    assert "0 persons anonymised" in again.output


def test_bad_day_is_refused(runner):
    result = runner.invoke(args=["retention", "run", "--on", "2029-02-30"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_coordinator_sees_the_coming_month_and_keeps_someone(db, login, client, factories):
    net = f.network("innlandet-ressurssykepleiere")
    elsewhere = f.network("vest-fysio-ergo")
    today = today_oslo()
    soon = f.make_person(name="Snart Borte")
    f.make_membership(
        soon, net, start=dt.date(2015, 1, 1), end=today - dt.timedelta(days=5 * 365 - 10)
    )
    later = f.make_person(name="Senere Borte")
    f.make_membership(later, net, start=dt.date(2015, 1, 1), end=today - dt.timedelta(days=4 * 365))
    other = f.make_person(name="Annet Nettverk")
    f.make_membership(
        other, elsewhere, start=dt.date(2015, 1, 1), end=today - dt.timedelta(days=6 * 365)
    )
    login(f.make_coordinator(net))
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert 'href="/retention"' in dashboard
    page = client.get("/retention").get_data(as_text=True)
    assert "Snart Borte" in page
    assert "Senere Borte" not in page and "Annet Nettverk" not in page

    refused = client.post(f"/retention/{soon.id}/hold", data={"reason": "   "})
    assert refused.status_code == 422
    assert "Skriv hvorfor personen skal beholdes." in refused.get_data(as_text=True)

    kept = client.post(
        f"/retention/{soon.id}/hold", data={"reason": "Fortsatt i permisjon"}, follow_redirects=True
    )
    text = kept.get_data(as_text=True)
    assert "Snart Borte beholdes til" in text
    assert "Snart Borte</a>" not in text
    hold = _db.session.scalar(select(RetentionHold).where(RetentionHold.person_id == soon.id))
    assert hold.reason == "Fortsatt i permisjon" and hold.until == today + dt.timedelta(days=365)
    assert client.post(f"/retention/{other.id}/hold", data={"reason": "x"}).status_code == 404


def test_resource_persons_do_not_see_the_retention_page(db, login, client, factories):
    login(f.make_user())
    assert client.get("/retention").status_code == 404
    assert 'href="/retention"' not in client.get("/dashboard").get_data(as_text=True)
