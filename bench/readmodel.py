"""Part 6: the progress read model at national scale.

- **full rebuild**: ``readmodel.rebuild`` for the whole country (``flask progress rebuild``),
  against the progress part's floor (one plain SELECT of every row the country's progress
  reads) and against the engine's own country read (``progress_for_persons``);
- **daily catch-up**: ``readmodel.catch_up`` to tomorrow on the model stored for today (what
  the nightly job runs: it recomputes the results the engine said may change), against the
  same floor, and every stored result then compared with the engine's for tomorrow;
- **one evidence change**: the statements one committed change sends (the write, and the
  refresh in the same transaction) for a person of a small network and one of the largest —
  the same count whatever the network's size;
- **agreement**: a random stream of evidence changes (attendance, course completions,
  hospitations, person facts, memberships ending), each committed through the session hooks
  as the write path does, then the stored model compared with the engine for every member of
  the country. The changes are undone afterwards (also through the hooks), so the cached
  dataset is left as it was built.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from bench.dataset import Dataset, make_app
from bench.parts import _floor_query, timed
from bench.sqlcount import counting


def read_model(ds: Dataset, changes: int = 1000, seed: int = 11) -> dict[str, Any]:
    """The three measurements of the read model (see the module's doc)."""
    from app.core.types import today_oslo
    from app.extensions import db

    app = make_app(ds.url)
    today = today_oslo()
    out: dict[str, Any] = {
        "target": "rebuild <= 1.5 x the country-progress floor; one change a fixed number of "
        "statements; the model equal to the engine after the stream",
    }
    with app.app_context():
        out["rebuild"] = _rebuild(today)
        out["one change"] = one_change(today)
        out["agreement"] = agreement(today, changes, seed)
        out["catch up"] = catch_up(today, out["rebuild"]["floor_seconds"])
        db.session.remove()
        db.engine.dispose()
    return out


# --------------------------------------------------------------------------- rebuild


def _rebuild(today: dt.date, runs: int = 2) -> dict[str, Any]:
    from sqlalchemy import select

    from app.extensions import db
    from app.networks.models import Membership
    from app.progress import readmodel
    from app.progress.reports import progress_for_persons

    def rebuild() -> int:
        stored = readmodel.rebuild(today, commit=True)
        db.session.remove()
        return stored

    def engine_read():
        ids = list(
            db.session.scalars(
                select(Membership.person_id).where(Membership.active_on(today)).distinct()
            )
        )
        result = progress_for_persons(ids, today)
        db.session.remove()
        return result

    def floor():
        with db.engine.connect() as conn:
            return conn.execute(_floor_query(None, today)).fetchall()

    with counting(db.engine) as counter:
        seconds, all_times, stored = timed(rebuild, runs)
    engine_seconds, _, _ = timed(engine_read, runs)
    floor()
    floor_seconds, _, rows = timed(floor, 3)
    return {
        "results_stored": stored,
        "seconds": round(seconds, 2),
        "runs": [round(t, 2) for t in all_times],
        "statements": counter.count // runs,
        "floor_seconds": round(floor_seconds, 3),
        "floor_rows": len(rows),
        "ratio": round(seconds / floor_seconds, 2),
        "engine_seconds": round(engine_seconds, 2),
        "ratio_to_engine": round(seconds / engine_seconds, 2),
    }


# --------------------------------------------------------------------------- catch-up


def catch_up(today: dt.date, floor_seconds: float) -> dict[str, Any]:
    """The daily job for tomorrow on the model stored for today: its time against the
    country-progress floor, how many results it recomputed, and whether every stored result
    then equals the engine's for tomorrow. The model is put back to today afterwards."""
    from app.extensions import db
    from app.progress import readmodel

    tomorrow = today + dt.timedelta(days=1)
    started = time.perf_counter()
    with counting(db.engine) as counter:
        recomputed = readmodel.catch_up(tomorrow, commit=True)
    seconds = time.perf_counter() - started
    db.session.remove()
    stored, computed = stored_results(tomorrow), engine_results(tomorrow)
    differ = [
        key for key in computed.keys() | stored.keys() if stored.get(key) != computed.get(key)
    ]
    db.session.remove()
    readmodel.rebuild(today, commit=True)
    db.session.remove()
    return {
        "day": tomorrow.isoformat(),
        "seconds": round(seconds, 2),
        "statements": counter.count,
        "recomputed": recomputed,
        "requirement_results": len(computed),
        "differences": len(differ),
        "first_differences": [str(k) for k in differ[:5]],
        "floor_seconds": floor_seconds,
        "ratio": round(seconds / floor_seconds, 2),
    }


# --------------------------------------------------------------------------- one change


def _member_of(network_id: int, today: dt.date) -> int:
    from sqlalchemy import select

    from app.extensions import db
    from app.networks.models import Membership, MembershipRole

    return db.session.scalar(
        select(Membership.person_id)
        .where(
            Membership.network_id == network_id,
            Membership.role == MembershipRole.resource_person,
            Membership.active_on(today),
        )
        .order_by(Membership.person_id)
        .limit(1)
    )


def _alike_networks(today: dt.date) -> list[tuple[int, str, int]]:
    """The smallest and the largest network whose plans ask for the same kinds of requirement
    as the largest network's (so only the size differs): ``(id, slug, active members)``."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.networks.models import CompetencePlan, Membership, Network, Requirement

    kinds: dict[int, set[str]] = {}
    for network_id, kind in db.session.execute(
        select(CompetencePlan.network_id, Requirement.kind).join(
            Requirement, Requirement.plan_id == CompetencePlan.id
        )
    ):
        kinds.setdefault(network_id, set()).add(str(kind))
    sizes = db.session.execute(
        select(Network.id, Network.slug, func.count(Membership.id))
        .join(Membership, Membership.network_id == Network.id)
        .where(Membership.active_on(today))
        .group_by(Network.id, Network.slug)
        .order_by(func.count(Membership.id), Network.slug)
    ).all()
    shape = kinds.get(sizes[-1][0], set())
    alike = [row for row in sizes if kinds.get(row[0], set()) == shape]
    return [alike[0], alike[-1]]


def one_change(today: dt.date) -> dict[str, Any]:
    """Statements of one committed completion (and of taking it back) for a member of a
    small and of the largest network with the same kinds of requirement."""
    from sqlalchemy import select

    from app.courses.models import Course, CourseCompletion
    from app.extensions import db

    course_id = db.session.scalar(select(Course.id).order_by(Course.id).limit(1))
    out: dict[str, Any] = {}
    for network_id, slug, members in _alike_networks(today):
        person_id = _member_of(network_id, today)
        db.session.remove()
        completion = CourseCompletion(
            person_id=person_id, course_id=course_id, completed_on=today, verified=True
        )
        with counting(db.engine) as added:
            db.session.add(completion)
            db.session.commit()
        with counting(db.engine) as removed:
            db.session.delete(completion)
            db.session.commit()
        db.session.remove()
        out[slug] = {"members": members, "statements": added.count, "undo": removed.count}
    counts = {(v["statements"], v["undo"]) for v in out.values()}
    out["fixed"] = len(counts) == 1
    return out


# --------------------------------------------------------------------------- agreement


class _Stream:
    """Random evidence changes, each committed on its own; :meth:`undo` takes them back."""

    def __init__(self, rng: random.Random, today: dt.date) -> None:
        from sqlalchemy import select

        from app.courses.models import Course
        from app.extensions import db
        from app.gatherings.models import Gathering
        from app.networks.models import Membership

        self.rng, self.today = rng, today
        self.members = db.session.execute(
            select(Membership.id, Membership.person_id, Membership.network_id).where(
                Membership.active_on(today)
            )
        ).all()
        self.courses = list(db.session.scalars(select(Course.id)))
        gatherings: dict[int, list[int]] = {}
        for gid, nid in db.session.execute(
            select(Gathering.id, Gathering.network_id).where(
                Gathering.start < dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
            )
        ):
            gatherings.setdefault(nid, []).append(gid)
        self.gatherings = gatherings
        self.created: list[Any] = []
        self.restore: list[tuple[Any, str, Any]] = []

    def one(self) -> str:
        from app.extensions import db

        _membership_id, person_id, network_id = self.rng.choice(self.members)
        action = self.rng.choice(
            ["attendance", "completion", "hospitation", "facts", "membership_end"]
        )
        done = getattr(self, f"_{action}")(person_id, network_id, _membership_id)
        db.session.commit()
        return action if done else "none"

    def _day(self) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(0, 700))

    def _attendance(self, person_id: int, network_id: int, _mid: int) -> bool:
        from sqlalchemy import select

        from app.extensions import db
        from app.registrations.models import Registration, RegistrationStatus

        options = self.gatherings.get(network_id)
        if not options:
            return False
        gathering_id = self.rng.choice(options)
        taken = db.session.scalar(
            select(Registration.id).where(
                Registration.gathering_id == gathering_id, Registration.person_id == person_id
            )
        )
        if taken:
            return False
        self._add(
            Registration(
                gathering_id=gathering_id,
                person_id=person_id,
                status=RegistrationStatus.registered,
                attended=True,
            )
        )
        return True

    def _completion(self, person_id: int, _nid: int, _mid: int) -> bool:
        from app.courses.models import CourseCompletion

        self._add(
            CourseCompletion(
                person_id=person_id,
                course_id=self.rng.choice(self.courses),
                completed_on=self._day(),
                hours=float(self.rng.choice([7, 14, 30])),
                verified=True,
            )
        )
        return True

    def _hospitation(self, person_id: int, _nid: int, _mid: int) -> bool:
        from app.hospitation.models import Hospitation, HospitationStatus

        start = self._day()
        days = self.rng.choice([1, 2, 3])
        self._add(
            Hospitation(
                person_id=person_id,
                place="Benk-sykehuset",
                start=start,
                end=start + dt.timedelta(days=days - 1),
                days=float(days),
                goals="Benk",
                status=HospitationStatus.completed,
            )
        )
        return True

    def _facts(self, person_id: int, _nid: int, _mid: int) -> bool:
        from app.extensions import db
        from app.people.models import Person

        person = db.session.get(Person, person_id)
        self.restore.append((person, "further_education", person.further_education))
        person.further_education = not person.further_education
        return True

    def _membership_end(self, _pid: int, _nid: int, membership_id: int) -> bool:
        from app.extensions import db
        from app.networks.models import Membership

        membership = db.session.get(Membership, membership_id)
        ended = membership.end is not None and membership.end < self.today
        if ended or membership.start >= self.today:  # the end may not come before the start
            return False
        self.restore.append((membership, "end", membership.end))
        membership.end = self.today - dt.timedelta(days=1)
        return True

    def _add(self, obj: Any) -> None:
        from app.extensions import db

        db.session.add(obj)
        self.created.append(obj)

    def undo(self) -> None:
        """Take every change back, newest first, through the same hooks."""
        from app.extensions import db

        for obj, name, value in reversed(self.restore):
            setattr(db.session.merge(obj), name, value)
        for obj in reversed(self.created):
            db.session.delete(db.session.merge(obj))
        db.session.commit()


def stored_results(today: dt.date) -> dict[tuple[int, int, str], tuple]:
    """(person, network, requirement) → what the read model stores for ``today`` (the bench
    and tests/progress/test_catch_up.py compare it with :func:`engine_results`)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.progress.models import ProgressRequirementState as R
    from app.progress.models import ProgressState as S

    rows = db.session.execute(  # a requirement row stands for the day of its state row
        select(R.person_id, R.network_id, R.requirement_key, R.status, R.done, R.needed,
               R.deadline, R.met_on)
        .join(S, (S.person_id == R.person_id) & (S.network_id == R.network_id))
        .where(S.computed_on == today)
    )  # fmt: skip
    return {(p, n, k): (s, round(d, 6), round(nd, 6), dl, m) for p, n, k, s, d, nd, dl, m in rows}


def engine_results(today: dt.date) -> dict[tuple[int, int, str], tuple]:
    """The same keys and values as the engine computes them for ``today``."""
    from sqlalchemy import select

    from app.extensions import db
    from app.networks.models import Membership
    from app.progress import readmodel, reports

    ids = sorted(
        db.session.scalars(
            select(Membership.person_id).where(Membership.active_on(today)).distinct()
        )
    )
    out = {}
    for pid, membership, result in reports.memberships_and_results(
        ids, today, batch=readmodel.CHUNK
    ):
        for r in result.requirements:
            out[(pid, membership.network_id, r.key)] = (
                r.status,
                round(float(r.done), 6),
                round(float(r.needed), 6),
                r.deadline,
                r.met_on,
            )
    return out


def agreement(today: dt.date, changes: int, seed: int) -> dict[str, Any]:
    from app.extensions import db

    stream = _Stream(random.Random(seed), today)  # noqa: S311 - a repeatable test stream
    kinds: dict[str, int] = {}
    started = time.perf_counter()
    try:
        for _ in range(changes):
            action = stream.one()
            kinds[action] = kinds.get(action, 0) + 1
        stream_seconds = time.perf_counter() - started
        db.session.expire_all()
        stored, computed = stored_results(today), engine_results(today)
    finally:
        db.session.rollback()  # a change that failed leaves nothing behind for the undo
        stream.undo()
    keys = computed.keys() | stored.keys()
    differ = [key for key in keys if stored.get(key) != computed.get(key)]
    after_undo = stored_results(today) == engine_results(today)
    db.session.remove()
    return {
        "changes": changes,
        "by_kind": kinds,
        "ms_per_change": round(stream_seconds / changes * 1000, 1),
        "requirement_results": len(computed),
        "differences": len(differ),
        "first_differences": [str(k) for k in differ[:5]],
        "equal_after_undo": after_undo,
    }


def lines(r: dict[str, Any]) -> list[str]:
    """Part 6's printed lines."""
    if "rebuild" not in r:
        return [f"  6 model     {r.get('skipped') or r.get('error')}"]
    b, one, a = r["rebuild"], r["one change"], r["agreement"]
    c = r.get("catch up") or {}
    sizes = ", ".join(
        f"{slug} ({v['members']}) {v['statements']}+{v['undo']}"
        for slug, v in one.items()
        if isinstance(v, dict)
    )
    ok = a["differences"] == 0 and a["equal_after_undo"]
    return [
        f"  6 model     rebuild {b['results_stored']} results: {b['seconds']:.3g} s, "
        f"{b['statements']} statements | floor {b['floor_seconds']:.3g} s, ratio {b['ratio']}"
        f" [{'ok' if b['ratio'] <= 1.5 else 'MISSED'}] | engine read {b['engine_seconds']:.3g}"
        f" s, ratio {b['ratio_to_engine']}",
        f"  6 model     one change, statements (change+undo): {sizes} "
        f"[{'ok' if one['fixed'] else 'MISSED'}]",
        f"  6 model     {a['changes']} random changes ({a['ms_per_change']} ms each): "
        f"{a['differences']} of {a['requirement_results']} results differ from the engine, "
        f"equal after undo: {a['equal_after_undo']} [{'ok' if ok else 'MISSED'}]",
    ] + (
        [
            f"  6 model     daily catch-up to {c['day']}: {c['seconds']:.3g} s, "
            f"{c['recomputed']} results recomputed, {c['statements']} statements | floor "
            f"{c['floor_seconds']:.3g} s, ratio {c['ratio']} "
            f"[{'ok' if c['ratio'] <= 1.5 else 'MISSED'}] | {c['differences']} of "
            f"{c['requirement_results']} results differ from the engine "
            f"[{'ok' if c['differences'] == 0 else 'MISSED'}]"
        ]
        if c
        else []
    )
