"""The daily job reads in a fixed number of queries, whatever the number of persons."""

from __future__ import annotations

import datetime as dt

from app.notifications import jobs
from tests import factories as f

DAY = dt.date(2026, 3, 2)  # a Monday: the coordinator digest is read too


def _country(n: int) -> None:
    net = f.make_network()
    f.make_plan(net, f.hospitation_requirement())
    coordinator = f.make_coordinator(net)
    assert coordinator
    leader = f.make_person()
    for i in range(n):
        person = f.make_person(leader=leader)
        # Some due within 30 days, some overdue: every kind of row is built.
        f.make_membership(person, net, start=dt.date(2025, 3, 20) - dt.timedelta(days=40 * (i % 3)))


def test_the_daily_job_runs_the_same_queries_for_3_or_30_persons(db, count_queries):
    # Each count after a first run: what a process and a transaction keep (the course
    # catalogue, the revision stamps) is read once, not once per person.
    _country(3)
    jobs.due_rows(DAY)
    with count_queries() as few:
        small = jobs.due_rows(DAY)
    _country(30)
    jobs.due_rows(DAY)
    with count_queries() as many:
        large = jobs.due_rows(DAY)
    assert len(large) > len(small) > 0
    assert len(many.selects) == len(few.selects)
