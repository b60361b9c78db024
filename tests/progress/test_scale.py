"""Long id lists: one parameter (json_each / = ANY) gives the same facts and a fixed count."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import batch
from app.progress import facts, reports
from tests import factories as ev
from tests.factories import make_membership, make_person, network
from tests.progress.test_facts import _busy_person

D = dt.date
ON = D(2026, 6, 1)


@pytest.fixture()
def long_lists(monkeypatch):
    """Every id list takes the long-list path (as a national scope would)."""
    monkeypatch.setattr(batch, "INLINE_IDS", 0)


def _everything(ids):
    return (
        facts.load_facts(ids, ON),
        {
            pid: [r.to_json() for r in rs]
            for pid, rs in reports.progress_for_persons(ids, ON).items()
        },
        facts.memberships(ids, ON),
    )


def test_long_list_path_gives_the_same_facts_and_results(db, monkeypatch):
    people = [_busy_person(i) for i in range(4)]
    # A doctor approved as specialist, a person without any membership, one without evidence.
    doctor = make_person(profession="doctor")
    doctor.specialist_approved_on = D(2024, 5, 5)
    make_membership(doctor, network("kpm"), D(2023, 1, 1))
    ev.service(doctor, "centre_with_beds", D(2023, 1, 1), D(2024, 12, 31), 100)
    idle = make_person()
    loner = make_person()
    make_membership(loner, network("innlandet-ressurssykepleiere"), D(2026, 1, 1))
    ids = [p.id for p in people] + [doctor.id, idle.id, loner.id]
    db.session.flush()

    short = _everything(ids)
    monkeypatch.setattr(batch, "INLINE_IDS", 0)
    long = _everything(ids)
    assert long == short
    loaded, results, _ = long
    assert {d.kind for d in loaded[doctor.id].documents} == {"specialist_approval"}
    assert results[idle.id] == [] and len(results[loner.id]) == 1
    assert all(len(loaded[p.id].courses) == 2 for p in people)


def test_long_list_query_count_is_fixed(db, long_lists, count_queries):
    few = [_busy_person(i).id for i in range(2)]
    many = [_busy_person(i).id for i in range(12)]
    db.session.expire_all()
    reports.progress_for_persons(few, ON)  # the plans are kept per process from the first call
    with count_queries() as q_few:
        reports.progress_for_persons(few, ON)
    with count_queries() as q_many:
        result = reports.progress_for_persons(many, ON)
    assert len(q_few) == len(q_many)
    assert all(len(plans) == 1 for plans in result.values())


def test_overview_results_in_batches_match_one_go(db, long_lists):
    ids = [_busy_person(i).id for i in range(5)]
    whole = [
        (pid, m.network_slug, r.to_json()) for pid, m, r in reports.memberships_and_results(ids, ON)
    ]
    batched = [
        (pid, m.network_slug, r.to_json())
        for pid, m, r in reports.memberships_and_results(ids, ON, batch=2)
    ]
    assert batched == whole
    assert [row[0] for row in whole] == ids
