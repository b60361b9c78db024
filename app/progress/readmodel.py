"""The progress read model, kept: :func:`refresh` stores the engine's answers for some persons,
:func:`rebuild` for everyone (``flask progress rebuild``), :func:`catch_up` brings it to a new
day (the daily job: statuses age with the date), and the session hooks refresh, in the same
transaction as a write, the persons whose evidence, membership, facts or plan the write
touched.

Each stored result keeps the day until which the engine says it holds on the same facts
(``rules.holds_until``: evidence dated later coming into view, a deadline passing, a new year
for a yearly requirement, service counted day by day). The catch-up recomputes the results
that reached that day, and those of persons whose membership began or ended since; every
other result is the engine's answer for the new day too, and only its state row's date moves
(a requirement row stands for the day of its state row).

The engine (``rules`` through ``reports``) stays the only place that decides; this module only
stores what it said for a day. A question about another day goes to the engine.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from functools import cache

from sqlalchemy import Date, bindparam, delete, event, func, insert, select, update
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session

from app.core import batch
from app.core.types import today_oslo
from app.courses.models import Course, CourseCompletion, Offering
from app.extensions import db
from app.gatherings.models import Gathering
from app.networks.models import CompetencePlan, Membership, Network, Requirement
from app.people.models import Person
from app.progress import reports, rules, stored
from app.progress.models import ProgressRequirementState, ProgressState
from app.registrations.models import Registration

log = logging.getLogger(__name__)

#: persons refreshed per batch by :func:`rebuild`
CHUNK = 2000
_DIRTY = "kn_progress_dirty"
#: objects whose change never changes anybody's progress
_IGNORED = (ProgressState, ProgressRequirementState)


# --------------------------------------------------------------------------- storing


def summary(result: rules.PlanResult) -> dict:
    """A plan result in the stored state's terms: complete, overdue, met, applicable and the
    earliest open deadline."""
    reqs = result.requirements
    open_deadlines = [r.deadline for r in reqs if r.deadline and r.status != rules.MET]
    return {
        "complete": result.complete,
        "overdue": sum(r.status == rules.OVERDUE for r in reqs),
        "met": sum(r.status == rules.MET for r in reqs),
        "applicable": sum(r.status != rules.NOT_APPLICABLE for r in reqs),
        "next_deadline": min(open_deadlines) if open_deadlines else None,
    }


def _rows(
    pid: int,
    network_id: int,
    start: dt.date,
    result: rules.PlanResult,
    on: dt.date,
    holds_until: dt.date | None = None,
):
    reqs = result.requirements
    state = {
        "person_id": pid,
        "network_id": network_id,
        "plan_key": result.plan,
        "membership_start": start,
        **summary(result),
        "computed_on": on,
        "holds_until": holds_until,
    }
    requirement_rows = [
        {
            "person_id": pid,
            "network_id": network_id,
            "requirement_key": r.key,
            "status": r.status,
            "done": float(r.done),
            "needed": float(r.needed),
            "unit": r.unit,
            "deadline": r.deadline,
            "met_on": r.met_on,
            "late": bool(r.late),
            "pending": getattr(r, "pending", None) or None,
            "reason": r.reason,
            "computed_on": on,
        }
        for r in reqs
    ]
    return state, requirement_rows


def refresh(person_ids: Iterable[int], on: dt.date | None = None) -> int:
    """Store the engine's results on ``on`` (default today) for these persons, replacing what
    was stored for them; returns how many (person, plan) results were stored."""
    on = on or today_oslo()
    ids = sorted(set(person_ids))
    if not ids:
        return 0
    states, requirement_rows = [], []
    # Each person's sort key as persons keeps it (people.models.name_sort_key).
    sort_names: dict[int, str] = {}
    for chunk in _chunks(ids):
        rows = db.session.execute(select(Person.id, Person.sort_name).where(Person.id.in_(chunk)))
        sort_names.update((pid, key) for pid, key in rows)
    for pid, membership, result, holds in reports.results_and_horizons(ids, on, batch=CHUNK):
        state, reqs = _rows(pid, membership.network_id, membership.start, result, on, holds)
        state["sort_name"] = sort_names.get(pid, "")
        states.append(state)
        requirement_rows.extend(reqs)
    for model in (ProgressRequirementState, ProgressState):
        for chunk in _chunks(ids):
            db.session.execute(delete(model).where(model.person_id.in_(chunk)))
    # Core inserts of the tables, not ORM bulk inserts: the ORM leaves a None out of a row
    # (so a server default may apply) and so splits the batch wherever deadline, met_on or
    # late change between None and a value: thousands of statements instead of one.
    if states:
        db.session.execute(insert(ProgressState.__table__), states)
    if requirement_rows:
        db.session.execute(insert(ProgressRequirementState.__table__), requirement_rows)
    return len(states)


def rebuild(on: dt.date | None = None, *, commit: bool = False) -> int:
    """Recompute everyone who is a member on ``on``; forget everyone else. Returns how many
    (person, plan) results are stored."""
    on = on or today_oslo()
    ids = list(
        db.session.scalars(
            select(Membership.person_id).where(Membership.active_on(on)).distinct()
        )
    )
    stored = _refresh_in_chunks(ids, on, commit)
    for model in (ProgressRequirementState, ProgressState):
        db.session.execute(delete(model).where(model.computed_on != on))
    if commit:
        db.session.commit()
    return stored


def catch_up(on: dt.date | None = None, *, commit: bool = False) -> int:
    """Bring the stored results to ``on`` (the daily job): recompute the persons whose stored
    result may no longer hold, whose membership began or ended since the last day stored, or
    who have none; move everyone else's results to ``on`` as they are. Returns how many
    (person, plan) results were recomputed. Nothing stored, or a day before the last one:
    the full :func:`rebuild`."""
    on = on or today_oslo()
    S = ProgressState  # noqa: N806 - the table, short
    newest = db.session.scalar(select(func.max(S.computed_on)))
    if newest is None or newest > on:
        return rebuild(on, commit=commit)
    # The day of the last catch-up (writes since midnight may have stored some for ``on``).
    last = db.session.scalar(select(func.max(S.computed_on)).where(S.computed_on < on)) or on
    due = set(
        db.session.scalars(
            select(S.person_id).where(
                S.computed_on.not_in([last, on]) | S.holds_until.is_(None) | (S.holds_until <= on)
            )
        )
    )
    due.update(
        db.session.scalars(
            select(Membership.person_id).where(
                ((Membership.start > last) & (Membership.start <= on))
                | ((Membership.end >= last) & (Membership.end < on))
            )
        )
    )
    # Written behind the hooks' back (a bulk load or fix): members with nothing stored, and
    # stored results without the membership on the day.
    stored = select(S.person_id).where(S.person_id == Membership.person_id)
    due.update(
        db.session.scalars(
            select(Membership.person_id).where(Membership.active_on(on), ~stored.exists())
        )
    )
    member = select(Membership.id).where(
        Membership.person_id == S.person_id,
        Membership.network_id == S.network_id,
        Membership.active_on(on),
    )
    due.update(db.session.scalars(select(S.person_id).where(~member.exists())))
    recomputed = _refresh_in_chunks(sorted(due), on, commit)
    if on != last:
        # Only the state rows move: a plan's requirement rows stand for the day of their state
        # row (moving 80,000 requirement rows costs a second on PostgreSQL).
        table = ProgressState.__table__
        db.session.execute(update(table).where(table.c.computed_on == last).values(computed_on=on))
    if commit:
        db.session.commit()
    return recomputed


def _refresh_in_chunks(ids: Sequence[int], on: dt.date, commit: bool) -> int:
    """:func:`refresh` CHUNK persons at a time (a commit after each when asked)."""
    stored = 0
    for chunk in _chunks(ids, CHUNK):
        stored += refresh(chunk, on)
        if commit:
            db.session.commit()
    return stored


def is_fresh(network_id: int, on: dt.date) -> bool:
    """True when the network's stored results were all computed for ``on`` and there is one
    for each member active that day (so a member written behind the hooks' back, as a bulk
    load does, sends the page to the engine until the next rebuild)."""
    oldest, newest, count, active = db.session.execute(
        _FRESHNESS, {"network": network_id, "on": on}
    ).one()
    return _fresh(count, oldest, newest, active, on)


def _fresh(count: int, oldest, newest, active: int | None, on: dt.date) -> bool:
    """The freshness rule: results stored, all of ``on``, one per member active that day."""
    return bool(count) and oldest == on and newest == on and active == count


#: is_fresh's one statement, built once (pages ask it on every request)
_FRESHNESS = select(
    func.min(ProgressState.computed_on),
    func.max(ProgressState.computed_on),
    func.count(ProgressState.id),
    select(func.count(func.distinct(Membership.person_id)))
    .where(
        Membership.network_id == bindparam("network"),
        Membership.active_on(bindparam("on", type_=Date)),
    )
    .scalar_subquery(),
).where(ProgressState.network_id == bindparam("network"))


def fresh_networks(
    network_ids: Sequence[int], on: dt.date, counts: dict[int, stored.NetworkCounts] | None = None
) -> set[int]:
    """The networks among these that :func:`is_fresh` calls fresh, in two queries (one when
    the caller has their ``stored.network_counts`` already)."""
    ids = list(dict.fromkeys(network_ids))
    if not ids:
        return set()
    if counts is None:
        counts = stored.network_counts(ids)
    stored_for = {nid: c for nid, c in counts.items() if nid in ids and c.members}
    if not stored_for:
        return set()
    active = dict(
        batch.plain_rows(_active_members_statement(), {"ids": list(stored_for), "on": on}).all()
    )
    return {
        nid
        for nid, c in stored_for.items()
        if _fresh(c.members, c.oldest, c.newest, active.get(nid, 0), on)
    }


@cache
def _active_members_statement():
    # Built once per process (with bound parameters): the dashboard asks on every visit.
    return (
        select(Membership.network_id, func.count(func.distinct(Membership.person_id)))
        .where(
            Membership.network_id.in_(bindparam("ids", expanding=True)),
            Membership.active_on(bindparam("on")),
        )
        .group_by(Membership.network_id)
    )


def _chunks(ids: Sequence[int], size: int = batch.INLINE_IDS) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


# --------------------------------------------------------------------------- keeping it


def _note(session: Session, kind: str, value: int | None) -> None:
    if value is None:
        return
    session.info.setdefault(_DIRTY, {}).setdefault(kind, set()).add(value)


def _track(session: Session, obj: object) -> None:
    """Note what a changed object means for whose progress."""
    if isinstance(obj, _IGNORED):
        return
    if isinstance(obj, Person):
        _note(session, "persons", obj.id)
        _note(session, "leaders", obj.id)
    elif isinstance(obj, CompetencePlan):
        _note(session, "networks", obj.network_id)
    elif isinstance(obj, Requirement):
        _note(session, "plans", obj.plan_id)
    elif isinstance(obj, Network):
        _note(session, "networks", obj.id)
    elif isinstance(obj, Gathering):
        _note(session, "gatherings", obj.id)
    elif isinstance(obj, Offering):
        _note(session, "offerings", obj.id)
    elif isinstance(obj, Course):
        _note(session, "courses", obj.id)
    else:
        person_id = getattr(obj, "person_id", None)
        if isinstance(person_id, int):
            _note(session, "persons", person_id)
            # A leader's attendance counts for her staff (gathering with_leader).
            if isinstance(obj, Registration):
                _note(session, "leaders", person_id)


def _after_flush(session: Session, flush_context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        _track(session, obj)


def _affected(dirty: dict[str, set[int]]) -> set[int]:
    """The persons whose progress the noted changes may have changed (a few queries)."""
    ids = set(dirty.get("persons", ()))
    networks = set(dirty.get("networks", ()))
    if dirty.get("plans"):
        networks.update(
            db.session.scalars(
                select(CompetencePlan.network_id).where(CompetencePlan.id.in_(dirty["plans"]))
            )
        )
    if dirty.get("leaders"):
        ids.update(
            db.session.scalars(select(Person.id).where(Person.leader_id.in_(dirty["leaders"])))
        )
    if networks:
        ids.update(
            db.session.scalars(
                select(Membership.person_id).where(Membership.network_id.in_(networks))
            )
        )
    if dirty.get("gatherings"):
        ids.update(
            db.session.scalars(
                select(Registration.person_id).where(
                    Registration.gathering_id.in_(dirty["gatherings"])
                )
            )
        )
    offerings = set(dirty.get("offerings", ()))
    if dirty.get("courses"):
        offerings.update(
            db.session.scalars(select(Offering.id).where(Offering.course_id.in_(dirty["courses"])))
        )
        ids.update(
            db.session.scalars(
                select(CourseCompletion.person_id).where(
                    CourseCompletion.course_id.in_(dirty["courses"])
                )
            )
        )
    if offerings:
        ids.update(
            db.session.scalars(
                select(Registration.person_id).where(Registration.offering_id.in_(offerings))
            )
        )
    return ids


def _before_commit(session: Session) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()  # what is still pending is noted by _after_flush
    dirty = session.info.pop(_DIRTY, None)
    if not dirty:
        return
    try:
        with session.begin_nested():
            refresh(_affected(dirty))
    except (OperationalError, InterfaceError):
        # The database itself is gone (stopped, restarting): the write cannot commit either.
        # Swallowing it would leave the commit on a dead connection (a PendingRollbackError,
        # a 500); raised, the request answers the clean 503.
        raise
    except Exception:  # noqa: BLE001 - a stale read model must never lose the user's write
        log.exception("progress read model not refreshed; the daily rebuild will catch up")


def init_app(app) -> None:
    """Keep the read model in step with every write (all sessions of this process).

    Notes survive a rollback on purpose: refreshing a person whose change was rolled back
    only stores the engine's answer on what is there, which is right either way."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "before_commit", _before_commit)
